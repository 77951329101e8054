package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/** The n-dimensional Rosenbrock function over a {@code double[]}, {@link Workloads#rosenbrock}, six ways. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class RosenbrockBenchmark {
  @Param({"10", "100", "1000"})
  int n;

  double[] x;
  double[] grad;

  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** Makes the inputs, from a fixed seed. */
  void init() {
    SplittableRandom random = new SplittableRandom(2);
    x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    grad = new double[n];
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
    return Workloads.rosenbrock(x);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.rosenbrock(x, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.rosenbrock(x, grad);
  }

  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.rosenbrock(x, grad);
  }

  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.rosenbrock(x);
  }

  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.rosenbrock(x, grad);
    return grad;
  }
}
