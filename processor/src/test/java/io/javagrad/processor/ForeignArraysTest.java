package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays that code run as written gives, held by locals: constant tables (private ones copied into
 * the companion), an object's array, a stream's, a {@code double[][]} table. The method reads
 * them as the primal does, for-each over a table's rows too; gradients agree with the twin and finite differences. Writing into one
 * is a compile error at the code that gives it, and copying it first works.
 */
class ForeignArraysTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.stream.IntStream;

      public final class Quadrature {
        private static final double[] NODES = {-0.7745966692414834, 0.0, 0.7745966692414834};
        static final double[] WEIGHTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};
        static final double[][] MIXING = {{1.0, 0.5}, {0.25, 2.0}};

        public record Grid(double[] points, String name) {}

        /** Gauss-Legendre on [0, 1] of exp(-a t^2). */
        @Differentiable static double gauss(double a) {
          double[] t = NODES;
          double[] w = WEIGHTS;
          double s = 0;
          for (int i = 0; i < t.length; i++) {
            double u = 0.5 * (t[i] + 1);
            s += 0.5 * w[i] * Math.exp(-a * u * u);
          }
          return s;
        }

        @Differentiable static double onGrid(double[] y, Grid grid) {
          double[] x = grid.points();
          double s = 0;
          for (int i = 1; i < x.length; i++) {
            s += 0.5 * (x[i] - x[i - 1]) * (y[i] * y[i] + y[i - 1] * y[i - 1]);
          }
          return s;
        }

        @Differentiable static double ramp(double[] x) {
          double[] r = IntStream.range(0, x.length).mapToDouble(i -> i + 1.0).toArray();
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += r[i] * Math.sin(x[i]);
          }
          return s;
        }

        @Differentiable static double mixed(double[] v) {
          double[][] m = MIXING;
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += m[i][j] * v[i] * v[j];
            }
          }
          return s;
        }

        @Differentiable static double tableRows(double x) {
          double s = 0;
          for (double[] row : MIXING) {
            s += row[0] * Math.sin(row[1] * x);
          }
          return s;
        }

        @Differentiable static double copiedThenWritten(double[] x, double t) {
          double[] table = WEIGHTS;
          double[] w = table.clone();
          w[0] = t * t;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }

        @Differentiable static double chosen(double[] x, boolean fine) {
          double[] w = fine ? WEIGHTS : NODES;
          return w[0] * x[0] + w[2] * x[1];
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Quadrature", SOURCE);
  }

  @Test
  void readsArraysThatCodeRunAsWrittenGives() throws Exception {
    agree("gauss", 0.8);
    Class<?> grid = compiled.load("p.Quadrature$Grid");
    Object points = grid.getDeclaredConstructor(double[].class, String.class)
        .newInstance(new double[] {0.0, 0.1, 0.35, 0.5, 1.0}, "uneven");
    agree("onGrid", new double[] {0.3, -0.2, 0.9, 1.1, 0.4}, points);
    agree("ramp", new double[] {0.3, -0.2, 0.9});
    agree("mixed", new double[] {0.7, -1.3});
    agree("tableRows", 0.4);
    agree("copiedThenWritten", new double[] {0.7, -1.3, 0.2}, 1.4);
    agree("chosen", new double[] {0.7, -1.3}, true);
    agree("chosen", new double[] {0.7, -1.3}, false);
  }

  @Test
  void writingIntoSuchAnArrayIsAnErrorAtTheCodeThatGivesIt() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Bad", """
        package p;

        import io.javagrad.Differentiable;

        class Bad {
          static final double[] WEIGHTS = {0.5, 0.5};

          @Differentiable static double f(double[] x, double t) {
            double[] w = WEIGHTS;
            w[0] = t;
            return w[0] * x[0] + w[1] * x[1];
          }
        }
        """));
    String error = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(error.startsWith("WEIGHTS gives an array that the method does not own, and w, which holds it, is"
        + " written into (w[0] = t;); copy it into an array of the method's own first"), error);
    assertTrue(compilation.errors().get(0).getLineNumber() == 9, error);
  }

  private static void agree(String method, Object... args) {
    new GradientAgreement(compiled, "p.Quadrature", method).check(args);
  }
}
