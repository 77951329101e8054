package io.javagrad.hipparchus;

/**
 * A scalar function that gives its gradient with its value, in the shape of the entry point the
 * processor generates for a {@code @Differentiable static double f(...)}: {@code double f(args...,
 * double[] grad)}. Written as a lambda that picks the arguments out of the point:
 *
 * <pre>{@code
 * ValueAndGradient loss = (p, grad) -> LogisticGrad.sumOfSquares(p[0], p[1], p[2], t, y, grad);
 * }</pre>
 */
@FunctionalInterface
public interface ValueAndGradient {
  /**
   * Returns {@code f(point)} and writes its gradient into {@code gradient}.
   *
   * @param point where to evaluate; not kept
   * @param gradient {@code point.length} slots, overwritten
   * @return the value
   */
  double value(double[] point, double[] gradient);
}
