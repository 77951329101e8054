package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TangentsTest {
  @Test
  void aZeroTangentIsAStrongZero() {
    assertEquals(0.0, Tangents.times(0.0, Double.POSITIVE_INFINITY), 0.0);
    assertEquals(0.0, Tangents.times(-0.0, Double.NaN), 0.0);
    assertEquals(0.0, Tangents.times(0.0, -3.0), 0.0);
  }

  @Test
  void otherwiseItIsTheProductAsIeeeGivesIt() {
    assertEquals(-7.5, Tangents.times(2.5, -3.0), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, Tangents.times(1e-300, Double.POSITIVE_INFINITY), 0.0);
    assertEquals(Double.NaN, Tangents.times(1.0, Double.NaN), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, Tangents.times(1e200, 1e200), 0.0);
  }
}
