package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Curves, interpolation and solvers as analysis and rates libraries write them: knot tables
 * checked for order, cells found by Arrays.binarySearch or by a hand-written bisection on
 * {@code >>> 1}, a natural cubic spline solved by the Thomas algorithm in arrays made for it,
 * Fritsch-Carlson slopes, bilinear interpolation on a {@code double[][]} grid, Halley's and
 * Newton's methods inside a model, a Romberg table with a labelled exit, and an extrapolation
 * rule chosen by an enum whose constants override a method.
 */
public final class Curves {
  /** What a curve does outside its knots. */
  public enum Extrapolation {
    FLAT {
      @Override
      double beyond(double edgeValue, double edgeSlope, double distance) {
        return edgeValue;
      }
    },
    LINEAR {
      @Override
      double beyond(double edgeValue, double edgeSlope, double distance) {
        return edgeValue + edgeSlope * distance;
      }
    },
    NONE {
      @Override
      double beyond(double edgeValue, double edgeSlope, double distance) {
        throw new IllegalArgumentException("no extrapolation: " + distance + " beyond the last knot");
      }
    };

    abstract double beyond(double edgeValue, double edgeSlope, double distance);
  }

  private static final int MAX_NEWTON = 50;

  private static final double ROMBERG_TOLERANCE = 1e-12;

  private Curves() {}

  private static void checkKnots(double[] knots, double[] values) {
    Objects.requireNonNull(knots, "knots");
    Objects.requireNonNull(values, "values");
    if (knots.length != values.length) {
      throw new IllegalArgumentException("knots and values differ in length: " + knots.length + " != " + values.length);
    }
    if (knots.length < 2) {
      throw new IllegalArgumentException("at least 2 knots are needed, got " + knots.length);
    }
    for (int i = 1; i < knots.length; i++) {
      if (!(knots[i] > knots[i - 1])) {
        StringBuilder message = new StringBuilder("knots must increase strictly: ");
        message.append("knots[").append(i - 1).append("] = ").append(knots[i - 1]);
        message.append(", knots[").append(i).append("] = ").append(knots[i]);
        throw new IllegalArgumentException(message.toString());
      }
    }
  }

  /** Piecewise-linear interpolation; the cell found by Arrays.binarySearch, outside by the rule. */
  @Differentiable
  public static double linear(@NoDerivative double[] knots, double[] values, double x, Extrapolation rule) {
    checkKnots(knots, values);
    int n = knots.length;
    if (x > knots[n - 1]) {
      double slope = (values[n - 1] - values[n - 2]) / (knots[n - 1] - knots[n - 2]);
      return rule.beyond(values[n - 1], slope, x - knots[n - 1]);
    }
    if (x <= knots[0]) {
      return values[0];
    }
    int index = Arrays.binarySearch(knots, x);
    if (index >= 0) {
      return values[index];
    }
    int upper = -index - 1;
    int lower = upper - 1;
    double weight = (x - knots[lower]) / (knots[upper] - knots[lower]);
    return Math.fma(weight, values[upper] - values[lower], values[lower]);
  }

  /** A natural cubic spline through (knots, values), solved by the Thomas algorithm, evaluated at x. */
  @Differentiable
  public static double naturalSpline(@NoDerivative double[] knots, double[] values, double x) {
    checkKnots(knots, values);
    int n = knots.length;
    double[] h = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      h[i] = knots[i + 1] - knots[i];
    }
    // the second derivatives m[1..n-2]; m[0] = m[n-1] = 0
    double[] diag = new double[n];
    double[] rhs = new double[n];
    double[] m = new double[n];
    for (int i = 1; i < n - 1; i++) {
      diag[i] = 2 * (h[i - 1] + h[i]);
      rhs[i] = 6 * ((values[i + 1] - values[i]) / h[i] - (values[i] - values[i - 1]) / h[i - 1]);
    }
    for (int i = 2; i < n - 1; i++) {
      double factor = h[i - 1] / diag[i - 1];
      diag[i] -= factor * h[i - 1];
      rhs[i] -= factor * rhs[i - 1];
    }
    for (int i = n - 2; i >= 1; i--) {
      m[i] = (rhs[i] - (i + 1 < n - 1 ? h[i] * m[i + 1] : 0)) / diag[i];
    }
    int cell = Arrays.binarySearch(knots, x);
    if (cell < 0) {
      cell = -cell - 2;
    }
    cell = Math.max(0, Math.min(cell, n - 2));
    double a = knots[cell + 1] - x;
    double b = x - knots[cell];
    double hc = h[cell];
    return (m[cell] * a * a * a + m[cell + 1] * b * b * b) / (6 * hc)
        + (values[cell] / hc - m[cell] * hc / 6) * a
        + (values[cell + 1] / hc - m[cell + 1] * hc / 6) * b;
  }

  /** Log-linear interpolation of discount factors; the cell found by a hand-written bisection. */
  @Differentiable
  public static double discountFactor(@NoDerivative double[] times, double[] zeroRates, double t) {
    if (t < 0) {
      throw new IllegalArgumentException("time must not be negative: " + t);
    }
    if (t == 0) {
      return 1;
    }
    int lo = 0;
    int hi = times.length - 1;
    if (t <= times[lo]) {
      return Math.exp(-zeroRates[0] * t);
    }
    if (t >= times[hi]) {
      return Math.exp(-zeroRates[hi] * t);
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double logLo = -zeroRates[lo] * times[lo];
    double logHi = -zeroRates[hi] * times[hi];
    double w = (t - times[lo]) / (times[hi] - times[lo]);
    return Math.exp(logLo + w * (logHi - logLo));
  }

  /** Monotone piecewise-cubic (Fritsch-Carlson) interpolation; slopes made in a copy of the secants. */
  @Differentiable
  public static double monotoneCubic(@NoDerivative double[] knots, double[] values, double x) {
    checkKnots(knots, values);
    int n = knots.length;
    double[] secants = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      secants[i] = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i]);
    }
    double[] slopes = Arrays.copyOf(secants, n);
    slopes[n - 1] = secants[n - 2];
    for (int i = 1; i < n - 1; i++) {
      slopes[i] = Math.signum(secants[i - 1]) != Math.signum(secants[i]) ? 0 : 0.5 * (secants[i - 1] + secants[i]);
    }
    for (int i = 0; i < n - 1; i++) {
      if (secants[i] == 0) {
        slopes[i] = 0;
        slopes[i + 1] = 0;
        continue;
      }
      double alpha = slopes[i] / secants[i];
      double beta = slopes[i + 1] / secants[i];
      double norm = Math.hypot(alpha, beta);
      if (norm > 3) {
        double tau = 3 / norm;
        slopes[i] = tau * alpha * secants[i];
        slopes[i + 1] = tau * beta * secants[i];
      }
    }
    int cell = 0;
    while (cell < n - 2 && x > knots[cell + 1]) {
      cell++;
    }
    double hc = knots[cell + 1] - knots[cell];
    double s = (x - knots[cell]) / hc;
    double s2 = s * s;
    double s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * values[cell] + (s3 - 2 * s2 + s) * hc * slopes[cell]
        + (-2 * s3 + 3 * s2) * values[cell + 1] + (s3 - s2) * hc * slopes[cell + 1];
  }

  /** Bilinear interpolation on a grid of values, a row per x knot. */
  @Differentiable
  public static double bilinear(@NoDerivative double[] xs, @NoDerivative double[] ys, double[][] grid, double x,
      double y) {
    if (grid.length != xs.length) {
      throw new IllegalArgumentException("the grid has " + grid.length + " rows for " + xs.length + " x knots");
    }
    for (double[] row : grid) {
      if (row.length != ys.length) {
        throw new IllegalArgumentException("a row has " + row.length + " values for " + ys.length + " y knots");
      }
    }
    int i = Math.max(0, Math.min(xs.length - 2, lowerIndex(xs, x)));
    int j = Math.max(0, Math.min(ys.length - 2, lowerIndex(ys, y)));
    double u = (x - xs[i]) / (xs[i + 1] - xs[i]);
    double v = (y - ys[j]) / (ys[j + 1] - ys[j]);
    double[] lowRow = grid[i];
    double[] highRow = grid[i + 1];
    return (1 - u) * ((1 - v) * lowRow[j] + v * lowRow[j + 1]) + u * ((1 - v) * highRow[j] + v * highRow[j + 1]);
  }

  private static int lowerIndex(double[] knots, double x) {
    int index = Arrays.binarySearch(knots, x);
    return index >= 0 ? index : -index - 2;
  }

  /** Lambert's W_0 by Halley's method from a branch-dependent first guess. */
  @Differentiable
  public static double lambertW(double x) {
    if (x < -1 / Math.E) {
      throw new ArithmeticException("W is real only for x >= -1/e: " + x);
    }
    if (x == 0) {
      return 0;
    }
    double w;
    if (x < 1) {
      double p = Math.sqrt(2 * (Math.E * x + 1));
      w = -1 + p - p * p / 3 + 11.0 / 72 * p * p * p;
    } else {
      w = Math.log(x);
      w -= w > 3 ? Math.log(w) : 0;
    }
    for (int iteration = 0; iteration < MAX_NEWTON; iteration++) {
      double ew = Math.exp(w);
      double f = w * ew - x;
      double step = f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2));
      w -= step;
      if (Math.abs(step) <= 1e-15 * (1 + Math.abs(w))) {
        return w;
      }
    }
    throw new ArithmeticException("Halley's iteration did not converge for x = " + x);
  }

  /** The yield of a bond with annual coupons that prices at {@code price}, by Newton's method. */
  @Differentiable
  public static double yieldToMaturity(double price, double coupon, int years) {
    if (years <= 0) {
      throw new IllegalArgumentException("years must be positive: " + years);
    }
    double y = coupon;
    int iteration = 0;
    double step;
    do {
      double pv = 0;
      double dpv = 0;
      double df = 1;
      for (int k = 1; k <= years; k++) {
        df /= 1 + y;
        double cash = k == years ? 1 + coupon : coupon;
        pv += cash * df;
        dpv -= k * cash * df / (1 + y);
      }
      step = (pv - price) / dpv;
      y -= step;
      if (++iteration == MAX_NEWTON) {
        throw new IllegalStateException("no yield found for price " + price);
      }
    } while (Math.abs(step) > 1e-14);
    return y;
  }

  /** Romberg integration of f on [a, b]: a triangular table, left by a labelled break on convergence. */
  static double romberg(DoubleUnaryOperator f, double a, double b, int maxLevels) {
    double[][] table = new double[maxLevels][];
    table[0] = new double[] {0.5 * (b - a) * (f.applyAsDouble(a) + f.applyAsDouble(b))};
    double result = table[0][0];
    int points = 1;
    levels:
    for (int level = 1; level < maxLevels; level++) {
      table[level] = new double[level + 1];
      double h = (b - a) / (2 * points);
      double sum = 0;
      for (int k = 0; k < points; k++) {
        sum += f.applyAsDouble(a + (2 * k + 1) * h);
      }
      points *= 2;
      table[level][0] = 0.5 * table[level - 1][0] + h * sum;
      double factor = 1;
      for (int j = 1; j <= level; j++) {
        factor *= 4;
        table[level][j] = table[level][j - 1] + (table[level][j - 1] - table[level - 1][j - 1]) / (factor - 1);
      }
      result = table[level][level];
      if (level > 3 && Math.abs(result - table[level - 1][level - 1]) < ROMBERG_TOLERANCE * Math.abs(result)) {
        break levels;
      }
    }
    return result;
  }

  /** The probability mass of a normal between two bounds, by Romberg on its density. */
  @Differentiable
  public static double normalMass(double mu, double sigma, double lower, double upper) {
    if (sigma <= 0) {
      throw new IllegalArgumentException("sigma must be positive: " + sigma);
    }
    double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
    return romberg(t -> {
      double z = (t - mu) / sigma;
      return norm * Math.exp(-0.5 * z * z);
    }, lower, upper, 16);
  }

  /** A generic Newton solver given the function and its derivative, as values. */
  static double newton(DoubleUnaryOperator f, DoubleUnaryOperator df, double start) {
    double x = start;
    for (int i = 0; i < MAX_NEWTON; i++) {
      double step = f.applyAsDouble(x) / df.applyAsDouble(x);
      x -= step;
      if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(x))) {
        return x;
      }
    }
    throw new IllegalStateException("Newton's method did not converge from " + start);
  }

  /** The break-even rate r with pv(r) = target for a level annuity of n payments. */
  @Differentiable
  public static double annuityRate(double payment, double target, int n) {
    if (payment * n <= target) {
      throw new IllegalArgumentException("the payments do not exceed the target: " + payment * n + " <= " + target);
    }
    return newton(r -> payment * -Math.expm1(-n * Math.log1p(r)) / r - target,
        r -> {
          double v = Math.exp(-n * Math.log1p(r));
          return payment * (n * v / ((1 + r) * r) - (1 - v) / (r * r));
        }, 0.05);
  }
}
