package io.javagrad.samples;

import io.javagrad.Value;
import io.javagrad.nn.Activation;
import io.javagrad.nn.Losses;
import io.javagrad.nn.MLP;
import io.javagrad.nn.SGD;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training steps on the {@link Value} engine, timed whole: build the loss's graph, {@code
 * backward()}, the optimiser's step. A harness rather than JMH because a training run is a loop
 * whose steps differ (the GPT reads a different name each step) and because it uses only API the
 * engine has had from the start, so it measures an older runtime on the same work too. It lives in
 * the samples' package to reuse their models and data.
 *
 * <ul>
 *   <li><b>micrograd's MLP step</b>: the network of micrograd's {@code demo.ipynb}, 2-16-16-1 with
 *       ReLU, on 100 two-moons points: the mean hinge loss plus {@code 1e-4 Σ p²}, backward, SGD.
 *       micrograd takes 1.32 s per step on this kind of machine (the figure in issue #19; micrograd
 *       itself is not installed here to measure).
 *   <li><b>the tour's tiny GPT</b>: {@link TinyGpt#train}, one name per step, Adam.
 * </ul>
 *
 * <p>Each is warmed up, then timed over several runs; the best run is reported. Run: {@code java
 * -cp benchmarks/target/benchmarks.jar io.javagrad.samples.TrainingSteps}.
 */
public final class TrainingSteps {
  static final double MICROGRAD_SECONDS_PER_STEP = 1.32;
  private static final int MLP_POINTS = 100;
  private static final int MLP_STEPS = 100;
  private static final int GPT_STEPS = 300;
  private static final int RUNS = 5;

  private TrainingSteps() {}

  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "Java %s, %d processors%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    PerStep mlp = bestPerStep(TrainingSteps::trainMicrogradMlp, MLP_STEPS);
    System.out.printf(Locale.ROOT, "micrograd's MLP (2-16-16-1, 100 points): %.3f ms per step, "
        + "%.0fx micrograd's %.2f s; CPU time %.3f ms per step%n", mlp.wall() * 1e3,
        MICROGRAD_SECONDS_PER_STEP / mlp.wall(), MICROGRAD_SECONDS_PER_STEP, mlp.cpu() * 1e3);
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    List<String> names = Datasets.names();
    PerStep gpt = bestPerStep(() -> TinyGpt.train(names, GPT_STEPS, silent), GPT_STEPS);
    System.out.printf(Locale.ROOT, "tiny GPT (one name per step, Adam): %.2f ms per step, %.0f steps per second;"
        + " CPU time %.2f ms per step%n", gpt.wall() * 1e3, 1 / gpt.wall(), gpt.cpu() * 1e3);
  }

  /** Seconds per step: the best wall-clock time and the best CPU time of the running thread. */
  record PerStep(double wall, double cpu) {}

  /**
   * The best of {@value #RUNS} timed runs of {@code training}, after one untimed, per step. The CPU
   * time leaves out the time the thread waited for a core on a shared machine (and the garbage
   * collector's own threads).
   */
  private static PerStep bestPerStep(Runnable training, int steps) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    training.run();
    long best = Long.MAX_VALUE;
    long bestCpu = Long.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      training.run();
      best = Math.min(best, System.nanoTime() - start);
      bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpuStart);
    }
    return new PerStep(best / 1e9 / steps, bestCpu / 1e9 / steps);
  }

  /** micrograd's demo loop: SGD with the learning rate decaying from 1.0 to 0.1. */
  private static void trainMicrogradMlp() {
    Datasets.LabelledPoints data = Datasets.twoMoons(MLP_POINTS, 0.1, 1);
    MLP model = new MLP(2, new int[] {16, 16, 1}, Activation.RELU, Activation.LINEAR, 1337);
    for (int step = 0; step < MLP_STEPS; step++) {
      SGD sgd = new SGD(model.parameters(), 1.0 - 0.9 * step / MLP_STEPS);
      sgd.zeroGrad();
      Value loss = micrograds(model, data);
      loss.backward();
      sgd.step();
    }
  }

  /** Mean hinge loss over the points, labels ±1, plus 1e-4 times the sum of squared parameters. */
  private static Value micrograds(MLP model, Datasets.LabelledPoints data) {
    List<Value> scores = new ArrayList<>(data.size());
    int[] signs = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      scores.add(model.apply(data.x()[i], data.y()[i]).get(0));
      signs[i] = 2 * data.labels()[i] - 1;
    }
    List<Value> squares = new ArrayList<>();
    for (Value p : model.parameters()) {
      squares.add(p.mul(p));
    }
    return Losses.meanHingeLoss(scores, signs).add(Value.sum(squares).mul(1e-4));
  }
}
