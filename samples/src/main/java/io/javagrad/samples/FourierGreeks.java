package io.javagrad.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Greeks of a price computed in complex numbers: {@link FourierPricing#callPrice} integrates a
 * characteristic function written with a {@code Complex} record, and its generated gradient gives
 * delta, vega, rho and theta through every complex product and exponential. They agree with
 * Black–Scholes's closed forms to the integral's accuracy.
 */
final class FourierGreeks implements TourStep {

  /** The Greeks from one call of the generated gradient of {@link FourierPricing#callPrice}. */
  static OptionGreeks.Greeks generatedGreeks(double spot, double strike, double maturity, double rate, double vol) {
    return OptionGreeks.Greeks.of(FourierPricingGrad::callPrice, spot, strike, maturity, rate, vol);
  }

  @Override
  public String title() {
    return "Greeks through complex numbers: a Fourier price whose arithmetic is a Complex record";
  }

  @Override
  public void run(TourOutput output) {
    PrintStream console = output.console();
    double s = OptionGreeks.SPOT;
    double k = OptionGreeks.STRIKE;
    double t = OptionGreeks.MATURITY;
    double r = OptionGreeks.RATE;
    double vol = OptionGreeks.VOL;
    double price = FourierPricing.callPrice(s, k, t, r, vol);
    console.printf(Locale.ROOT, "The call of step 1, priced by Lewis's Fourier integral of the characteristic function,"
        + " in record Complex(double re, double im): %.10f (closed form %.10f)%n", price,
        BlackScholes.callPrice(s, k, t, r, vol));
    console.printf("FourierPricingGrad.callPrice(S, K, T, r, sigma, grad), each Complex followed by its components:%n");
    OptionGreeks.printComparison(console, generatedGreeks(s, k, t, r, vol),
        OptionGreeks.closedFormGreeks(s, k, t, r, vol));
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.FourierGreeks}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new FourierGreeks());
  }
}
