package io.javagrad.samples;

import io.javagrad.GradientChecker;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * A fit through a library function: a probit curve, written with Hipparchus's {@code Erf.erf},
 * fitted to noisy dose-response data by gradient descent on the gradient that {@code ProbitGrad}
 * computes with the {@code @DerivativeOf} rule of {@link Probit}.
 */
final class ProbitFit implements TourStep {
  static final double[] TRUE_PARAMETERS = {2.0, 0.8};
  static final double[] START = {0.5, 2.0};
  static final int POINTS = 120;
  static final double NOISE = 0.03;
  static final long DATA_SEED = 7;
  static final int STEPS = 4000;
  static final double LEARNING_RATE = 0.02;

  /** Doses evenly over [0, 4], responses of the true curve with Gaussian noise. */
  static double[][] data() {
    Random random = new Random(DATA_SEED);
    double[] dose = new double[POINTS];
    double[] observed = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      dose[i] = 4.0 * i / (POINTS - 1);
      observed[i] = Probit.response(TRUE_PARAMETERS[0], TRUE_PARAMETERS[1], dose[i]) + NOISE * random.nextGaussian();
    }
    return new double[][] {dose, observed};
  }

  /** Gradient descent from {@link #START}; returns the parameters reached. */
  static double[] fit(double[][] data) {
    double[] p = START.clone();
    double[] grad = new double[2];
    for (int step = 0; step < STEPS; step++) {
      ProbitGrad.sumOfSquares(p[0], p[1], data[0], data[1], grad);
      p[0] -= LEARNING_RATE * grad[0];
      p[1] -= LEARNING_RATE * grad[1];
    }
    return p;
  }

  /** The generated gradient of the loss at {@code p}, and central differences of it, side by side. */
  static double[][] gradients(double[] p, double[][] data) {
    double[] generated = ProbitGrad.sumOfSquares(p[0], p[1], data[0], data[1]).gradient();
    double[] differences = GradientChecker.centralDifferences(q -> Probit.sumOfSquares(q[0], q[1], data[0], data[1]),
        p);
    return new double[][] {generated, differences};
  }

  @Override
  public String title() {
    return "A fit through a library function: Hipparchus's Erf.erf with a @DerivativeOf rule";
  }

  @Override
  public void run(TourOutput output) {
    PrintStream console = output.console();
    double[][] data = data();
    double[][] atStart = gradients(START, data);
    console.printf(Locale.ROOT, "Probit curve Φ((dose - threshold) / spread) through Erf.erf; at the start (%s, %s)"
        + " the gradient is%n  generated   (%.8f, %.8f)%n  differences (%.8f, %.8f)%n", START[0], START[1],
        atStart[0][0], atStart[0][1], atStart[1][0], atStart[1][1]);
    double[] fitted = fit(data);
    console.printf(Locale.ROOT, "%d steps of gradient descent on %d noisy points: threshold %.4f (true %.1f),"
        + " spread %.4f (true %.1f)%n", STEPS, POINTS, fitted[0], TRUE_PARAMETERS[0], fitted[1], TRUE_PARAMETERS[1]);
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.ProbitFit}. */
  public static void main(String[] args) throws java.io.IOException {
    Tour.runAlone(new ProbitFit());
  }
}
