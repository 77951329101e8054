package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.function.DoubleUnaryOperator;

/**
 * A European call priced the way a model without a closed form would be: the discounted payoff
 * integrated against the risk-neutral density of the log price, by adaptive Simpson quadrature,
 * which recurses with its integrand. Here the density is Black–Scholes's, so the tour can check
 * the price and the Greeks that {@code QuadraturePricingGrad} computes through the quadrature
 * against the closed forms.
 */
final class QuadraturePricing {
  /** Where the quadrature stops halving an interval. */
  static final double TOLERANCE = 1e-12;
  static final int MAX_DEPTH = 50;

  private QuadraturePricing() {}

  /** Simpson's rule on [a, b]. */
  static double simpson(DoubleUnaryOperator f, double a, double b) {
    double m = 0.5 * (a + b);
    return (b - a) / 6 * (f.applyAsDouble(a) + 4 * f.applyAsDouble(m) + f.applyAsDouble(b));
  }

  /**
   * Adaptive Simpson: {@code whole} is Simpson's rule on [a, b]; each half is integrated again
   * until the halves agree with it to {@code 15 tol} (Richardson's correction then adds their
   * difference over 15), or {@code depth} runs out.
   */
  static double adaptive(DoubleUnaryOperator f, double a, double b, double tol, double whole, int depth) {
    double m = 0.5 * (a + b);
    double left = simpson(f, a, m);
    double right = simpson(f, m, b);
    double delta = left + right - whole;
    if (depth <= 0 || Math.abs(delta) <= 15 * tol) {
      return left + right + delta / 15;
    }
    return adaptive(f, a, m, tol / 2, left, depth - 1) + adaptive(f, m, b, tol / 2, right, depth - 1);
  }

  /** The integral of {@code f} over [a, b], to about {@code tol}. */
  static double integrate(DoubleUnaryOperator f, double a, double b, double tol) {
    if (!(a < b) || !(tol > 0)) {
      throw new IllegalArgumentException("integrate needs a < b and tol > 0, not " + a + ", " + b + ", " + tol);
    }
    return adaptive(f, a, b, tol, simpson(f, a, b), MAX_DEPTH);
  }

  /**
   * The price of a call: e^(-rT) times the integral of (e^x - K) over the log price x from ln K,
   * where the payoff starts, to ten standard deviations above the mean, against the normal density
   * of x. Neither end moves the integral: the integrand is 0 at ln K and negligible at the top.
   */
  @Differentiable
  static double callPrice(double spot, @NoDerivative double strike, double maturity, double rate, double vol) {
    double sd = vol * Math.sqrt(maturity);
    double mean = Math.log(spot) + (rate - 0.5 * vol * vol) * maturity;
    double norm = 1 / (sd * Math.sqrt(2 * Math.PI));
    DoubleUnaryOperator payoffDensity = x -> {
      double z = (x - mean) / sd;
      return (Math.exp(x) - strike) * norm * Math.exp(-0.5 * z * z);
    };
    return Math.exp(-rate * maturity) * integrate(payoffDensity, Math.log(strike), mean + 10 * sd, TOLERANCE);
  }
}
