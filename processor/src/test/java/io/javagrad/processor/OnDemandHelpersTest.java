package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helpers without {@code @Differentiable}, differentiated on demand: private ones, ones of another
 * class, helpers calling helpers, mutually recursive helpers, helpers called in loops and branches,
 * and helpers whose result carries no derivative or that get no derivative at a call, which run as
 * written. Each gradient agrees with the twin and with finite differences.
 */
class OnDemandHelpersTest {
  private static final String MODEL = """
      package p;

      import io.javagrad.Differentiable;

      public class Model {
        static double square(double v) {
          return v * v;
        }

        private static double normalCdf(double x) {
          return 0.5 * (1 + erf(x / Math.sqrt(2)));
        }

        /** Abramowitz and Stegun 7.1.26. */
        private static double erf(double z) {
          double t = 1 / (1 + 0.3275911 * Math.abs(z));
          double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
              + 0.254829592) * t * Math.exp(-z * z);
          return z >= 0 ? y : -y;
        }

        static double logsumexp(double[] v) {
          double m = v[0];
          for (int i = 1; i < v.length; i++) {
            m = Math.max(m, v[i]);
          }
          double s = 0;
          for (double e : v) {
            s += Math.exp(e - m);
          }
          return m + Math.log(s);
        }

        private static double sqnorm(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += square(v[i]);
          }
          return s;
        }

        static int argmax(double[] v) {
          int best = 0;
          for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
              best = i;
            }
          }
          return best;
        }

        static boolean fuzzyEquals(double a, double b) {
          return Math.abs(a - b) < 1e-9;
        }

        static double logFactorial(int n) {
          double s = 0;
          for (int k = 2; k <= n; k++) {
            s += Math.log(k);
          }
          return s;
        }

        static double even(double x, int n) {
          return n == 0 ? x : Math.cos(odd(x, n - 1)) * x;
        }

        static double odd(double x, int n) {
          if (n == 0) {
            return Math.sin(x);
          }
          return even(x, n - 1) + 0.5 * x;
        }

        @Differentiable static double f(double x, double y) {
          return square(x) * normalCdf(y) + Other.shift(x, y);
        }

        @Differentiable static double g(double[] v, double t) {
          return logsumexp(v) * t + sqnorm(v) + v[argmax(v)] * square(t);
        }

        @Differentiable static double h(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (fuzzyEquals(x, i)) {
              continue;
            }
            s += square(x + i) * 0.1;
            if (s > 2) {
              s = normalCdf(s - 2) + 2;
            }
          }
          return s + logFactorial(n) + square(3.0);
        }

        @Differentiable static double mutual(double x, int n) {
          return even(x, n) + odd(x * 0.5, n);
        }

        /** No differentiated input: accepted, with a pullback and a twin for its callers. */
        @Differentiable static double counts(int n) {
          return n * 0.5 + logFactorial(n);
        }

        @Differentiable static double usesCounts(double x, int n) {
          return x * counts(n);
        }

        /** A nested class's private helper, which Model, its nestmate, may call. */
        static final class Inner {
          private static final double SCALE = 1.5;

          private static double cube(double v) {
            return SCALE * v * v * v;
          }
        }

        @Differentiable static double nestmate(double x) {
          return Inner.cube(x) + x;
        }

        static double bump(double v) {
          return Math.exp(-v * v);
        }

        static double ignoresArray(double x, double[] u) {
          return 3 * x;
        }

        /** cbrt'(0) is infinite: the seed of the call is, and u, which the helper never reads, gets 0. */
        @Differentiable static double infiniteSeed(double x, double[] u) {
          return Math.cbrt(ignoresArray(x - x, u)) + u[0];
        }

        /** A helper read only by a test: the twin runs the helper's twin there. */
        @Differentiable static double tested(double x) {
          if (bump(x) > 0.5) {
            return x * 2;
          }
          return x * x;
        }
      }
      """;

  private static final String OTHER = """
      package p;

      final class Other {
        static double shift(double x, double y) {
          return Math.sin(x * y) + Model.square(y);
        }
      }
      """;

  private static final String USER = """
      package p;

      import io.javagrad.Differentiable;

      public class User {
        @Differentiable static double u(double a) {
          return Model.square(a) + Other.shift(a, 2.0);
        }
      }
      """;

  /** Calls the generated gradients in a loop, so that a test can measure what they allocate. */
  private static final String DRIVER = """
      package p;

      public final class Driver {
        public static double drive(int n) {
          double[] grad = new double[2];
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += ModelGrad.f(0.3 + 1e-6 * i, 0.7, grad) + grad[0] + UserGrad.u(0.4, grad);
          }
          return sum;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Model", MODEL, "p.Other", OTHER, "p.User", USER, "p.Driver", DRIVER)
        .assertCleanSuccess();
  }

  @Test
  void helpersOfEveryKindAgree() {
    for (double x : new double[] {-1.3, 0.2, 0.9}) {
      new GradientAgreement(compiled, "p.Model", "f").check(x, 0.7 - x);
      new GradientAgreement(compiled, "p.Model", "g").check(new double[] {x, 0.5, -0.4, 2 * x}, 1.5 + x);
      new GradientAgreement(compiled, "p.User", "u").check(x);
    }
  }

  @Test
  void helpersInLoopsAndBranches() {
    for (int n = 0; n <= 6; n++) {
      new GradientAgreement(compiled, "p.Model", "h").check(0.35, n);
      new GradientAgreement(compiled, "p.Model", "h").check(1.25, n);
    }
  }

  @Test
  void methodWithoutDifferentiatedInputServesItsCallers() {
    new GradientAgreement(compiled, "p.Model", "usesCounts").check(0.7, 4);
    String model = compiled.generatedSource("p.ModelGrad");
    assertTrue(model.contains("public static double counts_pullback(int n, double seed"), model);
    assertTrue(model.contains("public static Value counts(int n)"), model);
    assertFalse(model.contains("public static Gradient counts(int n)"), model);
  }

  @Test
  void privateHelperOfANestedClass() {
    new GradientAgreement(compiled, "p.Model", "nestmate").check(0.8);
  }

  @Test
  void helperReadOnlyByATest() {
    new GradientAgreement(compiled, "p.Model", "tested").check(0.3);
    new GradientAgreement(compiled, "p.Model", "tested").check(1.7);
  }

  /**
   * A parameter the callee never differentiates through gets nothing from the call, not 0 times the
   * call's infinite adjoint (NaN): the caller knows the callee's activity, as the twin, which has no
   * edge there, does. x, which it does, gets infinity minus infinity through x - x: NaN.
   */
  @Test
  void parameterTheCalleeNeverReadsGetsNothingFromAnInfiniteSeed() {
    new GradientAgreement(compiled, "p.Model", "infiniteSeed")
        .checkExactly(new double[] {Double.NaN, 1.0, 0.0}, 0.5, new double[] {0.2, 0.3});
  }

  @Test
  void mutuallyRecursiveHelpers() {
    for (int n = 0; n <= 9; n++) {
      new GradientAgreement(compiled, "p.Model", "mutual").check(0.6, n);
    }
  }

  /**
   * Straight-line gradients through helpers allocate nothing once warm: the callees' gradients go
   * into buffers the thread's tape lends and reuses.
   */
  @Test
  void straightLineCallsAllocateNothingOnceWarm() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Class<?>[] types = {int.class};
    compiled.call("p.Driver", "drive", types, 200_000); // warm up, and let the JIT compile it
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    compiled.call("p.Driver", "drive", types, 10);
    long few = threads.getThreadAllocatedBytes(id) - before;
    before = threads.getThreadAllocatedBytes(id);
    compiled.call("p.Driver", "drive", types, 100_000);
    long many = threads.getThreadAllocatedBytes(id) - before;
    // Both calls allocate only what the reflective call itself does (its boxes).
    assertTrue(many - few < 1_000, () -> "100,000 gradients allocated " + many + " bytes, 10 of them " + few);
  }

  /** Each helper's derivative code is in each companion that needs it, once, and private. */
  @Test
  void derivativeCodeOncePerCompanionAndPrivate() {
    String model = compiled.generatedSource("p.ModelGrad");
    String user = compiled.generatedSource("p.UserGrad");
    for (String helper : new String[] {"Model$square", "Model$normalCdf", "Model$erf", "Model$logsumexp",
        "Model$sqnorm", "Other$shift", "Model$even", "Model$odd", "Model$bump"}) {
      assertEquals(1, declarations(model, helper + "_pullback"), () -> helper + "\n" + model);
      assertEquals(1, declarations(model, helper), () -> helper + "\n" + model);
    }
    assertEquals(1, declarations(user, "Model$square_pullback"), user);
    assertEquals(1, declarations(user, "Other$shift_pullback"), user);
    assertFalse(model.contains("public static double Model$"), model);
    // Results without derivatives, and calls without one flowing in, run as written.
    for (String plain : new String[] {"Model$argmax", "Model$fuzzyEquals", "Model$logFactorial"}) {
      assertFalse(model.contains(plain), () -> plain + "\n" + model);
    }
    assertTrue(model.contains("Model.logFactorial(n)"), model);
  }

  private static int declarations(String code, String name) {
    Matcher m = Pattern.compile("private static \\S+ " + Pattern.quote(name) + "\\(").matcher(code);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
