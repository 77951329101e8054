package corpus;

import static java.lang.Math.abs;
import static java.lang.Math.max;
import static java.lang.Math.min;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Engineering as its Java code is written: a 1-D finite-element bar (stiffness assembled element
 * by element, a fixed end, Gaussian elimination, compliance), a plane truss's member forces, an
 * LQR cost by Riccati iteration on 2x2 matrices, a PID loop on a first-order plant, FIR and
 * biquad IIR filters and a DFT magnitude, and geometry: polygon area and centroid, the distance
 * from a point to a segment, Bezier curves by de Casteljau, B-splines by de Boor, and quaternion
 * rotation.
 */
public final class Engineering {
  /** Gains and limits of a PID controller; the output saturates at +-limit. */
  public record PidGains(double kp, double ki, double kd, double limit) {
    public PidGains {
      if (limit <= 0) {
        throw new IllegalArgumentException("limit must be positive: " + limit);
      }
    }
  }

  /** Window functions for the DFT. */
  public enum Window {
    RECTANGULAR, HANN, HAMMING;

    double weight(int k, int n) {
      return switch (this) {
        case RECTANGULAR -> 1;
        case HANN -> 0.5 - 0.5 * Math.cos(2 * Math.PI * k / (n - 1));
        case HAMMING -> 0.54 - 0.46 * Math.cos(2 * Math.PI * k / (n - 1));
      };
    }
  }

  /** Two-point Gauss-Legendre abscissae and weights on [-1, 1]. */
  private static final double[] GAUSS_X = {-1 / sqrt(3), 1 / sqrt(3)};
  private static final double[] GAUSS_W = {1, 1};

  private Engineering() {}

  private static void requireSameLength(double[] a, double[] b, String what) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(String.format("%s: lengths %d and %d differ", what, a.length, b.length));
    }
  }

  /** Solves a x = b in place by Gaussian elimination with partial pivoting; a and b are overwritten. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (abs(a[r][col]) > abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (a[pivot][col] == 0) {
        throw new ArithmeticException("singular stiffness matrix at column " + col);
      }
      if (pivot != col) {
        double[] row = a[pivot];
        a[pivot] = a[col];
        a[col] = row;
        double t = b[pivot];
        b[pivot] = b[col];
        b[col] = t;
      }
      for (int r = col + 1; r < n; r++) {
        double factor = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= factor * a[col][c];
        }
        b[r] -= factor * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  /**
   * A bar fixed at x = 0 with elements of lengths and stiffnesses EA (per element), loaded at the
   * nodes; returns the compliance f.u. The element stiffness is integrated by Gauss points, as a
   * general element would.
   */
  @Differentiable
  public static double barCompliance(double[] lengths, double[] axialStiffness, double[] loads) {
    requireSameLength(lengths, axialStiffness, "elements");
    int elements = lengths.length;
    if (loads.length != elements + 1) {
      throw new IllegalArgumentException("need " + (elements + 1) + " nodal loads, got " + loads.length);
    }
    int nodes = elements + 1;
    double[][] k = new double[nodes][nodes];
    for (int e = 0; e < elements; e++) {
      double le = lengths[e];
      if (!(le > 0)) {
        throw new IllegalArgumentException("element " + e + " has length " + le);
      }
      // B = [-1, 1] / le is constant: the Gauss sum gives EA / le exactly.
      double ke = 0;
      for (int g = 0; g < GAUSS_X.length; g++) {
        double jacobian = le / 2;
        ke += GAUSS_W[g] * axialStiffness[e] / (le * le) * jacobian;
      }
      int[] dofs = {e, e + 1};
      double[][] local = {{ke, -ke}, {-ke, ke}};
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          k[dofs[a]][dofs[b]] += local[a][b];
        }
      }
    }
    // Node 0 is fixed: drop its row and column.
    double[][] reduced = new double[nodes - 1][nodes - 1];
    double[] f = new double[nodes - 1];
    for (int i = 1; i < nodes; i++) {
      for (int j = 1; j < nodes; j++) {
        reduced[i - 1][j - 1] = k[i][j];
      }
      f[i - 1] = loads[i];
    }
    double[] u = solve(reduced, f.clone());
    double compliance = 0;
    for (int i = 0; i < u.length; i++) {
      compliance += f[i] * u[i];
    }
    return compliance;
  }

  /**
   * An Euler-Bernoulli cantilever of equal elements (EI each, length le), two dofs per node, a tip
   * load; returns the tip deflection.
   */
  @Differentiable
  public static double cantileverTip(double[] bendingStiffness, double elementLength, double tipLoad) {
    int elements = bendingStiffness.length;
    int dofs = 2 * (elements + 1);
    double[][] k = new double[dofs][dofs];
    double l = elementLength;
    double[][] shape = {
        {12, 6 * l, -12, 6 * l},
        {6 * l, 4 * l * l, -6 * l, 2 * l * l},
        {-12, -6 * l, 12, -6 * l},
        {6 * l, 2 * l * l, -6 * l, 4 * l * l}};
    for (int e = 0; e < elements; e++) {
      double scale = bendingStiffness[e] / (l * l * l);
      int first = 2 * e;
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          k[first + a][first + b] += scale * shape[a][b];
        }
      }
    }
    int free = dofs - 2;
    double[][] reduced = new double[free][];
    for (int i = 0; i < free; i++) {
      reduced[i] = Arrays.copyOfRange(k[i + 2], 2, dofs);
    }
    double[] f = new double[free];
    f[free - 2] = tipLoad;
    return solve(reduced, f)[free - 2];
  }

  /**
   * A plane truss of three bars meeting at one free joint, the other ends pinned at anchors;
   * returns the sum of squared member forces under the joint load (px, py).
   */
  @Differentiable
  public static double trussForces(double[][] anchors, double[] joint, double[] stiffness, double px, double py) {
    if (anchors.length != stiffness.length) {
      throw new IllegalArgumentException(anchors.length + " anchors but " + stiffness.length + " stiffnesses");
    }
    double[][] k = new double[2][2];
    double[][] directions = new double[anchors.length][2];
    double[] lengths = new double[anchors.length];
    for (int m = 0; m < anchors.length; m++) {
      double dx = joint[0] - anchors[m][0], dy = joint[1] - anchors[m][1];
      double len = Math.hypot(dx, dy);
      lengths[m] = len;
      directions[m][0] = dx / len;
      directions[m][1] = dy / len;
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          k[a][b] += stiffness[m] / len * directions[m][a] * directions[m][b];
        }
      }
    }
    double det = k[0][0] * k[1][1] - k[0][1] * k[1][0];
    if (abs(det) < 1e-12) {
      throw new ArithmeticException("mechanism: the joint is not restrained");
    }
    double ux = (k[1][1] * px - k[0][1] * py) / det;
    double uy = (k[0][0] * py - k[1][0] * px) / det;
    double total = 0;
    for (int m = 0; m < anchors.length; m++) {
      double elongation = directions[m][0] * ux + directions[m][1] * uy;
      double force = stiffness[m] / lengths[m] * elongation;
      total += force * force;
    }
    return total;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    return new double[][] {{a[0][0], a[1][0]}, {a[0][1], a[1][1]}};
  }

  /**
   * Discrete LQR for x' = A x + B u (two states, one input): iterate the Riccati equation to a
   * fixed point and return x0' P x0, the optimal cost from x0.
   */
  @Differentiable
  public static double lqrCost(double[][] a, double[] b, double q, double r, double[] x0, int maxIterations) {
    double[][] p = {{q, 0}, {0, q}};
    double[][] at = transpose(a);
    for (int it = 0; ; it++) {
      if (it == maxIterations) {
        throw new ArithmeticException("Riccati iteration did not converge in " + maxIterations + " steps");
      }
      double[] pb = {p[0][0] * b[0] + p[0][1] * b[1], p[1][0] * b[0] + p[1][1] * b[1]};
      double s = r + b[0] * pb[0] + b[1] * pb[1];
      // K = (r + B'PB)^-1 B'PA
      double[] bpa = {pb[0] * a[0][0] + pb[1] * a[1][0], pb[0] * a[0][1] + pb[1] * a[1][1]};
      double[][] apa = multiply(at, multiply(p, a));
      double[][] next = new double[2][2];
      double change = 0;
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          next[i][j] = (i == j ? q : 0) + apa[i][j] - bpa[i] * bpa[j] / s;
          change = max(change, abs(next[i][j] - p[i][j]));
        }
      }
      p = next;
      if (change < 1e-13) {
        break;
      }
    }
    return x0[0] * (p[0][0] * x0[0] + p[0][1] * x0[1]) + x0[1] * (p[1][0] * x0[0] + p[1][1] * x0[1]);
  }

  /**
   * A PID loop on a first-order plant tau y' = -y + K u, stepped by forward Euler; the output
   * saturates and the integrator stops winding up while it does. Returns the integral of the
   * squared error.
   */
  @Differentiable
  public static double pidSquaredError(double plantGain, double timeConstant, PidGains gains, double setpoint,
      double dt, int steps) {
    double y = 0, integral = 0, previousError = setpoint, cost = 0;
    for (int n = 0; n < steps; n++) {
      double error = setpoint - y;
      double derivative = n == 0 ? 0 : (error - previousError) / dt;
      double unclamped = gains.kp() * error + gains.ki() * integral + gains.kd() * derivative;
      double u = max(-gains.limit(), min(gains.limit(), unclamped));
      if (u == unclamped) {
        integral += error * dt;
      }
      y += dt * (-y + plantGain * u) / timeConstant;
      previousError = error;
      cost += error * error * dt;
    }
    return cost;
  }

  /** An FIR filter y[n] = sum h[k] x[n-k] (zero before the start); returns the output's energy. */
  @Differentiable
  public static double firEnergy(double[] taps, double[] signal) {
    double energy = 0;
    for (int n = 0; n < signal.length; n++) {
      double y = 0;
      for (int k = 0, end = min(taps.length, n + 1); k < end; k++) {
        y += taps[k] * signal[n - k];
      }
      energy += y * y;
    }
    return energy;
  }

  /** A biquad (direct form I) with coefficients {b0, b1, b2, a1, a2}; returns the last output. */
  @Differentiable
  public static double biquadLast(double[] coefficients, double[] signal) {
    if (coefficients.length != 5) {
      throw new IllegalArgumentException("a biquad takes 5 coefficients, got " + coefficients.length);
    }
    double b0 = coefficients[0], b1 = coefficients[1], b2 = coefficients[2];
    double a1 = coefficients[3], a2 = coefficients[4];
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (double x : signal) {
      double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
    }
    return y1;
  }

  /** The magnitude of the windowed DFT of the signal at bin k. */
  @Differentiable
  public static double dftMagnitude(double[] signal, int bin, Window window) {
    int n = signal.length;
    if (bin < 0 || bin >= n) {
      throw new IndexOutOfBoundsException("bin " + bin + " of " + n);
    }
    double re = 0, im = 0;
    for (int t = 0; t < n; t++) {
      double angle = -2 * Math.PI * bin * t / n;
      double w = window.weight(t, n) * signal[t];
      re += w * Math.cos(angle);
      im += w * Math.sin(angle);
    }
    return Math.hypot(re, im);
  }

  /** The power spectrum's total over bins 1..n/2 (no DC), by a stream over the bin indices. */
  @Differentiable
  public static double acPower(double[] signal) {
    return IntStream.rangeClosed(1, signal.length / 2)
        .mapToDouble(k -> square(dftMagnitude(signal, k, Window.RECTANGULAR)))
        .sum();
  }

  private static double square(double v) {
    return v * v;
  }

  /** The signed area of a simple polygon by the shoelace formula; vertices as {x, y} rows. */
  @Differentiable
  public static double polygonArea(double[][] vertices) {
    if (vertices.length < 3) {
      throw new IllegalArgumentException("a polygon needs 3 vertices, got " + vertices.length);
    }
    double twice = 0;
    for (int i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
      twice += vertices[j][0] * vertices[i][1] - vertices[i][0] * vertices[j][1];
    }
    return twice / 2;
  }

  /** The centroid of a polygon, as {cx, cy}. */
  @Differentiable
  public static double[] polygonCentroid(double[][] vertices) {
    double area = polygonArea(vertices);
    if (area == 0) {
      throw new ArithmeticException("degenerate polygon");
    }
    double cx = 0, cy = 0;
    int n = vertices.length;
    for (int i = 0; i < n; i++) {
      double[] p = vertices[i], q = vertices[(i + 1) % n];
      double cross = p[0] * q[1] - q[0] * p[1];
      cx += (p[0] + q[0]) * cross;
      cy += (p[1] + q[1]) * cross;
    }
    return new double[] {cx / (6 * area), cy / (6 * area)};
  }

  /** The distance from point p to the segment ab, the projection clamped to the segment. */
  @Differentiable
  public static double pointSegmentDistance(double[] p, double[] a, double[] b) {
    double abx = b[0] - a[0], aby = b[1] - a[1];
    double lengthSquared = abx * abx + aby * aby;
    if (lengthSquared == 0) {
      return Math.hypot(p[0] - a[0], p[1] - a[1]);
    }
    double t = ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby) / lengthSquared;
    t = max(0, min(1, t));
    double cx = a[0] + t * abx, cy = a[1] + t * aby;
    return Math.hypot(p[0] - cx, p[1] - cy);
  }

  /** A point of the Bezier curve with control points as rows, by de Casteljau; returns its y. */
  @Differentiable
  public static double bezierY(double[][] control, double t) {
    if (t < 0 || t > 1) {
      throw new IllegalArgumentException("t outside [0, 1]: " + t);
    }
    int n = control.length;
    double[][] work = new double[n][];
    for (int i = 0; i < n; i++) {
      work[i] = control[i].clone();
    }
    for (int level = 1; level < n; level++) {
      for (int i = 0; i < n - level; i++) {
        for (int d = 0; d < work[i].length; d++) {
          work[i][d] = (1 - t) * work[i][d] + t * work[i + 1][d];
        }
      }
    }
    return work[0][1];
  }

  /** A clamped B-spline of the given degree by de Boor's algorithm; knots nondecreasing. */
  @Differentiable
  public static double deBoor(double[] knots, double[] coefficients, int degree, double x) {
    int n = coefficients.length;
    if (knots.length != n + degree + 1) {
      throw new IllegalArgumentException(String.format("%d knots for %d coefficients of degree %d", knots.length,
          n, degree));
    }
    // The knot span: knots[span] <= x < knots[span + 1], the last span closed.
    int span = degree;
    while (span < n - 1 && x >= knots[span + 1]) {
      span++;
    }
    double[] d = new double[degree + 1];
    for (int j = 0; j <= degree; j++) {
      d[j] = coefficients[j + span - degree];
    }
    for (int r = 1; r <= degree; r++) {
      for (int j = degree; j >= r; j--) {
        int i = j + span - degree;
        double alpha = (x - knots[i]) / (knots[i + degree - r + 1] - knots[i]);
        d[j] = (1 - alpha) * d[j - 1] + alpha * d[j];
      }
    }
    return d[degree];
  }

  /** Hamilton product of quaternions {w, x, y, z}. */
  private static double[] hamilton(double[] p, double[] q) {
    return new double[] {
        p[0] * q[0] - p[1] * q[1] - p[2] * q[2] - p[3] * q[3],
        p[0] * q[1] + p[1] * q[0] + p[2] * q[3] - p[3] * q[2],
        p[0] * q[2] - p[1] * q[3] + p[2] * q[0] + p[3] * q[1],
        p[0] * q[3] + p[1] * q[2] - p[2] * q[1] + p[3] * q[0]};
  }

  /**
   * Rotates each point (rows of {x, y, z}) by the quaternion q (normalized first) and returns the
   * sum of squared distances to the targets.
   */
  @Differentiable
  public static double quaternionAlignment(double[] q, double[][] points, double[][] targets) {
    double norm = sqrt(Arrays.stream(q).map(v -> v * v).sum());
    if (norm == 0) {
      throw new ArithmeticException("zero quaternion");
    }
    double[] unit = new double[4];
    for (int i = 0; i < 4; i++) {
      unit[i] = q[i] / norm;
    }
    double[] conjugate = {unit[0], -unit[1], -unit[2], -unit[3]};
    double loss = 0;
    for (int k = 0; k < points.length; k++) {
      double[] v = {0, points[k][0], points[k][1], points[k][2]};
      double[] rotated = hamilton(hamilton(unit, v), conjugate);
      for (int d = 0; d < 3; d++) {
        double diff = rotated[d + 1] - targets[k][d];
        loss += diff * diff;
      }
    }
    return loss;
  }
}
