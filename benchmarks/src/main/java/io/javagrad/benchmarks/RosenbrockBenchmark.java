package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** The n-dimensional Rosenbrock function over a {@code double[]}, {@link Workloads#rosenbrock}, six ways. */
public class RosenbrockBenchmark extends SixWayBenchmark {
  @Param({"10", "100", "1000"})
  int n;

  double[] x;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(2);
    x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    grad = new double[n];
  }

  @Override
  @Benchmark
  public double primal() {
    return Workloads.rosenbrock(x);
  }

  @Override
  @Benchmark
  public double generated() {
    return WorkloadsGrad.rosenbrock(x, grad);
  }

  @Override
  @Benchmark
  public double handWritten() {
    return HandAdjoints.rosenbrock(x, grad);
  }

  @Override
  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.rosenbrock(x, grad);
  }

  @Override
  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.rosenbrock(x);
  }

  @Override
  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.rosenbrock(x, grad);
    return grad;
  }
}
