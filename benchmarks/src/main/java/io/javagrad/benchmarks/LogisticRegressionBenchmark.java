package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The logistic-regression loss, {@link Workloads#logisticLoss}, over {@value #SAMPLES} samples of
 * {@value #FEATURES} features: the gradient with respect to the 10 weights and the bias, six ways, and (the {@code AllInputs}
 * variants) with respect to the data too, to measure what {@code @NoDerivative} saves.
 * The data are synthetic: standard normal features, labels drawn from a logistic model.
 */
public class LogisticRegressionBenchmark extends AllInputsBenchmark {
  static final int SAMPLES = 1000;
  static final int FEATURES = 10;

  double[] w = new double[FEATURES];
  double b;
  double[] x = new double[SAMPLES * FEATURES];
  double[] y = new double[SAMPLES];

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    grad = new double[FEATURES + 1];
    gradAllInputs = new double[FEATURES + 1 + SAMPLES * FEATURES + SAMPLES];
    SplittableRandom random = new SplittableRandom(3);
    double[] truth = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      truth[j] = random.nextDouble(-1, 1);
      w[j] = random.nextDouble(-0.1, 0.1);
    }
    b = 0.05;
    for (int i = 0; i < SAMPLES; i++) {
      double z = 0.2;
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] = normal(random);
        z += truth[j] * x[i * FEATURES + j];
      }
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
  }

  static double normal(SplittableRandom random) {
    // Box–Muller; one of the pair is enough here.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Override
  @Benchmark
  public double primal() {
    return Workloads.logisticLoss(w, b, x, y);
  }

  @Override
  @Benchmark
  public double generated() {
    return WorkloadsGrad.logisticLoss(w, b, x, y, grad);
  }

  @Override
  @Benchmark
  public double handWritten() {
    return HandAdjoints.logisticLoss(w, b, x, y, grad);
  }

  /** {@link #generated} on {@link Workloads#logisticLossAllInputs}, whose data are not marked. */
  @Override
  @Benchmark
  public double generatedAllInputs() {
    return WorkloadsGrad.logisticLossAllInputs(w, b, x, y, gradAllInputs);
  }

  /** {@link #handWritten}, computing the derivatives with respect to the data as well. */
  @Override
  @Benchmark
  public double handWrittenAllInputs() {
    return HandAdjoints.logisticLossAllInputs(w, b, x, y, gradAllInputs);
  }

  @Override
  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.logisticLoss(w, b, x, y, grad);
  }

  @Override
  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.logisticLoss(w, b, x, y);
  }

  @Override
  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.logisticLoss(w, b, x, y, grad);
    return grad;
  }
}
