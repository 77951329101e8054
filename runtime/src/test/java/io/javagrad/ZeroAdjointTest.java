package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's zero-adjoint rule in {@link Value#backward()}: a node whose adjoint is exactly 0
 * passes nothing to its operands, so a singular local derivative there gives 0, not NaN, as the
 * generated code does.
 */
class ZeroAdjointTest {

  static Stream<Arguments> singularPointsWithoutSeed() {
    return Stream.of(
        //          description                    f                              x
        Arguments.of("sqrt below 0, times 0",     given(x -> x.sqrt().mul(0.0)),     -1.0),
        Arguments.of("sqrt at 0, times 0",        given(x -> x.sqrt().mul(0.0)),      0.0),
        Arguments.of("log at 0, times 0",         given(x -> x.log().mul(0.0)),       0.0),
        Arguments.of("overflowed exp, times 0",   given(x -> x.exp().mul(0.0)),     1000.0),
        Arguments.of("asin at 1, behind relu",    given(x -> x.asin().neg().relu()),  1.0),
        Arguments.of("1 / x at 0, min'd away",    given(x -> x.pow(-1.0).min(Value.constant(1))), 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singularPointsWithoutSeed")
  void aZeroAdjointContributesNothing(String description, UnaryOperator<Value> f, double x0) {
    Value x = new Value(x0);
    f.apply(x).backward();
    assertEquals(0, x.grad(), 0);
  }

  @Test
  void computedThenBranchedAwayAgreesWithTheOtherBranch() {
    // DESIGN.md's shape: s = sqrt(x); if (x <= 0) return 3x; return s: the sqrt is computed, unused
    Value x = new Value(-2);
    Value s = x.sqrt();
    Value y = x.data() <= 0 ? x.mul(3).add(s.mul(0.0)) : s;
    y.backward();
    assertEquals(3, x.grad());
  }

  @Test
  void aNonZeroAdjointStillCarriesTheSingularity() {
    Value x = new Value(0);
    x.sqrt().mul(2).backward();
    assertEquals(Double.POSITIVE_INFINITY, x.grad());
  }

  @Test
  void aNanAdjointIsNotZeroAndFlowsOn() {
    Value x = new Value(4);
    Value root = x.sqrt();
    root.mul(Double.NaN).backward(); // root's adjoint is NaN
    assertTrue(Double.isNaN(root.grad()));
    assertTrue(Double.isNaN(x.grad()));
  }

  @Test
  void theRuleHoldsForNaryNodesToo() {
    Value x = new Value(-1);
    Value root = x.sqrt();
    Value.dot(new Value[] {root, x}, new double[] {0, 1}).backward();
    assertEquals(1, x.grad(), 0);
  }

  /** Gives a lambda its type inside {@code Arguments.of}. */
  private static UnaryOperator<Value> given(UnaryOperator<Value> f) {
    return f;
  }
}
