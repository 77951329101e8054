package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forward mode as one program per method ({@code f_valueAndTangent}, which {@code f_tangent} runs
 * through {@code f_directional}, and through which a caller's forward mode runs a call) and second derivatives through the runtime's {@code
 * SecondDerivatives}, as a user meets them: calls of every kind, {@code @DerivativeOf} rules,
 * vector-valued methods, methods that write into their arrays, names that clash with the entries'
 * and the runtime's, the zero-adjoint rule at non-finite partials ({@code Tangents.times}), the
 * companion's warnings, and a companion from an earlier compilation.
 */
class ForwardProtocolReviewTest {
  private static final String SPECIAL = """
      package lib;

      public final class Special {
        private Special() {}

        public static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }
      }
      """;

  private static final String RULES = """
      package lib;

      import io.javagrad.DerivativeOf;

      public final class SpecialRules {
        private SpecialRules() {}

        @DerivativeOf(Special.class)
        public static double softplus(double x, double[] grad) {
          grad[0] = 1 / (1 + Math.exp(-x));
          return Special.softplus(x);
        }
      }
      """;

  private static final String OTHER = """
      package p;

      public class Other {
        static double scaled(double x, double y) {
          return Math.cos(x) * y * y;
        }
      }
      """;

  private static final String CALLS = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Calls {
        static double inner(double x, double y) {
          return Math.sin(x) * y + x * x;
        }

        static double middle(double x, double y) {
          return inner(x * y, y) + Math.exp(x / 4);
        }

        private static double outer(double x) {
          return middle(x, 2 * x) * x;
        }

        static double climb(double x, int n) {
          return n == 0 ? x : Math.sin(climb(x, n - 1)) + 0.5 * x;
        }

        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        static double frobenius(double[][] m, double w) {
          double s = 0;
          for (double[] row : m) {
            for (double e : row) {
              s += e * e * w;
            }
          }
          return s;
        }

        @Differentiable static double weighted(double[] a, @NoDerivative double[] w, @NoDerivative double c, double s) {
          double total = 0;
          for (int i = 0; i < a.length; i++) {
            total += w[i] * a[i] * s + c;
          }
          return total;
        }

        static double rowSum(double[] row, double w) {
          double s = 0;
          for (double e : row) {
            s += Math.tanh(e * w);
          }
          return s;
        }

        static double trace(double[][] m) {
          double t = 0;
          for (int i = 0; i < m.length && i < m[i].length; i++) {
            t += m[i][i];
          }
          return t;
        }

        /** Rows of a differentiated and of a constant matrix, a constant matrix, calls in conditions and under ?:. */
        @Differentiable static double matrixArguments(double[][] m, @NoDerivative double[][] data, double s) {
          double t = 0;
          for (int i = 0; i < m.length; i++) {
            t += rowSum(m[i], s) * rowSum(data[i], s);
          }
          int k = 0;
          while (true) {
            if (k >= 3) {
              break;
            }
            t += s > 0 ? trace(m) * s : trace(data) - s;
            k++;
          }
          if (rowSum(m[0], s) > 0) {
            t += frobenius(data, s) * frobenius(m, 1.0);
          }
          return t + frobenius(data, trace(data));
        }

        @Differentiable static double localMatrix(double x, double y) {
          double[][] q = new double[2][2];
          q[0][0] = x;
          q[1][1] = x * y;
          q[0][1] = Math.sqrt(y * y + 1);
          return frobenius(q, 1.5) + frobenius(q, y);
        }

        @Differentiable static double callsInConditions(double x, double s) {
          double t = x;
          int k = 0;
          while (inner(t, s) < 5 && k < 20) {
            t = t + inner(s, t) * 0.1 + 0.5;
            k++;
          }
          for (int i = 0; inner(x, i) < 3 && i < 4; i++) {
            t += 0.1 * Math.sin(inner(t, x));
          }
          return (int) inner(x, 1.0) > 0 ? inner(t, s) : inner(s, t) * t;
        }

        @Differentiable static double noInputs(@NoDerivative double c) {
          return inner(c, c) * 2;
        }

        @Differentiable static double chain(double x, double y) {
          return outer(x) + middle(y, x) + Other.scaled(x, y);
        }

        @Differentiable static double recursive(double x, double y, int n) {
          return climb(x * y, n) * y;
        }

        @Differentiable static double loopsAndBranches(double[] a, double[][] m, double s) {
          double total = 0;
          for (int k = 0; k < a.length; k++) {
            if (a[k] > 0) {
              total += inner(a[k], s);
            } else {
              total -= middle(s, a[k]);
            }
          }
          return total + dot(a, a) * frobenius(m, s) + (s > 0 ? inner(s, m[0][0]) : outer(s));
        }

        @Differentiable static double noTangentArguments(double x, @NoDerivative double c, @NoDerivative double[] data) {
          double[] fixed = {1.5, -0.5};
          double[] mixed = {x, c};
          return inner(c, x) + inner(x, 2.0) + dot(data, data) * x + dot(fixed, data) + inner(3.0, c)
              + dot(mixed, fixed);
        }

        @Differentiable static double noDerivativeParameters(double[] a, double s) {
          double[] w = {0.5, -1.5, 2.0};
          return weighted(a, w, 0.25, s) * s + weighted(a, w, s > 0 ? 1.0 : 2.0, a[0]);
        }

        /** f_tangent must leave a as the method does, f_hessian too, from unchanged copies in between. */
        @Differentiable static double writes(double[] a, double[][] m, double x) {
          for (int i = 0; i < a.length; i++) {
            a[i] = inner(a[i], x);
          }
          m[0][0] = m[0][0] * x + a[0];
          return dot(a, a) + frobenius(m, x) * a[1];
        }

        @Differentiable static double[] vector(double x, double[] a) {
          return new double[] {inner(x, a[0]), middle(a[1], x) * chain(x, a[0]), dot(a, a) * x, recursive(x, a[1], 3)};
        }

        @Differentiable static double usesRule(double x, double y) {
          return lib.Special.softplus(x * y) + y * y;
        }

        static double ruleHelper(double x) {
          return lib.Special.softplus(Math.sin(x)) * x;
        }

        @Differentiable static double callsRuleUser(double x, double y) {
          return usesRule(x, y) * x + ruleHelper(y);
        }
      }
      """;

  /** Parameters named as the entries' own and as the runtime's classes, whose code needs the strong zero. */
  private static final String CLASHES = """
      package p;

      import io.javagrad.Differentiable;

      public class Clashes {
        static double helper(double direction, double v) {
          return Math.sqrt(direction * direction + v * v + 1);
        }

        @Differentiable static double entryNames(double direction, double unit, double products, double v, double hv) {
          return Math.sqrt(direction * direction + unit * unit + 1) * products + Math.log(v * v + 1) * hv
              + helper(direction, hv) + Math.pow(unit * unit + 1, products);
        }

        @Differentiable static double runtimeNames(double Tangents, double SecondDerivatives, double grad,
            double hessian) {
          return Math.sqrt(Tangents * Tangents + 2) * SecondDerivatives + Math.log(grad * grad + 1) * hessian
              + helper(Tangents, hessian);
        }

        static double corners(double[][] m, double w) {
          double[] last = m[m.length - 1];
          return m[0][0] * last[last.length - 1] * w;
        }

        static int argmax(double[] xs) {
          int best = 0;
          for (int i = 1; i < xs.length; i++) {
            if (xs[i] > xs[best]) {
              best = i;
            }
          }
          return best;
        }

        /** Rows.count and Rows.slices (a matrix), System.arraycopy (a written matrix), Twins.data (run as written). */
        @Differentiable static double runtimeHelperNames(double[][] m, double[] xs, double Rows, double System,
            double Twins) {
          m[0][0] = m[0][0] * Rows;
          int best = argmax(xs);
          return corners(m, System) * Rows + Twins * m[0][0] * xs[best];
        }

        @Differentiable static double arrayNames(double[] direction, double[] v, double[] products) {
          return Math.sqrt(direction[0] * direction[0] + v[0] * v[0] + 1) + Math.hypot(products[0], v[1]);
        }
      }
      """;

  /** User classes named as the runtime's, in the companion's package. */
  private static final String TANGENTS_CLASS = """
      package p;

      public class Tangents {
        public static double times(double t, double p) {
          return 42;
        }
      }
      """;

  private static final String SECOND_DERIVATIVES_CLASS = """
      package p;

      public class SecondDerivatives {
        public static void hvp(String entry, int n, double[] v, double[] hv, Object pullback) {
          throw new AssertionError("the user's class was called");
        }
      }
      """;

  /** Each singular at x = 0 (and y = 0 for hypot): a derivative that is infinite or NaN there. */
  private static final String SINGULAR = """
      package p;

      import io.javagrad.Differentiable;

      public class Singular {
        @Differentiable static double sqrtAtZero(double x, double y) {
          return Math.sqrt(x) + x * y + y * y * y;
        }

        @Differentiable static double logAtZero(double x, double y) {
          return Math.exp(Math.log(x)) + x * y + y * y * y;
        }

        @Differentiable static double powAtZero(double x, double y) {
          return Math.pow(x, 0.5) + x * y + y * y * y;
        }

        @Differentiable static double powOfActiveExponent(double x, double y, double z) {
          return Math.pow(x, z) + x * y + y * y * y;
        }

        @Differentiable static double hypotAtOrigin(double x, double y, double z) {
          return Math.hypot(x, y) + y * z + z * z * z;
        }

        @Differentiable static double reciprocalAtZero(double x, double y) {
          return Math.atan(1 / x) + x * y + y * y * y;
        }

        /** pow's base partial y x^(y-1) at y = 0 is a strong zero whose derivative in y, x^(-1), is kept. */
        @Differentiable static double powAtExponentZero(double x, double y) {
          return Math.pow(x, y) * (1 + y) + Math.pow(x * y + 1, 2.5 * y);
        }

        static double sqrtHelper(double x) {
          return Math.sqrt(x);
        }

        @Differentiable static double throughACall(double x, double y) {
          return sqrtHelper(x) * y + sqrtHelper(y * y + 1);
        }
      }
      """;

  /**
   * A callee whose inactive code has a side effect (a draw from a generator) runs once per call in
   * forward mode, as in the primal and the gradient, so the value and the tangent come from one draw.
   */
  @Test
  void forwardModeRunsACalleesSideEffectsOnce() {
    Compiled sampling = Compiled.compile(List.of("-Werror"), "p.Sampling", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Random;

        public class Sampling {
          static double noisy(double x, Random rng) {
            return Math.sin(x) * rng.nextGaussian();
          }

          @Differentiable static double sampled(double x, Random rng) {
            return noisy(x, rng) * x;
          }
        }
        """);
    double[] grad = new double[1];
    sampling.call("p.SamplingGrad", "sampled", new Class<?>[] {double.class, java.util.Random.class, double[].class},
        0.7, new java.util.Random(11), grad);
    double tangent = (Double) sampling.call("p.SamplingGrad", "sampled_tangent",
        new Class<?>[] {double.class, java.util.Random.class, double[].class}, 0.7, new java.util.Random(11),
        new double[] {1.0});
    assertEquals(grad[0], tangent, 1e-15 * Math.abs(grad[0]));
  }

  private static Compiled compiled;
  private static Compiled clashes;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile(List.of("-Werror"), "lib.Special", SPECIAL, "lib.SpecialRules", RULES, "p.Other",
        OTHER, "p.Calls", CALLS, "p.Singular", SINGULAR).assertCleanSuccess();
    clashes = Compiled.compile(List.of("-Werror"), "p.Clashes", CLASHES, "p.Tangents", TANGENTS_CLASS,
        "p.SecondDerivatives", SECOND_DERIVATIVES_CLASS).assertCleanSuccess();
  }

  @Test
  void callsThroughChainsOfHelpersPrivateOnesAndOnesOfOtherClasses() {
    check("chain", 0.7, -1.3);
    check("chain", -2.0, 0.4);
  }

  @Test
  void recursiveHelpers() {
    check("recursive", 0.6, 1.1, 4);
    check("recursive", -0.3, 0.9, 0);
  }

  @Test
  void callsInLoopsAndBranchesWithArrayAndMatrixArguments() {
    double[][] m = {{0.5, -0.25}, {1.5, 0.75, -1.0}};
    check("loopsAndBranches", new double[] {0.3, -0.6, 1.2}, m, 0.9);
    check("loopsAndBranches", new double[] {-0.3, 0.6}, m, -0.4);
  }

  @Test
  void callsPassingRowsAndConstantMatricesInConditionsAndLoops() {
    double[][] m = {{0.5, -0.25}, {1.5, 0.75, -1.0}};
    double[][] data = {{0.2, 0.4}, {-0.6, 0.8, 1.0}};
    check("matrixArguments", m, data, 0.9);
    check("matrixArguments", m, data, -0.9);
  }

  @Test
  void aLocalMatrixIntoAHelper() {
    check("localMatrix", 0.7, -1.2);
  }

  @Test
  void callsInLoopConditionsAndUnderACast() {
    check("callsInConditions", 0.7, 1.2);
    check("callsInConditions", -0.4, 0.3);
    check("callsInConditions", 1.9, -0.8);
  }

  @Test
  void aMethodWithoutDifferentiatedInputs() {
    Class<?>[] types = {double.class, double[].class};
    assertEquals(0.0, (Double) compiled.call("p.CallsGrad", "noInputs_tangent", types, 0.4, new double[0]), 0.0);
    double value = (Double) compiled.call("p.CallsGrad", "noInputs_hessian", new Class<?>[] {double.class,
        double[].class, double[].class}, 0.4, new double[0], new double[0]);
    assertEquals((Double) compiled.call("p.Calls", "noInputs", new Class<?>[] {double.class}, 0.4), value, 0.0);
  }

  @Test
  void callsWhoseArgumentsHaveNoTangent() {
    check("noTangentArguments", 0.8, -1.1, new double[] {0.4, 2.0});
  }

  @Test
  void callsToHelpersWithNoDerivativeParameters() {
    check("noDerivativeParameters", new double[] {0.3, -0.6, 1.2}, 0.7);
    check("noDerivativeParameters", new double[] {0.3, -0.6, 1.2}, -0.7);
  }

  @Test
  void vectorValuedJvpThroughScalarCallees() {
    new VectorAgreement(compiled, "p.Calls", "vector").check(0.45, new double[] {-0.8, 1.3});
  }

  /** The rule is in the compilation: its body, differentiated once more, gives the second derivatives. */
  @Test
  void aMethodCallingARuleHasForwardModeAndSecondDerivatives() {
    assertNotNull(new SecondOrderAgreement(compiled, "p.Calls", "usesRule").check(0.5, 1.5));
    check("usesRule", 0.5, 1.5);
    double x = 0.5;
    double y = 1.5;
    double sigma = 1 / (1 + Math.exp(-x * y));
    double tangent = tangent(compiled, "p.CallsGrad", "usesRule", x, y, new double[] {2.0, -1.0});
    assertEquals(sigma * y * 2.0 + (sigma * x + 2 * y) * -1.0, tangent, 1e-14);
    // usesRule = softplus(x y) + y^2: d2/dx2 = sigma' y^2, sigma' = sigma (1 - sigma)
    double[] hessian = new double[4];
    compiled.call("p.CallsGrad", "usesRule_hessian", new Class<?>[] {double.class, double.class, double[].class,
        double[].class}, x, y, new double[2], hessian);
    assertEquals(sigma * (1 - sigma) * y * y, hessian[0], 1e-14);
  }

  @Test
  void aCallerOfAMethodCallingARuleHasForwardModeAndSecondDerivatives() {
    check("callsRuleUser", 0.5, 1.5);
    check("callsRuleUser", -1.2, 0.3);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Calls", "callsRuleUser").check(0.5, 1.5));
    assertNotNull(new SecondOrderAgreement(compiled, "p.Calls", "callsRuleUser").check(-1.2, 0.3));
  }

  @Test
  void writtenArraysChangeOnceInEveryEntryAndSecondDerivativesStartFromTheCallersValues() {
    double[] a0 = {0.3, -0.6, 1.2};
    double[][] m0 = {{0.5, -0.25}, {1.5, 0.75, -1.0}};
    check("writes", a0, m0, 0.8);
    Class<?>[] types = {double[].class, double[][].class, double.class};
    double[] aPrimal = a0.clone();
    double[][] mPrimal = deepCopy(m0);
    double primal = (Double) compiled.call("p.Calls", "writes", types, aPrimal, mPrimal, 0.8);

    double[] a = a0.clone();
    double[][] m = deepCopy(m0);
    double[] grad = new double[9];
    double[] hessian = new double[81];
    double value = (Double) compiled.call("p.CallsGrad", "writes_hessian", GradientAgreement.append(
        GradientAgreement.append(types, double[].class), double[].class), a, m, 0.8, grad, hessian);
    assertEquals(primal, value, 0.0);
    assertArrayEquals(aPrimal, a, 0.0, "f_hessian leaves a as the method does");
    assertArrayEquals(mPrimal, m, "f_hessian leaves m as the method does");

    double[] again = new double[81];
    compiled.call("p.CallsGrad", "writes_hessian", GradientAgreement.append(GradientAgreement.append(types,
        double[].class), double[].class), a0.clone(), deepCopy(m0), 0.8, new double[9], again);
    assertArrayEquals(hessian, again, 0.0, "each product ran from the caller's values");

    double[] hv = new double[9];
    double[] unit = new double[9];
    unit[4] = 1;
    a = a0.clone();
    m = deepCopy(m0);
    compiled.call("p.CallsGrad", "writes_hvp", GradientAgreement.append(GradientAgreement.append(
        GradientAgreement.append(types, double[].class), double[].class), double[].class), a, m, 0.8, unit,
        new double[9], hv);
    assertArrayEquals(aPrimal, a, 0.0, "f_hvp leaves a as the method does");
    assertArrayEquals(mPrimal, m, "f_hvp leaves m as the method does");
    assertArrayEquals(Arrays.copyOfRange(hessian, 4 * 9, 5 * 9), hv, 1e-12);
  }

  @Test
  void parametersNamedAsTheEntriesOwnNames() {
    new GradientAgreement(clashes, "p.Clashes", "entryNames").check(0.7, -1.3, 0.4, 1.1, -0.6);
    new GradientAgreement(clashes, "p.Clashes", "entryNames").check(0.0, 0.0, 0.4, 0.0, -0.6);
    new GradientAgreement(clashes, "p.Clashes", "arrayNames").check(new double[] {0.3}, new double[] {-0.5, 0.2},
        new double[] {1.5});
  }

  @Test
  void namesOfTheRuntimesClassesAsParametersAndAsClassesOfThePackage() {
    new GradientAgreement(clashes, "p.Clashes", "runtimeNames").check(0.7, -1.3, 0.4, 1.1);
    new GradientAgreement(clashes, "p.Clashes", "runtimeNames").check(0.0, -1.3, 0.0, 1.1);
  }

  @Test
  void namesOfTheRuntimesHelpersAsParameters() {
    new GradientAgreement(clashes, "p.Clashes", "runtimeHelperNames").check(new double[][] {{0.5, -0.25}, {1.5}},
        new double[] {0.3, 1.2, -0.4}, 0.7, -1.3, 0.4);
  }

  /** sqrt at 0: the partial in x is infinite; a zero tangent there contributes nothing. */
  @Test
  void sqrtAtZero() {
    singular("sqrtAtZero", new double[] {0.0, 0.6}, 1, new double[] {1.0, 3 * 0.36}, new double[] {1.0, 6 * 0.6});
  }

  @Test
  void logAtZero() {
    singular("logAtZero", new double[] {0.0, 0.6}, 1, new double[] {1.0, 3 * 0.36}, new double[] {1.0, 6 * 0.6});
  }

  @Test
  void powAtBaseZero() {
    singular("powAtZero", new double[] {0.0, 0.6}, 1, new double[] {1.0, 3 * 0.36}, new double[] {1.0, 6 * 0.6});
  }

  /**
   * x^z at x = 0: the partial in z, x^z log x, is 0 times -infinity. Along y alone: the tangent, and
   * the Hessian's column of y, are those of the rest.
   */
  @Test
  void powOfAnActiveExponentAtBaseZero() {
    singular("powOfActiveExponent", new double[] {0.0, 0.6, 2.5}, 1, new double[] {Double.NaN, 3 * 0.36, Double.NaN},
        new double[] {1.0, 6 * 0.6, 0.0});
  }

  @Test
  void hypotAtTheOrigin() {
    singular("hypotAtOrigin", new double[] {0.0, 0.0, 0.6}, 2, new double[] {0.0, 0.6, 3 * 0.36},
        new double[] {0.0, 1.0, 6 * 0.6});
  }

  @Test
  void reciprocalAtZero() {
    singular("reciprocalAtZero", new double[] {0.0, 0.6}, 1, new double[] {1.0, 3 * 0.36},
        new double[] {1.0, 6 * 0.6});
  }

  @Test
  void powAtExponentZeroKeepsItsSecondDerivatives() {
    double[] hessian = new SecondOrderAgreement(compiled, "p.Singular", "powAtExponentZero").check(2.0, 0.0);
    // d2/dx dy of x^y (1 + y) + (x y + 1)^(2.5 y) at y = 0: 1/x + 0
    assertEquals(0.5, hessian[1], 1e-12);
    new GradientAgreement(compiled, "p.Singular", "powAtExponentZero").check(0.5, 0.0);
    new GradientAgreement(compiled, "p.Singular", "powAtExponentZero").check(1.5, -0.3);
  }

  /** sqrt at 0 inside a helper: the zero-adjoint rule holds through the callee's directional function. */
  @Test
  void aSingularPartialInsideACallee() {
    double y = 0.6;
    double dy = y / Math.sqrt(y * y + 1);
    singular("throughACall", new double[] {0.0, y}, 1, new double[] {1.0, dy},
        new double[] {Double.NaN, Math.pow(y * y + 1, -1.5)});
  }

  /**
   * At {@code point}, along the unit vector of {@code slot} (every other slot's tangent 0, the
   * singular ones' included): f_tangent is {@code gradient[slot]} and f_hvp the Hessian's column
   * {@code column} (NaN: not checked, the product of a non-zero tangent with a non-finite partial);
   * f_hessian's column {@code slot} is that column too.
   */
  private static void singular(String method, double[] point, int slot, double[] gradient, double[] column) {
    Class<?>[] types = new Class<?>[point.length];
    Arrays.fill(types, double.class);
    Object[] args = Arrays.stream(point).boxed().toArray();
    double[] unit = new double[point.length];
    unit[slot] = 1;
    String where = "Singular." + method + Arrays.toString(point);
    double tangent = (Double) compiled.call("p.SingularGrad", method + "_tangent",
        GradientAgreement.append(types, double[].class), GradientAgreement.append(args, unit));
    assertEquals(gradient[slot], tangent, 1e-14, where + ": f_tangent along slot " + slot);

    double[] hv = new double[point.length];
    double[] grad = new double[point.length];
    double value = (Double) compiled.call("p.SingularGrad", method + "_hvp",
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.append(types, double[].class),
            double[].class), double[].class), GradientAgreement.append(GradientAgreement.append(
            GradientAgreement.append(args, unit), grad), hv));
    assertEquals((Double) compiled.call("p.Singular", method, types, args), value, 0.0, where);
    assertEquals(gradient[slot], grad[slot], 1e-14, where + ": f_hvp's gradient");
    double[] hessian = new double[point.length * point.length];
    compiled.call("p.SingularGrad", method + "_hessian", GradientAgreement.append(GradientAgreement.append(types,
        double[].class), double[].class), GradientAgreement.append(GradientAgreement.append(args,
        new double[point.length]), hessian));
    for (int i = 0; i < point.length; i++) {
      if (Double.isNaN(column[i])) {
        continue;
      }
      int row = i;
      assertEquals(column[i], hv[i], 1e-13, () -> where + ": H e_" + slot + " at " + row + " is " + Arrays.toString(hv)
          + "\n" + compiled.generatedSource("p.SingularGrad"));
      assertEquals(column[i], hessian[i * point.length + slot], 1e-13, () -> where + ": f_hessian at (" + row + ", "
          + slot + ") in " + Arrays.toString(hessian));
    }
  }

  /**
   * A helper whose second-order code would pass 64 KB: it has forward mode, and a caller's {@code
   * f_tangent} runs it; the caller's second derivatives throw, from the helper, saying why.
   */
  @Test
  void aCallerOfAHelperWithoutSecondDerivativesForTheirSize() {
    Compiled deep = DeepExpressionTest.compile("static double longSum(double x, double y) {\n  return "
        + DeepExpressionTest.sum(DeepExpressionTest.TERMS) + ";\n}",
        "@Differentiable static double caller(double x, double y) {\n  return longSum(x * y, y) * x;\n}");
    assertTrue(deep.generatedSource("p.DeepGrad").contains("their code would pass the Java limit of 64 KB"));
    new GradientAgreement(deep, "p.Deep", "caller").check(0.3, -0.7);
    UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class, () -> deep.call(
        "p.DeepGrad", "caller_hvp", new Class<?>[] {double.class, double.class, double[].class, double[].class,
            double[].class}, 0.3, -0.7, new double[] {1, 0}, new double[2], new double[2]));
    assertTrue(thrown.getMessage().contains("longSum has no second derivatives"), thrown.getMessage());
  }

  @TempDir
  static Path dir;

  private static final String EARLIER = """
      package a;

      import io.javagrad.Differentiable;

      public class A {
        @Differentiable public static double f(double x, double[] ys) {
          double s = 0;
          for (double y : ys) {
            s += Math.sqrt(x * x + y * y);
          }
          return s * Math.log(x * x + 1);
        }

        @Differentiable public static double usesRule(double x) {
          return lib.Special.softplus(x) * x;
        }
      }
      """;

  private static final String LATER = """
      package b;

      import a.A;
      import io.javagrad.Differentiable;

      public class B {
        @Differentiable static double g(double x, double[] ys) {
          double t = 0;
          for (int i = 0; i < 2; i++) {
            t += A.f(x * (i + 1), ys) * ys[i];
          }
          return t;
        }

        @Differentiable static double h(double x, double y) {
          return A.usesRule(x * y) + y;
        }
      }
      """;

  @Test
  void aCompanionFromAnEarlierCompilationInForwardModeAndSecondDerivatives() throws IOException {
    Path classes = SeparateCompilationTest.javac(dir.resolve("earlier"), true, "a.A", EARLIER, "lib.Special", SPECIAL,
        "lib.SpecialRules", RULES);
    Compiled later = SeparateCompilationTest.compileAgainst(classes, "b.B", LATER).assertCleanSuccess()
        .withClassesFrom(classes);
    new GradientAgreement(later, "b.B", "g").check(0.7, new double[] {-1.3, 0.4});
    double[] hessian = new SecondOrderAgreement(later, "b.B", "g").check(0.7, new double[] {0.0, 0.4});
    assertTrue(hessian != null && Arrays.stream(hessian).allMatch(Double::isFinite), Arrays.toString(hessian));
    new GradientAgreement(later, "b.B", "h").check(0.7, -1.1);
    double x = 0.7;
    double y = -1.1;
    double sigma = 1 / (1 + Math.exp(-x * y));
    // h = softplus(u) u + y, u = x y: dh/du = sigma u + softplus(u)
    double dhdu = sigma * x * y + Math.log1p(Math.exp(x * y));
    assertEquals(dhdu * y * 0.5 + (dhdu * x + 1) * 2.0, tangent(later, "b.BGrad", "h", x, y, new double[] {0.5, 2.0}),
        1e-13);
    // A.usesRule calls a rule compiled with it: its companion has second derivatives, through which h's run.
    assertNotNull(new SecondOrderAgreement(later, "b.B", "h").check(x, y));
  }

  private static void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Calls", method).check(args);
  }

  private static double tangent(Compiled in, String companion, String method, double x, double y, double[] direction) {
    return (Double) in.call(companion, method + "_tangent", new Class<?>[] {double.class, double.class,
        double[].class}, x, y, direction);
  }

  private static double[][] deepCopy(double[][] m) {
    return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
  }
}
