package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays of records that a loop fills, as meshes, particle systems and n-body codes write them:
 * {@code Vec3[] vertices = new Vec3[n]} filled from the coordinates and read by a face table's
 * indices, bodies stepped in place ({@code ps[i] = ps[i].step(...)}), a record local stored, a
 * for-each, {@code .length} in code and in a message, {@code Arrays.stream(bodies)} through a
 * method reference, an index with a side effect. Each gradient agrees with the twin, finite
 * differences and forward mode; an element never stored throws Java's NullPointerException. An
 * array used any other way (given to a method) stays an array of objects, as before.
 */
class RecordArraysTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class Sim {
  private Sim() {}

  record Vec3(double x, double y, double z) {
    static Vec3 of(double[] values, int at) {
      return new Vec3(values[at], values[at + 1], values[at + 2]);
    }

    Vec3 minus(Vec3 other) {
      return new Vec3(x - other.x, y - other.y, z - other.z);
    }

    Vec3 plus(Vec3 other) {
      return new Vec3(x + other.x, y + other.y, z + other.z);
    }

    Vec3 times(double s) {
      return new Vec3(s * x, s * y, s * z);
    }

    Vec3 cross(Vec3 other) {
      return new Vec3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x);
    }

    double dot(Vec3 other) {
      return x * other.x + y * other.y + z * other.z;
    }

    double length() {
      return Math.sqrt(dot(this));
    }

    double distanceTo(Vec3 other) {
      return minus(other).length();
    }
  }

  record Body(Vec3 position, Vec3 velocity, double mass) {
    double kineticEnergy() {
      return 0.5 * mass * velocity.dot(velocity);
    }

    Body step(Vec3 force, double dt) {
      Vec3 v = velocity.plus(force.times(dt / mass));
      return new Body(position.plus(v.times(dt)), v, mass);
    }
  }

  static final int[][] FACES = {{0, 1, 2}, {0, 2, 3}, {0, 3, 1}, {1, 3, 2}};

  @Differentiable
  public static double surfaceArea(double[] coordinates) {
    Vec3[] vertices = new Vec3[coordinates.length / 3];
    for (int i = 0; i < vertices.length; i++) {
      vertices[i] = Vec3.of(coordinates, 3 * i);
    }
    double area = 0;
    for (int[] face : FACES) {
      Vec3 a = vertices[face[0]];
      Vec3 b = vertices[face[1]];
      Vec3 c = vertices[face[2]];
      area += 0.5 * b.minus(a).cross(c.minus(a)).length();
    }
    return area;
  }

  static final double[] MASSES = {1.0, 0.01, 0.02};

  @Differentiable
  public static double totalEnergy(double[] state) {
    int n = MASSES.length;
    if (state.length != 6 * n) {
      throw new IllegalArgumentException("need 6 values per body");
    }
    Body[] bodies = new Body[n];
    for (int i = 0; i < n; i++) {
      bodies[i] = new Body(Vec3.of(state, 6 * i), Vec3.of(state, 6 * i + 3), MASSES[i]);
    }
    double kinetic = Arrays.stream(bodies).mapToDouble(Body::kineticEnergy).sum();
    double potential = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double r = bodies[i].position().distanceTo(bodies[j].position());
        potential -= bodies[i].mass() * bodies[j].mass() / r;
      }
    }
    return kinetic + potential;
  }

  @Differentiable
  public static double fall(double[] start, double g, double dt) {
    // The anchor is declared before the bodies, whose elements' methods it is given.
    Vec3 gravity = new Vec3(0, 0, -g);
    Vec3 anchor = new Vec3(0.5, 0.5, 0);
    int n = start.length / 3;
    Body[] bodies = new Body[n];
    for (int i = 0; i < n; i++) {
      Body resting = new Body(Vec3.of(start, 3 * i), new Vec3(0, 0, 0), 1 + i);
      bodies[i] = resting;
    }
    for (int step = 0; step < 25; step++) {
      for (int i = 0; i < bodies.length; i++) {
        bodies[i] = bodies[i].step(gravity.times(bodies[i].mass()), dt);
      }
    }
    double spread = 0;
    for (Body b : bodies) {
      spread += b.position().distanceTo(anchor);
    }
    if (spread > 1e6) {
      throw new IllegalStateException("diverged over " + bodies.length + " bodies");
    }
    return spread + bodies[0].position().distanceTo(anchor) * bodies.length;
  }

  @Differentiable
  public static double packed(double x, double y) {
    Vec3[] points = new Vec3[4];
    int k = 0;
    points[k++] = new Vec3(x, y, 1);
    points[k++] = new Vec3(y, x, 2);
    points[k++] = points[0].plus(points[1]);
    points[k] = points[k - 1].times(x);
    double s = 0;
    for (Vec3 p : points) {
      s += p.dot(points[3]);
    }
    return s + k;
  }

  @Differentiable
  public static double unstored(double x) {
    Vec3[] points = new Vec3[3];
    points[0] = new Vec3(x, 1, 2);
    points[2] = new Vec3(2, x, 0);
    return points[0].x() + points[1].y();
  }

  @Differentiable
  public static double sparse(double x, double y) {
    Vec3[] slots = new Vec3[5];
    slots[1] = new Vec3(x, y, 1);
    slots[3] = x > 0 ? new Vec3(y, y, x) : null;
    Vec3 nearest = null;
    for (Vec3 p : slots) {
      if (p != null && (nearest == null || p.length() < nearest.length())) {
        nearest = p;
      }
    }
    slots[4] = nearest;
    slots[1] = null;
    double s = 0;
    for (int i = 0; i < slots.length; i++) {
      Vec3 p = slots[i];
      if (p == null) {
        continue;
      }
      s += p.dot(p) * (i + 1);
    }
    return s;
  }

  @Differentiable
  public static double polygonArea(double[] xy) {
    List<Vec3> vertices = new ArrayList<>();
    for (int i = 0; i + 1 < xy.length; i += 2) {
      Vec3 vertex = new Vec3(xy[i], xy[i + 1], 0);
      vertices.add(vertex);
    }
    double twiceArea = 0;
    for (int i = 0; i < vertices.size(); i++) {
      twiceArea += vertices.get(i).cross(vertices.get((i + 1) % vertices.size())).z();
    }
    if (vertices.size() < 3) {
      throw new IllegalArgumentException("a polygon needs 3 vertices, not " + vertices.size());
    }
    return 0.5 * Math.abs(twiceArea);
  }

  @Differentiable
  public static double trail(double x, double v, int steps) {
    List<Body> path = new ArrayList<>(2);
    Body b = new Body(new Vec3(x, 0, 0), new Vec3(v, 0, 0), 2);
    for (int k = 0; k < steps; k++) {
      path.add(b);
      b = b.step(new Vec3(-b.position().x(), 0, 0), 0.1);
    }
    double energy = path.stream().mapToDouble(Body::kineticEnergy).sum();
    for (Body p : path) {
      energy += 0.5 * p.position().dot(p.position());
    }
    return energy + path.get(steps / 2).position().x();
  }

  @Differentiable
  public static double providedWithAComponentOfALaterLocal(double x) {
    Vec3 target = new Vec3(x, 0, 1);
    Body body = new Body(new Vec3(1, x, 0), new Vec3(0, 0, 0), 2);
    return body.position().distanceTo(target);
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Sim", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Sim", method).check(args);
  }

  @Test
  void aMeshsVerticesReadByTheIndicesOfAFaceTable() {
    agree("surfaceArea", (Object) new double[] {0, 0, 0, 1.1, 0, 0.1, 0.2, 0.9, 0, 0.3, 0.4, 1.2});
  }

  @Test
  void bodiesFilledInALoopStreamedThroughAMethodReferenceAndPairedByIndex() {
    agree("totalEnergy", (Object) new double[] {0, 0, 0, 0, 0.1, 0, 1, 0, 0, 0, 1, 0.1, 0, 1.5, 0.2, -0.8, 0, 0});
  }

  @Test
  void bodiesSteppedInPlaceFromALocalAndGoneThroughByForEach() {
    agree("fall", new double[] {0.1, 0.9, 2, 0.4, 0.3, 1, 0.8, 0.7, 3}, 9.81, 0.01);
  }

  @Test
  void aMessageCountsTheArray() {
    Throwable thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.SimGrad")
        .getMethod("fall", double[].class, double.class, double.class, double[].class)
        .invoke(null, new double[] {0, 0, 1e9}, -1e9, 1.0, new double[5])).getCause();
    assertEquals("diverged over 1 bodies", thrown.getMessage());
  }

  @Test
  void elementsStoredAtAnIndexWithASideEffectEvaluatedOnce() {
    agree("packed", 0.7, -1.3);
  }

  @Test
  void anElementNeverStoredThrowsAsJavaDoes() {
    Throwable thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.SimGrad")
        .getMethod("unstored", double.class, double[].class).invoke(null, 2.0, new double[1])).getCause();
    assertEquals(NullPointerException.class, thrown.getClass());
    assertEquals("Cannot read the components of \"points[1]\" because it is null", thrown.getMessage());
  }

  @Test
  void elementsNeverStoredOrStoredNullAreSkippedAsJavaSkipsThem() {
    agree("sparse", 0.7, -1.3);   // the slot of a new Vec3 when x > 0
    agree("sparse", -0.7, 0.4);   // null stored there
  }

  @Test
  void aListOfRecordsFilledByAddReadByGetAndCountedBySize() throws Exception {
    agree("polygonArea", (Object) new double[] {0, 0, 2, 0.1, 1.9, 1.7, 0.2, 1.1});
    Throwable thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.SimGrad")
        .getMethod("polygonArea", double[].class, double[].class)
        .invoke(null, new double[] {0, 0, 1, 1}, new double[4])).getCause();
    assertEquals("a polygon needs 3 vertices, not 2", thrown.getMessage());
  }

  @Test
  void aListGrownPastItsCapacityStreamedAndGoneThrough() {
    agree("trail", 0.8, -0.3, 1);
    agree("trail", 0.8, -0.3, 25);
  }

  @Test
  void anIndexPastTheSizeThrowsAsArrayListDoes() throws Exception {
    Throwable primal = assertThrows(InvocationTargetException.class, () -> compiled.load("p.Sim")
        .getMethod("trail", double.class, double.class, int.class).invoke(null, 0.8, -0.3, 0)).getCause();
    Throwable thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.SimGrad")
        .getMethod("trail", double.class, double.class, int.class, double[].class)
        .invoke(null, 0.8, -0.3, 0, new double[2])).getCause();
    assertEquals(primal.getClass(), thrown.getClass());
    assertEquals(primal.getMessage(), thrown.getMessage());
  }

  @Test
  void aRecordGivenToAComponentsMethodOfALaterLocal() {
    agree("providedWithAComponentOfALaterLocal", 0.4);
  }

  @Test
  void anArrayGivenToAnotherMethodIsRefusedAtThatCall() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        class E {
          record P(double x) {}

          @Differentiable
          static double f(double x) {
            P[] ps = new P[2];
            ps[0] = new P(x);
            ps[1] = new P(2 * x);
            return ps[0].x() * Arrays.asList(ps).size();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("ps carries a derivative, but it is used here"
        + " (Arrays.asList(ps)) as an object, which javagrad cannot hold as an array per number of its records, so"
        + " that ps[0] = new P(x); stores an object made of x").inFile(file).onLineContaining("Arrays.asList(ps)");
  }

  @Test
  void aListGivenToAnotherMethodIsRefusedAtThatCall() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        class E {
          record P(double x) {}

          static int count(List<P> ps) {
            return ps.size();
          }

          @Differentiable
          static double f(double x) {
            List<P> ps = new ArrayList<>();
            ps.add(new P(x));
            return ps.get(0).x() * count(ps);
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("ps carries a derivative, but it is used here"
        + " (count(ps)) as an object").inFile(file).onLineContaining("count(ps)");
  }

  /** A number of an element read by code run as written (a print in a loop over the array): read at that index. */
  @Test
  void aComponentReadByCodeRunAsWrittenIsReadThere() {
    Compiled printed = Compiled.compile("p.E", """
        package p;

        import io.javagrad.Differentiable;

        public class E {
          record P(double x) {}

          @Differentiable
          public static double f(double x) {
            P[] ps = new P[2];
            ps[0] = new P(x);
            ps[1] = new P(2 * x);
            for (P p : ps) {
              System.out.println(ps[0].x() + p.x());
            }
            return ps[1].x() * ps[0].x();
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(printed, "p.E", "f").check(0.7);
  }
}
