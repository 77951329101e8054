package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helpers whose result or effect is an array, inlined at each call: helpers returning a new {@code
 * double[]} or {@code double[][]}, {@code void} helpers writing into an argument's array (a local's,
 * a parameter's, a row of a matrix), helpers returning a {@code double} and writing an array,
 * {@code @Differentiable} methods writing into their arguments' arrays, {@code double...} helpers,
 * helpers of another class and private ones, helpers inlined into helpers, in loops and branches,
 * with early returns. Each gradient agrees with the twin and with finite differences, and each
 * primal value with the method's own.
 */
class InlinedHelpersTest {
  private static final String LAYERS = """
      package p;

      /** A class of helpers, as a library of the user's would have them. */
      public final class Layers {
        private Layers() {}

        public static double[] softmax(double[] z) {
          double max = z[0];
          for (double v : z) {
            max = Math.max(max, v);
          }
          double[] p = new double[z.length];
          double sum = 0;
          for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
          }
          for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
          }
          return p;
        }

        public static void matVec(double[][] w, double[] x, double[] out) {
          if (out.length != w.length) {
            throw new IllegalArgumentException("out has " + out.length + " elements, w " + w.length + " rows");
          }
          for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
              s += w[i][j] * x[j];
            }
            out[i] = s;
          }
        }

        public static void tanhInPlace(double[] v) {
          for (int i = 0; i < v.length; i++) {
            v[i] = Math.tanh(v[i]);
          }
        }

        public static double[][] outer(double[] a, double[] b) {
          double[][] m = new double[a.length][b.length];
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
              m[i][j] = a[i] * b[j];
            }
          }
          return m;
        }
      }
      """;

  private static final String MODEL = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Model {
        private static double[] axpy(double a, double[] x, double[] y) {
          double[] r = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            r[i] = a * x[i] + y[i];
          }
          return r;
        }

        static double normalize(double[] v) {
          double norm = 0;
          for (double e : v) {
            norm += e * e;
          }
          norm = Math.sqrt(norm);
          for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
          }
          return norm;
        }

        static void clampBelow(double[] v, double floor) {
          if (v.length == 0) {
            return;
          }
          for (int i = 0; i < v.length; i++) {
            if (v[i] < floor) {
              v[i] = floor;
            }
          }
        }

        static double firstAbove(double[] v, double level) {
          for (int i = 0; i < v.length; i++) {
            if (v[i] > level) {
              return v[i];
            }
          }
          return level;
        }

        static double[] tail(double[] v, int from) {
          if (from >= v.length) {
            return new double[0];
          }
          double[] t = new double[v.length - from];
          for (int i = from; i < v.length; i++) {
            t[i - from] = v[i] * v[i];
          }
          return t;
        }

        static double[] layer(double[][] w, double[] x) {
          double[] h = new double[w.length];
          Layers.matVec(w, x, h);
          Layers.tanhInPlace(h);
          return h;
        }

        static void scaleRow(double[] row, double s) {
          for (int j = 0; j < row.length; j++) {
            row[j] *= s;
          }
        }

        static double sum(double[] v) {
          double s = 0;
          for (double e : v) {
            s += e;
          }
          return s;
        }

        static double total(double... v) {
          double s = 0;
          for (double e : v) {
            s += e;
          }
          return s;
        }

        static double weightedTotal(double w, double... v) {
          return w * total(v);
        }

        /** Reads its array and returns indices, which carry no derivative: runs as written. */
        static int[] argsort(double[] v) {
          Integer[] order = new Integer[v.length];
          for (int i = 0; i < v.length; i++) {
            order[i] = i;
          }
          java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
          int[] out = new int[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = order[i];
          }
          return out;
        }

        @Differentiable static double varargs(double a, double b, double[] c) {
          return total(a, b, a * b) + weightedTotal(b, c) + total() + total(c) * weightedTotal(a, b, 2);
        }

        @Differentiable static double rankWeighted(double[] x) {
          int[] order = argsort(x);
          double s = 0;
          for (int k = 0; k < order.length; k++) {
            s += (k + 1) * x[order[k]] * x[order[k]];
          }
          return s;
        }

        /** Writes through names that alias its argument: a ?:, a later assignment, a for-each's rows. */
        static void squareFirsts(double[] a, double[][] m, boolean twice) {
          double[] o = twice ? a : new double[a.length];
          o[0] = o[0] * o[0];
          double[] p;
          p = a;
          p[1] = p[1] * 2;
          for (double[] row : m) {
            row[0] = row[0] * a[2];
          }
        }

        static void put(double[] into, double v) {
          into[0] = v * v;
        }

        /** Passes an element of its argument, and writes only an array of its own: not a writer. */
        static double squared(double[] a, int n) {
          double[] cell = new double[1];
          put(cell, a[n]);
          return cell[0];
        }

        static double pick(double a, Integer b) {
          return a * a * b;
        }

        static double pick(double... v) {
          return total(v);
        }

        @Differentiable static double aliasesAndOverloads(double[] x, double[][] m) {
          double[] y = x.clone();
          double[][] c = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
          }
          squareFirsts(y, c, true);
          return y[0] * y[1] + c[1][0] * c[0][0] + x[1] * squared(x, 0) + pick(x[2], 2);
        }

        static void relax(double[] y) {
          for (int i = 1; i < y.length; i++) {
            y[i] = 0.9 * y[i] + 0.1 * y[i - 1];
          }
        }

        /** A writing call in a for loop's update, where Java runs it after each iteration. */
        @Differentiable static double relaxedInUpdate(double[] x) {
          double[] y = x.clone();
          for (int k = 0; k < 3; k++, relax(y)) {
            y[0] += 0.01 * k * y[1];
          }
          return y[0] * y[1] + y[2];
        }

        static double weightedDot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += (i + 1) * a[i] * b[i];
          }
          return s;
        }

        /** Rows passed to a helper returning a double: its body is inlined, where a row can be named. */
        @Differentiable static double rowsToAHelper(double[][] m, double t) {
          double[] last = m[m.length - 1];
          return weightedDot(m[0], m[1]) * t + weightedDot(last, last);
        }

        @Differentiable static double crossEntropy(double[] z, int label) {
          double[] p = Layers.softmax(z);
          return -Math.log(p[label]);
        }

        @Differentiable static double twoLayers(double[][] w1, double[][] w2, @NoDerivative double[] x) {
          double[] h = layer(w1, x);
          double[] out = new double[w2.length];
          Layers.matVec(w2, h, out);
          double[] p = Layers.softmax(out);
          return p[0] - 2 * p[1];
        }

        @Differentiable static double deepNet(double[][] w, double[] x, int depth) {
          double[] h = x.clone();
          for (int d = 0; d < depth; d++) {
            h = layer(w, h);
          }
          return sum(h);
        }

        @Differentiable static double combined(double a, double[] x, double[] y) {
          double[] r = axpy(a, x, y);
          double[] s = axpy(-a, axpy(a, x, y), r);
          return sum(r) * sum(s) + r[0];
        }

        @Differentiable static double normalized(double[] v) {
          double[] u = v.clone();
          double norm = normalize(u);
          return norm * u[0] + u[1] * u[2];
        }

        @Differentiable static double normalizesParameter(double[] v, double t) {
          double before = v[0];
          normalize(v);
          return before * v[0] + t * v[1];
        }

        @Differentiable static double clamped(double[] v, double floor) {
          double[] c = v.clone();
          clampBelow(c, floor);
          double total = 0;
          for (double e : c) {
            total += e * e;
          }
          return total + firstAbove(c, 0.5 * floor);
        }

        @Differentiable static double rows(double[][] m, double s) {
          double[][] c = new double[m.length][m[0].length];
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              c[i][j] = m[i][j];
            }
          }
          for (int i = 0; i < c.length; i++) {
            scaleRow(c[i], s + i);
          }
          double[][] o = Layers.outer(c[0], c[1]);
          return o[0][1] * o[1][0] + c[1][1];
        }

        @Differentiable static double inBranches(double[] z, double t) {
          double r;
          if (t > 0) {
            double[] p = Layers.softmax(z);
            r = p[0] * t;
          } else {
            double[] q = axpy(t, z, z);
            r = sum(q);
          }
          return r;
        }

        @Differentiable static double scaledInPlace(double[] v, double c) {
          for (int i = 0; i < v.length; i++) {
            v[i] *= c;
          }
          return v[0];
        }

        @Differentiable static double callsAnAnnotatedWriter(double[] xs, double c) {
          double first = scaledInPlace(xs, c);
          return first * xs[1] + c * xs[2];
        }

        @Differentiable static double mismatched(double[][] w, double[] x) {
          double[] out = new double[x.length];
          Layers.matVec(w, x, out);
          return sum(out);
        }

        @Differentiable static double tails(double[] v, int from) {
          double[] t = tail(v, from);
          double s = 1;
          for (double e : t) {
            s += e;
          }
          return Math.log(s);
        }

        @Differentiable static double argument(double a, double b) {
          return sum(Layers.softmax(new double[] {a, b, a * b}));
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Layers", LAYERS, "p.Model", MODEL);
  }

  @Test
  void helpersReturningArrays() {
    agree("crossEntropy", new double[] {0.3, -1.2, 2.0}, 2);
    agree("combined", 0.7, new double[] {0.5, -0.25, 1.5}, new double[] {1.0, 0.3, -0.8});
    agree("argument", 0.4, -0.9);
    agree("varargs", 0.4, -0.9, new double[] {1.5, 0.25});
    agree("rankWeighted", new double[] {0.4, -0.9, 1.3, 0.1});
    agree("rowsToAHelper", new double[][] {{0.5, -0.3}, {0.1, 0.4}, {-0.2, 0.3}}, 0.7);
    agree("relaxedInUpdate", new double[] {0.4, -0.9, 1.3});
    agree("aliasesAndOverloads", new double[] {0.4, -0.9, 1.3}, new double[][] {{0.5, 2.0}, {-1.5}});
    for (int from = 0; from <= 4; from += 2) {
      agree("tails", new double[] {0.2, 0.9, -0.4}, from);
    }
    for (double t : new double[] {-0.6, 0.8}) {
      agree("inBranches", new double[] {0.2, 0.9, -0.4}, t);
    }
  }

  @Test
  void helpersWritingIntoArguments() {
    double[][] w1 = {{0.5, -0.3, 0.2}, {0.1, 0.4, -0.6}, {-0.2, 0.3, 0.7}, {0.8, -0.5, 0.1}};
    double[][] w2 = {{0.3, -0.2, 0.5, 0.1}, {-0.4, 0.6, 0.2, -0.3}};
    agree("twoLayers", w1, w2, new double[] {1.0, -0.5, 0.25});
    double[][] square = {{0.5, -0.3, 0.2}, {0.1, 0.4, -0.6}, {-0.2, 0.3, 0.7}};
    agree("deepNet", square, new double[] {0.4, -0.1, 0.9}, 3);
    agree("normalized", new double[] {0.3, -1.1, 0.6, 2.0});
    agree("clamped", new double[] {0.3, -1.1, 0.6, 2.0}, 0.1);
    agree("rows", new double[][] {{0.5, -0.3, 1.2}, {0.1, 0.4, -0.6}}, 0.7);
    agree("normalizesParameter", new double[] {0.3, -1.1, 0.6}, 0.9);
    agree("scaledInPlace", new double[] {0.3, -1.1, 0.6}, 1.7);
    agree("callsAnAnnotatedWriter", new double[] {0.3, -1.1, 0.6}, 1.7);
    agree("mismatched", new double[][] {{0.5, -0.3}, {0.1, 0.4}}, new double[] {1.0, 2.0});
  }

  @Test
  void anArgumentCheckInAHelperThrowsAsInThePrimal() throws Exception {
    double[][] w = {{0.5, -0.3}, {0.1, 0.4}, {0.2, 0.2}};
    double[] x = {1.0, 2.0};
    Method primal = compiled.load("p.Model").getDeclaredMethod("mismatched", double[][].class, double[].class);
    primal.setAccessible(true);
    Method gradient = compiled.load("p.ModelGrad").getMethod("mismatched", double[][].class, double[].class,
        double[].class);
    Throwable fromPrimal = assertThrows(InvocationTargetException.class, () -> primal.invoke(null, w, x)).getCause();
    Throwable fromGradient = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, w, x, new double[8])).getCause();
    assertEquals(IllegalArgumentException.class, fromGradient.getClass());
    assertEquals(fromPrimal.getMessage(), fromGradient.getMessage());
  }

  @Test
  void aWritingCallInTheValueOfAStoreIntoAnElementIsAnError() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Store", """
        package p;

        import io.javagrad.Differentiable;

        class Store {
          static double consume(double[] a, int k) {
            double v = a[k] * a[0];
            a[0] = 10 * a[1];
            return v;
          }

          @Differentiable static double f(double[] x) {
            double[] y = x.clone();
            y[0] += consume(y, 1);
            return y[0] * y[1];
          }
        }
        """));
    String errors = errors(compilation);
    assertTrue(errors.contains("Store.java:14: consume(y, 1) writes into an array, so it must run where Java runs"
        + " it: make the call a statement of its own, or the whole value of a declaration or of an assignment to a"
        + " variable"), errors);
  }

  @Test
  void aCheckAfterTranslationInAHelperOfAnotherFileIsReportedInThatFile() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Tables", """
        package p;

        class Tables {
          static final double[] C = {1, 2};

          static double[] table() {
            return C;
          }
        }
        """), JavaFileObjects.forSourceString("p.Uses", """
        package p;

        import io.javagrad.Differentiable;

        class Uses {
          @Differentiable static double f(double[] x) {
            double[] c = Tables.table();
            c[0] = x[0];
            return c[0] * c[1];
          }
        }
        """));
    String errors = errors(compilation);
    assertTrue(errors.contains("Tables.java:7: C gives an array that the method does not own"), errors);
  }

  /**
   * A public helper of another package that reads what only its package sees: inlined, or
   * differentiated on demand, into a companion of the caller's package, which copies the constant
   * table it reads, as it copies private ones.
   */
  @Test
  void aHelperOfAnotherPackageReadsItsPackagePrivateTable() {
    Compiled twoPackages = Compiled.compile("q.Lib", """
        package q;

        public final class Lib {
          private Lib() {}

          static final double[] W = {1.0, 2.0, 3.0};

          public static double[] weighted(double[] a) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
              r[i] = a[i] * W[i];
            }
            return r;
          }

          public static double weightedSum(double[] a) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * a[i] * W[i];
            }
            return s;
          }
        }
        """, "p.User", """
        package p;

        import io.javagrad.Differentiable;
        import q.Lib;

        public class User {
          @Differentiable static double f(double[] x) {
            double[] r = Lib.weighted(x);
            return r[0] * r[2] + Lib.weightedSum(x);
          }
        }
        """);
    new GradientAgreement(twoPackages, "p.User", "f").check(new double[] {0.4, -0.9, 1.3});
  }

  @Test
  void recursionThroughAHelperWritingIntoAnArrayItDidNotMakeIsAnErrorAtTheCall() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Rec", """
        package p;

        import io.javagrad.Differentiable;

        class Rec {
          static double[] halve(double[] v, int n) {
            if (n == 0) {
              return v.clone();
            }
            double[] h = halve(v, n - 1);
            for (int i = 0; i < h.length; i++) {
              h[i] *= 0.5;
            }
            return h;
          }

          @Differentiable static double f(double[] v) {
            double[] h = halve(v, 3);
            return h[0];
          }

          @Differentiable static double g(double[] v) {
            return halve(v, 2)[1];
          }
        }
        """));
    String errors = errors(compilation);
    // halve writes into the array its own call returned, which javagrad takes for one it may have been given.
    assertTrue(errors.contains("Rec.halve is inlined at each call, and it calls itself (Rec.halve -> Rec.halve),"
        + " which an inlined body cannot: it returns a double[] and may write into an array it did not make (one it is"
        + " given, or one a call returned); recursion is supported through static methods that return a double, or a"
        + " new double[], or that write into double[] arrays they are given and return a double or nothing, that"
        + " take no double... and no row of a double[][]"), errors);
    // Once at the helper's own call, though it is inlined into two methods, and once at each of theirs.
    assertEquals(3, compilation.errors().size(), errors);
  }

  @Test
  void anUnsupportedStatementInAnInlinedHelperIsReportedThereAndAtTheCall() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Helpers", """
        package p;

        class Helpers {
          static double[] twice(double[] v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              r[i] = 2 * v[i];
            }
            class Scratch {
            }
            return r;
          }
        }
        """), JavaFileObjects.forSourceString("p.User", """
        package p;

        import io.javagrad.Differentiable;

        class User {
          @Differentiable static double f(double[] v) {
            double[] t = Helpers.twice(v);
            return t[0];
          }
        }
        """));
    String errors = errors(compilation);
    assertTrue(errors.contains("Helpers.java") && errors.contains("User.java"), errors);
    assertTrue(errors.contains("Helpers.twice is inlined here, and its body cannot be differentiated"), errors);
  }

  private static String errors(Compilation compilation) {
    return compilation.errors().stream()
        .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  private static void agree(String method, Object... args) {
    new GradientAgreement(compiled, "p.Model", method).check(args);
  }
}
