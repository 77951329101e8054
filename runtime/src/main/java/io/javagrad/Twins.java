package io.javagrad;

import java.util.Arrays;

/**
 * What the dynamic twins that the processor generates call, where Java has no expression for it.
 *
 * <p>Not meant for use outside generated code.
 */
public final class Twins {
  private Twins() {}

  /** Puts {@code value} in every element of every row: a twin's {@code new double[n][m]}, all one zero leaf. */
  public static void fill(Object[][] rows, Object value) {
    for (Object[] row : rows) {
      Arrays.fill(row, value);
    }
  }

  /**
   * The values of {@code values}: how a twin's code run as written (a test, a count) reads an array
   * whose elements are Values, element by element, where the source read a {@code double[]}.
   */
  public static double[] data(Value[] values) {
    double[] data = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i].data();
    }
    return data;
  }
}
