package corpus;

import static java.lang.Math.*;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Numerics written the way Hipparchus writes them: special functions split into small private
 * helpers in nested classes (a log-gamma, a continued fraction given its coefficients as a
 * function, a symmetry that recurses with the arguments swapped), distributions that check their
 * parameters through precondition helpers, NaN for arguments out of the domain where the library
 * returns it, a piecewise polynomial found by binary search over its knots, Newton's divided
 * differences computed in place, a least-squares cost over a parametric model held in a constant,
 * and storeless moments updated one value at a time.
 */
public final class HipparchusStyle {
  /** Relative accuracy the continued fractions and series stop at. */
  private static final double DEFAULT_EPSILON = 1e-15;

  private static final int DEFAULT_MAX_ITERATIONS = 10_000;

  /** Below this the variance counts as zero and the skewness is 0, as Hipparchus decides. */
  private static final double VARIANCE_FLOOR = 1e-19;

  /** An exponential decay to a floor, p = {amplitude, rate, floor}: the model fitted by {@link #leastSquaresCost}. */
  private static final ParametricFunction EXPONENTIAL_DECAY = (t, p) -> p[0] * exp(-p[1] * t) + p[2];

  private HipparchusStyle() {}

  /** A model with parameters, as fitting code takes one. */
  @FunctionalInterface
  public interface ParametricFunction {
    double value(double x, double[] parameters);
  }

  /** The statistics {@link #evaluate} can compute. */
  public enum Statistic {
    MEAN,
    VARIANCE,
    SKEWNESS,
    GEOMETRIC_MEAN
  }

  /** A closed interval, as distributions take one for probabilities. */
  public record Interval(double lower, double upper) {
    public Interval {
      if (lower > upper) {
        throw new IllegalArgumentException("lower bound (" + lower + ") must not exceed upper bound (" + upper + ")");
      }
    }
  }

  /** The normal law as a parameter object: it carries no derivative. */
  public record Normal(double mean, double standardDeviation) {}

  /** The exponential law as a parameter object. */
  public record Exponential(double rate) {}

  /** Argument checks, as MathUtils and MathArrays give them. */
  interface Preconditions {
    static void checkStrictlyPositive(double value, String name) {
      if (!(value > 0)) {
        throw new IllegalArgumentException(name + " must be strictly positive: " + value);
      }
    }

    static void checkEqualLength(double[] a, double[] b) {
      if (a.length != b.length) {
        throw new IllegalArgumentException("dimension mismatch: " + a.length + " != " + b.length);
      }
    }

    static void checkStrictlyIncreasing(double[] values) {
      boolean increasing = IntStream.range(1, values.length).allMatch(i -> values[i] > values[i - 1]);
      if (!increasing) {
        throw new IllegalArgumentException("points must be strictly increasing: " + Arrays.toString(values));
      }
    }

    static <T> T checkNotNull(T object, String name) {
      return Objects.requireNonNull(object, () -> name + " must not be null");
    }
  }

  /** log Gamma by Lanczos' approximation (g = 607/128), for x > 0. */
  static final class Lanczos {
    private static final double G = 607.0 / 128;
    private static final double HALF_LOG_2PI = 0.5 * log(2 * PI);
    private static final double[] COEFFICIENTS = {
        0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
        -0.49191381609762019978, .33994649984811888699e-4, .46523628927048575665e-4, -.98374475304879564677e-4,
        .15808870322491248884e-3, -.21026444172410488319e-3, .21743961811521264320e-3, -.16431810653676389022e-3,
        .84418223983852743293e-4, -.26190838401581408670e-4, .36899182659531622704e-5};

    private Lanczos() {}

    static double series(double x) {
      double sum = 0;
      for (int i = COEFFICIENTS.length - 1; i > 0; --i) {
        sum += COEFFICIENTS[i] / (x + i);
      }
      return sum + COEFFICIENTS[0];
    }

    static double logGamma(double x) {
      final double tmp = x + G + 0.5;
      return (x + 0.5) * log(tmp) - tmp + HALF_LOG_2PI + log(series(x) / x);
    }
  }

  /** A continued fraction evaluated by the modified Lentz algorithm; its b coefficients come as a function. */
  static final class ContinuedFraction {
    private static final double SMALL = 1e-50;

    /** The n-th partial numerator at x; every partial denominator is 1, as in the incomplete beta. */
    @FunctionalInterface
    interface Coefficient {
      double b(int n, double x);
    }

    private ContinuedFraction() {}

    static double evaluate(Coefficient coefficient, double x, double epsilon, int maxIterations) {
      double hPrev = 1;
      double dPrev = 0;
      double cPrev = hPrev;
      int n = 1;
      while (n < maxIterations) {
        final double b = coefficient.b(n, x);
        double dN = 1 + b * dPrev;
        if (abs(dN) < SMALL) {
          dN = SMALL;
        }
        double cN = 1 + b / cPrev;
        if (abs(cN) < SMALL) {
          cN = SMALL;
        }
        dN = 1 / dN;
        final double deltaN = cN * dN;
        final double hN = hPrev * deltaN;
        if (Double.isInfinite(hN) || Double.isNaN(hN)) {
          throw new ArithmeticException("continued fraction diverged to " + hN + " for x = " + x);
        }
        if (abs(deltaN - 1) < epsilon) {
          return hN;
        }
        dPrev = dN;
        cPrev = cN;
        hPrev = hN;
        n++;
      }
      throw new IllegalStateException("continued fraction did not converge in " + maxIterations + " iterations");
    }
  }

  /** log B(p, q); NaN where p or q is not positive, as Hipparchus's Beta.logBeta returns. */
  @Differentiable
  public static double logBeta(final double p, final double q) {
    if (Double.isNaN(p) || Double.isNaN(q) || p <= 0 || q <= 0) {
      return Double.NaN;
    }
    final double a = min(p, q);
    final double b = max(p, q);
    final double u = Lanczos.logGamma(a) + Lanczos.logGamma(b);
    final double v = Lanczos.logGamma(a + b);
    return u <= v ? u - v : -(v - u);
  }

  /** The regularized incomplete beta I_x(a, b), by its continued fraction or the symmetry I_x(a, b) = 1 - I_{1-x}(b, a). */
  @Differentiable
  public static double regularizedBeta(double x, final double a, final double b, @NoDerivative double epsilon,
      int maxIterations) {
    if (Double.isNaN(x) || Double.isNaN(a) || Double.isNaN(b) || x < 0 || x > 1 || a <= 0 || b <= 0) {
      return Double.NaN;
    }
    if (x > (a + 1) / (2 + b + a) && 1 - x <= (b + 1) / (2 + b + a)) {
      return 1 - regularizedBeta(1 - x, b, a, epsilon, maxIterations);
    }
    final ContinuedFraction.Coefficient coefficient = (n, y) -> {
      if (n % 2 == 0) {
        final double m = n / 2.0;
        return (m * (b - m) * y) / ((a + (2 * m) - 1) * (a + (2 * m)));
      }
      final double m = (n - 1.0) / 2.0;
      return -((a + m) * (a + b + m) * y) / ((a + (2 * m)) * (a + (2 * m) + 1.0));
    };
    return exp((a * log(x)) + (b * log1p(-x)) - log(a) - logBeta(a, b))
        / ContinuedFraction.evaluate(coefficient, x, epsilon, maxIterations);
  }

  /** The regularized upper incomplete gamma Q(a, x): a series below a + 1, a continued fraction above. */
  @Differentiable
  public static double regularizedGammaQ(final double a, double x) {
    if (Double.isNaN(a) || Double.isNaN(x) || a <= 0 || x < 0) {
      return Double.NaN;
    }
    if (x == 0) {
      return 1;
    }
    if (x < a + 1) {
      return 1 - GammaSeries.regularizedP(a, x);
    }
    // Lentz on the Legendre continued fraction, written out: its partial denominators vary too
    double b = x + 1 - a;
    double c = 1 / ContinuedFraction.SMALL;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i <= DEFAULT_MAX_ITERATIONS; i++) {
      final double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (abs(d) < ContinuedFraction.SMALL) {
        d = ContinuedFraction.SMALL;
      }
      c = b + an / c;
      if (abs(c) < ContinuedFraction.SMALL) {
        c = ContinuedFraction.SMALL;
      }
      d = 1 / d;
      final double delta = d * c;
      h *= delta;
      if (abs(delta - 1) < DEFAULT_EPSILON) {
        return exp(-x + a * log(x) - Lanczos.logGamma(a)) * h;
      }
    }
    throw new IllegalStateException("Q(" + a + ", " + x + ") did not converge");
  }

  /** The power series of the lower regularized gamma P(a, x). */
  static final class GammaSeries {
    private GammaSeries() {}

    static double regularizedP(double a, double x) {
      double n = 0;
      double an = 1 / a;
      double sum = an;
      while (abs(an / sum) > DEFAULT_EPSILON && n < DEFAULT_MAX_ITERATIONS) {
        n += 1;
        an *= x / (a + n);
        sum += an;
      }
      if (n >= DEFAULT_MAX_ITERATIONS) {
        throw new IllegalStateException("P(" + a + ", " + x + ") did not converge");
      }
      return exp(-x + (a * log(x)) - Lanczos.logGamma(a)) * sum;
    }
  }

  /** erfc through Q(1/2, x^2), with the saturation far out as Hipparchus's Erf.erfc has it. */
  @Differentiable
  public static double erfc(double x) {
    if (abs(x) > 40) {
      return x > 0 ? 0 : 2;
    }
    final double ret = regularizedGammaQ(0.5, x * x);
    return x < 0 ? 2 - ret : ret;
  }

  /** The Cauchy CDF; the scale is checked as the distribution's constructor checks it. */
  @Differentiable
  public static double cauchyCumulativeProbability(double median, double scale, double x) {
    Preconditions.checkStrictlyPositive(scale, "scale");
    return 0.5 + (atan((x - median) / scale) / PI);
  }

  /** The Pareto log density: -infinity below the scale. */
  @Differentiable
  public static double paretoLogDensity(double scale, double shape, double x) {
    Preconditions.checkStrictlyPositive(scale, "scale");
    Preconditions.checkStrictlyPositive(shape, "shape");
    if (x < scale) {
      return Double.NEGATIVE_INFINITY;
    }
    return log(shape) + shape * log(scale) - (shape + 1) * log(x);
  }

  /** The triangular CDF on [a, b] with mode c, one formula per piece. */
  @Differentiable
  public static double triangularCumulativeProbability(double a, double c, double b, double x) {
    if (!(a <= c && c <= b && a < b)) {
      throw new IllegalArgumentException("need a <= c <= b and a < b: " + a + ", " + c + ", " + b);
    }
    if (x < a) {
      return 0;
    } else if (a <= x && x < c) {
      final double diff = x - a;
      return (diff * diff) / ((b - a) * (c - a));
    } else if (x == c) {
      return (c - a) / (b - a);
    } else if (x <= b) {
      final double diff = b - x;
      return 1 - (diff * diff) / ((b - a) * (b - c));
    }
    return 1;
  }

  /** The probability of an interval under the normal law, via erfc. */
  @Differentiable
  public static double normalProbability(double mean, double sd, Interval interval) {
    Preconditions.checkNotNull(interval, "interval");
    Preconditions.checkStrictlyPositive(sd, "standard deviation");
    final double denom = sd * sqrt(2);
    final double upper = 0.5 * erfc(-(interval.upper() - mean) / denom);
    final double lower = 0.5 * erfc(-(interval.lower() - mean) / denom);
    return upper - lower;
  }

  /** The log density at x of a law given as an object, chosen by instanceof patterns. */
  @Differentiable
  public static double logDensity(Object law, double x) {
    if (law instanceof Normal normal) {
      final double z = (x - normal.mean()) / normal.standardDeviation();
      return -0.5 * z * z - log(normal.standardDeviation()) - 0.5 * log(2 * PI);
    } else if (law instanceof Exponential e) {
      return x < 0 ? Double.NEGATIVE_INFINITY : log(e.rate()) - e.rate() * x;
    }
    throw new IllegalArgumentException("unsupported law: " + law);
  }

  /** Newton's form of the interpolating polynomial: divided differences computed in place on a copy of y. */
  @Differentiable
  public static double dividedDifferenceValue(@NoDerivative double[] x, double[] y, double z) {
    Preconditions.checkEqualLength(x, y);
    Preconditions.checkStrictlyIncreasing(x);
    final double[] coefficients = y.clone();
    final int n = coefficients.length;
    for (int i = 1; i < n; i++) {
      for (int j = n - 1; j >= i; j--) {
        coefficients[j] = (coefficients[j] - coefficients[j - 1]) / (x[j] - x[j - i]);
      }
    }
    double value = coefficients[n - 1];
    for (int i = n - 2; i >= 0; i--) {
      value = coefficients[i] + (z - x[i]) * value;
    }
    return value;
  }

  /**
   * A piecewise polynomial as PolynomialSplineFunction holds it: knots, and for each piece the
   * coefficients of a polynomial in the distance from the piece's first knot, lowest degree first.
   */
  @Differentiable
  public static double splineValue(@NoDerivative double[] knots, double[][] coefficients, double v) {
    if (v < knots[0] || v > knots[knots.length - 1]) {
      throw new IllegalArgumentException(v + " is out of range [" + knots[0] + ", " + knots[knots.length - 1] + "]");
    }
    int i = Arrays.binarySearch(knots, v);
    if (i < 0) {
      i = -i - 2;
    }
    // the last knot belongs to the last piece
    if (i >= coefficients.length) {
      i--;
    }
    return PolynomialFunction.evaluate(coefficients[i], v - knots[i]);
  }

  /** Horner's rule over coefficients lowest degree first, as PolynomialFunction.evaluate. */
  static final class PolynomialFunction {
    private PolynomialFunction() {}

    static double evaluate(double[] coefficients, double argument) {
      Objects.requireNonNull(coefficients, "coefficients");
      final int n = coefficients.length;
      if (n == 0) {
        throw new IllegalArgumentException("empty polynomials coefficients array");
      }
      double result = coefficients[n - 1];
      for (int j = n - 2; j >= 0; j--) {
        result = argument * result + coefficients[j];
      }
      return result;
    }
  }

  /** Half the weighted sum of squared residuals of the decay model, weights optional (varargs). */
  @Differentiable
  public static double leastSquaresCost(double[] parameters, @NoDerivative double[] t, @NoDerivative double[] y,
      @NoDerivative double... weights) {
    Preconditions.checkEqualLength(t, y);
    if (weights.length != 0) {
      Preconditions.checkEqualLength(t, weights);
    }
    double cost = 0;
    for (int i = 0; i < t.length; i++) {
      final double residual = y[i] - EXPONENTIAL_DECAY.value(t[i], parameters);
      final double weight = weights.length == 0 ? 1 : weights[i];
      cost += weight * residual * residual;
    }
    return 0.5 * cost;
  }

  /** The sample skewness from the storeless first, second and third moments, one value at a time. */
  @Differentiable
  public static double skewness(double... values) {
    if (values.length < 3) {
      return Double.NaN;
    }
    long n = 0;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    for (double d : values) {
      final double prevM2 = m2;
      n++;
      final double n0 = n;
      final double dev = d - m1;
      final double nDev = dev / n0;
      m1 += nDev;
      m2 += (n0 - 1) * dev * nDev;
      m3 = m3 - 3.0 * nDev * prevM2 + (n0 - 1) * (n0 - 2) * nDev * nDev * dev;
    }
    final double variance = m2 / (n - 1);
    if (variance < VARIANCE_FLOOR) {
      return 0;
    }
    final double n0 = n;
    return (n0 * m3) / ((n0 - 1) * (n0 - 2) * sqrt(variance) * variance);
  }

  /** One statistic of the values, chosen by an enum in a switch expression. */
  @Differentiable
  public static double evaluate(Statistic statistic, double... values) {
    Preconditions.checkNotNull(statistic, "statistic");
    if (values.length == 0) {
      throw new IllegalArgumentException("no data");
    }
    return switch (statistic) {
      case MEAN -> Arrays.stream(values).sum() / values.length;
      case VARIANCE -> {
        final double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double accum = 0;
        double accum2 = 0;
        for (double v : values) {
          final double dev = v - mean;
          accum += dev * dev;
          accum2 += dev;
        }
        // the corrected two-pass algorithm of Chan, Golub and LeVeque
        yield (accum - (accum2 * accum2 / values.length)) / (values.length - 1);
      }
      case SKEWNESS -> skewness(values);
      case GEOMETRIC_MEAN -> exp(Arrays.stream(values).map(Math::log).sum() / values.length);
    };
  }
}
