package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Learning building blocks (corpus/Learning.java): dense layers in a nested helper class with an
 * enum-switched activation and Math.fma, a batched cross-entropy over double[][] logits with var
 * rows, an MLP over a @NoDerivative batch, a padded convolution with continue, batch and layer
 * normalization, one-query attention, an LSTM whose helper writes its state arrays in place,
 * elastic-net logistic regression configured by a record, Huber and quantile regression and a soft
 * k-means free energy, and an MLP unpacked from a flat parameter vector by {@code theta[k++]}.
 */
class RealJavaLearningTest extends RealJavaDomainTest {
  private static final EnumConstant IDENTITY = constant("Learning$Activation", "IDENTITY");
  private static final EnumConstant RELU = constant("Learning$Activation", "RELU");
  private static final EnumConstant TANH = constant("Learning$Activation", "TANH");
  private static final EnumConstant SIGMOID = constant("Learning$Activation", "SIGMOID");
  private static final EnumConstant SOFTPLUS = constant("Learning$Activation", "SOFTPLUS");
  private static final EnumConstant VALID = constant("Learning$Padding", "VALID");
  private static final EnumConstant ZERO = constant("Learning$Padding", "ZERO");
  private static final EnumConstant REFLECT = constant("Learning$Padding", "REFLECT");
  private static final RecordValue ELASTIC = record("Learning$Regularization", 0.1, 0.5);
  private static final RecordValue RIDGE = record("Learning$Regularization", 0.3, 0.0);

  private static final double[][] WEIGHTS = {{0.5, -0.3, 0.8, 0.1}, {-0.2, 0.4, 0.6, -0.7}, {0.9, 0.1, -0.5, 0.3}};
  private static final double[] BIAS = {0.1, -0.2, 0.3};
  private static final double[] INPUT = {1.0, 0.5, -0.7, 2.0};
  private static final double[][] LOGITS = {{1.0, -0.5, 2.25, 0.3}, {0.2, 0.1, -1.0, 0.7}, {-0.3, 1.4, 0.9, 0.0}};
  private static final double[][] W1 = {{0.4, -0.6}, {0.3, 0.8}, {-0.5, 0.2}};
  private static final double[] B1 = {0.1, -0.1, 0.05};
  private static final double[] W2 = {0.7, -0.4, 0.9};
  private static final double[][] XS = {{0.5, 1.0}, {-1.0, 0.3}, {1.5, -0.5}, {0.0, 0.8}};
  private static final double[] YS = {0.3, -0.2, 0.9, 0.1};
  private static final double[] FLAT_THETA = {0.4, -0.6, 0.3, 0.8, 0.1, -0.1, 0.7, -0.4, 0.2};
  private static final double[] SIGNAL = {0.3, 1.2, -0.4, 0.8, 2.0, -1.1, 0.5};
  private static final double[] KERNEL = {0.25, 0.5, -0.3};
  private static final double[][] BATCH = {{1.0, 0.5, -0.2}, {0.3, -1.1, 0.8}, {-0.6, 0.9, 1.5}, {1.4, 0.2, -0.9}};
  private static final double[] GAMMA = {1.1, 0.9, 1.3};
  private static final double[] BETA = {0.0, 0.2, -0.1};
  private static final double[] QUERY = {0.4, -0.8, 1.1};
  private static final double[][] KEYS = {{1.0, 0.2, -0.3}, {0.5, -1.2, 0.8}, {-0.4, 0.3, 0.9}, {0.7, 0.7, -0.6}};
  private static final double[][] VALUES = {{0.3, 1.0}, {-0.5, 0.4}, {1.2, -0.8}, {0.0, 0.6}};
  private static final double[][] FEATURES = {{1.0, 0.5, -1.2}, {0.3, -0.8, 0.4}, {-1.5, 1.1, 0.2}, {0.7, 0.0, 0.9},
      {-0.2, -1.3, -0.5}};
  private static final int[] LABELS = {1, 0, 0, 1, 0};
  private static final double[][] DESIGN = {{1.0, 0.5}, {1.0, -1.0}, {1.0, 2.0}, {1.0, 0.3}, {1.0, -2.5}};
  private static final double[] RESPONSE = {1.3, -0.9, 4.1, 0.2, 3.0};
  private static final double[][] QUANTILES = {{0.2, 0.9}, {-0.5, 0.3}, {1.8, 2.6}};
  private static final double[] OBSERVED = {0.5, -0.1, 2.0};
  private static final double[] TAUS = {0.25, 0.75};
  private static final double[][] CENTROIDS = {{0.0, 0.0}, {2.0, 1.0}, {-1.0, 2.0}};
  private static final double[][] POINTS = {{0.3, -0.2}, {1.8, 1.4}, {-0.7, 1.6}, {1.0, 0.5}, {-0.2, 0.9}};

  @Override
  String owner() {
    return "Learning";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("denseLayerEnergy", "identity", WEIGHTS, BIAS, INPUT, IDENTITY),
        at("denseLayerEnergy", "relu: one unit off", WEIGHTS, BIAS, INPUT, RELU),
        at("denseLayerEnergy", "tanh", WEIGHTS, BIAS, INPUT, TANH),
        at("denseLayerEnergy", "sigmoid", WEIGHTS, BIAS, INPUT, SIGMOID),
        at("denseLayerEnergy", "softplus, both signs", WEIGHTS, BIAS, INPUT, SOFTPLUS),
        at("batchCrossEntropy", "three examples", LOGITS, new int[] {2, 0, 3}),
        at("batchCrossEntropy", "empty batch", new double[0][], new int[0]),
        at("mlpLoss", "four examples", W1, B1, W2, 0.2, XS, YS),
        at("conv1dEnergy", "valid", SIGNAL, KERNEL, VALID),
        at("conv1dEnergy", "zero padded", SIGNAL, KERNEL, ZERO),
        at("conv1dEnergy", "reflected", SIGNAL, KERNEL, REFLECT),
        at("conv1dEnergy", "reflected, kernel of 5", SIGNAL, new double[] {0.1, -0.2, 0.6, 0.3, -0.4}, REFLECT),
        at("batchNormProbe", "four by three", BATCH, GAMMA, BETA),
        at("layerNormProbe", "five features", new double[] {0.3, -1.2, 0.8, 2.0, -0.4},
            new double[] {1.0, 0.8, 1.2, 0.9, 1.1}, new double[] {0.1, 0.0, -0.2, 0.3, 0.05}),
        at("attention", "four keys", QUERY, KEYS, VALUES),
        at("lstmSequence", "two units over three steps", lstmWeights(), new double[][] {{0.5, -0.3}, {1.0, 0.2},
            {-0.4, 0.8}}, 2),
        at("lstmSequence", "empty sequence", lstmWeights(), new double[0][], 2),
        at("elasticNetLogistic", "elastic net", new double[] {0.4, -0.7, 0.25}, 0.1, FEATURES, LABELS, ELASTIC),
        at("elasticNetLogistic", "ridge, a large margin", new double[] {3.0, -8.0, 2.5}, 0.1, FEATURES, LABELS, RIDGE),
        at("huberRegression", "both sides of delta", new double[] {0.2, 1.1}, DESIGN, RESPONSE, 1.0),
        at("quantileLoss", "two levels", QUANTILES, OBSERVED, TAUS),
        at("softKMeans", "three centroids", CENTROIDS, POINTS, 0.8),
        at("softKMeans", "cold", CENTROIDS, POINTS, 6.0),
        at("flatMlpLoss", "two hidden units, unpacked by k++", FLAT_THETA, 2, XS, YS));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(
        at("denseLayerEnergy", "softplus", WEIGHTS, BIAS, INPUT, SOFTPLUS),
        at("batchNormProbe", "four by three", BATCH, GAMMA, BETA),
        at("attention", "four keys", QUERY, KEYS, VALUES),
        at("lstmSequence", "two units over two steps", lstmWeights(), new double[][] {{0.5, -0.3}, {1.0, 0.2}}, 2),
        at("softKMeans", "three centroids", CENTROIDS, POINTS, 0.8),
        at("flatMlpLoss", "two hidden units", FLAT_THETA, 2, XS, YS));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("denseLayerEnergy", "bias too short", IllegalArgumentException.class,
            "bias has 2 entries for 3 outputs", WEIGHTS, new double[] {0.1, 0.2}, INPUT, TANH),
        throwing("denseLayerEnergy", "input too short", IllegalArgumentException.class,
            "row 0 has 4 weights for 3 inputs", WEIGHTS, BIAS, new double[] {1, 2, 3}, TANH),
        throwing("batchCrossEntropy", "label out of range", IndexOutOfBoundsException.class,
            "label 4 of example 1 out of range [0, 4)", LOGITS, new int[] {2, 4, 0}),
        throwing("batchCrossEntropy", "labels missing", IllegalArgumentException.class,
            "batch of 3 logits but 2 labels", LOGITS, new int[] {2, 1}),
        throwing("mlpLoss", "targets missing", IllegalArgumentException.class, "inputs 4 vs targets 3",
            W1, B1, W2, 0.2, XS, new double[] {1, 2, 3}),
        throwing("conv1dEnergy", "even kernel", IllegalArgumentException.class, "kernel length must be odd: 2",
            SIGNAL, new double[] {1, 2}, ZERO),
        throwing("conv1dEnergy", "signal too short", IllegalArgumentException.class,
            "signal of 2 is shorter than the kernel of 3", new double[] {1, 2}, KERNEL, VALID),
        throwing("batchNormProbe", "one example", IllegalArgumentException.class,
            "batch normalization needs at least 2 examples, got 1", new double[][] {{1, 2, 3}}, GAMMA, BETA),
        throwing("layerNormProbe", "shifts missing", IllegalArgumentException.class,
            "layer of 3 with 3 scales and 2 shifts (at most 8)", new double[] {1, 2, 3}, GAMMA, new double[] {0, 0}),
        throwing("attention", "values missing", IllegalArgumentException.class, "4 keys but 3 values",
            QUERY, KEYS, new double[][] {{1, 2}, {3, 4}, {5, 6}}),
        throwing("lstmSequence", "weights for one unit", IllegalArgumentException.class,
            "expected 8 weight rows, got 4", new double[4][5], new double[][] {{0.5, -0.3}}, 2),
        throwing("elasticNetLogistic", "label 2", IllegalArgumentException.class, "label 2 must be 0 or 1: 2",
            new double[] {0.4, -0.7, 0.25}, 0.1, FEATURES, new int[] {1, 0, 2, 1, 0}, ELASTIC),
        throwing("huberRegression", "delta NaN", IllegalArgumentException.class, "delta must be positive: NaN",
            new double[] {0.2, 1.1}, DESIGN, RESPONSE, Double.NaN),
        throwing("quantileLoss", "level 1", IllegalArgumentException.class,
            "quantile level 1 must be in (0, 1): 1.0", QUANTILES, OBSERVED, new double[] {0.5, 1.0}),
        throwing("softKMeans", "beta 0", IllegalArgumentException.class, "inverse temperature must be positive: 0.0",
            CENTROIDS, POINTS, 0.0),
        throwing("flatMlpLoss", "one parameter short", IllegalArgumentException.class,
            "expected 9 parameters for 2 hidden units, got 8", new double[8], 2, XS, YS));
  }

  /** Packed LSTM weights for two inputs and two units: 8 rows over [x, h, 1], varied and small. */
  private static double[][] lstmWeights() {
    double[][] w = new double[8][5];
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 5; c++) {
        w[r][c] = 0.3 * Math.sin(1.7 * r + 0.9 * c + 0.4);
      }
    }
    return w;
  }
}
