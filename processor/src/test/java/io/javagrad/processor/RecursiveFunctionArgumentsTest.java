package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion through helpers given functions, as adaptive quadrature recurses with its integrand:
 * the helper is specialized to the functions ({@code adaptive$1(a, b, tol, whole, depth, k)}, what
 * they capture becoming parameters) and called through its pullback, so each call runs once. Each
 * gradient agrees with the twin, finite differences and the second-order entry points, and, where
 * one is known, with the derivative worked out by hand.
 */
class RecursiveFunctionArgumentsTest {
  private static final String SOURCE = Compiled.classSource("p.Adaptive", List.of(
      "import java.util.function.DoubleBinaryOperator;",
      "import java.util.function.DoubleUnaryOperator;"), List.of("""
      static double simpson(DoubleUnaryOperator f, double a, double b) {
        Calls.count();
        double m = 0.5 * (a + b);
        return (b - a) / 6 * (f.applyAsDouble(a) + 4 * f.applyAsDouble(m) + f.applyAsDouble(b));
      }
      """, """
      /** Adaptive Simpson quadrature, as numerical libraries write it: recursion with the integrand. */
      static double adaptive(DoubleUnaryOperator f, double a, double b, double tol, double whole, int depth) {
        double m = 0.5 * (a + b);
        double left = simpson(f, a, m);
        double right = simpson(f, m, b);
        double delta = left + right - whole;
        if (depth <= 0 || Math.abs(delta) <= 15 * tol) {
          return left + right + delta / 15;
        }
        return adaptive(f, a, m, tol / 2, left, depth - 1) + adaptive(f, m, b, tol / 2, right, depth - 1);
      }
      """, """
      static double integrate(DoubleUnaryOperator f, double a, double b, double tol) {
        if (!(a < b)) {
          throw new IllegalArgumentException("integrate needs a < b, not " + a + " and " + b);
        }
        return adaptive(f, a, b, tol, simpson(f, a, b), 40);
      }
      """, """
      @Differentiable static double decay(double k, double t1) {
        return integrate(t -> Math.exp(-k * t), 0, t1, 1e-11);
      }
      """, """
      /** Captures an input array, a local array and a scalar; the same lambda is integrated twice. */
      @Differentiable static double damped(double[] p, double w) {
        double[] shift = {0.5, 1.5};
        DoubleUnaryOperator g = t -> p[0] * Math.sin(w * t + shift[0]) * Math.exp(-p[1] * t) + shift[1];
        return integrate(g, 0, 1, 1e-10) + 0.5 * integrate(g, 1, 2, 1e-10);
      }
      """, """
      static double alternate(DoubleBinaryOperator f, double x, double y, int n) {
        Calls.count();
        return n == 0 ? f.applyAsDouble(x, y) : Math.cos(other(f, y, x, n - 1)) + 0.1 * x;
      }
      """, """
      static double other(DoubleBinaryOperator f, double x, double y, int n) {
        Calls.count();
        if (n == 0) {
          return f.applyAsDouble(y, x);
        }
        return 0.5 * alternate(f, x * y, y, n - 1) + y;
      }
      """, """
      /** Mutual recursion, the function given on at each level. */
      @Differentiable static double mutual(double x, double y, double c, int n) {
        return alternate((u, v) -> c * u * u + Math.sin(v), x, y, n);
      }
      """, """
      static double sumTo(DoubleUnaryOperator f, double x, int n) {
        Calls.count();
        if (n == 0) {
          return 0;
        }
        return f.applyAsDouble(x) / n + sumTo(f, x, n - 1);
      }
      """, """
      /** A method reference, a lambda capturing nothing, and a lambda capturing the input, to one recursive helper. */
      @Differentiable static double series(double x, int n) {
        return sumTo(Math::sin, x, n) + sumTo(t -> t * t, x, n) + sumTo(t -> Math.exp(-x * t), 0.5, n);
      }
      """, """
      /** The recursive call in a loop and a branch of the caller; one call carries no derivative. */
      @Differentiable static double inLoops(double k, int m) {
        double s = 0;
        for (int i = 1; i <= m; i++) {
          if (i % 2 == 0) {
            s += integrate(t -> Math.pow(t, k), 0, i, 1e-9);
          } else {
            s -= k * integrate(t -> Math.exp(-t), 0, 1, 1e-9);
          }
        }
        return s;
      }
      """, """
      @Differentiable static double deep(double x, int n) {
        return sumTo(t -> Math.sin(t * x), 1.0, n);
      }
      """, """
      /** Captures a double[][], an int, a boolean and a long. */
      @Differentiable static double capturesOfEveryType(double[][] m, double x, int k) {
        boolean flip = k % 2 == 0;
        long scale = 3L;
        return sumTo(t -> (flip ? -1 : 1) * m[k][0] * t * scale + m[0][1] * Math.cos(t), x, 5);
      }
      """, """
      /** An expectation under a normal density: the integrand captures the function it is given. */
      static double expectation(DoubleUnaryOperator g, double mu, double sigma) {
        double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
        return integrate(x -> g.applyAsDouble(x) * norm * Math.exp(-0.5 * (x - mu) * (x - mu) / (sigma * sigma)),
            mu - 9 * sigma, mu + 9 * sigma, 1e-11);
      }
      """, """
      @Differentiable static double secondMoment(double mu, double sigma, double c) {
        return expectation(x -> c * x * x, mu, sigma);
      }
      """, """
      static double scaled(double c, double x) {
        return sumTo(t -> c * Math.sin(t), x, 4);
      }
      """, """
      /** One lambda, in a helper inlined at two calls, each capturing its own c: one specialization, two callers. */
      @Differentiable static double oneLambdaTwoCallSites(double a, double b, double x) {
        return scaled(a, x) + scaled(b * b, x);
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    // The companion's Javadoc links name methods that exist, a specialization's its source's.
    compiled = Compiled.compile(List.of("-Xdoclint:reference/private"), "p.Adaptive", SOURCE, "p.Calls",
        CountedCalls.SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Adaptive", method);
  }

  @Test
  void adaptiveQuadratureRecursingWithItsIntegrand() {
    double k = 0.7;
    double t1 = 2.0;
    double[] grad = agreement("decay").check(k, t1);
    // The integral is (1 - exp(-k t1)) / k: its derivatives by hand, to the quadrature's tolerance.
    double e = Math.exp(-k * t1);
    assertEquals(e, grad[1], 1e-8);
    assertEquals((k * t1 * e - (1 - e)) / (k * k), grad[0], 1e-8);
  }

  @Test
  void capturedArraysAndAFunctionIntegratedTwice() {
    agreement("damped").check(new double[] {1.3, 0.4}, 2.5);
    agreement("damped").check(new double[] {-0.6, 1.1}, 0.3);
  }

  @Test
  void mutualRecursionGivingTheFunctionOn() {
    for (int n = 0; n <= 8; n++) {
      agreement("mutual").check(0.7, -0.4, 1.2, n);
    }
  }

  @Test
  void referencesAndLambdasCapturingNothingOrTheInput() {
    for (int n = 0; n <= 6; n++) {
      agreement("series").check(0.9, n);
    }
    double x = 0.9;
    double[] grad = agreement("series").check(x, 3);
    double byHand = (Math.cos(x) + 2 * x) * (1 + 1.0 / 2 + 1.0 / 3)
        - 0.5 * Math.exp(-0.5 * x) * (1 + 1.0 / 2 + 1.0 / 3);
    assertEquals(byHand, grad[0], 1e-12);
  }

  @Test
  void capturesOfEveryTypeAndOneLambdaAtTwoCallSites() {
    double[][] m = {{0.5, 1.5}, {0.7, -0.2}};
    agreement("capturesOfEveryType").check(m, 0.8, 0);
    agreement("capturesOfEveryType").check(m, 0.8, 1);
    agreement("oneLambdaTwoCallSites").check(0.5, 1.2, 0.9);
  }

  @Test
  void anIntegrandCapturingTheFunctionItIsGiven() {
    double mu = 0.4;
    double sigma = 0.7;
    double c = 1.3;
    double[] grad = agreement("secondMoment").check(mu, sigma, c);
    // E[c X^2] = c (mu^2 + sigma^2), to the quadrature's tolerance and the tails cut at 9 sigma.
    assertEquals(2 * c * mu, grad[0], 1e-7);
    assertEquals(2 * c * sigma, grad[1], 1e-7);
    assertEquals(mu * mu + sigma * sigma, grad[2], 1e-7);
  }

  @Test
  void recursiveCallsInLoopsAndBranchesAndOneThatCarriesNoDerivative() {
    for (int m = 0; m <= 4; m++) {
      agreement("inLoops").check(1.7, m);
    }
  }

  /** The gradient and forward mode run each call once, as the primal does: the cost is linear in the calls. */
  @Test
  void eachCallRunsOnce() {
    assertCallsLikeThePrimal("decay", new Class<?>[] {double.class, double.class}, 0.7, 2.0);
    assertCallsLikeThePrimal("mutual", new Class<?>[] {double.class, double.class, double.class, int.class},
        0.7, -0.4, 1.2, 9);
    assertCallsLikeThePrimal("series", new Class<?>[] {double.class, int.class}, 0.9, 40);
  }

  private static void assertCallsLikeThePrimal(String method, Class<?>[] types, Object... args) {
    CountedCalls.assertLikeThePrimal(compiled, "p.Adaptive", method, types, args);
  }

  /** Depth 10,000, on a thread with a stack of 2 MiB, where the primal runs 10,000 levels deep (see RecursionTest). */
  @Test
  void tenThousandLevels() {
    DeepExpressionTest.onStack(2L << 20, () -> agreement("deep").check(0.3, 10_000));
  }


  @Test
  void whatCannotBeAHelperOfItsOwnIsAnErrorAtTheCall() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Bad", Compiled.classSource("p.Bad",
        List.of("import java.util.function.DoubleUnaryOperator;"), List.of("""
            static double nest(DoubleUnaryOperator f, double x, int n) {
              return n == 0 ? f.applyAsDouble(x) : nest(t -> 2 * f.applyAsDouble(t), x, n - 1);
            }
            """, """
            @Differentiable static double growing(double x) {
              return nest(t -> t * x, x, 3);
            }
            """, """
            static double[] halves(DoubleUnaryOperator f, double[] v, int n) {
              if (n == 0) {
                return v;
              }
              double[] h = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                h[i] = f.applyAsDouble(v[i]) / 2;
              }
              return halves(f, h, n - 1);
            }
            """, """
            @Differentiable static double arrays(double x) {
              return halves(t -> t * x, new double[] {x, 1}, 3)[0];
            }
            """, """
            static double sumTo(DoubleUnaryOperator f, double x, int n) {
              return n == 0 ? 0 : f.applyAsDouble(x) + sumTo(f, x, n - 1);
            }
            """, """
            @Differentiable static double writesACapture(double x) {
              double[] last = new double[1];
              return sumTo(t -> {
                last[0] = t * x;
                return last[0];
              }, x, 3);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("this function captures itself, through the functions it captures:"
        + " the recursion gives a new function at each level").inFile(file)
        .onLineContaining("return n == 0 ? f.applyAsDouble(x) : nest(t -> 2 * f.applyAsDouble(t), x, n - 1);");
    assertThat(compilation).hadErrorContaining("Bad.halves is inlined at each call, and it calls itself (Bad.halves"
        + " -> Bad.halves), which an inlined body cannot: it returns a double[] and is given a function or a record")
        .inFile(file)
        .onLineContaining("return halves(f, h, n - 1);");
    // The specialization takes what the function captures as parameters, and writes into one.
    assertThat(compilation).hadErrorContaining("a helper differentiated on demand cannot write into its array"
        + " argument last").inFile(file).onLineContaining("last[0] = t * x;");
    assertThat(compilation).hadErrorContaining("Bad.sumTo could not be differentiated").inFile(file)
        .onLineContaining("return n == 0 ? 0 : f.applyAsDouble(x) + sumTo(f, x, n - 1);");
  }
}
