package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row alias ({@code double[] row = m[i]}, the variable of {@code for (double[] row : m)}) read
 * by code run as written, as argument checks read it: its length and its elements in a message,
 * {@code Arrays.toString(row)}. The code reads the row it names, with the index it had where the
 * alias was declared, and no derivative is lost; a row passed whole into code that keeps a value
 * with a derivative is still refused ({@link ControlFlowBadInputTest}).
 */
class RowAliasesRunAsWrittenTest {
  private static final String SOURCE = Compiled.classSource("p.Rows", List.of("import java.util.Arrays;"), List.of("""
      @Differentiable static double endProducts(double[][] a) {
        double s = 0;
        for (double[] row : a) {
          if (row.length < 2) {
            throw new IllegalArgumentException("a row needs 2 values, got " + row.length + ": " + Arrays.toString(row));
          }
          s += row[0] * row[row.length - 1];
        }
        return s;
      }
      """, """
      @Differentiable static double described(double[][] a, int i) {
        double[] row = a[i];
        String text = Arrays.toString(row) + " of " + row.length + ", first " + row[0];
        i = 0;
        return text.length() > 1000 ? 0 : row[0] * row[1] + a[i][0];
      }
      """, """
      @Differentiable static double rowLengthsChecked(double[][] x, double[] beta) {
        if (beta.length != x[0].length) {
          throw new IllegalArgumentException(beta.length + " coefficients for " + x[0].length + " columns");
        }
        double s = 0;
        for (int j = 0; j < beta.length; j++) {
          s += x[0][j] * beta[j] * x[1][j];
        }
        return s;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rows", SOURCE).assertCleanSuccess();
  }

  @Test
  void aCheckReadsTheRowsLengthAndElements() {
    new GradientAgreement(compiled, "p.Rows", "endProducts").check((Object) new double[][] {{1.5, 2.0, -0.5}, {0.7, 3.0}});
    double[][] short_ = {{1.5, 2.0}, {0.25}};
    for (String owner : List.of("p.Rows", "p.RowsGrad")) {
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
          () -> compiled.call(owner, "endProducts", new Class<?>[] {double[][].class}, (Object) short_));
      assertEquals("a row needs 2 values, got 1: [0.25]", thrown.getMessage());
    }
  }

  /** A row's length read off the matrix itself ({@code x[0].length}) in a check's message reads no element either. */
  @Test
  void aCheckReadsARowsLengthOffTheMatrix() {
    double[][] x = {{1.5, 2.0}, {0.7, -3.0}};
    new GradientAgreement(compiled, "p.Rows", "rowLengthsChecked").check(x, new double[] {0.5, 0.25});
    for (String owner : List.of("p.Rows", "p.RowsGrad")) {
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> compiled.call(owner,
          "rowLengthsChecked", new Class<?>[] {double[][].class, double[].class}, x, new double[] {1}));
      assertEquals("1 coefficients for 2 columns", thrown.getMessage());
    }
  }

  @Test
  void theRowIsTheOneNamedWhereTheAliasWasDeclared() {
    new GradientAgreement(compiled, "p.Rows", "described").check(new double[][] {{1.5, 2.0}, {0.7, 3.0}}, 1);
  }
}
