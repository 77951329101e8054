package io.javagrad.nn;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loss functions: each turns a model's outputs and the wanted answers into one {@link Value}
 * whose {@code backward()} gives the gradient for an {@link Optimizer}. Targets are plain numbers:
 * no gradient flows to them.
 */
public final class Losses {
  private Losses() {}

  /**
   * The mean of {@code (predictions[i] - targets[i])²}.
   *
   * @throws IllegalArgumentException if the two are empty or differ in length
   */
  public static Value meanSquaredError(List<Value> predictions, double[] targets) {
    Objects.requireNonNull(predictions, "predictions must not be null");
    Objects.requireNonNull(targets, "targets must not be null");
    requireMatchingNonEmpty(predictions.size(), targets.length, "predictions", "targets");
    List<Value> squares = new ArrayList<>(targets.length);
    for (int i = 0; i < targets.length; i++) {
      squares.add(predictions.get(i).sub(targets[i]).pow(2));
    }
    return Value.sum(squares).div(targets.length);
  }

  /**
   * The cross-entropy of the softmax of {@code logits} against class {@code target}: {@code
   * -log(softmax(logits)[target]) = logsumexp(logits) - logits[target]}. Its gradient with
   * respect to the logits is {@code softmax(logits) - onehot(target)}.
   *
   * <p>One node whose operands are the logits, with those closed-form local gradients, rather than
   * an exponential per logit, a sum, a log and two subtractions. Stable for logits of any size: the
   * largest logit is subtracted before exponentiating, so no exp overflows and the largest term is
   * exactly 1 (its log is finite); the shift cancels in value and gradient.
   *
   * @throws IllegalArgumentException if {@code logits} is empty or {@code target} is not one of its indices
   */
  public static Value softmaxCrossEntropy(List<Value> logits, int target) {
    Objects.requireNonNull(logits, "logits must not be null");
    if (logits.isEmpty()) {
      throw new IllegalArgumentException("logits must not be empty");
    }
    if (target < 0 || target >= logits.size()) {
      throw new IllegalArgumentException(
          "target class " + target + " is not in [0, " + logits.size() + "), the range of the " + logits.size() + " logits");
    }
    Value[] operands = logits.toArray(new Value[0]);
    double shift = Double.NEGATIVE_INFINITY;
    for (Value logit : operands) {
      shift = Math.max(shift, logit.data());
    }
    double[] exps = new double[operands.length];
    double total = 0;
    for (int i = 0; i < operands.length; i++) {
      exps[i] = Math.exp(operands[i].data() - shift);
      total += exps[i];
    }
    double[] softmaxMinusOnehot = new double[operands.length];
    for (int i = 0; i < operands.length; i++) {
      softmaxMinusOnehot[i] = exps[i] / total - (i == target ? 1 : 0);
    }
    double loss = Math.log(total) - (operands[target].data() - shift);
    return new Value(loss, operands, softmaxMinusOnehot);
  }

  /**
   * The mean of {@link #softmaxCrossEntropy} over a batch: {@code logits.get(i)} is scored
   * against class {@code targets[i]}.
   *
   * @throws IllegalArgumentException if the batch is empty, the lengths differ, or a target is
   *     out of range for its logits
   */
  public static Value meanSoftmaxCrossEntropy(List<List<Value>> logits, int[] targets) {
    Objects.requireNonNull(logits, "logits must not be null");
    Objects.requireNonNull(targets, "targets must not be null");
    requireMatchingNonEmpty(logits.size(), targets.length, "logits", "targets");
    List<Value> losses = new ArrayList<>(targets.length);
    for (int i = 0; i < targets.length; i++) {
      losses.add(softmaxCrossEntropy(logits.get(i), targets[i]));
    }
    return Value.sum(losses).div(targets.length);
  }

  /**
   * The mean max-margin (SVM hinge) loss {@code max(0, 1 - labels[i] * scores[i])}, for a binary
   * classifier with one score per example whose sign is the predicted class. It is 0 once every
   * example is on its correct side by a margin of at least 1.
   *
   * @throws IllegalArgumentException if the two are empty or differ in length, or a label is not -1 or +1
   */
  public static Value meanHingeLoss(List<Value> scores, int[] labels) {
    Objects.requireNonNull(scores, "scores must not be null");
    Objects.requireNonNull(labels, "labels must not be null");
    requireMatchingNonEmpty(scores.size(), labels.length, "scores", "labels");
    List<Value> losses = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 1 && labels[i] != -1) {
        throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + "; a hinge-loss label must be -1 or +1");
      }
      losses.add(scores.get(i).mul(-labels[i]).add(1).relu());
    }
    return Value.sum(losses).div(labels.length);
  }

  private static void requireMatchingNonEmpty(int size, int expected, String what, String against) {
    if (expected == 0) {
      throw new IllegalArgumentException(against + " must not be empty");
    }
    if (size != expected) {
      throw new IllegalArgumentException(
          "there are " + size + " " + what + " but " + expected + " " + against + "; they must pair up");
    }
  }
}
