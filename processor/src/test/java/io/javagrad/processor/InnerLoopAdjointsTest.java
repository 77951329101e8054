package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the reverse of a loop writes into array adjoints: the adjoint of an element a loop reads at
 * one index it never changes is held in a local over the loop's reverse and added in once after
 * it ({@code HeldElements}); and the reverse of {@code a[j] += e} leaves {@code a[j]}'s adjoint as it
 * is, rather than clearing it and adding it back. Each method is checked numerically (twin, finite
 * differences, every entry point) and structurally; those where the element must not be held are
 * checked to be right anyway.
 */
class InnerLoopAdjointsTest {
  private static final String LOOPS = """
      package p;

      import io.javagrad.Differentiable;

      public class Loops {
        /** GMM's product with a lower triangle: the inner loop reads a[i] on every trip. */
        @Differentiable static double triangular(double[] a, double[] l) {
          int n = a.length;
          double[] q = new double[n];
          for (int j = 0; j < n; j++) {
            q[j] = a[j];
          }
          int below = 0;
          for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
              q[j] += l[below] * a[i];
              below++;
            }
          }
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += Math.sin(q[j]) * q[j];
          }
          return s * q[0];
        }

        /** The element read is out of range exactly where the inner loop runs no trip. */
        @Differentiable static double noTrip(double[] x, double[] y, int k) {
          double s = 0;
          for (int r = 1; r < 3; r++) {
            for (int j = 0; j < x.length - k; j++) {
              s += x[k] * y[j] * y[j] * r;
            }
          }
          return s * y[0];
        }

        /** The index changes in the loop; the array is read at two indices; or it is stored into. */
        @Differentiable static double notHeld(double[] x, double[] y) {
          double s = 0;
          int at = 0;
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < y.length; j++) {
              s += x[at] * y[j];
              at = (at + 1) % x.length;
            }
            for (int j = 0; j < y.length; j++) {
              s += x[i] * x[i + 1] * y[j];
            }
          }
          double[] a = new double[2];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < y.length; j++) {
              a[0] = a[0] * 0.5 + y[j] * a[1];
              a[1] = Math.sin(a[0]) + x[j % x.length];
            }
          }
          return s * y[0] + a[0];
        }

        /** The array read at one index shares its adjoint with one the loop stores into: not held. */
        @Differentiable static double aliased(double[] x) {
          double[] a = new double[2];
          double[] b = a;
          a[0] = x[0];
          a[1] = x[1];
          double s = 0;
          for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 2; j++) {
              s += a[0] * x[j];
              b[j] = b[j] * 0.5 + x[j];
            }
          }
          return s;
        }

        /** An element updated with itself times a factor: its adjoint is scaled, not passed through. */
        @Differentiable static double scaled(double[] x) {
          double[] a = new double[x.length];
          for (int j = 0; j < x.length; j++) {
            a[j] = x[j];
          }
          for (int r = 0; r < 3; r++) {
            for (int j = 0; j < x.length; j++) {
              a[j] = a[j] * x[j] + a[j];
            }
          }
          return a[0] * a[x.length - 1];
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Loops", LOOPS);
  private final String companion = compiled.generatedSource("p.LoopsGrad");

  @Test
  void anElementEveryTripReadsIsHeldInALocal() {
    String entry = sweep("triangular");
    assertTrue(entry.contains("// the adjoint of a[i], held over the loop, which reads no other element of a"), entry);
    assertTrue(entry.contains("_d_a_i += "), entry);
    check("triangular", new double[] {0.3, -0.7, 1.1, 0.4}, new double[] {0.2, -0.5, 0.9, 0.3, -0.1, 0.6});
    check("triangular", new double[] {0.8}, new double[] {});
  }

  @Test
  void anUpdateInPlaceLeavesTheElementsAdjointAlone() {
    String entry = sweep("triangular");
    // q[j] += l[below] * a[i]: the seed is read, and neither cleared nor added back
    String update = entry.substring(entry.indexOf("// q[j] += l[below] * a[i];"), entry.indexOf("_d_a_i += "));
    assertTrue(update.contains(" = _d_q[j_1];"), update);
    assertFalse(update.contains("_d_q[j_1] = 0.0") || update.contains("_d_q[j_1] +="), update);
  }

  @Test
  void aHeldElementOutOfRangeWhereTheLoopRunsNoTripIsNotTouched() {
    assertTrue(sweep("noTrip").contains("held over the loop"), sweep("noTrip"));
    check("noTrip", new double[] {0.3, -0.7, 1.1}, new double[] {0.2, -0.5, 0.9}, 1);
    check("noTrip", new double[] {0.3, -0.7, 1.1}, new double[] {0.2, -0.5, 0.9}, 3);
  }

  @Test
  void elementsReadAtChangingOrSeveralIndicesOrStoredOrAliasedAreNotHeld() {
    for (String method : new String[] {"notHeld", "aliased"}) {
      assertFalse(sweep(method).contains("held over the loop"), method + ":\n" + sweep(method));
    }
    check("notHeld", new double[] {0.3, -0.7, 1.1}, new double[] {0.2, -0.5, 0.9, 0.4});
    check("aliased", new double[] {0.3, -0.7});
  }

  @Test
  void anElementUpdatedWithAFactorOfItselfHasItsAdjointScaled() {
    check("scaled", new double[] {0.3, -0.7, 1.1});
    check("scaled", new double[] {0.6});
  }

  private String sweep(String method) {
    return GeneratedCodeTest.sweepText(companion, method);
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Loops", method).check(args);
  }
}
