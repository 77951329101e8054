package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review of the messages of f_hessian where a {@code @DerivativeOf} rule gives no second
 * derivatives, for reasons other than those RuleSecondDerivativesTest checks, and of rules whose
 * bodies javagrad does differentiate once more.
 */
class ReviewOfRuleRefusalsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.DerivativeOf;
      import io.javagrad.Differentiable;

      public class Targets {
        public static double a(double x) { return (int) Math.floor(x) == 0 ? x * x : Math.sin(x); }
        public static double b(double x) { return Math.exp(x); }
        public static double c(double x) { return x; }
        public static double d(double x) { return x * x * x / 3; }

        @DerivativeOf(Targets.class)
        static double a(double x, double[] grad) {
          int k = (int) Math.floor(x);
          switch (k) {
            case 0:
              grad[0] = 2 * x;
              break;
            default:
              grad[0] = Math.cos(x);
          }
          return a(x);
        }

        @DerivativeOf(Targets.class)
        static double b(double x, double[] grad) {
          try {
            grad[0] = Math.exp(x);
          } catch (RuntimeException e) {
            grad[0] = 0;
          }
          return b(x);
        }

        @DerivativeOf(Targets.class)
        static double c(double x, double[] grad) {
          grad[0] = Math.ulp(x) + Double.valueOf(x).hashCode() * 0.0;
          return c(x);
        }

        @DerivativeOf(Targets.class)
        static double d(double x, double[] grad) {
          Object lock = new Object();
          synchronized (lock) {
            grad[0] = x * x;
          }
          return d(x);
        }

        public static double e(double x) { return x; }
        public static double f(double x) { return x * x * x / 3; }
        public static double g(double x) { return 2 * Math.exp(x); }

        @DerivativeOf(Targets.class)
        static double e(double x, double[] grad) {
          float h = (float) x;
          grad[0] = h * 2.0;
          return e(x);
        }

        @DerivativeOf(Targets.class)
        static double f(double x, double[] grad) {
          java.util.function.DoubleUnaryOperator sq = t -> t * t;
          grad[0] = sq.applyAsDouble(x);
          return f(x);
        }

        @DerivativeOf(Targets.class)
        static double g(double x, double[] grad) {
          grad[0] = b(x) * 2;
          return g(x);
        }

        public static double h(double x) { return 1.5 * x * x; }

        @DerivativeOf(Targets.class)
        static double h(double x, double[] grad) {
          double[] box = {x};
          java.util.Arrays.sort(box);
          grad[0] = box[0] * 3;
          return h(x);
        }

        public static double i(double x) { return 1.5 * x * x; }

        @DerivativeOf(Targets.class)
        static double i(double x, double[] grad) {
          double s = 0;
          java.util.List<Double> list = java.util.List.of(x, 2 * x);
          for (double v : list) {
            s += v;
          }
          grad[0] = s;
          return i(x);
        }

        @Differentiable static double usesH(double x) { return h(x) * x; }
        @Differentiable static double usesI(double x) { return i(x) * x; }
        @Differentiable static double usesE(double x) { return e(x) * x; }
        @Differentiable static double usesF(double x) { return f(x) * x; }
        @Differentiable static double usesG(double x) { return g(x) * x; }
        @Differentiable static double usesA(double x) { return a(x) * x; }
        @Differentiable static double usesB(double x) { return b(x) * x; }
        @Differentiable static double usesC(double x) { return c(x) * x; }
        @Differentiable static double usesD(double x) { return d(x) * x; }
        @Differentiable static double callsUsesD(double x) { return usesD(x) + x; }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Targets", SOURCE).assertCleanSuccess();
  }

  private static String hessianRefusal(String method) {
    return assertThrows(UnsupportedOperationException.class, () -> compiled.call("p.TargetsGrad", method + "_hessian",
        new Class<?>[] {double.class, double[].class, double[].class}, 0.5, new double[1], new double[1]))
        .getMessage();
  }

  private static String lost(String method, String target, String into) {
    return method + " has no second derivatives: it calls Targets." + target + " (its derivative is the @DerivativeOf"
        + " rule Targets." + target + ", which gives no second derivatives: in its body, x carries a derivative, but"
        + " it is passed into " + into + ", which javagrad runs as written without differentiating it, where the"
        + " derivative would be lost)";
  }

  /** A rule whose body has a try, a synchronized block, a cast to float, a library call: each message names it. */
  @Test
  void rulesWithoutSecondDerivativesNameWhatLosesTheDerivative() {
    assertEquals(lost("usesB", "b", "try { grad[0] = Math.exp(x); } catch (RuntimeException e) { grad[0] = 0; }"),
        hessianRefusal("usesB"));
    assertEquals(lost("usesC", "c", "Math.ulp(x)"), hessianRefusal("usesC"));
    assertEquals(lost("usesD", "d", "synchronized (lock) { grad[0] = x * x; }"), hessianRefusal("usesD"));
    // A caller's second derivatives stop in its callee, which names itself.
    assertEquals(lost("usesD", "d", "synchronized (lock) { grad[0] = x * x; }"), hessianRefusal("callsUsesD"));
    assertEquals(lost("usesE", "e", "(float)x"), hessianRefusal("usesE"));
    assertEquals(lost("usesI", "i", "java.util.List.of(x, 2 * x)"), hessianRefusal("usesI"));
    for (String method : List.of("usesB", "usesD", "callsUsesD", "usesI")) {
      new GradientAgreement(compiled, "p.Targets", method).check(0.5);
    }
  }

  /** A switch statement, a lambda, calls of other ruled targets, an array sorted: second derivatives made. */
  @Test
  void rulesWithSwitchesLambdasAndRuledCallsHaveSecondDerivatives() {
    for (String method : List.of("usesA", "usesF", "usesG", "usesH")) {
      assertNotNull(new SecondOrderAgreement(compiled, "p.Targets", method).check(0.5), method);
      assertNotNull(new SecondOrderAgreement(compiled, "p.Targets", method).check(1.5), method);
    }
  }
}
