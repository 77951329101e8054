package io.javagrad.nn;

import io.javagrad.Value;
import java.util.List;

/**
 * A part of a model that owns trainable parameters: a neuron, a layer or a whole network.
 *
 * <p>The name follows PyTorch's {@code nn.Module}. It shadows {@code java.lang.Module} inside this
 * package; code elsewhere that imports {@code io.javagrad.nn.*} must import this type by name.
 */
public interface Module {

  /** Every trainable parameter, each once, in a fixed order; a leaf {@link Value} each. */
  List<Value> parameters();

  /** Sets the grad of every parameter to 0, as is needed before each {@code backward()}. */
  default void zeroGrad() {
    // Each parameter is a leaf, so Value.zeroGrad() resets just that value.
    parameters().forEach(Value::zeroGrad);
  }
}
