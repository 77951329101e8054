package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Pricers and curves in OpenGamma Strata's style (corpus/StrataStyle.java): statically imported
 * checks that return what they check and format "{}" templates from varargs, a generic null check,
 * a normal CDF summed until it stops changing, Hagan's SABR formula with its at-the-money branch,
 * interpolators as an enum whose constants have bodies and extrapolators as an enum switching on
 * this, discounting by a switch expression over compounding, a day count chosen by String, payments
 * as records in a List, an OptionalDouble shift, and a protection leg over varargs periods.
 */
class RealJavaStrataStyleTest extends RealJavaDomainTest {
  private static final double[] NODES = {0.5, 1, 2, 5};
  private static final double[] RATES = {0.02, 0.025, 0.03, 0.032};
  private static final double[] DISCOUNTS = {0.99, 0.975, 0.94, 0.85};
  private static final double[] PAYMENT_TIMES = {0.5, 1, 1.5, 2, 2.5, 3};
  private static final double[] PERIOD_ENDS = {0.25, 0.5, 1, 2};
  /** Points checked to second order too. */
  private static final Point BLACK_CALL = at("blackPrice", "call", 105.0, 100.0, 1.5, 0.25, true);
  private static final Point VEGA = at("blackVega", "checks by isTrue", 105.0, 100.0, 1.5, 0.25);
  private static final Point SABR = at("sabrVolatility", "away from the money", 0.03, 0.035, 2.0, 0.04, 0.5, -0.3, 0.4);
  private static final Point PAR_RATE = at("parSwapRate", "payments on and between nodes", PAYMENT_TIMES, NODES, RATES);
  private static final Point FX_FORWARD = at("fxForwardRate", "checks returning their value", 1.1, 0.03, 0.01, 0.75);
  private static final Point PROTECTION = at("protectionLeg", "four periods", 0.02, 0.4, 0.03, PERIOD_ENDS);

  @Override
  String owner() {
    return "StrataStyle";
  }

  private static EnumConstant interpolator(String name) {
    return constant("StrataStyle$CurveInterpolator", name);
  }

  private static EnumConstant extrapolator(String name) {
    return constant("StrataStyle$CurveExtrapolator", name);
  }

  private static EnumConstant compounding(String name) {
    return constant("StrataStyle$Compounding", name);
  }

  private static List<Object> payments() {
    return List.of(record("StrataStyle$Payment", -0.25, 100.0), record("StrataStyle$Payment", 0.75, 2.5),
        record("StrataStyle$Payment", 1.5, 2.5), record("StrataStyle$Payment", 3.0, 102.5),
        record("StrataStyle$Payment", 6.0, 1.0));
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        BLACK_CALL,
        at("blackPrice", "put", 95.0, 100.0, 0.5, 0.3, false),
        VEGA,
        at("normalPrice", "call", 102.0, 100.0, 1.0, 8.0, constant("StrataStyle$PutCall", "CALL")),
        at("normalPrice", "put", 98.0, 100.0, 2.0, 6.0, constant("StrataStyle$PutCall", "PUT")),
        SABR,
        at("sabrVolatility", "below the money", 0.03, 0.02, 1.0, 0.05, 0.7, 0.2, 0.6),
        at("curveValue", "linear", interpolator("LINEAR"), extrapolator("FLAT"), extrapolator("FLAT"), NODES, RATES,
            1.4),
        at("curveValue", "log-linear", interpolator("LOG_LINEAR"), extrapolator("FLAT"), extrapolator("FLAT"),
            NODES, DISCOUNTS, 3.1),
        at("curveValue", "linear in rate times time", interpolator("PRODUCT_LINEAR"), extrapolator("FLAT"),
            extrapolator("FLAT"), NODES, RATES, 0.8),
        at("curveValue", "flat on the left", interpolator("LINEAR"), extrapolator("FLAT"), extrapolator("FLAT"),
            NODES, RATES, 0.2),
        at("curveValue", "linear on the left", interpolator("LINEAR"), extrapolator("LINEAR"), extrapolator("FLAT"),
            NODES, RATES, 0.2),
        at("curveValue", "linear on the right", interpolator("LINEAR"), extrapolator("FLAT"), extrapolator("LINEAR"),
            NODES, RATES, 7.0),
        at("curveValue", "exponential on the right", interpolator("LOG_LINEAR"), extrapolator("FLAT"),
            extrapolator("EXPONENTIAL"), NODES, DISCOUNTS, 6.5),
        at("discountFactor", "continuous", 0.03, 2.5, compounding("CONTINUOUS")),
        at("discountFactor", "annual", 0.03, 2.5, compounding("ANNUAL")),
        at("discountFactor", "semi-annual", 0.03, 2.5, compounding("SEMI_ANNUAL")),
        at("discountFactor", "simple", 0.03, 0.5, compounding("SIMPLE")),
        at("simpleForwardRate", "ACT/360", 0.99, 0.98, "act/360", 91),
        at("simpleForwardRate", "ACT/365F", 0.99, 0.98, "ACT/365F", 91),
        at("simpleForwardRate", "ACT/365, the grouped label", 0.99, 0.98, "Act/365", 182),
        at("presentValue", "no shift", payments(), NODES, RATES, OptionalDouble.empty()),
        at("presentValue", "shifted", payments(), NODES, RATES, OptionalDouble.of(0.001)),
        PAR_RATE,
        at("presentValueByStream", "a stream over the payment records", payments(), 0.03),
        at("presentValueByStream", "no payments", List.of(), 0.03),
        FX_FORWARD,
        PROTECTION);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(BLACK_CALL, VEGA, SABR, PAR_RATE, FX_FORWARD, PROTECTION);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("blackPrice", "negative strike", IllegalArgumentException.class,
            "Argument 'strike' must not be negative but has value -1.0", 105.0, -1.0, 1.5, 0.25, true),
        throwing("blackVega", "negative forward", IllegalArgumentException.class, "negative/NaN forward; have -5.0",
            -5.0, 100.0, 1.5, 0.25),
        throwing("normalPrice", "no direction", IllegalArgumentException.class, "Argument 'putCall' must not be null",
            102.0, 100.0, 1.0, 8.0, null),
        throwing("sabrVolatility", "rho above 1", IllegalArgumentException.class,
            "Expected -1.0 < 'rho' < 1.0, but found 1.2", 0.03, 0.035, 2.0, 0.04, 0.5, 1.2, 0.4),
        throwing("curveValue", "lengths differ", IllegalArgumentException.class,
            "lengths differ: 4 x-values and 3 y-values", interpolator("LINEAR"), extrapolator("FLAT"),
            extrapolator("FLAT"), NODES, new double[] {1, 2, 3}, 1.0),
        throwing("curveValue", "one node", IllegalArgumentException.class, "a curve needs 2 nodes, got 1",
            interpolator("LINEAR"), extrapolator("FLAT"), extrapolator("FLAT"), new double[] {1}, new double[] {2}, 1.0),
        throwing("discountFactor", "negative time", IllegalArgumentException.class,
            "Argument 'yearFraction' must not be negative but has value -1.0", 0.03, -1.0, compounding("ANNUAL")),
        throwing("simpleForwardRate", "unknown day count", IllegalArgumentException.class,
            "Unknown day count: 30/360", 0.99, 0.98, "30/360", 91),
        throwing("presentValue", "no payments", IllegalArgumentException.class,
            "Argument 'payments' must not be null", null, NODES, RATES, OptionalDouble.empty()),
        throwing("presentValueByStream", "no payments", IllegalArgumentException.class,
            "Argument 'payments' must not be null", null, 0.03),
        throwing("parSwapRate", "no payments", IllegalArgumentException.class, "no payments", new double[0], NODES,
            RATES),
        throwing("fxForwardRate", "negative time", IllegalArgumentException.class,
            "Argument 'yearFraction' must not be negative but has value -0.5", 1.1, 0.03, 0.01, -0.5),
        throwing("protectionLeg", "periods out of order", IllegalArgumentException.class,
            "period ends must increase: 0.5 after 1.0", 0.02, 0.4, 0.03, new double[] {1, 0.5}),
        throwing("protectionLeg", "full recovery", IllegalArgumentException.class,
            "Expected -1.0E-300 < 'recoveryRate' < 1.0, but found 1.0", 0.02, 1.0, 0.03, PERIOD_ENDS));
  }
}
