package corpus;

import static java.lang.Math.PI;
import static java.lang.Math.abs;
import static java.lang.Math.exp;
import static java.lang.Math.log;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * Time-series filters and likelihoods as statistics code writes them: Kalman filters (scalar and a
 * two-state local linear trend in double[][] covariances, missing observations skipped), ARMA(1,1)
 * and GARCH(1,1) negative log-likelihoods with parameter checks, an HMM forward pass in log space,
 * Holt-Winters smoothing chosen by an enum, Savitzky-Golay smoothing from a coefficient table and a
 * running median by insertion sort.
 */
public final class Filters {
  /** How the seasonal component enters Holt-Winters. */
  public enum Seasonality {
    ADDITIVE,
    MULTIPLICATIVE
  }

  private static final double LOG_2PI = log(2 * PI);

  /** Savitzky-Golay quadratic smoothing weights by half window (2, 3, 4), and their normalizers. */
  private static final double[][] SAVITZKY_GOLAY = {
      {-3, 12, 17, 12, -3},
      {-2, 3, 6, 7, 6, 3, -2},
      {-21, 14, 39, 54, 59, 54, 39, 14, -21}
  };
  private static final double[] SAVITZKY_GOLAY_NORM = {35, 21, 231};

  private Filters() {}

  /** Gaussian log density of a residual with a variance: the term every filter adds. */
  private static double logNormal(double residual, double variance) {
    return -0.5 * (LOG_2PI + log(variance) + residual * residual / variance);
  }

  private static void requireUnitInterval(String name, double value) {
    if (!(abs(value) < 1)) {
      throw new IllegalArgumentException(String.format("|%s| must be below 1 for a stationary model: %s", name, value));
    }
  }

  /**
   * Log-likelihood of a local-level model (random walk plus noise) by the Kalman filter; NaN
   * observations are missing and only predicted over.
   */
  @Differentiable
  public static double localLevelLogLikelihood(double stateVariance, double noiseVariance, double level0,
      double variance0, @NoDerivative double[] observations) {
    if (stateVariance < 0 || noiseVariance <= 0) {
      throw new IllegalArgumentException("variances must be positive: state " + stateVariance + ", noise "
          + noiseVariance);
    }
    double level = level0, p = variance0, logLikelihood = 0;
    for (double y : observations) {
      p += stateVariance;
      if (Double.isNaN(y)) {
        continue;
      }
      double f = p + noiseVariance;
      double v = y - level;
      logLikelihood += logNormal(v, f);
      double gain = p / f;
      level += gain * v;
      p *= 1 - gain;
    }
    return logLikelihood;
  }

  /**
   * Log-likelihood of a local linear trend model: state (level, slope), transition [[1, 1], [0, 1]],
   * level and slope disturbances with variances q[0], q[1], observation noise r.
   */
  @Differentiable
  public static double localTrendLogLikelihood(double[] q, double r, double[] x0, double[][] p0,
      @NoDerivative double[] observations) {
    if (q.length != 2 || x0.length != 2 || p0.length != 2) {
      throw new IllegalArgumentException("a local linear trend has two states");
    }
    double[] x = x0.clone();
    double[][] p = {p0[0].clone(), p0[1].clone()};
    double logLikelihood = 0;
    for (int t = 0; t < observations.length; t++) {
      // predict: x = F x, P = F P F' + Q
      x[0] += x[1];
      double[][] predicted = new double[2][2];
      predicted[0][0] = p[0][0] + p[0][1] + p[1][0] + p[1][1] + q[0];
      predicted[0][1] = p[0][1] + p[1][1];
      predicted[1][0] = p[1][0] + p[1][1];
      predicted[1][1] = p[1][1] + q[1];
      p = predicted;
      double y = observations[t];
      if (Double.isNaN(y)) {
        continue;
      }
      // update with H = [1, 0]
      double f = p[0][0] + r;
      double v = y - x[0];
      logLikelihood += logNormal(v, f);
      double[] gain = {p[0][0] / f, p[1][0] / f};
      for (int i = 0; i < 2; i++) {
        x[i] += gain[i] * v;
      }
      double[] firstRow = p[0].clone();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          p[i][j] -= gain[i] * firstRow[j];
        }
      }
    }
    return logLikelihood;
  }

  /** Conditional negative log-likelihood of ARMA(1,1) with Gaussian innovations, the first residual 0. */
  @Differentiable
  public static double arma11NegativeLogLikelihood(double c, double phi, double theta, double sigma,
      @NoDerivative double[] y) {
    requireUnitInterval("phi", phi);
    requireUnitInterval("theta", theta);
    if (sigma <= 0) {
      throw new IllegalArgumentException("sigma must be positive: " + sigma);
    }
    if (y.length < 2) {
      throw new IllegalArgumentException("need at least 2 observations, got " + y.length);
    }
    double previousResidual = 0;
    double nll = 0;
    double variance = sigma * sigma;
    for (int t = 1; t < y.length; t++) {
      double residual = y[t] - c - phi * y[t - 1] - theta * previousResidual;
      nll -= logNormal(residual, variance);
      previousResidual = residual;
    }
    return nll;
  }

  /** Negative log-likelihood of GARCH(1,1), the variance started at the sample variance. */
  @Differentiable
  public static double garch11NegativeLogLikelihood(double omega, double alpha, double beta,
      @NoDerivative double[] returns) {
    if (omega <= 0 || alpha < 0 || beta < 0) {
      throw new IllegalArgumentException(String.format("GARCH parameters must be positive: omega=%g, alpha=%g, beta=%g",
          omega, alpha, beta));
    }
    if (alpha + beta >= 1) {
      throw new IllegalArgumentException("alpha + beta must be below 1 for stationarity: " + (alpha + beta));
    }
    double mean = 0;
    for (double r : returns) {
      mean += r;
    }
    mean /= returns.length;
    double sampleVariance = 0;
    for (double r : returns) {
      sampleVariance += (r - mean) * (r - mean);
    }
    sampleVariance /= returns.length;
    double variance = sampleVariance;
    double nll = 0;
    for (int t = 0; t < returns.length; t++) {
      if (t > 0) {
        variance = omega + alpha * returns[t - 1] * returns[t - 1] + beta * variance;
      }
      nll -= logNormal(returns[t], variance);
    }
    return nll;
  }

  private static double logSumExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    double m = Math.max(a, b);
    return m + Math.log1p(exp(-abs(a - b)));
  }

  /**
   * Log-likelihood of a Gaussian hidden Markov model by the forward algorithm in log space. The
   * transition matrix and the initial distribution are given as logits (each row normalized here).
   */
  @Differentiable
  public static double hmmLogLikelihood(double[][] transitionLogits, double[] initialLogits, double[] means,
      double[] sds, @NoDerivative double[] observations) {
    int states = initialLogits.length;
    for (double[] row : transitionLogits) {
      if (row.length != states) {
        throw new IllegalArgumentException("transition rows must have " + states + " entries, got " + row.length);
      }
    }
    double[][] logTransition = new double[states][];
    for (int i = 0; i < states; i++) {
      logTransition[i] = normalizeLog(transitionLogits[i]);
    }
    double[] alpha = normalizeLog(initialLogits);
    for (int t = 0; t < observations.length; t++) {
      double y = observations[t];
      double[] next = new double[states];
      for (int j = 0; j < states; j++) {
        double acc;
        if (t == 0) {
          acc = alpha[j];
        } else {
          acc = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < states; i++) {
            acc = logSumExp(acc, alpha[i] + logTransition[i][j]);
          }
        }
        next[j] = acc + logNormal(y - means[j], sds[j] * sds[j]);
      }
      alpha = next;
    }
    double total = Double.NEGATIVE_INFINITY;
    for (double a : alpha) {
      total = logSumExp(total, a);
    }
    return total;
  }

  /** Logits to log probabilities: z - log(sum(exp(z))). */
  private static double[] normalizeLog(double[] logits) {
    double norm = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      norm = logSumExp(norm, z);
    }
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[i] - norm;
    }
    return out;
  }

  /**
   * Sum of squared one-step-ahead errors of Holt-Winters smoothing; level, trend and seasonal
   * indices are started from the first two seasons.
   */
  @Differentiable
  public static double holtWintersSse(double alpha, double beta, double gamma, @NoDerivative double[] y, int period,
      Seasonality seasonality) {
    if (period < 2 || y.length < 2 * period) {
      throw new IllegalArgumentException("need two full seasons of " + period + ", got " + y.length + " points");
    }
    boolean multiplicative = seasonality == Seasonality.MULTIPLICATIVE;
    double first = 0, second = 0;
    for (int i = 0; i < period; i++) {
      first += y[i] / period;
      second += y[period + i] / period;
    }
    double level = first;
    double trend = (second - first) / period;
    double[] season = new double[period];
    for (int i = 0; i < period; i++) {
      season[i] = multiplicative ? y[i] / first : y[i] - first;
    }
    double sse = 0;
    for (int t = period; t < y.length; t++) {
      int s = t % period;
      double forecast = multiplicative ? (level + trend) * season[s] : level + trend + season[s];
      double error = y[t] - forecast;
      sse += error * error;
      double previousLevel = level;
      double deseasonalized = multiplicative ? y[t] / season[s] : y[t] - season[s];
      level = alpha * deseasonalized + (1 - alpha) * (level + trend);
      trend = beta * (level - previousLevel) + (1 - beta) * trend;
      season[s] = switch (seasonality) {
        case ADDITIVE -> gamma * (y[t] - level) + (1 - gamma) * season[s];
        case MULTIPLICATIVE -> gamma * (y[t] / level) + (1 - gamma) * season[s];
      };
    }
    return sse;
  }

  /**
   * Roughness (sum of squared second differences) of a signal after Savitzky-Golay quadratic
   * smoothing with the table's window; the ends are copied unsmoothed.
   */
  @Differentiable
  public static double savitzkyGolayRoughness(double[] signal, int halfWindow) {
    if (halfWindow < 2 || halfWindow > 1 + SAVITZKY_GOLAY.length) {
      throw new IllegalArgumentException("no Savitzky-Golay table for half window " + halfWindow);
    }
    double[] weights = SAVITZKY_GOLAY[halfWindow - 2];
    double norm = SAVITZKY_GOLAY_NORM[halfWindow - 2];
    double[] smooth = new double[signal.length];
    System.arraycopy(signal, 0, smooth, 0, signal.length);
    for (int i = halfWindow; i < signal.length - halfWindow; i++) {
      double acc = 0;
      for (int k = -halfWindow; k <= halfWindow; k++) {
        acc += weights[k + halfWindow] * signal[i + k];
      }
      smooth[i] = acc / norm;
    }
    double roughness = 0;
    for (int i = 1; i + 1 < smooth.length; i++) {
      double second = smooth[i - 1] - 2 * smooth[i] + smooth[i + 1];
      roughness += second * second;
    }
    return roughness;
  }

  /** Sum of squares of a running median of odd width, the window sorted by insertion. */
  @Differentiable
  public static double runningMedianEnergy(double[] signal, int width) {
    if (width <= 0 || width % 2 == 0) {
      throw new IllegalArgumentException("width must be odd and positive: " + width);
    }
    double[] window = new double[width];
    double energy = 0;
    for (int start = 0; start + width <= signal.length; start++) {
      System.arraycopy(signal, start, window, 0, width);
      for (int i = 1; i < width; i++) {
        double key = window[i];
        int j = i - 1;
        while (j >= 0 && window[j] > key) {
          window[j + 1] = window[j];
          j--;
        }
        window[j + 1] = key;
      }
      double median = window[width / 2];
      energy += median * median;
    }
    return energy;
  }

  /**
   * Annualized exponentially weighted volatility of returns, its decay given as a half-life in
   * observations: lambda = 2^(-1/halfLife), computed as exp(-ln 2 / halfLife).
   */
  @Differentiable
  public static double ewmVolatility(double halfLife, @NoDerivative double[] returns, int periodsPerYear) {
    if (!(halfLife > 0) || returns.length == 0) {
      throw new IllegalArgumentException("half-life must be positive and returns given: " + halfLife + ", "
          + returns.length + " returns");
    }
    double oneMinusLambda = -Math.expm1(-Math.log(2) / halfLife);
    double variance = returns[0] * returns[0];
    double weight = 1;
    for (int t = 1; t < returns.length; t++) {
      variance += oneMinusLambda * (returns[t] * returns[t] - variance);
      weight *= 1 - oneMinusLambda;
    }
    // correct the start's bias: log1p keeps the small weights exact
    double bias = -Math.expm1(Math.log1p(-oneMinusLambda) * returns.length);
    return Math.sqrt(periodsPerYear * variance / Math.max(bias, 1 - weight));
  }
}
