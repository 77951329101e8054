package io.javagrad.nn;

import io.javagrad.Value;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, in PyTorch's form: {@code v = momentum * v +
 * grad; p -= learningRate * v}, with {@code v} starting at 0. Momentum 0 is plain gradient descent.
 */
public final class SGD implements Optimizer {
  private final List<Value> parameters;
  private final double learningRate;
  private final double momentum;
  private final double[] velocity;

  /**
   * SGD over {@code parameters} with the given step size and momentum (0 for none).
   *
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite, {@code
   *     momentum} is in [0, 1), and the parameters are a non-empty list of distinct values
   */
  public SGD(List<Value> parameters, double learningRate, double momentum) {
    this.parameters = Checks.requireParameters(parameters);
    Checks.requirePositiveFinite(learningRate, "learningRate");
    Checks.requireDecayRate(momentum, "momentum");
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.velocity = new double[this.parameters.size()];
  }

  /** Plain gradient descent: {@code p -= learningRate * grad}. */
  public SGD(List<Value> parameters, double learningRate) {
    this(parameters, learningRate, 0);
  }

  @Override
  public List<Value> parameters() {
    return parameters;
  }

  @Override
  public void step() {
    for (int i = 0; i < velocity.length; i++) {
      Value p = parameters.get(i);
      velocity[i] = momentum * velocity[i] + p.grad();
      p.setData(p.data() - learningRate * velocity[i]);
    }
  }

  @Override
  public String toString() {
    return "SGD(learningRate=" + learningRate + ", momentum=" + momentum + ")";
  }
}
