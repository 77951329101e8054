package io.javagrad;

/**
 * Where the rows of a {@code double[][]} input lie in a flat gradient: row by row, each row's
 * slots after those of the rows before it, whatever their lengths. A null row takes no slots, so
 * that a gradient fails where its method does, on the row's first use, not on entry.
 *
 * <p>Not meant for use outside generated code.
 */
public final class Rows {
  private Rows() {}

  /** The number of elements in all rows: the slots the input takes. */
  public static int count(double[][] matrix) {
    int count = 0;
    for (double[] row : matrix) {
      count = Math.addExact(count, row == null ? 0 : row.length);
    }
    return count;
  }

  /**
   * The first slot of each row, relative to the input's first: {@code starts[i]} counts the
   * elements of rows {@code 0..i-1}, and {@code starts[matrix.length]} all of them.
   */
  public static int[] starts(double[][] matrix) {
    int[] starts = new int[matrix.length + 1];
    for (int i = 0; i < matrix.length; i++) {
      starts[i + 1] = Math.addExact(starts[i], matrix[i] == null ? 0 : matrix[i].length);
    }
    return starts;
  }
}
