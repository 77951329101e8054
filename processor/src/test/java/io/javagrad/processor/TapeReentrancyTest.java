package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A gradient never disturbs another in progress on the same thread: here a taped loop reads a
 * {@code static final} field whose initializer computes a gradient with a taped loop of its own, in
 * the middle of the outer forward sweep. The inner entry point once cleared the tape, and the outer
 * reverse sweep then popped below its bottom (ArrayIndexOutOfBoundsException: Index -1), or, with a
 * failed call's leftovers on the tape as here, popped them: a wrong gradient, silently.
 */
class TapeReentrancyTest {
  private static final String OUTER = """
      package p;

      import io.javagrad.Differentiable;

      public class Outer {
        /** Every old s goes on the tape; the first read of Consts.K initialises Consts mid-loop. */
        @Differentiable static double f(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s) * Consts.K + s * 0.5;
          }
          return s;
        }

        /** Taped too: the initializer's gradient. */
        @Differentiable static double g(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = Math.cos(s) + 0.1 * s;
          }
          return s;
        }

        /** Throws from inside its taped loop where a[i] is out of range. */
        @Differentiable static double h(double x, double[] a, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s) * a[i];
          }
          return s;
        }
      }
      """;

  private static final String CONSTS = """
      package p;

      final class Consts {
        static final double K = initial();

        private static double initial() {
          double[] grad = new double[1];
          OuterGrad.g(0.3, 7, grad);
          // a failed gradient inside, caught: it must leave nothing on the tape either
          try {
            OuterGrad.h(0.2, new double[] {1, 2}, 5, new double[3]);
          } catch (ArrayIndexOutOfBoundsException expected) {
            // the outer gradient carries on
          }
          return 0.5 + 0.1 * grad[0];
        }
      }
      """;

  @Test
  void aGradientInAClassInitialiserInsideATapedLoop() {
    Compiled c = Compiled.compile("p.Outer", OUTER, "p.Consts", CONSTS).assertCleanSuccess();
    // The gradient entry first, before anything else reads Consts.K: its forward sweep runs Consts'
    // initialiser after its first push.
    double[] first = new double[1];
    Class<?>[] types = {double.class, int.class, double[].class};
    double value = (Double) c.call("p.OuterGrad", "f", types, 0.4, 6, first);
    double[] again = new double[1];
    assertEquals(value, (Double) c.call("p.OuterGrad", "f", types, 0.4, 6, again), 0.0);
    assertArrayEquals(again, first, 0.0);
    new GradientAgreement(c, "p.Outer", "f").check(0.4, 6);
    new GradientAgreement(c, "p.Outer", "f").check(-0.9, 3);
  }

  @Test
  void aCallThatThrowsLeavesTheTapeAsItFoundIt() {
    Compiled c = Compiled.compile("p.Outer", OUTER, "p.Consts", CONSTS).assertCleanSuccess();
    Class<?>[] types = {double.class, double[].class, int.class, double[].class};
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> c.call("p.OuterGrad", "h", types, 0.2, new double[] {1, 2}, 5, new double[3]));
    new GradientAgreement(c, "p.Outer", "h").check(0.2, new double[] {1, 2, 3}, 3);
    new GradientAgreement(c, "p.Outer", "g").check(0.2, 4);
  }
}
