package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The companion the processor generated in this build gives the closed-form gradient. */
class LogisticTest {
  @Test
  void gradientMatchesTheClosedForm() {
    double x = 0.75, k = -1.5;
    double[] grad = new double[2];

    double value = LogisticGrad.of(x, k, grad);

    double s = 1 / (1 + Math.exp(-k * x));
    assertEquals(s, value, 1e-15);
    assertArrayEquals(new double[] {k * s * (1 - s), x * s * (1 - s)}, grad, 1e-15);
  }
}
