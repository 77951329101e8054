package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code @Differentiable} method compiled earlier, in another javac run, is called by a method
 * compiled now: the gradient flows through its companion, found on the class path (a directory
 * or a jar). Without the companion the call is a compile error that says so.
 */
class SeparateCompilationTest {
  private static final String A = """
      package a;

      import io.javagrad.Differentiable;

      public class A {
        @Differentiable public static double f(double x, double y) {
          return Math.sin(x) * y + Math.exp(y / 2);
        }

        @Differentiable public static double sum(double[] xs, int n) {
          return xs[0] * n + xs[1] * xs[2];
        }
      }
      """;

  private static final String B = """
      package b;

      import a.A;
      import io.javagrad.Differentiable;

      public class B {
        @Differentiable static double g(double x, double y) {
          double t = x * y;
          return A.f(t, y - 1) * x + t;
        }

        @Differentiable static double h(double[] xs, double w) {
          return A.sum(xs, 3) * w;
        }
      }
      """;

  @TempDir
  static Path dir;
  private static Path classes;
  private static Path classesWithoutCompanion;

  @BeforeAll
  static void compileA() throws IOException {
    classes = javac(dir.resolve("with"), "a.A", A, true);
    classesWithoutCompanion = javac(dir.resolve("without"), "a.A", A, false);
  }

  @Test
  void gradientFlowsThroughACompanionFromAnEarlierCompilation() {
    assertTrue(Files.exists(classes.resolve("a/AGrad.class")), "the first run wrote the companion");
    assertTrue(Files.exists(dir.resolve("with/generated/a/AGrad.java")), "and its source");

    Compiled b = compileAgainst(classes, "b.B", B).assertCleanSuccess().withClassesFrom(classes);
    assertFalse(b.generatedSources().contains("class AGrad"), "A's companion is not generated again");
    double[] grad = new GradientAgreement(b, "b.B", "g").check(0.7, 1.3);
    double t = 0.7 * 1.3;
    double y = 1.3;
    // g = (sin(t) (y - 1) + e^((y - 1) / 2)) x + t, with t = x y
    double f = Math.sin(t) * (y - 1) + Math.exp((y - 1) / 2);
    double dfdt = Math.cos(t) * (y - 1);
    double dfdy = Math.sin(t) + Math.exp((y - 1) / 2) / 2;
    assertEquals(dfdt * y * 0.7 + f + y, grad[0], 1e-12);
    assertEquals(dfdt * 0.7 * 0.7 + dfdy * 0.7 + 0.7, grad[1], 1e-12);
    new GradientAgreement(b, "b.B", "g").check(-2.0, 0.25);
  }

  @Test
  void arrayParametersThroughAnEarlierCompanion() {
    Compiled b = compileAgainst(classes, "b.B", B).assertCleanSuccess().withClassesFrom(classes);
    double[] grad = new GradientAgreement(b, "b.B", "h").check(new double[] {0.5, -1.5, 2.0}, 0.75);
    assertArrayEquals(new double[] {3 * 0.75, 2.0 * 0.75, -1.5 * 0.75, 0.5 * 3 + -1.5 * 2.0}, grad, 1e-15);
  }

  @Test
  void aMethodThatWritesIntoItsArrayIsRefusedAtTheCallAlsoFromALaterCompilation() throws IOException {
    String writer = """
        package w;

        import io.javagrad.Differentiable;

        public class W {
          @Differentiable public static double scaleInPlace(double[] xs, double c) {
            for (int i = 0; i < xs.length; i++) {
              xs[i] *= c;
            }
            return xs[0];
          }
        }
        """;
    String caller = """
        package b;

        import io.javagrad.Differentiable;

        public class C {
          @Differentiable static double g(double[] xs) {
            return w.W.scaleInPlace(xs, 2.0) + xs[1];
          }
        }
        """;
    Path writerClasses = javac(dir.resolve("writer"), "w.W", writer, true);
    Compilation compilation = compileAgainst(writerClasses, "b.C", caller).compilation();
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    String message = error.getMessage(null);
    assertTrue(message.contains("W.scaleInPlace writes into its parameter array xs,"), message);
    assertEquals(lineOf(caller, "w.W.scaleInPlace"), error.getLineNumber(), message);
  }

  @Test
  void aVectorValuedMethodFromAnEarlierCompilationIsRefusedAtTheCallNamingTheRemedy() throws IOException {
    String vector = """
        package v;

        import io.javagrad.Differentiable;

        public class P {
          @Differentiable public static double[] polar(double r, double theta) {
            return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
          }
        }
        """;
    String caller = """
        package b;

        import io.javagrad.Differentiable;

        public class D {
          @Differentiable static double g(double r) {
            double[] c = v.P.polar(r, 0.5);
            return c[0] + c[1];
          }
        }
        """;
    Path vectorClasses = javac(dir.resolve("vector"), "v.P", vector, true);
    assertTrue(Files.exists(vectorClasses.resolve("v/PGrad.class")), "the first run wrote the companion");
    Compilation compilation = compileAgainst(vectorClasses, "b.D", caller).compilation();
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    String message = error.getMessage(null);
    assertTrue(message.contains("P.polar returns a double[] and was compiled before this class"), message);
    assertTrue(message.contains("compile P together with this class"), message);
    assertTrue(message.contains("PGrad.polar_vjp"), message);
    assertEquals(lineOf(caller, "v.P.polar"), error.getLineNumber(), message);
  }

  @Test
  void companionInAJar() throws IOException {
    Path jar = jar(classes, dir.resolve("a.jar"));
    Compiled b = compileAgainst(jar, "b.B", B).assertCleanSuccess().withClassesFrom(jar);
    new GradientAgreement(b, "b.B", "g").check(0.7, 1.3);
  }

  @Test
  void missingCompanionIsACompileErrorThatSaysSo() {
    assertFalse(Files.exists(classesWithoutCompanion.resolve("a/AGrad.class")));
    Compiled b = compileAgainst(classesWithoutCompanion, "b.B", B);
    Compilation compilation = b.compilation();
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertFalse(errors.isEmpty());
    Diagnostic<? extends JavaFileObject> error = errors.stream()
        .filter(e -> e.getMessage(null).contains("A.f")).findFirst()
        .orElseThrow(() -> new AssertionError("no error names A.f: " + errors));
    String message = error.getMessage(null);
    assertTrue(message.contains("companion"), message);
    assertTrue(message.contains("a.AGrad"), message);
    assertTrue(message.contains("A.f"), message);
    assertTrue(error.getSource() != null && error.getSource().getName().endsWith("b/B.java"),
        "the error is in B: " + error);
    assertEquals(lineOf(B, "A.f(t, y - 1)"), error.getLineNumber(), () -> "the error is on the line of the call: "
        + error);
  }

  /**
   * Compiles one class with javac into {@code root/classes} (and generated sources into {@code
   * root/generated}), with the processor when {@code withProcessor}, as a build would.
   */
  static Path javac(Path root, String name, String source, boolean withProcessor) throws IOException {
    return javac(root, withProcessor, name, source);
  }

  /** Compiles {@code namesAndSources} (name, source, name, source...) into {@code root/classes}, which it returns. */
  static Path javac(Path root, boolean withProcessor, String... namesAndSources) throws IOException {
    Path sources = root.resolve("src");
    List<File> sourceFiles = new ArrayList<>();
    for (int i = 0; i < namesAndSources.length; i += 2) {
      Path file = sources.resolve(namesAndSources[i].replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, namesAndSources[i + 1]);
      sourceFiles.add(file.toFile());
    }
    String name = namesAndSources[0];
    Path output = Files.createDirectories(root.resolve("classes"));
    Path generated = Files.createDirectories(root.resolve("generated"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      List<String> options = new ArrayList<>(List.of("--release", "17", "-Xlint:all",
          "-classpath", System.getProperty("java.class.path"),
          "-d", output.toString(), "-s", generated.toString()));
      if (!withProcessor) {
        options.add("-proc:none");
      }
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task = compiler.getTask(out, files, diagnostics, options, null,
          files.getJavaFileObjectsFromFiles(sourceFiles));
      if (withProcessor) {
        task.setProcessors(List.of(new DifferentiableProcessor()));
      }
      boolean ok = task.call();
      assertTrue(ok && diagnostics.getDiagnostics().isEmpty(), () -> "javac " + name + ": " + out + " "
          + diagnostics.getDiagnostics());
    }
    return output;
  }

  /** Compiles through the processor, with {@code classPath} and the test's class path. */
  static Compiled compileAgainst(Path classPath, String... namesAndSources) {
    String path = classPath + File.pathSeparator + System.getProperty("java.class.path");
    return Compiled.compile(List.of("-classpath", path), namesAndSources);
  }

  private static long lineOf(String source, String text) {
    return source.substring(0, source.indexOf(text)).lines().count();
  }

  private static Path jar(Path directory, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        jarOut.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return jar;
  }
}
