package io.javagrad.nn;

import io.javagrad.Value;
import java.util.function.Supplier;

/** The training loop the tests share: clear the gradients, build the loss, differentiate, step. */
final class TrainingLoop {
  private TrainingLoop() {}

  /** Takes {@code steps} optimizer steps on the loss that {@code loss} builds afresh each time. */
  static void run(Optimizer optimizer, int steps, Supplier<Value> loss) {
    for (int step = 0; step < steps; step++) {
      optimizer.zeroGrad();
      loss.get().backward();
      optimizer.step();
    }
  }
}
