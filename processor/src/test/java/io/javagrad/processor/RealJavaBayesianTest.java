package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bayesian log densities (corpus/Bayesian.java): eight schools non-centred, a logistic regression's
 * posterior with a prior record and a switch over labels, a Poisson GLM whose log factorials come
 * from a table and from Stirling's series, a Gaussian mixture by log-sum-exp, Dirichlet and Beta
 * densities through a Lanczos log-gamma (with reflection), a truncated normal through an erf
 * approximation, a change point picked by a floor, and the stick-breaking transform (its Jacobian),
 * its log Jacobian and a Dirichlet density through both; a log prior over varargs coefficients
 * by an enum whose constants have bodies (its own file), a Gaussian HMM by the forward algorithm
 * in log space through a nested class's helper and an interface's static method, with its alpha
 * buffers swapped, an AR(1) likelihood, and a Gaussian process's log marginal likelihood through a
 * Cholesky helper returning double[][] and a forward substitution. The minus-infinity returns outside the
 * support are not checked: differences have no value there.
 */
class RealJavaBayesianTest extends RealJavaDomainTest {
  private static final double[] ETA = {0.3, -0.2, 0.1, 0.5, -0.8, 0.0, 1.1, 0.4};
  private static final double[] SCHOOL_Y = {28, 8, -3, 7, -1, 1, 18, 12};
  private static final double[] SCHOOL_SIGMA = {15, 10, 16, 11, 9, 11, 10, 18};
  private static final double[][] X = {{1.0, 0.5}, {1.0, -1.2}, {1.0, 2.0}, {1.0, 0.3}, {1.0, -0.7}};
  private static final RecordValue PRIOR = record("Bayesian$NormalPrior", 0.0, 2.5);
  private static final int[] LABELS = {1, 0, 1, 1, 0};
  private static final int[] POISSON_COUNTS = {3, 0, 7, 20, 2};
  private static final double[] EXPOSURE = {1.0, 2.0, 1.5, 3.0, 1.0};
  private static final double[] MIXTURE_DATA = {-1.3, -0.4, 0.2, 1.8, 2.5, 2.1, -0.9};
  private static final int[] DAILY = {2, 4, 3, 1, 5, 7, 6, 8};
  private static final double[] Y = {0.3, -0.5, 1.2};

  private static final Point SCHOOLS = at("eightSchools", "eight schools", 4.0, 1.0, ETA, SCHOOL_Y, SCHOOL_SIGMA);
  private static final Point LOGISTIC = at("logisticLogPosterior", "five rows", new double[] {0.5, -0.3}, X, LABELS,
      PRIOR);
  private static final Point POISSON = at("poissonLogLikelihood", "table and Stirling", new double[] {0.2, 0.5}, X,
      POISSON_COUNTS, EXPOSURE);
  private static final Point MIXTURE = at("mixtureLogLikelihood", "two components", new double[] {0.0, 0.5},
      new double[] {-1.0, 2.0}, new double[] {0.0, -0.3}, MIXTURE_DATA);
  private static final Point DIRICHLET = at("dirichletLogDensity", "one shape below a half",
      new double[] {0.2, 0.3, 0.5}, new double[] {2.0, 0.4, 3.0});
  private static final Point BETA = at("betaLogDensity", "inside", 0.3, 2.5, 0.7);
  private static final Point TRUNCATED = at("truncatedNormalLogDensity", "inside", 0.5, 0.2, 1.3, -1.0, 2.0);
  private static final Point CHANGE = at("changePointLogLikelihood", "mid series", 3.0, 6.0, 4.5, DAILY);
  private static final Point JACOBIAN = at("stickBreakingLogJacobian", "three values", (Object) Y);
  private static final double[] COEFFICIENTS = {0.4, -1.3, 2.2};
  private static final double[] SEQUENCE = {-0.8, -1.1, 0.9, 1.4, 1.1, -0.6, -1.2};
  private static final double[][] LOG_TRANSITION = {{Math.log(0.8), Math.log(0.2)}, {Math.log(0.3), Math.log(0.7)}};
  private static final Point HMM = at("hmmLogLikelihood", "two states", new double[] {Math.log(0.6), Math.log(0.4)},
      LOG_TRANSITION, new double[] {-1.0, 1.2}, SEQUENCE, 0.5);
  private static final Point AR1 = at("ar1LogLikelihood", "seven steps", 0.6, 0.1, Math.log(0.8), SEQUENCE);
  private static final Point GP = at("gpLogMarginal", "five points", 0.0, Math.log(0.8), Math.log(0.3),
      new double[] {0.0, 0.5, 1.2, 2.0, 3.1}, new double[] {0.1, 0.6, 0.9, 0.2, -0.7});
  private static final Point SIMPLEX = at("simplexLogDensity", "four components", Y,
      new double[] {2.0, 3.0, 1.5, 4.0});

  private static EnumConstant family(String name) {
    return constant("PriorFamily", name);
  }

  @Override
  String owner() {
    return "Bayesian";
  }

  @Override
  List<String> alsoCompiled() {
    return List.of("PriorFamily");
  }

  @Override
  Stream<Point> points() {
    return Stream.of(SCHOOLS, LOGISTIC, POISSON, MIXTURE, DIRICHLET, BETA, TRUNCATED,
        at("truncatedNormalLogDensity", "below the mean", -0.5, 0.2, 1.3, -1.0, 2.0),
        CHANGE,
        at("changePointLogLikelihood", "no change", 3.0, 6.0, 8.5, DAILY),
        JACOBIAN, SIMPLEX,
        at("logPrior", "normal", family("NORMAL"), 1.5, COEFFICIENTS),
        at("logPrior", "cauchy", family("CAUCHY"), 1.5, COEFFICIENTS),
        at("logPrior", "laplace", family("LAPLACE"), 1.5, COEFFICIENTS),
        HMM, AR1, GP);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(SCHOOLS, LOGISTIC, POISSON, MIXTURE, DIRICHLET, BETA, TRUNCATED, CHANGE, JACOBIAN, SIMPLEX,
        at("logPrior", "cauchy", family("CAUCHY"), 1.5, COEFFICIENTS), HMM, AR1, GP);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(at("stickBreaking", "three values", (Object) Y));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("eightSchools", "a school missing", IllegalArgumentException.class,
            "eta, y and sigma must have one entry per school: 8, 7, 8", 4.0, 1.0, ETA,
            new double[] {28, 8, -3, 7, -1, 1, 18}, SCHOOL_SIGMA),
        throwing("logisticLogPosterior", "label 2", IllegalArgumentException.class, "label 2 is 2, not 0 or 1",
            new double[] {0.5, -0.3}, X, new int[] {1, 0, 2, 1, 0}, PRIOR),
        throwing("logisticLogPosterior", "labels missing", IllegalArgumentException.class, "rows 5 != labels 2",
            new double[] {0.5, -0.3}, X, new int[] {1, 0}, PRIOR),
        throwing("poissonLogLikelihood", "negative count", IllegalArgumentException.class, "negative count -1",
            new double[] {0.2, 0.5}, X, new int[] {3, 0, -1, 20, 2}, EXPOSURE),
        throwing("mixtureLogLikelihood", "a mean missing", IllegalArgumentException.class,
            "components: 2 logits, 1 means, 2 scales", new double[] {0.0, 0.5}, new double[] {-1.0},
            new double[] {0.0, -0.3}, MIXTURE_DATA),
        throwing("dirichletLogDensity", "off the simplex", IllegalArgumentException.class, "p sums to 0.900000, not 1",
            new double[] {0.2, 0.2, 0.5}, new double[] {2.0, 0.4, 3.0}),
        throwing("dirichletLogDensity", "dimensions differ", IllegalArgumentException.class,
            "dimension 3 but 2 concentrations", new double[] {0.2, 0.3, 0.5}, new double[] {2.0, 0.4}),
        throwing("betaLogDensity", "no shape", IllegalArgumentException.class,
            "shape parameters must be positive: 0.0, 0.7", 0.3, 0.0, 0.7),
        throwing("truncatedNormalLogDensity", "empty interval", IllegalArgumentException.class,
            "empty truncation interval [2.0, -1.0]", 0.5, 0.2, 1.3, 2.0, -1.0),
        throwing("changePointLogLikelihood", "after the series", IllegalArgumentException.class,
            "switch time 9.5 outside [0, 8]", 3.0, 6.0, 9.5, DAILY),
        throwing("hmmLogLikelihood", "a mean missing", IllegalArgumentException.class,
            "2 states but 2 transition rows, 1 means", new double[] {Math.log(0.6), Math.log(0.4)}, LOG_TRANSITION,
            new double[] {-1.0}, SEQUENCE, 0.5),
        throwing("ar1LogLikelihood", "unit root", IllegalArgumentException.class, "not stationary: phi = 1.0", 1.0,
            0.1, 0.0, SEQUENCE));
  }
}
