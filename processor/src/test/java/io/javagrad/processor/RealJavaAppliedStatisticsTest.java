package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Applied statistics (corpus/AppliedStatistics.java): Poisson and NB2 GLM log-likelihoods with
 * offsets, log links and a Lanczos log-gamma over a constant table; the Cox partial likelihood over
 * an argsort of the times (a boxed Integer[] sorted by a comparator) with tied risk sets by Breslow
 * and Efron; the eight-schools log posterior; a GP log marginal likelihood through an in-place
 * Cholesky of the local kernel matrix (row aliases) and a solve returning double[]; a leave-one-out
 * kernel density likelihood with a labelled break, under a Silverman bandwidth computed by streams
 * over the active sample; logistic and Tobit likelihoods through a nested class of stable helpers
 * (null weights allowed); a Markov chain's stationary reward by a do/while power iteration with a
 * buffer swap; a weighted slope whose weights ?: chooses; and a kurtosis from moments packed by a
 * running index, checked in a switch expression.
 */
class RealJavaAppliedStatisticsTest extends RealJavaDomainTest {
  private static final double[][] X = {{1.0, 0.5}, {1.0, -1.2}, {1.0, 2.0}, {1.0, 0.1}, {1.0, -0.4}};
  private static final double[] COUNTS = {2, 0, 7, 1, 3};
  private static final double[] OFFSET = {0.0, 0.3, -0.2, 0.5, 0.1};
  private static final double[] BETA = {0.3, 0.4};
  private static final double[][] COVARIATES = {{0.5, 1.0}, {-0.3, 0.0}, {1.2, 1.0}, {0.1, 0.0}, {-1.0, 1.0},
      {0.7, 0.0}};
  private static final double[] TIMES = {5.0, 3.0, 3.0, 8.0, 1.0, 3.0};
  private static final boolean[] EVENTS = {true, true, false, false, true, true};
  private static final double[] SCHOOLS_Y = {28, 8, -3, 7, -1, 1, 18, 12};
  private static final double[] SCHOOLS_SIGMA = {15, 10, 16, 11, 9, 11, 10, 18};
  private static final double[] THETA = {10, 7, 2, 6, 4, 5, 12, 8};
  private static final double[][] GP_X = {{0.0}, {0.7}, {1.5}, {2.1}, {3.3}};
  private static final double[] GP_Y = {0.1, 0.8, 1.1, 0.7, -0.4};
  private static final RecordValue KERNEL = record("AppliedStatistics$KernelSettings", 1e-10, 100);
  private static final double[] SAMPLE = {1.2, 2.3, 2.9, 3.1, 4.8, 5.0, 6.4};

  private static final double[] LABELS = {1, 0, 1, 1, 0};
  private static final double[] OBS_WEIGHTS = {1.0, 2.0, 0.5, 1.5, 1.0};
  private static final double[] CENSORED = {1.3, 0.0, 2.8, 0.0, 0.4};
  private static final double[][] SCORES = {{0.2, 1.0, -0.5}, {0.4, 0.1, 0.3}, {-1.0, 0.6, 0.9}};
  private static final double[] REWARDS = {1.0, -0.5, 2.0};
  private static final double[] XS = {0.5, 1.1, 2.0, 2.7, 3.9};
  private static final double[] YS = {1.2, 1.9, 3.2, 3.8, 5.5};

  private static final Point LOGISTIC = at("logisticLoss", "weighted", BETA, X, LABELS, OBS_WEIGHTS, 0.1);
  private static final Point TOBIT = at("tobitLogLikelihood", "two censored", BETA, -0.2, X, CENSORED);
  private static final Point MARKOV = at("stationaryReward", "three states", SCORES, REWARDS, 40);
  private static final Point SLOPE = at("weightedSlope", "weighted", XS, YS, OBS_WEIGHTS, true);
  private static final Point KURTOSIS = at("excessKurtosis", "seven points", (Object) SAMPLE);
  private static final Point POISSON = at("poissonLogLikelihood", "five counts", BETA, X, COUNTS, OFFSET);
  private static final Point NEGATIVE_BINOMIAL = at("negativeBinomialLogLikelihood", "five counts", BETA, -0.5, X,
      COUNTS, OFFSET);
  private static final Point SCHOOLS = at("hierarchicalLogPosterior", "eight schools", 5.0, 1.2, THETA, SCHOOLS_Y,
      SCHOOLS_SIGMA);
  private static final Point GP = at("gaussianProcessLogMarginal", "five points", 0.1, 0.3, -1.0, GP_X, GP_Y,
      KERNEL);
  private static final Point KDE = at("kernelDensityLogLikelihood", "seven points", 0.8, SAMPLE);
  private static final Point SILVERMAN = at("silvermanScaledLogLikelihood", "seven points", 0.9, SAMPLE);

  @Override
  String owner() {
    return "AppliedStatistics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        POISSON,
        NEGATIVE_BINOMIAL,
        at("coxPartialLogLikelihood", "Breslow ties", BETA, COVARIATES, TIMES, EVENTS,
            constant("AppliedStatistics$Ties", "BRESLOW")),
        at("coxPartialLogLikelihood", "Efron ties", BETA, COVARIATES, TIMES, EVENTS,
            constant("AppliedStatistics$Ties", "EFRON")),
        SCHOOLS,
        GP,
        KDE,
        at("kernelDensityLogLikelihood", "far points skipped", 0.5, new double[] {0.0, 0.4, 0.9, 100.0, 100.3}),
        SILVERMAN,
        LOGISTIC,
        at("logisticLoss", "equal weights", BETA, X, LABELS, null, 0.1),
        at("logisticLoss", "far out", new double[] {40.0, 5.0}, X, LABELS, OBS_WEIGHTS, 0.1),
        TOBIT,
        at("tobitLogLikelihood", "deep censoring", new double[] {8.0, 0.5}, -1.0, X, CENSORED),
        MARKOV,
        at("stationaryReward", "one step", SCORES, REWARDS, 1),
        SLOPE,
        at("weightedSlope", "unweighted", XS, YS, OBS_WEIGHTS, false),
        KURTOSIS);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(POISSON, NEGATIVE_BINOMIAL, SCHOOLS, KDE, SILVERMAN, LOGISTIC, TOBIT, MARKOV, SLOPE, KURTOSIS);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("poissonLogLikelihood", "offset short", IllegalArgumentException.class,
            "design has 5 rows, response 5, offset 2", BETA, X, COUNTS, new double[] {0.0, 0.0}),
        throwing("poissonLogLikelihood", "not a count", IllegalArgumentException.class,
            "count 1 is not a count: 0.5", BETA, X, new double[] {2, 0.5, 7, 1, 3}, OFFSET),
        throwing("negativeBinomialLogLikelihood", "rows missing", IllegalArgumentException.class,
            "design has 2 rows, response 5, offset 5", BETA, -0.5, new double[][] {{1, 0}, {1, 1}}, COUNTS, OFFSET),
        throwing("hierarchicalLogPosterior", "groups differ", IllegalArgumentException.class,
            "groups: 2 effects, 8 estimates", 5.0, 1.2, new double[] {1, 2}, SCHOOLS_Y, SCHOOLS_SIGMA),
        throwing("gaussianProcessLogMarginal", "too many points", IllegalArgumentException.class,
            "too many points for a dense GP: 5 > 3", 0.1, 0.3, -1.0, GP_X, GP_Y,
            record("AppliedStatistics$KernelSettings", 1e-10, 3)),
        throwing("gaussianProcessLogMarginal", "duplicate inputs, no noise", ArithmeticException.class,
            "kernel matrix is not positive definite at row 1", 0.1, 0.3, -800.0, new double[][] {{1.0}, {1.0}},
            new double[] {0.0, 1.0}, record("AppliedStatistics$KernelSettings", 0.0, 100)),
        throwing("kernelDensityLogLikelihood", "one point", IllegalArgumentException.class,
            "leave-one-out needs two points, got 1", 0.8, new double[] {1.0}),
        throwing("kernelDensityLogLikelihood", "zero bandwidth", IllegalArgumentException.class,
            "bandwidth must be positive: 0.0", 0.0, SAMPLE),
        throwing("excessKurtosis", "three points", IllegalArgumentException.class, "kurtosis needs four points, got 3",
            (Object) new double[] {1.0, 2.0, 4.0}));
  }
}
