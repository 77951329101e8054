package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued routines as numeric libraries write them, their Jacobians checked against the twin
 * and central differences: Gaussian elimination with partial pivoting on copies (row swaps of a
 * local matrix), the Thomas algorithm, least-squares residuals of a model held by a static
 * {@code ToDoubleBiFunction} field taking a boxed time, and an early return of a new array.
 */
class VectorLibraryRoutinesTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.function.ToDoubleBiFunction;

public final class V {
  private V() {}

  static final ToDoubleBiFunction<double[], Double> MODEL = (p, t) -> p[0] * Math.exp(-p[1] * t);

  /** Solves a x = b by Gaussian elimination with partial pivoting on copies, as LUDecomposition does. */
  @Differentiable
  public static double[] solve(double[][] a, double[] b) {
    final int n = b.length;
    if (a.length != n) throw new IllegalArgumentException("dimension mismatch " + a.length + " != " + n);
    final double[][] lu = new double[n][];
    for (int i = 0; i < n; i++) lu[i] = a[i].clone();
    final double[] x = b.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(lu[row][col]) > Math.abs(lu[pivot][col])) pivot = row;
      }
      if (Math.abs(lu[pivot][col]) < 1e-12) throw new ArithmeticException("singular matrix");
      if (pivot != col) {
        final double[] t = lu[pivot]; lu[pivot] = lu[col]; lu[col] = t;
        final double u = x[pivot]; x[pivot] = x[col]; x[col] = u;
      }
      for (int row = col + 1; row < n; row++) {
        final double factor = lu[row][col] / lu[col][col];
        for (int k = col; k < n; k++) lu[row][k] -= factor * lu[col][k];
        x[row] -= factor * x[col];
      }
    }
    for (int row = n - 1; row >= 0; row--) {
      double s = x[row];
      for (int k = row + 1; k < n; k++) s -= lu[row][k] * x[k];
      x[row] = s / lu[row][row];
    }
    return x;
  }

  /** The Thomas algorithm on the three diagonals. */
  @Differentiable
  public static double[] tridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs) {
    final int n = diag.length;
    final double[] c = new double[n];
    final double[] d = new double[n];
    c[0] = upper[0] / diag[0];
    d[0] = rhs[0] / diag[0];
    for (int i = 1; i < n; i++) {
      final double m = diag[i] - lower[i - 1] * c[i - 1];
      if (i < n - 1) c[i] = upper[i] / m;
      d[i] = (rhs[i] - lower[i - 1] * d[i - 1]) / m;
    }
    final double[] x = new double[n];
    x[n - 1] = d[n - 1];
    for (int i = n - 2; i >= 0; i--) x[i] = d[i] - c[i] * x[i + 1];
    return x;
  }

  /** Residuals of a model for Levenberg-Marquardt, the model in a static field. */
  @Differentiable
  public static double[] residuals(double[] params, @NoDerivative double[] t, @NoDerivative double[] y) {
    final double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = y[i] - MODEL.applyAsDouble(params, t[i]);
    }
    return r;
  }

  /** Early exit from a vector-valued method. */
  @Differentiable
  public static double[] clipped(double[] x, double cap) {
    final double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] > cap) {
        return new double[] {cap, x[i]};
      }
      out[i] = x[i] * cap;
    }
    return out;
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.V", SOURCE).assertCleanSuccess();
  }

  @Test
  void gaussianEliminationWithPivoting() {
    new VectorAgreement(compiled, "p.V", "solve").check(new double[][] {{1, 2, 0.5}, {3, -1, 2}, {0.5, 4, 1}},
        new double[] {1, -2, 0.5});
  }

  @Test
  void thomasAlgorithm() {
    new VectorAgreement(compiled, "p.V", "tridiagonal").check(new double[] {0.5, 0.3, 0.2}, new double[] {2, 3, 2.5, 4},
        new double[] {0.4, 0.6, 0.1}, new double[] {1, 2, 3, 4});
  }

  @Test
  void residualsOfAModelInAStaticField() {
    new VectorAgreement(compiled, "p.V", "residuals").check(new double[] {2.0, 0.7}, new double[] {0, 0.5, 1, 2},
        new double[] {2.1, 1.4, 1.0, 0.5});
  }

  @Test
  void anEarlyReturnOfANewArray() {
    new VectorAgreement(compiled, "p.V", "clipped").check(new double[] {0.5, 2.0, 0.3}, 1.5);
    new VectorAgreement(compiled, "p.V", "clipped").check(new double[] {0.5, 1.0, 0.3}, 1.5);
  }
}
