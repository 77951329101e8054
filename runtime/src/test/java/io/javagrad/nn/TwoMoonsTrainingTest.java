package io.javagrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * End to end: an MLP learns a boundary no straight line can draw, judged on points it trained on
 * and on points from a second draw that it never saw.
 */
class TwoMoonsTrainingTest {
  private static final TwoMoons TRAINING = TwoMoons.generate(150, 0.1, 1);
  private static final TwoMoons HELD_OUT = TwoMoons.generate(200, 0.1, 2);
  private static final double REQUIRED_ACCURACY = 0.95;

  @Test
  void softmaxClassifierTrainedWithAdamSeparatesTheMoons() {
    MLP model = new MLP(2, new int[] {16, 16, 2}, Activation.RELU, Activation.LINEAR, 42);
    TrainingLoop.run(new Adam(model.parameters(), 0.05), 100, () -> {
      List<List<Value>> logits = new ArrayList<>();
      for (double[] point : TRAINING.points()) {
        logits.add(model.apply(point));
      }
      return Losses.meanSoftmaxCrossEntropy(logits, TRAINING.labels());
    });

    ToIntFunction<double[]> argmax = point -> {
      List<Value> logits = model.apply(point);
      return logits.get(1).data() > logits.get(0).data() ? 1 : 0;
    };
    assertAccurate(argmax, TRAINING);
    assertAccurate(argmax, HELD_OUT);
  }

  /** micrograd's demo: one score whose sign is the class, a max-margin loss, SGD. */
  @Test
  void maxMarginClassifierTrainedWithSgdMomentumSeparatesTheMoons() {
    MLP model = new MLP(2, new int[] {16, 16, 1}, Activation.RELU, Activation.LINEAR, 42);
    int[] signs = new int[TRAINING.size()];
    for (int i = 0; i < signs.length; i++) {
      signs[i] = 2 * TRAINING.labels()[i] - 1;
    }
    TrainingLoop.run(new SGD(model.parameters(), 0.1, 0.9), 100, () -> {
      List<Value> scores = new ArrayList<>();
      for (double[] point : TRAINING.points()) {
        scores.add(model.apply(point).get(0));
      }
      return Losses.meanHingeLoss(scores, signs);
    });

    ToIntFunction<double[]> sign = point -> model.apply(point).get(0).data() > 0 ? 1 : 0;
    assertAccurate(sign, TRAINING);
    assertAccurate(sign, HELD_OUT);
  }

  private static void assertAccurate(ToIntFunction<double[]> classifier, TwoMoons data) {
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      if (classifier.applyAsInt(data.points()[i]) == data.labels()[i]) {
        correct++;
      }
    }
    double accuracy = (double) correct / data.size();
    assertTrue(accuracy >= REQUIRED_ACCURACY, "accuracy " + accuracy + " on " + data.size() + " points");
  }
}
