package io.javagrad.nn;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A fully connected layer: {@code outputs} neurons that each see all {@code inputs} inputs. */
public final class Layer implements Module {
  private final List<Neuron> neurons;
  private final List<Value> parameters;

  /** A layer whose neurons draw their weights from {@code random}, one neuron after another. */
  public Layer(int inputs, int outputs, Activation activation, RandomGenerator random) {
    Checks.requirePositive(inputs, "inputs");
    Checks.requirePositive(outputs, "outputs");
    Objects.requireNonNull(activation, "activation must not be null");
    Objects.requireNonNull(random, "random must not be null");
    List<Neuron> units = new ArrayList<>(outputs);
    List<Value> all = new ArrayList<>(outputs * (inputs + 1));
    for (int i = 0; i < outputs; i++) {
      Neuron neuron = new Neuron(inputs, activation, random);
      units.add(neuron);
      all.addAll(neuron.parameters());
    }
    this.neurons = List.copyOf(units);
    this.parameters = List.copyOf(all);
  }

  /** A layer whose weights are drawn from a generator seeded with {@code seed}. */
  public Layer(int inputs, int outputs, Activation activation, long seed) {
    this(inputs, outputs, activation, new SplittableRandom(seed));
  }

  /**
   * Each neuron's output for {@code x}, in order.
   *
   * @throws IllegalArgumentException if {@code x} does not have {@link #inputs()} elements
   */
  public List<Value> apply(List<Value> x) {
    Checks.requireInputCount(this, inputs(), x);
    Value[] inputs = x.toArray(new Value[0]);
    List<Value> out = new ArrayList<>(neurons.size());
    for (Neuron neuron : neurons) {
      out.add(neuron.apply(inputs));
    }
    return out;
  }

  public int inputs() {
    return neurons.get(0).inputs();
  }

  public int outputs() {
    return neurons.size();
  }

  public Activation activation() {
    return neurons.get(0).activation();
  }

  public List<Neuron> neurons() {
    return neurons;
  }

  /** Each neuron's parameters in turn: its weights, then its bias. */
  @Override
  public List<Value> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "Layer(" + inputs() + " -> " + outputs() + ", " + activation() + ")";
  }
}
