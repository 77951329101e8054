package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A {@code double[][]} workload: {@link Workloads#denseSoftmaxLoss}, a dense tanh layer of
 * {@value #CLASSES} rows of {@value #FEATURES} weights and a softmax cross-entropy loss over a batch
 * of {@value #BATCH} samples, the weights and the data both {@code double[][]}. Primal, generated
 * gradient (slots row by row, then the biases) and hand-written adjoint, which the setup checks
 * agree.
 */
public class DenseLayerBenchmark extends CheckedBenchmark {
  static final int CLASSES = 10;
  static final int FEATURES = 32;
  static final int BATCH = 64;

  double[][] w = new double[CLASSES][FEATURES];
  double[] b = new double[CLASSES];
  double[][] x = new double[BATCH][FEATURES];
  int[] labels = new int[BATCH];
  double[] grad = new double[CLASSES * FEATURES + CLASSES];
  double[] work = new double[CLASSES];

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(6);
    double scale = 1 / Math.sqrt(FEATURES);
    for (double[] row : w) {
      for (int j = 0; j < FEATURES; j++) {
        row[j] = random.nextDouble(-scale, scale);
      }
    }
    for (int k = 0; k < CLASSES; k++) {
      b[k] = random.nextDouble(-0.1, 0.1);
    }
    for (int s = 0; s < BATCH; s++) {
      for (int j = 0; j < FEATURES; j++) {
        x[s][j] = LogisticRegressionBenchmark.normal(random);
      }
      labels[s] = random.nextInt(CLASSES);
    }
  }

  /** All three are one pass over the batch, cheap enough to check whichever is measured. */
  @Override
  void check(String variant) {
    double value = generated();
    double[] expected = grad.clone();
    Agreement.value("primal", value, primal());
    Agreement.value("hand-written", value, handWritten());
    Agreement.gradient("hand-written", expected, grad, Agreement.EXACT);
  }

  @Benchmark
  public double primal() {
    return Workloads.denseSoftmaxLoss(w, b, x, labels);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.denseSoftmaxLoss(w, b, x, labels, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.denseSoftmaxLoss(w, b, x, labels, grad, work);
  }
}
