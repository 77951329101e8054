package io.javagrad.benchmarks;

import static io.javagrad.benchmarks.Workloads.MLP_B1;
import static io.javagrad.benchmarks.Workloads.MLP_B2;
import static io.javagrad.benchmarks.Workloads.MLP_HIDDEN;
import static io.javagrad.benchmarks.Workloads.MLP_IN;
import static io.javagrad.benchmarks.Workloads.MLP_OUT;
import static io.javagrad.benchmarks.Workloads.MLP_W2;

/**
 * Gradients of the {@link Workloads}, written by hand as an expert would: one forward pass that
 * keeps what the reverse pass needs, one reverse pass, derivative formulas simplified on paper,
 * no work for what is known to be zero, and no allocation beyond what the primal itself allocates.
 * They are the reference for "as fast as by hand". Each has the generated gradient's signature and
 * layout: returns the value, overwrites {@code grad}.
 *
 * <p>Where the structure allows it, forward and reverse are fused (a sum of independent terms, a
 * loss summed over samples): the adjoint of one term or sample is finished before the next is
 * computed, so nothing has to be stored. Where it does not (a recurrence), the forward pass stores
 * the trajectory in a caller-owned workspace.
 */
public final class HandAdjoints {
  private HandAdjoints() {}

  /** {@link Workloads#rosenbrock2}: the textbook gradient. */
  public static double rosenbrock2(double x, double y, double[] grad) {
    double a = y - x * x;
    double b = 1 - x;
    double da = 200 * a;
    grad[0] = -2 * b - 2 * x * da;
    grad[1] = da;
    return 100 * a * a + b * b;
  }

  /**
   * {@link Workloads#rosenbrock}: each term touches x[i] and x[i+1] only, so one sweep computes
   * the value and finishes x[i]'s derivative, carrying the term's contribution to x[i+1] along.
   */
  public static double rosenbrock(double[] x, double[] grad) {
    int n = x.length;
    double sum = 0;
    double carry = 0;
    for (int i = 0; i < n - 1; i++) {
      double xi = x[i];
      double a = x[i + 1] - xi * xi;
      double b = 1 - xi;
      sum += 100 * a * a + b * b;
      grad[i] = carry - 400 * a * xi - 2 * b;
      carry = 200 * a;
    }
    if (n > 0) {
      grad[n - 1] = carry;
    }
    return sum;
  }

  /**
   * {@link Workloads#blackScholesCall}: the adjoint of the pricing code as written, including the
   * derivative of the Abramowitz–Stegun approximation (not the exact normal density, which would
   * differ from the derivative of what is computed by up to about 1e-7). With z = |x|, the
   * approximation's derivative is {@code -tail'(z)} on both sides of 0, so each distribution
   * function call costs one exp and one division for value and derivative together.
   */
  public static double blackScholesCall(double s, double k, double t, double r, double sigma,
      double[] grad) {
    // forward
    double sqrtT = Math.sqrt(t);
    double sst = sigma * sqrtT;
    double invSst = 1 / sst;
    double drift = r + 0.5 * sigma * sigma;
    double d1 = (Math.log(s / k) + drift * t) * invSst;
    double d2 = d1 - sst;
    double disc = Math.exp(-r * t);

    double z1 = Math.abs(d1);
    double t1 = 1 / (1 + 0.2316419 * z1);
    double e1 = 0.3989422804014327 * Math.exp(-0.5 * z1 * z1);
    double p1 = t1 * (0.319381530 + t1 * (-0.356563782 + t1 * (1.781477937
        + t1 * (-1.821255978 + t1 * 1.330274429))));
    double dp1 = 0.319381530 + t1 * (2 * -0.356563782 + t1 * (3 * 1.781477937
        + t1 * (4 * -1.821255978 + t1 * (5 * 1.330274429))));
    double tail1 = e1 * p1;
    double n1 = d1 >= 0 ? 1 - tail1 : tail1;
    // d tail / dz = e (-z p + p'(t) dt/dz), dt/dz = -0.2316419 t^2; dN/dx = -d tail / dz
    double dn1 = e1 * (z1 * p1 + dp1 * 0.2316419 * t1 * t1);

    double z2 = Math.abs(d2);
    double t2 = 1 / (1 + 0.2316419 * z2);
    double e2 = 0.3989422804014327 * Math.exp(-0.5 * z2 * z2);
    double p2 = t2 * (0.319381530 + t2 * (-0.356563782 + t2 * (1.781477937
        + t2 * (-1.821255978 + t2 * 1.330274429))));
    double dp2 = 0.319381530 + t2 * (2 * -0.356563782 + t2 * (3 * 1.781477937
        + t2 * (4 * -1.821255978 + t2 * (5 * 1.330274429))));
    double tail2 = e2 * p2;
    double n2 = d2 >= 0 ? 1 - tail2 : tail2;
    double dn2 = e2 * (z2 * p2 + dp2 * 0.2316419 * t2 * t2);

    double kDisc = k * disc;
    double price = s * n1 - kDisc * n2;

    // reverse
    double gd2 = -kDisc * dn2;
    double gd1 = s * dn1 + gd2;
    double gSst = -gd2 - gd1 * d1 * invSst;
    double gNum = gd1 * invSst;
    double gDrift = gNum * t;
    double gDisc = -k * n2;
    grad[0] = n1 + gNum / s;
    grad[1] = -disc * n2 - gNum / k;
    grad[2] = gNum * drift - gDisc * disc * r + gSst * sigma * 0.5 / sqrtT;
    grad[3] = gDrift - gDisc * disc * t;
    grad[4] = gDrift * sigma + gSst * sqrtT;
    return price;
  }

  /**
   * {@link Workloads#logisticLoss}: per sample, dloss/dz = sigmoid(z) - y, with the sigmoid taken
   * from the exp(-|z|) the loss already computed; forward and reverse fused sample by sample.
   */
  public static double logisticLoss(double[] w, double b, double[] x, double[] y, double[] grad) {
    return logisticLoss(w, b, x, y, grad, false);
  }

  /**
   * {@link Workloads#logisticLossAllInputs}: the same, plus the derivatives with respect to every
   * feature value ({@code w[j] dloss/dz}) and label ({@code -z}), after the 11 parameters' slots.
   */
  public static double logisticLossAllInputs(double[] w, double b, double[] x, double[] y,
      double[] grad) {
    return logisticLoss(w, b, x, y, grad, true);
  }

  /** Both of the above; {@code data} is a constant at each call site, so the JIT folds it. */
  private static double logisticLoss(double[] w, double b, double[] x, double[] y, double[] grad,
      boolean data) {
    int features = w.length;
    int samples = y.length;
    int xSlots = features + 1;
    int ySlots = xSlots + x.length;
    double scale = 1.0 / samples;
    java.util.Arrays.fill(grad, 0, features, 0.0);
    double gb = 0;
    double total = 0;
    for (int i = 0, row = 0; i < samples; i++, row += features) {
      double z = b;
      for (int j = 0; j < features; j++) {
        z += w[j] * x[row + j];
      }
      double e = Math.exp(-Math.abs(z));
      total += Math.max(z, 0.0) - y[i] * z + Math.log1p(e);
      double g = (z >= 0 ? 1 : e) / (1 + e) - y[i];
      for (int j = 0; j < features; j++) {
        grad[j] += g * x[row + j];
      }
      gb += g;
      if (data) {
        double gz = g * scale;
        for (int j = 0; j < features; j++) {
          grad[xSlots + row + j] = gz * w[j];
        }
        grad[ySlots + i] = -z * scale;
      }
    }
    for (int j = 0; j < features; j++) {
      grad[j] *= scale;
    }
    grad[features] = gb * scale;
    return total / samples;
  }

  /**
   * {@link Workloads#mlpLoss}: backpropagation sample by sample, with the softmax's gradient
   * {@code (sum y) p - y} and tanh's {@code 1 - h^2} from the stored activations. Allocates the
   * hidden and output activations, as the primal does.
   */
  public static double mlpLoss(double[] w, double[] x, double[] y, double[] grad) {
    return mlpLoss(w, x, y, grad, false);
  }

  /**
   * {@link Workloads#mlpLossAllInputs}: the same, plus the derivatives with respect to every input
   * (backpropagated one layer further) and every target ({@code logSumExp - o_k}), after the
   * weights' slots.
   */
  public static double mlpLossAllInputs(double[] w, double[] x, double[] y, double[] grad) {
    return mlpLoss(w, x, y, grad, true);
  }

  /** Both of the above; {@code data} is a constant at each call site, so the JIT folds it. */
  private static double mlpLoss(double[] w, double[] x, double[] y, double[] grad, boolean data) {
    int samples = y.length / MLP_OUT;
    int xSlots = Workloads.MLP_WEIGHTS;
    int ySlots = xSlots + x.length;
    double[] h = new double[MLP_HIDDEN];
    double[] o = new double[MLP_OUT];
    java.util.Arrays.fill(grad, 0, Workloads.MLP_WEIGHTS, 0.0);
    double scale = 1.0 / samples;
    double total = 0;
    for (int s = 0; s < samples; s++) {
      int xs = s * MLP_IN;
      int ys = s * MLP_OUT;
      // forward
      for (int j = 0; j < MLP_HIDDEN; j++) {
        double a = w[MLP_B1 + j];
        int row = j * MLP_IN;
        for (int i = 0; i < MLP_IN; i++) {
          a += w[row + i] * x[xs + i];
        }
        h[j] = Math.tanh(a);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < MLP_OUT; k++) {
        double a = w[MLP_B2 + k];
        int row = MLP_W2 + k * MLP_HIDDEN;
        for (int j = 0; j < MLP_HIDDEN; j++) {
          a += w[row + j] * h[j];
        }
        o[k] = a;
        max = Math.max(max, a);
      }
      double sum = 0;
      double ySum = 0;
      double yDotO = 0;
      for (int k = 0; k < MLP_OUT; k++) {
        double yk = y[ys + k];
        ySum += yk;
        yDotO += yk * o[k];
        if (data) {
          grad[ySlots + ys + k] = -o[k]; // completed below, once logSumExp is known
        }
        o[k] = Math.exp(o[k] - max); // o now holds the unnormalised softmax
        sum += o[k];
      }
      double logSumExp = max + Math.log(sum);
      total += ySum * logSumExp - yDotO;
      if (data) {
        for (int k = 0; k < MLP_OUT; k++) {
          grad[ySlots + ys + k] = (grad[ySlots + ys + k] + logSumExp) * scale;
        }
        java.util.Arrays.fill(grad, xSlots + xs, xSlots + xs + MLP_IN, 0.0);
      }
      // reverse: dloss/do_k = (sum y) softmax_k - y_k, scaled by 1/samples
      double pScale = ySum / sum;
      for (int k = 0; k < MLP_OUT; k++) {
        double g = (pScale * o[k] - y[ys + k]) * scale;
        o[k] = g; // o now holds the output layer's adjoint
        grad[MLP_B2 + k] += g;
        int row = MLP_W2 + k * MLP_HIDDEN;
        for (int j = 0; j < MLP_HIDDEN; j++) {
          grad[row + j] += g * h[j];
        }
      }
      for (int j = 0; j < MLP_HIDDEN; j++) {
        double gh = 0;
        for (int k = 0; k < MLP_OUT; k++) {
          gh += o[k] * w[MLP_W2 + k * MLP_HIDDEN + j];
        }
        double ga = gh * (1 - h[j] * h[j]);
        grad[MLP_B1 + j] += ga;
        int row = j * MLP_IN;
        for (int i = 0; i < MLP_IN; i++) {
          grad[row + i] += ga * x[xs + i];
        }
        if (data) {
          for (int i = 0; i < MLP_IN; i++) {
            grad[xSlots + xs + i] += ga * w[row + i];
          }
        }
      }
    }
    return total * scale;
  }

  /**
   * {@link Workloads#pendulum}: the forward pass stores each step's angle, velocity and sine in
   * {@code work} (at least {@code 3 * steps} long, owned by the caller so that a call allocates
   * nothing); the reverse pass walks the steps backwards and needs one cosine per step.
   */
  public static double pendulum(double theta0, double omega0, double gravity, double damping,
      double dt, int steps, double[] grad, double[] work) {
    double theta = theta0;
    double omega = omega0;
    for (int i = 0, p = 0; i < steps; i++, p += 3) {
      double sin = Math.sin(theta);
      work[p] = theta;
      work[p + 1] = omega;
      work[p + 2] = sin;
      omega += dt * (-gravity * sin - damping * omega);
      theta += dt * omega;
    }
    double value = theta;
    double gTheta = 1;
    double gOmega = 0;
    double gGravity = 0;
    double gDamping = 0;
    double gDt = 0;
    double omegaNext = omega;
    for (int i = steps - 1, p = 3 * (steps - 1); i >= 0; i--, p -= 3) {
      double th = work[p];
      double om = work[p + 1];
      double sin = work[p + 2];
      // theta' = theta + dt omega'
      gDt += gTheta * omegaNext;
      gOmega += gTheta * dt;
      // omega' = omega + dt acc, acc = -gravity sin(theta) - damping omega
      double acc = -gravity * sin - damping * om;
      gDt += gOmega * acc;
      double gAcc = gOmega * dt;
      gTheta -= gAcc * gravity * Math.cos(th);
      gGravity -= gAcc * sin;
      gDamping -= gAcc * om;
      gOmega -= gAcc * damping;
      omegaNext = om;
    }
    grad[0] = gTheta;
    grad[1] = gOmega;
    grad[2] = gGravity;
    grad[3] = gDamping;
    grad[4] = gDt;
    return value;
  }

  /**
   * {@link Workloads#denseSoftmaxLoss}, sample by sample: the softmax's gradient is its
   * probabilities minus the one-hot label (the max cancels), times tanh's derivative, into each
   * weight's slot, the weights row by row and then the biases. {@code work} holds one sample's
   * activations, owned by the caller.
   */
  public static double denseSoftmaxLoss(double[][] w, double[] b, double[][] x, int[] labels, double[] grad,
      double[] work) {
    int classes = w.length;
    int[] starts = new int[classes + 1];
    for (int k = 0; k < classes; k++) {
      starts[k + 1] = starts[k] + w[k].length;
    }
    java.util.Arrays.fill(grad, 0, starts[classes] + classes, 0.0);
    double scale = 1.0 / x.length;
    double loss = 0;
    for (int s = 0; s < x.length; s++) {
      double[] xs = x[s];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        double[] wk = w[k];
        double a = b[k];
        for (int j = 0; j < wk.length; j++) {
          a += wk[j] * xs[j];
        }
        work[k] = Math.tanh(a);
        max = Math.max(max, work[k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(work[k] - max);
      }
      loss += Math.log(sum) + max - work[labels[s]];
      for (int k = 0; k < classes; k++) {
        double z = work[k];
        double dz = (Math.exp(z - max) / sum - (k == labels[s] ? 1 : 0)) * scale;
        double da = dz * (1 - z * z);
        double[] wk = w[k];
        int row = starts[k];
        for (int j = 0; j < wk.length; j++) {
          grad[row + j] += da * xs[j];
        }
        grad[starts[classes] + k] += da;
      }
    }
    return loss * scale;
  }

  /**
   * {@link Workloads#heatMisfit}: the forward pass records each step's temperatures and the {@code
   * exp(beta T)} of each cell ({@code 2 n} doubles per step, in {@code work}, at least {@code 2 n
   * steps} long, owned by the caller); the reverse pass walks the steps backwards, reading the
   * recorded exponentials instead of computing them again, and finishes each cell's adjoint in one
   * write per step, carrying the shares of the flux to its left in locals.
   */
  public static double heatMisfit(double[] initial, double k0, double beta, double[] observed,
      double dt, int steps, double[] grad, double[] work) {
    int n = initial.length;
    double[] temperature = initial.clone();
    for (int s = 0, r = 0; s < steps; s++, r += 2 * n) {
      for (int i = 0; i < n; i++) {
        double t = temperature[i];
        work[r + i] = t;
        work[r + n + i] = Math.exp(beta * t);
      }
      double fluxLeft = 0.5 * k0 * (work[r + n] + work[r + n + 1]) * (temperature[1] - temperature[0]);
      for (int i = 1; i < n - 1; i++) {
        double fluxRight = 0.5 * k0 * (work[r + n + i] + work[r + n + i + 1])
            * (temperature[i + 1] - temperature[i]);
        temperature[i] += dt * (fluxRight - fluxLeft);
        fluxLeft = fluxRight;
      }
    }
    double misfit = 0;
    for (int i = 0; i < n; i++) {
      double error = temperature[i] - observed[i];
      misfit += error * error;
      grad[i] = 2 * error;
    }
    // grad[0, n) holds the temperatures' adjoint, from the last step's back to the initial one.
    double gK0 = 0;
    double gBeta = 0;
    for (int r = 2 * n * (steps - 1); r >= 0; r -= 2 * n) {
      // T'_i = T_i + dt (F_i - F_{i-1}) for the inner cells, F_i = k0 (e_i + e_{i+1}) / 2 (T_{i+1} - T_i).
      double carryT = 0;
      double carryE = 0;
      for (int i = 0; i < n; i++) {
        double t = work[r + i];
        double e = work[r + n + i];
        double gFlux = 0;
        double conduct = 0;
        double shareE = 0;
        if (i < n - 1) {
          gFlux = (i >= 1 ? dt * grad[i] : 0) - (i + 1 < n - 1 ? dt * grad[i + 1] : 0);
          conduct = 0.5 * k0 * (e + work[r + n + i + 1]);
          gK0 += gFlux * 0.5 * (e + work[r + n + i + 1]) * (work[r + i + 1] - t);
          shareE = 0.5 * k0 * gFlux * (work[r + i + 1] - t);
        }
        double gE = carryE + shareE;
        grad[i] += carryT - gFlux * conduct + gE * e * beta;
        gBeta += gE * e * t;
        carryT = gFlux * conduct;
        carryE = shareE;
      }
    }
    grad[n] = gK0;
    grad[n + 1] = gBeta;
    return misfit;
  }
}
