package corpus;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.pow;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Economics and operations research as textbook code writes them: Cobb-Douglas and CES utility
 * and production with their argument checks, consumer surplus of a demand curve by Simpson's rule,
 * a Stone-Geary log utility, mean-variance and CVaR portfolio objectives (CVaR by sorting the
 * losses), the newsvendor's expected cost over a discrete demand table, and the Erlang C waiting
 * time of an M/M/c queue with a loop over the servers.
 */
public final class Economics {
  /** Which demand curve a market follows. */
  public enum Demand { LINEAR, CONSTANT_ELASTICITY, LOGIT }

  /** The costs of a newsvendor: per unit ordered, per unit left over, per unit short. */
  public record NewsvendorCosts(double unitCost, double salvage, double shortage) {
    public NewsvendorCosts {
      if (salvage > unitCost) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "salvage %.2f exceeds the unit cost %.2f", salvage, unitCost));
      }
    }
  }

  /** Demand levels of the newsvendor and their probabilities (they sum to 1). */
  private static final double[] DEMAND = {20, 30, 40, 50, 60, 70};
  private static final double[] DEMAND_PROBABILITY = {0.05, 0.15, 0.3, 0.25, 0.15, 0.1};
  private static final int SIMPSON_PANELS = 64;
  private static final double TOLERANCE = 1e-12;

  private Economics() {}

  private static void requirePositive(double value, String name) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Cobb-Douglas utility prod x_i^a_i, the shares summing to 1. */
  @Differentiable
  public static double cobbDouglas(double[] quantities, double[] shares) {
    if (quantities.length != shares.length) {
      throw new IllegalArgumentException(
          "got " + quantities.length + " goods but " + shares.length + " shares");
    }
    double total = 0;
    for (double a : shares) {
      total += a;
    }
    if (Math.abs(total - 1) > 1e-3) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "shares sum to %.6f, not 1", total));
    }
    double logUtility = 0;
    for (int i = 0; i < quantities.length; i++) {
      requirePositive(quantities[i], "quantity " + i);
      logUtility += shares[i] * log(quantities[i]);
    }
    return exp(logUtility);
  }

  /**
   * CES production A (sum a_i x_i^rho)^(1/rho) with rho = (sigma - 1) / sigma; sigma = 1 is the
   * Cobb-Douglas limit, taken by its own formula.
   */
  @Differentiable
  public static double cesProduction(double productivity, double[] weights, double[] inputs, double sigma) {
    requirePositive(productivity, "productivity");
    requirePositive(sigma, "elasticity of substitution");
    if (Math.abs(sigma - 1) < 1e-8) {
      double logOutput = 0;
      double weightSum = 0;
      for (int i = 0; i < inputs.length; i++) {
        logOutput += weights[i] * log(inputs[i]);
        weightSum += weights[i];
      }
      return productivity * exp(logOutput / weightSum);
    }
    double rho = (sigma - 1) / sigma;
    double sum = 0;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] <= 0) {
        if (rho < 0) {
          return 0; // an input missing stops production when inputs complement each other
        }
        continue;
      }
      sum += weights[i] * pow(inputs[i], rho);
    }
    return productivity * pow(sum, 1 / rho);
  }

  /** Stone-Geary utility sum b_i log(x_i - g_i), minus infinity below subsistence. */
  @Differentiable
  public static double stoneGeary(double[] quantities, @NoDerivative double[] subsistence, double[] weights) {
    var utility = 0.0;
    for (int i = 0; i < quantities.length; i++) {
      var surplus = quantities[i] - subsistence[i];
      if (surplus <= 0) {
        return Double.NEGATIVE_INFINITY;
      }
      utility += weights[i] * log(surplus);
    }
    return utility;
  }

  private static double demandAt(Demand kind, double price, double scale, double elasticity) {
    return switch (kind) {
      case LINEAR -> Math.max(0, scale - elasticity * price);
      case CONSTANT_ELASTICITY -> scale * pow(price, -elasticity);
      case LOGIT -> scale / (1 + exp(elasticity * (price - 1)));
    };
  }

  /** Consumer surplus: the area under the demand curve from the price up to a choke price. */
  @Differentiable
  public static double consumerSurplus(Demand kind, double price, double choke, double scale, double elasticity) {
    if (!(choke > price)) {
      throw new IllegalArgumentException("choke price " + choke + " is not above the price " + price);
    }
    return simpson(p -> demandAt(kind, p, scale, elasticity), price, choke, SIMPSON_PANELS);
  }

  /** w' S w / 2 - lambda mu' w: the mean-variance objective of portfolio weights. */
  @Differentiable
  public static double meanVariance(double[] w, double[] mu, double[][] covariance, double riskAversion) {
    int n = w.length;
    if (covariance.length != n || mu.length != n) {
      throw new IllegalArgumentException("dimensions differ: " + n + ", " + mu.length + ", " + covariance.length);
    }
    double variance = 0;
    for (int i = 0; i < n; i++) {
      double[] row = covariance[i];
      for (int j = 0; j < n; j++) {
        variance += w[i] * row[j] * w[j];
      }
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += mu[i] * w[i];
    }
    return 0.5 * riskAversion * variance - mean;
  }

  /**
   * Conditional value at risk at level alpha of the portfolio's losses over scenarios: the mean of
   * the worst (1 - alpha) share of the losses, the boundary scenario weighted by its fraction.
   */
  @Differentiable
  public static double conditionalValueAtRisk(double[] w, double[][] scenarioReturns, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must lie in (0, 1): " + alpha);
    }
    int m = scenarioReturns.length;
    double[] losses = new double[m];
    for (int s = 0; s < m; s++) {
      double portfolioReturn = 0;
      for (int i = 0; i < w.length; i++) {
        portfolioReturn += w[i] * scenarioReturns[s][i];
      }
      losses[s] = -portfolioReturn;
    }
    Arrays.sort(losses);
    double tail = (1 - alpha) * m;
    double sum = 0;
    double taken = 0;
    for (int s = m - 1; s >= 0 && taken < tail; s--) {
      double fraction = Math.min(1, tail - taken);
      sum += fraction * losses[s];
      taken += fraction;
    }
    return sum / tail;
  }

  /** The newsvendor's expected cost of ordering q against the demand table. */
  @Differentiable
  public static double newsvendorCost(double q, NewsvendorCosts costs) {
    requirePositive(q, "order quantity");
    double expected = costs.unitCost() * q;
    for (int k = 0; k < DEMAND.length; k++) {
      double d = DEMAND[k];
      double p = DEMAND_PROBABILITY[k];
      expected += d < q ? -costs.salvage() * (q - d) * p : costs.shortage() * (d - q) * p;
    }
    return expected;
  }

  /** Newsvendor cost under normal demand, by its closed form with the standard normal loss function. */
  @Differentiable
  public static double newsvendorNormal(double q, double mean, double sd, double overage, double underage) {
    requirePositive(sd, "demand standard deviation");
    double z = (q - mean) / sd;
    double pdf = exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    double cdf = normalCdf(z);
    double loss = pdf - z * (1 - cdf); // expected shortage per unit sd
    return underage * sd * loss + overage * sd * (z + loss);
  }

  /** Zelen and Severo's approximation (26.2.17), good to 7.5e-8. */
  private static double normalCdf(double z) {
    if (z < 0) {
      return 1 - normalCdf(-z);
    }
    double t = 1 / (1 + 0.2316419 * z);
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return 1 - exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * poly;
  }

  /**
   * Mean wait in the queue of an M/M/c system (Erlang C): arrival rate lambda, service rate mu per
   * server; the terms (c rho)^k / k! built by a running product over the servers.
   */
  @Differentiable
  public static double erlangCWait(double lambda, double mu, int servers) {
    if (servers < 1) {
      throw new IllegalArgumentException("need at least one server, got " + servers);
    }
    double offered = lambda / mu;
    double rho = offered / servers;
    if (rho >= 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "unstable queue: utilisation %.3f with %d servers", rho, servers));
    }
    double term = 1;
    double sum = 0;
    for (int k = 0; k < servers; k++) {
      sum += term;
      term *= offered / (k + 1);
    }
    double last = term / (1 - rho);
    double probabilityWait = last / (sum + last);
    return probabilityWait / (servers * mu - lambda);
  }

  /** Smallest server count keeping the Erlang C wait under a target, and that wait. */
  @Differentiable
  public static double staffedWait(double lambda, double mu, double targetWait) {
    int c = (int) Math.ceil(lambda / mu + TOLERANCE);
    search:
    while (true) {
      double wait = erlangCWait(lambda, mu, c);
      if (wait <= targetWait) {
        break search;
      }
      c++;
    }
    return erlangCWait(lambda, mu, c);
  }

  /** A lottery's expected utility under an attitude, wealth added to each outcome. */
  @Differentiable
  public static double expectedUtility(double wealth, double[] outcomes, @NoDerivative double[] probabilities,
      RiskAttitude attitude, double aversion) {
    double expected = 0;
    for (int k = 0; k < outcomes.length; k++) {
      double c = wealth + outcomes[k];
      if (c <= 0) {
        throw new IllegalArgumentException("consumption " + c + " in outcome " + k + " is not positive");
      }
      expected += probabilities[k] * attitude.utility(c, aversion);
    }
    return expected;
  }

  /** Composite Simpson's rule with n (even) panels. */
  private static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(a + i * h);
    }
    return sum * h / 3;
  }

  /**
   * Deadweight loss of a per-unit tax on a linear market: the area between demand and supply over
   * the quantity the tax removes, by quadrature of a lambda over the active slopes.
   */
  @Differentiable
  public static double deadweightLoss(double demandIntercept, double demandSlope, double supplyIntercept,
      double supplySlope, double tax) {
    double q0 = (demandIntercept - supplyIntercept) / (demandSlope + supplySlope);
    double qTax = Math.max(0, q0 - tax / (demandSlope + supplySlope));
    DoubleUnaryOperator gap = q -> (demandIntercept - demandSlope * q) - (supplyIntercept + supplySlope * q);
    return simpson(gap, qTax, q0, 8);
  }

  /** The internal rate of return of cash flows at years 0, 1, ..., by Newton's method from a guess. */
  @Differentiable
  public static double internalRateOfReturn(double[] cashFlows, double guess) {
    if (cashFlows.length < 2 || cashFlows[0] >= 0) {
      throw new IllegalArgumentException("need an outlay followed by returns: " + Arrays.toString(cashFlows));
    }
    double r = guess;
    for (int iteration = 0; iteration < 100; iteration++) {
      double npv = 0;
      double slope = 0;
      double discount = 1;
      for (int t = 0; t < cashFlows.length; t++) {
        npv += cashFlows[t] * discount;
        slope -= t * cashFlows[t] * discount / (1 + r);
        discount /= 1 + r;
      }
      double step = npv / slope;
      r -= step;
      if (Math.abs(step) < 1e-14 * (1 + Math.abs(r))) {
        return r;
      }
    }
    throw new ArithmeticException("IRR did not converge from " + guess);
  }

  /** The Gini coefficient of incomes: sorted, then sum (2i - n - 1) x_i / (n sum x). */
  @Differentiable
  public static double gini(double[] incomes) {
    var sorted = incomes.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      weighted += (2 * (i + 1) - n - 1) * sorted[i];
      total += sorted[i];
    }
    return weighted / (n * total);
  }

  /** Herfindahl-Hirschman index of market shares from sales, through streams. */
  @Differentiable
  public static double herfindahl(double[] sales) {
    double total = Arrays.stream(sales).sum();
    return Arrays.stream(sales).map(s -> (s / total) * (s / total)).sum() * 10_000;
  }

  /** A bootstrap estimate of the mean's standard error, resampling with a seeded generator. */
  @Differentiable
  public static double bootstrapStandardError(double[] sample, int replicates, long seed) {
    Random random = new Random(seed);
    int n = sample.length;
    double[] means = new double[replicates];
    for (int b = 0; b < replicates; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += sample[random.nextInt(n)];
      }
      means[b] = sum / n;
    }
    double grand = 0;
    for (double m : means) {
      grand += m;
    }
    grand /= replicates;
    double squares = 0;
    for (double m : means) {
      squares += (m - grand) * (m - grand);
    }
    return Math.sqrt(squares / (replicates - 1));
  }

  /** Economic order quantity with all-units discounts: the cheapest total cost over the price breaks. */
  @Differentiable
  public static double discountedOrderCost(double annualDemand, double orderCost, double holdingRate,
      @NoDerivative double[] breaks, double[] unitPrices) {
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < breaks.length; k++) {
      double price = unitPrices[k];
      double eoq = Math.sqrt(2 * annualDemand * orderCost / (holdingRate * price));
      double upper = k + 1 < breaks.length ? breaks[k + 1] : Double.POSITIVE_INFINITY;
      double q = eoq < breaks[k] ? breaks[k] : eoq >= upper ? upper : eoq;
      if (q == upper) {
        continue; // cheaper at the next break, which the loop reaches
      }
      double cost = annualDemand * price + annualDemand / q * orderCost + 0.5 * q * holdingRate * price;
      best = Math.min(best, cost);
    }
    return best;
  }

  /** How often a loan pays, with the periodic rate equivalent to an annual one. */
  public enum Frequency {
    ANNUAL(1), SEMIANNUAL(2), QUARTERLY(4), MONTHLY(12);
    final int perYear;
    Frequency(int perYear) { this.perYear = perYear; }
    double periodRate(double annual) { return Math.pow(1 + annual, 1.0 / perYear) - 1; }
  }
  /** A level-payment loan, whose payment a method of the record computes. */
  public record Loan(double principal, int years, Frequency frequency) {
    double payment(double rate) {
      double r = frequency.periodRate(rate);
      int n = years * frequency.perYear;
      return principal * r / (1 - Math.pow(1 + r, -n));
    }
  }
  /** Total interest paid over an amortization schedule. */
  @Differentiable
  public static double totalInterest(double rate, Loan loan) {
    double payment = loan.payment(rate);
    double balance = loan.principal();
    double interest = 0;
    int n = loan.years() * loan.frequency().perYear;
    double r = loan.frequency().periodRate(rate);
    for (int k = 0; k < n; k++) {
      double i = balance * r;
      interest += i;
      balance -= payment - i;
    }
    return interest;
  }
  /** Interest still due this year from a quarter on: the quarters fall through, as schedules are written. */
  @Differentiable
  @SuppressWarnings("fallthrough")
  public static double scheduleRemaining(double rate, int quarter, double[] schedule) {
    double remaining = 0;
    switch (quarter) {
      case 1:
        remaining += schedule[0] * rate;
      case 2:
        remaining += schedule[1] * rate;
      case 3:
        remaining += schedule[2] * rate;
        break;
      default:
        throw new IllegalArgumentException("quarter " + quarter);
    }
    return remaining;
  }
  /** Interest over a portfolio of five-year monthly loans, kept in a list and summed by a stream. */
  @Differentiable
  public static double portfolioInterest(double rate, @NoDerivative double[] principals) {
    List<Loan> loans = new ArrayList<>();
    for (double p : principals) {
      loans.add(new Loan(p, 5, Frequency.MONTHLY));
    }
    return loans.stream().mapToDouble(l -> totalInterest(rate, l)).sum();
  }
}
