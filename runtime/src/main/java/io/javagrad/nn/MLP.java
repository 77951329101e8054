package io.javagrad.nn;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A multilayer perceptron: fully connected layers in sequence, each feeding the next. Hidden
 * layers share one activation; the last layer has its own, usually {@link Activation#LINEAR} so
 * that it yields unbounded scores for a loss to interpret.
 */
public final class MLP implements Module {
  private final List<Layer> layers;
  private final List<Value> parameters;

  /**
   * A network from {@code inputs} inputs through layers of {@code layerSizes[0]}, {@code
   * layerSizes[1]}, ... neurons; the last size is the number of outputs. Layers draw their
   * weights from {@code random} in order, so the same sequence gives the same network.
   */
  public MLP(int inputs, int[] layerSizes, Activation hidden, Activation output, RandomGenerator random) {
    Checks.requirePositive(inputs, "inputs");
    Objects.requireNonNull(layerSizes, "layerSizes must not be null");
    if (layerSizes.length == 0) {
      throw new IllegalArgumentException("layerSizes must name at least the output layer");
    }
    Objects.requireNonNull(hidden, "hidden activation must not be null");
    Objects.requireNonNull(output, "output activation must not be null");
    Objects.requireNonNull(random, "random must not be null");
    List<Layer> stack = new ArrayList<>(layerSizes.length);
    List<Value> all = new ArrayList<>();
    int fanIn = inputs;
    for (int i = 0; i < layerSizes.length; i++) {
      Checks.requirePositive(layerSizes[i], "layerSizes[" + i + "]");
      Activation activation = i == layerSizes.length - 1 ? output : hidden;
      Layer layer = new Layer(fanIn, layerSizes[i], activation, random);
      stack.add(layer);
      all.addAll(layer.parameters());
      fanIn = layerSizes[i];
    }
    this.layers = List.copyOf(stack);
    this.parameters = List.copyOf(all);
  }

  /** A network whose weights are drawn from a generator seeded with {@code seed}. */
  public MLP(int inputs, int[] layerSizes, Activation hidden, Activation output, long seed) {
    this(inputs, layerSizes, hidden, output, new SplittableRandom(seed));
  }

  /**
   * The network's outputs for {@code x}.
   *
   * @throws IllegalArgumentException if {@code x} does not have {@link #inputs()} elements
   */
  public List<Value> apply(List<Value> x) {
    Checks.requireInputCount(this, inputs(), x);
    List<Value> signal = x;
    for (Layer layer : layers) {
      signal = layer.apply(signal);
    }
    return signal;
  }

  /**
   * The network's outputs for the data {@code x}: each becomes a {@link Value#constant}, so that
   * {@code backward()} does no work for the inputs.
   */
  public List<Value> apply(double... x) {
    Objects.requireNonNull(x, "inputs must not be null");
    List<Value> inputs = new ArrayList<>(x.length);
    for (double xi : x) {
      inputs.add(Value.constant(xi));
    }
    return apply(inputs);
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).outputs();
  }

  public List<Layer> layers() {
    return layers;
  }

  /** Each layer's parameters in turn, from the input side. */
  @Override
  public List<Value> parameters() {
    return parameters;
  }

  /** The architecture, e.g. {@code MLP(2 -> 16 RELU -> 16 RELU -> 2 LINEAR; 354 parameters)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("MLP(").append(inputs());
    for (Layer layer : layers) {
      text.append(" -> ").append(layer.outputs()).append(' ').append(layer.activation());
    }
    return text.append("; ").append(parameters.size()).append(" parameters)").toString();
  }
}
