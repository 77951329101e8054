package example;

import io.javagrad.Differentiable;

/** A user's class in a named module. */
public final class Rosenbrock {
  private Rosenbrock() {}

  /**
   * Rosenbrock's banana function, whose minimum 0 lies at (1, 1).
   *
   * @param x the first coordinate
   * @param y the second coordinate
   * @return {@code (1 - x)^2 + 100 (y - x^2)^2}
   */
  @Differentiable
  public static double value(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    return a * a + 100 * b * b;
  }
}
