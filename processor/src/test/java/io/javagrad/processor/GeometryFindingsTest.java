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
}
