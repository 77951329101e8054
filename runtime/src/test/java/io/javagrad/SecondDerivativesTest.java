package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The loops behind the generated {@code f_hvp} and {@code f_hessian}, run on a directional pullback
 * written by hand: f(x, y) = x^2 y + y^3, whose Hessian is [[2y, 2x], [2x, 6y]], with the gradient
 * in the tangents' slots as the generated pullbacks write it.
 */
class SecondDerivativesTest {
  private static final double X = 1.5;
  private static final double Y = -0.5;

  private static void pullback(double[] v, double[] products) {
    products[0] = 2 * Y * v[0] + 2 * X * v[1];
    products[1] = 2 * X * v[0] + 6 * Y * v[1];
    products[2] = 2 * X * Y;
    products[3] = X * X + 3 * Y * Y;
  }

  @Test
  void hvpWritesTheProductAndOnlyThat() {
    double[] hv = {9, 9, 9};
    SecondDerivatives.hvp("f_hvp", 2, new double[] {1.0, -2.0}, new double[2], hv, SecondDerivativesTest::pullback);
    assertArrayEquals(new double[] {2 * Y - 4 * X, 2 * X - 12 * Y, 9}, hv, 0.0);
  }

  @Test
  void hessianIsEveryUnitVectorsProduct() {
    double[] hessian = new double[4];
    SecondDerivatives.hessian("f_hessian", 2, new double[2], hessian, SecondDerivativesTest::pullback);
    assertArrayEquals(new double[] {2 * Y, 2 * X, 2 * X, 6 * Y}, hessian, 0.0);
  }

  /** The two products that give an off-diagonal entry may differ in the last bits; their mean is taken. */
  @Test
  void hessianIsMadeExactlySymmetric() {
    double[] hessian = new double[4];
    SecondDerivatives.hessian("f_hessian", 2, new double[2], hessian, (v, products) -> {
      products[0] = v[0] + 0.25 * v[1];
      products[1] = 0.75 * v[0] + v[1];
    });
    assertArrayEquals(new double[] {1.0, 0.5, 0.5, 1.0}, hessian, 0.0);
  }

  @Test
  void shortBuffersAreRefusedNamingTheEntry() {
    assertEquals("f_hvp needs a direction of length 2, but got 1", assertThrows(IllegalArgumentException.class,
        () -> SecondDerivatives.hvp("f_hvp", 2, new double[1], new double[2], new double[2], SecondDerivativesTest::pullback))
        .getMessage());
    assertEquals("f_hvp needs a buffer for H v of length 2, but got 0", assertThrows(IllegalArgumentException.class,
        () -> SecondDerivatives.hvp("f_hvp", 2, new double[2], new double[2], new double[0], SecondDerivativesTest::pullback))
        .getMessage());
    assertEquals("f_hessian needs a Hessian buffer of length 4, but got 3", assertThrows(
        IllegalArgumentException.class,
        () -> SecondDerivatives.hessian("f_hessian", 2, new double[2], new double[3], SecondDerivativesTest::pullback)).getMessage());
  }

  /** A short gradient buffer is refused before H v or the Hessian is written. */
  @Test
  void aShortGradientBufferIsRefusedBeforeAnythingIsWritten() {
    double[] hv = {9, 9};
    assertEquals("f_hvp needs a gradient buffer of length 2, but got 1", assertThrows(IllegalArgumentException.class,
        () -> SecondDerivatives.hvp("f_hvp", 2, new double[2], new double[1], hv, SecondDerivativesTest::pullback))
        .getMessage());
    assertArrayEquals(new double[] {9, 9}, hv, 0.0);
    double[] hessian = {9, 9, 9, 9};
    assertEquals("f_hessian needs a gradient buffer of length 2, but got 0", assertThrows(
        IllegalArgumentException.class,
        () -> SecondDerivatives.hessian("f_hessian", 2, new double[0], hessian, SecondDerivativesTest::pullback))
        .getMessage());
    assertArrayEquals(new double[] {9, 9, 9, 9}, hessian, 0.0);
  }

  @Test
  void aHessianTooLargeForAnArrayIsRefused() {
    assertEquals("f_hessian: a Hessian of 50000 x 50000 entries does not fit in an array", assertThrows(
        IllegalArgumentException.class,
        () -> SecondDerivatives.hessian("f_hessian", 50_000, new double[50_000], new double[0], SecondDerivativesTest::pullback))
        .getMessage());
  }
}
