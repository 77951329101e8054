package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion, direct and mutual, through statements and through conditional expressions, over
 * scalars and arrays, in loops: each gradient agrees with the twin and with finite differences, each
 * call runs once (counted), and a depth of 10,000 runs.
 */
class RecursionTest {
  private static final String RECURSIVE = """
      package p;

      import io.javagrad.Differentiable;

      public class Rec {
        @Differentiable static double power(double x, int n) {
          Calls.count();
          if (n == 0) {
            return 1.0;
          }
          return x * power(x, n - 1);
        }

        @Differentiable static double powerConditional(double x, int n) {
          Calls.count();
          return n == 0 ? 1.0 : x * powerConditional(x, n - 1);
        }

        @Differentiable static double chain(double x, double a, int n) {
          if (n == 0) {
            return x;
          }
          double inner = chain(x, a, n - 1);
          return Math.sin(inner) * a + 0.5 * inner;
        }

        /** A binomial tree priced by recursion: 2^depth leaves. */
        @Differentiable static double tree(double s, double k, double up, double p, int depth) {
          Calls.count();
          if (depth == 0) {
            return Math.max(s - k, 0.0);
          }
          return 0.99 * (p * tree(s * up, k, up, p, depth - 1) + (1 - p) * tree(s / up, k, up, p, depth - 1));
        }

        @Differentiable static double even(double x, int n) {
          Calls.count();
          if (n == 0) {
            return x;
          }
          return Math.cos(odd(x, n - 1)) + 0.1 * x;
        }

        @Differentiable static double odd(double x, int n) {
          Calls.count();
          return n == 0 ? x * x : Math.sin(even(x, n - 1)) * x;
        }

        /** The squares of w[i], w[i + 1], ... summed by recursion: an array gradient through each level. */
        @Differentiable static double sqnormFrom(double[] w, int i) {
          if (i == w.length) {
            return 0.0;
          }
          return w[i] * w[i] + sqnormFrom(w, i + 1);
        }

        /** Each level calls itself in a loop, its result read by a partial. */
        @Differentiable static double loopy(double x, int n) {
          Calls.count();
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(loopy(x * 0.5, n - 1 - i)) * x;
          }
          return s + x;
        }

        /** Recursion inside a branch inside a loop, the result kept in a conditional expression. */
        @Differentiable static double nested(double x, int n) {
          double s = x;
          for (int i = 0; i < 2; i++) {
            if (n > 0) {
              s = s > 0 ? Math.sin(nested(s * 0.3, n - 1)) : nested(-s, n - 1) * s;
            }
          }
          return s;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rec", RECURSIVE, "p.Calls", CountedCalls.SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Rec", method);
  }

  @Test
  void directRecursionAtEveryDepthFromOneToTwenty() {
    for (int n = 1; n <= 20; n++) {
      agreement("power").check(1.1, n);
      agreement("powerConditional").check(0.9, n);
      agreement("chain").check(0.4, 1.3, n);
      agreement("sqnormFrom").check(new double[] {0.5, -1.0, 2.0, 0.25}, n % 5);
    }
  }

  @Test
  void mutualRecursion() {
    for (int n = 0; n <= 12; n++) {
      agreement("even").check(0.7, n);
      agreement("odd").check(-0.3, n);
    }
  }

  @Test
  void recursiveTreePricer() {
    agreement("tree").check(100.0, 98.5, 1.05, 0.55, 8);
    agreement("tree").check(100.0, 103.0, 1.02, 0.5, 11);
  }

  @Test
  void recursionInLoopsAndConditionals() {
    for (int n = 0; n <= 6; n++) {
      agreement("loopy").check(0.8, n);
      agreement("nested").check(0.6, n);
      agreement("nested").check(-0.6, n);
    }
  }

  /**
   * The gradient and forward mode run each call once, as the primal does: cost linear in the
   * calls, at every level.
   */
  @Test
  void eachCallRunsOnce() {
    assertCallsLikeThePrimal("power", new Class<?>[] {double.class, int.class}, 1.01, 200);
    assertCallsLikeThePrimal("powerConditional", new Class<?>[] {double.class, int.class}, 1.01, 200);
    assertCallsLikeThePrimal("even", new Class<?>[] {double.class, int.class}, 0.5, 201);
    assertCallsLikeThePrimal("tree", new Class<?>[] {double.class, double.class, double.class, double.class, int.class},
        100.0, 99.0, 1.03, 0.5, 10);
    assertCallsLikeThePrimal("loopy", new Class<?>[] {double.class, int.class}, 0.8, 9);
  }

  private static void assertCallsLikeThePrimal(String method, Class<?>[] types, Object... args) {
    CountedCalls.assertLikeThePrimal(compiled, "p.Rec", method, types, args);
  }

  /**
   * Depth 10,000 on a thread with a stack of 2 MiB, where the primals run 10,000 levels deep with
   * room to spare: on the default 1 MiB, {@code chain}'s reaches about 11,500 levels interpreted,
   * and {@code even}'s, which counts its calls, sometimes fewer than 10,000. A pullback's frame
   * holds the reverse sweep's locals too, so that on 1 MiB the gradient of {@code chain} reached
   * about 3,000 levels and its twin 4,500 (on 2 MiB, twice that), until the entries of recursive
   * methods counted their levels and went on in a thread with a large stack past 256 ({@code
   * io.javagrad.Recursion}).
   */
  @Test
  void tenThousandLevels() {
    DeepExpressionTest.onStack(2L << 20, () -> {
      agreement("chain").check(0.4, 0.9, 10_000);
      return agreement("even").check(0.3, 10_000);
    });
  }

}
