package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuadratureGreeksTest {
  private static final double S = OptionGreeks.SPOT;
  private static final double K = OptionGreeks.STRIKE;
  private static final double T = OptionGreeks.MATURITY;
  private static final double R = OptionGreeks.RATE;
  private static final double VOL = OptionGreeks.VOL;

  /** The quadrature's price is Black–Scholes's to its tolerance. */
  @Test
  void priceMatchesTheClosedForm() {
    assertEquals(BlackScholes.callPrice(S, K, T, R, VOL), QuadraturePricing.callPrice(S, K, T, R, VOL), 1e-10);
  }

  /** Through the lambda and every level of the recursion, the generated gradient holds the closed-form Greeks. */
  @Test
  void generatedGreeksMatchTheClosedForms() {
    for (double spot : new double[] {80, 100, 125}) {
      assertArrayEquals(OptionGreeks.closedFormGreeks(spot, K, T, R, VOL).values(),
          QuadratureGreeks.generatedGreeks(spot, K, T, R, VOL).values(), 1e-9, "S = " + spot);
    }
  }

  /** Second derivatives through the recursion too: gamma, vanna and volga from the generated Hessian. */
  @Test
  void generatedHessianHoldsTheSecondOrderGreeks() {
    double[] grad = new double[4];
    double[] hessian = new double[16];
    QuadraturePricingGrad.callPrice_hessian(S, K, T, R, VOL, grad, hessian);
    OptionGreeks.SecondOrderGreeks closedForm = OptionGreeks.closedFormSecondOrder(S, K, T, R, VOL);
    assertArrayEquals(closedForm.values(), new double[] {hessian[0], hessian[3], hessian[15]}, 1e-8);
  }
}
