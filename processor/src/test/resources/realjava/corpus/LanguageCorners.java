package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Corners of the Java language as numeric code meets them: varargs helpers called with an array and
 * with separate values, a nested class's and an interface's static helpers and constants, ternary
 * chains, do/while with a convergence test, compound assignments with casts, char and short
 * counters, long accumulators, integer division and modulo in indices, NaN checks that throw,
 * an argmax by Double.compare, requireNonNull, the copies and fills of java.util.Arrays and
 * System.arraycopy, a sorted clone, a binary search in a constant knot table, a table filled by a
 * static initializer, enum values() loops, a switch on strings, instanceof patterns on a config
 * object, a labelled continue, an iterator over a list of constants, two counters in one for,
 * chained assignments, non-short-circuit logic and bitwise complements, a lambda and an anonymous
 * class held in locals, and a compound assignment inside an index.
 */
public final class LanguageCorners {
  /** Constants and a helper as an interface of a library declares them. */
  interface Quadrature {
    double[] NODES = {-0.7745966692414834, 0.0, 0.7745966692414834};
    double[] WEIGHTS = {0.5555555555555556, 0.8888888888888888, 0.5555555555555556};

    static double midpoint(double a, double b) {
      return 0.5 * (a + b);
    }
  }

  /** A nested class of static helpers, as utility classes are written. */
  static final class Vectors {
    private Vectors() {}

    static double dot(double[] a, double[] b) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += a[i] * b[i];
      }
      return s;
    }

    static double squaredNorm(double[] a) {
      return dot(a, a);
    }
  }

  /** How a window tapers a signal. */
  public enum Window {
    RECTANGULAR(0.0), HANN(0.5), HAMMING(0.46);

    final double alpha;

    Window(double alpha) {
      this.alpha = alpha;
    }
  }

  /** The settings of a smoother, passed around as a plain object. */
  public record Smoothing(double bandwidth, int passes) {}

  private static final double[] KNOTS = {0.0, 0.5, 1.0, 2.0, 4.0};
  /** Filled by the static block below; package-private, so that a companion reads this very table. */
  static final double[] FACTORIALS = new double[11];
  private static final List<Double> DISCOUNTS = List.of(0.99, 0.97, 0.94, 0.9);

  static {
    FACTORIALS[0] = 1;
    for (int i = 1; i < FACTORIALS.length; i++) {
      FACTORIALS[i] = FACTORIALS[i - 1] * i;
    }
  }

  private LanguageCorners() {}

  static double sum(double... xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }

  static double weightedMean(double[] w, double... xs) {
    double s = 0;
    double total = 0;
    for (int i = 0; i < xs.length; i++) {
      s += w[i] * xs[i];
      total += w[i];
    }
    return s / total;
  }

  /** A varargs helper given an array, then separate values, then nothing. */
  @Differentiable
  public static double varargs(double[] x, double y) {
    return sum(x) * y + sum(y, y * y, Math.sin(y)) + sum() + weightedMean(new double[] {1, 2, 3}, x[0], y, x[1]);
  }

  /** Gauss-Legendre on three nodes, read from an interface's constants, mapped from [a, b]. */
  @Differentiable
  public static double gaussLegendre(double a, double b, double k) {
    double mid = Quadrature.midpoint(a, b);
    double half = 0.5 * (b - a);
    double s = 0;
    for (int i = 0; i < Quadrature.NODES.length; i++) {
      double t = mid + half * Quadrature.NODES[i];
      s += Quadrature.WEIGHTS[i] * Math.exp(-k * t * t);
    }
    return half * s;
  }

  /** The cosine of the angle between two vectors through a nested class's helpers. */
  @Differentiable
  public static double cosineSimilarity(double[] a, double[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length != b.length) {
      throw new IllegalArgumentException("dimension mismatch: " + a.length + " != " + b.length);
    }
    return Vectors.dot(a, b) / Math.sqrt(Vectors.squaredNorm(a) * Vectors.squaredNorm(b));
  }

  /** A piecewise rate by a chain of ternaries, on the value and on an int. */
  @Differentiable
  public static double taxedIncome(double income, int bracketShift) {
    double rate = income < 10_000 ? 0.0 : income < 40_000 ? 0.2 : income < 100_000 ? 0.4 : 0.45;
    int extra = bracketShift > 2 ? 2 : bracketShift < 0 ? 0 : bracketShift;
    return income * (1 - rate - 0.01 * extra) + (rate > 0.3 ? 0.001 * income * income / 1e5 : 0);
  }

  /** A fixed point x = cos(k x) by do/while, until successive iterates agree. */
  @Differentiable
  public static double fixedPoint(double k) {
    double x = 0.5;
    double previous;
    int iterations = 0;
    do {
      previous = x;
      x = Math.cos(k * x);
      if (++iterations > 500) {
        throw new ArithmeticException("no fixed point for k = " + k);
      }
    } while (Math.abs(x - previous) > 1e-14);
    return x;
  }

  /** A grid walk where the cell index grows by a cast floor of the value. */
  @Differentiable
  public static double gridWalk(double x, @NoDerivative double[] grid) {
    int i = 0;
    double s = 0;
    while (i < grid.length) {
      s += grid[i] * x;
      i += (int) Math.floor(1 + Math.abs(x));
      s *= 0.9;
    }
    return s;
  }

  /** Counters of narrow types: a char over letters choosing weights, a short over the array. */
  @Differentiable
  public static double narrowCounters(double[] x) {
    double s = 0;
    for (char c = 'a'; c <= 'e'; c++) {
      s += x[(c - 'a') % x.length] * (c - 'a' + 1);
    }
    for (short j = 0; j < x.length; j++) {
      s += x[j] * x[j] / (j + 1);
    }
    return s;
  }

  /** A long accumulator of counts beside a double one, and a long-to-double average. */
  @Differentiable
  public static double longCounts(double[] x, long scale) {
    long hits = 0;
    long weight = 0;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      weight += (long) i * scale;
      if (x[i] > 0) {
        hits++;
        s += x[i] * weight;
      }
    }
    return hits == 0 ? 0 : s / hits;
  }

  /** A matrix stored flat, row-major: the row by integer division, the column by modulo. */
  @Differentiable
  public static double flatMatrixTrace(double[] a, int columns) {
    if (a.length % columns != 0) {
      throw new IllegalArgumentException(a.length + " values do not fill rows of " + columns);
    }
    double trace = 0;
    double offDiagonal = 0;
    for (int k = 0; k < a.length; k++) {
      int row = k / columns;
      int column = k % columns;
      if (row == column) {
        trace += a[k];
      } else {
        offDiagonal += a[k] * a[k];
      }
    }
    return trace + Math.sqrt(offDiagonal);
  }

  /** Mean of the values, rejecting NaN and infinities with the index in the message. */
  @Differentiable
  public static double checkedMean(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        throw new IllegalArgumentException("x[" + i + "] is NaN");
      }
      if (!Double.isFinite(x[i])) {
        throw new ArithmeticException(String.format(Locale.ROOT, "x[%d] = %s is not finite", i, x[i]));
      }
      s += x[i];
    }
    return s / x.length;
  }

  /** The softmax weight of the largest score, found without sorting by Double.compare. */
  @Differentiable
  public static double maxSoftmaxWeight(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (Double.compare(scores[i], scores[best]) > 0) {
        best = i;
      }
    }
    double z = 0;
    for (double s : scores) {
      z += Math.exp(s - scores[best]);
    }
    return 1 / z;
  }

  /** A moving window over a copy, a tail by copyOfRange, and a padded copyOf. */
  @Differentiable
  public static double copiesOfRanges(double[] x) {
    double[] head = Arrays.copyOf(x, 2);
    double[] tail = Arrays.copyOfRange(x, 1, x.length);
    double[] padded = Arrays.copyOf(x, x.length + 2);
    padded[x.length] = head[0] * tail[tail.length - 1];
    return head[1] * head[0] + tail[0] * 3 + padded[x.length] + padded[x.length + 1];
  }

  /** A buffer filled by Arrays.fill, shifted within itself by System.arraycopy, then copied into another. */
  @Differentiable
  public static double shiftedBuffer(double[] x, double fill) {
    double[] buffer = new double[x.length + 2];
    Arrays.fill(buffer, fill);
    System.arraycopy(x, 0, buffer, 1, x.length);
    System.arraycopy(buffer, 0, buffer, 1, buffer.length - 1);
    double[] out = new double[buffer.length];
    System.arraycopy(buffer, 1, out, 0, buffer.length - 1);
    Arrays.fill(out, out.length - 1, out.length, fill * fill);
    double s = 0;
    for (int i = 0; i < out.length; i++) {
      s += (i + 1) * out[i];
    }
    return s;
  }

  /** The median of a sorted clone; the caller's array is left as it was. */
  @Differentiable
  public static double median(double[] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("median of nothing");
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  }

  /** A piecewise linear function on a constant knot table, the piece found by binarySearch. */
  @Differentiable
  public static double knotInterpolation(double t, double[] values) {
    if (values.length != KNOTS.length) {
      throw new IllegalArgumentException("need " + KNOTS.length + " values, got " + values.length);
    }
    int i = Arrays.binarySearch(KNOTS, t);
    if (i < 0) {
      i = -i - 2;
    }
    i = Math.max(0, Math.min(KNOTS.length - 2, i));
    double w = (t - KNOTS[i]) / (KNOTS[i + 1] - KNOTS[i]);
    return values[i] + w * (values[i + 1] - values[i]);
  }

  /** The exponential series to a fixed order, the factorials from a table a static block filled. */
  @Differentiable
  public static double expSeries(double x, int order) {
    if (order >= FACTORIALS.length) {
      throw new IllegalArgumentException("order " + order + " beyond the table of " + FACTORIALS.length);
    }
    double s = 0;
    double power = 1;
    for (int n = 0; n <= order; n++) {
      s += power / FACTORIALS[n];
      power *= x;
    }
    return s;
  }

  /** The energy of a signal under every window, summed over the enum's values(). */
  @Differentiable
  public static double windowedEnergy(double[] x) {
    double total = 0;
    for (Window w : Window.values()) {
      int n = x.length;
      for (int i = 0; i < n; i++) {
        double taper = w == Window.RECTANGULAR ? 1 : (1 - w.alpha) - w.alpha * Math.cos(2 * Math.PI * i / (n - 1));
        total += taper * x[i] * x[i];
      }
    }
    return total;
  }

  /** A loss chosen by its name, as configuration files give it. */
  @Differentiable
  public static double namedLoss(String name, double prediction, double target) {
    double r = prediction - target;
    switch (name) {
      case "squared":
        return r * r;
      case "absolute":
        return Math.abs(r);
      case "huber": {
        double a = Math.abs(r);
        return a <= 1 ? 0.5 * r * r : a - 0.5;
      }
      case "logcosh":
        return Math.log(Math.cosh(r));
      default:
        throw new IllegalArgumentException("unknown loss: " + name);
    }
  }

  /** Smoothing configured by an object of whatever kind the caller had at hand. */
  @Differentiable
  public static double configuredSmoothing(double[] y, Object config) {
    double bandwidth;
    int passes;
    if (config instanceof Smoothing s) {
      bandwidth = s.bandwidth();
      passes = s.passes();
    } else if (config instanceof Number n && n.doubleValue() > 0) {
      bandwidth = n.doubleValue();
      passes = 1;
    } else if (config instanceof String text) {
      bandwidth = Double.parseDouble(text);
      passes = 2;
    } else {
      throw new IllegalArgumentException("cannot smooth with " + config);
    }
    double[] current = y.clone();
    for (int p = 0; p < passes; p++) {
      double[] next = new double[current.length];
      for (int i = 0; i < current.length; i++) {
        double left = i > 0 ? current[i - 1] : current[i];
        double right = i < current.length - 1 ? current[i + 1] : current[i];
        next[i] = (bandwidth * (left + right) + current[i]) / (1 + 2 * bandwidth);
      }
      current = next;
    }
    return Vectors.squaredNorm(current);
  }

  /** Pairwise interactions, skipping a row at its first masked column by a labelled continue. */
  @Differentiable
  public static double maskedInteractions(double[][] m, boolean[][] mask) {
    double s = 0;
    rows:
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        if (mask[i][j]) {
          continue rows;
        }
        for (int k = j + 1; k < m[i].length; k++) {
          s += m[i][j] * m[i][k];
        }
      }
    }
    return s;
  }

  /** Present value over a list of constant discount factors, walked by an explicit iterator. */
  @Differentiable
  public static double discountedSum(double[] cashflows) {
    double pv = 0;
    int t = 0;
    Iterator<Double> factors = DISCOUNTS.iterator();
    while (factors.hasNext() && t < cashflows.length) {
      double df = factors.next();
      pv += df * cashflows[t++];
    }
    return pv;
  }

  /** A bit-twiddled index and a conditional compound assignment through a narrowing cast. */
  @Differentiable
  public static double bitIndices(double[] x) {
    double s = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      int partner = i ^ 1;
      if (partner < n && (i & 1) == 0) {
        s += x[i] * x[partner];
      }
      s += x[i] * (i >> 1);
    }
    int shift = s > 0 ? 1 : 2;
    s /= 1 << shift;
    return s;
  }

  /** Folds a sequence onto itself from both ends with two counters, then chains assignments. */
  @Differentiable
  public static double foldedEnds(double[] x) {
    double[] y = x.clone();
    for (int i = 0, j = y.length - 1; i < j; i++, j--) {
      double t = y[i];
      y[i] = (y[i] + y[j]) / 2;
      y[j] = t * y[j];
    }
    double a;
    double b;
    a = b = y[0];
    y[1] = y[0] = a * b;
    return y[0] + y[1] + y[y.length - 1] + a;
  }

  /** Gains of the even samples (or all, when asked), with a long counter and bitwise index arithmetic. */
  @Differentiable
  public static double evenGains(double[] x, int mode) {
    double s = 0;
    for (long i = 0; i < x.length; i++) {
      int k = (int) i;
      if (x[k] > 0 & (k & 1) == 0 | mode < 0) {
        s += +x[k] - -x[k];
      }
      s += x[~k + x.length] * Math.floorDiv(k - 3, 2);
    }
    return s;
  }

  /** A kernel held by a lambda, a pairing by an anonymous class, and a fold with var parameters. */
  @Differentiable
  public static double kernelSum(double[] x, double k) {
    final double scale = k * 2;
    DoubleUnaryOperator kernel = t -> scale * t * t;
    DoubleBinaryOperator pairing = new DoubleBinaryOperator() {
      @Override
      public double applyAsDouble(double u, double v) {
        return u * v + k;
      }
    };
    double s = 0;
    for (double v : x) {
      s += kernel.applyAsDouble(v) + pairing.applyAsDouble(v, k);
    }
    return s + Arrays.stream(x).reduce(0, (var acc, var v) -> acc + v * k);
  }

  /** Smoothing around a ring, the position wrapped by a compound remainder inside the index. */
  @Differentiable
  public static double ringSmoothing(double[] x, int start) {
    double[] y = x.clone();
    int i = start;
    for (int r = 0; r < 5; r++) {
      y[i %= y.length] += 0.5 * y[(i + 1) % y.length];
      i += 2;
    }
    return y[0] * y[1] + y[2];
  }

  /** A number from its digits by Horner in x, over the chars of a String, plus a byte mask's weights. */
  @Differentiable
  public static double digitPolynomial(double x, String digits) {
    double acc = 0;
    for (char c : digits.toCharArray()) {
      if (!Character.isDigit(c)) {
        throw new NumberFormatException("not a digit: '" + c + "' in " + digits);
      }
      acc = acc * x + (c - '0');
    }
    byte[] mask = {1, 0, 1};
    for (int i = 0; i < mask.length; i++) {
      acc += mask[i] * x * i;
    }
    return acc;
  }

  /** Romberg's first extrapolation over trapezoids, the panel count doubled by a compound multiply. */
  @Differentiable
  public static double rombergDecay(double a, double b, double k) {
    double h = b - a;
    double previous = 0.5 * h * (Math.exp(-k * a) + Math.exp(-k * b));
    double result = previous;
    for (int n = 1; n <= 64; n *= 2) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.exp(-k * (a + (i + 0.5) * h / n));
      }
      double next = 0.5 * (previous + h / n * sum);
      result = (4 * next - previous) / 3;
      previous = next;
    }
    return result;
  }

  /** A copy scaled to unit length and shifted in place by compound assignments, weighted by a long step sum. */
  @Differentiable
  public static double normalizedShifted(double[] x) {
    double[] y = x.clone();
    double norm = 0;
    for (double v : y) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < y.length; i++) {
      y[i] /= norm;
      y[i] -= 0.1;
      y[i] *= Math.abs(i - 1) + 1;
    }
    long steps = 0;
    for (long j = 0; j < 10; j += 3L) {
      steps += j;
    }
    return y[0] * steps + y[y.length - 1];
  }
}
