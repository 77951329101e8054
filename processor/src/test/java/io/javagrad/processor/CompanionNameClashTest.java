package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The companion of {@code p.A.B} and that of {@code p.A_B} would both be {@code p.A_BGrad}: the
 * second class to need the name gets a compile error that names the clash, in the same round or
 * a later one, and the first keeps its companion.
 */
class CompanionNameClashTest {
  private static final JavaFileObject NESTED = JavaFileObjects.forSourceString("p.A", """
      package p;

      import io.javagrad.Differentiable;

      public class A {
        public static class B {
          @Differentiable static double f(double x) {
            return x * x;
          }
        }
      }
      """);

  private static final String TOP_LEVEL = """
      package p;

      import io.javagrad.Differentiable;

      public class A_B {
        @Differentiable static double g(double x) {
          return x * x * x;
        }
      }
      """;

  private static final String CLASH = "the companion of p.A_B would be p.A_BGrad, which is already the companion"
      + " of p.A.B (a nested class's companion joins the names of its enclosing classes with _); rename one of"
      + " the two classes";

  @Test
  void secondClassInTheSameRoundIsAnError() {
    JavaFileObject topLevel = JavaFileObjects.forSourceString("p.A_B", TOP_LEVEL);
    JavaFileObject caller = JavaFileObjects.forSourceString("p.Caller", """
        package p;

        import io.javagrad.Differentiable;

        public class Caller {
          @Differentiable static double h(double x) {
            return A_B.g(x) + A.B.f(x);
          }
        }
        """);
    Compilation c = FailingCompilation.compile(NESTED, topLevel, caller);
    assertThat(c).hadErrorContaining(CLASH).inFile(topLevel).onLineContaining("public class A_B");
    assertThat(c).hadErrorContaining("A_B.g could not be differentiated").inFile(caller)
        .onLineContaining("return A_B.g(x)");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void classOfALaterRoundIsAnError() {
    Compilation c = FailingCompilation.compileWith(List.of(new WritesOneSource("p.A_B", TOP_LEVEL)), NESTED);
    // compile-testing keeps no generated file of a failed compilation to pass to inFile
    long classLine = TOP_LEVEL.lines().takeWhile(line -> !line.startsWith("public class A_B")).count() + 1;
    assertTrue(c.errors().stream().anyMatch(e -> e.getMessage(Locale.ROOT).contains(CLASH)
        && e.getSource().toUri().getPath().endsWith("p/A_B.java") && e.getLineNumber() == classLine),
        () -> "no error at p/A_B.java:" + classLine + " saying " + CLASH + "\n" + FailingCompilation.describe(c));
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void userClassWithTheCompanionsNameIsAnError() {
    JavaFileObject foo = JavaFileObjects.forSourceString("p.Foo", """
        package p;

        import io.javagrad.Differentiable;

        public class Foo {
          @Differentiable static double f(double x) {
            return x * x;
          }
        }
        """);
    JavaFileObject fooGrad = JavaFileObjects.forSourceString("p.FooGrad", "package p;\n\npublic class FooGrad {}\n");
    Compilation c = FailingCompilation.compile(foo, fooGrad);
    assertThat(c).hadErrorContaining("could not write p.FooGrad, the companion of Foo").inFile(foo)
        .onLineContaining("public class Foo");
    assertThat(c).hadErrorContaining("another class may already be named FooGrad; rename it or Foo").inFile(foo)
        .onLineContaining("public class Foo");
    assertThat(c).hadErrorCount(1);
  }
}
