package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Loops of 10^5 and 10^6 iterations: is the generated gradient's cost linear in the trip count,
 * and what does its tape cost? Two loops: the Rosenbrock sum over a {@code double[]} of {@code
 * trips + 1} elements (iterations independent but for the sum), and a damped pendulum integrated
 * for {@code trips} steps over the same 10 seconds (a nonlinear recurrence: every step's state
 * feeds the next). Primal, generated gradient and hand-written adjoint; the tape's bytes per
 * iteration are measured separately (the tape is reused, so a warmed-up call allocates nothing).
 */
public class LoopBenchmark extends CheckedBenchmark {
  /** Simulated time of the pendulum, whatever the number of steps. */
  static final double DURATION = 10;

  @Param({"100000", "1000000"})
  int trips;

  double[] x;
  double[] rosenbrockGrad;
  double theta0 = 1.0;
  double omega0 = 0.0;
  double gravity = 9.81;
  double damping = 0.1;
  double dt;
  final double[] pendulumGrad = new double[5];
  /** The hand-written pendulum's trajectory workspace, owned by the caller as an expert would. */
  double[] work;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(5);
    x = new double[trips + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    rosenbrockGrad = new double[x.length];
    dt = DURATION / trips;
    work = new double[3 * trips];
  }

  /**
   * Checks the primals and the hand-written adjoints against the generated gradients, whichever
   * variant is measured: each is one pass over the loop, so all are cheap enough to check always.
   */
  @Override
  void check(String variant) {
    Agreement.againstGenerated("rosenbrock", this::rosenbrockGenerated, rosenbrockGrad,
        this::rosenbrockPrimal, this::rosenbrockHandWritten);
    Agreement.againstGenerated("pendulum", this::pendulumGenerated, pendulumGrad,
        this::pendulumPrimal, this::pendulumHandWritten);
  }

  @Benchmark
  public double rosenbrockPrimal() {
    return Workloads.rosenbrock(x);
  }

  @Benchmark
  public double rosenbrockGenerated() {
    return WorkloadsGrad.rosenbrock(x, rosenbrockGrad);
  }

  @Benchmark
  public double rosenbrockHandWritten() {
    return HandAdjoints.rosenbrock(x, rosenbrockGrad);
  }

  @Benchmark
  public double pendulumPrimal() {
    return Workloads.pendulum(theta0, omega0, gravity, damping, dt, trips);
  }

  @Benchmark
  public double pendulumGenerated() {
    return WorkloadsGrad.pendulum(theta0, omega0, gravity, damping, dt, trips, pendulumGrad);
  }

  @Benchmark
  public double pendulumHandWritten() {
    return HandAdjoints.pendulum(theta0, omega0, gravity, damping, dt, trips, pendulumGrad, work);
  }
}
