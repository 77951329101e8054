package io.javagrad.benchmarks;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * The benchmarked functions, written as plain Java. The {@code @Differentiable} processor runs on
 * this class while the benchmarks compile and generates {@code WorkloadsGrad}: the generated
 * gradient (buffer entry point {@code f(args..., double[] grad)}) and the dynamic twin
 * ({@code f(Value...)}) that the benchmarks call.
 *
 * <p>Each body is what a numerical programmer would write for the primal alone; nothing here is
 * arranged to suit the processor. The data arguments of the two losses are marked
 * {@link NoDerivative}: the gradient wanted is with respect to the model's parameters. To measure
 * what that saves, each loss also appears a second time, word for word but without the mark
 * ({@code ...AllInputs}), so that its gradient covers the data as well.
 */
public final class Workloads {
  private Workloads() {}

  // ---------------------------------------------------------------- Rosenbrock

  /** Rosenbrock's function in two dimensions, {@code (1 - x)^2 + 100 (y - x^2)^2}. */
  @Differentiable
  public static double rosenbrock2(double x, double y) {
    double a = y - x * x;
    double b = 1 - x;
    return 100 * a * a + b * b;
  }

  /** The n-dimensional Rosenbrock function (the sum of n - 1 coupled two-dimensional terms). */
  @Differentiable
  public static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      sum += 100 * a * a + b * b;
    }
    return sum;
  }

  // ---------------------------------------------------------------- Black–Scholes

  /**
   * The standard normal distribution function, by Abramowitz and Stegun 26.2.17 (absolute error
   * below 7.5e-8), the approximation most pricing code in the wild uses.
   */
  @Differentiable
  public static double normalCdf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.2316419 * z);
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
        + t * (-1.821255978 + t * 1.330274429))));
    double tail = 0.3989422804014327 * Math.exp(-0.5 * z * z) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  /**
   * The Black–Scholes price of a European call: spot {@code s}, strike {@code k}, time to expiry
   * {@code t} in years, risk-free rate {@code r}, volatility {@code sigma}. Its gradient is the
   * delta, the sensitivity to the strike, theta (with the sign of d/dT), rho and vega.
   */
  @Differentiable
  public static double blackScholesCall(double s, double k, double t, double r, double sigma) {
    double sigmaSqrtT = sigma * Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
    double d2 = d1 - sigmaSqrtT;
    return s * normalCdf(d1) - k * Math.exp(-r * t) * normalCdf(d2);
  }

  // ---------------------------------------------------------------- logistic regression

  /**
   * The mean logistic-regression loss (binary cross-entropy on the logits) of weights {@code w} and
   * bias {@code b} over {@code y.length} samples whose {@code w.length} features are stored row by
   * row in {@code x}. Per sample, {@code log(1 + exp(z)) - y z} in its overflow-free form.
   */
  @Differentiable
  public static double logisticLoss(double[] w, double b, @NoDerivative double[] x,
      @NoDerivative double[] y) {
    int features = w.length;
    int samples = y.length;
    double total = 0;
    for (int i = 0; i < samples; i++) {
      double z = b;
      for (int j = 0; j < features; j++) {
        z += w[j] * x[i * features + j];
      }
      total += Math.max(z, 0.0) - y[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return total / samples;
  }

  /**
   * {@link #logisticLoss} without {@code @NoDerivative}: its gradient has a slot for every feature
   * value and label too. Kept identical to it, line for line, so that the benchmark measures the
   * annotation and nothing else.
   */
  @Differentiable
  public static double logisticLossAllInputs(double[] w, double b, double[] x, double[] y) {
    int features = w.length;
    int samples = y.length;
    double total = 0;
    for (int i = 0; i < samples; i++) {
      double z = b;
      for (int j = 0; j < features; j++) {
        z += w[j] * x[i * features + j];
      }
      total += Math.max(z, 0.0) - y[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return total / samples;
  }

  // ---------------------------------------------------------------- two-layer MLP

  /** Inputs, hidden units (tanh) and outputs (softmax) of the MLP. */
  public static final int MLP_IN = 10;
  public static final int MLP_HIDDEN = 64;
  public static final int MLP_OUT = 5;
  /** Offsets into the flat weight vector: W1 [hidden][in], b1, W2 [out][hidden], b2. */
  public static final int MLP_B1 = MLP_HIDDEN * MLP_IN;
  public static final int MLP_W2 = MLP_B1 + MLP_HIDDEN;
  public static final int MLP_B2 = MLP_W2 + MLP_OUT * MLP_HIDDEN;
  /** 10·64 + 64 + 64·5 + 5 = 1,029 weights. */
  public static final int MLP_WEIGHTS = MLP_B2 + MLP_OUT;

  /**
   * The mean softmax cross-entropy of a two-layer perceptron ({@code tanh} hidden layer, linear
   * output layer) with weights {@code w} over the samples in {@code x} (row by row, {@link
   * #MLP_IN} features each) and their targets in {@code y} (row by row, {@link #MLP_OUT} class
   * probabilities each, one-hot for labelled data).
   */
  @Differentiable
  public static double mlpLoss(double[] w, @NoDerivative double[] x, @NoDerivative double[] y) {
    int samples = y.length / MLP_OUT;
    double[] h = new double[MLP_HIDDEN];
    double[] o = new double[MLP_OUT];
    double total = 0;
    for (int s = 0; s < samples; s++) {
      for (int j = 0; j < MLP_HIDDEN; j++) {
        double a = w[MLP_B1 + j];
        for (int i = 0; i < MLP_IN; i++) {
          a += w[j * MLP_IN + i] * x[s * MLP_IN + i];
        }
        h[j] = Math.tanh(a);
      }
      for (int k = 0; k < MLP_OUT; k++) {
        double a = w[MLP_B2 + k];
        for (int j = 0; j < MLP_HIDDEN; j++) {
          a += w[MLP_W2 + k * MLP_HIDDEN + j] * h[j];
        }
        o[k] = a;
      }
      double max = o[0];
      for (int k = 1; k < MLP_OUT; k++) {
        max = Math.max(max, o[k]);
      }
      double sum = 0;
      for (int k = 0; k < MLP_OUT; k++) {
        sum += Math.exp(o[k] - max);
      }
      double logSumExp = max + Math.log(sum);
      for (int k = 0; k < MLP_OUT; k++) {
        total += y[s * MLP_OUT + k] * (logSumExp - o[k]);
      }
    }
    return total / samples;
  }

  /**
   * {@link #mlpLoss} without {@code @NoDerivative}: its gradient has a slot for every input and
   * target value too. Kept identical to it, line for line, so that the benchmark measures the
   * annotation and nothing else.
   */
  @Differentiable
  public static double mlpLossAllInputs(double[] w, double[] x, double[] y) {
    int samples = y.length / MLP_OUT;
    double[] h = new double[MLP_HIDDEN];
    double[] o = new double[MLP_OUT];
    double total = 0;
    for (int s = 0; s < samples; s++) {
      for (int j = 0; j < MLP_HIDDEN; j++) {
        double a = w[MLP_B1 + j];
        for (int i = 0; i < MLP_IN; i++) {
          a += w[j * MLP_IN + i] * x[s * MLP_IN + i];
        }
        h[j] = Math.tanh(a);
      }
      for (int k = 0; k < MLP_OUT; k++) {
        double a = w[MLP_B2 + k];
        for (int j = 0; j < MLP_HIDDEN; j++) {
          a += w[MLP_W2 + k * MLP_HIDDEN + j] * h[j];
        }
        o[k] = a;
      }
      double max = o[0];
      for (int k = 1; k < MLP_OUT; k++) {
        max = Math.max(max, o[k]);
      }
      double sum = 0;
      for (int k = 0; k < MLP_OUT; k++) {
        sum += Math.exp(o[k] - max);
      }
      double logSumExp = max + Math.log(sum);
      for (int k = 0; k < MLP_OUT; k++) {
        total += y[s * MLP_OUT + k] * (logSumExp - o[k]);
      }
    }
    return total / samples;
  }

  // ---------------------------------------------------------------- long loops

  /**
   * A damped pendulum integrated with {@code steps} semi-implicit Euler steps of length {@code dt}
   * from angle {@code theta0} and angular velocity {@code omega0}; returns the final angle. A
   * recurrence: every step's state feeds the next one nonlinearly.
   */
  @Differentiable
  public static double pendulum(double theta0, double omega0, double gravity, double damping,
      double dt, int steps) {
    double theta = theta0;
    double omega = omega0;
    for (int i = 0; i < steps; i++) {
      omega += dt * (-gravity * Math.sin(theta) - damping * omega);
      theta += dt * omega;
    }
    return theta;
  }

  // ---------------------------------------------------------------- heat conduction

  /**
   * The heat-conduction inverse problem of issue #17: a rod of {@code initial.length} cells with
   * conductivity {@code k(T) = k0 exp(beta T)}, integrated by {@code steps} explicit Euler steps of
   * length {@code dt} from {@code initial}; the value is the squared misfit between the final
   * temperatures and {@code observed}. The end cells are held at their temperature; between
   * neighbouring cells flows {@code (k_i + k_{i+1}) / 2 (T_{i+1} - T_i)}. Every step overwrites the
   * state and computes an {@code exp} per cell, which the reverse sweep needs again.
   */
  @Differentiable
  public static double heatMisfit(double[] initial, double k0, double beta,
      @NoDerivative double[] observed, @NoDerivative double dt, int steps) {
    int n = initial.length;
    double[] temperature = new double[n];
    for (int i = 0; i < n; i++) {
      temperature[i] = initial[i];
    }
    double[] conductivity = new double[n];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        conductivity[i] = k0 * Math.exp(beta * temperature[i]);
      }
      double fluxLeft = 0.5 * (conductivity[0] + conductivity[1]) * (temperature[1] - temperature[0]);
      for (int i = 1; i < n - 1; i++) {
        double fluxRight = 0.5 * (conductivity[i] + conductivity[i + 1])
            * (temperature[i + 1] - temperature[i]);
        temperature[i] += dt * (fluxRight - fluxLeft);
        fluxLeft = fluxRight;
      }
    }
    double misfit = 0;
    for (int i = 0; i < n; i++) {
      double error = temperature[i] - observed[i];
      misfit += error * error;
    }
    return misfit;
  }

  // ---------------------------------------------------------------- a dense layer over double[][]

  /**
   * A dense tanh layer and a softmax cross-entropy loss, mean over a batch: the weights are a
   * {@code double[][]}, one row per class, as Java numeric code keeps a layer; the samples, a
   * {@code double[][]} of data, one row each.
   */
  @Differentiable
  public static double denseSoftmaxLoss(double[][] w, double[] b, @NoDerivative double[][] x,
      @NoDerivative int[] labels) {
    double loss = 0;
    for (int s = 0; s < x.length; s++) {
      double[] xs = x[s];
      double[] z = new double[w.length];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < w.length; k++) {
        double[] wk = w[k];
        double a = b[k];
        for (int j = 0; j < wk.length; j++) {
          a += wk[j] * xs[j];
        }
        z[k] = Math.tanh(a);
        max = Math.max(max, z[k]);
      }
      double sum = 0;
      for (int k = 0; k < z.length; k++) {
        sum += Math.exp(z[k] - max);
      }
      loss += Math.log(sum) + max - z[labels[s]];
    }
    return loss / x.length;
  }
}
