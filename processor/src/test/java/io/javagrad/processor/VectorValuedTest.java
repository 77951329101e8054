package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued methods ({@code @Differentiable static double[] f}): each checked by {@link
 * VectorAgreement} (Jacobian = central differences, {@code f_vjp} = seedᵀJ, {@code f_jvp} = J·dir,
 * twin rows = Jacobian rows), with inputs of every kind, control flow, local arrays and calls; the
 * Jacobian entry in both of its modes; and the entry points' argument checks.
 */
class VectorValuedTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class V {
        /** Levenberg-Marquardt's input: the residuals of a model a * exp(-b t) + c against data. */
        @Differentiable static double[] residuals(double[] p, @NoDerivative double[] t, @NoDerivative double[] y) {
          double[] r = new double[t.length];
          for (int i = 0; i < t.length; i++) {
            r[i] = p[0] * Math.exp(-p[1] * t[i]) + p[2] - y[i];
          }
          return r;
        }

        @Differentiable static double[] softmax(double[] z) {
          double max = Double.NEGATIVE_INFINITY;
          for (double v : z) {
            max = Math.max(max, v);
          }
          double[] e = new double[z.length];
          double sum = 0;
          for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
          }
          for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
          }
          return e;
        }

        /** W x + b, W a double[][] input: fewer outputs than inputs, so the Jacobian is taken by rows. */
        @Differentiable static double[] affine(double[][] w, double[] x, double[] b) {
          double[] out = b.clone();
          for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < x.length; j++) {
              out[i] += w[i][j] * x[j];
            }
          }
          return out;
        }

        /** One step of RK4 for a damped pendulum: the new state. */
        @Differentiable static double[] pendulumStep(double[] state, double damping, @NoDerivative double dt) {
          double[] k1 = pendulum(state, damping);
          double[] k2 = pendulum(shifted(state, k1, dt / 2), damping);
          double[] k3 = pendulum(shifted(state, k2, dt / 2), damping);
          double[] k4 = pendulum(shifted(state, k3, dt), damping);
          double[] next = new double[2];
          for (int i = 0; i < 2; i++) {
            next[i] = state[i] + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          }
          return next;
        }

        static double[] pendulum(double[] s, double damping) {
          return new double[] {s[1], -9.81 * Math.sin(s[0]) - damping * s[1]};
        }

        static double[] shifted(double[] s, double[] k, double h) {
          double[] out = new double[s.length];
          for (int i = 0; i < s.length; i++) {
            out[i] = s[i] + h * k[i];
          }
          return out;
        }

        @Differentiable static double[] polarToCartesian(double r, double theta) {
          return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
        }

        /** Returns in branches and in a loop: arrays of different lengths. */
        @Differentiable static double[] piecewise(double x, double y, int n) {
          if (x > 1) {
            return new double[] {x * y, Math.log(x)};
          }
          double[] acc = new double[n];
          for (int i = 0; i < n; i++) {
            acc[i] = Math.pow(x, i) * y;
            if (acc[i] > 100) {
              return acc;
            }
          }
          double[] tail = new double[3];
          tail[0] = Math.abs(x);
          tail[1] = y > 0 ? y * y : -y;
          tail[2] = Math.max(x, y);
          return x < -1 ? tail : acc;
        }

        /** Local arrays swapped in a loop: a heat equation's explicit steps. */
        @Differentiable static double[] diffuse(double[] u0, double k, int steps) {
          double[] u = u0.clone();
          double[] next = new double[u.length];
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < u.length; i++) {
              double left = i > 0 ? u[i - 1] : 0;
              double right = i < u.length - 1 ? u[i + 1] : 0;
              next[i] = u[i] + k * (left - 2 * u[i] + right);
            }
            double[] swap = u;
            u = next;
            next = swap;
          }
          return u;
        }

        static double norm(double[] v) {
          double s = 0;
          for (double e : v) {
            s += e * e;
          }
          return Math.sqrt(s);
        }

        /** A helper differentiated on demand, and another vector-valued method, inlined. */
        @Differentiable static double[] normalizedPolar(double r, double theta, double[] v) {
          double[] c = polarToCartesian(r, theta);
          double n = norm(v);
          double[] out = new double[v.length + 2];
          out[0] = c[0] / n;
          out[1] = c[1] / n;
          for (int i = 0; i < v.length; i++) {
            out[i + 2] = v[i] / n;
          }
          return out;
        }

        /** A scalar method calling a vector-valued one: inlined, its gradient flows. */
        @Differentiable static double radius(double r, double theta) {
          double[] c = polarToCartesian(r, theta);
          return Math.hypot(c[0], c[1]) + c[0] * c[1];
        }

        /** No differentiated input reaches the result: a Jacobian of zeros. */
        @Differentiable static double[] constantShape(double x, @NoDerivative double[] data) {
          double[] out = new double[data.length];
          for (int i = 0; i < data.length; i++) {
            out[i] = data[i] * 2;
          }
          return out;
        }

        /** Half the sum of squared residuals: its gradient is Jᵀ r, which f_vjp with seed r gives too. */
        @Differentiable static double leastSquares(double[] p, @NoDerivative double[] t, @NoDerivative double[] y) {
          double[] r = residuals(p, t, y);
          double s = 0;
          for (double e : r) {
            s += e * e;
          }
          return s / 2;
        }

        @Differentiable static double square(double x) {
          return x * x;
        }

        /** Calls to a @Differentiable scalar method, through its pullback and its forward mode; an int and a String passed through. */
        @Differentiable static double[] powers(double x, int n, String label) {
          double[] out = new double[n];
          double v = 1;
          for (int i = 0; i < n; i++) {
            out[i] = square(v) + label.length() * x;
            v *= x;
          }
          return out;
        }

        static class Inner {
          @Differentiable static double[] swapped(double[] a) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
              out[i] = Math.sin(a[a.length - 1 - i]);
            }
            return out;
          }
        }

        /** new double[n] returned as it is made, filled by nothing: an empty array for n = 0. */
        @Differentiable static double[] scaled(double[] a, double s) {
          double[] out = java.util.Arrays.copyOf(a, a.length);
          for (int i = 0; i < out.length; i++) {
            out[i] *= s;
          }
          return a.length == 0 ? new double[0] : out;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.V", SOURCE).assertCleanSuccess();
  }

  private static VectorAgreement check(String method) {
    return new VectorAgreement(compiled, "p.V", method);
  }

  @Test
  void curveFitResidualsWithConstantData() {
    double[] t = {0, 0.5, 1, 1.5, 2, 3};
    double[] y = {3.1, 2.2, 1.7, 1.3, 1.1, 0.9};
    double[][] jacobian = check("residuals").check(new double[] {2.5, 0.8, 0.7}, t, y);
    assertEquals(6, jacobian.length);
    assertEquals(3, jacobian[0].length);
    // d r_i / d c = 1 everywhere: the data take no slot.
    for (double[] row : jacobian) {
      assertEquals(1.0, row[2], 1e-15);
    }
  }

  @Test
  void theGradientOfHalfTheSquaredResidualsIsTheirVjp() {
    double[] p = {2.5, 0.8, 0.7};
    double[] t = {0, 0.5, 1, 1.5};
    double[] y = {3.1, 2.2, 1.7, 1.3};
    double[] gradient = new GradientAgreement(compiled, "p.V", "leastSquares").check(p, t, y);
    double[] r = (double[]) compiled.call("p.V", "residuals", new Class<?>[] {double[].class, double[].class,
        double[].class}, p, t, y);
    double[] vjp = new double[3];
    compiled.call("p.VGrad", "residuals_vjp", new Class<?>[] {double[].class, double[].class, double[].class,
        double[].class, double[].class}, p, t, y, r, vjp);
    assertArrayEquals(gradient, vjp, 1e-12);
  }

  @Test
  void softmax() {
    check("softmax").check(new double[] {0.3, -1.2, 2.0, 0.5});
  }

  @Test
  void matrixVectorProductWithADoubleMatrixInput() {
    double[][] w = {{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}};
    check("affine").check(w, new double[] {1.0, 2.0, -0.5}, new double[] {0.1, -0.2});
  }

  @Test
  void odeIntegratorStep() {
    check("pendulumStep").check(new double[] {0.7, -0.3}, 0.15, 0.05);
  }

  @Test
  void polarToCartesian() {
    check("polarToCartesian").check(2.0, 0.6);
  }

  @Test
  void returnsInBranchesAndLoops() {
    VectorAgreement piecewise = check("piecewise");
    assertEquals(2, piecewise.check(1.5, 0.7, 4).length);
    assertEquals(4, piecewise.check(0.5, 0.7, 4).length);
    assertEquals(3, piecewise.check(-1.5, 0.7, 4).length);
    assertEquals(3, piecewise.check(-1.5, -0.7, 4).length);
    // The loop's early return: acc[0] = 200 > 100.
    assertEquals(6, piecewise.check(0.9, 200.0, 6).length);
  }

  @Test
  void localArraysSwappedInALoop() {
    check("diffuse").check(new double[] {0.0, 1.0, 0.5, -0.25, 0.0}, 0.2, 3);
  }

  @Test
  void helpersAndAnotherVectorValuedMethodInlined() {
    check("normalizedPolar").check(1.5, 0.4, new double[] {0.5, -2.0, 1.0});
    String companion = compiled.generatedSource("p.VGrad");
    assertFalse(companion.contains("polarToCartesian_pullback"), companion);
  }

  @Test
  void callsToAScalarDifferentiableMethodAndParametersPassedThrough() {
    check("powers").check(0.8, 4, "abc");
    String companion = compiled.generatedSource("p.VGrad");
    assertTrue(companion.contains("square_pullback("), companion);
    assertTrue(companion.contains("square_valueAndTangent("), companion);
  }

  @Test
  void aNestedClass() {
    new VectorAgreement(compiled, "p.V$Inner", "swapped").check(new double[] {0.1, 0.7, -1.3});
  }

  @Test
  void aScalarMethodCallingAVectorValuedOne() {
    new GradientAgreement(compiled, "p.V", "radius").check(1.3, 0.8);
  }

  @Test
  void noDerivativeReachesTheResult() {
    double[][] jacobian = check("constantShape").check(0.5, new double[] {1.0, 2.0});
    assertArrayEquals(new double[] {0.0}, jacobian[0], 0.0);
  }

  @Test
  void emptyAndParameterDerivedResults() {
    check("scaled").check(new double[] {1.0, -2.0, 3.0}, 1.5);
    assertEquals(0, check("scaled").check(new double[0], 1.5).length);
  }

  @Test
  void theJacobianTakesRowsWhenOutputsAreFewerAndColumnsOtherwise() {
    String companion = compiled.generatedSource("p.VGrad");
    // The rule is decided at run time, once the value's length is known: both modes are there.
    assertTrue(companion.contains("if (value.length < n)"), companion);
    assertTrue(companion.contains("affine_vjp(w, x, b, unit, jacobian["), companion);
    assertTrue(companion.contains("affine_jvp(w, x, b, unit, column)"), companion);
  }

  @Test
  void buffersOfTheWrongShapeAreRefused() {
    Class<?>[] pair = {double.class, double.class};
    Class<?>[] withBuffers = {double.class, double.class, double[].class, double[].class};
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian_vjp", withBuffers, 1.0, 0.5, new double[3], new double[2]));
    assertEquals("polarToCartesian_vjp needs a seed of length 2, the length of the value, but got 3",
        seed.getMessage());
    IllegalArgumentException grad = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian_vjp", withBuffers, 1.0, 0.5, new double[2], new double[1]));
    assertEquals("polarToCartesian_vjp needs a gradient buffer of length 2, but got 1", grad.getMessage());
    IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian_jvp", withBuffers, 1.0, 0.5, new double[2], new double[1]));
    assertEquals("polarToCartesian_jvp needs an out buffer of length 2, the length of the value, but got 1",
        out.getMessage());
    IllegalArgumentException direction = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian_jvp", withBuffers, 1.0, 0.5, new double[1], new double[2]));
    assertEquals("polarToCartesian_jvp needs a direction of length 2, but got 1", direction.getMessage());
    Class<?>[] withJacobian = GradientAgreement.append(pair, double[][].class);
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian", withJacobian, 1.0, 0.5, new double[1][2]));
    assertEquals("polarToCartesian needs a Jacobian of 2 rows, the length of the value, but got 1", rows.getMessage());
    IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.VGrad",
        "polarToCartesian", withJacobian, 1.0, 0.5, new double[][] {{0, 0}, {0}}));
    assertEquals("polarToCartesian needs each row of the Jacobian of length 2, one element per input slot, but row 1"
        + " has 1", columns.getMessage());
  }

  @Test
  void theCompanionIsAscii() {
    String companion = compiled.generatedSource("p.VGrad");
    assertTrue(companion.chars().allMatch(c -> c < 128), "javac may write it in any encoding:\n" + companion);
  }

  @Test
  void noScalarEntryPoints() {
    String companion = compiled.generatedSource("p.VGrad");
    assertFalse(companion.contains("softmax_tangent"), companion);
    assertFalse(companion.contains("softmax_pullback"), companion);
    assertFalse(companion.contains("softmax_hvp"), companion);
  }
}
