package corpus;

import io.javagrad.Differentiable;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Unconstrained optimisation test problems as the Moré-Garbow-Hillstrom collection (and CUTEst
 * after it) states them: each a sum of squared residuals f_i, written as the collections' Fortran
 * and its Java ports write them, with the residuals of some as vectors for Jacobian checks, and the
 * data of the least-squares problems as constant tables; then problems chosen by an enum whose
 * method switches on this, residuals given to a generic sum of squares as a method reference and as
 * a lambda of statements, discrete boundary value and integral equations, Watson, Gulf, Meyer over
 * a stream, Biggs EXP6, and an objective given to a ToDoubleFunction; test functions as an enum's
 * constant bodies, a line sampled through an anonymous class, a Gauss-Newton step whose Jacobian a
 * void helper fills, Booth through a static final function, and Himmelblau over a permutation.
 */
public final class TestProblems {
  /** Beale's targets y_i, i = 1..3. */
  private static final double[] BEALE_Y = {1.5, 2.25, 2.625};

  /** Osborne 1: the 33 observations y_i at t_i = 10 (i - 1). */
  private static final double[] OSBORNE1_Y = {
      0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
      0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
      0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406};

  /** Bard: the 15 observations; u_i = i, v_i = 16 - i, w_i = min(u_i, v_i). */
  private static final double[] BARD_Y = {
      0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39};

  /** Kowalik-Osborne: the rates y_i at the concentrations u_i. */
  private static final double[][] KOWALIK_OSBORNE = {
      {0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246},
      {4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625}};

  /** Meyer's data (MGH 10): y_i at t_i = 45 + 5 i. */
  private static final double[] MEYER_Y = {34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005,
      5147, 4427, 3820, 3307, 2872};

  private TestProblems() {}

  private static void requireMultipleOf(double[] x, int block, String problem) {
    if (x.length == 0 || x.length % block != 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s needs n a positive multiple of %d, got n = %d", problem, block, x.length));
    }
  }

  private static double sumOfSquares(double[] f) {
    double sum = 0;
    for (double fi : f) {
      sum += fi * fi;
    }
    return sum;
  }

  /** Extended Rosenbrock (MGH 21): pairs f_{2i-1} = 10 (x_{2i} - x_{2i-1}^2), f_{2i} = 1 - x_{2i-1}. */
  @Differentiable
  public static double[] extendedRosenbrockResiduals(double[] x) {
    requireMultipleOf(x, 2, "extended Rosenbrock");
    double[] f = new double[x.length];
    for (int i = 0; i < x.length; i += 2) {
      f[i] = 10 * (x[i + 1] - x[i] * x[i]);
      f[i + 1] = 1 - x[i];
    }
    return f;
  }

  /** Extended Rosenbrock summed: the objective a minimiser is given. */
  @Differentiable
  public static double extendedRosenbrock(double[] x) {
    return sumOfSquares(extendedRosenbrockResiduals(x));
  }

  /** Extended Powell singular (MGH 22): blocks of four, the residual chosen by i mod 4. */
  @Differentiable
  public static double powellSingular(double[] x) {
    requireMultipleOf(x, 4, "Powell singular");
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      int base = i - i % 4;
      double fi;
      switch (i % 4) {
        case 0:
          fi = x[base] + 10 * x[base + 1];
          break;
        case 1:
          fi = Math.sqrt(5) * (x[base + 2] - x[base + 3]);
          break;
        case 2:
          fi = Math.pow(x[base + 1] - 2 * x[base + 2], 2);
          break;
        default:
          fi = Math.sqrt(10) * Math.pow(x[base] - x[base + 3], 2);
      }
      sum += fi * fi;
    }
    return sum;
  }

  /** Broyden tridiagonal (MGH 30): f_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1, x_0 = x_{n+1} = 0. */
  @Differentiable
  public static double[] broydenTridiagonalResiduals(double[] x) {
    int n = x.length;
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      double previous = i > 0 ? x[i - 1] : 0;
      double next = i < n - 1 ? x[i + 1] : 0;
      f[i] = (3 - 2 * x[i]) * x[i] - previous - 2 * next + 1;
    }
    return f;
  }

  /** Broyden tridiagonal summed. */
  @Differentiable
  public static double broydenTridiagonal(double[] x) {
    return sumOfSquares(broydenTridiagonalResiduals(x));
  }

  /** Trigonometric (MGH 26): f_i = n - sum_j cos x_j + i (1 - cos x_i) - sin x_i. */
  @Differentiable
  public static double trigonometric(double[] x) {
    int n = x.length;
    double cosSum = 0;
    for (double xj : x) {
      cosSum += Math.cos(xj);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double fi = n - cosSum + (i + 1) * (1 - Math.cos(x[i])) - Math.sin(x[i]);
      sum += fi * fi;
    }
    return sum;
  }

  /**
   * Chebyquad (MGH 35): f_i = (1/n) sum_j T_i(2 x_j - 1) - integral of T_i over [0, 1], the
   * shifted Chebyshev polynomials by their three-term recurrence, stored per x_j in a table.
   */
  @Differentiable
  public static double[] chebyquadResiduals(double[] x, int m) {
    int n = x.length;
    if (m < 1) {
      throw new IllegalArgumentException("need at least one residual, got m = " + m);
    }
    double[][] t = new double[m + 1][n];
    for (int j = 0; j < n; j++) {
      double y = 2 * x[j] - 1;
      t[0][j] = 1;
      t[1 % (m + 1)][j] = y;
      for (int i = 2; i <= m; i++) {
        t[i][j] = 2 * y * t[i - 1][j] - t[i - 2][j];
      }
    }
    double[] f = new double[m];
    for (int i = 1; i <= m; i++) {
      double mean = 0;
      for (int j = 0; j < n; j++) {
        mean += t[i][j];
      }
      mean /= n;
      double integral = i % 2 == 0 ? -1.0 / (i * i - 1) : 0;
      f[i - 1] = mean - integral;
    }
    return f;
  }

  /** Chebyquad with m = n, the recurrence in rolling locals rather than a table. */
  @Differentiable
  public static double chebyquad(double[] x) {
    int n = x.length;
    double[] mean = new double[n + 1];
    for (double xj : x) {
      double y = 2 * xj - 1;
      double previous = 1;
      double current = y;
      mean[1] += current;
      for (int i = 2; i <= n; i++) {
        double next = 2 * y * current - previous;
        previous = current;
        current = next;
        mean[i] += current;
      }
    }
    double sum = 0;
    for (int i = 1; i <= n; i++) {
      double fi = mean[i] / n + (i % 2 == 0 ? 1.0 / (i * i - 1) : 0);
      sum += fi * fi;
    }
    return sum;
  }

  /** Brown almost-linear (MGH 27): f_i = x_i + sum x - (n + 1) for i less than n, f_n = prod x - 1. */
  @Differentiable
  public static double brownAlmostLinear(double[] x) {
    int n = x.length;
    double total = 0;
    double product = 1;
    for (double xj : x) {
      total += xj;
      product *= xj;
    }
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      double fi = x[i] + total - (n + 1);
      sum += fi * fi;
    }
    double last = product - 1;
    return sum + last * last;
  }

  /** Beale (MGH 5): f_i = y_i - x1 (1 - x2^i). */
  @Differentiable
  public static double beale(double x1, double x2) {
    double sum = 0;
    double power = 1;
    for (int i = 0; i < BEALE_Y.length; i++) {
      power *= x2;
      double fi = BEALE_Y[i] - x1 * (1 - power);
      sum += fi * fi;
    }
    return sum;
  }

  /** Wood (MGH 14), in the collection's closed form. */
  @Differentiable
  public static double wood(double[] x) {
    if (x.length != 4) {
      throw new IllegalArgumentException("Wood's function has 4 variables, got " + x.length);
    }
    double x1 = x[0], x2 = x[1], x3 = x[2], x4 = x[3];
    return 100 * Math.pow(x2 - x1 * x1, 2) + Math.pow(1 - x1, 2) + 90 * Math.pow(x4 - x3 * x3, 2)
        + Math.pow(1 - x3, 2) + 10.1 * (Math.pow(x2 - 1, 2) + Math.pow(x4 - 1, 2))
        + 19.8 * (x2 - 1) * (x4 - 1);
  }

  /** The angle theta(x1, x2) of the helical valley, in turns: atan(x2/x1)/(2 pi), plus 1/2 for x1 negative. */
  private static double theta(double x1, double x2) {
    if (x1 == 0) {
      return x2 >= 0 ? 0.25 : -0.25;
    }
    double angle = Math.atan(x2 / x1) / (2 * Math.PI);
    return x1 > 0 ? angle : angle + 0.5;
  }

  /** Helical valley (MGH 7) residuals: 10 (x3 - 10 theta), 10 (r - 1), x3. */
  @Differentiable
  public static double[] helicalValleyResiduals(double[] x) {
    double r = Math.hypot(x[0], x[1]);
    return new double[] {10 * (x[2] - 10 * theta(x[0], x[1])), 10 * (r - 1), x[2]};
  }

  /** Helical valley written with atan2, as later ports do, summed. */
  @Differentiable
  public static double helicalValley(double x1, double x2, double x3) {
    double turns = Math.atan2(x2, x1) / (2 * Math.PI);
    if (turns < 0) {
      turns += 1; // atan2's range (-pi, pi] folded to the collection's
    }
    double f1 = 10 * (x3 - 10 * turns);
    double f2 = 10 * (Math.sqrt(x1 * x1 + x2 * x2) - 1);
    return f1 * f1 + f2 * f2 + x3 * x3;
  }

  /** Osborne 1 (MGH 17) residuals: y_i - (x1 + x2 exp(-t_i x4) + x3 exp(-t_i x5)). */
  @Differentiable
  public static double[] osborne1Residuals(double[] x) {
    if (x.length != 5) {
      throw new IllegalArgumentException("Osborne 1 has 5 parameters, got " + x.length);
    }
    double[] f = new double[OSBORNE1_Y.length];
    for (int i = 0; i < f.length; i++) {
      double t = 10.0 * i;
      f[i] = OSBORNE1_Y[i] - (x[0] + x[1] * Math.exp(-t * x[3]) + x[2] * Math.exp(-t * x[4]));
    }
    return f;
  }

  /** Osborne 1 summed. */
  @Differentiable
  public static double osborne1(double[] x) {
    return sumOfSquares(osborne1Residuals(x));
  }

  /** Bard (MGH 8): f_i = y_i - (x1 + u_i / (v_i x2 + w_i x3)). */
  @Differentiable
  public static double bard(double x1, double x2, double x3) {
    double sum = 0;
    for (int i = 1; i <= BARD_Y.length; i++) {
      int u = i;
      int v = 16 - i;
      int w = Math.min(u, v);
      double fi = BARD_Y[i - 1] - (x1 + u / (v * x2 + w * x3));
      sum += fi * fi;
    }
    return sum;
  }

  /** Kowalik-Osborne (MGH 15): f_i = y_i - x1 (u_i^2 + u_i x2) / (u_i^2 + u_i x3 + x4). */
  @Differentiable
  public static double kowalikOsborne(double[] x) {
    double[] y = KOWALIK_OSBORNE[0];
    double[] u = KOWALIK_OSBORNE[1];
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double fi = y[i] - x[0] * (u[i] * u[i] + u[i] * x[1]) / (u[i] * u[i] + u[i] * x[2] + x[3]);
      sum += fi * fi;
    }
    return sum;
  }

  /** Freudenstein and Roth (MGH 2), its two residuals as a vector. */
  @Differentiable
  public static double[] freudensteinRothResiduals(double x1, double x2) {
    return new double[] {
        -13 + x1 + ((5 - x2) * x2 - 2) * x2,
        -29 + x1 + ((x2 + 1) * x2 - 14) * x2};
  }

  /** Box three-dimensional (MGH 12) with m residuals at t_i = 0.1 i. */
  @Differentiable
  public static double box3d(double x1, double x2, double x3, int m) {
    double sum = 0;
    for (int i = 1; i <= m; i++) {
      double t = 0.1 * i;
      double fi = Math.exp(-t * x1) - Math.exp(-t * x2) - x3 * (Math.exp(-t) - Math.exp(-10 * t));
      sum += fi * fi;
    }
    return sum;
  }

  /** A residual vector of a problem. */
  @FunctionalInterface
  interface Residuals {
    double[] at(double[] x);
  }

  /** Problems chosen by name, as a benchmark driver picks them. */
  public enum Problem {
    ROSENBROCK(2), BROWN_BADLY_SCALED(2), JENNRICH_SAMPSON(2);

    final int dimension;

    Problem(int dimension) {
      this.dimension = dimension;
    }

    double value(double[] x) {
      switch (this) {
        case ROSENBROCK:
          return 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2);
        case BROWN_BADLY_SCALED: {
          double f1 = x[0] - 1e6;
          double f2 = x[1] - 2e-6;
          double f3 = x[0] * x[1] - 2;
          return f1 * f1 + f2 * f2 + f3 * f3;
        }
        default: {
          double sum = 0;
          for (int i = 1; i <= 10; i++) {
            double fi = 2 + 2 * i - (Math.exp(i * x[0]) + Math.exp(i * x[1]));
            sum += fi * fi;
          }
          return sum;
        }
      }
    }
  }

  /** The named problem's value at x, its dimension checked first. */
  @Differentiable
  public static double problem(Problem problem, double[] x) {
    if (x.length != problem.dimension) {
      throw new IllegalArgumentException(problem + " has dimension " + problem.dimension + ", got " + x.length);
    }
    return problem.value(x);
  }

  private static double sumOfSquares(Residuals residuals, double[] x) {
    double[] f = residuals.at(x);
    double sum = 0;
    for (double fi : f) {
      sum += fi * fi;
    }
    return sum;
  }

  /** Penalty I's residuals: sqrt(a) (x_i - 1), then sum x_i^2 - 1/4. */
  static double[] penaltyOneResiduals(double[] x) {
    int n = x.length;
    double[] f = new double[n + 1];
    double a = 1e-5;
    double total = 0;
    for (int i = 0; i < n; i++) {
      f[i] = Math.sqrt(a) * (x[i] - 1);
      total += x[i] * x[i];
    }
    f[n] = total - 0.25;
    return f;
  }

  /** Penalty I (MGH 23), through a method reference. */
  @Differentiable
  public static double penaltyOne(double[] x) {
    return sumOfSquares(TestProblems::penaltyOneResiduals, x);
  }

  /** Variably dimensioned (MGH 25), through a lambda. */
  @Differentiable
  public static double variablyDimensioned(double[] x) {
    return sumOfSquares(v -> {
      int n = v.length;
      double[] f = new double[n + 2];
      double s = 0;
      for (int j = 0; j < n; j++) {
        f[j] = v[j] - 1;
        s += (j + 1) * (v[j] - 1);
      }
      f[n] = s;
      f[n + 1] = s * s;
      return f;
    }, x);
  }

  /** Discrete boundary value (MGH 28) residuals. */
  @Differentiable
  public static double[] discreteBoundaryValue(double[] x) {
    int n = x.length;
    double h = 1.0 / (n + 1);
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      double t = (i + 1) * h;
      double left = i == 0 ? 0 : x[i - 1];
      double right = i == n - 1 ? 0 : x[i + 1];
      f[i] = 2 * x[i] - left - right + h * h * Math.pow(x[i] + t + 1, 3) / 2;
    }
    return f;
  }

  /** Discrete integral equation (MGH 29) with its two partial sums. */
  @Differentiable
  public static double discreteIntegral(double[] x) {
    int n = x.length;
    double h = 1.0 / (n + 1);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double ti = (i + 1) * h;
      double below = 0;
      double above = 0;
      for (int j = 0; j < n; j++) {
        double tj = (j + 1) * h;
        double cube = Math.pow(x[j] + tj + 1, 3);
        if (j <= i) {
          below += tj * cube;
        } else {
          above += (1 - tj) * cube;
        }
      }
      double fi = x[i] + h * ((1 - ti) * below + ti * above) / 2;
      sum += fi * fi;
    }
    return sum;
  }

  /** Watson (MGH 20): 29 residuals of polynomial sums, plus two. */
  @Differentiable
  public static double watson(double[] x) {
    int n = x.length;
    double sum = 0;
    for (int i = 1; i <= 29; i++) {
      double t = i / 29.0;
      double s1 = 0;
      double power = 1;
      for (int j = 1; j < n; j++) {
        s1 += j * x[j] * power;
        power *= t;
      }
      double s2 = 0;
      power = 1;
      for (int j = 0; j < n; j++) {
        s2 += x[j] * power;
        power *= t;
      }
      double fi = s1 - s2 * s2 - 1;
      sum += fi * fi;
    }
    double f30 = x[0];
    double f31 = x[1] - x[0] * x[0] - 1;
    return sum + f30 * f30 + f31 * f31;
  }

  /** Gulf research and development (MGH 11). */
  @Differentiable
  public static double gulf(double x1, double x2, double x3) {
    double sum = 0;
    for (int i = 1; i <= 99; i++) {
      double t = i / 100.0;
      double y = 25 + Math.pow(-50 * Math.log(t), 2.0 / 3);
      double fi = Math.exp(-Math.pow(Math.abs(y - x2), x3) / x1) - t;
      sum += fi * fi;
    }
    return sum;
  }

  /** Meyer (MGH 10) through a stream over its data. */
  @Differentiable
  public static double meyer(double x1, double x2, double x3) {
    return IntStream.range(0, MEYER_Y.length)
        .mapToDouble(i -> x1 * Math.exp(x2 / (45 + 5 * i + x3)) - MEYER_Y[i])
        .map(r -> r * r)
        .sum();
  }

  /** Biggs EXP6 (MGH 18), the data made in the loop. */
  @Differentiable
  public static double biggsExp6(double[] x) {
    double sum = 0;
    for (int i = 1; i <= 13; i++) {
      double t = 0.1 * i;
      double y = Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t);
      double fi = x[2] * Math.exp(-t * x[0]) - x[3] * Math.exp(-t * x[1]) + x[5] * Math.exp(-t * x[4]) - y;
      sum += fi * fi;
    }
    return sum;
  }

  /** A generic objective through a ToDoubleFunction. */
  private static double evaluate(ToDoubleFunction<double[]> objective, double[] x) {
    return objective.applyAsDouble(x);
  }

  /** A small quadratic given to the generic evaluator as a lambda. */
  @Differentiable
  public static double throughFunction(double[] x) {
    return evaluate(v -> v[0] * v[0] + 3 * v[1] * v[0], x);
  }

  /** Brown almost-linear again, its sum and product folded by streams as a Java port may write them. */
  @Differentiable
  public static double brownAlmostLinearByStreams(double[] x) {
    int n = x.length;
    double total = Arrays.stream(x).sum();
    double product = Arrays.stream(x).reduce(1.0, (p, q) -> p * q);
    double sum = IntStream.range(0, n - 1).mapToDouble(i -> x[i] + total - (n + 1)).map(f -> f * f).sum();
    return sum + (product - 1) * (product - 1);
  }

  /** A function of a point, as optimisers take one. */
  interface MultivariateFunction {
    double value(double[] point);
  }

  /** Scalar test functions, each constant its own body. */
  public enum Scalar {
    SPHERE {
      @Override
      double value(double[] x) {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return s;
      }
    },
    RASTRIGIN {
      @Override
      double value(double[] x) {
        double s = 10 * x.length;
        for (double v : x) {
          s += v * v - 10 * Math.cos(2 * Math.PI * v);
        }
        return s;
      }
    };

    abstract double value(double[] x);
  }

  /** A scalar test function chosen by its constant. */
  @Differentiable
  public static double scalar(Scalar problem, double[] x) {
    return problem.value(x);
  }

  private static double minimumAlong(MultivariateFunction f, double[] x, double[] direction) {
    double best = Double.POSITIVE_INFINITY;
    double[] trial = new double[x.length];
    for (int k = 0; k <= 4; k++) {
      double step = 0.25 * k;
      for (int i = 0; i < x.length; i++) {
        trial[i] = x[i] + step * direction[i];
      }
      best = Math.min(best, f.value(trial));
    }
    return best;
  }

  /** The least of five samples of a Rosenbrock-like function along a direction, given as an anonymous class. */
  @Differentiable
  public static double lineSample(double[] x, double[] direction) {
    return minimumAlong(new MultivariateFunction() {
      @Override
      public double value(double[] p) {
        return (p[0] - 1) * (p[0] - 1) + 10 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
      }
    }, x, direction);
  }

  private static void jacobian(double[] x, double[][] jac) {
    jac[0][0] = -20 * x[0];
    jac[0][1] = 10;
    jac[1][0] = -1;
    jac[1][1] = 0;
  }

  /** Gauss-Newton step length for Rosenbrock's residuals, with the Jacobian filled by a helper. */
  @Differentiable
  public static double gaussNewtonStep(double[] x) {
    double[][] j = new double[2][2];
    jacobian(x, j);
    double[] r = {10 * (x[1] - x[0] * x[0]), 1 - x[0]};
    double a = j[0][0], b = j[0][1], c = j[1][0], d = j[1][1];
    double det = a * d - b * c;
    double s0 = (d * r[0] - b * r[1]) / det;
    double s1 = (-c * r[0] + a * r[1]) / det;
    return Math.hypot(s0, s1);
  }

  /** Booth's function, held as a constant function as a problem registry may hold it. */
  static final ToDoubleFunction<double[]> BOOTH = v -> Math.pow(v[0] + 2 * v[1] - 7, 2)
      + Math.pow(2 * v[0] + v[1] - 5, 2);

  /** Booth's function through its constant. */
  @Differentiable
  public static double booth(double[] x) {
    return BOOTH.applyAsDouble(x);
  }

  /** Himmelblau with a permutation of the variables given as int[]. */
  @Differentiable
  public static double himmelblau(double[] x, int[] order) {
    double a = x[order[0]], b = x[order[1]];
    return Math.pow(a * a + b - 11, 2) + Math.pow(a + b * b - 7, 2);
  }
}
