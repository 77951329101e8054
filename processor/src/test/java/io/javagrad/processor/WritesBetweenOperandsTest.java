package io.javagrad.processor;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write inside an expression between two operands that read what it writes: {@code x[i] *
 * x[i++ + 1]} is {@code x[0] * x[1]} in Java, since the left operand is evaluated first. The write
 * was run before the whole expression, so the left operand read {@code x[1]}: the companion's value
 * differed from the method's, and a matrix walked by {@code m[i][0] * m[i++][1]} was read out of
 * bounds. The same holds between a call's arguments ({@code f(x[i], x[i++])}), between a row
 * and its index ({@code m[i][i++]} is {@code m[0][0]}), and between the element an assignment
 * writes and its value ({@code y[i] = x[i++]} writes {@code y[0]}). Found probing numeric idioms
 * for the real-Java corpora.
 */
class WritesBetweenOperandsTest {
  private static final String SOURCE = Compiled.classSource("p.Order", List.of(), List.of("""
      @Differentiable static double pairs(double[] x) {
        int i = 0;
        double t = 0;
        while (i < x.length - 1) {
          t += x[i] * x[i++ + 1];
        }
        return t;
      }
      """, """
      @Differentiable static double rows(double[][] m) {
        int i = 0;
        double t = 0;
        while (i < m.length) {
          t += m[i][0] / m[i++][1];
        }
        return t;
      }
      """, """
      @Differentiable static double compared(double[] x, double y) {
        int k = 0;
        double s = 0;
        if (x[k] * y < x[++k]) {
          s += x[k];
        }
        double z = y;
        return s + z * (z = 2 * y) + (k - 1) * x[k - 1];
      }
      """, """
      static double ratio(double a, double b) {
        return a / b;
      }
      """, """
      @Differentiable static double arguments(double[] x) {
        int i = 0;
        double t = Math.atan2(x[i], x[++i]);
        while (i < x.length - 1) {
          t += ratio(x[i], x[i++ + 1]);
        }
        return t;
      }
      """, """
      @Differentiable static double rowThenIndex(double[][] m) {
        int i = 0;
        return m[i][i++] * m[i][0];
      }
      """, """
      @Differentiable static double storedThenValue(double[] x) {
        double[] y = new double[x.length + 1];
        int i = 0;
        y[i] = x[i++] * 2;
        y[i] += x[i++] * 3;
        double[][] m = new double[2][2];
        int r = 0;
        m[r][r] = x[r++] * x[r];
        return y[0] + 10 * y[1] + 100 * y[2] + m[0][0] + 1000 * m[1][1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Order", SOURCE).assertCleanSuccess();
  }

  @Test
  void anOperandReadsTheVariableAsItWasBeforeALaterWrite() {
    new GradientAgreement(compiled, "p.Order", "pairs").check((Object) new double[] {0.3, 0.5, -0.2, 0.9});
  }

  @Test
  void aMatrixWalkedByAnIncrementInTheRightOperandStaysInBounds() {
    new GradientAgreement(compiled, "p.Order", "rows").check((Object) new double[][] {{2.0, 1.0, 0.5}, {0.3, 3.0}});
  }

  @Test
  void comparisonsAndAssignmentsInsideExpressionsKeepJavasOrder() {
    new GradientAgreement(compiled, "p.Order", "compared").check(new double[] {0.3, 0.5, -0.2}, 0.7);
    new GradientAgreement(compiled, "p.Order", "compared").check(new double[] {0.3, 0.1, -0.2}, 0.7);
  }

  @Test
  void argumentsAndRowsAreEvaluatedBeforeLaterWrites() {
    new GradientAgreement(compiled, "p.Order", "arguments").check((Object) new double[] {0.3, 0.5, -0.2, 0.9});
    new GradientAgreement(compiled, "p.Order", "rowThenIndex").check((Object) new double[][] {{2.0, 1.0}, {0.3, 3.0}});
  }

  @Test
  void anAssignedElementIsChosenBeforeItsValueIsEvaluated() {
    new GradientAgreement(compiled, "p.Order", "storedThenValue").check((Object) new double[] {0.3, 0.5, -0.2, 0.9});
  }
}
