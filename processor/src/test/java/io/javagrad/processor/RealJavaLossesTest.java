package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * ML losses (corpus/Losses.java): logsumexp with the maximum subtracted, an enum switch with
 * fallthrough and a switch expression with a yielding arm, labels in an int[], a boolean mask, a
 * seeded SplittableRandom (an object local), signum, Math.pow of an int exponent, constants
 * declared three to a statement, an unrolled Adam, and an activation picked by a String switch
 * expression whose default arm throws.
 */
class RealJavaLossesTest extends RealJavaDomainTest {
  private static final EnumConstant SQUARED = constant("Losses$Penalty", "SQUARED");
  private static final EnumConstant ABSOLUTE = constant("Losses$Penalty", "ABSOLUTE");
  private static final EnumConstant HUBER = constant("Losses$Penalty", "HUBER");
  private static final double[] LOGITS = {1.0, -0.5, 2.25, 0.3};
  private static final double[] RESIDUALS = {0.3, -1.7, 2.4, -0.2};
  private static final double[] PREDICTED = {1.2, -0.4, 3.5};
  private static final double[] TARGET = {0.7, 0.9, 1.0};
  private static final double[] FEATURES = {1.0, 2.0, -0.5, 1.5, 2.0, -1.0};

  @Override
  String owner() {
    return "Losses";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("logSumExp", "four logits", LOGITS),
        at("softmaxCrossEntropy", "label of the largest logit", LOGITS, 2),
        at("softmaxCrossEntropy", "label 0", LOGITS, 0),
        at("robustLoss", "SQUARED", RESIDUALS, SQUARED, 1.0),
        at("robustLoss", "ABSOLUTE", RESIDUALS, ABSOLUTE, 1.0),
        at("robustLoss", "HUBER: inside and fallthrough", RESIDUALS, HUBER, 1.0),
        at("regressionLoss", "SQUARED arm", PREDICTED, TARGET, SQUARED),
        at("regressionLoss", "ABSOLUTE arm", PREDICTED, TARGET, ABSOLUTE),
        at("regressionLoss", "HUBER arm with yield", PREDICTED, TARGET, HUBER),
        at("logisticLoss", "both labels", new double[] {0.5, -0.3}, 0.2, FEATURES, new int[] {1, 0, 1}),
        at("l2Penalty", "one frozen", new double[] {0.5, -1.5, 2.0}, 0.01, new boolean[] {false, true, false}),
        at("pinballLoss", "both signs", RESIDUALS, 0.7),
        at("dropoutMse", "some dropped", new double[] {1.0, 2.0, -0.5, 0.7, 1.5, -1.2},
            new double[] {0.8, 2.5, -0.1, 0.9, 1.0, -1.0}, 0.3, 42L),
        at("dropoutMse", "low rate", new double[] {1.0, 2.0, -0.5, 0.7, 1.5, -1.2},
            new double[] {0.8, 2.5, -0.1, 0.9, 1.0, -1.0}, 0.05, 7L),
        at("adamUnrolled", "20 steps from Rosenbrock's classic start", -1.2, 1.0, 0.05, 20),
        at("adamUnrolled", "5 steps", 0.5, 0.5, 0.01, 5),
        at("activation", "relu, active side", 0.8, "relu"),
        at("activation", "relu, flat side", -0.8, "relu"),
        at("activation", "tanh", 0.8, "tanh"),
        at("activation", "sigmoid", -1.3, "sigmoid"));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("logSumExp", "empty", IllegalArgumentException.class, "logSumExp of nothing", (Object) new double[0]),
        throwing("logSumExp", "all -Infinity", ArithmeticException.class,
            "logSumExp needs a finite maximum, got -Infinity",
            (Object) new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}),
        throwing("softmaxCrossEntropy", "label out of range", IndexOutOfBoundsException.class,
            "label 4 out of range for 4 classes", LOGITS, 4),
        throwing("robustLoss", "delta 0", IllegalArgumentException.class, "delta must be positive: 0.0",
            RESIDUALS, HUBER, 0.0),
        throwing("regressionLoss", "lengths differ", IllegalArgumentException.class, "lengths differ: 3 vs 2",
            PREDICTED, new double[] {0.7, 0.9}, SQUARED),
        throwing("logisticLoss", "label 2", IllegalArgumentException.class, "label must be 0 or 1: 2",
            new double[] {0.5, -0.3}, 0.2, FEATURES, new int[] {1, 2, 0}),
        throwing("logisticLoss", "features missing", IllegalArgumentException.class, "expected 6 features, got 5",
            new double[] {0.5, -0.3}, 0.2, new double[] {1, 2, 3, 4, 5}, new int[] {1, 0, 1}),
        throwing("pinballLoss", "tau 1", IllegalArgumentException.class, "tau must be in (0, 1): 1.0", RESIDUALS, 1.0),
        throwing("dropoutMse", "rate 1", IllegalArgumentException.class, "rate must be in [0, 1): 1.0",
            PREDICTED, TARGET, 1.0, 42L),
        throwing("activation", "unknown name", IllegalArgumentException.class, "unknown activation: gelu", 0.8, "gelu"));
  }
}
