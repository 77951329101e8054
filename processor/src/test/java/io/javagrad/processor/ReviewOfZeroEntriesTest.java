package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review of the zero-entry rule at calls: an entry of exactly 0 in a differentiated callee's
 * gradient stays 0 under an infinite or NaN adjoint, in loops, branches, with array arguments,
 * through recursion; everywhere finite, the gradients, second derivatives and f_tangent still
 * agree with finite differences and the twin; a rule's partial of 0 still meets the adjoint.
 */
class ReviewOfZeroEntriesTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.DerivativeOf;
      import io.javagrad.Differentiable;

      public class Calls {
        static double positivePart(double x) {
          return x < 0 ? 0 : x * x;
        }

        static double sumOfPositiveParts(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              s += x[i] * x[i];
            }
          }
          return s;
        }

        static double sumOfPositiveEntries(double[][] m) {
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v > 0 ? v * v : 0;
            }
          }
          return s;
        }

        static double recursivePart(double x, int n) {
          if (n == 0) {
            return x < 0 ? 0 : x * Math.exp(x);
          }
          return 0.5 * recursivePart(x, n - 1);
        }

        @Differentiable static double inALoop(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.sqrt(positivePart(x[i])) + Math.sin(x[i]) * positivePart(x[i]);
          }
          return s;
        }

        @Differentiable static double inABranch(double x, double y) {
          if (y > 0) {
            return Math.sqrt(positivePart(x)) * y;
          }
          return Math.log(positivePart(x - y)) + y * positivePart(x);
        }

        @Differentiable static double overAnArray(double[] x, double w) {
          return Math.sqrt(sumOfPositiveParts(x)) * w + w * sumOfPositiveParts(x);
        }

        @Differentiable static double overAMatrix(double[][] m, double w) {
          return Math.cbrt(sumOfPositiveEntries(m)) + w * sumOfPositiveEntries(m);
        }

        @Differentiable static double throughRecursion(double x, double y) {
          return Math.sqrt(recursivePart(x, 3)) + y * recursivePart(x * y, 2);
        }

        /** A callee that itself calls sqrt of a callee, called under sqrt. */
        @Differentiable static double nested(double x) {
          return Math.sqrt(inABranch(x, 1.0) + positivePart(x));
        }

        static double flat(double x) {
          return x * 0 + 0;
        }

        /** An overflowed exp, an infinite partial, into a callee whose x meets 0 by arithmetic. */
        @Differentiable static double overflowedSeed(double x, double y) {
          return Math.exp(1000 * positivePart(y) + 750) * 0 + Math.exp(positivePart(x) + 800);
        }

        static double[] parts(double x, double y) {
          return new double[] {x < 0 ? 0 : x * y, x + y};
        }

        @Differentiable static double[] annotatedParts(double x, double y) {
          double[] out = new double[2];
          if (x >= 0) {
            out[0] = x * y;
          }
          out[1] = x + y;
          return out;
        }

        /** A vector-valued callee, whose pullback gets the infinite seed itself. */
        @Differentiable static double ofParts(double x, double y) {
          double[] p = parts(x, y);
          double[] q = annotatedParts(x, y);
          return Math.sqrt(p[0]) + p[1] + Math.cbrt(q[0]) * 2 + q[1];
        }

        /** Local arrays, a vector and a matrix, passed into callees under infinite seeds. */
        @Differentiable static double localArrays(double x, double y) {
          double[] v = {x, y, x * y};
          double[][] m = {{x, -y}, {y * y, x}};
          return Math.sqrt(sumOfPositiveParts(v)) + Math.cbrt(sumOfPositiveEntries(m)) + y * sumOfPositiveParts(v);
        }

        public static double target(double x) {
          return x < 0 ? 0 : x;
        }

        @DerivativeOf(Calls.class)
        static double target(double x, double[] grad) {
          grad[0] = 0;
          return target(x);
        }

        /** A rule's partial is a local derivative: 0 times sqrt's infinite partial at 0 is NaN, as in the twin. */
        @Differentiable static double sqrtOfARule(double x) {
          return Math.sqrt(target(x));
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Calls", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Calls", method);
  }

  /** f_hvp's and f_hessian's gradients are the gradient entry's, exactly, also where a seed is infinite. */
  private static void secondOrderGradientsMatch(String method, double[] expected, Object... args) {
    GradientAgreement first = agreement(method);
    Class<?>[] types = first.typesOf(args);
    int n = expected.length;
    double[] grad = new double[n];
    double[] hessian = new double[n * n];
    compiled.call(GradientAgreement.companionOf("p.Calls"), method + "_hessian",
        GradientAgreement.append(GradientAgreement.append(types, double[].class), double[].class),
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.fresh(args), grad), hessian));
    assertArrayEquals(expected, grad, 0.0, method + "_hessian's gradient");
    double[] hvpGrad = new double[n];
    double[] hv = new double[n];
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1);
    compiled.call(GradientAgreement.companionOf("p.Calls"), method + "_hvp",
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.append(types, double[].class),
            double[].class), double[].class),
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.append(GradientAgreement.fresh(args),
            v), hvpGrad), hv));
    assertArrayEquals(expected, hvpGrad, 0.0, method + "_hvp's gradient");
  }

  @Test
  void finitePointsAgreeEverywhere() {
    agreement("inALoop").check(new double[] {0.5, 1.5, 2.0});
    agreement("inABranch").check(0.7, 0.4);
    agreement("inABranch").check(2.5, -0.4);
    agreement("overAnArray").check(new double[] {0.5, -1.5, 2.0}, 0.3);
    agreement("overAMatrix").check(new double[][] {{0.5, -1.5}, {2.0, 0.25}}, 0.3);
    agreement("throughRecursion").check(0.6, 1.3);
    agreement("nested").check(0.8);
  }

  @Test
  void zeroEntriesInALoopStayZero() {
    agreement("inALoop").checkExactly(new double[] {0, 0, 0}, new double[] {-1.0, -0.5, -2.0});
    // At 0 the callee's 0 is a product (2x), the README's documented difference: the twin gives NaN.
    double[] grad = new double[3];
    agreement("inALoop").gradientInto(grad, new double[] {-1.0, 0.0, 2.0});
    assertEquals(0.0, grad[1], 0.0);
  }

  @Test
  void zeroEntriesInABranchStayZero() {
    agreement("inABranch").checkExactly(new double[] {0, 0}, -1.0, 2.0);
    agreement("inABranch").checkExactly(new double[] {0, 0}, -1.0, -0.5);
  }

  @Test
  void zeroEntriesOverArraysStayZero() {
    agreement("overAnArray").checkExactly(new double[] {0, 0, 0}, new double[] {-1.0, -2.0}, 0.3);
    agreement("overAMatrix").checkExactly(new double[] {0, 0, 0, 0, 0}, new double[][] {{-1.0, -2.0}, {-3.0, 0.0}},
        0.3);
  }

  @Test
  void zeroEntriesThroughRecursionStayZero() {
    agreement("throughRecursion").checkExactly(new double[] {0, 0}, -1.0, 0.5);
  }

  @Test
  void vectorValuedCalleesUnderAnInfiniteSeed() {
    agreement("ofParts").check(0.7, 1.3);
    agreement("ofParts").checkExactly(new double[] {2, 2}, -1.0, 2.0);
  }

  @Test
  void localArraysIntoCallees() {
    agreement("localArrays").check(0.7, 1.3);
    agreement("localArrays").check(-0.7, 1.3);
    // x = -1, y = -2: only x * y and y * y are positive, through the local arrays.
    agreement("localArrays").check(-1.0, -2.0);
    // x = -1, y = 0: nothing is positive, sqrt and cbrt seed the calls with infinity, every entry is 0.
    agreement("localArrays").checkExactly(new double[] {0, 0}, -1.0, 0.0);
  }

  @Test
  void zeroEntriesThroughNestedCallsStayZero() {
    agreement("nested").checkExactly(new double[] {0}, -1.0);
  }

  @Test
  void secondOrderEntriesGiveTheSameGradientWhereASeedIsInfinite() {
    secondOrderGradientsMatch("inABranch", new double[] {0, 0}, -1.0, 2.0);
    secondOrderGradientsMatch("overAnArray", new double[] {0, 0, 0}, new double[] {-1.0, -2.0}, 0.3);
    secondOrderGradientsMatch("throughRecursion", new double[] {0, 0}, -1.0, 0.5);
    secondOrderGradientsMatch("nested", new double[] {0}, -1.0);
  }

  @Test
  void aRulesZeroPartialStillMeetsAnInfiniteAdjoint() {
    agreement("sqrtOfARule").checkExactly(new double[] {Double.NaN}, 0.0);
    agreement("sqrtOfARule").checkExactly(new double[] {0}, 2.0);
  }

  @Test
  void tangentsAgreeWhereASeedIsInfinite() {
    double t = (Double) compiled.call(GradientAgreement.companionOf("p.Calls"), "inABranch_tangent",
        new Class<?>[] {double.class, double.class, double[].class}, -1.0, 2.0, new double[] {1.0, 0.0});
    assertEquals(0.0, t, 0.0, "f_tangent gives 0, as the gradient does");
    double square = (Double) compiled.call(GradientAgreement.companionOf("p.Calls"), "inALoop_tangent",
        new Class<?>[] {double[].class, double[].class}, new double[] {-1.0, 0.0, 2.0}, new double[] {0.0, 1.0, 0.0});
    assertEquals(0.0, square, 0.0, "at 0 the callee's 2x is 0, and f_tangent gives 0, as the README says");
  }
}
