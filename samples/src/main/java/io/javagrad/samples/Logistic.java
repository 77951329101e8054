package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * Logistic growth, {@code capacity / (1 + exp(-rate (t - midpoint)))}, and the sum of squared
 * residuals of a fit of it to data. Both are {@code @Differentiable}, so the build generates
 * {@code LogisticGrad}; the data are {@code @NoDerivative}: the gradient has three slots, one per
 * parameter, not one per data point.
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
