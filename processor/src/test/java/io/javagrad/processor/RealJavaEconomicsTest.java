package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.stream.Stream;

/**
 * Economics and operations research (corpus/Economics.java): Cobb-Douglas and CES with their
 * checks (CES's sigma = 1 limit and Stone-Geary's early return of minus infinity are not checked:
 * differences cross the limit's 1e-8 band, and have no value at infinity), consumer surplus by Simpson's
 * rule over an enum of demand curves, mean-variance and CVaR (the losses sorted, the boundary
 * scenario weighted), the newsvendor over a constant demand table with a record of costs and in
 * closed form, and Erlang C with a running product over the servers and a labelled staffing search;
 * expected utility over an enum whose constants have bodies of their own, Simpson given lambdas,
 * IRR by Newton, Gini over a sorted var clone, Herfindahl by streams, a seeded bootstrap, EOQ with
 * price breaks, and loan amortization through a record method and an enum field, a fall-through
 * switch, and a stream over a list of records.
 */
class RealJavaEconomicsTest extends RealJavaDomainTest {
  private static final double[] QUANTITIES = {2.0, 3.0, 5.0};
  private static final double[] SHARES = {0.2, 0.3, 0.5};
  private static final double[] W = {0.5, 0.3, 0.2};
  private static final double[] MU = {0.06, 0.04, 0.09};
  private static final double[][] COVARIANCE = {{0.04, 0.01, 0.012}, {0.01, 0.02, 0.004}, {0.012, 0.004, 0.09}};
  private static final double[][] SCENARIOS = {
      {0.02, 0.01, -0.05}, {-0.04, 0.02, 0.03}, {0.05, -0.01, 0.10}, {-0.10, -0.03, -0.20},
      {0.01, 0.00, 0.04}, {-0.02, 0.015, -0.07}};
  private static final RecordValue COSTS = record("Economics$NewsvendorCosts", 2.0, 0.5, 5.0);

  private static final double[] LOTTERY = {-5.0, 0.0, 8.0};
  private static final double[] ODDS = {0.25, 0.5, 0.25};
  private static final double[] SAMPLE = {2.1, 3.4, 1.9, 5.6, 4.2, 3.3};
  private static final double[] BREAKS = {0.0, 100.0, 500.0};
  private static final double[] PRICES = {10.0, 9.5, 9.0};

  private static final Point DEADWEIGHT = at("deadweightLoss", "small tax", 10.0, 1.0, 2.0, 0.5, 1.5);
  private static final Point IRR = at("internalRateOfReturn", "five years", new double[] {-100.0, 20.0, 30.0, 40.0,
      35.0}, 0.1);
  private static final Point GINI = at("gini", "unsorted", (Object) new double[] {30.0, 12.0, 55.0, 20.0, 8.0});
  private static final Point HERFINDAHL = at("herfindahl", "four firms", (Object) new double[] {40.0, 25.0, 20.0,
      15.0});
  private static final Point SCHEDULE = at("scheduleRemaining", "falls through", 0.05, 1,
      new double[] {100.0, 200.0, 300.0});
  private static final Point COBB_DOUGLAS = at("cobbDouglas", "three goods", QUANTITIES, SHARES);
  private static final Point CES = at("cesProduction", "complements", 1.5, new double[] {0.4, 0.6},
      new double[] {2.0, 3.0}, 0.5);
  private static final Point MEAN_VARIANCE = at("meanVariance", "three assets", W, MU, COVARIANCE, 3.0);
  private static final Point CVAR = at("conditionalValueAtRisk", "boundary scenario in part", W, SCENARIOS, 0.7);
  private static final Point NEWSVENDOR_NORMAL = at("newsvendorNormal", "above the mean", 45.0, 40.0, 10.0, 1.5,
      4.0);
  private static final Point ERLANG = at("erlangCWait", "three servers, busy", 4.0, 1.5, 3);

  private static EnumConstant attitude(String name) {
    return constant("RiskAttitude", name);
  }

  private static EnumConstant demand(String name) {
    return constant("Economics$Demand", name);
  }

  @Override
  String owner() {
    return "Economics";
  }

  @Override
  List<String> alsoCompiled() {
    return List.of("RiskAttitude");
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        COBB_DOUGLAS,
        CES,
        at("cesProduction", "substitutes", 1.5, new double[] {0.4, 0.6}, new double[] {2.0, 3.0}, 2.0),
        at("cesProduction", "complement missing", 1.5, new double[] {0.4, 0.6}, new double[] {-0.5, 3.0}, 0.5),
        at("cesProduction", "substitute missing", 1.5, new double[] {0.4, 0.6}, new double[] {-0.5, 3.0}, 2.0),
        at("stoneGeary", "above subsistence", new double[] {3.0, 4.0}, new double[] {1.0, 1.5},
            new double[] {0.4, 0.6}),
        at("consumerSurplus", "linear", demand("LINEAR"), 1.0, 5.0, 10.0, 1.5),
        at("consumerSurplus", "constant elasticity", demand("CONSTANT_ELASTICITY"), 1.0, 4.0, 10.0, 1.2),
        at("consumerSurplus", "logit", demand("LOGIT"), 0.5, 3.0, 10.0, 2.0),
        MEAN_VARIANCE,
        CVAR,
        at("conditionalValueAtRisk", "more of the tail", W, SCENARIOS, 0.55),
        at("newsvendorCost", "between demand levels", 45.0, COSTS),
        at("newsvendorCost", "below all demand", 12.0, COSTS),
        NEWSVENDOR_NORMAL,
        at("newsvendorNormal", "below the mean", 35.0, 40.0, 10.0, 1.5, 4.0),
        ERLANG,
        at("erlangCWait", "one server", 0.5, 1.0, 1),
        at("staffedWait", "search from the minimum", 4.5, 1.0, 0.2),
        at("expectedUtility", "log", 10.0, LOTTERY, ODDS, attitude("LOG"), 2.0),
        at("expectedUtility", "power", 10.0, LOTTERY, ODDS, attitude("POWER"), 2.5),
        at("expectedUtility", "exponential", 10.0, LOTTERY, ODDS, attitude("EXPONENTIAL"), 0.3),
        DEADWEIGHT,
        at("deadweightLoss", "tax closes the market", 10.0, 1.0, 2.0, 0.5, 20.0),
        IRR,
        GINI,
        HERFINDAHL,
        at("bootstrapStandardError", "200 replicates", SAMPLE, 200, 42L),
        at("discountedOrderCost", "eoq inside the middle break", 1200.0, 40.0, 0.25, BREAKS, PRICES),
        at("discountedOrderCost", "cheapest at a break", 1200.0, 40.0, 0.25, BREAKS,
            new double[] {10.0, 7.0, 6.0}),
        at("totalInterest", "monthly", 0.06, record("Economics$Loan", 10_000.0, 5, constant("Economics$Frequency",
            "MONTHLY"))),
        at("totalInterest", "annual", 0.06, record("Economics$Loan", 10_000.0, 5, constant("Economics$Frequency",
            "ANNUAL"))),
        SCHEDULE,
        at("scheduleRemaining", "last quarter", 0.05, 3, new double[] {100.0, 200.0, 300.0}),
        at("portfolioInterest", "three loans", 0.045, new double[] {5_000.0, 12_000.0, 8_000.0}));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(COBB_DOUGLAS, CES, MEAN_VARIANCE, CVAR, NEWSVENDOR_NORMAL, ERLANG, DEADWEIGHT, IRR, GINI,
        HERFINDAHL, SCHEDULE);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("cobbDouglas", "lengths differ", IllegalArgumentException.class, "got 3 goods but 2 shares",
            QUANTITIES, new double[] {0.5, 0.5}),
        throwing("cobbDouglas", "shares off", IllegalArgumentException.class, "shares sum to 0.900000, not 1",
            QUANTITIES, new double[] {0.2, 0.2, 0.5}),
        throwing("cobbDouglas", "negative quantity", IllegalArgumentException.class,
            "quantity 1 must be positive: -1.0", new double[] {2.0, -1.0, 5.0}, SHARES),
        throwing("cesProduction", "sigma 0", IllegalArgumentException.class,
            "elasticity of substitution must be positive: 0.0", 1.5, new double[] {0.4, 0.6},
            new double[] {2.0, 3.0}, 0.0),
        throwing("consumerSurplus", "choke below price", IllegalArgumentException.class,
            "choke price 1.0 is not above the price 2.0", demand("LINEAR"), 2.0, 1.0, 10.0, 1.5),
        throwing("meanVariance", "covariance too small", IllegalArgumentException.class, "dimensions differ: 3, 3, 2",
            W, MU, new double[][] {{1.0, 0.0}, {0.0, 1.0}}, 3.0),
        throwing("conditionalValueAtRisk", "alpha 1", IllegalArgumentException.class,
            "alpha must lie in (0, 1): 1.0", W, SCENARIOS, 1.0),
        throwing("newsvendorCost", "nothing ordered", IllegalArgumentException.class,
            "order quantity must be positive: 0.0", 0.0, COSTS),
        throwing("newsvendorNormal", "no spread", IllegalArgumentException.class,
            "demand standard deviation must be positive: 0.0", 45.0, 40.0, 0.0, 1.5, 4.0),
        throwing("erlangCWait", "no servers", IllegalArgumentException.class, "need at least one server, got 0",
            4.0, 1.5, 0),
        throwing("erlangCWait", "unstable", IllegalArgumentException.class,
            "unstable queue: utilisation 1.333 with 3 servers", 4.0, 1.0, 3),
        throwing("expectedUtility", "ruin", IllegalArgumentException.class,
            "consumption -1.0 in outcome 0 is not positive", 4.0, LOTTERY, ODDS, attitude("LOG"), 2.0),
        throwing("internalRateOfReturn", "no outlay", IllegalArgumentException.class,
            "need an outlay followed by returns: [100.0, 20.0]", new double[] {100.0, 20.0}, 0.1),
        throwing("scheduleRemaining", "no such quarter", IllegalArgumentException.class, "quarter 4", 0.05, 4,
            new double[] {100.0, 200.0, 300.0}));
  }
}
