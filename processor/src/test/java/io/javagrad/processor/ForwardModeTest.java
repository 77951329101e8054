package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code f_tangent}, forward mode, beyond what {@link GradientAgreement} checks for every method
 * (that it is the gradient times a direction): the cases forward mode handles its own way (a
 * constant input, calls passing arrays and matrices; a callee's {@code
 * @DerivativeOf} rule is {@link DerivativeOfTest}'s), its
 * zero-tangent rule at a singular point, its argument check, and that it records nothing.
 */
class ForwardModeTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class F {
        /** A constant input read where the derivative flows: it has no tangent. */
        @Differentiable static double withConstant(double x, @NoDerivative double c) {
          double y = c * x;
          return y * y + Math.sin(y) * c;
        }

        @Differentiable static double weighted(double[] a, double[][] m, double s) {
          double sum = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              sum += a[i] * m[i][j] * s;
            }
          }
          return Math.exp(sum / 10);
        }

        /** Calls passing a double[] and a double[][], twice, one inside a loop. */
        @Differentiable static double calls(double[] a, double[][] m, double s) {
          double total = weighted(a, m, s) * s;
          for (int k = 0; k < 3; k++) {
            total += weighted(a, m, s + k);
          }
          return total;
        }

        /** sqrt's partial is infinite at 0: a zero tangent there contributes 0, not NaN. */
        @Differentiable static double sqrtAtZero(double x, double y) {
          return Math.sqrt(x) + y;
        }

        @Differentiable static double written(double[] a, double x) {
          a[0] = a[0] * x;
          return a[0] + a[1];
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.F", SOURCE).assertCleanSuccess();
  }

  @Test
  void aConstantInputHasNoTangent() {
    new GradientAgreement(compiled, "p.F", "withConstant").check(0.7, 1.3);
    String companion = compiled.generatedSource("p.FGrad");
    assertFalse(companion.contains("_d_c"), companion);
  }

  @Test
  void callsPassingArraysAndMatricesCarryTheirTangents() {
    double[][] m = {{0.5, -0.25}, {1.5, 0.75, -1.0}};
    new GradientAgreement(compiled, "p.F", "calls").check(new double[] {0.3, -0.6}, m, 0.9);
  }

  @Test
  void aZeroTangentThroughAnInfinitePartialContributesZero() {
    double tangent = tangent("sqrtAtZero", new Class<?>[] {double.class, double.class}, 0.0, 2.0,
        new double[] {0.0, 1.0});
    assertEquals(1.0, tangent, 0.0);
  }

  @Test
  void writtenParameterArraysAreLeftAsTheMethodLeavesThem() {
    double[] a = {2.0, 3.0};
    double tangent = tangent("written", new Class<?>[] {double[].class, double.class}, a, 1.5,
        new double[] {1.0, 0.0, 0.0});
    // d(a0 x + a1)/d a0 = x
    assertEquals(1.5, tangent, 0.0);
    assertArrayEquals(new double[] {3.0, 3.0}, a, 0.0);
  }

  @Test
  void aShortDirectionIsRefusedWithItsLength() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> tangent("sqrtAtZero",
        new Class<?>[] {double.class, double.class}, 1.0, 2.0, new double[1]));
    assertEquals("sqrtAtZero_tangent needs a direction of length 2, but got 1", thrown.getMessage());
  }

  @Test
  void forwardModeRecordsNothing() {
    String entry = GeneratedCodeTest.methodText(compiled.generatedSource("p.FGrad"), "calls_tangent",
        "double[] direction");
    assertTrue(entry.contains("return calls_directional("), entry);
    String calls = GeneratedCodeTest.methodText(compiled.generatedSource("p.FGrad"), "calls_valueAndTangent",
        "double[] tangent");
    assertFalse(calls.contains("Tape"), calls);
    assertFalse(calls.contains("new double[1]"), calls);
    assertTrue(calls.contains("FGrad.weighted_valueAndTangent(a, m, s, _d_a, _d_m, _d_s, tangent)"), calls);
    assertFalse(calls.contains("_pullback("), calls);
    assertFalse(calls.contains("weighted_directional("), calls);
  }

  /** The function through which f_tangent and a caller's forward mode run: the tangent along the inputs' tangents. */
  @Test
  void directionalIsTheTangentAlongTheInputsTangents() {
    double[] a = {0.3, -0.6};
    double[][] m = {{0.5, -0.25}, {1.5, 0.75, -1.0}};
    double[] da = {1.0, 0.5};
    double[][] dm = {{-0.5, 0.25}, {0.0, 1.0, 2.0}};
    double ds = -1.5;
    double directional = (Double) compiled.call("p.FGrad", "weighted_directional", new Class<?>[] {double[].class,
        double[][].class, double.class, double[].class, double[][].class, double.class}, a, m, 0.9, da, dm, ds);
    double[] direction = {1.0, 0.5, -0.5, 0.25, 0.0, 1.0, 2.0, -1.5};
    double[] grad = new double[direction.length];
    compiled.call("p.FGrad", "weighted", new Class<?>[] {double[].class, double[][].class, double.class,
        double[].class}, a, m, 0.9, grad);
    double expected = 0;
    for (int i = 0; i < grad.length; i++) {
      expected += grad[i] * direction[i];
    }
    assertEquals(expected, directional, 1e-14 * Math.abs(expected));
    assertEquals(directional, tangent("weighted", new Class<?>[] {double[].class, double[][].class, double.class}, a,
        m, 0.9, direction), 0.0);
  }

  private static double tangent(String method, Class<?>[] types, Object... args) {
    return (Double) compiled.call("p.FGrad", method + "_tangent", GradientAgreement.append(types, double[].class),
        args);
  }
}
