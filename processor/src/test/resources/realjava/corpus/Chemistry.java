package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.logging.Logger;

/**
 * Chemistry and thermodynamics as their Java code is written: cubic equations of state (Peng-Robinson
 * and Soave-Redlich-Kwong) solved for the compressibility by Newton and deflation with root
 * selection, or by Cardano's method, pure and mixture fugacity coefficients with van der Waals
 * mixing rules, a Rachford-Rice flash and a flash by successive substitution, reaction kinetics
 * integrated by RK4 and Heun, equilibrium constants from NASA polynomials, an equilibrium extent,
 * Antoine and Wagner vapour pressures and a steam table, NRTL and Wilson activity models, a Gibbs
 * energy objective, a flame temperature, the pH of a buffer from its charge balance, and closed-form
 * correlations (virial, Chapman-Enskog, Langmuir-Hinshelwood, Lorentz-Berthelot).
 */
public final class Chemistry {
  private static final Logger LOG = Logger.getLogger(Chemistry.class.getName());

  /** The gas constant, J/(mol K). */
  public static final double R = 8.314462618;
  /** The standard pressure of the NASA tables, Pa. */
  private static final double P_STANDARD = 1e5;
  private static final double LN10 = Math.log(10);
  /** The ionic product of water at 25 C. */
  private static final double KW = 1e-14;
  /** The range the NASA coefficients below were fitted on, K. */
  private static final double NASA_LOW = 1000, NASA_HIGH = 6000;

  /**
   * NASA 7-coefficient polynomials (the 1000-6000 K range), one row per {@link Gas} in declaration
   * order: cp/R = a1 + a2 T + a3 T^2 + a4 T^3 + a5 T^4, with a6 and a7 the constants of H and S.
   */
  private static final double[][] NASA = {
      {3.3372792, -4.94024731e-05, 4.99456778e-07, -1.79566394e-10, 2.00255376e-14, -950.158922, -3.20502331},
      {3.28253784, 1.48308754e-03, -7.57966669e-07, 2.09470555e-10, -2.16717794e-14, -1088.45772, 5.45323129},
      {3.03399249, 2.17691804e-03, -1.64072518e-07, -9.7041987e-11, 1.68200992e-14, -30004.2971, 4.9667701},
      {2.71518561, 2.06252743e-03, -9.98825771e-07, 2.30053008e-10, -2.03647716e-14, -14151.8724, 7.81868772},
      {3.85746029, 4.41437026e-03, -2.21481404e-06, 5.23490188e-10, -4.72084164e-14, -48759.166, 2.27163806},
      {0.074851495, 1.33909467e-02, -5.73285809e-06, 1.22292535e-09, -1.01815230e-13, -9468.34459, 18.437318}};

  /** Pure components with their critical constants and Antoine coefficients (log10 of bar, T in K). */
  public enum Species {
    METHANE(190.56, 45.99e5, 0.011, 3.9895, 443.028, -0.49),
    ETHANE(305.32, 48.72e5, 0.099, 4.50706, 791.3, -6.422),
    PROPANE(369.83, 42.48e5, 0.152, 4.53678, 1149.36, 24.906),
    N_BUTANE(425.12, 37.96e5, 0.200, 4.35576, 1175.581, -2.071),
    WATER(647.10, 220.64e5, 0.345, 5.40221, 1838.675, -31.737),
    CARBON_DIOXIDE(304.13, 73.77e5, 0.225, 6.81228, 1301.679, -3.494);

    final double tc;
    final double pc;
    final double omega;
    // package-private, not private: the generated companion reads them when it differentiates the methods below
    final double antoineA;
    final double antoineB;
    final double antoineC;

    Species(double tc, double pc, double omega, double antoineA, double antoineB, double antoineC) {
      this.tc = tc;
      this.pc = pc;
      this.omega = omega;
      this.antoineA = antoineA;
      this.antoineB = antoineB;
      this.antoineC = antoineC;
    }

    /** The vapour pressure by Antoine's equation, Pa. */
    double saturationPressure(double t) {
      return 1e5 * Math.pow(10, antoineA - antoineB / (t + antoineC));
    }

    /** d(saturationPressure)/dT. */
    double saturationPressureSlope(double t) {
      double denominator = t + antoineC;
      return saturationPressure(t) * LN10 * antoineB / (denominator * denominator);
    }

    /** The temperature at which the vapour pressure is p (Pa). */
    double boilingTemperature(double p) {
      return antoineB / (antoineA - Math.log10(p / 1e5)) - antoineC;
    }
  }

  /** The two cubic equations of state, as P = RT/(V-b) - a alpha / ((V + epsilon b)(V + sigma b)). */
  public enum CubicFamily {
    PENG_ROBINSON(1 + Math.sqrt(2), 1 - Math.sqrt(2), 0.45724, 0.07780),
    SOAVE_REDLICH_KWONG(1, 0, 0.42748, 0.08664);

    final double sigma;
    final double epsilon;
    final double omegaA;
    final double omegaB;

    CubicFamily(double sigma, double epsilon, double omegaA, double omegaB) {
      this.sigma = sigma;
      this.epsilon = epsilon;
      this.omegaA = omegaA;
      this.omegaB = omegaB;
    }

    /** The slope of sqrt(alpha) against sqrt(Tr), from the acentric factor. */
    double kappa(double omega) {
      return switch (this) {
        case PENG_ROBINSON -> 0.37464 + 1.54226 * omega - 0.26992 * omega * omega;
        case SOAVE_REDLICH_KWONG -> 0.480 + 1.574 * omega - 0.176 * omega * omega;
      };
    }
  }

  public enum Phase { LIQUID, VAPOUR }

  /** Ideal gases of the NASA table, with their atoms of C, H and O. */
  public enum Gas {
    H2(0, 2, 0), O2(0, 0, 2), H2O(0, 2, 1), CO(1, 0, 1), CO2(1, 0, 2), CH4(1, 4, 0);

    private final int[] atoms;

    Gas(int carbon, int hydrogen, int oxygen) {
      this.atoms = new int[] {carbon, hydrogen, oxygen};
    }

    int atoms(int element) {
      return atoms[element];
    }
  }

  /** Gas-phase reactions by their stoichiometry. */
  public enum Reaction {
    WATER_GAS_SHIFT(new Gas[] {Gas.CO, Gas.H2O, Gas.CO2, Gas.H2}, new int[] {-1, -1, 1, 1}),
    STEAM_REFORMING(new Gas[] {Gas.CH4, Gas.H2O, Gas.CO, Gas.H2}, new int[] {-1, -1, 1, 3});

    // package-private, not private: the generated companion reads them for the methods of Chemistry
    final Gas[] gases;
    final int[] nu;

    Reaction(Gas[] gases, int[] nu) {
      this.gases = gases;
      this.nu = nu;
    }

    int moleChange() {
      return Arrays.stream(nu).sum();
    }
  }

  /** Lennard-Jones parameters of a gas: sigma in Angstrom, epsilon/k in K, molar mass in g/mol. */
  public record LennardJones(double sigma, double epsilonOverK, double molarMass) {
    public LennardJones {
      if (!(sigma > 0 && epsilonOverK > 0 && molarMass > 0)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "Lennard-Jones parameters must be positive: sigma %.3f, epsilon/k %.1f, M %.3f", sigma, epsilonOverK,
            molarMass));
      }
    }
  }

  /** NRTL parameters: tau_ij = a_ij + b_ij / T, with the non-randomness alpha_ij. */
  public record NrtlParameters(double[][] a, double[][] b, double[][] alpha) {
    public NrtlParameters {
      if (a.length != b.length || a.length != alpha.length) {
        throw new IllegalArgumentException("a, b and alpha differ in size");
      }
    }

    /** tau_ij = a_ij + b_ij / T. */
    double[][] tau(double t) {
      double[][] tau = new double[a.length][a.length];
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a.length; j++) {
          tau[i][j] = a[i][j] + b[i][j] / t;
        }
      }
      return tau;
    }
  }

  private Chemistry() {}

  private static void requirePositive(String what, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be positive, got %.4g", what, value));
    }
  }

  private static void requireInNasaRange(double t) {
    if (t < NASA_LOW || t > NASA_HIGH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "T = %.1f K outside the NASA fit range"
          + " [%.0f, %.0f] K", t, NASA_LOW, NASA_HIGH));
    }
  }

  // ------------------------------------------------------------------ cubic equations of state

  /** The dimensionless {A, B} of a pure component at (T, P). */
  private static double[] cubicAB(double t, double p, Species s, CubicFamily eos) {
    double sqrtAlpha = 1 + eos.kappa(s.omega) * (1 - Math.sqrt(t / s.tc));
    double a = eos.omegaA * R * R * s.tc * s.tc / s.pc * sqrtAlpha * sqrtAlpha;
    double b = eos.omegaB * R * s.tc / s.pc;
    return new double[] {a * p / (R * R * t * t), b * p / (R * t)};
  }

  /**
   * The real roots of z^3 + c2 z^2 + c1 z + c0, ascending: one by Newton from start, the others
   * from the deflated quadratic.
   */
  private static double[] cubicRoots(double c2, double c1, double c0, double start) {
    double z = start;
    for (int it = 0; ; it++) {
      if (it == 100) {
        throw new ArithmeticException(String.format(Locale.ROOT, "cubic: Newton did not converge from %.4f", start));
      }
      double f = ((z + c2) * z + c1) * z + c0;
      double df = (3 * z + 2 * c2) * z + c1;
      double step = f / df;
      z -= step;
      if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(z))) {
        break;
      }
    }
    // z^3 + c2 z^2 + c1 z + c0 = (z - root) (z^2 + q1 z + q0)
    double q1 = c2 + z;
    double q0 = c1 + q1 * z;
    double discriminant = q1 * q1 - 4 * q0;
    if (discriminant < 0) {
      return new double[] {z};
    }
    double q = -0.5 * (q1 + Math.copySign(Math.sqrt(discriminant), q1));
    double[] roots = {z, q, q0 / q};
    Arrays.sort(roots);
    return roots;
  }

  /** The coefficients {c2, c1, c0} of the cubic in Z of a family, given A and B. */
  private static double[] cubicCoefficients(double a, double b, CubicFamily eos) {
    double u = eos.sigma + eos.epsilon;
    double w = eos.sigma * eos.epsilon;
    return new double[] {
        -(1 + b - u * b),
        a + w * b * b - u * b - u * b * b,
        -(a * b + w * b * b + w * b * b * b)};
  }

  /** The compressibility factor of a pure component: the largest root for a vapour, the smallest above B for a liquid. */
  @Differentiable
  public static double compressibility(double t, double p, Species s, CubicFamily eos, Phase phase) {
    requirePositive("temperature", t);
    requirePositive("pressure", p);
    double[] ab = cubicAB(t, p, s, eos);
    double b = ab[1];
    double[] c = cubicCoefficients(ab[0], b, eos);
    double[] roots = cubicRoots(c[0], c[1], c[2], phase == Phase.VAPOUR ? 1 : b);
    return switch (phase) {
      case VAPOUR -> roots[roots.length - 1];
      case LIQUID -> {
        for (double z : roots) {
          if (z > b) {
            yield z;
          }
        }
        throw new ArithmeticException("no liquid root above B = " + b);
      }
    };
  }

  /** ln(phi) of a pure component from its compressibility. */
  @Differentiable
  public static double lnFugacityCoefficient(double t, double p, Species s, CubicFamily eos, Phase phase) {
    double z = compressibility(t, p, s, eos, phase);
    double[] ab = cubicAB(t, p, s, eos);
    double a = ab[0], b = ab[1];
    double logTerm = Math.log((z + eos.sigma * b) / (z + eos.epsilon * b));
    return z - 1 - Math.log(z - b) - a / ((eos.sigma - eos.epsilon) * b) * logTerm;
  }

  /**
   * ln(phi) of one component of a Peng-Robinson mixture with the van der Waals one-fluid mixing
   * rules and binary interaction parameters kij.
   */
  @Differentiable
  public static double mixtureLnFugacity(double t, double p, double[] x, Species[] species,
      @NoDerivative double[][] kij, int component, Phase phase) {
    int n = x.length;
    if (species.length != n || kij.length != n) {
      throw new IllegalArgumentException(String.format("%d mole fractions, %d species, %d rows of kij", n,
          species.length, kij.length));
    }
    if (component < 0 || component >= n) {
      throw new IndexOutOfBoundsException("component " + component + " of " + n);
    }
    CubicFamily eos = CubicFamily.PENG_ROBINSON;
    double[] ai = new double[n];
    double[] bi = new double[n];
    for (int i = 0; i < n; i++) {
      double[] ab = cubicAB(t, p, species[i], eos);
      ai[i] = ab[0];
      bi[i] = ab[1];
    }
    double[] sumA = new double[n];
    double a = 0, b = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sumA[i] += x[j] * Math.sqrt(ai[i] * ai[j]) * (1 - kij[i][j]);
      }
      a += x[i] * sumA[i];
      b += x[i] * bi[i];
    }
    double[] c = cubicCoefficients(a, b, eos);
    double[] roots = cubicRoots(c[0], c[1], c[2], phase == Phase.VAPOUR ? 1 : b);
    double z = phase == Phase.VAPOUR ? roots[roots.length - 1] : roots[0];
    double bRatio = bi[component] / b;
    double logTerm = Math.log((z + eos.sigma * b) / (z + eos.epsilon * b));
    return bRatio * (z - 1) - Math.log(z - b)
        - a / ((eos.sigma - eos.epsilon) * b) * (2 * sumA[component] / a - bRatio) * logTerm;
  }

  // ------------------------------------------------------------------ flash

  private static void checkFeed(double[] z, double[] k) {
    if (z.length != k.length) {
      throw new IllegalArgumentException(String.format("feed has %d components but K has %d", z.length, k.length));
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      if (z[i] < 0 || !(k[i] > 0)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "component %d: z = %.3f, K = %.3f", i, z[i],
            k[i]));
      }
      sum += z[i];
    }
    if (Math.abs(sum - 1) > 1e-4) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "feed mole fractions sum to %.6f, not 1", sum));
    }
  }

  private static double rachfordRice(double[] z, double[] k, double beta) {
    double f = 0;
    for (int i = 0; i < z.length; i++) {
      f += z[i] * (k[i] - 1) / (1 + beta * (k[i] - 1));
    }
    return f;
  }

  /**
   * The vapour fraction of an isothermal flash by Rachford-Rice: 0 for a subcooled feed, 1 for a
   * superheated one, otherwise Newton's method kept inside a shrinking bracket.
   */
  @Differentiable
  public static double vapourFraction(double[] z, double[] k) {
    checkFeed(z, k);
    if (rachfordRice(z, k, 0) <= 0) {
      return 0;
    }
    if (rachfordRice(z, k, 1) >= 0) {
      return 1;
    }
    double kMax = Arrays.stream(k).max().getAsDouble();
    double kMin = Arrays.stream(k).min().getAsDouble();
    double lo = Math.max(0, 1 / (1 - kMax));
    double hi = Math.min(1, 1 / (1 - kMin));
    double beta = 0.5 * (lo + hi);
    for (int it = 0; it < 100; it++) {
      double f = 0, df = 0;
      for (int i = 0; i < z.length; i++) {
        double d = 1 + beta * (k[i] - 1);
        f += z[i] * (k[i] - 1) / d;
        df -= z[i] * (k[i] - 1) * (k[i] - 1) / (d * d);
      }
      if (f > 0) {
        lo = beta;
      } else {
        hi = beta;
      }
      double next = beta - f / df;
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      if (Math.abs(next - beta) < 1e-15) {
        return next;
      }
      beta = next;
    }
    throw new ArithmeticException("Rachford-Rice did not converge in 100 iterations");
  }

  /** The liquid and vapour compositions of the flash, {x_1..x_n, y_1..y_n}. */
  @Differentiable
  public static double[] flashCompositions(double[] z, double[] k) {
    double beta = vapourFraction(z, k);
    int n = z.length;
    double[] xy = new double[2 * n];
    for (int i = 0; i < n; i++) {
      xy[i] = z[i] / (1 + beta * (k[i] - 1));
      xy[n + i] = k[i] * xy[i];
    }
    return xy;
  }

  // ------------------------------------------------------------------ kinetics

  /** The modified Arrhenius rate constant k = A T^n exp(-Ea / RT). */
  @Differentiable
  public static double rateConstant(double a, double n, double ea, double t) {
    requirePositive("temperature", t);
    return a * Math.pow(t, n) * Math.exp(-ea / (R * t));
  }

  /** The mean squared error of ln k against an Arrhenius line, for fitting ln A and Ea. */
  @Differentiable
  public static double arrheniusFitLoss(double lnA, double ea, @NoDerivative double[] temperatures,
      @NoDerivative double[] rates) {
    if (temperatures.length != rates.length || rates.length == 0) {
      throw new IllegalArgumentException(temperatures.length + " temperatures for " + rates.length + " rates");
    }
    double loss = 0;
    for (int i = 0; i < rates.length; i++) {
      if (!(rates[i] > 0)) {
        throw new IllegalArgumentException("rate " + i + " is not positive: " + rates[i]);
      }
      double residual = lnA - ea / (R * temperatures[i]) - Math.log(rates[i]);
      loss += residual * residual;
    }
    return loss / rates.length;
  }

  /** A Langmuir-Hinshelwood rate for A + B on one kind of site, with an Arrhenius surface step. */
  @Differentiable
  public static double langmuirHinshelwoodRate(double pa, double pb, double lnK0, double ea, double ka, double kb,
      double t) {
    double k = Math.exp(lnK0 - ea / (R * t));
    double denominator = 1 + total(ka * pa, kb * pb);
    return k * ka * kb * pa * pb / (denominator * denominator);
  }

  private static double total(double... terms) {
    double sum = 0;
    for (double term : terms) {
      sum += term;
    }
    return sum;
  }

  private static double[] seriesRates(double[] c, double k1, double k2) {
    double r1 = k1 * c[0];
    double r2 = k2 * c[1];
    return new double[] {-r1, r1 - r2, r2};
  }

  private static void addScaled(double[] out, double[] y, double h, double[] slope) {
    for (int i = 0; i < out.length; i++) {
      out[i] = y[i] + h * slope[i];
    }
  }

  /** A -> B -> C in a batch reactor, integrated by classical RK4; returns the concentration of B at the end. */
  @Differentiable
  public static double seriesIntermediate(double[] initial, double k1, double k2, double time, int steps) {
    if (initial.length != 3) {
      throw new IllegalArgumentException("state {A, B, C} expected, got " + initial.length + " values");
    }
    if (steps <= 0) {
      throw new IllegalArgumentException(String.format("steps must be positive, got %d", steps));
    }
    double h = time / steps;
    double[] c = initial.clone();
    double[] stage = new double[3];
    for (int n = 0; n < steps; n++) {
      double[] s1 = seriesRates(c, k1, k2);
      addScaled(stage, c, h / 2, s1);
      double[] s2 = seriesRates(stage, k1, k2);
      addScaled(stage, c, h / 2, s2);
      double[] s3 = seriesRates(stage, k1, k2);
      addScaled(stage, c, h, s3);
      double[] s4 = seriesRates(stage, k1, k2);
      for (int i = 0; i < 3; i++) {
        c[i] += h / 6 * (s1[i] + 2 * s2[i] + 2 * s3[i] + s4[i]);
      }
    }
    return c[1];
  }

  /** d{X, T}/dt of a first-order reaction in an adiabatic batch reactor. */
  private static double[] adiabaticRates(double[] y, double lnA, double ea, double adiabaticRise) {
    double rate = Math.exp(lnA - ea / (R * y[1])) * (1 - y[0]);
    return new double[] {rate, adiabaticRise * rate};
  }

  /**
   * A first-order exothermic reaction in an adiabatic batch reactor, {conversion, T} by RK4; returns
   * the final conversion and stops with an error on a runaway past the limit.
   */
  @Differentiable
  public static double adiabaticBatchConversion(double lnA, double ea, double adiabaticRise, double t0,
      double time, int steps, double limit) {
    double h = time / steps;
    double[] y = {0, t0};
    for (int n = 0; n < steps; n++) {
      double[] k1 = adiabaticRates(y, lnA, ea, adiabaticRise);
      double[] mid = new double[2];
      for (int i = 0; i < 2; i++) {
        mid[i] = y[i] + h / 2 * k1[i];
      }
      double[] k2 = adiabaticRates(mid, lnA, ea, adiabaticRise);
      for (int i = 0; i < 2; i++) {
        mid[i] = y[i] + h / 2 * k2[i];
      }
      double[] k3 = adiabaticRates(mid, lnA, ea, adiabaticRise);
      double[] end = new double[2];
      for (int i = 0; i < 2; i++) {
        end[i] = y[i] + h * k3[i];
      }
      double[] k4 = adiabaticRates(end, lnA, ea, adiabaticRise);
      double[] next = new double[2];
      for (int i = 0; i < 2; i++) {
        next[i] = y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
      y = next;
      if (y[1] > limit) {
        throw new ArithmeticException(String.format(Locale.ROOT, "thermal runaway: T = %.1f K at step %d", y[1], n));
      }
    }
    return y[0];
  }

  // ------------------------------------------------------------------ equilibrium

  /** g/RT of an ideal gas at T from its NASA polynomial. */
  private static double gibbsOverRT(Gas gas, double t) {
    double[] c = NASA[gas.ordinal()];
    double enthalpy = c[0] + t * (c[1] / 2 + t * (c[2] / 3 + t * (c[3] / 4 + t * c[4] / 5))) + c[5] / t;
    double entropy = c[0] * Math.log(t) + t * (c[1] + t * (c[2] / 2 + t * (c[3] / 3 + t * c[4] / 4))) + c[6];
    return enthalpy - entropy;
  }

  /** h/R of an ideal gas at T, K. */
  private static double enthalpyOverR(Gas gas, double t) {
    double[] c = NASA[gas.ordinal()];
    return t * (c[0] + t * (c[1] / 2 + t * (c[2] / 3 + t * (c[3] / 4 + t * c[4] / 5)))) + c[5];
  }

  /** cp/R of an ideal gas at T. */
  private static double heatCapacityOverR(Gas gas, double t) {
    double[] c = NASA[gas.ordinal()];
    return c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * c[4])));
  }

  /** ln K of a reaction at T, from the standard Gibbs energies of its gases. */
  @Differentiable
  public static double lnEquilibriumConstant(Reaction reaction, double t) {
    requireInNasaRange(t);
    double sum = 0;
    for (int i = 0; i < reaction.gases.length; i++) {
      sum -= reaction.nu[i] * gibbsOverRT(reaction.gases[i], t);
    }
    return sum;
  }

  /**
   * The equilibrium extent of a reaction from the given feed (moles of its gases, in its order) at
   * T and P: bisection on the log of the mass-action law, then Newton to polish.
   */
  @Differentiable
  public static double equilibriumExtent(Reaction reaction, double[] feed, double t, double p) {
    int species = reaction.gases.length;
    if (feed.length != species) {
      throw new IllegalArgumentException(String.format("%s has %d species, the feed %d", reaction, species,
          feed.length));
    }
    double lnK = lnEquilibriumConstant(reaction, t);
    int change = reaction.moleChange();
    double lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY, total = 0;
    for (int i = 0; i < species; i++) {
      int nu = reaction.nu[i];
      total += feed[i];
      if (nu > 0) {
        lo = Math.max(lo, -feed[i] / nu);
      } else {
        hi = Math.min(hi, feed[i] / -nu);
      }
    }
    if (!(hi > lo)) {
      throw new IllegalArgumentException("the feed admits no extent of " + reaction);
    }
    double pressureTerm = change * Math.log(p / P_STANDARD);
    double width = hi - lo;
    double extent = 0.5 * (lo + hi);
    while (hi - lo > 1e-6 * width) {
      extent = 0.5 * (lo + hi);
      if (massAction(reaction, feed, total, extent) + pressureTerm > lnK) {
        hi = extent;
      } else {
        lo = extent;
      }
    }
    for (int it = 0; it < 50; it++) {
      double residual = massAction(reaction, feed, total, extent) + pressureTerm - lnK;
      double slope = -(double) change * change / (total + change * extent);
      for (int i = 0; i < species; i++) {
        slope += reaction.nu[i] * reaction.nu[i] / (feed[i] + reaction.nu[i] * extent);
      }
      double step = residual / slope;
      extent -= step;
      if (Math.abs(step) < 1e-14 * width) {
        return extent;
      }
    }
    throw new ArithmeticException("equilibrium: Newton did not converge");
  }

  /** sum nu_i ln(n_i / N) at an extent. */
  private static double massAction(Reaction reaction, double[] feed, double total, double extent) {
    double sum = 0;
    double moles = total + reaction.moleChange() * extent;
    for (int i = 0; i < feed.length; i++) {
      sum += reaction.nu[i] * Math.log((feed[i] + reaction.nu[i] * extent) / moles);
    }
    return sum;
  }

  /**
   * G/RT of an ideal-gas mixture at (T, P) with a Lagrange term for the element balances (C, H, O):
   * the objective of a Gibbs energy minimisation. Absent species contribute nothing.
   */
  @Differentiable
  public static double gibbsLagrangian(double[] moles, double[] multipliers, Gas[] gases,
      @NoDerivative double[] elementTotals, double t, double p) {
    requireInNasaRange(t);
    if (moles.length != gases.length) {
      throw new IllegalArgumentException(moles.length + " amounts for " + gases.length + " gases");
    }
    double total = 0;
    for (double n : moles) {
      if (n < 0) {
        throw new IllegalArgumentException("negative amount " + n);
      }
      total += n;
    }
    double g = 0;
    for (int i = 0; i < moles.length; i++) {
      if (moles[i] == 0) {
        continue;
      }
      g += moles[i] * (gibbsOverRT(gases[i], t) + Math.log(moles[i] / total) + Math.log(p / P_STANDARD));
    }
    for (int e = 0; e < elementTotals.length; e++) {
      double balance = -elementTotals[e];
      for (int i = 0; i < moles.length; i++) {
        balance += gases[i].atoms(e) * moles[i];
      }
      g -= multipliers[e] * balance;
    }
    return g;
  }

  /**
   * The adiabatic temperature of the products (moles per gas) when the reactants enter at t0: the
   * energy balance solved by Newton with the heat capacity as its slope.
   */
  @Differentiable
  public static double adiabaticFlameTemperature(double[] reactants, double[] products, Gas[] gases, double t0) {
    requireInNasaRange(t0);
    double target = 0;
    for (int i = 0; i < gases.length; i++) {
      target += reactants[i] * enthalpyOverR(gases[i], t0);
    }
    double t = 2000;
    for (int it = 0; it < 50; it++) {
      double h = -target, cp = 0;
      for (int i = 0; i < gases.length; i++) {
        h += products[i] * enthalpyOverR(gases[i], t);
        cp += products[i] * heatCapacityOverR(gases[i], t);
      }
      double step = h / cp;
      t -= step;
      requireInNasaRange(t);
      if (Math.abs(step) < 1e-10) {
        return t;
      }
    }
    throw new ArithmeticException("energy balance did not converge");
  }

  /** The pH of a weak acid HA partly neutralised by a strong base, from the charge balance. */
  @Differentiable
  public static double bufferPh(double acid, double base, double pKa) {
    if (acid < 0 || base < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "concentrations must be non-negative: acid %g, base %g", acid, base));
    }
    double ka = Math.pow(10, -pKa);
    double lo = 0, hi = 14;
    // the charge excess h + [Na+] - [A-] - [OH-] falls as the pH rises
    while (hi - lo > 1e-3) {
      double mid = 0.5 * (lo + hi);
      if (chargeExcess(mid, acid, base, ka) > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double ph = 0.5 * (lo + hi);
    for (int it = 0; it < 50; it++) {
      double h = Math.pow(10, -ph);
      double slope = -LN10 * h * (1 + acid * ka / ((ka + h) * (ka + h)) + KW / (h * h));
      double step = chargeExcess(ph, acid, base, ka) / slope;
      ph -= step;
      if (Math.abs(step) < 1e-13) {
        return ph;
      }
    }
    throw new ArithmeticException("charge balance: Newton did not converge");
  }

  private static double chargeExcess(double ph, double acid, double base, double ka) {
    double h = Math.pow(10, -ph);
    return h + base - acid * ka / (ka + h) - KW / h;
  }

  // ------------------------------------------------------------------ vapour pressure

  /** Antoine's equation log10(P / bar) = A - B / (T + C), in Pa. */
  @Differentiable
  public static double antoinePressure(double a, double b, double c, double t) {
    if (t + c <= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "T + C = %.2f is not positive", t + c));
    }
    return 1e5 * Math.pow(10, a - b / (t + c));
  }

  /** Wagner's equation (the 2.5-5 form) ln(P/Pc) = (Tc/T)(a tau + b tau^1.5 + c tau^2.5 + d tau^5). */
  @Differentiable
  public static double wagnerPressure(double[] coefficients, double tc, double pc, double t) {
    if (coefficients.length != 4) {
      throw new IllegalArgumentException("Wagner's equation takes 4 coefficients, got " + coefficients.length);
    }
    if (!(t > 0 && t < tc)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "T = %.2f K outside (0, Tc = %.2f K)", t, tc));
    }
    double tau = 1 - t / tc;
    double[] powers = {tau, Math.pow(tau, 1.5), Math.pow(tau, 2.5), Math.pow(tau, 5)};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += coefficients[i] * powers[i];
    }
    return pc * Math.exp(tc / t * sum);
  }

  /** The bubble temperature of an ideal liquid mixture at P by Newton on Raoult's law. */
  @Differentiable
  public static double bubbleTemperature(double p, double[] x, Species[] species) {
    requirePositive("pressure", p);
    double t = 0;
    for (int i = 0; i < x.length; i++) {
      t += x[i] * species[i].boilingTemperature(p);
    }
    for (int it = 0; it < 50; it++) {
      double f = -p, df = 0;
      for (int i = 0; i < x.length; i++) {
        f += x[i] * species[i].saturationPressure(t);
        df += x[i] * species[i].saturationPressureSlope(t);
      }
      double step = f / df;
      t -= step;
      if (Math.abs(step) < 1e-10) {
        return t;
      }
    }
    throw new ArithmeticException(String.format(Locale.ROOT, "bubble point at %.0f Pa did not converge", p));
  }

  // ------------------------------------------------------------------ activity models

  private static void requireSquare(double[][] m, int n, String what) {
    if (m.length != n) {
      throw new IllegalArgumentException(String.format("%s has %d rows for %d components", what, m.length, n));
    }
    for (double[] row : m) {
      if (row.length != n) {
        throw new IllegalArgumentException(String.format("%s has a row of %d for %d components", what, row.length,
            n));
      }
    }
  }

  /** G_ij = exp(-alpha_ij tau_ij). */
  private static double[][] nrtlG(double[][] tau, double[][] alpha) {
    int n = tau.length;
    double[][] g = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        g[i][j] = Math.exp(-alpha[i][j] * tau[i][j]);
      }
    }
    return g;
  }

  /** ln(gamma_i) of every component by NRTL. */
  @Differentiable
  public static double[] nrtlLnGammas(double[] x, double[][] tau, @NoDerivative double[][] alpha) {
    int n = x.length;
    requireSquare(tau, n, "tau");
    requireSquare(alpha, n, "alpha");
    double[][] g = nrtlG(tau, alpha);
    // per column j: sum_k x_k G_kj and sum_k x_k tau_kj G_kj
    double[] denominators = new double[n];
    double[] numerators = new double[n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        denominators[j] += x[k] * g[k][j];
        numerators[j] += x[k] * tau[k][j] * g[k][j];
      }
    }
    double[] lnGamma = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = numerators[i] / denominators[i];
      for (int j = 0; j < n; j++) {
        sum += x[j] * g[i][j] / denominators[j] * (tau[i][j] - numerators[j] / denominators[j]);
      }
      lnGamma[i] = sum;
    }
    return lnGamma;
  }

  /** The NRTL excess Gibbs energy g^E / RT of the mixture. */
  @Differentiable
  public static double nrtlExcessGibbs(double[] x, double[][] tau, @NoDerivative double[][] alpha) {
    int n = x.length;
    requireSquare(tau, n, "tau");
    double[][] g = nrtlG(tau, alpha);
    double ge = 0;
    for (int i = 0; i < n; i++) {
      double numerator = 0, denominator = 0;
      for (int j = 0; j < n; j++) {
        numerator += tau[j][i] * g[j][i] * x[j];
        denominator += g[j][i] * x[j];
      }
      ge += x[i] * numerator / denominator;
    }
    return ge;
  }

  /** The bubble pressure by modified Raoult's law, P = sum x_i gamma_i Psat_i, with NRTL activities. */
  @Differentiable
  public static double modifiedRaoultBubblePressure(double t, double[] x, Species[] species,
      NrtlParameters parameters) {
    if (species.length != x.length) {
      throw new IllegalArgumentException(x.length + " mole fractions for " + species.length + " species");
    }
    double[] lnGamma = nrtlLnGammas(x, parameters.tau(t), parameters.alpha());
    double p = 0;
    for (int i = 0; i < x.length; i++) {
      p += x[i] * Math.exp(lnGamma[i]) * species[i].saturationPressure(t);
    }
    return p;
  }

  /** Wilson's g^E / RT = -sum_i x_i ln(sum_j x_j Lambda_ij). */
  @Differentiable
  public static double wilsonExcessGibbs(double[] x, double[][] lambda) {
    requireSquare(lambda, x.length, "Lambda");
    double ge = 0;
    int i = 0;
    for (double[] row : lambda) {
      double mixed = 0;
      for (int j = 0; j < row.length; j++) {
        mixed += x[j] * row[j];
      }
      ge -= x[i++] * Math.log(mixed);
    }
    return ge;
  }

  /** The ideal entropy of mixing per mole, -R sum x ln x (0 ln 0 = 0). */
  @Differentiable
  public static double idealMixingEntropy(double[] x) {
    double s = 0;
    for (double xi : x) {
      if (xi < 0) {
        throw new IllegalArgumentException("negative mole fraction " + xi);
      }
      if (xi > 0) {
        s -= xi * Math.log(xi);
      }
    }
    return R * s;
  }

  // ------------------------------------------------------------------ correlations

  /** The compressibility from the Pitzer correlation of the second virial coefficient. */
  @Differentiable
  public static double pitzerVirialZ(double t, double p, Species s) {
    double tr = t / s.tc;
    double pr = p / s.pc;
    double b0 = 0.083 - 0.422 / Math.pow(tr, 1.6);
    double b1 = 0.139 - 0.172 / Math.pow(tr, 4.2);
    return 1 + (b0 + s.omega * b1) * pr / tr;
  }

  /** The van der Waals pressure of a gas at molar volume v. */
  @Differentiable
  public static double vanDerWaalsPressure(double t, double v, double a, double b) {
    if (v <= b) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "molar volume %.3e must exceed the covolume %.3e", v, b));
    }
    return R * t / (v - b) - a / (v * v);
  }

  /** The dilute-gas viscosity by Chapman-Enskog with Neufeld's collision integral, micropoise. */
  @Differentiable
  public static double chapmanEnskogViscosity(double t, LennardJones gas) {
    double reduced = t / gas.epsilonOverK();
    double omega = 1.16145 * Math.pow(reduced, -0.14874) + 0.52487 * Math.exp(-0.77320 * reduced)
        + 2.16178 * Math.exp(-2.43787 * reduced);
    return 26.69 * Math.sqrt(gas.molarMass() * t) / (gas.sigma() * gas.sigma() * omega);
  }

  // ------------------------------------------------------------------ more kinetics

  /** The right-hand side of a kinetic model, dc/dt as a function of c. */
  @FunctionalInterface
  interface RateLaw {
    double[] rates(double[] c);
  }

  /** Heun's method (explicit trapezoid) for a kinetic model, from initial over steps of h. */
  private static double[] integrateHeun(RateLaw law, double[] initial, double h, int steps) {
    double[] y = initial.clone();
    for (int n = 0; n < steps; n++) {
      double[] k1 = law.rates(y);
      double[] predicted = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        predicted[i] = y[i] + h * k1[i];
      }
      double[] k2 = law.rates(predicted);
      for (int i = 0; i < y.length; i++) {
        y[i] += h / 2 * (k1[i] + k2[i]);
      }
    }
    return y;
  }

  /** A -> B -> C by Heun's method with the rate law given as a lambda; returns B at the end. */
  @Differentiable
  public static double heunSeriesIntermediate(double k1, double k2, double time) {
    double[] end = integrateHeun(c -> new double[] {-k1 * c[0], k1 * c[0] - k2 * c[1]}, new double[] {1, 0},
        time / 50, 50);
    return end[1];
  }

  /** The rate k c^order of a simple reaction of order 0 to 3, written as such code is. */
  @Differentiable
  @SuppressWarnings("fallthrough")
  public static double powerLawRate(double k, double c, int order) {
    double rate = k;
    switch (order) {
      case 3:
        rate *= c;
        // falls through
      case 2:
        rate *= c;
        // falls through
      case 1:
        rate *= c;
        break;
      case 0:
        break;
      default:
        throw new IllegalArgumentException("unsupported reaction order " + order);
    }
    return rate;
  }

  /**
   * The adsorption capacity of a bed of sites, one row of site loadings per pellet; a pellet with a
   * poisoned (negative) site contributes nothing.
   */
  @Differentiable
  public static double unpoisonedCapacity(double[][] loadings) {
    double capacity = 0;
    pellets:
    for (double[] pellet : loadings) {
      double sum = 0;
      for (double loading : pellet) {
        if (loading < 0) {
          continue pellets;
        }
        sum += loading * loading / (1 + loading);
      }
      capacity += sum;
    }
    return capacity;
  }

  // ------------------------------------------------------------------ more equations of state

  /** The vapour compressibility of SRK by the trigonometric (Cardano) solution of the cubic. */
  @Differentiable
  public static double srkVapourZ(double t, double p, Species s) {
    double[] ab = cubicAB(t, p, s, CubicFamily.SOAVE_REDLICH_KWONG);
    double[] c = cubicCoefficients(ab[0], ab[1], CubicFamily.SOAVE_REDLICH_KWONG);
    double a = c[0], b = c[1];
    double q = (a * a - 3 * b) / 9;
    double r = (2 * a * a * a - 9 * a * b + 27 * c[2]) / 54;
    if (r * r < q * q * q) {
      // three real roots: the largest of -2 sqrt(q) cos((theta + 2 pi k) / 3) - a / 3
      double theta = Math.acos(r / Math.sqrt(q * q * q));
      double largest = Double.NEGATIVE_INFINITY;
      for (int k = -1; k <= 1; k++) {
        largest = Math.max(largest, -2 * Math.sqrt(q) * Math.cos((theta + 2 * Math.PI * k) / 3) - a / 3);
      }
      return largest;
    }
    double big = -Math.copySign(Math.cbrt(Math.abs(r) + Math.sqrt(r * r - q * q * q)), r);
    double small = big == 0 ? 0 : q / big;
    return big + small - a / 3;
  }

  /**
   * The van der Waals molar volume (L/mol) at T and P (bar), with a in bar L^2/mol^2 and b in L/mol,
   * by Newton's method from the ideal gas.
   */
  @Differentiable
  public static double vanDerWaalsVolume(double t, double p, double a, double b) {
    final double r = 0.0831446;
    double v = r * t / p;
    double step;
    int iterations = 0;
    do {
      double f = r * t / (v - b) - a / (v * v) - p;
      double df = -r * t / ((v - b) * (v - b)) + 2 * a / (v * v * v);
      step = f / df;
      v -= step;
      if (++iterations > 100) {
        throw new ArithmeticException(String.format(Locale.ROOT, "van der Waals volume at %.1f K, %.0f bar", t, p));
      }
    } while (Math.abs(step) > 1e-14 * v);
    return v;
  }

  /** Wilson's estimate of a K-value. */
  private static double wilsonK(Species s, double t, double p) {
    return s.pc / p * Math.exp(5.373 * (1 + s.omega) * (1 - s.tc / t));
  }

  /**
   * An isothermal Peng-Robinson flash by successive substitution from Wilson's K-values; returns
   * the vapour fraction.
   */
  @Differentiable
  public static double ptFlash(double t, double p, double[] z, Species[] species, @NoDerivative double[][] kij) {
    int n = z.length;
    double[] k = new double[n];
    for (int i = 0; i < n; i++) {
      k[i] = wilsonK(species[i], t, p);
    }
    for (int it = 0; it < 500; it++) {
      double beta = vapourFraction(z, k);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = z[i] / (1 + beta * (k[i] - 1));
        y[i] = k[i] * x[i];
      }
      double change = 0;
      for (int i = 0; i < n; i++) {
        double lnK = mixtureLnFugacity(t, p, x, species, kij, i, Phase.LIQUID)
            - mixtureLnFugacity(t, p, y, species, kij, i, Phase.VAPOUR);
        double next = Math.exp(lnK);
        change = Math.max(change, Math.abs(next / k[i] - 1));
        k[i] = next;
      }
      if (change < 1e-13) {
        int iterations = it + 1;
        LOG.fine(() -> String.format(Locale.ROOT, "flash at %.1f K converged in %d steps: beta = %.6f", t, iterations,
            beta));
        return beta;
      }
    }
    throw new ArithmeticException("successive substitution did not converge");
  }

  /** The moles in each phase of the flash of feedMoles: {liquid_1..liquid_n, vapour_1..vapour_n}. */
  @Differentiable
  public static double[] flashPhaseMoles(double[] z, double[] k, double feedMoles) {
    double[] moles = flashCompositions(z, k);
    double beta = vapourFraction(z, k);
    int n = z.length;
    for (int i = 0; i < n; i++) {
      moles[i] *= (1 - beta) * feedMoles;
      moles[n + i] *= beta * feedMoles;
    }
    return moles;
  }

  // ------------------------------------------------------------------ more properties

  /** Small algebra for property correlations. */
  private static final class Polynomials {
    private Polynomials() {}

    /** c[0] + c[1] x + c[2] x^2 + ... */
    private static double horner(double[] c, double x) {
      double s = 0;
      for (int i = c.length - 1; i >= 0; i--) {
        s = s * x + c[i];
      }
      return s;
    }
  }

  /** Combining rules of the mixing rules. */
  interface CombiningRules {
    static double geometricMean(double a, double b) {
      return Math.sqrt(a * b);
    }

    static double arithmeticMean(double a, double b) {
      return (a + b) / 2;
    }
  }

  /** A heat capacity polynomial cp = c0 + c1 T + c2 T^2 + ..., T in kK, at t (K). */
  @Differentiable
  public static double polynomialHeatCapacity(double[] coefficients, double t) {
    if (coefficients.length == 0) {
      throw new IllegalArgumentException("no heat capacity coefficients");
    }
    return Polynomials.horner(coefficients, t / 1000);
  }

  /** The Lennard-Jones parameters of a pair by the Lorentz-Berthelot rules, as sigma^6 epsilon. */
  @Differentiable
  public static double lorentzBerthelotC6(double sigma1, double sigma2, double epsilon1, double epsilon2) {
    double sigma = CombiningRules.arithmeticMean(sigma1, sigma2);
    return Math.pow(sigma, 6) * CombiningRules.geometricMean(epsilon1, epsilon2);
  }

  /** cp of nitrogen, J/(mol K), a polynomial fit. */
  private static double nitrogenHeatCapacity(double t) {
    return 28.98641 + 1.853978e-3 * t - 9.647459e-6 * t * t / 1e3 + 1.6e-9 * t * t * t / 1e3;
  }

  /** Simpson's rule for f over [a, b] with n (even) intervals. */
  private static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return sum * h / 3;
  }

  /** The sensible enthalpy of nitrogen from t1 to t2, by Simpson's rule over its heat capacity. */
  @Differentiable
  public static double nitrogenSensibleEnthalpy(double t1, double t2) {
    return simpson(Chemistry::nitrogenHeatCapacity, t1, t2, 20);
  }

  /** cp(T) / cp(0) by a model whose constants implement it, times T. */
  @Differentiable
  public static double modelHeatCapacityRatio(double t, HeatCapacityModel model) {
    return model.relative(t) * t;
  }

  /** The ideal-gas entropy change from (t1, p1) to (t2, p2) with a constant cp, with StrictMath. */
  @Differentiable
  public static double idealGasEntropyChange(double t1, double p1, double t2, double p2, double cp) {
    return cp * StrictMath.log(t2 / t1) - R * StrictMath.log(p2 / p1);
  }

  /** The speed of sound in an ideal gas, m/s; the molar mass in kg/mol. */
  @Differentiable
  public static double speedOfSound(double t, double gamma, double molarMass) {
    assert t > 0 : "temperature " + t;
    return Math.sqrt(gamma * R * t / molarMass);
  }

  /** log10 of a pressure given in bar, atm or Pa, in bar. */
  @Differentiable
  public static double log10PressureInBar(double p, String units) {
    double pascal = switch (units) {
      case "bar" -> p * 1e5;
      case "atm" -> p * 101325;
      case "Pa" -> p;
      default -> throw new IllegalArgumentException("unknown pressure unit " + units);
    };
    var bar = pascal / 1e5;
    return Math.log10(bar);
  }

  /** The pseudo-reduced temperature of an equimolar mixture by Kay's rule. */
  @Differentiable
  public static double kayReducedTemperature(double t, List<Species> mixture) {
    double pseudoCritical = 0;
    for (Species s : mixture) {
      pseudoCritical += s.tc / mixture.size();
    }
    return t / pseudoCritical;
  }

  /** Raoult's law: the vapour pressure of an ideal liquid given as fractions by species. */
  @Differentiable
  public static double raoultPressure(double t, Map<Species, Double> liquid) {
    double p = 0;
    for (Map.Entry<Species, Double> entry : liquid.entrySet()) {
      p += entry.getValue() * entry.getKey().saturationPressure(t);
    }
    return p;
  }

  /** The ideal entropy of mixing of the phase chosen, -R sum w ln w. */
  @Differentiable
  public static double phaseMixingEntropy(double[] x, double[] y, Phase phase) {
    double[] w = phase == Phase.VAPOUR ? y : x;
    double s = 0;
    for (double v : w) {
      s -= v * Math.log(v);
    }
    return R * s;
  }

  /** Divides an array by its sum, in place. */
  private static void normalise(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] /= sum;
    }
  }

  /** The ideal entropy of mixing of amounts (not fractions), normalised in a copy. */
  @Differentiable
  public static double mixingEntropyOfAmounts(double[] amounts) {
    double[] x = amounts.clone();
    normalise(x);
    double s = 0;
    for (double v : x) {
      s -= v * Math.log(v);
    }
    return R * s;
  }

  /** The regular-solution excess Gibbs energy w x1 x2 of a binary; the fractions are normalised in place. */
  @Differentiable
  public static double regularSolutionExcess(double[] fractions, double w) {
    if (fractions.length != 2) {
      throw new IllegalArgumentException("a binary takes 2 fractions, got " + fractions.length);
    }
    normalise(fractions);
    return w * fractions[0] * fractions[1];
  }

  /**
   * The determinant of the compositions of two streams (rows of amounts, normalised in place): zero
   * when the streams have the same composition.
   */
  @Differentiable
  public static double compositionDeterminant(double[][] streams) {
    for (double[] stream : streams) {
      normalise(stream);
    }
    return streams[0][0] * streams[1][1] - streams[0][1] * streams[1][0];
  }

  /** Mole fractions from amounts, or a copy when they are fractions already. */
  @Differentiable
  public static double[] moleFractions(double[] amounts, boolean alreadyFractions) {
    if (alreadyFractions) {
      return amounts.clone();
    }
    double total = 0;
    for (double n : amounts) {
      total += n;
    }
    double[] x = new double[amounts.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = amounts[i] / total;
    }
    return x;
  }

  private static final double[] STEAM_T = {300, 350, 400, 450, 500};
  private static final double[] STEAM_P = {3.5e3, 41.7e3, 245.8e3, 932.0e3, 2637.9e3};

  /** The saturation pressure of water by log-linear interpolation of a table on a 50 K grid. */
  @Differentiable
  public static double steamPressureLogLinear(double t) {
    int i = (int) Math.floor((t - STEAM_T[0]) / 50);
    i = Math.max(0, Math.min(STEAM_T.length - 2, i));
    double fraction = (t - STEAM_T[i]) / (STEAM_T[i + 1] - STEAM_T[i]);
    return Math.exp(Math.log(STEAM_P[i]) * (1 - fraction) + Math.log(STEAM_P[i + 1]) * fraction);
  }

  /** The same table, interpolated linearly in the interval found by binary search. */
  @Differentiable
  public static double steamPressureLinear(double t) {
    if (t < STEAM_T[0] || t > STEAM_T[STEAM_T.length - 1]) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "T = %.1f K outside the steam table", t));
    }
    int k = Arrays.binarySearch(STEAM_T, t);
    int i = k >= 0 ? Math.min(k, STEAM_T.length - 2) : -k - 2;
    double fraction = (t - STEAM_T[i]) / (STEAM_T[i + 1] - STEAM_T[i]);
    return STEAM_P[i] + fraction * (STEAM_P[i + 1] - STEAM_P[i]);
  }

  private static final double[] ATOMIC_MASS = new double[128];

  static {
    ATOMIC_MASS['H'] = 1.008;
    ATOMIC_MASS['C'] = 12.011;
    ATOMIC_MASS['N'] = 14.007;
    ATOMIC_MASS['O'] = 15.999;
  }

  /** The molar mass of a formula of one-letter elements, such as CH4 or C2H5OH. */
  static double molarMass(String formula) {
    double mass = 0;
    for (int i = 0; i < formula.length(); ) {
      char element = formula.charAt(i++);
      if (ATOMIC_MASS[element] == 0) {
        throw new IllegalArgumentException("unknown element " + element + " in " + formula);
      }
      int count = 0;
      while (i < formula.length() && Character.isDigit(formula.charAt(i))) {
        count = 10 * count + (formula.charAt(i++) - '0');
      }
      mass += ATOMIC_MASS[element] * Math.max(count, 1);
    }
    return mass;
  }

  /** The mass fraction of one component of a mixture given in moles and formulas. */
  @Differentiable
  public static double massFraction(double[] moles, String[] formulas, int component) {
    double total = 0;
    for (int i = 0; i < moles.length; i++) {
      total += moles[i] * molarMass(formulas[i]);
    }
    return moles[component] * molarMass(formulas[component]) / total;
  }

  // ------------------------------------------------------------------ older and newer spellings

  /** ln K from the reaction enthalpy and entropy, named as a chemist writes them. */
  @Differentiable
  public static double lnKFromEnthalpyAndEntropy(double ΔH, double ΔS, double T) {
    double ΔG = ΔH - T * ΔS;
    return -ΔG / (R * T);
  }

  /** Dalton's law: the total of partial pressures, given as varargs. */
  @Differentiable
  public static double daltonTotal(double... partialPressures) {
    double total = 0;
    for (double p : partialPressures) {
      total += p;
    }
    return total;
  }

  /**
   * The total rate of second-order reactions, in the C-style array declarations of code ported from
   * Fortran: rate j is k[j] c[j][0] c[j][1], with a float literal for the half of a symmetric pair.
   */
  @Differentiable
  public static double legacySecondOrderRate(double k[], double c[][]) {
    double rates[] = new double[k.length];
    for (int j = 0; j < k.length; j++) {
      rates[j] = k[j] * c[j][0] * c[j][1];
      if (c[j][0] == c[j][1]) {
        rates[j] *= 0.5f;
      }
    }
    double total = 0;
    for (int j = 0; j < rates.length; j++) {
      total += rates[j];
    }
    return total;
  }
}
