package io.javagrad.samples;

import io.javagrad.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The same neuron, differentiated at compile time: {@link Neuron#output} is {@code @Differentiable},
 * so the build generated {@code NeuronGrad}, whose gradient entry computes the value and all five
 * partial derivatives in one forward and one reverse sweep, with no graph. Its dynamic twin builds
 * the graph instead, and the two agree.
 */
final class CompiledNeuron implements TourStep {
  private static final String[] INPUTS = {"x1", "w1", "x2", "w2", "b"};
  private static final double[] POINT = {2.0, -3.0, 0.0, 1.0, 6.8813735870195432};

  /** The generated gradient at micrograd's point, in the order x1, w1, x2, w2, b. */
  static double[] generatedGradient() {
    double[] grad = new double[INPUTS.length];
    NeuronGrad.output(POINT[0], POINT[1], POINT[2], POINT[3], POINT[4], grad);
    return grad;
  }

  /** The gradient of the generated dynamic twin, through Value.backward(). */
  static double[] twinGradient() {
    Value[] inputs = new Value[POINT.length];
    for (int i = 0; i < POINT.length; i++) {
      inputs[i] = new Value(POINT[i]);
    }
    NeuronGrad.output(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]).backward();
    double[] grad = new double[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      grad[i] = inputs[i].grad();
    }
    return grad;
  }

  @Override
  public String title() {
    return "The same neuron, differentiated at compile time by @Differentiable";
  }

  @Override
  public void run(TourOutput output) {
    PrintStream console = output.console();
    double value = Neuron.output(POINT[0], POINT[1], POINT[2], POINT[3], POINT[4]);
    double[] generated = generatedGradient();
    double[] twin = twinGradient();
    console.printf(Locale.ROOT, "Neuron.output(2, -3, 0, 1, 6.8814) = %.4f; NeuronGrad.output(..., grad) gives:%n",
        value);
    console.printf(Locale.ROOT, "  %-6s %20s %20s%n", "input", "generated gradient", "Value twin");
    for (int i = 0; i < INPUTS.length; i++) {
      console.printf(Locale.ROOT, "  %-6s %20.16f %20.16f%n", INPUTS[i], generated[i], twin[i]);
    }
    console.println("The generated code is in samples/target/generated-sources/annotations/io/javagrad/samples/"
        + "NeuronGrad.java.");
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.CompiledNeuron}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new CompiledNeuron());
  }
}
