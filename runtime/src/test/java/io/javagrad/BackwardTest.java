package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What {@link Value#backward()} and {@link Value#zeroGrad()} do to the grads of a graph. */
class BackwardTest {
  private static final int MILLION = 1_000_000;

  // ----- accumulation

  @Test
  void leavesAccumulateAcrossCallsWhileIntermediatesHoldTheLatestAdjoint() {
    Value x = new Value(3);
    Value square = x.mul(x);
    Value y = square.mul(2).add(x); // y = 2x² + x, dy/dx = 4x + 1 = 13, dy/dsquare = 2

    y.backward();
    assertEquals(13, x.grad());
    assertEquals(2, square.grad());
    assertEquals(1, y.grad());

    y.backward();
    assertEquals(26, x.grad(), "a leaf accumulates: twice the single-call gradient");
    assertEquals(2, square.grad(), "an intermediate node holds its adjoint for the latest call");
    assertEquals(1, y.grad());
  }

  @Test
  void zeroGradZerosEveryNodeOfTheGraphItIsCalledOn() {
    Value x = new Value(3);
    Value w = new Value(-2);
    Value y = x.mul(w).tanh().add(x.exp());
    y.backward();
    double singleCallGradient = x.grad();
    y.backward();

    y.zeroGrad();

    Set<Value> nodes = nodesOf(y);
    assertEquals(6, nodes.size()); // x, w, x * w, tanh, exp, +
    for (Value node : nodes) {
      assertEquals(0, node.grad(), node.toString());
    }
    y.backward();
    assertEquals(singleCallGradient, x.grad(), "after zeroGrad, one call gives one call's gradient");
  }

  @Test
  void zeroGradLeavesNodesOutsideItsGraphAlone() {
    Value x = new Value(3);
    Value square = x.mul(x);
    Value y = square.add(1);
    y.backward();

    square.zeroGrad();

    assertEquals(0, square.grad());
    assertEquals(0, x.grad());
    assertEquals(1, y.grad(), "y is not in the graph of square");
  }

  @Test
  void backwardOnALeafSetsItsGradToOne() {
    Value x = new Value(5);
    x.backward();
    assertEquals(1, x.grad());
  }

  // ----- graphs that reach a node along several paths

  @Test
  void aValueUsedTwiceGetsTheSumOfBothContributions() {
    assertEquals(2, gradient(new Value(3), v -> v.add(v)));
    assertEquals(6, gradient(new Value(3), v -> v.mul(v)));
    assertEquals(3, gradient(new Value(3), v -> Value.sum(List.of(v, v, v))));
  }

  @Test
  void diamondAddsTheGradientsOfBothBranches() {
    // x feeds u = 2x and v = e^x, which meet in y = u * v: dy/dx = 2e^x + 2x e^x
    double x0 = 0.7;
    Value x = new Value(x0);
    Value y = x.mul(2).mul(x.exp());
    y.backward();
    assertEquals(2 * Math.exp(x0) * (1 + x0), x.grad(), 1e-12);
  }

  @Test
  void sharedIntermediateCollectsAllItsAdjointsBeforePassingThemOn() {
    // s = x² is used by both terms of y = s + 3s = 4x²: s must get 1 + 3 before x gets 2x * 4
    Value x = new Value(1.5);
    Value s = x.mul(x);
    Value y = s.add(s.mul(3));
    y.backward();
    assertEquals(4, s.grad());
    assertEquals(12, x.grad());
  }

  // ----- large graphs: iteration, not recursion

  @Test
  void chainOfAMillionMultiplications() throws Throwable {
    double factor = 1.0000001;
    Value x = new Value(0.5);
    Value y = chain(x, MILLION, v -> v.mul(factor));
    onDefaultThreadStack(() -> {
      y.backward();
      // the same products, in the same order, as the forward and the backward sweeps
      assertEquals(iterate(0.5, MILLION, d -> d * factor), y.data());
      assertEquals(iterate(1, MILLION, g -> g * factor), x.grad());
      y.zeroGrad();
      assertChainGradsAreZero(y);
    });
  }

  @Test
  void sumOfAMillionTerms() throws Throwable {
    List<Value> terms = new ArrayList<>(MILLION);
    for (int i = 0; i < MILLION; i++) {
      terms.add(new Value(i));
    }
    Value total = Value.sum(terms);
    onDefaultThreadStack(() -> {
      total.backward();
      assertEquals(MILLION * (MILLION - 1.0) / 2, total.data());
      assertAllGrads(terms, i -> 1);
      total.zeroGrad();
      assertAllGrads(terms, i -> 0);
    });
  }

  @Test
  void customNodeWithAMillionChildren() throws Throwable {
    Value[] children = new Value[MILLION];
    double[] localGrads = new double[MILLION];
    for (int i = 0; i < MILLION; i++) {
      children[i] = new Value(1);
      localGrads[i] = i % 7 - 3;
    }
    Value node = new Value(42, children, localGrads).mul(2);
    onDefaultThreadStack(() -> {
      node.backward();
      assertAllGrads(List.of(children), i -> 2 * (i % 7 - 3));
      node.zeroGrad();
      assertAllGrads(List.of(children), i -> 0);
    });
  }

  // ----- printing

  @Test
  void toStringShowsDataAndGrad() {
    assertEquals("Value(data=2.0, grad=0.0)", new Value(2).toString());
  }

  // ----- helpers

  /** The gradient of {@code f} with respect to {@code x}, from one backward() call. */
  private static double gradient(Value x, UnaryOperator<Value> f) {
    f.apply(x).backward();
    return x.grad();
  }

  private static Value chain(Value start, int length, UnaryOperator<Value> step) {
    Value node = start;
    for (int i = 0; i < length; i++) {
      node = step.apply(node);
    }
    return node;
  }

  private static double iterate(double start, int times, DoubleUnaryOperator step) {
    double x = start;
    for (int i = 0; i < times; i++) {
      x = step.applyAsDouble(x);
    }
    return x;
  }

  /** Walks a chain down its first operands and checks every grad on the way, constants included. */
  private static void assertChainGradsAreZero(Value end) {
    assertEquals(0, end.grad());
    int checked = 0;
    for (Value node = end; ; node = node.operands().get(0)) {
      for (Value operand : node.operands()) {
        assertEquals(0, operand.grad());
      }
      checked++;
      if (node.operands().isEmpty()) {
        break;
      }
    }
    assertEquals(MILLION + 1, checked);
  }

  private static void assertAllGrads(List<Value> values, IntToDoubleFunction expected) {
    for (int i = 0; i < values.size(); i++) {
      double want = expected.applyAsDouble(i);
      if (values.get(i).grad() != want) {
        assertEquals(want, values.get(i).grad(), "grad of value " + i);
      }
    }
  }

  /** Every node of the graph of {@code root}, each once. */
  private static Set<Value> nodesOf(Value root) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      Value node = pending.pop();
      if (seen.add(node)) {
        pending.addAll(node.operands());
      }
    }
    return seen;
  }

  /**
   * Runs {@code work} on a new thread with the JVM's default stack size, so that it would overflow
   * if backward() or zeroGrad() recursed, whatever stack the test runner's own thread has.
   */
  private static void onDefaultThreadStack(Runnable work) throws Throwable {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "default-stack");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
