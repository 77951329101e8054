package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javagrad.hipparchus.GradientObjective;
import io.javagrad.hipparchus.LeastSquaresModel;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.junit.jupiter.api.Test;

/** Hipparchus, given generated derivatives through the adapter, finds the parameters of noise-free data. */
class DecayFitTest {
  static final double[] TRUE = {2.0, 0.7, 0.5};
  static final double[] T = new double[30];
  static final double[] Y = new double[30];

  static {
    for (int i = 0; i < T.length; i++) {
      T[i] = 0.2 * i;
      Y[i] = TRUE[0] * Math.exp(-TRUE[1] * T[i]) + TRUE[2];
    }
  }

  @Test
  void conjugateGradientWithTheGeneratedGradient() {
    GradientObjective loss = GradientObjective.of((p, grad) -> DecayGrad.sumOfSquares(p, T, Y, grad));
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
        NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-30));
    PointValuePair optimum = optimizer.optimize(loss.objective(), loss.gradient(), GoalType.MINIMIZE,
        new InitialGuess(new double[] {1, 1, 0}), new MaxEval(100_000), MaxIter.unlimited());
    assertEquals(0, optimum.getValue(), 1e-12);
    assertArrayEquals(TRUE, optimum.getPoint(), 1e-4);
  }

  @Test
  void levenbergMarquardtWithTheGeneratedJacobian() {
    double[] fitted = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
        .model(LeastSquaresModel.of(T.length, (p, jacobian) -> DecayGrad.model(p, T, jacobian)))
        .target(Y)
        .start(new double[] {1, 1, 0})
        .maxEvaluations(1000)
        .maxIterations(1000)
        .build()).getPoint().toArray();
    assertArrayEquals(TRUE, fitted, 1e-8);
  }
}
