package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records as modern Java numeric code writes them, in two domains. Physics and mechanics over a
 * {@code Vec3} record (plus, minus, scale, dot, cross, norm, a constant, a factory reading a
 * double[]): velocity Verlet on a spring, a projectile with quadratic drag that stops at landing
 * (break) or at its apex (while), RK4 and leapfrog two-body orbits, eccentricity and vis-viva with
 * the state printed in a formatted message, a {@code Quat} record for rotations (axis-angle,
 * Hamilton product, q v q*, integrated orientation), rigid-body energy, torque, Coulomb, gravity
 * and Lennard-Jones energies over the rows of a double[][] read into Vec3s, a spring chain, a
 * relaxed hanging chain, a Boris pusher, a bouncing ball, a line integral, the height where a
 * projectile hits a wall (a private helper that returns a record from inside its loop or throws
 * with records in the message), and pendulums over a {@code PendulumState} record as RK4 stages. Signal processing over a {@code Complex} record with
 * its own toString: a DFT bin, a Hann-windowed bin by phasor rotation, Goertzel, a spectral
 * centroid, a biquad's gain in dB, an RBJ low-pass, Horner at a complex point (in a helper and
 * inline), a transfer function's phase, a Nyquist distance, an impedance, a one-pole response that
 * refuses an unstable pole, a complex square root for quadratic roots, and escape times whose int
 * count (counted inline, or by a helper) only decides. Helpers live in classes of their own in the package (Mechanics,
 * Dsp) and argument checks throw with formatted messages; each throwing path throws the same from
 * every companion entry.
 *
 * <p>The routines are written as first written: javagrad refused some of these forms when the
 * campaign began (a record local copied into another, {@code acc = next}, {@code Vec3 k1r = v}; a
 * method of a record constant given a derivative, {@code Vec3.UNIT_Z.scale(s)}; {@code
 * String.format} given records; {@code z = z.times(z).plus(c)} with {@code c} declared first),
 * and follows them now.
 */
class RealJavaRecordsTest {
  private static final String VEC3 = """
package p;

/** A vector in three dimensions, immutable, as physics code writes one. */
public record Vec3(double x, double y, double z) {
  public static final Vec3 ZERO = new Vec3(0, 0, 0);
  public static final Vec3 UNIT_Z = new Vec3(0, 0, 1);

  public static Vec3 of(double[] a, int offset) {
    return new Vec3(a[offset], a[offset + 1], a[offset + 2]);
  }

  public static Vec3 of(double[] a) {
    if (a.length != 3) {
      throw new IllegalArgumentException("expected 3 components, got " + a.length);
    }
    return new Vec3(a[0], a[1], a[2]);
  }

  public Vec3 plus(Vec3 o) {
    return new Vec3(x + o.x, y + o.y, z + o.z);
  }

  public Vec3 minus(Vec3 o) {
    return new Vec3(x - o.x(), y - o.y(), z - o.z());
  }

  public Vec3 scale(double s) {
    return new Vec3(s * x, s * y, s * z);
  }

  public Vec3 negate() {
    return scale(-1);
  }

  public double dot(Vec3 o) {
    return x * o.x + y * o.y + z * o.z;
  }

  public Vec3 cross(Vec3 o) {
    return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }

  public double normSquared() {
    return dot(this);
  }

  public double norm() {
    return Math.sqrt(x * x + y * y + z * z);
  }

  public double distanceTo(Vec3 o) {
    return minus(o).norm();
  }

  public Vec3 normalized() {
    double n = norm();
    if (n == 0) {
      throw new ArithmeticException("cannot normalize " + this);
    }
    return scale(1.0 / n);
  }
}
""";

  private static final String QUAT = """
package p;

/** A rotation quaternion w + xi + yj + zk. */
public record Quat(double w, double x, double y, double z) {
  public static final Quat IDENTITY = new Quat(1, 0, 0, 0);

  public static Quat fromAxisAngle(Vec3 axis, double angle) {
    Vec3 u = axis.normalized();
    double half = 0.5 * angle;
    double s = Math.sin(half);
    return new Quat(Math.cos(half), u.x() * s, u.y() * s, u.z() * s);
  }

  public Quat times(Quat q) {
    return new Quat(
        w * q.w - x * q.x - y * q.y - z * q.z,
        w * q.x + x * q.w + y * q.z - z * q.y,
        w * q.y - x * q.z + y * q.w + z * q.x,
        w * q.z + x * q.y - y * q.x + z * q.w);
  }

  public Quat conjugate() {
    return new Quat(w, -x, -y, -z);
  }

  public double norm() {
    return Math.sqrt(w * w + x * x + y * y + z * z);
  }

  public Quat normalized() {
    double n = norm();
    return new Quat(w / n, x / n, y / n, z / n);
  }

  public Vec3 vector() {
    return new Vec3(x, y, z);
  }

  /** Rotates v by this unit quaternion: q v q*. */
  public Vec3 rotate(Vec3 v) {
    Quat p = new Quat(0, v.x(), v.y(), v.z());
    return times(p).times(conjugate()).vector();
  }

  public double angle() {
    return 2 * Math.atan2(vector().norm(), w);
  }
}
""";

  private static final String COMPLEX = """
package p;

/** A complex number, immutable. */
public record Complex(double re, double im) {
  public static final Complex ZERO = new Complex(0, 0);
  public static final Complex ONE = new Complex(1, 0);
  public static final Complex I = new Complex(0, 1);

  public static Complex polar(double r, double theta) {
    return new Complex(r * Math.cos(theta), r * Math.sin(theta));
  }

  public static Complex expi(double theta) {
    return new Complex(Math.cos(theta), Math.sin(theta));
  }

  public Complex plus(Complex o) {
    return new Complex(re + o.re, im + o.im);
  }

  public Complex plus(double s) {
    return new Complex(re + s, im);
  }

  public Complex minus(Complex o) {
    return new Complex(re - o.re, im - o.im);
  }

  public Complex times(Complex o) {
    return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
  }

  public Complex times(double s) {
    return new Complex(re * s, im * s);
  }

  public Complex divide(Complex o) {
    double d = o.re * o.re + o.im * o.im;
    if (d == 0) {
      throw new ArithmeticException("division by zero: " + this + " / " + o);
    }
    return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
  }

  public Complex reciprocal() {
    return ONE.divide(this);
  }

  public Complex conjugate() {
    return new Complex(re, -im);
  }

  public double absSquared() {
    return re * re + im * im;
  }

  public double abs() {
    return Math.hypot(re, im);
  }

  public double arg() {
    return Math.atan2(im, re);
  }

  public Complex sqrt() {
    double r = Math.sqrt(abs());
    double t = 0.5 * arg();
    return polar(r, t);
  }

  @Override
  public String toString() {
    return String.format("%.6g%+.6gi", re, im);
  }
}
""";

  private static final String PENDULUM_STATE = """
package p;

/** The state of a pendulum, added and scaled as an RK4 stage. */
record PendulumState(double theta, double omega) {
  PendulumState plus(PendulumState o) {
    return new PendulumState(theta + o.theta, omega + o.omega);
  }

  PendulumState scale(double h) {
    return new PendulumState(h * theta, h * omega);
  }

  PendulumState rate(double g, double length) {
    return new PendulumState(omega, -g / length * Math.sin(theta));
  }
}
""";

  private static final String MECHANICS = """
package p;

/** Static helpers shared by the physics routines. */
final class Mechanics {
  static final double G = 6.674e-11;
  static final double K_COULOMB = 8.9875517923e9;
  static final double STANDARD_GRAVITY = 9.80665;
  static final Vec3 GRAVITY = new Vec3(0, 0, -STANDARD_GRAVITY);

  private Mechanics() {}

  static void requirePositive(double value, String name) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(String.format("%s must be positive, was %g", name, value));
    }
  }

  static Vec3 row(double[][] positions, int i) {
    double[] r = positions[i];
    if (r.length != 3) {
      throw new IllegalArgumentException("position " + i + " has " + r.length + " components");
    }
    return new Vec3(r[0], r[1], r[2]);
  }

  /** Acceleration of a body at r about a central mass with gravitational parameter mu. */
  static Vec3 centralAcceleration(Vec3 r, double mu) {
    double d = r.norm();
    return r.scale(-mu / (d * d * d));
  }

  /** The force on a from a spring to b of stiffness k and rest length rest. */
  static Vec3 springForce(Vec3 a, Vec3 b, double k, double rest) {
    Vec3 d = b.minus(a);
    double len = d.norm();
    return d.scale(k * (len - rest) / len);
  }

  static double kineticEnergy(double mass, Vec3 v) {
    return 0.5 * mass * v.normSquared();
  }

  static Vec3 dragAcceleration(Vec3 v, double c) {
    return v.scale(-c * v.norm());
  }
}
""";

  private static final String DSP = """
package p;

/** Static helpers shared by the signal routines. */
final class Dsp {
  static final double TWO_PI = 2 * Math.PI;

  private Dsp() {}

  /** z = e^{i omega}, a point on the unit circle. */
  static Complex onUnitCircle(double omega) {
    return Complex.expi(omega);
  }

  /** c[0] + c[1] z + ... + c[n-1] z^{n-1}, by Horner. */
  static Complex polyval(double[] c, Complex z) {
    Complex acc = Complex.ZERO;
    for (int k = c.length - 1; k >= 0; k--) {
      acc = acc.times(z).plus(c[k]);
    }
    return acc;
  }

  /** b0 + b1 z^-1 + b2 z^-2 over 1 + a1 z^-1 + a2 z^-2, at z = e^{i omega}. */
  static Complex biquadResponse(double b0, double b1, double b2, double a1, double a2, double omega) {
    Complex zInv = Complex.expi(-omega);
    Complex zInv2 = zInv.times(zInv);
    Complex num = zInv.times(b1).plus(zInv2.times(b2)).plus(b0);
    Complex den = zInv.times(a1).plus(zInv2.times(a2)).plus(1.0);
    return num.divide(den);
  }

  static void checkNormalizedFrequency(double f) {
    if (f < 0 || f > 0.5) {
      throw new IllegalArgumentException(String.format("normalized frequency %.3f outside [0, 0.5]", f));
    }
  }

  static double toDecibels(double magnitude) {
    return 20 * Math.log10(magnitude);
  }
}
""";

  private static final String PHYSICS = """
package p;

import io.javagrad.Differentiable;

public final class Physics {
  private static final int STEPS = 200;
  private static final double DT = 0.01;
  private static final double SOFTENING = 1e-9;

  private Physics() {}

  /** A point mass on a 3-D spring, integrated by velocity Verlet; the total energy at the end. */
  @Differentiable
  public static double verletSpringEnergy(double k, double mass, double x0, double vy0) {
    Mechanics.requirePositive(k, "stiffness");
    Mechanics.requirePositive(mass, "mass");
    Vec3 pos = new Vec3(x0, 0, 0.1 * x0);
    Vec3 vel = new Vec3(0, vy0, 0);
    Vec3 acc = pos.scale(-k / mass);
    for (int i = 0; i < STEPS; i++) {
      pos = pos.plus(vel.scale(DT)).plus(acc.scale(0.5 * DT * DT));
      Vec3 next = pos.scale(-k / mass);
      vel = vel.plus(acc.plus(next).scale(0.5 * DT));
      acc = next;
    }
    return Mechanics.kineticEnergy(mass, vel) + 0.5 * k * pos.normSquared();
  }

  /** Semi-implicit Euler for a projectile with quadratic drag; the range, interpolated at landing. */
  @Differentiable
  public static double projectileRange(double speed, double elevationDeg, double dragCoefficient) {
    if (elevationDeg <= 0 || elevationDeg >= 90) {
      throw new IllegalArgumentException("elevation must be in (0, 90) degrees: " + elevationDeg);
    }
    double theta = Math.toRadians(elevationDeg);
    Vec3 pos = Vec3.ZERO;
    Vec3 vel = new Vec3(speed * Math.cos(theta), 0, speed * Math.sin(theta));
    Vec3 previous = pos;
    for (int i = 0; i < 100_000; i++) {
      Vec3 acc = Mechanics.GRAVITY.plus(Mechanics.dragAcceleration(vel, dragCoefficient));
      vel = vel.plus(acc.scale(DT));
      previous = pos;
      pos = pos.plus(vel.scale(DT));
      if (pos.z() < 0) {
        break;
      }
    }
    double t = previous.z() / (previous.z() - pos.z());
    return previous.x() + t * (pos.x() - previous.x());
  }

  /** The greatest height of the same projectile: the loop stops once it descends. */
  @Differentiable
  public static double projectileApex(double speed, double elevationDeg, double dragCoefficient) {
    double theta = elevationDeg * Math.PI / 180;
    Vec3 pos = Vec3.ZERO;
    Vec3 vel = Vec3.UNIT_Z.scale(speed * Math.sin(theta)).plus(new Vec3(speed * Math.cos(theta), 0, 0));
    Vec3 gravity = Mechanics.GRAVITY;
    while (vel.z() > 0) {
      Vec3 acc = gravity.plus(Mechanics.dragAcceleration(vel, dragCoefficient));
      pos = pos.plus(vel.scale(DT));
      vel = vel.plus(acc.scale(DT));
    }
    return pos.z();
  }

  /** A two-body orbit by RK4 in the relative coordinates; the radius after the steps. */
  @Differentiable
  public static double rk4OrbitRadius(double[] state, double mu, double h) {
    if (state.length != 6) {
      throw new IllegalArgumentException("state must be (r, v), 6 numbers, but has " + state.length);
    }
    Vec3 r = Vec3.of(state, 0);
    Vec3 v = Vec3.of(state, 3);
    for (int i = 0; i < 50; i++) {
      Vec3 k1r = v;
      Vec3 k1v = Mechanics.centralAcceleration(r, mu);
      Vec3 k2r = v.plus(k1v.scale(h / 2));
      Vec3 k2v = Mechanics.centralAcceleration(r.plus(k1r.scale(h / 2)), mu);
      Vec3 k3r = v.plus(k2v.scale(h / 2));
      Vec3 k3v = Mechanics.centralAcceleration(r.plus(k2r.scale(h / 2)), mu);
      Vec3 k4r = v.plus(k3v.scale(h));
      Vec3 k4v = Mechanics.centralAcceleration(r.plus(k3r.scale(h)), mu);
      r = r.plus(k1r.plus(k2r.scale(2)).plus(k3r.scale(2)).plus(k4r).scale(h / 6));
      v = v.plus(k1v.plus(k2v.scale(2)).plus(k3v.scale(2)).plus(k4v).scale(h / 6));
    }
    return r.norm();
  }

  /** Leapfrog (kick-drift-kick) two-body step; the specific angular momentum |r x v| at the end. */
  @Differentiable
  public static double leapfrogAngularMomentum(double[] r0, double[] v0, double mu) {
    Vec3 r = Vec3.of(r0);
    Vec3 v = Vec3.of(v0);
    double h = 0.02;
    for (int i = 0; i < 100; i++) {
      v = v.plus(Mechanics.centralAcceleration(r, mu).scale(h / 2));
      r = r.plus(v.scale(h));
      v = v.plus(Mechanics.centralAcceleration(r, mu).scale(h / 2));
    }
    return r.cross(v).norm();
  }

  /** Eccentricity of the osculating orbit from a state vector. */
  @Differentiable
  public static double eccentricity(double[] rArr, double[] vArr, double mu) {
    Vec3 r = Vec3.of(rArr);
    Vec3 v = Vec3.of(vArr);
    double rn = r.norm();
    Vec3 e = r.scale(v.normSquared() - mu / rn).minus(v.scale(r.dot(v))).scale(1 / mu);
    return e.norm();
  }

  /** Semi-major axis by vis-viva, refusing an unbound orbit with the state in the message. */
  @Differentiable
  public static double semiMajorAxis(double[] rArr, double[] vArr, double mu) {
    Vec3 r = Vec3.of(rArr);
    Vec3 v = Vec3.of(vArr);
    double energy = 0.5 * v.normSquared() - mu / r.norm();
    if (energy >= 0) {
      throw new IllegalStateException(String.format("orbit is not bound: r=%s v=%s energy=%.3f", r, v, energy));
    }
    return -mu / (2 * energy);
  }

  /** Rotates v about an axis by an angle with a quaternion and projects on a fixed direction. */
  @Differentiable
  public static double rotatedProjection(double[] axis, double angle, double[] v) {
    Quat q = Quat.fromAxisAngle(Vec3.of(axis), angle);
    Vec3 w = q.rotate(Vec3.of(v));
    return w.dot(new Vec3(0.3, -0.5, 0.8));
  }

  /** Z-Y-X Euler angles composed as quaternions; the rotated x axis's z and the total angle. */
  @Differentiable
  public static double composedRotation(double yaw, double pitch, double roll) {
    Quat qz = Quat.fromAxisAngle(new Vec3(0, 0, 1), yaw);
    Quat qy = Quat.fromAxisAngle(new Vec3(0, 1, 0), pitch);
    Quat qx = Quat.fromAxisAngle(new Vec3(1, 0, 0), roll);
    Quat q = qz.times(qy).times(qx).normalized();
    Vec3 ex = q.rotate(new Vec3(1, 0, 0));
    return ex.z() + 0.1 * q.angle();
  }

  /** Integrates a body's orientation under a constant angular velocity; the drift from unit norm plus a component. */
  @Differentiable
  public static double integrateOrientation(double wx, double wy, double wz) {
    Quat q = Quat.IDENTITY;
    double h = 0.05;
    for (int i = 0; i < 40; i++) {
      Quat omega = new Quat(0, wx, wy, wz);
      Quat dq = q.times(omega);
      q = new Quat(q.w() + 0.5 * h * dq.w(), q.x() + 0.5 * h * dq.x(), q.y() + 0.5 * h * dq.y(),
          q.z() + 0.5 * h * dq.z()).normalized();
    }
    return q.rotate(new Vec3(1, 0, 0)).y() + q.w();
  }

  /** Rotational kinetic energy with the angular velocity taken to the body frame by q*. */
  @Differentiable
  public static double rigidBodyEnergy(double[] omegaWorld, double[] inertia, double[] quat) {
    Quat q = new Quat(quat[0], quat[1], quat[2], quat[3]).normalized();
    Vec3 w = q.conjugate().rotate(Vec3.of(omegaWorld));
    return 0.5 * (inertia[0] * w.x() * w.x() + inertia[1] * w.y() * w.y() + inertia[2] * w.z() * w.z());
  }

  /** Torque of a force about a pivot, its magnitude. */
  @Differentiable
  public static double torque(double[] pivot, double[] point, double[] force) {
    Vec3 lever = Vec3.of(point).minus(Vec3.of(pivot));
    return lever.cross(Vec3.of(force)).norm();
  }

  /** Electrostatic energy of point charges at the rows of positions. */
  @Differentiable
  public static double coulombEnergy(double[][] positions, double[] charges) {
    int n = positions.length;
    if (charges.length != n) {
      throw new IllegalArgumentException(String.format("%d positions but %d charges", n, charges.length));
    }
    double energy = 0;
    for (int i = 0; i < n; i++) {
      Vec3 ri = Mechanics.row(positions, i);
      for (int j = i + 1; j < n; j++) {
        Vec3 rj = Mechanics.row(positions, j);
        double d = ri.distanceTo(rj);
        if (d < SOFTENING) {
          throw new ArithmeticException("charges " + i + " and " + j + " coincide at " + ri);
        }
        energy += Mechanics.K_COULOMB * charges[i] * charges[j] / d;
      }
    }
    return energy * 1e-9;
  }

  /** Gravitational potential energy of masses at the rows of positions. */
  @Differentiable
  public static double gravitationalEnergy(double[][] positions, double[] masses) {
    double u = 0;
    for (int i = 0; i < positions.length; i++) {
      for (int j = 0; j < i; j++) {
        Vec3 d = Mechanics.row(positions, i).minus(Mechanics.row(positions, j));
        u -= masses[i] * masses[j] / d.norm();
      }
    }
    return Mechanics.G * u * 1e10;
  }

  /** Lennard-Jones energy with a cutoff; pairs beyond it are skipped. */
  @Differentiable
  public static double lennardJones(double[][] positions, double epsilon, double sigma) {
    final double cutoff = 2.5 * sigma;
    double e = 0;
    for (int i = 0; i < positions.length; i++) {
      Vec3 a = new Vec3(positions[i][0], positions[i][1], positions[i][2]);
      for (int j = i + 1; j < positions.length; j++) {
        Vec3 b = new Vec3(positions[j][0], positions[j][1], positions[j][2]);
        double r2 = a.minus(b).normSquared();
        if (r2 > cutoff * cutoff) {
          continue;
        }
        double s6 = Math.pow(sigma * sigma / r2, 3);
        e += 4 * epsilon * (s6 * s6 - s6);
      }
    }
    return e;
  }

  /** Elastic energy of a chain of springs between points stored flat (x0, y0, z0, x1, ...). */
  @Differentiable
  public static double springChainEnergy(double[] flat, double k, double rest) {
    if (flat.length % 3 != 0) {
      throw new IllegalArgumentException("flat coordinates must come in threes: " + flat.length);
    }
    double energy = 0;
    Vec3 prev = Vec3.of(flat, 0);
    for (int i = 3; i < flat.length; i += 3) {
      Vec3 cur = Vec3.of(flat, i);
      double stretch = cur.distanceTo(prev) - rest;
      energy += 0.5 * k * stretch * stretch;
      prev = cur;
    }
    return energy;
  }

  /** A chain under gravity relaxed by damped explicit dynamics; the sag of the middle node. */
  @Differentiable
  public static double relaxedChainSag(double k, double mass, double damping) {
    Vec3 left = new Vec3(0, 0, 0);
    Vec3 right = new Vec3(2, 0, 0);
    Vec3 p = new Vec3(1, 0, 0);
    Vec3 v = Vec3.ZERO;
    for (int i = 0; i < 300; i++) {
      Vec3 f = Mechanics.springForce(p, left, k, 0.9).plus(Mechanics.springForce(p, right, k, 0.9))
          .plus(Mechanics.GRAVITY.scale(mass)).minus(v.scale(damping));
      v = v.plus(f.scale(DT / mass));
      p = p.plus(v.scale(DT));
    }
    return -p.z();
  }

  /** Distance of the centre of mass from the origin. */
  @Differentiable
  public static double centreOfMassDistance(double[][] positions, double[] masses) {
    Vec3 weighted = Vec3.ZERO;
    double total = 0;
    for (int i = 0; i < positions.length; i++) {
      weighted = weighted.plus(Mechanics.row(positions, i).scale(masses[i]));
      total += masses[i];
    }
    if (total <= 0) {
      throw new IllegalArgumentException("total mass must be positive: " + total);
    }
    return weighted.scale(1 / total).norm();
  }

  /** A simple pendulum by RK4 on (theta, omega); the angle after a fixed time. */
  @Differentiable
  public static double pendulumAngle(double length, double theta0, double omega0) {
    Mechanics.requirePositive(length, "length");
    double g = Mechanics.STANDARD_GRAVITY;
    PendulumState s = new PendulumState(theta0, omega0);
    double h = 0.01;
    for (int i = 0; i < 150; i++) {
      PendulumState k1 = s.rate(g, length);
      PendulumState k2 = s.plus(k1.scale(h / 2)).rate(g, length);
      PendulumState k3 = s.plus(k2.scale(h / 2)).rate(g, length);
      PendulumState k4 = s.plus(k3.scale(h)).rate(g, length);
      s = s.plus(k1.plus(k2.scale(2)).plus(k3.scale(2)).plus(k4).scale(h / 6));
    }
    return s.theta();
  }

  /** A damped pendulum's energy after its first swing through the bottom. */
  @Differentiable
  public static double dampedPendulumEnergy(double length, double theta0, double gamma) {
    double g = Mechanics.STANDARD_GRAVITY;
    PendulumState s = new PendulumState(theta0, 0);
    double h = 0.005;
    int steps = 0;
    while (steps < 10_000) {
      PendulumState k1 = s.rate(g, length).plus(new PendulumState(0, -gamma * s.omega()));
      PendulumState mid = s.plus(k1.scale(h / 2));
      PendulumState k2 = mid.rate(g, length).plus(new PendulumState(0, -gamma * mid.omega()));
      s = s.plus(k2.scale(h));
      steps++;
      if (s.theta() < 0) {
        break;
      }
    }
    return 0.5 * length * length * s.omega() * s.omega() + g * length * (1 - Math.cos(s.theta()));
  }

  /** Boris push of a charged particle in uniform B and E fields; the final kinetic energy. */
  @Differentiable
  public static double borisKineticEnergy(double[] b, double[] e, double chargeOverMass) {
    Vec3 bField = Vec3.of(b);
    Vec3 eField = Vec3.of(e);
    Vec3 v = new Vec3(1, 0, 0);
    Vec3 x = Vec3.ZERO;
    double h = 0.01;
    for (int i = 0; i < 100; i++) {
      Vec3 vMinus = v.plus(eField.scale(chargeOverMass * h / 2));
      Vec3 t = bField.scale(chargeOverMass * h / 2);
      Vec3 s = t.scale(2 / (1 + t.normSquared()));
      Vec3 vPrime = vMinus.plus(vMinus.cross(t));
      Vec3 vPlus = vMinus.plus(vPrime.cross(s));
      v = vPlus.plus(eField.scale(chargeOverMass * h / 2));
      x = x.plus(v.scale(h));
    }
    return 0.5 * v.normSquared() + 0.01 * x.norm();
  }

  /** A ball bouncing on the floor with restitution; the horizontal distance after a fixed time. */
  @Differentiable
  public static double bouncingBall(double vx, double vz, double restitution) {
    Vec3 pos = new Vec3(0, 0, 1);
    Vec3 vel = new Vec3(vx, 0, vz);
    for (int i = 0; i < 250; i++) {
      vel = vel.plus(Mechanics.GRAVITY.scale(DT));
      pos = pos.plus(vel.scale(DT));
      if (pos.z() < 0) {
        pos = new Vec3(pos.x(), pos.y(), -restitution * pos.z());
        vel = new Vec3(vel.x() * 0.9, vel.y(), -restitution * vel.z());
      }
    }
    return pos.x() + pos.z();
  }

  /** Work done by a force field along a straight path, by the midpoint rule. */
  @Differentiable
  public static double lineIntegralWork(double[] from, double[] to, double strength) {
    Vec3 a = Vec3.of(from);
    Vec3 b = Vec3.of(to);
    Vec3 d = b.minus(a);
    int n = 64;
    double work = 0;
    for (int i = 0; i < n; i++) {
      Vec3 p = a.plus(d.scale((i + 0.5) / n));
      Vec3 f = new Vec3(-p.y(), p.x(), strength * p.z()).scale(1 / (1 + p.normSquared()));
      work += f.dot(d) / n;
    }
    return work;
  }

  /** Where a projectile first reaches a wall at x = wall; the helper returns from inside its loop. */
  private static Vec3 firstCrossing(Vec3 start, Vec3 launch, double wall) {
    Vec3 pos = start;
    Vec3 vel = launch;
    for (int i = 0; i < 10_000; i++) {
      Vec3 next = pos.plus(vel.scale(DT));
      if (next.x() >= wall) {
        double t = (wall - pos.x()) / (next.x() - pos.x());
        return pos.plus(next.minus(pos).scale(t));
      }
      pos = next;
      vel = vel.plus(Mechanics.GRAVITY.scale(DT));
    }
    throw new IllegalStateException("no crossing of x = " + wall + " from " + start + " at " + launch);
  }

  /** The height at which a projectile hits a wall. */
  @Differentiable
  public static double wallHitHeight(double speed, double elevationDeg, double wall) {
    double theta = Math.toRadians(elevationDeg);
    Vec3 launch = new Vec3(speed * Math.cos(theta), 0, speed * Math.sin(theta));
    return firstCrossing(new Vec3(0, 0, 1.5), launch, wall).z();
  }
}
""";

  private static final String SIGNALS = """
package p;

import io.javagrad.Differentiable;

public final class Signals {
  private static final int MAX_ITERATIONS = 64;
  private static final double ESCAPE_RADIUS = 2.0;

  private Signals() {}

  /** |X(f)| of a real signal at a normalized frequency f (cycles per sample), by a direct DFT sum. */
  @Differentiable
  public static double dftMagnitude(double[] x, double f) {
    Dsp.checkNormalizedFrequency(f);
    Complex sum = Complex.ZERO;
    for (int n = 0; n < x.length; n++) {
      sum = sum.plus(Complex.expi(-Dsp.TWO_PI * f * n).times(x[n]));
    }
    return sum.abs() / x.length;
  }

  /** The DFT bin's power with a Hann window, the phasor advanced by multiplication. */
  @Differentiable
  public static double windowedBinPower(double[] x, double f) {
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("need at least two samples, got " + n);
    }
    Complex step = Complex.expi(-2 * Math.PI * f);
    Complex phasor = Complex.ONE;
    Complex acc = Complex.ZERO;
    double norm = 0;
    for (int k = 0; k < n; k++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / (n - 1));
      acc = acc.plus(phasor.times(w * x[k]));
      phasor = phasor.times(step);
      norm += w;
    }
    return acc.absSquared() / (norm * norm);
  }

  /** Goertzel's algorithm for the power at a normalized frequency. */
  @Differentiable
  public static double goertzelPower(double[] x, double f) {
    Dsp.checkNormalizedFrequency(f);
    double omega = Dsp.TWO_PI * f;
    double coeff = 2 * Math.cos(omega);
    double s1 = 0;
    double s2 = 0;
    for (double sample : x) {
      double s0 = sample + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    Complex y = new Complex(s1 - s2 * Math.cos(omega), s2 * Math.sin(omega));
    return y.absSquared();
  }

  /** The magnitude in dB of a biquad's response at omega (radians per sample). */
  @Differentiable
  public static double biquadGainDb(double b0, double b1, double b2, double a1, double a2, double omega) {
    Complex h = Dsp.biquadResponse(b0, b1, b2, a1, a2, omega);
    return Dsp.toDecibels(h.abs());
  }

  /** An RBJ cookbook low-pass biquad designed from cutoff and Q, evaluated at a frequency (Hz). */
  @Differentiable
  public static double lowpassMagnitude(double cutoff, double q, double frequency) {
    final double sampleRate = 48_000;
    if (cutoff <= 0 || cutoff >= sampleRate / 2) {
      throw new IllegalArgumentException(String.format("cutoff %.1f Hz outside (0, %.1f)", cutoff, sampleRate / 2));
    }
    double w0 = Dsp.TWO_PI * cutoff / sampleRate;
    double alpha = Math.sin(w0) / (2 * q);
    double cosw0 = Math.cos(w0);
    double a0 = 1 + alpha;
    double b0 = (1 - cosw0) / 2 / a0;
    double b1 = (1 - cosw0) / a0;
    double a1 = -2 * cosw0 / a0;
    double a2 = (1 - alpha) / a0;
    Complex h = Dsp.biquadResponse(b0, b1, b0, a1, a2, Dsp.TWO_PI * frequency / sampleRate);
    return h.abs();
  }

  /** |p(z)| for a real polynomial at a complex point, Horner in the helper. */
  @Differentiable
  public static double polynomialModulus(double[] coefficients, double re, double im) {
    if (coefficients.length == 0) {
      throw new IllegalArgumentException("empty polynomial");
    }
    return Dsp.polyval(coefficients, new Complex(re, im)).abs();
  }

  /** Horner written inline with the real and imaginary parts of the result combined. */
  @Differentiable
  public static double hornerInline(double[] c, double re, double im) {
    Complex z = new Complex(re, im);
    Complex p = new Complex(c[c.length - 1], 0);
    for (int k = c.length - 2; k >= 0; k--) {
      p = p.times(z).plus(new Complex(c[k], 0));
    }
    return p.re() + 2 * p.im();
  }

  /** The phase (radians) of a continuous transfer function num(s)/den(s) at s = i omega. */
  @Differentiable
  public static double transferPhase(double[] num, double[] den, double omega) {
    Complex s = new Complex(0, omega);
    Complex h = Dsp.polyval(num, s).divide(Dsp.polyval(den, s));
    return h.arg();
  }

  /** |1 + L(i omega)| for a loop L = k / (s (1 + tau s)), the distance from the critical point. */
  @Differentiable
  public static double nyquistDistance(double k, double tau, double omega) {
    Complex s = Complex.I.times(omega);
    Complex loop = new Complex(k, 0).divide(s.times(s.times(tau).plus(1)));
    return loop.plus(1).abs();
  }

  /** The impedance magnitude of R in series with L parallel to C. */
  @Differentiable
  public static double impedanceMagnitude(double r, double l, double c, double omega) {
    Complex zl = new Complex(0, omega * l);
    Complex zc = new Complex(0, -1 / (omega * c));
    Complex parallel = zl.times(zc).divide(zl.plus(zc));
    return new Complex(r, 0).plus(parallel).abs();
  }

  /** A smooth escape time of z -> z^2 + c: the count only decides which step the result is read at. */
  @Differentiable
  public static double smoothEscape(double cr, double ci) {
    Complex c = new Complex(cr, ci);
    Complex z = Complex.ZERO;
    int n = 0;
    while (n < MAX_ITERATIONS) {
      z = z.times(z).plus(c);
      n++;
      if (z.absSquared() > ESCAPE_RADIUS * ESCAPE_RADIUS * 64) {
        break;
      }
    }
    if (n == MAX_ITERATIONS) {
      return 0;
    }
    return n + 1 - Math.log(Math.log(z.abs())) / Math.log(2);
  }

  /** The roots of a x^2 + b x + c by the complex square root; the larger root's imaginary part squared plus its real part. */
  @Differentiable
  public static double quadraticRoot(double a, double b, double c) {
    if (a == 0) {
      throw new ArithmeticException("not a quadratic: a = 0");
    }
    Complex disc = new Complex(b * b - 4 * a * c, 0);
    Complex root = disc.sqrt().minus(new Complex(b, 0)).times(1 / (2 * a));
    return root.re() + root.im() * root.im();
  }

  /** A one-pole filter's response, refused when the pole is outside the unit circle. */
  @Differentiable
  public static double onePoleGroupGain(double poleRe, double poleIm, double omega) {
    Complex pole = new Complex(poleRe, poleIm);
    if (pole.abs() >= 1) {
      throw new IllegalArgumentException("unstable pole " + pole);
    }
    Complex z = Dsp.onUnitCircle(omega);
    Complex h = z.divide(z.minus(pole));
    return h.abs() * Math.cos(h.arg());
  }

  /** The spectral centroid of x over the first bins, each bin's magnitude from a helper. */
  @Differentiable
  public static double spectralCentroid(double[] x) {
    double weighted = 0;
    double total = 0;
    for (int bin = 1; bin <= x.length / 2; bin++) {
      double m = binMagnitude(x, bin);
      weighted += bin * m;
      total += m;
    }
    return weighted / total;
  }

  private static double binMagnitude(double[] x, int bin) {
    Complex acc = Complex.ZERO;
    for (int n = 0; n < x.length; n++) {
      acc = acc.plus(Complex.polar(x[n], -2 * Math.PI * bin * n / x.length));
    }
    return acc.abs();
  }

  /** A chirp's last sample through a complex oscillator rotated each step by a frequency swept from f0 by span. */
  @Differentiable
  public static double complexOscillator(double f0, double span, double damping) {
    final int samples = 24;
    Complex state = Complex.ONE;
    for (int n = 0; n < samples; n++) {
      Complex rotation = Complex.polar(Math.exp(-damping), Dsp.TWO_PI * (f0 + span * n / samples));
      state = state.times(rotation);
    }
    return state.re() - 0.5 * state.im();
  }

  private static int escapeCount(Complex c, int limit) {
    Complex z = Complex.ZERO;
    for (int n = 0; n < limit; n++) {
      z = z.times(z).plus(c);
      if (z.absSquared() > ESCAPE_RADIUS * ESCAPE_RADIUS) {
        return n;
      }
    }
    return limit;
  }

  /** A colouring of the Julia-style iteration: the escape count from a helper only picks the formula. */
  @Differentiable
  public static double escapeShade(double cr, double ci) {
    Complex c = new Complex(cr, ci);
    int n = escapeCount(c, MAX_ITERATIONS);
    if (n == MAX_ITERATIONS) {
      return c.absSquared();
    }
    return (n + 1) * Math.exp(-c.abs());
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile(
        "p.Vec3", VEC3, "p.Quat", QUAT, "p.Complex", COMPLEX, "p.PendulumState", PENDULUM_STATE,
        "p.Mechanics", MECHANICS, "p.Dsp", DSP, "p.Physics", PHYSICS, "p.Signals", SIGNALS)
        .assertCleanSuccess();
  }

  private static final double[] CIRCULAR_STATE = {1.0, 0.0, 0.0, 0.0, 1.0, 0.1};
  private static final double[] ELLIPTIC_STATE = {1.2, 0.1, 0.0, -0.1, 0.8, 0.2};
  private static final double[][] CHARGES_AT = {{0.0, 0.0, 0.0}, {1.0, 0.2, -0.1}, {0.3, 1.1, 0.4}, {-0.5, 0.4, 1.0}};
  private static final double[][] CLUSTER = {{0.0, 0.0, 0.0}, {1.1, 0.1, 0.0}, {0.5, 0.95, 0.1}, {0.4, 0.3, 0.9},
      {5.0, 5.0, 5.0}};
  private static final double[] SIGNAL = {0.3, 1.0, -0.4, 0.8, -1.2, 0.1, 0.7, -0.6, 0.2, 0.9, -0.3, 0.5};
  private static final double[] SIGNAL_2 = {1.0, -0.2, 0.4, 0.6, -0.9, 0.3, 0.8, -0.1};

  @Test
  void particleIntegrationWithVec3Records() {
    agree(PHYSICS_OWNER, "verletSpringEnergy", 4.0, 1.5, 0.8, 0.3);
    agree(PHYSICS_OWNER, "verletSpringEnergy", 1.0, 0.7, -0.4, 1.1);
    agree(PHYSICS_OWNER, "projectileRange", 30.0, 40.0, 0.01);
    agree(PHYSICS_OWNER, "projectileRange", 12.0, 65.0, 0.05);
    agree(PHYSICS_OWNER, "projectileApex", 30.0, 40.0, 0.01);
    agree(PHYSICS_OWNER, "projectileApex", 12.0, 65.0, 0.05);
    agree(PHYSICS_OWNER, "bouncingBall", 1.0, 2.0, 0.7);
    agree(PHYSICS_OWNER, "bouncingBall", 0.6, 0.3, 0.5);
    agree(PHYSICS_OWNER, "borisKineticEnergy", new double[] {0.0, 0.0, 2.0}, new double[] {0.1, 0.0, 0.05}, 1.5);
    agree(PHYSICS_OWNER, "borisKineticEnergy", new double[] {0.3, -0.4, 1.0}, new double[] {0.0, 0.2, 0.0}, -0.8);
    agree(PHYSICS_OWNER, "lineIntegralWork", new double[] {0.0, 0.1, 0.2}, new double[] {1.0, 0.7, -0.3}, 2.0);
    agree(PHYSICS_OWNER, "lineIntegralWork", new double[] {-1.0, 0.4, 0.0}, new double[] {0.5, -0.2, 1.0}, 0.5);
    agree(PHYSICS_OWNER, "relaxedChainSag", 50.0, 0.2, 0.5);
    agree(PHYSICS_OWNER, "relaxedChainSag", 20.0, 0.5, 1.0);
    agree(PHYSICS_OWNER, "wallHitHeight", 20.0, 30.0, 10.0);
    agree(PHYSICS_OWNER, "wallHitHeight", 15.0, 50.0, 8.0);
    throwsAsPlain(PHYSICS_OWNER, "wallHitHeight", 0.0, 30.0, 10.0);
  }

  @Test
  void orbitalMechanics() {
    agree(PHYSICS_OWNER, "rk4OrbitRadius", CIRCULAR_STATE, 1.0, 0.05);
    agree(PHYSICS_OWNER, "rk4OrbitRadius", ELLIPTIC_STATE, 1.3, 0.02);
    agree(PHYSICS_OWNER, "leapfrogAngularMomentum", new double[] {1.0, 0.0, 0.0}, new double[] {0.0, 1.0, 0.1}, 1.0);
    agree(PHYSICS_OWNER, "leapfrogAngularMomentum", new double[] {1.2, 0.1, 0.0}, new double[] {-0.1, 0.8, 0.2}, 1.3);
    agree(PHYSICS_OWNER, "eccentricity", new double[] {1.0, 0.0, 0.0}, new double[] {0.0, 1.2, 0.1}, 1.0);
    agree(PHYSICS_OWNER, "eccentricity", new double[] {0.8, 0.5, 0.1}, new double[] {-0.3, 0.9, 0.0}, 1.5);
    agree(PHYSICS_OWNER, "semiMajorAxis", new double[] {1.0, 0.0, 0.0}, new double[] {0.0, 1.2, 0.1}, 1.0);
    agree(PHYSICS_OWNER, "semiMajorAxis", new double[] {0.8, 0.5, 0.1}, new double[] {-0.3, 0.9, 0.0}, 1.5);
    throwsAsPlain(PHYSICS_OWNER, "semiMajorAxis", new double[] {1.0, 0.0, 0.0}, new double[] {0.0, 2.0, 0.0}, 1.0);
    throwsAsPlain(PHYSICS_OWNER, "rk4OrbitRadius", new double[] {1.0, 0.0, 0.0, 0.0, 1.0}, 1.0, 0.05);
  }

  @Test
  void rigidRotationsWithAQuaternionRecord() {
    agree(PHYSICS_OWNER, "rotatedProjection", new double[] {0.2, 0.3, 0.9}, 0.7, new double[] {1.0, -0.5, 0.25});
    agree(PHYSICS_OWNER, "rotatedProjection", new double[] {-1.0, 0.4, 0.1}, 2.1, new double[] {0.3, 0.8, -0.6});
    agree(PHYSICS_OWNER, "composedRotation", 0.3, -0.2, 0.5);
    agree(PHYSICS_OWNER, "composedRotation", 1.2, 0.4, -0.9);
    agree(PHYSICS_OWNER, "integrateOrientation", 0.5, -0.3, 1.1);
    agree(PHYSICS_OWNER, "integrateOrientation", 1.5, 0.7, 0.2);
    agree(PHYSICS_OWNER, "rigidBodyEnergy", new double[] {0.3, -0.2, 1.0}, new double[] {1.0, 2.0, 3.0},
        new double[] {0.9, 0.1, -0.2, 0.3});
    agree(PHYSICS_OWNER, "rigidBodyEnergy", new double[] {1.1, 0.4, -0.5}, new double[] {0.5, 0.7, 1.2},
        new double[] {0.2, 0.6, 0.5, -0.4});
    agree(PHYSICS_OWNER, "torque", new double[] {0.0, 0.0, 0.0}, new double[] {1.0, 0.5, 0.2},
        new double[] {0.3, -1.0, 2.0});
    agree(PHYSICS_OWNER, "torque", new double[] {0.4, -0.2, 0.1}, new double[] {-1.0, 0.5, 0.7},
        new double[] {2.0, 0.1, -0.3});
    throwsAsPlain(PHYSICS_OWNER, "rotatedProjection", new double[] {0.0, 0.0, 0.0}, 0.7, new double[] {1.0, 0.0, 0.0});
    throwsAsPlain(PHYSICS_OWNER, "rotatedProjection", new double[] {0.0, 1.0}, 0.7, new double[] {1.0, 0.0, 0.0});
  }

  @Test
  void potentialsOverPositionRows() {
    agree(PHYSICS_OWNER, "coulombEnergy", CHARGES_AT, new double[] {1e-9, -2e-9, 1.5e-9, 0.5e-9});
    agree(PHYSICS_OWNER, "coulombEnergy", CLUSTER, new double[] {1e-9, 1e-9, -1e-9, 2e-9, -0.5e-9});
    agree(PHYSICS_OWNER, "gravitationalEnergy", CHARGES_AT, new double[] {1.0, 2.0, 0.5, 3.0});
    agree(PHYSICS_OWNER, "gravitationalEnergy", CLUSTER, new double[] {1.0, 0.2, 0.5, 0.8, 5.0});
    agree(PHYSICS_OWNER, "lennardJones", CLUSTER, 1.0, 1.0);
    agree(PHYSICS_OWNER, "lennardJones", CHARGES_AT, 0.5, 0.9);
    agree(PHYSICS_OWNER, "centreOfMassDistance", CHARGES_AT, new double[] {1.0, 2.0, 0.5, 3.0});
    agree(PHYSICS_OWNER, "centreOfMassDistance", CLUSTER, new double[] {1.0, 0.2, 0.5, 0.8, 5.0});
    agree(PHYSICS_OWNER, "springChainEnergy", new double[] {0, 0, 0, 1.1, 0.1, 0, 2.0, 0.3, 0.2, 2.8, 0.9, 0.1}, 3.0, 1.0);
    agree(PHYSICS_OWNER, "springChainEnergy", new double[] {0.5, -0.2, 0.1, 0.9, 0.7, 0.4}, 1.5, 0.8);
    throwsAsPlain(PHYSICS_OWNER, "coulombEnergy", CHARGES_AT, new double[] {1e-9, 2e-9});
    throwsAsPlain(PHYSICS_OWNER, "coulombEnergy", new double[][] {{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}},
        new double[] {1e-9, 2e-9});
    throwsAsPlain(PHYSICS_OWNER, "coulombEnergy", new double[][] {{0.0, 0.0, 0.0}, {0.0, 1.0}},
        new double[] {1e-9, 2e-9});
    throwsAsPlain(PHYSICS_OWNER, "springChainEnergy", new double[] {0.5, -0.2, 0.1, 0.9}, 1.5, 0.8);
    throwsAsPlain(PHYSICS_OWNER, "centreOfMassDistance", CHARGES_AT, new double[] {1.0, -2.0, 0.5, 0.3});
  }

  @Test
  void pendulumsWithAStateRecord() {
    agree(PHYSICS_OWNER, "pendulumAngle", 1.0, 0.4, 0.1);
    agree(PHYSICS_OWNER, "pendulumAngle", 2.5, 1.2, -0.5);
    agree(PHYSICS_OWNER, "dampedPendulumEnergy", 1.0, 0.5, 0.2);
    agree(PHYSICS_OWNER, "dampedPendulumEnergy", 0.6, 1.1, 0.05);
    throwsAsPlain(PHYSICS_OWNER, "pendulumAngle", -1.0, 0.4, 0.1);
    throwsAsPlain(PHYSICS_OWNER, "verletSpringEnergy", 4.0, 0.0, 0.8, 0.3);
    throwsAsPlain(PHYSICS_OWNER, "projectileRange", 30.0, 95.0, 0.01);
  }

  @Test
  void spectraWithAComplexRecord() {
    agree(SIGNALS_OWNER, "dftMagnitude", SIGNAL, 0.13);
    agree(SIGNALS_OWNER, "dftMagnitude", SIGNAL_2, 0.31);
    agree(SIGNALS_OWNER, "windowedBinPower", SIGNAL, 0.21);
    agree(SIGNALS_OWNER, "windowedBinPower", SIGNAL_2, 0.07);
    agree(SIGNALS_OWNER, "goertzelPower", SIGNAL, 0.17);
    agree(SIGNALS_OWNER, "goertzelPower", SIGNAL_2, 0.4);
    agree(SIGNALS_OWNER, "spectralCentroid", SIGNAL);
    agree(SIGNALS_OWNER, "spectralCentroid", SIGNAL_2);
    agree(SIGNALS_OWNER, "complexOscillator", 0.01, 0.03, 0.002);
    agree(SIGNALS_OWNER, "complexOscillator", 0.05, -0.02, 0.01);
    throwsAsPlain(SIGNALS_OWNER, "dftMagnitude", SIGNAL, 0.7);
    throwsAsPlain(SIGNALS_OWNER, "goertzelPower", SIGNAL, -0.1);
    throwsAsPlain(SIGNALS_OWNER, "windowedBinPower", new double[] {1.0}, 0.1);
  }

  @Test
  void filterAndTransferFunctionResponses() {
    agree(SIGNALS_OWNER, "biquadGainDb", 0.2, 0.4, 0.2, -0.5, 0.3, 0.6);
    agree(SIGNALS_OWNER, "biquadGainDb", 1.0, -1.2, 0.5, -0.9, 0.4, 2.1);
    agree(SIGNALS_OWNER, "lowpassMagnitude", 1000.0, 0.707, 800.0);
    agree(SIGNALS_OWNER, "lowpassMagnitude", 5000.0, 2.0, 6000.0);
    agree(SIGNALS_OWNER, "transferPhase", new double[] {1.0, 0.5}, new double[] {1.0, 0.8, 0.2}, 1.3);
    agree(SIGNALS_OWNER, "transferPhase", new double[] {2.0, -0.3, 0.1}, new double[] {1.0, 1.5, 0.6, 0.1}, 0.4);
    agree(SIGNALS_OWNER, "nyquistDistance", 2.0, 0.5, 1.1);
    agree(SIGNALS_OWNER, "nyquistDistance", 0.7, 1.4, 0.3);
    // In normalized units: with henries and farads at 2e4 rad/s the Hessian is right but central
    // differences of the gradient in c (1e-6) cannot tell it.
    agree(SIGNALS_OWNER, "impedanceMagnitude", 1.0, 0.5, 0.8, 1.3);
    agree(SIGNALS_OWNER, "impedanceMagnitude", 2.0, 1.5, 0.3, 0.6);
    agree(SIGNALS_OWNER, "onePoleGroupGain", 0.5, 0.2, 0.8);
    agree(SIGNALS_OWNER, "onePoleGroupGain", -0.3, 0.6, 2.0);
    throwsAsPlain(SIGNALS_OWNER, "onePoleGroupGain", 0.9, 0.6, 0.8);
    throwsAsPlain(SIGNALS_OWNER, "lowpassMagnitude", 30000.0, 0.707, 800.0);
  }

  @Test
  void polynomialsAtComplexPoints() {
    double[] c = {1.0, -0.5, 0.25, 2.0};
    agree(SIGNALS_OWNER, "polynomialModulus", c, 0.4, -0.7);
    agree(SIGNALS_OWNER, "polynomialModulus", new double[] {0.3, 1.0, -2.0}, -1.1, 0.2);
    agree(SIGNALS_OWNER, "hornerInline", c, 0.4, -0.7);
    agree(SIGNALS_OWNER, "hornerInline", new double[] {0.3, 1.0, -2.0}, -1.1, 0.2);
    agree(SIGNALS_OWNER, "quadraticRoot", 1.0, 2.0, 5.0);
    agree(SIGNALS_OWNER, "quadraticRoot", 2.0, -3.0, 0.5);
    throwsAsPlain(SIGNALS_OWNER, "polynomialModulus", new double[0], 0.4, -0.7);
    throwsAsPlain(SIGNALS_OWNER, "quadraticRoot", 0.0, 2.0, 5.0);
  }

  @Test
  void escapeTimeWhoseCountOnlyDecides() {
    agree(SIGNALS_OWNER, "smoothEscape", 0.3, 0.6);
    agree(SIGNALS_OWNER, "smoothEscape", -0.9, 0.35);
    agree(SIGNALS_OWNER, "smoothEscape", 0.45, -0.1);
    agree(SIGNALS_OWNER, "escapeShade", 0.3, 0.6);
    agree(SIGNALS_OWNER, "escapeShade", -0.5, 0.2);
    agree(SIGNALS_OWNER, "escapeShade", 0.45, -0.1);
  }

  private static final String PHYSICS_OWNER = "p.Physics";
  private static final String SIGNALS_OWNER = "p.Signals";

  private static double[] agree(String owner, String method, Object... args) {
    return new GradientAgreement(compiled, owner, method).check(args);
  }

  /**
   * The method throws at {@code args}, and the companion's gradient, Gradient, pullback and
   * tangent entries throw the same exception with the same message.
   */
  private static void throwsAsPlain(String owner, String method, Object... args) {
    Class<?>[] types = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof Double ? double.class : args[i].getClass();
    }
    String companion = GradientAgreement.companionOf(owner);
    Throwable expected = thrown(() -> compiled.call(owner, method, types, args));
    Class<?>[] withBuffer = Arrays.copyOf(types, types.length + 1);
    withBuffer[types.length] = double[].class;
    Object[] gradientArgs = Arrays.copyOf(args, args.length + 1);
    gradientArgs[args.length] = new double[64];
    assertSame(expected, thrown(() -> compiled.call(companion, method, withBuffer, gradientArgs)), method);
    assertSame(expected, thrown(() -> compiled.call(companion, method, types, args)), method);
    assertSame(expected, thrown(() -> compiled.call(companion, method + "_tangent", withBuffer, gradientArgs)),
        method + "_tangent");
    Class<?>[] pullbackTypes = Arrays.copyOf(types, types.length + 3);
    pullbackTypes[types.length] = double.class;
    pullbackTypes[types.length + 1] = double[].class;
    pullbackTypes[types.length + 2] = int.class;
    Object[] pullbackArgs = Arrays.copyOf(args, args.length + 3);
    pullbackArgs[args.length] = 1.0;
    pullbackArgs[args.length + 1] = new double[64];
    pullbackArgs[args.length + 2] = 0;
    assertSame(expected, thrown(() -> compiled.call(companion, method + "_pullback", pullbackTypes, pullbackArgs)),
        method + "_pullback");
  }

  private static void assertSame(Throwable expected, Throwable actual, String entry) {
    assertEquals(expected.getClass(), actual.getClass(), entry + ": " + actual);
    assertEquals(expected.getMessage(), actual.getMessage(), entry);
  }

  private static Throwable thrown(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }
}
