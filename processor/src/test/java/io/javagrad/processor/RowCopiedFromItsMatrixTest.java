package io.javagrad.processor;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row of a local matrix given a copy of another row of the same matrix, or of itself, as a
 * chain of states is written ({@code m[i] = m[i - 1].clone()}, {@code Arrays.copyOf},
 * {@code Arrays.copyOfRange}): the elements go through a new array, so the new row is not read in
 * place of the one copied. It was refused, though the README names a copy as the way to give a
 * row another row's values. Found porting a kinematic chain (ADBench's hand) to Java.
 */
class RowCopiedFromItsMatrixTest {
  private static final String SOURCE = Compiled.classSource("p.Chain", List.of("import java.util.Arrays;"), List.of("""
      @Differentiable static double cloned(double[] x) {
        double[][] m = new double[3][];
        m[0] = new double[] {x[0], x[1]};
        for (int i = 1; i < 3; i++) {
          m[i] = m[i - 1].clone();
          m[i][0] *= x[1];
          m[i][1] += m[i][0] * x[0];
        }
        m[1] = m[1].clone();
        return m[2][0] * m[1][1] + m[0][1];
      }
      """, """
      @Differentiable static double initialized(double x) {
        double[][] a = {{x, 2 * x}, {x, x}};
        a[1] = a[0].clone();
        return a[0][0] * a[1][0] + a[1][1];
      }
      """, """
      @Differentiable static double copiedOf(double[] x) {
        double[][] m = new double[2][];
        m[0] = new double[] {x[0], x[1], x[0] * x[1]};
        m[1] = Arrays.copyOf(m[0], 4);
        m[1][3] = x[1];
        m[0] = Arrays.copyOfRange(m[1], 1, 4);
        return m[0][0] * m[0][2] + m[1][2] * m[0][1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Chain", SOURCE).assertCleanSuccess();
  }

  @Test
  void aRowClonedFromAnEarlierRowOrItself() {
    new GradientAgreement(compiled, "p.Chain", "cloned").check((Object) new double[] {0.8, -1.3});
  }

  /** Was ControlFlowBadInputTest's RowGivenCopyOfItsOwnMatrix. */
  @Test
  void aRowOfAnInitializedMatrixClonedFromAnother() {
    new GradientAgreement(compiled, "p.Chain", "initialized").check(1.7);
  }

  @Test
  void aRowCopiedByArraysCopyOfAndCopyOfRange() {
    new GradientAgreement(compiled, "p.Chain", "copiedOf").check((Object) new double[] {0.8, -1.3});
  }
}
