package corpus;

import io.javagrad.Differentiable;
import io.javagrad.Functions;
import io.javagrad.NoDerivative;
import java.util.SplittableRandom;

/**
 * Machine-learning losses as training code writes them: a stable logsumexp, robust penalties
 * chosen by an enum, masks, labels in an int[], a seeded dropout, and an unrolled optimizer.
 */
public final class Losses {
  /** How a regression residual is penalized. */
  public enum Penalty {
    SQUARED,
    ABSOLUTE,
    HUBER
  }

  private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

  private Losses() {}

  /** log(sum(exp(z))) with the maximum subtracted first, so that nothing overflows. */
  @Differentiable
  public static double logSumExp(double[] z) {
    if (z.length == 0) {
      throw new IllegalArgumentException("logSumExp of nothing");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    if (Double.isInfinite(max)) {
      throw new ArithmeticException("logSumExp needs a finite maximum, got " + max);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  @Differentiable
  public static double softmaxCrossEntropy(double[] logits, int label) {
    if (label < 0 || label >= logits.length) {
      throw new IndexOutOfBoundsException("label " + label + " out of range for " + logits.length + " classes");
    }
    return logSumExp(logits) - logits[label];
  }

  /** Robust loss; Huber falls through into the absolute penalty beyond delta. */
  @Differentiable
  @SuppressWarnings("fallthrough")
  public static double robustLoss(double[] residuals, Penalty penalty, double delta) {
    if (delta <= 0) {
      throw new IllegalArgumentException("delta must be positive: " + delta);
    }
    double loss = 0;
    for (double r : residuals) {
      double a = Math.abs(r);
      switch (penalty) {
        case SQUARED:
          loss += 0.5 * r * r;
          break;
        case HUBER:
          if (a <= delta) {
            loss += 0.5 * r * r;
            break;
          }
          // beyond delta Huber is delta |r| - delta^2 / 2: the linear part is the absolute case's
          loss -= 0.5 * delta * delta;
        case ABSOLUTE:
          loss += (penalty == Penalty.HUBER ? delta : 1) * a;
          break;
      }
    }
    return loss;
  }

  /** Mean regression loss with the penalty picked by a switch expression (one arm yields). */
  @Differentiable
  public static double regressionLoss(double[] predicted, double[] target, Penalty penalty) {
    if (predicted.length != target.length) {
      throw new IllegalArgumentException("lengths differ: " + predicted.length + " vs " + target.length);
    }
    double total = 0;
    for (int i = 0; i < predicted.length; i++) {
      double r = predicted[i] - target[i];
      total += switch (penalty) {
        case SQUARED -> r * r;
        case ABSOLUTE -> Math.abs(r);
        case HUBER -> {
          double a = Math.abs(r);
          yield a <= 1 ? 0.5 * r * r : a - 0.5;
        }
      };
    }
    return total / predicted.length;
  }

  /** Mean logistic loss over rows of a row-major feature table with 0/1 labels. */
  @Differentiable
  public static double logisticLoss(double[] weights, double bias, @NoDerivative double[] features, int[] labels) {
    int d = weights.length;
    if (features.length != labels.length * d) {
      throw new IllegalArgumentException("expected " + labels.length * d + " features, got " + features.length);
    }
    double loss = 0;
    for (int row = 0; row < labels.length; row++) {
      if (labels[row] != 0 && labels[row] != 1) {
        throw new IllegalArgumentException("label must be 0 or 1: " + labels[row]);
      }
      double z = bias;
      for (int j = 0; j < d; j++) {
        z += weights[j] * features[row * d + j];
      }
      // softplus(-margin), computed stably
      double margin = labels[row] == 1 ? z : -z;
      loss += Math.max(-margin, 0) + Math.log1p(Math.exp(-Math.abs(margin)));
    }
    return loss / labels.length;
  }

  /** Weight decay that skips frozen weights. */
  @Differentiable
  public static double l2Penalty(double[] weights, double lambda, boolean[] frozen) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (frozen[i]) {
        continue;
      }
      sum += weights[i] * weights[i];
    }
    return 0.5 * lambda * sum;
  }

  /** Quantile (pinball) loss, written with signum. */
  @Differentiable
  public static double pinballLoss(double[] residuals, double tau) {
    if (!(tau > 0 && tau < 1)) {
      throw new IllegalArgumentException("tau must be in (0, 1): " + tau);
    }
    double loss = 0;
    for (double r : residuals) {
      loss += r * (tau - 0.5 + 0.5 * Math.signum(r));
    }
    return loss / residuals.length;
  }

  /** Mean squared error after inverted dropout with a seeded generator. */
  @Differentiable
  public static double dropoutMse(double[] predicted, double[] target, double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1): " + rate);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double keepScale = 1 / (1 - rate);
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      boolean dropped = random.nextDouble() < rate;
      if (dropped) {
        continue;
      }
      double r = predicted[i] * keepScale - target[i];
      sum += r * r;
    }
    return sum / predicted.length;
  }

  /** Rosenbrock's loss after some steps of Adam: differentiable in the start and the learning rate. */
  @Differentiable
  public static double adamUnrolled(double x0, double y0, double learningRate, int steps) {
    double x = x0, y = y0;
    double mx = 0, my = 0, vx = 0, vy = 0;
    for (int t = 1; t <= steps; t++) {
      double gx = -2 * (1 - x) - 400 * x * (y - x * x);
      double gy = 200 * (y - x * x);
      mx = BETA1 * mx + (1 - BETA1) * gx;
      my = BETA1 * my + (1 - BETA1) * gy;
      vx = BETA2 * vx + (1 - BETA2) * gx * gx;
      vy = BETA2 * vy + (1 - BETA2) * gy * gy;
      double correction1 = 1 - Math.pow(BETA1, t), correction2 = 1 - Math.pow(BETA2, t);
      x -= learningRate * (mx / correction1) / (Math.sqrt(vx / correction2) + EPSILON);
      y -= learningRate * (my / correction1) / (Math.sqrt(vy / correction2) + EPSILON);
    }
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  }

  /** An activation named in a model's configuration, by a String switch expression. */
  @Differentiable
  public static double activation(double x, String name) {
    return switch (name) {
      case "relu" -> Functions.relu(x);
      case "tanh" -> Math.tanh(x);
      case "sigmoid" -> Functions.sigmoid(x);
      default -> throw new IllegalArgumentException("unknown activation: " + name);
    };
  }
}
