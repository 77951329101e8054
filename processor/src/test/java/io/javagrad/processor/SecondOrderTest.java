package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code f_hvp} and {@code f_hessian}, second derivatives by reverse over forward, on methods of
 * every kind a body may be (straight-line code, branches, loops taped and in place, arrays and
 * matrices, a parameter array written, calls, helpers, recursion, {@code @NoDerivative}, kinks):
 * {@link SecondOrderAgreement} at each point, then closed forms: the Black–Scholes gamma, vanna and
 * volga, the Rosenbrock Hessian, kinks whose second derivative is 0 as in JAX, and a call to a
 * {@code @DerivativeOf} rule, which has none.
 */
class SecondOrderTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.Functions;
      import io.javagrad.NoDerivative;

      public class S {
        @Differentiable static double polynomial(double x, double y) {
          return x * x * y + 3 * y * y * y - x * y + 2 * x;
        }

        @Differentiable static double transcendental(double x, double y) {
          return Math.exp(x * y) + Math.sin(x) * Math.cos(y) + Math.log(1 + x * x) + Math.sqrt(y * y + 1)
              + Math.tanh(x - y) + Math.atan(x * y) + Math.cbrt(x + 2);
        }

        @Differentiable static double quotients(double x, double y) {
          return x / y + Math.pow(x, 3) / (1 + y * y) + Math.pow(x, y) + Math.hypot(x, y) + Math.atan2(y, x);
        }

        @Differentiable static double branches(double x, double y) {
          double r;
          if (x > y) {
            r = x * x * y;
          } else if (x * y > 0.5) {
            r = Math.exp(x) * y;
          } else {
            r = Math.sin(x * y);
          }
          return r * (x * y > 1 ? Math.exp(x) : x * y * y);
        }

        /** A while loop, taped: its trip count and the overwritten s are recorded. */
        @Differentiable static double tapedLoop(double x, double y, int n) {
          double s = y;
          int k = 0;
          while (k < n) {
            s = s * x + Math.sin(s) * y;
            k++;
          }
          return s;
        }

        /** A loop whose iterations keep their own locals (differentiated in place). */
        @Differentiable static double inPlaceLoop(double[] a, double s) {
          double sum = 0;
          for (int i = 0; i < a.length; i++) {
            double t = Math.exp(a[i] * s);
            sum += t * t + a[i] / t;
          }
          return sum;
        }

        @Differentiable static double rosenbrock(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
          }
          return s;
        }

        @Differentiable static double quadraticForm(double[] a, double[][] m) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += a[i] * m[i][j] * a[j];
            }
          }
          return s * Math.exp(0.1 * m[0][1]);
        }

        @Differentiable static double localArray(double[] a) {
          double[] b = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            b[i] = a[i] * a[i];
          }
          double s = 0;
          for (int i = 0; i < b.length; i++) {
            s += b[i] * Math.sin(b[(i + 1) % b.length]);
          }
          return s;
        }

        /** Writes into its parameter's array. */
        @Differentiable static double writesItsArray(double[] a, double s) {
          for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * s;
          }
          double sum = 0;
          for (double e : a) {
            sum += e * e * e;
          }
          return sum;
        }

        @Differentiable static double g(double x, double y) {
          return Math.log(x * y + 1) * x;
        }

        @Differentiable static double norm(double[] a) {
          double s = 0;
          for (double e : a) {
            s += e * e;
          }
          return Math.sqrt(s);
        }

        @Differentiable static double calls(double x, double y) {
          return g(x * y, x) * g(y, 2) + g(g(x, y), 1.5);
        }

        @Differentiable static double callsInALoop(double[] a, double s) {
          double t = 0;
          for (int i = 0; i < a.length; i++) {
            t += g(a[i], s) * a[i];
          }
          return t + norm(a) * s;
        }

        private static double helper(double x, double y) {
          double r = x * y;
          for (int i = 0; i < 3; i++) {
            r = r * Math.cos(y) + x;
          }
          return r;
        }

        /** A private helper, differentiated on demand, called twice. */
        @Differentiable static double callsAHelper(double x, double y) {
          return helper(x, y) * helper(y, x);
        }

        @Differentiable static double power(double x, int n) {
          return n == 0 ? 1 : x * power(x, n - 1) + Math.sin(x) / (n + 1);
        }

        @Differentiable static double constants(double x, @NoDerivative double c, double[] w, @NoDerivative double[] data) {
          double s = 0;
          for (int i = 0; i < data.length; i++) {
            double r = w[0] * data[i] + w[1] * x - c;
            s += r * r * Math.exp(-w[1] * data[i]);
          }
          return s;
        }

        /** Kinks: relu, abs, max and min, whose second derivatives are 0 away from ties. */
        @Differentiable static double kinks(double x, double y) {
          return Functions.relu(x * y) * x + Math.abs(x - y) * y + Math.max(x * x, y) * Math.min(x, y * y);
        }

        @Differentiable static double sigmoidAndFma(double x, double y) {
          return Functions.sigmoid(x * y) + Math.fma(x, y, x * x) * Math.expm1(y) + Math.log1p(x * x);
        }

        /** The standard normal CDF by the series of erf, accurate to rounding for |x| below 3. */
        @Differentiable static double normalCdf(double x) {
          double z = x / Math.sqrt(2);
          double term = z;
          double sum = z;
          for (int n = 1; n < 60; n++) {
            term = -term * z * z / n;
            sum += term / (2 * n + 1);
          }
          return 0.5 + sum / Math.sqrt(Math.PI);
        }

        @Differentiable static double call(double spot, double vol, @NoDerivative double strike,
            @NoDerivative double rate, @NoDerivative double expiry) {
          double stdDev = vol * Math.sqrt(expiry);
          double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * expiry) / stdDev;
          double d2 = d1 - stdDev;
          return spot * normalCdf(d1) - strike * Math.exp(-rate * expiry) * normalCdf(d2);
        }

        /** Arrays of two shapes, a switch and a do-while. */
        @Differentiable static double mixed(double[] a, double[][] m, double s, int mode) {
          double acc = 0;
          switch (mode) {
            case 0 -> acc = s * s;
            case 1 -> acc = Math.sin(s);
            default -> acc = 1;
          }
          int i = 0;
          do {
            acc += m[i][0] * a[i] * s + Math.exp(m[i][1] * a[0]);
            i++;
          } while (i < m.length);
          return acc;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.S", SOURCE).assertCleanSuccess();
  }

  static Stream<Arguments> points() {
    double[][] m = {{0.5, -0.25, 0.3}, {1.5, 0.75, -1.0}, {0.2, 0.1, 0.4}};
    return Stream.of(
        Arguments.of("polynomial", new Object[] {0.7, -1.3}),
        Arguments.of("transcendental", new Object[] {0.7, 0.4}),
        Arguments.of("quotients", new Object[] {1.7, 0.6}),
        Arguments.of("branches", new Object[] {1.2, 0.3}),
        Arguments.of("branches", new Object[] {0.9, 1.3}),
        Arguments.of("branches", new Object[] {0.2, 0.3}),
        Arguments.of("tapedLoop", new Object[] {0.8, 0.6, 5}),
        Arguments.of("inPlaceLoop", new Object[] {new double[] {0.3, -0.2, 0.5}, 0.7}),
        Arguments.of("rosenbrock", new Object[] {new double[] {0.5, 1.2, -0.3, 0.8}}),
        Arguments.of("quadraticForm", new Object[] {new double[] {0.4, -0.6, 1.1}, m}),
        Arguments.of("localArray", new Object[] {new double[] {0.4, -0.6, 1.1, 0.3}}),
        Arguments.of("writesItsArray", new Object[] {new double[] {0.4, -0.6, 1.1}, 1.3}),
        Arguments.of("g", new Object[] {0.5, 0.0}),
        Arguments.of("norm", new Object[] {new double[] {0.4, -0.6, 1.1}}),
        Arguments.of("calls", new Object[] {0.6, 0.9}),
        Arguments.of("callsInALoop", new Object[] {new double[] {0.4, 0.6, 1.1}, 0.8}),
        Arguments.of("callsAHelper", new Object[] {0.6, 0.9}),
        Arguments.of("power", new Object[] {0.9, 4}),
        Arguments.of("constants", new Object[] {0.5, 0.2, new double[] {0.3, -0.4}, new double[] {1.0, 2.0, -1.5}}),
        Arguments.of("kinks", new Object[] {0.7, 0.4}),
        Arguments.of("kinks", new Object[] {-0.7, 1.4}),
        Arguments.of("sigmoidAndFma", new Object[] {0.7, 0.4}),
        Arguments.of("normalCdf", new Object[] {0.35}),
        Arguments.of("call", new Object[] {100.0, 0.25, 95.0, 0.03, 1.5}),
        Arguments.of("mixed", new Object[] {new double[] {0.4, -0.6, 1.1}, m, 0.8, 1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void agreesWithCentralDifferencesOfTheGradient(String method, Object[] args) {
    new GradientAgreement(compiled, "p.S", method).check(args);
    new SecondOrderAgreement(compiled, "p.S", method).check(args);
  }

  /** Gamma, vanna and volga of a call, against their closed forms. */
  @Test
  void blackScholesGreeks() {
    double spot = 100;
    double vol = 0.25;
    double strike = 95;
    double rate = 0.03;
    double expiry = 1.5;
    double[] hessian = new SecondOrderAgreement(compiled, "p.S", "call").check(spot, vol, strike, rate, expiry);
    double stdDev = vol * Math.sqrt(expiry);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * expiry) / stdDev;
    double d2 = d1 - stdDev;
    double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    double gamma = density / (spot * stdDev);
    double vanna = -density * d2 / vol;
    double volga = spot * density * Math.sqrt(expiry) * d1 * d2 / vol;
    assertEquals(gamma, hessian[0], 1e-10 * Math.abs(gamma));
    assertEquals(vanna, hessian[1], 1e-10 * Math.abs(vanna));
    assertEquals(vanna, hessian[2], 1e-10 * Math.abs(vanna));
    assertEquals(volga, hessian[3], 1e-9 * Math.abs(volga));
  }

  @Test
  void rosenbrockHessian() {
    double[] x = {0.5, 1.2, -0.3, 0.8, 1.1};
    int n = x.length;
    double[] expected = new double[n * n];
    for (int i = 0; i < n - 1; i++) {
      expected[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      expected[(i + 1) * n + i + 1] += 200;
      expected[i * n + i + 1] = -400 * x[i];
      expected[(i + 1) * n + i] = -400 * x[i];
    }
    double[] grad = new double[n];
    double[] hessian = new double[n * n];
    compiled.call("p.SGrad", "rosenbrock_hessian", new Class<?>[] {double[].class, double[].class, double[].class},
        x, grad, hessian);
    assertArrayEquals(expected, hessian, 1e-10);
  }

  /**
   * relu, abs, max and min have second derivative 0 away from ties, as in JAX: at (0.7, 0.4),
   * kinks is x² y + (x - y) y + x² y², term by term; at the tie x = y = 0.5 of |x - y| its slope is
   * 0 (abs'(0) = 0) and so is its curvature, leaving x² y + y³.
   */
  @Test
  void kinksHaveNoCurvatureOfTheirOwn() {
    double x = 0.7;
    double y = 0.4;
    double[] hessian = new SecondOrderAgreement(compiled, "p.S", "kinks").check(x, y);
    double hxy = 2 * x + 1 + 4 * x * y;
    assertArrayEquals(new double[] {2 * y + 2 * y * y, hxy, hxy, -2 + 2 * x * x}, hessian, 1e-12);
    double[] grad = new double[2];
    double[] atTie = new double[4];
    compiled.call("p.SGrad", "kinks_hessian", new Class<?>[] {double.class, double.class, double[].class,
        double[].class}, 0.5, 0.5, grad, atTie);
    assertArrayEquals(new double[] {1, 1, 1, 3}, atTie, 1e-12);
  }

  @Test
  void shortBuffersAreRefused() {
    Class<?>[] hvp = {double.class, double.class, double[].class, double[].class, double[].class};
    Class<?>[] hessian = {double.class, double.class, double[].class, double[].class};
    assertMessage("polynomial_hvp needs a direction of length 2, but got 1", hvp, 0.5, 0.5, new double[1],
        new double[2], new double[2]);
    assertMessage("polynomial_hvp needs a buffer for H v of length 2, but got 1", hvp, 0.5, 0.5, new double[2],
        new double[2], new double[1]);
    assertMessage("polynomial_hvp needs a gradient buffer of length 2, but got 1", hvp, 0.5, 0.5, new double[2],
        new double[1], new double[2]);
    assertMessage("polynomial_hessian needs a gradient buffer of length 2, but got 1", hessian, 0.5, 0.5,
        new double[1], new double[4]);
    assertMessage("polynomial_hessian needs a Hessian buffer of length 4, but got 3", hessian, 0.5, 0.5,
        new double[2], new double[3]);
  }

  private static void assertMessage(String message, Class<?>[] types, Object... args) {
    String name = types.length == 5 ? "polynomial_hvp" : "polynomial_hessian";
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> compiled.call("p.SGrad", name, types, args));
    assertEquals(message, thrown.getMessage());
  }
}
