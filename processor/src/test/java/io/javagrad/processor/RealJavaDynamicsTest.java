package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Simulation and linear algebra (corpus/Dynamics.java): RK4 and adaptive Dormand-Prince whose
 * derivative helper fills an array, with Butcher tables as constants, a record of tolerances read in
 * active code and in a String.format message, a labelled continue on rejection; velocity Verlet over
 * double[][] positions with forces from a helper returning a new double[][]; a damped pendulum in a
 * do/while with var; a Lotka-Volterra fit; backward Euler with Newton inside; Cholesky, LU with row
 * swaps and an int[] permutation, Gauss-Seidel to a tolerance with a labelled break, power iteration
 * with a buffer swap and Math.hypot, and a determinant by recursive Laplace expansion.
 */
class RealJavaDynamicsTest extends RealJavaDomainTest {
  private static final RecordValue TIGHT = record("Dynamics$Tolerances", 1e-8, 1e-8, 1000);
  private static final RecordValue LOOSE = record("Dynamics$Tolerances", 1e-4, 1e-3, 1000);
  private static final double[] Y0 = {1.0, 0.0};
  private static final double[] DUFFING = {0.2, 1.0, 0.5, 0.3, 1.2};
  private static final double[][] POSITIONS = {{0.0, 0.0}, {1.1, 0.1}, {2.0, -0.2}};
  private static final double[][] VELOCITIES = {{0.1, 0.0}, {0.0, 0.2}, {-0.1, 0.05}};
  private static final double[][] OBSERVED = {{1.0, 12.0, 5.5}, {2.5, 9.0, 7.0}, {4.0, 5.0, 8.0}};
  private static final double[][] SPD = {{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 2.0}};
  private static final double[][] PIVOTED = {{1.0, 2.0, 3.0}, {4.0, 1.0, -1.0}, {2.0, -3.0, 5.0}};
  private static final double[][] DOMINANT = {{5.0, 1.0, 1.0}, {1.0, 4.0, -1.0}, {0.5, 1.0, 6.0}};
  private static final double[] B = {1.0, -0.5, 0.3};
  private static final double[] C = {0.7, 0.2, -1.1};

  /** Points checked to the second order too. */
  private static final Point RK4 = at("rk4Duffing", "30 steps", Y0, DUFFING, 3.0, 30);
  private static final Point DORMAND_PRINCE = at("dormandPrinceDuffing", "loose tolerances", Y0, DUFFING, 3.0, LOOSE);
  private static final Point VERLET = at("verletChainEnergy", "three particles, 20 steps", POSITIONS, VELOCITIES, 2.0,
      0.05, 20);
  private static final Point PENDULUM = at("dampedPendulumEnergy", "last step partial", 0.5, 0.2, 0.3, 1.2, 2.05, 0.1);
  private static final Point CHOLESKY = at("choleskyQuadratic", "3 by 3", SPD, B);
  private static final Point LU = at("luSolveProjection", "pivoting", PIVOTED, B, C);
  private static final Point LAPLACE = at("logAbsDeterminant", "4 by 4, recursing", (Object) new double[][] {
      {2.0, 1.0, 0.5, 0.1}, {0.3, 3.0, 1.0, 0.2}, {1.0, 0.4, 4.0, 0.6}, {0.2, 0.1, 0.7, 1.5}});

  @Override
  String owner() {
    return "Dynamics";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        RK4,
        at("rk4Duffing", "one step", Y0, DUFFING, 0.2, 1),
        DORMAND_PRINCE,
        at("dormandPrinceDuffing", "tight tolerances", Y0, DUFFING, 3.0, TIGHT),
        VERLET,
        PENDULUM,
        at("dampedPendulumEnergy", "one step", 1.2, -0.4, 0.1, 0.8, 0.05, 0.1),
        at("lotkaVolterraLoss", "three observations", 1.1, 0.4, 0.1, 0.4, 10.0, 5.0, OBSERVED, 0.1),
        at("backwardEulerHarvest", "ten steps", 0.5, 1.2, 10.0, 0.8, 2.0, 10),
        CHOLESKY,
        LU,
        at("luSolveProjection", "no swap", SPD, B, C),
        at("gaussSeidelSum", "diagonally dominant", DOMINANT, B, 1e-12, 100),
        at("powerIterationRayleigh", "symmetric", new double[][] {{2.0, 1.0, 0.0}, {1.0, 3.0, 1.0}, {0.0, 1.0, 4.0}},
            30),
        at("powerIterationRayleigh", "no iterations", SPD, 0),
        LAPLACE,
        at("logAbsDeterminant", "negative determinant", (Object) new double[][] {{0.5, 2.0}, {1.5, 0.3}}));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(RK4, DORMAND_PRINCE, VERLET, PENDULUM, CHOLESKY, LU, LAPLACE);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("rk4Duffing", "four parameters", IllegalArgumentException.class,
            "Duffing takes (c, k, b, F, w), got 4 parameters", Y0, new double[] {0.2, 1.0, 0.5, 0.3}, 3.0, 30),
        throwing("rk4Duffing", "no steps", IllegalArgumentException.class, "steps must be positive: 0",
            Y0, DUFFING, 3.0, 0),
        throwing("dormandPrinceDuffing", "step cap", IllegalStateException.class,
            "no convergence in 3 steps at t=1.5100", Y0, DUFFING, 3.0, record("Dynamics$Tolerances", 1e-4, 1e-3, 3)),
        throwing("verletChainEnergy", "velocities missing", IllegalArgumentException.class,
            "3 positions but 2 velocities", POSITIONS, new double[][] {{0.1, 0.0}, {0.0, 0.2}}, 2.0, 0.05, 20),
        throwing("dampedPendulumEnergy", "length 0", IllegalArgumentException.class,
            "length and dt must be positive: 0.0, 0.1", 0.5, 0.2, 0.3, 0.0, 2.05, 0.1),
        throwing("lotkaVolterraLoss", "times decrease", IllegalArgumentException.class,
            "observation times must increase: 0.5 after 1.0", 1.1, 0.4, 0.1, 0.4, 10.0, 5.0,
            new double[][] {{1.0, 12.0, 5.5}, {0.5, 9.0, 7.0}}, 0.1),
        throwing("backwardEulerHarvest", "NaN start", ArithmeticException.class,
            "Newton's method failed at step 0, y = NaN", Double.NaN, 1.2, 10.0, 0.8, 2.0, 10),
        throwing("choleskyQuadratic", "indefinite", ArithmeticException.class,
            "matrix is not positive definite at pivot 1: -3.0", new double[][] {{1.0, 2.0}, {2.0, 1.0}},
            new double[] {1.0, 1.0}),
        throwing("choleskyQuadratic", "sizes differ", IllegalArgumentException.class,
            "matrix of 3 rows for a vector of 2", SPD, new double[] {1.0, 1.0}),
        throwing("luSolveProjection", "singular", ArithmeticException.class, "matrix is singular at column 1",
            new double[][] {{1.0, 2.0}, {2.0, 4.0}}, new double[] {1.0, 1.0}, new double[] {1.0, 1.0}),
        throwing("gaussSeidelSum", "sweep cap", ArithmeticException.class, "Gauss-Seidel did not converge in 3 sweeps",
            DOMINANT, B, 1e-12, 3),
        throwing("gaussSeidelSum", "zero diagonal", ArithmeticException.class, "zero on the diagonal at 1",
            new double[][] {{1.0, 2.0}, {2.0, 0.0}}, new double[] {1.0, 1.0}, 1e-12, 100),
        throwing("powerIterationRayleigh", "zero matrix", ArithmeticException.class, "A v vanished at iteration 0",
            new double[2][2], 5),
        throwing("logAbsDeterminant", "not square", IllegalArgumentException.class,
            "not square: a row of 3 in 2 rows", (Object) new double[][] {{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}}),
        throwing("logAbsDeterminant", "singular", ArithmeticException.class, "singular matrix",
            (Object) new double[][] {{1.0, 2.0}, {2.0, 4.0}}));
  }
}
