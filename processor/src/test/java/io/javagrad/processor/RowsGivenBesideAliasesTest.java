package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A new row given to a double[][] while a row alias of it is in scope. javagrad reads an alias
 * as the matrix's row at the alias's index, where Java's alias keeps the row it was given; the two
 * differ only after the store, so a store after which the alias is not read is accepted (time
 * levels built row by row, each from the one before), and one after which it may be read is
 * refused, at the store, as before.
 */
class RowsGivenBesideAliasesTest {
  private static final String SOURCE = Compiled.classSource("p.Levels", List.of(), List.of("""
      @Differentiable static double timeLevels(double[] x, int steps) {
        int n = x.length;
        double[][] u = new double[steps + 1][];
        u[0] = x.clone();
        for (int k = 0; k < steps; k++) {
          double[] previous = u[k];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            next[i] = 0.5 * previous[i] + 0.25 * previous[(i + 1) % n] * previous[i];
          }
          u[k + 1] = next;
        }
        double s = 0;
        for (double v : u[steps]) {
          s += v * v;
        }
        return s;
      }
      """, """
      @Differentiable static double sameRowReplaced(double[] x) {
        double[][] u = new double[2][];
        u[0] = x.clone();
        u[1] = x.clone();
        double[] row = u[0];
        double s = row[0] * row[1];
        u[0] = new double[] {s, s * s};
        return u[0][1] + u[1][0] * s;
      }
      """, """
      @Differentiable static double copiedLevels(double[] x, int steps) {
        double[][] u = new double[steps + 1][];
        u[0] = x.clone();
        for (int k = 0; k < steps; k++) {
          double[] previous = u[k];
          double[] next = previous.clone();
          for (int i = 1; i < next.length; i++) {
            next[i] = Math.sin(previous[i - 1]) + next[i];
          }
          if (k % 2 == 0) {
            u[k + 1] = next;
          } else {
            u[k + 1] = next.clone();
          }
        }
        return u[steps][x.length - 1];
      }
      """));

  @Test
  void rowsGivenAfterTheLastReadOfTheirAliasesAreAccepted() {
    Compiled compiled = Compiled.compile("p.Levels", SOURCE).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Levels", "timeLevels").check(new double[] {0.5, -1.2, 2.0, 0.3}, 3);
    new GradientAgreement(compiled, "p.Levels", "timeLevels").check(new double[] {0.5, -1.2}, 0);
    new GradientAgreement(compiled, "p.Levels", "sameRowReplaced").check((Object) new double[] {1.5, -0.7});
    new GradientAgreement(compiled, "p.Levels", "copiedLevels").check(new double[] {0.4, 1.1, -0.6}, 4);
    new SecondOrderAgreement(compiled, "p.Levels", "timeLevels").check(new double[] {0.5, -1.2, 2.0, 0.3}, 3);
    new SecondOrderAgreement(compiled, "p.Levels", "copiedLevels").check(new double[] {0.4, 1.1, -0.6}, 4);
  }

  @Test
  void anAliasReadInALaterIterationIsStillAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.First", Compiled.classSource("p.First", List.of(),
        List.of("""
        @Differentiable static double fromFirst(double[] x, int steps) {
          double[][] u = new double[steps + 1][];
          u[0] = x.clone();
          double[] first = u[0];
          for (int k = 0; k < steps; k++) {
            double[] next = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              next[i] = first[i] * u[k][i];
            }
            u[k + 1] = next;
          }
          return u[steps][0];
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("first, a row alias of u, may be read after this new row is given")
        .inFile(file).onLineContaining("u[k + 1] = next;");
  }
}
