package io.javagrad.processor;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A matrix made row by row ({@code new double[n][]}) whose row is cloned while later rows are not
 * made yet: the dynamic twin reads the row's length from the data of the whole matrix, which threw
 * a NullPointerException at the rows still null (Twins.data now keeps them null). Found with the
 * hand-tracking objective of the real-Java corpus, whose absolute transforms are stacked so.
 */
class TwinRowsNotYetMadeTest {
  private static final String SOURCE = Compiled.classSource("p.Stacked", List.of(), List.of("""
      @Differentiable static double chained(double[] x) {
        double[][] m = new double[3][];
        m[0] = new double[] {x[0], x[1]};
        double[] first = m[0].clone();
        m[1] = new double[] {first[0] * x[1], first[1]};
        m[2] = new double[] {x[0] * x[1]};
        return m[1][0] * m[2][0] + m[1][1];
      }
      """));

  @Test
  void theTwinClonesARowWhileLaterRowsAreNull() {
    Compiled compiled = Compiled.compile("p.Stacked", SOURCE).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Stacked", "chained").check((Object) new double[] {1.5, -0.7});
  }
}
