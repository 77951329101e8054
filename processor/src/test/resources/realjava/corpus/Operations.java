package corpus;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.max;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Operations research, queueing, reliability and colour science as their Java code is written:
 * Erlang B and C by their stable recurrences, M/M/c waiting and staffing costs, M/M/1/K blocking,
 * a tandem line, the newsvendor's expected cost through a normal loss function, (s, S) inventory
 * costs by a finite-horizon dynamic programme, EOQ with quantity discounts, series-parallel and
 * k-out-of-n reliability, Weibull hazards and MTBFs, a logit market-share model, an entropic
 * transport cost by Sinkhorn iterations, and sRGB, XYZ, CIE Lab, CIE94, CIEDE2000 and Reinhard
 * tone mapping.
 */
public final class Operations {
  /** What it costs to make customers wait and to staff a server, per hour. */
  public record StaffingCosts(double waitingPerHour, double serverPerHour) {
    public StaffingCosts {
      if (waitingPerHour < 0 || serverPerHour < 0) {
        throw new IllegalArgumentException("costs must not be negative: " + waitingPerHour + ", " + serverPerHour);
      }
    }

    /** The hourly cost of a number of servers with a mean number of customers waiting. */
    double hourly(int servers, double meanQueue) {
      return servers * serverPerHour + waitingPerHour * meanQueue;
    }
  }

  /** An (s, S) policy: below the reorder point, order up to the order-up-to level. */
  public record InventoryPolicy(int reorderPoint, int orderUpTo) {
    public InventoryPolicy {
      if (reorderPoint < 0 || orderUpTo <= reorderPoint) {
        throw new IllegalArgumentException(
            String.format("need 0 <= s < S, got s = %d, S = %d", reorderPoint, orderUpTo));
      }
    }
  }

  /** A reference white in XYZ. */
  public record WhitePoint(double x, double y, double z) {
    public static final WhitePoint D65 = new WhitePoint(0.95047, 1.0, 1.08883);

    public WhitePoint {
      if (!(x > 0 && y > 0 && z > 0)) {
        throw new IllegalArgumentException("white point components must be positive");
      }
    }
  }

  /** Price breaks by order size. */
  public enum PricingTier {
    RETAIL(0, 0), TRADE(0.04, 400), WHOLESALE(0.08, 1000);

    private final double discount;
    private final double minimum;

    PricingTier(double discount, double minimum) {
      this.discount = discount;
      this.minimum = minimum;
    }

    double discount() {
      return discount;
    }

    double minimum() {
      return minimum;
    }

    static PricingTier forQuantity(double quantity) {
      PricingTier[] tiers = values();
      for (int i = tiers.length - 1; i > 0; i--) {
        if (quantity >= tiers[i].minimum) {
          return tiers[i];
        }
      }
      return RETAIL;
    }
  }

  /** A surcharge on the holding rate of large lots, which need rented space. */
  private static final Map<PricingTier, Double> HOLDING_SURCHARGE =
      Map.of(PricingTier.RETAIL, 0.0, PricingTier.TRADE, 0.01, PricingTier.WHOLESALE, 0.03);

  /** The two weightings CIE94 defines. */
  public enum Cie94Weights {
    GRAPHIC_ARTS, TEXTILES;
  }

  /** Lower ends of the quantity-discount tiers and their discounts. */
  private static final double[] BREAKPOINTS = {0, 500, 1000, 2500};
  private static final double[] DISCOUNTS = {0, 0.02, 0.04, 0.07};

  /** Coefficients of the polynomial in Abramowitz and Stegun 26.2.17 for the normal tail. */
  private static final double[] TAIL = {0.319381530, -0.356563782, 1.781477937, -1.821255978, 1.330274429};

  /** Lanczos series, g = 7, nine terms. */
  private static final double LANCZOS_G = 7;
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  /** Linear sRGB (D65) to XYZ. */
  private static final double[][] SRGB_TO_XYZ = {
      {0.4124564, 0.3575761, 0.1804375},
      {0.2126729, 0.7151522, 0.0721750},
      {0.0193339, 0.1191920, 0.9503041}};

  private static final double LAB_EPSILON = 216.0 / 24389.0;
  private static final double LAB_KAPPA = 24389.0 / 27.0;
  private static final double POW25_7 = Math.pow(25, 7);

  private Operations() {}

  // ------------------------------------------------------------------ queueing

  private static void requirePositive(double value, String what) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  /** Erlang's loss formula by the recurrence B(k) = a B(k-1) / (k + a B(k-1)), which never overflows. */
  @Differentiable
  public static double erlangB(double offeredLoad, int servers) {
    requirePositive(offeredLoad, "offered load");
    if (servers < 0) {
      throw new IllegalArgumentException(String.format("server count %d is negative", servers));
    }
    double blocking = 1;
    for (int k = 1; k <= servers; k++) {
      blocking = offeredLoad * blocking / (k + offeredLoad * blocking);
    }
    return blocking;
  }

  /** The probability that an arrival waits in an M/M/c queue, from Erlang B. */
  @Differentiable
  public static double erlangC(double offeredLoad, int servers) {
    if (offeredLoad >= servers) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "unstable queue: load %.2f on %d servers", offeredLoad, servers));
    }
    double b = erlangB(offeredLoad, servers);
    return servers * b / (servers - offeredLoad * (1 - b));
  }

  /** The mean wait in queue of an M/M/c system. */
  @Differentiable
  public static double mmcWaitingTime(double arrivalRate, double serviceRate, int servers) {
    requirePositive(serviceRate, "service rate");
    double load = arrivalRate / serviceRate;
    return erlangC(load, servers) / (servers * serviceRate - arrivalRate);
  }

  /** Hourly cost of staffing an M/M/c system: servers paid plus customers waiting. */
  @Differentiable
  public static double staffingCostRate(double arrivalRate, double serviceRate, int servers, StaffingCosts costs) {
    double waiting = arrivalRate * mmcWaitingTime(arrivalRate, serviceRate, servers);
    return costs.hourly(servers, waiting);
  }

  /**
   * The hourly cost of the fewest servers whose mean wait meets a target, searched upwards from
   * the least stable staffing.
   */
  @Differentiable
  public static double serviceLevelCost(double arrivalRate, double serviceRate, double targetWait,
      StaffingCosts costs, int maxServers) {
    int servers = (int) Math.floor(arrivalRate / serviceRate) + 1;
    search:
    for (; ; servers++) {
      if (servers > maxServers) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "no staffing up to %d servers waits less than %.3f", maxServers, targetWait));
      }
      double wait = mmcWaitingTime(arrivalRate, serviceRate, servers);
      if (wait <= targetWait) {
        break search;
      }
    }
    return staffingCostRate(arrivalRate, serviceRate, servers, costs);
  }

  /** The blocking probability of an M/M/1/K queue (capacity K in the system). */
  @Differentiable
  public static double mm1kBlocking(double load, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    if (load == 1) {
      return 1.0 / (capacity + 1);
    }
    double term = 1, normalizer = 0;
    for (int n = 0; n <= capacity; n++) {
      normalizer += term;
      if (n < capacity) {
        term *= load;
      }
    }
    return term / normalizer;
  }

  /** The mean sojourn through a line of M/M/1 stations fed by one Poisson stream. */
  @Differentiable
  public static double tandemSojourn(double arrivalRate, double[] serviceRates) {
    double total = 0;
    int station = 0;
    for (double mu : serviceRates) {
      if (mu <= arrivalRate) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "station %d is unstable: service rate %.1f, arrival rate %.1f", station, mu, arrivalRate));
      }
      total += 1 / (mu - arrivalRate);
      station++;
    }
    return total;
  }

  // ------------------------------------------------------------------ inventory

  /** The standard normal distribution, as a library keeps it: a holder of static functions. */
  private static final class Normal {
    private Normal() {}

    static double density(double z) {
      return exp(-0.5 * z * z) / sqrt(2 * Math.PI);
    }

    /** The distribution function, Abramowitz and Stegun 26.2.17 (error below 7.5e-8). */
    static double cdf(double z) {
      double x = Math.abs(z);
      double t = 1 / (1 + 0.2316419 * x);
      double poly = 0;
      for (int i = TAIL.length - 1; i >= 0; i--) {
        poly = (poly + TAIL[i]) * t;
      }
      double upper = density(x) * poly;
      return z >= 0 ? 1 - upper : upper;
    }

    /** The quantile by Newton's method on cdf, from 0, to a tolerance. */
    static double quantile(double p) {
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("quantile of " + p);
      }
      double z = 0;
      int iterations = 0;
      double step;
      do {
        if (++iterations > 50) {
          throw new ArithmeticException("normal quantile did not converge for p = " + p);
        }
        step = (cdf(z) - p) / density(z);
        z -= step;
      } while (Math.abs(step) > 1e-12);
      return z;
    }
  }

  /** The standard normal loss function E[(Z - z)+]. */
  private static double normalLoss(double z) {
    return Normal.density(z) - z * (1 - Normal.cdf(z));
  }

  /**
   * The newsvendor's expected cost of ordering q against normal demand: overage on what is left,
   * underage on what is short.
   */
  @Differentiable
  public static double newsvendorCost(double quantity, double mean, double sd, double underage, double overage) {
    requirePositive(sd, "demand standard deviation");
    if (underage < 0 || overage < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "unit costs must not be negative: underage %.2f, overage %.2f", underage, overage));
    }
    double z = (quantity - mean) / sd;
    double shortage = sd * normalLoss(z);
    double leftover = quantity - mean + shortage;
    return overage * leftover + underage * shortage;
  }

  /** The newsvendor's optimal order: the demand quantile at the critical ratio. */
  @Differentiable
  public static double newsvendorQuantity(double mean, double sd, double underage, double overage) {
    double criticalRatio = underage / (underage + overage);
    return mean + sd * Normal.quantile(criticalRatio);
  }

  private static void requireDistribution(double[] pmf) {
    double total = 0;
    for (int d = 0; d < pmf.length; d++) {
      if (pmf[d] < 0) {
        throw new IllegalArgumentException(String.format("probability of demand %d is negative", d));
      }
      total += pmf[d];
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException("demand probabilities sum to " + total);
    }
  }

  /** Holding and lost-sales cost of one period starting with stock, plus what follows it. */
  private static double expectedStageCost(int stock, double holding, double shortage, double[] pmf, double[] next) {
    double expected = 0;
    for (int d = 0; d < pmf.length; d++) {
      int left = stock - d;
      double period = left >= 0 ? holding * left : shortage * -left;
      expected += pmf[d] * (period + next[max(left, 0)]);
    }
    return expected;
  }

  /**
   * The expected cost of running an (s, S) policy over a horizon of periods, starting at S, with
   * lost sales, by backward recursion over a table of cost-to-go by period and stock.
   */
  @Differentiable
  public static double policyCost(double holding, double shortage, double setup,
      @NoDerivative double[] demandPmf, InventoryPolicy policy, int horizon) {
    requireDistribution(demandPmf);
    int levels = policy.orderUpTo() + 1;
    double[][] costToGo = new double[horizon + 1][];
    for (int t = 0; t <= horizon; t++) {
      costToGo[t] = new double[levels];
    }
    for (int t = horizon - 1; t >= 0; t--) {
      for (int stock = 0; stock < levels; stock++) {
        int afterOrder = stock < policy.reorderPoint() ? policy.orderUpTo() : stock;
        double stage = afterOrder > stock ? setup : 0;
        costToGo[t][stock] = stage + expectedStageCost(afterOrder, holding, shortage, demandPmf, costToGo[t + 1]);
      }
    }
    return costToGo[0][policy.orderUpTo()];
  }

  /**
   * The optimal expected cost of a finite-horizon inventory problem (setup and unit ordering costs,
   * holding, lost sales, a storage capacity) from the initial stock; the order chosen in each state
   * is kept in a table too.
   */
  @Differentiable
  public static double optimalInventoryCost(double holding, double shortage, double setup, double unitCost,
      @NoDerivative double[] demandPmf, int capacity, int horizon, int initialStock) {
    if (initialStock < 0 || initialStock > capacity) {
      throw new IllegalArgumentException(
          String.format("initial stock %d outside [0, %d]", initialStock, capacity));
    }
    requireDistribution(demandPmf);
    double[][] value = new double[horizon + 1][capacity + 1];
    int[][] orderUpTo = new int[horizon][capacity + 1];
    for (int t = horizon - 1; t >= 0; t--) {
      for (int stock = 0; stock <= capacity; stock++) {
        double best = Double.POSITIVE_INFINITY;
        for (int target = stock; target <= capacity; target++) {
          double ordering = target > stock ? setup + unitCost * (target - stock) : 0;
          double candidate = ordering + expectedStageCost(target, holding, shortage, demandPmf, value[t + 1]);
          if (candidate < best) {
            best = candidate;
            orderUpTo[t][stock] = target;
          }
        }
        value[t][stock] = best;
      }
    }
    return value[0][initialStock];
  }

  private static double annualCost(double quantity, double demand, double orderCost, double holdingRate,
      double price) {
    return demand * price + demand * orderCost / quantity + holdingRate * price * quantity / 2;
  }

  /**
   * The cheapest annual cost under all-units quantity discounts: each tier's EOQ, raised to the
   * tier's breakpoint when below it and skipped when beyond the next one.
   */
  @Differentiable
  public static double discountedEoqCost(double annualDemand, double orderCost, double holdingRate,
      double listPrice) {
    requirePositive(holdingRate, "holding rate");
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < BREAKPOINTS.length; i++) {
      double price = listPrice * (1 - DISCOUNTS[i]);
      double quantity = sqrt(2 * annualDemand * orderCost / (holdingRate * price));
      if (i + 1 < BREAKPOINTS.length && quantity >= BREAKPOINTS[i + 1]) {
        continue; // a larger tier's price applies at this quantity
      }
      quantity = max(quantity, BREAKPOINTS[i]);
      best = Math.min(best, annualCost(quantity, annualDemand, orderCost, holdingRate, price));
    }
    return best;
  }

  private static double unitPrice(PricingTier tier, double listPrice) {
    switch (tier) {
      case RETAIL:
        return listPrice;
      case TRADE:
        return listPrice * 0.96;
      default:
        return listPrice * 0.92;
    }
  }

  /** The annual cost of ordering a given quantity at the price of the tier it falls in. */
  @Differentiable
  public static double tieredOrderCost(double quantity, double annualDemand, double orderCost, double holdingRate,
      double listPrice) {
    requirePositive(quantity, "order quantity");
    PricingTier tier = PricingTier.forQuantity(quantity);
    return annualCost(quantity, annualDemand, orderCost, holdingRate, unitPrice(tier, listPrice));
  }

  /**
   * The cheapest annual cost over the tiers of the enum: each tier's EOQ at its price and its
   * surcharged holding rate, raised to the tier's minimum.
   */
  @Differentiable
  public static double bulkOrderCost(double annualDemand, double orderCost, double holdingRate, double listPrice) {
    double best = Double.POSITIVE_INFINITY;
    PricingTier chosen = null;
    for (PricingTier tier : PricingTier.values()) {
      double price = listPrice * (1 - tier.discount());
      double rate = holdingRate + HOLDING_SURCHARGE.get(tier);
      double quantity = max(sqrt(2 * annualDemand * orderCost / (rate * price)), tier.minimum());
      if (PricingTier.forQuantity(quantity) != tier) {
        continue;
      }
      double cost = annualCost(quantity, annualDemand, orderCost, rate, price);
      if (cost < best) {
        best = cost;
        chosen = tier;
      }
    }
    if (chosen == null) {
      throw new IllegalStateException("no tier admits its own order quantity");
    }
    return best;
  }

  // ------------------------------------------------------------------ reliability

  private static void requireProbability(double p, String what) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must lie in [0, 1], got %.3f", what, p));
    }
  }

  /** Stages in series, each a row of redundant components in parallel. */
  @Differentiable
  public static double seriesParallelReliability(double[][] stages) {
    double system = 1;
    for (double[] stage : stages) {
      if (stage.length == 0) {
        throw new IllegalArgumentException("a stage without components");
      }
      double allFail = 1;
      for (double r : stage) {
        requireProbability(r, "component reliability");
        allFail *= 1 - r;
      }
      system *= 1 - allFail;
    }
    return system;
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }

  /** A k-out-of-n system of identical components of reliability p. */
  @Differentiable
  public static double kOutOfN(double p, int k, int n) {
    requireProbability(p, "component reliability");
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(String.format("need 0 <= k <= n, got k = %d, n = %d", k, n));
    }
    double total = 0;
    for (int i = k; i <= n; i++) {
      total += binomial(n, i) * Math.pow(p, i) * Math.pow(1 - p, n - i);
    }
    return total;
  }

  /** A k-out-of-n system of unlike components: the distribution of working ones, updated in place. */
  @Differentiable
  public static double kOutOfNHeterogeneous(double[] reliabilities, int k) {
    int n = reliabilities.length;
    double[] working = new double[n + 1];
    working[0] = 1;
    for (int i = 0; i < n; i++) {
      double r = reliabilities[i];
      for (int j = i + 1; j >= 1; j--) {
        working[j] = working[j] * (1 - r) + working[j - 1] * r;
      }
      working[0] *= 1 - r;
    }
    double total = 0;
    for (int j = k; j <= n; j++) {
      total += working[j];
    }
    return total;
  }

  /** Birnbaum's importance of one component of a k-out-of-n system: the reliability it adds by working. */
  @Differentiable
  public static double birnbaumImportance(double[] reliabilities, int component, int k) {
    if (component < 0 || component >= reliabilities.length) {
      throw new IndexOutOfBoundsException(
          String.format("component %d of %d", component, reliabilities.length));
    }
    double[] working = reliabilities.clone();
    working[component] = 1;
    double[] failed = Arrays.copyOf(reliabilities, reliabilities.length);
    failed[component] = 0;
    return kOutOfNHeterogeneous(working, k) - kOutOfNHeterogeneous(failed, k);
  }

  /**
   * The steady-state availability of a repairable k-out-of-n system (birth-death chain: each
   * working unit fails at its rate, a limited number of crews repair).
   */
  @Differentiable
  public static double repairableAvailability(double failureRate, double repairRate, int units, int crews,
      int needed) {
    double[] p = new double[units + 1]; // p[f]: f units failed, unnormalized
    p[0] = 1;
    for (int f = 1; f <= units; f++) {
      double up = (units - f + 1) * failureRate;
      double down = Math.min(f, crews) * repairRate;
      p[f] = p[f - 1] * up / down;
    }
    double total = Arrays.stream(p).sum();
    double available = 0;
    for (int f = 0; f <= units - needed; f++) {
      available += p[f];
    }
    return available / total;
  }

  /** The Weibull hazard rate (shape / scale) (t / scale)^(shape - 1). */
  @Differentiable
  public static double weibullHazard(double shape, double scale, double t) {
    requirePositive(shape, "shape");
    requirePositive(scale, "scale");
    if (t < 0) {
      throw new IllegalArgumentException("time must not be negative: " + t);
    }
    return shape / scale * Math.pow(t / scale, shape - 1);
  }

  /** Hazard functions of life distributions, kept as static methods of an interface. */
  interface Hazards {
    static double weibull(double shape, double scale, double t) {
      return shape / scale * Math.pow(t / scale, shape - 1);
    }

    static double gompertz(double rate, double growth, double t) {
      return rate * exp(growth * t);
    }
  }

  /**
   * The hazard of a series system at time t: Weibull components and a Gompertz wear term, summed
   * through the interface's functions.
   */
  @Differentiable
  public static double seriesHazard(double[] shapes, double[] scales, double wearRate, double wearGrowth, double t) {
    double hazard = Hazards.gompertz(wearRate, wearGrowth, t);
    for (int i = 0; i < shapes.length; i++) {
      hazard += Hazards.weibull(shapes[i], scales[i], t);
    }
    return hazard;
  }

  /** The gamma function by the Lanczos series, for x of at least 1/2. */
  private static double gamma(double x) {
    if (x < 0.5) {
      throw new IllegalArgumentException("gamma is only evaluated from 1/2 on, got " + x);
    }
    double z = x - 1;
    double series = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      series += LANCZOS[i] / (z + i);
    }
    double t = z + LANCZOS_G + 0.5;
    return sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * exp(-t) * series;
  }

  /** The mean time between failures of a Weibull life: scale Gamma(1 + 1 / shape). */
  @Differentiable
  public static double weibullMtbf(double shape, double scale) {
    requirePositive(shape, "shape");
    return scale * gamma(1 + 1 / shape);
  }

  /** The series system's survival: every component's Weibull survival multiplied. */
  private static double seriesSurvival(double[] shapes, double[] scales, double t) {
    double hazard = 0;
    for (int i = 0; i < shapes.length; i++) {
      hazard += Math.pow(t / scales[i], shapes[i]);
    }
    return exp(-hazard);
  }

  /** The MTBF of Weibull components in series, the survival integrated by Simpson's rule up to a horizon. */
  @Differentiable
  public static double weibullSeriesMtbf(double[] shapes, double[] scales, double horizon, int panels) {
    if (shapes.length != scales.length) {
      throw new IllegalArgumentException(
          String.format("%d shapes but %d scales", shapes.length, scales.length));
    }
    if (panels % 2 != 0) {
      throw new IllegalArgumentException("Simpson's rule needs an even number of panels, got " + panels);
    }
    double h = horizon / panels;
    double sum = seriesSurvival(shapes, scales, 0) + seriesSurvival(shapes, scales, horizon);
    for (int i = 1; i < panels; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * seriesSurvival(shapes, scales, i * h);
    }
    return sum * h / 3;
  }

  // ------------------------------------------------------------------ discrete choice

  private static double logSumExp(double[] x) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      m = max(m, v);
    }
    double s = 0;
    for (double v : x) {
      s += exp(v - m);
    }
    return m + log(s);
  }

  /** The utilities of the outside option (0) and of each product: quality minus the price's disutility. */
  private static double[] utilities(double[] prices, double[] quality, double priceSensitivity) {
    if (prices.length != quality.length) {
      throw new IllegalArgumentException(
          String.format("%d prices for %d products", prices.length, quality.length));
    }
    double[] u = new double[prices.length + 1];
    for (int i = 0; i < prices.length; i++) {
      u[i + 1] = quality[i] - priceSensitivity * prices[i];
    }
    return u;
  }

  /** The multinomial-logit market shares of the products (the outside option's share left out). */
  @Differentiable
  public static double[] logitShares(double[] prices, @NoDerivative double[] quality, double priceSensitivity) {
    double[] u = utilities(prices, quality, priceSensitivity);
    double normalizer = logSumExp(u);
    double[] shares = new double[prices.length];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = exp(u[i + 1] - normalizer);
    }
    return shares;
  }

  /** The expected revenue of a price vector in a market of a given size. */
  @Differentiable
  public static double expectedRevenue(double[] prices, @NoDerivative double[] quality, double priceSensitivity,
      double marketSize) {
    double[] shares = logitShares(prices, quality, priceSensitivity);
    double revenue = 0;
    for (int i = 0; i < prices.length; i++) {
      revenue += prices[i] * shares[i];
    }
    return marketSize * revenue;
  }

  /** The expected profit of the price vector over unit costs, summed by a stream over the products. */
  @Differentiable
  public static double expectedProfit(double[] prices, @NoDerivative double[] unitCosts,
      @NoDerivative double[] quality, double priceSensitivity) {
    double[] shares = logitShares(prices, quality, priceSensitivity);
    return IntStream.range(0, prices.length).mapToDouble(i -> (prices[i] - unitCosts[i]) * shares[i]).sum();
  }

  /** The consumers' expected surplus in money: the log-sum of utilities over the price sensitivity. */
  @Differentiable
  public static double consumerSurplus(double[] prices, @NoDerivative double[] quality, double priceSensitivity) {
    requirePositive(priceSensitivity, "price sensitivity");
    return logSumExp(utilities(prices, quality, priceSensitivity)) / priceSensitivity;
  }

  // ------------------------------------------------------------------ transport

  /** out = k v, written into out. */
  private static void multiply(double[][] k, double[] v, double[] out) {
    for (int i = 0; i < k.length; i++) {
      double s = 0;
      for (int j = 0; j < v.length; j++) {
        s += k[i][j] * v[j];
      }
      out[i] = s;
    }
  }

  /** k' u, in a new array. */
  private static double[] transposeTimes(double[][] k, double[] u) {
    double[] out = new double[k[0].length];
    for (int i = 0; i < k.length; i++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += k[i][j] * u[i];
      }
    }
    return out;
  }

  /**
   * The transport cost of the entropy-regularized plan between supply and demand, after a fixed
   * number of Sinkhorn scalings of the Gibbs kernel.
   */
  @Differentiable
  public static double entropicTransportCost(double[][] cost, @NoDerivative double[] supply,
      @NoDerivative double[] demand, double epsilon, int iterations) {
    int m = supply.length, n = demand.length;
    if (cost.length != m) {
      throw new IllegalArgumentException(String.format("cost has %d rows for %d sources", cost.length, m));
    }
    double supplied = Arrays.stream(supply).sum();
    double demanded = Arrays.stream(demand).sum();
    if (Math.abs(supplied - demanded) > 1e-9) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "unbalanced: supply %.2f, demand %.2f", supplied, demanded));
    }
    requirePositive(epsilon, "regularization");
    double[][] kernel = new double[m][];
    for (int i = 0; i < m; i++) {
      kernel[i] = new double[n];
      for (int j = 0; j < n; j++) {
        kernel[i][j] = exp(-cost[i][j] / epsilon);
      }
    }
    double[] u = new double[m];
    double[] v = new double[n];
    Arrays.fill(u, 1.0);
    Arrays.fill(v, 1.0);
    double[] kv = new double[m];
    for (int it = 0; it < iterations; it++) {
      multiply(kernel, v, kv);
      for (int i = 0; i < m; i++) {
        u[i] = supply[i] / kv[i];
      }
      double[] ktu = transposeTimes(kernel, u);
      for (int j = 0; j < n; j++) {
        v[j] = demand[j] / ktu[j];
      }
    }
    double total = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        total += u[i] * kernel[i][j] * v[j] * cost[i][j];
      }
    }
    return total;
  }

  /** The Gibbs kernel exp(-cost / epsilon), a new matrix. */
  private static double[][] gibbsKernel(double[][] cost, double epsilon) {
    double[][] kernel = new double[cost.length][];
    int i = 0;
    for (double[] row : cost) {
      double[] k = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        k[j] = exp(-row[j] / epsilon);
      }
      kernel[i++] = k;
    }
    return kernel;
  }

  /**
   * The entropy of the regularized transport plan, Sinkhorn scalings run until the column sums
   * match the demand to a tolerance.
   */
  @Differentiable
  public static double transportPlanEntropy(double[][] cost, @NoDerivative double[] supply,
      @NoDerivative double[] demand, double epsilon, int maxIterations) {
    double[][] plan = gibbsKernel(cost, epsilon);
    int m = supply.length, n = demand.length;
    int iterations = 0;
    double error;
    do {
      if (iterations++ == maxIterations) {
        throw new ArithmeticException("Sinkhorn did not converge in " + maxIterations + " iterations");
      }
      int i = 0;
      for (double[] row : plan) {
        double rowSum = 0;
        for (double v : row) {
          rowSum += v;
        }
        double scale = supply[i++] / rowSum;
        for (int j = 0; j < n; j++) {
          row[j] *= scale;
        }
      }
      error = 0;
      for (int j = 0; j < n; j++) {
        double columnSum = 0;
        for (int r = 0; r < m; r++) {
          columnSum += plan[r][j];
        }
        error = max(error, Math.abs(columnSum - demand[j]));
        for (int r = 0; r < m; r++) {
          plan[r][j] *= demand[j] / columnSum;
        }
      }
    } while (error > 1e-13);
    double entropy = 0;
    for (double[] row : plan) {
      for (double v : row) {
        entropy -= v * log(v);
      }
    }
    return entropy;
  }

  // ------------------------------------------------------------------ colour

  /** sRGB companding undone: an encoded component in [0, 1] to linear light. */
  private static double decode(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  /** Linear light to an encoded sRGB component, clipped to [0, 1]. */
  @Differentiable
  public static double encodeSrgb(double linear) {
    if (Double.isNaN(linear)) {
      throw new IllegalArgumentException("NaN component");
    }
    if (linear <= 0) {
      return 0;
    }
    if (linear >= 1) {
      return 1;
    }
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  }

  /** The companding as a function object, as a colour library keeps its transfer functions. */
  private static final DoubleUnaryOperator SRGB_DECODE = Operations::decode;

  private static final double[] LUMA = {0.2126, 0.7152, 0.0722};

  /** The relative luminance of an encoded sRGB colour. */
  private static double relativeLuminance(double[] rgb) {
    double y = 0;
    for (int i = 0; i < 3; i++) {
      y += LUMA[i] * SRGB_DECODE.applyAsDouble(rgb[i]);
    }
    return y;
  }

  /** WCAG's contrast ratio of two encoded sRGB colours, lighter over darker. */
  @Differentiable
  public static double contrastRatio(double[] foreground, double[] background) {
    double a = relativeLuminance(foreground) + 0.05;
    double b = relativeLuminance(background) + 0.05;
    return a > b ? a / b : b / a;
  }

  private static double maxOf(double... values) {
    double m = values[0];
    for (double v : values) {
      m = max(m, v);
    }
    return m;
  }

  private static double minOf(double... values) {
    double m = values[0];
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  /** HSV's saturation of an encoded RGB colour. */
  @Differentiable
  public static double hsvSaturation(double r, double g, double b) {
    double value = maxOf(r, g, b);
    if (value == 0) {
      return 0;
    }
    return (value - minOf(r, g, b)) / value;
  }

  /** Encoded sRGB to CIE XYZ (D65). */
  @Differentiable
  public static double[] rgbToXyz(double[] rgb) {
    if (rgb.length != 3) {
      throw new IllegalArgumentException("an RGB triple has 3 components, got " + rgb.length);
    }
    double[] linear = new double[3];
    for (int i = 0; i < 3; i++) {
      requireProbability(rgb[i], "sRGB component " + i);
      linear[i] = decode(rgb[i]);
    }
    double[] xyz = new double[3];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        xyz[row] += SRGB_TO_XYZ[row][col] * linear[col];
      }
    }
    return xyz;
  }

  /** The CIE Lab curve: a cube root, linear near black. */
  private static double labCurve(double t) {
    return t > LAB_EPSILON ? Math.cbrt(t) : (LAB_KAPPA * t + 16) / 116;
  }

  /** CIE XYZ to CIE Lab relative to a white point. */
  @Differentiable
  public static double[] xyzToLab(double[] xyz, WhitePoint white) {
    double fx = labCurve(xyz[0] / white.x());
    double fy = labCurve(xyz[1] / white.y());
    double fz = labCurve(xyz[2] / white.z());
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  /** Lab to LCh: lightness, chroma and the hue in degrees in [0, 360). */
  @Differentiable
  public static double[] labToLch(double[] lab) {
    double chroma = Math.hypot(lab[1], lab[2]);
    double hue = (Math.toDegrees(Math.atan2(lab[2], lab[1])) + 360) % 360;
    return new double[] {lab[0], chroma, hue};
  }

  private static final double[] D50 = {0.96422, 1.0, 0.82521};
  private static final double[] D65 = {0.95047, 1.0, 1.08883};

  /** The Lab lightness and opponent axes of an XYZ colour under a named illuminant. */
  @Differentiable
  public static double[] labUnder(double[] xyz, String illuminant) {
    double[] white = switch (illuminant) {
      case "D50" -> D50;
      case "D65" -> D65;
      default -> throw new IllegalArgumentException("unknown illuminant: " + illuminant);
    };
    double[] f = new double[3];
    for (int i = 0; i < 3; i++) {
      f[i] = labCurve(xyz[i] / white[i]);
    }
    return new double[] {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
  }

  /** The CIE94 colour difference of two Lab colours, the first the reference. */
  @Differentiable
  public static double cie94(double[] reference, double[] sample, Cie94Weights weights) {
    double kL, k1, k2;
    switch (weights) {
      case GRAPHIC_ARTS -> {
        kL = 1;
        k1 = 0.045;
        k2 = 0.015;
      }
      case TEXTILES -> {
        kL = 2;
        k1 = 0.048;
        k2 = 0.014;
      }
      default -> throw new AssertionError(weights);
    }
    double dL = reference[0] - sample[0];
    double c1 = Math.hypot(reference[1], reference[2]);
    double c2 = Math.hypot(sample[1], sample[2]);
    double dC = c1 - c2;
    double da = reference[1] - sample[1], db = reference[2] - sample[2];
    double dH2 = max(0, da * da + db * db - dC * dC);
    double sC = 1 + k1 * c1, sH = 1 + k2 * c1;
    double l = dL / kL, c = dC / sC;
    return sqrt(l * l + c * c + dH2 / (sH * sH));
  }

  /** CIE94's chroma weighting, by a switch of the old form that yields. */
  @Differentiable
  public static double cie94ChromaWeight(double chroma, Cie94Weights weights) {
    double k1 = switch (weights) {
      case GRAPHIC_ARTS:
        yield 0.045;
      case TEXTILES:
        yield 0.048;
      default:
        throw new IllegalArgumentException("weights " + weights);
    };
    return 1 / (1 + k1 * chroma);
  }

  /**
   * Converts a table of transport costs to another currency in place, row by row, and returns the
   * converted total, as a caller that keeps the converted table would write it.
   */
  @Differentiable
  public static double convertCostsInPlace(double[][] costs, double rate) {
    requirePositive(rate, "exchange rate");
    for (double[] row : costs) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= rate;
      }
    }
    double total = 0;
    for (double[] row : costs) {
      for (double c : row) {
        total += c;
      }
    }
    return total;
  }

  /** The hue angle in degrees in [0, 360). */
  private static double hueDegrees(double b, double a) {
    if (a == 0 && b == 0) {
      return 0;
    }
    double h = Math.toDegrees(Math.atan2(b, a));
    return h < 0 ? h + 360 : h;
  }

  /** The CIEDE2000 colour difference of two Lab colours (kL = kC = kH = 1). */
  @Differentiable
  public static double ciede2000(double[] lab1, double[] lab2) {
    double cBar = (Math.hypot(lab1[1], lab1[2]) + Math.hypot(lab2[1], lab2[2])) / 2;
    double c7 = Math.pow(cBar, 7);
    double g = 0.5 * (1 - sqrt(c7 / (c7 + POW25_7)));
    double a1 = (1 + g) * lab1[1], a2 = (1 + g) * lab2[1];
    double c1 = Math.hypot(a1, lab1[2]), c2 = Math.hypot(a2, lab2[2]);
    double h1 = hueDegrees(lab1[2], a1), h2 = hueDegrees(lab2[2], a2);

    double dL = lab2[0] - lab1[0];
    double dC = c2 - c1;
    double dh;
    if (c1 * c2 == 0) {
      dh = 0;
    } else if (Math.abs(h2 - h1) <= 180) {
      dh = h2 - h1;
    } else {
      dh = h2 - h1 > 180 ? h2 - h1 - 360 : h2 - h1 + 360;
    }
    double dH = 2 * sqrt(c1 * c2) * Math.sin(Math.toRadians(dh / 2));

    double lMean = (lab1[0] + lab2[0]) / 2;
    double cMean = (c1 + c2) / 2;
    double hMean;
    if (c1 * c2 == 0) {
      hMean = h1 + h2;
    } else if (Math.abs(h1 - h2) <= 180) {
      hMean = (h1 + h2) / 2;
    } else {
      hMean = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
    }
    double t = 1 - 0.17 * Math.cos(Math.toRadians(hMean - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hMean))
        + 0.32 * Math.cos(Math.toRadians(3 * hMean + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hMean - 63));
    double dTheta = 30 * exp(-Math.pow((hMean - 275) / 25, 2));
    double cMean7 = Math.pow(cMean, 7);
    double rC = 2 * sqrt(cMean7 / (cMean7 + POW25_7));
    double lShift = (lMean - 50) * (lMean - 50);
    double sL = 1 + 0.015 * lShift / sqrt(20 + lShift);
    double sC = 1 + 0.045 * cMean;
    double sH = 1 + 0.015 * cMean * t;
    double rT = -Math.sin(Math.toRadians(2 * dTheta)) * rC;
    double l = dL / sL, c = dC / sC, h = dH / sH;
    return sqrt(l * l + c * c + h * h + rT * c * h);
  }

  /** CIEDE2000 between two encoded sRGB colours, through XYZ and Lab under D65. */
  @Differentiable
  public static double rgbDifference(double[] rgb1, double[] rgb2) {
    double[] lab1 = xyzToLab(rgbToXyz(rgb1), WhitePoint.D65);
    double[] lab2 = xyzToLab(rgbToXyz(rgb2), WhitePoint.D65);
    return ciede2000(lab1, lab2);
  }

  /** Scales the array in place. */
  private static void scale(double[] values, double factor) {
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
  }

  /**
   * Reinhard's global operator with a white point: luminances scaled to the key by their log
   * average, then compressed, burning out at the white point.
   */
  @Differentiable
  public static double[] reinhardToneMap(double[] luminance, double key, double whitePoint) {
    double logSum = 0;
    for (int i = 0; i < luminance.length; i++) {
      if (!(luminance[i] > 0)) {
        throw new IllegalArgumentException(String.format("luminance %d is not positive", i));
      }
      logSum += log(luminance[i]);
    }
    double logAverage = exp(logSum / luminance.length);
    double[] mapped = luminance.clone();
    scale(mapped, key / logAverage);
    double white2 = whitePoint * whitePoint;
    for (int i = 0; i < mapped.length; i++) {
      double l = mapped[i];
      mapped[i] = l * (1 + l / white2) / (1 + l);
    }
    return mapped;
  }

  /** The mean display luminance of a tone-mapped image. */
  @Differentiable
  public static double meanDisplayLuminance(double[] luminance, double key, double whitePoint) {
    double[] mapped = reinhardToneMap(luminance, key, whitePoint);
    double sum = 0;
    for (double v : mapped) {
      sum += v;
    }
    return sum / mapped.length;
  }
}
