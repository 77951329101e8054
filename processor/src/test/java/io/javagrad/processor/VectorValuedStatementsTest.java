package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued methods written with more of real Java, each checked by {@link VectorAgreement}: a
 * {@code while} loop returning a copy early, a {@code switch} over an enum with a {@code double[][]}
 * input, a local matrix's rows copied out with {@code System.arraycopy}, only constant inputs (a
 * Jacobian without columns), and an insertion sort (kinks: a permutation's Jacobian).
 */
class VectorValuedStatementsTest {
  private static final String SOURCE = """
      package p;
      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.Arrays;
      public class W {
        enum Mode { FAST, SLOW }
        @Differentiable static double[] whileEarly(double x, double[] a) {
          int k = 0;
          double[] acc = new double[a.length];
          while (k < a.length) {
            acc[k] = Math.max(a[k] * x, 0.1) + Math.abs(x - a[k]);
            if (acc[k] > 5) {
              return Arrays.copyOf(acc, k + 1);
            }
            k++;
          }
          return acc;
        }
        @Differentiable static double[] switched(double x, Mode mode, double[][] m) {
          double[] out = new double[m.length * 2];
          switch (mode) {
            case FAST -> {
              for (int i = 0; i < m.length; i++) {
                out[2 * i] = m[i][0] * x;
                out[2 * i + 1] = Math.tanh(m[i][m[i].length - 1] + x);
              }
            }
            default -> Arrays.fill(out, x * x);
          }
          return out;
        }
        @Differentiable static double[] flatten(double[] v, double s) {
          double[][] grid = new double[2][v.length];
          for (int i = 0; i < v.length; i++) {
            grid[0][i] = v[i] * s;
            grid[1][i] = Math.exp(v[i]) - s;
          }
          double[] flat = new double[2 * v.length];
          System.arraycopy(grid[0], 0, flat, 0, v.length);
          System.arraycopy(grid[1], 0, flat, v.length, v.length);
          return flat;
        }
        @Differentiable static double[] onlyConstants(@NoDerivative double[] t) {
          return t.clone();
        }
        @Differentiable static double[] sorted(double[] a) {
          double[] b = a.clone();
          for (int i = 1; i < b.length; i++) {
            for (int j = i; j > 0 && b[j - 1] > b[j]; j--) {
              double tmp = b[j];
              b[j] = b[j - 1];
              b[j - 1] = tmp;
            }
          }
          return b;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.W", SOURCE).assertCleanSuccess();
  }

  private static VectorAgreement check(String method) {
    return new VectorAgreement(compiled, "p.W", method);
  }

  @Test
  void aWhileLoopReturningACopyEarly() {
    assertEquals(3, check("whileEarly").check(0.5, new double[] {1.0, 2.0, 3.0}).length);
    assertEquals(1, check("whileEarly").check(3.3, new double[] {1.0, 2.0, 3.0}).length);
  }

  @Test
  void aSwitchOverAnEnumWithAMatrixInput() {
    Object[] modes = compiled.load("p.W$Mode").getEnumConstants();
    double[][] m = {{1, 2}, {3, 4, 5}};
    check("switched").check(0.3, modes[0], m);
    check("switched").check(0.3, modes[1], m);
  }

  @Test
  void rowsOfALocalMatrixCopiedOut() {
    check("flatten").check(new double[] {0.2, -0.4}, 1.5);
  }

  @Test
  void onlyConstantInputs() {
    double[][] jacobian = check("onlyConstants").check(new double[] {0.2, -0.4});
    assertEquals(0, jacobian[0].length);
  }

  @Test
  void aSortIsAPermutation() {
    double[][] jacobian = check("sorted").check(new double[] {0.2, -0.4, 1.3, 0.1});
    assertEquals(1.0, jacobian[0][1], 0.0);
    assertEquals(1.0, jacobian[1][3], 0.0);
    assertEquals(1.0, jacobian[2][0], 0.0);
    assertEquals(1.0, jacobian[3][2], 0.0);
  }
}
