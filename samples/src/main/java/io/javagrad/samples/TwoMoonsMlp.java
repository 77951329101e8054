package io.javagrad.samples;

import io.javagrad.Value;
import io.javagrad.nn.Activation;
import io.javagrad.nn.Adam;
import io.javagrad.nn.Losses;
import io.javagrad.nn.MLP;
import io.javagrad.nn.Optimizer;
import io.javagrad.samples.Datasets.LabelledPoints;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training an MLP with the run-time engine, as micrograd's demo does: {@link MLP} learns to tell
 * the two moons apart. Each epoch builds the whole batch's loss as one {@link Value} graph,
 * differentiates it with {@code backward()} and takes one {@link Adam} step.
 *
 * <p>Then the same network again, written as one {@code @Differentiable} method over a flat weight
 * array ({@link CompiledMlp}) and trained with its generated gradient: the same losses, epoch by
 * epoch, in a fraction of the time. Both loss curves go on one plot.
 */
final class TwoMoonsMlp implements TourStep {
  static final int POINTS = 200;
  static final double NOISE = 0.1;
  static final long DATA_SEED = 7;
  static final long MODEL_SEED = 42;
  static final int EPOCHS = 100;
  static final int HIDDEN = 16;
  static final int[] LAYER_SIZES = {HIDDEN, HIDDEN, 1};
  static final double LEARNING_RATE = 0.02;

  /** What a training run leaves: the trained network, its loss before each epoch's step, and the time it took. */
  record Training(MLP model, double[] losses, double seconds) {

    /** The losses as a curve named {@code name}, to plot beside another run's. */
    Plots.Curve curve(String name) {
      return Plots.Curve.perStep(name, losses);
    }
  }

  static LabelledPoints data() {
    return Datasets.twoMoons(POINTS, NOISE, DATA_SEED);
  }

  /** A fresh network: 2 inputs, two hidden ReLU layers, one linear output whose sign is the class. */
  static MLP untrainedModel() {
    return new MLP(2, LAYER_SIZES, Activation.RELU, Activation.LINEAR, MODEL_SEED);
  }

  /** Trains a fresh network on {@code data} for {@code epochs} full-batch steps, reporting progress. */
  static Training train(LabelledPoints data, int epochs, PrintStream console) {
    long start = System.nanoTime();
    MLP model = untrainedModel();
    Optimizer optimizer = new Adam(model.parameters(), LEARNING_RATE);
    Progress progress = new Progress(console, "epoch", epochs);
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      optimizer.zeroGrad();
      Value loss = loss(model, data);
      loss.backward();
      optimizer.step();
      losses[epoch] = loss.data();
      progress.step(loss.data());
    }
    return new Training(model, losses, Timing.secondsSince(start));
  }

  /**
   * The mean hinge loss {@code max(0, 1 - label * score)} with labels ±1: it is 0 once every point
   * lies on its own side of the boundary with a margin of at least 1.
   */
  static Value loss(MLP model, LabelledPoints data) {
    List<Value> scores = new ArrayList<>(data.size());
    int[] signs = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      scores.add(model.apply(data.x()[i], data.y()[i]).get(0));
      signs[i] = 2 * data.labels()[i] - 1;
    }
    return Losses.meanHingeLoss(scores, signs);
  }

  /** The network's score at (x, y): positive for class 1, negative for class 0. */
  static double score(MLP model, double x, double y) {
    return model.apply(x, y).get(0).data();
  }

  /** The fraction of points whose score has the sign of their class. */
  static double accuracy(MLP model, LabelledPoints data) {
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      int predicted = score(model, data.x()[i], data.y()[i]) > 0 ? 1 : 0;
      if (predicted == data.labels()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  @Override
  public String title() {
    return "Training an MLP on two moons: with the run-time engine, then with the generated gradient";
  }

  @Override
  public void run(TourOutput output) throws IOException {
    PrintStream console = output.console();
    LabelledPoints data = data();
    console.printf(Locale.ROOT, "%d points in two moons (noise %.1f); %s, mean hinge loss, Adam (learning rate %s)%n",
        data.size(), NOISE, untrainedModel(), LEARNING_RATE);
    Training training = train(data, EPOCHS, console);
    console.printf(Locale.ROOT, "accuracy after %d epochs: %.1f%%%n", EPOCHS, 100 * accuracy(training.model(), data));
    output.writePng("mlp-decision-boundary.png", Plots.decisionBoundary(
        "MLP decision boundary after " + EPOCHS + " epochs", data, (x, y) -> score(training.model(), x, y)));

    console.printf(Locale.ROOT, "%nThe same network as one @Differentiable method over %d weights"
        + " (CompiledMlp.meanHingeLoss),%ntrained from the same weights by a plain Adam on double[] with the"
        + " generated gradient:%n",
        CompiledMlp.PARAMETERS);
    console.printf(Locale.ROOT,
        "  at the initial weights, its gradient and Value.backward()'s differ by at most %.1e%n",
        largestGradientDifference(data));
    CompiledMlp.Training compiled = CompiledMlp.train(data, EPOCHS);
    console.printf(Locale.ROOT,
        "  accuracy after %d epochs: %.1f%%; the losses of the two runs differ by at most %.1e%n", EPOCHS,
        100 * CompiledMlp.accuracy(compiled.weights(), data), largestDifference(training.losses(), compiled.losses()));
    console.printf(Locale.ROOT, "  %d epochs of training: Value engine %s, generated gradient %s: %.0f times faster"
        + " (JIT warm-up included)%n", EPOCHS, Timing.format(training.seconds()), Timing.format(compiled.seconds()),
        training.seconds() / compiled.seconds());
    double[] epochSeconds = warmEpochSeconds(data);
    console.printf(Locale.ROOT, "  one epoch's loss and gradient, warmed up: Value engine %s, generated gradient %s:"
        + " %.0f times faster%n", Timing.format(epochSeconds[0]), Timing.format(epochSeconds[1]),
        epochSeconds[0] / epochSeconds[1]);
    output.writePng("mlp-loss.png", Plots.lossCurves("Training loss on two moons", "epoch", List.of(
        training.curve("Value.backward()"), Plots.Curve.perStep("generated gradient", compiled.losses()))));
  }

  /**
   * The largest difference between the gradient of {@link #loss} by {@code Value.backward()} and
   * the generated gradient of {@link CompiledMlp#meanHingeLoss}, both at the initial weights.
   */
  static double largestGradientDifference(LabelledPoints data) {
    MLP model = untrainedModel();
    loss(model, data).backward();
    double[] generated = new double[CompiledMlp.PARAMETERS];
    CompiledMlp.lossAndGradient(CompiledMlp.initialWeights(), data, CompiledMlp.signs(data), generated);
    double largest = 0;
    for (int i = 0; i < generated.length; i++) {
      largest = Math.max(largest, Math.abs(generated[i] - model.parameters().get(i).grad()));
    }
    return largest;
  }

  /**
   * The seconds one epoch's loss and gradient take once the JIT has compiled the code: {Value
   * engine, generated gradient}, at the initial weights.
   */
  static double[] warmEpochSeconds(LabelledPoints data) {
    MLP model = untrainedModel();
    double[] weights = CompiledMlp.initialWeights();
    double[] signs = CompiledMlp.signs(data);
    double[] grad = new double[CompiledMlp.PARAMETERS];
    double engine = Timing.secondsPerRun(() -> {
      model.zeroGrad();
      loss(model, data).backward();
    });
    double generated = Timing.secondsPerRun(() -> CompiledMlp.lossAndGradient(weights, data, signs, grad));
    return new double[] {engine, generated};
  }

  private static double largestDifference(double[] a, double[] b) {
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(a[i] - b[i]));
    }
    return largest;
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.TwoMoonsMlp}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new TwoMoonsMlp());
  }
}
