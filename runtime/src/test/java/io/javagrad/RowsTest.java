package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The row-by-row layout of a double[][] input: ragged rows, empty rows and null rows (no slots). */
class RowsTest {
  @Test
  void rowsStartAfterTheElementsOfTheRowsBefore() {
    double[][] ragged = {{1, 2, 3}, {}, null, {4}, {5, 6}};
    assertArrayEquals(new int[] {0, 3, 3, 3, 4, 6}, Rows.starts(ragged));
    assertEquals(6, Rows.count(ragged));
    assertArrayEquals(new int[] {0}, Rows.starts(new double[0][]));
  }

  @Test
  void twinsReadTheDataOfValuesAndFillRows() {
    Value[] values = {new Value(1.5), new Value(-2)};
    assertArrayEquals(new double[] {1.5, -2}, Twins.data(values));
    Value[][] rows = new Value[2][3];
    Value zero = Value.constant(0);
    Twins.fill(rows, zero);
    assertSame(zero, rows[1][2]);
  }
}
