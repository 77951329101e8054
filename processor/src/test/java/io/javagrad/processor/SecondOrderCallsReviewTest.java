package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A review of second derivatives through calls, each call taken from one run of its directional
 * pullback: calls in loops (in place, counted over arrays, while loops), in branches and conditional
 * expressions, with array, matrix, {@code @NoDerivative} and int arguments, calls whose value only
 * the primal reads or only a condition or a cast, recursion in a while loop and given a function
 * (RecursionTest has direct and mutual recursion), callees that write into their arrays or return
 * early or a constant, one without second derivatives, and several calls in one expression. Each is
 * checked against the twin, central differences and the second-order agreement; call counts stay
 * linear.
 */
class SecondOrderCallsReviewTest {
  private static final String SOURCE = Compiled.classSource("p.Review", List.of(
      "import io.javagrad.NoDerivative;", "import java.util.function.DoubleUnaryOperator;"), List.of("""
      @Differentiable static double g(double x) {
        Calls.count();
        return Math.sin(x) * x + 0.5 * x * x;
      }
      """, """
      @Differentiable static double h(double x) {
        Calls.count();
        return Math.exp(0.3 * x) + x;
      }
      """, """
      @Differentiable static double severalInOneExpression(double x, double y) {
        return g(x) * h(x) + g(y) - h(g(x * y));
      }
      """, """
      @Differentiable static double counted(double x, int n) {
        double s = x;
        for (int i = 0; i < n; i++) {
          s = s * 0.5 + g(s) * h(x) * 0.1;
        }
        return s;
      }
      """, """
      @Differentiable static double overArray(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
          s += g(a[i]) * a[i];
        }
        return s;
      }
      """, """
      @Differentiable static double intoArray(double[] a, double x) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          b[i] = g(a[i] * x) + h(b[i]);
        }
        double s = 0;
        for (int i = 0; i < b.length; i++) {
          s += b[i] * b[i];
        }
        return s;
      }
      """, """
      @Differentiable static double inPlace(double[] a, double x) {
        for (int i = 0; i < a.length; i++) {
          a[i] = g(a[i] * x);
        }
        return a[0] * a[a.length - 1] + x;
      }
      """, """
      @Differentiable static double whileLoop(double x, double y) {
        double s = x;
        int k = 0;
        while (s < 4 && k < 30) {
          s = s + 0.05 * g(s * y) + 0.3;
          k++;
        }
        return s * y;
      }
      """, """
      @Differentiable static double nestedLoops(double x, double y) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 2; j++) {
            if ((i + j) % 2 == 0) {
              s += g(x * i + y * j) * h(s * 0.1);
            } else {
              s -= h(y) * 0.2;
            }
          }
        }
        return s;
      }
      """, """
      @Differentiable static double branches(double x, double y) {
        if (x > 0) {
          return g(x) * y;
        }
        return h(y) * x;
      }
      """, """
      @Differentiable static double conditional(double x, double y) {
        double t = x > y ? g(x * y) : h(x) + g(y);
        return t * (y > 0 ? h(t) : 1.0);
      }
      """, """
      @Differentiable static double dot(double[] w, double[] v) {
        Calls.count();
        double s = 0;
        for (int i = 0; i < w.length; i++) {
          s += Math.sin(w[i]) * v[i] * v[i];
        }
        return s;
      }
      """, """
      @Differentiable static double arrays(double[] w, double x) {
        double[] v = {x, x * x, 1.0};
        return dot(w, v) * dot(v, w) + dot(w, w);
      }
      """, """
      @Differentiable static double trace(double[][] m, double x) {
        Calls.count();
        double s = 0;
        for (int i = 0; i < m.length; i++) {
          s += m[i][i] * m[i][i] * x + Math.cos(m[i][0]);
        }
        return s;
      }
      """, """
      @Differentiable static double matrices(double[][] m, double x) {
        return trace(m, x) * trace(m, x * x) + g(m[1][0]);
      }
      """, """
      @Differentiable static double scaled(double x, @NoDerivative double c, int k) {
        Calls.count();
        return Math.pow(x, k) * c + Math.sin(c * x);
      }
      """, """
      @Differentiable static double noDerivativeAndInt(double x, double c) {
        double k = 1.5;
        return scaled(x * c, k, 3) * scaled(c, 0.5, 2) + scaled(x, 2.0, (int) k);
      }
      """, """
      @Differentiable static double valueOnlyPrimal(double x) {
        return 2 * g(x);
      }
      """, """
      @Differentiable static double valueOnlyCondition(double x, double y) {
        return g(x) * g(y) > 0 ? x * y * y : -x * y;
      }
      """, """
      @Differentiable static double valueOnlyConditionInLoop(double x, double y) {
        double s = x;
        int k = 0;
        while (g(s) < 3 && k < 20) {
          s += 0.5 * y;
          k++;
        }
        return s * s * y;
      }
      """, """
      @Differentiable static double linearInCall(double x, double y) {
        return g(x) + 3 * h(y) - g(y);
      }
      """, """
      @Differentiable static double constantArgument(double x) {
        return g(2.0) * x * x + h(1.0) + g(x);
      }
      """, """
      @Differentiable static double whileRecursion(double x, int n) {
        Calls.count();
        double s = x;
        int k = 0;
        while (k < n) {
          s = s * 0.5 + whileRecursion(s * 0.7, n - 1 - k) * 0.3;
          k++;
        }
        return s;
      }
      """, """
      static double sumTo(DoubleUnaryOperator f, double x, int n) {
        Calls.count();
        if (n == 0) {
          return 0;
        }
        return f.applyAsDouble(x) / n + sumTo(f, x, n - 1);
      }
      """, """
      @Differentiable static double series(double x, double y, int n) {
        return sumTo(t -> Math.sin(t * y), x, n) + sumTo(t -> t * g(t), y, n);
      }
      """, """
      @Differentiable static double scale(double[] a, double x) {
        Calls.count();
        for (int i = 0; i < a.length; i++) {
          a[i] = a[i] * x + Math.sin(a[i]);
        }
        return a[0] * a[1];
      }
      """, """
      @Differentiable static double writesArguments(double[] a, double x) {
        double r = scale(a, x);
        double s = 0;
        for (int i = 0; i < 2; i++) {
          double t = scale(a, r * 0.1);
          s += t * a[i];
        }
        return r * a[1] + s;
      }
      """, """
      @Differentiable static double firstBig(double x) {
        for (int i = 0; i < 5; i++) {
          if (x * i > 2) {
            return Math.sin(x) * i;
          }
        }
        return x * x;
      }
      """, """
      @Differentiable static double relu2(double x) {
        if (x < 0) {
          return 0;
        }
        return x * x;
      }
      """, """
      @Differentiable static double step(double x) {
        return x > 0 ? 1.0 : 0.5;
      }
      """, """
      @Differentiable static double earlyAndConstantReturns(double x, double y) {
        return firstBig(x) * firstBig(y) * Math.exp(x) + relu2(x) * relu2(y) * x + step(x) * x * x * y;
      }
      """, """
      @Differentiable static double valueThroughFloorAndCast(double x, double y) {
        int k = (int) g(x);
        return Math.floor(h(y)) * x * y + k * x * x * y;
      }
      """, """
      @Differentiable static double usesRule(double x) {
        return Lib.soft(x) * x;
      }
      """, """
      @Differentiable static double callsRuleUser(double x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += usesRule(x * i) * s + x;
        }
        return s;
      }
      """));
  private static final String LIB = """
      package p;

      public final class Lib {
        public static double soft(double x) {
          return x / (1 + Math.abs(x));
        }
      }
      """;
  private static final String RULES = """
      package p;

      import io.javagrad.DerivativeOf;

      final class Rules {
        @DerivativeOf(Lib.class)
        static double soft(double x, double[] grad) {
          double d = 1 + Math.abs(x);
          grad[0] = 1 / (d * d);
          return Lib.soft(x);
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Review", SOURCE, "p.Calls", CountedCalls.SOURCE, "p.Lib", LIB,
        "p.Rules", RULES).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Review", method);
  }

  @Test
  void severalCallsInOneExpression() {
    agreement("severalInOneExpression").check(0.7, -1.3);
  }

  @Test
  void callsInLoops() {
    agreement("counted").check(0.4, 0);
    agreement("counted").check(0.4, 5);
    agreement("overArray").check(new double[] {0.5, -1.0, 2.0});
    agreement("intoArray").check(new double[] {0.5, -1.0, 2.0}, 0.8);
    agreement("inPlace").check(new double[] {0.5, -1.0, 2.0}, 0.8);
    agreement("whileLoop").check(0.2, 1.1);
    agreement("nestedLoops").check(0.2, 1.1);
  }

  @Test
  void callsInBranches() {
    agreement("branches").check(0.6, 1.2);
    agreement("branches").check(-0.6, 1.2);
    agreement("conditional").check(0.6, 0.3);
    agreement("conditional").check(-0.6, 0.3);
    agreement("conditional").check(0.6, -0.3);
  }

  @Test
  void arrayMatrixNoDerivativeAndIntArguments() {
    agreement("arrays").check(new double[] {0.5, -1.0, 2.0}, 0.8);
    agreement("matrices").check(new double[][] {{0.5, -1.0}, {2.0, 0.3}}, 0.8);
    agreement("noDerivativeAndInt").check(0.6, 1.3);
  }

  @Test
  void callsWhoseValueOnlyThePrimalReads() {
    agreement("valueOnlyPrimal").check(0.6);
    agreement("valueOnlyCondition").check(0.6, 1.4);
    agreement("valueOnlyCondition").check(-0.6, 1.4);
    agreement("valueOnlyConditionInLoop").check(0.3, 0.9);
    agreement("linearInCall").check(0.3, 0.9);
    agreement("constantArgument").check(0.3);
  }

  /** The directional pullback writes the callee's value after its gradient whichever return it leaves by. */
  @Test
  void calleesWithEarlyAndConstantReturns() {
    agreement("earlyAndConstantReturns").check(0.3, 1.2);
    agreement("earlyAndConstantReturns").check(0.7, 0.9);
    agreement("earlyAndConstantReturns").check(-0.7, 2.9);
    agreement("valueThroughFloorAndCast").check(1.3, 0.9);
  }

  /**
   * Through a helper that calls a {@code @DerivativeOf} rule of the compilation, in a loop too: the
   * rule's body, differentiated once more, gives the second derivatives (the entries threw, saying
   * that a rule gives none).
   */
  @Test
  void calleeCallingARuleOfTheCompilation() {
    agreement("callsRuleUser").check(0.5, 3);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Review", "callsRuleUser").check(0.5, 3));
    assertNotNull(new SecondOrderAgreement(compiled, "p.Review", "callsRuleUser").check(-0.8, 2));
  }

  @Test
  void recursion() {
    for (int n = 0; n <= 6; n++) {
      agreement("whileRecursion").check(0.8, n);
      agreement("series").check(0.8, 0.4, n);
    }
  }

  @Test
  void calleesThatWriteIntoTheirArrays() {
    agreement("writesArguments").check(new double[] {0.5, -1.0, 2.0}, 0.8);
  }

  @Test
  void callCountsStayLinear() {
    Class<?>[] xy = {double.class, double.class};
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "severalInOneExpression", xy, 0.7, -1.3);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "counted", new Class<?>[] {double.class, int.class}, 0.4, 6);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "whileLoop", xy, 0.2, 1.1);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "nestedLoops", xy, 0.2, 1.1);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "conditional", xy, 0.6, 0.3);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "valueOnlyCondition", xy, 0.6, 1.4);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "valueOnlyConditionInLoop", xy, 0.3, 0.9);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "linearInCall", xy, 0.3, 0.9);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "valueThroughFloorAndCast", xy, 1.3, 0.9);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "noDerivativeAndInt", xy, 0.6, 1.3);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "whileRecursion",
        new Class<?>[] {double.class, int.class}, 0.8, 5);
    CountedCalls.assertLikeThePrimal(compiled, "p.Review", "series",
        new Class<?>[] {double.class, double.class, int.class}, 0.8, 0.4, 5);
  }
}
