package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform's numeric API (corpus/PlatformMath.java): every differentiable function of Math and
 * StrictMath inside a routine of the kind a library ships, checked on each branch: softplus and
 * log1mexp at each cut, norms by hypot and by a scaled sum of squares, an angle difference wrapped
 * both ways, a phase reduced by IEEEremainder, compensated sums, Horner by fma and Newton on its
 * value and slope with an ulp tolerance, power means, Cardano by cbrt, haversine and bearing in
 * degrees, a lookup by floor, rounding steps, a logarithm by getExponent and scalb, copySign and
 * signum, logCosh and asinh, a catenary, an annuity by expm1 and log1p, decibels by log10, Newton's
 * square root, nextUp and nextDown bounds, StrictMath, clamps by max and min, an l^p norm by
 * reduce(0, Double::sum) and reduce(Double::max), and a clamp by Double.max and Double.min. The kinks (abs at
 * 0, ties of max) and the limits differences cannot reach (p infinite, a rate of 0, equal values)
 * are checked exactly, as the contract fixes them.
 */
class RealJavaPlatformMathTest extends RealJavaDomainTest {
  private static final double[] COEFFICIENTS = {-2.0, 0.0, 1.0};
  private static final double[] VALUES = {1.0, 2.0, 4.0};

  private static final Point SOFTPLUS = at("softplus", "log1p of exp", 0.5);
  private static final Point SOFTPLUS_TAIL = at("softplus", "x + exp(-x)", 25.0);
  private static final Point HYPOT_NORM = at("hypotNorm", "three values", (Object) new double[] {3.0, -4.0, 12.0});
  private static final Point SCALED_NORM = at("scaledNorm", "largest first", (Object) new double[] {-5.0, 2.0, 1.0});
  private static final Point ANGLE = at("angleDifference", "no wrap", 1.0, 0.2, -1.0, 0.3);
  private static final Point PHASE = at("reducedPhase", "two turns off", 2.0, 10.0);
  private static final Point NEUMAIER = at("neumaierSum", "both orders", (Object) new double[] {100.0, 0.5, -100.0,
      3.25, 1e-3});
  private static final Point HORNER = at("hornerFma", "cubic", 0.7, new double[] {1.0, -2.0, 0.5, 3.0});
  private static final Point ROOT = at("polynomialRoot", "square root of 2", COEFFICIENTS, 1.5);
  private static final Point POWER_MEAN = at("powerMean", "quadratic", VALUES, 2.0);
  private static final Point ODD_POWERS = at("oddPowers", "negative base", -1.3, 0.5, 2.0);
  private static final Point CARDANO = at("cardanoRoot", "one real root", 3.0, -2.0);
  private static final Point HAVERSINE = at("haversine", "Berlin to Paris", 52.52, 13.405, 48.8566, 2.3522);
  private static final Point ANGLE_BETWEEN = at("angleBetween", "obtuse", new double[] {1.0, 2.0, 2.0},
      new double[] {2.0, -1.0, 3.0});
  private static final Point LOG_BY_EXPONENT = at("logByExponent", "mantissa above root 2", 1.9);
  private static final Point SIGNED_ROOT = at("signedRoot", "negative", -3.0, 0.5);
  private static final Point LOG_COSH = at("logCosh", "middle", 3.0);
  private static final Point ASINH = at("asinh", "negative", -2.5);
  private static final Point CATENARY = at("catenary", "span 6", 2.0, 3.0);
  private static final Point DECIBELS = at("decibelSum", "three sources", (Object) new double[] {60.0, 63.0, 70.0});
  private static final Point NEWTON_SQRT = at("newtonSqrt", "of 2", 2.0);
  private static final Point OPEN_SIMPSON = at("openSimpson", "decay", 0.0, 1.0, 1.5);
  private static final Point STRICT = at("strictBump", "right of the mean", 0.3, 0.1, 0.8);
  private static final Point TRIG = at("trigSeries", "three terms", 0.6, new double[] {1.0, 0.5, -0.25});
  private static final Point LP_NORM = at("lpNorm", "p = 3", new double[] {1.5, -2.0, 0.5}, 3.0);
  private static final Point GEOMETRIC = at("geometricClamp", "inside", new double[] {2.0, 3.0, 4.0}, 1.0, 5.0);

  @Override
  String owner() {
    return "PlatformMath";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("softplus", "exp", -40.0), SOFTPLUS, SOFTPLUS_TAIL, at("softplus", "identity", 40.0),
        at("log1mexp", "expm1 near 0", -0.3), at("log1mexp", "log1p further out", -2.0),
        HYPOT_NORM, SCALED_NORM, at("scaledNorm", "a zero skipped", (Object) new double[] {3.0, -4.0, 0.0, 12.0}),
        ANGLE, at("angleDifference", "wrapped down", -1.0, -0.3, -1.0, 0.3),
        at("angleDifference", "wrapped up", -1.0, 0.3, -1.0, -0.3),
        PHASE, at("reducedPhase", "one turn back", 1.5, -4.0),
        NEUMAIER, at("kahanDot", "weighted", new double[] {1.0, 2.0, 3.0}, new double[] {0.5, 0.25, 0.125}),
        HORNER, ROOT, at("polynomialRoot", "cubic", new double[] {-1.0, 1.0, 0.0, 1.0}, 0.5),
        POWER_MEAN, at("powerMean", "harmonic", VALUES, -1.0),
        ODD_POWERS, at("oddPowers", "positive base", 0.8, -1.0, 0.25),
        CARDANO, at("cardanoRoot", "negative cube root", 3.0, 2.0),
        HAVERSINE, at("initialBearing", "west, wrapped to [0, 360)", 52.52, 13.405, 48.8566, 2.3522),
        at("initialBearing", "east", 48.8566, 2.3522, 52.52, 13.405),
        ANGLE_BETWEEN,
        at("tableLookup", "inside", new double[] {0.0, 1.0, 4.0, 9.0, 16.0}, 0.0, 1.0, 2.3),
        at("tableLookup", "extrapolated below", new double[] {0.0, 1.0, 4.0, 9.0, 16.0}, 0.0, 1.0, -0.5),
        at("tableLookup", "extrapolated above", new double[] {0.0, 1.0, 4.0, 9.0, 16.0}, 0.5, 2.0, 10.2),
        at("roundedCharge", "steps", 12.3456, 0.07, 0.25),
        at("logByExponent", "mantissa below root 2", 10.0), LOG_BY_EXPONENT,
        at("signedRoot", "positive", 2.0, 1.5), SIGNED_ROOT,
        at("logCosh", "small", 5e-5), LOG_COSH, at("logCosh", "large", -25.0),
        at("asinh", "positive", 0.7), ASINH, at("asinh", "large", 1e9),
        CATENARY,
        at("annuityFactor", "five percent", 0.05, 10), at("annuityFactor", "negative rate", -0.02, 10),
        DECIBELS,
        NEWTON_SQRT, at("newtonSqrt", "below 1", 0.25), at("newtonSqrt", "large", 1e6),
        at("blendIfClose", "apart", 1.0, 2.0), at("blendIfClose", "apart, first larger", 2.5, -1.0),
        OPEN_SIMPSON,
        STRICT, at("strictBump", "left of the mean", -1.0, 0.5, 2.0),
        TRIG,
        at("clampScaled", "inside", 0.5, -1.0, 2.0), at("clampScaled", "above", 3.0, -1.0, 2.0),
        at("clampScaled", "below", -2.0, -1.0, 2.0),
        LP_NORM, at("lpNorm", "all zero", new double[] {0.0, 0.0}, 2.0),
        GEOMETRIC, at("geometricClamp", "clamped up", new double[] {2.0, 3.0, 4.0}, 3.5, 5.0),
        at("geometricClamp", "clamped down", new double[] {2.0, 3.0, 4.0}, 1.0, 2.5));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(SOFTPLUS, SOFTPLUS_TAIL, HYPOT_NORM, SCALED_NORM, ANGLE, PHASE, NEUMAIER, HORNER, ROOT,
        POWER_MEAN, ODD_POWERS, CARDANO, HAVERSINE, ANGLE_BETWEEN, LOG_BY_EXPONENT, SIGNED_ROOT, LOG_COSH, ASINH,
        CATENARY, DECIBELS, NEWTON_SQRT, OPEN_SIMPSON, STRICT, TRIG, LP_NORM, GEOMETRIC);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("log1mexp", "zero", IllegalArgumentException.class, "log1mexp needs a negative argument, got 0.0",
            0.0),
        throwing("kahanDot", "lengths differ", IllegalArgumentException.class, "lengths 3 and 2 differ",
            new double[] {1.0, 2.0, 3.0}, new double[] {0.5, 0.25}),
        throwing("hornerFma", "no coefficients", IllegalArgumentException.class, "no coefficients", 0.7,
            new double[0]),
        throwing("polynomialRoot", "flat start", ArithmeticException.class, "zero slope at 0.0", COEFFICIENTS, 0.0),
        throwing("polynomialRoot", "no real root", ArithmeticException.class, "no convergence from 0.5",
            new double[] {1.0, 0.0, 1.0}, 0.5),
        throwing("powerMean", "negative value", IllegalArgumentException.class, "x[1] = -1.00 is not positive",
            new double[] {1.0, -1.0}, 2.0),
        throwing("cardanoRoot", "three real roots", IllegalArgumentException.class,
            "three real roots: discriminant -1.0", -3.0, 0.0),
        throwing("logByExponent", "zero", IllegalArgumentException.class,
            "logByExponent needs a positive finite x, got 0.0", 0.0),
        throwing("annuityFactor", "no periods", IllegalArgumentException.class, "periods must be positive: 0", 0.05,
            0),
        throwing("newtonSqrt", "negative", IllegalArgumentException.class, "negative: -1.0", -1.0),
        throwing("newtonSqrt", "not a number", IllegalArgumentException.class, "a must be finite, got NaN",
            Double.NaN),
        throwing("lpNorm", "p below 1", IllegalArgumentException.class, "p must be at least 1, got 0.50",
            new double[] {1.0}, 0.5),
        throwing("lpNorm", "no values", NoSuchElementException.class, "No value present", new double[0], 2.0),
        throwing("clampScaled", "empty range", IllegalArgumentException.class, "empty range [2.00, 1.00]", 0.5, 2.0,
            1.0));
  }

  /** p = +infinity is the maximum: the gradient goes to the largest value; a step in p would leave infinity. */
  @Test
  void powerMeanAtInfinityIsTheMaximum() {
    corpus().checkExactly(owner(), at("powerMean", "maximum", new double[] {1.0, 4.0, 2.0},
        Double.POSITIVE_INFINITY), 0.0, 1.0, 0.0, 0.0);
    corpus().checkExactly(owner(), at("powerMean", "minimum", new double[] {3.0, 4.0, 2.0},
        Double.NEGATIVE_INFINITY), 0.0, 0.0, 1.0, 0.0);
  }

  /**
   * p = 0 is the geometric mean, a branch of its own: a step in p would leave it (the power mean
   * is smooth there, but the branch's derivative in p is 0, as written).
   */
  @Test
  void powerMeanAtZeroIsTheGeometricMean() {
    corpus().checkExactly(owner(), at("powerMean", "geometric", new double[] {1.0, 1.0, 1.0}, 0.0), 1.0 / 3,
        1.0 / 3, 1.0 / 3, 0.0);
  }

  /** Near a rate of 0 the series takes over; a step of the differences would cross back out of it. */
  @Test
  void annuityAtRateZeroIsTheSeries() {
    corpus().checkExactly(owner(), at("annuityFactor", "series", 0.0, 10), -55.0);
  }

  /** Equal values are blended; a step in either would part them. */
  @Test
  void blendOfEqualValuesIsTheirMean() {
    corpus().checkExactly(owner(), at("blendIfClose", "equal", 3.0, 3.0), 0.5, 0.5);
  }

  /** The kinks as the contract fixes them: a tie of max sends all to its first operand, abs'(0) = 0. */
  @Test
  void clampAtItsKinksFollowsTheContract() {
    corpus().checkExactly(owner(), at("clampScaled", "tie at the lower bound", -1.0, -1.0, 2.0), 1.0, 1.0, 0.0);
    corpus().checkExactly(owner(), at("clampScaled", "x = 0", 0.0, -1.0, 2.0), 0.0, 0.0, 0.0);
  }
}
