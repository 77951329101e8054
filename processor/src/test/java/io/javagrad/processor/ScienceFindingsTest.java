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

        /**
         * An int[] declared by a bare initializer in a loop that records for the reverse sweep: the
         * companion declared it ahead and then wrote "dofs = {e, e + 1};", which does not compile.
         */
        @Differentiable static double bareInitializer(double[] stiffness) {
          double[][] k = new double[stiffness.length + 1][stiffness.length + 1];
          for (int e = 0; e < stiffness.length; e++) {
            int[] dofs = {e, e + 1};
            double[][] local = {{stiffness[e], -stiffness[e]}, {-stiffness[e], stiffness[e]}};
            for (int a = 0; a < 2; a++) {
              for (int b = 0; b < 2; b++) {
                k[dofs[a]][dofs[b]] += local[a][b] * local[a][b];
              }
            }
          }
          return k[0][0] * k[1][1] + k[1][2];
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

  @Test
  void bareArrayInitializerOfALocalDeclaredAhead() {
    new GradientAgreement(science, "p.Science", "bareInitializer").check((Object) new double[] {2.0, 3.5});
  }
}
