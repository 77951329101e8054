package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * ADBench's bundle adjustment (corpus/BundleAdjustment.java): Rodrigues' rotation with its
 * angle-0 branch, radial distortion in place, the projection through helpers that fill output
 * arrays and take {@code Arrays.copyOfRange} slices of the camera, one observation's residual as a
 * vector (its Jacobian checked) and squared, and the whole objective over cameras and points as
 * rows of {@code double[][]} and again over flat arrays with offsets, as the C++ lays them out.
 */
class RealJavaBundleAdjustmentTest extends RealJavaDomainTest {
  private static final double[][] CAMS = {
      {0.1, -0.05, 0.02, 0.3, -0.2, -2.0, 1.2, 0.01, -0.02, -0.1, 0.05},
      {-0.08, 0.12, -0.03, -0.4, 0.1, -1.5, 1.1, -0.01, 0.03, -0.05, 0.02}};
  private static final double[][] POINTS = {{0.5, -0.3, 2.0}, {-0.7, 0.4, 1.5}, {0.2, 0.9, 2.5}};
  private static final int[][] OBS = {{0, 0}, {0, 1}, {1, 1}, {1, 2}};
  private static final double[] WEIGHTS = {0.9, 1.1, 0.8, 1.05};
  private static final double[][] FEATS = {{0.1, -0.05}, {-0.2, 0.15}, {-0.1, 0.2}, {0.15, 0.3}};
  private static final double[] ROT = {0.3, -0.2, 0.5};
  private static final double[] PT = {1, 2, 3};

  private static final Point ZACH = at("zachWeightError", "w", 0.8);
  private static final Point ROTATED = at("rotatedCoordinate", "z of a rotation", ROT, PT, 2);
  private static final Point SQUARED = at("squaredReprojectionError", "one observation", CAMS[0], POINTS[0], 0.9,
      FEATS[0]);
  private static final Point FLAT = at("objectiveFlat", "flat arrays with offsets", 2, 3, 4, flat(CAMS), flat(POINTS),
      WEIGHTS, Arrays.stream(OBS).flatMapToInt(Arrays::stream).toArray(), flat(FEATS));

  private static double[] flat(double[][] rows) {
    return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
  }

  @Override
  String owner() {
    return "BundleAdjustment";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(ZACH, ROTATED, SQUARED, FLAT,
        at("rotatedCoordinate", "x of a rotation", ROT, PT, 0),
        at("rotatedCoordinate", "angle 0: the first-order formula", new double[3], PT, 1),
        at("squaredReprojectionError", "second camera", CAMS[1], POINTS[2], 1.05, FEATS[3]),
        at("objective", "rows of double[][]", CAMS, POINTS, WEIGHTS, OBS, FEATS));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(ZACH, ROTATED, SQUARED, FLAT);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(at("reprojectionError", "both coordinates", CAMS[1], POINTS[1], 0.8, FEATS[2]));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("rotatedCoordinate", "no such coordinate", IllegalArgumentException.class,
            "coordinate 3 is not 0, 1 or 2", ROT, PT, 3),
        throwing("objective", "fewer observations than weights", IllegalArgumentException.class,
            "3 observations, 4 weights, 4 features", CAMS, POINTS, WEIGHTS, Arrays.copyOf(OBS, 3), FEATS),
        throwing("objectiveFlat", "a camera too many", IllegalArgumentException.class,
            "sizes do not match n = 3, m = 3, p = 4", 3, 3, 4, flat(CAMS), flat(POINTS), WEIGHTS,
            Arrays.stream(OBS).flatMapToInt(Arrays::stream).toArray(), flat(FEATS)));
  }
}
