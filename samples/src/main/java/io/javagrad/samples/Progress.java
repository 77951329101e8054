package io.javagrad.samples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far a training loop has got: a line at every tenth of the way, with a bar, the mean
 * loss since the previous line and the time so far. Whole lines rather than a bar redrawn in
 * place, so the report reads the same in a terminal, a log file and a test.
 */
final class Progress {
  private static final int LINES = 10;
  private static final int BAR_WIDTH = 20;

  private final PrintStream console;
  private final String unit;
  private final int total;
  private final long startNanos = System.nanoTime();
  private int done;
  private int linesPrinted;
  private double lossSinceLastLine;
  private int stepsSinceLastLine;

  /**
   * @param unit what one step is called in the report: "epoch", "step"
   * @param total how many steps the loop takes
   */
  Progress(PrintStream console, String unit, int total) {
    this.console = console;
    this.unit = unit;
    this.total = total;
  }

  /** Records one finished step and its loss, printing a line when another tenth is done. */
  void step(double loss) {
    done++;
    lossSinceLastLine += loss;
    stepsSinceLastLine++;
    if ((long) done * LINES / total > linesPrinted) {
      printLine();
      linesPrinted++;
      lossSinceLastLine = 0;
      stepsSinceLastLine = 0;
    }
  }

  /** Seconds since this progress began. */
  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void printLine() {
    int filled = (int) ((long) done * BAR_WIDTH / total);
    String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    int width = String.valueOf(total).length();
    console.printf(Locale.ROOT, "  %s %" + width + "d/%d [%s] mean loss %.4f  %5.1f s%n",
        unit, done, total, bar, lossSinceLastLine / stepsSinceLastLine, elapsedSeconds());
  }
}
