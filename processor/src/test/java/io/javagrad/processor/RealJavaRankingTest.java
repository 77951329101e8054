package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ranking, recommendation, survival and kriging (corpus/Ranking.java): Bradley-Terry over an
 * int[][] of matches with an optional home column, Elo's log loss with ratings updated in a cloned
 * array, Plackett-Luce over orderings with a running log-sum-exp, a matrix factorisation loss over
 * double[][] factor rows, Cox's partial likelihood with tied times sorted by a boxed stream, a
 * censored Weibull likelihood, ListNet's loss through streams' maxima, a variogram fit over an enum
 * with a switch (each model), and ordinary kriging's weights by a pivoting solve (their Jacobian)
 * and its estimate; an ordered weighted average over indices sorted by Comparator.comparingDouble
 * (reversed), a score-weighted DCG over a ranking by a boxed stream sorted on the scores, and a
 * margin through a stream's max ended by orElseThrow with a supplier; Elo with players looked up by
 * name in a map, and a censored Gompertz-Makeham likelihood.
 */
class RealJavaRankingTest extends RealJavaDomainTest {
  private static final double[] STRENGTH = {0.0, 0.4, -0.3, 0.9};
  private static final int[][] MATCHES = {{0, 1, 1}, {1, 2}, {3, 0, 1}, {2, 3}, {3, 1}, {1, 0, 0}};
  private static final int[][] GAMES = {{0, 1}, {1, 2}, {2, 0}, {0, 1}};
  private static final double[] SCORES = {1.0, 0.5, 0.0, 1.0};
  private static final int[][] ORDERINGS = {{2, 0, 3, 1}, {0, 2, 1}, {3, 2}};
  private static final double[][] USERS = {{0.5, 0.1}, {-0.3, 0.8}, {0.9, -0.2}};
  private static final double[][] ITEMS = {{1.0, 0.4}, {-0.5, 0.7}};
  private static final int[][] OBSERVED = {{0, 0}, {1, 1}, {2, 0}, {0, 1}};
  private static final double[] RATINGS = {0.8, 0.5, 1.1, -0.1};
  private static final double[][] COVARIATES = {{1.0, 0.2}, {0.0, 1.5}, {1.0, -0.4}, {0.0, 0.3}, {1.0, 2.0},
      {0.5, -1.0}};
  private static final double[] TIMES = {5.0, 3.0, 5.0, 8.0, 2.0, 3.0};
  private static final boolean[] EVENTS = {true, true, false, true, true, false};
  private static final double[] LAGS = {0.5, 1.0, 2.0, 3.0, 4.0, 6.0};
  private static final double[] SEMIVARIANCE = {0.35, 0.6, 0.95, 1.2, 1.28, 1.3};
  private static final int[] PAIRS = {30, 52, 80, 95, 90, 70};
  private static final double[][] SITES = {{0.0, 0.0}, {1.0, 0.2}, {0.3, 1.1}, {1.4, 1.3}};

  private static final Point BRADLEY_TERRY = at("bradleyTerry", "with home games", STRENGTH, 0.2, MATCHES);
  private static final Point ELO = at("eloLogLoss", "four games", new double[] {1500.0, 1520.0, 1480.0}, 24.0, GAMES,
      SCORES);
  private static final Point PLACKETT_LUCE = at("plackettLuce", "partial orderings",
      new double[] {0.5, -0.2, 1.0, 0.1}, ORDERINGS);
  private static final Point FACTORISATION = at("factorisationLoss", "rank two", USERS, ITEMS, OBSERVED, RATINGS, 0.1);
  private static final Point COX = at("coxPartialLogLikelihood", "tied times", new double[] {0.3, -0.2}, COVARIATES,
      TIMES, EVENTS);
  private static final Point WEIBULL = at("weibullLogLikelihood", "some censored", Math.log(1.4), Math.log(6.0),
      TIMES, new boolean[] {false, true, false, false, true, false});
  private static final Point LIST_NET = at("listNetLoss", "five documents", new double[] {1.2, 0.3, -0.5, 2.0, 0.0},
      new double[] {2.0, 1.0, 0.0, 3.0, 0.0});
  private static final Point KRIGING = at("krigingEstimate", "inside the range", 0.1, 1.0, 2.5, SITES,
      new double[] {1.0, 2.0, 0.5, 1.5}, 0.6, 0.5);

  private static final Point OWA = at("orderedWeightedAverage", "four scores", new double[] {0.3, 1.2, -0.4, 0.8},
      new double[] {0.4, 0.3, 0.2, 0.1});
  private static final Point DCG = at("scoreWeightedDcg", "five documents", new double[] {1.2, 0.3, -0.5, 2.0, 0.1},
      new double[] {2.0, 1.0, 0.0, 3.0, 1.0});
  private static final Point ELO_BY_NAME = at("eloByName", "three players", new double[] {1500.0, 1520.0, 1480.0},
      Map.of("ann", 0, "bo", 1, "cy", 2), List.of(new String[] {"ann", "bo"}, new String[] {"cy", "bo"},
          new String[] {"ann", "cy"}), 24.0);
  private static final Point GOMPERTZ = at("gompertzMakeham", "six lives", Math.log(0.001), Math.log(0.0002), 0.09,
      new double[] {45.0, 60.0, 72.0, 80.0, 91.0, 67.0}, new boolean[] {false, true, false, false, false, true});
  private static final Point MARGIN = at("bestMargin", "four scores", (Object) new double[] {0.3, 1.2, -0.4, 0.8});

  private static EnumConstant model(String name) {
    return constant("Ranking$Variogram", name);
  }

  private static Point variogram(String name, double range) {
    return at("variogramFit", name.toLowerCase(java.util.Locale.ROOT), model(name), 0.2, 1.1, range, LAGS,
        SEMIVARIANCE, PAIRS);
  }

  @Override
  String owner() {
    return "Ranking";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(BRADLEY_TERRY, ELO, PLACKETT_LUCE, FACTORISATION, COX, WEIBULL, LIST_NET,
        variogram("SPHERICAL", 3.5), variogram("EXPONENTIAL", 3.0), variogram("GAUSSIAN", 2.5), KRIGING, OWA,
        MARGIN, DCG, ELO_BY_NAME, GOMPERTZ);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(BRADLEY_TERRY, ELO, PLACKETT_LUCE, FACTORISATION, COX, WEIBULL, LIST_NET,
        variogram("SPHERICAL", 3.5), KRIGING, OWA, MARGIN, DCG, ELO_BY_NAME,
        GOMPERTZ);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(at("krigingWeights", "exponential", model("EXPONENTIAL"), 0.1, 1.0, 2.5, SITES, 0.6, 0.5));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("bradleyTerry", "unknown player", IndexOutOfBoundsException.class, "match 1 names player 5 of 4",
            STRENGTH, 0.2, new int[][] {{0, 1}, {5, 2}}),
        throwing("eloLogLoss", "scores missing", IllegalArgumentException.class, "4 games but 2 scores",
            new double[] {1500.0, 1520.0, 1480.0}, 24.0, GAMES, new double[] {1.0, 0.5}),
        throwing("plackettLuce", "repeated item", IllegalArgumentException.class, "ordering [2, 0, 2] repeats item 2",
            new double[] {0.5, -0.2, 1.0, 0.1}, new int[][] {{2, 0, 2}}),
        throwing("factorisationLoss", "ragged factors", IllegalArgumentException.class,
            "factor rows must all have length 2", USERS, new double[][] {{1.0, 0.4}, {-0.5}}, OBSERVED, RATINGS, 0.1),
        throwing("coxPartialLogLikelihood", "flags missing", IllegalArgumentException.class,
            "6 times, 6 covariate rows, 2 event flags", new double[] {0.3, -0.2}, COVARIATES, TIMES,
            new boolean[] {true, false}),
        throwing("weibullLogLikelihood", "time zero", IllegalArgumentException.class, "time 1 is not positive: 0.0",
            0.3, 1.8, new double[] {2.0, 0.0}, new boolean[] {false, false}),
        throwing("variogramFit", "no range", IllegalArgumentException.class, "range must be positive: 0.0",
            model("SPHERICAL"), 0.2, 1.1, 0.0, LAGS, SEMIVARIANCE, PAIRS),
        throwing("variogramFit", "negative nugget", IllegalArgumentException.class,
            "nugget -0.100 and sill 1.100 must not be negative", model("SPHERICAL"), -0.1, 1.1, 3.5, LAGS,
            SEMIVARIANCE, PAIRS),
        throwing("orderedWeightedAverage", "weights missing", IllegalArgumentException.class,
            "4 scores but 3 weights", new double[] {0.3, 1.2, -0.4, 0.8}, new double[] {0.5, 0.3, 0.2}),
        throwing("bestMargin", "no scores", IllegalArgumentException.class, "no scores", (Object) new double[0]),
        throwing("eloByName", "unknown player", IllegalArgumentException.class, "unknown player in ann vs dee",
            new double[] {1500.0, 1520.0, 1480.0}, Map.of("ann", 0, "bo", 1, "cy", 2),
            List.<String[]>of(new String[] {"ann", "dee"}), 24.0));
  }
}
