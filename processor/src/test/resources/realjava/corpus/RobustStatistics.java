package corpus;

import io.javagrad.Differentiable;
import java.util.Arrays;

/**
 * Robust statistics as descriptive-statistics libraries write them: order statistics of a sorted
 * copy, a percentile by linear interpolation between ranks with its estimation type checked, the
 * median absolute deviation, a winsorized mean with its cut counts, the Hodges-Lehmann estimator
 * over pairwise averages, and a Huber M-estimate of location by iteratively reweighted means
 * started from the median.
 */
public final class RobustStatistics {
  private RobustStatistics() {}

  private static double[] sortedCopy(double[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = Arrays.copyOf(values, values.length);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The median: the middle order statistic, or the mean of the two middle ones. */
  @Differentiable
  public static double median(double[] values) {
    double[] sorted = sortedCopy(values);
    int n = sorted.length;
    int mid = n >>> 1;
    return (n & 1) == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  }

  /** The p-th percentile (0 < p <= 100) by linear interpolation between the ranks around (n + 1) p / 100. */
  @Differentiable
  public static double percentile(double[] values, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException(String.format("out of bounds quantile value: %s, must be in (0, 100]", p));
    }
    double[] sorted = sortedCopy(values);
    int n = sorted.length;
    double position = p * (n + 1) / 100;
    double floor = Math.floor(position);
    int rank = (int) floor;
    double fraction = position - floor;
    if (position < 1) {
      return sorted[0];
    }
    if (position >= n) {
      return sorted[n - 1];
    }
    double lower = sorted[rank - 1];
    double upper = sorted[rank];
    return lower + fraction * (upper - lower);
  }

  /** The median absolute deviation from the median, scaled to estimate a normal's sigma. */
  @Differentiable
  public static double medianAbsoluteDeviation(double[] values) {
    double center = median(values);
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - center);
    }
    return 1.4826 * median(deviations);
  }

  /** The mean after the lowest and highest {@code fraction} of the values are pulled in to their cut values. */
  @Differentiable
  public static double winsorizedMean(double[] values, double fraction) {
    if (fraction < 0 || fraction >= 0.5) {
      throw new IllegalArgumentException("fraction must lie in [0, 0.5): " + fraction);
    }
    double[] sorted = sortedCopy(values);
    int n = sorted.length;
    int cut = (int) Math.floor(fraction * n);
    double low = sorted[cut];
    double high = sorted[n - 1 - cut];
    Arrays.fill(sorted, 0, cut, low);
    Arrays.fill(sorted, n - cut, n, high);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return sum / n;
  }

  /** The Hodges-Lehmann estimator: the median of all pairwise (Walsh) averages, i <= j. */
  @Differentiable
  public static double hodgesLehmann(double[] values) {
    int n = values.length;
    double[] walsh = new double[n * (n + 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        walsh[k++] = 0.5 * (values[i] + values[j]);
      }
    }
    return median(walsh);
  }

  /** Huber's M-estimate of location by iteratively reweighted means, from the median, with a MAD scale. */
  @Differentiable
  public static double huberLocation(double[] values, double k, int maxIterations) {
    double scale = medianAbsoluteDeviation(values);
    if (scale == 0) {
      return median(values);
    }
    double mu = median(values);
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      double weighted = 0;
      double weights = 0;
      for (double v : values) {
        double r = Math.abs(v - mu) / scale;
        double w = r <= k ? 1 : k / r;
        weighted += w * v;
        weights += w;
      }
      double next = weighted / weights;
      boolean converged = Math.abs(next - mu) <= 1e-15 * scale;
      mu = next;
      if (converged) {
        break;
      }
    }
    return mu;
  }
}
