package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the geometry, signal-processing and test-problem corpora
 * (corpus/Geometry.java, corpus/Signals.java, corpus/TestProblems.java), each reduced to the
 * construct that failed.
 */
class GeometryFindingsTest {
  /**
   * A quaternion record made from values with derivatives: the error told the user to annotate the
   * constructor @Differentiable "where its source is", which no constructor can be; it now says
   * that objects keep no derivatives and what to hold the values in instead.
   */
  @Test
  void objectMadeFromDerivativesSaysToKeepTheValuesInDoubles() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Rotations", """
        package p;

        import io.javagrad.Differentiable;

        public class Rotations {
          record Quaternion(double w, double x, double y, double z) {
            double norm() {
              return Math.sqrt(w * w + x * x + y * y + z * z);
            }
          }

          @Differentiable static double norm(double[] q) {
            return new Quaternion(q[0], q[1], q[2], 1).norm();
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(3, compilation.errors().size(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      assertEquals(13, error.getLineNumber(), message);
      assertTrue(message.startsWith("q carries a derivative, but it is passed into new Quaternion(q[0], q[1], q[2],"
          + " 1), which javagrad runs as written"), message);
      assertTrue(message.contains("new Quaternion(q[0], q[1], q[2], 1) makes an object that keeps the value, and"
          + " javagrad follows derivatives through double values and arrays only, not through the fields of objects"
          + " (records included): keep the values in double locals or a double[]"), message);
      assertFalse(message.contains("annotate it @Differentiable"), message);
    }
  }

  /**
   * A vector-valued method returning a row of a double[][] it made, as de Casteljau's algorithm
   * ends on its last level: it was refused, the result not being "an array it makes"; the row is
   * now returned as a copy, which no caller can tell from the row (no one else holds the matrix).
   */
  @Test
  void rowOfALocalMatrixIsReturnedAsACopy() {
    Compiled compiled = Compiled.compile("p.Levels", """
        package p;

        import io.javagrad.Differentiable;

        public class Levels {
          @Differentiable static double[] lastLevel(double[][] control, double t) {
            double[][] level = new double[control.length][];
            for (int i = 0; i < control.length; i++) {
              level[i] = control[i].clone();
            }
            for (int n = control.length - 1; n > 0; n--) {
              double[][] next = new double[n][control[0].length];
              for (int i = 0; i < n; i++) {
                for (int d = 0; d < next[i].length; d++) {
                  next[i][d] = (1 - t) * level[i][d] + t * level[i + 1][d];
                }
              }
              level = next;
            }
            return level[0];
          }

          @Differentiable static double[] byAlias(double[] x, int k) {
            double[][] m = new double[3][2];
            for (int i = 0; i < 3; i++) {
              m[i][0] = x[i] * x[i];
              m[i][1] = Math.sin(x[i]);
            }
            double[] row = m[k];
            row[1] *= x[0];
            return (row);
          }

          /** The index is evaluated once, as Java evaluates it. */
          @Differentiable static double[] indexed(double[] x) {
            double[][] m = {{x[0], x[1]}, {x[1] * x[0], 2 * x[1]}};
            int k = 0;
            return m[++k];
          }
        }
        """).assertCleanSuccess();
    new VectorAgreement(compiled, "p.Levels", "lastLevel")
        .check(new double[][] {{0.0, 1.0}, {1.0, 2.5}, {3.0, -1.0}, {4.0, 0.5}}, 0.3);
    new VectorAgreement(compiled, "p.Levels", "byAlias").check(new double[] {0.4, -1.2, 0.7}, 2);
    new VectorAgreement(compiled, "p.Levels", "indexed").check(new double[] {1.5, -0.5});
  }

  /** A row of a parameter's matrix, or a row as an arm of {@code ?:}, is still refused, saying to return a copy. */
  @Test
  void rowOfAParameterOrChosenByConditionalIsStillRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Shared", """
        package p;

        import io.javagrad.Differentiable;

        public class Shared {
          @Differentiable static double[] first(double[][] m) {
            return m[0];
          }

          @Differentiable static double[] chosen(double[] x, boolean up) {
            double[][] m = {{x[0]}, {x[1]}};
            return up ? m[0] : m[1];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), FailingCompilation.describe(compilation));
    assertEquals(7, compilation.errors().get(0).getLineNumber());
    assertEquals(12, compilation.errors().get(1).getLineNumber());
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertTrue(error.getMessage(Locale.ROOT).contains("is a row of a double[][]; return a new array"),
          error.toString());
    }
  }
}
