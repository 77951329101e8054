package io.javagrad.nn;

import java.util.Random;

/**
 * The "two moons" toy data set, as scikit-learn's {@code make_moons} draws it: two interleaved half
 * circles of radius 1, class 0 the upper one centred at (0, 0), class 1 the lower one centred at
 * (1, 0.5), each point moved by Gaussian noise. No straight line separates the classes.
 */
record TwoMoons(double[][] points, int[] labels) {

  /**
   * {@code count} points, half per moon (class 0 takes the odd one), evenly spaced along each arc
   * before the noise of standard deviation {@code noise} is added. The same seed gives the same set.
   */
  static TwoMoons generate(int count, double noise, long seed) {
    // java.util.Random, whose algorithm (nextGaussian included) the JDK specifies: same data on every JDK.
    Random random = new Random(seed);
    int upper = (count + 1) / 2;
    int lower = count - upper;
    double[][] points = new double[count][];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      boolean isUpper = i < upper;
      int k = isUpper ? i : i - upper;
      double angle = Math.PI * k / Math.max(1, (isUpper ? upper : lower) - 1);
      double x = isUpper ? Math.cos(angle) : 1 - Math.cos(angle);
      double y = isUpper ? Math.sin(angle) : 0.5 - Math.sin(angle);
      points[i] = new double[] {x + noise * random.nextGaussian(), y + noise * random.nextGaussian()};
      labels[i] = isUpper ? 0 : 1;
    }
    return new TwoMoons(points, labels);
  }

  int size() {
    return labels.length;
  }
}
