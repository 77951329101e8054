package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One routine for each of a set of idioms of numeric Java libraries (corpus/LibraryIdioms.java),
 * found accepted while probing library-style code and checked here numerically.
 */
class RealJavaLibraryIdiomsTest extends RealJavaDomainTest {
  private static final double[] KNOTS = {0, 1, 2.5, 4};
  private static final double[] VALUES = {1, 2.2, 0.7, 3.1};

  @Override
  String owner() {
    return "LibraryIdioms";
  }

  private static Map<String, Double> weights() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("x1", 0.5);
    weights.put("y1", 2.0);
    weights.put("x2", 1.5);
    return weights;
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("spline", "second piece", KNOTS, VALUES, 1.7),
        at("spline", "last piece", KNOTS, VALUES, 3.2),
        at("ownExp", "the class's exp and Math's", 0.7),
        at("anonymous", "an anonymous class given to a quadrature", 1.3),
        at("mapEntries", "a map's entries", weights(), 0.8, -1.1),
        at("nanGuards", "finite", 0.8, 1.5),
        at("forEachWithIndex", "its own index", new double[] {1.2, 0.5, -0.3}, new double[] {0.5, 1, 2}),
        at("staticImportedInterfaceCheck", "positive", 1.5),
        at("kernelSum", "a kernel in a static final field", new double[] {0.3, -0.4, 1.1}, 0.8),
        at("localRecord", "a record of indices", new double[] {1.2, 0.5, -0.3, 2.0}),
        at("patternAnd", "pattern and condition hold", record("LibraryIdioms$Normal", 0.5, 2.0), 1.3),
        at("patternAnd", "condition fails", record("LibraryIdioms$Normal", 0.5, 0.5), 1.3),
        at("patternAnd", "not a normal", "other", 1.3),
        at("charSwitch", "chars of a String", "abba", 1.3),
        at("longCounter", "long counters", 0.9, 5),
        at("textBlockMessage", "below the check", 1.1),
        at("chosenArray", "first", new double[] {1, 2}, new double[] {3, 4}, true),
        at("chosenArray", "second", new double[] {1, 2}, new double[] {3, 4}, false));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("staticImportedInterfaceCheck", "negative", IllegalArgumentException.class,
            "x = -1.000 is not positive", -1.0),
        throwing("textBlockMessage", "too large", IllegalArgumentException.class, "x is too large: 1.0E301", 1e301));
  }
}
