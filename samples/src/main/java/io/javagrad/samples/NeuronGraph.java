package io.javagrad.samples;

import io.javagrad.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The run-time engine on micrograd's neuron, {@code o = tanh(x1*w1 + x2*w2 + b)}: build it from
 * {@link Value}s, call {@code backward()}, print every value's data and gradient, and draw the
 * graph.
 */
final class NeuronGraph implements TourStep {

  /** Every value of the neuron, labelled, in the order the report prints them. */
  record Neuron(
      Value x1, Value w1, Value x2, Value w2, Value b,
      Value x1w1, Value x2w2, Value x1w1x2w2, Value n, Value o) {

    List<Value> values() {
      return List.of(x1, w1, x2, w2, b, x1w1, x2w2, x1w1x2w2, n, o);
    }
  }

  /** Builds the neuron at micrograd's point and differentiates {@code o}. */
  static Neuron differentiatedNeuron() {
    Value x1 = new Value(2.0).setLabel("x1");
    Value x2 = new Value(0.0).setLabel("x2");
    Value w1 = new Value(-3.0).setLabel("w1");
    Value w2 = new Value(1.0).setLabel("w2");
    // micrograd's bias: it makes n = atanh(1/sqrt(2)), so that o = 1/sqrt(2) and do/dn = 1 - o^2 = 1/2.
    Value b = new Value(6.8813735870195432).setLabel("b");
    Value x1w1 = x1.mul(w1).setLabel("x1*w1");
    Value x2w2 = x2.mul(w2).setLabel("x2*w2");
    Value x1w1x2w2 = x1w1.add(x2w2).setLabel("x1*w1 + x2*w2");
    Value n = x1w1x2w2.add(b).setLabel("n");
    Value o = n.tanh().setLabel("o");
    o.backward();
    return new Neuron(x1, w1, x2, w2, b, x1w1, x2w2, x1w1x2w2, n, o);
  }

  @Override
  public String title() {
    return "A neuron, differentiated at run time by Value.backward()";
  }

  @Override
  public void run(TourOutput output) throws IOException {
    Neuron neuron = differentiatedNeuron();
    PrintStream console = output.console();
    console.println("o = tanh(x1*w1 + x2*w2 + b); after o.backward(), grad is do/d(value):");
    console.printf(Locale.ROOT, "  %-14s %8s %8s%n", "value", "data", "grad");
    for (Value value : neuron.values()) {
      console.printf(Locale.ROOT, "  %-14s %8.4f %8.4f%n", value.label(), value.data(), value.grad());
    }
    console.printf(Locale.ROOT,
        "do/dn = 1 - o^2 = %.4f: each weight's grad is that times its input, each input's that times its weight.%n",
        neuron.n().grad());
    Path dot = output.write("neuron.dot", neuron.o().toDot());
    output.renderSvg(dot);
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.NeuronGraph}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new NeuronGraph());
  }
}
