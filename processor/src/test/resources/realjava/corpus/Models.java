package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pricing models and training losses as rates and machine-learning libraries write them: the
 * Bachelier formula, Hagan's SABR expansion with its at-the-money limit, a Jarrow-Rudd tree whose
 * layers are copied with System.arraycopy, Gauss-Hermite quadrature over a payoff chosen by an enum
 * with abstract methods, SVI parameters in a record (SviParameters) with a checking compact constructor, losses over
 * {@code double[][]} batches with rows made in the loop, a GARCH likelihood, and switch
 * expressions with {@code yield} blocks.
 */
public final class Models {
  /** A payoff as an enum of strategies, each constant implementing the abstract method. */
  public enum Payoff {
    CALL {
      @Override
      double pay(double s, double k) {
        return Math.max(s - k, 0);
      }
    },
    PUT {
      @Override
      double pay(double s, double k) {
        return Math.max(k - s, 0);
      }
    },
    STRADDLE {
      @Override
      double pay(double s, double k) {
        return Math.abs(s - k);
      }
    };

    abstract double pay(double s, double k);
  }

  /** How a batch loss reduces over its samples. */
  public enum Reduction {
    MEAN,
    SUM,
    MAX
  }

  /** Nodes and weights of 8-point Gauss-Hermite quadrature for the weight exp(-x^2), positive half. */
  private static final double[] HERMITE_NODES = {
      0.3811869902073221, 1.1571937124467802, 1.9816567566958429, 2.9306374202572440};

  private static final double[] HERMITE_WEIGHTS = {
      0.6611470125582413, 0.2078023258148919, 0.0170779830074134, 0.0001996040722114};

  private static final double SQRT_PI = Math.sqrt(Math.PI);

  private Models() {}

  private static double normalCdf(double x) {
    // erfc by Numerical Recipes' erfcc, through its Horner form
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * z);
    double[] c = {0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418,
        0.37409196, 1.00002368, -1.26551223};
    double poly = 0;
    for (double coefficient : c) {
      poly = Math.fma(poly, t, coefficient);
    }
    double tail = 0.5 * t * Math.exp(-z * z + poly);
    return x >= 0 ? 1 - tail : tail;
  }

  /** The Bachelier (normal model) price of a call or put, with the intrinsic value at expiry. */
  @Differentiable
  public static double bachelier(boolean isCall, double forward, double strike, double normalVol, double expiry,
      double discount) {
    if (normalVol < 0 || expiry < 0) {
      throw new IllegalArgumentException("negative vol or expiry: " + normalVol + ", " + expiry);
    }
    int sign = isCall ? 1 : -1;
    double stdDev = normalVol * Math.sqrt(expiry);
    if (stdDev == 0) {
      return discount * Math.max(sign * (forward - strike), 0);
    }
    double d = sign * (forward - strike) / stdDev;
    double density = Math.exp(-0.5 * d * d) / Math.sqrt(2 * Math.PI);
    return discount * stdDev * (d * normalCdf(d) + density);
  }

  /** Hagan's lognormal SABR volatility, with the at-the-money limit of z / x(z). */
  @Differentiable
  public static double sabrVolatility(double forward, double strike, double expiry, double alpha, double beta,
      double rho, double nu) {
    if (forward <= 0 || strike <= 0) {
      throw new IllegalArgumentException("forward and strike must be positive");
    }
    if (beta < 0 || beta > 1) {
      throw new IllegalArgumentException("beta must lie in [0, 1]: " + beta);
    }
    double oneMinusBeta = 1 - beta;
    double fk = forward * strike;
    double fkBeta = Math.pow(fk, 0.5 * oneMinusBeta);
    double logFk = Math.log(forward / strike);
    double z = nu / alpha * fkBeta * logFk;
    double zOverX;
    if (Math.abs(z) < 1e-7) {
      zOverX = 1 - 0.5 * rho * z;
    } else {
      double root = Math.sqrt(1 - 2 * rho * z + z * z);
      zOverX = z / Math.log((root + z - rho) / (1 - rho));
    }
    double logSquared = logFk * logFk;
    double denominator = fkBeta * (1 + oneMinusBeta * oneMinusBeta / 24 * logSquared
        + Math.pow(oneMinusBeta, 4) / 1920 * logSquared * logSquared);
    double correction = 1 + (oneMinusBeta * oneMinusBeta / 24 * alpha * alpha / (fkBeta * fkBeta)
        + 0.25 * rho * beta * nu * alpha / fkBeta + (2 - 3 * rho * rho) / 24 * nu * nu) * expiry;
    return alpha / denominator * zOverX * correction;
  }

  /** An American option on a Jarrow-Rudd tree; each layer copied into the next with System.arraycopy. */
  @Differentiable
  public static double jarrowRudd(Payoff payoff, double spot, double strike, double rate, double vol,
      double expiry, int steps) {
    Objects.requireNonNull(payoff, "payoff");
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1: " + steps);
    }
    double dt = expiry / steps;
    double drift = (rate - 0.5 * vol * vol) * dt;
    double up = Math.exp(drift + vol * Math.sqrt(dt));
    double down = Math.exp(drift - vol * Math.sqrt(dt));
    double discount = Math.exp(-rate * dt);
    double[] values = new double[steps + 1];
    double[] next = new double[steps + 1];
    for (int j = 0; j <= steps; j++) {
      values[j] = payoff.pay(spot * Math.pow(up, j) * Math.pow(down, steps - j), strike);
    }
    for (int i = steps - 1; i >= 0; i--) {
      Arrays.fill(next, 0.0);
      for (int j = 0; j <= i; j++) {
        double held = discount * 0.5 * (values[j + 1] + values[j]);
        double exercised = payoff.pay(spot * Math.pow(up, j) * Math.pow(down, i - j), strike);
        next[j] = Math.max(held, exercised);
      }
      System.arraycopy(next, 0, values, 0, i + 1);
    }
    return values[0];
  }

  /** E[payoff(S_T)] under a lognormal S_T, by Gauss-Hermite quadrature over the symmetric nodes. */
  @Differentiable
  public static double hermitePrice(Payoff payoff, double forward, double strike, double vol, double expiry) {
    double stdDev = vol * Math.sqrt(expiry);
    double sum = 0;
    for (int i = 0; i < HERMITE_NODES.length; i++) {
      for (int side = -1; side <= 1; side += 2) {
        double x = side * HERMITE_NODES[i];
        double s = forward * Math.exp(Math.sqrt(2) * stdDev * x - 0.5 * stdDev * stdDev);
        sum += HERMITE_WEIGHTS[i] * payoff.pay(s, strike);
      }
    }
    return sum / SQRT_PI;
  }

  /** The SVI implied volatility at a log-moneyness, from the record's parameters. */
  @Differentiable
  public static double sviVolatility(SviParameters svi, double logMoneyness, double expiry) {
    var shifted = logMoneyness - svi.m();
    var totalVariance = svi.a() + svi.b() * (svi.rho() * shifted + Math.hypot(shifted, svi.sigma()));
    if (totalVariance <= 0) {
      throw new ArithmeticException("negative total variance " + totalVariance + " at " + logMoneyness);
    }
    return Math.sqrt(totalVariance / expiry);
  }

  /** Softmax cross-entropy of a linear classifier over a batch; logits made per sample. */
  @Differentiable
  public static double softmaxLoss(double[][] weights, double[] bias, @NoDerivative double[][] features,
      int[] labels, Reduction reduction) {
    int classes = weights.length;
    if (bias.length != classes) {
      throw new IllegalArgumentException("bias has " + bias.length + " entries for " + classes + " classes");
    }
    double total = 0;
    double worst = Double.NEGATIVE_INFINITY;
    for (int n = 0; n < features.length; n++) {
      double[] logits = new double[classes];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double z = bias[c];
        for (int f = 0; f < features[n].length; f++) {
          z = Math.fma(weights[c][f], features[n][f], z);
        }
        logits[c] = z;
        max = Math.max(max, z);
      }
      double sum = 0;
      for (double z : logits) {
        sum += Math.exp(z - max);
      }
      double loss = max + Math.log(sum) - logits[labels[n]];
      total += loss;
      worst = Math.max(worst, loss);
    }
    final int count = features.length;
    return switch (reduction) {
      case MEAN -> total / count;
      case SUM -> total;
      case MAX -> {
        if (count == 0) {
          throw new IllegalArgumentException("no samples to take the maximum over");
        }
        yield worst;
      }
    };
  }

  /** A one-hidden-layer network's squared error; the hidden layer is a fresh array per sample. */
  @Differentiable
  public static double mlpLoss(double[][] hiddenWeights, double[] outputWeights, @NoDerivative double[][] inputs,
      @NoDerivative double[] targets, char activation) {
    double loss = 0;
    for (int n = 0; n < inputs.length; n++) {
      double[] hidden = new double[hiddenWeights.length];
      for (int h = 0; h < hidden.length; h++) {
        double a = 0;
        double[] row = hiddenWeights[h];
        for (int i = 0; i < row.length; i++) {
          a += row[i] * inputs[n][i];
        }
        switch (activation) {
          case 't':
            hidden[h] = Math.tanh(a);
            break;
          case 's':
            hidden[h] = 1 / (1 + Math.exp(-a));
            break;
          case 'r':
            hidden[h] = a > 0 ? a : 0.01 * a;
            break;
          default:
            throw new IllegalArgumentException("unknown activation '" + activation + "'");
        }
      }
      double out = 0;
      for (int h = 0; h < hidden.length; h++) {
        out += outputWeights[h] * hidden[h];
      }
      double r = out - targets[n];
      loss += r * r;
    }
    return loss / inputs.length;
  }

  /** Binary focal loss on logits, with log1p for a stable log-sigmoid. */
  @Differentiable
  public static double focalLoss(double[] logits, int[] labels, double gamma, double alpha) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(logits.length + " logits for " + labels.length + " labels");
    }
    double loss = 0;
    int i = 0;
    do {
      double z = labels[i] == 1 ? logits[i] : -logits[i];
      double logP = -Math.log1p(Math.exp(-Math.abs(z))) + Math.min(z, 0);
      double p = Math.exp(logP);
      double weight = labels[i] == 1 ? alpha : 1 - alpha;
      loss -= weight * Math.pow(1 - p, gamma) * logP;
    } while (++i < logits.length);
    return loss / logits.length;
  }

  /** The cosine embedding loss of a pair, with the margin for dissimilar pairs. */
  @Differentiable
  public static double cosineEmbedding(double[] a, double[] b, boolean similar, double margin) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA = Math.hypot(normA, a[i]);
      normB = Math.hypot(normB, b[i]);
    }
    double cosine = dot / (normA * normB);
    return similar ? 1 - cosine : Math.max(0, cosine - margin);
  }

  /** The GARCH(1,1) negative log-likelihood of a return series; stationarity checked first. */
  @Differentiable
  public static double garchNegLogLikelihood(double omega, double alpha, double beta,
      @NoDerivative double[] returns) {
    if (omega <= 0 || alpha < 0 || beta < 0) {
      throw new IllegalArgumentException("GARCH parameters must be positive");
    }
    if (alpha + beta >= 1) {
      throw new IllegalArgumentException("not stationary: alpha + beta = " + (alpha + beta));
    }
    double variance = omega / (1 - alpha - beta);
    double nll = 0;
    for (double r : returns) {
      nll += 0.5 * (Math.log(2 * Math.PI * variance) + r * r / variance);
      variance = omega + alpha * r * r + beta * variance;
    }
    return nll;
  }

  /** An exponentially weighted volatility, the weights normalised over the window. */
  @Differentiable
  public static double ewmaVolatility(double[] returns, double lambda, int window) {
    int n = Math.min(window, returns.length);
    double[] recent = Arrays.copyOfRange(returns, returns.length - n, returns.length);
    double weight = 1;
    double weights = 0;
    double sum = 0;
    for (int k = recent.length - 1; k >= 0; k--) {
      sum += weight * recent[k] * recent[k];
      weights += weight;
      weight *= lambda;
    }
    return Math.sqrt(sum / weights * 252);
  }
}
