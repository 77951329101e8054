package example;

import io.javagrad.Differentiable;

/** A user's class, compiled with the README's Maven setup. */
final class Logistic {
  private Logistic() {}

  @Differentiable
  static double of(double x, double k) {
    return 1 / (1 + Math.exp(-k * x));
  }
}
