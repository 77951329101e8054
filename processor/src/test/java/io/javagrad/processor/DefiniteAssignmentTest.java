package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every local that javac accepts as definitely assigned in the user's method is so in every
 * generated method too: the twin, the gradient entry and the pullback. Lowering early returns,
 * breaks and continues into flags hides from javac that the user's code assigns a local declared
 * without initializer before reading it; each generated declaration starts from a default instead.
 */
class DefiniteAssignmentTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Da {
        /** The issue's case: assigned on one path, the other returns. */
        @Differentiable static double earlyReturn(double x) {
          double ret;
          if (x < 0) {
            ret = -x;
          } else {
            return x * x;
          }
          return ret;
        }

        /** Assigned in both branches of a nested if, after an early return. */
        @Differentiable static double nested(double x, double y) {
          double a;
          boolean big;
          int k;
          if (y > 2) return y;
          if (x > 0) {
            if (y > 0) { a = x * y; k = 1; } else { a = Math.sin(x); k = 2; }
            big = a > 1;
          } else {
            a = Math.exp(x);
            big = false;
            k = 3;
          }
          return big ? a * k : a + k;
        }

        /** Assigned before a break; the loop's other exit returns. */
        @Differentiable static double breakOut(double x, int n) {
          double found;
          int i = 0;
          while (true) {
            if (i >= n) return x;
            double t = Math.sin(x * i);
            if (t > 0.5) {
              found = t * x;
              break;
            }
            i++;
          }
          return found;
        }

        /** Declared inside a loop, assigned on every path that reaches its read, with a continue. */
        @Differentiable static double inLoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double v;
            if (i % 2 == 0) {
              v = x * i;
            } else if (i == 3) {
              continue;
            } else {
              v = Math.cos(x);
            }
            s += v;
          }
          return s;
        }

        /** A long, late, in a method another calls (the pullback path). */
        @Differentiable static double callee(double x) {
          long m;
          double r;
          if (x > 1) return 2 * x;
          m = 3L;
          r = x * m;
          return r;
        }

        @Differentiable static double caller(double x) {
          double c;
          if (x > 5) {
            return x;
          } else {
            c = callee(x);
          }
          return c * x;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Da", SOURCE).assertCleanSuccess();
  }

  private static void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Da", method).check(args);
  }

  @Test
  void aLocalAssignedOnOnePathBeforeAnEarlyReturnOnTheOther() {
    check("earlyReturn", -0.7);
    check("earlyReturn", 0.7);
  }

  @Test
  void localsOfEveryTypeAssignedInNestedBranches() {
    check("nested", 0.7, 0.3);
    check("nested", 0.7, -0.3);
    check("nested", -0.7, 0.3);
    check("nested", 0.7, 3.0);
  }

  @Test
  void aLocalAssignedBeforeABreak() {
    check("breakOut", 0.9, 5);
    check("breakOut", 0.01, 2);
  }

  @Test
  void aLocalDeclaredInALoopWithAContinue() {
    check("inLoop", 0.4, 6);
  }

  @Test
  void aLocalAssignedLateInACalleeAndItsCaller() {
    check("caller", 0.5);
    check("caller", 1.5);
    check("caller", 6.0);
  }
}
