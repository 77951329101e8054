package io.javagrad.benchmarks;

import java.util.Arrays;

/**
 * A {@link SixWayBenchmark} over a loss whose data are marked {@code @NoDerivative}, with two more
 * variants that differentiate a copy of the loss without the mark, generated and hand-written: the
 * gradient with respect to every input, data included, to measure what the mark saves.
 */
public abstract class AllInputsBenchmark extends SixWayBenchmark {
  /**
   * The gradient with respect to every input, data included, which the {@code AllInputs} variants
   * write: the parameters' partials first, as in {@link #grad}, then the data's. {@link #init}
   * makes it.
   */
  double[] gradAllInputs;

  public abstract double generatedAllInputs();

  public abstract double handWrittenAllInputs();

  /**
   * Checks both {@code AllInputs} variants before every benchmark, as the hand-written adjoint is:
   * each is one compiled reverse sweep, cheap next to the slow variants. The generated one's
   * parameter partials are checked against {@link #generated}, the hand-written one against the
   * generated one over every input.
   */
  @Override
  final void checkCheap(double value, double[] expected) {
    Agreement.value("generated, all inputs", value, generatedAllInputs());
    Agreement.gradient("generated, all inputs", expected,
        Arrays.copyOf(gradAllInputs, expected.length), Agreement.EXACT);
    double[] expectedAllInputs = gradAllInputs.clone();
    Agreement.value("hand-written, all inputs", value, handWrittenAllInputs());
    Agreement.gradient("hand-written, all inputs", expectedAllInputs, gradAllInputs,
        Agreement.EXACT);
  }
}
