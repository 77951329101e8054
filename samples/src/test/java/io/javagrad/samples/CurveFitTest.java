package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import io.javagrad.samples.CurveFit.Fit;
import io.javagrad.samples.CurveFit.GradientSource;
import io.javagrad.samples.Datasets.Samples;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CurveFitTest {
  /**
   * How close the fit must come to the parameters the data were drawn from, relative to each.
   * The noise (0.3 on a curve rising to 10, 200 points) leaves standard errors of about 0.5%; the
   * seeded fit is off by at most 0.5% (the rate).
   */
  private static final double RECOVERY_TOLERANCE = 0.02;

  private static final Samples DATA = CurveFit.data();
  private static Fit generated;
  private static Fit differences;

  @BeforeAll
  static void fitBothWays() {
    generated = CurveFit.fit(DATA, GradientSource.GENERATED);
    differences = CurveFit.fit(DATA, GradientSource.FINITE_DIFFERENCES);
  }

  @Test
  void theFitRecoversTheTrueParameters() {
    for (int i = 0; i < CurveFit.TRUE_PARAMETERS.length; i++) {
      double truth = CurveFit.TRUE_PARAMETERS[i];
      assertEquals(truth, generated.parameters()[i], RECOVERY_TOLERANCE * truth, CurveFit.PARAMETER_NAMES[i]);
    }
  }

  @Test
  void theFitEndsWhereTheGradientVanishes() {
    double[] gradient = CurveFit.generatedGradient(generated.parameters(), DATA);
    double[] atStart = CurveFit.generatedGradient(CurveFit.START, DATA);

    double norm = Math.sqrt(Arrays.stream(gradient).map(g -> g * g).sum());
    double normAtStart = Math.sqrt(Arrays.stream(atStart).map(g -> g * g).sum());
    assertTrue(norm < 1e-4 * normAtStart, "gradient " + Arrays.toString(gradient) + " at the fit");
  }

  @Test
  void finiteDifferencesReachTheSameFit() {
    assertArrayEquals(generated.parameters(), differences.parameters(), 1e-5);
    assertEquals(generated.loss(), differences.loss(), 1e-9 * generated.loss());
  }

  @Test
  void theGeneratedGradientIsTheLosssGradient() {
    double[] p = CurveFit.START;
    double[] numeric = GradientChecker.centralDifferences(q -> CurveFit.loss(q, DATA), p);
    double[] exact = CurveFit.generatedGradient(p, DATA);

    for (int i = 0; i < p.length; i++) {
      assertTrue(GradientChecker.close(exact[i], numeric[i], 1e-8), exact[i] + " vs " + numeric[i]);
    }
  }

  /** Levenberg–Marquardt, with the generated Jacobian, minimises the same loss: it ends where conjugate gradient does. */
  @Test
  void levenbergMarquardtReachesTheSameFit() {
    CurveFit.LeastSquaresFit lm = CurveFit.levenbergMarquardt(DATA);
    assertArrayEquals(generated.parameters(), lm.parameters(), 1e-5);
    assertEquals(generated.loss(), lm.loss(), 1e-9 * generated.loss());
    assertTrue(lm.evaluations() < generated.lossEvaluations(), lm + " vs " + generated);
  }

  /** The generated Jacobian of the curve is the central differences' one. */
  @Test
  void theGeneratedJacobianIsTheCurvesJacobian() {
    double[] p = CurveFit.START;
    double[][] jacobian = new double[DATA.t().length][3];
    LogisticGrad.values(p[0], p[1], p[2], DATA.t(), jacobian);
    for (int i = 0; i < DATA.t().length; i += 17) {
      int row = i;
      double[] numeric = GradientChecker.centralDifferences(q -> Logistic.value(q[0], q[1], q[2], DATA.t()[row]), p);
      for (int k = 0; k < 3; k++) {
        assertTrue(GradientChecker.close(jacobian[i][k], numeric[k], 1e-8), jacobian[i][k] + " vs " + numeric[k]);
      }
    }
  }

  @Test
  void aFiniteDifferenceGradientCostsSixLosses() {
    assertEquals(generated.iterations(), generated.gradients());
    assertTrue(differences.lossEvaluations() >= 6 * differences.gradients(), differences.toString());
  }
}
