package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.stream.Stream;

/**
 * Option pricers (corpus/Pricing.java): argument checks whose messages quote active values, an
 * enum with classic and arrow switches and a switch expression, a model chosen by a String, a
 * record parameter, a private coefficient table and computed constant, a Newton solver with a cap,
 * a binomial tree rolled back in place, a boolean mask and an int[] counter.
 */
class RealJavaPricingTest extends RealJavaDomainTest {
  private static final EnumConstant CALL = constant("OptionType", "CALL");
  private static final EnumConstant PUT = constant("OptionType", "PUT");

  @Override
  String owner() {
    return "Pricing";
  }

  @Override
  List<String> alsoCompiled() {
    return List.of("OptionType", "Market");
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("normalCdf", "x above 0", 0.7),
        at("normalCdf", "x below 0", -1.3),
        at("normalCdf", "far tail", 3.4),
        at("blackScholes", "CALL case", CALL, 100.0, 95.0, 0.03, 0.25, 1.5),
        at("blackScholes", "PUT case", PUT, 100.0, 110.0, 0.01, 0.4, 0.5),
        at("cashOrNothing", "CALL arrow", CALL, 100.0, 105.0, 0.02, 0.3, 0.8, 10.0),
        at("cashOrNothing", "PUT arrow", PUT, 100.0, 105.0, 0.02, 0.3, 0.8, 10.0),
        at("black76", "live CALL", CALL, 105.0, 100.0, 0.3, 2.0, 0.97),
        at("black76", "live PUT", PUT, 95.0, 100.0, 0.2, 0.5, 0.99),
        at("black76", "expired CALL in the money (switch expression)", CALL, 105.0, 100.0, 0.3, 0.0, 0.97),
        at("black76", "expired PUT out of the money (switch expression)", PUT, 105.0, 100.0, 0.3, 0.0, 0.97),
        at("forwardPrice", "black", "black", 100.0, 95.0, 0.25, 1.2),
        at("forwardPrice", "normal (grouped case label)", "Normal", 100.0, 95.0, 20.0, 1.2),
        at("forwardPrice", "bachelier", "BACHELIER", 100.0, 104.0, 15.0, 0.6),
        at("callOnMarket", "record accessors and a log call", record("Market", 0.02, 100.0), 90.0, 0.2, 1.0),
        at("impliedVolatility", "out of the money, converges", 10.0, 100.0, 105.0, 1.0, 50),
        at("impliedVolatility", "in the money, converges", 12.0, 100.0, 92.0, 0.5, 50),
        at("americanBinomial", "PUT, odd steps made even", PUT, 100.0, 96.4, 0.05, 0.3, 1.1, 25),
        at("americanBinomial", "CALL, even steps", CALL, 100.0, 103.7, 0.02, 0.25, 0.75, 10),
        at("asianCall", "masked average in the money", new double[] {101.0, 99.5, 104.2, 98.1},
            new boolean[] {true, false, true, true}, 100.0, 0.98),
        at("asianCall", "out of the money", new double[] {101.0, 99.5, 104.2, 98.1},
            new boolean[] {true, false, true, true}, 105.0, 0.98),
        at("straddle", "counts into an int[]", 100.0, 97.0, 0.2, 1.0, new int[] {0}));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("normalCdf", "NaN", IllegalArgumentException.class, "x is NaN", Double.NaN),
        throwing("blackScholes", "no type", NullPointerException.class, "type", null, 100.0, 95.0, 0.03, 0.25, 1.5),
        throwing("blackScholes", "spot 0", IllegalArgumentException.class, "spot must be positive: 0.0",
            CALL, 0.0, 95.0, 0.03, 0.25, 1.5),
        throwing("blackScholes", "negative strike", IllegalArgumentException.class, "strike must be positive: -5.0",
            CALL, 100.0, -5.0, 0.03, 0.25, 1.5),
        throwing("blackScholes", "negative vol", IllegalArgumentException.class, "vol must be positive: -0.2",
            PUT, 100.0, 95.0, 0.03, -0.2, 1.5),
        throwing("blackScholes", "expiry 0", IllegalArgumentException.class, "expiry must be positive: 0.0",
            PUT, 100.0, 95.0, 0.03, 0.2, 0.0),
        throwing("cashOrNothing", "NaN vol", IllegalArgumentException.class, "vol must be positive: NaN",
            CALL, 100.0, 105.0, 0.02, Double.NaN, 0.8, 10.0),
        throwing("black76", "negative forward", IllegalArgumentException.class,
            "forward and strike must be positive: -1.0, 100.0", CALL, -1.0, 100.0, 0.3, 2.0, 0.97),
        throwing("forwardPrice", "unknown model", IllegalArgumentException.class,
            "unknown model 'sabr', expected black or bachelier", "sabr", 100.0, 95.0, 0.25, 1.2),
        throwing("forwardPrice", "no model", NullPointerException.class, "model", null, 100.0, 95.0, 0.25, 1.2),
        throwing("callOnMarket", "no market", NullPointerException.class, "market", null, 90.0, 0.2, 1.0),
        throwing("callOnMarket", "the callee's check", IllegalArgumentException.class, "vol must be positive: -0.1",
            record("Market", 0.02, 100.0), 90.0, -0.1, 1.0),
        throwing("impliedVolatility", "iteration cap", IllegalStateException.class,
            "implied volatility did not converge in 1 iterations", 10.0, 100.0, 105.0, 1.0, 1),
        throwing("impliedVolatility", "no iterations allowed", IllegalArgumentException.class,
            "maxIterations must be at least 1: 0", 10.0, 100.0, 105.0, 1.0, 0),
        throwing("impliedVolatility", "price above the forward", IllegalArgumentException.class,
            "call price 120.0 is outside the no-arbitrage bounds (0.0, 100.0)", 120.0, 100.0, 105.0, 1.0, 50),
        throwing("americanBinomial", "no steps", IllegalArgumentException.class, "steps must be positive: 0",
            PUT, 100.0, 97.3, 0.05, 0.3, 1.0, 0),
        throwing("asianCall", "nothing observed", IllegalArgumentException.class, "no fixing is observed",
            new double[] {101.0, 99.5}, new boolean[] {false, false}, 100.0, 0.98),
        throwing("asianCall", "lengths differ", IllegalArgumentException.class,
            "fixings and observed differ in length: 2 != 3",
            new double[] {101.0, 99.5}, new boolean[] {true, false, true}, 100.0, 0.98));
  }
}
