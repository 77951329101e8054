package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.stream.Stream;

/** Applied science (corpus/AppliedScience.java): see the corpus class for what each routine exercises. */
class RealJavaAppliedScienceTest extends RealJavaDomainTest {
  private static final double[][] TRIANGLE = {{0.0, 0.0, 2.0}, {1.0, 0.0, 2.2}, {0.0, 1.0, 1.9}};
  private static final double[] XS = {0.0, 1.0, 2.0, 4.0};
  private static final double[] YS = {0.0, 0.5, 1.5};
  private static final double[][] TABLE = {{1.0, 1.2, 1.9}, {1.1, 1.6, 2.4}, {0.9, 1.3, 2.2}, {0.5, 1.0, 2.8}};

  private static final Point RAY = at("rayTriangle", "hits", new double[] {0.2, 0.3, 0.0},
      new double[] {0.05, -0.02, 1.0}, TRIANGLE);
  private static final Point CATENARY = at("catenaryParameter", "shallow", 10.0, 1.5);
  private static final Point BEAM = at("beamDeflection", "steel", "Steel", 500.0, 2.0, 0.05, 0.1);
  private static final Point BILINEAR = at("bilinear", "inner cell", XS, YS, TABLE, 2.5, 0.8);
  private static final Point PERIOD = at("pendulumPeriod", "wide swing", 1.2, 1.1);
  private static final Point ROTATE = at("rotateInPlace", "three points",
      new double[][] {{1.0, 0.0}, {0.5, 0.5}, {-0.2, 1.0}}, 0.4);
  private static final Point FMA = at("fmaNorm", "three", new double[] {0.3, -1.2, 0.8}, 1.7);
  private static final Point CROSS = at("scaledCross", "skew", new double[] {1.0, 0.2, -0.5},
      new double[] {0.3, 1.1, 0.4}, 0.7);

  @Override
  String owner() {
    return "AppliedScience";
  }

  private static List<Object> wall() {
    return List.of(record("AppliedScience$Layer", "brick", 0.1, 0.7),
        record("AppliedScience$Layer", "insulation", 0.08, 0.04), record("AppliedScience$Layer", "plaster", 0.015, 0.5));
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        RAY,
        at("rayTriangle", "misses beside", new double[] {0.9, 0.9, 0.0}, new double[] {0.0, 0.0, 1.0}, TRIANGLE),
        at("rayTriangle", "parallel", new double[] {0.2, 0.3, 0.0}, new double[] {1.0, 0.0, 0.0},
            new double[][] {{0.0, 0.0, 2.0}, {1.0, 0.0, 2.0}, {0.0, 1.0, 2.0}}),
        CATENARY,
        BEAM,
        at("beamDeflection", "aluminum", "aluminum", 500.0, 2.0, 0.05, 0.1),
        at("wallHeatFlux", "three layers", wall(), 21.0, -5.0, 8.0, 25.0),
        BILINEAR,
        at("bilinear", "first cell", XS, YS, TABLE, 0.3, 0.2),
        PERIOD,
        ROTATE,
        FMA,
        CROSS);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(RAY, CATENARY, BILINEAR, PERIOD, ROTATE, FMA, CROSS);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("beamDeflection", "unknown material", IllegalArgumentException.class, "unknown material: wood",
            "wood", 500.0, 2.0, 0.05, 0.1),
        throwing("bilinear", "outside", IllegalArgumentException.class, "(5.00, 0.20) outside the table",
            XS, YS, TABLE, 5.0, 0.2),
        throwing("catenaryParameter", "NaN sag", ArithmeticException.class, "no convergence from 10.0", 10.0,
            Double.NaN));
  }
}
