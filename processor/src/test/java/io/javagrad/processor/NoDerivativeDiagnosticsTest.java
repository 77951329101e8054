package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javagrad.Gradient;
import io.javagrad.Value;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @NoDerivative} where it is wrong or means nothing: a warning on an {@code int}, {@code
 * long} or {@code boolean} parameter (and the companion still works), an error on a parameter of a
 * method that is not {@code @Differentiable} (at the parameter), and an error at each argument that
 * carries a derivative into a {@code @NoDerivative} parameter of a callee. A constant passed into
 * a constant parameter is fine.
 */
class NoDerivativeDiagnosticsTest {
  private static final String CARRIES = "carries a derivative, but it is passed into a @NoDerivative parameter";

  // ----- warnings

  @Test
  void onIntLongAndBooleanParametersItIsAWarningAndTheCompanionStillWorks() throws Exception {
    String source = """
        package p;

        import io.javagrad.Differentiable;
        import io.javagrad.NoDerivative;

        public class Flags {
          @Differentiable static double f(double a,
              @NoDerivative int n,
              @NoDerivative long m,
              @NoDerivative boolean b) {
            return b ? a * a * n : a * m;
          }
        }
        """;
    Compiled c = Compiled.compile("p.Flags", source);
    Compilation compilation = c.compilation();
    JavaFileObject file = file(compilation, "p/Flags.java");
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("@NoDerivative has no effect on n: a int parameter is never"
        + " differentiated").inFile(file).onLineContaining("@NoDerivative int n");
    assertThat(compilation).hadWarningContaining("@NoDerivative has no effect on m").inFile(file)
        .onLineContaining("@NoDerivative long m");
    assertThat(compilation).hadWarningContaining("@NoDerivative has no effect on b").inFile(file)
        .onLineContaining("@NoDerivative boolean b");
    assertThat(compilation).hadWarningCount(3);

    // The companion is there and works: one slot, for a.
    ClassLoader loader = new GeneratedClasses(compilation);
    Class<?> companion = Class.forName("p.FlagsGrad", true, loader);
    double[] grad = new double[1];
    double value = (Double) invoke(companion, "f",
        new Class<?>[] {double.class, int.class, long.class, boolean.class, double[].class}, 1.5, 3, 4L, true, grad);
    assertEquals(1.5 * 1.5 * 3, value, 0.0);
    assertArrayEquals(new double[] {2 * 1.5 * 3}, grad, 1e-15);
    Gradient g = (Gradient) invoke(companion, "f", new Class<?>[] {double.class, int.class, long.class, boolean.class},
        1.5, 3, 4L, false);
    assertEquals(1.5 * 4, g.value(), 0.0);
    assertArrayEquals(new double[] {4.0}, g.gradient(), 1e-15);
    Value a = new Value(1.5);
    Value twin = (Value) invoke(companion, "f", new Class<?>[] {Value.class, int.class, long.class, boolean.class},
        a, 3, 4L, true);
    twin.backward();
    assertEquals(value, twin.data(), 1e-15);
    assertEquals(grad[0], a.grad(), 1e-12);
  }

  // ----- errors at the parameter

  @Test
  void onAParameterOfAMethodThatIsNotDifferentiableItIsAnErrorAtTheParameter() {
    String source = """
        package p;

        import io.javagrad.Differentiable;
        import io.javagrad.NoDerivative;

        public class Plain {
          static double helper(double a,
              @NoDerivative double notDifferentiable) {
            return a * notDifferentiable;
          }

          double instance(double a, @NoDerivative double[] onInstance) {
            return a * onInstance[0];
          }

          Plain(@NoDerivative double inConstructor) {
          }

          @Differentiable static double fine(double a, @NoDerivative double c) {
            return a * c;
          }
        }
        """;
    Compilation compilation = Compiled.compile("p.Plain", source).compilation();
    JavaFileObject file = file(compilation, "p/Plain.java");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("@NoDerivative marks a constant input of a @Differentiable method,"
        + " but helper is not @Differentiable").inFile(file).onLineContaining("@NoDerivative double notDifferentiable");
    assertThat(compilation).hadErrorContaining("but instance is not @Differentiable").inFile(file)
        .onLineContaining("@NoDerivative double[] onInstance");
    assertThat(compilation).hadErrorContaining("is not @Differentiable").inFile(file)
        .onLineContaining("@NoDerivative double inConstructor");
    assertThat(compilation).hadErrorCount(3);
  }

  /**
   * Data put into a record (claims built from parallel arrays, found by the actuarial corpus): the
   * error at the element names @NoDerivative on the parameter as a remedy, since the caller often
   * meant the array as data; a local's value gets no such advice.
   */
  @Test
  void aParameterPutIntoAnObjectIsToldItMayBeNoDerivative() {
    String source = """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Claims {
          record Claim(double amount) {}

          @Differentiable static double total(double r, double[] amounts) {
            List<Claim> claims = new ArrayList<>();
            for (double a : amounts) {
              claims.add(new Claim(a));
            }
            claims.add(new Claim(amounts[0]));
            java.util.Collections.reverse(claims); // a library's method holds the list: an object
            double s = 0;
            for (Claim c : claims) {
              s += r * c.amount();
            }
            return s;
          }
        }
        """;
    Compilation compilation = Compiled.compile("p.Claims", source).compilation();
    JavaFileObject file = file(compilation, "p/Claims.java");
    // Told once, where the library's method takes the list, which keeps it from being held per number.
    assertThat(compilation).hadErrorContaining("claims carries a derivative, but it is used here"
        + " (java.util.Collections.reverse(claims)) as an object").inFile(file)
        .onLineContaining("java.util.Collections.reverse(claims);");
    assertThat(compilation).hadErrorContaining("if no derivative is wanted in the numbers stored, declare the"
        + " parameters they come from @NoDerivative").inFile(file)
        .onLineContaining("java.util.Collections.reverse(claims);");
    assertEquals(1, compilation.errors().stream()
        .filter(e -> e.getMessage(null).contains("@NoDerivative")).count());
  }

  // ----- errors at the argument

  private static final String CALLEES = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Callees {
        @Differentiable public static double weigh(double a, @NoDerivative double c) {
          return a * c;
        }

        @Differentiable public static double dot(double[] w, @NoDerivative double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }

        @Differentiable public static double square(double v) {
          return v * v;
        }
      }
      """;

  @Test
  void anActiveParameterIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x) {
          return Callees.weigh(1.0,
              x);
        }
        """, "x", "x);");
  }

  @Test
  void anActiveExpressionIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x) {
          return Callees.weigh(1.0,
              x * 2);
        }
        """, "x * 2", "x * 2);");
  }

  @Test
  void anActiveLocalArrayIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x, @NoDerivative double[] data) {
          double[] z = new double[2];
          z[0] = data[0];
          z[1] = x * data[1];
          return Callees.dot(data,
              z);
        }
        """, "z", "z);");
  }

  @Test
  void anActiveParameterArrayIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double[] w, @NoDerivative double[] data) {
          return Callees.dot(data,
              w);
        }
        """, "w", "w);");
  }

  @Test
  void anElementOfAnActiveArrayIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double[] w) {
          return Callees.weigh(2.0,
              w[1]);
        }
        """, "w[1]", "w[1]);");
  }

  @Test
  void anActiveConditionalIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x, boolean flag) {
          return Callees.weigh(2.0,
              flag ? x : 0.0);
        }
        """, "flag ? x : 0.0", "flag ? x : 0.0);");
  }

  @Test
  void anActiveCallResultIntoAConstantParameterIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x) {
          return Callees.weigh(2.0,
              Callees.square(x));
        }
        """, "Callees.square(x)", "Callees.square(x));");
  }

  @Test
  void aLocalThatALaterIterationMakesActiveIsAnErrorAtTheArgument() {
    assertCarries("""
        @Differentiable static double f(double x, int n) {
          double t = 1.0;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Callees.weigh(x,
                t);
            t = x * i;
          }
          return s;
        }
        """, "t", "t);");
  }

  @Test
  void anActiveValueIntoAConstantParameterOfTheSameClassIsAnErrorAtTheArgument() {
    String source = Compiled.classSource("p.Same", List.of("import io.javagrad.NoDerivative;"), List.of("""
        @Differentiable static double g(double a, @NoDerivative double c) {
          return a * c;
        }
        """, """
        @Differentiable static double f(double x) {
          double y = Math.sin(x);
          return g(x,
              y);
        }
        """));
    Compilation compilation = Compiled.compile("p.Same", source).compilation();
    assertThat(compilation).hadErrorContaining("y " + CARRIES).inFile(file(compilation, "p/Same.java"))
        .onLineContaining("y);");
    assertThat(compilation).hadErrorCount(1);
  }

  @TempDir
  static Path dir;
  private static Path library;

  @BeforeAll
  static void compileLibrary() throws IOException {
    library = NoDerivativeGradientTest.javac(dir.resolve("lib"), "p.Callees", CALLEES);
  }

  @Test
  void anActiveValueIntoAConstantParameterOfASeparatelyCompiledCalleeIsAnErrorAtTheArgument() {
    String source = Compiled.classSource("q.User", List.of("import p.Callees;"), List.of("""
        @Differentiable static double f(double[] w, double x) {
          return Callees.dot(w,
              w) + Callees.weigh(x,
              x + 1);
        }
        """));
    Compilation compilation = Compiled.compile(List.of("-classpath", library + File.pathSeparator
        + System.getProperty("java.class.path")), "q.User", source).compilation();
    JavaFileObject file = file(compilation, "q/User.java");
    assertThat(compilation).hadErrorContaining("w " + CARRIES).inFile(file).onLineContaining("w) + Callees");
    assertThat(compilation).hadErrorContaining("x + 1 " + CARRIES).inFile(file).onLineContaining("x + 1);");
    assertThat(compilation).hadErrorCount(2);
  }

  // ----- constants into constants

  @Test
  void constantsIntoConstantParametersAreFine() {
    String source = Compiled.classSource("q.Fine", List.of("import io.javagrad.NoDerivative;", "import p.Callees;"),
        List.of("""
        @Differentiable static double f(double x, double[] w, @NoDerivative double c, @NoDerivative double[] data,
            int n) {
          double[] z = new double[2];
          z[0] = c * 3;
          z[1] = data[0] + n;
          double k = Math.exp(c) + data.length;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Callees.weigh(x, c) + Callees.weigh(x, data[i] * c) + Callees.weigh(x, 2.0) + Callees.weigh(x, i)
                + Callees.weigh(x, k) + Callees.weigh(x, n > 1 ? c : data[0])
                // the condition reads x, but the value is a constant either way: it carries no derivative
                + Callees.weigh(x, x > 0 ? c : 2.0);
          }
          return s + Callees.dot(w, data) + Callees.dot(w, z) + Callees.dot(z, data)
              + Callees.dot(data, z) * x;
        }
        """));
    Compiled c = Compiled.compile(List.of("-classpath", library + File.pathSeparator
        + System.getProperty("java.class.path")), "q.Fine", source).assertCleanSuccess().withClassesFrom(library);
    new GradientAgreement(c, "q.Fine", "f").check(0.7, new double[] {0.5, -0.25}, 1.3, new double[] {0.4, -1.1}, 2);
  }

  // ----- a method with no slot at all

  /**
   * All its double parameters are constant: the twin would take the same parameters as the
   * Gradient entry. The processor never writes a companion that does not compile: it either
   * manages, or says why at the method.
   */
  @Test
  void aMethodWhoseInputsAreAllConstantNeverYieldsACompanionThatDoesNotCompile() {
    String source = Compiled.classSource("p.AllConstant", List.of("import io.javagrad.NoDerivative;"), List.of("""
        @Differentiable static double f(@NoDerivative double[] x, @NoDerivative double k) {
          return x[0] * k;
        }
        """));
    Compiled c = Compiled.compile("p.AllConstant", source);
    Compilation compilation = c.compilation();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertTrue(error.getSource() != null && error.getSource().getName().endsWith("p/AllConstant.java"),
          () -> "an error in the generated companion, not in the user's code:\n" + c.diagnostics());
    }
    if (compilation.status() == Compilation.Status.FAILURE) {
      assertThat(compilation).hadErrorContaining("").inFile(file(compilation, "p/AllConstant.java"))
          .onLineContaining("static double f(@NoDerivative double[] x");
    } else {
      c.assertCleanSuccess();
      double[] grad = new double[0];
      double value = (Double) c.call("p.AllConstantGrad", "f", new Class<?>[] {double[].class, double.class,
          double[].class}, new double[] {1.5}, 2.0, grad);
      assertEquals(3.0, value, 0.0);
    }
  }

  // ----- helpers

  /** Compiles {@code method} in q.Caller against p.Callees, and expects exactly one error, at the argument. */
  private static void assertCarries(String method, String argument, String lineFragment) {
    String caller = Compiled.classSource("q.Caller", List.of("import io.javagrad.NoDerivative;", "import p.Callees;"),
        List.of(method));
    Compilation compilation = Compiled.compile("p.Callees", CALLEES, "q.Caller", caller).compilation();
    JavaFileObject file = file(compilation, "q/Caller.java");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(argument + " " + CARRIES).inFile(file)
        .onLineContaining(lineFragment);
    assertThat(compilation).hadErrorCount(1);
  }

  private static JavaFileObject file(Compilation compilation, String path) {
    return compilation.sourceFiles().stream().filter(f -> f.getName().endsWith(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no source " + path));
  }

  private static Object invoke(Class<?> type, String name, Class<?>[] types, Object... args) throws Exception {
    Method method = type.getDeclaredMethod(name, types);
    method.setAccessible(true);
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * The classes of a compilation that succeeded with warnings ({@link Compiled#load} insists on a
   * clean one).
   */
  private static final class GeneratedClasses extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    GeneratedClasses(Compilation compilation) {
      super(NoDerivativeDiagnosticsTest.class.getClassLoader());
      for (JavaFileObject f : compilation.generatedFiles()) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
              path.length() - ".class".length()).replace('/', '.');
          classes.put(name, f);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject f = classes.get(name);
      if (f == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = f.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
