package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arithmetic outside a function's domain follows IEEE 754 and throws nothing: the value is what
 * {@link Math} gives and the gradient is what the derivative's formula gives there (as {@link
 * Value}'s Javadoc documents), so infinities and NaNs show up instead of exceptions.
 */
class IeeeEdgeCaseTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  static Stream<Arguments> edgeCases() {
    return Stream.of(
        //         description          operation                    x     value         gradient
        edge("log(0)",              Value::log,                     0,    -INF,         INF),
        edge("log(-1)",             Value::log,                    -1,    NAN,          -1),
        edge("sqrt(-1)",            Value::sqrt,                   -1,    NAN,          NAN),
        edge("sqrt(0)",             Value::sqrt,                    0,    0,            INF),
        edge("asin(1)",             Value::asin,                    1,    Math.PI / 2,  INF),
        edge("1 / x at 0",          x -> new Value(1).div(x),       0,    INF,          -INF),
        edge("exp(1000)",           Value::exp,                  1000,    INF,          INF),
        // the value's NaN flows on, but sqrt's adjoint is exactly 0: it contributes nothing (the contract)
        edge("NaN flows on",        x -> x.sqrt().mul(0).add(1),   -1,    NAN,          0),
        // saturated functions give a gradient of 0, not NaN
        edge("sigmoid(-1000)",      Value::sigmoid,             -1000,    0,            0),
        edge("sigmoid(1000)",       Value::sigmoid,              1000,    1,            0),
        edge("tanh(1000)",          Value::tanh,                 1000,    1,            0));
  }

  @ParameterizedTest(name = "{0}: value {3}, gradient {4}")
  @MethodSource("edgeCases")
  void valueAndGradientFollowIeee754(String description, UnaryOperator<Value> operation, double x,
      double expectedValue, double expectedGradient) {
    Value input = new Value(x);
    Value result = assertDoesNotThrow(() -> operation.apply(input));
    assertDoesNotThrow(result::backward);
    assertEquals(expectedValue, result.data(), "value");
    assertEquals(expectedGradient, input.grad(), "gradient");
  }

  private static Arguments edge(String description, UnaryOperator<Value> operation, double x,
      double value, double gradient) {
    return Arguments.of(description, operation, x, value, gradient);
  }
}
