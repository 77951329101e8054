package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of the contract's table, alone and composed, written every way a program can name
 * it (qualified, fully qualified, through static imports), each checked with {@link
 * GradientAgreement} at points across its domain; and the kink conventions, checked against exact
 * numbers. All methods are compiled together, once.
 */
class FunctionTableTest {
  /** Where a case's method lives; each class stands for one way of naming the functions. */
  private enum Host {
    PLAIN("p.Plain", "import io.javagrad.Functions;"),
    QUALIFIED("p.Qualified"),
    MATH_STAR("p.MathStar", "import static java.lang.Math.*;"),
    MATH_SINGLE("p.MathSingle", "import static java.lang.Math.tanh;", "import static java.lang.Math.pow;",
        "import static java.lang.Math.atan2;", "import static java.lang.Math.PI;"),
    FUNCTIONS_STAR("p.FunctionsStar", "import static io.javagrad.Functions.*;", "import static java.lang.Math.*;"),
    FUNCTIONS_SINGLE("p.FunctionsSingle", "import static io.javagrad.Functions.relu;",
        "import static io.javagrad.Functions.sigmoid;"),
    KINKS("p.Kinks", "import io.javagrad.Functions;");

    final String className;
    final List<String> imports;

    Host(String className, String... imports) {
      this.className = className;
      this.imports = List.of(imports);
    }
  }

  /** One method {@code return expression;} of {@code x} (and {@code y} when points are pairs). */
  record Case(Host host, String expression, List<double[]> points) {
    int arity() {
      return points.get(0).length;
    }

    @Override
    public String toString() {
      return host.className + ": " + expression;
    }
  }

  /** A kink: the gradient at {@code point} must be exactly {@code expected}. */
  record Kink(String expression, String parameters, Object[] point, double[] expected) {
    @Override
    public String toString() {
      return expression + " at " + Arrays.deepToString(point) + " -> " + Arrays.toString(expected);
    }
  }

  private static final List<Case> CASES = List.of(
      // exp log log10 log1p expm1 sqrt cbrt pow
      at(Host.PLAIN, "Math.exp(x)", -3, -1e-3, 0, 2.5, 30),
      at(Host.PLAIN, "Math.exp(0.5 * x - 1) * x", -4, 1e-3, 0, 3, 40),
      at(Host.PLAIN, "Math.log(x)", 0.05, 0.5, 7, 1e6),
      at(Host.PLAIN, "Math.log(x * x + 0.5)", -2, -1e-3, 0, 3, 1e4),
      at(Host.PLAIN, "Math.log10(x)", 0.05, 2, 1e5),
      at(Host.PLAIN, "Math.log10(x * x + 1) * 2", -3, 1e-3, 0, 50),
      at(Host.PLAIN, "Math.log1p(x)", -0.9, -1e-3, 0, 1e-9, 4, 1e6),
      at(Host.PLAIN, "Math.log1p(x * x) - x", -2, 0, 1e-3, 10),
      at(Host.PLAIN, "Math.expm1(x)", -5, -1e-8, 0, 1e-3, 3, 20),
      at(Host.PLAIN, "Math.expm1(Math.sin(x)) * x", -2, 0, 1e-3, 1.5),
      at(Host.PLAIN, "Math.sqrt(x)", 0.05, 0.3, 2, 1e8),
      at(Host.PLAIN, "Math.sqrt(x * x + 2 * x + 5)", -4, -1, 0, 1e-3, 1e3),
      at(Host.PLAIN, "Math.cbrt(x)", -8, -0.05, 0.5, 1e3),
      at(Host.PLAIN, "Math.cbrt(x * x * x - 2 * x + 3)", -4, -1.5, 0, 1e-3, 10),
      at(Host.PLAIN, "Math.pow(x, 3)", -2, -1e-3, 0, 1.5, 100),
      at(Host.PLAIN, "Math.pow(x, 0.5)", 0.05, 4, 1e6),
      at(Host.PLAIN, "Math.pow(x, -2)", -3, 0.01, 5),
      at(Host.PLAIN, "Math.pow(2, x)", -3, 0, 1e-3, 0.5, 10),
      pairs(Host.PLAIN, "Math.pow(x, y)", 2, 3, 0.5, -1.5, 0.05, 0.5, 10, 0, 3, -2),
      pairs(Host.PLAIN, "Math.pow(x * x + 1, y - 1)", -2, 3, 0, 0.5, 1e-3, -1, 3, 2.5),
      // sin cos tan asin acos atan atan2
      at(Host.PLAIN, "Math.sin(x)", -3, 0, 1e-3, 1.2, 30),
      at(Host.PLAIN, "Math.sin(x * x) * x", -2, 0, 1e-3, 1.7),
      at(Host.PLAIN, "Math.cos(x)", -3, 0, 1e-3, 1.2, 30),
      at(Host.PLAIN, "Math.cos(3 * x + 1) / (1 + x * x)", -2, 0, 1e-3, 1.7),
      at(Host.PLAIN, "Math.tan(x)", -1.2, 0, 1e-3, 1.4),
      at(Host.PLAIN, "Math.tan(x / 2 + 0.1)", -2, 0, 1e-3, 2.5),
      at(Host.PLAIN, "Math.asin(x)", -0.9, 0, 1e-3, 0.5, 0.95),
      at(Host.PLAIN, "Math.asin(x / (1 + x * x))", -3, 0, 1e-3, 0.5, 20),
      at(Host.PLAIN, "Math.acos(x)", -0.9, 0, 1e-3, 0.5, 0.95),
      at(Host.PLAIN, "Math.acos(x / (1 + x * x)) * x", -3, 0, 1e-3, 0.5, 20),
      at(Host.PLAIN, "Math.atan(x)", -50, -1, 0, 1e-3, 1e3),
      at(Host.PLAIN, "Math.atan(x * x - 1) * x", -2, 0, 1e-3, 0.8, 30),
      pairs(Host.PLAIN, "Math.atan2(y, x)", 1, 1, -2, 0.5, 0.3, -4, -1, -1, 1e-3, 1),
      pairs(Host.PLAIN, "Math.atan2(x * y - 1, x + y)", 1, 2, -3, 0.5, 0, 1e-3, 2, -5),
      // sinh cosh tanh
      at(Host.PLAIN, "Math.sinh(x)", -3, 0, 1e-3, 2, 20),
      at(Host.PLAIN, "Math.sinh(1 - x * x)", -2, 0, 1e-3, 1.5),
      at(Host.PLAIN, "Math.cosh(x)", -3, 0, 1e-3, 2, 20),
      at(Host.PLAIN, "Math.cosh(x) / (1 + x * x)", -3, 0, 1e-3, 2),
      at(Host.PLAIN, "Math.tanh(x)", -3, 0, 1e-3, 2, 20),
      at(Host.PLAIN, "Math.tanh(2 * x - 1) * x", -3, 0, 1e-3, 0.5, 2),
      // abs max min hypot (away from their kinks, which have their own test)
      at(Host.PLAIN, "Math.abs(x)", -2, -1e-3, 1e-3, 50),
      at(Host.PLAIN, "Math.abs(x * x - 2) * x", -3, 0, 1e-3, 1, 5),
      pairs(Host.PLAIN, "Math.max(x, y)", 1, 2, 3, -1, -0.5, -0.25, 1e-3, 0),
      pairs(Host.PLAIN, "Math.max(x * y, Math.sin(x))", 1, 2, -1, 3, 2, -0.5),
      pairs(Host.PLAIN, "Math.min(x, y)", 1, 2, 3, -1, -0.5, -0.25, 1e-3, 0),
      pairs(Host.PLAIN, "Math.min(x * y, Math.sin(x)) * y", 1, 2, -1, 3, 2, -0.5),
      pairs(Host.PLAIN, "Math.hypot(x, y)", 3, 4, -1e-3, 2, 1e5, -3, -0.5, -0.5),
      pairs(Host.PLAIN, "Math.hypot(x - 1, x * y)", 0, 2, 2, -1, 1e-3, 3),
      // % between jumps, signs of both operands (Java's remainder truncates the quotient)
      pairs(Host.PLAIN, "x % y", 7.3, 2, -7.3, 2, 7.3, -2.5, 0.4, 3, 5.5, 0.75),
      pairs(Host.PLAIN, "(x * x) % (y + 1) + Math.sin(x % 1.5)", 2.2, 0.7, -1.7, 1.9),
      // fma copySign toRadians toDegrees, and the piecewise-constant functions (derivative 0 between jumps)
      pairs(Host.PLAIN, "Math.fma(x, y, Math.sin(x))", 1, 2, -3, 0.5, 1e-3, -4),
      // StrictMath: Math's rules, StrictMath's values
      pairs(Host.PLAIN, "StrictMath.sin(x) * StrictMath.exp(y) + StrictMath.atan2(y, x)", 1, 2, -3, 0.5, 0.7, -4),
      pairs(Host.PLAIN, "Math.copySign(x * x + 1, y)", 1, 2, -3, -0.5, 2, -4),
      pairs(Host.PLAIN, "Math.copySign(x, y) * y", 1, 2, -3, -0.5, 2, -4, -1, 3),
      at(Host.PLAIN, "Math.sin(Math.toRadians(x)) + Math.toDegrees(x * x)", -30, 0.5, 45, 200),
      at(Host.PLAIN, "x * Math.floor(x) + Math.ceil(x / 2) * Math.rint(x) - Math.signum(x)", -2.3, -0.6, 0.4, 3.7),
      // IEEEremainder between its jumps, as %; the neighbours of a number, a rounding of it (1); scalb's 2^k
      pairs(Host.PLAIN, "Math.IEEEremainder(x, y)", 7.3, 2, -7.3, 2, 7.3, -2.5, 5.5, 0.75),
      pairs(Host.PLAIN, "Math.IEEEremainder(x * x, y + 1) * y", 2.2, 0.7, -1.7, 1.9),
      at(Host.PLAIN, "Math.nextUp(x * x) + Math.nextDown(Math.sin(x)) * Math.nextAfter(x, 0.0)", -2.3, 0.4, 3.7),
      pairs(Host.PLAIN, "Math.scalb(x * y, 3) + Math.scalb(y, -Math.getExponent(x)) * x", 1.5, 2, -3, 0.5, 0.3, -4),
      // relu sigmoid
      at(Host.PLAIN, "Functions.relu(x)", -1, -1e-3, 1e-3, 100),
      at(Host.PLAIN, "Functions.relu(x * x - 1) * x", -2, 0, 0.5, 3),
      at(Host.PLAIN, "Functions.sigmoid(x)", -40, -1, 0, 1e-3, 2, 40),
      pairs(Host.PLAIN, "Functions.sigmoid(x * y) + y", -3, 2, 0, 1, 1e-3, -5, 4, 0.5),
      // fully qualified
      at(Host.QUALIFIED, "java.lang.Math.exp(x)", -3, 0, 1e-3, 2.5),
      at(Host.QUALIFIED, "java.lang.Math.exp(x * x) + io.javagrad.Functions.relu(x - 1)", -2, 0, 1e-3, 1.5),
      at(Host.QUALIFIED, "io.javagrad.Functions.sigmoid(java.lang.Math.PI * x)", -2, 0, 1e-3, 1.5),
      // import static java.lang.Math.*
      at(Host.MATH_STAR, "exp(sin(x)) + pow(x, 2) - sqrt(x * x + 1)", -2, 0, 1e-3, 1.3),
      pairs(Host.MATH_STAR, "log(hypot(x, y)) + atan2(y, x) * max(x, y)", 1, 2, -3, 0.5, 0.2, -4),
      pairs(Host.MATH_STAR, "tanh(x) * cosh(y) / (1 + abs(x)) - min(x, y)", 1, 2, -3, 0.5, 0.2, -4),
      pairs(Host.MATH_STAR, "PI * x + E * y + log10(x * x + 1) + log1p(y * y) + expm1(x) + cbrt(y)",
          1, 2, -3, 0.5, 0.2, -4),
      at(Host.MATH_STAR, "asin(x / 2) + acos(x / 3) + atan(x) + tan(x) + cos(x) + sinh(x)", -1, 0, 1e-3, 1),
      // single static imports
      at(Host.MATH_SINGLE, "tanh(x * 2) + pow(x, 2)", -2, 0, 1e-3, 1.5),
      pairs(Host.MATH_SINGLE, "atan2(y, x) * PI", 1, 2, -3, 0.5, 0.2, -4),
      // static imports of Functions
      pairs(Host.FUNCTIONS_STAR, "relu(x) + sigmoid(x * y)", 1, 2, -3, 0.5, 0.2, -4),
      pairs(Host.FUNCTIONS_STAR, "relu(sin(x)) * exp(y)", 1, 2, -3, 0.5, 0.2, -4),
      at(Host.FUNCTIONS_SINGLE, "relu(3 * x - 1) + sigmoid(x)", -2, 0, 1e-3, 1.5));

  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  private static final List<Kink> KINKS = List.of(
      // relu'(0) = 0
      kink("Functions.relu(x)", "double x", new Object[] {0.0}, 0),
      kink("Functions.relu(x)", "double x", new Object[] {-0.0}, 0),
      kink("Functions.relu(x * y)", "double x, double y", new Object[] {0.0, 2.0}, 0, 0),
      // abs'(0) = 0
      kink("Math.abs(x)", "double x", new Object[] {0.0}, 0),
      kink("Math.abs(x)", "double x", new Object[] {-0.0}, 0),
      kink("Math.abs(x - y) * 3", "double x, double y", new Object[] {1.5, 1.5}, 0, 0),
      // a tie of max/min sends the whole gradient to the first argument
      kink("Math.max(x, y)", "double x, double y", new Object[] {1.0, 1.0}, 1, 0),
      kink("Math.max(y, x)", "double x, double y", new Object[] {1.0, 1.0}, 0, 1),
      kink("Math.max(x, y)", "double x, double y", new Object[] {-0.0, 0.0}, 1, 0),
      kink("Math.min(x, y)", "double x, double y", new Object[] {1.0, 1.0}, 1, 0),
      kink("Math.min(y, x)", "double x, double y", new Object[] {1.0, 1.0}, 0, 1),
      kink("Math.max(x * x, y)", "double x, double y", new Object[] {2.0, 4.0}, 4, 0),
      kink("Math.min(y, x * x)", "double x, double y", new Object[] {2.0, 4.0}, 0, 1),
      // d(a^b)/db is 0 at a = 0 (b >= 0): the function is constant in b there
      kink("Math.pow(x, y)", "double x, double y", new Object[] {0.0, 2.0}, 0, 0),
      kink("Math.pow(x, y)", "double x, double y", new Object[] {0.0, 3.0}, 0, 0),
      kink("Math.pow(x, y)", "double x, double y", new Object[] {0.0, 0.5}, INF, 0),
      kink("Math.pow(2 * x, y + 1)", "double x, double y", new Object[] {0.0, 1.0}, 0, 0),
      // d(a^b)/da is 0 at b = 0 (a^0 is the constant 1), as the Value engine and PyTorch have it
      kink("Math.pow(x, y)", "double x, double y", new Object[] {0.0, 0.0}, 0, 0),
      kink("Math.pow(x, 0)", "double x", new Object[] {0.0}, 0),
      kink("Math.pow(x, n)", "double x, int n", new Object[] {0.0, 0}, 0),
      kink("Math.pow(x, 2)", "double x", new Object[] {0.0}, 0),
      // where the formula itself gives infinity or NaN, both ways give it
      kink("Math.sqrt(x)", "double x", new Object[] {0.0}, INF),
      kink("Math.hypot(x, y)", "double x, double y", new Object[] {0.0, 0.0}, NAN, NAN));

  private static Compiled compiled;
  private static final Map<Case, String> CASE_METHODS = new LinkedHashMap<>();
  private static final Map<Kink, String> KINK_METHODS = new LinkedHashMap<>();

  @BeforeAll
  static void compileAll() {
    Map<Host, List<String>> members = new LinkedHashMap<>();
    for (Host host : Host.values()) {
      members.put(host, new ArrayList<>());
    }
    for (Case c : CASES) {
      String name = "m" + members.get(c.host()).size();
      CASE_METHODS.put(c, name);
      String parameters = c.arity() == 1 ? "double x" : "double x, double y";
      members.get(c.host()).add(method(name, parameters, c.expression()));
    }
    for (Kink k : KINKS) {
      String name = "m" + members.get(Host.KINKS).size();
      KINK_METHODS.put(k, name);
      members.get(Host.KINKS).add(method(name, k.parameters(), k.expression()));
    }
    List<String> namesAndSources = new ArrayList<>();
    for (Host host : Host.values()) {
      namesAndSources.add(host.className);
      namesAndSources.add(Compiled.classSource(host.className, host.imports, members.get(host)));
    }
    compiled = Compiled.compile(namesAndSources.toArray(String[]::new)).assertCleanSuccess();
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  static Stream<Kink> kinks() {
    return KINKS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientAgreesAtEveryPoint(Case c) {
    GradientAgreement agreement = new GradientAgreement(compiled, c.host().className, CASE_METHODS.get(c));
    for (double[] point : c.points()) {
      agreement.check(Arrays.stream(point).boxed().toArray());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void kinkConventionGivesExactNumbers(Kink k) {
    new GradientAgreement(compiled, Host.KINKS.className, KINK_METHODS.get(k)).checkExactly(k.expected(), k.point());
  }

  @Test
  void everyFunctionOfTheTableIsCovered() {
    List<String> table = List.of("exp", "log", "log10", "log1p", "expm1", "sqrt", "cbrt", "pow", "sin", "cos",
        "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "abs", "max", "min", "hypot", "relu",
        "sigmoid", "fma", "copySign", "toRadians", "toDegrees", "floor", "ceil", "rint", "signum", "IEEEremainder", "nextUp", "nextDown",
        "nextAfter", "scalb");
    String all = CASES.stream().filter(c -> c.host() == Host.PLAIN).map(Case::expression)
        .collect(Collectors.joining(" "));
    List<String> missing = table.stream()
        .filter(f -> !all.matches("(?s).*\\b(Math|Functions)\\." + f + "\\(.*"))
        .toList();
    assertEquals(List.of(), missing, "functions of the table without a case");
  }

  private static String method(String name, String parameters, String expression) {
    return "@Differentiable static double " + name + "(" + parameters + ") { return " + expression + "; }";
  }

  /** A one-parameter case at each of {@code xs}. */
  private static Case at(Host host, String expression, double... xs) {
    return new Case(host, expression, Arrays.stream(xs).mapToObj(x -> new double[] {x}).toList());
  }

  /** A two-parameter case at each pair {@code (xs[0], xs[1]), (xs[2], xs[3]), ...}. */
  private static Case pairs(Host host, String expression, double... xys) {
    return new Case(host, expression, IntStream.range(0, xys.length / 2)
        .mapToObj(i -> new double[] {xys[2 * i], xys[2 * i + 1]}).toList());
  }

  private static Kink kink(String expression, String parameters, Object[] point, double... expected) {
    return new Kink(expression, parameters, point, expected);
  }
}
