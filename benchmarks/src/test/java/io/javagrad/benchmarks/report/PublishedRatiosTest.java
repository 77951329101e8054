package io.javagrad.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The published ratios as RESULTS.md prints them: every row finds its benchmark, every number its night. */
class PublishedRatiosTest {

  @Test
  void everyPublishedInstanceIsAnObjectiveOfTheReport() {
    List<String> keys = Results.OBJECTIVES.stream().map(Results.Objective::key).toList();
    for (PublishedRatios.Instance i : PublishedRatios.INSTANCES) {
      assertTrue(keys.contains(i.key()), i.key() + " is not a key of Results.OBJECTIVES");
    }
    assertEquals(4, PublishedRatios.INSTANCES.stream().map(PublishedRatios.Instance::key).distinct().count());
  }

  /** The cited night is one of the nights the range covers, so its ratio lies within that range. */
  @Test
  void eachNightlyRatioLiesWithinTheRangeOfItsNights() {
    for (PublishedRatios.Instance i : PublishedRatios.INSTANCES) {
      for (PublishedRatios.Nightly n : List.of(i.tapenade(), i.enzyme(), i.manual())) {
        assertTrue(n.lowest() <= n.ratio() + 1e-5 && n.ratio() - 1e-5 <= n.highest(),
            i.key() + ": " + n.ratio() + " outside " + n.lowest() + "–" + n.highest());
      }
    }
  }

  @Test
  void theRatioIsTheGradientTimeOverTheObjectiveTime() {
    PublishedRatios.Nightly tapenadeLstm = PublishedRatios.of("LstmBenchmark layers=2").tapenade();
    assertEquals(7_349_879 / 2_322_818.0, tapenadeLstm.ratio(), 1e-12);
  }

  @Test
  void onlyARatioStrictlyBelowTapenadesMeetsTheTarget() {
    PublishedRatios.Instance gmm = PublishedRatios.of("GmmBenchmark instance=2x5");
    double tapenade = gmm.tapenade().ratio();
    assertTrue(gmm.belowTapenade(Math.nextDown(tapenade)));
    assertFalse(gmm.belowTapenade(tapenade));
  }

  @Test
  void instancesNoSourceCoversHaveNoPublishedRatio() {
    assertEquals(null, PublishedRatios.of("HeatBenchmark"));
    assertTrue(Double.isNaN(PublishedRatios.of("GmmBenchmark instance=32x5").paperTapenade()));
  }

  @Test
  void theSourcesNameTheCitedNight() {
    assertTrue(PublishedRatios.SOURCES.contains("tag `nightly-" + PublishedRatios.NIGHTLY + "`"));
    assertFalse(PublishedRatios.SOURCES.contains("{nightly}"));
  }
}
