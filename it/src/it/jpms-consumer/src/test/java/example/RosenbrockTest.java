package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javagrad.Gradient;
import org.junit.jupiter.api.Test;

/** The companion generated inside a module that does not read java.compiler gives the closed-form gradient. */
class RosenbrockTest {
  @Test
  void gradientMatchesTheClosedForm() {
    double x = -1.2, y = 1;

    Gradient g = RosenbrockGrad.value(x, y);

    double b = y - x * x;
    assertEquals(Rosenbrock.value(x, y), g.value(), 0);
    assertArrayEquals(new double[] {-2 * (1 - x) - 400 * x * b, 200 * b}, g.gradient(), 1e-12);
  }

  /** The test ran in the module: had the companion used @Generated, the module would not have compiled. */
  @Test
  void companionIsInTheNamedModule() {
    assertEquals("example", RosenbrockGrad.class.getModule().getName());
  }
}
