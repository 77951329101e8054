package io.javagrad.benchmarks;

import io.javagrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dynamic engine's speed: each invocation builds a fresh {@link Value} graph and runs
 * {@code backward()} on it, as one training step does.
 *
 * <p>Every benchmark declares, through {@link OperationsPerInvocation}, how many operation nodes
 * one invocation creates, so the score is <em>nodes built and differentiated per second</em> and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per node. Leaves (inputs and
 * parameters) live in the {@link State} objects, made once per trial as a model's parameters are;
 * {@code backward()} visits them but they are not counted.
 *
 * <p>Each benchmark returns an input's gradient: it depends on every node built and on every step
 * of the backward sweep back to that input, so JMH consuming it keeps the whole computation live.
 * Leaf gradients accumulate across invocations (nothing calls {@code zeroGrad()}, which is not
 * what is measured); the parameters are chosen so that they stay ordinary finite numbers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed heap: the engine allocates per node, and a heap resizing mid-run would be measured too.
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ValueEngineBenchmark {

  /** Residual blocks in the chain; each creates four nodes: mul, add, tanh, add. */
  static final int CHAIN_BLOCKS = 250;
  static final int CHAIN_NODES = 4 * CHAIN_BLOCKS;

  static final int LAYER_INPUTS = 16;
  static final int LAYER_OUTPUTS = 16;
  /** Per output: one product per input, one sum of the products and the bias, one tanh; then one sum of the outputs. */
  static final int LAYER_NODES = LAYER_OUTPUTS * (LAYER_INPUTS + 2) + 1;

  /** The chain's input and its per-block weights and biases. */
  @State(Scope.Thread)
  public static class ChainState {
    Value input;
    Value[] weights;
    Value[] biases;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(1);
      input = new Value(0.5);
      weights = new Value[CHAIN_BLOCKS];
      biases = new Value[CHAIN_BLOCKS];
      for (int i = 0; i < CHAIN_BLOCKS; i++) {
        // Small weights keep each block's derivative, 1 + w * tanh', near 1, so the gradient
        // through 250 blocks neither vanishes into subnormals (slow arithmetic) nor overflows.
        weights[i] = new Value(random.nextDouble(-0.1, 0.1));
        biases[i] = new Value(random.nextDouble(-0.5, 0.5));
      }
    }
  }

  /** A dense layer's inputs, weights and biases. */
  @State(Scope.Thread)
  public static class LayerState {
    Value[] inputs;
    Value[][] weights;
    Value[] biases;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(2);
      inputs = new Value[LAYER_INPUTS];
      for (int i = 0; i < LAYER_INPUTS; i++) {
        inputs[i] = new Value(random.nextDouble(-1, 1));
      }
      // Uniform in ±1/sqrt(fan-in), the usual initialisation: pre-activations stay where tanh is not flat.
      double scale = 1 / Math.sqrt(LAYER_INPUTS);
      weights = new Value[LAYER_OUTPUTS][LAYER_INPUTS];
      biases = new Value[LAYER_OUTPUTS];
      for (int j = 0; j < LAYER_OUTPUTS; j++) {
        for (int i = 0; i < LAYER_INPUTS; i++) {
          weights[j][i] = new Value(random.nextDouble(-scale, scale));
        }
        biases[j] = new Value(random.nextDouble(-scale, scale));
      }
    }
  }

  /**
   * A deep, narrow graph: {@value #CHAIN_BLOCKS} residual blocks {@code v = v + tanh(v * w + b)}.
   * Each {@code v} feeds two nodes, so backward must accumulate, not just pass gradients along.
   */
  @Benchmark
  @OperationsPerInvocation(CHAIN_NODES)
  public double chain(ChainState state) {
    Value v = state.input;
    for (int i = 0; i < CHAIN_BLOCKS; i++) {
      v = v.add(v.mul(state.weights[i]).add(state.biases[i]).tanh());
    }
    v.backward();
    return state.input.grad();
  }

  /**
   * A wide, shallow graph: one dense layer {@code y = tanh(W x + b)} of 16 inputs and 16 outputs,
   * reduced to a scalar by summing the outputs, as a loss would be.
   */
  @Benchmark
  @OperationsPerInvocation(LAYER_NODES)
  public double denseLayer(LayerState state) {
    List<Value> outputs = new ArrayList<>(LAYER_OUTPUTS);
    for (int j = 0; j < LAYER_OUTPUTS; j++) {
      List<Value> terms = new ArrayList<>(LAYER_INPUTS + 1);
      for (int i = 0; i < LAYER_INPUTS; i++) {
        terms.add(state.weights[j][i].mul(state.inputs[i]));
      }
      terms.add(state.biases[j]);
      outputs.add(Value.sum(terms).tanh());
    }
    Value.sum(outputs).backward();
    return state.inputs[0].grad();
  }
}
