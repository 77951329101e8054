package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoDerivativeSmokeTest {
  private static final String LOSS_BODY = """
        double loss = 0;
        for (int i = 0; i < n; i++) {
          double z = w[d];
          for (int j = 0; j < d; j++) { z += w[j] * x[i * d + j]; }
          double p = Functions.sigmoid(z);
          loss -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        return loss / n;
      """;

  @Test
  void logisticRegression() {
    Compiled c = Compiled.compile("p.Lr", """
        package p;
        import io.javagrad.*;
        public class Lr {
          @Differentiable static double constantData(double[] w, @NoDerivative double[] x, @NoDerivative double[] y,
              int n, int d) {
        """ + LOSS_BODY + """
          }
          @Differentiable static double activeData(double[] w, double[] x, double[] y, int n, int d) {
        """ + LOSS_BODY + """
          }
        }
        """).assertCleanSuccess();
    double[] w = {0.3, -0.2, 0.1};
    double[] x = {1.0, 2.0, -1.0, 0.5, 0.25, -0.75};
    double[] y = {1.0, 0.0, 1.0};
    double[] constant = new GradientAgreement(c, "p.Lr", "constantData").check(w, x, y, 3, 2);
    double[] active = new GradientAgreement(c, "p.Lr", "activeData").check(w, x, y, 3, 2);
    assertArrayEquals(Arrays.copyOf(active, w.length), constant, 1e-12);
    String source = c.generatedSource("p.LrGrad");
    String constantEntry = source.substring(source.indexOf("double constantData(double[] w"),
        source.indexOf("Gradient constantData("));
    TestLog.print(constantEntry);
    assertFalse(constantEntry.contains("_d_x"), "no adjoint for constant data");
    assertFalse(constantEntry.contains("_d_y"), "no adjoint for constant labels");
  }
}
