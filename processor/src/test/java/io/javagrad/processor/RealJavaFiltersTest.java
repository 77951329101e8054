package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Time-series filters (corpus/Filters.java): Kalman filters skipping NaN observations with continue
 * (a double[][] covariance replaced each step by a new array), ARMA and GARCH likelihoods behind
 * checks with formatted messages, an HMM forward pass whose rows are given by a helper that returns
 * a new array, Holt-Winters with a switch expression over an enum, Savitzky-Golay from a constant
 * table with System.arraycopy, a running median sorted by insertion, and an EWMA volatility with
 * expm1 and log1p.
 */
class RealJavaFiltersTest extends RealJavaDomainTest {
  private static final EnumConstant ADDITIVE = constant("Filters$Seasonality", "ADDITIVE");
  private static final EnumConstant MULTIPLICATIVE = constant("Filters$Seasonality", "MULTIPLICATIVE");
  private static final double[] LEVELS = {1.2, 0.8, Double.NaN, 2.1, 1.7, 2.5};
  private static final double[] TREND = {0.4, 1.1, 1.3, Double.NaN, 2.6, 3.0};
  private static final double[][] P0 = {{5.0, 0.5}, {0.5, 1.0}};
  private static final double[] SERIES = {0.2, 0.5, -0.1, 0.7, 0.4, 0.9, 0.3};
  private static final double[] RETURNS = {0.5, -0.3, 1.2, -0.8, 0.1, 0.6, -1.0};
  private static final double[][] TRANSITION = {{1.0, -0.5}, {-0.3, 0.8}};
  private static final double[] EMITTED = {-0.5, 1.2, 2.0, -1.3, 0.4};
  private static final double[] SEASONAL = {10, 14, 8, 12, 11, 15.5, 8.8, 13.1, 12.2, 16.4, 9.5, 14.3};
  private static final double[] SIGNAL = {0.3, 1.2, -0.4, 0.8, 2.0, -1.1, 0.5, 0.9, -0.2, 1.4, 0.6, -0.7};
  private static final double[] NOISY = {0.3, 1.2, -0.4, 0.8, 2.0, -1.1, 0.5, 0.9, -0.25};

  /** Points checked to the second order too. */
  private static final Point LOCAL_LEVEL =
      at("localLevelLogLikelihood", "one observation missing", 0.5, 1.2, 0.0, 10.0, LEVELS);
  private static final Point LOCAL_TREND = at("localTrendLogLikelihood", "one observation missing",
      new double[] {0.1, 0.01}, 0.5, new double[] {0.0, 0.5}, P0, TREND);
  private static final Point ARMA =
      at("arma11NegativeLogLikelihood", "seven observations", 0.1, 0.5, 0.3, 0.8, SERIES);
  private static final Point GARCH = at("garch11NegativeLogLikelihood", "seven returns", 0.05, 0.1, 0.8, RETURNS);
  private static final Point HMM = at("hmmLogLikelihood", "two states", TRANSITION, new double[] {0.2, -0.1},
      new double[] {-1.0, 1.5}, new double[] {0.8, 1.1}, EMITTED);
  private static final Point HOLT_WINTERS =
      at("holtWintersSse", "multiplicative", 0.4, 0.1, 0.3, SEASONAL, 4, MULTIPLICATIVE);

  @Override
  String owner() {
    return "Filters";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        LOCAL_LEVEL,
        LOCAL_TREND,
        ARMA,
        at("arma11NegativeLogLikelihood", "negative coefficients", -0.2, -0.6, -0.4, 1.3, SERIES),
        GARCH,
        HMM,
        at("hmmLogLikelihood", "three states", new double[][] {{1.0, -0.5, 0.2}, {-0.3, 0.8, 0.1}, {0.0, 0.4, 1.2}},
            new double[] {0.2, -0.1, 0.3}, new double[] {-1.0, 0.5, 1.5}, new double[] {0.8, 0.6, 1.1}, EMITTED),
        at("holtWintersSse", "additive", 0.4, 0.1, 0.3, SEASONAL, 4, ADDITIVE),
        HOLT_WINTERS,
        at("holtWintersSse", "period 3", 0.6, 0.2, 0.5, SEASONAL, 3, ADDITIVE),
        at("savitzkyGolayRoughness", "window 5", SIGNAL, 2),
        at("savitzkyGolayRoughness", "window 7", SIGNAL, 3),
        at("savitzkyGolayRoughness", "window 9", SIGNAL, 4),
        at("runningMedianEnergy", "width 3", NOISY, 3),
        at("runningMedianEnergy", "width 5", NOISY, 5),
        at("runningMedianEnergy", "wider than the signal", NOISY, 11),
        at("ewmVolatility", "half-life 5", 5.0, RETURNS, 252),
        at("ewmVolatility", "half-life 0.7", 0.7, RETURNS, 12));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(LOCAL_LEVEL, LOCAL_TREND, ARMA, GARCH, HMM, HOLT_WINTERS);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("localLevelLogLikelihood", "no noise", IllegalArgumentException.class,
            "variances must be positive: state 0.5, noise 0.0", 0.5, 0.0, 0.0, 10.0, LEVELS),
        throwing("localTrendLogLikelihood", "three disturbances", IllegalArgumentException.class,
            "a local linear trend has two states", new double[] {0.1, 0.01, 0.2}, 0.5, new double[] {0.0, 0.5}, P0,
            TREND),
        throwing("arma11NegativeLogLikelihood", "explosive phi", IllegalArgumentException.class,
            "|phi| must be below 1 for a stationary model: 1.2", 0.1, 1.2, 0.3, 0.8, SERIES),
        throwing("arma11NegativeLogLikelihood", "NaN theta", IllegalArgumentException.class,
            "|theta| must be below 1 for a stationary model: NaN", 0.1, 0.5, Double.NaN, 0.8, SERIES),
        throwing("arma11NegativeLogLikelihood", "sigma 0", IllegalArgumentException.class,
            "sigma must be positive: 0.0", 0.1, 0.5, 0.3, 0.0, SERIES),
        throwing("arma11NegativeLogLikelihood", "one observation", IllegalArgumentException.class,
            "need at least 2 observations, got 1", 0.1, 0.5, 0.3, 0.8, new double[] {1.0}),
        throwing("garch11NegativeLogLikelihood", "omega 0", IllegalArgumentException.class,
            "GARCH parameters must be positive: omega=0.00000, alpha=0.100000, beta=0.800000", 0.0, 0.1, 0.8,
            RETURNS),
        throwing("garch11NegativeLogLikelihood", "integrated", IllegalArgumentException.class,
            "alpha + beta must be below 1 for stationarity: 1.0", 0.05, 0.5, 0.5, RETURNS),
        throwing("hmmLogLikelihood", "ragged transition", IllegalArgumentException.class,
            "transition rows must have 2 entries, got 3", new double[][] {{1.0, -0.5}, {-0.3, 0.8, 0.1}},
            new double[] {0.2, -0.1}, new double[] {-1.0, 1.5}, new double[] {0.8, 1.1}, EMITTED),
        throwing("holtWintersSse", "one season", IllegalArgumentException.class,
            "need two full seasons of 4, got 7 points", 0.4, 0.1, 0.3, SERIES, 4, ADDITIVE),
        throwing("savitzkyGolayRoughness", "no table", IllegalArgumentException.class,
            "no Savitzky-Golay table for half window 5", SIGNAL, 5),
        throwing("runningMedianEnergy", "even width", IllegalArgumentException.class,
            "width must be odd and positive: 2", NOISY, 2),
        throwing("ewmVolatility", "no returns", IllegalArgumentException.class,
            "half-life must be positive and returns given: 5.0, 0 returns", 5.0, new double[0], 252));
  }
}
