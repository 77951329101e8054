package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inactive code runs as written: argument checks that throw, object, enum and string parameters,
 * private constant tables and computed constants (copied into the companion), calls on objects,
 * logging calls, int side effects inside expressions and conditions, and for-each loops. Each
 * method's gradient is checked against its twin and central differences on every path, and each
 * throwing path throws what the original throws.
 */
class RunAsWrittenTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Locale;

      public final class Lib {
        public enum Kind { CALL, PUT }

        private static final double[] COEFFS = {0.5, 0.25, 0.125};
        private static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
        static int calls;

        @Differentiable
        static double checked(double s, double vol, Kind kind, String label) {
          if (vol <= 0) {
            throw new IllegalArgumentException("vol must be positive: " + vol + " for " + label);
          }
          double sign = kind == Kind.CALL ? 1 : -1;
          double acc = 0;
          for (double c : COEFFS) {
            acc += c * s;
          }
          return sign * acc * vol + LN_SQRT_2PI * label.length();
        }

        @Differentiable
        static double sideEffects(double x, double y) {
          double[] buf = new double[3];
          int k = 0;
          buf[k++] = x;
          buf[k++] = y * x;
          buf[k] = Math.sin(buf[k - 1]);
          int n = 4;
          double acc = 0;
          while (n-- > 0) {
            acc += buf[n % 3] * (n + 1);
          }
          return acc;
        }

        @Differentiable
        static double objects(double x, int[] index, StringBuilder log) {
          log.append(String.format(Locale.ROOT, "x=%.3f;", x));
          var acc = 0.0;
          for (int i : index) {
            acc += Math.exp(x * i) / (1 + index.length);
            int bound = i;
            long smaller = java.util.Arrays.stream(index).filter(j -> j < bound).count();
            acc += smaller * x;
          }
          if (log.length() > 1000) {
            throw new IllegalStateException("log too long");
          }
          return acc;
        }

        @Differentiable
        @SuppressWarnings("fallthrough")
        static double switches(double x, double y, Kind kind, String mode, int n) {
          double scale;
          switch (kind) {
            case CALL:
              scale = x;
              break;
            case PUT:
            default:
              scale = -y;
              break;
          }
          double shape = switch (mode) {
            case "square" -> x * x;
            case "sine", "sin" -> Math.sin(x);
            default -> {
              double t = Math.exp(-y);
              yield t * x;
            }
          };
          double acc = 0;
          switch (n % 3) {
            case 0:
              acc += y;
            case 1:
              acc += x * y;
              break;
            default:
              acc -= 1;
          }
          int steps = switch (kind) { case CALL -> 2; case PUT -> 3; };
          for (int i = 0; i < steps; i++) {
            acc += shape * scale;
          }
          return acc;
        }

        @Differentiable
        static double labelled(double x, int rows, int cols) {
          double acc = 0;
          outer:
          for (int i = 0; i < rows; i++) {
            inner:
            for (int j = 0; j < cols; j++) {
              if (j > i) {
                continue outer;
              }
              acc += Math.sin(x * (i + 1)) * (j + 1);
              if (acc > 3) {
                break outer;
              }
              if (j == 2) {
                break inner;
              }
            }
            acc *= 0.9;
          }
          return acc;
        }

        private static void check(boolean ok, String message) {
          if (!ok) {
            throw new IllegalArgumentException(message);
          }
        }

        private static int clamp(int i, int n) {
          return i < 0 ? 0 : i >= n ? clamp(n - 1, n) : i;
        }

        @Differentiable
        static double privateHelpers(double x, int i) {
          check(x > -10, "x too small: " + x);
          int k = clamp(i, COEFFS.length);
          return COEFFS[k] * x * x;
        }

        @Differentiable
        static double foreach(double[] x, @io.javagrad.NoDerivative double[] w) {
          double sum = 0;
          int i = 0;
          for (double xi : x) {
            sum += w[i++] * xi * xi;
          }
          return sum;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Lib", SOURCE);
    compiled.assertCleanSuccess();
  }

  private static Object kind(String name) {
    for (Object constant : compiled.load("p.Lib$Kind").getEnumConstants()) {
      if (constant.toString().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void argumentChecksEnumsStringsAndCopiedConstants() {
    GradientAgreement checked = new GradientAgreement(compiled, "p.Lib", "checked");
    checked.check(1.5, 0.2, kind("CALL"), "abc");
    checked.check(-0.7, 2.0, kind("PUT"), "");
  }

  @Test
  void aFailedCheckThrowsWhatTheOriginalThrows() {
    Class<?>[] types = {double.class, double.class, compiled.load("p.Lib$Kind"), String.class, double[].class};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.LibGrad")
        .getMethod("checked", types).invoke(null, 1.0, -1.0, kind("CALL"), "x", new double[2]));
    assertTrue(thrown.getCause() instanceof IllegalArgumentException);
    assertEquals("vol must be positive: -1.0 for x", thrown.getCause().getMessage());
  }

  @Test
  void sideEffectsInsideExpressionsAndConditions() {
    GradientAgreement sideEffects = new GradientAgreement(compiled, "p.Lib", "sideEffects");
    sideEffects.check(0.3, -1.2);
    sideEffects.check(2.0, 0.5);
  }

  @Test
  void objectParametersAndLoopsOverIntArrays() {
    GradientAgreement objects = new GradientAgreement(compiled, "p.Lib", "objects");
    objects.check(0.4, new int[] {1, 2, 3}, new StringBuilder());
    objects.check(-0.4, new int[] {}, new StringBuilder());
  }

  @Test
  void switchStatementsAndExpressionsOverEnumsStringsAndInts() {
    GradientAgreement switches = new GradientAgreement(compiled, "p.Lib", "switches");
    for (String kind : new String[] {"CALL", "PUT"}) {
      for (String mode : new String[] {"square", "sin", "sine", "other"}) {
        for (int n = 0; n < 3; n++) {
          switches.check(0.7, -0.4, kind(kind), mode, n);
        }
      }
    }
  }

  @Test
  void labelledBreakAndContinue() {
    GradientAgreement labelled = new GradientAgreement(compiled, "p.Lib", "labelled");
    labelled.check(0.3, 4, 5);
    labelled.check(1.2, 6, 6);
    labelled.check(-0.8, 3, 1);
  }

  @Test
  void privateHelpersWithInactiveArgumentsAreCopiedAndRun() {
    GradientAgreement helpers = new GradientAgreement(compiled, "p.Lib", "privateHelpers");
    helpers.check(1.5, 1);
    helpers.check(-2.0, 7);
    helpers.check(0.5, -3);
    Class<?>[] types = {double.class, int.class, double[].class};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.LibGrad")
        .getMethod("privateHelpers", types).invoke(null, -20.0, 0, new double[1]));
    assertEquals("x too small: -20.0", thrown.getCause().getMessage());
  }

  @Test
  void forEachOverDoubleArrays() {
    GradientAgreement foreach = new GradientAgreement(compiled, "p.Lib", "foreach");
    foreach.check(new double[] {1, -2, 0.5}, new double[] {0.5, 1, 2});
  }
}
