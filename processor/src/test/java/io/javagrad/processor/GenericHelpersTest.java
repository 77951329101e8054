package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generic helpers ({@code static <T> ...}). Given no value with a derivative, as argument checks
 * and utilities over inactive data are, they run as written. Given one, they were differentiated
 * on demand into methods of the companion that named their type variable, where it means nothing,
 * so the companion did not compile; that is now an error at the helper saying what to write, and
 * one at the call pointing there. Found
 * writing library-style helpers for the real-Java corpus.
 */
class GenericHelpersTest {
  @Test
  void genericUtilitiesOverInactiveDataRunAsWritten() {
    String source = Compiled.classSource("p.Utilities", List.of("import java.util.List;", "import java.util.Objects;"),
        List.of("""
            static <T> T notNull(T value, String name) {
              return Objects.requireNonNull(value, () -> name + " must not be null");
            }
            """, """
            static <T> double share(List<T> items, T item) {
              return items.indexOf(item) / (double) items.size();
            }
            """, """
            @Differentiable static double weighted(List<String> names, String name, double x) {
              notNull(names, "names");
              return share(notNull(names, "names"), name) * x * x;
            }
            """));
    Compiled compiled = Compiled.compile("p.Utilities", source).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Utilities", "weighted").check(List.of("a", "b", "c"), "b", 1.5);
  }

  @Test
  void aGenericHelperGivenADerivativeIsAnErrorAtTheCall() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Tagged", Compiled.classSource("p.Tagged",
        List.of("import java.util.Objects;"), List.of("""
            static <T> double tagged(T tag, double x) {
              Objects.requireNonNull(tag);
              return x * x;
            }
            """, """
            @Differentiable static double twice(double x) {
              return tagged("a", x) + x;
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("Tagged.tagged is generic (<T>) and a call gives it a value with a"
        + " derivative").inFile(file).onLineContaining("static <T> double tagged(T tag, double x)");
    assertThat(compilation).hadErrorContaining("declare its parameters of type T by their bound");
    assertThat(compilation).hadErrorContaining("Tagged.tagged could not be differentiated").inFile(file)
        .onLineContaining("return tagged(\"a\", x) + x;");
    assertThat(compilation).hadErrorCount(2);
  }
}
