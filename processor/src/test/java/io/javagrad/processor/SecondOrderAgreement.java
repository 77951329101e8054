package io.javagrad.processor;

import static io.javagrad.processor.GradientAgreement.append;
import static io.javagrad.processor.GradientAgreement.fresh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import java.util.Arrays;

/**
 * Checks the second derivatives of one compiled {@code @Differentiable} method at one point: the
 * Hessian-vector products {@code f_hvp} with the unit vectors make a symmetric matrix, equal to
 * central differences of the generated gradient, extrapolated (within {@link
 * #FINITE_DIFFERENCE_TOLERANCE}, relative, and the gradient's rounding over the step),
 * {@code f_hessian} is that matrix, and {@code f_hvp} along any vector is the Hessian times it;
 * both give the value and the gradient exactly as the gradient entry does. A method without second
 * derivatives (it calls a {@code @DerivativeOf} rule, or they would not fit in a Java method) has
 * entries that throw, saying so.
 */
final class SecondOrderAgreement {
  static final double FINITE_DIFFERENCE_TOLERANCE = 1e-5;
  /** Products that should agree but are computed in different orders. */
  static final double ROUNDING_TOLERANCE = 1e-9;

  private final Compiled compiled;
  private final String owner;
  private final String companion;
  private final String method;
  private final GradientAgreement first;

  SecondOrderAgreement(Compiled compiled, String owner, String method) {
    this.compiled = compiled;
    this.owner = owner;
    this.companion = GradientAgreement.companionOf(owner);
    this.method = method;
    this.first = new GradientAgreement(compiled, owner, method);
  }

  /** Checks the method at {@code args} (as {@link GradientAgreement#check} takes them); returns the Hessian, row-major. */
  double[] check(Object... args) {
    Class<?>[] types = first.typesOf(args);
    String where = owner + "." + method + Arrays.deepToString(args);
    double[] x = first.flatten(args);
    int n = x.length;
    double[] grad = gradientAt(types, args, x);
    double primal = (Double) compiled.call(owner, method, types, fresh(args));

    double[] hessian = new double[n * n];
    double[] hessianGrad = new double[n];
    double value;
    try {
      value = (Double) compiled.call(companion, method + "_hessian",
          append(append(types, double[].class), double[].class), append(append(fresh(args), hessianGrad), hessian));
    } catch (UnsupportedOperationException e) {
      // A call to a @DerivativeOf rule, or code too large: the entries say so, and are not checked.
      assertTrue(e.getMessage().contains("has no second derivatives"), e.getMessage());
      return null;
    }
    assertEquals(primal, value, 0.0, () -> where + ": f_hessian's value differs from the method's");
    assertArrayEquals(grad, hessianGrad, 0.0, () -> where + ": f_hessian's gradient differs from the gradient entry's");

    double[][] columns = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] unit = new double[n];
      unit[i] = 1;
      columns[i] = hvp(types, args, unit, grad, primal, where);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        requireClose(columns[j][i], columns[i][j], ROUNDING_TOLERANCE, where + ": H e_" + j + " and H e_" + i
            + " disagree at (" + i + ", " + j + "): the Hessian is not symmetric");
        requireClose(columns[j][i], hessian[i * n + j], ROUNDING_TOLERANCE, where + ": f_hessian at (" + i + ", " + j
            + ") differs from f_hvp's product");
      }
    }
    double largest = 0;
    for (double g : grad) {
      largest = Math.max(largest, Math.abs(g));
    }
    for (int i = 0; i < n; i++) {
      double h = step(x[i]);
      double[] coarse = centralDifference(types, args, x, i, h);
      double[] fine = centralDifference(types, args, x, i, h / 2);
      // The rounding of the gradients, divided by the step, bounds what the differences can tell.
      double rounding = 1e-13 * largest / h;
      for (int j = 0; j < n; j++) {
        // Richardson's extrapolation: the error of central differences is O(h²), of this O(h⁴).
        double finite = (4 * fine[j] - coarse[j]) / 3;
        double scale = Math.max(1, Math.max(Math.abs(finite), Math.abs(hessian[i * n + j])));
        if (!(Math.abs(finite - hessian[i * n + j]) <= FINITE_DIFFERENCE_TOLERANCE * scale + rounding)) {
          throw new AssertionError(where + ": Hessian (" + i + ", " + j + ") is " + hessian[i * n + j]
              + " but central differences of the gradient give " + finite + "\n" + compiled.generatedSource(companion));
        }
      }
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 3 == 2 ? -1 : 1) * (0.25 + 0.5 * (i % 4));
    }
    double[] hv = hvp(types, args, v, grad, primal, where);
    for (int i = 0; i < n; i++) {
      double product = 0;
      double scale = 0;
      for (int j = 0; j < n; j++) {
        product += hessian[i * n + j] * v[j];
        scale += Math.abs(hessian[i * n + j] * v[j]);
      }
      if (!(Math.abs(product - hv[i]) <= ROUNDING_TOLERANCE * Math.max(1, scale))) {
        throw new AssertionError(where + ": f_hvp slot " + i + " is " + hv[i] + " but H v is " + product + "\n"
            + compiled.generatedSource(companion));
      }
    }
    return hessian;
  }

  /** {@code f_hvp} along {@code v}, checking that it gives the value and the gradient. */
  private double[] hvp(Class<?>[] types, Object[] args, double[] v, double[] grad, double primal, String where) {
    double[] hvpGrad = new double[grad.length];
    double[] hv = new double[grad.length];
    double value = (Double) compiled.call(companion, method + "_hvp",
        append(append(append(types, double[].class), double[].class), double[].class),
        append(append(append(fresh(args), v.clone()), hvpGrad), hv));
    assertEquals(primal, value, 0.0, () -> where + ": f_hvp's value differs from the method's");
    assertArrayEquals(grad, hvpGrad, 0.0, () -> where + ": f_hvp's gradient differs from the gradient entry's");
    return hv;
  }

  /**
   * A step small enough not to cross a nearby kink or branch (as first-order checks step) and, with
   * the extrapolation, accurate where the curvature is of order 1 though the coordinate is large.
   */
  private static double step(double xi) {
    double h = 1e-5 * Math.max(1, Math.abs(xi));
    return (xi + h) - xi;
  }

  /** Central differences of the generated gradient along coordinate {@code i}. */
  private double[] centralDifference(Class<?>[] types, Object[] args, double[] x, int i, double h) {
    double[] up = x.clone();
    double[] down = x.clone();
    up[i] += h;
    down[i] -= h;
    double[] gradUp = gradientAt(types, args, up);
    double[] gradDown = gradientAt(types, args, down);
    double[] difference = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      difference[j] = (gradUp[j] - gradDown[j]) / (up[i] - down[i]);
    }
    return difference;
  }

  private double[] gradientAt(Class<?>[] types, Object[] args, double[] point) {
    double[] grad = new double[point.length];
    compiled.call(companion, method, append(types, double[].class), append(first.moved(args, point), grad));
    return grad;
  }

  private void requireClose(double expected, double actual, double tolerance, String message) {
    if (!GradientChecker.close(expected, actual, tolerance)) {
      throw new AssertionError(message + "\n" + compiled.generatedSource(companion));
    }
  }
}
