package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code MathArrays.linearCombination} of two, three and four pairs, Hipparchus's and Commons Math
 * 3's, with which Hipparchus-style code writes cross and dot products: differentiated as the plain
 * sum of products, its value computed by the library, so the gradient entry's value is the
 * method's to the bit. (It was run as written, and an error at each value with a derivative.)
 */
class LinearCombinationTest {
  private static final String SOURCE = Compiled.classSource("p.Combos", List.of(
      "import org.hipparchus.util.MathArrays;"), List.of("""
      /** The z component of u x v, as Vector3D writes it. */
      @Differentiable static double crossZ(double[] u, double[] v) {
        return MathArrays.linearCombination(u[0], v[1], -u[1], v[0]);
      }
      """, """
      @Differentiable static double threeAndFour(double x, double y, double z, double w) {
        double d = MathArrays.linearCombination(x, y, y, z, z * w, Math.sin(x));
        return d * d + org.apache.commons.math3.util.MathArrays.linearCombination(x, w, 2.0, y, z, z, w, x);
      }
      """, """
      /** A triple product u . (v x w), the determinant of three rows. */
      @Differentiable static double tripleProduct(double[][] m) {
        double[] u = m[0];
        double[] v = m[1];
        double[] w = m[2];
        double cx = MathArrays.linearCombination(v[1], w[2], -v[2], w[1]);
        double cy = MathArrays.linearCombination(v[2], w[0], -v[0], w[2]);
        double cz = MathArrays.linearCombination(v[0], w[1], -v[1], w[0]);
        return MathArrays.linearCombination(u[0], cx, u[1], cy, u[2], cz);
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Combos", SOURCE).assertCleanSuccess();
  }

  @Test
  void twoPairsAsACrossProductComponent() {
    double[] grad = new GradientAgreement(compiled, "p.Combos", "crossZ").check(new double[] {1.5, -2.0, 0.5},
        new double[] {0.25, 3.0, -1.0});
    // f = u0 v1 - u1 v0: d/du = (v1, -v0, 0), d/dv = (-u1, u0, 0)
    assertEquals(List.of(3.0, -0.25, 0.0, 2.0, 1.5, 0.0), List.of(grad[0], grad[1], grad[2], grad[3], grad[4],
        grad[5]));
    new SecondOrderAgreement(compiled, "p.Combos", "crossZ").check(new double[] {1.5, -2.0, 0.5},
        new double[] {0.25, 3.0, -1.0});
  }

  @Test
  void threeAndFourPairsOfHipparchusAndCommonsMath() {
    new GradientAgreement(compiled, "p.Combos", "threeAndFour").check(0.7, -1.3, 0.4, 2.2);
    new SecondOrderAgreement(compiled, "p.Combos", "threeAndFour").check(0.7, -1.3, 0.4, 2.2);
  }

  @Test
  void aTripleProductOfMatrixRows() {
    double[][] m = {{1.0, 2.0, -0.5}, {0.3, -1.1, 2.0}, {1.7, 0.4, 0.9}};
    new GradientAgreement(compiled, "p.Combos", "tripleProduct").check((Object) m);
    new SecondOrderAgreement(compiled, "p.Combos", "tripleProduct").check((Object) m);
  }

  @Test
  void theValueIsTheLibrarysToTheBit() {
    double[] u = {1e8, 1.0, 0.0};
    double[] v = {1e8 + 1, 1e-8, 0.0};
    double expected = MathArrays.linearCombination(u[0], v[1], -u[1], v[0]);
    double[] grad = new double[6];
    Object value = compiled.call("p.CombosGrad", "crossZ", new Class<?>[] {double[].class, double[].class,
        double[].class}, u, v, grad);
    assertEquals(expected, (double) value, 0.0);
    assertTrue(compiled.generatedSource("p.CombosGrad").contains("MathArrays.linearCombination("));
  }
}
