package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.Functions;
import io.javagrad.NoDerivative;
import io.javagrad.Value;
import io.javagrad.samples.Datasets.LabelledPoints;

/**
 * {@link TwoMoonsMlp}'s network written as plain Java over one flat array of weights, so that the
 * build generates its gradient: {@code CompiledMlpGrad.meanHingeLoss(w, ..., grad)} computes the
 * loss and its 337 partial derivatives without building a graph. Same architecture (2 → 16 ReLU →
 * 16 ReLU → 1), same loss, same initial weights, same Adam settings: only the way to the
 * gradient differs.
 *
 * <p>The weights lie in the order of {@link io.javagrad.nn.MLP#parameters()}: layer by layer,
 * neuron by neuron, each neuron's input weights and then its bias.
 */
final class CompiledMlp {
  static final int HIDDEN = TwoMoonsMlp.HIDDEN;
  static final int FIRST_LAYER = 0; // HIDDEN neurons of 2 weights and a bias
  static final int SECOND_LAYER = FIRST_LAYER + HIDDEN * 3; // HIDDEN neurons of HIDDEN weights and a bias
  static final int OUTPUT_LAYER = SECOND_LAYER + HIDDEN * (HIDDEN + 1); // one neuron
  static final int PARAMETERS = OUTPUT_LAYER + HIDDEN + 1;

  private CompiledMlp() {}

  /** What a training run leaves: the weights, the loss before each epoch's step, and the time it took. */
  record Training(double[] weights, double[] losses, double seconds) {}

  /** The network's score at (x, y): positive for class 1, negative for class 0. */
  @Differentiable
  static double score(double[] w, @NoDerivative double x, @NoDerivative double y) {
    double[] first = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      int at = FIRST_LAYER + 3 * j;
      first[j] = Functions.relu(w[at] * x + w[at + 1] * y + w[at + 2]);
    }
    double[] second = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      int at = SECOND_LAYER + (HIDDEN + 1) * j;
      double sum = 0;
      for (int i = 0; i < HIDDEN; i++) {
        sum += w[at + i] * first[i];
      }
      second[j] = Functions.relu(sum + w[at + HIDDEN]);
    }
    double out = 0;
    for (int i = 0; i < HIDDEN; i++) {
      out += w[OUTPUT_LAYER + i] * second[i];
    }
    return out + w[OUTPUT_LAYER + HIDDEN];
  }

  /** The mean hinge loss max(0, 1 - label * score) over the points, labels ±1, as {@link TwoMoonsMlp#loss}. */
  @Differentiable
  static double meanHingeLoss(double[] w, @NoDerivative double[] xs, @NoDerivative double[] ys,
      @NoDerivative double[] labels) {
    double total = 0;
    for (int i = 0; i < xs.length; i++) {
      total += Functions.relu(1 - labels[i] * score(w, xs[i], ys[i]));
    }
    return total / xs.length;
  }

  /** The initial weights of {@link TwoMoonsMlp#untrainedModel()}, flat. */
  static double[] initialWeights() {
    return TwoMoonsMlp.untrainedModel().parameters().stream().mapToDouble(Value::data).toArray();
  }

  /** The classes as the hinge loss wants them: -1 and +1. */
  static double[] signs(LabelledPoints data) {
    double[] signs = new double[data.size()];
    for (int i = 0; i < signs.length; i++) {
      signs[i] = 2 * data.labels()[i] - 1;
    }
    return signs;
  }

  /** The generated gradient of the loss at {@code weights}, into {@code grad}; returns the loss. */
  static double lossAndGradient(double[] weights, LabelledPoints data, double[] signs, double[] grad) {
    return CompiledMlpGrad.meanHingeLoss(weights, data.x(), data.y(), signs, grad);
  }

  /** Trains from the initial weights for {@code epochs} full-batch steps of {@link ArrayAdam}. */
  static Training train(LabelledPoints data, int epochs) {
    long start = System.nanoTime();
    double[] weights = initialWeights();
    double[] signs = signs(data);
    double[] grad = new double[PARAMETERS];
    ArrayAdam optimizer = new ArrayAdam(PARAMETERS, TwoMoonsMlp.LEARNING_RATE);
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      losses[epoch] = lossAndGradient(weights, data, signs, grad);
      optimizer.step(weights, grad);
    }
    return new Training(weights, losses, Timing.secondsSince(start));
  }

  /** The fraction of points whose score has the sign of their class. */
  static double accuracy(double[] weights, LabelledPoints data) {
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      int predicted = score(weights, data.x()[i], data.y()[i]) > 0 ? 1 : 0;
      if (predicted == data.labels()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }
}
