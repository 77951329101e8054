package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FourierGreeksTest {
  private static final double K = OptionGreeks.STRIKE;
  private static final double T = OptionGreeks.MATURITY;
  private static final double R = OptionGreeks.RATE;
  private static final double VOL = OptionGreeks.VOL;

  /** Lewis's integral of the characteristic function is Black–Scholes's price. */
  @Test
  void priceMatchesTheClosedForm() {
    for (double spot : new double[] {80, 100, 125}) {
      assertEquals(BlackScholes.callPrice(spot, K, T, R, VOL), FourierPricing.callPrice(spot, K, T, R, VOL), 1e-10);
    }
  }

  /** Through the complex arithmetic of the records, the generated gradient holds the closed-form Greeks. */
  @Test
  void generatedGreeksMatchTheClosedForms() {
    for (double spot : new double[] {80, 100, 125}) {
      assertArrayEquals(OptionGreeks.closedFormGreeks(spot, K, T, R, VOL).values(),
          FourierGreeks.generatedGreeks(spot, K, T, R, VOL).values(), 1e-9, "S = " + spot);
    }
  }

  /** The companion checks its arguments as the method does, and says the same. */
  @Test
  void aNegativeVolatilityIsRefusedAsInThePricer() {
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> FourierPricing.callPrice(100, K, T, R, -0.2));
    IllegalArgumentException generated = assertThrows(IllegalArgumentException.class,
        () -> FourierPricingGrad.callPrice(100, K, T, R, -0.2, new double[4]));
    assertEquals(plain.getMessage(), generated.getMessage());
  }
}
