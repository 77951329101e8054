package io.javagrad.benchmarks;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Checks, before a benchmark is measured, that every variant computes the gradient it claims to:
 * the exact ones (hand-written, dynamic engine, forward mode) agree with the generated gradient to
 * rounding, central differences to their truncation error. A benchmark whose variants disagree
 * fails in its setup instead of reporting a time for a wrong answer.
 */
final class Agreement {
  /** Relative to the largest partial: exact methods differ only in the order of their roundings. */
  static final double EXACT = 1e-9;
  /** Central differences with a step of about 6e-6 are good to about 1e-10 relative, plus rounding. */
  static final double DIFFERENCES = 1e-5;

  private Agreement() {}

  /** The name of the benchmark method about to run. */
  static String variant(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  static void gradient(String what, double[] expected, double[] actual, double tolerance) {
    double scale = 1;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= tolerance * scale)) {
        throw new IllegalStateException(what + ": partial " + i + " is " + actual[i]
            + " but the generated gradient has " + expected[i] + " (tolerance " + tolerance
            + " x " + scale + "); expected " + preview(expected) + ", got " + preview(actual));
      }
    }
  }

  /**
   * Runs {@code generated}, which fills {@code grad}, then checks the value of {@code primal} and
   * the value and gradient of {@code handWritten}, which fills {@code grad} again, against it.
   */
  static void againstGenerated(String what, DoubleSupplier generated, double[] grad,
      DoubleSupplier primal, DoubleSupplier handWritten) {
    double value = generated.getAsDouble();
    double[] expected = grad.clone();
    value(what + " primal", value, primal.getAsDouble());
    value(what + " hand-written", value, handWritten.getAsDouble());
    gradient(what + " hand-written", expected, grad, EXACT);
  }

  static void value(String what, double expected, double actual) {
    if (!(Math.abs(expected - actual) <= EXACT * Math.max(1, Math.abs(expected)))) {
      throw new IllegalStateException(what + ": value " + actual + " but the primal gives " + expected);
    }
  }

  private static String preview(double[] values) {
    return Arrays.toString(Arrays.copyOf(values, Math.min(values.length, 6)))
        + (values.length > 6 ? "..." : "");
  }
}
