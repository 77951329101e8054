package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Scratch arrays of loops differentiated in place ({@code InPlaceLoop}): arrays that each iteration
 * fills before it reads them, so that no value crosses from one iteration to the next. Each method
 * is checked numerically (twin, finite differences, every entry point) and, where the shape is the
 * point, structurally; the ones that must not be differentiated in place are checked to be right anyway.
 */
class InPlaceScratchTest {
  private static final String SCRATCH = """
      package p;

      import io.javagrad.Differentiable;

      public class Scratch {
        /**
         * The array holds a value before the loop that the reverse of a statement before the loop
         * reads: it is not scratch, since the loop's reverse, run in place, would leave the last
         * iteration's values there.
         */
        @Differentiable static double readBefore(double[] x) {
          double[] a = new double[2];
          a[0] = x[0] * x[0];
          double y = a[0] * a[0];
          double s = 0;
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
              a[j] = x[j] * (i + 1);
            }
            s += a[0] * a[1];
          }
          return y + s;
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Scratch", SCRATCH);
  private final String companion = compiled.generatedSource("p.ScratchGrad");

  @Test
  void anArrayReadBeforeTheLoopIsNotScratch() {
    assertFalse(sweep("readBefore").contains("differentiated in place"), sweep("readBefore"));
    check("readBefore", new double[] {0.7, -1.3});
  }

  private String sweep(String method) {
    return GeneratedCodeTest.sweepText(companion, method);
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Scratch", method).check(args);
  }
}
