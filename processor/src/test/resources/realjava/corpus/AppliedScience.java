package corpus;

import static java.lang.Math.*;

import io.javagrad.Differentiable;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Applied science in everyday Java: a nested class of vector helpers (one returning an array, one
 * writing into its output), Moller-Trumbore ray-triangle intersection with early returns, a catenary
 * solved by a Newton helper given lambdas, a beam deflection whose modulus a String switch chooses,
 * heat through a wall of layer records in a List, bilinear table lookup found by a labelled break,
 * a pendulum's period by Gauss-Legendre over a constant table with var, points rotated in place,
 * and a do/while with fma, toDegrees and toRadians.
 */
public final class AppliedScience {
  private AppliedScience() {}

  /** Nested helper class with static vector ops. */
  static final class Vec3 {
    private Vec3() {}

    static double dot(double[] a, double[] b) {
      return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
      return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static void scaleInto(double[] v, double s, double[] out) {
      for (int i = 0; i < 3; i++) {
        out[i] = v[i] * s;
      }
    }
  }

  /** Ray-triangle intersection (Moller-Trumbore), early returns; returns t or -1. */
  @Differentiable
  public static double rayTriangle(double[] origin, double[] dir, double[][] tri) {
    final double eps = 1e-12;
    double[] e1 = new double[3], e2 = new double[3], s = new double[3];
    for (int i = 0; i < 3; i++) {
      e1[i] = tri[1][i] - tri[0][i];
      e2[i] = tri[2][i] - tri[0][i];
      s[i] = origin[i] - tri[0][i];
    }
    double[] h = Vec3.cross(dir, e2);
    double a = Vec3.dot(e1, h);
    if (abs(a) < eps) return -1;
    double f = 1 / a;
    double u = f * Vec3.dot(s, h);
    if (u < 0 || u > 1) return -1;
    double[] q = Vec3.cross(s, e1);
    double v = f * Vec3.dot(dir, q);
    if (v < 0 || u + v > 1) return -1;
    return f * Vec3.dot(e2, q);
  }

  /** Newton given a lambda, in a helper. */
  private static double newton(DoubleUnaryOperator g, DoubleUnaryOperator dg, double x0) {
    double x = x0;
    for (int i = 0; i < 60; i++) {
      double step = g.applyAsDouble(x) / dg.applyAsDouble(x);
      x -= step;
      if (abs(step) < 1e-14 * (1 + abs(x))) {
        return x;
      }
    }
    throw new ArithmeticException("no convergence from " + x0);
  }

  /** Catenary sag parameter: solve a cosh(L/(2a)) - a = sag for a. */
  @Differentiable
  public static double catenaryParameter(double span, double sag) {
    return newton(a -> a * cosh(span / (2 * a)) - a - sag,
        a -> cosh(span / (2 * a)) - span / (2 * a) * sinh(span / (2 * a)) - 1, span);
  }

  /** A cantilever's tip deflection, its Young's modulus chosen by the material's name. */
  @Differentiable
  public static double beamDeflection(String material, double load, double length, double width, double height) {
    double modulus = switch (material.toLowerCase()) {
      case "steel" -> 200e9;
      case "aluminium", "aluminum" -> 69e9;
      case "titanium" -> 116e9;
      default -> throw new IllegalArgumentException("unknown material: " + material);
    };
    double inertia = width * pow(height, 3) / 12;
    return load * pow(length, 3) / (3 * modulus * inertia);
  }

  /** Thermal resistance network: layers in a List of records, series then parallel. */
  public record Layer(String name, double thickness, double conductivity) {}

  @Differentiable
  public static double wallHeatFlux(List<Layer> layers, double tInside, double tOutside, double hIn, double hOut) {
    double resistance = 1 / hIn + 1 / hOut;
    for (Layer layer : layers) {
      resistance += layer.thickness() / layer.conductivity();
    }
    return (tInside - tOutside) / resistance;
  }

  /** Labelled break out of a search over a grid; bilinear interpolation. */
  @Differentiable
  public static double bilinear(double[] xs, double[] ys, double[][] table, double x, double y) {
    int ix = -1, iy = -1;
    search:
    for (int i = 0; i < xs.length - 1; i++) {
      for (int j = 0; j < ys.length - 1; j++) {
        if (x >= xs[i] && x <= xs[i + 1] && y >= ys[j] && y <= ys[j + 1]) {
          ix = i;
          iy = j;
          break search;
        }
      }
    }
    if (ix < 0) {
      throw new IllegalArgumentException(String.format("(%.2f, %.2f) outside the table", x, y));
    }
    double tx = (x - xs[ix]) / (xs[ix + 1] - xs[ix]);
    double ty = (y - ys[iy]) / (ys[iy + 1] - ys[iy]);
    return (1 - tx) * (1 - ty) * table[ix][iy] + tx * (1 - ty) * table[ix + 1][iy]
        + (1 - tx) * ty * table[ix][iy + 1] + tx * ty * table[ix + 1][iy + 1];
  }

  /** Gauss-Legendre quadrature with nodes by a nested double[][] constant and var. */
  private static final double[][] GL = {{-0.7745966692414834, 0.5555555555555556}, {0.0, 0.8888888888888888},
      {0.7745966692414834, 0.5555555555555556}};

  @Differentiable
  public static double pendulumPeriod(double length, double amplitude) {
    final double g = 9.80665;
    var k = sin(amplitude / 2);
    double integral = 0;
    for (var node : GL) {
      double theta = PI / 4 * (node[0] + 1);
      integral += node[1] * PI / 4 / sqrt(1 - k * k * sin(theta) * sin(theta));
    }
    return 4 * sqrt(length / g) * integral;
  }

  /** Rotate points in place by angle (a parameter array written in place) then return the spread. */
  @Differentiable
  public static double rotateInPlace(double[][] points, double angle) {
    double c = cos(angle), s = sin(angle);
    for (double[] p : points) {
      double x = p[0], y = p[1];
      p[0] = c * x - s * y;
      p[1] = s * x + c * y;
    }
    double spread = 0;
    for (double[] p : points) {
      spread += p[0] * p[0] - 0.5 * p[1];
    }
    return spread;
  }

  /** A squared norm accumulated by fma in a do/while, turned into an angle. */
  @Differentiable
  public static double fmaNorm(double[] v, double scale) {
    double acc = 0;
    int i = 0;
    do {
      acc = fma(v[i] * scale, v[i], acc);
      i++;
    } while (i < v.length);
    return toDegrees(atan2(acc, 1 + toRadians(scale)));
  }

  /** Scale helper writing into its output, through a nested class. */
  @Differentiable
  public static double scaledCross(double[] a, double[] b, double s) {
    double[] c = Vec3.cross(a, b);
    double[] out = new double[3];
    Vec3.scaleInto(c, s, out);
    return Vec3.dot(out, out);
  }
}
