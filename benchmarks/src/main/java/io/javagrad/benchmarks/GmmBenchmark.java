package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * ADBench's Gaussian mixture objective, {@link AdBench#gmmObjective}, on {@value #POINTS} points:
 * primal, generated gradient and hand-written adjoint ({@link AdBenchAdjoints#gmmObjective}), at
 * ADBench's smallest instance (d = 2, k = 5) and a larger one (d = 32, k = 5), where the work per
 * point and component grows as d^2.
 */
public class GmmBenchmark extends CheckedBenchmark {
  /** ADBench's smaller point count. */
  static final int POINTS = 1000;
  /** ADBench's data files set the Wishart prior's parameters to these. */
  static final double WISHART_GAMMA = 1;
  static final int WISHART_M = 0;

  /** Dimension and components, as ADBench names its instances: {@code d}x{@code k}. */
  @Param({"2x5", "32x5"})
  String instance;

  double[] alphas;
  double[] means;
  double[] icf;
  double[] x;
  double[] grad;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    String[] dk = instance.split("x");
    int d = Integer.parseInt(dk[0]);
    int k = Integer.parseInt(dk[1]);
    SplittableRandom random = new SplittableRandom(7);
    alphas = new double[k];
    means = new double[k * d];
    icf = new double[k * d * (d + 1) / 2];
    x = new double[POINTS * d];
    for (int c = 0; c < k; c++) {
      alphas[c] = LogisticRegressionBenchmark.normal(random);
    }
    for (int i = 0; i < means.length; i++) {
      means[i] = random.nextDouble();
    }
    for (int i = 0; i < icf.length; i++) {
      icf[i] = 0.1 * LogisticRegressionBenchmark.normal(random);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble();
    }
    grad = new double[alphas.length + means.length + icf.length];
  }

  /** Checks the primal and the hand-written adjoint against the generated gradient, always. */
  @Override
  void check(String variant) {
    Agreement.againstGenerated("gmm", this::generated, grad, this::primal, this::handWritten);
  }

  @Benchmark
  public double primal() {
    return AdBench.gmmObjective(alphas, means, icf, x, WISHART_GAMMA, WISHART_M);
  }

  @Benchmark
  public double generated() {
    return AdBenchGrad.gmmObjective(alphas, means, icf, x, WISHART_GAMMA, WISHART_M, grad);
  }

  @Benchmark
  public double handWritten() {
    return AdBenchAdjoints.gmmObjective(alphas, means, icf, x, WISHART_GAMMA, WISHART_M, grad);
  }
}
