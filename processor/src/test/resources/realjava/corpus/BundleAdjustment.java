package corpus;

import static java.lang.Math.cos;
import static java.lang.Math.sin;
import static java.lang.Math.sqrt;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;

/**
 * The bundle-adjustment objective of ADBench, ported to Java the two ways such ports are written:
 * with a camera and a point per row of a {@code double[][]} and small helpers that fill output
 * arrays ({@code cross}, {@code rodriguesRotatePoint}, {@code radialDistort}, {@code project}),
 * and with everything flat ({@code double[]} of 11 values per camera, 3 per point) and offsets
 * into it, as the C++ passes {@code &cams[camIdx * BA_NCAMPARAMS]}.
 *
 * <p>A camera is {@code [r1 r2 r3 C1 C2 C3 f u0 v0 k1 k2]}: an angle-axis rotation (Rodrigues), the
 * centre, the focal length, the principal point and two radial distortion parameters. A point is
 * projected as {@code Xcam = R (X - C)}, divided by its depth, distorted, scaled by f and shifted
 * by the principal point; the residual of an observation is its weight times the distance to the
 * feature, and the weight's own residual is {@code 1 - w^2} (Zach's robustifier).
 */
public final class BundleAdjustment {
  static final int N_CAM_PARAMS = 11;
  private static final int ROT_IDX = 0;
  private static final int C_IDX = 3;
  private static final int F_IDX = 6;
  private static final int X0_IDX = 7;
  private static final int RAD_IDX = 9;

  private BundleAdjustment() {}

  private static void checkArgument(boolean expression, String template, Object... args) {
    if (!expression) {
      throw new IllegalArgumentException(String.format(template, args));
    }
  }

  static double sqsum(double[] x) {
    double res = 0;
    for (double xi : x) {
      res += xi * xi;
    }
    return res;
  }

  static void cross(double[] a, double[] b, double[] out) {
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
  }

  /** Rotates pt by the angle-axis rot; at angle 0 by the first-order formula, whose derivative is the rotation's. */
  static void rodriguesRotatePoint(double[] rot, double[] pt, double[] rotatedPt) {
    final double sqtheta = sqsum(rot);
    if (sqtheta != 0) {
      final double theta = sqrt(sqtheta);
      final double costheta = cos(theta);
      final double sintheta = sin(theta);
      final double thetaInverse = 1.0 / theta;
      final double[] w = new double[3];
      for (int i = 0; i < 3; i++) {
        w[i] = rot[i] * thetaInverse;
      }
      final double[] wCrossPt = new double[3];
      cross(w, pt, wCrossPt);
      final double tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1. - costheta);
      for (int i = 0; i < 3; i++) {
        rotatedPt[i] = pt[i] * costheta + wCrossPt[i] * sintheta + w[i] * tmp;
      }
    } else {
      final double[] rotCrossPt = new double[3];
      cross(rot, pt, rotCrossPt);
      for (int i = 0; i < 3; i++) {
        rotatedPt[i] = pt[i] + rotCrossPt[i];
      }
    }
  }

  static void radialDistort(double[] radParams, double[] proj) {
    final double rsq = sqsum(proj);
    final double l = 1. + radParams[0] * rsq + radParams[1] * rsq * rsq;
    proj[0] = proj[0] * l;
    proj[1] = proj[1] * l;
  }

  static void project(double[] cam, double[] x, double[] proj) {
    final double[] xo = new double[3];
    for (int i = 0; i < 3; i++) {
      xo[i] = x[i] - cam[C_IDX + i];
    }
    final double[] xcam = new double[3];
    rodriguesRotatePoint(Arrays.copyOfRange(cam, ROT_IDX, ROT_IDX + 3), xo, xcam);
    proj[0] = xcam[0] / xcam[2];
    proj[1] = xcam[1] / xcam[2];
    radialDistort(Arrays.copyOfRange(cam, RAD_IDX, RAD_IDX + 2), proj);
    proj[0] = proj[0] * cam[F_IDX] + cam[X0_IDX];
    proj[1] = proj[1] * cam[F_IDX] + cam[X0_IDX + 1];
  }

  static void computeReprojError(double[] cam, double[] x, double w, double[] feat, double[] err) {
    final double[] proj = new double[2];
    project(cam, x, proj);
    err[0] = w * (proj[0] - feat[0]);
    err[1] = w * (proj[1] - feat[1]);
  }

  /** Zach's weight residual. */
  @Differentiable
  public static double zachWeightError(double w) {
    return 1 - w * w;
  }

  /** One coordinate of a point rotated by an angle-axis vector. */
  @Differentiable
  public static double rotatedCoordinate(double[] rot, double[] pt, int coordinate) {
    checkArgument(coordinate >= 0 && coordinate < 3, "coordinate %d is not 0, 1 or 2", coordinate);
    final double[] rotated = new double[3];
    rodriguesRotatePoint(rot, pt, rotated);
    return rotated[coordinate];
  }

  /** The reprojection residual of one observation, both coordinates: what Levenberg-Marquardt wants a Jacobian of. */
  @Differentiable
  public static double[] reprojectionError(double[] cam, double[] x, double w, @NoDerivative double[] feat) {
    checkArgument(cam.length == N_CAM_PARAMS, "a camera has %d parameters, not %d", N_CAM_PARAMS, cam.length);
    final double[] err = new double[2];
    computeReprojError(cam, x, w, feat, err);
    return err;
  }

  /** The squared norm of one observation's residual. */
  @Differentiable
  public static double squaredReprojectionError(double[] cam, double[] x, double w, @NoDerivative double[] feat) {
    final double[] err = new double[2];
    computeReprojError(cam, x, w, feat, err);
    return sqsum(err);
  }

  /** The whole objective over cameras and points as rows: every residual squared, reprojections and weights. */
  @Differentiable
  public static double objective(double[][] cams, double[][] points, double[] weights, int[][] obs,
      @NoDerivative double[][] feats) {
    checkArgument(obs.length == weights.length && obs.length == feats.length,
        "%d observations, %d weights, %d features", obs.length, weights.length, feats.length);
    double total = 0;
    final double[] err = new double[2];
    for (int i = 0; i < obs.length; i++) {
      final int camIdx = obs[i][0];
      final int ptIdx = obs[i][1];
      computeReprojError(cams[camIdx], points[ptIdx], weights[i], feats[i], err);
      total += sqsum(err);
    }
    for (double w : weights) {
      final double wErr = zachWeightError(w);
      total += wErr * wErr;
    }
    return total;
  }

  /** The same objective on flat arrays with offsets, as the C++ lays them out: 11 values a camera, 3 a point. */
  @Differentiable
  public static double objectiveFlat(int n, int m, int p, double[] cams, double[] x, double[] w, int[] obs,
      @NoDerivative double[] feats) {
    checkArgument(cams.length == N_CAM_PARAMS * n && x.length == 3 * m && w.length == p && obs.length == 2 * p,
        "sizes do not match n = %d, m = %d, p = %d", n, m, p);
    double total = 0;
    for (int i = 0; i < p; i++) {
      final int camOff = obs[i * 2] * N_CAM_PARAMS;
      final int ptOff = obs[i * 2 + 1] * 3;
      total += FlatProjection.squaredError(cams, camOff, x, ptOff, w[i], feats[2 * i], feats[2 * i + 1]);
    }
    for (int i = 0; i < p; i++) {
      total += (1 - w[i] * w[i]) * (1 - w[i] * w[i]);
    }
    return total;
  }

  /** The projection written on offsets into flat arrays, with scalars for the intermediate vectors. */
  static final class FlatProjection {
    private FlatProjection() {}

    static double squaredError(double[] cams, int camOff, double[] x, int ptOff, double w, double fu, double fv) {
      final double xo0 = x[ptOff] - cams[camOff + C_IDX];
      final double xo1 = x[ptOff + 1] - cams[camOff + C_IDX + 1];
      final double xo2 = x[ptOff + 2] - cams[camOff + C_IDX + 2];
      final double r0 = cams[camOff + ROT_IDX];
      final double r1 = cams[camOff + ROT_IDX + 1];
      final double r2 = cams[camOff + ROT_IDX + 2];
      final double theta = sqrt(r0 * r0 + r1 * r1 + r2 * r2);
      final double c = cos(theta);
      final double s = sin(theta);
      final double k0 = r0 / theta;
      final double k1 = r1 / theta;
      final double k2 = r2 / theta;
      final double dot = (k0 * xo0 + k1 * xo1 + k2 * xo2) * (1 - c);
      final double y0 = xo0 * c + (k1 * xo2 - k2 * xo1) * s + k0 * dot;
      final double y1 = xo1 * c + (k2 * xo0 - k0 * xo2) * s + k1 * dot;
      final double y2 = xo2 * c + (k0 * xo1 - k1 * xo0) * s + k2 * dot;
      final double u = y0 / y2;
      final double v = y1 / y2;
      final double rsq = u * u + v * v;
      final double l = 1 + cams[camOff + RAD_IDX] * rsq + cams[camOff + RAD_IDX + 1] * rsq * rsq;
      final double eu = w * (u * l * cams[camOff + F_IDX] + cams[camOff + X0_IDX] - fu);
      final double ev = w * (v * l * cams[camOff + F_IDX] + cams[camOff + X0_IDX + 1] - fv);
      return eu * eu + ev * ev;
    }
  }
}
