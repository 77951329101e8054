package io.javagrad.processor.ir;

import static io.javagrad.processor.ir.Primitive.Singularity.SINGULAR;
import static io.javagrad.processor.term.Terms.ONE;
import static io.javagrad.processor.term.Terms.add;
import static io.javagrad.processor.term.Terms.and;
import static io.javagrad.processor.term.Terms.compare;
import static io.javagrad.processor.term.Terms.div;
import static io.javagrad.processor.term.Terms.math;
import static io.javagrad.processor.term.Terms.mul;
import static io.javagrad.processor.term.Terms.neg;
import static io.javagrad.processor.term.Terms.num;
import static io.javagrad.processor.term.Terms.pow;
import static io.javagrad.processor.term.Terms.select;
import static io.javagrad.processor.term.Terms.sub;

import com.palantir.javapoet.ClassName;
import io.javagrad.processor.term.Term;
import io.javagrad.processor.term.Terms;
import java.util.List;
import java.util.Optional;

/**
 * The differentiable functions, one entry each: how the function is written in source, which
 * {@code Value} method is its dynamic twin, and its partial derivatives. This is the only place
 * that knows about {@code exp} or {@code *}; supporting a new function is one new entry.
 *
 * <p>A partial sees the operands and the result as {@link Operand}s and asks for the values it
 * needs; asking is what makes the forward sweep keep a value for the reverse sweep, so a rule that
 * reuses its result ({@code exp}, {@code tanh}) costs one kept value and no recomputation. The
 * rules are those of {@code io.javagrad.Op}, so the two ways agree; kinks follow the contract.
 *
 * <p>An entry marked {@link Singularity#SINGULAR} has a value or a partial that can be infinite or
 * NaN at finite operands (a pole, a boundary of the domain, an overflow). Only there can a zero
 * adjoint times a partial give NaN, so only there does the reverse sweep guard the product (the
 * contract's zero-adjoint rule); smooth entries cost no test.
 */
public enum Primitive {
  ADD(infix("+"), "add", (x, y) -> ONE, (x, y) -> ONE),
  SUB(infix("-"), "sub", (x, y) -> ONE, (x, y) -> num(-1)),
  MUL(infix("*"), "mul", (x, y) -> x[1].value(), (x, y) -> x[0].value()),
  DIV(SINGULAR, infix("/"), "div",
      (x, y) -> div(ONE, x[1].value()),
      // d(a/b)/db = -a/b^2 = -(a/b)/b
      (x, y) -> neg(div(y.value(), x[1].value()))),
  NEG(prefix("-"), "neg", (x, y) -> num(-1)),

  /**
   * a^b. Where b = 0 the function is constant in a, so its partial is 0 (not 0 * a^-1, NaN at
   * a = 0); where a = 0 and b >= 0 it is constant in b, so the exponent's partial a^b ln a is 0.
   */
  POW(SINGULAR, mathFunction("pow", 2), "pow",
      (x, y) -> select(compare("==", x[1].value(), Terms.ZERO), Terms.ZERO,
          mul(x[1].value(), pow(x[0].value(), sub(x[1].value(), ONE)))),
      (x, y) -> select(and(compare("==", x[0].value(), Terms.ZERO), compare(">=", x[1].value(), Terms.ZERO)),
          Terms.ZERO, mul(y.value(), math("log", x[0].value())))),
  EXP(SINGULAR, mathFunction("exp", 1), "exp", (x, y) -> y.value()),
  LOG(SINGULAR, mathFunction("log", 1), "log", (x, y) -> div(ONE, x[0].value())),
  LOG10(SINGULAR, mathFunction("log10", 1), "log10", (x, y) -> div(ONE, mul(x[0].value(), num(Math.log(10))))),
  LOG1P(SINGULAR, mathFunction("log1p", 1), "log1p", (x, y) -> div(ONE, add(ONE, x[0].value()))),
  EXPM1(SINGULAR, mathFunction("expm1", 1), "expm1", (x, y) -> add(y.value(), ONE)),
  SQRT(SINGULAR, mathFunction("sqrt", 1), "sqrt", (x, y) -> div(num(0.5), y.value())),
  CBRT(SINGULAR, mathFunction("cbrt", 1), "cbrt", (x, y) -> div(ONE, mul(mul(num(3), y.value()), y.value()))),
  SIN(mathFunction("sin", 1), "sin", (x, y) -> math("cos", x[0].value())),
  COS(mathFunction("cos", 1), "cos", (x, y) -> neg(math("sin", x[0].value()))),
  TAN(mathFunction("tan", 1), "tan", (x, y) -> add(ONE, mul(y.value(), y.value()))),
  ASIN(SINGULAR, mathFunction("asin", 1), "asin", (x, y) -> div(ONE, math("sqrt", sub(ONE, mul(x[0].value(), x[0].value()))))),
  ACOS(SINGULAR, mathFunction("acos", 1), "acos", (x, y) -> neg(div(ONE, math("sqrt", sub(ONE, mul(x[0].value(), x[0].value())))))),
  ATAN(mathFunction("atan", 1), "atan", (x, y) -> div(ONE, add(ONE, mul(x[0].value(), x[0].value())))),
  /** atan2(y, x), the angle of the point (x, y). */
  ATAN2(SINGULAR, mathFunction("atan2", 2), "atan2",
      (x, y) -> div(x[1].value(), add(mul(x[0].value(), x[0].value()), mul(x[1].value(), x[1].value()))),
      (x, y) -> neg(div(x[0].value(), add(mul(x[0].value(), x[0].value()), mul(x[1].value(), x[1].value()))))),
  SINH(SINGULAR, mathFunction("sinh", 1), "sinh", (x, y) -> math("cosh", x[0].value())),
  COSH(SINGULAR, mathFunction("cosh", 1), "cosh", (x, y) -> math("sinh", x[0].value())),
  TANH(mathFunction("tanh", 1), "tanh", (x, y) -> sub(ONE, mul(y.value(), y.value()))),
  /** abs'(0) = 0, as Math.signum gives. */
  ABS(mathFunction("abs", 1), "abs", (x, y) -> math("signum", x[0].value())),
  /** A tie sends the whole gradient to the first argument. */
  MAX(mathFunction("max", 2), "max",
      (x, y) -> select(compare(">=", x[0].value(), x[1].value()), ONE, Terms.ZERO),
      (x, y) -> select(compare(">=", x[0].value(), x[1].value()), Terms.ZERO, ONE)),
  /** A tie sends the whole gradient to the first argument. */
  MIN(mathFunction("min", 2), "min",
      (x, y) -> select(compare("<=", x[0].value(), x[1].value()), ONE, Terms.ZERO),
      (x, y) -> select(compare("<=", x[0].value(), x[1].value()), Terms.ZERO, ONE)),
  /** At the origin the partials are 0/0 = NaN, as the formula (and PyTorch) gives. */
  HYPOT(SINGULAR, mathFunction("hypot", 2), "hypot",
      (x, y) -> div(x[0].value(), y.value()),
      (x, y) -> div(x[1].value(), y.value())),
  SIGMOID(javagradFunction("sigmoid"), "sigmoid", (x, y) -> mul(y.value(), sub(ONE, y.value()))),
  /** relu'(0) = 0. */
  RELU(javagradFunction("relu"), "relu", (x, y) -> select(compare(">", x[0].value(), Terms.ZERO), ONE, Terms.ZERO)),
  /** a * b + c, rounded once; the twin's a * b + c rounds twice, well within the twins' agreement. */
  FMA(mathFunction("fma", 3), new TwinFormula("$a:L.mul($b:L).add($c:L)"),
      (x, y) -> x[1].value(), (x, y) -> x[0].value(), (x, y) -> ONE),
  /**
   * |m| with the sign of s: in m, the slope of abs times that sign (0 at m = 0, as abs'(0) = 0);
   * in s, a step, so 0.
   */
  COPY_SIGN(mathFunction("copySign", 2), new TwinFormula("$a:L.abs().mul($math:T.copySign(1.0, $b:L.data()))"),
      (x, y) -> mul(math("signum", x[0].value()), math("copySign", ONE, x[1].value())), (x, y) -> Terms.ZERO),
  /** Math.toRadians multiplies by this constant, and so does its twin: the same value to the last bit. */
  TO_RADIANS(mathFunction("toRadians", 1), new TwinFormula("$a:L.mul(0.017453292519943295)"),
      (x, y) -> num(0.017453292519943295)),
  TO_DEGREES(mathFunction("toDegrees", 1), new TwinFormula("$a:L.mul(57.29577951308232)"),
      (x, y) -> num(57.29577951308232));

  /**
   * How the dynamic twin writes a function that {@code Value} has no method for: a JavaPoet format
   * with the operands' Values as {@code $a:L}, {@code $b:L}, {@code $c:L}, and {@code $math:T}.
   */
  record TwinFormula(String format) {}

  /** The mark of an entry whose value or partials can be infinite or NaN at finite operands. */
  public enum Singularity {
    SINGULAR
  }

  /** A value a rule may read: an operand or the result. */
  public interface Operand {
    /** The value, as a term; the forward sweep keeps it for the reverse sweep. */
    Term value();
  }

  /** ∂result/∂operand, from the operands and the result. */
  @FunctionalInterface
  interface Partial {
    Term of(Operand[] operands, Operand result);
  }

  /** How a function is written in source. */
  public sealed interface Form {}

  /** An operator between two operands. */
  public record Infix(String symbol) implements Form {}

  /** An operator before its operand. */
  public record Prefix(String symbol) implements Form {}

  /** A static method: {@code owner.name(args)}. */
  public record StaticCall(ClassName owner, String name, int arity) implements Form {}

  private final Form form;
  private final String twinMethod;
  private final TwinFormula twinFormula;
  private final List<Partial> partials;
  private final boolean singular;

  Primitive(Form form, String twinMethod, Partial... partials) {
    this(null, form, twinMethod, partials);
  }

  Primitive(Singularity singularity, Form form, String twinMethod, Partial... partials) {
    this(singularity, form, twinMethod, null, partials);
  }

  Primitive(Form form, TwinFormula twinFormula, Partial... partials) {
    this(null, form, null, twinFormula, partials);
  }

  Primitive(Singularity singularity, Form form, String twinMethod, TwinFormula twinFormula, Partial... partials) {
    this.form = form;
    this.twinMethod = twinMethod;
    this.twinFormula = twinFormula;
    this.partials = List.of(partials);
    this.singular = singularity == SINGULAR;
  }

  private static Form infix(String symbol) {
    return new Infix(symbol);
  }

  private static Form prefix(String symbol) {
    return new Prefix(symbol);
  }

  private static Form mathFunction(String name, int arity) {
    return new StaticCall(Terms.MATH, name, arity);
  }

  private static Form javagradFunction(String name) {
    return new StaticCall(RuntimeTypes.FUNCTIONS, name, 1);
  }

  public Form form() {
    return form;
  }

  public int arity() {
    return partials.size();
  }

  /** The {@code io.javagrad.Value} method that applies this function to a Value, or null (see {@link #twinFormula}). */
  public String twinMethod() {
    return twinMethod;
  }

  /**
   * The twin of a function that {@code Value} has no method for (see {@link TwinFormula}); null
   * for the others.
   */
  public String twinFormula() {
    return twinFormula == null ? null : twinFormula.format();
  }

  /**
   * Whether the value or a partial can be infinite or NaN at finite operands: {@code sqrt} at or
   * below 0, {@code log} at 0, {@code exp} past overflow, a division by 0.
   */
  public boolean singular() {
    return singular;
  }

  /** ∂result/∂(operand {@code index}). */
  public Term partial(int index, Operand[] operands, Operand result) {
    return partials.get(index).of(operands, result);
  }

  /** The function called {@code name} on {@code owner} (a qualified class name), if it is one of ours. */
  public static Optional<Primitive> staticCall(String owner, String name, int arity) {
    // StrictMath's functions have Math's derivatives; only their values may differ, in the last bit.
    String table = owner.equals("java.lang.StrictMath") ? Terms.MATH.canonicalName() : owner;
    for (Primitive p : values()) {
      if (p.form instanceof StaticCall call && call.owner().canonicalName().equals(table)
          && call.name().equals(name) && call.arity() == arity) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The operator written {@code symbol} with {@code arity} operands, if it is one of ours. */
  public static Optional<Primitive> operator(String symbol, int arity) {
    for (Primitive p : values()) {
      boolean matches = arity == 2 ? p.form.equals(new Infix(symbol)) : p.form.equals(new Prefix(symbol));
      if (matches) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The names of the supported functions, for error messages: "+ - * / and unary -, Math.{exp, ...}, ...". */
  public static String supportedFunctions() {
    java.util.Map<String, java.util.List<String>> byOwner = new java.util.LinkedHashMap<>();
    for (Primitive p : values()) {
      if (p.form instanceof StaticCall call) {
        byOwner.computeIfAbsent(call.owner().simpleName(), owner -> new java.util.ArrayList<>()).add(call.name());
      }
    }
    StringBuilder names = new StringBuilder("+ - * / and unary -");
    byOwner.forEach((owner, functions) -> names.append(", ").append(owner).append(".{")
        .append(String.join(", ", functions)).append("}"));
    return names.append(", and other @Differentiable methods").toString();
  }

}
