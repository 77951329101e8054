package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.samples.Datasets.LabelledPoints;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CompiledMlpTest {
  /** As {@link TwoMoonsMlpTest}: fewer epochs than the tour's 100; it reaches 99.5%. */
  private static final int SHORT_RUN = 60;

  private static final LabelledPoints DATA = TwoMoonsMlp.data();

  @Test
  void theFlatWeightsAreTheEnginesNetwork() {
    assertEquals(TwoMoonsMlp.untrainedModel().parameters().size(), CompiledMlp.PARAMETERS);
    double[] weights = CompiledMlp.initialWeights();
    for (int i = 0; i < DATA.size(); i += 17) {
      double x = DATA.x()[i];
      double y = DATA.y()[i];
      assertEquals(TwoMoonsMlp.score(TwoMoonsMlp.untrainedModel(), x, y), CompiledMlp.score(weights, x, y), 1e-12);
    }
  }

  @Test
  void theGeneratedGradientIsTheEnginesGradient() {
    assertTrue(TwoMoonsMlp.largestGradientDifference(DATA) < 1e-12);
  }

  @Test
  void aShortRunSeparatesTheMoons() {
    CompiledMlp.Training training = CompiledMlp.train(DATA, SHORT_RUN);

    assertEquals(SHORT_RUN, training.losses().length);
    assertTrue(CompiledMlp.accuracy(training.weights(), DATA) >= 0.95);
  }

  @Test
  void itTrainsAsTheEngineDoesEpochByEpoch() {
    int epochs = 10;
    double[] engine = TwoMoonsMlp.train(DATA, epochs, new PrintStream(OutputStream.nullOutputStream())).losses();
    double[] compiled = CompiledMlp.train(DATA, epochs).losses();

    assertArrayEquals(engine, compiled, 1e-12);
  }
}
