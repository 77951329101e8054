package corpus;

import static java.lang.Math.PI;
import static java.lang.Math.abs;
import static java.lang.Math.cos;
import static java.lang.Math.exp;
import static java.lang.Math.sin;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import java.util.Arrays;

/**
 * Physics as simulation code writes it: Arrhenius kinetics with an implicit Euler step solved by
 * Newton, heat and wave equations by finite differences on double[][] grids (explicit and
 * Crank-Nicolson with a Thomas solve), Kepler's equation by Newton and a two-body orbit by
 * leapfrog, and rays through spherical lens surfaces by Snell's law.
 */
public final class Physics {
  /** The gas constant, J/(mol K). */
  private static final double R_GAS = 8.314462618;
  private static final int NEWTON_MAX = 50;
  private static final double NEWTON_TOL = 1e-13;

  /** How the heat equation's boundaries behave. */
  public enum Boundary { DIRICHLET, INSULATED }

  /** The grid of a 1-D transient problem. */
  public record Grid(int cells, double length, double dt, int steps) {
    public Grid {
      if (cells < 3 || !(length > 0) || !(dt > 0) || steps < 0) {
        throw new IllegalArgumentException(String.format("bad grid: %d cells, L=%s, dt=%s, %d steps",
            cells, length, dt, steps));
      }
    }

    double dx() {
      return length / (cells - 1);
    }
  }

  private Physics() {}

  /** k = A exp(-Ea / (R T)). */
  private static double arrhenius(double preExponential, double activation, double temperature) {
    if (temperature <= 0) {
      throw new IllegalArgumentException("temperature must be positive: " + temperature);
    }
    return preExponential * exp(-activation / (R_GAS * temperature));
  }

  /**
   * A -> B -> C with rates k1, k2 (Arrhenius) and the second step of order two; implicit Euler
   * for [A] and [B], each step solved by Newton on the 2x2 system. Returns [B] at the end.
   */
  @Differentiable
  public static double implicitKineticsB(double a0, double logA1, double ea1, double logA2, double ea2,
      double temperature, double dt, int steps) {
    double k1 = arrhenius(exp(logA1), ea1, temperature);
    double k2 = arrhenius(exp(logA2), ea2, temperature);
    double a = a0, b = 0;
    for (int n = 0; n < steps; n++) {
      // A is linear: solved exactly. B: b - bOld - dt (k1 a - k2 b^2) = 0 by Newton.
      a = a / (1 + dt * k1);
      double bOld = b;
      double x = b;
      int it = 0;
      while (true) {
        double f = x - bOld - dt * (k1 * a - k2 * x * x);
        double df = 1 + 2 * dt * k2 * x;
        double step = f / df;
        x -= step;
        if (abs(step) < NEWTON_TOL * (1 + abs(x))) {
          break;
        }
        if (++it == NEWTON_MAX) {
          throw new ArithmeticException(String.format("Newton did not converge at step %d (b=%.4g)", n, x));
        }
      }
      b = x;
    }
    return b;
  }

  /** Explicit FTCS for u_t = alpha u_xx; returns the heat content (trapezoid) at the end. */
  @Differentiable
  public static double explicitHeat(double[] initial, double alpha, Grid grid, Boundary boundary) {
    int n = grid.cells();
    if (initial.length != n) {
      throw new IllegalArgumentException(initial.length + " initial values for " + n + " cells");
    }
    double dx = grid.dx();
    double r = alpha * grid.dt() / (dx * dx);
    if (r > 0.5) {
      throw new IllegalArgumentException(String.format("unstable: r = %.3f > 1/2", r));
    }
    double[][] u = new double[grid.steps() + 1][n];
    System.arraycopy(initial, 0, u[0], 0, n);
    for (int t = 0; t < grid.steps(); t++) {
      double[] old = u[t];
      double[] next = u[t + 1];
      for (int i = 1; i < n - 1; i++) {
        next[i] = old[i] + r * (old[i - 1] - 2 * old[i] + old[i + 1]);
      }
      switch (boundary) {
        case DIRICHLET -> {
          next[0] = old[0];
          next[n - 1] = old[n - 1];
        }
        case INSULATED -> {
          next[0] = old[0] + 2 * r * (old[1] - old[0]);
          next[n - 1] = old[n - 1] + 2 * r * (old[n - 2] - old[n - 1]);
        }
      }
    }
    double[] last = u[grid.steps()];
    double sum = 0.5 * (last[0] + last[n - 1]);
    for (int i = 1; i < n - 1; i++) {
      sum += last[i];
    }
    return sum * dx;
  }

  /** Solves a tridiagonal system by the Thomas algorithm; sub[0] and sup[n-1] are unused. */
  private static double[] thomas(double[] sub, double[] diag, double[] sup, double[] rhs) {
    int n = diag.length;
    double[] c = new double[n];
    double[] d = new double[n];
    c[0] = sup[0] / diag[0];
    d[0] = rhs[0] / diag[0];
    for (int i = 1; i < n; i++) {
      double m = diag[i] - sub[i] * c[i - 1];
      if (m == 0) {
        throw new ArithmeticException("zero pivot at row " + i);
      }
      c[i] = i < n - 1 ? sup[i] / m : 0;
      d[i] = (rhs[i] - sub[i] * d[i - 1]) / m;
    }
    double[] x = new double[n];
    x[n - 1] = d[n - 1];
    for (int i = n - 2; i >= 0; i--) {
      x[i] = d[i] - c[i] * x[i + 1];
    }
    return x;
  }

  /**
   * Crank-Nicolson for u_t = alpha u_xx with u = 0 at both ends; returns u at the probe cell after
   * all steps. Each step is one tridiagonal solve.
   */
  @Differentiable
  public static double crankNicolsonProbe(double[] initial, double alpha, Grid grid, int probe) {
    int n = grid.cells();
    if (probe <= 0 || probe >= n - 1) {
      throw new IndexOutOfBoundsException("probe " + probe + " is not an interior cell of " + n);
    }
    double dx = grid.dx();
    double r = alpha * grid.dt() / (2 * dx * dx);
    int m = n - 2;
    double[] sub = new double[m], diag = new double[m], sup = new double[m];
    Arrays.fill(sub, -r);
    Arrays.fill(diag, 1 + 2 * r);
    Arrays.fill(sup, -r);
    double[] u = Arrays.copyOf(initial, n);
    u[0] = 0;
    u[n - 1] = 0;
    for (int t = 0; t < grid.steps(); t++) {
      double[] rhs = new double[m];
      for (int i = 1; i <= m; i++) {
        rhs[i - 1] = r * u[i - 1] + (1 - 2 * r) * u[i] + r * u[i + 1];
      }
      double[] inner = thomas(sub, diag, sup, rhs);
      System.arraycopy(inner, 0, u, 1, m);
    }
    return u[probe];
  }

  /** The wave equation u_tt = c^2 u_xx, fixed ends, leapfrog on a double[][] of time levels; returns the energy. */
  @Differentiable
  public static double waveEnergy(double[] displacement, double speed, Grid grid) {
    int n = grid.cells();
    double dx = grid.dx(), dt = grid.dt();
    double courant = speed * dt / dx;
    if (courant > 1) {
      throw new IllegalArgumentException("CFL violated: " + courant);
    }
    double c2 = courant * courant;
    // Three time levels, rotated by index: older, current, newer.
    double[][] levels = new double[3][n];
    int older = 0, current = 1, newer = 2;
    System.arraycopy(displacement, 0, levels[current], 0, n);
    // The first step from rest: half the usual update.
    for (int i = 1; i < n - 1; i++) {
      levels[newer][i] = levels[current][i]
          + 0.5 * c2 * (levels[current][i - 1] - 2 * levels[current][i] + levels[current][i + 1]);
    }
    for (int t = 1; t < grid.steps(); t++) {
      int recycled = older;
      older = current;
      current = newer;
      newer = recycled;
      for (int i = 1; i < n - 1; i++) {
        levels[newer][i] = 2 * levels[current][i] - levels[older][i]
            + c2 * (levels[current][i - 1] - 2 * levels[current][i] + levels[current][i + 1]);
      }
    }
    double[] last = levels[newer], before = levels[current];
    double kinetic = 0, potential = 0;
    for (int i = 0; i < n; i++) {
      double v = (last[i] - before[i]) / dt;
      kinetic += 0.5 * v * v * dx;
      if (i < n - 1) {
        double slope = (last[i + 1] - last[i]) / dx;
        potential += 0.5 * speed * speed * slope * slope * dx;
      }
    }
    return kinetic + potential;
  }

  /** Solves Kepler's equation M = E - e sin E by Newton, starting at M (or pi for high e). */
  @Differentiable
  public static double eccentricAnomaly(double meanAnomaly, double eccentricity) {
    if (!(eccentricity >= 0 && eccentricity < 1)) {
      throw new IllegalArgumentException("elliptic orbits only: e = " + eccentricity);
    }
    double m = meanAnomaly % (2 * PI);
    double e = eccentricity > 0.8 ? PI : m;
    for (int i = 0; i < NEWTON_MAX; i++) {
      double f = e - eccentricity * sin(e) - m;
      double step = f / (1 - eccentricity * cos(e));
      e -= step;
      if (abs(step) < 1e-15) {
        return e;
      }
    }
    throw new ArithmeticException("Kepler's equation did not converge for M=" + meanAnomaly);
  }

  /** The true anomaly from the eccentric one, by the half-angle formula. */
  @Differentiable
  public static double trueAnomaly(double meanAnomaly, double eccentricity) {
    double e = eccentricAnomaly(meanAnomaly, eccentricity);
    return 2 * Math.atan2(sqrt(1 + eccentricity) * sin(e / 2), sqrt(1 - eccentricity) * cos(e / 2));
  }

  /** Two-body problem in the plane, mu = G M, by leapfrog (kick-drift-kick); returns the final radius. */
  @Differentiable
  public static double twoBodyRadius(double[] position, double[] velocity, double mu, double dt, int steps) {
    var r = position.clone();
    var v = velocity.clone();
    double[] acc = gravity(r, mu);
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < 2; k++) {
        v[k] += 0.5 * dt * acc[k];
        r[k] += dt * v[k];
      }
      acc = gravity(r, mu);
      for (int k = 0; k < 2; k++) {
        v[k] += 0.5 * dt * acc[k];
      }
    }
    return Math.hypot(r[0], r[1]);
  }

  private static double[] gravity(double[] r, double mu) {
    double d = Math.hypot(r[0], r[1]);
    if (d == 0) {
      throw new ArithmeticException("collision");
    }
    double f = -mu / (d * d * d);
    return new double[] {f * r[0], f * r[1]};
  }

  /** The specific orbital energy after propagation: v^2/2 - mu/r. */
  @Differentiable
  public static double orbitalEnergy(double[] position, double[] velocity, double mu) {
    double r = sqrt(position[0] * position[0] + position[1] * position[1]);
    double v2 = 0;
    for (double vk : velocity) {
      v2 += vk * vk;
    }
    return v2 / 2 - mu / r;
  }

  /**
   * Traces a meridional ray (height h, angle u) through the surfaces; returns where it crosses
   * the axis after the last one. Rays that miss a surface or are totally reflected give NaN.
   */
  @Differentiable
  public static double axisCrossing(double height, double angle, double[] radii, double[] vertices, double[] indices) {
    if (radii.length != vertices.length || radii.length != indices.length) {
      throw new IllegalArgumentException("radii, vertices and indices differ in length");
    }
    double y = height, z = 0;
    double dy = sin(angle), dz = cos(angle);
    double n1 = 1.0;
    surfaces:
    for (int s = 0; s < radii.length; s++) {
      double rad = radii[s];
      double center = vertices[s] + rad;
      // Ray-sphere: |p + t d - c|^2 = R^2.
      double oz = z - center;
      double bq = oz * dz + y * dy;
      double cq = oz * oz + y * y - rad * rad;
      double disc = bq * bq - cq;
      if (disc < 0) {
        return Double.NaN;
      }
      double root = sqrt(disc);
      double t = rad > 0 ? -bq - root : -bq + root;
      if (t <= 0) {
        continue surfaces;
      }
      z += t * dz;
      y += t * dy;
      // The normal points from the center to the hit, flipped to face the ray.
      double nz = (z - center) / rad, ny = y / rad;
      double cosI = -(nz * dz + ny * dy);
      if (cosI < 0) {
        nz = -nz;
        ny = -ny;
        cosI = -cosI;
      }
      double ratio = n1 / indices[s];
      double k = 1 - ratio * ratio * (1 - cosI * cosI);
      if (k < 0) {
        return Double.NaN;
      }
      double cosT = sqrt(k);
      dz = ratio * dz + (ratio * cosI - cosT) * nz;
      dy = ratio * dy + (ratio * cosI - cosT) * ny;
      n1 = indices[s];
    }
    if (dy == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return z - y * dz / dy;
  }
}
