package corpus;

import static java.lang.Math.PI;
import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Applied statistics as modelling code writes it: Poisson and negative-binomial GLM
 * log-likelihoods with offsets and log links, the Cox partial likelihood over sorted times with
 * tied risk sets (Breslow), a hierarchical normal log posterior, a Gaussian-process log marginal
 * likelihood (squared-exponential kernel, Cholesky, log-determinant), and a kernel density
 * leave-one-out log-likelihood in its bandwidth.
 */
public final class AppliedStatistics {
  /** How ties in event times are handled by the Cox likelihood. */
  public enum Ties { BRESLOW, EFRON }

  /** Numerical settings of a dense GP: jitter added to the diagonal, and the most points it accepts. */
  public record KernelSettings(double jitter, int maxRows) {}

  private static final double LOG_SQRT_TWO_PI = 0.5 * log(2 * PI);
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  private AppliedStatistics() {}

  /** log Gamma(x) by Lanczos (g = 7, n = 9), for x >= 0.5. */
  private static double logGamma(double x) {
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return LOG_SQRT_TWO_PI + (z + 0.5) * log(t) - t + log(a);
  }

  private static double linearPredictor(double[] beta, double[] row) {
    double eta = 0;
    for (int j = 0; j < beta.length; j++) {
      eta += beta[j] * row[j];
    }
    return eta;
  }

  private static void checkDesign(double[][] x, double[] y, double[] offset) {
    if (x.length != y.length || offset.length != y.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "design has %d rows, response %d, offset %d", x.length, y.length, offset.length));
    }
  }

  /** Poisson regression with a log link and an exposure offset. */
  @Differentiable
  public static double poissonLogLikelihood(double[] beta, @NoDerivative double[][] x, @NoDerivative double[] y,
      @NoDerivative double[] offset) {
    checkDesign(x, y, offset);
    double ll = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] != Math.rint(y[i])) {
        throw new IllegalArgumentException("count " + i + " is not a count: " + y[i]);
      }
      double eta = offset[i] + linearPredictor(beta, x[i]);
      ll += y[i] * eta - exp(eta) - logGamma(y[i] + 1);
    }
    return ll;
  }

  /** Negative binomial (NB2) regression with a log link, an offset and dispersion alpha = exp(logAlpha). */
  @Differentiable
  public static double negativeBinomialLogLikelihood(double[] beta, double logAlpha, @NoDerivative double[][] x,
      @NoDerivative double[] y, @NoDerivative double[] offset) {
    checkDesign(x, y, offset);
    double alpha = exp(logAlpha);
    double size = 1 / alpha;
    double ll = 0;
    for (int i = 0; i < y.length; i++) {
      double mu = exp(offset[i] + linearPredictor(beta, x[i]));
      ll += logGamma(y[i] + size) - logGamma(size) - logGamma(y[i] + 1)
          + size * log(size / (size + mu)) + y[i] * log(mu / (size + mu));
    }
    return ll;
  }

  /**
   * Cox partial log-likelihood. Subjects are ordered by time here (an argsort over the inactive
   * times); each distinct event time contributes its events against the risk set of everyone with a
   * time at least as large, ties by Breslow's or Efron's approximation.
   */
  @Differentiable
  public static double coxPartialLogLikelihood(double[] beta, @NoDerivative double[][] covariates,
      @NoDerivative double[] times, boolean[] event, Ties ties) {
    int n = times.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> -times[i]));
    double[] risk = new double[n];
    for (int i = 0; i < n; i++) {
      risk[i] = linearPredictor(beta, covariates[i]);
    }
    double ll = 0;
    double riskSetSum = 0;
    int k = 0;
    while (k < n) {
      // a block of tied times, visited from the latest time down so that the risk set only grows
      int end = k;
      double t = times[order[k]];
      while (end < n && times[order[end]] == t) {
        riskSetSum += exp(risk[order[end]]);
        end++;
      }
      double tiedSum = 0;
      int deaths = 0;
      for (int m = k; m < end; m++) {
        int subject = order[m];
        if (event[subject]) {
          ll += risk[subject];
          tiedSum += exp(risk[subject]);
          deaths++;
        }
      }
      for (int d = 0; d < deaths; d++) {
        double denominator = switch (ties) {
          case BRESLOW -> riskSetSum;
          case EFRON -> riskSetSum - (double) d / deaths * tiedSum;
        };
        ll -= log(denominator);
      }
      k = end;
    }
    return ll;
  }

  /**
   * Log posterior of the eight-schools model up to a constant: theta_j ~ N(mu, tau^2), y_j ~
   * N(theta_j, sigma_j^2), a flat prior on mu and a half-Cauchy(0, 5) on tau = exp(logTau).
   */
  @Differentiable
  public static double hierarchicalLogPosterior(double mu, double logTau, double[] theta, @NoDerivative double[] y,
      @NoDerivative double[] sigma) {
    if (theta.length != y.length || sigma.length != y.length) {
      throw new IllegalArgumentException("groups: " + theta.length + " effects, " + y.length + " estimates");
    }
    double tau = exp(logTau);
    double lp = log(5) - log(1 + (tau / 5) * (tau / 5)) + logTau; // half-Cauchy with its Jacobian
    for (int j = 0; j < theta.length; j++) {
      double zPrior = (theta[j] - mu) / tau;
      double zData = (y[j] - theta[j]) / sigma[j];
      lp += -0.5 * zPrior * zPrior - logTau - 0.5 * zData * zData;
    }
    return lp;
  }

  /**
   * Gaussian-process log marginal likelihood of y at inputs x under a squared-exponential kernel
   * with log length scale, log signal and log noise standard deviations.
   */
  @Differentiable
  public static double gaussianProcessLogMarginal(double logLength, double logSignal, double logNoise,
      @NoDerivative double[][] x, @NoDerivative double[] y, KernelSettings settings) {
    int n = y.length;
    if (n > settings.maxRows()) {
      throw new IllegalArgumentException("too many points for a dense GP: " + n + " > " + settings.maxRows());
    }
    double length = exp(logLength);
    double signal2 = exp(2 * logSignal);
    double noise2 = exp(2 * logNoise) + settings.jitter();
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double d2 = 0;
        for (int c = 0; c < x[i].length; c++) {
          double d = (x[i][c] - x[j][c]) / length;
          d2 += d * d;
        }
        k[i][j] = signal2 * exp(-0.5 * d2);
        k[j][i] = k[i][j];
      }
      k[i][i] += noise2;
    }
    factorInPlace(k);
    double[][] l = k;
    double[] alpha = forwardSubstitute(l, y);
    double quadratic = 0;
    double logDeterminant = 0;
    for (int i = 0; i < n; i++) {
      quadratic += alpha[i] * alpha[i];
      logDeterminant += 2 * log(l[i][i]);
    }
    return -0.5 * quadratic - 0.5 * logDeterminant - n * LOG_SQRT_TWO_PI;
  }

  /**
   * Overwrites the lower triangle of a with its Cholesky factor, row by row (Banachiewicz), as
   * memory-bound GP code does; the upper triangle is left as it was.
   */
  private static void factorInPlace(double[][] a) {
    for (int i = 0; i < a.length; i++) {
      double[] row = a[i];
      for (int j = 0; j <= i; j++) {
        double s = row[j];
        for (int k = 0; k < j; k++) {
          s -= row[k] * a[j][k];
        }
        if (i > j) {
          row[j] = s / a[j][j];
        } else if (s > 0) {
          row[i] = sqrt(s);
        } else {
          throw new ArithmeticException("kernel matrix is not positive definite at row " + i);
        }
      }
    }
  }

  private static double[] forwardSubstitute(double[][] l, double[] b) {
    double[] z = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    return z;
  }

  /** Leave-one-out log-likelihood of a Gaussian kernel density estimate in its bandwidth. */
  @Differentiable
  public static double kernelDensityLogLikelihood(double bandwidth, double[] sample) {
    int n = sample.length;
    if (n < 2) {
      throw new IllegalArgumentException("leave-one-out needs two points, got " + n);
    }
    if (!(bandwidth > 0)) {
      throw new IllegalArgumentException("bandwidth must be positive: " + bandwidth);
    }
    double ll = 0;
    outer:
    for (int i = 0; i < n; i++) {
      double density = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double u = (sample[i] - sample[j]) / bandwidth;
        if (Math.abs(u) > 40) {
          continue; // underflows to 0 anyway
        }
        density += exp(-0.5 * u * u);
      }
      if (density == 0) {
        ll = Double.NEGATIVE_INFINITY;
        break outer;
      }
      ll += log(density / ((n - 1) * bandwidth)) - LOG_SQRT_TWO_PI;
    }
    return ll;
  }

  /** The same density's log-likelihood with the bandwidth by Silverman's rule scaled by a factor. */
  @Differentiable
  public static double silvermanScaledLogLikelihood(double factor, double[] sample) {
    double mean = Arrays.stream(sample).average().orElse(0);
    double variance = Arrays.stream(sample).map(v -> (v - mean) * (v - mean)).sum() / (sample.length - 1);
    double bandwidth = factor * 1.06 * sqrt(variance) * Math.pow(sample.length, -0.2);
    return kernelDensityLogLikelihood(bandwidth, sample);
  }

  /** Numerically stable pieces of likelihoods, as a nested utility class. */
  static final class Stable {
    private Stable() {}

    /** log(1 + exp(x)) without overflow. */
    static double softplus(double x) {
      return x > 30 ? x + Math.log1p(exp(-x)) : Math.log1p(exp(x));
    }

    /** log Phi(z) for the standard normal, by the complementary error function's continued fraction below -5. */
    static double logNormalCdf(double z) {
      if (z < -5) {
        double f = z;
        for (int k = 12; k >= 1; k--) {
          f = z + k / f;
        }
        return -0.5 * z * z - LOG_SQRT_TWO_PI - log(-f);
      }
      double t = 1 / (1 + 0.2316419 * Math.abs(z));
      double tail = exp(-0.5 * z * z - LOG_SQRT_TWO_PI)
          * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
      return log(z >= 0 ? 1 - tail : tail);
    }
  }

  /**
   * Penalized logistic regression: the negative log-likelihood of 0/1 labels plus an L2 penalty on
   * every coefficient but the intercept; observation weights optional (null for equal weights).
   */
  @Differentiable
  public static double logisticLoss(double[] beta, @NoDerivative double[][] x, @NoDerivative double[] labels,
      @NoDerivative double[] weights, double penalty) {
    double loss = 0;
    for (int i = 0; i < labels.length; i++) {
      double eta = linearPredictor(beta, x[i]);
      double w = weights == null ? 1 : weights[i];
      loss += w * (labels[i] == 1 ? Stable.softplus(-eta) : Stable.softplus(eta));
    }
    double ridge = 0;
    for (int j = 1; j < beta.length; j++) {
      ridge += beta[j] * beta[j];
    }
    return loss + 0.5 * penalty * ridge;
  }

  /** Tobit (left-censored at 0) log-likelihood of a linear model with log sigma. */
  @Differentiable
  public static double tobitLogLikelihood(double[] beta, double logSigma, @NoDerivative double[][] x,
      @NoDerivative double[] y) {
    double sigma = exp(logSigma);
    double ll = 0;
    for (int i = 0; i < y.length; i++) {
      double mean = linearPredictor(beta, x[i]);
      if (y[i] <= 0) {
        ll += Stable.logNormalCdf(-mean / sigma);
      } else {
        double z = (y[i] - mean) / sigma;
        ll += -0.5 * z * z - LOG_SQRT_TWO_PI - logSigma;
      }
    }
    return ll;
  }

  /**
   * Long-run average reward of a Markov chain whose transition rows are softmax of scores: the
   * stationary distribution by power iteration (a buffer swap), dotted with the rewards.
   */
  @Differentiable
  public static double stationaryReward(double[][] scores, double[] rewards, int iterations) {
    int n = scores.length;
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      p[i] = new double[n];
      double max = Double.NEGATIVE_INFINITY;
      for (double s : scores[i]) {
        max = Math.max(max, s);
      }
      double total = 0;
      for (int j = 0; j < n; j++) {
        p[i][j] = exp(scores[i][j] - max);
        total += p[i][j];
      }
      for (int j = 0; j < n; j++) {
        p[i][j] /= total;
      }
    }
    double[] pi = new double[n];
    java.util.Arrays.fill(pi, 1.0 / n);
    double[] next = new double[n];
    int step = 0;
    do {
      java.util.Arrays.fill(next, 0);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          next[j] += pi[i] * p[i][j];
        }
      }
      double[] swap = pi;
      pi = next;
      next = swap;
    } while (++step < iterations);
    double reward = 0;
    for (int j = 0; j < n; j++) {
      reward += pi[j] * rewards[j];
    }
    return reward;
  }

  /** Weighted least-squares slope of y on x, with the weights chosen by a flag. */
  @Differentiable
  public static double weightedSlope(double[] x, double[] y, double[] weights, boolean weighted) {
    double[] ones = new double[x.length];
    Arrays.fill(ones, 1);
    double[] w = weighted ? weights : ones;
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
      sxx += w[i] * x[i] * x[i];
      sxy += w[i] * x[i] * y[i];
    }
    return (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  }

  /** Moments of a sample packed into an array by a running index, then the sample kurtosis. */
  @Differentiable
  public static double excessKurtosis(double[] sample) {
    double[] moments = new double[4];
    int k = 0;
    double mean = 0;
    for (double v : sample) {
      mean += v / sample.length;
    }
    for (int power = 2; power <= 4; power++) {
      double m = 0;
      for (double v : sample) {
        m += Math.pow(v - mean, power) / sample.length;
      }
      moments[k++] = m;
    }
    return switch (sample.length) {
      case 0, 1, 2, 3 -> throw new IllegalArgumentException("kurtosis needs four points, got " + sample.length);
      default -> moments[2] / (moments[0] * moments[0]) - 3;
    };
  }
}
