package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One domain of the real-Java corpus (issue 13): its class is compiled through the processor once,
 * with the corpus files it uses, and then every method is checked at points on each of its paths
 * and at each point where it throws. Subclasses give the domain and its points; per-class
 * instances let the point tables be instance methods that name the domain's own helpers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealJavaDomainTest {
  private RealJavaCorpus corpus;
  private RealJavaCorpus originals;

  /** The simple name of the domain's class in package {@code corpus}. */
  abstract String owner();

  /** Other corpus files the domain's class uses (enums, records), compiled with it. */
  List<String> alsoCompiled() {
    return List.of();
  }

  /** Points on every path of every method of the domain. */
  abstract Stream<Point> points();

  /** Every way a method of the domain throws. */
  abstract Stream<Throwing> throwingPaths();

  /**
   * Points, of methods whose parameters are numbers and their arrays only, where the second
   * derivatives are checked too (the Hessian entries against differences of the gradient).
   */
  Stream<Point> secondOrderPoints() {
    return Stream.empty();
  }

  /** Points of the methods returning {@code double[]}, whose Jacobian entries are checked instead. */
  Stream<Point> vectorPoints() {
    return Stream.empty();
  }

  RealJavaCorpus corpus() {
    return corpus;
  }

  @BeforeAll
  void compileTheDomainOnce() {
    List<String> files = new ArrayList<>();
    files.add(owner());
    files.addAll(alsoCompiled());
    corpus = RealJavaCorpus.compile(files.toArray(String[]::new));
    originals = RealJavaCorpus.compileWithoutProcessor(files.toArray(String[]::new));
  }

  @Test
  void compilesThroughTheProcessorWithoutErrorsOrWarnings() {
    corpus.assertCompiledCleanly();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void gradientAgreesWithTwinAndFiniteDifferences(Point point) {
    corpus.check(owner(), point);
  }

  /** A factory, not a parameterized test: most domains have no such points, and JUnit refuses an empty source. */
  @TestFactory
  Stream<DynamicTest> secondDerivativesAgreeWithDifferencesOfTheGradient() {
    return secondOrderPoints().map(point -> dynamicTest(point.toString(),
        () -> corpus.checkWithSecondOrder(owner(), point)));
  }

  @TestFactory
  Stream<DynamicTest> jacobiansAgreeWithTwinAndFiniteDifferences() {
    return vectorPoints().map(point -> dynamicTest(point.toString(), () -> corpus.checkVector(owner(), point)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwingPaths")
  void everyEntryPointThrowsWhatTheOriginalThrows(Throwing path) {
    corpus.checkThrows(owner(), path);
  }

  /**
   * Guards the tables against the processor's absence: with javac alone, each point is where
   * central differences can be trusted (no kink or branch within reach), and each throwing case
   * throws as written. A failure here is a wrong test case, not a processor bug.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void pointIsAwayFromKinksOfTheOriginal(Point point) {
    originals.assertCompiledCleanly();
    originals.checkSmoothAt(owner(), point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwingPaths")
  void originalThrowsAsTheTableSays(Throwing path) {
    originals.checkOriginalThrows(owner(), path);
  }

  /** Guards the tables: a method added to the corpus without points would pass unchecked. */
  @Test
  void everyMethodOfTheDomainIsCheckedAtSomePoint() {
    Set<String> declared = corpus.differentiableMethods(owner());
    Set<String> checked = Stream.concat(points(), vectorPoints()).map(Point::method)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, checked, "methods of " + owner() + " with points");
    Set<String> throwing = throwingPaths().map(Throwing::method).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(declared.containsAll(throwing), () -> "throwing paths name unknown methods: " + throwing);
  }
}
