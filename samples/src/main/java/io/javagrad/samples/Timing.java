package io.javagrad.samples;

import java.util.Locale;

/**
 * Wall-clock timing for the tour's comparisons: rough, but the differences the tour shows are
 * factors, not percent. Each measurement runs the code once to warm the JIT up, then in a few
 * rounds of a short budget each, and keeps the fastest round's mean: another program busy on the
 * same machine slows some rounds, never speeds one up.
 */
final class Timing {
  private static final int ROUNDS = 5;
  private static final long ROUND_NANOS = 50_000_000;

  private Timing() {}

  /** The mean seconds one run of {@code code} takes in the fastest of a few rounds, after one run to warm up. */
  static double secondsPerRun(Runnable code) {
    code.run();
    double fastest = Double.POSITIVE_INFINITY;
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      long elapsed;
      int runs = 0;
      do {
        code.run();
        runs++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < ROUND_NANOS);
      fastest = Math.min(fastest, elapsed / 1e9 / runs);
    }
    return fastest;
  }

  /** Seconds since {@code startNanos}, a reading of {@link System#nanoTime()}. */
  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Seconds as a short human reading: "85.0 µs", "12.3 ms", "1.45 s". */
  static String format(double seconds) {
    if (seconds < 1e-3) {
      return String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
    }
    if (seconds < 1) {
      return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }
}
