package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The shape of the generated code: the STYLE.md example line by line, a clean compilation under
 * -Xlint:all, and structural properties of every gradient entry (no allocation, trivial factors
 * folded).
 */
class GeneratedCodeTest {
  private static final String FOO = """
      package p;

      import io.javagrad.Differentiable;

      public class Foo {
        @Differentiable static double f(double x, double y) { double s = Math.sin(y); return x*s + Math.exp(x); }
      }
      """;

  /** Straight-line methods without calls, of the usual shapes. */
  private static final String SHAPES = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.Functions;

      public class Shapes {
        static final double RATE = 0.1;

        @Differentiable static double polynomial(double x) {
          return 3 * x * x * x - 2 * x * x + x - 7;
        }

        @Differentiable static double neuron(double x1, double x2, double w1, double w2, double b) {
          return Math.tanh(x1 * w1 + x2 * w2 + b);
        }

        @Differentiable static double kinks(double x, double y) {
          return Math.abs(x) + Math.max(x, y) + Math.min(x * y, 1.0) + Functions.relu(y - x);
        }

        @Differentiable static double arrays(double[] xs, double[] ws, int n, double bias) {
          double dot = xs[0] * ws[0] + xs[1] * ws[1] + xs[n] * ws[n];
          return Functions.sigmoid(dot + bias) / xs.length;
        }

        @Differentiable static double locals(double x, double y, long k) {
          double t = x * y;
          t += RATE * x;
          t *= t;
          t -= k;
          t /= 1 + y * y;
          t++;
          return Math.log1p(t * t) + Math.pow(x, y) + Math.hypot(x, y) + Math.atan2(y, x);
        }
      }
      """;

  private static final String CALLS = """
      package p;

      import io.javagrad.Differentiable;

      public class Calls {
        @Differentiable static double inner(double x, double[] ys) {
          return x * ys[0] + Math.exp(ys[1]);
        }

        @Differentiable static double outer(double x, double[] ys) {
          double t = Math.sin(x);
          return inner(t * x, ys) + t;
        }
      }
      """;

  @Test
  void styleExampleReadsAsThePrintedOne() {
    Compiled compiled = Compiled.compile("p.Foo", FOO);
    Compilation compilation = compiled.compilation();
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p/FooGrad").contentsAsUtf8String()
        .contains("/**\n"
            + "   * Value of {@link Foo#f(double, double)}; writes d/dx to {@code grad[0]}, d/dy to {@code grad[1]}.\n"
            + "   *\n"
            + "   * @param x as for {@code Foo.f}\n"
            + "   * @param y as for {@code Foo.f}\n"
            + "   * @param grad receives the gradient; at least {@code 2} long\n"
            + "   * @return the value of {@code f}\n"
            + "   */\n"
            + "  public static double f(double x, double y, double[] grad) {\n");
    String source = compiled.generatedSource("p.FooGrad");
    String entry = methodText(source, "f", "double[] grad");
    assertLinesInOrder(entry,
        "if (grad.length < 2) {",
        "throw new IllegalArgumentException(",
        "return f_pullback(x, y, 1.0, grad, 0);");
    assertEquals(6, entry.strip().lines().count(), entry);
    // the two sweeps, written once, in the pullback: the style example's lines, each adjoint seeded
    String pullback = sweepText(source, "f");
    assertLinesInOrder(pullback,
        "double s = Math.sin(y);",
        "double _t0 = Math.exp(x);",
        "double _value = x * s + _t0;",
        "// return x * s + Math.exp(x);",
        "double _d_x = seed == 0.0 ? 0.0 : seed * s + seed * _t0;",
        "double _d_s = seed == 0.0 ? 0.0 : seed * x;",
        "// double s = Math.sin(y);",
        "double _d_y = _d_s * Math.cos(y);",
        "adjoints[offset] = _d_x;",
        "adjoints[offset + 1] = _d_y;",
        "return _value;");
    // and nothing else: those lines, the header and its continuation, and the closing brace
    assertEquals(13, pullback.strip().lines().count(), pullback);
  }

  @Test
  void companionShape() {
    Compiled compiled = Compiled.compile("p.Foo", FOO);
    String source = compiled.generatedSource("p.FooGrad");
    assertTrue(source.contains("@Generated("), source);
    assertTrue(source.contains("public final class FooGrad {"), source);
    assertTrue(source.contains("private FooGrad() {"), source);
    assertTrue(source.contains("public static Gradient f(double x, double y) {"), source);
    assertTrue(source.contains(
        "public static double f_pullback(double x, double y, double seed, double[] adjoints, int offset) {"), source);
    assertTrue(source.contains("public static Value f(Value x, Value y) {"), source);
    String twin = methodText(source, "f", "Value y");
    assertLinesInOrder(twin, "Value s = y.sin();", "return x.mul(s).add(x.exp());");
  }

  @Test
  void everythingCompilesWithoutWarnings() {
    assertThat(Compiled.compile("p.Shapes", SHAPES).compilation()).succeededWithoutWarnings();
    assertThat(Compiled.compile("p.Calls", CALLS).compilation()).succeededWithoutWarnings();
  }

  @Test
  void straightLineEntriesDoNotAllocate() {
    List<String> checked = new ArrayList<>();
    checked.addAll(assertNoAllocation(Compiled.compile("p.Foo", FOO).generatedSource("p.FooGrad")));
    checked.addAll(assertNoAllocation(Compiled.compile("p.Shapes", SHAPES).generatedSource("p.ShapesGrad")));
    // the gradient, the pullback and the directional function's pullback of each of six methods
    assertEquals(18, checked.size(), "gradient and pullback entries checked: " + checked);
  }

  @Test
  void entriesWithCallsDoNotAllocateEither() {
    // a call's gradient arrives in a per-thread buffer held in a static field, not in a new array
    List<String> checked = assertNoAllocation(Compiled.compile("p.Calls", CALLS).generatedSource("p.CallsGrad"));
    assertEquals(6, checked.size(), "gradient and pullback entries checked: " + checked);
  }

  @Test
  void aCallAtTheTopLevelIsEvaluatedOnceForValueAndGradient() {
    Compiled compiled = Compiled.compile("p.Calls", CALLS);
    String outer = sweepText(compiled.generatedSource("p.CallsGrad"), "outer");
    // the forward sweep takes the value from the pullback, seeded 1; the reverse scales its gradient
    assertEquals(1, count(outer, "CallsGrad.inner_pullback("), outer);
    assertFalse(outer.contains("Calls.inner("), outer);
    assertTrue(outer.contains("inner_pullback(t * x, ys, 1.0, "), outer);
    new GradientAgreement(compiled, "p.Calls", "outer").check(0.7, new double[] {0.3, -1.2});
  }

  static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void trivialFactorsAreFolded() {
    String source = Compiled.compile("p.Shapes", SHAPES).generatedSource("p.ShapesGrad");
    // x * 1.0, 1.0 * x, x + 0.0, x - 0.0, 0.0 + x, 0.0 - x, x * 0.0, 0.0 * x
    Pattern trivial = Pattern.compile("\\* 1\\.0(?![\\d.eE])|(?<![\\w.])1\\.0 \\*|[+-] 0\\.0(?![\\d.eE])"
        + "|(?<![\\w.])0\\.0 [+-] |\\* 0\\.0(?![\\d.eE])|(?<![\\w.])0\\.0 \\*");
    for (String name : List.of("polynomial", "neuron", "kinks", "arrays", "locals")) {
      String entry = sweepText(source, name);
      Matcher m = trivial.matcher(entry);
      assertFalse(m.find(), () -> name + ": unfolded '" + m.group() + "' in\n" + entry);
    }
  }

  @Test
  void companionOfAnAuxiliaryClassCompilesWithoutWarnings() {
    // A second, package-private top-level class in a file: javac warns (-Xlint:auxiliaryclass) when
    // another file uses it, and the companion is another file.
    Compiled compiled = Compiled.compile("p.Main", """
        package p;

        import io.javagrad.Differentiable;

        public class Main {
          @Differentiable static double f(double x) {
            return Aux.g(x) * 2;
          }
        }

        class Aux {
          @Differentiable static double g(double x) {
            return h(x) + 1;
          }

          @Differentiable static double h(double x) {
            return x * x;
          }
        }
        """);
    assertThat(compiled.compilation()).succeededWithoutWarnings();
    new GradientAgreement(compiled, "p.Main", "f").check(0.5);
  }

  /**
   * Checks that no gradient entry ({@code double[] grad} last) or pullback of the companion
   * creates an object or array, except the exception thrown for a short buffer; returns the
   * methods checked.
   */
  private static List<String> assertNoAllocation(String source) {
    List<String> checked = new ArrayList<>();
    for (MethodTree method : parse(source)) {
      String name = method.getName().toString();
      boolean gradientEntry = !method.getParameters().isEmpty()
          && method.getParameters().get(method.getParameters().size() - 1).getName().contentEquals("grad")
          && method.getReturnType().toString().equals("double");
      if (!gradientEntry && !name.endsWith("_pullback")) {
        continue;
      }
      checked.add(name);
      List<Tree> allocations = new ArrayList<>();
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitThrow(ThrowTree node, Void unused) {
          return null;
        }

        @Override
        public Void visitNewClass(NewClassTree node, Void unused) {
          allocations.add(node);
          return super.visitNewClass(node, unused);
        }

        @Override
        public Void visitNewArray(NewArrayTree node, Void unused) {
          allocations.add(node);
          return super.visitNewArray(node, unused);
        }
      }.scan(method.getBody(), null);
      assertTrue(allocations.isEmpty(), () -> name + " allocates: " + allocations + "\n" + method);
    }
    return checked;
  }

  /** The methods of a generated source, parsed (not compiled) by javac. */
  private static List<MethodTree> parse(String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file = JavaFileObjects.forSourceString("p.Generated", source);
    JavacTask task = (JavacTask) javac.getTask(null, null, null, List.of("-proc:none"), null, List.of(file));
    List<MethodTree> methods = new ArrayList<>();
    try {
      for (CompilationUnitTree unit : task.parse()) {
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitMethod(MethodTree node, Void unused) {
            methods.add(node);
            return null;
          }
        }.scan(unit, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return methods;
  }

  /** The pullback of {@code name}: where the gradient entry's two sweeps are written. */
  static String sweepText(String source, String name) {
    return methodText(source, name + "_pullback", "");
  }

  /** The text of the method {@code name} whose parameter list ends with {@code lastParameter}. */
  static String methodText(String source, String name, String lastParameter) {
    Matcher header = Pattern.compile("\\n  public static \\w+ " + Pattern.quote(name) + "\\(([^)]*)\\) \\{\\n")
        .matcher(source);
    while (header.find()) {
      if (header.group(1).replaceAll("\\s+", " ").endsWith(lastParameter)) {
        int end = source.indexOf("\n  }\n", header.end());
        return source.substring(header.start() + 1, end + 4);
      }
    }
    throw new AssertionError("no method " + name + "(..., " + lastParameter + ") in\n" + source);
  }

  /** Each of {@code lines} is a line of {@code text} (stripped), after the previous one. */
  static void assertLinesInOrder(String text, String... lines) {
    List<String> actual = text.lines().map(String::strip).toList();
    int at = 0;
    for (String line : lines) {
      int found = -1;
      for (int i = at; i < actual.size(); i++) {
        if (actual.get(i).equals(line) || line.endsWith("(") && actual.get(i).startsWith(line)) {
          found = i;
          break;
        }
      }
      int after = at;
      assertTrue(found >= 0, () -> "no line '" + line + "' after line " + after + " in\n" + text);
      at = found + 1;
    }
  }
}
