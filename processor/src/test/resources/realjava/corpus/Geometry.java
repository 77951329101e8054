package corpus;

import static java.lang.Math.cos;
import static java.lang.Math.sin;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Computational geometry and kinematics as graphics and robotics libraries write them: quaternions
 * as {@code double[4]} (w, x, y, z), rotation matrices built in loops, Bezier
 * curves by de Casteljau's algorithm, Catmull-Rom and natural cubic splines, polygon area and
 * centroid by the shoelace formula, the distance from a point to a segment, a two-link arm's
 * inverse-kinematics residual, and arc length by adaptive Simpson quadrature; then a mesh's area
 * through small vector helpers, a convex hull's perimeter over indices sorted by a comparator of
 * keys, the shoelace as a stream, a Hausdorff distance with a labelled continue, Euler angles of a
 * quaternion's matrix, inverse kinematics solved by Gauss-Newton in a do-while, a curve's
 * curvature, and a winding-number test; an element read straight off a helper's rotation matrix,
 * and de Casteljau's recursion; a polygon centred in place in its parameter's rows, and Ritter's
 * bounding circle.
 */
public final class Geometry {
  /** The order in which Euler angles are applied. */
  public enum EulerOrder { XYZ, ZYX }

  private static final double SLERP_LINEAR_THRESHOLD = 0.9995;
  private static final double SIMPSON_TOLERANCE = 1e-10;
  private static final int SIMPSON_MAX_DEPTH = 30;

  private Geometry() {}

  private static void requireLength(double[] array, int length, String name) {
    if (array.length != length) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must have %d components, got %d", name, length, array.length));
    }
  }

  /** q / |q|, refusing the zero quaternion. */
  private static double[] normalize(double[] q) {
    double norm = 0;
    for (double c : q) {
      norm += c * c;
    }
    norm = sqrt(norm);
    if (norm < 1e-12) {
      throw new IllegalArgumentException("cannot normalise a zero quaternion");
    }
    double[] unit = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      unit[i] = q[i] / norm;
    }
    return unit;
  }

  /** The Hamilton product a b of quaternions as (w, x, y, z). */
  private static double[] multiply(double[] a, double[] b) {
    return new double[] {
        a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
        a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
        a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
        a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]};
  }

  /** v rotated by the unit quaternion of q, as q v q* with v a pure quaternion. */
  @Differentiable
  public static double[] rotateByQuaternion(double[] q, double[] v) {
    requireLength(q, 4, "quaternion");
    requireLength(v, 3, "vector");
    double[] unit = normalize(q);
    double[] conjugate = {unit[0], -unit[1], -unit[2], -unit[3]};
    double[] rotated = multiply(multiply(unit, new double[] {0, v[0], v[1], v[2]}), conjugate);
    return new double[] {rotated[1], rotated[2], rotated[3]};
  }

  /**
   * Spherical linear interpolation between unit quaternions, along the shorter arc; nearly
   * parallel ends are interpolated linearly and renormalised, where sin(theta) would vanish.
   */
  @Differentiable
  public static double[] slerp(double[] q0, double[] q1, double t) {
    if (t < 0 || t > 1) {
      throw new IllegalArgumentException("interpolation parameter outside [0, 1]: " + t);
    }
    double[] a = normalize(q0);
    double[] b = normalize(q1);
    double dot = 0;
    for (int i = 0; i < 4; i++) {
      dot += a[i] * b[i];
    }
    if (dot < 0) {
      for (int i = 0; i < 4; i++) {
        b[i] = -b[i];
      }
      dot = -dot;
    }
    double[] result = new double[4];
    if (dot > SLERP_LINEAR_THRESHOLD) {
      for (int i = 0; i < 4; i++) {
        result[i] = a[i] + t * (b[i] - a[i]);
      }
      return normalize(result);
    }
    double theta0 = Math.acos(dot);
    double theta = theta0 * t;
    double sinTheta0 = sin(theta0);
    double s0 = cos(theta) - dot * sin(theta) / sinTheta0;
    double s1 = sin(theta) / sinTheta0;
    for (int i = 0; i < 4; i++) {
      result[i] = s0 * a[i] + s1 * b[i];
    }
    return result;
  }

  private static double[][] axisRotation(int axis, double angle) {
    double[][] r = new double[3][3];
    int j = (axis + 1) % 3;
    int k = (axis + 2) % 3;
    r[axis][axis] = 1;
    r[j][j] = cos(angle);
    r[k][k] = cos(angle);
    r[j][k] = -sin(angle);
    r[k][j] = sin(angle);
    return r;
  }

  private static double[][] times(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int l = 0; l < b.length; l++) {
          c[i][j] += a[i][l] * b[l][j];
        }
      }
    }
    return c;
  }

  /** v rotated by Euler angles applied in the given order, the matrices composed in loops. */
  @Differentiable
  public static double[] eulerRotate(double[] angles, EulerOrder order, double[] v) {
    requireLength(angles, 3, "angles");
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      r[i][i] = 1;
    }
    for (int step = 0; step < 3; step++) {
      int axis = switch (order) {
        case XYZ -> step;
        case ZYX -> 2 - step;
      };
      r = times(axisRotation(axis, angles[axis]), r);
    }
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[i] += r[i][j] * v[j];
      }
    }
    return out;
  }

  /** The rotation angle of the matrix of an axis-angle vector, from its trace (Rodrigues' formula). */
  @Differentiable
  public static double rotationAngleFromTrace(double[] axisAngle) {
    double theta = sqrt(axisAngle[0] * axisAngle[0] + axisAngle[1] * axisAngle[1] + axisAngle[2] * axisAngle[2]);
    double[][] r = new double[3][3];
    if (theta < 1e-9) {
      return 0;
    }
    double[] k = new double[3];
    for (int i = 0; i < 3; i++) {
      k[i] = axisAngle[i] / theta;
    }
    double c = cos(theta);
    double s = sin(theta);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i][j] = (i == j ? c : 0) + (1 - c) * k[i] * k[j];
      }
    }
    r[0][1] -= s * k[2];
    r[1][0] += s * k[2];
    r[0][2] += s * k[1];
    r[2][0] -= s * k[1];
    r[1][2] -= s * k[0];
    r[2][1] += s * k[0];
    double trace = r[0][0] + r[1][1] + r[2][2];
    return Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2)));
  }

  /** A point of the Bezier curve with the given control points, by de Casteljau's algorithm. */
  @Differentiable
  public static double[] bezierPoint(double[][] control, double t) {
    if (control.length < 2) {
      throw new IllegalArgumentException("a Bezier curve needs at least 2 control points, got " + control.length);
    }
    int dimension = control[0].length;
    double[][] level = new double[control.length][];
    for (int i = 0; i < control.length; i++) {
      level[i] = control[i].clone();
    }
    for (int n = control.length - 1; n > 0; n--) {
      double[][] next = new double[n][dimension];
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < dimension; d++) {
          next[i][d] = (1 - t) * level[i][d] + t * level[i + 1][d];
        }
      }
      level = next;
    }
    return level[0];
  }

  /** The speed |B'(t)| of a cubic Bezier curve in the plane, from its hodograph. */
  private static double cubicSpeed(double[] xs, double[] ys, double t) {
    double u = 1 - t;
    double dx = 3 * (u * u * (xs[1] - xs[0]) + 2 * u * t * (xs[2] - xs[1]) + t * t * (xs[3] - xs[2]));
    double dy = 3 * (u * u * (ys[1] - ys[0]) + 2 * u * t * (ys[2] - ys[1]) + t * t * (ys[3] - ys[2]));
    return Math.hypot(dx, dy);
  }

  private static double simpson(double[] xs, double[] ys, double a, double b) {
    double m = (a + b) / 2;
    return (b - a) / 6 * (cubicSpeed(xs, ys, a) + 4 * cubicSpeed(xs, ys, m) + cubicSpeed(xs, ys, b));
  }

  private static double adaptiveSimpson(double[] xs, double[] ys, double a, double b, double whole,
      double tolerance, int depth) {
    double m = (a + b) / 2;
    double left = simpson(xs, ys, a, m);
    double right = simpson(xs, ys, m, b);
    double delta = left + right - whole;
    if (depth <= 0 || Math.abs(delta) <= 15 * tolerance) {
      return left + right + delta / 15;
    }
    return adaptiveSimpson(xs, ys, a, m, left, tolerance / 2, depth - 1)
        + adaptiveSimpson(xs, ys, m, b, right, tolerance / 2, depth - 1);
  }

  /** The arc length of a planar cubic Bezier curve, by adaptive Simpson quadrature of its speed. */
  @Differentiable
  public static double cubicBezierLength(double[] xs, double[] ys) {
    requireLength(xs, 4, "x coordinates");
    requireLength(ys, 4, "y coordinates");
    return adaptiveSimpson(xs, ys, 0, 1, simpson(xs, ys, 0, 1), SIMPSON_TOLERANCE, SIMPSON_MAX_DEPTH);
  }

  /** A uniform Catmull-Rom spline through the points, at parameter s in [0, n - 1]. */
  @Differentiable
  public static double catmullRom(double[] points, double s) {
    int n = points.length;
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 points, got " + n);
    }
    int segment = Math.min((int) Math.floor(s), n - 2);
    if (segment < 0) {
      throw new IllegalArgumentException("parameter " + s + " is before the first point");
    }
    double t = s - segment;
    // the ends are extended by reflection, as many libraries do
    double p0 = segment > 0 ? points[segment - 1] : 2 * points[0] - points[1];
    double p1 = points[segment];
    double p2 = points[segment + 1];
    double p3 = segment + 2 < n ? points[segment + 2] : 2 * points[n - 1] - points[n - 2];
    double t2 = t * t;
    double t3 = t2 * t;
    return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
  }

  /**
   * The natural cubic spline through (x_i, y_i) evaluated at a point: the second derivatives from
   * the tridiagonal system by the Thomas algorithm, the interval found by bisection.
   */
  @Differentiable
  public static double naturalSpline(@NoDerivative double[] x, double[] y, double at) {
    int n = x.length;
    if (n < 3 || y.length != n) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "need at least 3 knots with one value each, got %d knots and %d values", n, y.length));
    }
    for (int i = 1; i < n; i++) {
      if (!(x[i] > x[i - 1])) {
        throw new IllegalArgumentException("knots must increase strictly at index " + i);
      }
    }
    double[] h = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      h[i] = x[i + 1] - x[i];
    }
    int m = n - 2;
    double[] diagonal = new double[m];
    double[] rhs = new double[m];
    for (int i = 0; i < m; i++) {
      diagonal[i] = 2 * (h[i] + h[i + 1]);
      rhs[i] = 6 * ((y[i + 2] - y[i + 1]) / h[i + 1] - (y[i + 1] - y[i]) / h[i]);
    }
    for (int i = 1; i < m; i++) {
      double factor = h[i] / diagonal[i - 1];
      diagonal[i] -= factor * h[i];
      rhs[i] -= factor * rhs[i - 1];
    }
    double[] second = new double[n];
    for (int i = m - 1; i >= 0; i--) {
      double upper = i + 1 < m ? h[i + 1] * second[i + 2] : 0;
      second[i + 1] = (rhs[i] - upper) / diagonal[i];
    }
    int lo = 0;
    int hi = n - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] > at) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    double width = h[lo];
    double a = (x[hi] - at) / width;
    double b = (at - x[lo]) / width;
    return a * y[lo] + b * y[hi]
        + ((a * a * a - a) * second[lo] + (b * b * b - b) * second[hi]) * width * width / 6;
  }

  /** The signed area of a simple polygon by the shoelace formula, counter-clockwise positive. */
  @Differentiable
  public static double polygonArea(double[] xs, double[] ys) {
    int n = xs.length;
    if (n < 3 || ys.length != n) {
      throw new IllegalArgumentException("a polygon needs at least 3 vertices with two coordinates each");
    }
    double twice = 0;
    for (int i = 0; i < n; i++) {
      int next = (i + 1) % n;
      twice += xs[i] * ys[next] - xs[next] * ys[i];
    }
    return twice / 2;
  }

  /** The centroid (x, y) of a simple polygon, from the shoelace terms. */
  @Differentiable
  public static double[] polygonCentroid(double[][] vertices) {
    int n = vertices.length;
    double area = 0;
    double cx = 0;
    double cy = 0;
    for (int i = 0; i < n; i++) {
      double[] p = vertices[i];
      double[] q = vertices[(i + 1) % n];
      double cross = p[0] * q[1] - q[0] * p[1];
      area += cross;
      cx += (p[0] + q[0]) * cross;
      cy += (p[1] + q[1]) * cross;
    }
    area /= 2;
    if (Math.abs(area) < 1e-15) {
      throw new ArithmeticException("degenerate polygon: zero area");
    }
    return new double[] {cx / (6 * area), cy / (6 * area)};
  }

  /** The distance from point p to the segment ab in any dimension, the projection clamped to the segment. */
  @Differentiable
  public static double pointSegmentDistance(double[] p, double[] a, double[] b) {
    int dimension = p.length;
    double lengthSquared = 0;
    double projection = 0;
    for (int d = 0; d < dimension; d++) {
      double ab = b[d] - a[d];
      lengthSquared += ab * ab;
      projection += (p[d] - a[d]) * ab;
    }
    double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, projection / lengthSquared));
    double distanceSquared = 0;
    for (int d = 0; d < dimension; d++) {
      double closest = a[d] + t * (b[d] - a[d]);
      double diff = p[d] - closest;
      distanceSquared += diff * diff;
    }
    return sqrt(distanceSquared);
  }

  /** The end effector of a planar two-link arm minus the target: the residual an IK solver drives to 0. */
  @Differentiable
  public static double[] twoLinkResidual(double[] lengths, double[] joints, @NoDerivative double[] target) {
    double reach = lengths[0] + lengths[1];
    if (Math.hypot(target[0], target[1]) > reach) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "target (%.2f, %.2f) is out of reach %.2f", target[0], target[1], reach));
    }
    double elbowX = lengths[0] * cos(joints[0]);
    double elbowY = lengths[0] * sin(joints[0]);
    double sum = joints[0] + joints[1];
    return new double[] {elbowX + lengths[1] * cos(sum) - target[0], elbowY + lengths[1] * sin(sum) - target[1]};
  }

  /** Half the squared IK residual, as a least-squares solver minimises it. */
  @Differentiable
  public static double twoLinkCost(double[] lengths, double[] joints, @NoDerivative double[] target) {
    double[] r = twoLinkResidual(lengths, joints, target);
    return 0.5 * (r[0] * r[0] + r[1] * r[1]);
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double[] sub(double[] a, double[] b) {
    final var d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double norm(double[] v) {
    return Math.sqrt(Arrays.stream(v).map(c -> c * c).sum());
  }

  /** Total area of a triangle mesh. */
  @Differentiable
  public static double meshArea(double[][] vertices, int[][] faces) {
    double area = 0;
    for (int[] face : faces) {
      double[] e1 = sub(vertices[face[1]], vertices[face[0]]);
      double[] e2 = sub(vertices[face[2]], vertices[face[0]]);
      area += 0.5 * norm(cross(e1, e2));
    }
    return area;
  }

  private static double turn(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /** The perimeter of the convex hull of planar points, by Andrew's monotone chain. */
  @Differentiable
  public static double hullPerimeter(double[][] points) {
    int n = points.length;
    if (n < 3) {
      throw new IllegalArgumentException("need at least 3 points, got " + n);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> points[i][0]).thenComparingDouble(i -> points[i][1]));
    int[] hull = new int[2 * n];
    int k = 0;
    for (int idx = 0; idx < n; idx++) {
      int i = order[idx];
      while (k >= 2 && turn(points[hull[k - 2]], points[hull[k - 1]], points[i]) <= 0) {
        k--;
      }
      hull[k++] = i;
    }
    for (int idx = n - 2, lower = k + 1; idx >= 0; idx--) {
      int i = order[idx];
      while (k >= lower && turn(points[hull[k - 2]], points[hull[k - 1]], points[i]) <= 0) {
        k--;
      }
      hull[k++] = i;
    }
    double perimeter = 0;
    for (int j = 0; j < k - 1; j++) {
      perimeter += Math.hypot(points[hull[j + 1]][0] - points[hull[j]][0], points[hull[j + 1]][1] - points[hull[j]][1]);
    }
    return perimeter;
  }

  /** Shoelace by streams. */
  @Differentiable
  public static double streamArea(double[] xs, double[] ys) {
    int n = xs.length;
    return 0.5 * IntStream.range(0, n).mapToDouble(i -> xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * ys[i]).sum();
  }

  /** Hausdorff distance between two point sets, with a labelled early exit. */
  @Differentiable
  public static double hausdorff(double[][] a, double[][] b) {
    double cmax = 0;
    outer:
    for (double[] p : a) {
      double cmin = Double.POSITIVE_INFINITY;
      for (double[] q : b) {
        double d = Math.hypot(p[0] - q[0], p[1] - q[1]);
        if (d < cmax) {
          continue outer;
        }
        cmin = Math.min(cmin, d);
      }
      cmax = Math.max(cmax, cmin);
    }
    return cmax;
  }

  private static double[][] quaternionToMatrix(double[] q) {
    double w = q[0], x = q[1], y = q[2], z = q[3];
    return new double[][] {
        {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
        {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
        {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
  }

  /** Euler angles (ZYX) of a unit quaternion via its matrix, with the gimbal-lock branch. */
  @Differentiable
  public static double[] quaternionToEuler(double[] q) {
    double[][] r = quaternionToMatrix(q);
    double sy = -r[2][0];
    final double[] angles = new double[3];
    if (Math.abs(sy) >= 1 - 1e-9) {
      angles[1] = Math.copySign(Math.PI / 2, sy);
      angles[2] = Math.atan2(-r[0][1], r[1][1]);
      return angles;
    }
    angles[0] = Math.atan2(r[2][1], r[2][2]);
    angles[1] = Math.asin(sy);
    angles[2] = Math.atan2(r[1][0], r[0][0]);
    return angles;
  }

  /** Two-link IK by Gauss-Newton: joints reaching the target; returns the first joint. */
  @Differentiable
  public static double solveIk(double l1, double l2, double tx, double ty) {
    double a = 0.3, b = 0.6;
    int iterations = 0;
    double error;
    do {
      double ex = l1 * Math.cos(a) + l2 * Math.cos(a + b) - tx;
      double ey = l1 * Math.sin(a) + l2 * Math.sin(a + b) - ty;
      double j11 = -l1 * Math.sin(a) - l2 * Math.sin(a + b);
      double j12 = -l2 * Math.sin(a + b);
      double j21 = l1 * Math.cos(a) + l2 * Math.cos(a + b);
      double j22 = l2 * Math.cos(a + b);
      double det = j11 * j22 - j12 * j21;
      a -= (j22 * ex - j12 * ey) / det;
      b -= (-j21 * ex + j11 * ey) / det;
      error = Math.hypot(ex, ey);
    } while (error > 1e-13 && ++iterations < 50);
    return a;
  }

  /** Curvature of a planar cubic Bezier at t. */
  @Differentiable
  public static double bezierCurvature(double[][] p, double t) {
    double[] d1 = new double[2];
    double[] d2 = new double[2];
    double u = 1 - t;
    for (int c = 0; c < 2; c++) {
      d1[c] = 3 * (u * u * (p[1][c] - p[0][c]) + 2 * u * t * (p[2][c] - p[1][c]) + t * t * (p[3][c] - p[2][c]));
      d2[c] = 6 * (u * (p[2][c] - 2 * p[1][c] + p[0][c]) + t * (p[3][c] - 2 * p[2][c] + p[1][c]));
    }
    double speed = Math.hypot(d1[0], d1[1]);
    return (d1[0] * d2[1] - d1[1] * d2[0]) / (speed * speed * speed);
  }

  /** Winding-number test decides the sign of the distance to a polygon's vertices. */
  @Differentiable
  public static double signedVertexDistance(double[] px, double[] xs, double[] ys) {
    int winding = 0;
    int n = xs.length;
    double best = Double.MAX_VALUE;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      boolean upward = ys[j] <= px[1] && ys[i] > px[1];
      boolean downward = ys[j] > px[1] && ys[i] <= px[1];
      double side = (xs[i] - xs[j]) * (px[1] - ys[j]) - (px[0] - xs[j]) * (ys[i] - ys[j]);
      if (upward && side > 0) {
        winding++;
      } else if (downward && side < 0) {
        winding--;
      }
      best = Math.min(best, Math.hypot(px[0] - xs[i], px[1] - ys[i]));
    }
    return winding != 0 ? -best : best;
  }

  private static double[][] planarRotation(double angle) {
    double c = cos(angle);
    double s = sin(angle);
    return new double[][] {{c, -s}, {s, c}};
  }

  /** The y coordinate of a planar point rotated, read straight off the helper's matrix. */
  @Differentiable
  public static double rotatedY(double angle, double[] v) {
    return planarRotation(angle)[1][0] * v[0] + planarRotation(angle)[1][1] * v[1];
  }

  /** One coordinate of a Bezier curve by de Casteljau's recursion over index ranges of the control points. */
  private static double casteljau(double[] p, int from, int to, double t) {
    if (from == to) {
      return p[from];
    }
    return (1 - t) * casteljau(p, from, to - 1, t) + t * casteljau(p, from + 1, to, t);
  }

  @Differentiable
  public static double recursiveBezier(double[] coordinates, double t) {
    if (coordinates.length == 0) {
      throw new IllegalArgumentException("no control points");
    }
    return casteljau(coordinates, 0, coordinates.length - 1, t);
  }

  /** Centres the polygon's vertices in place, then measures the second moment. */
  @Differentiable
  public static double centredMoment(double[][] vertices) {
    double cx = 0, cy = 0;
    for (double[] v : vertices) {
      cx += v[0];
      cy += v[1];
    }
    cx /= vertices.length;
    cy /= vertices.length;
    for (double[] v : vertices) {
      v[0] -= cx;
      v[1] -= cy;
    }
    double moment = 0;
    for (double[] v : vertices) {
      moment += v[0] * v[0] + v[1] * v[1];
    }
    return moment;
  }
  /** Smallest enclosing circle radius by Ritter's bounding sphere, branches on the data. */
  @Differentiable
  public static double ritterRadius(double[][] points) {
    double[] c = points[0].clone();
    double r = 0;
    for (double[] p : points) {
      double d = Math.hypot(p[0] - c[0], p[1] - c[1]);
      if (d > r) {
        double nr = (r + d) / 2;
        double shift = (nr - r) / d;
        c[0] += (p[0] - c[0]) * shift;
        c[1] += (p[1] - c[1]) * shift;
        r = nr;
      }
    }
    return r;
  }}
