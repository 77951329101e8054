package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Optimisation test problems of the Moré-Garbow-Hillstrom collection (corpus/TestProblems.java):
 * extended Rosenbrock and Broyden tridiagonal as residual vectors summed through a helper, Powell
 * singular's blocks chosen by {@code i % 4} in a switch, the trigonometric function, Chebyquad by a
 * table of recurrences and by rolling locals, Brown almost-linear's product, Beale's and Bard's
 * constant tables, Wood, the helical valley by atan with its branches and by atan2 folded, Osborne 1
 * over 33 observations, Kowalik-Osborne's data as rows of a constant double[][], Freudenstein-Roth
 * and Box 3D; problems named by an enum, residuals through a method reference and a lambda given to
 * a generic sum of squares, MGH 28 and 29, Watson, Gulf, Meyer by a stream, Biggs EXP6 and a
 * ToDoubleFunction; an enum's constant bodies, an anonymous class, a void helper filling a
 * Jacobian, a static final function and an int[] permutation; each at the collection's standard starting point or near it (Brown badly scaled
 * near its minimum: at the start its values, near 1e12, leave differences no digits).
 */
class RealJavaTestProblemsTest extends RealJavaDomainTest {
  private static final double[] ROSENBROCK_START = {-1.2, 1.0, -1.2, 1.0};
  private static final double[] POWELL_START = {3.0, -1.0, 0.0, 1.0, 3.0, -1.0, 0.5, 1.0};
  private static final double[] BROYDEN_START = {-1.0, -1.0, -1.0, -1.0, -1.0};
  private static final double[] CHEBYQUAD_START = {1.0 / 6, 2.0 / 6, 3.0 / 6, 4.0 / 6, 5.0 / 6};
  private static final double[] OSBORNE1_START = {0.5, 1.5, -1.0, 0.01, 0.02};

  private static final Point ROSENBROCK = at("extendedRosenbrock", "standard start", (Object) ROSENBROCK_START);
  private static final Point POWELL = at("powellSingular", "two blocks", (Object) POWELL_START);
  private static final Point BROYDEN = at("broydenTridiagonal", "standard start", (Object) BROYDEN_START);
  private static final Point TRIGONOMETRIC = at("trigonometric", "standard start", (Object) new double[] {0.2, 0.2,
      0.2, 0.2, 0.2});
  private static final Point CHEBYQUAD = at("chebyquad", "standard start", (Object) CHEBYQUAD_START);
  private static final Point BROWN = at("brownAlmostLinear", "standard start", (Object) new double[] {0.5, 0.5, 0.5,
      0.5});
  private static final Point BROWN_STREAMS = at("brownAlmostLinearByStreams", "near the start", (Object) new double[] {
      0.5, 0.6, 0.4, 0.55});
  private static final Point BEALE = at("beale", "standard start", 1.0, 1.0);
  private static final Point WOOD = at("wood", "standard start", (Object) new double[] {-3.0, -1.0, -3.0, -1.0});
  private static final Point HELICAL = at("helicalValley", "standard start", -1.0, 0.0, 0.0);
  private static final Point OSBORNE1 = at("osborne1", "standard start", (Object) OSBORNE1_START);
  private static final Point BARD = at("bard", "standard start", 1.0, 1.0, 1.0);
  private static final Point KOWALIK = at("kowalikOsborne", "standard start", (Object) new double[] {0.25, 0.39,
      0.415, 0.39});
  private static final Point BOX = at("box3d", "ten residuals", 0.0, 10.0, 20.0, 10);

  private static final Point ENUM_ROSENBROCK = at("problem", "Rosenbrock by name", problem("ROSENBROCK"),
      new double[] {-1.2, 1.0});
  private static final Point PENALTY = at("penaltyOne", "a method reference", (Object) new double[] {1.0, 2.0, 3.0,
      4.0});
  private static final Point VARIABLY = at("variablyDimensioned", "a lambda of statements", (Object) new double[] {
      0.75, 0.5, 0.25, 0.0});
  private static final Point INTEGRAL = at("discreteIntegral", "standard start", (Object) new double[] {-0.16,
      -0.24, -0.24, -0.16});
  private static final Point WATSON = at("watson", "near the start", (Object) new double[] {0.1, 0.2, -0.1, 0.3,
      0.05, -0.2});
  private static final Point GULF = at("gulf", "standard start", 5.0, 2.5, 0.15);
  private static final Point MEYER = at("meyer", "a stream over the data", 0.02, 4000.0, 250.0);
  private static final Point BIGGS = at("biggsExp6", "standard start", (Object) new double[] {1.0, 2.0, 1.0, 1.0,
      1.0, 1.0});
  private static final Point THROUGH_FUNCTION = at("throughFunction", "a ToDoubleFunction", (Object) new double[] {
      0.7, -1.3});

  private static final Point SPHERE = at("scalar", "sphere", constant("TestProblems$Scalar", "SPHERE"),
      new double[] {0.3, -1.2, 0.8});
  private static final Point LINE = at("lineSample", "an anonymous class", new double[] {-0.5, 0.8},
      new double[] {1.3, 0.35});
  private static final Point GAUSS_NEWTON = at("gaussNewtonStep", "a Jacobian a helper fills", (Object) new double[] {
      -1.2, 1.0});
  private static final Point BOOTH = at("booth", "a static final function", (Object) new double[] {0.5, 1.5});
  private static final Point HIMMELBLAU = at("himmelblau", "swapped", new double[] {2.5, 1.5}, new int[] {1, 0});

  private static EnumConstant problem(String name) {
    return constant("TestProblems$Problem", name);
  }

  @Override
  String owner() {
    return "TestProblems";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(ROSENBROCK, POWELL, BROYDEN, TRIGONOMETRIC, CHEBYQUAD, BROWN, BEALE, WOOD, HELICAL, OSBORNE1,
        BARD, KOWALIK, BOX,
        at("helicalValley", "first quadrant", 0.8, 0.6, 0.3),
        at("helicalValley", "fourth quadrant: atan2 folded", 0.8, -0.6, 0.3),
        SPHERE, LINE, GAUSS_NEWTON, BOOTH, HIMMELBLAU,
        at("scalar", "Rastrigin", constant("TestProblems$Scalar", "RASTRIGIN"), new double[] {0.3, -1.2, 0.8}),
        BROWN_STREAMS, ENUM_ROSENBROCK, PENALTY, VARIABLY, INTEGRAL, WATSON, GULF, MEYER, BIGGS, THROUGH_FUNCTION,
        at("problem", "Brown badly scaled by name, near its minimum", problem("BROWN_BADLY_SCALED"),
            new double[] {1e6 + 3, 3e-6}),
        at("problem", "Jennrich-Sampson by name", problem("JENNRICH_SAMPSON"), new double[] {0.3, 0.4}));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(ROSENBROCK, POWELL, BROYDEN, TRIGONOMETRIC, CHEBYQUAD, BROWN, BEALE, WOOD, HELICAL, OSBORNE1,
        BARD, KOWALIK, BOX, LINE, GAUSS_NEWTON, BOOTH, BROWN_STREAMS, PENALTY, VARIABLY, INTEGRAL, WATSON, GULF, MEYER, BIGGS, THROUGH_FUNCTION);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("extendedRosenbrockResiduals", "standard start", (Object) ROSENBROCK_START),
        at("broydenTridiagonalResiduals", "standard start", (Object) BROYDEN_START),
        at("chebyquadResiduals", "seven residuals of five", CHEBYQUAD_START, 7),
        at("chebyquadResiduals", "one residual", CHEBYQUAD_START, 1),
        at("helicalValleyResiduals", "standard start", (Object) new double[] {-1.0, 0.0, 0.0}),
        at("helicalValleyResiduals", "first quadrant", (Object) new double[] {0.8, 0.6, 0.3}),
        at("osborne1Residuals", "standard start", (Object) OSBORNE1_START),
        at("freudensteinRothResiduals", "standard start", 0.5, -2.0),
        at("discreteBoundaryValue", "standard start", (Object) new double[] {-0.16, -0.24, -0.24, -0.16}));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("extendedRosenbrock", "odd n", IllegalArgumentException.class,
            "extended Rosenbrock needs n a positive multiple of 2, got n = 3", (Object) new double[] {1.0, 2.0, 3.0}),
        throwing("powellSingular", "six variables", IllegalArgumentException.class,
            "Powell singular needs n a positive multiple of 4, got n = 6", (Object) new double[6]),
        throwing("chebyquadResiduals", "no residuals", IllegalArgumentException.class,
            "need at least one residual, got m = 0", CHEBYQUAD_START, 0),
        throwing("wood", "three variables", IllegalArgumentException.class, "Wood's function has 4 variables, got 3",
            (Object) new double[3]),
        throwing("osborne1Residuals", "four parameters", IllegalArgumentException.class,
            "Osborne 1 has 5 parameters, got 4", (Object) new double[4]),
        throwing("problem", "wrong dimension", IllegalArgumentException.class,
            "JENNRICH_SAMPSON has dimension 2, got 3", problem("JENNRICH_SAMPSON"), new double[3]));
  }
}
