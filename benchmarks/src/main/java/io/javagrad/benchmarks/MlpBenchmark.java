package io.javagrad.benchmarks;

import static io.javagrad.benchmarks.Workloads.MLP_B1;
import static io.javagrad.benchmarks.Workloads.MLP_IN;
import static io.javagrad.benchmarks.Workloads.MLP_OUT;
import static io.javagrad.benchmarks.Workloads.MLP_WEIGHTS;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The loss of a two-layer perceptron, {@link Workloads#mlpLoss}: 10 inputs, 64 tanh hidden units,
 * 5 softmax outputs, 1,029 weights, mean cross-entropy over a batch of {@value #BATCH} labelled
 * samples; its gradient with respect to every weight, six ways, and (the {@code AllInputs} variants)
 * with respect to the data too, to measure what {@code @NoDerivative} saves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MlpBenchmark {
  static final int BATCH = 32;

  double[] w = new double[MLP_WEIGHTS];
  double[] x = new double[BATCH * MLP_IN];
  double[] y = new double[BATCH * MLP_OUT];
  final double[] grad = new double[MLP_WEIGHTS];
  /** The gradient with respect to every input, data included: the parameters' slots first. */
  final double[] gradAllInputs = new double[MLP_WEIGHTS + BATCH * (MLP_IN + MLP_OUT)];

  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** Makes the inputs, from a fixed seed. */
  void init() {
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

  /**
   * Checks the variant about to be measured (the cheap ones always) against the generated
   * gradient.
   */
  void check(String variant) {
    double value = generated();
    double[] expected = grad.clone();
    Agreement.value("primal", value, primal());
    Agreement.value("hand-written", value, handWritten());
    Agreement.gradient("hand-written", expected, grad, Agreement.EXACT);
    Agreement.value("generated, all inputs", value, generatedAllInputs());
    Agreement.gradient("generated, all inputs", expected,
        Arrays.copyOf(gradAllInputs, expected.length), Agreement.EXACT);
    double[] expectedAllInputs = gradAllInputs.clone();
    Agreement.value("hand-written, all inputs", value, handWrittenAllInputs());
    Agreement.gradient("hand-written, all inputs", expectedAllInputs, gradAllInputs,
        Agreement.EXACT);
    if (variant.equals("dynamicEngine")) {
      Agreement.value("dynamic engine", value, dynamicEngine());
      Agreement.gradient("dynamic engine", expected, grad, Agreement.EXACT);
    }
    if (variant.equals("hipparchus")) {
      Gradient forward = hipparchus();
      Agreement.value("forward mode", value, forward.getValue());
      Agreement.gradient("forward mode", expected, forward.getGradient(), Agreement.EXACT);
    }
    if (variant.equals("finiteDifferences")) {
      finiteDifferences();
      Agreement.gradient("central differences", expected, grad, Agreement.DIFFERENCES);
    }
  }

  @Benchmark
  public double primal() {
    return Workloads.mlpLoss(w, x, y);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.mlpLoss(w, x, y, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.mlpLoss(w, x, y, grad);
  }

  /** {@link #generated} on {@link Workloads#mlpLossAllInputs}, whose data are not marked. */
  @Benchmark
  public double generatedAllInputs() {
    return WorkloadsGrad.mlpLossAllInputs(w, x, y, gradAllInputs);
  }

  /** {@link #handWritten}, computing the derivatives with respect to the data as well. */
  @Benchmark
  public double handWrittenAllInputs() {
    return HandAdjoints.mlpLossAllInputs(w, x, y, gradAllInputs);
  }

  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.mlpLoss(w, x, y, grad);
  }

  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.mlpLoss(w, x, y);
  }

  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.mlpLoss(w, x, y, grad);
    return grad;
  }
}
