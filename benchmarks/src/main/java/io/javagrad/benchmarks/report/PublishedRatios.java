package io.javagrad.benchmarks.report;

import java.util.List;

/**
 * Gradient/objective ratios that others publish for the ADBench instances of {@link
 * Results#OBJECTIVES}, each with where it was read. Only numbers read in a source are here: an
 * instance or a tool that a source does not cover has none, never an estimate. When a source is read
 * again (a newer GradBench nightly), replace its numbers and its citation in {@link #SOURCES} together.
 */
final class PublishedRatios {
  private PublishedRatios() {}

  /** The GradBench nightly whose times {@link Nightly} holds. */
  static final String NIGHTLY = "2026-03-14";

  /**
   * One tool on one instance in GradBench's nightly of {@link #NIGHTLY}: the mean objective and
   * gradient time per call in nanoseconds, as its summary file gives them (the ratio is their
   * quotient), and the lowest and highest quotient of the same two times over its 24 nightlies of
   * 2026 (2026-01-01 to 2026-03-14), rounded to five decimals: how far one night's figure moves.
   */
  record Nightly(long objectiveNanos, long gradientNanos, double lowest, double highest) {
    double ratio() {
      return gradientNanos / (double) objectiveNanos;
    }
  }

  /**
   * What is published for one of {@link Results#OBJECTIVES} (by its key): GradBench's Tapenade,
   * Enzyme and manual C++ adjoints, and the ADBench paper's Tapenade and manual ratios where the
   * paper has the instance (NaN where it has not).
   */
  record Instance(String key, Nightly tapenade, Nightly enzyme, Nightly manual, double paperTapenade,
      double paperManual) {

    /** Issue #17's target: a generated gradient/objective ratio below Tapenade's published one. */
    boolean belowTapenade(double generatedOverObjective) {
      return generatedOverObjective < tapenade.ratio();
    }
  }

  static final List<Instance> INSTANCES = List.of(
      new Instance("GmmBenchmark instance=2x5",
          new Nightly(93_340, 349_751, 2.80963, 4.08911),
          new Nightly(111_462, 526_454, 4.63996, 5.56938),
          new Nightly(102_592, 181_595, 1.73511, 1.80981),
          3.74, 1.88),
      new Instance("GmmBenchmark instance=32x5",
          new Nightly(1_367_181, 4_223_105, 2.92325, 3.35206),
          new Nightly(1_985_706, 8_724_269, 4.30631, 8.81571),
          new Nightly(2_278_342, 4_475_556, 1.95430, 2.18273),
          Double.NaN, Double.NaN),
      new Instance("LstmBenchmark layers=2",
          new Nightly(2_322_818, 7_349_879, 3.14495, 3.22857),
          new Nightly(2_328_441, 6_551_755, 2.69978, 3.07092),
          new Nightly(2_216_094, 11_993_508, 5.22719, 6.85087),
          Double.NaN, Double.NaN),
      new Instance("LstmBenchmark layers=4",
          new Nightly(4_659_104, 14_669_815, 3.09128, 3.20968),
          new Nightly(4_399_408, 11_489_684, 2.54023, 2.79547),
          new Nightly(4_458_274, 38_146_764, 8.38125, 11.32433),
          Double.NaN, Double.NaN));

  /** The published ratios of the objective with this key, or null if none are. */
  static Instance of(String key) {
    for (Instance i : INSTANCES) {
      if (i.key().equals(key)) {
        return i;
      }
    }
    return null;
  }

  /** Where each number of the table was read, what it measured, and how far it compares. */
  static final String SOURCES = """
      Sources, and what was measured:

      - *Tapenade, Enzyme, manual C++*: GradBench (gradbench/gradbench on GitHub), its nightly of {nightly} (tag `nightly-{nightly}`, commit c8a22ed2 of its `ci/refs/heads/nightly` branch, measuring source commit f26651a7), files `evals/gmm/summary.json` (instances `2_5_1000` and `32_5_1000`: d, k, n) and `evals/lstm/summary.json` (`l=2,c=1024` and `l=4,c=1024`). Each ratio is the quotient of the two times given there, `jacobian` (the gradient) over `objective`, each the mean of the runs that a tool repeats for at least a second. The tools: `tapenade` (ADBench's C code as differentiated by Tapenade), `enzyme` (GradBench's C++ objectives differentiated by Enzyme on LLVM 19) and `manual` (ADBench's hand-written C++ adjoints), single-threaded (GradBench's default), each in its Docker container on a GitHub-hosted `ubuntu-24.04` runner (`.github/workflows/nightly.yml`). The instances have our sizes: GMM with random data for the d, k and n = 1,000 given; the LSTM on ADBench's text, b = 14 at c = 1,024. In parentheses, the lowest and the highest quotient of the same two times over the 24 nightlies of 2026 (2026-01-01 to 2026-03-14): how far one night's figure moves.
      - *ADBench paper* (Srajer, Kukelova and Fitzgibbon, 2018): the relative runtimes (gradient over objective, each tool against the objective in its own language) for GMM with n = 10,000 points, d = 2, k = 5 (its column of 30 parameters): Tapenade (C) 3.74, Manual (C++) 1.88, on an Intel Xeon E5-1620 at 3.60 GHz under Windows 10. Read in the paper's LaTeX source, microsoft/ADBench `Documents/ms.tex` at commit 38cb7931, table `tab:gmm-10k-rel`, which is commented out of the compiled paper: the compiled paper shows relative runtimes only as a plot (Figure 4), and as a table only the absolute gradient times (Table 2: Tapenade 7.21e-3 s, Manual 2.96e-3 s), not the objective's. Its tables have no d = 32, k = 5 instance, and it has no LSTM.
      - Not found: the Enzyme paper (Moses and Churavy, NeurIPS 2020) was not available to read, so none of its numbers is quoted (GradBench's `enzyme` tool stands in for it). Issue #17's 2.3–5.3× for Tapenade on GMM is in none of the sources read; the LSTM figures it quotes (Tapenade 3.2×, Enzyme 2.6–2.8×) are the nightly's above.

      These are C and C++ programs measured on other machines; ours are Java on this one. Compare orders of magnitude and trends, not digits.""".replace("{nightly}", NIGHTLY);
}
