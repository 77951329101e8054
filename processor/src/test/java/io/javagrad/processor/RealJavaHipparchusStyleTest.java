package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Numerics in Hipparchus's style (corpus/HipparchusStyle.java): `import static java.lang.Math.*`,
 * helpers in nested classes and an interface of precondition checks (one generic), a continued
 * fraction given its coefficients as a lambda, a symmetry that recurses, NaN outside the domain,
 * records tested by instanceof patterns, a binary search over inactive knots, divided differences
 * in place on a clone, a model in a constant lambda with varargs weights, storeless moments, and a
 * switch expression over an enum with a yielding arm and streams.
 */
class RealJavaHipparchusStyleTest extends RealJavaDomainTest {
  private static final double[] KNOTS = {0, 1, 2, 3};
  private static final double[][] PIECES = {{1.0, 0.5, -0.2, 0.1}, {1.4, 0.6, 0.1, -0.3}, {2.0, -0.1, 0.4, 0.05}};
  private static final double[] DECAY = {2.0, 0.7, 0.3};
  private static final double[] TIMES = {0, 0.5, 1, 2};
  private static final double[] OBSERVED = {2.2, 1.75, 1.3, 0.8};
  private static final double[] SAMPLE = {1.2, 0.4, 3.1, 2.2, -0.5};

  @Override
  String owner() {
    return "HipparchusStyle";
  }

  private static RecordValue interval(double lower, double upper) {
    return record("HipparchusStyle$Interval", lower, upper);
  }

  private static Object statistic(String name) {
    return constant("HipparchusStyle$Statistic", name);
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("logBeta", "p > q, u <= v", 2.5, 1.5),
        at("logBeta", "p < q, small, u > v", 0.3, 0.4),
        at("regularizedBeta", "continued fraction", 0.3, 2.0, 3.0, 1e-15, 10_000),
        at("regularizedBeta", "by symmetry", 0.8, 2.0, 3.0, 1e-15, 10_000),
        at("regularizedGammaQ", "series", 2.5, 1.2),
        at("regularizedGammaQ", "continued fraction", 1.5, 4.0),
        at("erfc", "series", 0.6),
        at("erfc", "negative", -0.9),
        at("erfc", "continued fraction", 1.8),
        at("cauchyCumulativeProbability", "checked scale", 0.5, 2.0, 1.3),
        at("paretoLogDensity", "above the scale", 1.5, 2.5, 3.0),
        at("triangularCumulativeProbability", "rising", 0.0, 2.0, 5.0, 1.0),
        at("triangularCumulativeProbability", "falling", 0.0, 2.0, 5.0, 3.5),
        at("triangularCumulativeProbability", "below", 0.0, 2.0, 5.0, -1.0),
        at("triangularCumulativeProbability", "above", 0.0, 2.0, 5.0, 6.0),
        at("normalProbability", "record interval", 0.3, 1.2, interval(-0.5, 1.1)),
        at("logDensity", "normal record", record("HipparchusStyle$Normal", 0.5, 2.0), 1.3),
        at("logDensity", "exponential record", record("HipparchusStyle$Exponential", 1.5), 0.8),
        at("dividedDifferenceValue", "four points", new double[] {0, 1, 2.5, 4}, new double[] {1.0, 2.2, 0.7, 3.1}, 1.7),
        at("splineValue", "first piece", KNOTS, PIECES, 0.6),
        at("splineValue", "last piece", KNOTS, PIECES, 2.3),
        at("leastSquaresCost", "unweighted", DECAY, TIMES, OBSERVED, new double[0]),
        at("leastSquaresCost", "weighted", DECAY, TIMES, OBSERVED, new double[] {1, 2, 1, 0.5}),
        at("skewness", "five values", (Object) SAMPLE),
        at("evaluate", "mean by a stream", statistic("MEAN"), SAMPLE),
        at("evaluate", "variance in a yielding arm", statistic("VARIANCE"), SAMPLE),
        at("evaluate", "skewness by a call", statistic("SKEWNESS"), SAMPLE),
        at("evaluate", "geometric mean by Math::log", statistic("GEOMETRIC_MEAN"), new double[] {1.2, 0.4, 3.1}));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(
        at("logBeta", "p > q", 2.5, 1.5),
        at("erfc", "continued fraction", 1.8),
        at("cauchyCumulativeProbability", "checked scale", 0.5, 2.0, 1.3),
        at("dividedDifferenceValue", "four points", new double[] {0, 1, 2.5, 4}, new double[] {1.0, 2.2, 0.7, 3.1}, 1.7),
        at("leastSquaresCost", "weighted", DECAY, TIMES, OBSERVED, new double[] {1, 2, 1, 0.5}),
        at("skewness", "five values", (Object) SAMPLE));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("regularizedBeta", "iteration cap", IllegalStateException.class,
            "continued fraction did not converge in 2 iterations", 0.3, 2.0, 3.0, 1e-15, 2),
        throwing("cauchyCumulativeProbability", "scale 0", IllegalArgumentException.class,
            "scale must be strictly positive: 0.0", 0.5, 0.0, 1.3),
        throwing("paretoLogDensity", "negative shape", IllegalArgumentException.class,
            "shape must be strictly positive: -1.0", 1.5, -1.0, 3.0),
        throwing("triangularCumulativeProbability", "mode below a", IllegalArgumentException.class,
            "need a <= c <= b and a < b: 3.0, 2.0, 5.0", 3.0, 2.0, 5.0, 1.0),
        throwing("normalProbability", "no interval", NullPointerException.class, "interval must not be null",
            0.3, 1.2, null),
        throwing("normalProbability", "sd 0", IllegalArgumentException.class,
            "standard deviation must be strictly positive: 0.0", 0.3, 0.0, interval(-0.5, 1.1)),
        throwing("logDensity", "not a law", IllegalArgumentException.class, "unsupported law: x", "x", 1.0),
        throwing("dividedDifferenceValue", "lengths differ", IllegalArgumentException.class,
            "dimension mismatch: 3 != 2", new double[] {0, 1, 2}, new double[] {1, 2}, 0.5),
        throwing("dividedDifferenceValue", "unordered", IllegalArgumentException.class,
            "points must be strictly increasing: [0.0, 2.0, 1.0]", new double[] {0, 2, 1}, new double[] {1, 2, 3}, 0.5),
        throwing("splineValue", "beyond the last knot", IllegalArgumentException.class,
            "3.5 is out of range [0.0, 3.0]", KNOTS, PIECES, 3.5),
        throwing("leastSquaresCost", "weights of another length", IllegalArgumentException.class,
            "dimension mismatch: 4 != 2", DECAY, TIMES, OBSERVED, new double[] {1, 2}),
        throwing("evaluate", "no data", IllegalArgumentException.class, "no data", statistic("MEAN"), new double[0]),
        throwing("evaluate", "no statistic", NullPointerException.class, "statistic must not be null", null, SAMPLE));
  }
}
