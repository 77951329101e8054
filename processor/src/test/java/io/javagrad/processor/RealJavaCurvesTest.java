package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Curves, interpolation and solvers (corpus/Curves.java): knot checks with StringBuilder messages,
 * Arrays.binarySearch and a {@code >>> 1} bisection, the Thomas algorithm in arrays made for it,
 * Arrays.copyOf, Math.hypot and signum, a {@code double[][]} grid read through row aliases, an enum
 * whose constants override an abstract method, Halley's and Newton's methods (one taking the
 * function and its derivative as lambdas), and a Romberg table of rows made level by level.
 */
class RealJavaCurvesTest extends RealJavaDomainTest {
  private static final EnumConstant FLAT = constant("Curves$Extrapolation", "FLAT");
  private static final EnumConstant LINEAR = constant("Curves$Extrapolation", "LINEAR");
  private static final EnumConstant NONE = constant("Curves$Extrapolation", "NONE");
  private static final double[] KNOTS = {0.0, 0.5, 1.25, 2.0, 3.5};
  private static final double[] VALUES = {1.0, 1.4, 0.9, 1.6, 2.1};

  @Override
  String owner() {
    return "Curves";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("linear", "inside a cell", KNOTS, VALUES, 1.6, FLAT),
        at("linear", "flat beyond", KNOTS, VALUES, 4.2, FLAT),
        at("linear", "linear beyond", KNOTS, VALUES, 4.2, LINEAR),
        at("linear", "below the first knot", KNOTS, VALUES, -0.3, LINEAR),
        at("naturalSpline", "middle cell", KNOTS, VALUES, 1.6),
        at("naturalSpline", "first cell", KNOTS, VALUES, 0.2),
        at("naturalSpline", "last cell", KNOTS, VALUES, 3.1),
        at("discountFactor", "between knots", KNOTS, new double[] {0.01, 0.015, 0.02, 0.022, 0.025}, 1.7),
        at("discountFactor", "before the first knot", new double[] {0.5, 1.0}, new double[] {0.01, 0.02}, 0.2),
        at("discountFactor", "after the last knot", new double[] {0.5, 1.0}, new double[] {0.01, 0.02}, 1.4),
        at("monotoneCubic", "middle cell", KNOTS, VALUES, 1.6),
        at("monotoneCubic", "monotone data, slopes limited", KNOTS, new double[] {0.0, 0.1, 2.0, 2.05, 4.0}, 0.9),
        at("bilinear", "inside the grid", new double[] {0.0, 1.0, 2.0}, new double[] {0.0, 0.5},
            new double[][] {{1.0, 2.0}, {0.5, 1.5}, {2.5, 0.25}}, 1.3, 0.2),
        at("lambertW", "near the branch point", -0.3),
        at("lambertW", "small positive", 0.5),
        at("lambertW", "large", 40.0),
        at("yieldToMaturity", "at a discount", 0.93, 0.04, 7),
        at("normalMass", "one sigma", 0.3, 1.2, -0.9, 1.5),
        at("annuityRate", "five years", 25.0, 110.0, 5));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("linear", "no extrapolation", IllegalArgumentException.class,
            "no extrapolation: 0.7000000000000002 beyond the last knot", KNOTS, VALUES, 4.2, NONE),
        throwing("linear", "knots out of order", IllegalArgumentException.class,
            "knots must increase strictly: knots[1] = 2.0, knots[2] = 1.0", new double[] {0.0, 2.0, 1.0},
            new double[] {1.0, 2.0, 3.0}, 0.5, FLAT),
        throwing("linear", "no knots", NullPointerException.class, "knots", null, VALUES, 0.5, FLAT),
        throwing("naturalSpline", "one knot", IllegalArgumentException.class, "at least 2 knots are needed, got 1",
            new double[] {1.0}, new double[] {1.0}, 0.5),
        throwing("discountFactor", "negative time", IllegalArgumentException.class, "time must not be negative: -1.0",
            KNOTS, VALUES, -1.0),
        throwing("monotoneCubic", "lengths differ", IllegalArgumentException.class,
            "knots and values differ in length: 5 != 2", KNOTS, new double[] {1.0, 2.0}, 0.5),
        throwing("bilinear", "ragged grid", IllegalArgumentException.class, "a row has 1 values for 2 y knots",
            new double[] {0.0, 1.0}, new double[] {0.0, 1.0}, new double[][] {{1.0, 2.0}, {3.0}}, 0.5, 0.5),
        throwing("lambertW", "below -1/e", ArithmeticException.class, "W is real only for x >= -1/e: -1.0", -1.0),
        throwing("yieldToMaturity", "no years", IllegalArgumentException.class, "years must be positive: 0",
            0.9, 0.04, 0),
        throwing("normalMass", "sigma 0", IllegalArgumentException.class, "sigma must be positive: 0.0",
            0.0, 0.0, -1.0, 1.0),
        throwing("annuityRate", "target too high", IllegalArgumentException.class,
            "the payments do not exceed the target: 50.0 <= 60.0", 10.0, 60.0, 5));
  }
}
