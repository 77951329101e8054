package corpus;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.log1p;
import static java.lang.Math.max;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.Functions;
import io.javagrad.NoDerivative;

/**
 * Neural-network and learning building blocks as training code writes them: dense layers over
 * double[][] weights with an activation chosen by an enum, a batched softmax cross-entropy, a small
 * MLP, a padded 1-D convolution, batch and layer normalization, attention for one query, an LSTM
 * cell, regularized logistic regression configured by a record, Huber and quantile regression and a
 * soft k-means objective. Helpers are private, some in nested classes.
 */
public final class Learning {
  /** The nonlinearity after a dense layer. */
  public enum Activation {
    IDENTITY,
    RELU,
    TANH,
    SIGMOID,
    SOFTPLUS
  }

  /** How a convolution treats the signal's ends. */
  public enum Padding {
    VALID,
    ZERO,
    REFLECT
  }

  /** Elastic-net regularization: lambda (alpha ||b||_1 + (1 - alpha) ||b||^2 / 2). */
  public record Regularization(double lambda, double alpha) {
    public Regularization {
      if (lambda < 0 || alpha < 0 || alpha > 1) {
        throw new IllegalArgumentException(String.format("invalid regularization: lambda=%s, alpha=%s", lambda, alpha));
      }
    }
  }

  private static final double NORM_EPSILON = 1e-5;
  /** Output weights that read a normalized vector down to one number (a fixed probe). */
  private static final double[] PROBE = {0.7, -1.3, 0.4, 2.1, -0.6, 0.9, 1.5, -0.2};

  private Learning() {}

  /** Dense layers: matrix-vector products and their activations. */
  private static final class Dense {
    private Dense() {}

    static double[] forward(double[][] weights, double[] bias, double[] input, Activation activation) {
      int outputs = weights.length;
      if (bias.length != outputs) {
        throw new IllegalArgumentException("bias has " + bias.length + " entries for " + outputs + " outputs");
      }
      double[] out = new double[outputs];
      for (int i = 0; i < outputs; i++) {
        double[] row = weights[i];
        if (row.length != input.length) {
          throw new IllegalArgumentException(String.format("row %d has %d weights for %d inputs", i, row.length,
              input.length));
        }
        double z = bias[i];
        for (int j = 0; j < row.length; j++) {
          z = Math.fma(row[j], input[j], z);
        }
        out[i] = activate(z, activation);
      }
      return out;
    }

    static double activate(double z, Activation activation) {
      switch (activation) {
        case IDENTITY:
          return z;
        case RELU:
          return Functions.relu(z);
        case TANH:
          return Math.tanh(z);
        case SIGMOID:
          return Functions.sigmoid(z);
        case SOFTPLUS:
          // log(1 + e^z) without overflow for large z
          return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
        default:
          throw new AssertionError(activation);
      }
    }
  }

  /** Sum of squares of a dense layer's outputs. */
  @Differentiable
  public static double denseLayerEnergy(double[][] weights, double[] bias, double[] input, Activation activation) {
    double energy = 0;
    for (double y : Dense.forward(weights, bias, input, activation)) {
      energy += y * y;
    }
    return 0.5 * energy;
  }

  private static double logSumExp(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = max(m, v);
    }
    double s = 0;
    for (double v : z) {
      s += exp(v - m);
    }
    return m + log(s);
  }

  /** Mean softmax cross-entropy of a batch of logits (one row per example) against integer labels. */
  @Differentiable
  public static double batchCrossEntropy(double[][] logits, int[] labels) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException("batch of " + logits.length + " logits but " + labels.length + " labels");
    }
    if (logits.length == 0) {
      return 0;
    }
    double total = 0;
    for (int n = 0; n < logits.length; n++) {
      var row = logits[n];
      int label = labels[n];
      if (label < 0 || label >= row.length) {
        throw new IndexOutOfBoundsException(String.format("label %d of example %d out of range [0, %d)", label, n,
            row.length));
      }
      total += logSumExp(row) - row[label];
    }
    return total / logits.length;
  }

  /** Mean squared error of a one-hidden-layer tanh network over a batch (inputs as rows). */
  @Differentiable
  public static double mlpLoss(double[][] w1, double[] b1, double[] w2, double b2, @NoDerivative double[][] inputs,
      @NoDerivative double[] targets) {
    if (inputs.length != targets.length) {
      throw new IllegalArgumentException("inputs " + inputs.length + " vs targets " + targets.length);
    }
    double loss = 0;
    for (int n = 0; n < inputs.length; n++) {
      double[] hidden = Dense.forward(w1, b1, inputs[n], Activation.TANH);
      double out = b2;
      for (int k = 0; k < hidden.length; k++) {
        out += w2[k] * hidden[k];
      }
      double error = out - targets[n];
      loss += error * error;
    }
    return loss / inputs.length;
  }

  /** Sum of squares of the cross-correlation of a signal with a kernel, the ends padded as asked. */
  @Differentiable
  public static double conv1dEnergy(double[] signal, double[] kernel, Padding padding) {
    int k = kernel.length;
    if (k == 0 || k % 2 == 0) {
      throw new IllegalArgumentException("kernel length must be odd: " + k);
    }
    int half = k / 2;
    int n = signal.length;
    int outputs = padding == Padding.VALID ? n - k + 1 : n;
    if (outputs <= 0) {
      throw new IllegalArgumentException("signal of " + n + " is shorter than the kernel of " + k);
    }
    int shift = padding == Padding.VALID ? half : 0;
    double energy = 0;
    for (int i = 0; i < outputs; i++) {
      double acc = 0;
      for (int j = -half; j <= half; j++) {
        int at = i + shift + j;
        double sample;
        if (at >= 0 && at < n) {
          sample = signal[at];
        } else if (padding == Padding.REFLECT) {
          sample = signal[at < 0 ? -at : 2 * (n - 1) - at];
        } else {
          continue; // zero padding contributes nothing
        }
        acc += kernel[j + half] * sample;
      }
      energy += acc * acc;
    }
    return energy;
  }

  /**
   * Batch normalization of a batch (rows are examples) with per-feature scale and shift, read out
   * through the probe weights.
   */
  @Differentiable
  public static double batchNormProbe(double[][] batch, double[] gamma, double[] beta) {
    int size = batch.length;
    if (size < 2) {
      throw new IllegalArgumentException("batch normalization needs at least 2 examples, got " + size);
    }
    int features = gamma.length;
    double[] mean = new double[features];
    double[] variance = new double[features];
    for (double[] example : batch) {
      for (int f = 0; f < features; f++) {
        mean[f] += example[f] / size;
      }
    }
    for (double[] example : batch) {
      for (int f = 0; f < features; f++) {
        double d = example[f] - mean[f];
        variance[f] += d * d / size;
      }
    }
    double out = 0;
    for (int n = 0; n < size; n++) {
      for (int f = 0; f < features; f++) {
        double normalized = (batch[n][f] - mean[f]) / sqrt(variance[f] + NORM_EPSILON);
        out += PROBE[(n + f) % PROBE.length] * (gamma[f] * normalized + beta[f]);
      }
    }
    return out;
  }

  /** Layer normalization of one vector, read out through the probe weights. */
  @Differentiable
  public static double layerNormProbe(double[] x, double[] gamma, double[] beta) {
    int n = x.length;
    if (n > PROBE.length || gamma.length != n || beta.length != n) {
      throw new IllegalArgumentException("layer of " + n + " with " + gamma.length + " scales and " + beta.length
          + " shifts (at most " + PROBE.length + ")");
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double sumSquares = 0;
    for (double v : x) {
      sumSquares += (v - mean) * (v - mean);
    }
    double inverseStd = 1 / sqrt(sumSquares / n + NORM_EPSILON);
    double out = 0;
    for (int i = 0; i < n; i++) {
      out += PROBE[i] * Math.fma(gamma[i], (x[i] - mean) * inverseStd, beta[i]);
    }
    return out;
  }

  /** Scaled dot-product attention of one query over keys and values; the output's squared norm. */
  @Differentiable
  public static double attention(double[] query, double[][] keys, double[][] values) {
    int d = query.length;
    if (keys.length != values.length) {
      throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
    }
    double[] scores = new double[keys.length];
    double scale = 1 / sqrt(d);
    for (int t = 0; t < keys.length; t++) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        s += query[i] * keys[t][i];
      }
      scores[t] = s * scale;
    }
    double normalizer = logSumExp(scores);
    double[] context = new double[values[0].length];
    for (int t = 0; t < values.length; t++) {
      double weight = exp(scores[t] - normalizer);
      double[] value = values[t];
      for (int j = 0; j < context.length; j++) {
        context[j] += weight * value[j];
      }
    }
    double norm = 0;
    for (double c : context) {
      norm += c * c;
    }
    return norm;
  }

  /** Gates of an LSTM, one per row block of the packed weights. */
  private static final class Lstm {
    static final int INPUT = 0, FORGET = 1, CELL = 2, OUTPUT = 3;

    private Lstm() {}

    /**
     * One step: writes the new hidden state into h and the new cell state into c. The weights are
     * packed: row g*H + k holds gate g's weights for unit k over [x, h, 1].
     */
    static void step(double[][] weights, double[] x, double[] h, double[] c) {
      int units = h.length;
      if (weights.length != 4 * units) {
        throw new IllegalArgumentException("expected " + 4 * units + " weight rows, got " + weights.length);
      }
      double[][] gates = new double[4][units];
      for (int g = 0; g < 4; g++) {
        for (int k = 0; k < units; k++) {
          double[] row = weights[g * units + k];
          double z = row[x.length + units]; // the bias column
          for (int i = 0; i < x.length; i++) {
            z += row[i] * x[i];
          }
          for (int i = 0; i < units; i++) {
            z += row[x.length + i] * h[i];
          }
          gates[g][k] = g == CELL ? Math.tanh(z) : Functions.sigmoid(z);
        }
      }
      for (int k = 0; k < units; k++) {
        c[k] = gates[FORGET][k] * c[k] + gates[INPUT][k] * gates[CELL][k];
        h[k] = gates[OUTPUT][k] * Math.tanh(c[k]);
      }
    }
  }

  /** Runs an LSTM over a sequence from zero state; the last hidden state's sum against the probe. */
  @Differentiable
  public static double lstmSequence(double[][] weights, double[][] sequence, int units) {
    double[] h = new double[units];
    double[] c = new double[units];
    for (double[] x : sequence) {
      Lstm.step(weights, x, h, c);
    }
    double out = 0;
    for (int k = 0; k < units; k++) {
      out += PROBE[k] * h[k] + 0.1 * c[k];
    }
    return out;
  }

  /** Negative log-likelihood of logistic regression with an elastic-net penalty, stable for any margin. */
  @Differentiable
  public static double elasticNetLogistic(double[] coefficients, double intercept, @NoDerivative double[][] features,
      int[] labels, Regularization regularization) {
    double nll = 0;
    for (int n = 0; n < features.length; n++) {
      if (labels[n] != 0 && labels[n] != 1) {
        throw new IllegalArgumentException("label " + n + " must be 0 or 1: " + labels[n]);
      }
      double z = intercept;
      for (int j = 0; j < coefficients.length; j++) {
        z += coefficients[j] * features[n][j];
      }
      double margin = labels[n] == 1 ? z : -z;
      // log(1 + exp(-margin)), both signs without overflow
      nll += margin > 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin));
    }
    double l1 = 0, l2 = 0;
    for (double b : coefficients) {
      l1 += Math.abs(b);
      l2 += b * b;
    }
    double alpha = regularization.alpha();
    return nll / features.length + regularization.lambda() * (alpha * l1 + (1 - alpha) * 0.5 * l2);
  }

  /** Huber loss of a linear model's residuals; delta is where it turns linear. */
  @Differentiable
  public static double huberRegression(double[] coefficients, @NoDerivative double[][] x, @NoDerivative double[] y,
      double delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive: " + delta);
    }
    double loss = 0;
    for (int i = 0; i < y.length; i++) {
      double fit = 0;
      for (int j = 0; j < coefficients.length; j++) {
        fit += coefficients[j] * x[i][j];
      }
      double r = y[i] - fit;
      double a = Math.abs(r);
      loss += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }
    return loss / y.length;
  }

  /** Pinball loss of several quantile predictions at once, each column a level of taus. */
  @Differentiable
  public static double quantileLoss(double[][] predictions, @NoDerivative double[] targets, double[] taus) {
    double loss = 0;
    for (int i = 0; i < targets.length; i++) {
      for (int q = 0; q < taus.length; q++) {
        double tau = taus[q];
        if (tau <= 0 || tau >= 1) {
          throw new IllegalArgumentException("quantile level " + q + " must be in (0, 1): " + tau);
        }
        double u = targets[i] - predictions[i][q];
        loss += u >= 0 ? tau * u : (tau - 1) * u;
      }
    }
    return loss;
  }

  /**
   * Soft k-means objective: -1/beta sum_i log sum_k exp(-beta ||x_i - c_k||^2), the free energy
   * that soft assignments at inverse temperature beta minimise.
   */
  @Differentiable
  public static double softKMeans(double[][] centroids, @NoDerivative double[][] points, double beta) {
    if (beta <= 0) {
      throw new IllegalArgumentException("inverse temperature must be positive: " + beta);
    }
    int k = centroids.length;
    double energy = 0;
    for (double[] point : points) {
      double[] logits = new double[k];
      for (int c = 0; c < k; c++) {
        double d2 = 0;
        for (int j = 0; j < point.length; j++) {
          double diff = point[j] - centroids[c][j];
          d2 += diff * diff;
        }
        logits[c] = -beta * d2;
      }
      energy -= logSumExp(logits) / beta;
    }
    return energy;
  }

  /**
   * Mean squared error of a tanh MLP whose parameters come flat, as an optimizer holds them: the
   * hidden weights row by row, the hidden biases, the output weights and the output bias, unpacked
   * with a running index.
   */
  @Differentiable
  public static double flatMlpLoss(double[] theta, int hidden, @NoDerivative double[][] inputs,
      @NoDerivative double[] targets) {
    int features = inputs[0].length;
    int expected = hidden * (features + 2) + 1;
    if (theta.length != expected) {
      throw new IllegalArgumentException(String.format("expected %d parameters for %d hidden units, got %d", expected,
          hidden, theta.length));
    }
    double[][] w = new double[hidden][features];
    double[] b = new double[hidden];
    double[] v = new double[hidden];
    int k = 0;
    for (double[] row : w) {
      for (int j = 0; j < features; j++) {
        row[j] = theta[k++];
      }
    }
    for (int h = 0; h < hidden; h++) {
      b[h] = theta[k++];
    }
    for (int h = 0; h < hidden; h++) {
      v[h] = theta[k++];
    }
    double c = theta[k];
    double loss = 0;
    for (int n = 0; n < inputs.length; n++) {
      double out = c;
      int h = 0;
      while (h < hidden) {
        // the unit's output weight is read before h moves on
        out += v[h] * Math.tanh(Dense.forward(w, b, inputs[n], Activation.IDENTITY)[h++]);
      }
      double error = out - targets[n];
      loss += error * error;
    }
    return loss / inputs.length;
  }
}
