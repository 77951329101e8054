package io.javagrad;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Gradients by central finite differences, to check analytic ones: those of {@link Value}, of
 * generated companions, and of your own custom operations.
 *
 * <p>The step rule: for coordinate {@code i} the step is {@code h = cbrt(ulp(1)) * max(|x[i]|, 1)}
 * (about 6e-6 near 1). Central differences have truncation error O(h²) and rounding error
 * O(ε/h); a step proportional to ε^(1/3) balances the two, which leaves about 10 correct
 * digits for a smooth function of moderate curvature. The step is rounded so that {@code x + h}
 * is exactly representable ({@code (x + h) - x == h}), and the quotient divides by the distance
 * between the two points actually evaluated, {@code (x + h) - (x - h)}, not by {@code 2h} (they
 * can differ in the last bit where {@code x - h} is rounded, e.g. at {@code x = -4}).
 */
public final class GradientChecker {
  private static final double STEP_SCALE = Math.cbrt(Math.ulp(1.0));

  private GradientChecker() {}

  /**
   * The gradient of {@code f} at {@code x} by central differences: {@code (f(x + h e_i) - f(x - h
   * e_i)) / 2h} for each coordinate. Calls {@code f} 2n times with a copy of {@code x}; {@code x}
   * itself is left as it was.
   */
  public static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x) {
    Objects.requireNonNull(f, "f must not be null");
    Objects.requireNonNull(x, "x must not be null");
    double[] point = x.clone();
    double[] gradient = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double h = step(x[i]);
      point[i] = x[i] + h;
      double up = f.applyAsDouble(point);
      point[i] = x[i] - h;
      double down = f.applyAsDouble(point);
      point[i] = x[i];
      gradient[i] = (up - down) / ((x[i] + h) - (x[i] - h));
    }
    return gradient;
  }

  /** The step used for a coordinate whose value is {@code xi}. */
  public static double step(double xi) {
    double h = STEP_SCALE * Math.max(Math.abs(xi), 1);
    // Round so that xi + h is a representable double: then the difference of the two evaluation
    // points is exactly what we divide by.
    return (xi + h) - xi;
  }

  /**
   * Whether {@code actual} matches {@code expected} within {@code tolerance}, relative to the
   * larger magnitude, or absolute where both are below 1. NaN is close only to NaN, and an infinity
   * only to the same infinity.
   */
  public static boolean close(double expected, double actual, double tolerance) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (expected == actual) {
      return true;
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      // an infinity is close only to itself: the relative test below would take |inf - x| <= inf
      return false;
    }
    double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
    return Math.abs(expected - actual) <= tolerance * scale;
  }
}
