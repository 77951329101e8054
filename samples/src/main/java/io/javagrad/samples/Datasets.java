package io.javagrad.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** The data the tour trains on: generated with a fixed seed or shipped as a resource, so runs repeat. */
final class Datasets {
  private static final String NAMES_RESOURCE = "names.txt";

  private Datasets() {}

  /** Points in the plane, each with a class label of 0 or 1; column-wise, as the plots want them. */
  record LabelledPoints(double[] x, double[] y, int[] labels) {

    int size() {
      return labels.length;
    }
  }

  /**
   * Two interleaving half circles, as scikit-learn's {@code make_moons}: class 0 on the upper arc
   * {@code (cos t, sin t)}, class 1 on the lower arc {@code (1 - cos t, 0.5 - sin t)}, with t evenly
   * spaced over [0, π] and Gaussian noise of standard deviation {@code noise} added to each
   * coordinate. No straight line separates them, which is why a network needs hidden layers.
   */
  static LabelledPoints twoMoons(int count, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[count];
    double[] y = new double[count];
    int[] labels = new int[count];
    int upper = count / 2;
    for (int i = 0; i < count; i++) {
      boolean isUpper = i < upper;
      int onArc = isUpper ? i : i - upper;
      int arcSize = isUpper ? upper : count - upper;
      double t = arcSize == 1 ? 0 : Math.PI * onArc / (arcSize - 1);
      x[i] = (isUpper ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextGaussian();
      y[i] = (isUpper ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextGaussian();
      labels[i] = isUpper ? 0 : 1;
    }
    return new LabelledPoints(x, y, labels);
  }

  /**
   * A book of European calls on one stock priced at 100: strikes from 60 to 140, maturities from
   * a month to three years, implied volatilities from 15% to 45%, and positions of -50 to +100
   * contracts (negative: sold).
   */
  record OptionBook(double[] strikes, double[] maturities, double[] vols, double[] quantities) {

    int size() {
      return strikes.length;
    }
  }

  static OptionBook optionBook(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] strikes = new double[count];
    double[] maturities = new double[count];
    double[] vols = new double[count];
    double[] quantities = new double[count];
    for (int i = 0; i < count; i++) {
      strikes[i] = 60 + 5 * random.nextInt(17);
      maturities[i] = 1.0 / 12 + random.nextDouble() * (3 - 1.0 / 12);
      vols[i] = 0.15 + 0.30 * random.nextDouble();
      quantities[i] = random.nextInt(-50, 101);
    }
    return new OptionBook(strikes, maturities, vols, quantities);
  }

  /** Points (t, y) of a curve, as a fit wants them: abscissae and noisy observations. */
  record Samples(double[] t, double[] y) {

    int size() {
      return t.length;
    }
  }

  /**
   * {@code count} points of the logistic growth curve {@code capacity / (1 + exp(-rate (t - midpoint)))},
   * t evenly spaced over [0, {@code end}], each with Gaussian noise of standard deviation {@code noise}.
   */
  static Samples noisyLogistic(int count, double end, double capacity, double rate, double midpoint,
      double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] t = new double[count];
    double[] y = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = end * i / (count - 1);
      y[i] = capacity / (1 + Math.exp(-rate * (t[i] - midpoint))) + noise * random.nextGaussian();
    }
    return new Samples(t, y);
  }

  /** First names from many languages, lowercase a to z, one per line of the {@code names.txt} resource. */
  static List<String> names() {
    try (InputStream in = Datasets.class.getResourceAsStream(NAMES_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(NAMES_RESOURCE + " is missing from the samples' resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + NAMES_RESOURCE, e);
    }
  }
}
