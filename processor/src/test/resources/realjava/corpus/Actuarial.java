package corpus;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Actuarial and credit routines as pricing libraries write them: annuities certain and their
 * duration, life annuities and whole-life insurance from a table of q_x, a premium by the
 * equivalence principle, Merton's structural model of default, and a hazard-rate survival curve
 * with piecewise-constant intensities between pillar times (with a credit default swap's par
 * spread on top of it).
 */
public final class Actuarial {
  /** When in each period an annuity pays. */
  public enum Timing { IMMEDIATE, DUE }

  /** A policy: the insured's age, the term in years, and the sum assured. */
  public record Policy(int age, int term, double sumAssured) {
    public Policy {
      if (age < 0 || term <= 0) {
        throw new IllegalArgumentException("bad policy: age " + age + ", term " + term);
      }
    }
  }

  /** One-year mortality q_x from age 60 (an illustrative select table). */
  private static final double[] QX = {
      0.00800, 0.00870, 0.00950, 0.01040, 0.01140, 0.01250, 0.01380, 0.01520, 0.01680, 0.01860,
      0.02060, 0.02290, 0.02540, 0.02830, 0.03150, 0.03510, 0.03920, 0.04380, 0.04900, 0.05480};
  private static final int FIRST_AGE = 60;

  private Actuarial() {}

  /** The present value of n payments of 1 at rate i, paid at the end or the start of each period. */
  @Differentiable
  public static double annuityCertain(double i, int n, Timing timing) {
    if (n < 0) {
      throw new IllegalArgumentException("negative term: " + n);
    }
    if (i == 0) {
      return n;
    }
    double v = 1 / (1 + i);
    double immediate = (1 - Math.pow(v, n)) / i;
    return switch (timing) {
      case IMMEDIATE -> immediate;
      case DUE -> immediate * (1 + i);
    };
  }

  /** Macaulay duration of a level-coupon bond: coupon c per period, n periods, yield y. */
  @Differentiable
  public static double macaulayDuration(double c, int n, double y) {
    double price = 0;
    double weighted = 0;
    double discount = 1;
    for (int t = 1; t <= n; t++) {
      discount /= 1 + y;
      double cash = t == n ? c + 1 : c;
      price += cash * discount;
      weighted += t * cash * discount;
    }
    return weighted / price;
  }

  private static int tableIndex(int age) {
    int index = age - FIRST_AGE;
    if (index < 0 || index >= QX.length) {
      throw new IndexOutOfBoundsException(
          String.format(Locale.ROOT, "age %d is outside the table [%d, %d]", age, FIRST_AGE,
              FIRST_AGE + QX.length - 1));
    }
    return index;
  }

  /**
   * The expected present value of a temporary life annuity-due (1 at the start of each year the
   * life survives), with the table's q_x scaled by a mortality loading.
   */
  @Differentiable
  public static double lifeAnnuityDue(double interest, double loading, Policy policy) {
    int start = tableIndex(policy.age());
    tableIndex(policy.age() + policy.term() - 1);
    double v = 1 / (1 + interest);
    double survival = 1;
    double discount = 1;
    double value = 0;
    for (int k = 0; k < policy.term(); k++) {
      value += survival * discount;
      survival *= 1 - Math.min(1, loading * QX[start + k]);
      discount *= v;
    }
    return policy.sumAssured() * value;
  }

  /** Term insurance paying at the end of the year of death, and the level premium that funds it. */
  @Differentiable
  public static double levelPremium(double interest, double loading, Policy policy) {
    int start = tableIndex(policy.age());
    double v = 1 / (1 + interest);
    double insurance = 0;
    double survival = 1;
    for (int k = 0; k < policy.term(); k++) {
      double q = loading * QX[start + k];
      insurance += survival * q * Math.pow(v, k + 1);
      survival *= 1 - q;
    }
    double annuity = lifeAnnuityDue(interest, loading, new Policy(policy.age(), policy.term(), 1));
    return policy.sumAssured() * insurance / annuity;
  }

  /** Curtate life expectancy at an age by the table, the tail closed by a constant force. */
  @Differentiable
  public static double curtateExpectancy(double loading, int age) {
    int start = tableIndex(age);
    double[] survival = new double[QX.length - start + 1];
    survival[0] = 1;
    for (int k = 0; k < QX.length - start; k++) {
      survival[k + 1] = survival[k] * (1 - loading * QX[start + k]);
    }
    double expectancy = IntStream.range(1, survival.length).mapToDouble(k -> survival[k]).sum();
    double lastForce = -log(1 - loading * QX[QX.length - 1]);
    double tail = survival[survival.length - 1] * exp(-lastForce) / (1 - exp(-lastForce));
    return expectancy + tail;
  }

  private static double standardNormalCdf(double x) {
    // Abramowitz and Stegun 7.1.26 for erf, with the sign handled by symmetry
    double z = Math.abs(x) / sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * exp(-z * z);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  /**
   * Merton's model: equity as a call on the firm's assets V with volatility sigma over debt of face
   * F due at T; returns the credit spread of the debt.
   */
  @Differentiable
  public static double mertonSpread(double assets, double sigma, double face, double r, double maturity) {
    if (assets <= 0 || face <= 0) {
      throw new IllegalArgumentException("assets and face must be positive: " + assets + ", " + face);
    }
    double volT = sigma * sqrt(maturity);
    double d1 = (log(assets / face) + (r + 0.5 * sigma * sigma) * maturity) / volT;
    double d2 = d1 - volT;
    double equity = assets * standardNormalCdf(d1) - face * exp(-r * maturity) * standardNormalCdf(d2);
    double debt = assets - equity;
    double yield = -log(debt / face) / maturity;
    return yield - r;
  }

  /**
   * Survival to t under piecewise-constant hazard rates: hazards[k] applies on (pillars[k-1],
   * pillars[k]], the last one flat beyond.
   */
  @Differentiable
  public static double survivalProbability(double[] hazards, @NoDerivative double[] pillars, double t) {
    if (hazards.length != pillars.length) {
      throw new IllegalArgumentException(hazards.length + " hazards for " + pillars.length + " pillars");
    }
    double integrated = 0;
    double previous = 0;
    for (int k = 0; k < pillars.length; k++) {
      if (t <= pillars[k]) {
        integrated += hazards[k] * (t - previous);
        return exp(-integrated);
      }
      integrated += hazards[k] * (pillars[k] - previous);
      previous = pillars[k];
    }
    return exp(-integrated - hazards[hazards.length - 1] * (t - previous));
  }

  /** A credit default swap's par spread from the hazard curve: protection leg over risky annuity. */
  @Differentiable
  public static double cdsParSpread(double[] hazards, @NoDerivative double[] pillars, double rate,
      double recovery, int paymentsPerYear, double maturity) {
    int payments = (int) Math.round(maturity * paymentsPerYear);
    double dt = 1.0 / paymentsPerYear;
    double protection = 0;
    double annuity = 0;
    double previousSurvival = 1;
    for (int j = 1; j <= payments; j++) {
      double t = j * dt;
      double survival = survivalProbability(hazards, pillars, t);
      double discount = exp(-rate * t);
      protection += (1 - recovery) * discount * (previousSurvival - survival);
      annuity += dt * discount * 0.5 * (previousSurvival + survival);
      previousSurvival = survival;
    }
    return protection / annuity;
  }

  /** A reported claim: accident year, the delay to payment in years, and the amount. */
  public record Claim(int year, double delay, double amount) {}

  /**
   * Chain-ladder reserve of a cumulative run-off triangle, stored ragged (accident year i has n - i
   * development years): volume-weighted development factors, each row projected to ultimate, the
   * reserve summed.
   */
  @Differentiable
  public static double chainLadderReserve(double[][] triangle) {
    int n = triangle.length;
    for (int i = 0; i < n; i++) {
      var row = triangle[i];
      if (row.length != n - i) {
        throw new IllegalArgumentException(
            "accident year " + i + " of " + n + " needs " + (n - i) + " development years, got " + row.length);
      }
    }
    double[] factors = new double[n - 1];
    for (int j = 0; j < n - 1; j++) {
      double numerator = 0;
      double denominator = 0;
      rows:
      for (int i = 0; i < n; i++) {
        if (j + 1 >= triangle[i].length) {
          continue rows;
        }
        numerator += triangle[i][j + 1];
        denominator += triangle[i][j];
      }
      factors[j] = numerator / denominator;
    }
    double reserve = 0;
    for (int i = 1; i < n; i++) {
      int latest = n - 1 - i;
      double ultimate = triangle[i][latest];
      for (int j = latest; j < n - 1; j++) {
        ultimate *= factors[j];
      }
      reserve += ultimate - triangle[i][latest];
    }
    return reserve;
  }

  /**
   * Buhlmann credibility premium of each risk, averaged: Z = n / (n + k) with k the ratio of the
   * expected process variance to the variance of hypothetical means, from the experience matrix.
   */
  @Differentiable
  public static double buhlmannPremium(double[][] experience) {
    int risks = experience.length;
    int years = experience[0].length;
    double[] means = new double[risks];
    double grand = 0;
    double processVariance = 0;
    for (int i = 0; i < risks; i++) {
      means[i] = Arrays.stream(experience[i]).average().getAsDouble();
      grand += means[i] / risks;
      double squares = 0;
      for (double x : experience[i]) {
        squares += (x - means[i]) * (x - means[i]);
      }
      processVariance += squares / (years - 1) / risks;
    }
    double between = 0;
    for (double m : means) {
      between += (m - grand) * (m - grand);
    }
    double hypotheticalMeans = between / (risks - 1) - processVariance / years;
    if (hypotheticalMeans <= 0) {
      return grand; // no credibility: every risk is charged the collective mean
    }
    double z = years / (years + processVariance / hypotheticalMeans);
    double premium = 0;
    for (double m : means) {
      premium += (z * m + (1 - z) * grand) / risks;
    }
    return premium;
  }

  /** The present value of reported claims paid after a valuation year, discounted at force r. */
  @Differentiable
  public static double outstandingClaimsValue(double r, int valuationYear, int[] years, @NoDerivative double[] delays,
      @NoDerivative double[] amounts) {
    List<Claim> claims = new ArrayList<>();
    for (int i = 0; i < years.length; i++) {
      claims.add(new Claim(years[i], delays[i], amounts[i]));
    }
    return claims.stream()
        .filter(c -> c.year() + c.delay() > valuationYear)
        .mapToDouble(c -> c.amount() * exp(-r * (c.year() + c.delay() - valuationYear)))
        .sum();
  }

  /** Survival to age x + t under a named mortality law with parameters (A, log B, c). */
  @Differentiable
  public static double lawSurvival(String law, double a, double logB, double c, double x, double t) {
    double b = exp(logB);
    double cumulativeHazard = switch (law) {
      case "gompertz" -> b * Math.pow(c, x) * (Math.pow(c, t) - 1) / log(c);
      case "makeham" -> {
        double gompertz = b * Math.pow(c, x) * (Math.pow(c, t) - 1) / log(c);
        yield a * t + gompertz;
      }
      case "weibull" -> b * (Math.pow(x + t, c) - Math.pow(x, c));
      default -> throw new IllegalArgumentException("unknown mortality law '" + law + "'");
    };
    return exp(-cumulativeHazard);
  }
}
