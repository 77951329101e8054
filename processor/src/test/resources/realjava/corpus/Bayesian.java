package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;

/**
 * Log densities as the back ends of probabilistic programming write them, unnormalised where the
 * constant does not matter to a sampler: a non-centred hierarchical normal (eight schools), a
 * logistic regression with a Gaussian prior, a Poisson GLM with a log link, a Gaussian mixture by
 * log-sum-exp, Dirichlet and Beta densities through a Lanczos log-gamma, a truncated normal through
 * an erf approximation, a change-point model, and the stick-breaking transform to the simplex with
 * its log Jacobian.
 */
public final class Bayesian {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  /** Lanczos coefficients for g = 7, n = 9 (the table Numerical Recipes and many ports use). */
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};
  private static final double LANCZOS_G = 7;
  /** log k! for k below the table's length; Stirling's series above it. */
  private static final double[] LOG_FACTORIAL = logFactorialTable(16);

  /** A normal prior on a coefficient. */
  public record NormalPrior(double location, double scale) {
    public NormalPrior {
      if (!(scale > 0)) {
        throw new IllegalArgumentException("prior scale must be positive: " + scale);
      }
    }
  }

  /** Log-space arithmetic kept in a class of its own, as ports keep their special functions. */
  static final class LogSpace {
    private LogSpace() {}

    /** log(e^a + e^b), exact when either is minus infinity. */
    static double logAddExp(double a, double b) {
      if (a == Double.NEGATIVE_INFINITY) {
        return b;
      }
      if (b == Double.NEGATIVE_INFINITY) {
        return a;
      }
      return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
  }

  /** Densities as static methods of an interface, a style some libraries use. */
  interface Densities {
    static double logNormal(double x, double mean, double sd) {
      double z = (x - mean) / sd;
      return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
    }
  }

  private Bayesian() {}

  private static double normalLogDensity(double x, double mean, double sd) {
    double z = (x - mean) / sd;
    return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
  }

  /** log Gamma(x) for x > 0 by the Lanczos approximation, with reflection below 1/2. */
  private static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + LANCZOS_G + 0.5;
    return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  private static double[] logFactorialTable(int size) {
    double[] table = new double[size];
    for (int k = 1; k < size; k++) {
      table[k] = table[k - 1] + Math.log(k);
    }
    return table;
  }

  /** log k!, from the table or by Stirling's series with three correction terms. */
  private static double logFactorial(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("negative count " + k);
    }
    if (k < LOG_FACTORIAL.length) {
      return LOG_FACTORIAL[k];
    }
    double n = k + 1.0;
    double inverse = 1 / n;
    double inverse2 = inverse * inverse;
    return (n - 0.5) * Math.log(n) - n + LOG_SQRT_2PI
        + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 / 1260));
  }

  /** log(sum exp(a_i)) with the largest term factored out; minus infinity when every term is. */
  private static double logSumExp(double[] a) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double sum = 0;
    for (double v : a) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /** erf by Numerical Recipes' Chebyshev-fitted erfc (fractional error below 1.2e-7). */
  private static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1 - erfc : erfc - 1;
  }

  private static double normalCdf(double z) {
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  /**
   * The eight-schools model, non-centred: theta_j = mu + tau eta_j with eta_j ~ N(0, 1),
   * y_j ~ N(theta_j, sigma_j), mu ~ N(0, 5), tau half-Cauchy(0, 5) sampled as log tau (with the
   * Jacobian term log tau).
   */
  @Differentiable
  public static double eightSchools(double mu, double logTau, double[] eta, @NoDerivative double[] y,
      @NoDerivative double[] sigma) {
    if (eta.length != y.length || y.length != sigma.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "eta, y and sigma must have one entry per school: %d, %d, %d", eta.length, y.length, sigma.length));
    }
    double tau = Math.exp(logTau);
    double lp = normalLogDensity(mu, 0, 5);
    lp += -Math.log1p((tau / 5) * (tau / 5)) + logTau; // half-Cauchy up to a constant, plus the Jacobian
    for (int j = 0; j < eta.length; j++) {
      double theta = mu + tau * eta[j];
      lp += normalLogDensity(eta[j], 0, 1);
      lp += normalLogDensity(y[j], theta, sigma[j]);
    }
    return lp;
  }

  /** log sigma(z), computed without overflow on either side. */
  private static double logSigmoid(double z) {
    return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
  }

  /** Logistic regression's log posterior: Bernoulli likelihood of 0/1 labels and a normal prior per coefficient. */
  @Differentiable
  public static double logisticLogPosterior(double[] beta, @NoDerivative double[][] x, int[] labels,
      NormalPrior prior) {
    if (x.length != labels.length) {
      throw new IllegalArgumentException("rows " + x.length + " != labels " + labels.length);
    }
    double lp = 0;
    for (double b : beta) {
      lp += normalLogDensity(b, prior.location(), prior.scale());
    }
    for (int i = 0; i < x.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) {
        eta += x[i][j] * beta[j];
      }
      switch (labels[i]) {
        case 1 -> lp += logSigmoid(eta);
        case 0 -> lp += logSigmoid(-eta);
        default -> throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", not 0 or 1");
      }
    }
    return lp;
  }

  /** Poisson regression with a log link and an exposure offset: sum y eta - exp(eta) - log y!. */
  @Differentiable
  public static double poissonLogLikelihood(double[] beta, @NoDerivative double[][] x, int[] counts,
      @NoDerivative double[] exposure) {
    double ll = 0;
    for (int i = 0; i < counts.length; i++) {
      double eta = Math.log(exposure[i]);
      for (int j = 0; j < beta.length; j++) {
        eta += beta[j] * x[i][j];
      }
      ll += counts[i] * eta - Math.exp(eta) - logFactorial(counts[i]);
    }
    return ll;
  }

  /** Log-likelihood of data under a Gaussian mixture; weights are given as unnormalised logits. */
  @Differentiable
  public static double mixtureLogLikelihood(double[] logits, double[] means, double[] logSds,
      @NoDerivative double[] data) {
    int k = logits.length;
    if (means.length != k || logSds.length != k) {
      throw new IllegalArgumentException("components: " + k + " logits, " + means.length + " means, "
          + logSds.length + " scales");
    }
    double logNormaliser = logSumExp(logits);
    double ll = 0;
    for (double x : data) {
      double[] terms = new double[k];
      for (int c = 0; c < k; c++) {
        terms[c] = logits[c] - logNormaliser + normalLogDensity(x, means[c], Math.exp(logSds[c]));
      }
      ll += logSumExp(terms);
    }
    return ll;
  }

  /** The Dirichlet log density of a point of the simplex. */
  @Differentiable
  public static double dirichletLogDensity(double[] p, double[] alpha) {
    if (p.length != alpha.length) {
      throw new IllegalArgumentException("dimension " + p.length + " but " + alpha.length + " concentrations");
    }
    double total = Arrays.stream(p).sum();
    if (Math.abs(total - 1) > 1e-4) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "p sums to %.6f, not 1", total));
    }
    double alphaSum = 0;
    double density = 0;
    for (int i = 0; i < p.length; i++) {
      alphaSum += alpha[i];
      density += (alpha[i] - 1) * Math.log(p[i]) - logGamma(alpha[i]);
    }
    return density + logGamma(alphaSum);
  }

  /** The Beta(a, b) log density at x in (0, 1); minus infinity outside. */
  @Differentiable
  public static double betaLogDensity(double x, double a, double b) {
    if (!(a > 0 && b > 0)) {
      throw new IllegalArgumentException("shape parameters must be positive: " + a + ", " + b);
    }
    if (x <= 0 || x >= 1) {
      return Double.NEGATIVE_INFINITY;
    }
    return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logGamma(a + b) - logGamma(a) - logGamma(b);
  }

  /** The log density of N(mu, sigma) truncated to [lower, upper]. */
  @Differentiable
  public static double truncatedNormalLogDensity(double x, double mu, double sigma, double lower, double upper) {
    if (!(lower < upper)) {
      throw new IllegalArgumentException("empty truncation interval [" + lower + ", " + upper + "]");
    }
    if (x < lower || x > upper) {
      return Double.NEGATIVE_INFINITY;
    }
    double mass = normalCdf((upper - mu) / sigma) - normalCdf((lower - mu) / sigma);
    return normalLogDensity(x, mu, sigma) - Math.log(mass);
  }

  /**
   * A change-point Poisson model: counts before the switch have one rate, after it another; the
   * switch is a continuous time whose floor picks the first day of the late regime.
   */
  @Differentiable
  public static double changePointLogLikelihood(double earlyRate, double lateRate, double switchTime,
      int[] counts) {
    int change = (int) Math.floor(switchTime);
    if (change < 0 || change > counts.length) {
      throw new IllegalArgumentException("switch time " + switchTime + " outside [0, " + counts.length + "]");
    }
    double ll = 0;
    for (int day = 0; day < counts.length; day++) {
      double rate = day < change ? earlyRate : lateRate;
      ll += counts[day] * Math.log(rate) - rate - logFactorial(counts[day]);
    }
    return ll;
  }

  /**
   * Stan's stick-breaking transform of K - 1 unconstrained values to a point of the K-simplex:
   * z_k = logistic(y_k - log(K - k - 1)), x_k = z_k times what is left of the stick.
   */
  @Differentiable
  public static double[] stickBreaking(double[] y) {
    int k = y.length + 1;
    double[] x = new double[k];
    double stick = 1;
    for (int i = 0; i < k - 1; i++) {
      double z = 1 / (1 + Math.exp(-(y[i] - Math.log(k - i - 1))));
      x[i] = stick * z;
      stick -= x[i];
    }
    x[k - 1] = stick;
    return x;
  }

  /** The log absolute Jacobian determinant of the stick-breaking transform at y. */
  @Differentiable
  public static double stickBreakingLogJacobian(double[] y) {
    int k = y.length + 1;
    double stick = 1;
    double logJacobian = 0;
    for (int i = 0; i < k - 1; i++) {
      double shifted = y[i] - Math.log(k - i - 1);
      double z = 1 / (1 + Math.exp(-shifted));
      logJacobian += Math.log(stick) + logSigmoid(shifted) + logSigmoid(-shifted);
      stick -= stick * z;
    }
    return logJacobian;
  }

  /** A Dirichlet log density over the stick-breaking image of y, with the Jacobian: what a sampler sees. */
  @Differentiable
  public static double simplexLogDensity(double[] y, @NoDerivative double[] alpha) {
    double[] p = stickBreaking(y);
    return dirichletLogDensity(p, alpha) + stickBreakingLogJacobian(y);
  }

  /** The joint log prior of coefficients given as varargs, under one prior family and scale. */
  @Differentiable
  public static double logPrior(PriorFamily prior, double scale, double... coefficients) {
    double lp = 0;
    for (double c : coefficients) {
      lp += prior.logDensity(c, scale);
    }
    return lp;
  }

  /**
   * The log-likelihood of a sequence under a Gaussian hidden Markov model, by the forward algorithm
   * in log space with the two alpha buffers swapped each step.
   */
  @Differentiable
  public static double hmmLogLikelihood(double[] logInitial, double[][] logTransition, double[] means,
      @NoDerivative double[] observations, double sd) {
    int k = logInitial.length;
    if (logTransition.length != k || means.length != k) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%d states but %d transition rows, %d means",
          k, logTransition.length, means.length));
    }
    double[] alpha = new double[k];
    for (int s = 0; s < k; s++) {
      alpha[s] = logInitial[s] + Densities.logNormal(observations[0], means[s], sd);
    }
    double[] next = new double[k];
    for (int t = 1; t < observations.length; t++) {
      for (int s = 0; s < k; s++) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < k; r++) {
          acc = LogSpace.logAddExp(acc, alpha[r] + logTransition[r][s]);
        }
        next[s] = acc + Densities.logNormal(observations[t], means[s], sd);
      }
      double[] swap = alpha;
      alpha = next;
      next = swap;
    }
    double total = Double.NEGATIVE_INFINITY;
    for (double a : alpha) {
      total = LogSpace.logAddExp(total, a);
    }
    return total;
  }

  /** The AR(1) log-likelihood conditional on the first observation. */
  @Differentiable
  public static double ar1LogLikelihood(double phi, double mu, double logSigma, @NoDerivative double[] series) {
    if (Math.abs(phi) >= 1) {
      throw new IllegalArgumentException("not stationary: phi = " + phi);
    }
    double sigma = Math.exp(logSigma);
    double ll = 0;
    double previous = series[0];
    for (int t = 1; t < series.length; t++) {
      double predicted = mu + phi * (previous - mu);
      ll += Densities.logNormal(series[t], predicted, sigma);
      previous = series[t];
    }
    return ll;
  }

  /** Lower Cholesky factor of a symmetric positive definite matrix; throws if it is not. */
  private static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (sum <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "not positive definite at %d: %.3g", i, sum));
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return l;
  }

  /** GP log marginal likelihood with a squared-exponential kernel and noise. */
  @Differentiable
  public static double gpLogMarginal(double logAmplitude, double logLength, double logNoise,
      @NoDerivative double[] x, @NoDerivative double[] y) {
    int n = x.length;
    double amp2 = Math.exp(2 * logAmplitude);
    double length = Math.exp(logLength);
    double noise2 = Math.exp(2 * logNoise);
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = (x[i] - x[j]) / length;
        k[i][j] = amp2 * Math.exp(-0.5 * d * d) + (i == j ? noise2 : 0);
      }
    }
    double[][] l = cholesky(k);
    double[] alpha = new double[n];
    for (int i = 0; i < n; i++) {
      double s = y[i];
      for (int j = 0; j < i; j++) {
        s -= l[i][j] * alpha[j];
      }
      alpha[i] = s / l[i][i];
    }
    double quad = 0;
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      quad += alpha[i] * alpha[i];
      logDet += Math.log(l[i][i]);
    }
    return -0.5 * quad - logDet - 0.5 * n * Math.log(2 * Math.PI);
  }
}
