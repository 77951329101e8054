package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Geometry and kinematics (corpus/Geometry.java): quaternions as {@code double[4]} normalised by a
 * helper that throws at zero, a vector rotated by the Hamilton product, slerp on its arc, with the
 * shorter arc's sign flip, and on its small-angle branch; Euler rotations composed in loops of
 * matrices an enum orders, the angle of a Rodrigues matrix from its trace, de Casteljau's scratch
 * rows, a cubic Bezier's length by recursive adaptive Simpson, Catmull-Rom with reflected ends, a
 * natural spline's tridiagonal solve, the shoelace area and centroid with wrap-around indices, the
 * clamped distance to a segment, and a two-link arm's residual and cost; a mesh's area, a convex
 * hull's perimeter over indices sorted by Comparator.comparingDouble keys, the shoelace as a
 * stream, Hausdorff's labelled continue, Euler angles off a quaternion's matrix (not at gimbal
 * lock, where differences cross the branch), Gauss-Newton IK in a do-while, curvature and a
 * winding number; an element of a helper's matrix read in place, and de Casteljau's recursion.
 */
class RealJavaGeometryTest extends RealJavaDomainTest {
  private static final double[] Q = {0.9, 0.2, -0.3, 0.25};
  private static final double[] V = {1.0, -0.5, 2.0};
  private static final double[][] CONTROL = {{0.0, 0.0, 0.0}, {1.0, 2.0, 0.5}, {3.0, 2.5, -1.0}, {4.0, 0.0, 1.0}};
  private static final double[] KNOTS = {0.0, 1.0, 2.5, 3.0, 4.5};
  private static final double[] VALUES = {1.0, 2.0, 0.5, 1.5, 3.0};
  private static final double[] XS = {0.0, 4.0, 5.0, 1.0, -1.0};
  private static final double[] YS = {0.0, -0.5, 3.0, 4.0, 2.0};
  private static final double[][] PENTAGON = {{0.0, 0.0}, {4.0, -0.5}, {5.0, 3.0}, {1.0, 4.0}, {-1.0, 2.0}};
  private static final double[] LENGTHS = {1.0, 0.8};
  private static final double[] TARGET = {1.2, 0.7};

  private static final Point SLERP = at("slerp", "on the arc", Q, new double[] {0.3, -0.6, 0.5, 0.55}, 0.35);
  private static final Point EULER = at("eulerRotate", "x then y then z", new double[] {0.3, -0.4, 0.7},
      order("XYZ"), V);
  private static final Point TRACE = at("rotationAngleFromTrace", "a quarter turn", (Object) new double[] {0.6, -0.8,
      1.2});
  private static final Point LENGTH = at("cubicBezierLength", "an S curve", new double[] {0.0, 1.0, 2.0, 4.0},
      new double[] {0.0, 3.0, -2.0, 1.0});
  private static final Point CATMULL = at("catmullRom", "inner segment", new double[] {1.0, 3.0, 2.0, 5.0, 4.0}, 1.4);
  private static final Point SPLINE = at("naturalSpline", "third interval", KNOTS, VALUES, 2.7);
  private static final Point AREA = at("polygonArea", "pentagon", XS, YS);
  private static final Point DISTANCE = at("pointSegmentDistance", "projects inside", new double[] {1.0, 2.0, 0.5},
      new double[] {0.0, 0.0, 0.0}, new double[] {3.0, 1.0, 1.0});
  private static final Point COST = at("twoLinkCost", "bent elbow", LENGTHS, new double[] {0.4, 0.9}, TARGET);
  private static final double[][] TETRAHEDRON = {{0.0, 0.0, 0.0}, {1.0, 0.2, 0.1}, {0.3, 1.1, -0.2}, {0.2, 0.4, 0.9}};
  private static final int[][] FACES = {{0, 1, 2}, {0, 3, 1}, {1, 3, 2}, {2, 3, 0}};
  private static final double[][] CLOUD = {{0.0, 0.0}, {2.0, -0.5}, {3.1, 1.2}, {1.0, 0.6}, {1.6, 2.9}, {-0.4, 1.8},
      {0.9, 1.4}};
  private static final double[][] PLANAR = {{0.0, 0.0}, {1.0, 2.0}, {3.0, 2.5}, {4.0, 0.0}};

  private static final Point MESH = at("meshArea", "tetrahedron", TETRAHEDRON, FACES);
  private static final Point HULL = at("hullPerimeter", "two points inside", (Object) CLOUD);
  private static final Point STREAM_AREA = at("streamArea", "pentagon", XS, YS);
  private static final Point HAUSDORFF = at("hausdorff", "early exits", new double[][] {{0.0, 0.0}, {1.0, 0.1},
      {0.2, 0.9}}, new double[][] {{0.1, 0.2}, {1.5, 0.4}, {0.6, 1.7}});
  private static final Point IK = at("solveIk", "Gauss-Newton converged", 1.0, 0.8, 1.2, 0.7);
  private static final Point CURVATURE = at("bezierCurvature", "left turn", PLANAR, 0.4);
  private static final Point ROTATED_Y = at("rotatedY", "helper's matrix read in place", 0.7, new double[] {1.5,
      -0.5});
  private static final Point RECURSIVE_BEZIER = at("recursiveBezier", "quartic", new double[] {0.0, 1.5, -0.5, 2.0,
      1.0}, 0.3);
  private static final Point CENTRED = at("centredMoment", "rows written in place", (Object) PENTAGON);
  private static final Point RITTER = at("ritterRadius", "two growths", (Object) new double[][] {{0.0, 0.0},
      {2.0, 0.5}, {0.5, 1.0}, {-1.5, 1.2}});
  private static final Point INSIDE = at("signedVertexDistance", "inside", new double[] {1.5, 1.5}, XS, YS);

  private static EnumConstant order(String name) {
    return constant("Geometry$EulerOrder", name);
  }

  @Override
  String owner() {
    return "Geometry";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(TRACE, LENGTH, CATMULL, SPLINE, AREA, DISTANCE, COST, MESH, HULL, STREAM_AREA, HAUSDORFF, IK,
        CURVATURE, INSIDE, ROTATED_Y, RECURSIVE_BEZIER, CENTRED, RITTER,
        at("signedVertexDistance", "outside", new double[] {6.0, 1.0}, XS, YS),
        at("rotationAngleFromTrace", "no rotation", (Object) new double[3]),
        at("catmullRom", "first segment, reflected start", new double[] {1.0, 3.0, 2.0, 5.0}, 0.3),
        at("catmullRom", "last segment, reflected end", new double[] {1.0, 3.0, 2.0, 5.0}, 2.6),
        at("naturalSpline", "first interval", KNOTS, VALUES, 0.4),
        at("naturalSpline", "last interval", KNOTS, VALUES, 4.0),
        at("pointSegmentDistance", "clamped to a", new double[] {-2.0, 1.0, 0.5}, new double[] {0.0, 0.0, 0.0},
            new double[] {3.0, 1.0, 1.0}),
        at("pointSegmentDistance", "clamped to b", new double[] {5.0, 2.0, 0.0}, new double[] {0.0, 0.0, 0.0},
            new double[] {3.0, 1.0, 1.0}));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(TRACE, LENGTH, CATMULL, SPLINE, AREA, DISTANCE, COST, MESH, HULL, STREAM_AREA, HAUSDORFF, IK,
        CURVATURE, INSIDE, ROTATED_Y, RECURSIVE_BEZIER, CENTRED, RITTER);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("rotateByQuaternion", "unnormalised quaternion", Q, V),
        SLERP,
        at("slerp", "the shorter arc flips the end", Q, new double[] {-0.3, 0.6, -0.5, -0.55}, 0.6),
        at("slerp", "nearly parallel: linear", Q, new double[] {0.9, 0.21, -0.3, 0.25}, 0.4),
        EULER,
        at("eulerRotate", "z then y then x", new double[] {0.3, -0.4, 0.7}, order("ZYX"), V),
        at("bezierPoint", "cubic in space", CONTROL, 0.3),
        at("polygonCentroid", "pentagon", (Object) PENTAGON),
        at("twoLinkResidual", "bent elbow", LENGTHS, new double[] {0.4, 0.9}, TARGET),
        at("quaternionToEuler", "general attitude", (Object) new double[] {0.9, 0.2, -0.3, 0.25}));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("rotateByQuaternion", "three components", IllegalArgumentException.class,
            "quaternion must have 4 components, got 3", new double[] {1.0, 0.0, 0.0}, V),
        throwing("rotateByQuaternion", "zero quaternion", IllegalArgumentException.class,
            "cannot normalise a zero quaternion", new double[4], V),
        throwing("slerp", "t past the end", IllegalArgumentException.class,
            "interpolation parameter outside [0, 1]: 1.5", Q, Q, 1.5),
        throwing("eulerRotate", "two angles", IllegalArgumentException.class, "angles must have 3 components, got 2",
            new double[] {0.1, 0.2}, order("XYZ"), V),
        throwing("bezierPoint", "one control point", IllegalArgumentException.class,
            "a Bezier curve needs at least 2 control points, got 1", new double[][] {{1.0, 2.0}}, 0.5),
        throwing("cubicBezierLength", "a quadratic", IllegalArgumentException.class,
            "x coordinates must have 4 components, got 3", new double[] {0.0, 1.0, 2.0},
            new double[] {0.0, 1.0, 2.0, 3.0}),
        throwing("catmullRom", "one point", IllegalArgumentException.class, "need at least 2 points, got 1",
            new double[] {1.0}, 0.0),
        throwing("catmullRom", "before the start", IllegalArgumentException.class,
            "parameter -0.5 is before the first point", new double[] {1.0, 2.0}, -0.5),
        throwing("naturalSpline", "two knots", IllegalArgumentException.class,
            "need at least 3 knots with one value each, got 2 knots and 2 values", new double[] {0.0, 1.0},
            new double[] {1.0, 2.0}, 0.5),
        throwing("naturalSpline", "knots repeat", IllegalArgumentException.class,
            "knots must increase strictly at index 2", new double[] {0.0, 1.0, 1.0}, new double[] {1.0, 2.0, 3.0},
            0.5),
        throwing("polygonArea", "a segment", IllegalArgumentException.class,
            "a polygon needs at least 3 vertices with two coordinates each", new double[] {0.0, 1.0},
            new double[] {0.0, 1.0}),
        throwing("polygonCentroid", "collinear", ArithmeticException.class, "degenerate polygon: zero area",
            (Object) new double[][] {{0.0, 0.0}, {1.0, 1.0}, {2.0, 2.0}}),
        throwing("twoLinkCost", "out of reach", IllegalArgumentException.class,
            "target (2.00, 0.50) is out of reach 1.80", LENGTHS, new double[] {0.4, 0.9}, new double[] {2.0, 0.5}),
        throwing("recursiveBezier", "no control points", IllegalArgumentException.class, "no control points",
            new double[0], 0.5),
        throwing("hullPerimeter", "two points", IllegalArgumentException.class, "need at least 3 points, got 2",
            (Object) new double[][] {{0.0, 0.0}, {1.0, 1.0}}));
  }
}
