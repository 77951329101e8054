package io.javagrad;

import java.util.Arrays;
import java.util.List;

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

  /**
   * The values of each row of {@code rows}, as {@link #data(Value[])} gives them; a row not made yet
   * (of {@code new double[n][]}) stays null, so that code reading another row's length runs.
   */
  public static double[][] data(Value[][] rows) {
    double[][] data = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      data[i] = rows[i] == null ? null : data(rows[i]);
    }
    return data;
  }

  /**
   * A leaf for each element of {@code data}: plain data passed where a callee's twin takes a {@code
   * Value[]}, a constant input whose leaves no one reads the gradient of.
   */
  public static Value[] leaves(double[] data) {
    Value[] leaves = new Value[data.length];
    for (int i = 0; i < data.length; i++) {
      leaves[i] = new Value(data[i]);
    }
    return leaves;
  }

  /** The leaves of each row of {@code rows}, as {@link #leaves(double[])} makes them. */
  public static Value[][] leaves(double[][] rows) {
    Value[][] leaves = new Value[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      leaves[i] = leaves(rows[i]);
    }
    return leaves;
  }

  /** Adds each element of {@code values}, in order: the children of a node made by a derivative rule. */
  public static void addAll(List<Value> children, Value[] values) {
    children.addAll(Arrays.asList(values));
  }

  /** Adds each element of {@code rows}, row by row, in the order of a gradient's layout. */
  public static void addAll(List<Value> children, Value[][] rows) {
    for (Value[] row : rows) {
      addAll(children, row);
    }
  }
}
