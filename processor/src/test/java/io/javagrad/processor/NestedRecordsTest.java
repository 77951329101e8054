package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records of records followed by their leaves: bodies of a position, a velocity and a mass stepped
 * by kicks and drifts under their mutual gravity, a segment between two positions, a ray whose
 * compact constructor normalizes its direction traced to a sphere (a record constant), a sample of
 * a position and an array of weights, records chosen by a helper and by ?:, accessor chains
 * ({@code a.position().x()}), a body's position in a message, and a lambda of a point applied to the
 * points along a ray. Each gradient agrees with the twin,
 * finite differences and forward mode; a record that holds itself stays an object.
 */
class NestedRecordsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Nb {
  private Nb() {}

  record Vec3(double x, double y, double z) {
    Vec3 plus(Vec3 o) { return new Vec3(x + o.x, y + o.y, z + o.z); }
    Vec3 minus(Vec3 o) { return new Vec3(x - o.x, y - o.y, z - o.z); }
    Vec3 times(double s) { return new Vec3(s * x, s * y, s * z); }
    double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
    double norm() { return Math.sqrt(dot(this)); }
  }

  record Body(Vec3 position, Vec3 velocity, double mass) {
    Body {
      if (!(mass > 0)) {
        throw new IllegalArgumentException("mass must be positive: " + mass);
      }
    }

    double kinetic() { return 0.5 * mass * velocity.dot(velocity); }

    Body drift(double dt) { return new Body(position.plus(velocity.times(dt)), velocity, mass); }

    Body kick(Vec3 force, double dt) { return new Body(position, velocity.plus(force.times(dt / mass)), mass); }
  }

  record Segment(Vec3 from, Vec3 to) {
    double length() { return to.minus(from).norm(); }
  }

  static Vec3 gravity(Body on, Body by) {
    Vec3 d = by.position().minus(on.position());
    double r = d.norm();
    return d.times(on.mass() * by.mass() / (r * r * r));
  }

  @Differentiable
  public static double twoBody(double x, double vy, double m) {
    Body a = new Body(new Vec3(x, 0, 0), new Vec3(0, vy, 0), m);
    Body b = new Body(new Vec3(-x, 0, 0), new Vec3(0, -vy, 0), 1.0);
    for (int step = 0; step < 20; step++) {
      Vec3 f = gravity(a, b);
      a = a.kick(f, 0.01).drift(0.01);
      b = b.kick(f.times(-1), 0.01).drift(0.01);
    }
    double separation = new Segment(a.position(), b.position()).length();
    return a.kinetic() + b.kinetic() - a.mass() * b.mass() / separation + a.position().x() * b.velocity().y;
  }

  @Differentiable
  public static double message(double x) {
    Body a = new Body(new Vec3(x, 2 * x, 0), new Vec3(0, 0, x), 2.0);
    if (a.position().x() > 1e6) {
      throw new IllegalStateException("too far: " + a.position() + " moving " + a.velocity());
    }
    Vec3 p = a.position();
    return p.norm() * a.velocity().z();
  }

  record Ray(Vec3 origin, Vec3 direction) {
    Ray {
      double n = direction.norm();
      if (n == 0) {
        throw new IllegalArgumentException("a ray needs a direction");
      }
      direction = direction.times(1 / n);
    }

    Vec3 at(double t) { return origin.plus(direction.times(t)); }
  }

  record Sphere(Vec3 center, double radius) {}

  /** The distance along the ray to the sphere's near side, or -1 where the ray misses it. */
  static double hit(Ray ray, Sphere sphere) {
    Vec3 oc = ray.origin().minus(sphere.center());
    double b = oc.dot(ray.direction());
    double c = oc.dot(oc) - sphere.radius() * sphere.radius();
    double disc = b * b - c;
    if (disc < 0) {
      return -1;
    }
    return -b - Math.sqrt(disc);
  }

  static final Sphere UNIT = new Sphere(new Vec3(0, 0, 5), 1);

  @Differentiable
  public static double rayTrace(double ox, double dy, double r) {
    Ray ray = new Ray(new Vec3(ox, 0, 0), new Vec3(0, dy, 1));
    Sphere s = new Sphere(UNIT.center(), r);
    double t = hit(ray, s);
    Vec3 p = ray.at(t);
    return t > 0 ? p.z() + p.minus(s.center).norm() + UNIT.center().z() : 0;
  }

  record Sample(Vec3 where, double[] weights) {
    double total() {
      double s = 0;
      for (double w : weights) {
        s += w * where.x();
      }
      return s;
    }
  }

  static double sample(Ray ray, java.util.function.ToDoubleFunction<Vec3> field) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      s += field.applyAsDouble(ray.at(0.5 * i));
    }
    return s;
  }

  @Differentiable
  public static double fieldAlongARay(double ox, double k) {
    Ray ray = new Ray(new Vec3(ox, 0, 0), new Vec3(0, 1, 1));
    return sample(ray, p -> Math.exp(-k * p.dot(p)) + p.x());
  }

  static Body heavier(Body a, Body b) {
    return a.mass() >= b.mass() ? a : b;
  }

  @Differentiable
  public static double chosenAndSampled(double[] w, double m) {
    Body a = new Body(new Vec3(1, 2, 3), new Vec3(w[0], 0, 0), m);
    Body b = new Body(new Vec3(m, m, m), new Vec3(0, w[1], 0), 2.0);
    Body h = heavier(a, b);
    var sample = new Sample(h.position(), w.clone());
    Segment s = new Segment(a.position(), h.velocity());
    return sample.total() + h.kinetic() + s.length() + (m > 1 ? a : b).velocity().norm();
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Nb", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Nb", method).check(args);
  }

  @Test
  void twoBodiesUnderTheirGravity() {
    agree("twoBody", 1.0, 0.7, 1.3);
    agree("twoBody", 0.8, -0.3, 2.1);
  }

  @Test
  void aPositionInAMessage() throws Exception {
    agree("message", 0.8);
    Method gradient = compiled.load("p.NbGrad").getMethod("message", double.class, double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 2e6, new double[1])).getCause();
    assertEquals("too far: Vec3[x=2000000.0, y=4000000.0, z=0.0] moving Vec3[x=0.0, y=0.0, z=2000000.0]",
        thrown.getMessage());
  }

  @Test
  void aRayWhoseConstructorNormalizesItsDirectionTracedToASphere() {
    agree("rayTrace", 0.2, 0.05, 1.5);
    agree("rayTrace", -0.3, 0.1, 0.8);
  }

  @Test
  void recordsChosenByAHelperAndByAConditionalAndARecordWithAnArray() {
    agree("chosenAndSampled", new double[] {0.4, -0.7, 1.1}, 0.6);
    agree("chosenAndSampled", new double[] {0.4, -0.7, 1.1}, 2.5);
  }

  @Test
  void aFunctionOfAPointAppliedAlongARay() {
    agree("fieldAlongARay", 0.3, 0.7);
  }

  @Test
  void aRecordThatHoldsItselfStaysAnObject() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Chain", """
        package p;

        import io.javagrad.Differentiable;

        class Chain {
          record Link(double value, Link next) {}

          @Differentiable
          static double f(double x) {
            Link l = new Link(x, new Link(2 * x, null));
            return l.value() * l.next().value();
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into new Link(x, new Link(2 * x,"
        + " null))").inFile(file).onLineContaining("Link l = new Link(x, new Link(2 * x, null));");
  }
}
