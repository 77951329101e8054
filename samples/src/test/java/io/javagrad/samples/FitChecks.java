package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;

/** What the tour's fits are checked for: their gradients, and the parameters they recover. */
final class FitChecks {
  private FitChecks() {}

  /**
   * At each of {@code points}, the generated gradient, row 0 of what {@code gradients} gives,
   * agrees with the central differences in row 1, to 1e-6 relative.
   */
  static void gradientsAgree(Function<double[], double[][]> gradients, double[]... points) {
    for (double[] p : points) {
      double[][] both = gradients.apply(p);
      for (int i = 0; i < p.length; i++) {
        double generated = both[0][i];
        double differences = both[1][i];
        assertEquals(differences, generated, 1e-6 * Math.max(1, Math.abs(differences)), () -> "slot of " + generated);
      }
    }
  }

  /** Each parameter of {@code fitted} is within {@code share} of the true one. */
  static void recovered(double[] truth, double[] fitted, double share) {
    for (int i = 0; i < truth.length; i++) {
      assertEquals(truth[i], fitted[i], share * truth[i]);
    }
  }
}
