package io.javagrad.samples;

import org.junit.jupiter.api.Test;

class DrugEliminationTest {
  private static final double[][] DATA = DrugElimination.data();

  /** Through the lambda and every Runge–Kutta step, the generated gradient is the loss's: central differences agree. */
  @Test
  void generatedGradientMatchesFiniteDifferences() {
    FitChecks.gradientsAgree(p -> DrugElimination.gradients(p, DATA), DrugElimination.START,
        new double[] {2.5, 4.0}, new double[] {1.8, 2.2});
  }

  /** The noise (0.05 mg/L on 24 samples) leaves the seeded fit within 5% of the true parameters. */
  @Test
  void theFitRecoversTheTrueParameters() {
    FitChecks.recovered(DrugElimination.TRUE_PARAMETERS, DrugElimination.fit(DATA).getPoint(), 0.05);
  }
}
