package io.javagrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer.Optimum;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.Test;

class LeastSquaresModelTest {
  static final double[] TRUE_PARAMETERS = {3.0, 0.4, 1.5, 2.5};
  static final double[] TIMES = IntStream.range(0, 40).mapToDouble(i -> 0.1 * i).toArray();
  static final double[] OBSERVED = IntStream.range(0, TIMES.length)
      .mapToDouble(i -> Decay.curve(TRUE_PARAMETERS, TIMES[i])).toArray();

  @Test
  void passesTheValueAndTheJacobianThrough() {
    MultivariateJacobianFunction model = LeastSquaresModel.of(TIMES.length,
        (p, jacobian) -> Decay.curveWithHandJacobian(p, TIMES, jacobian));
    double[] point = {2, 0.5, 1, 2};
    Pair<RealVector, RealMatrix> evaluation = model.value(new ArrayRealVector(point));
    double[][] expected = new double[TIMES.length][point.length];
    assertArrayEquals(Decay.curveWithHandJacobian(point, TIMES, expected), evaluation.getFirst().toArray());
    assertEquals(TIMES.length, evaluation.getSecond().getRowDimension());
    for (int i = 0; i < TIMES.length; i++) {
      assertArrayEquals(expected[i], evaluation.getSecond().getRow(i));
    }
  }

  /** Noise-free data: Levenberg–Marquardt finds the parameters that made it, with a Jacobian written by hand. */
  @Test
  void levenbergMarquardtRecoversTheParameters() {
    Optimum optimum = fit((p, jacobian) -> Decay.curveWithHandJacobian(p, TIMES, jacobian));
    assertArrayEquals(TRUE_PARAMETERS, optimum.getPoint().toArray(), 1e-8);
    assertTrue(optimum.getRMS() < 1e-10, "RMS " + optimum.getRMS());
  }

  /** The same fit with the Jacobian javagrad generates for {@link Decay#curveAt}. */
  @Test
  void levenbergMarquardtWithTheGeneratedJacobian() {
    Optimum optimum = fit((p, jacobian) -> DecayGrad.curveAt(p, TIMES, jacobian));
    assertArrayEquals(TRUE_PARAMETERS, optimum.getPoint().toArray(), 1e-8);
  }

  private static Optimum fit(ValueAndJacobian model) {
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .model(LeastSquaresModel.of(TIMES.length, model))
        .target(OBSERVED)
        .start(new double[] {1, 0.1, 1, 1})
        .maxEvaluations(1000)
        .maxIterations(1000)
        .build();
    return new LevenbergMarquardtOptimizer().optimize(problem);
  }

  @Test
  void eachEvaluationGetsItsOwnArrays() {
    MultivariateJacobianFunction model = LeastSquaresModel.of(TIMES.length,
        (p, jacobian) -> Decay.curveWithHandJacobian(p, TIMES, jacobian));
    Pair<RealVector, RealMatrix> first = model.value(new ArrayRealVector(new double[] {2, 0.5, 1, 2}));
    double[] firstValue = first.getFirst().toArray();
    double[] firstRow = first.getSecond().getRow(3);
    model.value(new ArrayRealVector(new double[] {1, 1, 1, 1}));
    assertArrayEquals(firstValue, first.getFirst().toArray());
    assertArrayEquals(firstRow, first.getSecond().getRow(3));
  }

  @Test
  void misuseIsReported() {
    assertThrows(IllegalArgumentException.class, () -> LeastSquaresModel.of(-1, (p, jacobian) -> p));
    assertThrows(NullPointerException.class, () -> LeastSquaresModel.of(3, null));
    MultivariateJacobianFunction wrongCount = LeastSquaresModel.of(3, (p, jacobian) -> new double[2]);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> wrongCount.value(new ArrayRealVector(2)));
    assertEquals("the model returned 2 values, but was declared with 3 observations", e.getMessage());
  }
}
