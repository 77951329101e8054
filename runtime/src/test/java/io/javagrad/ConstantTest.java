package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Value#constant(double)} and {@link Value#requiresGrad()}: data that costs no gradient. */
class ConstantTest {

  @Test
  void leavesRequireAGradientAndConstantsDoNot() {
    assertTrue(new Value(1).requiresGrad());
    assertFalse(Value.constant(1).requiresGrad());
  }

  @Test
  void aValueComputedFromConstantsOnlyRequiresNoGradient() {
    Value c = Value.constant(2);
    Value derived = c.mul(3).exp().add(Value.constant(1));
    assertFalse(derived.requiresGrad());
    assertFalse(Value.sum(List.of(c, derived)).requiresGrad());
    assertFalse(new Value(1, new Value[] {c}, new double[] {5}).requiresGrad());
    assertFalse(Value.dot(new Value[] {c}, new double[] {3}).requiresGrad());
  }

  @Test
  void oneOperandThatRequiresAGradientIsEnough() {
    Value x = new Value(2);
    Value c = Value.constant(3);
    assertTrue(c.mul(x).requiresGrad());
    assertTrue(x.mul(c).requiresGrad());
    assertTrue(Value.sum(List.of(c, x)).requiresGrad());
    assertTrue(Value.dot(new Value[] {c}, new Value[] {x}).requiresGrad());
  }

  @Test
  void constantsKeepAGradOfZeroWhileTheirNeighboursGetTheirs() {
    Value x = new Value(2);
    Value c = Value.constant(3);
    Value scaled = c.mul(c); // 9, computed from constants only
    Value y = x.mul(scaled).add(c.mul(x)); // 9x + 3x
    y.backward();
    assertEquals(12, x.grad());
    assertEquals(0, c.grad(), "a constant gets no gradient, though y depends on it");
    assertEquals(0, scaled.grad());
  }

  @Test
  void doubleOperandsAreConstants() {
    Value x = new Value(2);
    Value y = x.mul(4.0);
    Value four = y.operands().get(1);
    assertFalse(four.requiresGrad());
    y.backward();
    assertEquals(4, x.grad());
    assertEquals(0, four.grad());
  }

  @Test
  void backwardFromAConstantDoesNothing() {
    Value c = Value.constant(2);
    Value derived = c.mul(c);
    derived.backward();
    assertEquals(0, derived.grad(), "its grad stays 0, as for every value computed from constants");
    assertEquals(0, c.grad());
    derived.zeroGrad();
    assertEquals(0, derived.grad());
  }

  @Test
  void aConstantsDataCanBeReplaced() {
    Value x = new Value(1);
    Value c = Value.constant(2);
    c.setData(5);
    x.mul(c).backward();
    assertEquals(5, x.grad());
  }
}
