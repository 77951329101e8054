package corpus;

import static java.lang.Math.cos;
import static java.lang.Math.sin;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * The structure of ADBench's hand-tracking objective, ported as Java numeric code writes it: each
 * bone's transform relative to its parent from Euler angles, through small helpers returning
 * {@code double[][]}; the absolute transforms chained down the skeleton and stacked four rows a
 * bone in one {@code double[][]} (Java has no array of matrices javagrad follows); every vertex
 * skinned by its weights over the bones and compared with its target.
 */
public final class HandTracking {
  private HandTracking() {}

  /** Rotation from Euler angles (x, y, z), row-major 3x3, as the hand model composes it. */
  static double[][] eulerAnglesToRotationMatrix(double[] xyz) {
    final double tx = xyz[0], ty = xyz[1], tz = xyz[2];
    final double[][] rx = {{1, 0, 0}, {0, cos(tx), -sin(tx)}, {0, sin(tx), cos(tx)}};
    final double[][] ry = {{cos(ty), 0, sin(ty)}, {0, 1, 0}, {-sin(ty), 0, cos(ty)}};
    final double[][] rz = {{cos(tz), -sin(tz), 0}, {sin(tz), cos(tz), 0}, {0, 0, 1}};
    return matmul(rz, matmul(ry, rx));
  }

  static double[][] matmul(double[][] a, double[][] b) {
    final int n = a.length, m = b[0].length, k = b.length;
    final double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int l = 0; l < k; l++) {
          s += a[i][l] * b[l][j];
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  /** A rigid transform: rotation block from r, translation t, homogeneous 4x4. */
  static double[][] homogeneous(double[][] r, double[] t) {
    final double[][] h = new double[4][4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(r[i], 0, h[i], 0, 3);
      h[i][3] = t[i];
    }
    h[3][3] = 1;
    return h;
  }

  /**
   * Squared distance of skinned vertices to their targets: each bone's pose relative to its parent,
   * chained to absolutes, applied to the base positions weighted per vertex.
   */
  @Differentiable
  public static double objective(double[][] theta, @NoDerivative double[][] boneOffsets, int[] parents,
      @NoDerivative double[][] basePositions, @NoDerivative double[][] weights, @NoDerivative double[][] targets) {
    final int bones = parents.length;
    final double[][] absolute = new double[bones * 4][];
    for (int b = 0; b < bones; b++) {
      if (parents[b] >= b) {
        throw new IllegalArgumentException("bone " + b + " has parent " + parents[b] + ", not an earlier bone");
      }
      final double[][] relative = homogeneous(eulerAnglesToRotationMatrix(theta[b]), boneOffsets[b]);
      final double[][] abs = parents[b] < 0 ? relative : matmul(block(absolute, parents[b]), relative);
      for (int i = 0; i < 4; i++) {
        absolute[4 * b + i] = abs[i].clone();
      }
    }
    double err = 0;
    for (int v = 0; v < basePositions.length; v++) {
      final double[] position = new double[3];
      for (int b = 0; b < bones; b++) {
        for (int i = 0; i < 3; i++) {
          double s = absolute[4 * b + i][3];
          for (int j = 0; j < 3; j++) {
            s += absolute[4 * b + i][j] * basePositions[v][j];
          }
          position[i] += weights[v][b] * s;
        }
      }
      for (int i = 0; i < 3; i++) {
        final double d = position[i] - targets[v][i];
        err += d * d;
      }
    }
    return err;
  }

  static double[][] block(double[][] stacked, int b) {
    final double[][] m = new double[4][];
    for (int i = 0; i < 4; i++) {
      m[i] = stacked[4 * b + i].clone();
    }
    return m;
  }
}
