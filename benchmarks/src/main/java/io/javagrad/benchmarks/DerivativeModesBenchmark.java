package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * What each derivative the companion offers costs next to the primal, on the same workloads: the
 * gradient (reverse mode), the directional derivative {@code f_tangent} (forward mode; issue #18's
 * target: at most 3x the primal) and the Hessian-vector product {@code f_hvp} with the gradient
 * (reverse over forward; the target: at most 4x the gradient). Each fork measures one workload, so each lambda's call
 * site here sees one implementation.
 */
public class DerivativeModesBenchmark extends CheckedBenchmark {
  @Param({"blackScholes", "rosenbrock10", "rosenbrock1000", "pendulum", "heat"})
  String workload;

  Modes modes;
  double[] grad;
  double[] direction;
  double[] hessianTimesDirection;

  /** One workload's primal, gradient, tangent and Hessian-vector product, at inputs fixed when it is made. */
  record Modes(int slots, DoubleSupplier primal, ToDoubleFunction<double[]> gradient,
      ToDoubleFunction<double[]> tangent, HessianVectorProduct hvp) {}

  /** {@code f_hvp}'s shape: the value, the gradient into {@code grad}, H v into {@code hv}. */
  interface HessianVectorProduct {
    double apply(double[] v, double[] grad, double[] hv);
  }

  @Override
  void init() {
    modes = switch (workload) {
      case "blackScholes" -> blackScholes();
      case "rosenbrock10" -> rosenbrock(10);
      case "rosenbrock1000" -> rosenbrock(1000);
      case "pendulum" -> pendulum();
      case "heat" -> heat();
      default -> throw new IllegalArgumentException("no workload " + workload);
    };
    grad = new double[modes.slots()];
    hessianTimesDirection = new double[modes.slots()];
    SplittableRandom random = new SplittableRandom(7);
    direction = random.doubles(modes.slots(), -1, 1).toArray();
  }

  /** The tangent along {@link #direction} is the gradient's dot product with it. */
  @Override
  void check(String variant) {
    double[] gradient = new double[modes.slots()];
    modes.gradient().applyAsDouble(gradient);
    double dot = 0;
    double scale = 0;
    for (int i = 0; i < gradient.length; i++) {
      dot += gradient[i] * direction[i];
      scale += Math.abs(gradient[i] * direction[i]);
    }
    double tangent = modes.tangent().applyAsDouble(direction);
    if (!(Math.abs(tangent - dot) <= Agreement.EXACT * Math.max(1, scale))) {
      throw new IllegalStateException(workload + ": f_tangent gives " + tangent + " but gradient . direction is " + dot);
    }
    // f_hvp's gradient is the gradient entry's; its H v is checked against differences in the processor's tests
    double[] gradientOfHvp = new double[modes.slots()];
    modes.hvp().apply(direction, gradientOfHvp, hessianTimesDirection);
    Agreement.gradient(workload + " f_hvp", gradient, gradientOfHvp, Agreement.EXACT);
    for (double h : hessianTimesDirection) {
      if (!Double.isFinite(h)) {
        throw new IllegalStateException(workload + ": f_hvp gives a non-finite H v");
      }
    }
  }

  @Benchmark
  public double primal() {
    return modes.primal().getAsDouble();
  }

  @Benchmark
  public double gradient() {
    return modes.gradient().applyAsDouble(grad);
  }

  @Benchmark
  public double tangent() {
    return modes.tangent().applyAsDouble(direction);
  }

  @Benchmark
  public double hvp() {
    return modes.hvp().apply(direction, grad, hessianTimesDirection);
  }

  private static Modes blackScholes() {
    return new Modes(5,
        () -> Workloads.blackScholesCall(100, 105, 0.75, 0.03, 0.25),
        grad -> WorkloadsGrad.blackScholesCall(100, 105, 0.75, 0.03, 0.25, grad),
        direction -> WorkloadsGrad.blackScholesCall_tangent(100, 105, 0.75, 0.03, 0.25, direction),
        (v, grad, hv) -> WorkloadsGrad.blackScholesCall_hvp(100, 105, 0.75, 0.03, 0.25, v, grad, hv));
  }

  private static Modes rosenbrock(int n) {
    double[] x = new SplittableRandom(2).doubles(n, -2, 2).toArray();
    return new Modes(n,
        () -> Workloads.rosenbrock(x),
        grad -> WorkloadsGrad.rosenbrock(x, grad),
        direction -> WorkloadsGrad.rosenbrock_tangent(x, direction),
        (v, grad, hv) -> WorkloadsGrad.rosenbrock_hvp(x, v, grad, hv));
  }

  /** The damped pendulum over 1,000 steps: a nonlinear recurrence, taped in reverse mode. */
  private static Modes pendulum() {
    int steps = 1000;
    double dt = 0.01;
    return new Modes(5,
        () -> Workloads.pendulum(1.0, 0.0, 9.81, 0.1, dt, steps),
        grad -> WorkloadsGrad.pendulum(1.0, 0.0, 9.81, 0.1, dt, steps, grad),
        direction -> WorkloadsGrad.pendulum_tangent(1.0, 0.0, 9.81, 0.1, dt, steps, direction),
        (v, grad, hv) -> WorkloadsGrad.pendulum_hvp(1.0, 0.0, 9.81, 0.1, dt, steps, v, grad, hv));
  }

  /** Heat conduction, 32 cells over 200 steps, as {@link HeatBenchmark} sets it up. */
  private static Modes heat() {
    HeatBenchmark heat = new HeatBenchmark();
    heat.init();
    return new Modes(heat.initial.length + 2,
        heat::primal,
        grad -> WorkloadsGrad.heatMisfit(heat.initial, heat.k0, heat.beta, heat.observed, HeatBenchmark.DT,
            HeatBenchmark.STEPS, grad),
        direction -> WorkloadsGrad.heatMisfit_tangent(heat.initial, heat.k0, heat.beta, heat.observed,
            HeatBenchmark.DT, HeatBenchmark.STEPS, direction),
        (v, grad, hv) -> WorkloadsGrad.heatMisfit_hvp(heat.initial, heat.k0, heat.beta, heat.observed,
            HeatBenchmark.DT, HeatBenchmark.STEPS, v, grad, hv));
  }
}
