package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;

/**
 * The functions of java.lang.Math and StrictMath as numeric libraries call them, each inside a
 * routine of the kind such a library ships: a stable softplus and log1mexp with their branches,
 * norms by hypot and by LAPACK's scaled sum of squares, an angle difference wrapped into (-pi, pi],
 * compensated sums, Horner by fma, Newton on a polynomial with a derivative helper, power means,
 * great-circle distances in degrees, a table lookup by floor, a phase reduced by IEEEremainder, a
 * logarithm by exponent and mantissa with scalb, tolerances through ulp, and the stream and Double
 * forms collection code writes: reduce(0, Double::sum), reduce(Double::max), Double.min.
 */
public final class PlatformMath {
  private static final double TWO_PI = 2 * Math.PI;
  private static final double EARTH_RADIUS_KM = 6371.0088;
  private static final double LN2 = 0.6931471805599453;
  private static final int MAX_NEWTON_STEPS = 60;

  private PlatformMath() {}

  private static void checkFinite(double x, String name) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be finite, got %s", name, x));
    }
  }

  /** log(1 + e^x) without overflow or loss of digits, by Maechler's cut points. */
  @Differentiable
  public static double softplus(double x) {
    if (x <= -37) {
      return Math.exp(x);
    } else if (x <= 18) {
      return Math.log1p(Math.exp(x));
    } else if (x <= 33.3) {
      return x + Math.exp(-x);
    }
    return x;
  }

  /** log(1 - e^x) for x {@code <} 0, by Maechler: expm1 near 0, log1p further out. */
  @Differentiable
  public static double log1mexp(double x) {
    if (!(x < 0)) {
      throw new IllegalArgumentException("log1mexp needs a negative argument, got " + x);
    }
    return x > -LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
  }

  /** The Euclidean norm folded by hypot, which neither overflows nor underflows. */
  @Differentiable
  public static double hypotNorm(double[] x) {
    double r = 0;
    for (double v : x) {
      r = Math.hypot(r, v);
    }
    return r;
  }

  /** LAPACK's dnrm2: a running scale and a sum of squares relative to it. */
  @Differentiable
  public static double scaledNorm(double[] x) {
    double scale = 0;
    double ssq = 1;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        double absxi = Math.abs(x[i]);
        if (scale < absxi) {
          double q = scale / absxi;
          ssq = 1 + ssq * q * q;
          scale = absxi;
        } else {
          double q = absxi / scale;
          ssq += q * q;
        }
      }
    }
    return scale * Math.sqrt(ssq);
  }

  /** The angle turning from bearing a to bearing b, wrapped into (-pi, pi]. */
  @Differentiable
  public static double angleDifference(double ax, double ay, double bx, double by) {
    double d = Math.atan2(by, bx) - Math.atan2(ay, ax);
    while (d > Math.PI) {
      d -= TWO_PI;
    }
    while (d <= -Math.PI) {
      d += TWO_PI;
    }
    return d;
  }

  /** A phase reduced into [-pi, pi] by IEEEremainder, then its cosine weighted by the amplitude. */
  @Differentiable
  public static double reducedPhase(double amplitude, double phase) {
    double reduced = Math.IEEEremainder(phase, TWO_PI);
    return amplitude * Math.cos(reduced) + reduced;
  }

  /** Neumaier's improvement of Kahan summation: the compensation follows the larger operand. */
  @Differentiable
  public static double neumaierSum(double[] x) {
    double sum = 0;
    double c = 0;
    for (double v : x) {
      double t = sum + v;
      if (Math.abs(sum) >= Math.abs(v)) {
        c += (sum - t) + v;
      } else {
        c += (v - t) + sum;
      }
      sum = t;
    }
    return sum + c;
  }

  /** Kahan's sum of the weighted terms, the classic four-line loop. */
  @Differentiable
  public static double kahanDot(double[] x, @NoDerivative double[] w) {
    if (x.length != w.length) {
      throw new IllegalArgumentException("lengths " + x.length + " and " + w.length + " differ");
    }
    double sum = 0;
    double c = 0;
    for (int i = 0; i < x.length; i++) {
      double y = w[i] * x[i] - c;
      double t = sum + y;
      c = (t - sum) - y;
      sum = t;
    }
    return sum;
  }

  /** Horner's rule with one rounding per step, coefficients from the constant term up. */
  @Differentiable
  public static double hornerFma(double x, double[] c) {
    if (c.length == 0) {
      throw new IllegalArgumentException("no coefficients");
    }
    double p = c[c.length - 1];
    for (int i = c.length - 2; i >= 0; i--) {
      p = Math.fma(p, x, c[i]);
    }
    return p;
  }

  /** The polynomial and its derivative at x, in one Horner pass. */
  private static double[] valueAndSlope(double[] c, double x) {
    double p = c[c.length - 1];
    double dp = 0;
    for (int i = c.length - 2; i >= 0; i--) {
      dp = Math.fma(dp, x, p);
      p = Math.fma(p, x, c[i]);
    }
    return new double[] {p, dp};
  }

  /** A root of the polynomial by Newton from x0, stopping when the step is within a few ulps. */
  @Differentiable
  public static double polynomialRoot(double[] c, double x0) {
    double x = x0;
    for (int k = 0; k < MAX_NEWTON_STEPS; k++) {
      double[] ps = valueAndSlope(c, x);
      if (ps[1] == 0) {
        throw new ArithmeticException("zero slope at " + x);
      }
      double step = ps[0] / ps[1];
      x -= step;
      if (Math.abs(step) <= 4 * Math.ulp(x)) {
        return x;
      }
    }
    throw new ArithmeticException("no convergence from " + x0);
  }

  /** The power mean of positive values: the geometric mean at p = 0, the maximum as p grows. */
  @Differentiable
  public static double powerMean(double[] x, double p) {
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] > 0)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "x[%d] = %.3g is not positive", i, x[i]));
      }
    }
    if (p == 0) {
      double logSum = 0;
      for (double v : x) {
        logSum += Math.log(v);
      }
      return Math.exp(logSum / x.length);
    }
    if (Double.isInfinite(p)) {
      double m = p > 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      for (double v : x) {
        m = p > 0 ? Math.max(m, v) : Math.min(m, v);
      }
      return m;
    }
    double s = 0;
    for (double v : x) {
      s += Math.pow(v, p);
    }
    return Math.pow(s / x.length, 1 / p);
  }

  /** An odd polynomial written with pow of negative bases at integer exponents, as fitted code does. */
  @Differentiable
  public static double oddPowers(double x, double a, double b) {
    return a * Math.pow(x, 3) + b * Math.pow(x, 5) - Math.pow(-x, 2) * Math.pow(2.0, -3);
  }

  /** The real root of the depressed cubic t^3 + p t + q by Cardano, where it is the only one. */
  @Differentiable
  public static double cardanoRoot(double p, double q) {
    double disc = q * q / 4 + p * p * p / 27;
    if (disc < 0) {
      throw new IllegalArgumentException("three real roots: discriminant " + disc);
    }
    double s = Math.sqrt(disc);
    return Math.cbrt(-q / 2 + s) + Math.cbrt(-q / 2 - s);
  }

  /** Great-circle distance in kilometres between two points given in degrees (haversine). */
  @Differentiable
  public static double haversine(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double h = Math.pow(Math.sin(dPhi / 2), 2) + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** The initial bearing from one point to another, in degrees from north in [0, 360). */
  @Differentiable
  public static double initialBearing(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dl = Math.toRadians(lon2 - lon1);
    double y = Math.sin(dl) * Math.cos(phi2);
    double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dl);
    double deg = Math.toDegrees(Math.atan2(y, x));
    return deg < 0 ? deg + 360 : deg;
  }

  /** The angle between two vectors, its cosine clamped into [-1, 1] against rounding. */
  @Differentiable
  public static double angleBetween(double[] u, double[] v) {
    double dot = 0;
    double uu = 0;
    double vv = 0;
    for (int i = 0; i < u.length; i++) {
      dot += u[i] * v[i];
      uu += u[i] * u[i];
      vv += v[i] * v[i];
    }
    double cos = dot / Math.sqrt(uu * vv);
    return Math.acos(Math.max(-1, Math.min(1, cos)));
  }

  /** A table of equally spaced values interpolated linearly, the cell found by floor. */
  @Differentiable
  public static double tableLookup(@NoDerivative double[] table, double x0, double h, double x) {
    double u = (x - x0) / h;
    int i = (int) Math.floor(u);
    i = Math.max(0, Math.min(table.length - 2, i));
    double w = u - i;
    return (1 - w) * table[i] + w * table[i + 1];
  }

  /** A price rounded to whole cents times a rate: rounding is a step, whose derivative is 0. */
  @Differentiable
  public static double roundedCharge(double price, double rate, double grid) {
    double cents = Math.round(price * 100) / 100.0;
    double snapped = grid * Math.rint(price / grid);
    double upper = Math.ceil(price) - Math.floor(price);
    return cents * rate + snapped * rate * rate + upper;
  }

  /** log(x) by exponent and mantissa, as a libm does: x = m 2^e with m in [1, 2), then log1p on m - 1. */
  @Differentiable
  public static double logByExponent(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("logByExponent needs a positive finite x, got " + x);
    }
    int e = Math.getExponent(x);
    double m = Math.scalb(x, -e);
    if (m > Math.sqrt(2)) {
      m /= 2;
      e++;
    }
    return Math.log1p(m - 1) + e * LN2;
  }

  /** The signed square root used by robust losses, and a Huber-like slope from signum. */
  @Differentiable
  public static double signedRoot(double x, double y) {
    double r = Math.copySign(Math.sqrt(Math.abs(x)), x);
    return r * y + Math.signum(x) * y * y;
  }

  /** log(cosh(x)) without overflow: |x| + log1p(e^{-2|x|}) - log 2. */
  @Differentiable
  public static double logCosh(double x) {
    double a = Math.abs(x);
    if (a < 1e-4) {
      return 0.5 * x * x;
    }
    if (a < 20) {
      return Math.log(Math.cosh(x));
    }
    return a + Math.log1p(Math.exp(-2 * a)) - LN2;
  }

  /** The inverse hyperbolic sine, symmetric in x so that large negative x loses no digits. */
  @Differentiable
  public static double asinh(double x) {
    double a = Math.abs(x);
    double r = a > 1e8 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    return Math.copySign(r, x);
  }

  /** The length of a catenary y = a cosh(x / a) over [-w, w], and its sag. */
  @Differentiable
  public static double catenary(double a, double w) {
    double length = 2 * a * Math.sinh(w / a);
    double sag = a * (Math.cosh(w / a) - 1);
    return length + Math.tanh(sag / length);
  }

  /** A level annuity's present value, expm1 and log1p keeping digits at small rates, a series near 0. */
  @Differentiable
  public static double annuityFactor(double rate, int periods) {
    if (periods <= 0) {
      throw new IllegalArgumentException("periods must be positive: " + periods);
    }
    if (Math.abs(rate) < 1e-6) {
      return periods * (1 - (periods + 1) * rate / 2);
    }
    return -Math.expm1(-periods * Math.log1p(rate)) / rate;
  }

  /** Sound pressure level in decibels of a sum of sources, each 10 log10 of its power ratio. */
  @Differentiable
  public static double decibelSum(double[] levels) {
    double power = 0;
    for (double l : levels) {
      power += Math.pow(10, l / 10);
    }
    return 10 * Math.log10(power);
  }

  /** Newton's square root of a, started above, until the iterate stops moving by more than an ulp. */
  @Differentiable
  public static double newtonSqrt(double a) {
    checkFinite(a, "a");
    if (a < 0) {
      throw new IllegalArgumentException("negative: " + a);
    }
    if (a == 0) {
      return 0;
    }
    double y = Math.max(a, 1);
    double next = 0.5 * (y + a / y);
    while (Math.abs(next - y) > Math.ulp(next)) {
      y = next;
      next = 0.5 * (y + a / y);
    }
    return next;
  }

  /** Whether two values agree within a relative tolerance chosen by ulps, used as a branch. */
  @Differentiable
  public static double blendIfClose(double x, double y) {
    double tol = 8 * Math.ulp(Math.max(Math.abs(x), Math.abs(y)));
    if (Math.abs(x - y) <= tol) {
      return 0.5 * (x + y);
    }
    return Math.min(x, y) + Math.tan(0.1 * Math.abs(x - y));
  }

  /** An integration interval nudged open at its ends by nextUp and nextDown, then Simpson on it. */
  @Differentiable
  public static double openSimpson(double a, double b, double k) {
    double lo = Math.nextUp(a);
    double hi = Math.nextDown(b);
    int n = 40;
    double h = (hi - lo) / n;
    double s = Math.exp(-k * lo) + Math.exp(-k * hi);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 0 ? 2 : 4) * Math.exp(-k * (lo + i * h));
    }
    return s * h / 3;
  }

  /** A Gaussian bump computed with StrictMath throughout, so results repeat on every platform. */
  @Differentiable
  public static double strictBump(double x, double mu, double sigma) {
    double z = (x - mu) / sigma;
    return StrictMath.exp(-0.5 * z * z) / (sigma * StrictMath.sqrt(TWO_PI)) + StrictMath.atan(z)
        + StrictMath.hypot(z, 1) + StrictMath.pow(StrictMath.abs(z) + 1, 1.5);
  }

  /** A trigonometric series with sin, cos and tan, and asin of a bounded ratio. */
  @Differentiable
  public static double trigSeries(double x, double[] a) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * (Math.sin((k + 1) * x) + Math.cos(k * x));
    }
    return s + Math.tan(x / 4) + Math.asin(x / (1 + Math.abs(x)));
  }

  /** A soft clamp: max and min choose, with ties sending the gradient to the first argument. */
  @Differentiable
  public static double clampScaled(double x, double lo, double hi) {
    if (lo > hi) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "empty range [%.2f, %.2f]", lo, hi));
    }
    return Math.max(lo, Math.min(hi, x)) * Math.abs(x);
  }

  /** The l^p norm of a vector as utility code writes it: the p-th powers folded by Double::sum. */
  @Differentiable
  public static double lpNorm(double[] x, double p) {
    if (!(p >= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "p must be at least 1, got %.2f", p));
    }
    double sum = Arrays.stream(x).map(Math::abs).map(v -> Math.pow(v, p)).reduce(0, Double::sum);
    double largest = Arrays.stream(x).map(Math::abs).reduce(Double::max).orElseThrow();
    return largest == 0 ? 0 : Math.pow(sum, 1 / p);
  }

  /** A geometric mean by a product fold, clamped with Double's own max and min. */
  @Differentiable
  public static double geometricClamp(double[] x, double lo, double hi) {
    double product = Arrays.stream(x).reduce(1, (a, b) -> a * b);
    double mean = Math.pow(product, 1.0 / x.length);
    return Double.min(hi, Double.max(lo, mean)) + Double.sum(lo, hi) / 2;
  }
}
