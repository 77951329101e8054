package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * The Black–Scholes price of a European call, as plain Java. Every method is
 * {@code @Differentiable}, so the build generates {@code BlackScholesGrad}, whose gradient of
 * {@link #callPrice} holds the Greeks.
 *
 * <p>The strike is {@code @NoDerivative}: it is a term of the contract, fixed when the option is
 * written, not a market quantity that moves and needs hedging. No Greek asks for dC/dK, so it
 * takes no gradient slot, and in the portfolio a strike is one more column of constant data.
 */
final class BlackScholes {
  /** 1/√(2π), the normal density at 0. */
  static final double INV_SQRT_2PI = 0.398942280401432677939946059934;

  /** √32: where Cody's middle range ends and his asymptotic tail begins. */
  static final double SQRT_32 = 5.656854249492380195206754896838;

  private BlackScholes() {}

  /**
   * The standard normal distribution function Φ(x), by W. J. Cody's rational Chebyshev
   * approximations ("Rational Chebyshev approximation for the error function", Math. Comp. 1969;
   * the coefficients of his ANORM, ACM TOMS algorithm 715): one rational function of x² near 0,
   * one of |x| in the middle, and one of 1/x² in the tails. Accurate to about 1e-16, and so is its
   * derivative, which the processor takes through the branches: it matches the exact density to
   * rounding (the tour checks).
   *
   * <p>As in Cody's ANORM, exp(-y²/2) is evaluated in two factors, splitting y at a multiple of
   * 1/16 (a truncation to an int, whose derivative is 0), to keep the last bits for large |y|: the
   * split point is exact, so its square is, and the second factor's argument is small.
   */
  @Differentiable
  static double normalCdf(double x) {
    double y = Math.abs(x);
    if (y <= 0.66291) {
      // Φ(x) = 1/2 + x R(x²), R a rational function of degree (4, 4).
      double s = x * x;
      double num = (((0.065682337918207449113 * s + 2.2352520354606839287) * s
          + 161.02823106855587881) * s + 1067.6894854603709582) * s + 18154.981253343561249;
      double den = (((s + 47.20258190468824187) * s
          + 976.09855173777669322) * s + 10260.932208618978205) * s + 45507.789335026729956;
      return 0.5 + x * num / den;
    }
    double ratio; // the upper tail Q(y) = 1 - Φ(y) is exp(-y²/2) times this
    if (y <= SQRT_32) {
      // Q(y) = exp(-y²/2) R(y), R of degree (8, 8).
      double num = (((((((1.0765576773720192317e-8 * y + 0.39894151208813466764) * y
          + 8.8831497943883759412) * y + 93.506656132177855979) * y
          + 597.27027639480026226) * y + 2494.5375852903726711) * y
          + 6848.1904505362823326) * y + 11602.651437647350124) * y + 9842.7148383839780218;
      double den = (((((((y + 22.266688044328115691) * y + 235.38790178262499861) * y
          + 1519.377599407554805) * y + 6485.558298266760755) * y
          + 18615.571640885098091) * y + 34900.952721145977266) * y
          + 38912.003286093271411) * y + 19685.429676859990727;
      ratio = num / den;
    } else {
      // Q(y) = exp(-y²/2) (1/√(2π) - z R(z)) / y with z = 1/y², R of degree (5, 5): the
      // asymptotic series, summed to double precision.
      double z = 1 / (y * y);
      double num = ((((0.02307344176494017303 * z + 0.21589853405795699) * z
          + 0.1274011611602473639) * z + 0.022235277870649807) * z
          + 0.001421619193227893466) * z + 2.9112874951168792e-5;
      double den = ((((z + 1.28426009614491121) * z + 0.468238212480865118) * z
          + 0.0659881378689285515) * z + 0.00378239633202758244) * z + 7.29751555083966205e-5;
      ratio = (INV_SQRT_2PI - z * num / den) / y;
    }
    double split = (int) (y * 16) / 16.0;
    double rest = (y - split) * (y + split);
    double tail = Math.exp(-0.5 * split * split) * Math.exp(-0.5 * rest) * ratio;
    return x > 0 ? 1 - tail : tail;
  }

  /**
   * The price of a European call on a stock paying no dividends.
   *
   * @param spot the stock price S
   * @param strike the strike K (contract data: no derivative)
   * @param maturity the time to expiry T, in years
   * @param rate the continuously compounded risk-free rate r
   * @param vol the volatility σ, per √year
   */
  @Differentiable
  static double callPrice(double spot, @NoDerivative double strike, double maturity, double rate, double vol) {
    double volSqrtT = vol * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / volSqrtT;
    double d2 = d1 - volSqrtT;
    return spot * normalCdf(d1) - strike * Math.exp(-rate * maturity) * normalCdf(d2);
  }

  /**
   * A book of calls on one stock: {@code quantities[i]} (negative when short) of the call with
   * strike {@code strikes[i]} and maturity {@code maturities[i]}, priced at its own implied
   * volatility {@code vols[i]}. The gradient is the book's delta, its rho, and one vega per option:
   * the sensitivity to each point of the volatility surface a trader marks.
   */
  @Differentiable
  static double portfolioValue(double spot, double rate, double[] vols,
      @NoDerivative double[] strikes, @NoDerivative double[] maturities, @NoDerivative double[] quantities) {
    double total = 0;
    for (int i = 0; i < strikes.length; i++) {
      total += quantities[i] * callPrice(spot, strikes[i], maturities[i], rate, vols[i]);
    }
    return total;
  }
}
