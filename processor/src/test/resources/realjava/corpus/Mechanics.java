package corpus;

import io.javagrad.Differentiable;
import java.util.function.DoubleUnaryOperator;

/**
 * Mechanics and numerics of engineering codes: a gas enum with fields and a constructor read in
 * isentropic flow, Simpson's rule with a lambda integrand, periodic upwind advection, a truss
 * assembled over an int[][] connectivity table by a void helper writing into a double[][]
 * argument (dofs and element matrices as bare initializers), adaptive Simpson by recursion, table
 * interpolation through an int helper, and a drag law chosen by regime.
 */
public final class Mechanics {
  private Mechanics() {}

  public enum Gas {
    NITROGEN(28.0134, 1.400), ARGON(39.948, 1.667), CO2(44.01, 1.289);

    private final double molarMass;
    final double gamma;

    Gas(double molarMass, double gamma) {
      this.molarMass = molarMass;
      this.gamma = gamma;
    }

    double molarMass() {
      return molarMass;
    }
  }

  /** Isentropic stagnation pressure: the speed of sound from the gas constant's fields, then the Mach number. */
  @Differentiable
  public static double stagnationPressure(Gas gas, double temperature, double velocity, double pressure) {
    double r = 8.314462618 / (gas.molarMass() * 1e-3);
    double a = Math.sqrt(gas.gamma * r * temperature);
    double mach = velocity / a;
    double g = gas.gamma;
    return pressure * Math.pow(1 + (g - 1) / 2 * mach * mach, g / (g - 1));
  }

  /** Composite Simpson over a Gaussian by stride-2 loops, the integrand a lambda held by a local. */
  @Differentiable
  public static double simpson(double a, double b, double k, int n) {
    if (n % 2 != 0) {
      throw new IllegalArgumentException("n must be even: " + n);
    }
    DoubleUnaryOperator f = x -> Math.exp(-k * x * x);
    double h = (b - a) / n;
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i += 2) {
      s += 4 * f.applyAsDouble(a + i * h);
    }
    for (int i = 2; i < n; i += 2) {
      s += 2 * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }

  /** First-order upwind advection on a periodic grid (the left neighbour by %); returns the squared norm. */
  @Differentiable
  public static double upwindPeriodic(double[] u0, double courant, int steps) {
    int n = u0.length;
    double[] u = u0.clone();
    double[] next = new double[n];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        next[i] = u[i] - courant * (u[i] - u[(i - 1 + n) % n]);
      }
      double[] t = u;
      u = next;
      next = t;
    }
    double sumSq = 0;
    for (double v : u) {
      sumSq += v * v;
    }
    return sumSq;
  }

  private static final int[][] BARS = {{0, 1}, {1, 2}, {0, 2}, {2, 3}, {1, 3}};

  /** Assembles a truss stiffness through a void helper writing a double[][] argument. */
  private static void addBar(double[][] k, int a, int b, double ea, double dx, double dy) {
    double len = Math.sqrt(dx * dx + dy * dy);
    double c = dx / len, s = dy / len;
    double[] t = {c * c, c * s, s * s};
    double f = ea / len;
    int[] dofs = {2 * a, 2 * a + 1, 2 * b, 2 * b + 1};
    double[][] local = {{t[0], t[1], -t[0], -t[1]}, {t[1], t[2], -t[1], -t[2]}, {-t[0], -t[1], t[0], t[1]},
        {-t[1], -t[2], t[1], t[2]}};
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        k[dofs[i]][dofs[j]] += f * local[i][j];
      }
    }
  }

  /** The trace of the assembled truss stiffness over a connectivity table. */
  @Differentiable
  public static double trussTrace(double[] x, double[] y, double ea) {
    double[][] k = new double[2 * x.length][2 * x.length];
    for (int[] bar : BARS) {
      int a = bar[0], b = bar[1];
      addBar(k, a, b, ea, x[b] - x[a], y[b] - y[a]);
    }
    double trace = 0;
    for (int i = 0; i < k.length; i++) {
      trace += k[i][i] * k[i][i];
    }
    return trace;
  }

  /** Adaptive Simpson, recursing on halves with Richardson's correction. */
  private static double adaptive(double a, double b, double fa, double fm, double fb, double whole, double k,
      double tol, int depth) {
    double m = (a + b) / 2;
    double lm = (a + m) / 2, rm = (m + b) / 2;
    double flm = f(lm, k), frm = f(rm, k);
    double left = (m - a) / 6 * (fa + 4 * flm + fm);
    double right = (b - m) / 6 * (fm + 4 * frm + fb);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) {
      return left + right + (left + right - whole) / 15;
    }
    return adaptive(a, m, fa, flm, fm, left, k, tol / 2, depth - 1) + adaptive(m, b, fm, frm, fb, right, k, tol / 2,
        depth - 1);
  }

  private static double f(double x, double k) {
    return Math.sin(k * x) / (1 + x * x);
  }

  /** The integral of sin(kx)/(1+x^2) over [a, b]. */
  @Differentiable
  public static double adaptiveSimpson(double a, double b, double k) {
    double fa = f(a, k), fb = f(b, k), fm = f((a + b) / 2, k);
    double whole = (b - a) / 6 * (fa + 4 * fm + fb);
    return adaptive(a, b, fa, fm, fb, whole, k, 1e-9, 20);
  }

  /** The interval of a sorted table holding x, by bisection: an int helper of active arguments. */
  private static int span(double[] knots, double x) {
    int lo = 0, hi = knots.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (x < knots[mid]) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return lo;
  }

  /** Linear interpolation in a table. */
  @Differentiable
  public static double piecewiseLinear(double[] knots, double[] values, double x) {
    int i = span(knots, x);
    double t = (x - knots[i]) / (knots[i + 1] - knots[i]);
    return values[i] + t * (values[i + 1] - values[i]);
  }

  /** A sphere's drag coefficient by flow regime (a switch on a nested ternary, a yielding block), capped early. */
  @Differentiable
  public static double dragCoefficient(double reynolds, double roughness) {
    double cd = switch (reynolds < 1 ? 0 : reynolds < 1e3 ? 1 : 2) {
      case 0 -> 24 / reynolds;
      case 1 -> {
        double r = 24 / reynolds * (1 + 0.15 * Math.pow(reynolds, 0.687));
        yield roughness > 0.01 ? r * 1.1 : r;
      }
      default -> 0.44;
    };
    for (int i = 0; i < 3; i++) {
      if (cd > 10 * (i + 1)) {
        return cd / (i + 1);
      }
    }
    return cd;
  }
}
