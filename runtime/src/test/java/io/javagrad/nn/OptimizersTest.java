package io.javagrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizersTest {

  @Test
  void sgdStepsAgainstTheGradient() {
    Value p = new Value(1);
    TrainingLoop.run(new SGD(List.of(p), 0.1), 1, () -> p.pow(2));
    assertEquals(1 - 0.1 * 2, p.data(), 1e-15);
  }

  @Test
  void sgdWithMomentumMatchesHandComputedSteps() {
    // loss p², so grad = 2p; lr 0.1, momentum 0.9, p0 = 1:
    // step 1: g = 2,    v = 2,                       p = 1 - 0.1 * 2       = 0.8
    // step 2: g = 1.6,  v = 0.9 * 2 + 1.6    = 3.4,  p = 0.8 - 0.1 * 3.4   = 0.46
    // step 3: g = 0.92, v = 0.9 * 3.4 + 0.92 = 3.98, p = 0.46 - 0.1 * 3.98 = 0.062
    Value p = new Value(1);
    SGD sgd = new SGD(List.of(p), 0.1, 0.9);
    for (double expected : new double[] {0.8, 0.46, 0.062}) {
      TrainingLoop.run(sgd, 1, () -> p.pow(2));
      assertEquals(expected, p.data(), 1e-12);
    }
  }

  @Test
  void adamMatchesHandComputedSteps() {
    // loss p² + 3q from p = 1, q = 0, lr 0.1, betas 0.9 / 0.999, eps 1e-8.
    // Step 1, p: g = 2, m = 0.2, v = 0.004; corrected m = 2, v = 4; p = 1 - 0.1 * 2 / (2 + 1e-8).
    // Step 2, p: g = 1.800000001, m = 0.3600000001, v = 0.0072360000036;
    //   corrected m = m / (1 - 0.9²), v = v / (1 - 0.999²); in 40-digit decimal arithmetic
    //   p = 0.9000000005 - 0.1 * m / (sqrt(v) + 1e-8) = 0.8004122286917921452374...
    // q's gradient is always 3, and bias correction makes each corrected mean exactly 3 and each
    // corrected mean square exactly 9: every step is -0.1 * 3 / (3 + 1e-8).
    Value p = new Value(1);
    Value q = new Value(0);
    Adam adam = new Adam(List.of(p, q), 0.1);
    Supplier<Value> loss = () -> p.pow(2).add(q.mul(3));
    double qStep = 0.1 * 3 / (3 + 1e-8);

    TrainingLoop.run(adam, 1, loss);
    assertEquals(0.9000000004999999975, p.data(), 1e-12);
    assertEquals(-qStep, q.data(), 1e-12);

    TrainingLoop.run(adam, 1, loss);
    assertEquals(0.80041222869179214524, p.data(), 1e-12);
    assertEquals(-2 * qStep, q.data(), 1e-12);
    assertEquals(2, adam.steps());
  }

  @Test
  void sgdWithMomentumFitsASmallRegression() {
    assertLearns(parameters -> new SGD(parameters, 0.05, 0.9));
  }

  @Test
  void adamFitsASmallRegression() {
    assertLearns(parameters -> new Adam(parameters, 0.02));
  }

  /** Fits a 2 -> 8 -> 1 tanh network to a smooth surface sampled on a 5 x 5 grid. */
  private static void assertLearns(Function<List<Value>, Optimizer> optimizerFor) {
    MLP model = new MLP(2, new int[] {8, 1}, Activation.TANH, Activation.LINEAR, 3);
    List<double[]> inputs = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double x = -1 + i * 0.5;
        double y = -1 + j * 0.5;
        inputs.add(new double[] {x, y});
        targets.add(0.5 * Math.sin(2 * x) + y * y - 0.3);
      }
    }
    double[] targetArray = targets.stream().mapToDouble(Double::doubleValue).toArray();
    Supplier<Value> loss = () -> {
      List<Value> predictions = new ArrayList<>();
      for (double[] input : inputs) {
        predictions.add(model.apply(input).get(0));
      }
      return Losses.meanSquaredError(predictions, targetArray);
    };

    double initial = loss.get().data();
    TrainingLoop.run(optimizerFor.apply(model.parameters()), 200, loss);
    double trained = loss.get().data();
    assertTrue(trained < 0.05 * initial, "loss went from " + initial + " to " + trained);
  }

  @Test
  void zeroGradClearsEveryParameter() {
    Value a = new Value(2);
    Value b = new Value(3);
    Optimizer adam = new Adam(List.of(a, b), 0.1);
    a.mul(b).backward();
    adam.zeroGrad();
    assertEquals(0, a.grad());
    assertEquals(0, b.grad());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
  void learningRateMustBePositiveAndFinite(double learningRate) {
    List<Value> p = List.of(new Value(1));
    assertRejected("learningRate", () -> new SGD(p, learningRate));
    assertRejected("learningRate", () -> new Adam(p, learningRate));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1, 1.5, Double.NaN})
  void decayRatesMustBeInTheUnitInterval(double rate) {
    List<Value> p = List.of(new Value(1));
    assertRejected("momentum", () -> new SGD(p, 0.1, rate));
    assertRejected("beta1", () -> new Adam(p, 0.1, rate, 0.999, 1e-8));
    assertRejected("beta2", () -> new Adam(p, 0.1, 0.9, rate, 1e-8));
  }

  @Test
  void epsMustBePositive() {
    assertRejected("eps", () -> new Adam(List.of(new Value(1)), 0.1, 0.9, 0.999, 0));
  }

  @Test
  void parametersMustBeANonEmptyListOfDistinctValues() {
    Value p = new Value(1);
    assertRejected("more than once", () -> new SGD(List.of(p, new Value(2), p), 0.1));
    assertRejected("empty", () -> new Adam(List.of(), 0.1));
    List<Value> withNull = new ArrayList<>(List.of(p));
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> new SGD(withNull, 0.1));
  }

  private static void assertRejected(String named, Executable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
