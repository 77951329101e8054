package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Locale;
import java.util.Objects;

/**
 * Option pricing written the way pricing libraries write it: arguments checked up front with
 * messages that quote the bad value, an enum for the option's direction, a model picked by name,
 * a rational approximation of the normal CDF over a private coefficient table, and a Newton
 * solver whose iteration cap throws.
 */
public final class Pricing {
  /** 1 / sqrt(2 pi), computed once. */
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  /** Abramowitz and Stegun 26.2.17: t = 1 / (1 + P z). */
  private static final double P = 0.2316419;

  /** The polynomial of 26.2.17 in t, highest degree first (Horner order); its constant term is 0. */
  private static final double[] B = {1.330274429, -1.821255978, 1.781477937, -0.356563782, 0.319381530};

  private static final double VOL_TOLERANCE = 1e-12;

  private static final System.Logger LOG = System.getLogger(Pricing.class.getName());

  private Pricing() {}

  /** The standard normal CDF, to about 7.5e-8. */
  @Differentiable
  public static double normalCdf(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("x is NaN");
    }
    double z = Math.abs(x);
    double t = 1 / (1 + P * z);
    double poly = 0;
    for (double b : B) {
      poly = poly * t + b;
    }
    double tail = INV_SQRT_2PI * Math.exp(-0.5 * z * z) * poly * t;
    return x >= 0 ? 1 - tail : tail;
  }

  /** Black-Scholes on spot, with a classic switch over the option type. */
  @Differentiable
  public static double blackScholes(OptionType type, double spot, double strike, double rate, double vol,
      double expiry) {
    Objects.requireNonNull(type, "type");
    if (spot <= 0) {
      throw new IllegalArgumentException("spot must be positive: " + spot);
    }
    if (strike <= 0) {
      throw new IllegalArgumentException("strike must be positive: " + strike);
    }
    if (vol <= 0) {
      throw new IllegalArgumentException("vol must be positive: " + vol);
    }
    if (expiry <= 0) {
      throw new IllegalArgumentException("expiry must be positive: " + expiry);
    }
    double stdDev = vol * Math.sqrt(expiry);
    double discount = Math.exp(-rate * expiry);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * expiry) / stdDev;
    double d2 = d1 - stdDev;
    double price;
    switch (type) {
      case CALL:
        price = spot * normalCdf(d1) - strike * discount * normalCdf(d2);
        break;
      case PUT:
        price = strike * discount * normalCdf(-d2) - spot * normalCdf(-d1);
        break;
      default:
        throw new IllegalArgumentException("unsupported option type: " + type);
    }
    return price;
  }

  /** A cash-or-nothing digital, with an arrow-form switch statement. */
  @Differentiable
  public static double cashOrNothing(OptionType type, double spot, double strike, double rate, double vol,
      double expiry, double cash) {
    if (!(vol > 0)) {
      throw new IllegalArgumentException("vol must be positive: " + vol);
    }
    double stdDev = vol * Math.sqrt(expiry);
    double d2 = (Math.log(spot / strike) + (rate - 0.5 * vol * vol) * expiry) / stdDev;
    double probability;
    switch (type) {
      case CALL -> probability = normalCdf(d2);
      case PUT -> probability = normalCdf(-d2);
      default -> throw new AssertionError(type);
    }
    return cash * Math.exp(-rate * expiry) * probability;
  }

  /**
   * Black-76 on a forward; an expired option is worth its discounted intrinsic value, chosen by a
   * switch expression. The expiry is a date fact, not a risk factor, hence {@code @NoDerivative}.
   */
  @Differentiable
  public static double black76(OptionType type, double forward, double strike, double vol,
      @NoDerivative double expiry, double discount) {
    if (forward <= 0 || strike <= 0) {
      throw new IllegalArgumentException("forward and strike must be positive: " + forward + ", " + strike);
    }
    if (expiry <= 0) {
      double intrinsic = switch (type) {
        case CALL -> Math.max(forward - strike, 0);
        case PUT -> Math.max(strike - forward, 0);
      };
      return discount * intrinsic;
    }
    double stdDev = vol * Math.sqrt(expiry);
    double d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
    double d2 = d1 - stdDev;
    int sign = type.sign();
    return discount * sign * (forward * normalCdf(sign * d1) - strike * normalCdf(sign * d2));
  }

  /** An undiscounted call under the model named by a string, as configuration files name it. */
  @Differentiable
  public static double forwardPrice(String model, double forward, double strike, double vol, double expiry) {
    Objects.requireNonNull(model, "model");
    double stdDev = vol * Math.sqrt(expiry);
    switch (model.toLowerCase(Locale.ROOT)) {
      case "black": {
        double d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
        return forward * normalCdf(d1) - strike * normalCdf(d1 - stdDev);
      }
      case "bachelier":
      case "normal": {
        double d = (forward - strike) / stdDev;
        return (forward - strike) * normalCdf(d) + stdDev * INV_SQRT_2PI * Math.exp(-0.5 * d * d);
      }
      default:
        throw new IllegalArgumentException("unknown model '" + model + "', expected black or bachelier");
    }
  }

  /** A call priced from a market snapshot (a record read through its accessors), with a debug log. */
  @Differentiable
  public static double callOnMarket(Market market, double strike, double vol, double expiry) {
    Objects.requireNonNull(market, "market");
    double price = blackScholes(OptionType.CALL, market.spot(), strike, market.rate(), vol, expiry);
    LOG.log(System.Logger.Level.DEBUG, "call on {0} struck at {1}: {2}", market, strike, price);
    return price;
  }

  /** Black implied volatility of a call on a forward by Newton's method; the iteration cap throws. */
  @Differentiable
  public static double impliedVolatility(double price, double forward, double strike, double expiry,
      int maxIterations) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1: " + maxIterations);
    }
    double intrinsic = Math.max(forward - strike, 0);
    if (!(price > intrinsic && price < forward)) {
      throw new IllegalArgumentException(
          "call price " + price + " is outside the no-arbitrage bounds (" + intrinsic + ", " + forward + ")");
    }
    // Brenner-Subrahmanyam's at-the-money guess
    double vol = price / forward * Math.sqrt(2 * Math.PI / expiry);
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      double stdDev = vol * Math.sqrt(expiry);
      double d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
      double model = forward * normalCdf(d1) - strike * normalCdf(d1 - stdDev);
      double vega = forward * Math.sqrt(expiry) * INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
      double step = (model - price) / vega;
      vol -= step;
      if (Math.abs(step) < VOL_TOLERANCE) {
        return vol;
      }
    }
    throw new IllegalStateException("implied volatility did not converge in " + maxIterations + " iterations");
  }

  /** Cox-Ross-Rubinstein tree with early exercise, rolled back in place. */
  @Differentiable
  public static double americanBinomial(OptionType type, double spot, double strike, double rate, double vol,
      double expiry, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive: " + steps);
    }
    if ((steps & 1) == 1) {
      steps++; // an even number of steps damps the odd-even oscillation of the tree
    }
    double dt = expiry / steps;
    double up = Math.exp(vol * Math.sqrt(dt));
    double down = 1 / up;
    double growth = Math.exp(rate * dt);
    double p = (growth - down) / (up - down);
    double discount = 1 / growth;
    int sign = type.sign();
    double[] values = new double[steps + 1];
    int k = 0;
    for (int i = 0; i <= steps; i++) {
      double s = spot * Math.pow(up, steps - 2 * i);
      values[k++] = Math.max(sign * (s - strike), 0);
    }
    int level = steps;
    while (level-- > 0) {
      for (int i = 0; i <= level; i++) {
        double s = spot * Math.pow(up, level - 2 * i);
        double continuation = discount * (p * values[i] + (1 - p) * values[i + 1]);
        values[i] = Math.max(continuation, sign * (s - strike));
      }
    }
    return values[0];
  }

  /** An arithmetic Asian call on the fixings a boolean mask marks as observed. */
  @Differentiable
  public static double asianCall(double[] fixings, boolean[] observed, double strike, double discount) {
    if (fixings.length != observed.length) {
      throw new IllegalArgumentException(
          "fixings and observed differ in length: " + fixings.length + " != " + observed.length);
    }
    double sum = 0;
    int count = 0;
    for (int i = 0; i < fixings.length; i++) {
      if (!observed[i]) {
        continue;
      }
      sum += fixings[i];
      count++;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no fixing is observed");
    }
    double average = sum / count;
    return discount * Math.max(average - strike, 0);
  }

  /** A straddle by put-call parity; counts its pricer calls in a caller's int[]. */
  @Differentiable
  public static double straddle(double forward, double strike, double vol, double expiry, int[] evaluations) {
    evaluations[0]++;
    double call = forwardPrice("black", forward, strike, vol, expiry);
    double put = call - (forward - strike);
    return call + put;
  }
}
