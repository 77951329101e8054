package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numeric code written the way Java libraries write it, with helpers that return arrays and fill
 * arrays they are given: a natural cubic spline (its second derivatives by the Thomas algorithm in
 * a helper returning a new array, the interval found by {@code Arrays.binarySearch} on constant
 * knots), a Gaussian mixture's log-likelihood (a {@code logSumExp} helper over a scratch array
 * filled per point, {@code double[][]} means and data), and an integration whose step is a {@code
 * void} helper writing into the next buffer of a swap, its settings in a record. Gradients agree
 * with the twin and with finite differences.
 */
class LibraryStyleNumericsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.Arrays;

      final class Real {
        private Real() {}

        static double logSumExp(double[] v) {
          double m = Double.NEGATIVE_INFINITY;
          for (double e : v) m = Math.max(m, e);
          if (Double.isInfinite(m)) return m;
          double s = 0;
          for (double e : v) s += Math.exp(e - m);
          return m + Math.log(s);
        }

        static int findInterval(double[] knots, double x) {
          int idx = Arrays.binarySearch(knots, x);
          if (idx < 0) idx = -idx - 2;
          return Math.max(0, Math.min(idx, knots.length - 2));
        }

        /** Natural cubic spline second derivatives (Thomas algorithm), as numerical recipes write it. */
        static double[] secondDerivatives(double[] x, double[] y) {
          int n = x.length;
          double[] y2 = new double[n];
          double[] u = new double[n - 1];
          for (int i = 1; i < n - 1; i++) {
            double sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
            double p = sig * y2[i - 1] + 2.0;
            y2[i] = (sig - 1.0) / p;
            u[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
            u[i] = (6.0 * u[i] / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
          }
          y2[n - 1] = 0.0;
          for (int k = n - 2; k >= 0; k--) {
            y2[k] = y2[k] * y2[k + 1] + u[k];
          }
          return y2;
        }

        @Differentiable
        static double spline(@NoDerivative double[] knots, double[] values, double x) {
          double[] y2 = secondDerivatives(knots, values);
          int lo = findInterval(knots, x);
          int hi = lo + 1;
          double h = knots[hi] - knots[lo];
          double a = (knots[hi] - x) / h;
          double b = (x - knots[lo]) / h;
          return a * values[lo] + b * values[hi] + ((a * a * a - a) * y2[lo] + (b * b * b - b) * y2[hi]) * (h * h) / 6.0;
        }

        @Differentiable
        static double gmm(double[][] means, double[] logWeights, double logSigma, @NoDerivative double[][] data) {
          int k = means.length;
          double[] logw = new double[k];
          double lse = logSumExp(logWeights);
          for (int j = 0; j < k; j++) logw[j] = logWeights[j] - lse;
          double total = 0;
          double[] terms = new double[k];
          for (double[] point : data) {
            for (int j = 0; j < k; j++) {
              double d2 = 0;
              for (int i = 0; i < point.length; i++) {
                double d = point[i] - means[j][i];
                d2 += d * d;
              }
              terms[j] = logw[j] - 0.5 * d2 * Math.exp(-2 * logSigma) - point.length * logSigma;
            }
            total += logSumExp(terms);
          }
          return total;
        }

        record Params(double rate, int steps) {}

        static void rk4Step(double[] y, double t, double h, double k1, double[] out) {
          double[] a = new double[y.length];
          for (int i = 0; i < y.length; i++) a[i] = y[i] + 0.5 * h * k1 * y[i];
          for (int i = 0; i < y.length; i++) out[i] = y[i] + h * (k1 * a[i]);
        }

        @Differentiable
        static double integrate(double[] y0, double k, Params params) {
          double[] y = y0.clone();
          double[] next = new double[y.length];
          double h = 1.0 / params.steps();
          for (int s = 0; s < params.steps(); s++) {
            rk4Step(y, s * h, h, -k, next);
            double[] tmp = y; y = next; next = tmp;
          }
          double sum = 0;
          for (double v : y) sum += v;
          return sum;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Real", SOURCE);
  }

  @Test
  void spline() {
    double[] knots = {0.0, 0.5, 1.25, 2.0, 3.0};
    double[] values = {0.3, -0.2, 0.9, 1.1, 0.4};
    for (double x : new double[] {0.2, 1.0, 1.7, 2.6}) {
      agree("spline", knots, values, x);
    }
  }

  @Test
  void gaussianMixture() {
    double[][] means = {{0.1, -0.4}, {1.2, 0.8}, {-0.9, 0.5}};
    double[][] data = {{0.0, 0.1}, {1.0, 1.1}, {-1.2, 0.3}, {0.4, -0.2}};
    agree("gmm", means, new double[] {0.2, -0.3, 0.1}, -0.25, data);
  }

  @Test
  void integrationWithAStepHelperAndABufferSwap() throws Exception {
    var constructor = compiled.load("p.Real$Params").getDeclaredConstructor(double.class, int.class);
    constructor.setAccessible(true);
    Object params = constructor.newInstance(0.3, 12);
    agree("integrate", new double[] {1.0, 0.5, -0.25}, 0.8, params);
  }

  private static void agree(String method, Object... args) {
    new GradientAgreement(compiled, "p.Real", method).check(args);
  }
}
