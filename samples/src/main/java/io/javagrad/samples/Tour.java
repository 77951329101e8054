package io.javagrad.samples;

import java.io.IOException;
import java.util.List;

/**
 * A tour of javagrad: runs each step in order. Each step prints a short report and writes its
 * files (graphs, plots) to the directory named by the system property {@code tour.out}, which the
 * samples pom sets to {@code samples/target/tour}.
 *
 * <pre>{@code
 * mvn -q install -DskipTests && mvn -q -pl samples exec:java
 * }</pre>
 *
 * <p>Each step also runs alone, through its class's {@code main}: add
 * {@code -Dtour.main=io.javagrad.samples.<StepClass>} to the second command.
 */
public final class Tour {

  /** The steps in reading order; a new step is a class of its own, added here. */
  private static final List<TourStep> STEPS = List.of(
      new OptionGreeks(),
      new CurveFit(),
      new ProbitFit(),
      new DrugElimination(),
      new QuadratureGreeks(),
      new FourierGreeks(),
      new NeuronGraph(),
      new CompiledNeuron(),
      new TwoMoonsMlp(),
      new TinyGpt());

  private Tour() {}

  public static void main(String[] args) throws IOException {
    TourOutput output = TourOutput.forThisMachine(System.out);
    for (int i = 0; i < STEPS.size(); i++) {
      TourStep step = STEPS.get(i);
      output.console().printf("%n[%d/%d] %s%n", i + 1, STEPS.size(), step.title());
      step.run(output);
    }
  }

  /**
   * Runs one step by itself, for the {@code main} of each step's class:
   * {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.TinyGpt}.
   */
  static void runAlone(TourStep step) throws IOException {
    TourOutput output = TourOutput.forThisMachine(System.out);
    output.console().printf("%n%s%n", step.title());
    step.run(output);
  }
}
