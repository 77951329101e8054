package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code FastMath}, Hipparchus's and Commons Math 3's, has {@code Math}'s functions, computed its own way, and numeric
 * libraries call it throughout: each is differentiated by {@code Math}'s rule, and its value is
 * computed by {@code FastMath} itself, so the gradient entry's value is the method's to the bit.
 * Its piecewise-constant functions ({@code floor}) carry no derivative, as {@code Math}'s.
 */
class FastMathTest {
  private static final String SOURCE = Compiled.classSource("p.Fast", List.of("import org.hipparchus.util.FastMath;"),
      List.of("""
      /** A Black-Scholes call with FastMath, as Hipparchus-based code writes it. */
      @Differentiable static double call(double spot, double strike, double vol, double rate, double t) {
        double sqrtT = FastMath.sqrt(t);
        double d1 = (FastMath.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
        double d2 = d1 - vol * sqrtT;
        return spot * cdf(d1) - strike * FastMath.exp(-rate * t) * cdf(d2);
      }
      """, """
      static double cdf(double x) {
        double t = 1 / (1 + 0.2316419 * FastMath.abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = FastMath.exp(-0.5 * x * x) / FastMath.sqrt(2 * FastMath.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
      }
      """, """
      /** Commons Math 3's FastMath, by its qualified name. */
      @Differentiable static double commons(double x, double y) {
        return org.apache.commons.math3.util.FastMath.exp(-x * y) * org.apache.commons.math3.util.FastMath.sin(x)
            + org.apache.commons.math3.util.FastMath.pow(y, 1.5);
      }
      """, """
      @Differentiable static double mixed(double x, double y, int n) {
        double s = FastMath.pow(x, n) + FastMath.pow(x, 2.5) + FastMath.atan2(y, x) + FastMath.hypot(x, y);
        s += FastMath.sinh(x) * FastMath.cbrt(y) + FastMath.log1p(x * y) + FastMath.expm1(-y);
        return s * FastMath.floor(4 * y) + FastMath.max(x, y) + FastMath.tanh(x - y);
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Fast", SOURCE).assertCleanSuccess();
  }

  @Test
  void blackScholesWithFastMath() {
    double[] grad = new GradientAgreement(compiled, "p.Fast", "call").check(100.0, 95.0, 0.25, 0.03, 1.5);
    assertTrue(grad[0] > 0.5 && grad[0] < 1, () -> "the delta of a call in the money: " + grad[0]);
    new SecondOrderAgreement(compiled, "p.Fast", "call").check(100.0, 95.0, 0.25, 0.03, 1.5);
  }

  @Test
  void manyFunctionsAndAnIntegerPower() {
    new GradientAgreement(compiled, "p.Fast", "mixed").check(0.7, 1.3, 3);
    new GradientAgreement(compiled, "p.Fast", "mixed").check(1.9, 0.4, -2);
    new SecondOrderAgreement(compiled, "p.Fast", "mixed").check(0.7, 1.3, 3);
  }

  @Test
  void commonsMathsFastMath() {
    new GradientAgreement(compiled, "p.Fast", "commons").check(0.8, 1.7);
  }

  @Test
  void theCompanionCallsFastMath() {
    String companion = compiled.generatedSource("p.FastGrad");
    assertTrue(companion.contains("FastMath.exp(") && companion.contains("FastMath.pow(x, (double) n)"),
        "the companion computes values with FastMath");
  }
}
