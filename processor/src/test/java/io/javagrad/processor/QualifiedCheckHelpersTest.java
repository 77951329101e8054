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

  /** Helpers of another class of the compilation, named through it, one nested, one statically imported. */
  private static final String UTIL = """
package p;

public final class Util {
  private Util() {}

  public static void matVec(double[][] w, double[] x, double[] out) {
    for (int i = 0; i < w.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) s += w[i][j] * x[j];
      out[i] = s;
    }
  }

  public static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) max = Math.max(max, v);
    final double[] e = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) { e[i] = Math.exp(z[i] - max); sum += e[i]; }
    for (int i = 0; i < z.length; i++) e[i] /= sum;
    return e;
  }

  public static void checkSameLength(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("lengths " + a.length + ", " + b.length);
  }

  public static final class Norms {
    private Norms() {}
    public static double l2(double[] v) {
      double s = 0;
      for (double x : v) s += x * x;
      return Math.sqrt(s);
    }
    public static void normalize(double[] v) {
      final double n = l2(v);
      for (int i = 0; i < v.length; i++) v[i] /= n;
    }
  }
}
""";

  private static final String USER = """
package p;

import static p.Util.softmax;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

public final class U {
  private U() {}

  @Differentiable static double qualifiedWriter(double[][] w, double[] x) {
    Util.checkSameLength(w[0], x);
    final double[] h = new double[w.length];
    Util.matVec(w, x, h);
    final double[] p = Util.softmax(h);
    return p[0] + softmax(x)[1];
  }

  @Differentiable static double nestedQualified(double[] v) {
    final double[] u = v.clone();
    Util.Norms.normalize(u);
    return u[0] * Util.Norms.l2(v);
  }
}
""";

  @Test
  void helpersOfAnotherClassNamedThroughItAreFollowed() {
    Compiled other = Compiled.compile("p.Util", UTIL, "p.U", USER).assertCleanSuccess();
    new GradientAgreement(other, "p.U", "qualifiedWriter").check(new double[][] {{0.5, -1.0}, {1.5, 0.25}, {-0.3, 0.8}},
        new double[] {0.7, -0.4});
    new GradientAgreement(other, "p.U", "nestedQualified").check((Object) new double[] {0.6, -1.2, 0.9});
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
