package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GradientChecker}: central differences, its step rule, and its notion of "close". */
class GradientCheckerTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  // ----- central differences

  static Stream<Arguments> knownGradients() {
    return Stream.of(
        known("sum of squares", x -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2],
            x -> new double[] {2 * x[0], 2 * x[1], 2 * x[2]}, -3, 0.5, 7),
        known("sin(x) exp(y)", x -> Math.sin(x[0]) * Math.exp(x[1]),
            x -> new double[] {Math.cos(x[0]) * Math.exp(x[1]), Math.sin(x[0]) * Math.exp(x[1])}, 0.3, -1.2),
        known("x / (1 + y²)", x -> x[0] / (1 + x[1] * x[1]),
            x -> new double[] {1 / (1 + x[1] * x[1]), -2 * x[0] * x[1] / Math.pow(1 + x[1] * x[1], 2)}, 4, 2),
        known("large x: log(x)", x -> Math.log(x[0]), x -> new double[] {1 / x[0]}, 1e6));
  }

  @ParameterizedTest(name = "{0} at {3}")
  @MethodSource("knownGradients")
  void matchesTheAnalyticGradient(String name, ToDoubleFunction<double[]> f,
      Function<double[], double[]> gradient, double[] x) {
    double[] expected = gradient.apply(x);
    double[] numeric = GradientChecker.centralDifferences(f, x);
    assertEquals(expected.length, numeric.length);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(GradientChecker.close(expected[i], numeric[i], 1e-8),
          "component " + i + ": analytic " + expected[i] + ", numeric " + numeric[i]);
    }
  }

  @ParameterizedTest(name = "slope of the identity at {0} is exactly 1")
  @ValueSource(doubles = {-4, -1, 0, 1e-3, 0.75, 4, 1e6})
  void dividesByTheDistanceBetweenTheTwoPointsItEvaluated(double x) {
    // f(x) = x returns the two evaluation points themselves: dividing their difference by their
    // computed distance, rather than by 2h, gives exactly 1, even at x = -4 where x - h is rounded
    assertArrayEquals(new double[] {1}, GradientChecker.centralDifferences(p -> p[0], new double[] {x}));
  }

  @Test
  void callsFTwicePerCoordinateWithACopyAndLeavesXAlone() {
    double[] x = {1.5, -2, 0};
    double[] before = x.clone();
    List<double[]> seen = new ArrayList<>();
    GradientChecker.centralDifferences(p -> {
      assertNotSame(x, p, "f gets a copy of x");
      seen.add(p.clone());
      return p[0] * p[1] * p[2];
    }, x);

    assertArrayEquals(before, x, "x is unchanged");
    assertEquals(2 * x.length, seen.size());
    for (int i = 0; i < x.length; i++) {
      double h = GradientChecker.step(x[i]);
      assertArrayEquals(shifted(x, i, x[i] + h), seen.get(2 * i), "x + h e_" + i);
      assertArrayEquals(shifted(x, i, x[i] - h), seen.get(2 * i + 1), "x - h e_" + i);
    }
  }

  @Test
  void rejectsNullArguments() {
    assertThrows(NullPointerException.class, () -> GradientChecker.centralDifferences(null, new double[1]));
    assertThrows(NullPointerException.class, () -> GradientChecker.centralDifferences(p -> 0, null));
  }

  // ----- the step rule: h = cbrt(ulp(1)) * max(|x|, 1), rounded so that x + h is exact

  @ParameterizedTest(name = "step({0})")
  @ValueSource(doubles = {0, 1e-300, 1e-6, -1e-3, 0.5, -1, 1, 2, -4, 50, 1e6, -1e10})
  void stepIsCubeRootOfEpsilonTimesTheScaleOfX(double x) {
    double h = GradientChecker.step(x);
    double rule = Math.cbrt(Math.ulp(1.0)) * Math.max(Math.abs(x), 1);
    assertEquals(rule, h, 1e-9 * rule, "the rule, up to the rounding of x + h");
    assertEquals(h, (x + h) - x, "x + h is exactly h away from x");
  }

  @Test
  void stepIsAboutSixMillionthsNearOneAndScalesWithLargeX() {
    assertEquals(6.0554544523933395e-6, GradientChecker.step(0), 1e-20);
    assertEquals(GradientChecker.step(0), GradientChecker.step(0.5), 1e-15, "below 1, the step is constant");
    assertEquals(1000 * GradientChecker.step(1), GradientChecker.step(1000), 1e-9 * GradientChecker.step(1000));
  }

  // ----- close

  static Stream<Arguments> closeCases() {
    return Stream.of(
        //        expected   actual              tolerance  close?   why
        closeCase(1,         1,                  0,         true),  // equal
        closeCase(0,         1e-7,               1e-6,      true),  // absolute below 1
        closeCase(0,         2e-6,               1e-6,      false),
        closeCase(0.5,       0.5 + 0.9e-6,       1e-6,      true),
        closeCase(1e6,       1e6 + 0.9,          1e-6,      true),  // relative above 1
        closeCase(1e6,       1e6 + 1.1,          1e-6,      false),
        closeCase(-1e6,      -1e6 - 0.9,         1e-6,      true),
        closeCase(1e6 + 0.9, 1e6,                1e-6,      true),  // symmetric
        closeCase(1,         -1,                 1e-6,      false),
        closeCase(NAN,       NAN,                1e-6,      true),  // NaN only matches NaN
        closeCase(NAN,       1,                  1e-6,      false),
        closeCase(1,         NAN,                1e-6,      false),
        closeCase(INF,       INF,                1e-6,      true),  // infinity only matches itself
        closeCase(-INF,      -INF,               1e-6,      true),
        closeCase(INF,       -INF,               1e-6,      false),
        closeCase(INF,       1e308,              1e-6,      false),
        closeCase(1,         INF,                1e-6,      false),
        closeCase(0.0,       -0.0,               0,         true));
  }

  @ParameterizedTest(name = "close({0}, {1}, {2}) is {3}")
  @MethodSource("closeCases")
  void closeIsRelativeAboveOneAndAbsoluteBelow(double expected, double actual, double tolerance,
      boolean close) {
    assertEquals(close, GradientChecker.close(expected, actual, tolerance));
  }

  @Test
  void closeIsNotFooledByAHugeTolerance() {
    assertFalse(GradientChecker.close(INF, 0, 1e300));
    assertTrue(GradientChecker.close(1e300, 0, 1), "but finite numbers are, as asked");
  }

  // ----- helpers

  private static Arguments known(String name, ToDoubleFunction<double[]> f,
      Function<double[], double[]> gradient, double... x) {
    return Arguments.of(name, f, gradient, x);
  }

  private static Arguments closeCase(double expected, double actual, double tolerance, boolean close) {
    return Arguments.of(expected, actual, tolerance, close);
  }

  private static double[] shifted(double[] x, int i, double xi) {
    double[] copy = x.clone();
    copy[i] = xi;
    return copy;
  }
}
