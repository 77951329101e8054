package io.javagrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hipparchus.analysis.MultivariateVectorFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.junit.jupiter.api.Test;

class GradientObjectiveTest {
  private static final double[] TIMES = LeastSquaresModelTest.TIMES;
  private static final double[] OBSERVED = LeastSquaresModelTest.OBSERVED;

  /** The generated gradient of the decay model's loss drives nonlinear conjugate gradient to its minimum. */
  @Test
  void conjugateGradientMinimisesWithTheGeneratedGradient() {
    GradientObjective loss = GradientObjective.of((p, grad) -> DecayGrad.sumOfSquares(p, TIMES, OBSERVED, grad));
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE,
        new SimpleValueChecker(1e-15, 1e-30));
    PointValuePair optimum = optimizer.optimize(loss.objective(), loss.gradient(), GoalType.MINIMIZE,
        new InitialGuess(new double[] {2.5, 0.5, 1.0, 2.0}), new MaxEval(100_000), MaxIter.unlimited());
    assertEquals(0, optimum.getValue(), 1e-12);
    assertArrayEquals(LeastSquaresModelTest.TRUE_PARAMETERS, optimum.getPoint(), 1e-4);
  }

  @Test
  void evaluatesOncePerPoint() {
    int[] calls = {0};
    GradientObjective objective = GradientObjective.of((p, grad) -> {
      calls[0]++;
      grad[0] = 2 * p[0];
      grad[1] = 4 * p[1];
      return p[0] * p[0] + 2 * p[1] * p[1];
    });
    MultivariateVectorFunction gradient = objective.gradient().getObjectiveFunctionGradient();
    double[] point = {1, 2};
    assertEquals(9, objective.objective().getObjectiveFunction().value(point));
    point[0] = 3; // the objective kept a copy of the point, not the caller's array
    assertArrayEquals(new double[] {6, 8}, gradient.value(point));
    assertArrayEquals(new double[] {6, 8}, gradient.value(new double[] {3, 2}));
    assertEquals(2, calls[0]);
    assertEquals(2, objective.evaluations());
  }

  @Test
  void eachGradientIsANewArray() {
    GradientObjective objective = GradientObjective.of((p, grad) -> {
      grad[0] = 1;
      return p[0];
    });
    MultivariateVectorFunction gradient = objective.gradient().getObjectiveFunctionGradient();
    double[] first = gradient.value(new double[] {5});
    first[0] = 42;
    double[] second = gradient.value(new double[] {5});
    assertNotSame(first, second);
    assertArrayEquals(new double[] {1}, second);
  }

  @Test
  void aNullFunctionIsRefused() {
    assertThrows(NullPointerException.class, () -> GradientObjective.of(null));
  }
}
