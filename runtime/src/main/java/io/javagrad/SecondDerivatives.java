package io.javagrad;

/**
 * What the generated {@code f_hvp} and {@code f_hessian} entries share, so that each companion
 * carries one call here instead of its own copy of these loops. Both run the method's directional
 * pullback: with seed 1 and tangents {@code v}, its gradient holds the Hessian times {@code v} in
 * the arguments' {@code n} slots (then the gradient, in the tangents' slots, and the value, in the
 * slot after them, which these leave: the value and gradient come from the gradient entry, so that
 * they are exactly its).
 *
 * <p>Not meant for use outside generated code.
 */
public final class SecondDerivatives {
  private SecondDerivatives() {}

  /**
   * One run of a method's directional pullback along {@code v}, writing its gradient into {@code
   * products} from slot 0, and the value after it.
   */
  @FunctionalInterface
  public interface DirectionalPullback {
    void run(double[] v, double[] products);
  }

  /**
   * Writes the Hessian of {@code n} slots times {@code v} into {@code hv}, after checking every
   * buffer of the entry, {@code grad} (which the entry fills next) included, so that a short one
   * is refused before anything is written.
   *
   * @param entry the generated entry, for the message of a short buffer
   * @throws IllegalArgumentException if {@code v}, {@code grad} or {@code hv} is shorter than {@code n}
   */
  public static void hvp(String entry, int n, double[] v, double[] grad, double[] hv, DirectionalPullback pullback) {
    requireLength(entry + " needs a direction", n, v);
    requireLength(entry + " needs a gradient buffer", n, grad);
    requireLength(entry + " needs a buffer for H v", n, hv);
    double[] products = new double[2 * n + 1];
    pullback.run(v, products);
    System.arraycopy(products, 0, hv, 0, n);
  }

  /**
   * Writes the {@code n x n} Hessian into {@code hessian}, row-major: row {@code i} is the product
   * with the {@code i}-th unit vector, and each entry the mean of the two products that give it,
   * which agree up to rounding, so that the matrix is exactly symmetric. Every buffer of the entry
   * is checked first, {@code grad} (which the entry fills next) included.
   *
   * @param entry the generated entry, for the message of a short buffer
   * @throws IllegalArgumentException if {@code grad} is shorter than {@code n} or {@code hessian}
   *     than {@code n * n}, or that is more than an array holds
   */
  public static void hessian(String entry, int n, double[] grad, double[] hessian, DirectionalPullback pullback) {
    requireLength(entry + " needs a gradient buffer", n, grad);
    if ((long) n * n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(entry + ": a Hessian of " + n + " x " + n + " entries does not fit in an array");
    }
    requireLength(entry + " needs a Hessian buffer", n * n, hessian);
    double[] unit = new double[n];
    double[] products = new double[2 * n + 1];
    for (int i = 0; i < n; i++) {
      unit[i] = 1;
      pullback.run(unit, products);
      System.arraycopy(products, 0, hessian, i * n, n);
      unit[i] = 0;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        hessian[i * n + j] = mean;
        hessian[j * n + i] = mean;
      }
    }
  }

  private static void requireLength(String needs, int length, double[] array) {
    if (array.length < length) {
      throw new IllegalArgumentException(needs + " of length " + length + ", but got " + array.length);
    }
  }
}
