package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Value;
import io.javagrad.samples.Datasets.OptionBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionGreeksTest {
  /** The bar: generated and closed-form Greeks agree to this, absolutely. */
  private static final double GREEKS_TOLERANCE = 1e-10;

  /**
   * Options whose d1 and d2 fall in each range of Cody's CDF: near the money (|d| < 0.66), the
   * middle range, and deep in the tails (|d| > √32).
   */
  @ParameterizedTest(name = "S={0} K={1} T={2} r={3} sigma={4}")
  @CsvSource({
      "100, 105, 0.75, 0.03, 0.25", // the tour's option
      "100, 100, 1.0, 0.0, 0.2",
      "100, 60, 2.0, 0.05, 0.3",
      "100, 140, 0.25, 0.01, 0.15",
      "100, 250, 0.5, 0.02, 0.2", // far out of the money: d1 ≈ -6.4
      "100, 30, 0.5, 0.02, 0.2", // far in the money: d2 ≈ 8.4
  })
  void generatedGreeksMatchTheClosedForm(double spot, double strike, double maturity, double rate, double vol) {
    double[] generated = OptionGreeks.generatedGreeks(spot, strike, maturity, rate, vol).values();
    double[] closedForm = OptionGreeks.closedFormGreeks(spot, strike, maturity, rate, vol).values();

    assertArrayEquals(closedForm, generated, GREEKS_TOLERANCE);
  }

  @Test
  void theCdfsDerivativeIsTheDensity() {
    assertTrue(OptionGreeks.largestCdfDerivativeError() < 1e-15);
  }

  @Test
  void theCdfIsAccurateToDoublePrecision() {
    // Φ to 17 digits, from mpmath's ncdf at 30 digits; each within a few units of the last place.
    assertEquals(0.5, BlackScholes.normalCdf(0), 0);
    assertRelative(0.15865525393145705, BlackScholes.normalCdf(-1));
    assertRelative(0.97500210485177956, BlackScholes.normalCdf(1.96));
    assertRelative(0.0013498980316300945, BlackScholes.normalCdf(-3));
    assertRelative(2.8665157187919391e-7, BlackScholes.normalCdf(-5));
    assertRelative(7.6198530241605261e-24, BlackScholes.normalCdf(-10));
  }

  private static void assertRelative(double expected, double actual) {
    assertEquals(expected, actual, 1e-15 * expected);
  }

  @Test
  void theDynamicTwinGivesTheSameGreeks() {
    Value spot = new Value(OptionGreeks.SPOT);
    Value maturity = new Value(OptionGreeks.MATURITY);
    Value rate = new Value(OptionGreeks.RATE);
    Value vol = new Value(OptionGreeks.VOL);
    BlackScholesGrad.callPrice(spot, OptionGreeks.STRIKE, maturity, rate, vol).backward();
    OptionGreeks.Greeks generated = OptionGreeks.generatedGreeks(
        OptionGreeks.SPOT, OptionGreeks.STRIKE, OptionGreeks.MATURITY, OptionGreeks.RATE, OptionGreeks.VOL);

    assertArrayEquals(generated.values(), new double[] {spot.grad(), vol.grad(), rate.grad(), -maturity.grad()}, 1e-12);
  }

  @Test
  void theBooksGradientIsItsDeltaRhoAndVegas() {
    OptionBook book = Datasets.optionBook(100, OptionGreeks.BOOK_SEED);
    double[] generated = OptionGreeks.generatedBookGradient(
        OptionGreeks.SPOT, OptionGreeks.RATE, book, new double[book.size() + 2]);

    double[] closedForm = OptionGreeks.closedFormBookGradient(OptionGreeks.SPOT, OptionGreeks.RATE, book);
    assertTrue(OptionGreeks.largestRelativeDifference(generated, closedForm) < 1e-12);
    double[] differences = OptionGreeks.finiteDifferenceBookGradient(OptionGreeks.SPOT, OptionGreeks.RATE, book);
    assertTrue(OptionGreeks.largestRelativeDifference(generated, differences) < 1e-5);
  }

  /** Gamma, vanna and volga from the generated Hessian are the textbook ones, at several points. */
  @Test
  void secondOrderGreeksMatchTheClosedForm() {
    double[][] points = {{100, 105, 0.75, 0.03, 0.25}, {80, 100, 2.0, 0.01, 0.4}, {120, 90, 0.1, 0.05, 0.15}};
    for (double[] q : points) {
      double[] generated = OptionGreeks.generatedSecondOrder(q[0], q[1], q[2], q[3], q[4]).values();
      double[] closedForm = OptionGreeks.closedFormSecondOrder(q[0], q[1], q[2], q[3], q[4]).values();
      for (int i = 0; i < generated.length; i++) {
        assertEquals(closedForm[i], generated[i], 1e-9 * Math.max(1, Math.abs(closedForm[i])),
            OptionGreeks.SECOND_ORDER_NAMES[i] + " at " + java.util.Arrays.toString(q));
      }
    }
  }
}
