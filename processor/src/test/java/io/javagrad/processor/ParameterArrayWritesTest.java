package io.javagrad.processor;

import static io.javagrad.processor.MethodCase.at;
import static io.javagrad.processor.MethodCase.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes into the elements of parameter arrays: the gradient is with respect to the values at
 * entry, and the caller sees its arrays as the method leaves them. Each method is checked with
 * {@link GradientAgreement}, which gives each call a fresh copy of the arguments and compares the
 * arrays the gradient entry leaves with those the method leaves.
 */
class ParameterArrayWritesTest {
  static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class InPlace {
        /** Scales in place, then reads the scaled values. */
        @Differentiable static double scale(double[] x, double c) {
          for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * c;
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
          }
          return s;
        }

        /** A prefix sum in place: each element reads the one written before it. */
        @Differentiable static double prefixSum(double[] x) {
          for (int i = 1; i < x.length; i++) {
            x[i] += x[i - 1];
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.sin(x[i]);
          }
          return s;
        }

        /** Normalises in place by the sum of squares, then a weighted sum. */
        @Differentiable static double normalise(double[] x) {
          double norm = 0;
          for (int i = 0; i < x.length; i++) {
            norm += x[i] * x[i];
          }
          norm = Math.sqrt(norm);
          for (int i = 0; i < x.length; i++) {
            x[i] /= norm;
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (i + 1) * x[i];
          }
          return s;
        }

        /** A write, then a read of the written element and of the old value kept elsewhere. */
        @Differentiable static double writeThenRead(double[] x, double y) {
          double old = x[0];
          x[0] = Math.exp(y * x[1]);
          x[1] = x[0] * old;
          return x[0] + x[1] * y;
        }

        /** Writes under a branch in a loop, reading the element overwritten. */
        @Differentiable static double inBranches(double[] x, double t) {
          for (int i = 0; i < x.length; i++) {
            if (x[i] > t) {
              x[i] = x[i] * x[i];
            } else {
              x[i] = Math.tanh(x[i] + t);
            }
          }
          return x[0] * x[x.length - 1] + t;
        }

        /** Rows of a double[][] written in place. */
        @Differentiable static double rows(double[][] m, double c) {
          for (int r = 0; r < m.length; r++) {
            for (int j = 0; j < m[r].length; j++) {
              m[r][j] = Math.sin(m[r][j]) * c;
            }
          }
          double s = 0;
          for (int r = 0; r < m.length; r++) {
            for (int j = 0; j < m[r].length; j++) {
              s += m[r][j] * m[r][j];
            }
          }
          return s;
        }

        /** A @NoDerivative work array written with values without derivative, then read. */
        @Differentiable static double workBuffer(double[] x, @NoDerivative double[] w) {
          for (int i = 0; i < w.length; i++) {
            w[i] = 2 * w[i] + i;
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i] * x[i];
          }
          return s;
        }

        /** Written through another name for the parameter's array, read through the parameter. */
        @Differentiable static double throughAlias(double[] x, double c) {
          double[] y = x;
          y[1] = y[0] * c;
          return x[1] * x[0];
        }

        /** Compound writes and an increment, the element read after each. */
        @Differentiable static double compoundAndIncrement(double[] x, double y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            x[i] += y;
            s += x[i] * x[i];
          }
          x[0]++;
          return s * x[0];
        }

        /** Writes one array, reads another: the two must not be one array. */
        @Differentiable static double intoFirst(double[] x, double[] y) {
          x[0] = y[0] * y[1];
          return x[0] * y[0];
        }

        /** Rows of a double[][] parameter written through row aliases and a for-each over its rows. */
        @Differentiable static double throughRows(double[][] m, double c) {
          for (double[] row : m) {
            row[0] = row[0] * row[row.length - 1] + c;
          }
          double[] last = m[m.length - 1];
          last[0] += m[0][0] * c;
          return m[0][0] * last[0];
        }

        /** System.arraycopy into parameter arrays: from a local, from another parameter, within one (both ways). */
        @Differentiable static double arraycopyInto(double[] x, double[] y, double c) {
          double[] t = new double[2];
          t[0] = Math.sin(c * x[0]);
          t[1] = c * y[1];
          System.arraycopy(t, 0, x, 1, 2);
          System.arraycopy(x, 0, y, 1, y.length - 1);
          System.arraycopy(y, 0, y, 1, y.length - 1);
          System.arraycopy(x, 1, x, 0, x.length - 1);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i % y.length] * (i + 1);
          }
          return s;
        }

        /** Arrays.fill of a parameter array, whole and a range, in a loop, then read; a @NoDerivative one as a buffer. */
        @Differentiable static double fillInto(double[] x, double c, @NoDerivative double[] buffer, int rounds) {
          double s = 0;
          for (int k = 0; k < rounds; k++) {
            java.util.Arrays.fill(x, 1, x.length - 1, Math.exp(c * x[0]) + x[x.length - 1]);
            java.util.Arrays.fill(buffer, k);
            s += x[1] * x[0] + buffer[0];
          }
          java.util.Arrays.fill(x, c * s);
          return s + x[0] * x[x.length - 1];
        }

        /** A helper that fills and copies into its array argument, given a local and then the parameter: inlined. */
        @Differentiable static double callsAFiller(double[] x, double c) {
          double[] buffer = new double[x.length];
          fillFrom(buffer, x, c);
          fillFrom(x, buffer, c * c);
          return buffer[0] * x[x.length - 1] + x[0];
        }

        static void fillFrom(double[] out, double[] in, double c) {
          java.util.Arrays.fill(out, Math.sin(c));
          System.arraycopy(in, 1, out, 0, in.length - 1);
        }

        /** Each element written twice, the second time from the first. */
        @Differentiable static double twice(double[] x, int rounds) {
          for (int k = 0; k < rounds; k++) {
            for (int i = 0; i < x.length; i++) {
              x[i] = Math.cos(x[i]) + x[(i + 1) % x.length];
            }
          }
          return x[0];
        }
      }
      """;

  private static final List<MethodCase> CASES = List.of(
      at("scale", p(new double[] {0.5, -1.0, 0.25}, 1.5), p(new double[] {2.0}, -0.5)),
      at("prefixSum", p(new double[] {0.5, -1.0, 0.25, 0.7})),
      at("normalise", p(new double[] {0.5, -1.0, 0.25, 0.7})),
      at("writeThenRead", p(new double[] {0.5, -1.0, 0.25}, 0.3)),
      at("inBranches", p(new double[] {0.5, -1.0, 0.25, 0.9}, 0.3)),
      at("rows", p(new double[][] {{0.5, -1.0}, {0.25}, {0.7, 0.1, -0.3}}, 1.3)),
      at("workBuffer", p(new double[] {0.5, -1.0, 0.25}, new double[] {1.0, 2.0, 3.0})),
      at("throughAlias", p(new double[] {0.5, -1.0, 0.25}, 1.5)),
      at("compoundAndIncrement", p(new double[] {0.5, -1.0, 0.25}, 0.3)),
      at("intoFirst", p(new double[] {0.5, -1.0}, new double[] {1.5, 0.7})),
      at("throughRows", p(new double[][] {{0.5, -1.0}, {0.25}, {0.7, 0.1, -0.3}}, 1.3)),
      at("twice", p(new double[] {0.5, -1.0, 0.25}, 3), p(new double[] {0.5, -1.0}, 0)),
      at("callsAFiller", p(new double[] {0.5, -1.0, 0.25, 0.7}, 0.8), p(new double[] {0.5}, -0.3)),
      at("arraycopyInto", p(new double[] {0.5, -1.0, 0.25, 0.7}, new double[] {1.5, 0.2, -0.4}, 0.8)),
      at("fillInto", p(new double[] {0.5, -1.0, 0.25, 0.7}, 0.3, new double[] {1.0, 2.0}, 2),
          p(new double[] {0.5, -1.0, 0.25}, -0.6, new double[] {1.0}, 0)));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.InPlace", SOURCE);
  }

  static Stream<MethodCase> cases() {
    return CASES.stream();
  }

  @Test
  void theSameArrayAsTwoParametersIsRefusedWhereOneIsWritten() {
    double[] a = {0.5, -1.0};
    double[] grad = new double[4];
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> compiled.call(
        "p.InPlaceGrad", "intoFirst", new Class<?>[] {double[].class, double[].class, double[].class}, a, a, grad));
    assertEquals("the method writes into x, so x and y must be different arrays", thrown.getMessage());
    assertArrayEquals(new double[] {0.5, -1.0}, a, "the refused call wrote nothing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientIsWithRespectToTheValuesAtEntry(MethodCase method) {
    method.check(compiled, "p.InPlace");
  }
}
