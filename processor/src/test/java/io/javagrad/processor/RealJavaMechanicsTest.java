package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * ODE steppers and orbits (corpus/Mechanics.java): RK4 with scalar stages in a for and in a
 * do/while, an Euler integration ended by a labelled break with a step cap ({@code steps++ >=}),
 * Kepler's equation by Newton with a tolerance and a cap (reached by a NaN input), a swap of
 * parameters, toRadians, toDegrees and StrictMath, a step count from Math.ceil of active values.
 */
class RealJavaMechanicsTest extends RealJavaDomainTest {
  private static final double MU_EARTH = 398600.4418;

  @Override
  String owner() {
    return "Mechanics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("rk4Forced", "20 steps", 1.0, 0.7, 2.0, 20),
        at("rk4Forced", "50 steps, stiffer", -0.5, 2.3, 5.0, 50),
        at("pendulumAngle", "40 steps", 0.3, 0.0, 9.81, 1.2, 2.0, 40),
        at("pendulumAngle", "one step of the do/while", 1.2, -0.5, 9.81, 0.8, 1.0, 1),
        at("projectileRange", "with drag", 30.0, 40.0, 0.01, 0.01),
        at("projectileRange", "without drag", 12.0, 70.0, 0.0, 0.005),
        at("eccentricAnomaly", "low eccentricity", 1.2, 0.3),
        at("eccentricAnomaly", "high eccentricity, start at pi", -2.5, 0.85),
        at("eccentricAnomaly", "mean anomaly reduced", 7.5, 0.5),
        at("trueAnomaly", "low eccentricity", 1.2, 0.3),
        at("trueAnomaly", "high eccentricity", -2.5, 0.85),
        at("hohmannDeltaV", "outward", 7000.0, 42164.0, MU_EARTH),
        at("hohmannDeltaV", "inward: radii swapped", 42164.0, 7000.0, MU_EARTH),
        at("greatCircleKm", "Paris to New York", 48.8566, 2.3522, 40.7128, -74.0060),
        at("greatCircleKm", "Sydney to Tokyo", -33.8688, 151.2093, 35.6762, 139.6503),
        at("initialBearingDeg", "eastward", 48.8566, 2.3522, 55.7558, 37.6173),
        at("initialBearingDeg", "westward: wrapped to [0, 360)", 48.8566, 2.3522, 40.7128, -74.0060),
        at("rk4ToTime", "ceil(20.5) = 21 steps", 1.0, 0.7, 2.05, 0.1));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("rk4Forced", "no steps", IllegalArgumentException.class, "steps must be positive: 0",
            1.0, 0.7, 2.0, 0),
        throwing("pendulumAngle", "length 0", IllegalArgumentException.class, "length must be positive: 0.0",
            0.3, 0.0, 9.81, 0.0, 2.0, 40),
        throwing("projectileRange", "step cap", IllegalStateException.class, "no impact within 10000 steps",
            30.0, 40.0, 0.01, 1e-6),
        throwing("projectileRange", "dt 0", IllegalArgumentException.class, "dt must be positive: 0.0",
            30.0, 40.0, 0.01, 0.0),
        throwing("eccentricAnomaly", "iteration cap (NaN)", IllegalStateException.class,
            "Kepler's equation did not converge: M = NaN, e = 0.3", Double.NaN, 0.3),
        throwing("eccentricAnomaly", "parabolic", IllegalArgumentException.class,
            "eccentricity must be in [0, 1): 1.0", 1.0, 1.0),
        throwing("trueAnomaly", "the callee's check", IllegalArgumentException.class,
            "eccentricity must be in [0, 1): -0.1", 1.0, -0.1),
        throwing("hohmannDeltaV", "negative radius", IllegalArgumentException.class,
            "orbit radii must be positive: -1.0, 7000.0", -1.0, 7000.0, MU_EARTH),
        throwing("greatCircleKm", "latitude out of range", IllegalArgumentException.class,
            "latitude out of range: 91.0, 10.0", 91.0, 0.0, 10.0, 0.0),
        throwing("rk4ToTime", "infinite end", IllegalArgumentException.class,
            "t1 must be finite and positive: Infinity", 1.0, 0.7, Double.POSITIVE_INFINITY, 0.1));
  }
}
