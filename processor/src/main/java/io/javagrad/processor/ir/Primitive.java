package io.javagrad.processor.ir;

import static io.javagrad.processor.ir.Exprs.ONE;
import static io.javagrad.processor.ir.Exprs.ZERO;
import static io.javagrad.processor.ir.Exprs.add;
import static io.javagrad.processor.ir.Exprs.and;
import static io.javagrad.processor.ir.Exprs.compare;
import static io.javagrad.processor.ir.Exprs.div;
import static io.javagrad.processor.ir.Exprs.isOne;
import static io.javagrad.processor.ir.Exprs.mul;
import static io.javagrad.processor.ir.Exprs.neg;
import static io.javagrad.processor.ir.Exprs.num;
import static io.javagrad.processor.ir.Exprs.pow;
import static io.javagrad.processor.ir.Exprs.select;
import static io.javagrad.processor.ir.Exprs.sub;
import static io.javagrad.processor.ir.Primitive.Singularity.SINGULAR;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The differentiable functions, one entry each: how the function is written in source, which
 * {@code Value} method is its dynamic twin, and its partial derivatives. This is the only place
 * that knows about {@code exp} or {@code *}; supporting a new function is one new entry.
 *
 * <p>Each partial is an expression of the intermediate form over the operation's operands and its
 * result, the very nodes of the expression differentiated, built through {@link Exprs}, which
 * folds. A mode renders it (the reverse sweep keeps in a local each operand a partial reads, so a
 * rule that reuses its result, {@code exp} or {@code tanh}, costs one kept value and no
 * recomputation) or transforms it further (forward mode multiplies it by the operand's tangent);
 * being an expression like any other, a partial can itself be differentiated. The rules are those
 * of {@code io.javagrad.Op}, so the two ways agree; kinks follow the contract.
 *
 * <p>An entry marked {@link Singularity#SINGULAR} has a value or a partial that can be infinite or
 * NaN at finite operands (a pole, a boundary of the domain, an overflow). Only there can a zero
 * adjoint times a partial give NaN, so only there does the reverse sweep guard the product (the
 * contract's zero-adjoint rule); smooth entries cost no test.
 */
public enum Primitive {
  ADD(infix("+"), "add", (x, y) -> ONE, (x, y) -> ONE),
  SUB(infix("-"), "sub", (x, y) -> ONE, (x, y) -> num(-1)),
  MUL(infix("*"), "mul", (x, y) -> x[1], (x, y) -> x[0]),
  DIV(SINGULAR, infix("/"), "div",
      (x, y) -> div(ONE, x[1]),
      // d(a/b)/db = -a/b^2 = -(a/b)/b; for a reciprocal 1/b (a sigmoid's, a rational
      // approximation's) that is minus the quotient squared: a product where a division costs
      // several times more, and equal to -(1/b)/b up to rounding at every b, 0, infinite and
      // subnormal included
      (x, y) -> neg(isOne(x[0]) ? mul(y, y) : div(y, x[1]))),
  NEG(prefix("-"), "neg", (x, y) -> num(-1)),
  /**
   * a % b, Java's remainder, a - b q with q the quotient a / b truncated to an integer, a step: so
   * the partial is 1 in a and -q = -(a - (a % b)) / b in b. The twin computes it the same way.
   */
  REM(SINGULAR, infix("%"),
      new TwinFormula("$a:L.sub($b:L.mul(($a:L.data() - $a:L.data() % $b:L.data()) / $b:L.data()))"),
      (x, y) -> ONE, (x, y) -> neg(div(sub(x[0], y), x[1]))),

  /**
   * a^b. Where b = 0 the function is constant in a, so its partial is 0 (not 0 * a^-1, NaN at
   * a = 0); where a = 0 and b >= 0 it is constant in b, so the exponent's partial a^b ln a is 0.
   */
  POW(SINGULAR, mathFunction("pow", 2), "pow",
      (x, y) -> select(compare("==", x[1], ZERO), ZERO,
          mul(x[1], pow(x[0], sub(x[1], ONE)))),
      (x, y) -> select(and(compare("==", x[0], ZERO), compare(">=", x[1], ZERO)),
          ZERO, mul(y, math("log", x[0])))),
  EXP(SINGULAR, mathFunction("exp", 1), "exp", (x, y) -> y),
  LOG(SINGULAR, mathFunction("log", 1), "log", (x, y) -> div(ONE, x[0])),
  LOG10(SINGULAR, mathFunction("log10", 1), "log10", (x, y) -> div(ONE, mul(x[0], num(Math.log(10))))),
  LOG1P(SINGULAR, mathFunction("log1p", 1), "log1p", (x, y) -> div(ONE, add(ONE, x[0]))),
  EXPM1(SINGULAR, mathFunction("expm1", 1), "expm1", (x, y) -> add(y, ONE)),
  SQRT(SINGULAR, mathFunction("sqrt", 1), "sqrt", (x, y) -> div(num(0.5), y)),
  CBRT(SINGULAR, mathFunction("cbrt", 1), "cbrt", (x, y) -> div(ONE, mul(mul(num(3), y), y))),
  SIN(mathFunction("sin", 1), "sin", (x, y) -> math("cos", x[0])),
  COS(mathFunction("cos", 1), "cos", (x, y) -> neg(math("sin", x[0]))),
  TAN(mathFunction("tan", 1), "tan", (x, y) -> add(ONE, mul(y, y))),
  ASIN(SINGULAR, mathFunction("asin", 1), "asin", (x, y) -> div(ONE, math("sqrt", sub(ONE, mul(x[0], x[0]))))),
  ACOS(SINGULAR, mathFunction("acos", 1), "acos", (x, y) -> neg(div(ONE, math("sqrt", sub(ONE, mul(x[0], x[0])))))),
  ATAN(mathFunction("atan", 1), "atan", (x, y) -> div(ONE, add(ONE, mul(x[0], x[0])))),
  /** atan2(y, x), the angle of the point (x, y). */
  ATAN2(SINGULAR, mathFunction("atan2", 2), "atan2",
      (x, y) -> div(x[1], add(mul(x[0], x[0]), mul(x[1], x[1]))),
      (x, y) -> neg(div(x[0], add(mul(x[0], x[0]), mul(x[1], x[1]))))),
  SINH(SINGULAR, mathFunction("sinh", 1), "sinh", (x, y) -> math("cosh", x[0])),
  COSH(SINGULAR, mathFunction("cosh", 1), "cosh", (x, y) -> math("sinh", x[0])),
  TANH(mathFunction("tanh", 1), "tanh", (x, y) -> sub(ONE, mul(y, y))),
  /** abs'(0) = 0, as Math.signum gives. */
  ABS(mathFunction("abs", 1), "abs", (x, y) -> math("signum", x[0])),
  /** A tie sends the whole gradient to the first argument. */
  MAX(mathFunction("max", 2), "max",
      (x, y) -> select(compare(">=", x[0], x[1]), ONE, ZERO),
      (x, y) -> select(compare(">=", x[0], x[1]), ZERO, ONE)),
  /** A tie sends the whole gradient to the first argument. */
  MIN(mathFunction("min", 2), "min",
      (x, y) -> select(compare("<=", x[0], x[1]), ONE, ZERO),
      (x, y) -> select(compare("<=", x[0], x[1]), ZERO, ONE)),
  /** At the origin the partials are 0/0 = NaN, as the formula (and PyTorch) gives. */
  HYPOT(SINGULAR, mathFunction("hypot", 2), "hypot",
      (x, y) -> div(x[0], y),
      (x, y) -> div(x[1], y)),
  SIGMOID(javagradFunction("sigmoid"), "sigmoid", (x, y) -> mul(y, sub(ONE, y))),
  /** relu'(0) = 0. */
  RELU(javagradFunction("relu"), "relu", (x, y) -> select(compare(">", x[0], ZERO), ONE, ZERO)),
  /** a * b + c, rounded once; the twin's a * b + c rounds twice, well within the twins' agreement. */
  FMA(mathFunction("fma", 3), new TwinFormula("$a:L.mul($b:L).add($c:L)"),
      (x, y) -> x[1], (x, y) -> x[0], (x, y) -> ONE),
  /**
   * |m| with the sign of s: in m, the slope of abs times that sign (0 at m = 0, as abs'(0) = 0);
   * in s, a step, so 0.
   */
  COPY_SIGN(mathFunction("copySign", 2), new TwinFormula("$a:L.abs().mul($math:T.copySign(1.0, $b:L.data()))"),
      (x, y) -> mul(math("signum", x[0]), math("copySign", ONE, x[1])), (x, y) -> ZERO),
  /** Math.toRadians multiplies by this constant, and so does its twin: the same value to the last bit. */
  TO_RADIANS(mathFunction("toRadians", 1), new TwinFormula("$a:L.mul(0.017453292519943295)"),
      (x, y) -> num(0.017453292519943295)),
  TO_DEGREES(mathFunction("toDegrees", 1), new TwinFormula("$a:L.mul(57.29577951308232)"),
      (x, y) -> num(57.29577951308232)),
  /**
   * Hipparchus's a1 b1 + a2 b2 ({@code MathArrays.linearCombination}), computed to about twice
   * double precision, and so with the partials of the plain sum of products: each factor's is its
   * partner. With three and four pairs below; Commons Math 3's is the same function.
   */
  LINEAR_COMBINATION_2(linearCombination(2), pairedTwin(2), pairedPartials(2)),
  LINEAR_COMBINATION_3(linearCombination(3), pairedTwin(3), pairedPartials(3)),
  LINEAR_COMBINATION_4(linearCombination(4), pairedTwin(4), pairedPartials(4)),
  /**
   * The IEEE remainder a - b n, n the integer nearest a / b: like {@code %} a step in n, so the
   * partials are 1 in a and -n = -(a - r) / b in b, between the jumps. The twin computes it the same way.
   */
  IEEE_REMAINDER(SINGULAR, mathFunction("IEEEremainder", 2),
      new TwinFormula("$a:L.sub($b:L.mul(($a:L.data() - $math:T.IEEEremainder($a:L.data(), $b:L.data()))"
          + " / $b:L.data()))"),
      (x, y) -> ONE, (x, y) -> neg(div(sub(x[0], y), x[1]))),
  /**
   * The neighbours of a number, which libraries use to nudge a bound open: a rounding of the
   * number like any other, so its derivative is the number's, 1. The twin adds the nudge, exactly.
   */
  NEXT_UP(mathFunction("nextUp", 1), new TwinFormula("$a:L.add($math:T.nextUp($a:L.data()) - $a:L.data())"),
      (x, y) -> ONE),
  NEXT_DOWN(mathFunction("nextDown", 1), new TwinFormula("$a:L.add($math:T.nextDown($a:L.data()) - $a:L.data())"),
      (x, y) -> ONE),
  /** The neighbour of a towards b: 1 in a; the direction b only chooses. */
  NEXT_AFTER(mathFunction("nextAfter", 2),
      new TwinFormula("$a:L.add($math:T.nextAfter($a:L.data(), $b:L.data()) - $a:L.data())"),
      (x, y) -> ONE, (x, y) -> ZERO),
  /**
   * a 2^k, k an int ({@link #takesInt}): the partial in a is 2^k; k carries no derivative. Its
   * value can overflow, so it is singular.
   */
  SCALB(SINGULAR, mathFunction("scalb", 2), new TwinFormula("$a:L.mul($math:T.scalb(1.0, (int) $b:L.data()))"),
      (x, y) -> math("scalb", ONE, x[1]), (x, y) -> ZERO),
  /**
   * The sign, a step: abs' in the rules, and so in a second derivative, whose partial is 0 as at
   * every kink. Not a function a body may differentiate, so the source lookups skip it.
   */
  SIGNUM(Use.RULES_ONLY, mathFunction("signum", 1), (x, y) -> ZERO),
  /**
   * t * p where t is a strong zero ({@code io.javagrad.Tangents.times}): 0 where t is 0, even where
   * p is infinite or NaN, as forward mode multiplies a tangent t by a partial p. Its partials are
   * those of t * p, so that a second derivative keeps the product's derivatives where t is 0 but
   * varies; only where p is not finite does t's partial follow the value, 0.
   */
  STRONG_ZERO_TIMES(Use.RULES_ONLY, new StaticCall(RuntimeTypes.TANGENTS, "times", 2),
      (x, y) -> select(compare("==", x[0], ZERO),
          select(compare("<", math("abs", x[1]), num(Double.POSITIVE_INFINITY)), x[1], ZERO), x[1]),
      (x, y) -> x[0]);

  /**
   * How the dynamic twin writes a function that {@code Value} has no method for: a JavaPoet format
   * with the operands' Values as {@code $a:L}, {@code $b:L}, {@code $c:L}, and {@code $math:T}.
   */
  record TwinFormula(String format) {}

  /** The mark of an entry that only derivative rules use: a body that calls it is not differentiated through it. */
  enum Use {
    RULES_ONLY
  }

  /** The mark of an entry whose value or partials can be infinite or NaN at finite operands. */
  public enum Singularity {
    SINGULAR
  }

  /** ∂result/∂operand, an expression over the operands and the result. */
  @FunctionalInterface
  interface Partial {
    Expr of(Expr[] operands, Expr result);
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
  private final boolean rulesOnly;

  Primitive(Use use, Form form, Partial... partials) {
    this(null, form, null, null, use, partials);
  }

  Primitive(Form form, String twinMethod, Partial... partials) {
    this(null, form, twinMethod, partials);
  }

  Primitive(Singularity singularity, Form form, String twinMethod, Partial... partials) {
    this(singularity, form, twinMethod, null, null, partials);
  }

  Primitive(Form form, TwinFormula twinFormula, Partial... partials) {
    this(null, form, null, twinFormula, null, partials);
  }

  Primitive(Singularity singularity, Form form, TwinFormula twinFormula, Partial... partials) {
    this(singularity, form, null, twinFormula, null, partials);
  }

  Primitive(Singularity singularity, Form form, String twinMethod, TwinFormula twinFormula, Use use,
      Partial... partials) {
    this.form = form;
    this.twinMethod = twinMethod;
    this.twinFormula = twinFormula;
    this.partials = List.of(partials);
    this.singular = singularity == SINGULAR;
    this.rulesOnly = use == Use.RULES_ONLY;
  }

  private static Form infix(String symbol) {
    return new Infix(symbol);
  }

  private static Form prefix(String symbol) {
    return new Prefix(symbol);
  }

  private static Form mathFunction(String name, int arity) {
    return new StaticCall(ClassName.get(Math.class), name, arity);
  }

  private static Form javagradFunction(String name) {
    return new StaticCall(RuntimeTypes.FUNCTIONS, name, 1);
  }

  private static Form linearCombination(int pairs) {
    return new StaticCall(ClassName.get("org.hipparchus.util", "MathArrays"), "linearCombination", 2 * pairs);
  }

  /** The twin of a sum of products of neighbouring operands: {@code a b + c d + ...}. */
  private static TwinFormula pairedTwin(int pairs) {
    StringBuilder format = new StringBuilder();
    for (int k = 0; k < pairs; k++) {
      char factor = (char) ('a' + 2 * k);
      format.append(k == 0 ? "" : ".add(").append("$").append(factor).append(":L.mul($")
          .append((char) (factor + 1)).append(":L)").append(k == 0 ? "" : ")");
    }
    return new TwinFormula(format.toString());
  }

  /** The partials of a sum of products of neighbouring operands: each operand's is its partner. */
  private static Partial[] pairedPartials(int pairs) {
    Partial[] partials = new Partial[2 * pairs];
    for (int i = 0; i < partials.length; i++) {
      int partner = i ^ 1;
      partials[i] = (x, y) -> x[partner];
    }
    return partials;
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
   * Whether operand {@code index} is an {@code int} in the function's signature (scalb's power of
   * two): the intermediate form holds every operand as a double, so where the function is called,
   * the operand is cast back, exactly.
   */
  public boolean takesInt(int index) {
    return this == SCALB && index == 1;
  }

  /**
   * Whether the value or a partial can be infinite or NaN at finite operands: {@code sqrt} at or
   * below 0, {@code log} at 0, {@code exp} past overflow, a division by 0.
   */
  public boolean singular() {
    return singular;
  }

  /**
   * ∂result/∂(operand {@code index}) of {@code application}, an expression over its operands and
   * itself (the result); any other node in it is new.
   */
  public Expr partial(int index, Expr.Apply application) {
    return partial(index, application.args(), application);
  }

  /**
   * ∂result/∂(operand {@code index}) where the operands and the result are {@code operands} and
   * {@code result}: locals that hold them, say, once a mode has computed them.
   */
  public Expr partial(int index, List<Expr> operands, Expr result) {
    return partials.get(index).of(operands.toArray(Expr[]::new), result);
  }

  /**
   * As {@link #partial(int, List, Expr)}, in a form whose own derivatives are right everywhere the
   * function is smooth, for a program that is differentiated again (second derivatives). Only
   * {@code pow}'s base partial differs: its guard {@code b == 0 ? 0 : b a^(b-1)} picks a constant
   * where the exponent is 0, whose derivative in the exponent, {@code 1 / a}, the constant drops;
   * the strong zero {@link #STRONG_ZERO_TIMES} keeps it.
   */
  public Expr differentiablePartial(int index, List<Expr> operands, Expr result) {
    if (this == POW && index == 0) {
      return Exprs.strongZeroTimes(operands.get(1), pow(operands.get(0), sub(operands.get(1), ONE)));
    }
    return partial(index, operands, result);
  }

  /**
   * Classes whose functions are {@code Math}'s, computed their own way: they have Math's
   * derivatives, and only their values may differ, in the last bits. Numeric libraries call them
   * instead of {@code Math} (Hipparchus and Commons Math write {@code FastMath.exp} throughout).
   */
  private static final Set<String> MATH_ALIKE = Set.of("java.lang.StrictMath", "org.hipparchus.util.FastMath",
      "org.apache.commons.math3.util.FastMath");

  /** Classes with another's functions under the same names, by the class whose entries they use. */
  private static final Map<String, String> SAME_FUNCTIONS_AS = Map.of(
      "org.apache.commons.math3.util.MathArrays", "org.hipparchus.util.MathArrays");

  /** Whether {@code owner} (a qualified class name) is {@code Math} or has its functions ({@link #MATH_ALIKE}). */
  public static boolean isMathAlike(String owner) {
    return owner.equals(Math.class.getCanonicalName()) || MATH_ALIKE.contains(owner);
  }

  /**
   * The functions of {@code Double} that are arithmetic or {@code Math}'s by their specification
   * ({@code Double.sum(a, b)} is {@code a + b}, {@code Double.max} is {@code Math.max}), as stream
   * reductions and comparators name them.
   */
  private static final Map<String, Primitive> DOUBLE_FUNCTIONS = Map.of("sum", ADD, "max", MAX, "min", MIN);

  /** The function called {@code name} on {@code owner} (a qualified class name), if it is one of ours. */
  public static Optional<Primitive> staticCall(String owner, String name, int arity) {
    if (owner.equals(Double.class.getCanonicalName())) {
      return Optional.ofNullable(arity == 2 ? DOUBLE_FUNCTIONS.get(name) : null);
    }
    String table = MATH_ALIKE.contains(owner) ? Math.class.getCanonicalName()
        : SAME_FUNCTIONS_AS.getOrDefault(owner, owner);
    return entry(table, name, arity).filter(p -> !p.rulesOnly);
  }

  private static Optional<Primitive> entry(String owner, String name, int arity) {
    for (Primitive p : values()) {
      if (p.form instanceof StaticCall call && call.owner().canonicalName().equals(owner)
          && call.name().equals(name) && call.arity() == arity) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** {@code Math.name(args)}, for the rules; by name, since an entry's rule may not name a later entry. */
  private static Expr math(String name, Expr... args) {
    return Exprs.apply(entry(Math.class.getCanonicalName(), name, args.length).orElseThrow(), args);
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
    Map<String, List<String>> byOwner = new LinkedHashMap<>();
    for (Primitive p : values()) {
      if (!p.rulesOnly && p.form instanceof StaticCall call) {
        List<String> functions = byOwner.computeIfAbsent(call.owner().simpleName(), owner -> new ArrayList<>());
        if (!functions.contains(call.name())) {
          functions.add(call.name());
        }
      }
    }
    StringBuilder names = new StringBuilder("+ - * / and unary -");
    byOwner.forEach((owner, functions) -> names.append(", ").append(owner).append(".{")
        .append(String.join(", ", functions)).append("}"));
    return names.append(", and other @Differentiable methods").toString();
  }

}
