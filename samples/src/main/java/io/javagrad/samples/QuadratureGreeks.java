package io.javagrad.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Greeks of a price that a recursive integrator computes: {@link QuadraturePricing#callPrice}
 * integrates the payoff against the density by adaptive Simpson, which recurses with the integrand
 * lambda, and its generated gradient gives delta, vega, rho and theta through the lambda and every
 * level of the recursion. They agree with Black–Scholes's closed forms to the quadrature's tolerance.
 */
final class QuadratureGreeks implements TourStep {

  /** The Greeks from one call of the generated gradient of {@link QuadraturePricing#callPrice}. */
  static OptionGreeks.Greeks generatedGreeks(double spot, double strike, double maturity, double rate, double vol) {
    return OptionGreeks.Greeks.of(QuadraturePricingGrad::callPrice, spot, strike, maturity, rate, vol);
  }

  @Override
  public String title() {
    return "Greeks through a recursion: a price by adaptive quadrature, its integrand a lambda";
  }

  @Override
  public void run(TourOutput output) {
    PrintStream console = output.console();
    double s = OptionGreeks.SPOT;
    double k = OptionGreeks.STRIKE;
    double t = OptionGreeks.MATURITY;
    double r = OptionGreeks.RATE;
    double vol = OptionGreeks.VOL;
    double price = QuadraturePricing.callPrice(s, k, t, r, vol);
    console.printf(Locale.ROOT, "The call of step 1, priced by adaptive(payoffDensity, ln K, mean + 10 sd, ...), which"
        + " recurses with the lambda: %.10f (closed form %.10f)%n", price, BlackScholes.callPrice(s, k, t, r, vol));
    console.printf("QuadraturePricingGrad.callPrice(S, K, T, r, sigma, grad), through every level of the recursion:%n");
    OptionGreeks.printComparison(console, generatedGreeks(s, k, t, r, vol),
        OptionGreeks.closedFormGreeks(s, k, t, r, vol));
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.QuadratureGreeks}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new QuadratureGreeks());
  }
}
