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
 * Records with array components followed by their components: a solver's result (the point it
 * reached, its cost, its steps), the state of a chain of oscillators stepped by a method that
 * returns the next state, a polynomial of its coefficients with a compact constructor's check, a
 * record constant, records chosen by ?: and by a switch, and a record given a parameter's array.
 * The component is an array local, which the record's methods and the helpers given it index;
 * each gradient agrees with the twin, finite differences and the second-order entries.
 */
class RecordArrayComponentsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Rs {
  private Rs() {}

  /** What a solver returns: the point it reached, its cost there, and how many steps it took. */
  record Result(double[] x, double cost, int iterations) {
    double norm() {
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return Math.sqrt(s);
    }
  }

  /** Positions and momenta of a chain of oscillators. */
  record State(double[] q, double[] p) {
    State step(double dt, double k) {
      double[] p2 = new double[p.length];
      double[] q2 = new double[q.length];
      for (int i = 0; i < q.length; i++) {
        p2[i] = p[i] - dt * k * q[i];
        q2[i] = q[i] + dt * p2[i];
      }
      return new State(q2, p2);
    }

    double energy(double k) {
      double e = 0;
      for (int i = 0; i < q.length; i++) {
        e += 0.5 * p[i] * p[i] + 0.5 * k * q[i] * q[i];
      }
      return e;
    }
  }

  record Polynomial(double[] coefficients) {
    Polynomial {
      if (coefficients.length == 0) {
        throw new IllegalArgumentException("a polynomial needs a coefficient");
      }
    }

    double at(double x) {
      double y = 0;
      for (int i = coefficients.length - 1; i >= 0; i--) {
        y = y * x + coefficients[i];
      }
      return y;
    }

    Polynomial derivative() {
      double[] d = new double[Math.max(1, coefficients.length - 1)];
      for (int i = 1; i < coefficients.length; i++) {
        d[i - 1] = i * coefficients[i];
      }
      return new Polynomial(d);
    }
  }

  static Result descend(double[] start, double rate, int steps) {
    double[] x = start.clone();
    double cost = 0;
    for (int k = 0; k < steps; k++) {
      cost = 0;
      for (int i = 0; i < x.length; i++) {
        cost += x[i] * x[i];
        x[i] -= rate * 2 * x[i];
      }
    }
    return new Result(x, cost, steps);
  }

  static double residual(Result r, double[] target) {
    double s = 0;
    for (int i = 0; i < target.length; i++) {
      double d = r.x()[i] - target[i];
      s += d * d;
    }
    return s;
  }

  @Differentiable
  public static double descentLoss(double[] start, double rate) {
    Result r = descend(start, rate, 4);
    return r.cost() + r.norm() + r.iterations();
  }

  @Differentiable
  public static double oscillators(double[] q0, double[] p0, double k) {
    State s = new State(q0.clone(), p0.clone());
    for (int n = 0; n < 10; n++) {
      s = s.step(0.1, k);
    }
    return s.energy(k) + s.q()[0];
  }

  @Differentiable
  public static double polynomial(double[] c, double x) {
    Polynomial p = new Polynomial(c);
    return p.at(x) * p.derivative().at(x);
  }

  @Differentiable
  public static double writesThroughComponent(double[] a) {
    Result r = new Result(new double[a.length], 0, 0);
    for (int i = 0; i < a.length; i++) {
      r.x()[i] = a[i] * a[i];
    }
    double[] v = r.x();
    return v[0] + r.x().length * v[v.length - 1];
  }

  @Differentiable
  public static double givenParameter(double[] a, double w) {
    Result r = new Result(a, w, 1);
    return r.x()[0] * r.cost() + residual(r, new double[] {1, 2});
  }

  @Differentiable
  public static double checked(double[] a) {
    Result r = descend(a, 0.1, 2);
    if (!(r.cost() >= 0)) {
      throw new IllegalStateException("bad " + r);
    }
    return r.cost();
  }

  static final Polynomial CUBIC = new Polynomial(new double[] {1, -2, 0.5, 0.25});

  @Differentiable
  public static double constantRecord(double x) {
    return CUBIC.at(x) + CUBIC.derivative().at(x) * CUBIC.coefficients()[1];
  }

  @Differentiable
  public static double chosen(double[] a, double[] b, double w) {
    Result left = descend(a, 0.1, 2);
    var right = new Result(b.clone(), w * w, 0);
    Result best = left.cost() < right.cost() ? left : right;
    return best.cost() + best.norm() * w;
  }

  @Differentiable
  public static double switched(double[] a, double w, int method) {
    Result r = switch (method) {
      case 0 -> descend(a, 0.05, 3);
      case 1 -> descend(a, 0.2, 1);
      default -> new Result(a.clone(), w, 0);
    };
    return r.cost() * w + r.x()[1];
  }

  @Differentiable
  public static double aliasedRecords(double[] a) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = r;
    s.x()[0] = 5 * a[1];
    return r.x()[0] * a[0] + s.x()[1];
  }

  static void normalize(Result r) {
    double n = r.norm();
    for (int i = 0; i < r.x().length; i++) {
      r.x()[i] /= n;
    }
  }

  static Result wrap(double[] x, double cost) {
    return new Result(x, cost, 0);
  }

  @Differentiable
  public static double normalizedInPlace(double[] a, double w) {
    Result r = wrap(a.clone(), w);
    normalize(r);
    Result q = wrap(a, w * w);
    return r.x()[0] * w + q.x()[1] * q.cost();
  }

  @Differentiable
  public static double steppedThroughALocal(double[] q0, double[] p0, double k) {
    State s = new State(q0.clone(), p0.clone());
    double e0 = s.energy(k);
    for (int n = 0; n < 5; n++) {
      State next = s.step(0.05, k);
      s = next;
    }
    return s.energy(k) - e0;
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rs", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Rs", method).check(args);
  }

  @Test
  void aSolversResultOfAPointACostAndACount() {
    agree("descentLoss", new double[] {0.4, -1.2, 2.0}, 0.15);
    agree("descentLoss", new double[] {1.5}, 0.3);
  }

  @Test
  void aStateSteppedByAMethodReturningTheNextState() {
    agree("oscillators", new double[] {0.3, -0.2, 0.1}, new double[] {0.0, 0.5, -0.4}, 2.5);
  }

  @Test
  void aPolynomialOfItsCoefficientsAndItsDerivative() {
    agree("polynomial", new double[] {1.0, -0.5, 0.25, 2.0}, 0.7);
    agree("polynomial", new double[] {3.0}, -1.3);
  }

  @Test
  void theCompactConstructorsCheckRunsAsWritten() throws Exception {
    Method gradient = compiled.load("p.RsGrad").getMethod("polynomial", double[].class, double.class,
        double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, new double[0], 0.5, new double[1])).getCause();
    assertEquals(IllegalArgumentException.class, thrown.getClass());
    assertEquals("a polynomial needs a coefficient", thrown.getMessage());
  }

  @Test
  void elementsWrittenThroughTheComponentAndReadThroughAnAlias() {
    agree("writesThroughComponent", new double[] {0.3, -1.1, 0.8});
  }

  @Test
  void aParametersArrayGivenToARecordIsReadAsTheParameter() {
    double[] gradient = agree("givenParameter", new double[] {0.6, 1.7}, 1.4);
    // a[0] * w + (a[0] - 1)^2 + (a[1] - 2)^2
    assertEquals(1.4 + 2 * (0.6 - 1), gradient[0], 1e-12);
    assertEquals(2 * (1.7 - 2), gradient[1], 1e-12);
    assertEquals(0.6, gradient[2], 1e-12);
  }

  @Test
  void aRecordWithAnArrayInAMessage() throws Exception {
    agree("checked", new double[] {0.4, 0.9});
  }

  @Test
  void aRecordConstantReadThroughItsAccessors() {
    agree("constantRecord", 0.8);
  }

  @Test
  void recordsChosenByConditionalsAndSwitches() {
    agree("chosen", new double[] {0.4, 0.5}, new double[] {0.1, 0.2}, 0.3);
    agree("chosen", new double[] {0.4, 0.5}, new double[] {0.1, 0.2}, 2.0);
    for (int method = 0; method < 3; method++) {
      agree("switched", new double[] {0.4, -0.5, 1.1}, 0.7, method);
    }
  }

  @Test
  void recordsSharingAnArrayAndHelpersWritingThroughOne() {
    agree("aliasedRecords", new double[] {0.3, -0.8});
    agree("normalizedInPlace", new double[] {0.3, -0.8, 1.2}, 0.6);
    agree("steppedThroughALocal", new double[] {0.3, -0.2}, new double[] {0.1, 0.4}, 1.7);
  }
  @Test
  void aParameterWrittenAfterARecordIsGivenItIsAnError() {
    assertError("""
        R r = new R(a, 1);
        a[0] = 3 * a[1];
        return r.x()[0] * r.c();
        """, "a[0] = 3 * a[1];", "the parameter array a is both written in this method and given to R's component x;"
        + " javagrad gives the local a copy, which would not see the writes; give it a copy of its own (a.clone()),"
        + " or write through the local that holds it");
  }

  @Test
  void aWriteThroughAComponentHoldingAParametersArrayIsAnError() {
    assertError("""
        R r = new R(a, 1);
        r.x()[0] = 2;
        return r.x()[0] + a[0];
        """, "r.x()[0] = 2;", "r.x() may hold the parameter array a, given to R's component x; javagrad gives it a"
        + " copy");
  }

  @Test
  void nullForAnArrayComponentIsAnError() {
    assertError("""
        R r = new R(null, a[0]);
        return r.c();
        """, "R r = new R(null, a[0]);", "R's component x is given null; javagrad follows R by its components, and an"
        + " array component is an array local, which holds an array: give it one (new double[0] for none)");
  }

  @Test
  void aRecordOfAnArrayKeptInACollectionIsAnErrorAtItsConstruction() {
    assertError("""
        R r = new R(a.clone(), 1);
        java.util.List<R> kept = new java.util.ArrayList<>();
        kept.add(r);
        return kept.get(0).x()[0];
        """, "R r = new R(a.clone(), 1);", "a carries a derivative, but it is passed into new R(a.clone(), 1)");
  }

  /** Compiles {@code body} as the body of {@code f(double[] a)} beside {@code record R(double[] x, double c)}. */
  private static void assertError(String body, String line, String message) {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;

        class E {
          record R(double[] x, double c) {}

          @Differentiable
          static double f(double[] a) {
        """ + body.indent(4) + """
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }
}
