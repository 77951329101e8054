package io.javagrad.samples;

import io.javagrad.DerivativeOf;
import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import org.hipparchus.special.Erf;

/**
 * A probit dose-response curve, {@code Φ((dose - threshold) / spread)}, the normal distribution's
 * CDF written with Hipparchus's {@code Erf.erf}, and the least-squares loss of a fit of it. The
 * processor cannot see {@code Erf.erf}'s source, so the rule {@link #erf(double, double[])} below
 * gives its derivative; {@code normalCdf}, a helper without {@code @Differentiable}, is
 * differentiated on demand into {@code ProbitGrad}.
 */
final class Probit {
  private static final double SQRT2 = Math.sqrt(2);

  private Probit() {}

  /** The derivative of {@code Erf.erf(x)}: 2/√π e^(-x²). */
  @DerivativeOf(Erf.class)
  static double erf(double x, double[] grad) {
    grad[0] = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
    return Erf.erf(x);
  }

  /** The standard normal CDF. */
  static double normalCdf(double z) {
    return 0.5 * (1 + Erf.erf(z / SQRT2));
  }

  /** The share of subjects that respond at {@code dose}. */
  @Differentiable
  static double response(double threshold, double spread, @NoDerivative double dose) {
    return normalCdf((dose - threshold) / spread);
  }

  /** The least-squares loss: Σ (response(dose[i]) - observed[i])². */
  @Differentiable
  static double sumOfSquares(double threshold, double spread, @NoDerivative double[] dose,
      @NoDerivative double[] observed) {
    double total = 0;
    for (int i = 0; i < dose.length; i++) {
      double residual = response(threshold, spread, dose[i]) - observed[i];
      total += residual * residual;
    }
    return total;
  }
}
