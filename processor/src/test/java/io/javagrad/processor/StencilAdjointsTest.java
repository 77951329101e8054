package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a loop differentiated in place, the adjoints of a parameter array's elements read only at
 * the counter plus a constant are kept in locals and rotated, so that each slot is written once.
 * Each method is checked numerically (twin, finite differences, the pullback with a seed and an
 * offset, second order) at lengths that give 0, 1, 2 and more iterations, and structurally where
 * the shape is the point; the loops whose pattern is not clear keep the code they had.
 */
class StencilAdjointsTest {
  private static final String STENCILS = """
      package p;

      import io.javagrad.Differentiable;

      public class Stencils {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
          }
          return sum;
        }

        /** From 1 to length - 1, reading x[i - 1], x[i] and x[i + 1]. */
        @Differentiable static double threePoint(double[] x) {
          double sum = 0;
          for (int i = 1; i < x.length - 1; i++) {
            double d = x[i - 1] - 2 * x[i] + x[i + 1];
            sum += d * d * x[i];
          }
          return sum;
        }

        /** Two arrays with windows of their own: y[i] to y[i + 2], x[i] to x[i + 1]. */
        @Differentiable static double twoArrays(double[] x, double[] y) {
          double sum = 0;
          for (int i = 0; i + 2 < y.length && i + 1 < x.length; i++) {
            sum += x[i + 1] * y[i] - Math.sin(y[i + 2]) * x[i];
          }
          return sum;
        }

        /** A break: the iteration that breaks still reaches the end of the body, where the window moves. */
        @Differentiable static double stopsEarly(double[] x, double limit) {
          double sum = 0;
          for (int i = 0; i < x.length - 1; i++) {
            if (x[i] > limit) {
              break;
            }
            sum += Math.sin(x[i] * x[i + 1]);
          }
          return sum;
        }

        /** A continue: the iterations it cuts short still move the window. */
        @Differentiable static double skipsSome(double[] x) {
          double sum = 0;
          for (int i = 1; i < x.length; i++) {
            if (x[i] < 0) {
              continue;
            }
            sum += x[i - 1] * x[i] * x[i];
          }
          return sum;
        }

        /** x[i - 1] is read under a condition only: its slot is written where a contribution reached it. */
        @Differentiable static double conditionalRead(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length; i++) {
            if (i > 0) {
              sum += x[i - 1] * x[i];
            }
            sum += i % 2 == 0 ? Math.exp(x[i]) : 0;
          }
          return sum;
        }

        /** An inner loop reads the window's elements too, and the sum's seed is not 1. */
        @Differentiable static double innerLoopAndSeed(double[] x, double c) {
          double sum = c * c;
          for (int i = 0; i + 1 < x.length; i++) {
            double p = 1;
            for (int k = 0; k < 3; k++) {
              p *= x[i] + k * x[i + 1];
            }
            sum += p;
          }
          return Math.log(1 + sum * sum) * c;
        }

        /** x is read at i and at a non-affine index: its slots are written as before. */
        @Differentiable static double nonAffine(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length; i++) {
            sum += x[i] * x[(i * 7) % x.length];
          }
          return sum;
        }

        /** x read backwards, y at i: y has a window, x has none. */
        @Differentiable static double reversed(double[] x, double[] y) {
          double sum = 0;
          for (int i = 0; i < x.length && i < y.length; i++) {
            sum += x[x.length - 1 - i] * y[i] * y[i];
          }
          return sum;
        }

        /** Passed whole to a call inside the loop: no window. */
        @Differentiable static double passedWhole(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length; i++) {
            sum += x[i] * first(x);
          }
          return sum;
        }

        @Differentiable static double first(double[] x) {
          return x[0];
        }

        /** Seeds other than 1 reach the pullback through a caller. */
        @Differentiable static double caller(double[] x, double c) {
          return Math.log(1 + rosenbrock(x)) * c + c * threePoint(x);
        }
      }
      """;

  private static final double[][] POINTS = {
      {}, {0.7}, {-1.2, 1.0}, {0.5, -0.3, 1.1}, {0.9, 1.3, -0.4, 0.2, 0.8, -1.1}};

  private final Compiled compiled = Compiled.compile("p.Stencils", STENCILS);
  private final String companion = compiled.generatedSource("p.StencilsGrad");

  @Test
  void rosenbrockWritesEachSlotOnce() {
    String entry = GeneratedCodeTest.sweepText(companion, "rosenbrock");
    String loop = loopText(entry, "for (int i = 0; i < x.length - 1; i++) {");
    // the one write in the loop, a store of the element no later iteration reads
    assertEquals(List.of("adjoints[offset + i] = _d_x_i;"), adjointWrites(loop), entry);
    // after the loop, x[n - 1]'s adjoint, still in the window; then only the seed's scaling
    String afterLoop = entry.substring(entry.indexOf(loop) + loop.length(), entry.indexOf("if (_d_sum != 1.0)"));
    assertEquals(List.of("adjoints[offset + _next] = _d_x_i;"), adjointWrites(afterLoop), entry);
    for (double[] x : POINTS) {
      check("rosenbrock", (Object) x);
    }
  }

  @Test
  void aThreePointStencilFromOneToLengthLessOne() {
    String entry = GeneratedCodeTest.sweepText(companion, "threePoint");
    String loop = loopText(entry, "for (int i = 1; i < x.length - 1; i++) {");
    assertEquals(List.of("adjoints[offset + (i - 1)] = _d_x_im1;"), adjointWrites(loop), entry);
    for (double[] x : POINTS) {
      check("threePoint", (Object) x);
    }
  }

  @Test
  void twoArraysWithWindowsOfTheirOwn() {
    String entry = GeneratedCodeTest.sweepText(companion, "twoArrays");
    String loop = loopText(entry, "for (int i = 0; i + 2 < y.length && i + 1 < x.length; i++) {");
    assertEquals(List.of("adjoints[offset + x.length + i] = _d_y_i;", "adjoints[offset + i] = _d_x_i;"),
        adjointWrites(loop), entry);
    check("twoArrays", new double[] {}, new double[] {});
    check("twoArrays", new double[] {0.4, -0.8}, new double[] {0.3, 1.2});
    check("twoArrays", new double[] {0.4, -0.8}, new double[] {0.3, 1.2, -0.5});
    check("twoArrays", new double[] {0.4, -0.8, 1.5}, new double[] {0.3, 1.2, -0.5, 0.9});
    check("twoArrays", new double[] {0.4, -0.8, 1.5, 0.1, -0.2}, new double[] {0.3, 1.2, -0.5, 0.9, 0.6, 0.7, -1.4});
  }

  @Test
  void aLoopThatBreaksFlushesItsWindowAfterTheBreak() {
    String entry = GeneratedCodeTest.sweepText(companion, "stopsEarly");
    assertTrue(entry.contains("differentiated in place above"), entry);
    String loop = loopText(entry, "for (int i = 0; !_break && i < x.length - 1; i++) {");
    assertEquals(List.of("adjoints[offset + i] = _d_x_i;"), adjointWrites(loop), entry);
    double[] x = {0.3, -0.6, 1.4, 0.2, 2.5, 0.7};
    for (double limit : new double[] {0.1, 1.0, 2.0, 3.0}) {
      check("stopsEarly", x, limit);
    }
    for (double[] point : POINTS) {
      check("stopsEarly", point, 1.0);
    }
  }

  @Test
  void aLoopThatContinuesMovesItsWindowInEveryIteration() {
    String entry = GeneratedCodeTest.sweepText(companion, "skipsSome");
    assertTrue(entry.contains("differentiated in place above"), entry);
    assertEquals(List.of("adjoints[offset + (i - 1)] = _d_x_im1;"),
        adjointWrites(loopText(entry, "for (int i = 1; i < x.length; i++) {")), entry);
    check("skipsSome", new double[] {0.3, -0.6, 1.4, 0.2, -2.5, 0.7, -0.1});
    for (double[] point : POINTS) {
      check("skipsSome", (Object) point);
    }
  }

  @Test
  void anElementReadUnderAConditionIsStoredWhereAContributionReachedIt() {
    String entry = GeneratedCodeTest.sweepText(companion, "conditionalRead");
    assertTrue(entry.contains("if (_d_x_im1 != 0.0) {"), entry);
    for (double[] x : POINTS) {
      check("conditionalRead", (Object) x);
    }
  }

  @Test
  void innerLoopsAndSeedsThatDependOnTheSum() {
    String entry = GeneratedCodeTest.sweepText(companion, "innerLoopAndSeed");
    assertTrue(entry.contains("_d_x_ip1 +="), entry);
    for (double[] x : POINTS) {
      check("innerLoopAndSeed", x, 0.6);
    }
  }

  @Test
  void arraysReadOtherwiseKeepTheirAdjointsInTheGradient() {
    for (String method : List.of("nonAffine", "passedWhole")) {
      String entry = GeneratedCodeTest.sweepText(companion, method);
      assertTrue(entry.contains("differentiated in place above"), entry);
      assertFalse(entry.contains("_d_x_i"), entry);
    }
    String reversed = GeneratedCodeTest.sweepText(companion, "reversed");
    assertFalse(reversed.contains("_d_x_i"), reversed);
    assertTrue(reversed.contains("_d_y_i"), reversed);
    for (double[] x : POINTS) {
      check("nonAffine", (Object) x);
      check("passedWhole", (Object) x);
      check("reversed", x, new double[] {0.5, -0.25, 2.0});
    }
  }

  @Test
  void seedsOtherThanOneThroughACaller() {
    for (double[] x : POINTS) {
      check("caller", x, 0.8);
    }
  }

  /** The text of the loop that {@code header} opens, to its closing brace. */
  static String loopText(String code, String header) {
    int start = code.indexOf(header);
    assertTrue(start >= 0, () -> "no " + header + " in\n" + code);
    String indent = code.substring(code.lastIndexOf('\n', start) + 1, start);
    int end = code.indexOf("\n" + indent + "}\n", start);
    return code.substring(start, end + indent.length() + 3);
  }

  /** The statements of {@code code} that write into {@code adjoints}. */
  static List<String> adjointWrites(String code) {
    return code.lines().map(String::trim).filter(line -> line.startsWith("adjoints[")).toList();
  }

  private void check(String method, Object... args) {
    new GradientAgreement(compiled, "p.Stencils", method).check(args);
  }
}
