package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the geometry, signal-processing and test-problem corpora
 * (corpus/Geometry.java, corpus/Signals.java, corpus/TestProblems.java), each reduced to the
 * construct that failed.
 */
class GeometryFindingsTest {
  /**
   * A quaternion record made from values with derivatives: the error told the user to annotate the
   * constructor @Differentiable "where its source is", which no constructor can be; it now says
   * that objects keep no derivatives and what to hold the values in instead.
   */
  @Test
  void quaternionMadeFromDerivativesIsFollowedByItsComponents() {
    Compiled compiled = Compiled.compile("p.Rotations", """
        package p;

        import io.javagrad.Differentiable;

        public class Rotations {
          record Quaternion(double w, double x, double y, double z) {
            double norm() {
              return Math.sqrt(w * w + x * x + y * y + z * z);
            }
          }

          @Differentiable static double norm(double[] q) {
            return new Quaternion(q[0], q[1], q[2], 1).norm();
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Rotations", "norm").check((Object) new double[] {0.3, -0.4, 0.5});
  }

  /** Each error of {@code compilation} is at {@code line} and says each of {@code parts}, and none the generic remedy. */
  private static void assertEveryErrorSays(Compilation compilation, long line, String... parts) {
    assertFalse(compilation.errors().isEmpty(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      assertEquals(line, error.getLineNumber(), message);
      for (String part : parts) {
        assertTrue(message.contains(part), message);
      }
      assertFalse(message.contains("annotate it @Differentiable"), message);
    }
  }

  /**
   * A vector-valued method returning a row of a double[][] it made, as de Casteljau's algorithm
   * ends on its last level: it was refused, the result not being "an array it makes"; the row is
   * now returned as a copy, which no caller can tell from the row (no one else holds the matrix).
   */
  @Test
  void rowOfALocalMatrixIsReturnedAsACopy() {
    Compiled compiled = Compiled.compile("p.Levels", """
        package p;

        import io.javagrad.Differentiable;

        public class Levels {
          @Differentiable static double[] lastLevel(double[][] control, double t) {
            double[][] level = new double[control.length][];
            for (int i = 0; i < control.length; i++) {
              level[i] = control[i].clone();
            }
            for (int n = control.length - 1; n > 0; n--) {
              double[][] next = new double[n][control[0].length];
              for (int i = 0; i < n; i++) {
                for (int d = 0; d < next[i].length; d++) {
                  next[i][d] = (1 - t) * level[i][d] + t * level[i + 1][d];
                }
              }
              level = next;
            }
            return level[0];
          }

          @Differentiable static double[] byAlias(double[] x, int k) {
            double[][] m = new double[3][2];
            for (int i = 0; i < 3; i++) {
              m[i][0] = x[i] * x[i];
              m[i][1] = Math.sin(x[i]);
            }
            double[] row = m[k];
            row[1] *= x[0];
            return (row);
          }

          /** The index is evaluated once, as Java evaluates it. */
          @Differentiable static double[] indexed(double[] x) {
            double[][] m = {{x[0], x[1]}, {x[1] * x[0], 2 * x[1]}};
            int k = 0;
            return m[++k];
          }
        }
        """).assertCleanSuccess();
    new VectorAgreement(compiled, "p.Levels", "lastLevel")
        .check(new double[][] {{0.0, 1.0}, {1.0, 2.5}, {3.0, -1.0}, {4.0, 0.5}}, 0.3);
    new VectorAgreement(compiled, "p.Levels", "byAlias").check(new double[] {0.4, -1.2, 0.7}, 2);
    new VectorAgreement(compiled, "p.Levels", "indexed").check(new double[] {1.5, -0.5});
  }

  /** A row of a parameter's matrix, or a row as an arm of {@code ?:}, is still refused, saying to return a copy. */
  @Test
  void rowOfAParameterOrChosenByConditionalIsStillRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Shared", """
        package p;

        import io.javagrad.Differentiable;

        public class Shared {
          @Differentiable static double[] first(double[][] m) {
            return m[0];
          }

          @Differentiable static double[] chosen(double[] x, boolean up) {
            double[][] m = {{x[0]}, {x[1]}};
            return up ? m[0] : m[1];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), FailingCompilation.describe(compilation));
    assertEquals(7, compilation.errors().get(0).getLineNumber());
    assertEquals(12, compilation.errors().get(1).getLineNumber());
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertTrue(error.getMessage(Locale.ROOT).contains("is a row of a double[][]; return a new array"),
          error.toString());
    }
  }

  /**
   * Indices sorted by a comparator made from keys ({@code Comparator.comparingDouble(i -> p[i][0])},
   * as a convex hull orders its points): the keys read values with derivatives, and were refused as
   * captured by a lambda run as written, though a comparator only compares what they give. A key of
   * one expression that keeps nothing now decides only, as a comparator lambda does; Math's
   * functions may make it ({@code Math.atan2}, an angular order).
   */
  @Test
  void keysOfAComparatorOnlyDecide() {
    Compiled compiled = Compiled.compile("p.Ordered", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;
        import java.util.Comparator;

        public class Ordered {
          @Differentiable static double path(double[][] points) {
            Integer[] order = new Integer[points.length];
            for (int i = 0; i < order.length; i++) {
              order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> points[i][0])
                .thenComparingDouble(i -> points[i][1]));
            double length = 0;
            for (int k = 1; k < order.length; k++) {
              double[] a = points[order[k - 1]];
              double[] b = points[order[k]];
              length += Math.hypot(b[0] - a[0], b[1] - a[1]);
            }
            return length;
          }

          @Differentiable static double angularSpread(double[] xs, double[] ys) {
            Integer[] order = new Integer[xs.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(i -> Math.atan2(ys[i], xs[i])));
            return xs[order[order.length - 1]] * ys[order[0]];
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Ordered", "path")
        .check((Object) new double[][] {{2.0, 1.0}, {0.5, 0.3}, {2.3, -0.4}, {1.2, 2.2}});
    new GradientAgreement(compiled, "p.Ordered", "angularSpread")
        .check(new double[] {1.0, -0.5, 0.3, -1.1}, new double[] {0.2, 0.9, -0.7, -0.4});
  }

  /** A key that keeps what it reads (a block body that writes an array) is still refused. */
  @Test
  void keyThatKeepsAValueIsStillRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Keeps", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;
        import java.util.Comparator;

        public class Keeps {
          @Differentiable static double last(double[] x) {
            double[] seen = new double[1];
            Integer[] order = {0, 1, 2};
            Arrays.sort(order, Comparator.comparingDouble(i -> {
              seen[0] = x[i];
              return x[i];
            }));
            return seen[0];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertFalse(compilation.errors().isEmpty(), FailingCompilation.describe(compilation));
    assertTrue(compilation.errors().get(0).getMessage(Locale.ROOT).contains("captured by a lambda"),
        FailingCompilation.describe(compilation));
  }

  /**
   * A method reference to a helper returning the residuals as a {@code double[]}, given to a helper
   * that sums their squares ({@code sumOfSquares(Problems::residuals, x)}): it was refused, as
   * javagrad followed references to helpers returning a number only; it is now inlined where it is
   * applied, as the call {@code residuals(x)} would be.
   */
  @Test
  void methodReferenceToAHelperReturningAnArrayIsInlined() {
    Compiled compiled = Compiled.compile("p.Problems", """
        package p;

        import io.javagrad.Differentiable;

        public class Problems {
          interface Residuals {
            double[] at(double[] x);
          }

          static double[] rosenbrock(double[] x) {
            return new double[] {10 * (x[1] - x[0] * x[0]), 1 - x[0]};
          }

          private static double sumOfSquares(Residuals residuals, double[] x) {
            double sum = 0;
            for (double r : residuals.at(x)) {
              sum += r * r;
            }
            return sum;
          }

          @Differentiable static double objective(double[] x) {
            return sumOfSquares(Problems::rosenbrock, x);
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Problems", "objective").check((Object) new double[] {-1.2, 1.0});
  }

  /**
   * A comparator's parameter named as a for loop's index before it ({@code (i, j) ->
   * Double.compare(x[i], x[j])} after {@code for (int i ...)}): the companion lowers the loop to a
   * while whose index it declares in the enclosing block, so the lambda, copied as written, hid a
   * local and the companion did not compile. Variables that code run as written declares, where a
   * variable of the method has the name, now get names of their own.
   */
  @Test
  void lambdaParameterNamedAsALoweredLoopIndexIsRenamed() {
    Compiled compiled = Compiled.compile("p.Ranked", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Ranked {
          @Differentiable static double spread(double[] x) {
            Integer[] order = new Integer[x.length];
            for (int i = 0; i < order.length; i++) {
              order[i] = i;
            }
            Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
            double spread = 0;
            for (int k = 1; k < order.length; k++) {
              spread += x[order[k]] * x[order[k - 1]];
            }
            return spread;
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Ranked", "spread").check((Object) new double[] {0.4, -1.3, 2.2, 0.9});
  }

  /**
   * Streams ending in a fold ({@code reduce(1, (p, q) -> p * q)}, {@code reduce(0, Double::sum)},
   * {@code reduce(x0, Math::max)}) or in {@code max().orElseThrow()}: they ran as written, and a
   * derivative going in was an error naming the wrong remedy (annotate the callee); they are now
   * lowered to the loop they run, as sums, maxima and averages were.
   */
  @Test
  void streamsEndingInAFoldOrOrElseThrowAreLowered() {
    Compiled compiled = Compiled.compile("p.Folds", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;
        import java.util.stream.DoubleStream;

        public class Folds {
          @Differentiable static double geometricMean(double[] x) {
            double product = Arrays.stream(x).reduce(1, (p, q) -> p * q);
            return Math.pow(product, 1.0 / x.length);
          }

          @Differentiable static double byReferences(double[] x, double floor) {
            double total = Arrays.stream(x).map(v -> v * v).reduce(0, Double::sum);
            return total + Arrays.stream(x).reduce(floor, Math::max);
          }

          @Differentiable static double largestMagnitude(double a, double b, double c) {
            return DoubleStream.of(a, b, c).map(Math::abs).max().orElseThrow();
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Folds", "geometricMean").check((Object) new double[] {1.5, 0.4, 2.2});
    new GradientAgreement(compiled, "p.Folds", "byReferences").check(new double[] {1.5, -0.4, 2.2}, 0.3);
    new GradientAgreement(compiled, "p.Folds", "largestMagnitude").check(0.5, -1.5, 1.2);
  }

  /**
   * An array with derivatives added to a list ({@code rows.add(row)}): refused, rightly (the list
   * keeps it where javagrad cannot follow), but the remedy said to annotate the callee; it now says
   * what to keep them in instead.
   */
  @Test
  void arrayAddedToAListSaysWhatToKeepItIn() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Gathered", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Gathered {
          @Differentiable static double positiveRows(double[][] m) {
            List<double[]> rows = new ArrayList<>();
            for (double[] row : m) {
              if (row[0] > 0) {
                rows.add(row);
              }
            }
            double sum = 0;
            for (double[] row : rows) {
              sum += row[1];
            }
            return sum;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    assertEveryErrorSays(compilation, 12, "a collection keeps row, and javagrad follows derivatives through double"
        + " values and arrays only, not through a collection's elements: keep them in a double[] (or arrays in a"
        + " double[][]");
  }

  /**
   * An element read straight off the double[][] a helper returns ({@code rotation(angle)[1][0]}):
   * it was run as written, so the angle's derivative was refused as lost; the helper is now inlined
   * and its matrix read, as {@code softmax(z)[k]} of a helper returning double[] was.
   */
  @Test
  void elementOfAHelpersMatrixReadInPlace() {
    Compiled compiled = Compiled.compile("p.Turns", """
        package p;

        import io.javagrad.Differentiable;

        public class Turns {
          static double[][] rotation(double angle) {
            double c = Math.cos(angle), s = Math.sin(angle);
            return new double[][] {{c, -s}, {s, c}};
          }

          @Differentiable static double rotatedY(double angle, double[] v) {
            int row = 0;
            return rotation(angle)[++row][0] * v[0] + rotation(2 * angle)[row][row] * v[1];
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Turns", "rotatedY").check(0.7, new double[] {1.5, -0.5});
  }

  /**
   * A value with a derivative computed inside a try statement: refused, as the README says (a try
   * runs as written), but the remedy said to annotate the callee; it now says to compute the value
   * after the statement, which only decides.
   */
  @Test
  void derivativeInsideATrySaysToComputeItAfter() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Guarded", """
        package p;

        import io.javagrad.Differentiable;

        public class Guarded {
          @Differentiable static double guardedLog(double x) {
            double y;
            try {
              y = Math.log(Math.sqrt(x));
            } catch (ArithmeticException e) {
              y = 0;
            }
            return y;
          }
        }
        """);
    assertEveryErrorSays(FailingCompilation.compile(file), 9, "a try statement runs as written, and javagrad does not"
        + " differentiate inside it (it may set only values that carry no derivative): compute the value from x"
        + " outside it");
  }

  /**
   * Compound assignments of ints by shifts and bitwise operators ({@code bit >>= 1}, {@code j ^=
   * bit}, {@code len <<= 1}), as an FFT's bit reversal writes them: refused ("use = += -= *= /="),
   * they are now integer operations like {@code +=}, written with Java's precedence.
   */
  @Test
  void shiftsAndBitwiseCompoundAssignmentsOfInts() {
    Compiled compiled = Compiled.compile("p.Bits", """
        package p;

        import io.javagrad.Differentiable;

        public class Bits {
          @Differentiable static double reversed(double[] x) {
            int n = x.length;
            double sum = 0;
            for (int i = 1, j = 0; i < n; i++) {
              int bit = n >> 1;
              for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
              }
              j ^= bit;
              sum += (i + 1) * x[i] * x[j];
            }
            int k = 3;
            k <<= 1 + 1;
            k |= 1 ^ 2;
            k &= 7 | 8;
            k %= 5;
            long m = 1L;
            m >>>= 0;
            return sum + k * x[0] + m * x[1];
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Bits", "reversed").check((Object) new double[] {0.3, -0.8, 1.2, 0.5, -0.4,
        0.9, -1.1, 0.2});
  }
}
