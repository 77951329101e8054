package io.javagrad.samples;

import io.javagrad.GradientChecker;
import io.javagrad.hipparchus.LeastSquaresModel;
import io.javagrad.samples.Datasets.Samples;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.hipparchus.analysis.MultivariateFunction;
import org.hipparchus.analysis.MultivariateVectorFunction;
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
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer.Optimum;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;

/**
 * Nonlinear least squares, two ways: a logistic growth curve fitted to 200 noisy points by
 * Hipparchus's nonlinear conjugate gradient, once with the generated gradient of {@link
 * Logistic#sumOfSquares} and once with central finite differences of the same loss; then by
 * Levenberg–Marquardt, with the generated Jacobian of the curve at every point ({@link
 * Logistic#values}) handed over by the optional adapter {@link LeastSquaresModel}.
 */
final class CurveFit implements TourStep {
  static final String[] PARAMETER_NAMES = {"capacity", "rate", "midpoint"};
  static final double[] TRUE_PARAMETERS = {10, 0.9, 6};
  /** Where both fits start: the right order of magnitude, nothing more. */
  static final double[] START = {5, 0.3, 3};

  static final int POINTS = 200;
  static final double END = 12;
  static final double NOISE = 0.3;
  static final long DATA_SEED = 2024;

  /** Stop when the loss changes by less than this, relatively, from one iteration to the next. */
  static final double RELATIVE_TOLERANCE = 1e-12;
  static final int MAX_EVALUATIONS = 100_000;

  /** What a fit leaves: the parameters, the loss there, and what it took to get there. */
  record Fit(double[] parameters, double loss, int iterations, int lossEvaluations, int gradients) {}

  /** The two ways to the gradient, by name: each takes the data and gives the gradient function. */
  enum GradientSource {
    GENERATED("generated gradient"),
    FINITE_DIFFERENCES("central differences");

    final String label;

    GradientSource(String label) {
      this.label = label;
    }
  }

  static Samples data() {
    return Datasets.noisyLogistic(POINTS, END, TRUE_PARAMETERS[0], TRUE_PARAMETERS[1], TRUE_PARAMETERS[2], NOISE,
        DATA_SEED);
  }

  static double loss(double[] p, Samples data) {
    return Logistic.sumOfSquares(p[0], p[1], p[2], data.t(), data.y());
  }

  /** The gradient of {@link #loss} at {@code p}, from the generated {@code LogisticGrad}. */
  static double[] generatedGradient(double[] p, Samples data) {
    double[] grad = new double[p.length];
    LogisticGrad.sumOfSquares(p[0], p[1], p[2], data.t(), data.y(), grad);
    return grad;
  }

  /** What Levenberg–Marquardt leaves: the parameters, the loss there, its iterations and model evaluations. */
  record LeastSquaresFit(double[] parameters, double loss, int iterations, int evaluations) {}

  /**
   * Fits the curve to {@code data} from {@link #START} by Levenberg–Marquardt, which takes the
   * curve at every point and its Jacobian: one generated call gives both ({@code
   * LogisticGrad.values(capacity, rate, midpoint, t, jacobian)}, 200 rows of 3).
   */
  static LeastSquaresFit levenbergMarquardt(Samples data) {
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .model(LeastSquaresModel.of(data.t().length,
            (p, jacobian) -> LogisticGrad.values(p[0], p[1], p[2], data.t(), jacobian)))
        .target(data.y())
        .start(START)
        .maxEvaluations(MAX_EVALUATIONS)
        .maxIterations(MAX_EVALUATIONS)
        .build();
    Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
    double[] parameters = optimum.getPoint().toArray();
    return new LeastSquaresFit(parameters, loss(parameters, data), optimum.getIterations(), optimum.getEvaluations());
  }

  /** Fits the curve to {@code data} from {@link #START}, with gradients from {@code source}. */
  static Fit fit(Samples data, GradientSource source) {
    int[] lossEvaluations = {0};
    int[] gradients = {0};
    MultivariateFunction loss = p -> {
      lossEvaluations[0]++;
      return loss(p, data);
    };
    MultivariateVectorFunction gradient = p -> {
      gradients[0]++;
      return switch (source) {
        case GENERATED -> generatedGradient(p, data);
        case FINITE_DIFFERENCES -> GradientChecker.centralDifferences(loss::value, p); // 6 more losses
      };
    };
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
        Formula.POLAK_RIBIERE, new SimpleValueChecker(RELATIVE_TOLERANCE, 0));
    PointValuePair optimum = optimizer.optimize(new ObjectiveFunction(loss), new ObjectiveFunctionGradient(gradient),
        GoalType.MINIMIZE, new InitialGuess(START), new MaxEval(MAX_EVALUATIONS), MaxIter.unlimited());
    return new Fit(optimum.getPoint(), optimum.getValue(), optimizer.getIterations(), lossEvaluations[0], gradients[0]);
  }

  @Override
  public String title() {
    return "Fitting a logistic growth curve with Hipparchus: the generated gradient, then the generated Jacobian";
  }

  @Override
  public void run(TourOutput output) throws IOException {
    PrintStream console = output.console();
    Samples data = data();
    console.printf(Locale.ROOT, "%d points of capacity / (1 + exp(-rate (t - midpoint))), t in [0, %.0f], noise %.1f;"
        + " least squares by%nnonlinear conjugate gradient (Polak-Ribiere) from (%s, %s, %s):%n",
        POINTS, END, NOISE, START[0], START[1], START[2]);
    console.printf(Locale.ROOT, "  %-20s %10s %10s %10s %10s %12s%n",
        "gradient", "iterations", "gradients", "losses", "time", "final loss");
    Fit[] fits = new Fit[GradientSource.values().length];
    double[] seconds = new double[fits.length];
    for (GradientSource source : GradientSource.values()) {
      Fit fit = fit(data, source);
      seconds[source.ordinal()] = Timing.secondsPerRun(() -> fit(data, source));
      fits[source.ordinal()] = fit;
      console.printf(Locale.ROOT, "  %-20s %10d %10d %10d %10s %12.6f%n", source.label, fit.iterations(),
          fit.gradients(), fit.lossEvaluations(), Timing.format(seconds[source.ordinal()]), fit.loss());
    }
    console.printf(Locale.ROOT, "  \"losses\" counts the 6 that each central-difference gradient costs. Time ratio"
        + " (differences / generated): %.1f.%n  With 3 parameters the gradient is a small part of the work: the line"
        + " search takes about %d losses%n  per iteration either way.%n",
        seconds[1] / seconds[0], Math.round((double) fits[0].lossEvaluations() / fits[0].iterations()));
    LeastSquaresFit lm = levenbergMarquardt(data);
    double lmSeconds = Timing.secondsPerRun(() -> levenbergMarquardt(data));
    console.printf(Locale.ROOT, "Levenberg-Marquardt, given the generated Jacobian of the curve at the %d points"
        + " (LogisticGrad.values(..., jacobian)%n  through the optional adapter LeastSquaresModel): %d iterations,"
        + " %d evaluations, %s, final loss %.6f.%n  All three reach the same fit:%n",
        POINTS, lm.iterations(), lm.evaluations(), Timing.format(lmSeconds), lm.loss());
    console.printf(Locale.ROOT, "  %-10s %10s %20s %20s %20s%n", "parameter", "true", GradientSource.GENERATED.label,
        GradientSource.FINITE_DIFFERENCES.label, "Levenberg-Marquardt");
    for (int i = 0; i < PARAMETER_NAMES.length; i++) {
      console.printf(Locale.ROOT, "  %-10s %10.4f %20.8f %20.8f %20.8f%n", PARAMETER_NAMES[i], TRUE_PARAMETERS[i],
          fits[0].parameters()[i], fits[1].parameters()[i], lm.parameters()[i]);
    }
    output.writePng("curve-fit.png", plot(data, fits[0].parameters()));
  }

  private static org.knowm.xchart.XYChart plot(Samples data, double[] fitted) {
    double[] t = IntStream.rangeClosed(0, 240).mapToDouble(i -> END * i / 240).toArray();
    return Plots.dataAndLines("Logistic growth: " + POINTS + " noisy points and the fit", "t", "y",
        new Plots.Series("data", data.t(), data.y()),
        List.of(new Plots.Series("fit", t, curve(fitted, t)),
            new Plots.Series("true curve", t, curve(TRUE_PARAMETERS, t))));
  }

  private static double[] curve(double[] p, double[] t) {
    return IntStream.range(0, t.length).mapToDouble(i -> Logistic.value(p[0], p[1], p[2], t[i])).toArray();
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.CurveFit}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new CurveFit());
  }
}
