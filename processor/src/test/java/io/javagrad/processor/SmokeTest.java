package io.javagrad.processor;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void styleExample() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double f(double x, double y) { double s = Math.sin(y); return x*s + Math.exp(x); }
          @Differentiable static double g(double x, double y) { double t = x * y; t = t * t + f(x, t); t += 2; return Math.tanh(t) / y; }
          @Differentiable static double h(double[] xs, int n) { return xs[0] * xs[n] + Math.pow(xs[1], 2) + g(xs[0], 3); }
          @Differentiable static double k(double a, double[] xs) { double u = f(a, xs[0]) * g(a, 2 * a); return u + h(xs, 1) * f(u, a); }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(0.7, -1.3);
    new GradientAgreement(c, "p.Foo", "g").check(0.7, -1.3);
    new GradientAgreement(c, "p.Foo", "h").check(new double[] {0.5, -0.25, 1.5}, 2);
    new GradientAgreement(c, "p.Foo", "k").check(0.3, new double[] {0.5, -0.25, 1.5});
  }
}
