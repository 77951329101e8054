package io.javagrad.samples;

import io.javagrad.GradientChecker;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;

/**
 * Fitting a physical model given as a differential equation: the Michaelis–Menten elimination rate
 * of a drug ({@link Elimination}), fitted to noisy concentrations by Hipparchus's nonlinear
 * conjugate gradient on the gradient that {@code EliminationGrad} computes through a Runge–Kutta
 * integrator written with a lambda.
 */
final class DrugElimination implements TourStep {
  /** The maximum elimination rate (mg/L per hour) and the concentration of half that rate (mg/L). */
  static final double[] TRUE_PARAMETERS = {2.0, 3.0};
  static final double[] START = {1.0, 1.0};
  /** The concentration right after the dose, mg/L. */
  static final double DOSE = 10.0;
  static final int SAMPLES = 24;
  static final double NOISE = 0.05;
  static final long DATA_SEED = 11;

  /** A sample every half hour for twelve hours, of the true model with Gaussian noise: times and concentrations. */
  static double[][] data() {
    Random random = new Random(DATA_SEED);
    double[] times = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      times[i] = 0.5 * (i + 1);
    }
    double[] observed = Elimination.concentrations(TRUE_PARAMETERS[0], TRUE_PARAMETERS[1], DOSE, times);
    for (int i = 0; i < SAMPLES; i++) {
      observed[i] += NOISE * random.nextGaussian();
    }
    return new double[][] {times, observed};
  }

  static double loss(double[] p, double[][] data) {
    return Elimination.sumOfSquares(p[0], p[1], DOSE, data[0], data[1]);
  }

  /** The generated gradient of the loss at {@code p}, and central differences of it, side by side. */
  static double[][] gradients(double[] p, double[][] data) {
    double[] generated = EliminationGrad.sumOfSquares(p[0], p[1], DOSE, data[0], data[1]).gradient();
    double[] differences = GradientChecker.centralDifferences(q -> loss(q, data), p);
    return new double[][] {generated, differences};
  }

  /** The parameters that Hipparchus's conjugate gradient reaches from {@link #START}, with the loss there. */
  static PointValuePair fit(double[][] data) {
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
        Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-12, 0));
    return optimizer.optimize(new ObjectiveFunction(p -> loss(p, data)),
        new ObjectiveFunctionGradient(p -> gradients(p, data)[0]), GoalType.MINIMIZE, new InitialGuess(START),
        new MaxEval(10_000), MaxIter.unlimited());
  }

  @Override
  public String title() {
    return "Fitting a differential equation: a Runge-Kutta integrator given the rate as a lambda";
  }

  @Override
  public void run(TourOutput output) {
    PrintStream console = output.console();
    double[][] data = data();
    double[][] atStart = gradients(START, data);
    console.printf(Locale.ROOT, "dC/dt = -vmax C / (km + C), integrated by rungeKutta((t, c) -> -vmax * c / (km + c),"
        + " ...); at the start (vmax, km) = (%s, %s) the gradient of the squared error is%n"
        + "  generated   (%.8f, %.8f)%n  differences (%.8f, %.8f)%n", START[0], START[1],
        atStart[0][0], atStart[0][1], atStart[1][0], atStart[1][1]);
    PointValuePair fitted = fit(data);
    console.printf(Locale.ROOT, "Conjugate gradient on %d noisy concentrations: vmax %.4f (true %.1f), km %.4f"
        + " (true %.1f), squared error %.5f%n", SAMPLES, fitted.getPoint()[0], TRUE_PARAMETERS[0],
        fitted.getPoint()[1], TRUE_PARAMETERS[1], fitted.getValue());
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.DrugElimination}. */
  public static void main(String[] args) throws java.io.IOException {
    Tour.runAlone(new DrugElimination());
  }
}
