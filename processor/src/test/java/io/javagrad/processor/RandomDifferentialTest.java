package io.javagrad.processor;

import static io.javagrad.processor.RandomPrograms.contains;
import static io.javagrad.processor.RandomPrograms.kind;
import static io.javagrad.processor.TableFunction.SIN;

import io.javagrad.processor.DifferentialFuzzer.Features;
import io.javagrad.processor.DifferentialFuzzer.Points;
import io.javagrad.processor.DifferentialFuzzer.Settings;
import io.javagrad.processor.ForwardInterpreter.PointFilter;
import io.javagrad.processor.RandomPrograms.Assign;
import io.javagrad.processor.RandomPrograms.Bin;
import io.javagrad.processor.RandomPrograms.Call;
import io.javagrad.processor.RandomPrograms.Case;
import io.javagrad.processor.RandomPrograms.Compound;
import io.javagrad.processor.RandomPrograms.Decl;
import io.javagrad.processor.RandomPrograms.Ex;
import io.javagrad.processor.RandomPrograms.ILit;
import io.javagrad.processor.RandomPrograms.K;
import io.javagrad.processor.RandomPrograms.Method;
import io.javagrad.processor.RandomPrograms.Neg;
import io.javagrad.processor.RandomPrograms.Param;
import io.javagrad.processor.RandomPrograms.Return;
import io.javagrad.processor.RandomPrograms.St;
import io.javagrad.processor.RandomPrograms.Step;
import io.javagrad.processor.RandomPrograms.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential testing of the processor on random straight-line programs.
 *
 * <p>Every case is one seed. From it a {@link SplittableRandom} builds a {@code @Differentiable}
 * method {@code f} (1 to 4 double parameters, maybe an int, 1 to 6 statements that declare,
 * reassign and compound-assign double locals, expressions as random trees of depth at most 4 over
 * the whole function table, with every argument kept inside its function's domain by construction:
 * {@link RandomExpressions}), sometimes one or two helper methods that {@code f} calls, and
 * sometimes static final constants. {@link DifferentialFuzzer} compiles the cases in batches, 50 to
 * a class, and checks each method at 3 random points with {@link GradientAgreement}.
 *
 * <p>A point is used only where that comparison is meaningful: the {@link ForwardInterpreter}, which
 * runs the generated program independently of the processor, rejects it unless every intermediate
 * is finite and moderate, the derivative is finite (no 0 * inf), the gradient is well conditioned
 * (no catastrophic cancellation that rounding alone would turn into a mismatch), no kink
 * ({@code abs}, {@code max}, {@code min}, {@code relu}, a pole, a branch cut) lies within two
 * finite-difference steps, and finite differences with steps h and 2h agree.
 *
 * <p>System properties: {@code -Djavagrad.fuzz.seed=N} replays the one case N and prints its source
 * and companion; {@code -Djavagrad.fuzz.count=N} sets the number of cases (default 400);
 * {@code -Djavagrad.fuzz.base=N} the first seed; {@code -Djavagrad.fuzz.without=constantAssign,twoCalls,calls,intNegation,intReassign,functionValues}
 * leaves features out of the generator, to look past a known bug.
 */
class RandomDifferentialTest {
  // 400 cases, 50 to a class, 40 points tried for each method; doubles in (-2.5, 2.5), ints -3 to 4
  private static final DifferentialFuzzer FUZZER = new DifferentialFuzzer(new Settings("fuzz",
      0x6a61766167726164L /* "javagrad" */, 400, 50, 40, new Points(2.5, -3, 4)));
  private static final List<String> FEATURES = List.of("constantAssign", "twoCalls", "calls", "intNegation",
      "intReassign", "functionValues");
  /** No margin around decisions: a kink skips a point only within two finite-difference steps. */
  private static final PointFilter FILTER = new PointFilter(0, false, false);

  // ---------------------------------------------------------------- tests

  @TestFactory
  Stream<DynamicTest> randomStraightLinePrograms() {
    Features features = FUZZER.features(FEATURES, "");
    return FUZZER.tests(seed -> Generator.generate(seed, features), FILTER);
  }

  // ---------------------------------------------------------------- cases the fuzzer found, minimized

  /**
   * A varied local or parameter that is then overwritten with a value that carries no derivative
   * (a constant) must lose its adjoint there.
   */
  @Test
  void overwritingAVariedVariableWithAConstant() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double local(double x) { double t = x; double u = t * 3; t = 5.0; return u + t; }
          @Differentiable static double parameter(double x) { double u = x * x; x = 2.0; return u + x; }
          @Differentiable static double byInt(double x, int n) { double t = x; double u = t * t; t = n; return u * t; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "local").check(0.7);
    new GradientAgreement(c, "p.Foo", "parameter").check(0.7);
    new GradientAgreement(c, "p.Foo", "byInt").check(0.7, 3);
  }

  /**
   * An int variable that the reverse sweep reads (as a factor, or as an index) and that changes
   * afterwards: the reverse sweep must read the value it had, which the forward sweep saves.
   */
  @Test
  void intChangedAfterADerivativeReadIt() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double factor(double x, int n) { int k = n; double t = x * k; k = k + 1; return t; }
          @Differentiable static double index(double x, double[] xs) { int k = 0; double t = x * xs[k]; k++; return t; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "factor").check(0.7, 3);
    new GradientAgreement(c, "p.Foo", "index").check(0.7, new double[] {2.0, 5.0});
  }

  /** A negated negative int literal: javac reads -(-2) as -(literal -2), which must not become --2. */
  @Test
  void negatedNegativeIntLiteral() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double f(double x) { return x * -(-2) + -(-3L); }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(0.7);
  }

  /**
   * A smooth point where a kink's zero branch meets an infinite partial: sqrt(relu(x)) is 0 for
   * x < 0, so d/dx (sqrt(relu(x)) + x) = 1 at x = -1. The fuzzer skips such points (its forward
   * mode sees 0 * inf); the contract still wants the companion and the twin to agree there.
   */
  @Test
  void zeroBranchTimesAnInfinitePartial() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        import io.javagrad.Functions;
        public class Foo {
          @Differentiable static double f(double x) { return Math.sqrt(Functions.relu(x)) + x; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(-1.0);
  }

  /** Two calls to @Differentiable methods in one method: each call site needs its own pullback buffer. */
  @Test
  void twoCallSitesInOneMethod() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double g(double x) { return Math.sin(x) * x; }
          @Differentiable static double f(double x, double y) { return g(x) * g(y); }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(0.7, -1.1);
  }

  // ---------------------------------------------------------------- generator

  static final class Generator extends RandomExpressions {
    private List<String> doubles;
    private List<String> parameters;
    private List<String> locals;
    private List<String> ints;
    private int localCount;

    private Generator(long seed, Features features) {
      super(seed, features);
    }

    static Case generate(long seed, Features features) {
      Generator g = new Generator(seed, features);
      g.constants();
      int helpers = !features.on("calls") ? 0 : g.r.nextInt(10) < 6 ? 0 : 1 + g.r.nextInt(2);
      for (int i = 0; i < helpers; i++) {
        g.addHelper(g.method(g.c.prefix + "_h" + i, 1 + g.r.nextInt(2), 1 + g.r.nextInt(3), 1));
      }
      g.c.methods.add(g.method(g.c.prefix + "_f", 1 + g.r.nextInt(4), 1 + g.r.nextInt(6),
          features.on("twoCalls") ? 2 : 1));
      return g.c;
    }

    private void constants() {
      if (r.nextInt(3) == 0) {
        constant(c.prefix + "_K", literalValue());
      }
      if (r.nextInt(4) == 0) {
        constant(c.prefix + "_N", 1 + r.nextInt(4));
      }
    }

    private void constant(String name, Number value) {
      c.constants.put(name, value);
      if (r.nextBoolean()) {
        c.privateConstants.add(name);
      }
    }

    private Method method(String name, int doubleParams, int statements, int maxCalls) {
      Method m = new Method(name);
      doubles = new ArrayList<>();
      parameters = new ArrayList<>();
      locals = new ArrayList<>();
      ints = new ArrayList<>();
      callsLeft = maxCalls;
      localCount = 0;
      boolean hasInt = r.nextInt(10) < 3;
      int intAt = hasInt ? r.nextInt(doubleParams + 1) : -1;
      for (int i = 0, d = 0; i < doubleParams + (hasInt ? 1 : 0); i++) {
        if (i == intAt) {
          m.params.add(new Param("n", K.I));
          ints.add("n");
        } else {
          String p = name.endsWith("_f") ? "x" + d++ : "a" + d++;
          m.params.add(new Param(p, K.D));
          doubles.add(p);
          parameters.add(p);
        }
      }
      for (int i = 0; i < statements; i++) {
        statement(m.body);
      }
      m.body.add(new Return(dexpr(2 + r.nextInt(3), true)));
      return m;
    }

    private void statement(List<St> body) {
      int choice = r.nextInt(100);
      boolean haveLocal = !locals.isEmpty();
      if (choice < 35 || !haveLocal && choice < 80) {
        String name = "t" + localCount++;
        if (r.nextInt(7) == 0) {
          body.add(new Decl(K.D, name, null));
          body.add(new Assign(name, value(1 + r.nextInt(3))));
        } else {
          body.add(new Decl(K.D, name, value(1 + r.nextInt(3))));
        }
        doubles.add(name);
        locals.add(name);
      } else if (choice < 55) {
        body.add(new Assign(target(), value(1 + r.nextInt(3))));
      } else if (choice < 72) {
        char op = "+-*/".charAt(r.nextInt(4));
        body.add(new Compound(target(), op, op == '/' ? safeDenominator(1 + r.nextInt(2)) : dexpr(1 + r.nextInt(2), false)));
      } else if (choice < 80) {
        body.add(new Step(target(), r.nextBoolean(), r.nextBoolean()));
      } else if (choice < 90 && features.on("constantAssign")) {
        body.add(new Assign(target(), constantExpr()));
      } else if (!ints.isEmpty() && !ints.contains("k")) {
        body.add(new Decl(K.I, "k", intExpr(2)));
        ints.add("k");
      } else if (ints.contains("k") && features.on("intReassign")) {
        body.add(r.nextBoolean() ? new Step("k", r.nextBoolean(), r.nextBoolean())
            : new Compound("k", "+-*".charAt(r.nextInt(3)), intExpr(1)));
      } else {
        body.add(new Assign(target(), value(1 + r.nextInt(3))));
      }
    }

    /**
     * A value to store. Without the constantAssign feature it always reads a double parameter, so
     * that no variable that carries a derivative is ever overwritten by one that does not.
     */
    private Ex value(int depth) {
      Ex e = dexpr(depth, false);
      if (features.on("constantAssign") || contains(e, x -> x instanceof Var v && parameters.contains(v.name()))) {
        return e;
      }
      return new Bin('+', e, new Var(pick(parameters), K.D));
    }

    /** A double variable to write: a local mostly, a parameter sometimes. */
    private String target() {
      if (!locals.isEmpty() && r.nextInt(4) != 0) {
        return pick(locals);
      }
      return pick(doubles);
    }

    /** An expression that carries no derivative. */
    private Ex constantExpr() {
      return switch (r.nextInt(5)) {
        case 0 -> literal();
        case 1 -> ints.isEmpty() ? literal() : new Bin('*', new Var(pick(ints), K.I), literal());
        case 2 -> fn(SIN, literal());
        case 3 -> c.constants.isEmpty() ? literal() : new Bin('+', constantRef(), literal());
        default -> new ILit(r.nextInt(5));
      };
    }

    private Ex constantRef() {
      String name = pick(new ArrayList<>(c.constants.keySet()));
      return new Var(name, c.constants.get(name) instanceof Integer ? K.I : K.D);
    }

    @Override
    Ex leaf(boolean preferLocals) {
      int choice = r.nextInt(100);
      if (choice < 70) {
        if (!locals.isEmpty() && (preferLocals ? r.nextInt(4) != 0 : r.nextBoolean())) {
          return new Var(pick(locals), K.D);
        }
        return new Var(pick(doubles), K.D);
      }
      if (choice < 88) {
        return literal();
      }
      if (choice < 94 && !c.constants.isEmpty()) {
        return constantRef();
      }
      if (!ints.isEmpty()) {
        return new Var(pick(ints), K.I);
      }
      return new ILit(1 + r.nextInt(4));
    }

    @Override
    Ex intOperand() {
      return intExpr(1 + r.nextInt(2));
    }

    private Ex intExpr(int depth) {
      if (depth <= 0 || r.nextInt(3) == 0) {
        return ints.isEmpty() || r.nextInt(3) == 0 ? new ILit(1 + r.nextInt(4)) : new Var(pick(ints), K.I);
      }
      return switch (r.nextInt(6)) {
        case 0 -> new Bin('+', intExpr(depth - 1), intExpr(depth - 1));
        case 1 -> new Bin('-', intExpr(depth - 1), intExpr(depth - 1));
        case 2 -> new Bin('*', intExpr(depth - 1), intExpr(depth - 1));
        case 3 -> new Bin('/', intExpr(depth - 1), new ILit(2 + r.nextInt(3)));
        case 4 -> new Bin('%', intExpr(depth - 1), new ILit(2 + r.nextInt(3)));
        default -> negate(intExpr(depth - 1));
      };
    }

    /** {@code -e}; without the intNegation feature an int is subtracted from 0 instead. */
    @Override
    Ex negate(Ex e) {
      return features.on("intNegation") || kind(e) != K.I ? new Neg(e) : new Bin('-', new ILit(0), e);
    }

    /** Without the twoCalls feature, a call is not written twice. */
    @Override
    boolean repeatsCalls() {
      return features.on("twoCalls");
    }

    @Override
    Ex call(int depth) {
      callsLeft--;
      Method callee = pick(callable);
      List<Ex> args = new ArrayList<>();
      for (Param p : callee.params) {
        if (p.kind() == K.I) {
          args.add(ints.isEmpty() || r.nextBoolean() ? new ILit(r.nextInt(4)) : new Var(pick(ints), K.I));
        } else {
          args.add(dexpr(Math.min(depth - 1, 2), false));
        }
      }
      return new Call(callee, args);
    }
  }
}
