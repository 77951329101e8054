package io.javagrad.samples;

import io.javagrad.GradientChecker;
import io.javagrad.samples.Datasets.OptionBook;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Option Greeks from the generated gradient: {@link BlackScholes#callPrice} is plain Java with
 * branches (in its normal CDF), and {@code BlackScholesGrad} returns the price together with delta,
 * vega, rho and theta, and its generated Hessian gamma, vanna and volga. They match the textbook
 * formulas to rounding. For a book of a thousand
 * options, one generated gradient (delta, rho and a vega per option) is timed against central
 * finite differences, which price the whole book twice per input.
 */
final class OptionGreeks implements TourStep {
  /** The single option: S, K, T, r, σ. */
  static final double SPOT = 100;
  static final double STRIKE = 105;
  static final double MATURITY = 0.75;
  static final double RATE = 0.03;
  static final double VOL = 0.25;

  static final int BOOK_SIZE = 1000;
  static final long BOOK_SEED = 11;

  /** The four Greeks of one call, in the order the report prints them. */
  record Greeks(double delta, double vega, double rho, double theta) {

    double[] values() {
      return new double[] {delta, vega, rho, theta};
    }

    /**
     * The Greeks in {@code grad}, the gradient of a call price over (S, T, r, sigma), whose strike
     * takes no slot: theta is -dC/dT.
     */
    private static Greeks of(double[] grad) {
      return new Greeks(grad[0], grad[3], grad[2], -grad[1]);
    }

    /** The Greeks from one call of {@code gradient}, a generated gradient of a call price, at a point. */
    static Greeks of(CallGradient gradient, double spot, double strike, double maturity, double rate, double vol) {
      double[] grad = new double[4]; // d/dS, d/dT, d/dr, d/dσ: the strike takes no slot
      gradient.write(spot, strike, maturity, rate, vol, grad);
      return of(grad);
    }
  }

  /**
   * A generated gradient entry of a call price, {@code PricingGrad.callPrice(S, K, T, r, sigma, grad)}:
   * returns the price and writes its gradient over (S, T, r, sigma) into {@code grad}.
   */
  interface CallGradient {
    double write(double spot, double strike, double maturity, double rate, double vol, double[] grad);
  }

  static final String[] GREEK_NAMES = {"delta", "vega", "rho", "theta"};

  /** The Greeks from one call of the generated gradient of {@link BlackScholes#callPrice}. */
  static Greeks generatedGreeks(double spot, double strike, double maturity, double rate, double vol) {
    return Greeks.of(BlackScholesGrad::callPrice, spot, strike, maturity, rate, vol);
  }

  /** Gamma, vanna and volga: the second derivatives d²C/dS², d²C/dS dσ and d²C/dσ². */
  record SecondOrderGreeks(double gamma, double vanna, double volga) {

    double[] values() {
      return new double[] {gamma, vanna, volga};
    }
  }

  static final String[] SECOND_ORDER_NAMES = {"gamma", "vanna", "volga"};

  /**
   * The second-order Greeks from one call of the generated Hessian of {@link BlackScholes#callPrice}:
   * its rows and columns are the gradient's slots, S, T, r and σ.
   */
  static SecondOrderGreeks generatedSecondOrder(double spot, double strike, double maturity, double rate,
      double vol) {
    double[] grad = new double[4];
    double[] hessian = new double[4 * 4];
    BlackScholesGrad.callPrice_hessian(spot, strike, maturity, rate, vol, grad, hessian);
    return new SecondOrderGreeks(hessian[0], hessian[3], hessian[3 * 4 + 3]);
  }

  /** The textbook second-order Greeks of a call. */
  static SecondOrderGreeks closedFormSecondOrder(double spot, double strike, double maturity, double rate,
      double vol) {
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double gamma = density(d1) / (spot * vol * sqrtT);
    double vanna = -density(d1) * d2 / vol;
    double volga = spot * density(d1) * sqrtT * d1 * d2 / vol;
    return new SecondOrderGreeks(gamma, vanna, volga);
  }

  /** The textbook Greeks of a call, with the same normal CDF and the exact normal density. */
  static Greeks closedFormGreeks(double spot, double strike, double maturity, double rate, double vol) {
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discountedStrike = strike * Math.exp(-rate * maturity);
    double delta = BlackScholes.normalCdf(d1);
    double vega = spot * density(d1) * sqrtT;
    double rho = discountedStrike * maturity * BlackScholes.normalCdf(d2);
    double theta = -spot * density(d1) * vol / (2 * sqrtT) - rate * discountedStrike * BlackScholes.normalCdf(d2);
    return new Greeks(delta, vega, rho, theta);
  }

  /** The standard normal density φ(x) = exp(-x²/2)/√(2π). */
  static double density(double x) {
    return BlackScholes.INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * The largest |Φ'(x) - φ(x)| over a fine grid of [-10, 10]: the generated derivative of the CDF
   * against the exact density.
   */
  static double largestCdfDerivativeError() {
    double largest = 0;
    double[] grad = new double[1];
    for (int i = -100_000; i <= 100_000; i++) {
      double x = i * 1e-4;
      BlackScholesGrad.normalCdf(x, grad);
      largest = Math.max(largest, Math.abs(grad[0] - density(x)));
    }
    return largest;
  }

  /** The book's inputs as one vector, the generated gradient's layout: spot, rate, then each option's vol. */
  static double[] bookInputs(double spot, double rate, OptionBook book) {
    double[] inputs = new double[book.size() + 2];
    inputs[0] = spot;
    inputs[1] = rate;
    System.arraycopy(book.vols(), 0, inputs, 2, book.size());
    return inputs;
  }

  /** The book's value at {@code inputs} (spot, rate, vols), without a gradient. */
  static double bookValue(double[] inputs, OptionBook book) {
    double[] vols = Arrays.copyOfRange(inputs, 2, inputs.length);
    return BlackScholes.portfolioValue(inputs[0], inputs[1], vols,
        book.strikes(), book.maturities(), book.quantities());
  }

  /** The book's generated gradient: delta, rho, then the vega of each option. */
  static double[] generatedBookGradient(double spot, double rate, OptionBook book, double[] grad) {
    BlackScholesGrad.portfolioValue(spot, rate, book.vols(),
        book.strikes(), book.maturities(), book.quantities(), grad);
    return grad;
  }

  /** The book's gradient from the textbook formulas, in the same layout. */
  static double[] closedFormBookGradient(double spot, double rate, OptionBook book) {
    double[] grad = new double[book.size() + 2];
    for (int i = 0; i < book.size(); i++) {
      double quantity = book.quantities()[i];
      Greeks greeks = closedFormGreeks(spot, book.strikes()[i], book.maturities()[i], rate, book.vols()[i]);
      grad[0] += quantity * greeks.delta();
      grad[1] += quantity * greeks.rho();
      grad[i + 2] = quantity * greeks.vega();
    }
    return grad;
  }

  /** The book's gradient by central differences: 2 (n + 2) values of the whole book. */
  static double[] finiteDifferenceBookGradient(double spot, double rate, OptionBook book) {
    return GradientChecker.centralDifferences(inputs -> bookValue(inputs, book), bookInputs(spot, rate, book));
  }

  /** The largest difference between two gradients, relative to the larger entry (absolute below 1). */
  static double largestRelativeDifference(double[] a, double[] b) {
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      double scale = Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])));
      largest = Math.max(largest, Math.abs(a[i] - b[i]) / scale);
    }
    return largest;
  }

  @Override
  public String title() {
    return "Option Greeks from the generated gradient of a Black-Scholes price";
  }

  @Override
  public void run(TourOutput output) throws IOException {
    PrintStream console = output.console();
    singleOption(console);
    book(console);
  }

  /** A table of {@code generated} beside {@code closedForm}, Greek by Greek, with their differences. */
  static void printComparison(PrintStream console, Greeks generated, Greeks closedForm) {
    console.printf(Locale.ROOT, "  %-6s %20s %20s %11s%n", "Greek", "generated gradient", "closed form", "difference");
    double[] a = generated.values();
    double[] b = closedForm.values();
    for (int i = 0; i < a.length; i++) {
      console.printf(Locale.ROOT, "  %-6s %20.14f %20.14f %11.1e%n", GREEK_NAMES[i], a[i], b[i], Math.abs(a[i] - b[i]));
    }
  }

  private static void singleOption(PrintStream console) {
    double price = BlackScholes.callPrice(SPOT, STRIKE, MATURITY, RATE, VOL);
    Greeks generated = generatedGreeks(SPOT, STRIKE, MATURITY, RATE, VOL);
    Greeks closedForm = closedFormGreeks(SPOT, STRIKE, MATURITY, RATE, VOL);
    console.printf(Locale.ROOT,
        "A call with S = %.0f, K = %.0f, T = %.2f years, r = %.0f%%, sigma = %.0f%%: price %.10f%n",
        SPOT, STRIKE, MATURITY, 100 * RATE, 100 * VOL, price);
    console.println("BlackScholesGrad.callPrice(S, K, T, r, sigma, grad) gives dC/dS, dC/dT, dC/dr, dC/dsigma"
        + " in one sweep:");
    printComparison(console, generated, closedForm);
    console.printf(Locale.ROOT, "(theta = -dC/dT, per year.) The normal CDF is Cody's rational approximation, branches"
        + " and all;%nits generated derivative differs from the exact density by at most %.1e over [-10, 10].%n",
        largestCdfDerivativeError());
    SecondOrderGreeks second = generatedSecondOrder(SPOT, STRIKE, MATURITY, RATE, VOL);
    SecondOrderGreeks secondClosedForm = closedFormSecondOrder(SPOT, STRIKE, MATURITY, RATE, VOL);
    console.println("BlackScholesGrad.callPrice_hessian(S, K, T, r, sigma, grad, hessian) gives the 4 x 4 Hessian, by"
        + " reverse mode over forward mode:");
    console.printf(Locale.ROOT, "  %-6s %20s %20s %11s%n", "Greek", "generated Hessian", "closed form", "difference");
    double[] c = second.values();
    double[] d = secondClosedForm.values();
    for (int i = 0; i < c.length; i++) {
      console.printf(Locale.ROOT, "  %-6s %20.14f %20.14f %11.1e%n", SECOND_ORDER_NAMES[i], c[i], d[i],
          Math.abs(c[i] - d[i]));
    }
  }

  private static void book(PrintStream console) {
    OptionBook book = Datasets.optionBook(BOOK_SIZE, BOOK_SEED);
    double[] grad = new double[book.size() + 2];
    double value = BlackScholesGrad.portfolioValue(SPOT, RATE, book.vols(), book.strikes(), book.maturities(),
        book.quantities(), grad);
    console.printf(Locale.ROOT, "%nA book of %,d calls (strikes 60-140, 1 month to 3 years, long and short),"
        + " each at its own implied vol:%nvalue %,.2f; its gradient is delta %,.2f, rho %,.2f and %,d vegas"
        + " (%,d partial derivatives)%n",
        book.size(), value, grad[0], grad[1], book.size(), grad.length);

    double generatedSeconds = Timing.secondsPerRun(() -> generatedBookGradient(SPOT, RATE, book, grad));
    double[] differences = finiteDifferenceBookGradient(SPOT, RATE, book);
    double differencesSeconds = Timing.secondsPerRun(() -> finiteDifferenceBookGradient(SPOT, RATE, book));
    double[] closedForm = closedFormBookGradient(SPOT, RATE, book);
    console.printf(Locale.ROOT, "  %-46s %10s%n", "generated gradient (one forward + reverse sweep)",
        Timing.format(generatedSeconds));
    console.printf(Locale.ROOT, "  %-46s %10s%n",
        String.format(Locale.ROOT, "central differences (%,d values of the book)", 2 * grad.length),
        Timing.format(differencesSeconds));
    console.printf(Locale.ROOT, "  the generated gradient is %,.0f times faster%n",
        differencesSeconds / generatedSeconds);
    console.printf(Locale.ROOT, "  largest relative difference of the generated gradient: from the closed-form Greeks"
        + " %.1e,%n  from central differences %.1e (their own error: each vega is a small change in a large value)%n",
        largestRelativeDifference(grad, closedForm), largestRelativeDifference(grad, differences));
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.OptionGreeks}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new OptionGreeks());
  }
}
