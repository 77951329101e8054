package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the reverse sweep recomputes instead of recording: values derived again from variables
 * whose value never changes once set. Each method is checked structurally (what is not on the
 * tape) and numerically (twin, finite differences, every entry point).
 */
class StoreOrRecomputeTest {
  private static final String LAYERS = """
      package p;

      import io.javagrad.Differentiable;

      public class Layers {
        /**
         * An offset computed per layer from a size set once at the top: cheap, from values that
         * never change, so recomputed where the reverse sweep reads it rather than recorded.
         */
        @Differentiable static double stacked(double[] w, double[] x, int layers) {
          int units = x.length;
          double[] h = new double[units];
          for (int i = 0; i < units; i++) {
            h[i] = x[i];
          }
          for (int layer = 0; layer < layers; layer++) {
            int offset = layer * units;
            for (int i = 0; i < units; i++) {
              h[i] = Math.tanh(h[i] * w[offset + i]);
            }
          }
          double sum = 0;
          for (int i = 0; i < units; i++) {
            sum += h[i];
          }
          return sum;
        }

        /**
         * A branch inside a loop on a value set once at the top: its condition is evaluated again
         * in the reverse sweep, not recorded per iteration.
         */
        @Differentiable static double branchOnSetOnce(double[] x, double c) {
          double scale = c * c;
          double s = 1;
          for (int i = 0; i < x.length; i++) {
            if (scale > 1) {
              s = Math.sin(s * x[i]);
            } else {
              s = s + x[i] * scale;
            }
          }
          return s;
        }

        /**
         * An explicit Euler recurrence whose conductivity costs an exp per cell: the exp is
         * recorded in the forward sweep and read back, not computed again in the reverse; the
         * differences the flux reads are cheap and are computed again.
         */
        @Differentiable static double conduction(double[] t0, double k0, double beta, int steps) {
          int n = t0.length;
          double[] t = new double[n];
          for (int i = 0; i < n; i++) {
            t[i] = t0[i];
          }
          double[] k = new double[n];
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              k[i] = k0 * Math.exp(beta * t[i]);
            }
            for (int i = 1; i < n; i++) {
              t[i] += 0.1 * k[i] * (t[i - 1] - t[i]);
            }
          }
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += t[i] * t[i];
          }
          return sum;
        }

        /**
         * Scratch vectors refilled for each point and then updated in place, as ADBench's GMM
         * does: the refill of q saves the previous point's values, which the reverse sweep reads,
         * the updates, whose old values it never reads, save nothing, and c, filled with
         * differences of values that never change, is filled again in the reverse sweep instead
         * of saved.
         */
        @Differentiable static double refilled(double[] l, double[] x, double[] m, int d) {
          int n = x.length / d;
          double[] c = new double[d];
          double[] q = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int j = 0; j < d; j++) {
              c[j] = x[p * d + j] - m[j];
            }
            for (int j = 0; j < d; j++) {
              q[j] = Math.exp(l[j]) * c[j];
            }
            int k = d;
            for (int i = 0; i < d; i++) {
              for (int j = i + 1; j < d; j++) {
                q[j] += l[k] * c[i];
                k++;
              }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
              norm += q[j] * q[j];
            }
            total += Math.log(1 + norm);
          }
          return total;
        }

        /**
         * As above, but the refill leaves the first element: its earlier value remains, so the
         * updates save what they overwrite.
         */
        @Differentiable static double partlyRefilled(double[] l, double[] x, int d) {
          int n = x.length / d;
          double[] q = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int j = 1; j < d; j++) {
              q[j] = l[j] * x[p * d + j];
            }
            for (int j = 0; j < d; j++) {
              q[j] += l[0] * q[0];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
              norm += q[j] * q[j];
            }
            total += Math.sqrt(1 + norm);
          }
          return total;
        }

        /**
         * Running indices: a step by a value set once is undone by the opposite step in the
         * reverse sweep; a step by a value that changes is recorded.
         */
        @Differentiable static double runningIndices(double[] w, double[] x, int stride) {
          double s = 0;
          int k = 0;
          long far = 3L;
          int jump = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 2; j++) {
              s += Math.sin(w[k] * x[i]) * w[(int) (far % w.length)];
              k++;
              far += 2L;
              jump += k;
              s += w[jump % w.length] * x[i];
            }
            k -= 2;
            k += stride;
          }
          return s;
        }

        /** The same local assigned twice at the top: not set once, so its old value is kept. */
        @Differentiable static double reassigned(double[] x, double c) {
          double scale = c * c;
          double s = 1;
          for (double xi : x) {
            if (scale > 1) {
              s = s * xi;
            } else {
              s = Math.cos(s) + xi;
            }
          }
          scale = s * c;
          return s * scale;
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Layers", LAYERS);
  private final String companion = compiled.generatedSource("p.LayersGrad");

  @Test
  void anOffsetFromASizeSetOnceIsRecomputedNotRecorded() {
    String entry = GeneratedCodeTest.sweepText(companion, "stacked");
    assertFalse(entry.contains("push(offset)"), entry);
    assertFalse(entry.contains("popInt()"), entry);
    check("stacked", new double[] {0.5, -0.3, 0.8, 1.1, -0.7, 0.2}, new double[] {0.4, -1.2, 0.9}, 2);
    check("stacked", new double[] {}, new double[] {}, 0);
  }

  @Test
  void aConditionOnAValueSetOnceIsEvaluatedAgainNotRecorded() {
    String entry = GeneratedCodeTest.sweepText(companion, "branchOnSetOnce");
    assertFalse(entry.contains("popBoolean()"), entry);
    check("branchOnSetOnce", new double[] {0.4, 0.9, -0.3}, 1.3);
    check("branchOnSetOnce", new double[] {0.4, 0.9, -0.3}, 0.6);
  }

  @Test
  void aTranscendentalValueInsideALoopIsRecordedNotComputedAgain() {
    String entry = GeneratedCodeTest.sweepText(companion, "conduction");
    String code = entry.replaceAll("(?m)^\\s*//.*$", "");
    assertEquals(1, GeneratedCodeTest.count(code, "Math.exp("), entry);
    assertTrue(entry.contains("_tape.push(_t"), entry);
    check("conduction", new double[] {0.2, 0.9, -0.4, 0.5}, 0.8, 0.6, 3);
    check("conduction", new double[] {0.3}, 1.1, -0.2, 2);
  }

  @Test
  void aLocalAssignedAgainIsNotTakenForSetOnce() {
    String entry = GeneratedCodeTest.sweepText(companion, "reassigned");
    assertTrue(entry.contains("popBoolean()"), entry);
    check("reassigned", new double[] {0.4, 0.9, -0.3}, 1.3);
    check("reassigned", new double[] {0.4, 0.9, -0.3}, 0.6);
  }

  @Test
  void aScratchArrayRefilledPerPointIsSavedAtTheRefillOnly() {
    String entry = GeneratedCodeTest.sweepText(companion, "refilled");
    assertEquals(1, GeneratedCodeTest.count(entry, "_tape.push(q["), entry);
    assertEquals(0, GeneratedCodeTest.count(entry, "_tape.push(c["), entry);
    double[] l = {0.3, -0.2, 0.1, 0.5, -0.4, 0.25};
    check("refilled", l, new double[] {0.5, -1.0, 2.0, 0.3, 0.1, -0.7, 1.5, 0.2, -0.3}, new double[] {0.1, 0.2, -0.1},
        3);
    check("refilled", new double[] {0.3}, new double[] {0.5, -1.0}, new double[] {0.1}, 1);
    check("refilled", new double[] {0.3, -0.2, 0.1}, new double[] {}, new double[] {0.1, 0.2}, 2);
  }

  @Test
  void anArrayRefilledOnlyInPartKeepsSavingItsUpdates() {
    String entry = GeneratedCodeTest.sweepText(companion, "partlyRefilled");
    assertEquals(2, GeneratedCodeTest.count(entry, "_tape.push(q["), entry);
    check("partlyRefilled", new double[] {0.3, -0.2, 0.1}, new double[] {0.5, -1.0, 2.0, 0.3, 0.1, -0.7}, 3);
  }

  @Test
  void aRunningIndexIsSteppedBackNotRecorded() {
    String entry = GeneratedCodeTest.sweepText(companion, "runningIndices");
    assertFalse(entry.contains("push(k)"), entry);
    assertFalse(entry.contains("push(far)"), entry);
    assertTrue(entry.contains("push(jump)"), entry);
    assertTrue(entry.contains("k = k - 1;"), entry);
    assertTrue(entry.contains("k = k - stride;"), entry);
    assertTrue(entry.contains("far = far - 2L;"), entry);
    double[] w = {0.5, -0.3, 0.8, 1.1, -0.7, 0.2, 0.4, 0.9};
    check("runningIndices", w, new double[] {0.4, -1.2, 0.9}, 2);
    check("runningIndices", w, new double[] {0.4, -1.2}, 3);
    check("runningIndices", w, new double[] {}, 1);
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Layers", method).check(args);
  }
}
