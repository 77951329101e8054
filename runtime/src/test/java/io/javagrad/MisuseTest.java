package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Misuse fails at once, with a message that says what was wrong and what to do instead. */
class MisuseTest {

  static Stream<Arguments> binaryOperations() {
    return Stream.of(
        operation("add", Value::add),
        operation("sub", Value::sub),
        operation("mul", Value::mul),
        operation("div", Value::div),
        operation("pow", Value::pow),
        operation("atan2", Value::atan2),
        operation("max", Value::max),
        operation("min", Value::min),
        operation("hypot", Value::hypot));
  }

  @ParameterizedTest(name = "x.{0}(null)")
  @MethodSource("binaryOperations")
  void nullOperandThrowsNullPointerExceptionThatSaysHowToPassANumber(String name,
      BinaryOperator<Value> operation) {
    assertThrowsWithMessage(NullPointerException.class,
        () -> operation.apply(new Value(1), null), "operand is null", "new Value(x)");
  }

  @Test
  void sumRejectsANullIterableAndANullElement() {
    assertThrowsWithMessage(NullPointerException.class, () -> Value.sum(null), "values");
    assertThrowsWithMessage(NullPointerException.class,
        () -> Value.sum(Arrays.asList(new Value(1), null)), "operand is null");
  }

  @Test
  void customNodeRejectsNullArrays() {
    assertThrowsWithMessage(NullPointerException.class,
        () -> new Value(0, null, new double[0]), "children", "new Value[0]");
    assertThrowsWithMessage(NullPointerException.class,
        () -> new Value(0, new Value[0], null), "localGrads");
  }

  @Test
  void customNodeRejectsANullChildAndSaysWhichOne() {
    Value[] children = {new Value(1), null, new Value(3)};
    assertThrowsWithMessage(NullPointerException.class,
        () -> new Value(0, children, new double[3]), "children[1]");
  }

  @Test
  void customNodeWithMismatchedArraysNamesBothLengths() {
    Value[] twoChildren = {new Value(1), new Value(2)};
    assertThrowsWithMessage(IllegalArgumentException.class,
        () -> new Value(0, twoChildren, new double[3]), "2 children", "3 local gradients");
  }

  @Test
  void customNodeCopiesItsArrays() {
    Value a = new Value(1);
    Value b = new Value(2);
    Value[] children = {a, b};
    double[] localGrads = {10, 20};
    Value node = new Value(5, children, localGrads);

    children[0] = new Value(99);
    children[1] = null;
    localGrads[0] = -1;
    localGrads[1] = Double.NaN;
    node.backward();

    assertEquals(List.of(a, b), node.operands());
    assertEquals(10, a.grad());
    assertEquals(20, b.grad());
  }

  @Test
  void operandsCannotBeModified() {
    Value node = new Value(1).add(new Value(2));
    assertThrows(UnsupportedOperationException.class, () -> node.operands().clear());
  }

  // ----- helpers

  private static Arguments operation(String name, BinaryOperator<Value> operation) {
    return Arguments.of(name, operation);
  }

  /** Asserts that {@code code} throws {@code type} with a message containing every fragment. */
  private static void assertThrowsWithMessage(Class<? extends Throwable> type, Executable code,
      String... fragments) {
    Throwable thrown = assertThrows(type, code);
    for (String fragment : fragments) {
      assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(fragment),
          () -> "message \"" + thrown.getMessage() + "\" should mention \"" + fragment + "\"");
    }
  }
}
