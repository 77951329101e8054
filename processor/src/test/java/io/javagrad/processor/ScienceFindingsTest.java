package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the science and engineering corpora (corpus/Physics.java,
 * corpus/Engineering.java), each reduced to the construct that failed.
 */
class ScienceFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Science {
        /** var given an array parameter's clone(): javagrad could not tell its type (JLS 10.7 says the array's). */
        @Differentiable static double varClone(double[] position, double dt) {
          var r = position.clone();
          for (int k = 0; k < r.length; k++) {
            r[k] += dt * r[k] * r[k];
          }
          return r[0] * r[1];
        }
      }
      """;

  private static Compiled science;

  @BeforeAll
  static void compile() {
    science = Compiled.compile("p.Science", SOURCE);
  }

  @Test
  void compilesCleanly() {
    science.assertCleanSuccess();
  }

  @Test
  void varHoldsAnArraysClone() {
    new GradientAgreement(science, "p.Science", "varClone").check(new double[] {0.7, -1.3}, 0.2);
  }
}
