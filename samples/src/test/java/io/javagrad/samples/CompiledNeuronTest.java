package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CompiledNeuronTest {
  /** micrograd's gradients at its point: x1, w1, x2, w2, b. */
  private static final double[] EXPECTED = {-1.5, 1.0, 0.5, 0.0, 0.5};

  @Test
  void generatedGradientIsMicrogradsGradient() {
    assertArrayEquals(EXPECTED, CompiledNeuron.generatedGradient(), 1e-12);
  }

  @Test
  void twinAgreesWithGeneratedGradient() {
    assertArrayEquals(CompiledNeuron.generatedGradient(), CompiledNeuron.twinGradient(), 1e-15);
  }
}
