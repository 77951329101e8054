package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How {@link Value#backward()} behaves across calls: several roots over shared nodes, repeated
 * calls with and without {@code zeroGrad()}, and threads whose graphs share constants. The visit
 * marks it keeps in the nodes must leave no trace from one call to the next.
 */
class SweepTest {

  @Test
  void twoRootsOverSharedNodesEachAddTheirGradient() {
    Value x = new Value(2);
    Value shared = x.mul(x); // x²
    Value first = shared.mul(3); // 3x², d/dx = 6x = 12
    Value second = shared.add(x); // x² + x, d/dx = 2x + 1 = 5

    first.backward();
    assertEquals(12, x.grad());
    second.backward();
    assertEquals(17, x.grad(), "leaves accumulate across roots");
    assertEquals(1, shared.grad(), "an intermediate holds its adjoint for the latest call");

    first.backward();
    assertEquals(29, x.grad(), "a root differentiated again after another is still complete");
  }

  @Test
  void repeatedCallsWithZeroGradBetweenGiveTheSameGradient() {
    Value x = new Value(0.3);
    Value w = new Value(-1.7);
    Value y = x.mul(w).tanh().mul(x.exp()).add(w.mul(w));
    y.backward();
    double[] once = {x.grad(), w.grad()};
    for (int i = 0; i < 5; i++) {
      y.zeroGrad();
      y.backward();
      assertArrayEquals(once, new double[] {x.grad(), w.grad()});
    }
  }

  @Test
  void aSubgraphDifferentiatedAloneThenAsPartOfALargerOne() {
    Value x = new Value(1.5);
    Value inner = x.sin();
    Value outer = inner.mul(inner).add(x);
    inner.backward();
    assertEquals(Math.cos(1.5), x.grad(), 1e-15);
    x.zeroGrad();
    outer.backward();
    assertEquals(2 * Math.sin(1.5) * Math.cos(1.5) + 1, x.grad(), 1e-15);
  }

  @Test
  void threadsWhoseGraphsShareOnlyConstantsGetTheirOwnGradients() throws Exception {
    List<Value> data = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      data.add(Value.constant(Math.sin(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Double>> grads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        double w0 = 0.1 * t;
        grads.add(pool.submit(() -> gradientOfFit(w0, data)));
      }
      for (int t = 0; t < 8; t++) {
        assertEquals(gradientOfFit(0.1 * t, data), grads.get(t).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  /** d/dw of Σ (w·d - d²)² over {@code data}, from 50 calls of backward() with zeroGrad() between. */
  private static double gradientOfFit(double w0, List<Value> data) {
    Value w = new Value(w0);
    List<Value> terms = new ArrayList<>();
    for (Value d : data) {
      terms.add(w.mul(d).sub(d.mul(d)).pow(2));
    }
    Value loss = Value.sum(terms);
    for (int i = 0; i < 50; i++) {
      loss.zeroGrad();
      loss.backward();
    }
    return w.grad();
  }
}
