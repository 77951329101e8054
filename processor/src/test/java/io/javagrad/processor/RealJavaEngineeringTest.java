package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Engineering (corpus/Engineering.java): a finite-element bar assembled through int[] dof tables
 * and Gauss points from a constant table, solved by elimination with row swaps in a helper, a
 * cantilever of Hermite beam elements reduced by Arrays.copyOfRange rows, a truss joint, an LQR
 * cost by Riccati iteration with 2x2 helpers, a PID loop with a record of gains and a saturation
 * that stops the integrator, FIR and biquad filters, a windowed DFT whose window is an enum
 * method with a switch on this, a stream over bins calling it, and geometry: the shoelace area and
 * centroid, a clamped point-segment distance, de Casteljau, de Boor, and quaternion rotation.
 */
class RealJavaEngineeringTest extends RealJavaDomainTest {
  private static final double[] LENGTHS = {1.0, 0.8, 1.2};
  private static final double[] AXIAL = {2.0, 3.0, 1.5};
  private static final double[] NODAL_LOADS = {0.0, 0.5, -0.3, 1.0};
  private static final double[][] ANCHORS = {{0.0, 0.0}, {2.0, 0.0}, {3.0, 1.0}};
  private static final double[] JOINT = {1.0, 1.5};
  private static final double[] BAR_STIFFNESS = {1.0, 2.0, 1.5};
  private static final double[][] PLANT = {{1.0, 0.1}, {0.0, 0.95}};
  private static final double[] INPUT = {0.0, 0.1};
  private static final double[] SIGNAL = {1.0, 0.5, -0.3, 0.8, 0.1, -0.6, 0.4, 0.2};
  private static final double[][] PENTAGON = {{0.0, 0.0}, {2.0, 0.1}, {2.5, 1.5}, {1.0, 2.2}, {-0.3, 1.0}};
  private static final double[][] CONTROL = {{0.0, 0.0}, {0.5, 1.2}, {1.5, 1.4}, {2.0, 0.3}};
  private static final double[] KNOTS = {0, 0, 0, 0, 1, 2, 3, 3, 3, 3};
  private static final double[] SPLINE = {0.5, 1.0, -0.2, 0.8, 1.5, 0.3};
  private static final double[] QUATERNION = {0.9, 0.1, -0.3, 0.2};
  private static final double[][] POINTS = {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.5}, {0.3, -0.2, 1.0}};
  private static final double[][] TARGETS = {{0.8, 0.4, -0.3}, {-0.3, 0.9, 0.6}, {0.6, 0.1, 0.9}};

  private static final Point BAR = at("barCompliance", "three elements", LENGTHS, AXIAL, NODAL_LOADS);
  private static final Point CANTILEVER = at("cantileverTip", "three elements", new double[] {2.0, 3.0, 2.5}, 0.5,
      1.2);
  private static final Point TRUSS = at("trussForces", "three bars", ANCHORS, JOINT, BAR_STIFFNESS, 0.3, -1.0);
  private static final Point LQR = at("lqrCost", "double integrator", PLANT, INPUT, 1.0, 0.5, new double[] {1.0, 0.5},
      5000);
  private static final Point PID = at("pidSquaredError", "unsaturated", 2.0, 0.5, gains(1.2, 0.8, 0.05, 5.0), 1.0,
      0.01, 200);
  private static final Point DFT = at("dftMagnitude", "Hann", SIGNAL, 2, window("HANN"));
  private static final Point CASTELJAU = at("bezierY", "cubic", CONTROL, 0.3);
  private static final Point DE_BOOR = at("deBoor", "cubic, interior span", KNOTS, SPLINE, 3, 1.5);
  private static final Point QUATERNION_FIT = at("quaternionAlignment", "three points", QUATERNION, POINTS, TARGETS);

  @Override
  String owner() {
    return "Engineering";
  }

  private static Object gains(double kp, double ki, double kd, double limit) {
    return record("Engineering$PidGains", kp, ki, kd, limit);
  }

  private static EnumConstant window(String name) {
    return constant("Engineering$Window", name);
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        BAR,
        at("barCompliance", "one element", new double[] {2.0}, new double[] {4.0}, new double[] {0.0, 3.0}),
        CANTILEVER,
        TRUSS,
        LQR,
        PID,
        at("pidSquaredError", "saturating", 2.0, 0.5, gains(3.0, 2.0, 0.0, 0.7), 1.0, 0.01, 150),
        at("firEnergy", "three taps", new double[] {0.5, 0.3, -0.2}, SIGNAL),
        at("firEnergy", "taps longer than the signal", new double[] {0.5, 0.3, -0.2, 0.1}, new double[] {1.0, -0.4}),
        at("biquadLast", "low-pass", new double[] {0.2, 0.4, 0.2, -0.5, 0.2}, SIGNAL),
        DFT,
        at("dftMagnitude", "rectangular", SIGNAL, 3, window("RECTANGULAR")),
        at("dftMagnitude", "Hamming", SIGNAL, 1, window("HAMMING")),
        at("acPower", "eight samples", (Object) SIGNAL),
        at("polygonArea", "pentagon", (Object) PENTAGON),
        at("pointSegmentDistance", "projection inside", new double[] {1.0, 1.0}, new double[] {0.0, 0.0},
            new double[] {2.0, 0.5}),
        at("pointSegmentDistance", "clamped to b", new double[] {3.0, 1.0}, new double[] {0.0, 0.0},
            new double[] {2.0, 0.5}),
        CASTELJAU,
        DE_BOOR,
        at("deBoor", "last span", KNOTS, SPLINE, 3, 2.7),
        QUATERNION_FIT);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(BAR, CANTILEVER, TRUSS, LQR, PID, DFT, CASTELJAU, DE_BOOR, QUATERNION_FIT);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(at("polygonCentroid", "pentagon", (Object) PENTAGON));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("barCompliance", "lengths differ", IllegalArgumentException.class, "elements: lengths 3 and 2 differ",
            LENGTHS, new double[] {1.0, 2.0}, NODAL_LOADS),
        throwing("barCompliance", "loads missing", IllegalArgumentException.class, "need 4 nodal loads, got 3",
            LENGTHS, AXIAL, new double[] {0.0, 1.0, 1.0}),
        throwing("barCompliance", "zero length", IllegalArgumentException.class, "element 1 has length 0.0",
            new double[] {1.0, 0.0, 1.0}, AXIAL, NODAL_LOADS),
        throwing("barCompliance", "no stiffness", ArithmeticException.class, "singular stiffness matrix at column 0",
            LENGTHS, new double[3], NODAL_LOADS),
        throwing("trussForces", "anchors and stiffnesses", IllegalArgumentException.class,
            "3 anchors but 2 stiffnesses", ANCHORS, JOINT, new double[] {1.0, 2.0}, 0.3, -1.0),
        throwing("trussForces", "collinear bars", ArithmeticException.class, "mechanism: the joint is not restrained",
            new double[][] {{0.0, 0.0}, {2.0, 0.0}}, new double[] {1.0, 0.0}, new double[] {1.0, 1.0}, 0.3, -1.0),
        throwing("lqrCost", "iteration cap", ArithmeticException.class,
            "Riccati iteration did not converge in 3 steps", PLANT, INPUT, 1.0, 0.5, new double[] {1.0, 0.5}, 3),
        throwing("biquadLast", "four coefficients", IllegalArgumentException.class,
            "a biquad takes 5 coefficients, got 4", new double[] {0.2, 0.4, 0.2, -0.5}, SIGNAL),
        throwing("dftMagnitude", "bin past the end", IndexOutOfBoundsException.class, "bin 8 of 8", SIGNAL, 8,
            window("HANN")),
        throwing("polygonArea", "two vertices", IllegalArgumentException.class, "a polygon needs 3 vertices, got 2",
            (Object) new double[][] {{0.0, 0.0}, {1.0, 1.0}}),
        throwing("bezierY", "t beyond 1", IllegalArgumentException.class, "t outside [0, 1]: 1.5", CONTROL, 1.5),
        throwing("deBoor", "knots missing", IllegalArgumentException.class, "9 knots for 6 coefficients of degree 3",
            new double[] {0, 0, 0, 0, 1, 2, 3, 3, 3}, SPLINE, 3, 1.5),
        throwing("quaternionAlignment", "zero", ArithmeticException.class, "zero quaternion", new double[4], POINTS,
            TARGETS));
  }
}
