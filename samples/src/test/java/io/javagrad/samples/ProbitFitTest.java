package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProbitFitTest {
  private static final double[][] DATA = ProbitFit.data();

  /** The rule's gradient, through the helper and the loop, is the loss's: central differences agree. */
  @Test
  void generatedGradientMatchesFiniteDifferences() {
    for (double[] p : new double[][] {ProbitFit.START, {1.7, 0.6}, {2.4, 1.1}}) {
      double[][] gradients = ProbitFit.gradients(p, DATA);
      for (int i = 0; i < 2; i++) {
        double generated = gradients[0][i];
        double differences = gradients[1][i];
        assertEquals(differences, generated, 1e-6 * Math.max(1, Math.abs(differences)), () -> "slot of " + generated);
      }
    }
  }

  /** The noise (0.03 on 120 points) leaves the seeded fit within 5% of the true parameters. */
  @Test
  void theFitRecoversTheTrueParameters() {
    double[] fitted = ProbitFit.fit(DATA);
    for (int i = 0; i < 2; i++) {
      assertEquals(ProbitFit.TRUE_PARAMETERS[i], fitted[i], 0.05 * ProbitFit.TRUE_PARAMETERS[i]);
    }
  }
}
