package corpus;

import static corpus.StrataStyle.ArgChecker.inRangeExclusive;
import static corpus.StrataStyle.ArgChecker.notNegative;
import static corpus.StrataStyle.ArgChecker.notNull;
import static java.lang.Math.abs;
import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.max;
import static java.lang.Math.pow;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Pricers and curves written the way OpenGamma Strata writes them: an argument checker whose
 * checks return the value they check ({@code double strike = notNegative(k, "strike")}) and format
 * messages from "{}" templates, statically imported; a put/call enum with a method; Black and
 * Bachelier formulas over a normal CDF summed until it stops changing; Hagan's SABR volatility
 * with its at-the-money expansion; curve interpolators and extrapolators as enums whose constants
 * have bodies of their own, found by binary search over inactive nodes; discounting with
 * compounding chosen by a switch expression, payments as records in a list, and an optional shift.
 */
public final class StrataStyle {
  /** Below this the standard deviation counts as zero and the option is worth its intrinsic value. */
  private static final double SMALL = 1e-13;

  /** |z| below this takes the expansion of z / x(z) around 0 instead of the closed form. */
  private static final double SABR_ATM_CUTOFF = 1e-7;

  /** log of the square root of 2 pi. */
  private static final double LOG_ROOT_TWO_PI = 0.5 * log(2 * Math.PI);

  private StrataStyle() {}

  /** Checks that return what they check, as Strata's ArgChecker does. */
  static final class ArgChecker {
    private ArgChecker() {}

    static double notNegative(double argument, String name) {
      if (argument < 0) {
        throw new IllegalArgumentException(format("Argument '{}' must not be negative but has value {}", name, argument));
      }
      return argument;
    }

    static double inRangeExclusive(double argument, double low, double high, String name) {
      if (!(argument > low && argument < high)) {
        throw new IllegalArgumentException(
            format("Expected {} < '{}' < {}, but found {}", low, name, high, argument));
      }
      return argument;
    }

    static <T> T notNull(T argument, String name) {
      if (argument == null) {
        throw new IllegalArgumentException(format("Argument '{}' must not be null", name));
      }
      return argument;
    }

    static void isTrue(boolean validIfTrue, String template, Object... args) {
      if (!validIfTrue) {
        throw new IllegalArgumentException(format(template, args));
      }
    }

    /** Replaces each "{}" of the template by the next argument. */
    private static String format(String template, Object... args) {
      StringBuilder out = new StringBuilder();
      int from = 0;
      for (Object arg : args) {
        int at = template.indexOf("{}", from);
        if (at < 0) {
          break;
        }
        out.append(template, from, at).append(arg);
        from = at + 2;
      }
      return out.append(template.substring(from)).toString();
    }
  }

  /** Whether an option is a call or a put. */
  public enum PutCall {
    CALL,
    PUT;

    public boolean isCall() {
      return this == CALL;
    }
  }

  /** How a rate compounds. */
  public enum Compounding {
    CONTINUOUS,
    ANNUAL,
    SEMI_ANNUAL,
    SIMPLE
  }

  /** One fixed payment of a schedule: its time in years and its amount (no risk factor). */
  public record Payment(double time, double amount) {}

  /** The standard normal distribution, as the pricers need it. */
  static final class NormalDistribution {
    private NormalDistribution() {}

    static double pdf(double x) {
      return exp(-0.5 * x * x - LOG_ROOT_TWO_PI);
    }

    /** Marsaglia's Taylor series of Phi, summed until adding a term changes nothing. */
    static double cdf(double x) {
      if (x < -8) {
        return 0;
      }
      if (x > 8) {
        return 1;
      }
      double sum = x;
      double previous = 0;
      double term = x;
      final double xSquared = x * x;
      for (int i = 3; sum != previous; i += 2) {
        previous = sum;
        term *= xSquared / i;
        sum = previous + term;
      }
      return 0.5 + sum * pdf(x);
    }
  }

  /** The forward price of a European option in the Black model; the intrinsic value where the deviation vanishes. */
  @Differentiable
  public static double blackPrice(double forward, double strike, double timeToExpiry, double lognormalVol,
      boolean isCall) {
    notNegative(forward, "forward");
    notNegative(strike, "strike");
    notNegative(timeToExpiry, "timeToExpiry");
    notNegative(lognormalVol, "lognormalVol");
    final double sigmaRootT = lognormalVol * sqrt(timeToExpiry);
    final int sign = isCall ? 1 : -1;
    if (sigmaRootT < SMALL || strike < SMALL) {
      return max(sign * (forward - strike), 0);
    }
    final double d1 = log(forward / strike) / sigmaRootT + 0.5 * sigmaRootT;
    final double d2 = d1 - sigmaRootT;
    return sign * (forward * NormalDistribution.cdf(sign * d1) - strike * NormalDistribution.cdf(sign * d2));
  }

  /** The vega of the Black price: the same checks, then forward * phi(d1) * sqrt(t). */
  @Differentiable
  public static double blackVega(double forward, double strike, double timeToExpiry, double lognormalVol) {
    ArgChecker.isTrue(forward >= 0, "negative/NaN forward; have {}", forward);
    ArgChecker.isTrue(strike >= 0, "negative/NaN strike; have {}", strike);
    final double rootT = sqrt(notNegative(timeToExpiry, "timeToExpiry"));
    final double sigmaRootT = lognormalVol * rootT;
    final double d1 = log(forward / strike) / sigmaRootT + 0.5 * sigmaRootT;
    return forward * rootT * NormalDistribution.pdf(d1);
  }

  /** The Bachelier (normal model) price, the direction given by the enum. */
  @Differentiable
  public static double normalPrice(double forward, double strike, double timeToExpiry, double normalVol,
      PutCall putCall) {
    notNull(putCall, "putCall");
    final double sign = putCall.isCall() ? 1 : -1;
    final double sigmaRootT = max(normalVol, 0) * sqrt(timeToExpiry);
    if (sigmaRootT < SMALL) {
      return max(sign * (forward - strike), 0);
    }
    final double arg = sign * (forward - strike) / sigmaRootT;
    return sign * (forward - strike) * NormalDistribution.cdf(arg) + sigmaRootT * NormalDistribution.pdf(arg);
  }

  /** Hagan's implied Black volatility of the SABR model, with the expansion of z / x(z) near the money. */
  @Differentiable
  public static double sabrVolatility(double forward, double strike, double timeToExpiry, double alpha,
      double beta, double rho, double nu) {
    notNegative(alpha, "alpha");
    notNegative(nu, "nu");
    inRangeExclusive(rho, -1, 1, "rho");
    final double cutoff = forward * 1e-6;
    final double k = strike < cutoff ? cutoff : strike; // Strata floors the strike, not the forward
    final double beta1 = 1 - beta;
    final double fkBeta = pow(forward * k, 0.5 * beta1);
    final double logfk = log(forward / k);
    final double z = nu / alpha * fkBeta * logfk;
    final double zOverChi = ratio(z, rho);
    final double beta24 = beta1 * beta1 / 24;
    final double logfk2 = logfk * logfk;
    final double denominator = fkBeta * (1 + beta24 * logfk2 + beta24 * beta1 * beta1 / 80 * logfk2 * logfk2);
    final double correction = 1 + (beta24 * alpha * alpha / (fkBeta * fkBeta)
        + 0.25 * rho * beta * nu * alpha / fkBeta + (2 - 3 * rho * rho) / 24 * nu * nu) * timeToExpiry;
    return alpha / denominator * zOverChi * correction;
  }

  /** z / x(z), x(z) = log((sqrt(1 - 2 rho z + z^2) + z - rho) / (1 - rho)); its series where z is near 0. */
  private static double ratio(double z, double rho) {
    if (abs(z) < SABR_ATM_CUTOFF) {
      return 1 - 0.5 * z * rho;
    }
    final double rzxz = sqrt(1 - 2 * rho * z + z * z);
    return z / log((rzxz + z - rho) / (1 - rho));
  }

  /** How the curves interpolate between nodes; each constant's own body does its interpolation. */
  public enum CurveInterpolator {
    LINEAR {
      @Override
      double between(double x0, double x1, double y0, double y1, double x) {
        final double w = (x - x0) / (x1 - x0);
        return (1 - w) * y0 + w * y1;
      }
    },
    LOG_LINEAR {
      @Override
      double between(double x0, double x1, double y0, double y1, double x) {
        final double w = (x - x0) / (x1 - x0);
        return exp((1 - w) * log(y0) + w * log(y1));
      }
    },
    /** Linear in x * y, as Strata's linear-in-rate-times-time interpolator of zero rates. */
    PRODUCT_LINEAR {
      @Override
      double between(double x0, double x1, double y0, double y1, double x) {
        final double w = (x - x0) / (x1 - x0);
        return ((1 - w) * x0 * y0 + w * x1 * y1) / x;
      }
    };

    abstract double between(double x0, double x1, double y0, double y1, double x);
  }

  /** How the curves extrapolate beyond their nodes. */
  public enum CurveExtrapolator {
    FLAT,
    LINEAR,
    EXPONENTIAL;

    /** The value at x beyond the node (x0, y0), the neighbouring node (x1, y1) giving the slope. */
    double beyond(double x0, double x1, double y0, double y1, double x) {
      return switch (this) {
        case FLAT -> y0;
        case LINEAR -> y0 + (y1 - y0) / (x1 - x0) * (x - x0);
        case EXPONENTIAL -> y0 * exp(log(y1 / y0) / (x1 - x0) * (x - x0));
      };
    }
  }

  /** A curve's value at x: interpolated between its nodes, extrapolated beyond them. */
  @Differentiable
  public static double curveValue(CurveInterpolator interpolator, CurveExtrapolator left,
      CurveExtrapolator right, @NoDerivative double[] xValues, double[] yValues, double x) {
    ArgChecker.isTrue(xValues.length == yValues.length, "lengths differ: {} x-values and {} y-values",
        xValues.length, yValues.length);
    ArgChecker.isTrue(xValues.length >= 2, "a curve needs 2 nodes, got {}", xValues.length);
    final int last = xValues.length - 1;
    if (x < xValues[0]) {
      return left.beyond(xValues[0], xValues[1], yValues[0], yValues[1], x);
    }
    if (x > xValues[last]) {
      return right.beyond(xValues[last], xValues[last - 1], yValues[last], yValues[last - 1], x);
    }
    final int found = Arrays.binarySearch(xValues, x);
    if (found >= 0) {
      return yValues[found];
    }
    final int lower = -found - 2;
    return interpolator.between(xValues[lower], xValues[lower + 1], yValues[lower], yValues[lower + 1], x);
  }

  /** A discount factor from a zero rate under the given compounding, chosen by a switch expression. */
  @Differentiable
  public static double discountFactor(double zeroRate, double yearFraction, Compounding compounding) {
    notNegative(yearFraction, "yearFraction");
    return switch (compounding) {
      case CONTINUOUS -> exp(-zeroRate * yearFraction);
      case ANNUAL -> pow(1 + zeroRate, -yearFraction);
      case SEMI_ANNUAL -> pow(1 + zeroRate / 2, -2 * yearFraction);
      case SIMPLE -> 1 / (1 + zeroRate * yearFraction);
    };
  }

  /** The simply compounded forward rate between two dates from their discount factors. */
  @Differentiable
  public static double simpleForwardRate(double startDiscountFactor, double endDiscountFactor, String dayCount,
      int days) {
    final double accrual = switch (dayCount.toUpperCase(Locale.ROOT)) {
      case "ACT/360" -> days / 360d;
      case "ACT/365F", "ACT/365" -> days / 365d;
      default -> throw new IllegalArgumentException("Unknown day count: " + dayCount);
    };
    return (startDiscountFactor / endDiscountFactor - 1) / accrual;
  }

  /** The present value of fixed payments on a zero-rate curve, interpolated linearly in rate times time, shifted if asked. */
  @Differentiable
  public static double presentValue(List<Payment> payments, @NoDerivative double[] nodeTimes, double[] zeroRates,
      OptionalDouble parallelShift) {
    notNull(payments, "payments");
    final double shift = parallelShift.orElse(0);
    double pv = 0;
    for (Payment payment : payments) {
      if (payment.time() <= 0) {
        continue; // paid already
      }
      final double rate = curveValue(CurveInterpolator.PRODUCT_LINEAR, CurveExtrapolator.FLAT,
          CurveExtrapolator.FLAT, nodeTimes, zeroRates, payment.time()) + shift;
      pv += payment.amount() * exp(-rate * payment.time());
    }
    return pv;
  }

  /** The same present value written with a stream over the payments, as modern pricers write it: flat rate, future payments only. */
  @Differentiable
  public static double presentValueByStream(List<Payment> payments, double flatRate) {
    notNull(payments, "payments");
    return payments.stream()
        .filter(payment -> payment.time() > 0)
        .mapToDouble(payment -> payment.amount() * discountFactor(flatRate, payment.time(), Compounding.CONTINUOUS))
        .sum();
  }

  /** The par rate of a fixed leg against the floating leg's value 1 - P(T): (P(t0) - P(tn)) / annuity. */
  @Differentiable
  public static double parSwapRate(@NoDerivative double[] paymentTimes, @NoDerivative double[] nodeTimes,
      double[] zeroRates) {
    ArgChecker.isTrue(paymentTimes.length > 0, "no payments");
    double annuity = 0;
    double previous = 0;
    for (final double time : paymentTimes) {
      final double rate = curveValue(CurveInterpolator.LINEAR, CurveExtrapolator.FLAT, CurveExtrapolator.FLAT,
          nodeTimes, zeroRates, time);
      annuity += (time - previous) * exp(-rate * time);
      previous = time;
    }
    final double lastTime = paymentTimes[paymentTimes.length - 1];
    final double lastRate = curveValue(CurveInterpolator.LINEAR, CurveExtrapolator.FLAT, CurveExtrapolator.FLAT,
        nodeTimes, zeroRates, lastTime);
    return (1 - exp(-lastRate * lastTime)) / annuity;
  }

  /** An FX forward rate by interest rate parity, the curves given as continuously compounded zero rates. */
  @Differentiable
  public static double fxForwardRate(double spot, double domesticRate, double foreignRate, double yearFraction) {
    notNegative(spot, "spot");
    return spot * exp((domesticRate - foreignRate) * notNegative(yearFraction, "yearFraction"));
  }

  /** A CDS protection leg under a flat hazard rate, integrated over the curve's periods exactly. */
  @Differentiable
  public static double protectionLeg(double hazardRate, double recoveryRate, double discountRate,
      @NoDerivative double... periodEnds) {
    inRangeExclusive(recoveryRate, -1e-300, 1, "recoveryRate");
    double value = 0;
    double start = 0;
    for (double end : periodEnds) {
      ArgChecker.isTrue(end > start, "period ends must increase: {} after {}", end, start);
      final double lambdaPlusR = hazardRate + discountRate;
      final double survivalDiscountStart = exp(-lambdaPlusR * start);
      final double survivalDiscountEnd = exp(-lambdaPlusR * end);
      value += hazardRate / lambdaPlusR * (survivalDiscountStart - survivalDiscountEnd);
      start = end;
    }
    return (1 - recoveryRate) * value;
  }
}
