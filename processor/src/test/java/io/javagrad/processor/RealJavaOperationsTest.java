package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Operations research, queueing, reliability and colour science (corpus/Operations.java): Erlang
 * B and C by their recurrences over int server counts, M/M/c waits and a staffing cost with a
 * record of rates, M/M/1/K blocking, a tandem line by for-each, the newsvendor through a normal
 * loss function whose tail polynomial is a constant table, (s, S) and optimal inventory costs by
 * dynamic programmes over double[][] tables, EOQ with discount breakpoints and with an enum of
 * tiers in an old-style switch, series-parallel and k-out-of-n reliability (binomial sums, an
 * in-place distribution of working components), Weibull hazards and MTBFs (a Lanczos gamma, a
 * Simpson integral), logit shares through a log-sum-exp helper, Sinkhorn scalings with in-place
 * and array-returning helpers, and colour: sRGB companding, XYZ by a constant matrix, Lab's
 * piecewise cube root, CIE94 with an arrow switch over an enum, CIEDE2000 (atan2, degrees, hue
 * wrap-around), and Reinhard tone mapping. Beside them, as libraries also write: a private
 * nested holder of the normal distribution whose quantile is a Newton do/while, an enum of tiers
 * with fields looped over and chosen from an active quantity, a map of surcharges, a record's
 * instance method given an active value, a labelled staffing search, Birnbaum importance over
 * clones of a parameter, a repairable system's birth-death chain, a profit summed by a stream
 * capturing arrays, Sinkhorn scalings written in place through for-each rows until converged,
 * WCAG contrast through a static final function field holding a method reference, varargs
 * helpers, a hue by % 360, Lab under an illuminant chosen by a switch on a String, hazards as
 * static methods of an interface, a switch of the old form that yields, and a parameter's table
 * converted in place through for-each rows.
 */
class RealJavaOperationsTest extends RealJavaDomainTest {
  private static final double[] DEMAND_PMF = {0.2, 0.5, 0.3};
  private static final double[] PRICES = {2.0, 3.0};
  private static final double[] QUALITY = {1.0, 2.5};
  private static final double[][] TRANSPORT_COST = {{0.0, 1.0, 2.0}, {1.0, 0.5, 1.5}};
  private static final double[] SUPPLY = {0.6, 0.4};
  private static final double[] DEMAND = {0.3, 0.3, 0.4};
  private static final double[] ORANGE = {0.8, 0.4, 0.2};
  private static final double[] LUMINANCE = {0.05, 0.5, 2.0, 8.0};
  private static final double[] LAB_BLUE = {50.0, 2.6772, -79.7751};
  private static final double[] LAB_BLUE_2 = {50.0, 0.0, -82.7485};
  private static final double[] LAB_WARM = {60.0, 30.0, 5.0};
  private static final double[] LAB_WARM_2 = {62.0, 28.0, -6.0};

  private static final Point ERLANG_B = at("erlangB", "ten servers", 8.0, 10);
  private static final Point ERLANG_C = at("erlangC", "ten servers", 8.0, 10);
  private static final Point MMC = at("mmcWaitingTime", "ten servers", 9.0, 1.2, 10);
  private static final Point NEWSVENDOR = at("newsvendorCost", "above the mean", 110.0, 100.0, 20.0, 5.0, 2.0);
  private static final Point EOQ = at("discountedEoqCost", "raised to the top breakpoint", 10000.0, 50.0, 0.2, 4.0);
  private static final Point K_OF_N = at("kOutOfN", "3 of 5", 0.85, 3, 5);
  private static final Point K_OF_N_UNLIKE = at("kOutOfNHeterogeneous", "2 of 4", new double[] {0.9, 0.8, 0.95, 0.7},
      2);
  private static final Point MTBF = at("weibullMtbf", "wear-out", 1.5, 1000.0);
  private static final Point SERIES_MTBF = at("weibullSeriesMtbf", "two components", new double[] {1.5, 2.0},
      new double[] {100.0, 150.0}, 400.0, 40);
  private static final Point SINKHORN = at("entropicTransportCost", "two by three", TRANSPORT_COST, SUPPLY, DEMAND,
      0.5, 20);
  private static final Point CIEDE = at("ciede2000", "blue pair", LAB_BLUE, LAB_BLUE_2);
  private static final Point PLAN_ENTROPY = at("transportPlanEntropy", "two by three", TRANSPORT_COST, SUPPLY,
      DEMAND, 0.5, 500);
  private static final Point TONE = at("meanDisplayLuminance", "four pixels", LUMINANCE, 0.18, 4.0);

  @Override
  String owner() {
    return "Operations";
  }

  private static Object staffing(double waiting, double server) {
    return record("Operations$StaffingCosts", waiting, server);
  }

  private static Object policy(int s, int bigS) {
    return record("Operations$InventoryPolicy", s, bigS);
  }

  private static Object d65() {
    return record("Operations$WhitePoint", 0.95047, 1.0, 1.08883);
  }

  private static EnumConstant weights(String name) {
    return constant("Operations$Cie94Weights", name);
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        ERLANG_B,
        at("erlangB", "no servers", 2.5, 0),
        ERLANG_C,
        at("erlangC", "three servers", 1.5, 3),
        MMC,
        at("staffingCostRate", "ten servers", 9.0, 1.2, 10, staffing(20.0, 35.0)),
        at("mm1kBlocking", "light load", 0.7, 5),
        at("mm1kBlocking", "overload", 1.3, 4),
        at("tandemSojourn", "three stations", 2.0, new double[] {3.0, 2.5, 4.0}),
        NEWSVENDOR,
        at("newsvendorCost", "below the mean", 85.0, 100.0, 20.0, 5.0, 2.0),
        at("policyCost", "s = 2, S = 5", 1.0, 4.0, 10.0, DEMAND_PMF, policy(2, 5), 6),
        at("optimalInventoryCost", "capacity 4", 1.0, 6.0, 8.0, 2.0, new double[] {0.25, 0.45, 0.3}, 4, 5, 0),
        EOQ,
        at("discountedEoqCost", "interior breakpoint", 2000.0, 100.0, 0.25, 10.0),
        at("discountedEoqCost", "interior EOQ", 50000.0, 200.0, 0.2, 1.0),
        at("tieredOrderCost", "retail", 300.0, 2000.0, 100.0, 0.25, 10.0),
        at("tieredOrderCost", "trade", 600.0, 2000.0, 100.0, 0.25, 10.0),
        at("tieredOrderCost", "wholesale", 1500.0, 2000.0, 100.0, 0.25, 10.0),
        at("seriesParallelReliability", "three stages",
            (Object) new double[][] {{0.9, 0.8}, {0.95}, {0.7, 0.6, 0.5}}),
        at("kOutOfN", "2 of 3", 0.9, 2, 3),
        K_OF_N,
        K_OF_N_UNLIKE,
        at("weibullHazard", "wear-out", 1.5, 100.0, 40.0),
        at("weibullHazard", "infant mortality", 0.8, 50.0, 10.0),
        MTBF,
        at("weibullMtbf", "shape below one", 0.7, 200.0),
        SERIES_MTBF,
        at("expectedRevenue", "two products", PRICES, QUALITY, 0.8, 1000.0),
        at("consumerSurplus", "two products", PRICES, QUALITY, 0.8),
        SINKHORN,
        at("encodeSrgb", "power segment", 0.2),
        at("encodeSrgb", "linear segment", 0.002),
        at("encodeSrgb", "clipped above", 1.5),
        at("encodeSrgb", "clipped below", -0.3),
        at("cie94", "graphic arts", new double[] {50.0, 20.0, -10.0}, new double[] {55.0, 15.0, -5.0},
            weights("GRAPHIC_ARTS")),
        at("cie94", "textiles", new double[] {50.0, 20.0, -10.0}, new double[] {55.0, 15.0, -5.0},
            weights("TEXTILES")),
        CIEDE,
        at("ciede2000", "hue wraps forward", LAB_WARM, LAB_WARM_2),
        at("ciede2000", "hue wraps backward", LAB_WARM_2, LAB_WARM),
        at("rgbDifference", "two oranges", ORANGE, new double[] {0.7, 0.45, 0.25}),
        TONE,
        at("newsvendorQuantity", "underage dearer", 100.0, 20.0, 5.0, 2.0),
        at("newsvendorQuantity", "overage dearer", 100.0, 20.0, 1.0, 3.0),
        at("bulkOrderCost", "wholesale minimum", 2000.0, 90.0, 0.25, 10.0),
        at("bulkOrderCost", "wholesale EOQ", 50000.0, 200.0, 0.2, 1.0),
        at("serviceLevelCost", "target met at some staffing", 9.0, 1.2, 0.05, staffing(20.0, 35.0), 30),
        at("birnbaumImportance", "second of four", new double[] {0.9, 0.8, 0.95, 0.7}, 1, 2),
        at("repairableAvailability", "3 of 4, two crews", 0.01, 0.5, 4, 2, 3),
        at("expectedProfit", "two products", PRICES, new double[] {0.5, 1.0}, QUALITY, 0.8),
        PLAN_ENTROPY,
        at("contrastRatio", "foreground lighter", ORANGE, new double[] {0.1, 0.2, 0.3}),
        at("contrastRatio", "background lighter", new double[] {0.1, 0.2, 0.3}, ORANGE),
        at("hsvSaturation", "red largest", 0.8, 0.4, 0.2),
        at("hsvSaturation", "green largest", 0.3, 0.6, 0.5),
        at("seriesHazard", "two Weibull parts and wear", new double[] {1.5, 0.8}, new double[] {100.0, 250.0},
            0.002, 0.03, 40.0),
        at("cie94ChromaWeight", "graphic arts", 22.0, weights("GRAPHIC_ARTS")),
        at("cie94ChromaWeight", "textiles", 22.0, weights("TEXTILES")),
        at("convertCostsInPlace", "ragged table", new double[][] {{1.0, 2.5}, {0.5}, {3.0, 1.0, 2.0}}, 1.08));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(ERLANG_B, ERLANG_C, MMC, NEWSVENDOR, EOQ, K_OF_N, K_OF_N_UNLIKE, MTBF, SERIES_MTBF, SINKHORN,
        CIEDE, TONE, PLAN_ENTROPY);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("logitShares", "two products", PRICES, QUALITY, 0.8),
        at("rgbToXyz", "orange", (Object) ORANGE),
        at("rgbToXyz", "dark red channel", (Object) new double[] {0.02, 0.5, 0.9}),
        at("xyzToLab", "mid grey-ish", new double[] {0.3, 0.25, 0.2}, d65()),
        at("xyzToLab", "near black", new double[] {0.005, 0.004, 0.003}, d65()),
        at("reinhardToneMap", "four pixels", LUMINANCE, 0.18, 4.0),
        at("labToLch", "hue wrapped", (Object) new double[] {50.0, 20.0, -10.0}),
        at("labToLch", "second quadrant", (Object) new double[] {50.0, -5.0, 10.0}),
        at("labUnder", "D50", new double[] {0.3, 0.25, 0.2}, "D50"),
        at("labUnder", "D65", new double[] {0.3, 0.25, 0.2}, "D65"));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("erlangB", "negative load", IllegalArgumentException.class, "offered load must be positive, got -1.0",
            -1.0, 3),
        throwing("erlangB", "negative servers", IllegalArgumentException.class, "server count -1 is negative", 2.0,
            -1),
        throwing("erlangC", "overloaded", IllegalStateException.class, "unstable queue: load 10.00 on 8 servers", 10.0,
            8),
        throwing("mmcWaitingTime", "no service", IllegalArgumentException.class,
            "service rate must be positive, got 0.0", 9.0, 0.0, 10),
        throwing("staffingCostRate", "overloaded", IllegalStateException.class,
            "unstable queue: load 12.00 on 10 servers", 12.0, 1.0, 10, staffing(20.0, 35.0)),
        throwing("mm1kBlocking", "no room", IllegalArgumentException.class, "capacity must be at least 1, got 0",
            0.5, 0),
        throwing("tandemSojourn", "second station", IllegalStateException.class,
            "station 1 is unstable: service rate 2.0, arrival rate 2.0", 2.0, new double[] {3.0, 2.0}),
        throwing("newsvendorCost", "no spread", IllegalArgumentException.class,
            "demand standard deviation must be positive, got 0.0", 110.0, 100.0, 0.0, 5.0, 2.0),
        throwing("newsvendorCost", "negative underage", IllegalArgumentException.class,
            "unit costs must not be negative: underage -1.00, overage 2.00", 110.0, 100.0, 20.0, -1.0, 2.0),
        throwing("policyCost", "negative probability", IllegalArgumentException.class,
            "probability of demand 2 is negative", 1.0, 4.0, 10.0, new double[] {0.5, 0.6, -0.1}, policy(2, 5), 6),
        throwing("policyCost", "short of one", IllegalArgumentException.class, "demand probabilities sum to 0.9",
            1.0, 4.0, 10.0, new double[] {0.5, 0.4}, policy(2, 5), 6),
        throwing("optimalInventoryCost", "too much stock", IllegalArgumentException.class,
            "initial stock 7 outside [0, 4]", 1.0, 6.0, 8.0, 2.0, DEMAND_PMF, 4, 5, 7),
        throwing("discountedEoqCost", "free holding", IllegalArgumentException.class,
            "holding rate must be positive, got 0.0", 10000.0, 50.0, 0.0, 4.0),
        throwing("tieredOrderCost", "nothing ordered", IllegalArgumentException.class,
            "order quantity must be positive, got 0.0", 0.0, 2000.0, 100.0, 0.25, 10.0),
        throwing("seriesParallelReliability", "empty stage", IllegalArgumentException.class,
            "a stage without components", (Object) new double[][] {{0.9}, {}}),
        throwing("seriesParallelReliability", "not a probability", IllegalArgumentException.class,
            "component reliability must lie in [0, 1], got 1.200", (Object) new double[][] {{0.9}, {1.2}}),
        throwing("kOutOfN", "k above n", IllegalArgumentException.class, "need 0 <= k <= n, got k = 4, n = 3", 0.9,
            4, 3),
        throwing("kOutOfN", "not a probability", IllegalArgumentException.class,
            "component reliability must lie in [0, 1], got 1.500", 1.5, 2, 3),
        throwing("weibullHazard", "before the start", IllegalArgumentException.class,
            "time must not be negative: -1.0", 1.5, 100.0, -1.0),
        throwing("weibullHazard", "no shape", IllegalArgumentException.class, "shape must be positive, got 0.0", 0.0,
            100.0, 1.0),
        throwing("weibullMtbf", "negative shape", IllegalArgumentException.class, "shape must be positive, got -1.0",
            -1.0, 100.0),
        throwing("weibullSeriesMtbf", "unlike lengths", IllegalArgumentException.class, "2 shapes but 1 scales",
            new double[] {1.5, 2.0}, new double[] {100.0}, 400.0, 40),
        throwing("weibullSeriesMtbf", "odd panels", IllegalArgumentException.class,
            "Simpson's rule needs an even number of panels, got 5", new double[] {1.5}, new double[] {100.0}, 400.0,
            5),
        throwing("expectedRevenue", "unlike lengths", IllegalArgumentException.class, "2 prices for 3 products",
            PRICES, new double[] {1.0, 2.0, 3.0}, 0.8, 1000.0),
        throwing("consumerSurplus", "no sensitivity", IllegalArgumentException.class,
            "price sensitivity must be positive, got 0.0", PRICES, QUALITY, 0.0),
        throwing("logitShares", "unlike lengths", IllegalArgumentException.class, "2 prices for 1 products", PRICES,
            new double[] {1.0}, 0.8),
        throwing("entropicTransportCost", "unbalanced", IllegalArgumentException.class,
            "unbalanced: supply 1.10, demand 1.00", TRANSPORT_COST, new double[] {0.6, 0.5}, DEMAND, 0.5, 20),
        throwing("entropicTransportCost", "rows missing", IllegalArgumentException.class,
            "cost has 1 rows for 2 sources", new double[][] {{0.0, 1.0, 2.0}}, SUPPLY, DEMAND, 0.5, 20),
        throwing("entropicTransportCost", "no regularization", IllegalArgumentException.class,
            "regularization must be positive, got 0.0", TRANSPORT_COST, SUPPLY, DEMAND, 0.0, 20),
        throwing("encodeSrgb", "NaN", IllegalArgumentException.class, "NaN component", Double.NaN),
        throwing("rgbToXyz", "two components", IllegalArgumentException.class,
            "an RGB triple has 3 components, got 2", (Object) new double[] {0.5, 0.5}),
        throwing("rgbToXyz", "green out of range", IllegalArgumentException.class,
            "sRGB component 1 must lie in [0, 1], got 1.200", (Object) new double[] {0.5, 1.2, 0.1}),
        throwing("rgbDifference", "second colour out of range", IllegalArgumentException.class,
            "sRGB component 0 must lie in [0, 1], got -0.100", ORANGE, new double[] {-0.1, 0.4, 0.2}),
        throwing("reinhardToneMap", "black pixel", IllegalArgumentException.class, "luminance 1 is not positive",
            new double[] {0.5, 0.0}, 0.18, 4.0),
        throwing("meanDisplayLuminance", "black pixel", IllegalArgumentException.class,
            "luminance 1 is not positive", new double[] {0.5, 0.0}, 0.18, 4.0),
        throwing("newsvendorQuantity", "no underage", IllegalArgumentException.class, "quantile of 0.0", 100.0,
            20.0, 0.0, 2.0),
        throwing("bulkOrderCost", "NaN price", IllegalStateException.class, "no tier admits its own order quantity",
            2000.0, 90.0, 0.25, Double.NaN),
        throwing("serviceLevelCost", "too few servers allowed", IllegalStateException.class,
            "no staffing up to 8 servers waits less than 0.050", 9.0, 1.2, 0.05, staffing(20.0, 35.0), 8),
        throwing("birnbaumImportance", "no such component", IndexOutOfBoundsException.class, "component 4 of 4",
            new double[] {0.9, 0.8, 0.95, 0.7}, 4, 2),
        throwing("transportPlanEntropy", "iteration cap", ArithmeticException.class,
            "Sinkhorn did not converge in 2 iterations", TRANSPORT_COST, SUPPLY, DEMAND, 0.5, 2),
        throwing("convertCostsInPlace", "no rate", IllegalArgumentException.class,
            "exchange rate must be positive, got 0.0", new double[][] {{1.0}}, 0.0),
        throwing("labUnder", "illuminant A", IllegalArgumentException.class, "unknown illuminant: A",
            new double[] {0.3, 0.25, 0.2}, "A"));
  }
}
