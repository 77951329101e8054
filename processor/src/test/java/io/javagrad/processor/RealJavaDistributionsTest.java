package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Continuous distributions (corpus/Distributions.java): parameter checks through a private helper
 * with a StringBuilder message and through String.format, log-space densities over a Lanczos table,
 * a do/while continued fraction whose cap throws, an endless {@code for (;;)} series left by
 * {@code break}, a labelled break, Acklam's quantile over four tables, nested Math.fma, expm1 and
 * log1p, {@code var}, and a mixture whose work array is made in the loop.
 */
class RealJavaDistributionsTest extends RealJavaDomainTest {
  @Override
  String owner() {
    return "Distributions";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("gammaPdf", "interior", 2.3, 3.5, 1.2),
        at("gammaPdf", "shape below 1", 0.4, 0.7, 2.0),
        at("betaCdf", "fraction directly", 0.2, 2.5, 3.5),
        at("betaCdf", "by symmetry", 0.8, 2.5, 1.5),
        at("studentTPdf", "interior", 0.7, 4.5, 0.2, 1.3),
        at("weibullCdf", "interior", 1.4, 1.7, 2.2),
        at("weibullCdf", "small x through expm1", 0.02, 0.8, 2.2),
        at("normalQuantile", "centre", 0.3),
        at("normalQuantile", "lower tail", 0.01),
        at("normalQuantile", "upper tail", 0.995),
        at("logNormalCdf", "interior", 1.7, 0.2, 0.6),
        at("truncatedNormalMean", "interval", 0.3, 1.1, -0.5, 2.0),
        at("chiSquaredCdf", "series", 2.0, 3.5),
        at("chiSquaredCdf", "continued fraction", 9.0, 3.5),
        at("mixtureLogLikelihood", "two components", new double[] {-0.4, 0.3, 1.9, 2.4},
            new double[] {0.7, 0.5}, new double[] {0.1, 2.0}, new double[] {0.8, 0.6}),
        at("gumbelLogPdf", "interior", 1.3, 0.4, 1.7));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("gammaPdf", "shape 0", IllegalArgumentException.class, "shape must be positive, got 0.0", 1.0, 0.0, 1.0),
        throwing("gammaPdf", "NaN scale", IllegalArgumentException.class, "scale must be positive, got NaN",
            1.0, 2.0, Double.NaN),
        throwing("betaCdf", "negative b", IllegalArgumentException.class, "beta(2.00, -1.00): shapes must be positive",
            0.5, 2.0, -1.0),
        throwing("studentTPdf", "nu 0", IllegalArgumentException.class,
            "degrees of freedom must be positive, got 0.0", 0.5, 0.0, 0.0, 1.0),
        throwing("weibullCdf", "scale -1", IllegalArgumentException.class, "scale must be positive, got -1.0",
            0.5, 1.0, -1.0),
        throwing("normalQuantile", "p above 1", IllegalArgumentException.class, "p must lie in [0, 1]: 1.5", 1.5),
        throwing("logNormalCdf", "NaN mu", IllegalArgumentException.class, "NaN argument: x = 1.0, mu = NaN",
            1.0, Double.NaN, 1.0),
        throwing("truncatedNormalMean", "empty interval", IllegalArgumentException.class, "empty interval [1.0, 1.0]",
            0.0, 1.0, 1.0, 1.0),
        throwing("chiSquaredCdf", "k 0", IllegalArgumentException.class,
            "degrees of freedom must be positive, got 0.0", 1.0, 0.0),
        throwing("mixtureLogLikelihood", "lengths differ", IllegalArgumentException.class,
            "component arrays differ in length: [2, 1, 2]", new double[] {0.1},
            new double[] {0.5, 0.5}, new double[] {0.0}, new double[] {1.0, 1.0}),
        throwing("gumbelLogPdf", "infinite scale", IllegalArgumentException.class,
            "scale must be positive and finite: Infinity", 0.0, 0.0, Double.POSITIVE_INFINITY));
  }
}
