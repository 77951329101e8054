package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.samples.Datasets.LabelledPoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwoMoonsMlpTest {
  /** Fewer epochs than the tour's 100, to keep the test quick; it reaches 99.5%. */
  private static final int SHORT_RUN = 60;

  private static final LabelledPoints DATA = TwoMoonsMlp.data();
  private static TwoMoonsMlp.Training training;
  private static String report;

  @BeforeAll
  static void trainOnce() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    training = TwoMoonsMlp.train(DATA, SHORT_RUN, new PrintStream(printed, true, StandardCharsets.UTF_8));
    report = printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void twoMoonsAreSeededAndBalanced() {
    LabelledPoints again = TwoMoonsMlp.data();

    assertEquals(TwoMoonsMlp.POINTS, DATA.size());
    assertArrayEquals(DATA.x(), again.x());
    assertArrayEquals(DATA.y(), again.y());
    assertEquals(TwoMoonsMlp.POINTS / 2, Arrays.stream(DATA.labels()).sum());
  }

  @Test
  void aShortRunSeparatesTheMoons() {
    double accuracy = TwoMoonsMlp.accuracy(training.model(), DATA);

    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
  }

  @Test
  void keepsOneFallingLossPerEpoch() {
    double[] losses = training.losses();

    assertEquals(SHORT_RUN, losses.length);
    assertTrue(losses[SHORT_RUN - 1] < losses[0] / 5, Arrays.toString(losses));
  }

  @Test
  void reportsProgressTenTimes() {
    assertEquals(10, report.lines().filter(line -> line.contains("mean loss")).count(), report);
    assertTrue(report.contains("epoch 60/60 [####################]"), report);
  }
}
