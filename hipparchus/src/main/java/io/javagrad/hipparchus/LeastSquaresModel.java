package io.javagrad.hipparchus;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * A model for Hipparchus's least-squares optimisers ({@code LevenbergMarquardtOptimizer}, {@code
 * GaussNewtonOptimizer}) whose Jacobian is a generated one, exact, and computed with the value in
 * one call:
 *
 * <pre>{@code
 * LeastSquaresProblem problem = new LeastSquaresBuilder()
 *     .model(LeastSquaresModel.of(times.length, (p, jacobian) -> DecayGrad.model(p, times, jacobian)))
 *     .target(observed)
 *     .start(new double[] {1, 1})
 *     ...
 * }</pre>
 */
public final class LeastSquaresModel implements MultivariateJacobianFunction {
  private final int observations;
  private final ValueAndJacobian function;

  private LeastSquaresModel(int observations, ValueAndJacobian function) {
    this.observations = observations;
    this.function = function;
  }

  /**
   * The model {@code function} as {@link LeastSquaresBuilder#model(MultivariateJacobianFunction)}
   * takes it.
   *
   * @param observations how many values {@code function} returns: the length of the target
   * @param function the value and the Jacobian, as a generated Jacobian entry point gives them
   * @return a model that calls {@code function} once per evaluation
   * @throws IllegalArgumentException if {@code observations} is negative
   * @throws NullPointerException if {@code function} is null
   */
  public static MultivariateJacobianFunction of(int observations, ValueAndJacobian function) {
    if (observations < 0) {
      throw new IllegalArgumentException("a model has a non-negative number of observations, not " + observations);
    }
    if (function == null) {
      throw new NullPointerException("function");
    }
    return new LeastSquaresModel(observations, function);
  }

  /**
   * Evaluates the model at {@code point}: a new vector and a new matrix each time, since an
   * optimiser keeps the evaluations it compares.
   *
   * @throws IllegalStateException if the function returns another number of values than declared
   */
  @Override
  public Pair<RealVector, RealMatrix> value(RealVector point) {
    double[][] jacobian = new double[observations][point.getDimension()];
    double[] value = function.value(point.toArray(), jacobian);
    if (value.length != observations) {
      throw new IllegalStateException("the model returned " + value.length + " values, but was declared with "
          + observations + " observations");
    }
    return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
  }
}
