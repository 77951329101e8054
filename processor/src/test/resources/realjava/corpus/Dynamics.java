package corpus;

import static java.lang.Math.abs;
import static java.lang.Math.max;
import static java.lang.Math.min;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * Dynamics and linear algebra as simulation code writes them: fixed-step RK4 and adaptive
 * Dormand-Prince over a double[] state whose derivative a helper writes into an array, velocity
 * Verlet for particles in a double[][], a damped pendulum, a Lotka-Volterra fit, backward Euler with
 * an inner Newton solve, Cholesky and LU (partial pivoting, rows swapped) solves, Gauss-Seidel to a
 * tolerance, and power iteration.
 */
public final class Dynamics {
  /** Error control of an adaptive integrator. */
  public record Tolerances(double absolute, double relative, int maxSteps) {
    public Tolerances {
      if (!(absolute > 0) || !(relative >= 0) || maxSteps <= 0) {
        throw new IllegalArgumentException("invalid tolerances: " + absolute + ", " + relative + ", " + maxSteps);
      }
    }
  }

  /** Dormand-Prince 5(4): nodes, the Runge-Kutta matrix, 5th-order weights and the error weights. */
  private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
  private static final double[][] A = {
      {},
      {1.0 / 5},
      {3.0 / 40, 9.0 / 40},
      {44.0 / 45, -56.0 / 15, 32.0 / 9},
      {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
      {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
      {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}
  };
  private static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
  private static final double[] E = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525,
      -1.0 / 40};
  private static final double SAFETY = 0.9, MIN_FACTOR = 0.2, MAX_FACTOR = 5.0;
  private static final int NEWTON_MAX_ITERATIONS = 30;

  private Dynamics() {}

  /**
   * A Duffing oscillator x'' + c x' + k x + b x^3 = F cos(w t), as a first-order system; params are
   * (c, k, b, F, w).
   */
  private static void duffing(double t, double[] y, double[] params, double[] dydt) {
    double c = params[0], k = params[1], b = params[2], force = params[3], w = params[4];
    dydt[0] = y[1];
    dydt[1] = force * Math.cos(w * t) - c * y[1] - k * y[0] - b * y[0] * y[0] * y[0];
  }

  /** The Duffing oscillator's position after {@code steps} classic RK4 steps to t1. */
  @Differentiable
  public static double rk4Duffing(double[] y0, double[] params, double t1, int steps) {
    if (params.length != 5) {
      throw new IllegalArgumentException("Duffing takes (c, k, b, F, w), got " + params.length + " parameters");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive: " + steps);
    }
    int n = y0.length;
    double h = t1 / steps;
    double[] y = y0.clone();
    double[] stage = new double[n];
    for (int i = 0; i < steps; i++) {
      double t = i * h;
      double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n];
      duffing(t, y, params, k1);
      for (int j = 0; j < n; j++) {
        stage[j] = y[j] + 0.5 * h * k1[j];
      }
      duffing(t + 0.5 * h, stage, params, k2);
      for (int j = 0; j < n; j++) {
        stage[j] = y[j] + 0.5 * h * k2[j];
      }
      duffing(t + 0.5 * h, stage, params, k3);
      for (int j = 0; j < n; j++) {
        stage[j] = y[j] + h * k3[j];
      }
      duffing(t + h, stage, params, k4);
      for (int j = 0; j < n; j++) {
        y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
      }
    }
    return y[0];
  }

  /**
   * The Duffing oscillator integrated to t1 by Dormand-Prince 5(4) with step-size control; returns
   * the position. Rejected steps are retried with a smaller step; too many steps throw.
   */
  @Differentiable
  public static double dormandPrinceDuffing(double[] y0, double[] params, double t1, Tolerances tolerances) {
    int n = y0.length;
    double[] y = y0.clone();
    double[][] k = new double[7][n];
    double[] stage = new double[n];
    double t = 0;
    double h = 0.1 * t1;
    int steps = 0;
    integration:
    while (t < t1) {
      if (++steps > tolerances.maxSteps()) {
        throw new IllegalStateException(String.format("no convergence in %d steps at t=%.4f", tolerances.maxSteps(), t));
      }
      h = min(h, t1 - t);
      duffing(t, y, params, k[0]);
      for (int s = 1; s < 7; s++) {
        for (int j = 0; j < n; j++) {
          double acc = y[j];
          for (int r = 0; r < s; r++) {
            acc += h * A[s][r] * k[r][j];
          }
          stage[j] = acc;
        }
        duffing(t + C[s] * h, stage, params, k[s]);
      }
      double errorNorm = 0;
      double[] next = new double[n];
      for (int j = 0; j < n; j++) {
        double increment = 0, error = 0;
        for (int s = 0; s < 7; s++) {
          increment += B[s] * k[s][j];
          error += E[s] * k[s][j];
        }
        next[j] = y[j] + h * increment;
        double scale = tolerances.absolute() + tolerances.relative() * max(abs(y[j]), abs(next[j]));
        errorNorm = max(errorNorm, abs(h * error) / scale);
      }
      double factor = errorNorm == 0 ? MAX_FACTOR
          : min(MAX_FACTOR, max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, -0.2)));
      if (errorNorm > 1) {
        h *= factor;
        continue integration;
      }
      t += h;
      y = next;
      h *= factor;
    }
    return y[0];
  }

  /**
   * Total energy of particles on springs (rest length 1 between neighbours, unit masses) after
   * velocity Verlet steps; positions and velocities are rows of (x, y).
   */
  @Differentiable
  public static double verletChainEnergy(double[][] positions, double[][] velocities, double stiffness, double dt,
      int steps) {
    int n = positions.length;
    if (velocities.length != n) {
      throw new IllegalArgumentException(n + " positions but " + velocities.length + " velocities");
    }
    double[][] x = new double[n][];
    double[][] v = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = positions[i].clone();
      v[i] = velocities[i].clone();
    }
    double[][] force = springForces(x, stiffness);
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < 2; d++) {
          v[i][d] += 0.5 * dt * force[i][d];
          x[i][d] += dt * v[i][d];
        }
      }
      force = springForces(x, stiffness);
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < 2; d++) {
          v[i][d] += 0.5 * dt * force[i][d];
        }
      }
    }
    double kinetic = 0;
    for (double[] velocity : v) {
      kinetic += 0.5 * (velocity[0] * velocity[0] + velocity[1] * velocity[1]);
    }
    double potential = 0;
    for (int i = 0; i + 1 < n; i++) {
      double stretch = Math.hypot(x[i + 1][0] - x[i][0], x[i + 1][1] - x[i][1]) - 1;
      potential += 0.5 * stiffness * stretch * stretch;
    }
    return kinetic + potential;
  }

  /** Forces of unit-rest-length springs between neighbours, in a new array. */
  private static double[][] springForces(double[][] x, double stiffness) {
    double[][] force = new double[x.length][2];
    for (int i = 0; i + 1 < x.length; i++) {
      double dx = x[i + 1][0] - x[i][0], dy = x[i + 1][1] - x[i][1];
      double length = Math.hypot(dx, dy);
      double magnitude = stiffness * (length - 1) / length;
      force[i][0] += magnitude * dx;
      force[i][1] += magnitude * dy;
      force[i + 1][0] -= magnitude * dx;
      force[i + 1][1] -= magnitude * dy;
    }
    return force;
  }

  /** The energy per unit mass of a damped pendulum at time t1, integrated by RK4 in a do/while. */
  @Differentiable
  public static double dampedPendulumEnergy(double theta0, double omega0, double damping, double length, double t1,
      @NoDerivative double dt) {
    if (length <= 0 || dt <= 0) {
      throw new IllegalArgumentException("length and dt must be positive: " + length + ", " + dt);
    }
    final double g = 9.80665;
    var state = new double[] {theta0, omega0};
    double t = 0;
    do {
      double h = min(dt, t1 - t);
      double[] k1 = pendulum(state, damping, g / length);
      double[] k2 = pendulum(new double[] {state[0] + 0.5 * h * k1[0], state[1] + 0.5 * h * k1[1]}, damping,
          g / length);
      double[] k3 = pendulum(new double[] {state[0] + 0.5 * h * k2[0], state[1] + 0.5 * h * k2[1]}, damping,
          g / length);
      double[] k4 = pendulum(new double[] {state[0] + h * k3[0], state[1] + h * k3[1]}, damping, g / length);
      for (int j = 0; j < 2; j++) {
        state[j] += h / 6 * (k1[j] + 2 * (k2[j] + k3[j]) + k4[j]);
      }
      t += h;
    } while (t < t1);
    double omega = state[1];
    return 0.5 * length * length * omega * omega + g * length * (1 - StrictMath.cos(state[0]));
  }

  private static double[] pendulum(double[] state, double damping, double w2) {
    return new double[] {state[1], -damping * state[1] - w2 * Math.sin(state[0])};
  }

  /**
   * Sum of squared log errors of a Lotka-Volterra model against observed (time, prey, predator)
   * rows, integrated by RK4 with a fixed step from t = 0 through each observation time.
   */
  @Differentiable
  public static double lotkaVolterraLoss(double alpha, double beta, double delta, double gamma, double prey0,
      double predator0, @NoDerivative double[][] observed, @NoDerivative double dt) {
    double x = prey0, y = predator0, t = 0;
    double loss = 0;
    for (double[] row : observed) {
      double until = row[0];
      if (until < t) {
        throw new IllegalArgumentException("observation times must increase: " + until + " after " + t);
      }
      while (t < until) {
        double h = min(dt, until - t);
        double k1x = x * (alpha - beta * y), k1y = y * (delta * x - gamma);
        double x2 = x + 0.5 * h * k1x, y2 = y + 0.5 * h * k1y;
        double k2x = x2 * (alpha - beta * y2), k2y = y2 * (delta * x2 - gamma);
        double x3 = x + 0.5 * h * k2x, y3 = y + 0.5 * h * k2y;
        double k3x = x3 * (alpha - beta * y3), k3y = y3 * (delta * x3 - gamma);
        double x4 = x + h * k3x, y4 = y + h * k3y;
        double k4x = x4 * (alpha - beta * y4), k4y = y4 * (delta * x4 - gamma);
        x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
        y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
        t += h;
      }
      double ex = Math.log(x / row[1]), ey = Math.log(y / row[2]);
      loss += ex * ex + ey * ey;
    }
    return loss;
  }

  /**
   * Logistic growth with harvesting, y' = r y (1 - y / K) - q y^2 / (1 + y^2), by backward Euler;
   * each step solves its implicit equation by Newton's method to a tolerance.
   */
  @Differentiable
  public static double backwardEulerHarvest(double y0, double r, double capacity, double q, double t1, int steps) {
    double h = t1 / steps;
    double y = y0;
    for (int i = 0; i < steps; i++) {
      double previous = y;
      int iteration = 0;
      while (true) {
        double y2 = y * y;
        double f = r * y * (1 - y / capacity) - q * y2 / (1 + y2);
        double df = r * (1 - 2 * y / capacity) - q * 2 * y / ((1 + y2) * (1 + y2));
        double residual = y - previous - h * f;
        double step = residual / (1 - h * df);
        y -= step;
        if (abs(step) < 1e-14 * (1 + abs(y))) {
          break;
        }
        if (++iteration == NEWTON_MAX_ITERATIONS) {
          throw new ArithmeticException("Newton's method failed at step " + i + ", y = " + y);
        }
      }
    }
    return y;
  }

  /** b' A^-1 b for a symmetric positive definite A, by Cholesky factorization and two triangular solves. */
  @Differentiable
  public static double choleskyQuadratic(double[][] a, double[] b) {
    int n = b.length;
    if (a.length != n) {
      throw new IllegalArgumentException("matrix of " + a.length + " rows for a vector of " + n);
    }
    double[][] l = new double[n][n];
    for (int j = 0; j < n; j++) {
      double diagonal = a[j][j];
      for (int k = 0; k < j; k++) {
        diagonal -= l[j][k] * l[j][k];
      }
      if (diagonal <= 0) {
        throw new ArithmeticException("matrix is not positive definite at pivot " + j + ": " + diagonal);
      }
      l[j][j] = sqrt(diagonal);
      for (int i = j + 1; i < n; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = s / l[j][j];
      }
    }
    // L z = b; then b' A^-1 b = z' z
    double[] z = new double[n];
    double quadratic = 0;
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
      quadratic += z[i] * z[i];
    }
    return quadratic;
  }

  /**
   * c' x for the solution x of A x = b, by LU decomposition with partial pivoting (rows of a copy
   * swapped, the permutation kept in an int[]).
   */
  @Differentiable
  public static double luSolveProjection(double[][] a, double[] b, double[] c) {
    int n = b.length;
    double[][] lu = new double[n][];
    for (int i = 0; i < n; i++) {
      lu[i] = a[i].clone();
    }
    int[] permutation = new int[n];
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    for (int k = 0; k < n; k++) {
      int pivot = k;
      for (int i = k + 1; i < n; i++) {
        if (abs(lu[i][k]) > abs(lu[pivot][k])) {
          pivot = i;
        }
      }
      if (lu[pivot][k] == 0) {
        throw new ArithmeticException("matrix is singular at column " + k);
      }
      if (pivot != k) {
        double[] row = lu[pivot];
        lu[pivot] = lu[k];
        lu[k] = row;
        int p = permutation[pivot];
        permutation[pivot] = permutation[k];
        permutation[k] = p;
      }
      for (int i = k + 1; i < n; i++) {
        double factor = lu[i][k] / lu[k][k];
        lu[i][k] = factor;
        for (int j = k + 1; j < n; j++) {
          lu[i][j] -= factor * lu[k][j];
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[permutation[i]];
      for (int j = 0; j < i; j++) {
        s -= lu[i][j] * x[j];
      }
      x[i] = s;
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = x[i];
      for (int j = i + 1; j < n; j++) {
        s -= lu[i][j] * x[j];
      }
      x[i] = s / lu[i][i];
    }
    double projection = 0;
    for (int i = 0; i < n; i++) {
      projection = Math.fma(c[i], x[i], projection);
    }
    return projection;
  }

  /**
   * Sum of the solution of A x = b by Gauss-Seidel sweeps from zero until the largest update is
   * below the tolerance; a diagonally dominant A converges, anything else may throw.
   */
  @Differentiable
  public static double gaussSeidelSum(double[][] a, double[] b, @NoDerivative double tolerance, int maxSweeps) {
    int n = b.length;
    for (int i = 0; i < n; i++) {
      if (a[i][i] == 0) {
        throw new ArithmeticException("zero on the diagonal at " + i);
      }
    }
    double[] x = new double[n];
    boolean converged = false;
    sweeps:
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      double largest = 0;
      for (int i = 0; i < n; i++) {
        double s = b[i];
        for (int j = 0; j < n; j++) {
          if (j != i) {
            s -= a[i][j] * x[j];
          }
        }
        double updated = s / a[i][i];
        largest = max(largest, abs(updated - x[i]));
        x[i] = updated;
      }
      if (largest < tolerance) {
        converged = true;
        break sweeps;
      }
    }
    if (!converged) {
      throw new ArithmeticException("Gauss-Seidel did not converge in " + maxSweeps + " sweeps");
    }
    double sum = 0;
    for (double xi : x) {
      sum += xi;
    }
    return sum;
  }

  /** The Rayleigh quotient v' A v / v' v after power iterations from the all-ones vector. */
  @Differentiable
  public static double powerIterationRayleigh(double[][] a, int iterations) {
    int n = a.length;
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1 / sqrt(n));
    double[] w = new double[n];
    for (int iteration = 0; iteration < iterations; iteration++) {
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[i][j] * v[j];
        }
        w[i] = s;
      }
      double norm = 0;
      for (double wi : w) {
        norm = Math.hypot(norm, wi);
      }
      if (norm == 0) {
        throw new ArithmeticException("A v vanished at iteration " + iteration);
      }
      double[] swap = v;
      v = w;
      w = swap;
      for (int i = 0; i < n; i++) {
        v[i] /= norm;
      }
    }
    double numerator = 0, denominator = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += a[i][j] * v[j];
      }
      numerator += v[i] * s;
      denominator += v[i] * v[i];
    }
    return numerator / denominator;
  }

  /** Determinant by Laplace expansion along the first row, minors in new arrays, recursing. */
  private static double laplace(double[][] m) {
    int n = m.length;
    switch (n) {
      case 1:
        return m[0][0];
      case 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0];
      default:
        double det = 0;
        for (int c = 0; c < n; c++) {
          double[][] minor = new double[n - 1][n - 1];
          for (int i = 1; i < n; i++) {
            for (int j = 0, k = 0; j < n; j++) {
              if (j != c) {
                minor[i - 1][k++] = m[i][j];
              }
            }
          }
          det += (c % 2 == 0 ? 1 : -1) * m[0][c] * laplace(minor);
        }
        return det;
    }
  }

  /** log|det A| of a square matrix by Laplace expansion (small matrices), a check on its shape. */
  @Differentiable
  public static double logAbsDeterminant(double[][] a) {
    for (double[] row : a) {
      if (row.length != a.length) {
        throw new IllegalArgumentException("not square: a row of " + row.length + " in " + a.length + " rows");
      }
    }
    double det = laplace(a);
    if (det == 0) {
      throw new ArithmeticException("singular matrix");
    }
    return Math.log(Math.abs(det));
  }
}
