package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Corners of the language as numeric libraries use them, each checked against the twin, central
 * differences and second derivatives: an interface's static method and a nested class's as
 * helpers, nested ternaries over ints choosing an element of an initializer with active elements,
 * a String switch expression with a yield block and a throwing default, {@code assert},
 * {@code Double.compare}, {@code var} over the rows of a {@code double[][]} with a labelled
 * {@code continue}, an array grown by {@code Arrays.copyOf} in a loop and summed by a stream,
 * {@code z++} on a double and long counters, {@code Math.round} as an index, a recursive continued
 * fraction, a do/while left by {@code break}, a char switch; a labelled break out of a loop that
 * makes an array each step, a fall-through switch writing a parameter's array, an early return
 * after in-place writes, Gaussian elimination with row swaps on a {@code double[][]} made row by
 * row with {@code Arrays.copyOf}, and a do/while Newton iteration with a cap that throws.
 */
class LanguageCornersTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;
      import java.util.Objects;

      public final class Corners {
        interface Kernels {
          static double gauss(double x) {
            return Math.exp(-0.5 * x * x);
          }
        }
        static final class Util {
          private Util() {}
          static double sq(double x) { return x * x; }
        }
        @Differentiable
        static double a1(double x, int n) {
          int k = n > 3 ? n - 1 : n < 0 ? 0 : n;
          double[] w = {x, x * x, Math.sin(x), 1, 2, 3};
          return w[k] + Kernels.gauss(x) + Util.sq(x);
        }
        @Differentiable
        static double a2(double x, String mode) {
          double y = switch (mode) {
            case "sq" -> x * x;
            case "cube" -> {
        double t = x * x;
        yield t * x;
            }
            default -> throw new IllegalArgumentException("mode " + mode);
          };
          assert y >= -1e300 : "y is " + y;
          return Double.compare(y, x) > 0 ? y : x;
        }
        @Differentiable
        static double a3(double[][] m) {
          double s = 0;
          outer:
          for (var row : m) {
            for (int j = 0; j < row.length; j++) {
        if (row[j] < 0) {
          continue outer;
        }
        s += row[j] * (j + 1);
            }
          }
          return s;
        }
        @Differentiable
        static double a4(double x, int n) {
          double[] a = {x};
          while (a.length < n) {
            a = Arrays.copyOf(a, 2 * a.length);
            for (int i = a.length / 2; i < a.length; i++) {
        a[i] = a[i - a.length / 2] * 0.5 + x;
            }
          }
          return Arrays.stream(a).sum();
        }
        @Differentiable
        static double a5(double x, double y) {
          double z = x;
          z++;
          z *= y;
          long count = 0;
          for (long i = 0; i < 3; i++) {
            z += i * x;
            count++;
          }
          return z / count + (double) count / 7 + Math.max(0, x) + Math.abs(-3);
        }
        @Differentiable
        static double a6(double x) {
          if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(new StringBuilder().append("x = ").append(x).toString());
          }
          int k = (int) Math.round(x * 2);
          double r = x - k / 2.0;
          return r * r + Math.pow(x, 2) + Math.pow(2, x);
        }
        static double cf(double x, int depth) {
          if (depth == 0) {
            return 1;
          }
          return 1 + x / cf(x, depth - 1);
        }
        @Differentiable
        static double a7(double x) {
          return cf(x, 8);
        }
        @Differentiable
        static double a8(double[] x) {
          Objects.requireNonNull(x, "x");
          double best = Double.NEGATIVE_INFINITY;
          int i = 0;
          do {
            if (x[i] > 10) {
        break;
            }
            best = Math.max(best, x[i] * x[i]);
          } while (++i < x.length);
          return best;
        }
        @Differentiable
        static double a9(double x, char c) {
          char next = (char) (c + 1);
          return switch (next) {
            case 'b' -> x;
            case 'c', 'd' -> 2 * x;
            default -> x * x;
          };
        }

        @Differentiable
        static double c1(double[] x, int steps) {
          double[] state = Arrays.copyOf(x, x.length);
          search:
          for (int s = 0; s < steps; s++) {
            double[] next = new double[state.length];
            for (int i = 0; i < state.length; i++) {
              next[i] = 0.5 * (state[i] + state[(i + 1) % state.length]) + 0.1 * state[i] * state[i];
              if (Math.abs(next[i]) > 50) {
                break search;
              }
            }
            state = next;
          }
          double norm = 0;
          for (double v : state) {
            norm = Math.hypot(norm, v);
          }
          return norm;
        }
        @Differentiable
        @SuppressWarnings("fallthrough")
        static double c2(double[] x, int kind) {
          double acc = 0;
          switch (kind) {
            case 0:
              acc += x[0];
            case 1:
              acc += x[1] * x[1];
              x[1] = acc;
            case 2:
              acc *= x[1];
              break;
            default:
              throw new IllegalArgumentException("kind " + kind);
          }
          return acc + x[1];
        }
        @Differentiable
        static double c3(double[] x) {
          for (int i = 1; i < x.length; i++) {
            x[i] += x[i - 1] * 0.5;
            if (x[i] > 100) {
              return -1;
            }
          }
          return x[x.length - 1] * x[0];
        }
        @Differentiable
        static double c5(double[][] m, double[] v) {
          int n = m.length;
          double[][] a = new double[n][];
          for (int i = 0; i < n; i++) {
            a[i] = Arrays.copyOf(m[i], n + 1);
            a[i][n] = v[i];
          }
          for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
              if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                p = i;
              }
            }
            double[] t = a[k]; a[k] = a[p]; a[p] = t;
            for (int i = k + 1; i < n; i++) {
              double f = a[i][k] / a[k][k];
              for (int j = k; j <= n; j++) {
                a[i][j] -= f * a[k][j];
              }
            }
          }
          double[] xs = new double[n];
          for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
              s -= a[i][j] * xs[j];
            }
            xs[i] = s / a[i][i];
          }
          double r = 0;
          for (double xi : xs) r += xi * xi;
          return r;
        }
        @Differentiable
        static double c6(double x) {
          double y = x;
          int guard = 0;
          do {
            y = y - (y * y * y - x) / (3 * y * y);
            if (++guard > 100) throw new IllegalStateException("no");
          } while (Math.abs(y * y * y - x) > 1e-14 * Math.abs(x));
          return y;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Corners", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement method(String name) {
    return new GradientAgreement(compiled, "p.Corners", name);
  }

  @Test
  void helpersOfAnInterfaceAndANestedClassAndTernariesOverInts() {
    for (int n : new int[] {-2, 0, 1, 2, 3, 5}) {
      method("a1").check(0.7, n);
    }
  }

  @Test
  void aStringSwitchExpressionWithAYieldBlock() {
    method("a2").check(1.3, "sq");
    method("a2").check(1.3, "cube");
    method("a2").check(0.3, "sq");
  }

  @Test
  void varRowsAndALabelledContinue() {
    method("a3").check((Object) new double[][] {{1.0, 2.0, -1.0, 3.0}, {0.5, 0.25}, {-0.5, 2.0}});
  }

  @Test
  void anArrayGrownInALoop() {
    method("a4").check(0.7, 5);
    method("a4").check(0.7, 1);
  }

  @Test
  void incrementsAndLongCounters() {
    method("a5").check(0.7, 1.9);
    method("a5").check(-0.7, 1.9);
  }

  @Test
  void aRoundedIndexAndPowers() {
    method("a6").check(0.7);
    method("a6").check(-1.6);
  }

  @Test
  void aRecursiveContinuedFraction() {
    method("a7").check(0.7);
  }

  @Test
  void aDoWhileLeftByBreak() {
    method("a8").check((Object) new double[] {1.0, -3.0, 2.0, 11.0, 50.0});
    method("a8").check((Object) new double[] {1.0, -3.0});
  }

  @Test
  void aCharSwitch() {
    method("a9").check(0.7, 'a');
    method("a9").check(0.7, 'b');
    method("a9").check(0.7, 'z');
  }

  @Test
  void aLabelledBreakOutOfALoopThatMakesAnArrayEachStep() {
    method("c1").check(new double[] {0.3, -0.7, 1.1, 0.2}, 6);
    method("c1").check(new double[] {3.0, 4.0, 5.0}, 20);
  }

  @Test
  void aFallThroughSwitchWritingAParameterArray() {
    for (int kind = 0; kind < 3; kind++) {
      method("c2").check(new double[] {0.3, -0.7}, kind);
    }
  }

  @Test
  void anEarlyReturnAfterInPlaceWrites() {
    method("c3").check((Object) new double[] {0.3, -0.7, 1.1, 0.2});
    method("c3").check((Object) new double[] {30.0, 70.0, 100.0});
  }

  @Test
  void gaussianEliminationWithRowSwaps() {
    method("c5").check(new double[][] {{2.0, 1.0, -1.0}, {-3.0, -1.0, 2.0}, {-2.0, 1.0, 2.0}},
        new double[] {8.0, -11.0, -3.0});
  }

  @Test
  void aNewtonDoWhileWithACap() {
    method("c6").check(2.7);
    method("c6").check(-0.4);
  }
}
