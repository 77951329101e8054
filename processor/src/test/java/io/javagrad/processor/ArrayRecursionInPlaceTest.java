package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion through helpers that write into arrays they are given, which the reverse sweep goes
 * through by recorded calls, packed: an in-place smoothing pass, an in-place radix-2 FFT, a
 * binomial tree filling an array of values level by level, a mutual recursion, calls in loops and
 * branches, an element written and unused, the caller writing the array again. Each gradient agrees
 * with the twin and with finite differences (and forward mode with both); each call runs once
 * forward and once replayed; a depth of 10,000 runs; second derivatives say why they are not there.
 */
class ArrayRecursionInPlaceTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class InPlace {
        /** Smooths v[lo..hi) in place, halves first. */
        static void smooth(double[] v, int lo, int hi) {
          Calls.count();
          if (hi - lo < 2) return;
          int mid = (lo + hi) / 2;
          smooth(v, lo, mid);
          smooth(v, mid, hi);
          for (int i = lo + 1; i < hi; i++) v[i] = 0.5 * (v[i] + v[i - 1] * v[i - 1]);
        }

        @Differentiable public static double energy(double[] x) {
          double[] v = x.clone();
          smooth(v, 0, v.length);
          double s = 0;
          for (double e : v) s += e * e;
          return s;
        }

        /** The method's own parameter smoothed, and the array written again after the call. */
        @Differentiable public static double rewritten(double[] x, double w) {
          smooth(x, 0, x.length);
          x[0] = x[0] * w + x[x.length - 1];
          smooth(x, 0, x.length);
          return x[0] * x[x.length - 1] + x[x.length / 2];
        }

        /** An in-place radix-2 FFT of re + i im. */
        static void fft(double[] re, double[] im) {
          Calls.count();
          int n = re.length;
          if (n == 1) {
            return;
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
          fft(evenRe, evenIm);
          fft(oddRe, oddIm);
          for (int k = 0; k < n / 2; k++) {
            double angle = -2 * Math.PI * k / n;
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            double tr = c * oddRe[k] - s * oddIm[k];
            double ti = c * oddIm[k] + s * oddRe[k];
            re[k] = evenRe[k] + tr;
            im[k] = evenIm[k] + ti;
            re[k + n / 2] = evenRe[k] - tr;
            im[k + n / 2] = evenIm[k] - ti;
          }
        }

        /** A weighted power spectrum. */
        @Differentiable public static double spectrum(double[] x, double[] y) {
          double[] re = x.clone();
          double[] im = y.clone();
          fft(re, im);
          double sum = 0;
          for (int k = 0; k < re.length; k++) {
            sum += (k + 1) * (re[k] * re[k] + im[k] * im[k]);
          }
          return sum;
        }

        /**
         * A binomial tree: fills values[0..step] with the option's values at that step, from the
         * leaves' payoffs back, each level filled by the call below it first.
         */
        static void level(double[] values, double s0, double u, double p, double discount, int step, int steps) {
          Calls.count();
          if (step == steps) {
            for (int i = 0; i <= steps; i++) {
              values[i] = Math.log1p(Math.exp(s0 * Math.pow(u, 2 * i - steps) - 1.0));
            }
            return;
          }
          level(values, s0, u, p, discount, step + 1, steps);
          for (int i = 0; i <= step; i++) {
            values[i] = discount * (p * values[i + 1] + (1 - p) * values[i]);
          }
        }

        @Differentiable public static double price(double s0, double sigma, int steps) {
          double u = Math.exp(sigma * 0.1);
          double p = (1.0 - 1.0 / u) / (u - 1.0 / u);
          double[] values = new double[steps + 1];
          level(values, s0, u, p, 0.99, 0, steps);
          return values[0];
        }

        /** A mutual recursion: ping writes v[0], pong v[1] and returns a value. */
        static void ping(double[] v, double a, int n) {
          Calls.count();
          if (n == 0) {
            return;
          }
          v[0] = v[0] * 0.9 + Math.sin(v[1]) * a;
          double r = pong(v, n - 1);
          v[2] += r * 0.1;
        }

        static double pong(double[] v, int n) {
          Calls.count();
          v[1] = v[1] + 0.5 * v[0] * v[0];
          if (n == 0) {
            return v[1];
          }
          ping(v, 0.7, n - 1);
          return v[0] * v[1];
        }

        @Differentiable public static double mutual(double[] x, double a, int n) {
          double[] v = x.clone();
          ping(v, a, n);
          return v[0] + v[1] * v[2];
        }

        /** Calls in a loop and in a branch. */
        static void spread(double[] v, int depth) {
          Calls.count();
          if (depth == 0) {
            v[0] = Math.tanh(v[0]);
            return;
          }
          for (int j = 0; j < 2; j++) {
            if ((depth + j) % 2 == 0 || depth > 3) {
              spread(v, depth - 1);
            } else {
              v[j] += 0.3 * v[(j + 1) % v.length] * v[0];
            }
          }
          v[1] = v[1] * Math.cos(v[0]);
        }

        @Differentiable public static double forest(double[] x, int depth) {
          double[] v = x.clone();
          spread(v, depth);
          return v[0] * v[1] + v[2];
        }

        /** Writes v[1] = sqrt(v[1]), which the caller never reads: at v[1] = 0 its derivative is infinite. */
        static double roots(double[] v, int n) {
          Calls.count();
          v[1] = Math.sqrt(v[1]);
          v[0] = 0.5 * v[0] * v[0] + 0.1;
          if (n == 0) {
            return v[0];
          }
          double inner = roots(v, n - 1);
          return inner * 0.5;
        }

        @Differentiable public static double firstOnly(double[] x, int n) {
          double[] v = x.clone();
          double r = roots(v, n);
          return v[0] + r;
        }

        /** Calls through which no derivative flows run the packed body as written. */
        @Differentiable public static double weighted(double[] x) {
          double[] w = new double[x.length];
          for (int i = 0; i < w.length; i++) {
            w[i] = i + 1.0;
          }
          smooth(w, 0, w.length);
          double[] v = x.clone();
          smooth(v, 0, v.length);
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += w[i] * v[i];
          }
          return s;
        }

        /** A private helper of another class. */
        @Differentiable public static double viaOther(double[] x, double a) {
          double[] v = x.clone();
          double r = q.Lib.open(v, a, 4);
          return r * v[0] + v[v.length - 1];
        }

        /** Deep: one element updated per level. */
        static void walk(double[] v, int k) {
          if (k == 0) {
            return;
          }
          int i = k % v.length;
          v[i] = Math.sin(v[i]) + 0.5 * v[(i + 1) % v.length];
          walk(v, k - 1);
        }

        @Differentiable public static double deep(double[] x, int k) {
          double[] v = x.clone();
          walk(v, k);
          return v[0] + v[1] * v[2];
        }
      }
      """;

  /** A private helper writing into its argument, returning a value, reached through a public one. */
  private static final String LIB = """
      package q;

      public class Lib {
        private static double decay(double[] v, double a, int n) {
          if (n == 0) {
            return a;
          }
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * a + Math.sin(v[(i + 1) % v.length]);
          }
          double inner = decay(v, a * 0.9, n - 1);
          return inner + v[0];
        }

        public static double open(double[] v, double a, int n) {
          return decay(v, a, n);
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.InPlace", SOURCE, "p.Calls", CountedCalls.SOURCE, "q.Lib", LIB)
        .assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.InPlace", method);
  }

  @Test
  void smoothingInPlace() {
    agreement("energy").check(new double[] {0.3});
    agreement("energy").check(new double[] {0.3, -0.4});
    agreement("energy").check(new double[] {0.3, -0.4, 0.5, 0.1, -0.2, 0.6, 0.7});
  }

  @Test
  void theMethodsParameterWrittenAgainAfterTheCall() {
    agreement("rewritten").check(new double[] {0.3, -0.4, 0.5}, 0.8);
    agreement("rewritten").check(new double[] {0.3, -0.4, 0.5, 0.1, -0.2, 0.6, 0.7}, -1.2);
  }

  @Test
  void radixTwoFftInPlace() {
    agreement("spectrum").check(new double[] {0.5}, new double[] {-0.25});
    agreement("spectrum").check(new double[] {0.5, -1.0}, new double[] {0.25, 0.75});
    agreement("spectrum").check(new double[] {0.5, -1.0, 2.0, 0.25}, new double[] {0.3, 0.1, -0.4, 1.0});
    agreement("spectrum").check(new double[] {0.5, -1.0, 2.0, 0.25, 1.5, -0.3, 0.7, 0.9},
        new double[] {0.3, 0.1, -0.4, 1.0, 0.2, -0.6, 0.05, 0.4});
  }

  @Test
  void binomialTreeFilledLevelByLevel() {
    for (int steps = 0; steps <= 6; steps++) {
      agreement("price").check(1.1, 0.3, steps);
    }
  }

  @Test
  void mutualRecursion() {
    for (int n = 0; n <= 7; n++) {
      agreement("mutual").check(new double[] {0.3, -0.2, 0.5}, 0.7, n);
    }
  }

  @Test
  void callsInLoopsAndBranches() {
    for (int depth = 0; depth <= 5; depth++) {
      agreement("forest").check(new double[] {0.3, -0.2, 0.5}, depth);
    }
  }

  /** v[1]'s adjoint is 0, and sqrt's infinite derivative at v[1] = 0 gives nothing, not NaN. */
  @Test
  void anUnusedElementContributesNothing() {
    agreement("firstOnly").check(new double[] {0.7, 0.4}, 3);
    for (int n = 0; n <= 3; n++) {
      double[] grad = agreement("firstOnly").check(new double[] {0.7, 0.0}, n);
      assertEquals(0.0, grad[1], 0.0);
    }
  }

  @Test
  void callsWithoutDerivativeAndAPrivateHelperOfAnotherClass() {
    agreement("weighted").check(new double[] {0.3, -0.4, 0.5, 0.1, -0.2});
    agreement("viaOther").check(new double[] {0.3, -0.4, 0.5}, 0.8);
    assertTrue(compiled.generatedSource("p.InPlaceGrad").contains("InPlaceGrad.InPlace$smooth$packed(w, lo, mid)"));
  }

  @Test
  void depthsOneToTenThousand() {
    for (int k = 1; k <= 20; k++) {
      agreement("deep").check(new double[] {0.5, -1.0, 2.0}, k);
    }
    DeepExpressionTest.onStack(2L << 20, () -> agreement("deep").check(new double[] {0.5, -1.0, 2.0}, 10_000));
  }

  /**
   * A gradient runs each call twice, forward and replayed, and forward mode and the twin once, as
   * the primal does: cost linear in the calls, at every depth.
   */
  @Test
  void eachCallRunsTwiceAtMost() {
    double[] points = new double[64];
    for (int i = 0; i < points.length; i++) {
      points[i] = 0.3 * Math.sin(i);
    }
    assertCalls("energy", new Class<?>[] {double[].class}, points);
    assertCalls("spectrum", new Class<?>[] {double[].class, double[].class}, new double[16], new double[16]);
    assertCalls("price", new Class<?>[] {double.class, double.class, int.class}, 1.1, 0.3, 30);
    assertCalls("mutual", new Class<?>[] {double[].class, double.class, int.class}, new double[] {0.3, -0.2, 0.5},
        0.7, 40);
    assertCalls("forest", new Class<?>[] {double[].class, int.class}, new double[] {0.3, -0.2, 0.5}, 6);
  }

  private static void assertCalls(String method, Class<?>[] types, Object... args) {
    int n = 0;
    for (Object arg : args) {
      n += arg instanceof double[] array ? array.length : arg instanceof Double ? 1 : 0;
    }
    take();
    compiled.call("p.InPlace", method, types, GradientAgreement.fresh(args));
    long primal = take();
    Class<?>[] withBuffer = GradientAgreement.append(types, double[].class);
    compiled.call("p.InPlaceGrad", method, withBuffer, GradientAgreement.append(GradientAgreement.fresh(args),
        new double[n]));
    long gradient = take();
    compiled.call("p.InPlaceGrad", method + "_tangent", withBuffer, GradientAgreement.append(
        GradientAgreement.fresh(args), new double[n]));
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
    java.lang.reflect.Method hvp = compiled.load("p.InPlaceGrad").getMethod("energy_hvp", double[].class,
        double[].class, double[].class, double[].class);
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> hvp.invoke(null, new double[] {1, 2}, new double[2], new double[2], new double[2]));
    String message = thrown.getCause().getMessage();
    assertTrue(message.contains("energy has no second derivatives: it calls InPlace.smooth (it writes into an array"
        + " it is given and calls itself"), message);
  }

  /** The companion names the helper's code after it, and says what each entry is. */
  @Test
  void generatedCodeNamesTheSource() {
    String companion = compiled.generatedSource("p.InPlaceGrad");
    assertTrue(companion.contains("private static double[] InPlace$smooth$forward(double[] v, int lo, int hi,"
        + " CallRecord record)"), companion);
    assertTrue(companion.contains("smoothPacked = InPlaceGrad.InPlace$smooth$forward(v, lo, mid, _calls.call());"),
        companion);
    assertTrue(companion.contains("// double[] smoothPacked = smooth(v, lo, mid);\n"), companion);
    assertTrue(companion.contains("{@link InPlace#smooth(double[], int, int)} run on copies of the arrays it writes"
        + " into"), companion);
  }

  /** What is still refused is an error at the recursive call, saying which condition fails. */
  @Test
  void whatIsRefusedSaysWhy() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Bad", """
        package p;

        import io.javagrad.Differentiable;

        class Bad {
          static void rows(double[][] m, int n) {
            if (n == 0) {
              return;
            }
            m[0][0] *= m[0][1];
            rows(m, n - 1);
          }

          @Differentiable static double f(double[][] m) {
            rows(m, 3);
            return m[0][0];
          }

          static void mix(double[] a, double[] b, int n) {
            if (n == 0) {
              return;
            }
            a[0] += b[0] * b[0];
            mix(b, b, n - 1);
          }

          @Differentiable static double g(double[] x) {
            double[] a = x.clone();
            double[] b = new double[] {x[1], x[0]};
            mix(a, b, 3);
            return a[0] + b[0];
          }
        }
        """));
    String errors = compilation.errors().stream()
        .map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
    assertTrue(errors.contains("Bad.rows is inlined at each call, and it calls itself (Bad.rows -> Bad.rows), which an"
        + " inlined body cannot: it writes into an array it is given, and takes a double[][] (m)"), errors);
    assertTrue(errors.contains("mix writes into the array b given here to two of its parameters, which javagrad"
        + " follows through a recursion only where each array it writes into is given once; give it a copy"
        + " (b.clone())"), errors);
  }
}
