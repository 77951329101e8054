package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A label on a block, or on any statement but a loop, which {@code break label} leaves: the
 * search that stops at its first hit ({@code search: { for (...) if (hit) { ...; break search; }
 * notFound(); }}). Unlabelled jumps inside such a block belong to the loop around it, as in Java.
 */
class LabelledBlocksTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Searches {
        @Differentiable static double firstAbove(double[] x, double t) {
          double found;
          search: {
            for (int i = 0; i < x.length; i++) {
              if (x[i] > t) {
                found = x[i] * t;
                break search;
              }
            }
            found = -t * t;
          }
          return found + t;
        }

        @Differentiable static double firstEntryAbove(double[][] m, double t) {
          double s = 0;
          search: {
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] * t > 1) {
                  s = m[i][j] * Math.exp(t);
                  break search;
                }
              }
            }
            s = t;
          }
          return s * s;
        }

        @Differentiable static double sumUntil(double[] x, double limit) {
          double sum = 0;
          for (int i = 0; i < x.length; i++) {
            check: {
              if (x[i] < 0) {
                continue;
              }
              if (sum > limit) {
                break;
              }
              if (x[i] > 2) {
                break check;
              }
              sum += x[i] * x[i];
            }
            sum += 0.5 * x[i];
          }
          return sum;
        }

        @Differentiable static double labelledIf(double x) {
          double y = x;
          branch:
          if (x > 0) {
            y = Math.log1p(x);
            if (y > 1) {
              break branch;
            }
            y *= 2;
          }
          return y * x;
        }

        @Differentiable static double returnsInside(double x, double y) {
          block: {
            if (x > y) {
              return x * y;
            }
            if (x < -y) {
              break block;
            }
            return Math.sin(x);
          }
          return y;
        }

        @Differentiable static double nested(double x) {
          double r = x;
          outer: {
            inner: {
              if (x > 1) {
                break inner;
              }
              if (x < -1) {
                break outer;
              }
              r = r * 3;
            }
            r = r + Math.cos(x);
          }
          return r;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Searches", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Searches", method);
  }

  @Test
  void aSearchLeavesItsBlockAtTheFirstHit() {
    agreement("firstAbove").check(new double[] {0.2, 1.5, 3.0}, 1.0);
    agreement("firstAbove").check(new double[] {0.2, 0.5, 0.3}, 1.0);
  }

  @Test
  void aSearchLeavesNestedLoopsAndItsBlock() {
    agreement("firstEntryAbove").check(new double[][] {{0.2, 0.4}, {1.5, 3.0}}, 0.9);
    agreement("firstEntryAbove").check(new double[][] {{0.2, 0.4}, {0.5, 0.3}}, 0.9);
  }

  @Test
  void unlabelledJumpsInsideABlockBelongToTheLoopAroundIt() {
    agreement("sumUntil").check(new double[] {0.5, -1.0, 3.0, 1.5, 0.7}, 100.0);
    agreement("sumUntil").check(new double[] {0.5, -1.0, 3.0, 1.5, 0.7}, 1.0);
  }

  @Test
  void aLabelledIfIsLeftByItsBreak() {
    agreement("labelledIf").check(0.5);
    agreement("labelledIf").check(3.0);
    agreement("labelledIf").check(-0.7);
  }

  @Test
  void returnsAndBreaksInOneBlock() {
    agreement("returnsInside").check(2.0, 1.0);
    agreement("returnsInside").check(-2.0, 1.0);
    agreement("returnsInside").check(0.5, 1.0);
  }

  @Test
  void aBreakLeavesOnlyTheBlockItNames() {
    agreement("nested").check(2.0);
    agreement("nested").check(-2.0);
    agreement("nested").check(0.5);
  }
}
