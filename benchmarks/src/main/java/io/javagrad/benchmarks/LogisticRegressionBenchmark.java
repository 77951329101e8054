package io.javagrad.benchmarks;

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
 * The logistic-regression loss, {@link Workloads#logisticLoss}, over {@value #SAMPLES} samples of
 * {@value #FEATURES} features: the gradient with respect to the 10 weights and the bias, six ways, and (the {@code AllInputs}
 * variants) with respect to the data too, to measure what {@code @NoDerivative} saves.
 * The data are synthetic: standard normal features, labels drawn from a logistic model.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LogisticRegressionBenchmark {
  static final int SAMPLES = 1000;
  static final int FEATURES = 10;

  double[] w = new double[FEATURES];
  double b;
  double[] x = new double[SAMPLES * FEATURES];
  double[] y = new double[SAMPLES];
  final double[] grad = new double[FEATURES + 1];
  /** The gradient with respect to every input, data included: the parameters' slots first. */
  final double[] gradAllInputs = new double[FEATURES + 1 + SAMPLES * FEATURES + SAMPLES];

  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** Makes the inputs, from a fixed seed. */
  void init() {
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

  static double normal(SplittableRandom random) {
    // Box–Muller; one of the pair is enough here.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Benchmark
  public double primal() {
    return Workloads.logisticLoss(w, b, x, y);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.logisticLoss(w, b, x, y, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.logisticLoss(w, b, x, y, grad);
  }

  /** {@link #generated} on {@link Workloads#logisticLossAllInputs}, whose data are not marked. */
  @Benchmark
  public double generatedAllInputs() {
    return WorkloadsGrad.logisticLossAllInputs(w, b, x, y, gradAllInputs);
  }

  /** {@link #handWritten}, computing the derivatives with respect to the data as well. */
  @Benchmark
  public double handWrittenAllInputs() {
    return HandAdjoints.logisticLossAllInputs(w, b, x, y, gradAllInputs);
  }

  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.logisticLoss(w, b, x, y, grad);
  }

  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.logisticLoss(w, b, x, y);
  }

  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.logisticLoss(w, b, x, y, grad);
    return grad;
  }
}
