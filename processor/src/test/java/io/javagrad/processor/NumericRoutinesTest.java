package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numeric routines as textbooks and libraries write them: a natural cubic spline whose knots are
 * differentiated (a tridiagonal solve, then {@code Arrays.binarySearch} for the interval), a
 * fourth-order Runge-Kutta integrator whose right-hand side writes into an array, Black-Scholes over
 * a rational approximation of erf from a constant table, and Horner's rule over {@code double...}.
 */
class NumericRoutinesTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;

      public class Routines {
        private static final double[] A = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};
        private static final double P = 0.3275911;

        static double erf(double x) {
          double sign = Math.signum(x);
          double ax = Math.abs(x);
          double t = 1.0 / (1.0 + P * ax);
          double poly = 0;
          for (int i = A.length - 1; i >= 0; i--) poly = poly * t + A[i];
          return sign * (1 - poly * t * Math.exp(-ax * ax));
        }

        /** Natural cubic spline through (xs, ys), evaluated at x. */
        @Differentiable static double spline(double[] xs, double[] ys, double x) {
          int n = xs.length;
          if (n < 3) throw new IllegalArgumentException("need 3 knots, got " + n);
          double[] h = new double[n - 1];
          for (int i = 0; i < n - 1; i++) h[i] = xs[i + 1] - xs[i];
          double[] alpha = new double[n];
          for (int i = 1; i < n - 1; i++) alpha[i] = 3 / h[i] * (ys[i + 1] - ys[i]) - 3 / h[i - 1] * (ys[i] - ys[i - 1]);
          double[] l = new double[n], mu = new double[n], z = new double[n];
          l[0] = 1;
          for (int i = 1; i < n - 1; i++) {
            l[i] = 2 * (xs[i + 1] - xs[i - 1]) - h[i - 1] * mu[i - 1];
            mu[i] = h[i] / l[i];
            z[i] = (alpha[i] - h[i - 1] * z[i - 1]) / l[i];
          }
          l[n - 1] = 1;
          double[] c = new double[n], b = new double[n - 1], d = new double[n - 1];
          for (int j = n - 2; j >= 0; j--) {
            c[j] = z[j] - mu[j] * c[j + 1];
            b[j] = (ys[j + 1] - ys[j]) / h[j] - h[j] * (c[j + 1] + 2 * c[j]) / 3;
            d[j] = (c[j + 1] - c[j]) / (3 * h[j]);
          }
          int k = Arrays.binarySearch(xs, x);
          if (k < 0) k = -k - 2;
          k = Math.max(0, Math.min(n - 2, k));
          double dx = x - xs[k];
          return ys[k] + dx * (b[k] + dx * (c[k] + dx * d[k]));
        }

        static void rhs(double t, double[] y, double k, double[] out) {
          out[0] = y[1];
          out[1] = -k * y[0] - 0.1 * y[1] + Math.sin(t);
        }

        /** RK4 integration of a damped oscillator. */
        @Differentiable static double rk4(double k, double y0, double v0, int steps) {
          double[] y = {y0, v0};
          double[] k1 = new double[2], k2 = new double[2], k3 = new double[2], k4 = new double[2], tmp = new double[2];
          double h = 0.01;
          for (int s = 0; s < steps; s++) {
            double t = s * h;
            rhs(t, y, k, k1);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
            rhs(t + 0.5 * h, tmp, k, k2);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
            rhs(t + 0.5 * h, tmp, k, k3);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + h * k3[i];
            rhs(t + h, tmp, k, k4);
            for (int i = 0; i < 2; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          }
          return y[0];
        }

        @Differentiable static double bsCall(double s, double k, double vol, double t, double r) {
          double sq = vol * Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * vol * vol) * t) / sq;
          double d2 = d1 - sq;
          return s * 0.5 * (1 + erf(d1 / Math.sqrt(2))) - k * Math.exp(-r * t) * 0.5 * (1 + erf(d2 / Math.sqrt(2)));
        }

        @Differentiable static double horner(double x, double... coeffs) {
          double r = 0;
          for (double c : coeffs) r = r * x + c;
          return r;
        }

        @Differentiable static double cubic(double x, double a) {
          return horner(x, a, -2.0, 0.5, 1.0) + horner(a);
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Routines", SOURCE).assertCleanSuccess();
  }

  @Test
  void splineThroughDifferentiatedKnots() {
    double[] xs = {0.0, 0.7, 1.5, 2.2, 3.0};
    double[] ys = {1.0, 0.3, -0.4, 0.8, 1.6};
    new GradientAgreement(compiled, "p.Routines", "spline").check(xs, ys, 1.1);
    new GradientAgreement(compiled, "p.Routines", "spline").check(xs, ys, 2.9);
  }

  @Test
  void rungeKuttaWithARightHandSideWritingIntoAnArray() {
    new GradientAgreement(compiled, "p.Routines", "rk4").check(2.0, 1.0, 0.0, 50);
  }

  @Test
  void blackScholesOverATableOfCoefficients() {
    new GradientAgreement(compiled, "p.Routines", "bsCall").check(100.0, 95.0, 0.25, 0.5, 0.03);
  }

  @Test
  void hornerOverVariableArgumentsAndCallsSpreadingThem() {
    double[] grad = new GradientAgreement(compiled, "p.Routines", "horner").check(0.5, new double[] {2, -1, 3});
    assertEquals(2 * 2 * 0.5 - 1, grad[0], 1e-12);
    new GradientAgreement(compiled, "p.Routines", "cubic").check(0.8, -1.3);
  }
}
