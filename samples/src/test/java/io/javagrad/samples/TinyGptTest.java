package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TinyGptTest {
  /** A third of the tour's steps: long enough to learn letter frequencies and common pairs. */
  private static final int SHORT_RUN = 300;

  /**
   * The short run's mean loss over its last 100 names must beat a uniform guess (ln 27 = 3.30) by
   * this much. It reaches 2.49; the slack covers rounding that differs between JDKs and machines.
   */
  private static final double MARGIN = 0.5;

  private static TinyGpt.Training training;

  @BeforeAll
  static void trainOnce() {
    training = TinyGpt.train(Datasets.names(), SHORT_RUN, new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void theNamesAreLowercaseLettersThatFitTheContext() {
    List<String> names = Datasets.names();

    assertTrue(names.size() >= 300, "only " + names.size() + " names");
    assertEquals(names.size(), names.stream().distinct().count(), "a name is listed twice");
    for (String name : names) {
      assertTrue(name.matches("[a-z]+") && name.length() < TinyGpt.CONTEXT, name);
    }
  }

  @Test
  void aNameIsItsLettersBetweenTwoBos() {
    assertArrayEquals(new int[] {0, 5, 13, 13, 1, 0}, TinyGpt.tokens("emma", TinyGpt.CONTEXT));
    assertThrows(IllegalArgumentException.class, () -> TinyGpt.tokens("Emma", TinyGpt.CONTEXT));
  }

  @Test
  void trainingStartsNearAUniformGuess() {
    double firstSteps = Arrays.stream(training.losses(), 0, 10).average().orElseThrow();
    assertEquals(TinyGpt.UNIFORM_LOSS, firstSteps, 0.2);
  }

  @Test
  void aShortRunBeatsAUniformGuessClearly() {
    double loss = training.recentLoss(100);
    assertTrue(loss < TinyGpt.UNIFORM_LOSS - MARGIN, "mean loss of the last 100 steps: " + loss);
  }

  @Test
  void samplesAreLowercaseLettersThatFitTheContext() {
    List<String> samples = TinyGpt.samples(training.model(), TinyGpt.SAMPLES);

    assertEquals(TinyGpt.SAMPLES, samples.size());
    for (String sample : samples) {
      assertTrue(sample.matches("[a-z]*") && sample.length() <= TinyGpt.CONTEXT, sample);
    }
    assertTrue(samples.stream().anyMatch(sample -> !sample.isEmpty()), samples.toString());
  }
}
