package example;

import io.javagrad.Differentiable;

/**
 * Compiled by plain javac with nothing but the processor jar on the processor path; run, it checks
 * its generated gradient and exits with 1 if it is wrong.
 */
public final class SumOfSquares {
  private SumOfSquares() {}

  @Differentiable
  static double of(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * x[i];
    }
    return sum;
  }

  public static void main(String[] args) {
    double[] x = {1.5, -2, 0.25};
    double[] grad = new double[x.length];
    double value = SumOfSquaresGrad.of(x, grad);
    for (int i = 0; i < x.length; i++) {
      if (grad[i] != 2 * x[i]) {
        System.err.printf("d/dx[%d] is %s, not %s%n", i, grad[i], 2 * x[i]);
        System.exit(1);
      }
    }
    if (value != of(x)) {
      System.err.printf("the value is %s, not %s%n", value, of(x));
      System.exit(1);
    }
  }
}
