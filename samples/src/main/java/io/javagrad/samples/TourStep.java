package io.javagrad.samples;

import java.io.IOException;

/** One stop of the {@link Tour}: a small program that prints what it shows and writes its files. */
interface TourStep {

  /** The heading printed before the step runs. */
  String title();

  /** Runs the step, printing to {@code output.console()} and writing files through {@code output}. */
  void run(TourOutput output) throws IOException;
}
