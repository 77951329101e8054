package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion through helpers returning a new {@code double[]}, which the reverse sweep goes through
 * by recorded calls ({@code io.javagrad.CallRecord}): de Casteljau's algorithm, a radix-2 FFT, a
 * mutual recursion, calls in loops and branches, a value partly used. Each gradient agrees with the
 * twin and with finite differences (and forward mode with both); each call runs once forward and
 * once replayed, whatever the depth; a depth of 10,000 runs; second derivatives say why they are not
 * there.
 */
class ArrayRecursionTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Rec {
        /** De Casteljau: the control points of one degree less, until one is left. */
        static double[] casteljau(double[] xs, double t) {
          Calls.count();
          if (xs.length == 1) {
            return new double[] {xs[0]};
          }
          double[] next = new double[xs.length - 1];
          for (int i = 0; i < next.length; i++) {
            next[i] = (1 - t) * xs[i] + t * xs[i + 1];
          }
          return casteljau(next, t);
        }

        @Differentiable public static double curve(double[] xs, double t) {
          return casteljau(xs, t)[0];
        }

        /** A radix-2 FFT of re + i im, its value interleaved: re0, im0, re1, im1, ... */
        static double[] fft(double[] re, double[] im) {
          Calls.count();
          int n = re.length;
          if (n == 1) {
            return new double[] {re[0], im[0]};
          }
          double[] evenRe = new double[n / 2];
          double[] evenIm = new double[n / 2];
          double[] oddRe = new double[n / 2];
          double[] oddIm = new double[n / 2];
          for (int k = 0; k < n / 2; k++) {
            evenRe[k] = re[2 * k];
            evenIm[k] = im[2 * k];
            oddRe[k] = re[2 * k + 1];
            oddIm[k] = im[2 * k + 1];
          }
          double[] even = fft(evenRe, evenIm);
          double[] odd = fft(oddRe, oddIm);
          double[] out = new double[2 * n];
          for (int k = 0; k < n / 2; k++) {
            double angle = -2 * Math.PI * k / n;
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            double tr = c * odd[2 * k] - s * odd[2 * k + 1];
            double ti = c * odd[2 * k + 1] + s * odd[2 * k];
            out[2 * k] = even[2 * k] + tr;
            out[2 * k + 1] = even[2 * k + 1] + ti;
            out[2 * (k + n / 2)] = even[2 * k] - tr;
            out[2 * (k + n / 2) + 1] = even[2 * k + 1] - ti;
          }
          return out;
        }

        /** A weighted power spectrum. */
        @Differentiable public static double spectrum(double[] re, double[] im) {
          double[] f = fft(re, im);
          double sum = 0;
          for (int k = 0; k < f.length / 2; k++) {
            sum += (k + 1) * (f[2 * k] * f[2 * k] + f[2 * k + 1] * f[2 * k + 1]);
          }
          return Math.log(sum);
        }

        static double[] ping(double[] v, double a, int n) {
          Calls.count();
          double[] w = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            w[i] = Math.sin(v[i]) * a + v[(i + 1) % v.length];
          }
          if (n == 0) {
            return w;
          }
          return pong(w, a, n - 1);
        }

        static double[] pong(double[] v, double a, int n) {
          Calls.count();
          double[] w = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            w[i] = v[i] * v[i] * 0.5 - a * v[i];
          }
          if (n == 0) {
            return w;
          }
          return ping(w, a, n - 1);
        }

        @Differentiable public static double mutual(double[] v, double a, int n) {
          double[] r = ping(v, a, n);
          double s = 0;
          for (int i = 0; i < r.length; i++) {
            s += r[i] * (i + 1);
          }
          return s;
        }

        /** Two calls of itself per level, in a loop, under a branch. */
        static double[] tree(double[] v, double w, int depth) {
          Calls.count();
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = Math.tanh(v[i] * w);
          }
          if (depth > 0) {
            for (int k = 0; k < 2; k++) {
              double[] half = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                half[i] = v[i] * (k + 1) * 0.5 + out[i] * 0.1;
              }
              double[] sub = tree(half, w, depth - 1);
              out[0] += w * sub[0];
              for (int i = 0; i < v.length; i++) {
                out[i] += sub[i] * 0.3;
              }
            }
          }
          return out;
        }

        @Differentiable public static double forest(double[] v, double w, int depth) {
          double[] t = tree(v, w, depth);
          double s = 0;
          for (int i = 0; i < t.length; i++) {
            s += t[i] * t[i];
          }
          return s;
        }

        /** Its second element has a derivative that is infinite at v[1] = 0. */
        static double[] roots(double[] v, int n) {
          double[] r = new double[2];
          if (n == 0) {
            r[0] = v[0] * 2;
            r[1] = Math.sqrt(v[1]);
            return r;
          }
          double[] inner = roots(v, n - 1);
          r[0] = inner[0] * 1.5;
          r[1] = Math.sqrt(inner[1]);
          return r;
        }

        @Differentiable public static double firstRoot(double[] v, int n) {
          return roots(v, n)[0];
        }

        /** One level per element peeled, reading one element of xs at each. */
        static double[] peel(double[] xs, double c, int k) {
          if (k == 0) {
            return new double[] {xs[0], c};
          }
          double[] p = peel(xs, c, k - 1);
          double[] out = new double[2];
          out[0] = p[0] * 0.9999 + Math.sin(xs[k % xs.length]) * 0.001 * p[1];
          out[1] = p[1];
          return out;
        }

        @Differentiable public static double deep(double[] xs, double c, int k) {
          return peel(xs, c, k)[0];
        }

        /** The caller writes into the array it gave the call, after the call. */
        @Differentiable public static double reused(double[] xs, double t) {
          double[] points = xs.clone();
          double first = casteljau(points, t)[0];
          for (int i = 0; i < points.length; i++) {
            points[i] = points[i] * points[i];
          }
          return first * casteljau(points, t)[0];
        }

        /** A helper through which no derivative flows, besides one through which one does. */
        @Differentiable public static double weighted(double[] xs, double t, int n) {
          double[] w = new double[n];
          for (int i = 0; i < n; i++) {
            w[i] = i + 1.0;
          }
          double[] constant = casteljau(w, 0.5);
          return constant[0] * curve(xs, t);
        }

        /** A scalar helper that calls the array helper, called itself from a method. */
        static double tail(double[] xs, double t) {
          return casteljau(xs, t)[0] * t;
        }

        @Differentiable public static double viaScalarHelper(double[] xs, double t) {
          return tail(xs, t) + Math.exp(tail(xs, 1 - t));
        }

        /** The helper in a loop of the method, each call given another point. */
        @Differentiable public static double sumCurves(double[] xs, double t0, int m) {
          double acc = 0;
          for (int j = 0; j < m; j++) {
            acc += Math.sin(casteljau(xs, t0 + 0.1 * j)[0]);
          }
          return acc;
        }

        /** The array given to the calls is written between them. */
        @Differentiable public static double chained(double[] xs, double t0, int m) {
          double acc = 0;
          double[] cur = xs.clone();
          for (int j = 0; j < m; j++) {
            double[] c = casteljau(cur, t0);
            cur[j % cur.length] += c[0] * acc;
            acc += c[0];
          }
          return acc;
        }

        /** A double[][] given whole to each level, which reads one of its rows. */
        static double[] rowSums(double[][] m, double w, int k) {
          if (k == 0) {
            return new double[] {0, w};
          }
          double[] p = rowSums(m, w, k - 1);
          double s = p[0];
          for (int j = 0; j < m[k - 1].length; j++) {
            s += m[k - 1][j] * m[k - 1][j] * p[1];
          }
          return new double[] {s, p[1] * 0.9};
        }

        @Differentiable public static double weightedRows(double[][] m, double w) {
          return rowSums(m, w, m.length)[0];
        }

        /** Writes into a copy of what its call returned, and returns a copy of its argument at the end. */
        static double[] halve(double[] v, int n) {
          if (n == 0) {
            return v.clone();
          }
          double[] inner = halve(v, n - 1);
          double[] h = inner.clone();
          for (int i = 0; i < h.length; i++) {
            h[i] *= 0.5 + h[i] * h[i];
          }
          return h;
        }

        @Differentiable public static double halved(double[] v, int n) {
          double[] h = halve(v, n);
          return h[0] * h[1];
        }
      }
      """;

  /** A private helper of another class, reached through a public one, recursing in an arm of ?:. */
  private static final String LIB = """
      package q;

      public class Lib {
        private static double[] smooth(double[] v, int n) {
          double[] w = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            w[i] = 0.5 * v[i] + 0.25 * (v[(i + 1) % v.length] + v[(i + v.length - 1) % v.length]);
          }
          return n == 0 ? w : smooth(w, n - 1);
        }

        public static double[] open(double[] v, int n) {
          return smooth(v, n);
        }
      }
      """;

  private static final String USER = """
      package q;

      import io.javagrad.Differentiable;

      public class User {
        @Differentiable public static double product(double[] v, int n) {
          double[] s = Lib.open(v, n);
          return s[0] * s[1];
        }

        /** A vector-valued method that calls itself. */
        @Differentiable public static double[] iterate(double[] x, int n) {
          if (n == 0) {
            return x.clone();
          }
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(x[i]) + 0.1 * x[(i + 1) % x.length];
          }
          return iterate(y, n - 1);
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rec", SOURCE, "p.Calls", CountedCalls.SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Rec", method);
  }

  @Test
  void deCasteljau() {
    agreement("curve").check(new double[] {1.0}, 0.3);
    agreement("curve").check(new double[] {1.0, -2.0}, 0.3);
    agreement("curve").check(new double[] {0.5, -1.0, 2.0, 0.25, 3.0, -0.75}, 0.35);
    agreement("curve").check(new double[] {0.5, -1.0, 2.0, 0.25, 3.0, -0.75, 1.5, 0.1, 0.2, 0.3}, 0.8);
  }

  @Test
  void radixTwoFft() {
    agreement("spectrum").check(new double[] {0.5}, new double[] {-0.25});
    agreement("spectrum").check(new double[] {0.5, -1.0}, new double[] {0.25, 0.75});
    agreement("spectrum").check(new double[] {0.5, -1.0, 2.0, 0.25}, new double[] {0.3, 0.1, -0.4, 1.0});
    agreement("spectrum").check(new double[] {0.5, -1.0, 2.0, 0.25, 1.5, -0.3, 0.7, 0.9},
        new double[] {0.3, 0.1, -0.4, 1.0, 0.2, -0.6, 0.05, 0.4});
  }

  @Test
  void mutualRecursion() {
    for (int n = 0; n <= 7; n++) {
      agreement("mutual").check(new double[] {0.3, -0.2, 0.5}, 0.7, n);
    }
  }

  @Test
  void callsInLoopsAndBranches() {
    for (int depth = 0; depth <= 4; depth++) {
      agreement("forest").check(new double[] {0.3, -0.2, 0.5}, 0.9, depth);
    }
  }

  /** The unused element's adjoint is 0, and its infinite derivative at v[1] = 0 gives nothing, not NaN. */
  @Test
  void anUnusedElementContributesNothing() {
    agreement("firstRoot").check(new double[] {0.7, 0.4}, 3);
    for (int n = 0; n <= 3; n++) {
      agreement("firstRoot").checkExactly(new double[] {2 * Math.pow(1.5, n), 0.0}, new double[] {0.7, 0.0}, n);
    }
  }

  @Test
  void argumentsWrittenAfterTheCallAreReadAsTheCallSawThem() {
    agreement("reused").check(new double[] {0.5, -1.0, 2.0, 0.25}, 0.35);
    for (int m = 0; m <= 5; m++) {
      agreement("chained").check(new double[] {0.5, -1.0, 2.0, 0.25}, 0.35, m);
    }
  }

  @Test
  void aMatrixGivenWhole() {
    agreement("weightedRows").check(new double[][] {{0.3, -0.2}, {0.5, 0.9, 0.1}, {1.2}}, 0.7);
  }

  @Test
  void callsInALoopOfTheMethod() {
    for (int m = 0; m <= 4; m++) {
      agreement("sumCurves").check(new double[] {0.5, -1.0, 2.0, 0.25}, 0.35, m);
    }
  }

  @Test
  void callsWithoutDerivativeAndThroughScalarHelpers() {
    agreement("weighted").check(new double[] {0.5, -1.0, 2.0}, 0.35, 4);
    agreement("viaScalarHelper").check(new double[] {0.5, -1.0, 2.0, 0.25}, 0.35);
  }

  @Test
  void valuesWrittenIntoCopiesAndArgumentsReturnedCopied() {
    for (int n = 0; n <= 4; n++) {
      agreement("halved").check(new double[] {0.4, -0.3, 0.8}, n);
    }
  }

  /** The companion names the helper's code after it, and says which method each entry is of. */
  @Test
  void generatedCodeNamesTheSource() {
    String companion = compiled.generatedSource("p.RecGrad");
    assertTrue(companion.contains("private static double[] Rec$casteljau$forward(double[] xs, double t,"
        + " CallRecord record)"), companion);
    assertTrue(companion.contains("Vector-Jacobian product of {@link Rec#casteljau(double[], double)}"), companion);
    assertTrue(companion.contains("casteljauResult = RecGrad.Rec$casteljau$forward(next, t_1, _calls.call());"),
        companion);
    assertTrue(companion.contains("// double[] casteljauResult = casteljau(next, t);\n"), companion);
  }

  @Test
  void aPrivateHelperOfAnotherClassAndAVectorValuedMethod() {
    Compiled other = Compiled.compile("q.Lib", LIB, "q.User", USER).assertCleanSuccess();
    for (int n = 0; n <= 4; n++) {
      new GradientAgreement(other, "q.User", "product").check(new double[] {0.3, -0.2, 0.5, 0.9}, n);
      new VectorAgreement(other, "q.User", "iterate").check(new double[] {0.3, -0.2, 0.5}, n);
    }
  }

  @Test
  void depthsOneToTenThousand() {
    for (int k = 1; k <= 20; k++) {
      agreement("deep").check(new double[] {0.5, -1.0, 2.0}, 1.3, k);
    }
    DeepExpressionTest.onStack(2L << 20, () -> agreement("deep").check(new double[] {0.5, -1.0, 2.0}, 1.3, 10_000));
  }

  /**
   * A gradient runs each call twice, forward and replayed, and forward mode and the twin once, as
   * the primal does: cost linear in the calls, at every depth (re-running the calls below each level
   * would cost a number of calls quadratic in the depth).
   */
  @Test
  void eachCallRunsTwiceAtMost() {
    double[] points = new double[60];
    for (int i = 0; i < points.length; i++) {
      points[i] = Math.sin(i);
    }
    assertCalls("curve", new Class<?>[] {double[].class, double.class}, points, 0.4);
    assertCalls("mutual", new Class<?>[] {double[].class, double.class, int.class}, new double[] {0.3, -0.2}, 0.7, 40);
    assertCalls("forest", new Class<?>[] {double[].class, double.class, int.class}, new double[] {0.3, -0.2}, 0.9, 6);
    assertCalls("spectrum", new Class<?>[] {double[].class, double[].class}, new double[16], new double[16]);
  }

  private static void assertCalls(String method, Class<?>[] types, Object... args) {
    int n = ((double[]) args[0]).length + (args[1] instanceof double[] other ? other.length : 1);
    take();
    compiled.call("p.Rec", method, types, args);
    long primal = take();
    Class<?>[] withBuffer = java.util.Arrays.copyOf(types, types.length + 1);
    withBuffer[types.length] = double[].class;
    Object[] withGrad = java.util.Arrays.copyOf(args, args.length + 1);
    withGrad[args.length] = new double[n];
    compiled.call("p.RecGrad", method, withBuffer, withGrad);
    long gradient = take();
    withGrad[args.length] = new double[n];
    compiled.call("p.RecGrad", method + "_tangent", withBuffer, withGrad);
    long tangent = take();
    assertTrue(primal > 10, method);
    assertTrue(gradient <= 2 * primal, method + ": the gradient ran " + gradient + " calls, the primal " + primal);
    assertTrue(gradient >= primal, method + ": the gradient ran " + gradient + " calls, the primal " + primal);
    assertEquals(primal, tangent, method + ": forward mode ran the calls another number of times than the primal");
  }

  private static long take() {
    return (Long) compiled.call("p.Calls", "take", new Class<?>[0]);
  }

  @Test
  void secondDerivativesSayWhyNot() throws ReflectiveOperationException {
    java.lang.reflect.Method hvp = compiled.load("p.RecGrad").getMethod("curve_hvp", double[].class, double.class,
        double[].class, double[].class, double[].class);
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> hvp.invoke(null, new double[] {1, 2}, 0.5, new double[3], new double[3], new double[3]));
    String message = thrown.getCause().getMessage();
    assertTrue(message.contains("curve has no second derivatives: it calls Rec.casteljau (it returns a double[] and"
        + " calls itself"), message);
  }
}
