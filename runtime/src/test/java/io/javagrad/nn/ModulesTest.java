package io.javagrad.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Value;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Neuron, Layer and MLP: their shape, their initialisation and their forward pass. */
class ModulesTest {

  @Test
  void parameterCountsAreOneWeightPerInputPlusABiasPerNeuron() {
    assertEquals(3 + 1, new Neuron(3, Activation.TANH, 1).parameters().size());
    assertEquals(4 * (3 + 1), new Layer(3, 4, Activation.TANH, 1).parameters().size());
    MLP mlp = new MLP(2, new int[] {16, 16, 2}, Activation.RELU, Activation.LINEAR, 1);
    assertEquals(16 * (2 + 1) + 16 * (16 + 1) + 2 * (16 + 1), mlp.parameters().size());
  }

  @Test
  void parametersAreDistinctLeavesAndZeroGradClearsThem() {
    MLP mlp = new MLP(3, new int[] {4, 1}, Activation.TANH, Activation.LINEAR, 5);
    List<Value> parameters = mlp.parameters();
    assertEquals(parameters.size(), parameters.stream().distinct().count());
    assertTrue(parameters.stream().allMatch(p -> p.operands().isEmpty()));

    mlp.apply(1, 2, 3).get(0).backward();
    assertTrue(parameters.stream().anyMatch(p -> p.grad() != 0));
    mlp.zeroGrad();
    assertTrue(parameters.stream().allMatch(p -> p.grad() == 0));
  }

  @Test
  void sameSeedGivesTheSameNetworkAndAnotherSeedAnother() {
    int[] sizes = {8, 8, 3};
    double[] first = data(new MLP(4, sizes, Activation.RELU, Activation.LINEAR, 7));
    double[] again = data(new MLP(4, sizes, Activation.RELU, Activation.LINEAR, 7));
    double[] other = data(new MLP(4, sizes, Activation.RELU, Activation.LINEAR, 8));
    assertEquals(first.length, again.length);
    for (int i = 0; i < first.length; i++) {
      assertEquals(first[i], again[i], 0, "parameter " + i);
    }
    assertNotEquals(first[0], other[0]);
  }

  @Test
  void seedConstructorMatchesTheGeneratorConstructor() {
    Layer bySeed = new Layer(3, 2, Activation.TANH, 11);
    Layer byGenerator = new Layer(3, 2, Activation.TANH, new SplittableRandom(11));
    for (int i = 0; i < bySeed.parameters().size(); i++) {
      assertEquals(bySeed.parameters().get(i).data(), byGenerator.parameters().get(i).data(), 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void weightsStartWithinTheActivationsBoundAndBiasAtZero(Activation activation) {
    int inputs = 50;
    // Variance gain²/inputs, from U(-a, a): a = gain * sqrt(3 / inputs), gain sqrt(2) for ReLU (He).
    double gain = activation == Activation.RELU ? Math.sqrt(2) : 1;
    double bound = gain * Math.sqrt(3.0 / inputs);
    Neuron neuron = new Neuron(inputs, activation, 3);
    double sumOfSquares = 0;
    for (Value w : neuron.weights()) {
      assertTrue(Math.abs(w.data()) <= bound, w + " outside ±" + bound);
      sumOfSquares += w.data() * w.data();
    }
    double variance = sumOfSquares / inputs;
    double expected = gain * gain / inputs;
    assertTrue(variance > expected / 2 && variance < expected * 2, "variance " + variance + ", expected about " + expected);
    assertEquals(0, neuron.bias().data());
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void neuronAppliesItsActivationToTheWeightedSum(Activation activation) {
    Neuron neuron = new Neuron(2, activation, 9);
    neuron.bias().setData(0.25);
    double w0 = neuron.weights().get(0).data();
    double w1 = neuron.weights().get(1).data();
    double z = w0 * 0.5 + w1 * -1.5 + 0.25;
    double expected = switch (activation) {
      case RELU -> Math.max(z, 0);
      case TANH -> Math.tanh(z);
      case SIGMOID -> 1 / (1 + Math.exp(-z));
      case LINEAR -> z;
    };
    Value out = neuron.apply(List.of(new Value(0.5), new Value(-1.5)));
    assertEquals(expected, out.data(), 1e-15);
  }

  @Test
  void linearActivationAddsNoNode() {
    Value x = new Value(3);
    assertSame(x, Activation.LINEAR.apply(x));
  }

  @Test
  void mlpFeedsEachLayerIntoTheNext() {
    MLP mlp = new MLP(3, new int[] {4, 2}, Activation.TANH, Activation.LINEAR, 13);
    List<Value> x = List.of(new Value(0.1), new Value(-0.2), new Value(0.3));
    List<Value> byHand = mlp.layers().get(1).apply(mlp.layers().get(0).apply(x));
    List<Value> out = mlp.apply(0.1, -0.2, 0.3);
    assertEquals(2, out.size());
    for (int i = 0; i < out.size(); i++) {
      assertEquals(byHand.get(i).data(), out.get(i).data(), 0);
    }
  }

  @Test
  void wrongNumberOfInputsIsRejectedWithTheModuleNamed() {
    Neuron neuron = new Neuron(2, Activation.RELU, 1);
    Layer layer = new Layer(2, 3, Activation.RELU, 1);
    MLP mlp = new MLP(2, new int[] {3, 1}, Activation.RELU, Activation.LINEAR, 1);
    List<Value> three = List.of(new Value(1), new Value(2), new Value(3));
    assertAll(
        () -> assertEquals("Neuron(2 -> 1, RELU) takes 2 inputs, but was given 3",
            assertThrows(IllegalArgumentException.class, () -> neuron.apply(three)).getMessage()),
        () -> assertEquals("Layer(2 -> 3, RELU) takes 2 inputs, but was given 3",
            assertThrows(IllegalArgumentException.class, () -> layer.apply(three)).getMessage()),
        () -> assertEquals("MLP(2 -> 3 RELU -> 1 LINEAR; 13 parameters) takes 2 inputs, but was given 1",
            assertThrows(IllegalArgumentException.class, () -> mlp.apply(1.0)).getMessage()));
  }

  @Test
  void invalidShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Neuron(0, Activation.RELU, 1));
    assertThrows(IllegalArgumentException.class, () -> new Layer(2, 0, Activation.RELU, 1));
    assertThrows(IllegalArgumentException.class, () -> new MLP(2, new int[0], Activation.RELU, Activation.LINEAR, 1));
    IllegalArgumentException zeroWidth = assertThrows(IllegalArgumentException.class,
        () -> new MLP(2, new int[] {4, 0, 1}, Activation.RELU, Activation.LINEAR, 1));
    assertEquals("layerSizes[1] must be at least 1, but was 0", zeroWidth.getMessage());
    assertThrows(NullPointerException.class, () -> new Neuron(2, null, 1));
  }

  @Test
  void descriptionsShowTheArchitecture() {
    assertEquals("MLP(2 -> 16 RELU -> 16 RELU -> 2 LINEAR; 354 parameters)",
        new MLP(2, new int[] {16, 16, 2}, Activation.RELU, Activation.LINEAR, 1).toString());
  }

  private static double[] data(Module module) {
    return module.parameters().stream().mapToDouble(Value::data).toArray();
  }
}
