package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Rosenbrock's function in two dimensions, {@link Workloads#rosenbrock2}: value and gradient six
 * ways. Each variant writes the gradient into the same buffer and returns the value (forward mode
 * returns its {@code Gradient}, central differences the buffer), so nothing can be optimised away.
 */
public class Rosenbrock2DBenchmark extends SixWayBenchmark {
  double x;
  double y;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(1);
    x = random.nextDouble(-2, 2);
    y = random.nextDouble(-2, 2);
    grad = new double[2];
  }

  @Override
  @Benchmark
  public double primal() {
    return Workloads.rosenbrock2(x, y);
  }

  @Override
  @Benchmark
  public double generated() {
    return WorkloadsGrad.rosenbrock2(x, y, grad);
  }

  @Override
  @Benchmark
  public double handWritten() {
    return HandAdjoints.rosenbrock2(x, y, grad);
  }

  @Override
  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.rosenbrock2(x, y, grad);
  }

  @Override
  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.rosenbrock2(x, y);
  }

  @Override
  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.rosenbrock2(x, y, grad);
    return grad;
  }
}
