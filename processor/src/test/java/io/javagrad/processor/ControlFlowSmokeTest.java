package io.javagrad.processor;

import org.junit.jupiter.api.Test;

class ControlFlowSmokeTest {
  @Test
  void shapes() {
    Compiled c = Compiled.compile("p.Cf", """
        package p;
        import io.javagrad.Differentiable;
        public class Cf {
          @Differentiable static double rosen(double[] x) {
            double s = 0;
            for (int i = 0; i < x.length - 1; i++) {
              double a = x[i + 1] - x[i] * x[i];
              double b = 1 - x[i];
              s += 100 * a * a + b * b;
            }
            return s;
          }
          @Differentiable static double piecewise(double x) {
            double y;
            if (x > 1) { y = x * x; } else if (x > -1) { y = Math.sin(x); } else { y = -x; }
            return y * 2;
          }
          @Differentiable static double newton(double a) {
            double x = a;
            int k = 0;
            while (Math.abs(x * x - a) > 1e-12 && k < 50) { x = 0.5 * (x + a / x); k++; }
            return x;
          }
          @Differentiable static double iterate(double x, int n) {
            for (int i = 0; i < n; i++) { x = Math.sin(x); }
            return x;
          }
          @Differentiable static double early(double[] x, double t) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += x[i] * t;
              if (s > 2) { return s * s; }
            }
            return s;
          }
          @Differentiable static double brk(double[] x) {
            double s = 1;
            int i = 0;
            while (true) {
              if (i >= x.length) break;
              if (x[i] < 0) { i++; continue; }
              s *= x[i];
              i++;
            }
            return s;
          }
          @Differentiable static double mlp(double[] w, double[] x) {
            double[] h = new double[3];
            for (int j = 0; j < 3; j++) {
              for (int i = 0; i < x.length; i++) { h[j] += w[j * x.length + i] * x[i]; }
              h[j] = Math.tanh(h[j]);
            }
            double out = 0;
            for (int j = 0; j < 3; j++) { out += h[j] * w[3 * x.length + j]; }
            return out;
          }
          @Differentiable static double ternary(double x, double y) {
            double m = x > y ? x * y : y - x;
            return m + (x < 0 ? -x : x);
          }
          @Differentiable static double doWhile(double x) {
            double y = x;
            do { y = y * 0.5 + 1; } while (y > 3);
            return y * x;
          }
        }
        """);
    TestLog.print(c.diagnostics());
    TestLog.print(c.generatedSources());
    c.assertCleanSuccess();
    new GradientAgreement(c, "p.Cf", "rosen").check(new double[] {0.5, -1.2, 0.8, 2.0});
    new GradientAgreement(c, "p.Cf", "piecewise").check(1.5);
    new GradientAgreement(c, "p.Cf", "piecewise").check(0.3);
    new GradientAgreement(c, "p.Cf", "piecewise").check(-2.0);
    new GradientAgreement(c, "p.Cf", "newton").check(2.0);
    new GradientAgreement(c, "p.Cf", "iterate").check(0.7, 5);
    new GradientAgreement(c, "p.Cf", "early").check(new double[] {0.5, 1.0, 2.0, 3.0}, 0.9);
    new GradientAgreement(c, "p.Cf", "early").check(new double[] {0.1, 0.2}, 0.9);
    new GradientAgreement(c, "p.Cf", "brk").check(new double[] {0.5, -1.0, 2.0, 3.0});
    new GradientAgreement(c, "p.Cf", "mlp").check(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9},
        new double[] {1.0, -2.0});
    new GradientAgreement(c, "p.Cf", "ternary").check(0.5, -1.5);
    new GradientAgreement(c, "p.Cf", "ternary").check(-0.5, 1.5);
    new GradientAgreement(c, "p.Cf", "doWhile").check(9.0);
  }
}
