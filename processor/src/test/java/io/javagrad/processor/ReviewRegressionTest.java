package io.javagrad.processor;

import org.junit.jupiter.api.Test;

/** Shapes a code review found to yield companions that did not compile; each is checked numerically. */
class ReviewRegressionTest {
  private static final Compiled COMPILED = Compiled.compile("p.Rev", """
      package p;
      import io.javagrad.Differentiable;
      public class Rev {
        /** b is touched in a branch, but no derivative ever reaches it. */
        @Differentiable static double unusedInBranch(double a, double b) {
          if (a > 0) {
            double t = b * 2;
          }
          return a * a;
        }

        @Differentiable static double norm(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
          }
          return Math.sqrt(s);
        }

        /** A condition that calls another differentiable method on an array. */
        @Differentiable static double clipped(double[] x) {
          if (norm(x) > 1) {
            return 1;
          }
          return norm(x);
        }

        /** A counting loop whose bound is a long. */
        @Differentiable static double longBound(double x, long n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(x * i);
          }
          return s;
        }
      }
      """);

  @Test
  void inputThatNothingReachesHasADerivativeOfZero() {
    new GradientAgreement(COMPILED.assertCleanSuccess(), "p.Rev", "unusedInBranch").check(0.5, 2.0);
    new GradientAgreement(COMPILED, "p.Rev", "unusedInBranch").check(-0.5, 2.0);
  }

  @Test
  void conditionCallingADifferentiableMethodOnAnArray() {
    new GradientAgreement(COMPILED.assertCleanSuccess(), "p.Rev", "clipped").check(new double[] {0.3, 0.4});
    new GradientAgreement(COMPILED, "p.Rev", "clipped").check(new double[] {3.0, 4.0});
  }

  @Test
  void countingLoopWithALongBound() {
    new GradientAgreement(COMPILED.assertCleanSuccess(), "p.Rev", "longBound").check(0.7, 5L);
  }
}
