package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A companion compiles without warnings under -Xlint:all -Werror whatever the user's code does that
 * the user has chosen to do (and suppressed in their own class): use deprecated constants and
 * methods, or write redundant casts. The companion suppresses a lint category only when it needs to.
 */
class CompanionWarningsTest {
  private static final List<String> WERROR = List.of("-Werror");

  private static final String OLD = """
      package p;

      import io.javagrad.Differentiable;

      public class Old {
        @Deprecated static final double RATE = 0.5;

        @Deprecated @Differentiable static double square(double x) {
          return x * x;
        }

        @Deprecated(forRemoval = true) @Differentiable static double cube(double x) {
          return x * x * x;
        }
      }
      """;

  /** A deprecated class: its companion names its constant, and so deprecated code, too. */
  private static final String LEGACY = """
      package p;

      import io.javagrad.Differentiable;

      @Deprecated
      public class Legacy {
        static final double K = 2.0;

        @Differentiable static double twice(double x) {
          return K * x;
        }
      }
      """;

  private static final String USES_DEPRECATED = """
      package p;

      import io.javagrad.Differentiable;

      @SuppressWarnings("deprecation")
      public class UsesDeprecated {
        @Differentiable static double rate(double x) {
          return Old.RATE * x * x;
        }

        /** Inside a branch the companion calls the deprecated method itself. */
        @Differentiable static double branch(double x) {
          double s = x;
          if (x > 0) {
            s = Old.square(x) + Legacy.twice(x);
          }
          return s;
        }
      }
      """;

  private static final String USES_REMOVAL = """
      package p;

      import io.javagrad.Differentiable;

      @SuppressWarnings("removal")
      public class UsesRemoval {
        @Differentiable static double branch(double x) {
          double s = x;
          if (x > 0) {
            s = Old.cube(x);
          }
          return s;
        }
      }
      """;

  /** Nothing deprecated: the companion suppresses nothing. */
  private static final String FRESH = """
      package p;

      import io.javagrad.Differentiable;

      public class Fresh {
        @Differentiable static double f(double x) {
          return x * Math.sin(x);
        }
      }
      """;

  @Test
  void deprecatedConstantsAndCalleesLeaveTheCompanionWithoutWarnings() {
    Compiled compiled = Compiled.compile(WERROR, "p.Old", OLD, "p.Legacy", LEGACY, "p.UsesDeprecated",
        USES_DEPRECATED, "p.UsesRemoval", USES_REMOVAL, "p.Fresh", FRESH).assertCleanSuccess();
    double x = 0.8;
    assertArrayEquals(new double[] {x}, new GradientAgreement(compiled, "p.UsesDeprecated", "rate").check(x), 1e-15);
    assertArrayEquals(new double[] {2 * x + 2},
        new GradientAgreement(compiled, "p.UsesDeprecated", "branch").check(x), 1e-15);
    assertArrayEquals(new double[] {3 * x * x},
        new GradientAgreement(compiled, "p.UsesRemoval", "branch").check(x), 1e-15);
    new GradientAgreement(compiled, "p.Legacy", "twice").check(x);

    assertSuppresses(compiled, "p.UsesDeprecatedGrad", "@SuppressWarnings(\"deprecation\")");
    assertSuppresses(compiled, "p.UsesRemovalGrad", "@SuppressWarnings(\"removal\")");
    assertSuppresses(compiled, "p.LegacyGrad", "@SuppressWarnings(\"deprecation\")");
    for (String unaffected : List.of("p.FreshGrad", "p.OldGrad")) {
      String source = compiled.generatedSource(unaffected);
      assertFalse(source.contains("@SuppressWarnings"), () -> unaffected + " suppresses warnings:\n" + source);
    }
  }

  private static void assertSuppresses(Compiled compiled, String companion, String annotation) {
    String source = compiled.generatedSource(companion);
    assertTrue(source.contains(annotation), () -> companion + " lacks " + annotation + ":\n" + source);
  }

  @Test
  void redundantLongCastIsNotRepeated() {
    Compiled compiled = Compiled.compile(WERROR, "p.Casts", """
        package p;

        import io.javagrad.Differentiable;

        @SuppressWarnings("cast")
        public class Casts {
          @Differentiable static double f(double[] x, long n, int k) {
            double s = 0;
            for (int i = 0; i < (long) n; i++) {
              s += x[i] * (long) (k + n);
            }
            long m = (long) n * (long) k;
            return s * m;
          }
        }
        """).assertCleanSuccess();
    double[] grad = new GradientAgreement(compiled, "p.Casts", "f").check(new double[] {0.5, -1.5, 2.0}, 2L, 3);
    assertArrayEquals(new double[] {30, 30, 0}, grad, 0.0);
    String code = compiled.generatedSource("p.CastsGrad").replaceAll("//.*", "");
    assertFalse(code.contains("(long) n") || code.contains("(long) (k + n)"),
        () -> "a redundant cast in the companion:\n" + code);
    assertTrue(code.contains("(long) k"), () -> "the cast of an int is gone:\n" + code);
  }
}
