package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A body may read constants and call methods that its class reaches but its companion, a top-level
 * class of the same package, does not: private members of the class and of its nest, and protected
 * ones inherited from another package. A compile-time constant is copied by value; anything else
 * is a compile error at the expression, saying what to make wider.
 */
class CompanionAccessTest {
  /** In another package: what {@code p.Derived} inherits is protected there. */
  private static final String BASE = """
      package q;

      import io.javagrad.Differentiable;

      public class Base {
        protected static final double SCALE = 2.5;
        protected static final double ROOT_TWO = Math.sqrt(2.0);

        @Differentiable protected static double square(double x) {
          return x * x;
        }

        @Differentiable public static double cube(double x) {
          return x * x * x;
        }

        /** Protected, so only subclasses in other packages see it and its public members. */
        protected static class Helper {
          @Differentiable public static double twice(double x) {
            return 2 * x;
          }
        }
      }
      """;

  private static final JavaFileObject BASE_FILE = JavaFileObjects.forSourceString("q.Base", BASE);

  private static final String CONSTANTS = """
      package p;

      import io.javagrad.Differentiable;

      public class Derived extends q.Base {
        private static final double OWN = 1.5;
        private static final long COUNT = -3L;

        private static class Hidden {
          static final double K = 3.0;
        }

        static class Open {
          private static final double K = -0.5;
          private static final int N = 4;
        }

        /** Protected and inherited, private to the class, in a private class, private to a nested class. */
        @Differentiable static double constants(double x) {
          return SCALE * x + OWN * x * x + Hidden.K * Open.K * x + COUNT * Open.N;
        }

        /** Public, though inherited; called inside a branch, where the companion calls Base.cube itself. */
        @Differentiable static double inheritedPublic(double x) {
          double s = x;
          if (x > 0) {
            s = cube(x);
          }
          return s;
        }

        static class Inner {
          /** The enclosing class's private constant, from a nested class's method. */
          @Differentiable static double enclosing(double x) {
            return OWN * x;
          }
        }
      }
      """;

  @Test
  void compileTimeConstantsTheCompanionCannotNameAreCopied() {
    Compiled compiled = Compiled.compile(java.util.List.of("-Werror"), "q.Base", BASE, "p.Derived", CONSTANTS);
    double x = 0.75;
    assertArrayEquals(new double[] {2.5 + 3 * x - 1.5},
        new GradientAgreement(compiled, "p.Derived", "constants").check(x), 1e-15);
    new GradientAgreement(compiled, "p.Derived", "inheritedPublic").check(x);
    new GradientAgreement(compiled, "p.Derived", "inheritedPublic").check(-x);
    assertArrayEquals(new double[] {1.5},
        new GradientAgreement(compiled, "p.Derived$Inner", "enclosing").check(x), 0.0);
    String code = compiled.generatedSource("p.DerivedGrad").replaceAll("//.*", "");
    assertFalse(code.contains("SCALE") || code.contains("Hidden") || code.contains("OWN"),
        () -> "the companion names a member it cannot reach:\n" + code);
  }

  @Test
  void whatCannotBeCopiedIsAnErrorAtTheExpression() {
    JavaFileObject derived = JavaFileObjects.forSourceString("p.Derived", """
        package p;

        import io.javagrad.Differentiable;

        public class Derived extends q.Base {
          private static final double LOADED = Math.sqrt(3.0);

          private static class Hidden {
            static final double ROOT = Math.sqrt(5.0);
          }

          @Differentiable static double good(double x) {
            return SCALE * x;
          }

          @Differentiable static double inheritedProtected(double x) {
            return ROOT_TWO * x;
          }

          @Differentiable static double privateNotConstant(double x) {
            return LOADED * x;
          }

          @Differentiable static double inPrivateClass(double x) {
            return x * Hidden.ROOT;
          }

          @Differentiable static double callsProtected(double x) {
            return square(x) + 1;
          }

          @Differentiable static double callsIntoProtectedClass(double x) {
            return Helper.twice(x) + 1;
          }

          @Differentiable private static double privateSquare(double x) {
            return x * x;
          }

          @Differentiable static double callsPrivate(double x) {
            return privateSquare(x) + 1;
          }
        }
        """);
    Compilation c = FailingCompilation.compile(BASE_FILE, derived);
    // ROOT_TWO and LOADED, which the companion cannot name, it copies with their initializers.
    assertError(c, derived, "return x * Hidden.ROOT;", "Hidden cannot be named by the generated companion"
        + " p.DerivedGrad, because it is private; make it package-private or wider");
    assertError(c, derived, "return square(x) + 1;", "Base.square cannot be called by the generated companion"
        + " p.DerivedGrad, because it is protected in another package, q; make it public");
    assertError(c, derived, "return Helper.twice(x) + 1;", "Helper.twice cannot be called by the generated"
        + " companion p.DerivedGrad, because class q.Base.Helper is protected in another package, q; make class"
        + " q.Base.Helper public");
    assertError(c, derived, "return privateSquare(x) + 1;", "Derived.privateSquare cannot be called by the"
        + " generated companion p.DerivedGrad, because it is private; make it package-private or wider");
    assertError(c, derived, "@Differentiable private static double privateSquare",
        "@Differentiable methods must not be private");
    assertThat(c).hadErrorCount(5);
  }

  private static void assertError(Compilation compilation, JavaFileObject file, String line, String message) {
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }
}
