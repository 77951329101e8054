package io.javagrad.hipparchus;

import io.javagrad.Differentiable;
import io.javagrad.DerivativesFrom;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;
import org.hipparchus.util.MathArrays;

/** Methods that call Hipparchus's special functions, differentiated through {@link HipparchusDerivatives}. */
@DerivativesFrom(HipparchusDerivatives.class)
final class Special {
  private Special() {}

  /** The normal CDF and its tail. */
  @Differentiable
  static double normal(double x) {
    return 0.5 * (1 + Erf.erf(x / FastMath.sqrt(2))) + Erf.erfc(x) * Erf.erf(-x, 2 * x);
  }

  /** A normal quantile by the inverse error functions. */
  @Differentiable
  static double quantiles(double p) {
    return Erf.erfInv(2 * p - 1) + Erf.erfcInv(2 * p);
  }

  /** The log-likelihood of a gamma distribution's shape k and scale theta at x. */
  @Differentiable
  static double gammaLogDensity(double k, double theta, double x) {
    return (k - 1) * FastMath.log(x) - x / theta - Gamma.logGamma(k) - k * FastMath.log(theta);
  }

  /** The accurate dot products of Hipparchus's geometry. */
  @Differentiable
  static double combinations(double[] a, double[] b, double s) {
    return MathArrays.linearCombination(a, b) * s + MathArrays.linearCombination(a[0], s, b[1], s * s)
        + MathArrays.linearCombination(a[0], b[0], a[1], b[1], s, s);
  }

  /** Γ, ψ and log B together, and the hyperbolic inverses FastMath has beyond Math. */
  @Differentiable
  static double mixture(double a, double b) {
    return Gamma.gamma(a) * Gamma.digamma(b) + Beta.logBeta(a, b)
        + FastMath.asinh(a - b) + FastMath.acosh(1 + a * a) + FastMath.atanh(b / (2 + b));
  }
}
