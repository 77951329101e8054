package io.javagrad;

/**
 * Functions that {@link Math} lacks but models need. {@link Value} has each as an operation, and
 * the {@code @Differentiable} processor differentiates calls to them.
 */
public final class Functions {
  private Functions() {}

  /** The rectified linear unit, {@code max(x, 0)}. Its derivative at 0 is taken to be 0. */
  public static double relu(double x) {
    return x > 0 ? x : 0;
  }

  /** The logistic function {@code 1 / (1 + e^-x)}, computed without overflow for any x. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
