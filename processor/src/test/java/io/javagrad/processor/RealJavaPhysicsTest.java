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
 * Physics (corpus/Physics.java): Arrhenius kinetics stepped by implicit Euler with Newton inside
 * and a formatted message when it fails, the heat equation explicit (an enum switch on the
 * boundaries, a record grid with a method, time levels in a double[][]) and by Crank-Nicolson with
 * a Thomas solve in a helper returning its solution, the wave equation with time levels rotated by
 * index, Kepler's equation by Newton with a return from the loop, a leapfrog two-body orbit over
 * var clones, and a meridional ray traced through spherical surfaces with a labelled continue and
 * early returns.
 */
class RealJavaPhysicsTest extends RealJavaDomainTest {
  private static final double[] BUMP = {0.0, 0.3, 0.9, 1.0, 0.7, 0.2, 0.0};
  private static final RecordValue GRID = record("Physics$Grid", 7, 1.0, 0.005, 12);
  private static final RecordValue WAVE_GRID = record("Physics$Grid", 7, 1.0, 0.05, 9);
  private static final double[] R0 = {1.0, 0.0};
  private static final double[] V0 = {0.0, 1.1};
  private static final double[] RADII = {0.5, -0.5};
  private static final double[] VERTICES = {1.0, 1.2};
  private static final double[] INDICES = {1.5, 1.0};

  private static final Point KINETICS = at("implicitKineticsB", "ten steps", 1.0, 12.0, 5.0e4, 14.0, 6.0e4, 350.0,
      0.5, 10);
  private static final Point HEAT = at("explicitHeat", "insulated", BUMP, 2.0, GRID,
      constant("Physics$Boundary", "INSULATED"));
  private static final Point CRANK_NICOLSON = at("crankNicolsonProbe", "probe 2", BUMP, 1.5, GRID, 2);
  private static final Point WAVE = at("waveEnergy", "nine steps", BUMP, 1.2, WAVE_GRID);
  private static final Point KEPLER = at("eccentricAnomaly", "moderate e", 1.3, 0.4);
  private static final Point TRUE_ANOMALY = at("trueAnomaly", "moderate e", 2.1, 0.3);
  private static final Point ORBIT = at("twoBodyRadius", "elliptic, 40 steps", R0, V0, 1.0, 0.05, 40);
  private static final Point LENS = at("axisCrossing", "biconvex", 0.1, 0.0, RADII, VERTICES, INDICES);

  @Override
  String owner() {
    return "Physics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        KINETICS,
        at("implicitKineticsB", "no steps", 1.0, 12.0, 5.0e4, 14.0, 6.0e4, 350.0, 0.5, 0),
        HEAT,
        at("explicitHeat", "fixed ends", BUMP, 2.0, GRID, constant("Physics$Boundary", "DIRICHLET")),
        CRANK_NICOLSON,
        at("crankNicolsonProbe", "no steps", BUMP, 1.5, record("Physics$Grid", 7, 1.0, 0.01, 0), 4),
        WAVE,
        KEPLER,
        at("eccentricAnomaly", "high e starts at pi", 0.7, 0.9),
        at("eccentricAnomaly", "beyond one turn", 8.0, 0.2),
        TRUE_ANOMALY,
        ORBIT,
        at("orbitalEnergy", "bound", R0, V0, 1.0),
        LENS,
        at("axisCrossing", "tilted ray", 0.05, 0.02, RADII, VERTICES, INDICES));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(KINETICS, CRANK_NICOLSON, WAVE, KEPLER, TRUE_ANOMALY, ORBIT, LENS);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("implicitKineticsB", "cold", IllegalArgumentException.class, "temperature must be positive: 0.0",
            1.0, 12.0, 5.0e4, 14.0, 6.0e4, 0.0, 0.5, 10),
        throwing("explicitHeat", "unstable", IllegalArgumentException.class, "unstable: r = 0.720 > 1/2",
            BUMP, 4.0, GRID, constant("Physics$Boundary", "DIRICHLET")),
        throwing("explicitHeat", "wrong length", IllegalArgumentException.class, "3 initial values for 7 cells",
            new double[] {1, 2, 3}, 1.0, GRID, constant("Physics$Boundary", "DIRICHLET")),
        throwing("crankNicolsonProbe", "probe on the boundary", IndexOutOfBoundsException.class,
            "probe 6 is not an interior cell of 7", BUMP, 1.5, GRID, 6),
        throwing("waveEnergy", "CFL", IllegalArgumentException.class, "CFL violated: 3.0",
            BUMP, 10.0, WAVE_GRID),
        throwing("eccentricAnomaly", "parabolic", IllegalArgumentException.class, "elliptic orbits only: e = 1.0",
            1.0, 1.0),
        throwing("twoBodyRadius", "at the centre", ArithmeticException.class, "collision",
            new double[] {0.0, 0.0}, V0, 1.0, 0.05, 3),
        throwing("axisCrossing", "lengths differ", IllegalArgumentException.class,
            "radii, vertices and indices differ in length", 0.1, 0.0, RADII, new double[] {1.0}, INDICES));
  }
}
