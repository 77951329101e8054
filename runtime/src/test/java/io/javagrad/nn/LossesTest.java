package io.javagrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void meanSquaredErrorAndItsGradient() {
    List<Value> predictions = leaves(1, 2, 3);
    Value loss = Losses.meanSquaredError(predictions, new double[] {0, 2, 5});
    loss.backward();
    // differences 1, 0, -2: mean square 5/3; gradient 2 * difference / 3
    assertEquals(5.0 / 3, loss.data(), 1e-15);
    assertEquals(2.0 / 3, predictions.get(0).grad(), 1e-15);
    assertEquals(0, predictions.get(1).grad(), 1e-15);
    assertEquals(-4.0 / 3, predictions.get(2).grad(), 1e-15);
  }

  @Test
  void softmaxCrossEntropyIsMinusTheLogOfTheTargetsProbability() {
    double[] z = {0.5, -1.25, 2.0, 0.0};
    double normaliser = 0;
    for (double zi : z) {
      normaliser += Math.exp(zi);
    }
    for (int target = 0; target < z.length; target++) {
      double expected = -Math.log(Math.exp(z[target]) / normaliser);
      assertEquals(expected, Losses.softmaxCrossEntropy(leaves(z), target).data(), 1e-14);
    }
  }

  @Test
  void softmaxCrossEntropyGradientIsSoftmaxMinusOneHot() {
    double[] z = {0.5, -1.25, 2.0, 0.0};
    double[] softmax = softmax(z);
    for (int target = 0; target < z.length; target++) {
      List<Value> logits = leaves(z);
      Losses.softmaxCrossEntropy(logits, target).backward();
      for (int j = 0; j < z.length; j++) {
        double expected = softmax[j] - (j == target ? 1 : 0);
        assertEquals(expected, logits.get(j).grad(), 1e-12, "target " + target + ", logit " + j);
      }
    }
  }

  @Test
  void softmaxCrossEntropyIsOneNodeThatAgreesWithThePrimitiveBuiltGraph() {
    double[][] cases = {{0.5, -1.25, 2.0, 0.0}, {3, 3, 3}, {-40, 12.5, 7, 12.5, 0.001}, {7}};
    for (double[] z : cases) {
      for (int target = 0; target < z.length; target++) {
        List<Value> logits = leaves(z);
        Value loss = Losses.softmaxCrossEntropy(logits, target);
        List<Value> reference = leaves(z);
        Value referenceLoss = primitiveSoftmaxCrossEntropy(reference, target);
        loss.backward();
        referenceLoss.backward();

        assertEquals(logits, loss.operands(), "one node whose operands are the logits");
        assertEquals(referenceLoss.data(), loss.data(), 1e-14);
        for (int j = 0; j < z.length; j++) {
          assertEquals(reference.get(j).grad(), logits.get(j).grad(), 1e-14, "target " + target + ", logit " + j);
        }
      }
    }
  }

  @Test
  void softmaxCrossEntropyGradientMatchesCentralDifferences() {
    double[] z = {0.5, -1.25, 2.0, 0.0, 1.5};
    int target = 3;
    List<Value> logits = leaves(z);
    Losses.softmaxCrossEntropy(logits, target).backward();
    double[] numeric = GradientChecker.centralDifferences(
        x -> Losses.softmaxCrossEntropy(leaves(x), target).data(), z);
    for (int j = 0; j < z.length; j++) {
      assertTrue(GradientChecker.close(numeric[j], logits.get(j).grad(), 1e-8), "logit " + j);
    }
  }

  /** log Σ exp(z_i - max) - (z_target - max), from exp, sum, log and sub nodes. */
  private static Value primitiveSoftmaxCrossEntropy(List<Value> logits, int target) {
    double shift = logits.stream().mapToDouble(Value::data).max().orElseThrow();
    List<Value> exps = new ArrayList<>();
    for (Value logit : logits) {
      exps.add(logit.sub(shift).exp());
    }
    return Value.sum(exps).log().sub(logits.get(target).sub(shift));
  }

  @Test
  void softmaxCrossEntropyIsStableForHugeLogits() {
    // Unshifted, exp(1000) overflows to infinity and the loss would be NaN or infinite.
    double[] z = {1000, 0, -1000};
    // softmax(z) is (1, 0, 0) to double precision: exp(-1000) underflows to 0.
    double[] expectedLoss = {0, 1000, 2000};
    for (int target = 0; target < z.length; target++) {
      List<Value> logits = leaves(z);
      Value loss = Losses.softmaxCrossEntropy(logits, target);
      loss.backward();
      assertEquals(expectedLoss[target], loss.data(), 1e-12, "target " + target);
      for (int j = 0; j < z.length; j++) {
        double expected = (j == 0 ? 1 : 0) - (j == target ? 1 : 0);
        assertEquals(expected, logits.get(j).grad(), 1e-12, "target " + target + ", logit " + j);
      }
    }
  }

  @Test
  void batchCrossEntropyIsTheMeanOfTheExamples() {
    double[][] batch = {{1, 2, 3}, {-1, 0.5, 0}};
    int[] targets = {2, 0};
    double expected = (Losses.softmaxCrossEntropy(leaves(batch[0]), 2).data()
        + Losses.softmaxCrossEntropy(leaves(batch[1]), 0).data()) / 2;
    List<List<Value>> logits = List.of(leaves(batch[0]), leaves(batch[1]));
    Value loss = Losses.meanSoftmaxCrossEntropy(logits, targets);
    loss.backward();
    assertEquals(expected, loss.data(), 1e-15);
    // each example's gradient is halved by the mean
    double[] softmax = softmax(batch[1]);
    assertEquals((softmax[0] - 1) / 2, logits.get(1).get(0).grad(), 1e-12);
  }

  @Test
  void hingeLossChargesOnlyScoresInsideTheMargin() {
    List<Value> scores = leaves(2, 0.5, -0.25, -3);
    int[] labels = {1, 1, 1, -1};
    Value loss = Losses.meanHingeLoss(scores, labels);
    loss.backward();
    // margins 1 - y*s: -1, 0.5, 1.25, -2 -> charged 0, 0.5, 1.25, 0
    assertEquals((0.5 + 1.25) / 4, loss.data(), 1e-15);
    assertEquals(0, scores.get(0).grad());
    assertEquals(-0.25, scores.get(1).grad(), 1e-15);
    assertEquals(-0.25, scores.get(2).grad(), 1e-15);
    assertEquals(0, scores.get(3).grad());
  }

  @Test
  void mismatchedOrInvalidTargetsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Losses.meanSquaredError(leaves(1, 2), new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Losses.meanSquaredError(leaves(), new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(leaves(), 0));
    IllegalArgumentException outOfRange =
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(leaves(1, 2), 2));
    assertTrue(outOfRange.getMessage().startsWith("target class 2 is not in [0, 2)"), outOfRange.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Losses.meanSoftmaxCrossEntropy(List.of(leaves(1, 2)), new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> Losses.meanHingeLoss(leaves(1), new int[] {0}));
  }

  private static List<Value> leaves(double... data) {
    List<Value> values = new ArrayList<>(data.length);
    for (double d : data) {
      values.add(new Value(d));
    }
    return values;
  }

  private static double[] softmax(double[] z) {
    double total = 0;
    double[] e = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      e[i] = Math.exp(z[i]);
      total += e[i];
    }
    for (int i = 0; i < z.length; i++) {
      e[i] /= total;
    }
    return e;
  }
}
