package io.javagrad.nn;

import io.javagrad.Value;
import java.util.List;

/**
 * Updates parameters from their gradients. A training step is: {@link #zeroGrad()}, compute the
 * loss, {@code loss.backward()}, {@link #step()}.
 */
public interface Optimizer {

  /** The parameters this optimizer updates, in the order it was given them. */
  List<Value> parameters();

  /** Moves every parameter's data by the rule of this optimizer, using its current grad. */
  void step();

  /** Sets the grad of every parameter to 0, since {@code backward()} adds to what is there. */
  default void zeroGrad() {
    parameters().forEach(Value::zeroGrad);
  }
}
