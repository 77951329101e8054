package io.javagrad.hipparchus;

import java.util.Arrays;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;

/**
 * An objective for Hipparchus's gradient-based optimisers ({@code
 * NonLinearConjugateGradientOptimizer}) from one function that gives the value and the gradient
 * together, as a generated gradient entry point does. Hipparchus asks for the value and for the
 * gradient separately, often at the same point; this object evaluates the function once per point
 * and answers both from that evaluation:
 *
 * <pre>{@code
 * GradientObjective loss = GradientObjective.of((p, grad) -> LogisticGrad.sumOfSquares(p[0], p[1], p[2], t, y, grad));
 * optimizer.optimize(loss.objective(), loss.gradient(), GoalType.MINIMIZE, new InitialGuess(start), ...);
 * }</pre>
 *
 * <p>It remembers the last point only, and is not safe for use by several threads at once, as an
 * optimiser is not.
 */
public final class GradientObjective {
  private final ValueAndGradient function;
  private double[] lastPoint;
  private double lastValue;
  private double[] lastGradient;
  private long evaluations;

  private GradientObjective(ValueAndGradient function) {
    this.function = function;
  }

  /**
   * An objective that evaluates {@code function}.
   *
   * @param function the value and the gradient, as a generated gradient entry point gives them
   * @return a new objective, with nothing evaluated yet
   * @throws NullPointerException if {@code function} is null
   */
  public static GradientObjective of(ValueAndGradient function) {
    if (function == null) {
      throw new NullPointerException("function");
    }
    return new GradientObjective(function);
  }

  /**
   * The value, for the optimiser.
   *
   * @return the objective function to pass to {@code optimize}
   */
  public ObjectiveFunction objective() {
    return new ObjectiveFunction(point -> {
      evaluateAt(point);
      return lastValue;
    });
  }

  /**
   * The gradient, for the optimiser: a new array at each call.
   *
   * @return the gradient to pass to {@code optimize} with {@link #objective()}
   */
  public ObjectiveFunctionGradient gradient() {
    return new ObjectiveFunctionGradient(point -> {
      evaluateAt(point);
      return lastGradient.clone();
    });
  }

  /**
   * How many times the function has run: once per distinct point asked for in a row.
   *
   * @return the number of evaluations so far
   */
  public long evaluations() {
    return evaluations;
  }

  private void evaluateAt(double[] point) {
    if (lastPoint != null && Arrays.equals(point, lastPoint)) {
      return;
    }
    double[] gradient = new double[point.length];
    double value = function.value(point, gradient);
    lastPoint = point.clone();
    lastValue = value;
    lastGradient = gradient;
    evaluations++;
  }
}
