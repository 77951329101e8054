package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * Logistic growth, {@code capacity / (1 + exp(-rate (t - midpoint)))}, the curve at many times,
 * and the sum of squared residuals of a fit of it to data. All are {@code @Differentiable}, so the
 * build generates {@code LogisticGrad}; the data are {@code @NoDerivative}: the gradient has three
 * slots, one per parameter, not one per data point, and the Jacobian of the curve three columns.
 */
final class Logistic {
  private Logistic() {}

  /**
   * The curve at time {@code t}: it rises from 0 to {@code capacity}, fastest (slope
   * capacity·rate/4) at {@code midpoint}.
   */
  @Differentiable
  static double value(double capacity, double rate, double midpoint, @NoDerivative double t) {
    return capacity / (1 + Math.exp(-rate * (t - midpoint)));
  }

  /**
   * The curve at each time of {@code t}: a vector-valued method, whose generated Jacobian (one row
   * per time, one column per parameter) is what Levenberg–Marquardt asks for.
   */
  @Differentiable
  static double[] values(double capacity, double rate, double midpoint, @NoDerivative double[] t) {
    double[] curve = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      curve[i] = value(capacity, rate, midpoint, t[i]);
    }
    return curve;
  }

  /** The least-squares loss: Σ (value(t[i]) - y[i])². */
  @Differentiable
  static double sumOfSquares(double capacity, double rate, double midpoint,
      @NoDerivative double[] t, @NoDerivative double[] y) {
    double total = 0;
    for (int i = 0; i < t.length; i++) {
      double residual = value(capacity, rate, midpoint, t[i]) - y[i];
      total += residual * residual;
    }
    return total;
  }
}
