package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DrugEliminationTest {
  private static final double[][] DATA = DrugElimination.data();

  /** Through the lambda and every Runge–Kutta step, the generated gradient is the loss's: central differences agree. */
  @Test
  void generatedGradientMatchesFiniteDifferences() {
    for (double[] p : new double[][] {DrugElimination.START, {2.5, 4.0}, {1.8, 2.2}}) {
      double[][] gradients = DrugElimination.gradients(p, DATA);
      for (int i = 0; i < 2; i++) {
        double generated = gradients[0][i];
        double differences = gradients[1][i];
        assertEquals(differences, generated, 1e-6 * Math.max(1, Math.abs(differences)), () -> "slot of " + generated);
      }
    }
  }

  /** The noise (0.05 mg/L on 24 samples) leaves the seeded fit within 5% of the true parameters. */
  @Test
  void theFitRecoversTheTrueParameters() {
    double[] fitted = DrugElimination.fit(DATA).getPoint();
    for (int i = 0; i < 2; i++) {
      assertEquals(DrugElimination.TRUE_PARAMETERS[i], fitted[i], 0.05 * DrugElimination.TRUE_PARAMETERS[i]);
    }
  }
}
