package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What must stay an error once inactive code runs as written (issue 13, "Bad input"): an active
 * value passed where the processor cannot follow it. Each case is one real-looking method next to a
 * good one; the error must be on the offending line, name the value that carries the derivative,
 * and (for calls of a library's method) name the method and both remedies: annotate it, or declare
 * its derivative with {@code @DerivativeOf}; where neither applies (a function object, a lambda given
 * to a library, an interface's method, a local class), what to write instead.
 * {@link FailingCompilation} checks the rest (javac returns, nothing internal, no error in a companion).
 */
class RealJavaBadInputTest {
  private static final String GOOD = "  @Differentiable static double good(double x) { return x * Math.sin(x); }\n";

  /** {@code p.Lib} with {@link #GOOD} and {@code members}, importing what real code imports. */
  private static JavaFileObject lib(String members) {
    return JavaFileObjects.forSourceString("p.Lib", """
        package p;

        import io.javagrad.Differentiable;
                import java.util.function.DoubleUnaryOperator;
        import java.util.stream.IntStream;

        public class Lib {
        """ + GOOD + members + "}\n");
  }

  /**
   * Asserts one error, on the line of {@code file} that contains {@code line}, holding every
   * fragment and naming {@code value} as a word (a bare substring check would pass for any message
   * that happens to contain the letter).
   */
  private static void assertOneError(Compilation compilation, JavaFileObject file, String line, String value,
      String... fragments) {
    for (String fragment : fragments) {
      assertThat(compilation).hadErrorContaining(fragment).inFile(file).onLineContaining(line);
    }
    assertThat(compilation).hadErrorCount(1);
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    String message = error.getMessage(Locale.ROOT);
    assertTrue(Pattern.compile("(?<![\\w.])" + Pattern.quote(value) + "(?!\\w)").matcher(message).find(),
        () -> "the error does not name " + value + ", the value that carries the derivative: " + message);
  }

  private static Compilation failing(JavaFileObject file) {
    return FailingCompilation.compile(file);
  }

  @Test
  void activeDoubleIntoAFunctionObjectIsAnErrorNamingTheValueAndBothRemedies() {
    JavaFileObject file = lib("""
          /** Integrates f from 0 to x by the midpoint rule; f is a caller's function object. */
          @Differentiable static double badMidpoint(DoubleUnaryOperator f, double x, int n) {
            double h = x / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
              double t = (i + 0.5) * h;
              sum += f.applyAsDouble(t);
            }
            return sum * h;
          }
        """);
    Compilation compilation = failing(file);
    // f is an object the caller gives: neither remedy for a library's method applies, so the message says to
    // give a helper a lambda instead.
    assertOneError(compilation, file, "sum += f.applyAsDouble(t);", "t", "applyAsDouble",
        "f is a DoubleUnaryOperator object that javagrad cannot see into", "give it one of those");
  }

  /**
   * An enum's method inherited from an interface's default body is not differentiated: the message
   * says so, rather than to annotate an instance method @Differentiable, which cannot be.
   */
  @Test
  void activeDoubleIntoAnInterfacesDefaultMethodSaysWhereToDeclareIt() {
    JavaFileObject file = lib("""
          interface Scaled {
            double factor();
            default double scale(double x) { return factor() * x; }
          }
          enum Unit implements Scaled {
            ONE(1), TEN(10);
            private final double f;
            Unit(double f) { this.f = f; }
            public double factor() { return f; }
          }
          @Differentiable static double badScaled(Unit unit, double x) {
            return unit.scale(x) + x;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "return unit.scale(x) + x;", "x",
        "scale is declared by the interface Scaled", "declare it in the class itself",
        "@DerivativeOf");
  }

  /**
   * An enum whose constants implement a library interface's method in bodies of their own, the enum
   * declaring none: the message says to declare the method in the enum, as javagrad then follows it.
   */
  @Test
  void anEnumsConstantsImplementingAnInterfaceSayToDeclareTheMethodInTheEnum() {
    JavaFileObject file = lib("""
          enum Kernel implements DoubleUnaryOperator {
            GAUSS {
              @Override public double applyAsDouble(double u) { return Math.exp(-0.5 * u * u); }
            }
          }
          @Differentiable static double badKernel(Kernel kernel, double x) {
            return kernel.applyAsDouble(x) * x;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "return kernel.applyAsDouble(x) * x;", "x",
        "applyAsDouble is declared by the interface DoubleUnaryOperator",
        "abstract, where its constants' bodies implement it");
  }

  /** Arrays.setAll runs its lambda as written: the message says to write the loop it stands for. */
  @Test
  void activeArrayCapturedByALambdaGivenToALibrarySaysToWriteTheLoop() {
    JavaFileObject file = lib("""
          @Differentiable static double badSquares(double[] x) {
            double[] out = new double[x.length];
            java.util.Arrays.setAll(out, i -> 2 * x[i]);
            return out[0] * out[1];
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "java.util.Arrays.setAll(out, i -> 2 * x[i]);", "x",
        "captured by a lambda", "write the loop the method runs", "for (int i = 0; i < out.length; i++)");
  }

  /**
   * A stream collected into an array whose filter may drop elements runs as written: the message
   * says to fill the array in a loop (without the filter, it is followed: StreamArraysTest).
   */
  @Test
  void activeArrayIntoAFilteredStreamCollectedIntoAnArraySaysToFillItInALoop() {
    JavaFileObject file = lib("""
          @Differentiable static double badMapped(double[] x) {
            double[] squares = java.util.Arrays.stream(x).filter(v -> v > 0).map(v -> v * v).toArray();
            return squares[0];
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "double[] squares = java.util.Arrays.stream(x).filter(v -> v > 0)", "x",
        "a stream collected into an array runs as written where a filter may drop elements", "fill it in a loop");
  }

  /** A helper returning a record of a value and its derivative: the message says to return the double. */
  @Test
  void activeDoubleIntoAHelperReturningAnObjectSaysToReturnTheDouble() {
    JavaFileObject file = lib("""
          record Dual(double value, double derivative, Object label) {}
          static Dual square(double x) { return new Dual(x * x, 2 * x, "square"); }
          @Differentiable static double badDual(double x) {
            return square(x).value() + 1;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "return square(x).value() + 1;", "x", "square returns Dual, an object",
        "return the double you read from it");
  }

  /** A local record: the message names it and says where to declare it, not javac's desugared text of it. */
  @Test
  void aRecordDeclaredInTheMethodSaysToDeclareItInTheClass() {
    JavaFileObject file = lib("""
          @Differentiable static double badLocalRecord(double[] x) {
            record Pair(int i, int j) {}
            Pair p = new Pair(0, x.length - 1);
            return x[p.i()] * x[p.j()];
          }
        """);
    Compilation compilation = failing(file);
    assertThat(compilation).hadErrorContaining("a record declared inside a @Differentiable method (record Pair) is"
        + " not supported; declare it in the class, next to the method").inFile(file)
        .onLineContaining("record Pair(int i, int j) {}");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void activeDoubleIntoAFunctionObjectDirectlyNamesTheParameter() {
    JavaFileObject file = lib("""
          @Differentiable static double badApply(DoubleUnaryOperator f, double x) {
            return f.applyAsDouble(x) * x;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "return f.applyAsDouble(x) * x;", "x", "applyAsDouble",
        "f is a DoubleUnaryOperator object", "a lambda that calls it: u -> f.applyAsDouble(u)");
  }

  @Test
  void activeArraySortedByALibraryIsAnError() {
    JavaFileObject file = lib("""
          /** The median by sorting in place: Arrays.sort moves values the processor cannot follow. */
          @Differentiable static double badMedian(double[] xs) {
            Arrays.sort(xs);
            return xs[xs.length / 2];
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "Arrays.sort(xs);", "xs", "sort", "@DerivativeOf", "@Differentiable");
  }

  @Test
  void activeArrayIntoALibraryReturningADoubleIsAnError() {
    JavaFileObject file = lib("""
          @Differentiable static double badStreamSum(double[] xs) {
            double total = Arrays.stream(xs).sum();
            return total * total;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "double total = Arrays.stream(xs).sum();", "xs", "stream", "@DerivativeOf",
        "@Differentiable");
  }

  @Test
  void activeValueWrittenToAStaticFieldIsAnErrorNamingTheField() {
    JavaFileObject file = lib("""
          static double lastResult;

          @Differentiable static double badRemember(double x) {
            double y = x * x;
            lastResult = y;
            return y;
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "lastResult = y;", "y", "lastResult");
  }

  @Test
  void lambdaCapturingAnActiveValueInAStreamIsAnErrorNamingTheValueAndTheCall() {
    // A stream that ends in sum() is lowered into a loop (StreamsTest); one that boxes is not.
    JavaFileObject file = lib("""
          @Differentiable static double badWeightedSum(double x, int n) {
            return IntStream.range(0, n).mapToDouble(i -> x * i).boxed().reduce(0.0, Double::sum);
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "mapToDouble(i -> x * i)", "x", "mapToDouble");
  }

  @Test
  void lambdaCapturingAnActiveValueIsCalledALambdaNotALocal() {
    JavaFileObject file = lib("""
          @Differentiable static double badScaled(double x) {
            DoubleUnaryOperator scale = t -> t * x;
            return java.util.stream.DoubleStream.of(1, 2).map(scale).sum();
          }
        """);
    Compilation compilation = failing(file);
    // Given to a library, the lambda is an object run as written (applied or passed to a helper, it
    // would be followed: FunctionArgumentsTest). "lambda" is asserted because quoting the code alone
    // would name x; issue 13: the old message called the lambda "a local of type DoubleUnaryOperator"
    assertOneError(compilation, file, "DoubleUnaryOperator scale = t -> t * x;", "x", "lambda");
    assertFalse(compilation.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains("a local of type")),
        () -> "a lambda is described as a local: " + FailingCompilation.describe(compilation));
  }

  @Test
  void aRefusedCallCostsOnlyItsOwnMethodNotANeighbourWithAnArgumentCheck() {
    JavaFileObject file = lib("""
          @Differentiable static double checked(double x) {
            if (x < 0) {
              throw new IllegalArgumentException("x must not be negative: " + x);
            }
            return Math.sqrt(x);
          }

          @Differentiable static double badApply(DoubleUnaryOperator f, double x) {
            return f.applyAsDouble(x);
          }
        """);
    Compilation compilation = failing(file);
    assertOneError(compilation, file, "return f.applyAsDouble(x);", "x", "applyAsDouble");
  }
}
