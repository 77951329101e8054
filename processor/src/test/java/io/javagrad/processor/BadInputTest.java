package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the processor does with code it cannot differentiate: one compile error per problem, at the
 * offending line of the user's own file, saying what is not supported and, where it can, what is;
 * never an exception out of javac, never a companion that does not compile, and no harm to the
 * methods that are fine.
 *
 * <p>Each case compiles a class {@code p.Foo} that holds a good method, {@code good}, next to the
 * bad one(s), whose names all start with {@code bad}. Besides the message and its line, every case
 * checks, through {@link #failing}, that
 *
 * <ul>
 *   <li>javac returns (the processor threw nothing) with status FAILURE;
 *   <li>every error is in one of the user's files, none in generated code, none is "cannot find
 *       symbol", none is an "internal error";
 *   <li>the companion {@code p.FooGrad} is still written, holds {@code good} and nothing named
 *       {@code bad...}, and compiles, together with the user's sources, without the processor.
 * </ul>
 */
class BadInputTest {
  private static final String HEADER = "package p;\n\nimport io.javagrad.Differentiable;\n\n";
  private static final String GOOD = "  @Differentiable static double good(double x) { return x * Math.sin(x); }\n";

  /** The start of the supported-statements part of the statement messages. */
  private static final String SUPPORTED_STATEMENTS = "supported are declarations of";
  private static final String SUPPORTED_PARAMETERS = "a @Differentiable method takes double and double[]"
      + " (differentiated) and int, long, boolean (not differentiated)";
  private static final String SUPPORTED_CALLS = "a @Differentiable method may call + - * / and unary -,"
      + " Math.{pow, exp, log";

  /** {@code p.Foo} with {@link #GOOD} and {@code members}. */
  private static JavaFileObject foo(String members) {
    return JavaFileObjects.forSourceString("p.Foo", HEADER + "public class Foo {\n" + GOOD + "\n" + members + "}\n");
  }

  private static Compilation compile(JavaFileObject... files) {
    return assertDoesNotThrow(() -> javac().withProcessors(new DifferentiableProcessor())
        .withOptions("--release", "17").compile(files), "an exception escaped from javac and the processor");
  }

  /**
   * Compiles sources that must fail, checks everything a failure must be (see the class comment)
   * and returns the compilation for the case's own assertions. {@code validJava} says whether the
   * sources are legal Java apart from what the processor rejects, so that the companion can be
   * compiled with them.
   */
  private static Compilation failing(boolean validJava, JavaFileObject... files) {
    Compilation compilation = compile(files);
    assertEquals(Compilation.Status.FAILURE, compilation.status(), () -> "expected a failure:\n" + describe(compilation));
    List<String> userFiles = Arrays.stream(files).map(f -> f.toUri().toString()).toList();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(Locale.ROOT);
      assertFalse(message.contains("internal error"), () -> "internal error:\n" + describe(compilation));
      assertFalse(message.contains("cannot find symbol"), () -> "cannot find symbol:\n" + describe(compilation));
      assertTrue(d.getSource() != null && userFiles.contains(d.getSource().toUri().toString()),
          () -> "an error is not in the user's files: " + d + "\n" + describe(compilation));
    }
    checkCompanionOfFailure(validJava, files);
    return compilation;
  }

  private static Compilation failing(JavaFileObject... files) {
    return failing(true, files);
  }

  /** The companion written in a failing compilation holds the good method only, and compiles. */
  private static void checkCompanionOfFailure(boolean validJava, JavaFileObject... files) {
    Raw raw = Raw.compile(List.of(files));
    String companion = raw.generated.get("p.FooGrad");
    if (companion == null) {
      fail("the good method got no companion: generated " + raw.generated.keySet() + "\n" + raw.diagnostics);
    }
    assertTrue(companion.contains("static double good("), () -> "no gradient entry for good:\n" + companion);
    assertFalse(Pattern.compile("\\bbad\\w*\\(").matcher(companion.replaceAll("//.*", "")).find(),
        () -> "the companion has an entry for a method that failed:\n" + companion);
    if (validJava) {
      List<JavaFileObject> all = new ArrayList<>(List.of(files));
      raw.generated.forEach((name, text) -> all.add(JavaFileObjects.forSourceString(name, text)));
      Compilation together = javac().withOptions("--release", "17", "-proc:none").compile(all);
      assertEquals(Compilation.Status.SUCCESS, together.status(),
          () -> "the companion written next to the error does not compile:\n" + describe(together) + raw.generated);
    }
  }

  /** Checks that an error contains every fragment, on the line of {@code file} that contains {@code line}. */
  private static void assertError(Compilation compilation, JavaFileObject file, String line, String... fragments) {
    for (String fragment : fragments) {
      assertThat(compilation).hadErrorContaining(fragment).inFile(file).onLineContaining(line);
    }
  }

  private static String describe(Compilation compilation) {
    StringBuilder text = new StringBuilder("status " + compilation.status() + "\n");
    compilation.diagnostics().forEach(d -> text.append(d).append('\n'));
    return text.toString();
  }

  // ------------------------------------------------------------------ signatures

  @Nested
  class Signatures {
    /** A type javac cannot resolve (a missing import) is javac's error alone: the processor adds none. */
    @Test
    void anUnresolvedTypeIsJavacsErrorAlone() {
      JavaFileObject source = foo("  @Differentiable static double bad(double x, List<?> items) { return x; }\n");
      Compilation c = compile(source);
      assertError(c, source, "List<?> items", "cannot find symbol");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void instanceMethod() {
      JavaFileObject source = foo("  @Differentiable double bad(double x) { return x; }\n");
      Compilation c = failing(source);
      assertError(c, source, "double bad(double x)",
          "@Differentiable methods must be static: instance methods are not supported");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void checkedExceptions() {
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x, String s) throws java.io.IOException {
              if (s.isEmpty()) {
                throw new java.io.IOException("empty");
              }
              return x * s.length();
            }
            @Differentiable static double[] badVector(double x) throws Exception, java.io.IOException {
              return new double[] {x};
            }
          """);
      Compilation c = failing(source);
      String why = "the companion's entry points run the method's code, and would have to declare them too";
      assertError(c, source, "static double bad(", "@Differentiable methods cannot throw checked exceptions, as this"
          + " one declares (java.io.IOException): " + why);
      assertError(c, source, "static double[] badVector(", "as this one declares (java.lang.Exception,"
          + " java.io.IOException)", "throw an unchecked exception (an IllegalArgumentException, an"
          + " UncheckedIOException)");
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void returnTypeFloat() {
      JavaFileObject source = foo("  @Differentiable static float bad(double x) { return (float) x; }\n");
      Compilation c = failing(source);
      assertError(c, source, "static float bad", "@Differentiable methods must return double, not float");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returnTypeBoxedDouble() {
      JavaFileObject source = foo("  @Differentiable static Double bad(double x) { return x; }\n");
      Compilation c = failing(source);
      assertError(c, source, "static Double bad", "must return double, not java.lang.Double");
      assertThat(c).hadErrorCount(1);
    }

    private void badParameter(String declaration, String name, String type) {
      JavaFileObject source = foo("  @Differentiable static double bad(double x,\n      " + declaration
          + ") {\n    return x;\n  }\n");
      Compilation c = failing(source);
      // The offending code is the parameter: the error belongs on its line.
      assertError(c, source, declaration, "parameter " + name + " has type " + type, SUPPORTED_PARAMETERS);
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void privateMethod() {
      JavaFileObject source = foo("  @Differentiable private static double bad(double x) { return x; }\n");
      Compilation c = failing(source);
      assertError(c, source, "private static double bad",
          "@Differentiable methods must not be private: the generated companion calls them from outside the class");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void methodOfPrivateNestedClass() {
      JavaFileObject source = foo("""
            private static class Hidden {
              @Differentiable static double bad(double x) { return x * x; }
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "static double bad(double x)",
          "class Hidden is private; the companion class must be able to refer to it: make it package-private");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void overloadsWhoseCompanionMethodsClash() {
      // bad(double)'s gradient entry is bad(double, double[]), which is bad(double, double[])'s value entry.
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x) { return x * x; }
            @Differentiable static double bad(double x, double[] g) { return x * g[0]; }
          """);
      Compilation c = failing(source);
      for (String line : List.of("bad(double x) {", "bad(double x, double[] g) {")) {
        assertError(c, source, line, "the companion methods of", "bad(double)", "bad(double, double[])", "would clash");
      }
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void methodNamedLikeAnotherOnesPullback() {
      // bad's pullback is bad_pullback(double, double, double[], int): exactly the other method's value entry.
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x) { return x * x; }
            @Differentiable static double bad_pullback(double x, double s, double[] a, int o) { return x * s; }
          """);
      Compilation c = failing(source);
      for (String line : List.of("bad(double x) {", "bad_pullback(double x, double s")) {
        assertError(c, source, line, "the companion methods of", "bad(double)",
            "bad_pullback(double, double, double[], int)", "would clash");
      }
      assertThat(c).hadErrorCount(2);
    }
  }

  // ------------------------------------------------------------------ vector-valued methods

  @Nested
  class VectorValued {
    private static final String MADE = "a vector-valued @Differentiable method returns a double[] it makes";

    @Test
    void returningAParameterArray() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[] p, double s) {
              double q = p[0] * s;
              return p;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return p;", MADE, "returns the parameter array p", "return a new array", "p.clone()");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningAnotherNameForAParameterArray() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[] p) {
              double[] b = p;
              return b;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return b;", MADE, "returns the parameter array p (b is another name for it)");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningARowOfAMatrix() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[][] m) {
              return m[0];
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return m[0];", MADE, "m[0] is a row of a double[][]");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningAParameterArrayThatAConditionalChooses() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[] p, double s) {
              return s > 0 ? new double[] {s} : p;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return s > 0", MADE, "returns the parameter array p");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningAParameterArrayThatASwitchChooses() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[] p, int k) {
              return switch (k) {
                case 0 -> new double[] {p[0]};
                default -> p;
              };
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "default -> p;", "can hold the parameter array p only as another name for it",
          "copy p into a new array first");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningARowThroughAnAlias() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[][] m) {
              double[] row = m[1];
              return row;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return row;", MADE, "row is a row of a double[][]");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void aDerivativeIntoAConstantInputOfAnInlinedVectorValuedMethod() {
      JavaFileObject source = foo("""
            @Differentiable static double[] model(double[] p, @io.javagrad.NoDerivative double[] t) {
              double[] r = new double[t.length];
              for (int i = 0; i < t.length; i++) {
                r[i] = p[0] * t[i];
              }
              return r;
            }

            @Differentiable static double bad(double[] p, double s) {
              double[] t = {s, 2 * s};
              double[] r = model(p, t);
              return r[0] + r[1];
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "double[] r = model(p, t);", "passed into a @NoDerivative parameter");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningATable() {
      JavaFileObject source = foo("""
            static final double[] WEIGHTS = {0.25, 0.5, 0.25};

            @Differentiable static double[] bad(double x) {
              double y = x * WEIGHTS[0];
              return WEIGHTS;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return WEIGHTS;", MADE, "WEIGHTS is an array that code run as written gives");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningATableThroughALocal() {
      JavaFileObject source = foo("""
            static final double[] WEIGHTS = {0.25, 0.5, 0.25};

            @Differentiable static double[] bad(double x) {
              double[] w = WEIGHTS;
              return w;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "double[] w = WEIGHTS;", "WEIGHTS gives an array that the method does not own, and the"
          + " method returns it (through w)", "w.clone()");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void returningAMatrix() {
      JavaFileObject source = foo("""
            @Differentiable static double[][] bad(double x) {
              return new double[][] {{x}};
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "static double[][] bad", "must return double, not double[][], or double[]",
          "a double[][] is not supported: return its rows one after the other in one double[]");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void writingIntoAParameterArray() {
      JavaFileObject source = foo("""
            @Differentiable static double[] bad(double[] p) {
              p[0] = p[0] * 2;
              return new double[] {p[0], p[1]};
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "static double[] bad", "a vector-valued @Differentiable method may not write into its"
          + " parameter arrays, as this one does (p[0] = p[0] * 2;)", "double[] a = p.clone()");
      assertThat(c).hadErrorCount(1);
    }
  }

  // ------------------------------------------------------------------ calls

  @Nested
  class Calls {

    @Test
    void libraryMethodWithoutSourceOrRule() {
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x) {
              return org.hipparchus.util.FastMath.asinh(x) + 1;
            }
          """);
      Compilation c = failing(source);
      // Of Math and the classes alike, the table is the remedy, not to annotate the library.
      assertError(c, source, "return org.hipparchus.util.FastMath.asinh(x) + 1;",
          "runs as written without differentiating it", "org.hipparchus.util.FastMath.asinh has no rule in javagrad's"
          + " table of functions, which are", "Math.{pow, exp", "@DerivativeOf");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void helperThatCannotBeDifferentiatedStopsItsCallers() {
      JavaFileObject source = foo("""
            static double total;
            static double helper(double v) {
              total = v;
              return 2 * v;
            }
            @Differentiable static double bad(double x) {
              return helper(x) + 1;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "total = v;", "total");
      assertError(c, source, "return helper(x) + 1;", "Foo.helper could not be differentiated (see the error"
          + " reported there), so neither can a method that calls it");
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void rejectedCalleeIsNamedAsTheCauseNotAMissingCompanion() {
      JavaFileObject source = foo("""
            @Differentiable static <T> double generic(double x) {
              return x;
            }
            @Differentiable static double bad(double x) {
              return generic(x) + 1;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "@Differentiable static <T> double generic", "cannot be generic");
      assertError(c, source, "return generic(x) + 1;", "Foo.generic could not be differentiated (see the error"
          + " reported there), so neither can a method that calls it");
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void methodWithoutDifferentiatedInputIsAccepted() {
      JavaFileObject source = foo("""
            @Differentiable static double counts(int n) {
              return n * 0.5;
            }
            @Differentiable static double uses(double x, int n) {
              return x * counts(n);
            }
          """);
      assertThat(compile(source)).succeededWithoutWarnings();
    }

    @Test
    void callingAMethodThatFailed() {
      JavaFileObject source = foo("""
            @Differentiable static double bad1(double x) {
              return Math.ulp(x) * x;
            }
            @Differentiable static double bad2(double x) {
              double y = bad1(x) * 3;
              return y;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return Math.ulp(x) * x;", "runs as written without differentiating it");
      assertError(c, source, "double y = bad1(x) * 3;", "Foo.bad1 could not be differentiated",
          "so neither can a method that calls it");
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void callingAFailedMethodOfAnotherClass() {
      JavaFileObject bar = JavaFileObjects.forSourceString("p.Bar", HEADER + """
          public class Bar {
            @Differentiable static double bad(double x) {
              return Math.ulp(x);
            }
          }
          """);
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x) {
              return Bar.bad(x) + x;
            }
          """);
      Compilation c = failing(source, bar);
      assertError(c, bar, "return Math.ulp(x);", "runs as written without differentiating it");
      assertError(c, source, "return Bar.bad(x) + x;", "Bar.bad could not be differentiated");
      assertThat(c).hadErrorCount(2);
    }
  }

  // ------------------------------------------------------------------ statements

  /**
   * if/else, for, while, do/while, break, continue, early returns, the conditional operator and
   * comparisons are supported now (see ControlFlowSmokeTest); what is left out of control flow is here.
   */
  @Nested
  class Statements {
    private Compilation statement(String body, String line, String... fragments) {
      JavaFileObject source = foo("  @Differentiable static double bad(double x, double[] xs, int n) {\n" + body
          + "  }\n");
      Compilation c = failing(source);
      assertError(c, source, line, fragments);
      assertThat(c).hadErrorCount(1);
      return c;
    }

    @Test
    void tryStatement() {
      statement("""
              double y = x;
              try {
                y = y * 2;
              } finally {
                y = y + 1;
              }
              return y;
          """, "y = y * 2;", "y carries a derivative, but it is assigned in try { y = y * 2; } finally { y = y + 1; },"
          + " which javagrad runs as written", "make the assignment a statement of its own");
    }

    /** A return out of a try is lowered, but the value it returns is computed as written, where x's derivative is lost. */
    @Test
    void returnOutOfCodeRunAsWritten() {
      statement("""
              try {
                return x;
              } finally {
                System.out.print("");
              }
          """, "return x;", "x carries a derivative, but it is passed into try { return x; }");
    }

    /** A return out of a try is lowered only in a method that returns a double: here it is still refused. */
    @Test
    void returnOutOfAVectorValuedTry() {
      JavaFileObject source = foo("""
            @Differentiable static double[] badVector(double x) {
              try {
                return new double[] {x};
              } finally {
                System.out.print("");
              }
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return new double[] {x};", "leaves code that javagrad runs as written");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void synchronizedStatement() {
      statement("""
              double y = x;
              synchronized (Foo.class) {
                y = y * 2;
              }
              return y;
          """, "y = y * 2;", "y carries a derivative, but it is assigned in synchronized (Foo.class) { y = y * 2; },"
          + " which javagrad runs as written", "make the assignment a statement of its own");
    }

    @Test
    void localArrayReassignedToAParameter() {
      statement("""
              double[] ys = new double[2];
              ys = xs;
              return ys[0] * x;
          """, "ys = xs;", "can hold the parameter array xs only as another name for it",
          "copy xs into a new array first");
    }

    @Test
    void derivativeStoredIntoANoDerivativeArray() {
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x, @io.javagrad.NoDerivative double[] w) {
              w[0] = x * 2;
              return w[0] * x;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "w[0] = x * 2;", "x * 2 carries a derivative, but it is stored into the @NoDerivative"
          + " parameter array w", "copy w into a local array and write there, or drop @NoDerivative");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void callInsideAnExpressionToAHelperWritingIntoItsArrayArgument() {
      JavaFileObject source = foo("""
            static double scaled(double[] v, double c) {
              v[0] *= c;
              return v[0];
            }
            static double filled(double[] v, double c) {
              java.util.Arrays.fill(v, c);
              return v[0];
            }
            @Differentiable static double bad(double[] xs, double c) {
              return scaled(xs, c) + xs[0];
            }
            @Differentiable static double badFill(double[] xs, double c) {
              return filled(xs, c) + xs[0];
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return scaled(xs, c) + xs[0];", "scaled(xs, c) writes into an array, so it must run"
          + " where Java runs it: make the call a statement of its own, or the whole value of a declaration or of an"
          + " assignment to a variable");
      assertError(c, source, "return filled(xs, c) + xs[0];", "filled(xs, c) writes into an array, so it must run");
      assertThat(c).hadErrorCount(2);
    }

    @Test
    void writeToField() {
      JavaFileObject source = foo("""
            static double last;
            @Differentiable static double bad(double x) {
              last = x;
              return x * 2;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "last = x;", "writes to fields are not supported in a @Differentiable method",
          "writes the field last");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void writeToQualifiedField() {
      JavaFileObject source = foo("""
            static double last;
            @Differentiable static double bad(double x) {
              Foo.last += x;
              return x * 2;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "Foo.last += x;", "writes to fields are not supported in a @Differentiable method");
      assertThat(c).hadErrorCount(1);
    }

  }

  // ------------------------------------------------------------------ expressions

  @Nested
  class Expressions {
    private Compilation expression(String body, String line, String... fragments) {
      JavaFileObject source = foo("  @Differentiable static double bad(double x, int n) {\n" + body + "  }\n");
      Compilation c = failing(source);
      assertError(c, source, line, fragments);
      assertThat(c).hadErrorCount(1);
      return c;
    }

    @Test
    void fieldOfANewObject() {
      // The object is run as written, and x's derivative would be lost inside it.
      JavaFileObject source = foo("""
            static final class Box {
              final double v;
              Box(double v) { this.v = v; }
            }
            @Differentiable static double bad(double x) {
              return new Box(x).v;
            }
          """);
      Compilation c = failing(source);
      assertError(c, source, "return new Box(x).v;", "x carries a derivative", "runs as written");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void unresolvableName() {
      JavaFileObject source = foo("""
            @Differentiable static double bad(double x) {
              return x * undefinedScale;
            }
          """);
      Compilation c = failing(false, source);
      assertError(c, source, "return x * undefinedScale;", "cannot resolve undefinedScale");
      assertThat(c).hadErrorCount(1);
    }
  }

  // ------------------------------------------------------------------ isolation

  @Test
  void onlyTheBadMethodFailsAndAnotherClassIsUntouched() {
    JavaFileObject bar = JavaFileObjects.forSourceString("p.Bar", HEADER + """
        public class Bar {
          @Differentiable static double g(double x, double y) { return Math.exp(x) * y; }
        }
        """);
    JavaFileObject source = foo("""
          @Differentiable static double bad(double x) {
            return Math.ulp(x);
          }
          @Differentiable static double usesBar(double x) { return Bar.g(x, 2) + good(x); }
        """);
    Compilation c = failing(source, bar);
    assertError(c, source, "return Math.ulp(x);", "runs as written without differentiating it");
    assertThat(c).hadErrorCount(1);
    Raw raw = Raw.compile(List.of(source, bar));
    assertTrue(raw.generated.containsKey("p.BarGrad"), () -> "Bar got no companion: " + raw.generated.keySet());
    assertTrue(raw.generated.get("p.BarGrad").contains("g_pullback("), raw.generated.get("p.BarGrad"));
    assertTrue(raw.generated.get("p.FooGrad").contains("usesBar_pullback("), raw.generated.get("p.FooGrad"));
  }

  @Test
  void manyBadMethodsEachGetTheirOwnError() {
    JavaFileObject source = foo("""
          @Differentiable static double bad1(double x) {
            return Math.ulp(x);
          }
          @Differentiable static double bad2(double x, int n) {
            synchronized (Foo.class) { x = 2 * x; }
            return x;
          }
          @Differentiable static double bad3(double x) {
            return x * (float) x;
          }
        """);
    Compilation c = failing(source);
    assertError(c, source, "return Math.ulp(x);", "runs as written without differentiating it");
    assertError(c, source, "synchronized (Foo.class) { x = 2 * x; }", "x carries a derivative, but it is assigned in");
    assertError(c, source, "return x * (float) x;", "keep x a double there");
    assertThat(c).hadErrorCount(3);
  }

  @Test
  void errorsInASecondFileAreReportedInThatFile() {
    JavaFileObject bar = JavaFileObjects.forSourceString("p.Bar", HEADER + """
        public class Bar {
          @Differentiable static double bad(double x, double[] xs) {
            double y = x;
            for (double v : xs) { y = y * (float) v; }
            return y;
          }
        }
        """);
    JavaFileObject source = foo("");
    Compilation c = failing(source, bar);
    assertError(c, bar, "for (double v : xs) { y = y * (float) v; }", "keep v a double there");
    assertThat(c).hadErrorCount(1);
  }

  // ------------------------------------------------------------------ inputs that must work

  @Nested
  class Accepted {
    @Test
    void nestedClassCompanionJoinsTheNamesWithUnderscores() {
      Compiled c = Compiled.compile("p.Outer", HEADER + """
          public class Outer {
            static class Inner {
              @Differentiable static double f(double x, double y) { return Math.sin(x) * y; }
              static class Deeper {
                @Differentiable static double g(double x) { return Inner.f(x, x) * 2; }
              }
            }
          }
          """).assertCleanSuccess();
      c.generatedSource("p.Outer_InnerGrad");
      c.generatedSource("p.Outer_Inner_DeeperGrad");
      new GradientAgreement(c, "p.Outer$Inner", "f").check(0.4, -1.2);
      new GradientAgreement(c, "p.Outer$Inner$Deeper", "g").check(0.4);
    }

    @Test
    void parametersNamedLikeGeneratedNames() {
      Compiled c = Compiled.compile("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double g(double x) { return x * x; }
            @Differentiable static double f(double grad, double seed, double adjoints, int offset) {
              double _value = g(grad) * seed;
              double _t0 = Math.exp(adjoints) * _value;
              return _t0 + offset;
            }
          }
          """).assertCleanSuccess();
      new GradientAgreement(c, "p.Foo", "f").check(0.3, 1.1, -0.4, 2);
    }

    /** Whatever it does with such a method, the processor must not write a companion that does not compile. */
    private void neverABrokenCompanion(JavaFileObject... files) {
      Compilation c = compile(files);
      List<String> userFiles = Arrays.stream(files).map(f -> f.toUri().toString()).toList();
      for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
        assertTrue(d.getSource() != null && userFiles.contains(d.getSource().toUri().toString())
            && !d.getMessage(Locale.ROOT).contains("internal error"),
            () -> "the processor wrote code that does not compile, or failed inside:\n" + describe(c));
      }
    }

    @Test
    void methodWithoutParameters() {
      // Its Gradient entry c() and its twin c() cannot both exist: an error at c, or some other way out,
      // but not a companion that does not compile.
      neverABrokenCompanion(JavaFileObjects.forSourceString("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double c() { return 2.0; }
          }
          """));
    }

    @Test
    void methodWithOnlyIntParameters() {
      // f(int) returning Gradient and f(int) returning Value clash in the companion.
      neverABrokenCompanion(JavaFileObjects.forSourceString("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double f(int n) { return n * 2.0; }
          }
          """));
    }

    @Test
    void classNamedMathInTheSamePackage() {
      // The companion lives in package p, where "Math" means p.Math: it must say java.lang.Math.
      Compiled c = Compiled.compile("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double f(double x) { return java.lang.Math.sin(x) * x; }
          }
          """, "p.Math", """
          package p;
          public class Math {
            public static double sin(double x) { return 42; }
          }
          """).assertCleanSuccess();
      new GradientAgreement(c, "p.Foo", "f").check(0.7);
    }

    @Test
    void staticFinalConstantsThatAreNotCompileTimeConstants() {
      Compiled c = Compiled.compile("p.Foo", HEADER + """
          public class Foo {
            static final int N = Integer.parseInt("3");
            static final long L = Long.parseLong("5");
            static final double C = java.lang.Math.sqrt(2);
            @Differentiable static double f(double x) { return x * N + L + C * x; }
          }
          """).assertCleanSuccess();
      new GradientAgreement(c, "p.Foo", "f").check(0.7);
    }

    @Test
    void booleanLiteralPassedToABooleanParameter() {
      Compiled c = Compiled.compile("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double scaled(double v, boolean twice) { return 3 * v; }
            @Differentiable static double f(double x) { return scaled(x, true) * x; }
          }
          """).assertCleanSuccess();
      new GradientAgreement(c, "p.Foo", "f").check(0.7);
    }

    @Test
    void localsNamedLikeTypesTheCompanionUses() {
      Compiled c = Compiled.compile("p.Foo", HEADER + """
          public class Foo {
            @Differentiable static double g(double x) { return x * x; }
            @Differentiable static double f(double[] Arrays, double PULLBACK_BUFFER_0) {
              double Foo = g(Arrays[0]) * PULLBACK_BUFFER_0;
              return Foo + Arrays[1];
            }
          }
          """).assertCleanSuccess();
      new GradientAgreement(c, "p.Foo", "f").check(new double[] {0.5, -1.5}, 0.25);
    }
  }

  // ------------------------------------------------------------------ raw javac

  /**
   * A javac run through the JDK's compiler API with every output in memory, so that the sources the
   * processor wrote can be read even when the compilation failed (compile-testing hides them then).
   */
  private static final class Raw {
    final Map<String, String> generated = new LinkedHashMap<>();
    final StringWriter diagnostics = new StringWriter();

    /** Compiles {@code files} with the processor. */
    static Raw compile(List<JavaFileObject> files) {
      Raw raw = new Raw();
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
      StandardJavaFileManager standard = compiler.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8);
      JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
            FileObject sibling) {
          return new MemoryFile(className, kind, raw);
        }
      };
      JavaCompiler.CompilationTask task = compiler.getTask(raw.diagnostics, manager, collector,
          List.of("--release", "17"), null, files);
      task.setProcessors(List.of(new DifferentiableProcessor()));
      assertDoesNotThrow(task::call, "an exception escaped from javac and the processor");
      collector.getDiagnostics().forEach(d -> raw.diagnostics.append(d.toString()).append('\n'));
      return raw;
    }
  }

  private static final class MemoryFile extends SimpleJavaFileObject {
    private final String className;
    private final Raw owner;
    private byte[] bytes = new byte[0];

    MemoryFile(String className, Kind kind, Raw owner) {
      super(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind);
      this.className = className;
      this.owner = owner;
    }

    @Override
    public OutputStream openOutputStream() {
      return new ByteArrayOutputStream() {
        @Override
        public void close() throws IOException {
          super.close();
          bytes = toByteArray();
          if (getKind() == Kind.SOURCE) {
            owner.generated.put(className, new String(bytes, StandardCharsets.UTF_8));
          }
        }
      };
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public java.io.InputStream openInputStream() {
      return new java.io.ByteArrayInputStream(bytes);
    }
  }
}
