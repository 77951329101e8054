package io.javagrad.benchmarks;

import static io.javagrad.benchmarks.Workloads.MLP_B1;
import static io.javagrad.benchmarks.Workloads.MLP_IN;
import static io.javagrad.benchmarks.Workloads.MLP_OUT;
import static io.javagrad.benchmarks.Workloads.MLP_WEIGHTS;

import java.util.SplittableRandom;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The loss of a two-layer perceptron, {@link Workloads#mlpLoss}: 10 inputs, 64 tanh hidden units,
 * 5 softmax outputs, 1,029 weights, mean cross-entropy over a batch of {@value #BATCH} labelled
 * samples; its gradient with respect to every weight, six ways, and (the {@code AllInputs} variants)
 * with respect to the data too, to measure what {@code @NoDerivative} saves.
 */
public class MlpBenchmark extends AllInputsBenchmark {
  static final int BATCH = 32;

  double[] w = new double[MLP_WEIGHTS];
  double[] x = new double[BATCH * MLP_IN];
  double[] y = new double[BATCH * MLP_OUT];

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    grad = new double[MLP_WEIGHTS];
    gradAllInputs = new double[MLP_WEIGHTS + BATCH * (MLP_IN + MLP_OUT)];
    SplittableRandom random = new SplittableRandom(4);
    // Uniform in ±1/sqrt(fan-in), the usual initialisation.
    for (int p = 0; p < MLP_WEIGHTS; p++) {
      double scale = p < MLP_B1 ? 1 / Math.sqrt(MLP_IN) : 1 / Math.sqrt(Workloads.MLP_HIDDEN);
      w[p] = random.nextDouble(-scale, scale);
    }
    for (int s = 0; s < BATCH; s++) {
      for (int i = 0; i < MLP_IN; i++) {
        x[s * MLP_IN + i] = LogisticRegressionBenchmark.normal(random);
      }
      y[s * MLP_OUT + random.nextInt(MLP_OUT)] = 1;
    }
  }

  @Override
  @Benchmark
  public double primal() {
    return Workloads.mlpLoss(w, x, y);
  }

  @Override
  @Benchmark
  public double generated() {
    return WorkloadsGrad.mlpLoss(w, x, y, grad);
  }

  @Override
  @Benchmark
  public double handWritten() {
    return HandAdjoints.mlpLoss(w, x, y, grad);
  }

  /** {@link #generated} on {@link Workloads#mlpLossAllInputs}, whose data are not marked. */
  @Override
  @Benchmark
  public double generatedAllInputs() {
    return WorkloadsGrad.mlpLossAllInputs(w, x, y, gradAllInputs);
  }

  /** {@link #handWritten}, computing the derivatives with respect to the data as well. */
  @Override
  @Benchmark
  public double handWrittenAllInputs() {
    return HandAdjoints.mlpLossAllInputs(w, x, y, gradAllInputs);
  }

  @Override
  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.mlpLoss(w, x, y, grad);
  }

  @Override
  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.mlpLoss(w, x, y);
  }

  @Override
  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.mlpLoss(w, x, y, grad);
    return grad;
  }
}
