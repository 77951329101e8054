package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion through helpers given records: a ray tracer that follows each reflection by calling
 * itself with a new {@code Ray} (a record of two {@code Vec3}s), and a helper that recurses with a
 * record it builds from its own, ten thousand levels deep. Each is made a helper of its own whose
 * parameters are the records' components, called through its pullback as any recursive helper
 * returning a double is; each gradient agrees with the twin, finite differences and forward mode.
 */
class RecursiveRecordHelpersTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Tr {
  private Tr() {}

  record Vec3(double x, double y, double z) {
    Vec3 minus(Vec3 o) { return new Vec3(x - o.x, y - o.y, z - o.z); }
    Vec3 plus(Vec3 o) { return new Vec3(x + o.x, y + o.y, z + o.z); }
    Vec3 times(double s) { return new Vec3(s * x, s * y, s * z); }
    double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
    Vec3 normalized() { double n = Math.sqrt(dot(this)); return times(1 / n); }
  }

  record Ray(Vec3 origin, Vec3 direction) {}

  /** Light gathered along a ray that bounces between a sphere and the floor, depth bounces deep. */
  static double trace(Ray ray, double radius, int depth) {
    if (depth == 0) {
      return 0;
    }
    Vec3 center = new Vec3(0, 1, 4);
    Vec3 oc = ray.origin().minus(center);
    double b = oc.dot(ray.direction());
    double disc = b * b - (oc.dot(oc) - radius * radius);
    if (disc < 0) {
      return 0.1 * depth;
    }
    double t = -b - Math.sqrt(disc);
    Vec3 hit = ray.origin().plus(ray.direction().times(t));
    Vec3 normal = hit.minus(center).times(1 / radius);
    Vec3 reflected = ray.direction().minus(normal.times(2 * ray.direction().dot(normal)));
    return 0.5 * Math.max(0, normal.y()) + 0.5 * trace(new Ray(hit, reflected), radius, depth - 1);
  }

  static double depthOf(Vec3 v, int n) {
    return n == 0 ? v.x() : v.y() * depthOf(new Vec3(v.y(), v.z(), v.x() * 0.5), n - 1);
  }

  @Differentiable
  public static double render(double radius, double ox) {
    Ray ray = new Ray(new Vec3(ox, 1.4, 0), new Vec3(0.05, -0.05, 1).normalized());
    return trace(ray, radius, 4);
  }

  @Differentiable
  public static double deep(double x, double y) {
    return depthOf(new Vec3(x, y, x * y), 6);
  }

  static double chain(Vec3 v, int n) {
    return n == 0 ? v.x() : 0.5 * (v.x() + chain(new Vec3(v.y(), v.z(), v.x()), n - 1));
  }

  @Differentiable
  public static double deepChain(double x, double y, int n) {
    return chain(new Vec3(x, y, x * y), n);
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Tr", SOURCE).assertCleanSuccess();
  }

  @Test
  void aRayTracerFollowingItsReflections() {
    new GradientAgreement(compiled, "p.Tr", "render").check(1.0, 0.1);
    new GradientAgreement(compiled, "p.Tr", "render").check(1.3, -0.2);
  }

  @Test
  void aHelperRecursingWithARecordItBuilds() {
    new GradientAgreement(compiled, "p.Tr", "deep").check(0.7, 0.9);
    new GradientAgreement(compiled, "p.Tr", "deepChain").check(0.7, 0.9, 1);
    new GradientAgreement(compiled, "p.Tr", "deepChain").check(0.7, 0.9, 10);
    // The primal's own frames need more than the default stack 10,000 levels deep (RecursionTest).
    DeepExpressionTest.onStack(4L << 20, () -> new GradientAgreement(compiled, "p.Tr", "deepChain").check(0.7, 0.9,
        10_000));
  }

  @Test
  void aRecordThatMayBeNullGivenToARecursiveHelperIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;

        class E {
          record P(double x, double y) {}

          static double walk(P p, int n) {
            if (p == null || n == 0) {
              return 0;
            }
            return p.x() + walk(n > 3 ? null : new P(p.y(), p.x()), n - 1);
          }

          @Differentiable
          static double f(double x, double y) {
            return walk(new P(x, y), 5);
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("E.walk calls itself, given n > 3 ? null : new"
        + " P(p.y(), p.x()), which may be null; javagrad gives a recursive helper a record as its components, which"
        + " cannot be null: test for null before the call").inFile(file).onLineContaining("return p.x() + walk(");
  }
}
