package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * Records followed by their components: a complex number written as a record with its arithmetic
 * as methods (a Heston-style characteristic function, a power series), points built by helpers,
 * chosen by ?:, clamped, shifted by a helper that reassigns its parameter, a record of a value and
 * a count returned by a solver, a record constant, records written into messages, a record whose
 * compact constructor checks and normalizes its components (inlined where it is built). Each gradient
 * agrees with the twin, finite differences and the second-order entries; a record used as an
 * object where it carries no derivative runs as written, and one that would lose a derivative is
 * a compile error at the use.
 */
class RecordValuesTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;
import java.util.ArrayList;
import java.util.List;

public class Cx {
  private Cx() {}

  record Complex(double re, double im) {
    static final Complex ONE = new Complex(1, 0);

    Complex plus(Complex o) { return new Complex(re + o.re, im + o.im); }
    Complex times(Complex o) { return new Complex(re * o.re - im * o.im, re * o.im + im * o.re); }
    Complex times(double s) { return new Complex(s * re, s * im); }
    Complex divide(Complex o) {
      double d = o.re * o.re + o.im * o.im;
      if (d == 0) {
        throw new ArithmeticException("division by zero: " + this + " / " + o);
      }
      return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }
    double abs() { return Math.hypot(re, im); }
    Complex conjugate() { return new Complex(re, -im); }
    static Complex exp(Complex z) { double e = Math.exp(z.re()); return new Complex(e * Math.cos(z.im), e * Math.sin(z.im)); }
    Complex sqrt() {
      double r = Math.sqrt(abs());
      double t = Math.atan2(im, re) / 2;
      return new Complex(r * Math.cos(t), r * Math.sin(t));
    }
    boolean isReal() { return im == 0; }
  }

  record Point(double x, double y) {}

  record Decay(double rate, double level) {
    Decay {
      if (!(level > 0)) {
        throw new IllegalArgumentException("level must be positive: " + level);
      }
      rate = Math.abs(rate);
    }

    Decay(double level) {
      this(1.0, level);
    }

    double at(double t) {
      return level * Math.exp(-rate * t);
    }
  }

  record Fit(double value, int iterations) {}

  static Point polar(double r, double t) { return new Point(r * Math.cos(t), r * Math.sin(t)); }

  static double dist(Point a, Point b) { return Math.hypot(a.x() - b.x(), a.y() - b.y()); }

  static Point clampToDisc(Point p, double radius) {
    double n = Math.hypot(p.x(), p.y());
    if (n <= radius) {
      return p;
    }
    return new Point(p.x() * radius / n, p.y() * radius / n);
  }

  static Fit newton(double a, double x0) {
    double x = x0;
    int k = 0;
    while (k < 50) {
      double step = (x * x - a) / (2 * x);
      x -= step;
      k++;
      if (Math.abs(step) < 1e-14) {
        break;
      }
    }
    return new Fit(x, k);
  }

  static Point shifted(Point p, double dx) {
    p = new Point(p.x() + dx, p.y());
    return p;
  }

  @Differentiable
  public static double complexSquare(double x, double y) {
    Complex z = new Complex(x, y);
    Complex w = z.times(z).plus(Complex.exp(z));
    return w.abs() + w.re();
  }

  @Differentiable
  public static double series(double x, double y, int n) {
    Complex z = new Complex(x, y);
    Complex term = Complex.ONE;
    Complex sum = new Complex(0, 0);
    for (int k = 0; k < n; k++) {
      sum = sum.plus(term);
      term = term.times(z).times(1.0 / (k + 1));
    }
    return sum.re() * sum.im();
  }

  @Differentiable
  public static double characteristic(double kappa, double sigma, double u) {
    Complex iu = new Complex(0, u);
    Complex d = iu.times(iu).plus(new Complex(kappa * kappa, -sigma * u)).sqrt();
    Complex g = new Complex(kappa, 0).plus(d.times(-1)).divide(new Complex(kappa, 0).plus(d));
    return g.abs() + d.conjugate().im();
  }

  @Differentiable
  public static double geometry(double r, double t, double radius) {
    Point a = polar(r, t);
    Point b = clampToDisc(polar(2 * r, t + 0.3), radius);
    Point c = t > 0 ? a : new Point(0.5, r);
    return dist(a, b) + c.y() + shifted(c, r).x;
  }

  @Differentiable
  public static double root(double a) {
    Fit fit = newton(a, 1.0);
    if (fit.iterations() > 40) {
      throw new IllegalStateException("no convergence: " + fit);
    }
    return fit.value() * fit.value() * a;
  }

  @Differentiable
  public static double inactiveObject(double x) {
    Point p = new Point(1, 2);
    List<Point> seen = new ArrayList<>();
    seen.add(p);
    return x * seen.get(0).x();
  }

  @Differentiable
  public static double checked(double x, double y) {
    Complex z = new Complex(x, y);
    if (!Double.isFinite(z.abs()) || z.isReal()) {
      throw new ArithmeticException("not a complex number: " + z);
    }
    return z.times(z).im();
  }

  @Differentiable
  public static double switched(double x, double y, int k) {
    Point p = switch (k) {
      case 0 -> new Point(x, y);
      case 1 -> polar(x, y);
      default -> {
        Point q = new Point(y, x);
        yield clampToDisc(q, 1.0);
      }
    };
    return p.x() * p.y();
  }

  @Differentiable
  public static double decay(double rate, double level, double t) {
    Decay d = new Decay(rate, level);
    Decay unit = new Decay(2.0);
    return d.at(t) + d.rate() * unit.at(t);
  }

  @Differentiable
  public static double messages(double x) {
    Point p = new Point(x, x * x);
    if (p.y() > 1e6) {
      throw new IllegalArgumentException("too large: y = " + p.y() + ", x = " + p.x);
    }
    return p.x() + p.y();
  }
}
""";

  /** What a campaign of physics and signal-processing code wrote and javagrad first refused or crashed on. */
  private static final String CAMPAIGN = """
package p;

import io.javagrad.Differentiable;

public class A {
  record V(double x, double y) {
    static final V UNIT_X = new V(1, 0);
    V plus(V o) { return new V(x + o.x, y + o.y); }
    V scale(double s) { return new V(s * x, s * y); }
  }
  record C(double re, double im) {
    C times(C o) { return new C(re * o.re - im * o.im, re * o.im + im * o.re); }
    C plus(C o) { return new C(re + o.re, im + o.im); }
    double absSquared() { return re * re + im * im; }
  }

  @Differentiable
  public static double literal(double x, double y) {
    V v = new V(x, y);
    if (v.x() > 1e6) throw new IllegalArgumentException("too far: %s".formatted(v));
    int n = "abc".length();
    return v.x() * v.y() * n;
  }

  @Differentiable
  public static double copies(double x, double y) {
    V pos = new V(x, y);
    V copy = pos;
    V acc = new V(0, 0);
    for (int i = 0; i < 3; i++) {
      V next = acc.plus(copy.scale(0.5));
      acc = next;
    }
    return acc.x() * acc.y();
  }

  @Differentiable
  public static double mandel(double cr, double ci) {
    C c = new C(cr, ci);
    C z = new C(0, 0);
    for (int k = 0; k < 4; k++) {
      z = z.times(z).plus(c);
    }
    C w = z.times(z).plus(z);
    return w.absSquared();
  }

  @Differentiable
  public static double constants(double s, double t) {
    V g = V.UNIT_X.scale(s).plus(new V(0, t));
    return g.x() * g.y() + V.UNIT_X.plus(g).x();
  }

  @Differentiable
  public static double formatted(double x, double y) {
    V v = new V(x, y);
    if (v.x() < -1e6) throw new IllegalArgumentException(String.format("negative x in %s", v));
    var z = new C(x, y);
    return v.y() * z.absSquared();
  }

}
""";

  /** Records built through constructors of their own, which Java chooses among by the arguments' types. */
  private static final String DELEGATING = """
package p;

import io.javagrad.Differentiable;

public class Del {
  record C(double re, double im) {
    C(double re) { this(re, 0); }
    C(double re, int scale) {
      this(re * scale, re);
      if (scale < 0) {
        throw new IllegalArgumentException("negative scale " + scale);
      }
    }
    C times(C o) { return new C(re * o.re - im * o.im, re * o.im + im * o.re); }
  }
  record P(double a, double b) {
    P { if (b < 0) throw new IllegalArgumentException("b"); }
    P(double a) { this(a, 2 * a); }
  }

  @Differentiable
  public static double f(double x, double y) {
    C z = new C(x).times(new C(y, 3));
    P p = new P(x * x);
    return z.re() * z.im() + p.a() * p.b();
  }

}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Cx", SOURCE, "p.A", CAMPAIGN, "p.Del", DELEGATING).assertCleanSuccess();
  }

  @Test
  void complexArithmeticThroughRecordMethods() {
    agree("complexSquare", 0.4, -0.7);
    agree("complexSquare", -1.2, 0.3);
    agree("series", 0.4, -0.7, 8);
    agree("series", 0.9, 0.2, 0);
    agree("characteristic", 1.5, 0.4, 0.8);
    agree("characteristic", 0.7, 0.9, -1.3);
  }

  @Test
  void constructorsOfTheirOwnChosenAsJavaChoosesThem() {
    // new C(x) calls this(re, 0), which Java resolves to C(double, int): (0, x), not (x, 0).
    new GradientAgreement(compiled, "p.Del", "f").check(0.7, 0.3);
    new GradientAgreement(compiled, "p.Del", "f").check(-1.1, 0.4);
  }

  @Test
  void aSwitchExpressionYieldingRecords() {
    for (int k = 0; k < 3; k++) {
      agree("switched", 0.7, 1.3, k);
    }
  }

  @Test
  void pointsFromHelpersChoicesAndReassignedParameters() {
    for (double t : new double[] {-0.6, 0.8}) {
      for (double radius : new double[] {0.5, 5.0}) {
        agree("geometry", 1.1, t, radius);
      }
    }
  }

  @Test
  void aRecordOfAValueAndACountFromASolver() {
    double[] gradient = agree("root", 2.0);
    // root(a) = sqrt(a)^2 * a = a^2 at convergence.
    assertEquals(4.0, gradient[0], 1e-9);
  }

  @Test
  void copiesChainsConstantsMessagesAndVar() {
    for (String method : new String[] {"literal", "copies", "mandel", "constants", "formatted"}) {
      new GradientAgreement(compiled, "p.A", method).check(0.3, 0.4);
    }
  }

  @Test
  void aRecordStoredInAnArrayIsHeldAsAnArrayPerComponent() {
    // Once an error (a zero would have been wrong); now the array is a structure of arrays (RecordArrays).
    Compiled stored = Compiled.compile("p.Stored", """
        package p;

        import io.javagrad.Differentiable;

        public class Stored {
          record V(double x, double y) {}

          @Differentiable
          public static double f(double x, double y) {
            V[] vs = new V[1];
            vs[0] = new V(x, y);
            return vs[0].x() * vs[0].y();
          }
        }
        """).assertCleanSuccess();
    double[] gradient = new GradientAgreement(stored, "p.Stored", "f").check(0.3, 1.7);
    assertArrayEquals(new double[] {1.7, 0.3}, gradient, 1e-15);
  }

  @Test
  void aCompactConstructorChecksAndNormalizesAsWritten() throws Exception {
    agree("decay", 0.7, 1.5, 0.4);
    agree("decay", -0.7, 1.5, 0.4);
    Method gradient = compiled.load("p.CxGrad").getMethod("decay", double.class, double.class, double.class,
        double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 0.7, -1.0, 0.4, new double[3])).getCause();
    assertEquals(IllegalArgumentException.class, thrown.getClass());
    assertEquals("level must be positive: -1.0", thrown.getMessage());
  }

  @Test
  void recordsInMessagesAndAsObjectsRunAsWritten() throws Exception {
    agree("inactiveObject", 0.3);
    agree("checked", 0.3, -1.4);
    agree("messages", 0.3);
    Method gradient = compiled.load("p.CxGrad").getMethod("messages", double.class, double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 2000.0, new double[1])).getCause();
    Method primal = compiled.load("p.Cx").getDeclaredMethod("messages", double.class);
    Throwable expected = assertThrows(InvocationTargetException.class, () -> primal.invoke(null, 2000.0)).getCause();
    assertEquals(expected.getMessage(), thrown.getMessage());
  }

  @Test
  void aRecordWithADerivativeGivenToALibraryIsAnErrorAtItsConstruction() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Escapes", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        class Escapes {
          record Point(double x, double y) {}

          @Differentiable
          static double given(double x) {
            Point p = new Point(x, 2 * x);
            return List.of(p).get(0).y();
          }

          /** A list keeps the object, and the result reads it back: the derivative would be lost there too. */
          @Differentiable
          static double kept(double y) {
            Point q = new Point(y, 2 * y);
            List<Point> points = new ArrayList<>();
            points.add(q);
            return points.get(0).y() * count(points);
          }

          static int count(List<Point> points) {
            return points.size();
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    // A list only added to and read would be held as an array per component (RecordArrays); given whole, it is an object.
    assertThat(compilation).hadErrorContaining("y carries a derivative, but it is passed into new Point(y, 2 * y)")
        .inFile(file).onLineContaining("Point q = new Point(y, 2 * y);");
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into new Point(x, 2 * x)")
        .inFile(file).onLineContaining("Point p = new Point(x, 2 * x);");
    assertThat(compilation).hadErrorContaining("javagrad follows a record by its components where each use of it")
        .inFile(file).onLineContaining("Point p = new Point(x, 2 * x);");
  }

  @Test
  void aPrivateRecordTakenWholeByCodeRunAsWrittenIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Whole", """
        package p;

        import io.javagrad.Differentiable;

        class Whole {
          private record Point(double x, double y) {
            double norm() {
              return Math.hypot(x, y);
            }
          }

          @Differentiable
          static double checked(double x) {
            Point p = new Point(x, 2 * x);
            if (!Double.isFinite(p.norm())) {
              throw new ArithmeticException("overflow");
            }
            return p.y();
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("Point cannot be named by the generated companion p.WholeGrad, because")
        .inFile(file).onLineContaining("if (!Double.isFinite(p.norm())) {");
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Cx", method).check(args);
  }
}
