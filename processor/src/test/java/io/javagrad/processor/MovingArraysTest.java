package io.javagrad.processor;

import static io.javagrad.processor.MethodCase.at;
import static io.javagrad.processor.MethodCase.p;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Local {@code double[]} arrays that move: made inside loops and branches (a new array each
 * iteration), aliased ({@code double[] b = a}, written through one and read through the other),
 * and reassigned (buffer swaps). Each method is checked with {@link GradientAgreement}: the
 * generated gradient equals the dynamic twin's within 1e-10, and finite differences within 1e-6.
 */
class MovingArraysTest {
  static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Moving {
        /** A scratch array made in each iteration, filled, then read (squares, so its values are read back). */
        @Differentiable static double arrayPerIteration(double[] x, int rounds) {
          double s = 0;
          for (int k = 0; k < rounds; k++) {
            double[] t = new double[x.length];
            for (int j = 0; j < x.length; j++) {
              t[j] = x[j] * (k + 1) + s;
            }
            for (int j = 0; j < t.length; j++) {
              s += Math.sin(t[j]) * t[j];
            }
          }
          return s;
        }

        /** An array made only on one side of a branch, its length chosen there. */
        @Differentiable static double arrayInBranch(double[] x, double c) {
          double r = c;
          if (c > 0) {
            double[] y = new double[x.length + 1];
            for (int i = 0; i < x.length; i++) {
              y[i + 1] = y[i] + x[i] * c;
            }
            r = y[x.length] * y[x.length];
          } else {
            double[] z = new double[2];
            z[0] = Math.exp(c);
            z[1] = z[0] * x[0];
            r = z[1] - z[0] * c;
          }
          return r;
        }

        /** A while loop that makes a shorter array each round: a pairwise reduction. */
        @Differentiable static double pairwiseProduct(double[] x) {
          double[] level = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            level[i] = x[i];
          }
          while (level.length > 1) {
            double[] next = new double[(level.length + 1) / 2];
            for (int i = 0; i < next.length; i++) {
              next[i] = 2 * i + 1 < level.length ? level[2 * i] * level[2 * i + 1] : level[2 * i];
            }
            level = next;
          }
          return level[0];
        }

        /** A double-buffered explicit heat equation: the two buffers swap after every step. */
        @Differentiable static double heat(double[] u0, double alpha, int steps) {
          int n = u0.length;
          double[] cur = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            cur[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            next[0] = cur[0];
            next[n - 1] = cur[n - 1];
            for (int i = 1; i < n - 1; i++) {
              next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) + 0.1 * cur[i] * cur[i];
            }
            double[] t = cur;
            cur = next;
            next = t;
          }
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += cur[i] * cur[i];
          }
          return e;
        }

        /** Written through an alias, read through the original afterwards. */
        @Differentiable static double writeThroughAlias(double[] x, double c) {
          double[] a = new double[x.length];
          double[] b = a;
          for (int i = 0; i < x.length; i++) {
            b[i] = x[i] * c;
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
            b[i] = Math.sin(a[i]);
          }
          return s + a[0] * c;
        }

        /** A read alias of a parameter array, and one of a local array chosen by a branch. */
        @Differentiable static double chosenAlias(double[] x, double[] y, @NoDerivative double[] w) {
          double[] xs = x;
          double[] scaled = new double[y.length];
          double[] other = new double[y.length];
          for (int i = 0; i < y.length; i++) {
            scaled[i] = y[i] * w[i];
            other[i] = y[i] + xs[i];
          }
          double[] pick = other;
          if (xs[0] > 0) {
            pick = scaled;
          }
          double s = 0;
          for (int i = 0; i < pick.length; i++) {
            s += pick[i] * xs[i];
          }
          return s;
        }

        /** ?: choosing between parameter arrays, and between a parameter array and a local one, in a loop too. */
        @Differentiable static double chosenParameters(double[] x, double[] y, @NoDerivative double[] w, boolean flag) {
          double[] v = flag ? x : y;
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i] * x[i];
          }
          double[] local = new double[y.length];
          for (int i = 0; i < y.length; i++) {
            local[i] = Math.sin(y[i]) * w[i];
          }
          for (int k = 0; k < 3; k++) {
            double[] u = k % 2 == 0 ? local : (flag ? w : x);
            double[] alias = u;
            s += alias[k] * Math.exp(u[0]) + u.length;
          }
          return s;
        }

        /** A new array per iteration that the next iteration reads: the previous one kept by reference. */
        @Differentiable static double recurrence(double[] x, int steps) {
          double[] prev = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            prev[i] = x[i];
          }
          for (int k = 0; k < steps; k++) {
            double[] cur = new double[prev.length];
            for (int i = 0; i < cur.length; i++) {
              cur[i] = Math.tanh(prev[i] + prev[(i + 1) % prev.length]);
            }
            prev = cur;
          }
          double s = 0;
          for (double v : prev) {
            s += v;
          }
          return s;
        }

        /** Declared without a value, given one under a branch or the other, reassigned in a loop. */
        @Differentiable static double assignedLater(double x, double y, int n) {
          double[] a;
          if (x > y) {
            a = new double[n];
          } else {
            a = new double[n + 1];
          }
          for (int k = 0; k < 3; k++) {
            for (int i = 0; i < a.length; i++) {
              a[i] = a[i] * x + y * i;
            }
            if (k == 1) {
              double[] fresh = new double[a.length];
              fresh[0] = a[a.length - 1] * y;
              a = fresh;
            }
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
          }
          return s;
        }

        /** An array made in each round of a while loop, the round's value read back from it. */
        @Differentiable static double arrayInWhile(double x, int n) {
          int k = 0;
          while (k < n) {
            double[] a = new double[n];
            a[k] = x;
            x = a[k] * 0.5 + Math.sin(a[k]);
            k++;
          }
          return x;
        }

        /** A for-each over an array its body reassigns: Java iterates the array it started with. */
        @Differentiable static double forEachOverSwapped(double[] x) {
          double[] a = new double[x.length];
          double[] b = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
            b[i] = x[i] * x[i];
          }
          double s = 0;
          for (double v : a) {
            s += v * b[0];
            double[] t = a;
            a = b;
            b = t;
          }
          return s + a[0];
        }

        /** An alias chosen by ?: among locals (one of them made in the arm), written through, read through both. */
        @Differentiable static double chosenByTernary(double[] x, double c) {
          double[] a = new double[x.length];
          double[] b = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * c;
            b[i] = Math.sin(x[i]);
          }
          double s = 0;
          for (int k = 0; k < 3; k++) {
            double[] p = (k + c > 1.5) ? a : k == 0 ? b : new double[x.length];
            p[k % p.length] += s + c;
            s += a[0] * b[b.length - 1] + p[0];
          }
          return s;
        }

        /** Reassigned to a new array at the top level, after the first was written. */
        @Differentiable static double reassignedAtTopLevel(double x) {
          double[] a = new double[2];
          a[0] = x;
          double first = a[0] * a[0];
          a = new double[3];
          a[2] = Math.exp(x);
          return a[0] + a[2] * first;
        }
      }
      """;

  private static final List<MethodCase> CASES = List.of(
      at("arrayPerIteration", p(new double[] {0.5, -1.0, 0.25}, 3), p(new double[] {0.2}, 0)),
      at("arrayInBranch", p(new double[] {0.5, -1.0, 0.25}, 0.7), p(new double[] {0.5, 2.0}, -0.4)),
      at("pairwiseProduct", p(new double[] {0.5, -1.5, 1.25, 0.8, 2.0}), p(new double[] {1.5})),
      at("heat", p(new double[] {0.0, 0.5, 1.0, 0.25, -0.5, 0.0}, 0.2, 4), p(new double[] {1.0, 2.0, 3.0}, 0.3, 1)),
      at("writeThroughAlias", p(new double[] {0.5, -1.0, 0.25}, 1.5)),
      at("chosenAlias", p(new double[] {0.5, -1.0, 0.25}, new double[] {1.5, 0.5, -2.0}, new double[] {2.0, 3.0, 4.0}),
          p(new double[] {-0.5, -1.0, 0.25}, new double[] {1.5, 0.5, -2.0}, new double[] {2.0, 3.0, 4.0})),
      at("recurrence", p(new double[] {0.5, -1.0, 0.25, 0.1}, 3)),
      at("assignedLater", p(0.7, 0.3, 3), p(0.2, 0.9, 2)),
      at("arrayInWhile", p(0.7, 3), p(-0.4, 0)),
      at("reassignedAtTopLevel", p(0.7), p(-1.3)),
      at("forEachOverSwapped", p(new double[] {0.5, -1.0, 0.25})),
      at("chosenByTernary", p(new double[] {0.5, -1.0, 0.25}, 0.7), p(new double[] {0.5, 2.0}, -0.4)),
      at("chosenParameters", p(new double[] {0.5, -1.0, 0.25}, new double[] {1.5, 0.5, -2.0}, new double[] {2.0, 3.0,
          4.0}, true), p(new double[] {0.5, -1.0, 0.25}, new double[] {1.5, 0.5, -2.0}, new double[] {2.0, 3.0, 4.0},
          false)));

  private static Compiled moving;

  @BeforeAll
  static void compile() {
    moving = Compiled.compile("p.Moving", SOURCE);
  }

  static Stream<MethodCase> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void movingArrays(MethodCase c) {
    c.check(moving, "p.Moving");
  }
}
