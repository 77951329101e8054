package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pivoting swaps rows of a matrix as Java programs write it ({@code double[] t = m[k]; m[k] =
 * m[p]; m[p] = t;}): Gaussian elimination and a determinant by LU decomposition, checked against
 * the twin and finite differences at points where the pivot rows change.
 */
class RowSwapsTest {
  private static final String SOURCE = Compiled.classSource("p.Linear", List.of(), List.of("""
      /** The solution of a x = b, by Gaussian elimination with partial pivoting, weighted by w. */
      @Differentiable static double solve(double[][] a, double[] b, double[] w) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] r = b.clone();
        for (int i = 0; i < n; i++) {
          m[i] = a[i].clone();
        }
        for (int k = 0; k < n; k++) {
          int p = k;
          for (int i = k + 1; i < n; i++) {
            if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
              p = i;
            }
          }
          if (p != k) {
            double[] t = m[k];
            m[k] = m[p];
            m[p] = t;
            double s = r[k];
            r[k] = r[p];
            r[p] = s;
          }
          for (int i = k + 1; i < n; i++) {
            double f = m[i][k] / m[k][k];
            for (int j = k; j < n; j++) {
              m[i][j] -= f * m[k][j];
            }
            r[i] -= f * r[k];
          }
        }
        double[] x = new double[n];
        double total = 0;
        for (int i = n - 1; i >= 0; i--) {
          double s = r[i];
          for (int j = i + 1; j < n; j++) {
            s -= m[i][j] * x[j];
          }
          x[i] = s / m[i][i];
          total += w[i] * x[i];
        }
        return total;
      }
      """, """
      /** The determinant, by LU decomposition: each swap turns its sign. */
      @Differentiable static double determinant(double[][] a) {
        int n = a.length;
        double[][] lu = new double[n][n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(a[i], 0, lu[i], 0, n);
        }
        double det = 1;
        for (int k = 0; k < n; k++) {
          int p = k;
          for (int i = k + 1; i < n; i++) {
            if (Math.abs(lu[i][k]) > Math.abs(lu[p][k])) {
              p = i;
            }
          }
          if (p != k) {
            double[] row = lu[p];
            lu[p] = lu[k];
            lu[k] = row;
            det = -det;
          }
          det *= lu[k][k];
          for (int i = k + 1; i < n; i++) {
            double f = lu[i][k] / lu[k][k];
            for (int j = k + 1; j < n; j++) {
              lu[i][j] -= f * lu[k][j];
            }
          }
        }
        return det;
      }
      """, """
      /** Rows of different lengths: Java swaps them, javagrad cannot. */
      @Differentiable static double ragged(double x) {
        double[][] m = {{x, 2 * x}, {3 * x}};
        double[] t = m[0];
        m[0] = m[1];
        m[1] = t;
        return m[0][0] + m[1][1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Linear", SOURCE).assertCleanSuccess();
  }

  @Test
  void gaussianEliminationWithPartialPivoting() {
    double[][] a = {{0.1, 2.0, -1.0}, {3.0, 0.5, 0.2}, {-1.0, 1.0, 4.0}};
    new GradientAgreement(compiled, "p.Linear", "solve").check(a, new double[] {1, -2, 0.5}, new double[] {1, 2, 3});
  }

  @Test
  void determinantByLuDecomposition() {
    double[][] a = {{0.5, 2.0, 1.0}, {3.0, -1.0, 0.2}, {1.0, 4.0, -2.0}};
    double[] grad = new GradientAgreement(compiled, "p.Linear", "determinant").check((Object) a);
    // d det / d a[i][j] is the cofactor: here that of a[0][0], (-1)(-2) - 0.2 * 4.
    assertEquals(2 - 0.8, grad[0], 1e-12);
  }

  @Test
  void rowsOfDifferentLengthsThrowNamingWhatToWrite() {
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.LinearGrad")
        .getDeclaredMethod("ragged", double.class, double[].class).invoke(null, 1.0, new double[1]));
    assertEquals(UnsupportedOperationException.class, thrown.getCause().getClass());
    assertEquals("javagrad swaps the rows of m element by element, which rows of different lengths cannot do; swap"
        + " copies of them instead", thrown.getCause().getMessage());
  }
}
