package io.javagrad.nn;

import io.javagrad.Value;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015): each parameter steps by a running mean of its gradient divided by
 * the root of a running mean of its squared gradient, so every parameter moves at about the
 * learning rate whatever the scale of its gradient. Both means start at 0 and are bias-corrected,
 * which keeps the first steps from being too small.
 *
 * <pre>
 * t += 1
 * m = beta1 * m + (1 - beta1) * grad
 * v = beta2 * v + (1 - beta2) * grad²
 * p -= learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 */
public final class Adam implements Optimizer {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  private final List<Value> parameters;
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[] mean;
  private final double[] meanSquare;
  private int steps;

  /**
   * Adam over {@code parameters} with every hyperparameter given.
   *
   * @throws IllegalArgumentException unless {@code learningRate} and {@code eps} are positive and
   *     finite, both betas are in [0, 1), and the parameters are a non-empty list of distinct values
   */
  public Adam(List<Value> parameters, double learningRate, double beta1, double beta2, double eps) {
    this.parameters = Checks.requireParameters(parameters);
    Checks.requirePositiveFinite(learningRate, "learningRate");
    Checks.requireDecayRate(beta1, "beta1");
    Checks.requireDecayRate(beta2, "beta2");
    // eps keeps the step finite where a gradient has been 0 so far (0 / 0 otherwise).
    Checks.requirePositiveFinite(eps, "eps");
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.mean = new double[this.parameters.size()];
    this.meanSquare = new double[this.parameters.size()];
  }

  /** Adam with the paper's defaults: betas 0.9 and 0.999, eps 1e-8. */
  public Adam(List<Value> parameters, double learningRate) {
    this(parameters, learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
  }

  @Override
  public List<Value> parameters() {
    return parameters;
  }

  /** How many times {@link #step()} has run: the {@code t} of the bias correction. */
  public int steps() {
    return steps;
  }

  @Override
  public void step() {
    steps++;
    double meanCorrection = 1 - Math.pow(beta1, steps);
    double meanSquareCorrection = 1 - Math.pow(beta2, steps);
    for (int i = 0; i < mean.length; i++) {
      Value p = parameters.get(i);
      double g = p.grad();
      mean[i] = beta1 * mean[i] + (1 - beta1) * g;
      meanSquare[i] = beta2 * meanSquare[i] + (1 - beta2) * g * g;
      double meanEstimate = mean[i] / meanCorrection;
      double meanSquareEstimate = meanSquare[i] / meanSquareCorrection;
      p.setData(p.data() - learningRate * meanEstimate / (Math.sqrt(meanSquareEstimate) + eps));
    }
  }

  @Override
  public String toString() {
    return "Adam(learningRate=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")";
  }
}
