package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Robust statistics (corpus/RobustStatistics.java): order statistics through Arrays.sort of a copy
 * made by a helper that checks its input, a percentile interpolated between ranks with a
 * String.format message, the median absolute deviation calling the median twice, a winsorized mean
 * with Arrays.fill over the cut ranges, the Hodges-Lehmann median of pairwise averages, and a Huber
 * M-estimate iterated from the median.
 */
class RealJavaRobustStatisticsTest extends RealJavaDomainTest {
  private static final double[] ODD = {2.3, -0.7, 5.1, 1.9, 0.4, 3.6, -1.2};
  private static final double[] EVEN = {2.3, -0.7, 5.1, 1.9, 0.4, 3.6, -1.2, 9.8};

  @Override
  String owner() {
    return "RobustStatistics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("median", "odd count", ODD),
        at("median", "even count", EVEN),
        at("percentile", "between ranks", EVEN, 37.0),
        at("percentile", "below the first rank", ODD, 5.0),
        at("percentile", "above the last rank", ODD, 95.0),
        at("medianAbsoluteDeviation", "odd count", ODD),
        at("winsorizedMean", "one cut each side", EVEN, 0.2),
        at("winsorizedMean", "no cut", ODD, 0.1),
        at("hodgesLehmann", "pairwise averages", new double[] {2.3, -0.7, 5.1, 1.9, 0.45}),
        at("huberLocation", "with an outlier", new double[] {2.3, -0.7, 5.1, 1.9, 0.4, 3.6, 21.0}, 1.345, 200));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("median", "no values", IllegalArgumentException.class, "no values", (Object) new double[0]),
        throwing("percentile", "p above 100", IllegalArgumentException.class,
            "out of bounds quantile value: 101.0, must be in (0, 100]", ODD, 101.0),
        throwing("winsorizedMean", "fraction one half", IllegalArgumentException.class,
            "fraction must lie in [0, 0.5): 0.5", ODD, 0.5));
  }
}
