package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Loops whose only derivative-carrying result is a sum are differentiated in place: each
 * iteration's reverse right after its forward, no tape, one pass. Each method here is checked
 * numerically (twin, finite differences, every entry point) and, where the shape is the point,
 * structurally; the ones that must not be differentiated in place are checked to be right anyway.
 */
class InPlaceLoopTest {
  private static final String LOSSES = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Losses {
        @Differentiable static double squaredError(double a, double b, @NoDerivative double[] t,
            @NoDerivative double[] y) {
          double sum = 0;
          for (int i = 0; i < t.length; i++) {
            double r = a * Math.exp(-b * t[i]) - y[i];
            sum += r * r;
          }
          return sum / t.length;
        }

        /** The sum's adjoint depends on the sum itself; the array slots are scaled in place. */
        @Differentiable static double logOfSum(double[] x, double c) {
          double sum = c * c;
          for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            sum += 100 * a * a + (1 - x[i]) * (1 - x[i]);
          }
          return Math.log(1 + sum) * c;
        }

        /** An inner loop, a branch and a call inside the iteration. */
        @Differentiable static double logistic(double[] w, double b, @NoDerivative double[] x,
            @NoDerivative double[] y) {
          int n = w.length;
          double total = 0;
          for (int i = 0; i < y.length; i++) {
            double z = b;
            for (int j = 0; j < n; j++) {
              z += w[j] * x[i * n + j];
            }
            if (z > 0) {
              z = z * 0.5 + softplus(-z);
            }
            total += softplus(z) - y[i] * z;
          }
          return total / y.length;
        }

        @Differentiable static double softplus(double z) {
          return Math.log1p(Math.exp(z));
        }

        /**
         * A local overwritten after the iteration's reverse needs its first value, a while loop
         * inside, and a sum that starts from an input.
         */
        @Differentiable static double overwrittenInside(double[] x, double c) {
          double s = c;
          for (int i = 0; i < x.length; i++) {
            double r = x[i] * c;
            s += r * r;
            r = Math.sin(r);
            int k = 0;
            double p = 1;
            while (k < i) {
              p *= r;
              k++;
            }
            s += p * x[i];
          }
          return s * s;
        }

        /** A layer's activations in scratch arrays, filled whole by each sample before they are read. */
        @Differentiable static double network(double[] w, @NoDerivative double[] x, @NoDerivative double[] y) {
          int hidden = 3;
          double[] h = new double[hidden];
          double[] o = new double[2];
          double total = 0;
          int samples = y.length / 2;
          for (int s = 0; s < samples; s++) {
            for (int j = 0; j < hidden; j++) {
              double a = w[j];
              for (int i = 0; i < 2; i++) {
                a += w[hidden + 2 * j + i] * x[2 * s + i];
              }
              h[j] = Math.tanh(a);
            }
            for (int k = 0; k < 2; k++) {
              double a = 0;
              for (int j = 0; j < hidden; j++) {
                a += w[3 * hidden + hidden * k + j] * h[j];
              }
              o[k] = a;
            }
            double max = Math.max(o[0], o[1]);
            double logSumExp = max + Math.log(Math.exp(o[0] - max) + Math.exp(o[1] - max));
            for (int k = 0; k < 2; k++) {
              total += y[2 * s + k] * (logSumExp - o[k]);
            }
          }
          return total / samples;
        }

        /** The array carries a value from one sample to the next: not scratch. */
        @Differentiable static double carried(double[] w) {
          double[] h = new double[2];
          double total = 0;
          for (int s = 0; s < 3; s++) {
            total += h[0] * w[s];
            for (int j = 0; j < 2; j++) {
              h[j] = Math.sin(w[j] + s);
            }
          }
          return total;
        }

        /** The sum is read before the loop: the loop is differentiated the usual way. */
        @Differentiable static double readBefore(double[] x) {
          double sum = x[0];
          double first = sum * sum;
          for (int i = 1; i < x.length; i++) {
            sum += Math.sin(x[i] * sum0(x));
          }
          return sum * first;
        }

        @Differentiable static double sum0(double[] x) {
          return x[0];
        }

        /** The sum is read inside the loop: not a reduction. */
        @Differentiable static double readInside(double[] x) {
          double s = 1;
          for (int i = 0; i < x.length; i++) {
            s += s * x[i];
          }
          return s;
        }

        /** Two sums: the usual way. */
        @Differentiable static double twoSums(double[] x) {
          double s = 0;
          double q = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i];
            q += x[i] * x[i];
          }
          return q / x.length - s * s / (x.length * x.length);
        }

        /**
         * The parameter array is read after the loop too: in place, its shares gathered in an
         * array of their own, added into its slots where the reverse sweep reaches the loop.
         */
        @Differentiable static double arrayReadAfter(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.exp(x[i]);
          }
          return s * x[0];
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Losses", LOSSES);
  private final String companion = compiled.generatedSource("p.LossesGrad");

  @Test
  void aSumOverDataRunsOnceAndRecordsNothing() {
    String entry = GeneratedCodeTest.sweepText(companion, "squaredError");
    assertFalse(entry.contains("Tape"), entry);
    String code = withoutComments(entry);
    assertEquals(1, code.lines().filter(line -> line.trim().startsWith("for (")).count(), entry);
    assertTrue(entry.contains("// for (int i = 0; i < t.length; i++), differentiated in place above"), entry);
    // the iteration keeps exp's value for its own reverse
    assertEquals(1, GeneratedCodeTest.count(code, "Math.exp("), entry);
    check("squaredError", 1.5, 0.4, new double[] {0.0, 0.5, 1.0, 2.0}, new double[] {1.4, 1.2, 0.9, 0.7});
  }

  @Test
  void parameterArraySlotsAreScaledBySeedsThatDependOnTheSum() {
    String entry = GeneratedCodeTest.sweepText(companion, "logOfSum");
    assertTrue(entry.contains("differentiated in place above"), entry);
    check("logOfSum", new double[] {-1.2, 1.0, 0.5, 0.3}, 0.7);
    check("logOfSum", new double[] {0.2}, -1.1);
  }

  @Test
  void innerLoopsBranchesAndCallsRunInsideTheIteration() {
    String entry = GeneratedCodeTest.sweepText(companion, "logistic");
    assertTrue(entry.contains("differentiated in place above"), entry);
    check("logistic", new double[] {0.3, -0.2, 0.1}, 0.05,
        new double[] {1.0, 2.0, -1.0, 0.5, -0.5, 0.2, -2.0, 1.0, 1.5}, new double[] {1.0, 0.0, 1.0});
  }

  @Test
  void valuesOverwrittenWithinAnIterationAreRestoredWithinIt() {
    String entry = GeneratedCodeTest.sweepText(companion, "overwrittenInside");
    assertTrue(entry.contains("differentiated in place above"), entry);
    check("overwrittenInside", new double[] {0.4, -0.9, 1.3, 0.2}, 0.8);
    check("overwrittenInside", new double[] {}, 0.8);
  }

  @Test
  void scratchArraysFilledByEachIterationAreDifferentiatedInPlace() {
    String entry = GeneratedCodeTest.sweepText(companion, "network");
    assertTrue(entry.contains("differentiated in place above"), entry);
    assertFalse(entry.contains(".push(h[") || entry.contains(".push(o["), entry);
    double[] w = new double[3 + 6 + 6];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.sin(1.7 * i + 0.3);
    }
    check("network", w, new double[] {0.5, -1.0, 1.5, 0.25, -0.75, 2.0},
        new double[] {1, 0, 0, 1, 0.25, 0.75});
  }

  @Test
  void loopsThatAreNotPlainSumsAreDifferentiatedTheUsualWay() {
    for (String method : new String[] {"readBefore", "readInside", "twoSums", "carried"}) {
      String entry = GeneratedCodeTest.sweepText(companion, method);
      assertFalse(entry.contains("differentiated in place"), method + ":\n" + entry);
    }
    check("readBefore", new double[] {0.4, 0.9, -0.3});
    check("readInside", new double[] {0.4, 0.9, -0.3});
    check("twoSums", new double[] {0.4, 0.9, -0.3});
    check("carried", new double[] {0.4, 0.9, -0.3});
  }

  @Test
  void aParameterArrayReadAfterTheLoopGathersTheLoopsSharesApart() {
    String entry = GeneratedCodeTest.sweepText(companion, "arrayReadAfter");
    assertTrue(entry.contains("differentiated in place above"), entry);
    assertTrue(entry.contains("double[] _ds_dx = new double[x.length];"), entry);
    check("arrayReadAfter", new double[] {0.4, 0.9, -0.3});
    check("arrayReadAfter", new double[] {-1.5});
  }

  private static String withoutComments(String code) {
    return code.lines().filter(line -> !line.trim().startsWith("//")).reduce("", (a, b) -> a + b + "\n");
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Losses", method).check(args);
  }
}
