package io.javagrad.samples;

/**
 * Adam on a plain {@code double[]} of parameters, for training with a generated gradient: the
 * same update, defaults and bias correction as {@link io.javagrad.nn.Adam}, which steps a list of
 * {@link io.javagrad.Value}s instead, so that the two runs can be compared step for step.
 */
final class ArrayAdam {
  private static final double BETA1 = io.javagrad.nn.Adam.DEFAULT_BETA1;
  private static final double BETA2 = io.javagrad.nn.Adam.DEFAULT_BETA2;
  private static final double EPS = io.javagrad.nn.Adam.DEFAULT_EPS;

  private final double learningRate;
  private final double[] mean;
  private final double[] meanSquare;
  private int steps;

  ArrayAdam(int parameters, double learningRate) {
    this.learningRate = learningRate;
    this.mean = new double[parameters];
    this.meanSquare = new double[parameters];
  }

  /** Moves {@code parameters} one step against {@code gradient}, in place. */
  void step(double[] parameters, double[] gradient) {
    steps++;
    double meanCorrection = 1 - Math.pow(BETA1, steps);
    double meanSquareCorrection = 1 - Math.pow(BETA2, steps);
    for (int i = 0; i < mean.length; i++) {
      double g = gradient[i];
      mean[i] = BETA1 * mean[i] + (1 - BETA1) * g;
      meanSquare[i] = BETA2 * meanSquare[i] + (1 - BETA2) * g * g;
      double meanEstimate = mean[i] / meanCorrection;
      double meanSquareEstimate = meanSquare[i] / meanSquareCorrection;
      parameters[i] -= learningRate * meanEstimate / (Math.sqrt(meanSquareEstimate) + EPS);
    }
  }
}
