package io.javagrad.nn;

import io.javagrad.Value;
import java.util.function.UnaryOperator;

/**
 * The nonlinearity a {@link Neuron} applies to its weighted sum. Each choice also fixes the scale of
 * the neuron's initial weights, so that signals neither vanish nor explode through a deep stack.
 */
public enum Activation {
  /** {@code max(x, 0)}; weights start He-scaled (variance 2/inputs) since it zeroes half its inputs. */
  RELU(Value::relu, Math.sqrt(2)),
  TANH(Value::tanh, 1),
  SIGMOID(Value::sigmoid, 1),
  /** The identity, for output layers that produce scores, logits or regression values. */
  LINEAR(x -> x, 1);

  private final UnaryOperator<Value> function;
  private final double initGain;

  Activation(UnaryOperator<Value> function, double initGain) {
    this.function = function;
    this.initGain = initGain;
  }

  /** The activation of {@code x}, as a new node of x's graph ({@code x} itself for LINEAR). */
  public Value apply(Value x) {
    return function.apply(x);
  }

  /**
   * The bound {@code a} of the uniform distribution U(-a, a) for initial weights of a neuron with
   * {@code inputs} inputs: its variance a²/3 is gain²/inputs (LeCun, or He for ReLU).
   */
  double initBound(int inputs) {
    return initGain * Math.sqrt(3.0 / inputs);
  }
}
