package corpus;

import io.javagrad.Differentiable;

/**
 * Special functions as numerical libraries write them: coefficient tables in private constants,
 * Horner loops, argument reduction with floor and round, reflection formulas, series that stop on
 * a tolerance and throw when they run out of terms.
 */
public final class SpecialFunctions {
  /** Lanczos' g = 7 with nine coefficients. */
  private static final double LANCZOS_G = 7;

  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  /** Abramowitz and Stegun 7.1.26: t = 1 / (1 + p z), then a polynomial in t (highest degree first). */
  private static final double ERF_P = 0.3275911;

  private static final double[] ERF_A = {1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592};

  /** B_2k / 2k, the coefficients of x^-2k in the asymptotic series of the digamma function. */
  private static final double[] DIGAMMA_SERIES = {1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132};

  private static final double LN2 = Math.log(2);

  /** 1/n! for n = 12 down to 0: Taylor's exp on the reduced argument, in Horner order. */
  private static final double[] EXP_TAYLOR = {
      1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
      1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1, 1};

  private static final int MAX_SERIES_TERMS = 60;

  private SpecialFunctions() {}

  /** log Gamma(x) by Lanczos' approximation, with Euler's reflection below 1/2. */
  @Differentiable
  public static double logGamma(double x) {
    if (x <= 0 && x == Math.rint(x)) {
      throw new IllegalArgumentException("logGamma has a pole at " + x);
    }
    boolean reflect = x < 0.5;
    double z = (reflect ? 1 - x : x) - 1;
    double series = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      series += LANCZOS[i] / (z + i);
    }
    double t = z + LANCZOS_G + 0.5;
    double logGamma = HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
    if (reflect) {
      // Gamma(x) Gamma(1 - x) = pi / sin(pi x)
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma;
    }
    return logGamma;
  }

  /** erf to about 1.5e-7; odd, so computed on |x| and given x's sign. */
  @Differentiable
  public static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + ERF_P * z);
    double poly = 0;
    for (double a : ERF_A) {
      poly = poly * t + a;
    }
    double magnitude = 1 - poly * t * Math.exp(-z * z);
    return Math.copySign(magnitude, x);
  }

  /** The digamma function: reflection, recurrence up to 6, then the asymptotic series. */
  @Differentiable
  public static double digamma(double x) {
    if (x <= 0 && Math.floor(x) == x) {
      throw new IllegalArgumentException("digamma has a pole at " + x);
    }
    double result = 0;
    if (x < 0) {
      // psi(1 - x) - psi(x) = pi cot(pi x)
      result -= Math.PI / Math.tan(Math.PI * x);
      x = 1 - x;
    }
    while (x < 6) {
      result -= 1 / x;
      x += 1;
    }
    double inverseSquare = 1 / (x * x);
    double series = 0;
    for (int k = DIGAMMA_SERIES.length - 1; k >= 0; k--) {
      series = (series + DIGAMMA_SERIES[k]) * inverseSquare;
    }
    return result + Math.log(x) - 0.5 / x - series;
  }

  /** The Bessel function J0 by its power series, which stops once a term no longer matters. */
  @Differentiable
  public static double besselJ0(double x) {
    if (Math.abs(x) > 12) {
      throw new IllegalArgumentException("the power series of J0 loses accuracy beyond |x| = 12: " + x);
    }
    double q = 0.25 * x * x;
    double term = 1, sum = 1;
    int k = 0;
    int n = MAX_SERIES_TERMS;
    while (n-- > 0) {
      ++k;
      term *= -q / ((double) k * k);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return sum;
  }

  /** The regularized lower incomplete gamma function P(a, x) by its series; too few terms throw. */
  @Differentiable
  public static double regularizedGammaP(double a, double x, int maxIterations) {
    if (a <= 0) {
      throw new IllegalArgumentException("a must be positive: " + a);
    }
    if (x < 0) {
      throw new IllegalArgumentException("x must not be negative: " + x);
    }
    if (x == 0) {
      return 0;
    }
    double term = 1 / a;
    double sum = term;
    int n = 0;
    while (Math.abs(term) > 1e-16 * Math.abs(sum)) {
      if (++n > maxIterations) {
        throw new ArithmeticException(
            "series for P(" + a + ", " + x + ") did not converge in " + maxIterations + " terms");
      }
      term *= x / (a + n);
      sum += term;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /** sin(pi x), reduced to [0, 2) and then to a quadrant chosen by an int switch. */
  @Differentiable
  public static double sinPi(double x) {
    if (Double.isInfinite(x)) {
      throw new IllegalArgumentException("sinPi of an infinite argument: " + x);
    }
    double r = x - 2 * Math.floor(0.5 * x);
    int quadrant = (int) (2 * r);
    switch (quadrant) {
      case 0:
        return StrictMath.sin(Math.PI * r);
      case 1:
        return StrictMath.cos(Math.PI * (r - 0.5));
      case 2:
        return -StrictMath.sin(Math.PI * (r - 1));
      default:
        return -StrictMath.cos(Math.PI * (r - 1.5));
    }
  }

  /** exp(x) = 2^k exp(r) with k = round(x / ln 2): Taylor on r by fused multiply-adds, 2^k by a shift. */
  @Differentiable
  public static double expReduced(double x) {
    if (!(Math.abs(x) <= 40)) {
      throw new IllegalArgumentException("expReduced is accurate for |x| <= 40 only: " + x);
    }
    long k = Math.round(x / LN2);
    double r = x - k * LN2;
    double p = 0;
    for (double c : EXP_TAYLOR) {
      p = Math.fma(p, r, c);
    }
    long scale = 1L << Math.abs(k);
    return k >= 0 ? p * scale : p / scale;
  }

  /** log(1 + x) by its alternating series; the power is bumped inside the call. */
  @Differentiable
  public static double log1pSeries(double x, int terms) {
    if (Math.abs(x) >= 1) {
      throw new IllegalArgumentException("the series of log(1 + x) diverges for |x| >= 1: " + x);
    }
    double sum = 0;
    double sign = 1;
    int pow = 0;
    while (pow < terms) {
      sum += sign * Math.pow(x, ++pow) / pow;
      sign = -sign;
    }
    return sum;
  }
}
