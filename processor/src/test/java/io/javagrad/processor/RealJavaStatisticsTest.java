package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Statistics (corpus/Statistics.java): for-each sums, {@code double mean = 0, m2;}, boolean masks
 * and int[] indices (for-each over an int[] too), streams with lambdas over indices, a computed
 * private constant, floorMod, {@code averages[k++] = ...}, bit operations and shifts, labelled
 * break and continue, Double.compare swaps on parameters, a switch expression over a char.
 */
class RealJavaStatisticsTest extends RealJavaDomainTest {
  private static final double[] DATA = {1.5, -2.0, 4.25, 0.75, 3.0};
  private static final double[] SIX = {0.5, 1.75, -0.25, 2.0, 3.5, 1.0};

  @Override
  String owner() {
    return "Statistics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("mean", "for-each sum", DATA),
        at("variance", "unbiased", DATA, true),
        at("variance", "population", DATA, false),
        at("maskedWeightedMean", "some masked", new double[] {2.0, 4.0, 6.0, 8.0},
            new double[] {0.5, 1.5, 1.0, 2.0}, new boolean[] {true, false, true, true}),
        at("quantile", "between order statistics 1 and 2", new double[] {1.0, 2.5, 4.0, 7.0, 11.0}, 0.37),
        at("quantile", "near the top", new double[] {1.0, 2.5, 4.0, 7.0, 11.0}, 0.93),
        at("quantile", "near the bottom", new double[] {1.0, 2.5, 4.0, 7.0, 11.0}, 0.05),
        at("gatheredMeanSquare", "for-each over int[]", DATA, new int[] {4, 0, 2}),
        at("rankWeightedMean", "IntStream normalizer", new double[] {3.0, -1.0, 2.0, 5.0}),
        at("normalLogLikelihood", "@NoDerivative data", new double[] {1.2, 0.4, 2.2, 1.9}, 1.1, 0.7),
        at("circularAutocorrelation", "positive lag", DATA, 2),
        at("circularAutocorrelation", "negative lag", DATA, -3),
        at("movingAverageRoughness", "window 3", SIX, 3),
        at("movingAverageRoughness", "window 1", SIX, 1),
        at("bitReversalEnergy", "length 8", new double[] {0.5, -1.0, 1.5, 2.0, -0.5, 0.25, 3.0, -2.0}),
        at("bitReversalEnergy", "length 1: no bits", new double[] {2.5}),
        at("truncatedPairSum", "breaks out of both loops", new double[] {1.0, 2.0, 3.0},
            new double[] {0.5, 1.5, 2.5}, 3.5),
        at("truncatedPairSum", "runs to the end", new double[] {1.0, 2.0, 3.0}, new double[] {0.5, 1.5, 2.5}, 100.0),
        at("medianOfThree", "sorted", 1.0, 2.0, 3.0),
        at("medianOfThree", "first swap", 3.0, 1.0, 2.0),
        at("medianOfThree", "second swap", 2.0, 3.0, 1.0),
        at("medianOfThree", "all swaps", 3.0, 2.0, 1.0),
        at("vectorNorm", "char '1'", DATA, '1'),
        at("vectorNorm", "char '2'", DATA, '2'),
        at("vectorNorm", "char 'I', a grouped label", DATA, 'I'));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("mean", "empty", IllegalArgumentException.class, "mean of an empty array", (Object) new double[0]),
        throwing("variance", "one value", IllegalArgumentException.class, "variance needs at least 2 values, got 1",
            new double[] {1.0}, true),
        throwing("maskedWeightedMean", "all masked", ArithmeticException.class, "the mask leaves no weight",
            new double[] {2.0, 4.0}, new double[] {0.5, 1.5}, new boolean[] {false, false}),
        throwing("quantile", "p above 1", IllegalArgumentException.class, "p must be in [0, 1]: 1.5",
            new double[] {1.0, 2.5, 4.0}, 1.5),
        throwing("gatheredMeanSquare", "repeated index", IllegalArgumentException.class, "indices repeat: [1, 1]",
            DATA, new int[] {1, 1}),
        throwing("normalLogLikelihood", "sigma 0", IllegalArgumentException.class, "sigma must be positive: 0.0",
            new double[] {1.2}, 1.1, 0.0),
        throwing("movingAverageRoughness", "window too wide", IllegalArgumentException.class,
            "window must be in [1, 6]: 7", SIX, 7),
        throwing("bitReversalEnergy", "length 3", IllegalArgumentException.class,
            "length must be a power of two: 3", (Object) new double[] {1.0, 2.0, 3.0}),
        throwing("vectorNorm", "unknown char", IllegalArgumentException.class, "unknown norm 'x'", DATA, 'x'));
  }
}
