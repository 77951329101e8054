package io.javagrad.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The Black–Scholes call price, {@link Workloads#blackScholesCall}, and its five sensitivities, six
 * ways. The option is slightly out of the money, so d1 and d2 fall on different sides of 0 and
 * both branches of the distribution function run.
 */
public class BlackScholesBenchmark extends SixWayBenchmark {
  double spot = 100;
  double strike = 105;
  double expiry = 0.75;
  double rate = 0.03;
  double volatility = 0.25;

  /** The inputs are fixed (the field initialisers): only the gradient's buffer to make. */
  @Override
  void init() {
    grad = new double[5];
  }

  @Override
  @Benchmark
  public double primal() {
    return Workloads.blackScholesCall(spot, strike, expiry, rate, volatility);
  }

  @Override
  @Benchmark
  public double generated() {
    return WorkloadsGrad.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Override
  @Benchmark
  public double handWritten() {
    return HandAdjoints.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Override
  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Override
  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.blackScholesCall(spot, strike, expiry, rate, volatility);
  }

  @Override
  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
    return grad;
  }
}
