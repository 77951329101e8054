package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Scratch arrays of loops differentiated in place ({@code InPlaceLoop}): arrays that each iteration
 * fills before it reads them, so that no value crosses from one iteration to the next. Each method
 * is checked numerically (twin, finite differences, every entry point) and, where the shape is the
 * point, structurally; the ones that must not be differentiated in place are checked to be right anyway.
 */
class InPlaceScratchTest {
  private static final String SCRATCH = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Scratch {
        /**
         * ADBench's GMM in small: per point, per component a centred vector and its product with a
         * triangular matrix, refilled and updated in place, and the components' terms in a third
         * scratch array that a log-sum-exp reads; the diagonal's exponentials in a local array made
         * before the loop, and the matrix read again after it.
         */
        @Differentiable static double mixture(double[] alphas, double[] means, double[] icf,
            @NoDerivative double[] x, int d) {
          int k = alphas.length;
          int n = x.length / d;
          int size = d * (d + 1) / 2;
          double[] diagonals = new double[k * d];
          for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
              diagonals[c * d + j] = Math.exp(icf[c * size + j]);
            }
          }
          double[] centred = new double[d];
          double[] q = new double[d];
          double[] terms = new double[k];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                centred[j] = x[p * d + j] - means[c * d + j];
              }
              for (int j = 0; j < d; j++) {
                q[j] = diagonals[c * d + j] * centred[j];
              }
              int below = c * size + d;
              for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                  q[j] += icf[below] * centred[i];
                  below++;
                }
              }
              double norm = 0;
              for (int j = 0; j < d; j++) {
                norm += q[j] * q[j];
              }
              terms[c] = alphas[c] - 0.5 * norm;
            }
            double max = terms[0];
            for (int c = 1; c < k; c++) {
              max = Math.max(max, terms[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
              sum += Math.exp(terms[c] - max);
            }
            total += Math.log(sum) + max;
          }
          double prior = 0;
          for (int e = 0; e < icf.length; e++) {
            prior += icf[e] * icf[e];
          }
          return total * (1 + alphas[0]) + prior;
        }

        /** Filled by either arm of a branch before each read; a local array read in the loop and stored into after it. */
        @Differentiable static double branchFilled(double[] x, double[] w) {
          double[] scale = new double[x.length];
          for (int j = 0; j < x.length; j++) {
            scale[j] = Math.sin(x[j]);
          }
          double[] a = new double[x.length];
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
              for (int j = 0; j < x.length; j++) {
                a[j] = w[i] * scale[j];
              }
            } else {
              for (int j = 0; j < a.length; j++) {
                a[j] = x[j] - w[i];
              }
            }
            for (int j = 0; j < x.length; j++) {
              s += a[j] * a[j] * scale[j];
            }
          }
          scale[0] = scale[0] * s;
          return s + scale[0];
        }

        /** Arrays gathered apart, passed whole to a helper in the loop: a parameter read after it, and a local array. */
        @Differentiable static double passedWhole(double[] w, double[] x) {
          double[] v = new double[w.length];
          for (int j = 0; j < w.length; j++) {
            v[j] = Math.cos(w[j]);
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.sin(x[i] * dot(w, v));
          }
          return s * w[0] + v[0];
        }

        @Differentiable static double dot(double[] a, double[] b) {
          double d = 0;
          for (int j = 0; j < a.length; j++) {
            d += a[j] * b[j];
          }
          return d;
        }

        /** The loop reads a parameter array's length only: nothing gathers for it, though it is read after. */
        @Differentiable static double lengthOnly(double[] x, double[] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * w[i] * x.length;
          }
          return s * x[0];
        }

        /** An inner loop reads the array before it fills it again: the first read sees the previous iteration's values. */
        @Differentiable static double readBeforeFill(double[] x) {
          double[] a = new double[2];
          double s = 0;
          for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
              s += a[1] * x[c];
              for (int j = 0; j < 2; j++) {
                a[j] = x[j] * (i + c + 1);
              }
            }
          }
          return s;
        }

        /** One arm of a branch fills the array, the other not: a read after it may see the previous iteration's values. */
        @Differentiable static double filledOnOneArm(double[] x) {
          double[] a = new double[2];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              for (int j = 0; j < 2; j++) {
                a[j] = x[i] * (j + 1);
              }
            }
            s += a[0] * a[1];
          }
          return s;
        }

        /** A fill that reads what it filled (a running sum): not counted as a fill. */
        @Differentiable static double prefixFill(double[] x) {
          double[] a = new double[x.length];
          double s = 0;
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < x.length; j++) {
              a[j] = x[j] * (i + 1) + (j > 0 ? a[j - 1] : 0);
            }
            s += a[x.length - 1] * a[0];
          }
          return s;
        }

        /** A scalar carried from one iteration to the next beside a scratch array: not independent. */
        @Differentiable static double carried(double[] x) {
          double[] a = new double[2];
          double carry = 0;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 2; j++) {
              a[j] = x[i] * (j + 1);
            }
            carry = carry * 0.5 + a[1];
            s += carry * a[0];
          }
          return s;
        }

        /** The sum is read inside the loop, beside a scratch array: not a reduction. */
        @Differentiable static double sumReadInside(double[] x) {
          double[] a = new double[2];
          double s = 1;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 2; j++) {
              a[j] = x[i] * (j + 1);
            }
            s += a[0] * a[1] * s;
          }
          return s;
        }

        /**
         * The array holds a value before the loop that the reverse of a statement before the loop
         * reads: it is not scratch, since the loop's reverse, run in place, would leave the last
         * iteration's values there.
         */
        @Differentiable static double readBefore(double[] x) {
          double[] a = new double[2];
          a[0] = x[0] * x[0];
          double y = a[0] * a[0];
          double s = 0;
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
              a[j] = x[j] * (i + 1);
            }
            s += a[0] * a[1];
          }
          return y + s;
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Scratch", SCRATCH);
  private final String companion = compiled.generatedSource("p.ScratchGrad");

  @Test
  void arraysFilledAgainInsideTheIterationAreScratch() {
    String entry = sweep("mixture");
    assertTrue(entry.contains("// for (int p = 0; p < n; p++), differentiated in place above"), entry);
    // the local array read in the loop, and the parameter read after it, gather the loop's shares apart
    assertTrue(entry.contains("double[] _dtotal_ddiagonals = new double[diagonals.length];"), entry);
    assertTrue(entry.contains("double[] _dtotal_dicf = new double[icf.length];"), entry);
    double[] x = {0.3, -0.8, 1.1, 0.4, -0.2, 0.9, 0.5, -1.4, 0.7};
    check("mixture", new double[] {0.2, -0.4}, new double[] {0.1, -0.3, 0.6, 0.2, 0.5, -0.1},
        new double[] {0.1, -0.2, 0.3, 0.05, -0.1, 0.15, -0.3, 0.2, 0.1, 0.25, 0.1, -0.05}, x, 3);
    check("mixture", new double[] {0.7}, new double[] {0.4}, new double[] {-0.2}, new double[] {1.5, -0.5}, 1);
  }

  @Test
  void arraysGatheredApartMayBePassedWholeToAHelper() {
    String entry = sweep("passedWhole");
    assertTrue(entry.contains("differentiated in place above"), entry);
    assertTrue(entry.contains("double[] _ds_dw = new double[w.length];"), entry);
    assertTrue(entry.contains("double[] _ds_dv = new double[v.length];"), entry);
    check("passedWhole", new double[] {0.3, -0.7, 1.1}, new double[] {0.2, -0.5, 0.9, 0.4});
  }

  @Test
  void anArrayWhoseLengthAloneTheLoopReadsGathersNothing() {
    String entry = sweep("lengthOnly");
    assertTrue(entry.contains("differentiated in place above"), entry);
    assertFalse(entry.contains("_ds_dx"), entry);
    check("lengthOnly", new double[] {0.3, -0.7}, new double[] {0.2, -0.5, 0.9});
  }

  @Test
  void aFillOnEitherArmOfABranchCounts() {
    String entry = sweep("branchFilled");
    assertTrue(entry.contains("differentiated in place above"), entry);
    check("branchFilled", new double[] {0.3, -0.7, 1.2}, new double[] {0.5, -0.4, 0.9, -1.1});
  }

  @Test
  void loopsWhoseIterationsShareValuesAreDifferentiatedTheUsualWay() {
    for (String method : new String[] {"readBefore", "readBeforeFill", "filledOnOneArm", "prefixFill", "carried",
        "sumReadInside"}) {
      assertFalse(sweep(method).contains("differentiated in place"), method + ":\n" + sweep(method));
    }
    check("readBeforeFill", new double[] {0.7, -1.3});
    check("filledOnOneArm", new double[] {0.7, -1.3, 0.4, 2.1});
    check("prefixFill", new double[] {0.7, -1.3, 0.4});
    check("carried", new double[] {0.7, -1.3, 0.4});
    check("sumReadInside", new double[] {0.7, -1.3, 0.4});
  }

  @Test
  void anArrayReadBeforeTheLoopIsNotScratch() {
    assertFalse(sweep("readBefore").contains("differentiated in place"), sweep("readBefore"));
    check("readBefore", new double[] {0.7, -1.3});
  }

  private String sweep(String method) {
    return GeneratedCodeTest.sweepText(companion, method);
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Scratch", method).check(args);
  }
}
