package example;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/** A user's model: radioactive decay a e^(-k t) + c, fitted to measurements. */
final class Decay {
  private Decay() {}

  @Differentiable
  static double[] model(double[] p, @NoDerivative double[] t) {
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = p[0] * Math.exp(-p[1] * t[i]) + p[2];
    }
    return y;
  }

  @Differentiable
  static double sumOfSquares(double[] p, @NoDerivative double[] t, @NoDerivative double[] y) {
    double sum = 0;
    for (int i = 0; i < t.length; i++) {
      double r = p[0] * Math.exp(-p[1] * t[i]) + p[2] - y[i];
      sum += r * r;
    }
    return sum;
  }
}
