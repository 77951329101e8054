package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Argument checks as libraries write them, over arrays that carry derivatives: {@code
 * Objects.requireNonNull}, a message built with {@code Arrays.toString}, {@code assert}. These
 * JDK methods read the arrays and write none, so an array passed to them goes by value, and since
 * their values carry no derivative (or are unused), nothing is lost. A comparison of arrays as
 * references ({@code x == null}, {@code x != y}) carries none either. A library method that may write
 * the array, or whose value the result uses, is still an error.
 */
class LibraryArgumentChecksTest {
  private static final String SOURCE = Compiled.classSource("p.Checked",
      List.of("import java.util.Arrays;", "import java.util.Objects;"), List.of("""
      @Differentiable static double reversedDot(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        java.util.Objects.requireNonNull(y);
        if (x.length != y.length) {
          throw new IllegalArgumentException("lengths differ: " + Arrays.toString(x) + " and " + y.length);
        }
        assert x.length > 0 : "empty: " + Arrays.toString(y);
        double s = 0;
        for (int i = 0, j = x.length - 1; i < x.length; i++, j--) {
          s += x[i] * y[j];
        }
        return s;
      }
      """));

  @Test
  void checksRunAsWrittenAndTheGradientAgrees() {
    Compiled compiled = Compiled.compile("p.Checked", SOURCE).assertCleanSuccess();
    double[] grad = new GradientAgreement(compiled, "p.Checked", "reversedDot")
        .check(new double[] {1, 2, 3}, new double[] {0.5, -1, 4});
    assertEquals(List.of(4.0, -1.0, 0.5, 3.0, 2.0, 1.0), java.util.Arrays.stream(grad).boxed().toList());
  }

  @Test
  void nullAndAliasChecksRunAsWritten() {
    Compiled compiled = Compiled.compile("p.References", Compiled.classSource("p.References", List.of(), List.of("""
        @Differentiable static double weighted(double[] x, double[] w) {
          if (x == null || w == null) {
            throw new IllegalArgumentException("x and w must not be null");
          }
          boolean same = x == w;
          if (same) throw new IllegalArgumentException("x and w must be different arrays");
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i] * x[i];
          }
          return w != null ? s : 0;
        }
        """))).assertCleanSuccess();
    double[] grad = new GradientAgreement(compiled, "p.References", "weighted")
        .check(new double[] {1, 2}, new double[] {3, -1});
    assertEquals(List.of(6.0, -4.0, 1.0, 4.0), java.util.Arrays.stream(grad).boxed().toList());
    double[] x = {1, 2};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load(
        "p.ReferencesGrad").getDeclaredMethod("weighted", double[].class, double[].class, double[].class)
        .invoke(null, x, x, new double[4]));
    assertEquals("x and w must be different arrays", thrown.getCause().getMessage());
  }

  /** Hipparchus's argument checks read the arrays and write none, as the JDK's do. */
  @Test
  void hipparchusChecks() {
    Compiled compiled = Compiled.compile("p.Knots", Compiled.classSource("p.Knots", List.of(
        "import org.hipparchus.util.MathArrays;", "import org.hipparchus.util.MathUtils;"), List.of("""
        @Differentiable static double slopes(double[] xs, double[] ys) {
          MathUtils.checkNotNull(xs);
          MathArrays.checkEqualLength(xs, ys);
          MathArrays.checkOrder(xs);
          MathUtils.checkFinite(ys);
          double s = 0;
          for (int i = 1; i < xs.length; i++) {
            s += (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
          }
          return s;
        }
        """))).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Knots", "slopes").check(new double[] {0, 1, 3}, new double[] {2, -1, 4});
    Class<?>[] types = {double[].class, double[].class, double[].class};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.KnotsGrad")
        .getDeclaredMethod("slopes", types).invoke(null, new double[] {0, 3, 1}, new double[] {2, -1, 4}, new double[6]));
    assertEquals("org.hipparchus.exception.MathIllegalArgumentException", thrown.getCause().getClass().getName());
  }

  /** A helper that only checks a double[][] runs as written; the twin passes it the Values' data. */
  @Test
  void aMatrixPassedToACheckingHelper() {
    Compiled compiled = Compiled.compile("p.Rows", Compiled.classSource("p.Rows", List.of(), List.of("""
        @Differentiable static double corner(double[][] m) {
          requireSquare(m, "m");
          return m[0][0] * m[m.length - 1][m.length - 1];
        }
        """, """
        private static void requireSquare(double[][] m, String name) {
          for (double[] row : m) {
            if (row.length != m.length) {
              throw new IllegalArgumentException(name + " is not square");
            }
          }
        }
        """))).assertCleanSuccess();
    double[] grad = new GradientAgreement(compiled, "p.Rows", "corner").check((Object) new double[][] {{2, 3}, {5, 7}});
    assertEquals(List.of(7.0, 0.0, 0.0, 2.0), java.util.Arrays.stream(grad).boxed().toList());
  }

  @Test
  void aFailedCheckThrowsTheOriginalsMessage() {
    Compiled compiled = Compiled.compile("p.Checked", SOURCE).assertCleanSuccess();
    Class<?>[] types = {double[].class, double[].class, double[].class};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.CheckedGrad")
        .getDeclaredMethod("reversedDot", types).invoke(null, new double[] {1, 2}, new double[] {3}, new double[3]));
    assertEquals("lengths differ: [1.0, 2.0] and 1", thrown.getCause().getMessage());
    thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.CheckedGrad")
        .getDeclaredMethod("reversedDot", types).invoke(null, null, new double[] {3}, new double[3]));
    // A NullPointerException, as the original throws, but from the entry's check of the gradient
    // buffer's length, which reads x.length before the method's own check runs.
    assertTrue(thrown.getCause() instanceof NullPointerException, thrown.getCause().toString());
  }

  @Test
  void aLibraryMethodThatMayWriteOrWhoseValueIsUsedIsStillAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Lost", Compiled.classSource("p.Lost",
        List.of("import java.util.Arrays;", "import java.util.Objects;"), List.of("""
            @Differentiable static double aliased(double[] x) {
              double[] checked = Objects.requireNonNull(x);
              return 2 * checked[0];
            }
            """, """
            @Differentiable static double sortedRow(double[][] m) {
              Arrays.sort(m[0]);
              return m[0][0] * m[1][0];
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("m carries a derivative, but it is passed into Arrays.sort(m[0]);")
        .inFile(file).onLineContaining("Arrays.sort(m[0]);");
    // Its result is known to be a double[] (requireNonNull returns its argument's type), which code run as
    // written gives: x goes into it whole, and its derivative would be lost.
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into Objects.requireNonNull(x)")
        .inFile(file).onLineContaining("double[] checked = Objects.requireNonNull(x);");
  }
}
