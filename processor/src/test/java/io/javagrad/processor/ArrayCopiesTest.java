package io.javagrad.processor;

import static io.javagrad.processor.MethodCase.at;
import static io.javagrad.processor.MethodCase.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Copies and fills of arrays, and initializers with active elements: {@code clone()}, {@code
 * Arrays.copyOf}, {@code Arrays.copyOfRange}, {@code System.arraycopy} (overlapping too), {@code Arrays.fill}, {@code {x, y}}
 * and {@code {{..}, {..}}}; and {@code int[]}, {@code long[]} and {@code boolean[]} locals, which
 * carry no derivative and run as written. Each method is checked with {@link GradientAgreement}.
 */
class ArrayCopiesTest {
  static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.Arrays;

      public class Copies {
        /** The double-buffered heat equation, its first buffer a clone of the input. */
        @Differentiable static double heatFromClone(double[] u0, double alpha, int steps) {
          double[] cur = u0.clone();
          double[] next = new double[cur.length];
          for (int s = 0; s < steps; s++) {
            next[0] = cur[0];
            next[cur.length - 1] = cur[cur.length - 1];
            for (int i = 1; i < cur.length - 1; i++) {
              next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
            }
            double[] t = cur;
            cur = next;
            next = t;
          }
          double e = 0;
          for (double v : cur) {
            e += v * v * v;
          }
          return e;
        }

        /** Arrays.copyOf longer (zeros after) and shorter; a clone written while the original is read. */
        @Differentiable static double copies(double[] x, double c) {
          double[] longer = Arrays.copyOf(x, x.length + 2);
          double[] shorter = Arrays.copyOf(x, 2);
          double[] mine = x.clone();
          for (int i = 0; i < mine.length; i++) {
            mine[i] = mine[i] * c + x[i];
          }
          double s = 0;
          for (int i = 0; i < longer.length; i++) {
            s += longer[i] * (i + 1) + Math.sin(longer[i] * c);
          }
          return s + shorter[1] * shorter[0] + mine[mine.length - 1] * mine[0];
        }

        /** Arrays.copyOfRange: a slice, one past the end (zeros after), and of a row. */
        @Differentiable static double ranges(double[] x, double[][] m, int from) {
          double[] tail = Arrays.copyOfRange(x, from, x.length);
          double[] padded = Arrays.copyOfRange(x, 1, x.length + 2);
          double[] row = Arrays.copyOfRange(m[1], 0, 2);
          double s = 0;
          for (int i = 0; i < tail.length; i++) {
            s += tail[i] * tail[i] * (i + 1);
          }
          for (double v : padded) {
            s += Math.sin(v);
          }
          return s + row[0] * row[1];
        }

        /** System.arraycopy from a parameter, and within one array both ways (overlapping). */
        @Differentiable static double shifts(double[] x, double c) {
          double[] a = new double[x.length + 2];
          System.arraycopy(x, 0, a, 1, x.length);
          for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * c + Math.cos(a[i]);
          }
          System.arraycopy(a, 0, a, 1, a.length - 1);
          double s = a[0] + 2 * a[1];
          System.arraycopy(a, 2, a, 0, a.length - 2);
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i] * (i + 1);
          }
          return s;
        }

        /** Arrays.fill with an active value, whole and over a range, in a loop. */
        @Differentiable static double fills(double x, double y, int n) {
          double[] a = new double[n];
          double s = 0;
          for (int k = 0; k < 3; k++) {
            Arrays.fill(a, x * (k + 1));
            Arrays.fill(a, 1, n - 1, Math.sin(y + k));
            for (int i = 0; i < n; i++) {
              s += a[i] * a[i] * (i + 2);
            }
          }
          return s;
        }

        /** Initializers with active elements, made anew each iteration, and a double[][] initializer. */
        @Differentiable static double initializers(double x, double y) {
          double s = 0;
          for (int k = 1; k <= 3; k++) {
            double[] v = {x * k, y * y, Math.sin(x * y)};
            double[] w = new double[] {v[2], v[0] + v[1]};
            s += v[0] * w[1] - w[0] * v[1];
          }
          double[][] m = {{x, 1}, {2, y}};
          return s + m[0][0] * m[1][1] - m[0][1] * m[1][0];
        }

        /** A row cloned, then written; reassigned to a copy of itself. */
        @Differentiable static double rowCopies(double[][] w, double c) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            double[] r = w[i].clone();
            for (int j = 0; j < r.length; j++) {
              r[j] = Math.exp(r[j] * c);
            }
            r = Arrays.copyOf(r, r.length + 1);
            for (double e : r) {
              s += e * (i + 1);
            }
          }
          return s;
        }

        /** int[], long[] and boolean[] locals: indices, counts and a mask, run as written. */
        @Differentiable static double labels(double[] x, int[] order) {
          int[] idx = new int[order.length];
          long[] seen = new long[order.length];
          boolean[] mask = new boolean[order.length];
          for (int i = 0; i < order.length; i++) {
            idx[i] = order[order.length - 1 - i];
            seen[idx[i]]++;
            mask[i] = order[i] % 2 == 0 || x[idx[i]] > 0.3;
          }
          double s = 0;
          for (int i = 0; i < idx.length; i++) {
            if (mask[i] && seen[idx[i]] == 1L && x[idx[i]] > 0) {
              s += x[idx[i]] * x[idx[i]] * (i + 1);
            } else {
              s -= Math.abs(x[idx[i]]);
            }
          }
          return s;
        }

        /** One explicit RK4 step per call, the stages allocated per step, the state cloned. */
        @Differentiable static double rk4Oscillator(double[] y0, double omega, double h, int steps) {
          double[] y = y0.clone();
          for (int n = 0; n < steps; n++) {
            double[] k1 = {y[1], -omega * omega * Math.sin(y[0])};
            double[] y2 = {y[0] + h / 2 * k1[0], y[1] + h / 2 * k1[1]};
            double[] k2 = {y2[1], -omega * omega * Math.sin(y2[0])};
            double[] y3 = {y[0] + h / 2 * k2[0], y[1] + h / 2 * k2[1]};
            double[] k3 = {y3[1], -omega * omega * Math.sin(y3[0])};
            double[] y4 = {y[0] + h * k3[0], y[1] + h * k3[1]};
            double[] k4 = {y4[1], -omega * omega * Math.sin(y4[0])};
            double[] next = new double[2];
            for (int i = 0; i < 2; i++) {
              next[i] = y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
            y = next;
          }
          return y[0] * y[0] + y[1];
        }
      }
      """;

  private static final List<MethodCase> CASES = List.of(
      at("heatFromClone", p(new double[] {0.0, 0.5, 1.0, 0.25, -0.5, 0.0}, 0.2, 4), p(new double[] {1.0, 2.0}, 0.3, 0)),
      at("copies", p(new double[] {0.5, -1.0, 0.25}, 1.5), p(new double[] {2.0, 0.3}, -0.7)),
      at("shifts", p(new double[] {0.5, -1.0, 0.25, 0.8}, 1.5)),
      at("ranges", p(new double[] {0.5, -1.0, 0.25, 0.8}, new double[][] {{0.1}, {0.3, -0.7, 2.0}}, 1),
          p(new double[] {0.5, -1.0}, new double[][] {{}, {0.3, -0.7}}, 2)),
      at("fills", p(0.7, -0.4, 4), p(1.3, 0.2, 2)),
      at("initializers", p(0.7, -0.4), p(-1.3, 2.0)),
      at("rowCopies", p(new double[][] {{0.5, -0.3}, {0.2}, {}}, 0.7)),
      at("labels", p(new double[] {0.5, -1.0, 0.25, 2.0}, new int[] {2, 0, 3, 1}),
          p(new double[] {0.5, -1.0, 0.25}, new int[] {1, 1, 2})),
      at("rk4Oscillator", p(new double[] {0.8, -0.1}, 1.3, 0.1, 5)));

  private static Compiled copies;

  @BeforeAll
  static void compile() {
    copies = Compiled.compile("p.Copies", SOURCE);
  }

  static Stream<MethodCase> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void copiesAndFills(MethodCase c) {
    c.check(copies, "p.Copies");
  }

  /** Where Arrays.copyOfRange would throw, the gradient entry throws the same: its range is checked by the call itself. */
  @Test
  void copyOfRangeOutsideTheArrayThrowsAsJavaDoes() throws Exception {
    double[] x = {0.5, -1.0};
    double[][] m = {{}, {0.3, -0.7}};
    Method primal = copies.load("p.Copies").getDeclaredMethod("ranges", double[].class, double[][].class, int.class);
    primal.setAccessible(true);
    Method gradient = copies.load("p.CopiesGrad").getMethod("ranges", double[].class, double[][].class, int.class,
        double[].class);
    for (int from : new int[] {3, -1}) {
      Throwable expected = assertThrows(InvocationTargetException.class, () -> primal.invoke(null, x, m, from))
          .getCause();
      Throwable actual = assertThrows(InvocationTargetException.class,
          () -> gradient.invoke(null, x, m, from, new double[4])).getCause();
      assertEquals(expected.getClass(), actual.getClass());
      assertEquals(expected.getMessage(), actual.getMessage());
    }
  }
}
