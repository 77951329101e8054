package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Life-science models as their Java ports are written: pharmacokinetics (the Bateman function of
 * an oral dose, superposition over a dose schedule, the steady-state trough, a two-compartment
 * bolus, the area under a curve by the linear-up log-down rule), SIR and SEIR epidemics by
 * Runge-Kutta with a fresh state array per stage, Michaelis-Menten and Hill kinetics, logistic and
 * Gompertz growth residuals, Lotka-Volterra by a fixed-step integrator, and a Leslie matrix
 * projected year by year, with its growth rate by power iteration.
 */
public final class LifeSciences {
  /** How a dose is given. */
  public enum Route { IV_BOLUS, ORAL, INFUSION }

  /** A dose of a regimen: when, how much, how, and for an infusion how long. */
  public record Dose(double time, double amount, Route route, double duration) {
    public Dose {
      if (route == Route.INFUSION && !(duration > 0)) {
        throw new IllegalArgumentException("an infusion needs a duration, got " + duration);
      }
    }
  }

  /** Growth laws for a population starting at n0 with a carrying capacity. */
  public enum GrowthModel { LOGISTIC, GOMPERTZ, MONOMOLECULAR }

  /** The right-hand side of an ODE y' = f(t, y), as integrators take it. */
  @FunctionalInterface
  interface Rhs {
    double[] rate(double t, double[] y);
  }

  /** Below this relative gap between ka and ke the Bateman function takes its limit form. */
  private static final double EQUAL_RATES = 1e-9;
  /** After this many doses the trough is taken as the steady state's. */
  private static final int STEADY_STATE_DOSES = 50;
  private static final double MAX_STEP = 0.5;
  private static final int MAX_POWER_ITERATIONS = 500;
  private static final int MAX_NEWTON_ITERATIONS = 100;
  /** Michaelis-Menten saturation with a unit constant. */
  private static final DoubleUnaryOperator SATURATION = c -> c / (1 + c);

  private LifeSciences() {}

  private static void requirePositive(double value, String name) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be positive, got %.4g", name, value));
    }
  }

  /**
   * Plasma concentration t hours after an oral dose: the Bateman function
   * F D ka / (V (ka - ke)) (e^{-ke t} - e^{-ka t}), or its limit when ka equals ke.
   */
  @Differentiable
  public static double oralConcentration(double dose, double volume, double ka, double ke, double t) {
    requirePositive(volume, "volume");
    requirePositive(ke, "elimination rate");
    if (t <= 0) {
      return 0;
    }
    if (Math.abs(ka - ke) <= EQUAL_RATES * ke) {
      return dose / volume * ke * t * Math.exp(-ke * t);
    }
    return dose * ka / (volume * (ka - ke)) * (Math.exp(-ke * t) - Math.exp(-ka * t));
  }

  /** Concentration at t after a schedule of IV boluses, by superposition; the schedule is sorted. */
  @Differentiable
  public static double scheduledConcentration(@NoDerivative double[] doseTimes, double[] doses, double volume,
      double ke, double t) {
    if (doseTimes.length != doses.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "schedule has %d times but %d doses", doseTimes.length, doses.length));
    }
    requirePositive(volume, "volume");
    double concentration = 0;
    for (int i = 0; i < doseTimes.length; i++) {
      if (i > 0 && doseTimes[i] < doseTimes[i - 1]) {
        throw new IllegalArgumentException("dose times must be sorted: " + doseTimes[i] + " after " + doseTimes[i - 1]);
      }
      if (doseTimes[i] > t) {
        break; // later doses have not been given yet
      }
      concentration += doses[i] / volume * Math.exp(-ke * (t - doseTimes[i]));
    }
    return concentration;
  }

  /**
   * The trough just before dose n + 1 of a regimen of n doses every tau hours; after enough
   * doses the geometric sum is taken whole (the steady state).
   */
  @Differentiable
  public static double troughConcentration(double dose, double volume, double ke, double tau, int dosesGiven) {
    if (dosesGiven < 1) {
      throw new IllegalArgumentException("need at least one dose, got " + dosesGiven);
    }
    double decay = Math.exp(-ke * tau);
    if (dosesGiven >= STEADY_STATE_DOSES) {
      return dose / volume * decay / (1 - decay);
    }
    double sum = 0;
    double factor = decay;
    for (int k = 0; k < dosesGiven; k++) {
      sum += factor;
      factor *= decay;
    }
    return dose / volume * sum;
  }

  /**
   * Central concentration of a two-compartment IV bolus: A e^{-alpha t} + B e^{-beta t}, the rates
   * the roots of s^2 - (k10 + k12 + k21) s + k10 k21.
   */
  @Differentiable
  public static double twoCompartment(double dose, double v1, double k10, double k12, double k21, double t) {
    requirePositive(v1, "central volume");
    double sum = k10 + k12 + k21;
    double root = Math.sqrt(sum * sum - 4 * k10 * k21);
    double alpha = 0.5 * (sum + root);
    double beta = 0.5 * (sum - root);
    double a = dose / v1 * (alpha - k21) / (alpha - beta);
    double b = dose / v1 * (k21 - beta) / (alpha - beta);
    return a * Math.exp(-alpha * t) + b * Math.exp(-beta * t);
  }

  /** Area under a concentration curve, linear where it rises and logarithmic where it falls. */
  @Differentiable
  public static double areaUnderCurve(@NoDerivative double[] times, double[] concentrations) {
    double auc = 0;
    for (int i = 1; i < times.length; i++) {
      double dt = times[i] - times[i - 1];
      double c0 = concentrations[i - 1];
      double c1 = concentrations[i];
      if (c1 < c0 && c1 > 0) {
        auc += (c0 - c1) * dt / Math.log(c0 / c1);
      } else {
        auc += 0.5 * (c0 + c1) * dt;
      }
    }
    return auc;
  }

  private static double[] sirRates(double beta, double gamma, double[] y) {
    double n = y[0] + y[1] + y[2];
    double infection = beta * y[0] * y[1] / n;
    double recovery = gamma * y[1];
    return new double[] {-infection, infection - recovery, recovery};
  }

  /** The epidemic's final size: recovered share after the given days, by classic RK4. */
  @Differentiable
  public static double sirAttackRate(double beta, double gamma, double initialInfected, double days, int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive: " + steps);
    }
    double h = days / steps;
    double[] y = {1 - initialInfected, initialInfected, 0};
    for (int s = 0; s < steps; s++) {
      double[] k1 = sirRates(beta, gamma, y);
      double[] y2 = new double[3];
      for (int j = 0; j < 3; j++) {
        y2[j] = y[j] + 0.5 * h * k1[j];
      }
      double[] k2 = sirRates(beta, gamma, y2);
      double[] y3 = new double[3];
      for (int j = 0; j < 3; j++) {
        y3[j] = y[j] + 0.5 * h * k2[j];
      }
      double[] k3 = sirRates(beta, gamma, y3);
      double[] y4 = new double[3];
      for (int j = 0; j < 3; j++) {
        y4[j] = y[j] + h * k3[j];
      }
      double[] k4 = sirRates(beta, gamma, y4);
      for (int j = 0; j < 3; j++) {
        y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
      }
    }
    return y[2];
  }

  /** dS, dE, dI, dR of an SEIR model with transmission beta, incubation rate sigma and recovery rate gamma. */
  private static double[] seirRates(double beta, double sigma, double gamma, double[] y) {
    double force = beta * y[2];
    return new double[] {
        -force * y[0],
        force * y[0] - sigma * y[1],
        sigma * y[1] - gamma * y[2],
        gamma * y[2]};
  }

  /** The SEIR state (S, E, I, R shares) after the given days, by RK4 from one exposed share. */
  @Differentiable
  public static double[] seirState(double beta, double sigma, double gamma, double exposed, double days, int steps) {
    if (sigma <= 0 || gamma <= 0) {
      throw new IllegalArgumentException("rates must be positive: sigma " + sigma + ", gamma " + gamma);
    }
    double h = days / steps;
    double[] y = {1 - exposed, exposed, 0, 0};
    for (int s = 0; s < steps; s++) {
      double[] k1 = seirRates(beta, sigma, gamma, y);
      double[] k2 = seirRates(beta, sigma, gamma, shifted(y, k1, h / 2));
      double[] k3 = seirRates(beta, sigma, gamma, shifted(y, k2, h / 2));
      double[] k4 = seirRates(beta, sigma, gamma, shifted(y, k3, h));
      for (int j = 0; j < y.length; j++) {
        y[j] += h / 6 * (k1[j] + 2 * (k2[j] + k3[j]) + k4[j]);
      }
    }
    return y;
  }

  private static double[] shifted(double[] y, double[] k, double h) {
    double[] out = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      out[j] = y[j] + h * k[j];
    }
    return out;
  }

  /** Sum of squared residuals of Michaelis-Menten rates v = vmax s / (km + s) against measurements. */
  @Differentiable
  public static double michaelisMentenLoss(double vmax, double km, @NoDerivative double[] substrate,
      @NoDerivative double[] rates) {
    double loss = 0;
    for (int i = 0; i < substrate.length; i++) {
      double predicted = vmax * substrate[i] / (km + substrate[i]);
      double r = predicted - rates[i];
      loss += r * r;
    }
    return loss;
  }

  /** Hill equation: the response e0 + emax c^n / (ec50^n + c^n), computed from the log ratio. */
  @Differentiable
  public static double hillResponse(double concentration, double e0, double emax, double ec50, double hill) {
    requirePositive(ec50, "EC50");
    requirePositive(hill, "Hill coefficient");
    if (concentration <= 0) {
      return e0;
    }
    double x = hill * Math.log(concentration / ec50);
    // c^n / (ec50^n + c^n) is the logistic of n log(c / ec50); either form, whichever cannot overflow
    double occupancy = x > 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    return e0 + emax * occupancy;
  }

  /** Residuals of a growth law against counts observed at the given times. */
  @Differentiable
  public static double[] growthResiduals(GrowthModel model, double rate, double capacity, double n0,
      @NoDerivative double[] times, @NoDerivative double[] observed) {
    requirePositive(capacity, "carrying capacity");
    double[] residuals = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      double t = times[i];
      double predicted = switch (model) {
        case LOGISTIC -> capacity / (1 + (capacity / n0 - 1) * Math.exp(-rate * t));
        case GOMPERTZ -> capacity * Math.exp(Math.log(n0 / capacity) * Math.exp(-rate * t));
        case MONOMOLECULAR -> capacity - (capacity - n0) * Math.exp(-rate * t);
      };
      residuals[i] = predicted - observed[i];
    }
    return residuals;
  }

  /** Half the sum of squares of the growth residuals: the least-squares objective. */
  @Differentiable
  public static double growthLoss(GrowthModel model, double rate, double capacity, double n0,
      @NoDerivative double[] times, @NoDerivative double[] observed) {
    double[] r = growthResiduals(model, rate, capacity, n0, times, observed);
    double sum = 0;
    for (double ri : r) {
      sum += ri * ri;
    }
    return 0.5 * sum;
  }

  /**
   * Prey and predators after the given time under Lotka-Volterra, by Heun's method with a fixed
   * step that must divide the horizon.
   */
  @Differentiable
  public static double lotkaVolterraPrey(double alpha, double beta, double delta, double gamma, double prey0,
      double predator0, @NoDerivative double horizon, @NoDerivative double step) {
    if (!(step > 0 && step <= MAX_STEP)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "step %.3f outside (0, %.1f]", step, MAX_STEP));
    }
    int n = (int) Math.round(horizon / step);
    if (Math.abs(n * step - horizon) > 1e-9 * horizon) {
      throw new IllegalArgumentException("step " + step + " does not divide the horizon " + horizon);
    }
    double x = prey0;
    double y = predator0;
    for (int i = 0; i < n; i++) {
      double dx1 = alpha * x - beta * x * y;
      double dy1 = delta * x * y - gamma * y;
      double xp = x + step * dx1;
      double yp = y + step * dy1;
      double dx2 = alpha * xp - beta * xp * yp;
      double dy2 = delta * xp * yp - gamma * yp;
      x += 0.5 * step * (dx1 + dx2);
      y += 0.5 * step * (dy1 + dy2);
    }
    return x;
  }

  private static double[][] leslieMatrix(double[] fecundity, double[] survival) {
    int n = fecundity.length;
    if (survival.length != n - 1) {
      throw new IllegalArgumentException("need " + (n - 1) + " survival rates for " + n + " age classes, got "
          + survival.length);
    }
    double[][] leslie = new double[n][n];
    leslie[0] = fecundity.clone();
    for (int i = 1; i < n; i++) {
      leslie[i][i - 1] = survival[i - 1];
    }
    return leslie;
  }

  /** The total population after projecting the age classes n0 through a Leslie matrix for some years. */
  @Differentiable
  public static double projectedPopulation(double[] fecundity, double[] survival, double[] n0, int years) {
    double[][] leslie = leslieMatrix(fecundity, survival);
    double[] n = n0.clone();
    for (int year = 0; year < years; year++) {
      double[] next = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        for (int j = 0; j < n.length; j++) {
          next[i] += leslie[i][j] * n[j];
        }
      }
      n = next;
    }
    double total = 0;
    for (double count : n) {
      total += count;
    }
    return total;
  }

  /** The asymptotic growth rate: the dominant eigenvalue of the Leslie matrix, by power iteration. */
  @Differentiable
  public static double growthRate(double[] fecundity, double[] survival) {
    double[][] leslie = leslieMatrix(fecundity, survival);
    int n = fecundity.length;
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1.0 / n);
    double lambda = 0;
    for (int iteration = 0; iteration < MAX_POWER_ITERATIONS; iteration++) {
      double[] w = new double[n];
      double norm = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          w[i] += leslie[i][j] * v[j];
        }
        norm += w[i];
      }
      for (int i = 0; i < n; i++) {
        w[i] /= norm;
      }
      boolean converged = Math.abs(norm - lambda) < 1e-14 * norm;
      lambda = norm;
      v = w;
      if (converged) {
        break;
      }
    }
    return lambda;
  }

  /**
   * The final size z of an epidemic with basic reproduction number r0, the root of
   * z = 1 - exp(-r0 z) in (0, 1), by Newton's method from one half; zero when r0 is at most 1.
   */
  @Differentiable
  public static double epidemicFinalSize(double r0) {
    if (!(r0 > 1)) {
      return 0;
    }
    double z = 0.5;
    int iterations = 0;
    while (true) {
      double decay = Math.exp(-r0 * z);
      double next = z - (z - 1 + decay) / (1 - r0 * decay);
      if (Math.abs(next - z) < 1e-15 || ++iterations > MAX_NEWTON_ITERATIONS) {
        z = next;
        break;
      }
      z = next;
    }
    return z;
  }

  /** The time a linear birth-death process takes to die out, by Gillespie's algorithm with a seeded generator. */
  @Differentiable
  public static double extinctionTime(double birth, double death, int initial, long seed) {
    if (!(death > birth)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the process dies out surely only if death %.2f exceeds birth %.2f", death, birth));
    }
    Random random = new Random(seed);
    int n = initial;
    double t = 0;
    while (n > 0) {
      double total = (birth + death) * n;
      t += -Math.log(random.nextDouble()) / total;
      if (random.nextDouble() * total < birth * n) {
        n++;
      } else {
        n--;
      }
    }
    return t;
  }

  /** A dose-response model chosen by name, as a configuration file names it. */
  @Differentiable
  public static double doseResponse(String model, double dose, double emax, double ed50) {
    return switch (model.toLowerCase(Locale.ROOT)) {
      case "linear" -> emax * dose / ed50;
      case "emax" -> {
        double occupancy = dose / (ed50 + dose);
        yield emax * occupancy;
      }
      case "log-linear" -> emax * Math.log1p(dose / ed50);
      default -> throw new IllegalArgumentException("unknown dose-response model '" + model + "'");
    };
  }

  private static double sumOfExponentials(double t, double... rates) {
    double sum = 0;
    for (double k : rates) {
      sum += Math.exp(-k * t);
    }
    return sum;
  }

  /** A tri-exponential washout with equal weights, its rates given to a varargs helper. */
  @Differentiable
  public static double triExponentialWashout(double t, double fast, double middle, double slow) {
    return sumOfExponentials(t, fast, middle, slow) / 3;
  }

  /** Uptake through a saturating transporter, the kinetic law held in a constant. */
  @Differentiable
  public static double transporterUptake(double concentration, double capacity) {
    return capacity * SATURATION.applyAsDouble(concentration);
  }

  /** The peak prevalence of an SIR epidemic by forward Euler, each state kept as a row of the trajectory. */
  @Differentiable
  public static double peakPrevalence(double beta, double gamma, double infected0, int steps) {
    double h = 0.5;
    double[][] trajectory = new double[steps + 1][];
    double[] y = {1 - infected0, infected0, 0};
    trajectory[0] = y;
    for (int s = 0; s < steps; s++) {
      double infection = beta * y[0] * y[1];
      double recovery = gamma * y[1];
      y = new double[] {y[0] - h * infection, y[1] + h * (infection - recovery), y[2] + h * recovery};
      trajectory[s + 1] = y;
    }
    double peak = 0;
    for (double[] state : trajectory) {
      peak = Math.max(peak, state[1]);
    }
    return peak;
  }

  /** The log fitness of a genome under multiplicative selection per base: A and C/G selected, T neutral. */
  @Differentiable
  public static double genomeLogFitness(String genome, double fitnessA, double fitnessCg) {
    double w = 1;
    for (char base : genome.toCharArray()) {
      switch (base) {
        case 'A':
          w *= fitnessA;
          break;
        case 'C':
        case 'G':
          w *= fitnessCg;
          break;
        case 'T':
          break;
        default:
          throw new IllegalArgumentException("not a base: '" + base + "'");
      }
    }
    return Math.log(w);
  }

  /** Classic RK4 over [t0, t1] in a fixed number of steps, the rate given as an object. */
  private static double[] rungeKutta(Rhs f, double[] y0, double t0, double t1, int steps) {
    double h = (t1 - t0) / steps;
    double[] y = y0.clone();
    double t = t0;
    for (int s = 0; s < steps; s++) {
      double[] k1 = f.rate(t, y);
      double[] k2 = f.rate(t + 0.5 * h, shifted(y, k1, 0.5 * h));
      double[] k3 = f.rate(t + 0.5 * h, shifted(y, k2, 0.5 * h));
      double[] k4 = f.rate(t + h, shifted(y, k3, h));
      for (int j = 0; j < y.length; j++) {
        y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
      }
      t += h;
    }
    return y;
  }

  /** The recovered share after the given days of an SIR epidemic, the model a lambda given to the integrator. */
  @Differentiable
  public static double sirRecovered(double beta, double gamma, double infected0, double days) {
    double[] end = rungeKutta((t, y) -> new double[] {
        -beta * y[0] * y[1], beta * y[0] * y[1] - gamma * y[1], gamma * y[1]},
        new double[] {1 - infected0, infected0, 0}, 0, days, 100);
    return end[2];
  }

  /** Concentration at t from a regimen of doses of several routes, one compartment. */
  @Differentiable
  public static double regimenConcentration(List<Dose> regimen, double volume, double ke, double ka, double t) {
    double c = 0;
    for (Dose dose : regimen) {
      double dt = t - dose.time();
      if (dt <= 0) {
        continue;
      }
      c += switch (dose.route()) {
        case IV_BOLUS -> dose.amount() / volume * Math.exp(-ke * dt);
        case ORAL -> dose.amount() * ka / (volume * (ka - ke)) * (Math.exp(-ke * dt) - Math.exp(-ka * dt));
        case INFUSION -> {
          double rate = dose.amount() / dose.duration();
          double during = Math.min(dt, dose.duration());
          double built = rate / (ke * volume) * (1 - Math.exp(-ke * during));
          yield built * Math.exp(-ke * (dt - during));
        }
      };
    }
    return c;
  }

  /** The first time a sampled curve falls below a threshold, by linear interpolation; NaN if never. */
  @Differentiable
  public static double timeBelow(double dose, double ke, double threshold, @NoDerivative double[] times) {
    double crossing = Double.NaN;
    double previous = dose;
    scan:
    for (int i = 1; i < times.length; i++) {
      double c = dose * Math.exp(-ke * times[i]);
      if (c < threshold) {
        double fraction = (previous - threshold) / (previous - c);
        crossing = times[i - 1] + fraction * (times[i] - times[i - 1]);
        break scan;
      }
      previous = c;
    }
    return crossing;
  }

  /** Heun's method for a scalar ODE y' = rate(t, y) over [0, t1]. */
  private static double heun(DoubleBinaryOperator rate, double y0, double t1, int steps) {
    double h = t1 / steps;
    double y = y0;
    double t = 0;
    for (int i = 0; i < steps; i++) {
      double k1 = rate.applyAsDouble(t, y);
      double k2 = rate.applyAsDouble(t + h, y + h * k1);
      y += 0.5 * h * (k1 + k2);
      t += h;
    }
    return y;
  }

  /** A logistic population after some time, its rate an anonymous class given to the integrator. */
  @Differentiable
  public static double logisticPopulation(double rate, double capacity, double n0, double time) {
    return heun(new DoubleBinaryOperator() {
      @Override
      public double applyAsDouble(double t, double n) {
        return rate * n * (1 - n / capacity);
      }
    }, n0, time, 100);
  }

  private static double simpson(DoubleUnaryOperator f, double a, double b, int panels) {
    double h = (b - a) / panels;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < panels; i++) {
      sum += f.applyAsDouble(a + i * h) * (i % 2 == 0 ? 2 : 4);
    }
    return sum * h / 3;
  }

  /** The area under a multi-exponential disposition curve up to a horizon, by Simpson given a block lambda. */
  @Differentiable
  public static double multiExponentialAuc(double[] coefficients, double[] rates, double horizon) {
    if (coefficients.length != rates.length) {
      throw new IllegalArgumentException(coefficients.length + " coefficients but " + rates.length + " rates");
    }
    return simpson(t -> {
      double c = 0;
      for (int i = 0; i < coefficients.length; i++) {
        c += coefficients[i] * Math.exp(-rates[i] * t);
      }
      return c;
    }, 0, horizon, 64);
  }
}
