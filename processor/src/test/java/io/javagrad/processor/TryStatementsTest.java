package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement run as written may assign the method's locals that carry no derivative: a {@code
 * try} whose {@code catch} sets a fallback, a {@code finally} that counts, a {@code synchronized}
 * block. The reverse sweep reads such a local where a partial uses it, so where the statement
 * overwrites a value the reverse sweep still needs (in a loop), the old value is saved and put
 * back, for each local it assigns (for a double[], its elements). A local that carries a
 * derivative cannot be assigned there, nor can an element of a double[][].
 */
class TryStatementsTest {
  private static final String SOURCE = Compiled.classSource("p.Parsed", List.of("import io.javagrad.NoDerivative;"), List.of("""
      @Differentiable static double scaled(double a, String text) {
        double scale;
        try {
          scale = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          scale = 1.0;
        }
        return scale * a * a;
      }
      """, """
      @Differentiable static double weighted(double[] x, String[] texts) {
        double s = 0;
        int failures = 0;
        int attempts = 0;
        for (int i = 0; i < x.length; i++) {
          double w;
          int power;
          try {
            String[] parts = texts[i].split(":");
            w = Double.parseDouble(parts[0]);
            power = Integer.parseInt(parts[1]);
          } catch (RuntimeException e) {
            failures++;
            w = 0.5;
            power = 1;
          } finally {
            attempts++;
          }
          s += w * Math.pow(x[i], power);
        }
        return s / (1 + failures + attempts - x.length);
      }
      """, """
      @Differentiable static double tabled(double[] x, String[] texts) {
        double[] w = new double[2];
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          try {
            w[0] = Double.parseDouble(texts[i]);
            w[1] = w[0] * 2;
          } catch (NumberFormatException e) {
            w[0] = 1;
            w[1] = -1;
          }
          s += w[0] * x[i] * x[i] + w[1] * Math.sin(x[i]);
        }
        return s;
      }
      """, """
      /** The table is the caller's: the gradient entries leave it as the method does. */
      @Differentiable static double intoCallersTable(double[] x, @NoDerivative double[] w, String[] texts) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          try {
            w[0] = Double.parseDouble(texts[i]);
          } catch (NumberFormatException e) {
            w[0] = -1;
          }
          s += w[0] * x[i] * x[i];
        }
        return s;
      }
      """, """
      /** A line that does not parse is skipped, as the message for a continue inside the catch says to write it. */
      @Differentiable static double skipping(double[] x, String[] texts) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          double w = 0;
          boolean skip = false;
          try {
            w = Double.parseDouble(texts[i]);
          } catch (NumberFormatException e) {
            skip = true;
          }
          if (skip) continue;
          s += w * Math.exp(x[i]);
        }
        return s;
      }
      """, """
      /** Jumps out of the try: a continue in the catch, a labelled break in the try. */
      @Differentiable static double jumping(double[] x, String[] texts) {
        double s = 0;
        outer:
        for (int i = 0; i < x.length; i++) {
          double w;
          try {
            w = Double.parseDouble(texts[i]);
            if (w > 100) {
              break outer;
            }
          } catch (NumberFormatException e) {
            continue;
          }
          s += w * x[i] * x[i];
        }
        return s;
      }
      """, """
      /** A return out of the catch, past a finally that counts. */
      @Differentiable static double returning(double x, String text, int[] finallies) {
        int n;
        try {
          n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
          return -1;
        } finally {
          finallies[0]++;
        }
        return n * x * x;
      }
      """, """
      @Differentiable static double locked(double x, int n) {
        double c = 0;
        double y = x;
        for (int i = 0; i < n; i++) {
          synchronized (Parsed.class) {
            c = c + 1.5;
          }
          y = Math.sin(y * c);
        }
        return y;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Parsed", SOURCE).assertCleanSuccess();
  }

  @Test
  void aCatchThatSetsAFallback() {
    assertArrayEquals(new double[] {2 * 2.5 * 3}, new GradientAgreement(compiled, "p.Parsed", "scaled").check(3.0, "2.5"));
    assertArrayEquals(new double[] {2 * 3}, new GradientAgreement(compiled, "p.Parsed", "scaled").check(3.0, "none"));
    new SecondOrderAgreement(compiled, "p.Parsed", "scaled").check(3.0, "2.5");
  }

  @Test
  void localsAssignedInALoopAreSavedForTheReverseSweep() {
    String[] texts = {"2:3", "oops", "0.25:2", "1.5", "-1:4"};
    double[] x = {1.25, -0.5, 2.0, 0.75, 1.1};
    double[] grad = new GradientAgreement(compiled, "p.Parsed", "weighted").check(x, texts);
    // Two failures: each weight is divided by 3; a failed line takes w = 0.5, power 1.
    double[] expected = {2 * 3 * 1.25 * 1.25 / 3, 0.5 / 3, 0.25 * 2 * 2.0 / 3, 0.5 / 3, -4 * Math.pow(1.1, 3) / 3};
    assertArrayEquals(expected, grad, 1e-12);
    new SecondOrderAgreement(compiled, "p.Parsed", "weighted").check(x, texts);
  }

  /** A double[] that carries no derivative, filled in a try each iteration: the reverse sweep reads each iteration's. */
  @Test
  void anArrayWrittenInALoopIsSavedWhole() {
    String[] texts = {"0.5", "x", "-2"};
    double[] x = {0.3, 1.2, -0.7};
    double[] grad = new GradientAgreement(compiled, "p.Parsed", "tabled").check(x, texts);
    double[][] w = {{0.5, 1}, {1, -1}, {-2, -4}};
    for (int i = 0; i < 3; i++) {
      assertEquals(2 * w[i][0] * x[i] + w[i][1] * Math.cos(x[i]), grad[i], 1e-12);
    }
    new SecondOrderAgreement(compiled, "p.Parsed", "tabled").check(x, texts);
  }

  @Test
  void aParameterArrayWrittenInALoopIsLeftAsTheMethodLeavesIt() {
    double[] grad = new GradientAgreement(compiled, "p.Parsed", "intoCallersTable")
        .check(new double[] {0.5, 2.0}, new double[] {7, 7}, new String[] {"3", "?"});
    assertArrayEquals(new double[] {3, -4}, grad, 1e-12);
  }

  @Test
  void aFlagSetInTheCatchSkipsTheIteration() {
    double[] grad = new GradientAgreement(compiled, "p.Parsed", "skipping")
        .check(new double[] {0.5, 1.5, -1}, new String[] {"2", "x", "-3"});
    assertArrayEquals(new double[] {2 * Math.exp(0.5), 0, -3 * Math.exp(-1)}, grad, 1e-12);
  }

  @Test
  void jumpsOutOfTheTry() {
    double[] x = {0.5, 1.5, -1, 2};
    double[] grad = new GradientAgreement(compiled, "p.Parsed", "jumping").check(x, new String[] {"2", "x", "-3", "1e3"});
    assertArrayEquals(new double[] {2 * 2 * 0.5, 0, 2 * -3 * -1, 0}, grad, 1e-12);
    new SecondOrderAgreement(compiled, "p.Parsed", "jumping").check(x, new String[] {"2", "x", "-3", "1e3"});
  }

  @Test
  void aReturnOutOfTheCatchRunsTheFinally() {
    int[] finallies = {0};
    assertArrayEquals(new double[] {2 * 3 * 1.5},
        new GradientAgreement(compiled, "p.Parsed", "returning").check(1.5, "3", finallies), 1e-12);
    assertArrayEquals(new double[] {0}, new GradientAgreement(compiled, "p.Parsed", "returning").check(1.5, "?",
        finallies), 0.0);
    double value = (Double) compiled.call("p.ParsedGrad", "returning",
        new Class<?>[] {double.class, String.class, int[].class, double[].class}, 1.5, "?", finallies, new double[1]);
    assertEquals(-1, value, 0.0);
  }

  @Test
  void aSynchronizedBlockThatCounts() {
    new GradientAgreement(compiled, "p.Parsed", "locked").check(0.3, 4);
    new SecondOrderAgreement(compiled, "p.Parsed", "locked").check(0.3, 4);
  }

  @Test
  void aLocalThatCarriesADerivativeCannotBeAssignedThere() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Lost", Compiled.classSource("p.Lost", List.of(), List.of("""
        @Differentiable static double rescaled(double x, String text) {
          double y = x * x;
          try {
            y = y * Double.parseDouble(text);
          } catch (NumberFormatException e) {
            y = 0;
          }
          return y;
        }
        """, """
        @Differentiable static double fallback(double x, String text) {
          double scale;
          try {
            scale = Double.parseDouble(text);
          } catch (NumberFormatException e) {
            scale = 2 * x;
          }
          return scale * x;
        }
        """, """
        @Differentiable static double reset(double[] x) {
          try {
            x[0] = 1;
          } finally {
            System.out.print("");
          }
          return x[0] * x[1];
        }
        """, """
        @Differentiable static double resetCorner(double[][] m) {
          synchronized (Lost.class) {
            m[0][0] = 2;
          }
          return m[0][0] * m[0][1];
        }
        """, """
        @Differentiable static double returnsActive(double x, String text) {
          try {
            return x * Double.parseDouble(text);
          } catch (NumberFormatException e) {
            return 0;
          }
        }
        """, """
        /** No call in the try: the value assigned is still seen to carry x's derivative. */
        @Differentiable static double doubled(double x, int n) {
          double y = 0;
          synchronized (Lost.class) {
            y = 2 * x + n;
          }
          return y * y;
        }
        """, """
        @Differentiable static double moved(double x) {
          double[] ys = {x};
          try {
            ys = new double[] {2 * x};
          } finally {
            System.out.print("");
          }
          return ys[0];
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(7, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into synchronized").inFile(file)
        .onLineContaining("y = 2 * x + n;");
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into try {").inFile(file)
        .onLineContaining("return x * Double.parseDouble(text);");
    assertThat(compilation).hadErrorContaining("y carries a derivative, but it is assigned in try {").inFile(file)
        .onLineContaining("y = y * Double.parseDouble(text);");
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into try {").inFile(file)
        .onLineContaining("scale = 2 * x;");
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is assigned in try {").inFile(file)
        .onLineContaining("x[0] = 1;");
    assertThat(compilation).hadErrorContaining("javagrad runs m[0][0] = 2 as written, inside code it does not"
        + " differentiate, so it cannot follow the write into m, a double[][]").inFile(file)
        .onLineContaining("m[0][0] = 2;");
    assertThat(compilation).hadErrorContaining("cannot follow the write to ys").inFile(file)
        .onLineContaining("ys = new double[] {2 * x};");
  }
}
