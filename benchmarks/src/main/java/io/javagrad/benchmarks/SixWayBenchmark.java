package io.javagrad.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * A workload's value and gradient six ways: the primal alone, the generated gradient, a hand-written
 * adjoint, the dynamic engine, forward mode ({@code hipparchus}) and central differences. A
 * subclass declares the six as its {@code @Benchmark} methods, writing the gradient into {@link
 * #grad}.
 */
public abstract class SixWayBenchmark extends CheckedBenchmark {
  /**
   * The buffer every variant but {@link #hipparchus} writes the gradient into, one partial per
   * differentiated input; {@link #init} makes it. It lives here so that {@link #check} can read it.
   */
  double[] grad;

  public abstract double primal();

  public abstract double generated();

  public abstract double handWritten();

  public abstract double dynamicEngine();

  public abstract Gradient hipparchus();

  /** Returns {@link #grad}, which it fills. */
  public abstract double[] finiteDifferences();

  /**
   * Checks the primal and the hand-written adjoint before every benchmark, as they are cheap; the
   * slow variants (dynamic engine, forward mode, central differences) only before they are
   * measured themselves.
   */
  @Override
  final void check(String variant) {
    double value = generated();
    double[] expected = grad.clone();
    Agreement.value("primal", value, primal());
    Agreement.value("hand-written", value, handWritten());
    Agreement.gradient("hand-written", expected, grad, Agreement.EXACT);
    checkCheap(value, expected);
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
      Agreement.gradient("central differences", expected, finiteDifferences(),
          Agreement.DIFFERENCES);
    }
  }

  /**
   * Checks any further variants cheap enough to check before every benchmark, given the generated
   * value and gradient; there are none unless a subclass adds them.
   */
  void checkCheap(double value, double[] expected) {}
}
