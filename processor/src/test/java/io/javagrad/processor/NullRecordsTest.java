package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that may be null: a ray traced to the nearest of three spheres, each intersection a
 * {@code Hit} or null where the ray misses, kept in {@code Hit nearest = null} as the loop finds a
 * nearer one; a Newton solver that returns null where it does not converge, its result given to a
 * helper that tests it, chosen by ?:, and written into a message. A record that is null has a
 * boolean local besides its components, which {@code == null} reads; reading a component of one
 * throws Java's NullPointerException, in the companion as in the method.
 */
class NullRecordsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Rt {
  private Rt() {}

  record Vec3(double x, double y, double z) {
    Vec3 minus(Vec3 o) { return new Vec3(x - o.x, y - o.y, z - o.z); }
    Vec3 plus(Vec3 o) { return new Vec3(x + o.x, y + o.y, z + o.z); }
    Vec3 times(double s) { return new Vec3(s * x, s * y, s * z); }
    double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
  }

  record Ray(Vec3 origin, Vec3 direction) {}

  record Hit(double t, Vec3 normal) {}

  record Sphere(Vec3 center, double radius) {
    Hit intersect(Ray ray) {
      Vec3 oc = ray.origin().minus(center);
      double b = oc.dot(ray.direction());
      double c = oc.dot(oc) - radius * radius;
      double disc = b * b - c;
      if (disc < 0) {
        return null;
      }
      double t = -b - Math.sqrt(disc);
      if (t <= 0) {
        return null;
      }
      Vec3 p = ray.origin().plus(ray.direction().times(t));
      return new Hit(t, p.minus(center).times(1 / radius));
    }
  }

  static final double[][] CENTERS = {{0, 0, 5}, {0.5, 0.2, 3}, {-0.4, -0.3, 7}};

  @Differentiable
  public static double shade(double ox, double oy, double r) {
    Ray ray = new Ray(new Vec3(ox, oy, 0), new Vec3(0, 0, 1));
    Hit nearest = null;
    for (double[] c : CENTERS) {
      Sphere s = new Sphere(new Vec3(c[0], c[1], c[2]), r);
      Hit h = s.intersect(ray);
      if (h != null && (nearest == null || h.t() < nearest.t())) {
        nearest = h;
      }
    }
    if (nearest == null) {
      return 0;
    }
    return Math.max(0, -nearest.normal().z()) + 0.01 * nearest.t();
  }

  @Differentiable
  public static double missing(double ox, double r) {
    Sphere s = new Sphere(new Vec3(0, 0, 5), r);
    Hit h = s.intersect(new Ray(new Vec3(ox, 0, 0), new Vec3(0, 0, 1)));
    return h.t();
  }

  record Fit(double value, int iterations) {}

  /** Newton's square root, or null where it does not converge in time. */
  static Fit newton(double a, int limit) {
    double x = a > 1 ? a : 1;
    for (int k = 1; k <= limit; k++) {
      double step = (x * x - a) / (2 * x);
      x -= step;
      if (Math.abs(step) < 1e-12) {
        return new Fit(x, k);
      }
    }
    return null;
  }

  static double valueOr(Fit fit, double fallback) {
    return fit == null ? fallback : fit.value();
  }

  @Differentiable
  public static double solved(double a, double fallback, int limit) {
    Fit fit = newton(a, limit);
    Fit chosen = fit != null ? fit : null;
    if (fit == null && a > 1e9) {
      throw new IllegalStateException("no fit for " + a + ": " + chosen);
    }
    return valueOr(fit, fallback) * a + (chosen == null ? 0 : chosen.iterations());
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rt", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Rt", method).check(args);
  }

  @Test
  void theNearestHitOfARayAmongSpheres() {
    agree("shade", 0.1, 0.05, 1.0);
    agree("shade", 0.45, 0.2, 0.3);
    double[] missed = agree("shade", 3.0, 3.0, 0.5);
    assertEquals(0.0, missed[0]);
  }

  @Test
  void aSolverThatReturnsNullWhereItDoesNotConverge() {
    agree("solved", 2.0, 0.5, 50);
    double[] none = agree("solved", 2.0, 0.5, 2);
    assertEquals(0.5, none[0], 1e-12); // fallback * a
    assertEquals(2.0, none[1], 1e-12);
  }

  @Test
  void aComponentOfANullRecordThrowsAsJavaDoes() throws Exception {
    agree("missing", 0.2, 1.0);
    Method gradient = compiled.load("p.RtGrad").getMethod("missing", double.class, double.class, double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 2.0, 1.0, new double[2])).getCause();
    assertEquals(NullPointerException.class, thrown.getClass());
  }

  @Test
  void aNullRecordInAMessage() throws Exception {
    Method gradient = compiled.load("p.RtGrad").getMethod("solved", double.class, double.class, int.class,
        double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 2e9, 0.5, 1, new double[2])).getCause();
    assertEquals("no fit for 2.0E9: null", thrown.getMessage());
  }
}
