package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Java's corners in numeric code (corpus/LanguageCorners.java): varargs helpers given an array,
 * separate values and nothing; an interface's constants and static helper; a nested class's
 * helpers; ternary chains; do/while to a fixed point; an index grown by a cast floor; char and
 * short counters with compound assignments; long accumulators; row and column by division and
 * modulo; NaN and infinity checks that throw; an argmax by Double.compare; copyOf and copyOfRange;
 * Arrays.fill and System.arraycopy within one array and between two; the median of a sorted
 * clone; binarySearch in a constant knot table; a factorial table from a static initializer; an
 * enum's values(); a switch on strings with a block; instanceof patterns on an Object config; a
 * labelled continue; an iterator over a List of Double; shifts and masks in indices; two counters
 * in one for and chained assignments; non-short-circuit logic, unary plus and ~; a lambda and an
 * anonymous class in locals, a reduce with var parameters; a compound remainder inside an index; a
 * for-each over a String's chars and a byte mask; Romberg's panels doubled by n *= 2; an array
 * scaled in place by /=, -= and *=, and a long counter stepped by 3L.
 */
class RealJavaLanguageCornersTest extends RealJavaDomainTest {
  private static final double[] KNOT_VALUES = {0.0, 1.0, 4.0, 9.0, 16.0};
  private static final double[] SMOOTHED = {1.0, 3.0, 2.0, 5.0};

  private static final Point VARARGS = at("varargs", "array, values, none", new double[] {0.5, -1.2, 2.0}, 0.7);
  private static final Point GAUSS = at("gaussLegendre", "unit interval", 0.0, 1.0, 1.5);
  private static final Point COSINE = at("cosineSimilarity", "acute", new double[] {1.0, 2.0, 3.0},
      new double[] {-1.0, 0.5, 2.0});
  private static final Point TAXED = at("taxedIncome", "middle bracket", 25_000.0, 3);
  private static final Point FIXED_POINT = at("fixedPoint", "k = 1", 1.0);
  private static final Point NARROW = at("narrowCounters", "three values", (Object) new double[] {0.5, -1.0, 2.0});
  private static final Point LONGS = at("longCounts", "some positive", new double[] {1.5, -2.0, 3.0, 0.5}, 3L);
  private static final Point TRACE = at("flatMatrixTrace", "3 by 3", new double[] {1.0, 2.0, -1.0, 0.5, 3.0, 2.0,
      -2.0, 1.5, 4.0}, 3);
  private static final Point MEAN = at("checkedMean", "finite", (Object) new double[] {1.0, 2.5, -3.0});
  private static final Point SOFTMAX = at("maxSoftmaxWeight", "second largest", (Object) new double[] {0.5, 2.0,
      -1.0});
  private static final Point COPIES = at("copiesOfRanges", "four values", (Object) new double[] {1.5, -2.0, 3.0,
      0.25});
  private static final Point SHIFTED = at("shiftedBuffer", "three values", new double[] {1.0, 2.0, 3.0}, 0.5);
  private static final Point MEDIAN_ODD = at("median", "odd", (Object) new double[] {3.0, 1.0, 2.0});
  private static final Point MEDIAN_EVEN = at("median", "even", (Object) new double[] {4.0, 1.0, 3.0, 2.0});
  private static final Point KNOTS = at("knotInterpolation", "second piece", 0.7, KNOT_VALUES);
  private static final Point EXP_SERIES = at("expSeries", "order 6", 0.8, 6);
  private static final Point WINDOWED = at("windowedEnergy", "four samples", (Object) new double[] {1.0, -0.5, 2.0,
      0.3});
  private static final Point DISCOUNTED = at("discountedSum", "fewer flows than factors", (Object) new double[] {
      100.0, 100.0, 100.0});
  private static final Point BITS = at("bitIndices", "positive sum", (Object) new double[] {1.0, 2.0, 3.0, -0.5,
      0.75});
  private static final Point FOLDED = at("foldedEnds", "five values", (Object) new double[] {1.0, -2.0, 0.5, 3.0,
      1.5});
  private static final Point GAINS = at("evenGains", "even only", new double[] {1.0, -2.0, 0.5, 3.0, -1.5}, 1);
  private static final Point KERNEL = at("kernelSum", "three values", new double[] {0.5, -1.0, 2.0}, 0.7);
  private static final Point RING = at("ringSmoothing", "from 1", new double[] {1.0, -2.0, 0.5, 3.0}, 1);
  private static final Point DIGITS = at("digitPolynomial", "four digits", 0.7, "3141");
  private static final Point ROMBERG = at("rombergDecay", "unit interval", 0.0, 1.0, 1.5);
  private static final Point NORMALIZED = at("normalizedShifted", "four values", (Object) new double[] {1.0, -2.0,
      0.5, 3.0});

  @Override
  String owner() {
    return "LanguageCorners";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        VARARGS, GAUSS, COSINE,
        at("taxedIncome", "untaxed", 5_000.0, 1), TAXED, at("taxedIncome", "upper bracket", 60_000.0, -1),
        at("taxedIncome", "top bracket", 150_000.0, 2),
        FIXED_POINT, at("fixedPoint", "k = 0.5", 0.5),
        at("gridWalk", "unit steps", 0.3, new double[] {1.0, 2.0, 3.0, 4.0, 5.0}),
        at("gridWalk", "double steps", -1.7, new double[] {1.0, 2.0, 3.0, 4.0, 5.0}),
        NARROW, LONGS, at("longCounts", "none positive", new double[] {-1.0, -2.0}, 3L),
        TRACE, MEAN, SOFTMAX, COPIES, SHIFTED, MEDIAN_ODD, MEDIAN_EVEN,
        KNOTS, at("knotInterpolation", "last piece", 3.0, KNOT_VALUES),
        at("knotInterpolation", "extrapolated below", -0.5, KNOT_VALUES),
        at("knotInterpolation", "extrapolated above", 5.0, KNOT_VALUES),
        EXP_SERIES, WINDOWED,
        at("namedLoss", "squared", "squared", 1.5, 0.2), at("namedLoss", "absolute", "absolute", -1.5, 0.2),
        at("namedLoss", "huber inside", "huber", 0.5, 0.2), at("namedLoss", "huber outside", "huber", 3.0, 0.2),
        at("namedLoss", "logcosh", "logcosh", 1.5, 0.2),
        at("configuredSmoothing", "a record", SMOOTHED, record("LanguageCorners$Smoothing", 0.3, 2)),
        at("configuredSmoothing", "a number", SMOOTHED, 0.25),
        at("configuredSmoothing", "a string", SMOOTHED, "0.5"),
        at("maskedInteractions", "one row cut short", new double[][] {{1.0, 2.0, 3.0}, {-1.0, 0.5, 2.0},
            {0.5, 0.5, -2.0}}, new boolean[][] {{false, false, false}, {false, true, false}, {true, false, false}}),
        DISCOUNTED, at("discountedSum", "more flows than factors", (Object) new double[] {10.0, 20.0, 30.0, 40.0,
            50.0}),
        BITS, at("bitIndices", "negative sum", (Object) new double[] {-1.0, -2.0, -3.0}),
        FOLDED, GAINS, at("evenGains", "all", new double[] {1.0, -2.0, 0.5, 3.0, -1.5}, -1), KERNEL, RING,
        DIGITS, ROMBERG, NORMALIZED);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(VARARGS, GAUSS, COSINE, TAXED, FIXED_POINT, NARROW, LONGS, TRACE, MEAN, SOFTMAX, COPIES, SHIFTED,
        MEDIAN_ODD, MEDIAN_EVEN, KNOTS, EXP_SERIES, WINDOWED, DISCOUNTED, BITS, FOLDED, GAINS, KERNEL, RING, ROMBERG, NORMALIZED);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("cosineSimilarity", "lengths differ", IllegalArgumentException.class, "dimension mismatch: 3 != 2",
            new double[] {1.0, 2.0, 3.0}, new double[] {1.0, 2.0}),
        throwing("fixedPoint", "oscillates", ArithmeticException.class, "no fixed point for k = 5.0", 5.0),
        throwing("flatMatrixTrace", "ragged", IllegalArgumentException.class, "8 values do not fill rows of 3",
            new double[8], 3),
        throwing("checkedMean", "NaN", IllegalArgumentException.class, "x[1] is NaN",
            (Object) new double[] {1.0, Double.NaN}),
        throwing("checkedMean", "infinite", ArithmeticException.class, "x[2] = Infinity is not finite",
            (Object) new double[] {1.0, 2.0, Double.POSITIVE_INFINITY}),
        throwing("median", "empty", IllegalArgumentException.class, "median of nothing", (Object) new double[0]),
        throwing("knotInterpolation", "too few values", IllegalArgumentException.class, "need 5 values, got 2", 0.7,
            new double[] {1.0, 2.0}),
        throwing("expSeries", "beyond the table", IllegalArgumentException.class, "order 11 beyond the table of 11",
            0.8, 11),
        throwing("namedLoss", "unknown", IllegalArgumentException.class, "unknown loss: hinge", "hinge", 1.5, 0.2),
        throwing("digitPolynomial", "not a digit", NumberFormatException.class, "not a digit: 'x' in 3x1", 0.7,
            "3x1"),
        throwing("configuredSmoothing", "a negative number", IllegalArgumentException.class,
            "cannot smooth with -1", SMOOTHED, -1));
  }
}
