package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operation of {@link Value}, as one table. For each operation and each point of its
 * domain: the result is exactly what {@link Math} (or {@link Functions}) computes, and the
 * gradient {@code backward()} gives matches {@link GradientChecker#centralDifferences} to 1e-6.
 *
 * <p>Points cover negative inputs, inputs near zero and large ones, within each function's
 * domain. Where the derivative is singular at 0 (log, sqrt, cbrt, negative powers) the
 * "near zero" point is 1e-2 or 1e-1 rather than 1e-3: the checker's step is about 6e-6, and its
 * O(h²) truncation error grows like a negative power of x there.
 */
class OperationGradientTest {
  private static final double TOLERANCE = 1e-6;

  /** Points for functions defined on the whole real line. */
  private static final double[] EVERYWHERE = {-3, 1e-3, 50};
  /** Points for functions defined for x > 0 whose derivative is singular at 0. */
  private static final double[] POSITIVE = {1e-2, 2, 50};
  /** Points inside (-1, 1), for asin and acos. */
  private static final double[] UNIT_INTERVAL = {-0.9, 1e-3, 0.5};
  /** Pairs for binary operations defined everywhere. */
  private static final double[][] PAIRS = {{-3, 2}, {1e-3, -0.5}, {50, 7}, {2, -50}};

  /**
   * One row of the table: how to build the operation on Values, the same function on doubles,
   * and the points at which the two are compared.
   */
  record Operation(String name, Function<Value[], Value> graph, ToDoubleFunction<double[]> math,
      double[][] points) {}

  static Stream<Operation> operations() {
    return Stream.of(
        // arithmetic on two Values
        binary("a + b", Value::add, (a, b) -> a + b, PAIRS),
        binary("a - b", Value::sub, (a, b) -> a - b, PAIRS),
        binary("a * b", Value::mul, (a, b) -> a * b, PAIRS),
        binary("a / b", Value::div, (a, b) -> a / b, PAIRS),
        unary("-x", Value::neg, x -> -x, EVERYWHERE),
        // ... and with a double operand, which is a constant
        unary("x + 2.5", x -> x.add(2.5), x -> x + 2.5, EVERYWHERE),
        unary("x - 2.5", x -> x.sub(2.5), x -> x - 2.5, EVERYWHERE),
        unary("x * 2.5", x -> x.mul(2.5), x -> x * 2.5, EVERYWHERE),
        unary("x / 2.5", x -> x.div(2.5), x -> x / 2.5, EVERYWHERE),
        // powers: constant exponents, then a differentiable one
        unary("x^2", x -> x.pow(2), x -> Math.pow(x, 2), EVERYWHERE),
        unary("x^3", x -> x.pow(3), x -> Math.pow(x, 3), EVERYWHERE),
        unary("x^-2", x -> x.pow(-2), x -> Math.pow(x, -2), -3, 1e-1, 50),
        unary("x^0.5", x -> x.pow(0.5), x -> Math.pow(x, 0.5), POSITIVE),
        unary("x^-1.5", x -> x.pow(-1.5), x -> Math.pow(x, -1.5), 1e-1, 2, 50),
        unary("x^0", x -> x.pow(0), x -> Math.pow(x, 0), -3, 0, 1e-3, 50),
        // a negative base has a real power only for integer exponents: at (-3, 2), d/db = a^b ln(a)
        // is NaN, and so are the central differences, since (-3)^(2 ± h) is NaN
        binary("a^b", Value::pow, Math::pow,
            new double[][] {{0.5, -1.5}, {1e-2, 2.5}, {2, 3}, {50, 0.7}, {3, 0}, {-3, 2}}),
        // exponentials and logarithms
        unary("exp", Value::exp, Math::exp, EVERYWHERE),
        unary("expm1", Value::expm1, Math::expm1, EVERYWHERE),
        unary("log", Value::log, Math::log, POSITIVE),
        unary("log10", Value::log10, Math::log10, POSITIVE),
        unary("log1p", Value::log1p, Math::log1p, -0.5, 1e-3, 50),
        unary("sqrt", Value::sqrt, Math::sqrt, POSITIVE),
        unary("cbrt", Value::cbrt, Math::cbrt, -8, 1e-2, 50),
        // trigonometry
        unary("sin", Value::sin, Math::sin, EVERYWHERE),
        unary("cos", Value::cos, Math::cos, EVERYWHERE),
        unary("tan", Value::tan, Math::tan, -1.2, 1e-3, 50),
        unary("asin", Value::asin, Math::asin, UNIT_INTERVAL),
        unary("acos", Value::acos, Math::acos, UNIT_INTERVAL),
        unary("atan", Value::atan, Math::atan, EVERYWHERE),
        binary("atan2(y, x)", Value::atan2, Math::atan2, PAIRS),
        unary("atan2(y, 2.5)", y -> y.atan2(2.5), y -> Math.atan2(y, 2.5), EVERYWHERE),
        // hyperbolic functions
        unary("sinh", Value::sinh, Math::sinh, EVERYWHERE),
        unary("cosh", Value::cosh, Math::cosh, EVERYWHERE),
        unary("tanh", Value::tanh, Math::tanh, EVERYWHERE),
        // piecewise functions, away from their kinks (the kinks have their own tests below)
        unary("abs", Value::abs, Math::abs, EVERYWHERE),
        unary("relu", Value::relu, Functions::relu, EVERYWHERE),
        binary("max(a, b)", Value::max, Math::max, PAIRS),
        binary("min(a, b)", Value::min, Math::min, PAIRS),
        unary("max(x, 0.5)", x -> x.max(0.5), x -> Math.max(x, 0.5), EVERYWHERE),
        unary("min(x, 0.5)", x -> x.min(0.5), x -> Math.min(x, 0.5), EVERYWHERE),
        // the rest of the table; hypot has a cone point at the origin, so "near zero" is 1e-2 from it
        binary("hypot(a, b)", Value::hypot, Math::hypot, new double[][] {{-3, 4}, {1e-2, 2e-2}, {50, -7}}),
        unary("hypot(x, 2.5)", x -> x.hypot(2.5), x -> Math.hypot(x, 2.5), EVERYWHERE),
        unary("sigmoid", Value::sigmoid, Functions::sigmoid, -50, -3, 1e-3, 50),
        // n-ary nodes: the sum, and a custom node with its own local gradients
        new Operation("sum", v -> Value.sum(Arrays.asList(v)), OperationGradientTest::sequentialSum,
            new double[][] {{-3, 1e-3, 50}, {0.1, 0.2, 0.3, 0.4}, {7}}),
        new Operation("custom a * sin(b)", OperationGradientTest::customProductWithSine,
            x -> x[0] * Math.sin(x[1]), PAIRS));
  }

  static Stream<Arguments> operationsAtTheirPoints() {
    return operations().flatMap(op -> Arrays.stream(op.points())
        .map(point -> Arguments.of(op.name(), point, op)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("operationsAtTheirPoints")
  void valueIsExactAndGradientMatchesCentralDifferences(String name, double[] point, Operation op) {
    Value[] inputs = leaves(point);
    Value result = op.graph().apply(inputs);
    assertEquals(op.math().applyAsDouble(point), result.data(), "value of " + name);

    result.backward();
    double[] numeric = GradientChecker.centralDifferences(op.math(), point);
    assertAll(IntStream.range(0, point.length).<Executable>mapToObj(i -> () -> assertTrue(
        GradientChecker.close(numeric[i], inputs[i].grad(), TOLERANCE),
        () -> "d(" + name + ")/dx" + i + ": backward() gave " + inputs[i].grad()
            + ", central differences " + numeric[i])));
  }

  @Test
  void sumOfNothingIsZero() {
    Value empty = Value.sum(List.of());
    empty.backward();
    assertEquals(0.0, empty.data());
    assertEquals(1.0, empty.grad());
  }

  // ----- the kinks, where the contract fixes the derivative

  @ParameterizedTest(name = "relu''({0}) = 0")
  @ValueSource(doubles = {0.0, -0.0})
  void reluHasDerivativeZeroAtZero(double zero) {
    assertEquals(0, gradientsAt(v -> v[0].relu(), zero)[0], 0);
  }

  @ParameterizedTest(name = "abs''({0}) = 0")
  @ValueSource(doubles = {0.0, -0.0})
  void absHasDerivativeZeroAtZero(double zero) {
    assertEquals(0, gradientsAt(v -> v[0].abs(), zero)[0], 0);
  }

  static Stream<Arguments> maxAndMin() {
    return Stream.of(
        Arguments.of("max", (BinaryOperator<Value>) Value::max),
        Arguments.of("min", (BinaryOperator<Value>) Value::min));
  }

  @ParameterizedTest(name = "{0}(a, a) sends the whole gradient to a")
  @MethodSource("maxAndMin")
  void tieSendsTheWholeGradientToTheFirstOperand(String name, BinaryOperator<Value> op) {
    assertGradients(new double[] {1, 0}, gradientsAt(v -> op.apply(v[0], v[1]), 2, 2));
    // 0.0 and -0.0 compare equal, so they tie too
    assertGradients(new double[] {1, 0}, gradientsAt(v -> op.apply(v[0], v[1]), -0.0, 0.0));
  }

  static Stream<Arguments> maxAndMinWithAConstant() {
    return Stream.of(
        Arguments.of("max", (BiFunction<Value, Double, Value>) Value::max),
        Arguments.of("min", (BiFunction<Value, Double, Value>) Value::min));
  }

  @ParameterizedTest(name = "{0}(x, 2.0) at x = 2 sends the whole gradient to x")
  @MethodSource("maxAndMinWithAConstant")
  void tieWithAConstantSendsTheWholeGradientToTheValue(String name, BiFunction<Value, Double, Value> op) {
    assertGradients(new double[] {1}, gradientsAt(v -> op.apply(v[0], 2.0), 2));
  }

  @ParameterizedTest(name = "d(0^b)/db = 0 for b = {0}")
  @ValueSource(doubles = {0, 0.5, 1, 2, 3})
  void exponentDerivativeAtBaseZeroIsZero(double exponent) {
    // 0^b is 0 for every b > 0, so its derivative in b is 0 there; at b = 0 the rule (PyTorch's
    // too) also takes 0. The formula a^b ln(a) would give 0 * -inf = NaN, or 1 * -inf at b = 0.
    assertEquals(0, gradientsAt(v -> v[0].pow(v[1]), 0, exponent)[1], 0);
  }

  static Stream<Arguments> baseDerivativesAtZero() {
    // d(x^b)/dx at x = 0: b x^(b-1), with x^0 constant so its derivative is 0, not 0 * inf
    return Stream.of(
        Arguments.of(0.0, 0.0), Arguments.of(1.0, 1.0), Arguments.of(2.0, 0.0), Arguments.of(3.0, 0.0));
  }

  @ParameterizedTest(name = "d(x^{0})/dx at x = 0 is {1}")
  @MethodSource("baseDerivativesAtZero")
  void baseDerivativeAtZeroIsFinite(double exponent, double expected) {
    assertEquals(expected, gradientsAt(v -> v[0].pow(exponent), 0)[0], 0, "constant exponent");
    assertEquals(expected, gradientsAt(v -> v[0].pow(v[1]), 0, exponent)[0], 0, "Value exponent");
  }

  @Test
  void polynomialWithConstantTermHasFiniteGradientAtZero() {
    // 3 x^0 + 2 x^1 + x^2: its gradient at 0 is 2, which a NaN from x^0 would poison
    double[] coefficients = {3, 2, 1};
    Function<Value[], Value> polynomial = v -> {
      List<Value> terms = new ArrayList<>();
      for (int i = 0; i < coefficients.length; i++) {
        terms.add(v[0].pow(i).mul(coefficients[i]));
      }
      return Value.sum(terms);
    };
    assertGradients(new double[] {2}, gradientsAt(polynomial, 0));
  }

  // ----- helpers

  private static Operation unary(String name, UnaryOperator<Value> graph, DoubleUnaryOperator math,
      double... points) {
    double[][] asVectors = Arrays.stream(points).mapToObj(x -> new double[] {x}).toArray(double[][]::new);
    return new Operation(name, v -> graph.apply(v[0]), x -> math.applyAsDouble(x[0]), asVectors);
  }

  private static Operation binary(String name, BinaryOperator<Value> graph, DoubleBinaryOperator math,
      double[][] points) {
    return new Operation(name, v -> graph.apply(v[0], v[1]), x -> math.applyAsDouble(x[0], x[1]), points);
  }

  /** The sum in the order Value.sum adds, left to right (DoubleStream.sum compensates, so differs). */
  private static double sequentialSum(double[] x) {
    double total = 0;
    for (double xi : x) {
      total += xi;
    }
    return total;
  }

  /** a * sin(b) as one custom node, with its partial derivatives sin(b) and a cos(b). */
  private static Value customProductWithSine(Value[] v) {
    double a = v[0].data();
    double b = v[1].data();
    return new Value(a * Math.sin(b), new Value[] {v[0], v[1]},
        new double[] {Math.sin(b), a * Math.cos(b)});
  }

  private static Value[] leaves(double[] point) {
    return Arrays.stream(point).mapToObj(Value::new).toArray(Value[]::new);
  }

  /** The gradient of {@code f} at {@code point}, by backward(). */
  private static double[] gradientsAt(Function<Value[], Value> f, double... point) {
    Value[] inputs = leaves(point);
    f.apply(inputs).backward();
    return Arrays.stream(inputs).mapToDouble(Value::grad).toArray();
  }

  /** Exact comparison, except that 0.0 and -0.0 count as equal. */
  private static void assertGradients(double[] expected, double[] actual) {
    assertArrayEquals(expected, actual, 0);
  }
}
