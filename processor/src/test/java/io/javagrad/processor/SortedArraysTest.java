package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Arrays.sort} of a {@code double[]} whose elements carry derivatives, as order statistics
 * are written: a median of a sorted copy, a trimmed mean over a sorted range, a parameter array
 * sorted in place (the caller sees it sorted), a row of a local {@code double[][]}, a sort in a
 * loop, each iteration's array new, and sorts in helpers (one inlined, one differentiated on
 * demand). The sort is a permutation: each element's derivative goes where the element goes. An
 * array that code run as written gives (a library's, a stream's) is not the method's to write
 * into, and carries no derivative: it is sorted as written.
 */
class SortedArraysTest {
  private static final String SOURCE = Compiled.classSource("p.Order", List.of("import java.util.Arrays;"), List.of("""
      @Differentiable static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
      }
      """, """
      @Differentiable static double trimmedMean(double[] x, int trim) {
        double[] v = Arrays.copyOf(x, x.length);
        Arrays.sort(v, 0, v.length);
        double s = 0;
        for (int i = trim; i < v.length - trim; i++) {
          s += v[i];
        }
        return s / (v.length - 2 * trim);
      }
      """, """
      @Differentiable static double sortedInPlace(double[] x) {
        Arrays.sort(x, 1, x.length);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          s += (i + 1) * x[i] * x[i];
        }
        return s;
      }
      """, """
      @Differentiable static double sortedRows(double[] x) {
        double[][] m = new double[2][];
        m[0] = new double[] {x[0] * x[1], x[2], -x[0]};
        m[1] = x.clone();
        Arrays.sort(m[0]);
        return m[0][0] + 2 * m[0][1] + 3 * m[0][2] + m[1][2];
      }
      """, """
      static void sortInPlace(double[] v) {
        Arrays.sort(v);
      }
      """, """
      static double upperMedian(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
      }
      """, """
      @Differentiable static double sortedByHelpers(double[] x) {
        double[] y = x.clone();
        sortInPlace(y);
        return y[0] * y[y.length - 1] + upperMedian(x);
      }
      """, """
      @Differentiable static double sortedFromLibrary(double x, int n) {
        double s = 0;
        for (int k = 1; k <= n; k++) {
          double[] grid = java.util.stream.DoubleStream.of(3.0 * k, -1.0, 2.0 / k).filter(v -> v != 0).toArray();
          if (k > 0) {
            Arrays.sort(grid);
          }
          s += grid[0] * x + grid[2] * x * x;
        }
        return s;
      }
      """, """
      @Differentiable static double sortedEachStep(double[] x, int steps) {
        double[] cur = x.clone();
        for (int s = 0; s < steps; s++) {
          double[] next = new double[cur.length];
          for (int i = 0; i < cur.length; i++) {
            next[i] = Math.sin(cur[i] + 0.3 * i);
          }
          Arrays.sort(next);
          cur = next;
        }
        return cur[0] - 2 * cur[cur.length - 1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Order", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement method(String name) {
    return new GradientAgreement(compiled, "p.Order", name);
  }

  @Test
  void aMedianOfASortedCopy() {
    method("median").check((Object) new double[] {0.3, -1.7, 2.2, 0.9, -0.4});
    method("median").check((Object) new double[] {0.3, -1.7, 2.2, 0.9});
  }

  @Test
  void aTrimmedMeanOverASortedRange() {
    method("trimmedMean").check(new double[] {0.3, -1.7, 2.2, 0.9, -0.4, 5.1}, 1);
  }

  @Test
  void aParameterArraySortedInPlace() {
    method("sortedInPlace").check((Object) new double[] {0.3, -1.7, 2.2, 0.9, -0.4});
  }

  @Test
  void aRowOfALocalMatrix() {
    method("sortedRows").check((Object) new double[] {0.6, -1.3, 0.2});
  }

  @Test
  void sortsInAnInlinedHelperAndInAHelperDifferentiatedOnDemand() {
    method("sortedByHelpers").check((Object) new double[] {0.3, -1.7, 2.2, 0.9, -0.4});
  }

  /** An array that code run as written gives is not the method's: it is sorted as written, as Java sorts it. */
  @Test
  void anArrayALibraryGivesIsSortedAsWritten() {
    method("sortedFromLibrary").check(0.7, 3);
    String generated = compiled.generatedSource("p.OrderGrad");
    assertTrue(generated.contains("Arrays.sort(grid, _from, _to);"), generated);
  }

  @Test
  void aSortInALoop() {
    method("sortedEachStep").check(new double[] {0.3, -1.7, 2.2, 0.9}, 3);
  }
}
