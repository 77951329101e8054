package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Review of arrays and lists of records held as structures of arrays, fixed sequences of records
 * streamed, and blocks cut after a statement that always leaves: aliasing, side effects in
 * indices, out-of-range indices and Java's exceptions, nulls, records of records, records with
 * components that are not numbers, elements in conditions, nested loops, lambdas and messages.
 */
class ReviewOfRecordArraysAndStreamsTest {
  private static final String PRELUDE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.ArrayList;
      import java.util.Arrays;
      import java.util.List;
      import java.util.stream.IntStream;

      public class R {
        private R() {}

        record Vec2(double x, double y) {
          Vec2 plus(Vec2 o) {
            return new Vec2(x + o.x, y + o.y);
          }

          Vec2 times(double s) {
            return new Vec2(s * x, s * y);
          }

          double dot(Vec2 o) {
            return x * o.x + y * o.y;
          }

          double norm() {
            return Math.sqrt(dot(this));
          }
        }

        record Seg(Vec2 a, Vec2 b) {
          double span() {
            return b.plus(a.times(-1)).norm();
          }
        }

        record Tagged(double v, int k) {}

        record Pos(double v) {
          Pos {
            if (v < 0) {
              throw new IllegalArgumentException("negative " + v);
            }
          }
        }

        record Unit(double x, double y) {
          Unit {
            double n = Math.hypot(x, y);
            x = x / n;
            y = y / n;
          }
        }

        record Kelvin(double t) {
          public double t() {
            return t + 273.15;
          }
        }

        record Twin(double a, double b) {
          Twin(double s) {
            this(s, 2 * s);
          }
        }

        interface Field {
          double at(Vec2 p);
        }

        record Linear(double k) implements Field {
          public double at(Vec2 p) {
            return k * p.x();
          }
        }

        record Radial(double k) implements Field {
          public double at(Vec2 p) {
            return k * p.norm();
          }
        }

        static double safeX(Vec2 p) {
          return p == null ? -1 : p.x();
        }

        static Vec2 maybe(double x) {
          return x > 0 ? new Vec2(x, x * x) : null;
        }

        static Vec2 checked(double x) {
          if (x > 100) {
            throw new IllegalArgumentException("too large: " + x);
          }
          return new Vec2(x, 1);
        }

        record Named(String name, double v) {}

        record Flagged(boolean on, double v) {}

        interface Shape {
          double area();
        }

        record Square(double side) implements Shape {
          public double area() {
            return side * side;
          }
        }

        record Disc(double radius) implements Shape {
          public double area() {
            return Math.PI * radius * radius;
          }
        }

        record Tri(double base, double height) implements Shape {
          public double area() {
            return 0.5 * base * height;
          }
        }

        static double doubled(Shape s) {
          return 2 * s.area();
        }

        static double cross(Vec2 p, Vec2 q) {
          return p.x() * q.y() - p.y() * q.x();
        }

        static int pick(double x) {
          return x > 0 ? 1 : 0;
        }

      %MEMBERS%
      }
      """;

  private static Compiled compile(String members) {
    return Compiled.compile("p.R", PRELUDE.replace("%MEMBERS%", members)).assertCleanSuccess();
  }

  /** {@code members} are refused, with an error that says {@code message} on the line containing {@code line}. */
  private static void refusedAt(String members, String message, String line) {
    JavaFileObject file = JavaFileObjects.forSourceString("p.R", PRELUDE.replace("%MEMBERS%", members));
    assertThat(FailingCompilation.compile(file)).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  /** The members of {@code source} that the method {@code name} needs: its own declaration, cut at the next blank line before an annotation. */
  private static String only(String source, String... names) {
    StringBuilder out = new StringBuilder();
    for (String part : source.split("\n(?=\\s*@Differentiable)")) {
      for (String name : names) {
        if (part.contains(" " + name + "(")) {
          out.append(part).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static double[] agree(Compiled compiled, String method, Object... args) {
    return new GradientAgreement(compiled, "p.R", method).check(args);
  }

  /** The gradient entry's value is bit for bit the method's (so 1 / -0.0 and NaN are told apart). */
  private static void sameValue(Compiled compiled, String method, Object... args) {
    GradientAgreement agreement = new GradientAgreement(compiled, "p.R", method);
    Class<?>[] types = agreement.typesOf(args);
    double primal = (Double) compiled.call("p.R", method, types, GradientAgreement.fresh(args));
    double value = (Double) compiled.call("p.RGrad", method, GradientAgreement.append(types, double[].class),
        GradientAgreement.append(GradientAgreement.fresh(args), new double[slots(args)]));
    assertEquals(Double.doubleToRawLongBits(primal), Double.doubleToRawLongBits(value),
        () -> "the method gives " + primal + " but the gradient entry " + value);
  }

  private static int slots(Object[] args) {
    int n = 0;
    for (Object arg : args) {
      if (arg instanceof Double) {
        n++;
      } else if (arg instanceof double[] values) {
        n += values.length;
      }
    }
    return n;
  }

  /**
   * The method throws at {@code args}; the gradient entry and the tangent entry throw the same
   * class, and (unless {@code messageToo} is false) the same message.
   */
  private static void sameFailure(Compiled compiled, String method, boolean messageToo, Object... args) {
    GradientAgreement agreement = new GradientAgreement(compiled, "p.R", method);
    Class<?>[] types = agreement.typesOf(args);
    RuntimeException primal = assertThrows(RuntimeException.class,
        () -> compiled.call("p.R", method, types, GradientAgreement.fresh(args)));
    RuntimeException gradient = assertThrows(RuntimeException.class, () -> compiled.call("p.RGrad", method,
        GradientAgreement.append(types, double[].class),
        GradientAgreement.append(GradientAgreement.fresh(args), new double[slots(args)])), "gradient entry");
    RuntimeException tangent = assertThrows(RuntimeException.class, () -> compiled.call("p.RGrad",
        method + "_tangent", GradientAgreement.append(types, double[].class),
        GradientAgreement.append(GradientAgreement.fresh(args), new double[slots(args)])), "tangent entry");
    assertEquals(primal.getClass(), gradient.getClass(), () -> "gradient entry threw " + gradient);
    assertEquals(primal.getClass(), tangent.getClass(), () -> "tangent entry threw " + tangent);
    if (messageToo) {
      assertEquals(primal.getMessage(), gradient.getMessage(), "gradient entry's message");
      assertEquals(primal.getMessage(), tangent.getMessage(), "tangent entry's message");
    }
  }

  // ---- aliasing and locals ----

  @Test
  void aLocalOfAnElementKeepsTheOldRecordAfterTheElementIsOverwritten() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * (i + 1), y - i);
          }
          Vec2 p = a[0];
          a[0] = new Vec2(y, x * x);
          return p.x() * 3 + a[0].y() * p.y();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void aStoredLocalReassignedAfterwardsLeavesTheElement() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          Vec2 v = new Vec2(x, y);
          for (int i = 0; i < a.length; i++) {
            a[i] = v;
            v = v.times(x);
          }
          v = new Vec2(1, 2);
          return a[0].x() * a[1].y() + v.x() * a[0].y();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void twoArraysOfTheSameRecordCopiedOneIntoTheOther() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          Vec2[] b = new Vec2[3];
          for (int i = 0; i < 3; i++) {
            a[i] = new Vec2(x * i, y + i);
          }
          for (int i = 0; i < 3; i++) {
            b[i] = a[2 - i];
          }
          a[0] = b[0].times(2);
          return a[0].x() + b[2].y() * b[0].x() + a[2].x() * y;
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void twoArraysDeclaredInOneDeclaration() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2], b = new Vec2[2];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x, i);
            b[i] = new Vec2(y, x * i);
          }
          return a[1].dot(b[1]) + a[0].x() * b[0].x();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void identityOfElementsStoredFromOneLocal() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          Vec2 p = new Vec2(x, y);
          a[0] = p;
          a[1] = p;
          a[2] = new Vec2(x, y);
          return (a[0] == a[1] ? x : y) + (a[0] == a[2] ? 10 * x : 10 * y);
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  // ---- side effects in indices ----

  @Test
  void indicesWithSideEffectsInReadsAndInAStore() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x + i, y * i);
          }
          int k = 0;
          double s = a[k++].x() * a[k++].y() + a[k].x();
          a[--k] = a[k + 1].times(x);
          return s + a[1].x() * a[2].y() + k;
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void aPostIncrementInsideAShortCircuitingCondition() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[4];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(Math.sin(x * (i + 1)), y);
          }
          int i = 0;
          double s = 0;
          while (i < a.length && a[i++].x() > 0) {
            s += a[i - 1].x() * y;
          }
          return s + i;
        }
        """);
    agree(c, "f", 0.7, -1.3);
    agree(c, "f", 2.0, -1.3);
  }

  // ---- out-of-range and negative ----

  private static final String INDEXED = """
      @Differentiable
      public static double at(double x, int j) {
        Vec2[] a = new Vec2[3];
        for (int i = 0; i < a.length; i++) {
          a[i] = new Vec2(x * i, x);
        }
        return a[j].x() + a[0].y();
      }

      @Differentiable
      public static double storeAt(double x, int j) {
        Vec2[] a = new Vec2[3];
        for (int i = 0; i < a.length; i++) {
          a[i] = new Vec2(x * i, x);
        }
        a[j] = new Vec2(x * x, 1);
        return a[0].x() + a[1].y();
      }

      @Differentiable
      public static double sized(double x, int n) {
        Vec2[] a = new Vec2[n];
        for (int i = 0; i < 2; i++) {
          a[i] = new Vec2(x * i, x);
        }
        return a[1].x() + a.length;
      }
      """;

  @Test
  void aNegativeIndexOrOnePastTheEndThrowsJavasArrayIndexOutOfBounds() {
    Compiled c = compile(INDEXED);
    agree(c, "at", 0.7, 2);
    sameFailure(c, "at", true, 0.7, -1);
    sameFailure(c, "at", true, 0.7, 3);
  }

  @Test
  void aStorePastTheEndThrowsJavasArrayIndexOutOfBounds() {
    Compiled c = compile(INDEXED);
    agree(c, "storeAt", 0.7, 1);
    sameFailure(c, "storeAt", true, 0.7, 3);
    sameFailure(c, "storeAt", true, 0.7, -2);
  }

  @Test
  void aNegativeLengthThrowsNegativeArraySize() {
    Compiled c = compile(INDEXED);
    agree(c, "sized", 0.7, 4);
    sameFailure(c, "sized", true, 0.7, -1);
    sameFailure(c, "sized", true, 0.7, 1);
  }

  // ---- records of records, helpers, methods returning records ----

  @Test
  void anArrayOfRecordsOfRecords() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double[] xy) {
          int n = xy.length / 2;
          Seg[] segs = new Seg[n - 1];
          for (int i = 0; i + 1 < n; i++) {
            segs[i] = new Seg(new Vec2(xy[2 * i], xy[2 * i + 1]), new Vec2(xy[2 * i + 2], xy[2 * i + 3]));
          }
          double s = 0;
          for (Seg seg : segs) {
            s += seg.span() * seg.a().x();
          }
          return s + segs[0].b().dot(segs[segs.length - 1].a());
        }
        """);
    agree(c, "f", (Object) new double[] {0.1, 0.2, 1.3, -0.4, 2.2, 0.9, 0.4, 1.7});
  }

  // ---- conditions, loops ----

  @Test
  void nestedWhileLoopsWithBreakContinueAndALabel() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          int n = 5;
          Vec2[] a = new Vec2[n];
          for (int i = 0; i < n; i++) {
            a[i] = new Vec2(Math.sin(x * i), Math.cos(y * i));
          }
          double s = 0;
          int i = 0;
          outer:
          while (i < n) {
            int j = i + 1;
            while (true) {
              if (j >= n) {
                break;
              }
              if (a[j].x() > 0.9) {
                j++;
                continue;
              }
              if (a[i].dot(a[j]) > 1.5) {
                break outer;
              }
              s += a[i].dot(a[j]);
              j++;
            }
            i++;
          }
          return s + i;
        }
        """);
    agree(c, "f", 0.7, -1.3);
    agree(c, "f", 0.3, 0.1);
  }

  @Test
  void aForEachSeesAnElementStoredAheadOfIt() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x * (i + 1), y);
          }
          double s = 0;
          for (Vec2 p : a) {
            a[a.length - 1] = p.times(y);
            s += p.x() * p.y();
          }
          return s;
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void anArrayReassignedToANewArray() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x, y * i);
          }
          double s = a[1].dot(a[0]);
          a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(y, x * i);
          }
          return s + a[2].y() * a.length;
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  /** A held array given a new array in a loop, each filled from an element of the one before: each array's numbers kept for the reverse sweep. */
  @Test
  void anArrayReassignedInALoopFromItsOwnElement() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[1];
          a[0] = new Vec2(x, y);
          double s = 0;
          for (int k = 1; k <= 3; k++) {
            Vec2 last = a[a.length - 1];
            a = new Vec2[k + 1];
            for (int i = 0; i < a.length; i++) {
              a[i] = last.times(0.5 * x * (i + 1));
            }
            s += a[k].dot(last) + a.length;
          }
          return s + a[0].y();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  /** An array given another array (a = b): refused at that assignment, which keeps it from being held, not at its store. */
  @Test
  void anArrayAssignedAnotherIsRefusedAtTheAssignment() {
    refusedAt("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x, y * i);
          }
          double s = a[1].dot(a[0]);
          Vec2[] b = new Vec2[3];
          a = b;
          return s + a.length;
        }
        """, "a carries a derivative, but it is used here (a = b) as an object, which javagrad cannot hold as an array"
        + " per number of its records, so that a[i] = new Vec2(x, y * i); stores an object made of x", "a = b;");
  }

  /** An array given whole to a library's method in code run as written: refused there, naming the uses held. */
  @Test
  void anArrayPrintedWholeIsRefusedWhereItIsPrinted() {
    refusedAt("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x, y * i);
          }
          System.out.println(Arrays.toString(a));
          return a[1].dot(a[0]);
        }
        """, "a carries a derivative, but it is used here (Arrays.toString(a)) as an object", "Arrays.toString(a)");
    refusedAt("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            v.add(new Vec2(x, y * i));
          }
          System.out.println(v);
          return v.get(1).dot(v.get(0));
        }
        """, "each use of it is one of v.add(r), v.get(i).x()", "System.out.println(v);");
  }

  @Test
  void anEmptyArrayGoneThroughAndStreamed() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int n) {
          Vec2[] a = new Vec2[n];
          for (int i = 0; i < n; i++) {
            a[i] = new Vec2(x, i);
          }
          double s = x;
          for (Vec2 p : a) {
            s += p.x();
          }
          return s + Arrays.stream(a).mapToDouble(Vec2::norm).max().orElse(-1);
        }
        """);
    agree(c, "f", 0.7, 0);
    agree(c, "f", 0.7, 3);
  }

  // ---- streams over held arrays ----

  @Test
  void aStreamFilteringOutNullElements() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[4];
          for (int i = 0; i < a.length; i += 2) {
            a[i] = new Vec2(x * i, y);
          }
          return Arrays.stream(a).filter(p -> p != null).mapToDouble(Vec2::norm).sum();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  @Test
  void aStreamOverANullElementThrowsNullPointerException() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, y);
          }
          return Arrays.stream(a).mapToDouble(Vec2::norm).sum();
        }
        """);
    sameFailure(c, "f", false, 0.7, -1.3);
  }

  @Test
  void aHeldArrayReadInsideAnIntStreamLambda() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x * i, y);
          }
          return IntStream.range(0, a.length).mapToDouble(i -> a[i].dot(a[0]) * i).sum();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  // ---- messages, printing, components that are not numbers ----

  @Test
  void anElementAndTheLengthInAnExceptionsMessage() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x + i, y);
          }
          if (a[0].x() > 100) {
            throw new IllegalArgumentException("bad " + a[0] + " of " + a.length);
          }
          return a[1].norm();
        }
        """);
    agree(c, "f", 0.7, -1.3);
    sameFailure(c, "f", true, 101.0, 1.0);
  }

  @Test
  void elementsNeverStoredAndPastTheEndInMessages() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int k) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, x);
          }
          if (k > 0) {
            throw new IllegalStateException("at " + k + ": " + a[k] + ", " + a[k - 1].y());
          }
          return a[1].x() * x;
        }

        @Differentiable
        public static double g(double x, int k) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            v.add(new Vec2(x * i, x));
          }
          if (k > 0) {
            throw new IllegalStateException("at " + k + ": " + v.get(k) + ", " + v.get(k - 1).x() + " of " + v.size());
          }
          return v.get(1).x() * x;
        }
        """);
    agree(c, "f", 0.7, 0);
    agree(c, "g", 0.7, 0);
    sameFailure(c, "f", true, 0.7, 1); // Vec2[x=0.7, y=0.7], 0.7
    sameFailure(c, "f", true, 0.7, 2); // null, 0.7
    sameFailure(c, "f", true, 0.7, 3); // Index 3 out of bounds for length 3
    sameFailure(c, "g", true, 0.7, 1);
    sameFailure(c, "g", true, 0.7, 2); // Index 2 out of bounds for length 2
  }

  @Test
  void recordsWithAnIntComponent() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Tagged[] t = new Tagged[3];
          for (int i = 0; i < t.length; i++) {
            t[i] = new Tagged(x * i + y, i);
          }
          double s = 0;
          for (Tagged e : t) {
            s += e.v() * e.k();
          }
          return s + t[2].v();
        }
        """);
    agree(c, "f", 0.7, -1.3);
  }

  /** An int component, held in a double[] that holds it exactly: read back as an int, in a stream, a list and a message. */
  @Test
  void anIntComponentReadBackAsAnInt() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int n) {
          List<Tagged> v = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            v.add(new Tagged(x / (i + 1), 7 * i + 1));
          }
          Tagged[] t = new Tagged[3];
          for (int i = 0; i < t.length; i++) {
            t[i] = new Tagged(x * i, i - 2);
          }
          if (n > 3) {
            throw new IllegalArgumentException(v.get(3).k() / 2 + " of " + v.get(3) + ", " + t[2]);
          }
          double s = v.stream().mapToDouble(e -> e.v() * (e.k() / 3)).sum();
          return s + Arrays.stream(t).mapToDouble(e -> e.v() * e.k()).sum() + t[0].k() / 4;
        }
        """);
    agree(c, "f", 0.7, 0);
    agree(c, "f", 0.7, 3);
    sameFailure(c, "f", true, 0.7, 4); // 11 of Tagged[v=0.175, k=22], Tagged[v=1.4, k=0]
  }

  // ---- lists ----

  private static final String LISTS = """
      @Differentiable
      public static double getAt(double x, int j) {
        List<Vec2> v = new ArrayList<>(0);
        for (int i = 0; i < 13; i++) {
          v.add(new Vec2(x * i, x));
        }
        return v.get(j).x() + v.size();
      }

      @Differentiable
      public static double withNull(double x, double y) {
        List<Vec2> v = new ArrayList<>();
        v.add(new Vec2(x, y));
        v.add(null);
        v.add(new Vec2(y, x));
        double s = 0;
        for (Vec2 p : v) {
          if (p != null) {
            s += p.x() * p.y();
          }
        }
        return s + (x > 100 ? v.get(1).x() : 0);
      }

      @Differentiable
      public static double capacity(double x, int n) {
        List<Vec2> v = new ArrayList<>(n);
        v.add(new Vec2(x, x));
        return v.get(0).x();
      }
      """;

  @Test
  void aListGrownFromCapacityZeroReadAtEachEndAndAtMinusOneOrItsSize() {
    Compiled c = compile(LISTS);
    agree(c, "getAt", 0.7, 0);
    agree(c, "getAt", 0.7, 12);
    sameFailure(c, "getAt", true, 0.7, -1);
    sameFailure(c, "getAt", true, 0.7, 13);
  }

  @Test
  void aListWithANullAddedSkipsItAndThrowsOnReadingIt() {
    Compiled c = compile(LISTS);
    agree(c, "withNull", 0.7, -1.3);
    sameFailure(c, "withNull", false, 101.0, -1.3);
  }

  @Test
  void aListOfNegativeCapacityThrowsIllegalArgument() {
    Compiled c = compile(LISTS);
    agree(c, "capacity", 0.7, 3);
    sameFailure(c, "capacity", true, 0.7, -1);
  }

  // ---- fixed sequences ----

  private static final String SCENES = """
      @Differentiable
      public static double emptyMax(double a, double b) {
        List<Shape> scene = List.of(new Square(a), new Disc(b), new Square(a + b));
        return scene.stream().filter(s -> s.area() > 1e9).mapToDouble(Shape::area).max().getAsDouble();
      }

      @Differentiable
      public static double counted(double a, double b) {
        Shape[] scene = {new Square(a), new Disc(b), new Tri(a, b)};
        long big = Arrays.stream(scene).filter(s -> s.area() > 1).count();
        return big * a + scene.length * b;
      }

      """;

  @Test
  void theMaximumOfAnEmptyStreamThrowsNoSuchElement() {
    Compiled c = compile(only(SCENES, "emptyMax"));
    sameFailure(c, "emptyMax", true, 0.7, 1.3);
  }

  @Test
  void aFilteredCount() {
    Compiled c = compile(only(SCENES, "counted"));
    agree(c, "counted", 0.7, 1.3);
    agree(c, "counted", 1.7, 0.3);
  }

  @Test
  @Disabled("bug: for (int i = 0; i <= scene.size(); i++) scene.get(i).area() over a List.of is refused at List.of(...), where Java throws IndexOutOfBounds")
  void aSequenceReadAtALoopsIndexPastItsEnd() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double a, double b) {
          List<Shape> scene = List.of(new Square(a), new Disc(b));
          double s = 0;
          for (int i = 0; i <= scene.size(); i++) {
            s += scene.get(i).area();
          }
          return s;
        }

        @Differentiable
        public static double g(double a, double b) {
          Shape[] scene = {new Square(a), new Disc(b), new Tri(a, b)};
          double s = 0;
          for (int i = 0; i <= scene.length; i++) {
            s += scene[i].area();
          }
          return s;
        }
        """);
    sameFailure(c, "f", true, 0.7, 1.3);
    sameFailure(c, "g", true, 0.7, 1.3);
  }

  // ---- blocks cut after a statement that always leaves ----

  private static final String CHAINS = """
      static double perimeter(Shape shape) {
        if (shape instanceof Square square) {
          return 4 * square.side();
        } else if (shape instanceof Disc disc) {
          return 2 * Math.PI * disc.radius();
        }
        throw new IllegalStateException("unexpected shape " + shape);
      }

      static double weight(Shape shape) {
        double w = 0;
        if (shape instanceof Square square) {
          w = square.side();
        } else if (shape instanceof Disc disc) {
          return disc.radius();
        }
        if (w > 100) {
          throw new IllegalStateException("big " + shape);
        }
        return 3 * w + shape.area();
      }

      static double mixed(Shape shape, double t) {
        if (shape instanceof Square square && t > 0) {
          return square.side() * t;
        } else if (shape instanceof Disc disc) {
          return disc.radius();
        }
        return shape.area() + t;
      }

      @Differentiable
      public static double withTriangle(double a, double b) {
        List<Shape> scene = List.of(new Square(a), new Tri(a, b));
        return scene.stream().mapToDouble(R::perimeter).sum();
      }

      @Differentiable
      public static double weights(double a, double b) {
        Shape[] scene = {new Square(a), new Disc(b), new Tri(b, a)};
        return Arrays.stream(scene).mapToDouble(R::weight).sum();
      }

      @Differentiable
      public static double mixedChain(double a, double b) {
        Shape[] scene = {new Square(a), new Disc(b), new Tri(b, a)};
        double s = 0;
        for (Shape shape : scene) {
          s += mixed(shape, b);
        }
        return s;
      }
      """;

  @Test
  void aChainThatDoesNotCoverTheRecordReachesItsThrow() {
    Compiled c = compile(CHAINS);
    sameFailure(c, "withTriangle", true, 0.7, 1.3);
  }

  @Test
  void aChainWhoseFirstArmDoesNotLeaveGoesOn() {
    Compiled c = compile(CHAINS);
    agree(c, "weights", 0.7, 1.3);
  }

  @Test
  void aChainWithAConditionBesideTheInstanceof() {
    Compiled c = compile(CHAINS);
    agree(c, "mixedChain", 0.7, 1.3);
    agree(c, "mixedChain", 0.7, -1.3);
  }

  // ---- narrowed refusals ----

  private static final String FILLED = """
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x + i, y * (i + 1));
          }
      """;

  private static Compiled filled(String rest) {
    return compile("@Differentiable\npublic static double f(double x, double y) {\n" + FILLED + rest + "\n}\n");
  }

  @Test
  void aLocalChosenBetweenTwoElementsByAConditional() {
    agree(filled("Vec2 p = x > 0 ? a[0] : a[1];\nreturn p.norm() * y;"), "f", 0.7, -1.3);
  }

  @Test
  void componentsOfElementsChosenByAConditional() {
    agree(filled("return (y > 0 ? a[0].y() : a[1].x()) * x;"), "f", 0.7, -1.3);
  }

  @Test
  void anElementStoredInsideAnIfAndTestedThroughALocal() {
    agree(filled("""
        if (x > 0) {
          a[1] = new Vec2(y, y);
        }
        Vec2 p = a[1];
        return p.x() * a[2].y();
        """), "f", 0.7, -1.3);
  }

  @Test
  void possiblyNullRecordsFromAHelperStoredInALoop() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[4];
          for (int i = 0; i < a.length; i++) {
            a[i] = maybe(x - 0.3 * i);
          }
          double s = y;
          for (Vec2 p : a) {
            if (p != null) {
              s += p.y() * y;
            }
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void theLengthPrintedThenTheArrayUsed() {
    agree(filled("System.out.println(a.length);\nreturn a[1].x() * a[0].y();"), "f", 0.7, -1.3);
  }

  @Test
  void aListTestedForEmptiness() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            v.add(new Vec2(x * i, y));
          }
          return v.isEmpty() ? 0 : v.get(1).x() + v.get(0).y();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aListsAverageGotAsDouble() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            v.add(new Vec2(Math.sin(x * i), y * i));
          }
          return v.stream().mapToDouble(Vec2::x).average().getAsDouble() * y;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aHeldArrayStreamedThroughAStaticMethodReference() {
    agree(compile("""
        static double normOf(Vec2 v) {
          return v.norm();
        }

        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x * i, y);
          }
          return Arrays.stream(a).mapToDouble(R::normOf).sum();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aHeldArrayReadInsideTheLambdaOfItsOwnStream() {
    agree(filled("return Arrays.stream(a).mapToDouble(v -> v.dot(a[1])).max().getAsDouble();"), "f", 0.7, -1.3);
  }

  @Test
  void twoElementsSwappedThroughALocal() {
    agree(filled("Vec2 t = a[0];\na[0] = a[2];\na[2] = t;\nreturn a[0].x() * y + a[2].y() * x + t.x();"),
        "f", 0.7, -1.3);
  }

  // ---- the records' own semantics ----

  @Test
  void aCompactConstructorsCheckRunsForEachElementStored() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Pos[] a = new Pos[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Pos(x - i);
          }
          return a[0].v() * y;
        }
        """);
    agree(c, "f", 2.5, -1.3);
    sameFailure(c, "f", true, 1.5, -1.3);
  }

  @Test
  void aCompactConstructorThatNormalizesItsComponents() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          Unit[] a = new Unit[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Unit(x + i, y);
          }
          double s = 0;
          for (Unit u : a) {
            s += u.x() * (1 + u.y());
          }
          return s + Arrays.stream(a).mapToDouble(u -> u.y()).sum();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aListOfRecordsWithANormalizingConstructor() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Unit> a = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            a.add(new Unit(x + i, y));
          }
          return a.get(2).x() + a.get(0).y();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void elementsMadeByANonCanonicalConstructor() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          Twin[] a = new Twin[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Twin(x * i + y);
          }
          return a[1].b() * a[2].a() + a[0].b();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aStoreOutOfRangeWhoseValueThrowsFirst() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int j) {
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x * i, x);
          }
          a[j] = checked(x);
          return a[0].x() + a[1].y();
        }
        """);
    agree(c, "f", 0.7, 1);
    sameFailure(c, "f", true, 0.7, 5);
    sameFailure(c, "f", true, 200.0, 5);
  }

  @Test
  void aListReadPastItsSizeButWithinItsCapacity() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int j) {
          List<Vec2> v = new ArrayList<>(10);
          v.add(new Vec2(x, 1));
          v.add(new Vec2(2, x));
          return v.get(j).y() * x;
        }
        """);
    agree(c, "f", 0.7, 1);
    sameFailure(c, "f", true, 0.7, 5);
  }

  @Test
  void aListOfRecordsOfRecordsGrownAndStreamed() {
    agree(compile("""
        @Differentiable
        public static double f(double[] xy) {
          List<Seg> segs = new ArrayList<>(1);
          for (int i = 0; i + 3 < xy.length; i += 2) {
            segs.add(new Seg(new Vec2(xy[i], xy[i + 1]), new Vec2(xy[i + 2], xy[i + 3])));
          }
          double s = segs.stream().mapToDouble(Seg::span).sum();
          for (Seg seg : segs) {
            s += seg.a().dot(seg.b());
          }
          return s * segs.size();
        }
        """), "f", (Object) new double[] {0.1, 0.2, 1.3, -0.4, 2.2, 0.9, 0.4, 1.7});
  }

  // ---- streams' own arithmetic ----

  @Test
  void aSumOverAHeldArrayIsJavasCompensatedSum() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[4];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(i == 0 ? x : 1e-16 * x, y);
          }
          return Arrays.stream(a).mapToDouble(p -> p.x()).sum();
        }
        """);
    sameValue(c, "f", 1.0, 2.0);
  }

  @Test
  void anAverageOverAHeldListIsJavasCompensatedAverage() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> a = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            a.add(new Vec2(i == 0 ? x : 1e-16 * x, y));
          }
          return a.stream().mapToDouble(p -> p.x()).average().orElse(0);
        }
        """);
    sameValue(c, "f", 1.0, 2.0);
  }

  @Test
  void aSumOverAFixedSequenceIsJavasCompensatedSum() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x) {
          List<Shape> scene = List.of(new Square(x), new Square(1e-8 * x), new Square(1e-8 * x), new Square(1e-8 * x));
          return scene.stream().mapToDouble(Shape::area).sum();
        }
        """);
    sameValue(c, "f", 1.0);
  }

  @Test
  void theMaximumOfZeroAndNegativeZeroIsPositive() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[2];
          a[0] = new Vec2(-0.0 * x, y);
          a[1] = new Vec2(0.0 * x, y);
          return 1 / Arrays.stream(a).mapToDouble(p -> p.x()).max().getAsDouble();
        }

        @Differentiable
        public static double g(double x, double y) {
          Shape[] scene = {new Square(0.0 * x), new Tri(-0.0 * x, 1)};
          return 1 / Arrays.stream(scene).mapToDouble(s -> s.area()).min().getAsDouble();
        }
        """);
    sameValue(c, "f", 1.0, 2.0);
    sameValue(c, "g", 1.0, 2.0);
  }

  @Test
  void theMaximumOverANaNIsNaN() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x - i, y);
          }
          return Arrays.stream(a).mapToDouble(p -> Math.sqrt(p.x())).max().getAsDouble();
        }

        @Differentiable
        public static double g(double x, double y) {
          List<Shape> scene = List.of(new Square(x), new Disc(Math.sqrt(y)), new Square(2 * x));
          return scene.stream().mapToDouble(Shape::area).max().orElse(0);
        }
        """);
    sameValue(c, "f", 1.5, 2.0);
    sameValue(c, "g", 1.5, -2.0);
  }

  // ---- side effects and nulls given to helpers ----

  @Test
  void anElementNeverStoredGivenToAHelperThatTestsForNull() {
    agree(filled("a[1] = null;\nreturn safeX(a[1]) + safeX(a[2]) * x;"), "f", 0.7, -1.3);
  }

  @Test
  void anElementTestedAgainstNullInAConditional() {
    agree(filled("return a[1] != null ? a[1].x() * y : x;"), "f", 0.7, -1.3);
  }

  @Test
  void aComponentOfAnElementInAMessage() {
    Compiled c = filled("""
        if (a[0].x() > 100) {
          throw new IllegalArgumentException("bad " + a[0].x());
        }
        return a[1].norm();
        """);
    agree(c, "f", 0.7, -1.3);
    sameFailure(c, "f", true, 101.0, 1.0);
  }

  @Test
  void theSizeOfAListPrinted() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            v.add(new Vec2(x * i, y));
          }
          int n = v.size();
          System.out.println(n);
          return v.get(1).x() * n;
        }
        """), "f", 0.7, -1.3);
  }

  // ---- more ----

  @Test
  void aNullElementReadInsideAnIntStreamLambdaThrows() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, y);
          }
          return IntStream.range(0, a.length).mapToDouble(i -> a[i].x()).sum();
        }

        @Differentiable
        public static double g(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            v.add(new Vec2(x * i, y));
          }
          return IntStream.rangeClosed(0, v.size()).mapToDouble(i -> v.get(i).x()).sum();
        }
        """);
    sameFailure(c, "f", false, 0.7, -1.3);
    sameFailure(c, "g", true, 0.7, -1.3);
  }

  @Test
  @Disabled("bug: a Vec2 p reassigned in the loop (p = p.times(0.5)) and given to fields.get(i).at(p) of a List.of is refused at new Vec2(x, y)")
  void aRecordReassignedInTheLoopGivenToEachElementsMethod() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Field> fields = List.of(new Linear(x), new Radial(y), new Linear(x * y));
          Vec2 p = new Vec2(x, y);
          double s = 0;
          for (int i = 0; i < fields.size(); i++) {
            s += fields.get(i).at(p);
            p = p.times(0.5);
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void heldElementsGivenToTheMethodsOfASequencesElements() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          Field[] fields = {new Linear(x), new Radial(y)};
          Vec2[] a = new Vec2[2];
          for (int i = 0; i < a.length; i++) {
            a[i] = new Vec2(x + i, y);
          }
          double s = 0;
          for (Field field : fields) {
            for (Vec2 p : a) {
              s += field.at(p);
            }
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  @Disabled("bug: a block lambda of mapToDouble over a List.of with if (s instanceof Square q) return q.side(); is refused: \"javagrad reads the name a pattern binds, here q, as the variable tested...\"")
  void aBlockLambdaWithAnInstanceofChain() {
    agree(compile("""
        @Differentiable
        public static double f(double a, double b) {
          List<Shape> scene = List.of(new Square(a), new Disc(b), new Tri(a, b));
          return scene.stream().mapToDouble(s -> {
            if (s instanceof Square q) {
              return q.side();
            }
            double r = s.area();
            if (s instanceof Disc d) {
              return r + d.radius();
            }
            return 2 * r;
          }).sum();
        }
        """), "f", 0.7, 1.3);
  }

  @Test
  void aThrowInsideALoopDecidedForARecord() {
    Compiled c = compile("""
        static double h(Shape s, int n) {
          double t = 0;
          for (int k = 0; k < n; k++) {
            if (s instanceof Disc) {
              throw new IllegalArgumentException("no discs, at " + k);
            }
            t += s.area() * k;
          }
          return t;
        }

        @Differentiable
        public static double f(double a, double b, int n) {
          List<Shape> scene = List.of(new Square(a), new Disc(b));
          double s = 0;
          for (Shape shape : scene) {
            s += h(shape, n);
          }
          return s;
        }
        """);
    agree(c, "f", 0.7, 1.3, 0);
    sameFailure(c, "f", true, 0.7, 1.3, 3);
  }

  @Test
  void aListDeclaredInsideALoopBodyStartsEmptyEachTime() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          double s = 0;
          for (int r = 0; r < 4; r++) {
            List<Vec2> v = new ArrayList<>();
            for (int k = 0; k < r; k++) {
              v.add(new Vec2(x * k, y + r));
            }
            s += v.size() * x;
            for (Vec2 p : v) {
              s += p.dot(p);
            }
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void anArrayDeclaredInsideALoopBodyHasNoElementOfTheLastTime() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          double s = 0;
          for (int r = 0; r < 3; r++) {
            Vec2[] t = new Vec2[2];
            t[0] = new Vec2(x * r, y);
            if (r == 1) {
              t[1] = new Vec2(y, y);
            }
            for (Vec2 p : t) {
              if (p != null) {
                s += p.dot(t[0]);
              } else {
                s -= r;
              }
            }
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void anElementStoredFromAConditionalBetweenAnElementAndANewRecord() {
    agree(filled("""
        for (int i = 1; i < a.length; i++) {
          a[i] = a[i].x() > 1.5 ? a[i - 1] : new Vec2(y, x * i);
        }
        return a[1].dot(a[2]);
        """), "f", 0.7, -1.3);
  }

  @Test
  void anIndexThatDependsOnTheInputsPiecewise() {
    agree(filled("return a[(int) Math.floor(x)].y() * a[(int) Math.floor(x) + 1].x();"), "f", 1.3, -1.3);
  }

  @Test
  void aChainThatDoesNotCoverTheRecordReachesItsThrowInAForEach() {
    Compiled c = compile(CHAINS + """
        @Differentiable
        public static double each(double a, double b) {
          List<Shape> scene = List.of(new Square(a), new Tri(a, b));
          double s = 0;
          for (Shape shape : scene) {
            s += perimeter(shape);
          }
          return s;
        }
        """);
    sameFailure(c, "each", true, 0.7, 1.3);
  }

  @Test
  void aHelperThatAlwaysThrowsForTheRecordCalledInAnExpression() {
    Compiled c = compile("""
        static double h(Shape s) {
          if (s instanceof Disc) {
            throw new IllegalStateException("no discs");
          }
          return s.area();
        }

        @Differentiable
        public static double f(double a, double b) {
          Shape[] scene = {new Square(a), new Disc(b)};
          double s = 0;
          for (Shape shape : scene) {
            s += h(shape);
          }
          return s;
        }
        """);
    sameFailure(c, "f", true, 0.7, 1.3);
  }

  @Test
  void anElementOfOneListAddedToAnother() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>();
          List<Vec2> w = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            v.add(new Vec2(x * i, y));
          }
          for (int i = 0; i < 3; i++) {
            w.add(v.get(2 - i));
          }
          return w.get(0).x() * w.get(2).y();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void aHeldArrayInsideAHelperCalledInALoop() {
    agree(compile("""
        static double ring(double r, int n) {
          Vec2[] a = new Vec2[n];
          for (int i = 0; i < n; i++) {
            a[i] = new Vec2(r * Math.cos(i), r * Math.sin(i));
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += cross(a[i], a[(i + 1) % n]);
          }
          return s;
        }

        @Differentiable
        public static double f(double x, double y) {
          double s = 0;
          for (int k = 1; k <= 3; k++) {
            s += ring(x * k, 3 + k) * y;
          }
          return s;
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void elementsWrittenIntoAParameterArray() {
    agree(compile("""
        @Differentiable
        public static double f(double[] xy) {
          int n = xy.length / 2;
          Vec2[] a = new Vec2[n];
          for (int i = 0; i < n; i++) {
            a[i] = new Vec2(xy[2 * i], xy[2 * i + 1]);
          }
          for (int i = 0; i < n; i++) {
            xy[2 * i] = a[(i + 1) % n].y() * a[i].x();
          }
          return xy[0] + xy[2] * a[0].x();
        }
        """), "f", (Object) new double[] {0.1, 0.2, 1.3, -0.4, 2.2, 0.9});
  }

  @Test
  void aListFilledByAWhileOnItsSizeWithABreak() {
    agree(compile("""
        @Differentiable
        public static double f(double x, double y) {
          List<Vec2> v = new ArrayList<>(2);
          Vec2 p = new Vec2(x, y);
          while (v.size() < 6) {
            v.add(p);
            p = p.times(0.9);
            if (p.x() < 0.4) {
              break;
            }
          }
          double s = 0;
          outer:
          for (Vec2 q : v) {
            for (int k = 0; k < 2; k++) {
              if (q.x() > 0.6 && k == 1) {
                continue outer;
              }
              s += q.dot(v.get(0)) * (k + 1);
            }
          }
          return s + v.size();
        }
        """), "f", 0.7, -1.3);
  }

  @Test
  void anInnerRecordKeptWhileItsElementIsOverwrittenAndANullElementsInnerRecord() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, double y) {
          Seg[] segs = new Seg[3];
          for (int i = 0; i < 2; i++) {
            segs[i] = new Seg(new Vec2(x, i), new Vec2(y, x * i));
          }
          Vec2 pa = segs[0].a();
          segs[0] = new Seg(segs[1].b(), pa.times(y));
          double s = pa.x() * segs[0].b().y() + segs[0].a().y();
          if (x > 100) {
            s += segs[2].a().x();
          }
          return s;
        }
        """);
    agree(c, "f", 0.7, -1.3);
    sameFailure(c, "f", false, 101.0, -1.3);
  }

  /**
   * An element read inside a try that catches what reading it throws, deciding only: the try runs
   * as written, reading the element's number at an index checked as Java checks it.
   */
  @Test
  void anElementReadInATryThatCatchesJavasException() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int j) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, x);
          }
          int found;
          try {
            found = a[j].x() > 0 ? 1 : 0;
          } catch (ArrayIndexOutOfBoundsException e) {
            found = -1;
          } catch (NullPointerException e) {
            found = -2;
          }
          return found * x + a[0].y() * a[1].x();
        }
        """);
    agree(c, "f", 0.7, 0);
    agree(c, "f", 0.7, 1);
    agree(c, "f", 0.7, 2);
    agree(c, "f", 0.7, 3);
  }

  /** An element stored inside a try, which runs as written: refused there, as code run as written only reads them. */
  @Test
  void anElementStoredInsideATryIsRefusedThere() {
    refusedAt("""
        @Differentiable
        public static double f(double x, int j) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, x);
          }
          try {
            a[j] = new Vec2(1, 2);
          } catch (ArrayIndexOutOfBoundsException e) {
            j = 0;
          }
          return a[0].y();
        }
        """, "a[j] is an element of a, which javagrad holds as an array per number of its records, and code it runs"
        + " as written (a try or synchronized block, a lambda given to a library) reads its elements but cannot store"
        + " one", "a[j] = new Vec2(1, 2);");
  }

  /**
   * A derivative computed from an element inside a try: refused as any derivative inside a try is
   * (a try runs as written), at the element's read; the array is still held, not refused at its
   * filling store as before.
   */
  @Test
  void aDerivativeFromAnElementInsideATryIsRefusedThere() {
    refusedAt("""
        @Differentiable
        public static double f(double x, int j) {
          Vec2[] a = new Vec2[3];
          for (int i = 0; i < 2; i++) {
            a[i] = new Vec2(x * i, x);
          }
          double s;
          try {
            s = a[j].x() * x;
          } catch (ArrayIndexOutOfBoundsException e) {
            s = -1;
          }
          return s;
        }
        """, "a carries a derivative, but it is passed into try { s = a[j].x() * x; }", "s = a[j].x() * x;");
  }

  /**
   * Elements of a held array added, by a loop over it, to a held list: the list declared after the
   * array or before it, alike.
   */
  @Test
  void elementsOfAnArrayAddedToAListDeclaredAfterItOrBefore() {
    Compiled c = compile("""
        @Differentiable
        public static double after(double x, double y) {
          Vec2[] flows = new Vec2[4];
          for (int i = 0; i < flows.length; i++) {
            flows[i] = new Vec2(x * i, y + i);
          }
          List<Vec2> late = new ArrayList<>();
          for (Vec2 f : flows) {
            if (f.x() > 1) {
              late.add(f);
            }
          }
          return late.stream().mapToDouble(f -> f.x() * f.y()).sum() + late.size();
        }

        @Differentiable
        public static double before(double x, double y) {
          List<Vec2> late = new ArrayList<>();
          Vec2[] flows = new Vec2[4];
          for (int i = 0; i < flows.length; i++) {
            flows[i] = new Vec2(x * i, y + i);
          }
          for (Vec2 f : flows) {
            if (f.x() > 1) {
              late.add(f);
            }
          }
          return late.stream().mapToDouble(f -> f.x() * f.y()).sum() + late.size();
        }
        """);
    for (String method : new String[] {"after", "before"}) {
      agree(c, method, 0.7, -1.3);
      agree(c, method, 2.5, 0.4);
    }
  }

  @Test
  void anArrayNeverStoredAndAListNeverAddedTo() {
    Compiled c = compile("""
        @Differentiable
        public static double f(double x, int n) {
          Vec2[] a = new Vec2[n];
          List<Vec2> v = new ArrayList<>();
          double s = x * a.length + x * v.size();
          for (Vec2 p : a) {
            s += p == null ? x : p.x();
          }
          return s + v.stream().mapToDouble(p -> p.norm()).sum();
        }

        @Differentiable
        public static double g(double x, int n) {
          Vec2[] a = new Vec2[n];
          double s = 0;
          for (Vec2 p : a) {
            s += p.x() * x;
          }
          return s + x;
        }
        """);
    agree(c, "f", 0.7, 3);
    agree(c, "g", 0.7, 0);
    sameFailure(c, "g", false, 0.7, 2);
  }

  @Test
  void aHelperThatAlwaysThrowsForARecordLocal() {
    Compiled c = compile("""
        static double h(Shape s) {
          if (s instanceof Disc) {
            throw new IllegalStateException("no discs");
          }
          return s.area();
        }

        @Differentiable
        public static double f(double a, double b) {
          Shape d = new Disc(b);
          return h(d) + a;
        }
        """);
    sameFailure(c, "f", true, 0.7, 1.3);
  }
}
