package io.javagrad;

import java.util.Arrays;

/**
 * A function's value at a point and its gradient there, as the companion classes of
 * {@code @Differentiable} methods return it: {@code gradient()} is flat, in parameter order, one
 * slot per {@code double} and one per element of each {@code double[]}.
 *
 * <p>Equality, hash code and {@code toString} look at the gradient's elements, not at the array's
 * identity.
 */
public record Gradient(double value, double[] gradient) {

  @Override
  public boolean equals(Object other) {
    return other instanceof Gradient that
        && Double.compare(value, that.value) == 0
        && Arrays.equals(gradient, that.gradient);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(value) + Arrays.hashCode(gradient);
  }

  @Override
  public String toString() {
    return "Gradient[value=" + value + ", gradient=" + Arrays.toString(gradient) + "]";
  }
}
