package io.javagrad.samples;

import org.junit.jupiter.api.Test;

class ProbitFitTest {
  private static final double[][] DATA = ProbitFit.data();

  /** The rule's gradient, through the helper and the loop, is the loss's: central differences agree. */
  @Test
  void generatedGradientMatchesFiniteDifferences() {
    FitChecks.gradientsAgree(p -> ProbitFit.gradients(p, DATA), ProbitFit.START, new double[] {1.7, 0.6},
        new double[] {2.4, 1.1});
  }

  /** The noise (0.03 on 120 points) leaves the seeded fit within 5% of the true parameters. */
  @Test
  void theFitRecoversTheTrueParameters() {
    FitChecks.recovered(ProbitFit.TRUE_PARAMETERS, ProbitFit.fit(DATA), 0.05);
  }
}
