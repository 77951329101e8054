package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;

/**
 * Continuous distributions as statistics libraries write them: parameter checks that throw with
 * messages built in a StringBuilder or String.format, densities in log space over a Lanczos table,
 * a continued fraction by modified Lentz with an iteration cap, Acklam's inverse normal CDF over
 * four coefficient tables with a Halley polish, expm1 and log1p where a tail needs them, and
 * mixtures whose work arrays are made inside the loop.
 */
public final class Distributions {
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  private static final double HALF_LOG_2PI = 0.9189385332046727;

  private static final double TINY = 1e-300;

  private static final double EPSILON = 1e-15;

  private static final int MAX_ITERATIONS = 300;

  /** Acklam's rational approximations of the normal quantile: centre (A over B), tails (C over D). */
  private static final double[] A = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};

  private static final double[] B = {
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};

  private static final double[] C = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};

  private static final double[] D = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};

  private static final double P_LOW = 0.02425;

  private Distributions() {}

  // ------------------------------------------------------------------ helpers

  /** log Gamma(x) for x > 0, Lanczos g = 7. */
  static double logGamma(double x) {
    double z = x - 1;
    double series = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      series += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
  }

  private static void checkPositive(double value, String name) {
    if (!(value > 0)) {
      StringBuilder message = new StringBuilder(name).append(" must be positive, got ").append(value);
      throw new IllegalArgumentException(message.toString());
    }
  }

  /** The continued fraction of the regularized incomplete beta function, by modified Lentz. */
  private static double betaFraction(double x, double a, double b) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    d = 1 / d;
    double h = d;
    int m = 1;
    double delta;
    do {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      delta = d * c;
      h *= delta;
      if (++m > MAX_ITERATIONS) {
        throw new ArithmeticException("the continued fraction did not converge in " + MAX_ITERATIONS + " terms");
      }
    } while (Math.abs(delta - 1) > EPSILON);
    return h;
  }

  // ------------------------------------------------------------------ densities and distributions

  /** The gamma density with shape k and scale theta, computed in log space. */
  @Differentiable
  public static double gammaPdf(double x, double shape, double scale) {
    checkPositive(shape, "shape");
    checkPositive(scale, "scale");
    if (x < 0) {
      return 0;
    }
    if (x == 0) {
      return shape < 1 ? Double.POSITIVE_INFINITY : shape == 1 ? 1 / scale : 0;
    }
    double logDensity = (shape - 1) * Math.log(x) - x / scale - logGamma(shape) - shape * Math.log(scale);
    return Math.exp(logDensity);
  }

  /** I_x(a, b), the beta CDF, with the symmetry that keeps the fraction convergent. */
  @Differentiable
  public static double betaCdf(double x, double a, double b) {
    if (!(a > 0) || !(b > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "beta(%.3g, %.3g): shapes must be positive", a, b));
    }
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    double front = Math.exp(logFront);
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaFraction(x, a, b) / a;
    }
    return 1 - front * betaFraction(1 - x, b, a) / b;
  }

  /** Student's t density with nu degrees of freedom, location and scale. */
  @Differentiable
  public static double studentTPdf(double x, double nu, double location, double scale) {
    checkPositive(nu, "degrees of freedom");
    checkPositive(scale, "scale");
    double z = (x - location) / scale;
    double logNorm = logGamma(0.5 * (nu + 1)) - logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale);
    return Math.exp(logNorm - 0.5 * (nu + 1) * Math.log1p(z * z / nu));
  }

  /** The Weibull survival-complement, 1 - exp(-(x/lambda)^k), accurate for small x through expm1. */
  @Differentiable
  public static double weibullCdf(double x, double shape, double scale) {
    checkPositive(shape, "shape");
    checkPositive(scale, "scale");
    return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape));
  }

  /** The standard normal quantile by Acklam's algorithm, refined by one Halley step. */
  @Differentiable
  public static double normalQuantile(double p) {
    if (p <= 0 || p >= 1) {
      if (p == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (p == 1) {
        return Double.POSITIVE_INFINITY;
      }
      throw new IllegalArgumentException("p must lie in [0, 1]: " + p);
    }
    double x;
    if (p < P_LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = tail(q);
    } else if (p <= 1 - P_LOW) {
      double q = p - 0.5;
      double r = q * q;
      double num = A[0];
      for (int i = 1; i < A.length; i++) {
        num = num * r + A[i];
      }
      double den = B[0];
      for (int i = 1; i < B.length; i++) {
        den = den * r + B[i];
      }
      x = num * q / (den * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      x = -tail(q);
    }
    // one step of Halley's method on Phi(x) - p
    double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  private static double tail(double q) {
    double num = C[0];
    for (int i = 1; i < C.length; i++) {
      num = num * q + C[i];
    }
    double den = D[0];
    for (int i = 1; i < D.length; i++) {
      den = den * q + D[i];
    }
    return num / (den * q + 1);
  }

  /** erfc by a Chebyshev-fitted exponential (Numerical Recipes' erfcc), relative error below 1.2e-7. */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly = Math.fma(t, Math.fma(t, Math.fma(t, Math.fma(t, Math.fma(t, Math.fma(t, Math.fma(t, Math.fma(t,
        Math.fma(t, 0.17087277, -0.82215223), 1.48851587), -1.13520398), 0.27886807), -0.18628806), 0.09678418),
        0.37409196), 1.00002368), -1.26551223);
    double ans = t * Math.exp(-z * z + poly);
    return x >= 0 ? ans : 2 - ans;
  }

  /** The log-normal CDF of x: its parameters checked, its argument's edge returned early. */
  @Differentiable
  public static double logNormalCdf(double x, double mu, double sigma) {
    if (Double.isNaN(x) || Double.isNaN(mu)) {
      throw new IllegalArgumentException("NaN argument: x = " + x + ", mu = " + mu);
    }
    checkPositive(sigma, "sigma");
    if (x <= 0) {
      return 0;
    }
    double z = (Math.log(x) - mu) / (sigma * Math.sqrt(2));
    return 0.5 * erfc(-z);
  }

  /** The mean of a normal truncated to [lower, upper]. */
  @Differentiable
  public static double truncatedNormalMean(double mu, double sigma, double lower, double upper) {
    checkPositive(sigma, "sigma");
    if (!(lower < upper)) {
      throw new IllegalArgumentException("empty interval [" + lower + ", " + upper + "]");
    }
    double alpha = (lower - mu) / sigma;
    double beta = (upper - mu) / sigma;
    double mass = 0.5 * (erfc(-beta / Math.sqrt(2)) - erfc(-alpha / Math.sqrt(2)));
    double densityDiff = (Math.exp(-0.5 * alpha * alpha) - Math.exp(-0.5 * beta * beta)) / Math.sqrt(2 * Math.PI);
    return mu + sigma * densityDiff / mass;
  }

  /** Regularized lower incomplete gamma by its series, or 1 minus its continued fraction. */
  @Differentiable
  public static double chiSquaredCdf(double x, double k) {
    checkPositive(k, "degrees of freedom");
    if (x <= 0) {
      return 0;
    }
    var a = 0.5 * k;
    var y = 0.5 * x;
    var logPrefix = a * Math.log(y) - y - logGamma(a);
    if (y < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; ; n++) {
        term *= y / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPSILON) {
          break;
        }
        if (n == MAX_ITERATIONS) {
          throw new ArithmeticException("the series did not converge at x = " + x);
        }
      }
      return sum * Math.exp(logPrefix);
    }
    double b = y + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    outer:
    for (int i = 1; i <= MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break outer;
      }
    }
    return 1 - Math.exp(logPrefix) * h;
  }

  /** The log-likelihood of data under a Gaussian mixture; the per-component terms live in a fresh array. */
  @Differentiable
  public static double mixtureLogLikelihood(@NoDerivative double[] data, double[] weights, double[] means,
      double[] sigmas) {
    int k = weights.length;
    if (means.length != k || sigmas.length != k) {
      throw new IllegalArgumentException("component arrays differ in length: " + Arrays.toString(
          new int[] {weights.length, means.length, sigmas.length}));
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double logLikelihood = 0;
    for (double x : data) {
      double[] terms = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double z = (x - means[j]) / sigmas[j];
        terms[j] = Math.log(weights[j] / total) - Math.log(sigmas[j]) - HALF_LOG_2PI - 0.5 * z * z;
        max = Math.max(max, terms[j]);
      }
      double sum = 0;
      for (double t : terms) {
        sum += Math.exp(t - max);
      }
      logLikelihood += max + Math.log(sum);
    }
    return logLikelihood;
  }

  /** The Gumbel log-density; its location and scale checked. */
  @Differentiable
  public static double gumbelLogPdf(double x, double location, double scale) {
    if (scale <= 0 || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite: " + scale);
    }
    double z = (x - location) / scale;
    return -Math.log(scale) - z - Math.exp(-z);
  }
}
