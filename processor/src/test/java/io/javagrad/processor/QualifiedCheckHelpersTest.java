package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An argument check written as libraries group them, a static method of a nested class or an
 * interface named through it ({@code Preconditions.checkEqualLength(x, y)}), given arrays that
 * carry derivatives: it writes no array, so the arrays go in by value, as they do into a helper
 * called by its simple name. They were refused as derivatives lost in code run as written. Found
 * compiling a divided-difference interpolator written in Hipparchus's style.
 */
class QualifiedCheckHelpersTest {
  private static final String SOURCE = Compiled.classSource("p.Checked", List.of(), List.of("""
      interface Preconditions {
        static void checkEqualLength(double[] a, double[] b) {
          if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " != " + b.length);
          }
        }
      }
      """, """
      static final class Arrays2 {
        static void checkNotEmpty(double[] a) {
          if (a.length == 0) {
            throw new IllegalArgumentException("empty");
          }
        }
      }
      """, """
      @Differentiable static double dot(double[] x, double[] y) {
        Preconditions.checkEqualLength(x, y);
        Arrays2.checkNotEmpty(x);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          s += x[i] * y[i];
        }
        return s;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Checked", SOURCE).assertCleanSuccess();
  }

  @Test
  void checksOfANestedClassOrInterfaceReadTheArraysByValue() {
    new GradientAgreement(compiled, "p.Checked", "dot").check(new double[] {1.5, -2.0}, new double[] {0.5, 3.0});
  }

  @Test
  void theCompanionThrowsWhatTheCheckThrows() {
    for (String owner : List.of("p.Checked", "p.CheckedGrad")) {
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> compiled.call(owner,
          "dot", new Class<?>[] {double[].class, double[].class}, new double[] {1}, new double[] {1, 2}));
      assertEquals("dimension mismatch: 1 != 2", thrown.getMessage());
    }
  }
}
