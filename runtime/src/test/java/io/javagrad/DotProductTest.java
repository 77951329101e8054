package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Value#dot}: one node for a dot product, with the gradient of n products and their sum. */
class DotProductTest {
  private static final double[] A = {0.5, -1.25, 3, 1e-3};
  private static final double[] B = {2, 0.75, -4, 250};

  @Test
  void isOneNodeWithAnOperandPerFactor() {
    Value[] a = leaves(A);
    Value[] b = leaves(B);
    Value dot = Value.dot(a, b);
    List<Value> expected = new ArrayList<>(List.of(a));
    expected.addAll(List.of(b));
    assertEquals(expected, dot.operands());
    assertEquals(List.of(a), Value.dot(a, B).operands());
  }

  @Test
  void valueAndGradientAreThoseOfTheProductsSummed() {
    Value[] a = leaves(A);
    Value[] b = leaves(B);
    Value dot = Value.dot(a, b);
    Value[] a2 = leaves(A);
    Value[] b2 = leaves(B);
    List<Value> products = new ArrayList<>();
    for (int i = 0; i < A.length; i++) {
      products.add(a2[i].mul(b2[i]));
    }
    Value reference = Value.sum(products);

    dot.backward();
    reference.backward();
    assertEquals(reference.data(), dot.data());
    assertArrayEquals(grads(a2), grads(a));
    assertArrayEquals(grads(b2), grads(b));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    double[] point = concat(A, B);
    Value[] inputs = leaves(point);
    int n = A.length;
    Value.dot(Arrays.copyOfRange(inputs, 0, n), Arrays.copyOfRange(inputs, n, 2 * n)).backward();
    double[] numeric = GradientChecker.centralDifferences(DotProductTest::dotOfHalves, point);
    for (int i = 0; i < point.length; i++) {
      assertTrue(GradientChecker.close(numeric[i], inputs[i].grad(), 1e-8), "slot " + i);
    }
  }

  @Test
  void constantWeightsGiveTheirGradientToTheValuesOnly() {
    Value[] a = leaves(A);
    Value dot = Value.dot(a, B);
    dot.backward();
    assertEquals(dotOfHalves(concat(A, B)), dot.data());
    assertArrayEquals(B, grads(a));
    double[] numeric = GradientChecker.centralDifferences(x -> dotOfHalves(concat(x, B)), A);
    for (int i = 0; i < A.length; i++) {
      assertTrue(GradientChecker.close(numeric[i], a[i].grad(), 1e-8), "slot " + i);
    }
  }

  @Test
  void aValueOnBothSidesGetsBothContributions() {
    Value x = new Value(3);
    Value.dot(new Value[] {x}, new Value[] {x}).backward();
    assertEquals(6, x.grad());
  }

  @Test
  void constantFactorsGetNoGradient() {
    Value x = new Value(3);
    Value c = Value.constant(5);
    Value.dot(new Value[] {x, c}, new Value[] {c, x}).backward();
    assertEquals(10, x.grad());
    assertEquals(0, c.grad());
  }

  @Test
  void emptyProductIsZero() {
    assertEquals(0, Value.dot(new Value[0], new Value[0]).data());
    assertEquals(0, Value.dot(new Value[0], new double[0]).data());
  }

  @Test
  void misuseThrowsAtOnce() {
    Value[] two = leaves(1, 2);
    assertThrows(IllegalArgumentException.class, () -> Value.dot(two, leaves(1)));
    assertThrows(IllegalArgumentException.class, () -> Value.dot(two, new double[] {1}));
    assertThrows(NullPointerException.class, () -> Value.dot(two, (Value[]) null));
    assertThrows(NullPointerException.class, () -> Value.dot(null, new double[0]));
    assertThrows(NullPointerException.class, () -> Value.dot(two, new Value[] {new Value(1), null}));
  }

  // ----- helpers

  /** The dot product of the first and the second half of {@code x}. */
  private static double dotOfHalves(double[] x) {
    int n = x.length / 2;
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += x[i] * x[n + i];
    }
    return total;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static Value[] leaves(double... data) {
    return Arrays.stream(data).mapToObj(Value::new).toArray(Value[]::new);
  }

  private static double[] grads(Value[] values) {
    return Arrays.stream(values).mapToDouble(Value::grad).toArray();
  }
}
