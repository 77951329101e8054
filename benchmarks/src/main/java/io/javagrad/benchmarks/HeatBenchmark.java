package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The heat-conduction inverse problem of issue #17, {@link Workloads#heatMisfit}: {@value #STEPS}
 * explicit Euler steps over {@value #CELLS} cells with {@code k(T) = k0 exp(beta T)}; primal,
 * generated gradient and hand-written adjoint ({@link HandAdjoints#heatMisfit}).
 */
public class HeatBenchmark extends CheckedBenchmark {
  static final int CELLS = 32;
  static final int STEPS = 200;
  /** Stable for explicit Euler: dt k stays well below 1/2 for the temperatures here. */
  static final double DT = 0.1;

  double[] initial;
  double k0 = 0.8;
  double beta = 0.5;
  double[] observed;
  double[] grad;
  /** The hand-written adjoint's trajectory workspace, owned by the caller. */
  double[] work;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(9);
    initial = new double[CELLS];
    observed = new double[CELLS];
    for (int i = 0; i < CELLS; i++) {
      initial[i] = random.nextDouble();
      observed[i] = random.nextDouble(0.25, 0.75);
    }
    grad = new double[CELLS + 2];
    work = new double[2 * CELLS * STEPS];
  }

  /** Checks the primal and the hand-written adjoint against the generated gradient, always. */
  @Override
  void check(String variant) {
    Agreement.againstGenerated("heat", this::generated, grad, this::primal, this::handWritten);
  }

  @Benchmark
  public double primal() {
    return Workloads.heatMisfit(initial, k0, beta, observed, DT, STEPS);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.heatMisfit(initial, k0, beta, observed, DT, STEPS, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.heatMisfit(initial, k0, beta, observed, DT, STEPS, grad, work);
  }
}
