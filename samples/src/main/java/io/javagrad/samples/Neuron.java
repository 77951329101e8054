package io.javagrad.samples;

import io.javagrad.Differentiable;

/**
 * micrograd's neuron as plain Java. Because it is {@code @Differentiable}, the javagrad processor
 * generates {@code NeuronGrad} at compile time, with its gradient in straight-line code.
 */
final class Neuron {
  private Neuron() {}

  @Differentiable
  static double output(double x1, double w1, double x2, double w2, double b) {
    double n = x1 * w1 + x2 * w2 + b;
    return Math.tanh(n);
  }
}
