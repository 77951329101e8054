package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row of a local matrix given the array a helper returns ({@code yDotK[s] = derivatives(t, y)},
 * as Runge-Kutta integrators fill their stages): the helper is inlined and its new array is a local
 * of the method, which the row then shares, as {@code m[i] = a} shares a local's. It was refused as
 * a parameter's array or a row, which it is not. Found writing a Butcher-tableau step in Hipparchus's
 * style; a helper handing back the caller's parameter array is still refused.
 */
class RowGivenHelperArrayTest {
  private static final String SOURCE = Compiled.classSource("p.Stages", List.of(), List.of("""
  private static final double[] C = {0, 0.5, 0.5, 1};
  private static final double[][] A = {{}, {0.5}, {0, 0.5}, {0, 0, 1}};
  private static final double[] B = {1 / 6d, 1 / 3d, 1 / 3d, 1 / 6d};

  static double[] derivatives(double t, double[] y, double k) {
    return new double[] {y[1], -k * y[0] - 0.1 * y[1] + Math.sin(t)};
  }

  @Differentiable public static double step(double[] y0, double k, double h) {
    final int stages = C.length;
    final double[][] yDotK = new double[stages][];
    yDotK[0] = derivatives(0, y0, k);
    for (int s = 1; s < stages; s++) {
      final double[] yTmp = y0.clone();
      for (int j = 0; j < y0.length; j++) {
        double sum = 0;
        for (int l = 0; l < s; l++) {
          sum += A[s][l] * yDotK[l][j];
        }
        yTmp[j] += h * sum;
      }
      yDotK[s] = derivatives(C[s] * h, yTmp, k);
    }
    double out = 0;
    for (int j = 0; j < y0.length; j++) {
      double sum = 0;
      for (int l = 0; l < stages; l++) sum += B[l] * yDotK[l][j];
      out += (y0[j] + h * sum) * (j + 1);
    }
    return out;
  }
""", """
      static double[] scaled(double[] v, double c) {
        final double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          out[i] = c * v[i];
        }
        return out;
      }
      """, """
      static double[] same(double[] v) {
        return v;
      }
      """, """
      @Differentiable static double rows(double[] x, double c) {
        final double[][] m = new double[3][];
        final double[] local = {x[0] * c, x[1]};
        m[0] = scaled(x, c);
        m[1] = same(local);
        m[2] = scaled(m[0], c);
        m[1][0] += x[1];
        return m[0][1] * m[2][0] + local[0] * m[1][1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Stages", SOURCE).assertCleanSuccess();
  }

  @Test
  void aRungeKuttaStepFillsItsStagesFromAHelper() {
    new GradientAgreement(compiled, "p.Stages", "step").check(new double[] {1.0, -0.5}, 2.0, 0.1);
  }

  @Test
  void aRowSharesTheHelpersNewArrayOrTheLocalItHandsBack() {
    new GradientAgreement(compiled, "p.Stages", "rows").check(new double[] {0.8, -1.3}, 1.7);
  }

  @Test
  void aHelperHandingBackAParameterArrayIsStillRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Handed", Compiled.classSource("p.Handed", List.of(),
        List.of("""
            static double[] same(double[] v) {
              return v;
            }
            """, """
            @Differentiable static double f(double[] x) {
              final double[][] m = new double[1][];
              m[0] = same(x);
              return m[0][0];
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    // One error, at the call (it was at the helper's return, about a local double[] the user's code has nowhere).
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Handed.same returns the array x it was given, the caller's parameter,"
        + " which javagrad follows only under its own name (or a local declared with it, double[] b = x); use x"
        + " itself here, or x.clone() for a copy of it").inFile(file).onLineContaining("m[0] = same(x);");
  }
}
