package io.javagrad.nn;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One unit: {@code activation(w · x + b)}. Weights start uniform with the scale {@link Activation}
 * gives; the bias starts at 0.
 */
public final class Neuron implements Module {
  private final List<Value> weights;
  /** The weights again, as the array {@link Value#dot} takes. */
  private final Value[] weightArray;
  private final Value bias;
  private final Activation activation;
  private final List<Value> parameters;

  /** A neuron whose weights are drawn from {@code random}; the same sequence gives the same neuron. */
  public Neuron(int inputs, Activation activation, RandomGenerator random) {
    Checks.requirePositive(inputs, "inputs");
    Objects.requireNonNull(activation, "activation must not be null");
    Objects.requireNonNull(random, "random must not be null");
    double bound = activation.initBound(inputs);
    List<Value> w = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      w.add(new Value(bound * (2 * random.nextDouble() - 1)));
    }
    this.weights = List.copyOf(w);
    this.weightArray = w.toArray(new Value[0]);
    this.bias = new Value(0);
    this.activation = activation;
    List<Value> all = new ArrayList<>(w);
    all.add(bias);
    this.parameters = List.copyOf(all);
  }

  /** A neuron whose weights are drawn from a generator seeded with {@code seed}. */
  public Neuron(int inputs, Activation activation, long seed) {
    this(inputs, activation, new SplittableRandom(seed));
  }

  /**
   * The neuron's output for {@code x}, as a node whose graph reaches x and the parameters.
   *
   * @throws IllegalArgumentException if {@code x} does not have one element per weight
   */
  public Value apply(List<Value> x) {
    Checks.requireInputCount(this, inputs(), x);
    return apply(x.toArray(new Value[0]));
  }

  /** The output for inputs already checked by the caller, as an array: a layer converts its list once. */
  Value apply(Value[] x) {
    // One dot-product node rather than a product per input and their sum: two arrays, not 2n nodes.
    return activation.apply(Value.dot(weightArray, x).add(bias));
  }

  public int inputs() {
    return weights.size();
  }

  public Activation activation() {
    return activation;
  }

  public List<Value> weights() {
    return weights;
  }

  public Value bias() {
    return bias;
  }

  /** The weights, then the bias. */
  @Override
  public List<Value> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "Neuron(" + inputs() + " -> 1, " + activation + ")";
  }
}
