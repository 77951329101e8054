package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Special functions (corpus/SpecialFunctions.java): Lanczos' log-gamma over a private table,
 * reflection formulas, Horner loops with for-each and with Math.fma, copySign, rint, floor and
 * round of active values, an int switch over quadrants, StrictMath, a long shift, series ended by
 * {@code while (n-- > 0)} and by a tolerance, {@code ++pow} inside a call, and a cap that throws.
 */
class RealJavaSpecialFunctionsTest extends RealJavaDomainTest {
  @Override
  String owner() {
    return "SpecialFunctions";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("logGamma", "Lanczos", 3.7),
        at("logGamma", "Lanczos just above 1/2", 0.8),
        at("logGamma", "reflected", 0.3),
        at("logGamma", "reflected, negative", -1.6),
        at("erf", "positive", 0.4),
        at("erf", "negative: copySign", -1.1),
        at("erf", "tail", 2.5),
        at("digamma", "recurrence up to 6", 0.37),
        at("digamma", "asymptotic series only", 7.5),
        at("digamma", "reflected", -2.3),
        at("besselJ0", "few terms", 1.5),
        at("besselJ0", "more terms", 4.2),
        at("besselJ0", "negative, many terms", -7.9),
        at("regularizedGammaP", "series, a > 1", 2.5, 1.5, 500),
        at("regularizedGammaP", "series, a < 1", 0.7, 3.2, 500),
        at("sinPi", "quadrant 0", 0.2),
        at("sinPi", "quadrant 1", 0.7),
        at("sinPi", "quadrant 2 after reduction", 3.3),
        at("sinPi", "quadrant 3, negative x", -0.2),
        at("expReduced", "k = 0", 0.3),
        at("expReduced", "k > 0", 5.0),
        at("expReduced", "k < 0", -3.9),
        at("expReduced", "large k", 33.3),
        at("log1pSeries", "positive x", 0.3, 40),
        at("log1pSeries", "negative x", -0.45, 60));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("logGamma", "pole at -2", IllegalArgumentException.class, "logGamma has a pole at -2.0", -2.0),
        throwing("logGamma", "pole at 0", IllegalArgumentException.class, "logGamma has a pole at 0.0", 0.0),
        throwing("digamma", "pole at -3", IllegalArgumentException.class, "digamma has a pole at -3.0", -3.0),
        throwing("besselJ0", "out of range", IllegalArgumentException.class,
            "the power series of J0 loses accuracy beyond |x| = 12: 13.0", 13.0),
        throwing("regularizedGammaP", "too few terms", ArithmeticException.class,
            "series for P(2.5, 1.5) did not converge in 3 terms", 2.5, 1.5, 3),
        throwing("regularizedGammaP", "a not positive", IllegalArgumentException.class, "a must be positive: -1.0",
            -1.0, 1.0, 10),
        throwing("regularizedGammaP", "x negative", IllegalArgumentException.class, "x must not be negative: -0.5",
            2.0, -0.5, 10),
        throwing("sinPi", "infinite", IllegalArgumentException.class, "sinPi of an infinite argument: Infinity",
            Double.POSITIVE_INFINITY),
        throwing("expReduced", "too large", IllegalArgumentException.class,
            "expReduced is accurate for |x| <= 40 only: 41.0", 41.0),
        throwing("expReduced", "NaN", IllegalArgumentException.class, "expReduced is accurate for |x| <= 40 only: NaN",
            Double.NaN),
        throwing("log1pSeries", "diverges", IllegalArgumentException.class,
            "the series of log(1 + x) diverges for |x| >= 1: 1.2", 1.2, 10));
  }

  /** P(a, 0) returns early; x = 0 is the edge of the domain, so finite differences cannot look left. */
  @Test
  void regularizedGammaPAtZeroReturnsEarlyWithZeroGradient() {
    corpus().checkExactly(owner(), at("regularizedGammaP", "x = 0", 2.5, 0.0, 100), 0.0, 0.0);
  }
}
