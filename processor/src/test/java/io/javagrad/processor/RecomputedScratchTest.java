package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A scratch array filled afresh in a loop from cheap arithmetic on values that never change is
 * filled again by the reverse sweep rather than having its overwritten elements recorded (ADBench's
 * GMM: {@code centred[j] = x[p d + j] - means[c d + j]}); and where that would read values other
 * than the forward sweep's, or the value costs a function, the elements stay recorded. Each method
 * is checked structurally (what goes on the tape, whether the fill is run again) and numerically
 * (twin, finite differences, every entry point).
 */
class RecomputedScratchTest {
  // Each method reads its scratch array after the loop, so that the loop is not differentiated in
  // place (where each iteration's reverse follows its forward, and nothing is recorded).
  private static final String SCRATCH = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Scratch {
        /**
         * ADBench's GMM in small: per point and component the centred vector is a difference of
         * parameters, its product with a triangular matrix is refilled and updated in place, and
         * after the loops the centred vector's last values are read once more.
         */
        @Differentiable static double mixture(double[] means, double[] icf, @NoDerivative double[] x, int d) {
          int k = means.length / d;
          int n = x.length / d;
          int size = d * (d + 1) / 2;
          double[] centred = new double[d];
          double[] q = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                centred[j] = x[p * d + j] - means[c * d + j];
              }
              for (int j = 0; j < d; j++) {
                q[j] = Math.exp(icf[c * size + j]) * centred[j];
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
              total += Math.log(1 + norm);
            }
          }
          return total + centred[0] * centred[d - 1];
        }

        /** The fill reads a local set once per iteration from cheap arithmetic: computed again with it. */
        @Differentiable static double shifted(double[] m, double[] x) {
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            double shift = 2 * m[c];
            for (int j = 0; j < x.length; j++) {
              a[j] = x[j] * m[c] - shift;
            }
            for (int j = 0; j < x.length; j++) {
              total += Math.sin(a[j]) * a[j];
            }
          }
          return total + a[0];
        }

        /** A value of the fill changes between the fill and the reads: recorded. */
        @Differentiable static double inputChanged(double[] m, double[] x) {
          double[] a = new double[x.length];
          double s = 0.5;
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            for (int j = 0; j < x.length; j++) {
              a[j] = x[j] * m[c] - s;
            }
            s = s * m[c];
            for (int j = 0; j < x.length; j++) {
              total += a[j] * a[j] * s;
            }
          }
          return total + a[0];
        }

        /** The fill of a reads another scratch array, b, which changes: recorded. */
        @Differentiable static double fromAnotherScratch(double[] m, double[] x) {
          double[] b = new double[x.length];
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            for (int j = 0; j < x.length; j++) {
              b[j] = x[j] + m[c];
            }
            for (int j = 0; j < x.length; j++) {
              a[j] = b[j] * m[c];
            }
            for (int j = 0; j < x.length; j++) {
              total += a[j] * a[j];
            }
          }
          return total + a[0];
        }

        /**
         * An element written again after the fill, in the same iteration, and read after that:
         * the reverse sweep reads values no fill gives, so they stay recorded.
         */
        @Differentiable static double writtenTwice(double[] m, double[] x) {
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            for (int j = 0; j < x.length; j++) {
              a[j] = x[j] - m[c];
            }
            total += a[0] * a[a.length - 1];
            a[0] = a[0] * m[c];
            for (int j = 0; j < x.length; j++) {
              total += a[j] * a[j] * m[c];
            }
          }
          return total + a[0];
        }

        /** The fill's index runs on by a step that changes: the offset is not stable, so recorded. */
        @Differentiable static double runningOffset(double[] m, @NoDerivative double[] x, int d) {
          double[] a = new double[d];
          double total = 0;
          int offset = 0;
          for (int c = 0; c < m.length; c++) {
            for (int j = 0; j < d; j++) {
              a[j] = x[offset + j] - m[c];
            }
            offset = (offset + c + 1) % (x.length - d + 1);
            for (int j = 0; j < d; j++) {
              total += a[j] * a[j] * m[c];
            }
          }
          return total + a[0];
        }

        /** Each element costs an exp to compute again: recorded, as the cost model says. */
        @Differentiable static double exponential(double[] m, double[] x) {
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            for (int j = 0; j < x.length; j++) {
              a[j] = Math.exp(x[j] - m[c]);
            }
            for (int j = 0; j < x.length; j++) {
              total += a[j] * a[j] * m[c];
            }
          }
          return total + a[0];
        }

        /**
         * The iteration reads the previous fill's values before it fills the array again: those
         * are the values the reverse sweep needs there, so the fill records them.
         */
        @Differentiable static double readBeforeTheFill(double[] m, double[] x) {
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            total += a[0] * m[c];
            for (int j = 0; j < x.length; j++) {
              a[j] = x[j] * m[c];
            }
            for (int j = 0; j < x.length; j++) {
              total += Math.cos(a[j]);
            }
          }
          return total + a[0];
        }

        /** A fill under a branch in the loop, read in the same branch: filled again there. */
        @Differentiable static double underABranch(double[] m, double[] x) {
          double[] a = new double[x.length];
          double total = 0;
          for (int c = 0; c < m.length; c++) {
            if (m[c] > 0) {
              for (int j = 0; j < x.length; j++) {
                a[j] = x[j] - m[c];
              }
              for (int j = 0; j < x.length; j++) {
                total += a[j] * a[j] * m[c];
              }
            } else {
              total += m[c] * m[c];
            }
          }
          return total + a[0];
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Scratch", SCRATCH);
  private final String companion = compiled.generatedSource("p.ScratchGrad");

  @Test
  void theGmmCentredVectorIsFilledAgainNotRecorded() {
    String entry = GeneratedCodeTest.sweepText(companion, "mixture");
    assertEquals(0, GeneratedCodeTest.count(entry, "_tape.push(centred["), entry);
    assertEquals(1, GeneratedCodeTest.count(entry, "_tape.push(q["), entry);
    assertEquals(1, GeneratedCodeTest.count(entry, "run again: its values are computed, not recorded"), entry);
    // The refill runs in the reverse sweep before the triangular product's reverse, which reads it.
    int refill = entry.indexOf("run again");
    assertTrue(refill > entry.indexOf("_d_total += seed") && refill < entry.indexOf("below = below - 1"), entry);
    double[] means = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.7, -0.6, 0.15};
    double[] icf = {0.1, -0.2, 0.3, 0.5, -0.4, 0.25, -0.1, 0.2, 0.05, 0.3, 0.1, -0.3, 0.4, -0.2, 0.15, 0.2, 0.1,
        -0.5};
    double[] x = {0.5, -1.0, 2.0, 0.3, 0.1, -0.7, 1.5, 0.2, -0.3, 0.9, -0.4, 0.6};
    check("mixture", means, icf, x, 3);
    check("mixture", new double[] {0.3, -0.2}, new double[] {0.1, 0.4}, new double[] {0.5, -1.0, 2.0}, 1);
    check("mixture", means, icf, new double[] {}, 3);
  }

  @Test
  void aFillReadingALocalSetOncePerIterationIsFilledAgain() {
    String entry = GeneratedCodeTest.sweepText(companion, "shifted");
    assertFalse(entry.contains("_tape.push(a["), entry);
    assertTrue(entry.contains("a[j] = x[j] * m[c] - 2.0 * m[c];"), entry);
    check("shifted", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0, 0.3});
    check("shifted", new double[] {0.4}, new double[] {1.5});
  }

  @Test
  void aFillWhoseInputChangesBeforeTheReadsIsRecorded() {
    assertRecorded("inputChanged");
    check("inputChanged", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0});
  }

  @Test
  void aFillFromAnotherScratchArrayIsRecorded() {
    String entry = GeneratedCodeTest.sweepText(companion, "fromAnotherScratch");
    // b, filled from parameters, is filled again; a, filled from b, which each iteration changes, is recorded.
    assertEquals(1, GeneratedCodeTest.count(entry, "_tape.push(a[j_1])"), entry);
    assertEquals(0, GeneratedCodeTest.count(entry, "_tape.push(b["), entry);
    assertTrue(entry.contains("for (int j = 0; j < b.length; j++) {\n          b[j] = x[j] + m[c];"), entry);
    check("fromAnotherScratch", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0});
  }

  @Test
  void anElementWrittenAgainAfterTheFillKeepsTheFillRecorded() {
    assertRecorded("writtenTwice");
    check("writtenTwice", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0});
    check("writtenTwice", new double[] {0.4, -0.3}, new double[] {0.5});
  }

  @Test
  void aFillAtAnOffsetThatChangesIsRecorded() {
    assertRecorded("runningOffset");
    check("runningOffset", new double[] {0.4, -0.3, 0.8, 0.2}, new double[] {0.5, -1.0, 2.0, 0.3, 0.1}, 2);
  }

  @Test
  void aFillThatCostsAFunctionIsRecorded() {
    assertRecorded("exponential");
    check("exponential", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0});
  }

  @Test
  void aFillWhoseOverwrittenValuesAreReadIsRecorded() {
    assertRecorded("readBeforeTheFill");
    check("readBeforeTheFill", new double[] {0.4, -0.3, 0.8}, new double[] {0.5, -1.0, 2.0});
  }

  @Test
  void aFillUnderABranchIsFilledAgainInTheBranch() {
    String entry = GeneratedCodeTest.sweepText(companion, "underABranch");
    assertFalse(entry.contains("_tape.push(a["), entry);
    assertEquals(1, GeneratedCodeTest.count(entry, "run again: its values are computed, not recorded"), entry);
    check("underABranch", new double[] {0.4, -0.3, 0.8, 0.6}, new double[] {0.5, -1.0, 2.0});
  }

  /** The fill of {@code a} records what it overwrites, and is not run again. */
  private void assertRecorded(String method) {
    String entry = GeneratedCodeTest.sweepText(companion, method);
    assertEquals(1, GeneratedCodeTest.count(entry, "_tape.push(a[j])"), entry);
    assertFalse(entry.contains("run again"), entry);
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Scratch", method).check(args);
  }
}
