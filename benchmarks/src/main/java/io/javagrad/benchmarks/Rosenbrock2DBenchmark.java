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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Rosenbrock's function in two dimensions, {@link Workloads#rosenbrock2}: value and gradient six
 * ways. Each variant writes the gradient into the same buffer and returns the value (forward mode
 * returns its {@code Gradient}, central differences the buffer), so nothing can be optimised away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class Rosenbrock2DBenchmark {
  double x;
  double y;
  final double[] grad = new double[2];

  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** Makes the inputs, from a fixed seed. */
  void init() {
    SplittableRandom random = new SplittableRandom(1);
    x = random.nextDouble(-2, 2);
    y = random.nextDouble(-2, 2);
  }

  /**
   * Checks the variant about to be measured (the cheap ones always) against the generated
   * gradient.
   */
  void check(String variant) {
    double value = WorkloadsGrad.rosenbrock2(x, y, grad);
    double[] expected = grad.clone();
    Agreement.value("primal", value, Workloads.rosenbrock2(x, y));
    Agreement.value("hand-written", value, HandAdjoints.rosenbrock2(x, y, grad));
    Agreement.gradient("hand-written", expected, grad, Agreement.EXACT);
    if (variant.equals("dynamicEngine")) {
      Agreement.value("dynamic engine", value, DynamicEngine.rosenbrock2(x, y, grad));
      Agreement.gradient("dynamic engine", expected, grad, Agreement.EXACT);
    }
    if (variant.equals("hipparchus")) {
      Gradient forward = ForwardMode.rosenbrock2(x, y);
      Agreement.value("forward mode", value, forward.getValue());
      Agreement.gradient("forward mode", expected, forward.getGradient(), Agreement.EXACT);
    }
    if (variant.equals("finiteDifferences")) {
      FiniteDifferences.rosenbrock2(x, y, grad);
      Agreement.gradient("central differences", expected, grad, Agreement.DIFFERENCES);
    }
  }

  @Benchmark
  public double primal() {
    return Workloads.rosenbrock2(x, y);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.rosenbrock2(x, y, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.rosenbrock2(x, y, grad);
  }

  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.rosenbrock2(x, y, grad);
  }

  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.rosenbrock2(x, y);
  }

  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.rosenbrock2(x, y, grad);
    return grad;
  }
}
