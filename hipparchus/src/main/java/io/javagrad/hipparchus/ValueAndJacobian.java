package io.javagrad.hipparchus;

/**
 * A vector-valued function that gives its Jacobian with its value, in the shape of the entry point
 * the processor generates for a {@code @Differentiable static double[] f(...)}: {@code double[]
 * f(args..., double[][] jacobian)}. Written as a lambda that picks the arguments out of the point:
 *
 * <pre>{@code
 * ValueAndJacobian decay = (p, jacobian) -> DecayGrad.model(p, times, jacobian);
 * }</pre>
 */
@FunctionalInterface
public interface ValueAndJacobian {
  /**
   * Returns {@code f(point)}, of length {@code m}, and writes {@code d f_i / d point_j} into {@code
   * jacobian[i][j]}, for an {@code m x n} {@code jacobian} with {@code n = point.length}.
   *
   * @param point where to evaluate; not kept
   * @param jacobian {@code m} rows of {@code point.length}, overwritten
   * @return the value, a new array of length {@code m}
   */
  double[] value(double[] point, double[][] jacobian);
}
