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

  /**
   * The slots {@code flat[offset..]} of a {@code double[][]} input shaped like {@code shape}, row by
   * row, as a new {@code double[][]}: a direction's share for that input in forward mode. A null row
   * stays null.
   */
  public static double[][] slices(double[] flat, int offset, double[][] shape) {
    double[][] rows = new double[shape.length][];
    int at = offset;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != null) {
        rows[i] = java.util.Arrays.copyOfRange(flat, at, at + shape[i].length);
        at += shape[i].length;
      }
    }
    return rows;
  }

  /** A {@code double[][]} of zeros shaped like {@code shape} (null rows stay null), or null for null. */
  public static double[][] zerosLike(double[][] shape) {
    if (shape == null) {
      return null;
    }
    double[][] rows = new double[shape.length][];
    for (int i = 0; i < shape.length; i++) {
      rows[i] = shape[i] == null ? null : new double[shape[i].length];
    }
    return rows;
  }
}
