package io.javagrad.hipparchus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/** A two-exponential decay model and its least-squares loss, the functions the tests fit. */
final class Decay {
  private Decay() {}

  /** a exp(-b t) + c exp(-d t) at time t. */
  static double curve(double[] p, double t) {
    return p[0] * Math.exp(-p[1] * t) + p[2] * Math.exp(-p[3] * t);
  }

  /** The model at every time, with its Jacobian written by hand, as a user without javagrad would. */
  static double[] curveWithHandJacobian(double[] p, double[] times, double[][] jacobian) {
    double[] value = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      double t = times[i];
      double slow = Math.exp(-p[1] * t);
      double fast = Math.exp(-p[3] * t);
      value[i] = p[0] * slow + p[2] * fast;
      jacobian[i][0] = slow;
      jacobian[i][1] = -p[0] * t * slow;
      jacobian[i][2] = fast;
      jacobian[i][3] = -p[2] * t * fast;
    }
    return value;
  }

  /** The model at every time, for javagrad to differentiate: its Jacobian entry is generated. */
  @Differentiable
  static double[] curveAt(double[] p, @NoDerivative double[] times) {
    double[] value = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      value[i] = p[0] * Math.exp(-p[1] * times[i]) + p[2] * Math.exp(-p[3] * times[i]);
    }
    return value;
  }

  @Differentiable
  static double sumOfSquares(double[] p, @NoDerivative double[] times, @NoDerivative double[] observed) {
    double sum = 0;
    for (int i = 0; i < times.length; i++) {
      double residual = p[0] * Math.exp(-p[1] * times[i]) + p[2] * Math.exp(-p[3] * times[i]) - observed[i];
      sum += residual * residual;
    }
    return sum;
  }
}
