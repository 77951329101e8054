package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * ODE steppers and orbital mechanics: Runge-Kutta with scalar stages, an event-terminated
 * integration with a step cap, Kepler's equation by Newton's method, and spherical geometry in
 * degrees.
 */
public final class Mechanics {
  private static final double G = 9.80665;
  private static final int MAX_STEPS = 10_000;
  private static final int SUBSTEPS = 4;
  private static final int KEPLER_MAX_ITERATIONS = 50;
  private static final double KEPLER_TOLERANCE = 1e-13;
  private static final double EARTH_RADIUS_KM = 6371.0088;

  private Mechanics() {}

  /** y' = -k y + sin t from t = 0 to t1 by classic RK4. */
  @Differentiable
  public static double rk4Forced(double y0, double k, double t1, int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive: " + steps);
    }
    double h = t1 / steps;
    double t = 0, y = y0;
    for (int i = 0; i < steps; i++) {
      double k1 = -k * y + Math.sin(t);
      double k2 = -k * (y + 0.5 * h * k1) + Math.sin(t + 0.5 * h);
      double k3 = -k * (y + 0.5 * h * k2) + Math.sin(t + 0.5 * h);
      double k4 = -k * (y + h * k3) + Math.sin(t + h);
      y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      t += h;
    }
    return y;
  }

  /** A pendulum's angle after t1, RK4 on (theta, omega) in a do/while. */
  @Differentiable
  public static double pendulumAngle(double theta0, double omega0, double gravity, double length, double t1,
      int steps) {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive: " + length);
    }
    double w2 = gravity / length;
    double h = t1 / steps;
    double theta = theta0, omega = omega0;
    int step = 0;
    do {
      double a1 = omega, b1 = -w2 * Math.sin(theta);
      double a2 = omega + 0.5 * h * b1, b2 = -w2 * Math.sin(theta + 0.5 * h * a1);
      double a3 = omega + 0.5 * h * b2, b3 = -w2 * Math.sin(theta + 0.5 * h * a2);
      double a4 = omega + h * b3, b4 = -w2 * Math.sin(theta + h * a3);
      theta += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
      omega += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
    } while (++step < steps);
    return theta;
  }

  /**
   * Range of a projectile with quadratic drag, integrated by explicit Euler in blocks of substeps
   * until it falls below the ground; the impact point is interpolated. Too many steps throw. The
   * step is a numerical setting, not an input to differentiate: hence {@code @NoDerivative}.
   */
  @Differentiable
  public static double projectileRange(double speed, double angleDegrees, double drag, @NoDerivative double dt) {
    if (dt <= 0) {
      throw new IllegalArgumentException("dt must be positive: " + dt);
    }
    double angle = Math.toRadians(angleDegrees);
    double x = 0, y = 0;
    double vx = speed * Math.cos(angle), vy = speed * Math.sin(angle);
    double xPrevious = 0, yPrevious = 0;
    int steps = 0;
    flight:
    while (true) {
      for (int s = 0; s < SUBSTEPS; s++) {
        if (steps++ >= MAX_STEPS) {
          throw new IllegalStateException("no impact within " + MAX_STEPS + " steps");
        }
        xPrevious = x;
        yPrevious = y;
        double v = Math.hypot(vx, vy);
        vx -= dt * drag * v * vx;
        vy -= dt * (G + drag * v * vy);
        x += dt * vx;
        y += dt * vy;
        if (y < 0) {
          break flight;
        }
      }
    }
    return xPrevious + (x - xPrevious) * yPrevious / (yPrevious - y);
  }

  /** Solves Kepler's equation E - e sin E = M by Newton's method, with a tolerance and a cap. */
  @Differentiable
  public static double eccentricAnomaly(double meanAnomaly, double e) {
    if (e < 0 || e >= 1) {
      throw new IllegalArgumentException("eccentricity must be in [0, 1): " + e);
    }
    // M reduced to [-pi, pi)
    double m = meanAnomaly - 2 * Math.PI * Math.floor((meanAnomaly + Math.PI) / (2 * Math.PI));
    // for high eccentricities pi (on M's side) is the safer start
    double anomaly = e < 0.8 ? m : Math.copySign(Math.PI, m);
    int iteration = 0;
    while (true) {
      double f = anomaly - e * Math.sin(anomaly) - m;
      double step = f / (1 - e * Math.cos(anomaly));
      anomaly -= step;
      if (Math.abs(step) <= KEPLER_TOLERANCE) {
        break;
      }
      if (++iteration == KEPLER_MAX_ITERATIONS) {
        throw new IllegalStateException(
            "Kepler's equation did not converge: M = " + meanAnomaly + ", e = " + e);
      }
    }
    return anomaly;
  }

  @Differentiable
  public static double trueAnomaly(double meanAnomaly, double e) {
    double eccentric = eccentricAnomaly(meanAnomaly, e);
    double half = 0.5 * eccentric;
    return 2 * Math.atan2(Math.sqrt(1 + e) * Math.sin(half), Math.sqrt(1 - e) * Math.cos(half));
  }

  /** Total delta-v of a Hohmann transfer between circular orbits, in either direction. */
  @Differentiable
  public static double hohmannDeltaV(double r1, double r2, double mu) {
    if (r1 <= 0 || r2 <= 0) {
      throw new IllegalArgumentException("orbit radii must be positive: " + r1 + ", " + r2);
    }
    if (r2 < r1) {
      // the transfer costs the same either way: work from the inner orbit
      double swap = r1;
      r1 = r2;
      r2 = swap;
    }
    double a = 0.5 * (r1 + r2);
    double v1 = Math.sqrt(mu / r1), v2 = Math.sqrt(mu / r2);
    double transferPeriapsis = Math.sqrt(mu * (2 / r1 - 1 / a));
    double transferApoapsis = Math.sqrt(mu * (2 / r2 - 1 / a));
    return (transferPeriapsis - v1) + (v2 - transferApoapsis);
  }

  /** Great-circle distance by the haversine formula, from degrees. */
  @Differentiable
  public static double greatCircleKm(double lat1Deg, double lon1Deg, double lat2Deg, double lon2Deg) {
    if (Math.abs(lat1Deg) > 90 || Math.abs(lat2Deg) > 90) {
      throw new IllegalArgumentException("latitude out of range: " + lat1Deg + ", " + lat2Deg);
    }
    double lat1 = Math.toRadians(lat1Deg), lat2 = Math.toRadians(lat2Deg);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(lon2Deg - lon1Deg);
    double s = StrictMath.sin(dLat / 2), c = StrictMath.sin(dLon / 2);
    double h = s * s + StrictMath.cos(lat1) * StrictMath.cos(lat2) * c * c;
    return 2 * EARTH_RADIUS_KM * StrictMath.asin(Math.min(1, StrictMath.sqrt(h)));
  }

  /** Initial bearing in degrees, normalized to [0, 360). */
  @Differentiable
  public static double initialBearingDeg(double lat1Deg, double lon1Deg, double lat2Deg, double lon2Deg) {
    double lat1 = Math.toRadians(lat1Deg), lat2 = Math.toRadians(lat2Deg);
    double dLon = Math.toRadians(lon2Deg - lon1Deg);
    double y = Math.sin(dLon) * Math.cos(lat2);
    double x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
    double bearing = Math.toDegrees(Math.atan2(y, x));
    return bearing < 0 ? bearing + 360 : bearing;
  }

  /** RK4 to t1 with steps no longer than maxStep: the step count is the ceiling of their ratio. */
  @Differentiable
  public static double rk4ToTime(double y0, double k, double t1, double maxStep) {
    if (!Double.isFinite(t1) || t1 <= 0) {
      throw new IllegalArgumentException("t1 must be finite and positive: " + t1);
    }
    int steps = (int) Math.ceil(t1 / maxStep);
    return rk4Forced(y0, k, t1, steps);
  }
}
