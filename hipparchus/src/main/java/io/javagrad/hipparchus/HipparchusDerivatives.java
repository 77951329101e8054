package io.javagrad.hipparchus;

import io.javagrad.DerivativeOf;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;
import org.hipparchus.util.MathArrays;

/**
 * Derivatives of Hipparchus's functions whose source javagrad cannot see, for methods that call
 * them: its special functions ({@code Erf}, {@code Gamma}, {@code Beta}), the functions {@code
 * FastMath} has beyond {@code Math}'s, and the accurate dot product of two arrays {@code
 * MathArrays.linearCombination(a, b)} (those of two to four pairs of numbers are functions of
 * javagrad's table, which needs no rule). Annotate the method {@code @Differentiable(derivatives =
 * HipparchusDerivatives.class)}, or its class {@code @DerivativesFrom(HipparchusDerivatives.class)}.
 * Each rule returns the function's value, computed by Hipparchus, and writes its partial
 * derivatives into {@code grad}, one per argument (per element, for an array); the derivatives are
 * written with Hipparchus's own functions ({@code Gamma.digamma} for {@code logGamma}). The
 * functions whose derivative in a parameter has no closed form (the regularized gamma and beta
 * functions, in their shape parameters) have no rule here.
 *
 * <p>These rules give first derivatives: a method that calls one has no second-order entries.
 */
public final class HipparchusDerivatives {
  /** 2/√π, the scale of erf's derivative. */
  private static final double TWO_OVER_SQRT_PI = 2 / FastMath.sqrt(FastMath.PI);

  private HipparchusDerivatives() {}

  /** erf'(x) = 2/√π e^(-x²). */
  @DerivativeOf(Erf.class)
  public static double erf(double x, double[] grad) {
    grad[0] = TWO_OVER_SQRT_PI * FastMath.exp(-x * x);
    return Erf.erf(x);
  }

  /** erf(x1, x2) = erf(x2) - erf(x1). */
  @DerivativeOf(Erf.class)
  public static double erf(double x1, double x2, double[] grad) {
    grad[0] = -TWO_OVER_SQRT_PI * FastMath.exp(-x1 * x1);
    grad[1] = TWO_OVER_SQRT_PI * FastMath.exp(-x2 * x2);
    return Erf.erf(x1, x2);
  }

  /** erfc'(x) = -2/√π e^(-x²). */
  @DerivativeOf(Erf.class)
  public static double erfc(double x, double[] grad) {
    grad[0] = -TWO_OVER_SQRT_PI * FastMath.exp(-x * x);
    return Erf.erfc(x);
  }

  /** The inverse's derivative, 1 / erf'(erfInv(x)) = √π/2 e^(erfInv(x)²). */
  @DerivativeOf(Erf.class)
  public static double erfInv(double x, double[] grad) {
    double y = Erf.erfInv(x);
    grad[0] = FastMath.exp(y * y) / TWO_OVER_SQRT_PI;
    return y;
  }

  /** The inverse's derivative, 1 / erfc'(erfcInv(x)) = -√π/2 e^(erfcInv(x)²). */
  @DerivativeOf(Erf.class)
  public static double erfcInv(double x, double[] grad) {
    double y = Erf.erfcInv(x);
    grad[0] = -FastMath.exp(y * y) / TWO_OVER_SQRT_PI;
    return y;
  }

  /** logΓ'(x) = ψ(x), the digamma function. */
  @DerivativeOf(Gamma.class)
  public static double logGamma(double x, double[] grad) {
    grad[0] = Gamma.digamma(x);
    return Gamma.logGamma(x);
  }

  /** Γ'(x) = Γ(x) ψ(x). */
  @DerivativeOf(Gamma.class)
  public static double gamma(double x, double[] grad) {
    double value = Gamma.gamma(x);
    grad[0] = value * Gamma.digamma(x);
    return value;
  }

  /** ψ'(x), the trigamma function. */
  @DerivativeOf(Gamma.class)
  public static double digamma(double x, double[] grad) {
    grad[0] = Gamma.trigamma(x);
    return Gamma.digamma(x);
  }

  /** log B(p, q) = logΓ(p) + logΓ(q) - logΓ(p + q): its partials are ψ(p) - ψ(p + q) and ψ(q) - ψ(p + q). */
  @DerivativeOf(Beta.class)
  public static double logBeta(double p, double q, double[] grad) {
    double sum = Gamma.digamma(p + q);
    grad[0] = Gamma.digamma(p) - sum;
    grad[1] = Gamma.digamma(q) - sum;
    return Beta.logBeta(p, q);
  }

  /** Σ a[i] b[i]: the slots of {@code a}, then those of {@code b}. */
  @DerivativeOf(MathArrays.class)
  public static double linearCombination(double[] a, double[] b, double[] grad) {
    double value = MathArrays.linearCombination(a, b);
    System.arraycopy(b, 0, grad, 0, a.length);
    System.arraycopy(a, 0, grad, a.length, b.length);
    return value;
  }

  /** asinh'(x) = 1/√(x² + 1); {@code FastMath}'s other functions are {@code Math}'s, which javagrad knows. */
  @DerivativeOf(FastMath.class)
  public static double asinh(double x, double[] grad) {
    grad[0] = 1 / FastMath.sqrt(x * x + 1);
    return FastMath.asinh(x);
  }

  /** acosh'(x) = 1/√(x² - 1), for x > 1. */
  @DerivativeOf(FastMath.class)
  public static double acosh(double x, double[] grad) {
    grad[0] = 1 / FastMath.sqrt(x * x - 1);
    return FastMath.acosh(x);
  }

  /** atanh'(x) = 1/(1 - x²), for {@code |x| < 1}. */
  @DerivativeOf(FastMath.class)
  public static double atanh(double x, double[] grad) {
    grad[0] = 1 / (1 - x * x);
    return FastMath.atanh(x);
  }
}
