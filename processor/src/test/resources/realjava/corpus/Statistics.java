package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Descriptive statistics and likelihoods as statistics packages write them: for-each sums,
 * argument checks, masks and index arrays, integer bookkeeping, and streams over the indices.
 */
public final class Statistics {
  private static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private Statistics() {}

  @Differentiable
  public static double mean(double[] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("mean of an empty array");
    }
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** Two-pass variance; m2 is declared beside the mean and assigned later. */
  @Differentiable
  public static double variance(double[] x, boolean unbiased) {
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("variance needs at least 2 values, got " + n);
    }
    double mean = 0, m2;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    m2 = 0;
    for (double v : x) {
      double d = v - mean;
      m2 += d * d;
    }
    return m2 / (unbiased ? n - 1 : n);
  }

  @Differentiable
  public static double maskedWeightedMean(double[] x, double[] w, boolean[] mask) {
    double sum = 0, weight = 0;
    for (int i = 0; i < x.length; i++) {
      if (mask[i]) {
        sum += w[i] * x[i];
        weight += w[i];
      }
    }
    if (weight == 0) {
      throw new ArithmeticException("the mask leaves no weight");
    }
    return sum / weight;
  }

  /** The p-quantile of sorted data by linear interpolation between order statistics. */
  @Differentiable
  public static double quantile(double[] sorted, double p) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("p must be in [0, 1]: " + p);
    }
    int n = sorted.length;
    double h = (n - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Mean square of the elements an index array picks, which must not repeat. */
  @Differentiable
  public static double gatheredMeanSquare(double[] x, int[] indices) {
    long distinct = IntStream.of(indices).distinct().count();
    if (distinct != indices.length) {
      throw new IllegalArgumentException("indices repeat: " + Arrays.toString(indices));
    }
    double sum = 0;
    for (int i : indices) {
      sum += x[i] * x[i];
    }
    return sum / indices.length;
  }

  /** Mean weighted by the square of the rank; the normalizer comes from a stream over the ranks. */
  @Differentiable
  public static double rankWeightedMean(double[] x) {
    int n = x.length;
    int total = IntStream.rangeClosed(1, n).map(i -> i * i).sum();
    double sum = 0;
    int rank = 0;
    for (double v : x) {
      ++rank;
      sum += rank * rank * v;
    }
    return sum / total;
  }

  /** Log-likelihood of fixed data under N(mu, sigma^2). */
  @Differentiable
  public static double normalLogLikelihood(@NoDerivative double[] data, double mu, double sigma) {
    if (sigma <= 0) {
      throw new IllegalArgumentException("sigma must be positive: " + sigma);
    }
    double logSigma = Math.log(sigma);
    double sum = 0;
    for (double v : data) {
      double z = (v - mu) / sigma;
      sum -= 0.5 * z * z + logSigma + LN_SQRT_2PI;
    }
    return sum;
  }

  /** Circular autocorrelation at a lag of either sign: the index wraps with floorMod. */
  @Differentiable
  public static double circularAutocorrelation(double[] x, int lag) {
    int n = x.length;
    double sum = 0, norm = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i] * x[Math.floorMod(i - lag, n)];
      norm += x[i] * x[i];
    }
    return sum / norm;
  }

  /** Roughness of a moving average: the averages are collected with averages[k++]. */
  @Differentiable
  public static double movingAverageRoughness(double[] x, int window) {
    if (window < 1 || window > x.length) {
      throw new IllegalArgumentException("window must be in [1, " + x.length + "]: " + window);
    }
    double[] averages = new double[x.length - window + 1];
    int k = 0;
    double running = 0;
    for (int i = 0; i < x.length; i++) {
      running += x[i];
      if (i >= window) {
        running -= x[i - window];
      }
      if (i >= window - 1) {
        averages[k++] = running / window;
      }
    }
    double roughness = 0;
    for (int j = 1; j < averages.length; j++) {
      double d = averages[j] - averages[j - 1];
      roughness += d * d;
    }
    return roughness;
  }

  /** Pairs each element with its bit-reversed partner, as an FFT's reordering does. */
  @Differentiable
  public static double bitReversalEnergy(double[] x) {
    int n = x.length;
    if (Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("length must be a power of two: " + n);
    }
    int bits = Integer.numberOfTrailingZeros(n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int j = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
      sum += x[i] * x[j] * ((i ^ j) % 3 + 1) + (i << 1 | 1) * x[i];
    }
    return sum;
  }

  /** Sum of x[i] y[j] over the lower triangle, in order, up to the first product above the limit. */
  @Differentiable
  public static double truncatedPairSum(double[] x, double[] y, double limit) {
    double sum = 0;
    search:
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (j > i) {
          continue search;
        }
        double product = x[i] * y[j];
        if (product > limit) {
          break search;
        }
        sum += product;
      }
    }
    return sum;
  }

  /** The median of three by compare-and-swap on the parameters. */
  @Differentiable
  public static double medianOfThree(double a, double b, double c) {
    if (Double.compare(a, b) > 0) {
      double t = a;
      a = b;
      b = t;
    }
    if (Double.compare(b, c) > 0) {
      double t = b;
      b = c;
      c = t;
    }
    if (Double.compare(a, b) > 0) {
      double t = a;
      a = b;
      b = t;
    }
    return b;
  }

  /** The 1-, 2- or max-norm, picked by a char as command-line tools pick it. */
  @Differentiable
  public static double vectorNorm(double[] x, char kind) {
    return switch (kind) {
      case '1' -> {
        double sum = 0;
        for (double v : x) {
          sum += Math.abs(v);
        }
        yield sum;
      }
      case '2' -> {
        double sum = 0;
        for (double v : x) {
          sum += v * v;
        }
        yield Math.sqrt(sum);
      }
      case 'i', 'I' -> {
        double max = 0;
        for (double v : x) {
          max = Math.max(max, Math.abs(v));
        }
        yield max;
      }
      default -> throw new IllegalArgumentException("unknown norm '" + kind + "'");
    };
  }
}
