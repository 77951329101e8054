package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A copy of the array an ordinary helper returns, {@code twice(v).clone()}, is an array of the
 * method's own, which it may write into: the helper is inlined, then its value copied.
 */
class ClonedHelperValueTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Cloned {
        static double[] twice(double[] v) {
          double[] w = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            w[i] = 2 * v[i] * v[i];
          }
          return w;
        }

        @Differentiable public static double product(double[] v) {
          double[] h = twice(v).clone();
          h[0] *= h[1];
          return h[0] + Math.sin(h[1]);
        }

        /** The copy written, the helper's value read after. */
        @Differentiable public static double bothRead(double[] v) {
          double[] w = twice(v);
          double[] h = (twice(w)).clone();
          h[0] *= h[1];
          return h[0] * w[0] + v[1];
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Cloned", SOURCE).assertCleanSuccess();
  }

  @Test
  void aCopyOfAHelpersValueMayBeWritten() {
    new GradientAgreement(compiled, "p.Cloned", "product").check(new double[] {0.3, -0.7, 1.1});
  }

  @Test
  void theHelpersValueStaysAsItWas() {
    new GradientAgreement(compiled, "p.Cloned", "bothRead").check(new double[] {0.3, -0.7});
  }
}
