package io.javagrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Value;
import java.util.function.ToDoubleFunction;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link HipparchusDerivatives}, through a method that calls it ({@link Special}): the
 * generated gradient agrees with central finite differences of the method and with its dynamic
 * twin, which takes the rule as one node; the value is Hipparchus's.
 */
class HipparchusDerivativesTest {
  private static final double STEP = 1e-6;

  @Test
  void errorFunctions() {
    for (double x : new double[] {-1.3, -0.2, 0.4, 1.7}) {
      double[] grad = new double[1];
      assertEquals(Special.normal(x), SpecialGrad.normal(x, grad), 0.0);
      assertClose(central(p -> Special.normal(p[0]), x)[0], grad[0]);
      Value v = new Value(x);
      SpecialGrad.normal(v).backward();
      assertEquals(grad[0], v.grad(), 1e-12);
    }
    for (double p : new double[] {0.05, 0.3, 0.8}) {
      double[] grad = new double[1];
      assertEquals(Special.quantiles(p), SpecialGrad.quantiles(p, grad), 0.0);
      assertClose(central(q -> Special.quantiles(q[0]), p)[0], grad[0]);
    }
  }

  @Test
  void gammaAndBeta() {
    double[] grad = new double[3];
    assertEquals(Special.gammaLogDensity(2.5, 1.5, 3.0), SpecialGrad.gammaLogDensity(2.5, 1.5, 3.0, grad), 0.0);
    double[] expected = central(p -> Special.gammaLogDensity(p[0], p[1], p[2]), 2.5, 1.5, 3.0);
    for (int i = 0; i < 3; i++) {
      assertClose(expected[i], grad[i]);
    }
    assertEquals(Math.log(3.0) - Gamma.digamma(2.5) - Math.log(1.5), grad[0], 1e-12);

    double[] mixed = new double[2];
    assertEquals(Special.mixture(1.3, 0.7), SpecialGrad.mixture(1.3, 0.7, mixed), 0.0);
    double[] fd = central(p -> Special.mixture(p[0], p[1]), 1.3, 0.7);
    assertClose(fd[0], mixed[0]);
    assertClose(fd[1], mixed[1]);
    Value a = new Value(1.3);
    Value b = new Value(0.7);
    SpecialGrad.mixture(a, b).backward();
    assertEquals(mixed[0], a.grad(), 1e-12);
    assertEquals(mixed[1], b.grad(), 1e-12);
  }

  @Test
  void linearCombinations() {
    double[] a = {1.5, -2.0};
    double[] b = {0.25, 3.0};
    double[] grad = new double[5];
    assertEquals(Special.combinations(a, b, 0.7), SpecialGrad.combinations(a, b, 0.7, grad), 0.0);
    double[] fd = central(p -> Special.combinations(new double[] {p[0], p[1]}, new double[] {p[2], p[3]}, p[4]),
        1.5, -2.0, 0.25, 3.0, 0.7);
    for (int i = 0; i < 5; i++) {
      assertClose(fd[i], grad[i]);
    }
  }

  /**
   * Second derivatives: the companion of HipparchusDerivatives publishes the tangents of its rules
   * of doubles, whose gradients javagrad differentiates once more (logGamma's through digamma's
   * rule, trigamma). The Hessian agrees with central differences of the gradient.
   */
  @Test
  void secondDerivativesThroughThePublishedTangents() {
    double[] grad = new double[1];
    double[] hessian = new double[1];
    SpecialGrad.normal_hessian(0.3, grad, hessian);
    assertClose(central(p -> firstSlot(SpecialGrad::normal, p[0]), 0.3)[0], hessian[0]);

    double[] gammaGrad = new double[3];
    double[] gammaHessian = new double[9];
    SpecialGrad.gammaLogDensity_hessian(2.5, 1.5, 3.0, gammaGrad, gammaHessian);
    assertEquals(-Gamma.trigamma(2.5), gammaHessian[0], 1e-12);
    for (int i = 0; i < 3; i++) {
      int row = i;
      double[] fd = central(p -> {
        double[] g = new double[3];
        SpecialGrad.gammaLogDensity(p[0], p[1], p[2], g);
        return g[row];
      }, 2.5, 1.5, 3.0);
      for (int j = 0; j < 3; j++) {
        assertClose(fd[j], gammaHessian[3 * i + j]);
      }
    }

    double[] quantileHessian = new double[1];
    SpecialGrad.quantiles_hessian(0.3, new double[1], quantileHessian);
    assertClose(central(p -> firstSlot(SpecialGrad::quantiles, p[0]), 0.3)[0], quantileHessian[0]);
  }

  /** digamma's gradient is trigamma, which has no rule: a method that calls it says so when asked for its Hessian. */
  @Test
  void noSecondDerivativesThroughDigamma() {
    UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
        () -> SpecialGrad.mixture_hessian(1.3, 0.7, new double[2], new double[4]));
    assertTrue(thrown.getMessage().contains("Gamma.digamma (its derivative is the @DerivativeOf rule"
        + " HipparchusDerivatives.digamma, which gives no second derivatives: javagrad differentiates a rule's body"
        + " once more for them, and HipparchusDerivatives was compiled earlier, and its body could not be"
        + " differentiated once more"), thrown.getMessage());
  }

  /** A gradient entry of one slot, as a function of its input. */
  private interface OneSlot {
    double gradient(double x, double[] grad);
  }

  private static double firstSlot(OneSlot entry, double x) {
    double[] grad = new double[1];
    entry.gradient(x, grad);
    return grad[0];
  }

  private static double[] central(ToDoubleFunction<double[]> f, double... at) {
    double[] grad = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      double[] up = at.clone();
      double[] down = at.clone();
      up[i] += STEP;
      down[i] -= STEP;
      grad[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * STEP);
    }
    return grad;
  }

  private static void assertClose(double expected, double actual) {
    assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)));
  }
}
