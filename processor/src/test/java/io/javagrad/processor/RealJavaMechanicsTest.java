package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/** Mechanics (corpus/Mechanics.java): see the corpus class for what each routine exercises. */
class RealJavaMechanicsTest extends RealJavaDomainTest {
  private static final double[] KNOTS = {0, 1, 2.5, 4};
  private static final double[] VALUES = {1, 3, 2, 5};

  private static final Point SIMPSON = at("simpson", "ten panels", 0.0, 2.0, 0.7, 10);
  private static final Point UPWIND = at("upwindPeriodic", "seven steps", new double[] {1, 0.2, -0.5, 0.8}, 0.4, 7);
  private static final Point TRUSS = at("trussTrace", "four joints", new double[] {0, 1, 0.5, 1.6},
      new double[] {0, 0.1, 1.0, 1.2}, 2.0);
  private static final Point ADAPTIVE = at("adaptiveSimpson", "oscillating", 0.0, 2.0, 1.3);
  private static final Point TABLE = at("piecewiseLinear", "second interval", KNOTS, VALUES, 1.7);
  private static final Point DRAG = at("dragCoefficient", "intermediate, rough", 50.0, 0.02);

  @Override
  String owner() {
    return "Mechanics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("stagnationPressure", "carbon dioxide", constant("Mechanics$Gas", "CO2"), 300.0, 120.0, 1.0),
        at("stagnationPressure", "argon", constant("Mechanics$Gas", "ARGON"), 250.0, 200.0, 2.0),
        SIMPSON,
        UPWIND,
        TRUSS,
        ADAPTIVE,
        TABLE,
        at("piecewiseLinear", "first interval", KNOTS, VALUES, 0.4),
        at("dragCoefficient", "Stokes, capped", 0.5, 0.0),
        DRAG,
        at("dragCoefficient", "Newton regime", 5e3, 0.0));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(SIMPSON, UPWIND, TRUSS, ADAPTIVE, TABLE, DRAG);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("simpson", "odd panels", IllegalArgumentException.class, "n must be even: 7", 0.0, 2.0, 0.7, 7));
  }
}
