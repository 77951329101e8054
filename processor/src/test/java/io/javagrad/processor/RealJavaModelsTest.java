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
import org.junit.jupiter.api.Test;

/**
 * Pricing models and training losses (corpus/Models.java): Bachelier and SABR with their limits, a
 * Jarrow-Rudd tree rolled back with Arrays.fill and System.arraycopy over a payoff enum whose
 * constants implement an abstract method, Gauss-Hermite quadrature over two constant tables, SVI
 * parameters in a record, batch losses over {@code double[][]} with arrays made per sample, a
 * switch expression with a {@code yield} block, a {@code char} switch, a do/while, Math.hypot
 * accumulations, a GARCH recursion and Arrays.copyOfRange.
 */
class RealJavaModelsTest extends RealJavaDomainTest {
  private static final EnumConstant CALL = constant("Models$Payoff", "CALL");
  private static final EnumConstant PUT = constant("Models$Payoff", "PUT");
  private static final EnumConstant STRADDLE = constant("Models$Payoff", "STRADDLE");
  private static final EnumConstant MEAN = constant("Models$Reduction", "MEAN");
  private static final EnumConstant SUM = constant("Models$Reduction", "SUM");
  private static final EnumConstant MAX = constant("Models$Reduction", "MAX");
  private static final double[][] FEATURES = {{0.5, -1.2, 0.3}, {1.1, 0.4, -0.7}, {-0.2, 0.9, 1.5}};
  private static final double[][] WEIGHTS = {{0.1, -0.3, 0.25}, {0.4, 0.2, -0.1}};
  private static final double[] RETURNS = {0.011, -0.023, 0.004, 0.017, -0.009, 0.031, -0.014};
  /** The same returns in percent, so that omega is not within the finite differences' step of 0. */
  private static final double[] PERCENT_RETURNS = {1.1, -2.3, 0.4, 1.7, -0.9, 3.1, -1.4};

  @Override
  String owner() {
    return "Models";
  }

  @Override
  List<String> alsoCompiled() {
    return List.of("SviParameters");
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("bachelier", "call", true, 100.0, 103.0, 12.0, 0.75, 0.98),
        at("bachelier", "put", false, 100.0, 103.0, 12.0, 0.75, 0.98),
        at("sabrVolatility", "away from the money", 0.03, 0.035, 2.0, 0.02, 0.5, -0.3, 0.4),
        at("jarrowRudd", "American put", PUT, 100.0, 104.3, 0.04, 0.25, 1.0, 12),
        at("jarrowRudd", "straddle", STRADDLE, 100.0, 101.7, 0.02, 0.3, 0.5, 9),
        at("hermitePrice", "call", CALL, 100.0, 95.0, 0.2, 1.0),
        at("hermitePrice", "put", PUT, 100.0, 104.5, 0.3, 0.5),
        at("sviVolatility", "record parameters", record("SviParameters", 0.04, 0.4, -0.4, 0.1, 0.2), 0.05, 1.5),
        at("softmaxLoss", "mean", WEIGHTS, new double[] {0.05, -0.05}, FEATURES, new int[] {0, 1, 1}, MEAN),
        at("softmaxLoss", "sum", WEIGHTS, new double[] {0.05, -0.05}, FEATURES, new int[] {1, 1, 0}, SUM),
        at("softmaxLoss", "max (yield block)", WEIGHTS, new double[] {0.05, -0.05}, FEATURES,
            new int[] {0, 1, 0}, MAX),
        at("mlpLoss", "tanh", WEIGHTS, new double[] {0.7, -0.4}, FEATURES, new double[] {0.2, -0.1, 0.4}, 't'),
        at("mlpLoss", "sigmoid", WEIGHTS, new double[] {0.7, -0.4}, FEATURES, new double[] {0.2, -0.1, 0.4}, 's'),
        at("mlpLoss", "leaky relu", WEIGHTS, new double[] {0.7, -0.4}, FEATURES, new double[] {0.2, -0.1, 0.4},
            'r'),
        at("focalLoss", "mixed labels", new double[] {0.8, -1.3, 2.1, -0.4}, new int[] {1, 0, 1, 1}, 2.0, 0.25),
        at("cosineEmbedding", "similar", new double[] {0.3, -1.2, 0.8}, new double[] {0.5, -0.7, 1.1}, true, 0.1),
        at("cosineEmbedding", "dissimilar beyond the margin", new double[] {0.3, -1.2, 0.8},
            new double[] {0.5, -0.7, 1.1}, false, 0.1),
        at("garchNegLogLikelihood", "stationary", 0.2, 0.08, 0.85, PERCENT_RETURNS),
        at("ewmaVolatility", "window shorter than the series", RETURNS, 0.94, 5),
        at("ewmaVolatility", "window longer than the series", RETURNS, 0.94, 50));
  }

  /** At expiry the price is the discounted intrinsic value; finite differences would step below 0 and throw. */
  @Test
  void bachelierAtExpiryIsTheDiscountedIntrinsicValue() {
    corpus().checkExactly("Models", at("bachelier", "expired in the money", true, 105.0, 103.0, 12.0, 0.0, 0.98),
        0.98, -0.98, 0.0, 0.0, 2.0);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("bachelier", "negative vol", IllegalArgumentException.class, "negative vol or expiry: -1.0, 1.0",
            true, 100.0, 100.0, -1.0, 1.0, 1.0),
        throwing("sabrVolatility", "beta above 1", IllegalArgumentException.class, "beta must lie in [0, 1]: 1.5",
            0.03, 0.035, 2.0, 0.02, 1.5, -0.3, 0.4),
        throwing("jarrowRudd", "no payoff", NullPointerException.class, "payoff", null, 100.0, 100.0, 0.04, 0.25,
            1.0, 12),
        throwing("jarrowRudd", "no steps", IllegalArgumentException.class, "steps must be at least 1: 0", PUT,
            100.0, 100.0, 0.04, 0.25, 1.0, 0),
        throwing("sviVolatility", "negative total variance", ArithmeticException.class,
            "negative total variance -0.9199999999999999 at 0.1", record("SviParameters", -1.0, 0.4, 0.0, 0.1, 0.2),
            0.1, 1.0),
        throwing("softmaxLoss", "bias length", IllegalArgumentException.class, "bias has 1 entries for 2 classes",
            WEIGHTS, new double[] {0.05}, FEATURES, new int[] {0, 1, 1}, MEAN),
        throwing("softmaxLoss", "max of nothing", IllegalArgumentException.class,
            "no samples to take the maximum over", WEIGHTS, new double[] {0.05, -0.05}, new double[0][],
            new int[0], MAX),
        throwing("mlpLoss", "unknown activation", IllegalArgumentException.class, "unknown activation 'x'", WEIGHTS,
            new double[] {0.7, -0.4}, FEATURES, new double[] {0.2, -0.1, 0.4}, 'x'),
        throwing("focalLoss", "lengths differ", IllegalArgumentException.class, "2 logits for 1 labels",
            new double[] {0.8, -1.3}, new int[] {1}, 2.0, 0.25),
        throwing("garchNegLogLikelihood", "not stationary", IllegalArgumentException.class,
            "not stationary: alpha + beta = 1.05", 0.2, 0.2, 0.85, PERCENT_RETURNS));
  }
}
