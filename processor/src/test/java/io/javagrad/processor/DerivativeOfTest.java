package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @DerivativeOf} rules for a library's functions, of one and two arguments: rules compiled
 * earlier, in another javac run, used through {@code @DerivativesFrom} on a class and {@code
 * @Differentiable(derivatives = ...)} on a method, and a rule of the same compilation, used by every
 * call. Gradients agree with the twin (one node per rule) and with finite differences; a rule whose
 * shape does not match its target, and an active call into a library without a rule, are errors.
 */
class DerivativeOfTest {
  /** The library, compiled without source for the later compilations. */
  private static final String SPECIAL = """
      package lib;

      public final class Special {
        private Special() {}

        public static double logaddexp(double a, double b) {
          double m = Math.max(a, b);
          return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
        }

        public static double softsign(double x) {
          return x / (1 + Math.abs(x));
        }

        public static double scaledCube(double x, int k) {
          return k * x * x * x;
        }

        public static double norm(double[] v) {
          double s = 0;
          for (double e : v) {
            s += e * e;
          }
          return Math.sqrt(s);
        }

        public static double frobenius(double[][] m, double weight) {
          double s = 0;
          for (double[] row : m) {
            for (double e : row) {
              s += e * e;
            }
          }
          return weight * Math.sqrt(s);
        }
      }
      """;

  private static final String RULES = """
      package lib;

      import io.javagrad.DerivativeOf;

      public final class SpecialRules {
        private SpecialRules() {}

        @DerivativeOf(Special.class)
        public static double logaddexp(double a, double b, double[] grad) {
          double value = Special.logaddexp(a, b);
          grad[0] = Math.exp(a - value);
          grad[1] = Math.exp(b - value);
          return value;
        }

        @DerivativeOf(Special.class)
        public static double norm(double[] v, double[] grad) {
          double n = Special.norm(v);
          for (int i = 0; i < v.length; i++) {
            grad[i] = v[i] / n;
          }
          return n;
        }

        /** Rows may be ragged: grad has their elements one after the other, then the weight's slot. */
        @DerivativeOf(Special.class)
        public static double frobenius(double[][] m, double weight, double[] grad) {
          double value = Special.frobenius(m, weight);
          double n = value / weight;
          int k = 0;
          for (double[] row : m) {
            for (double e : row) {
              grad[k++] = weight * e / n;
            }
          }
          grad[k] = n;
          return value;
        }

        @DerivativeOf(Special.class)
        public static double softsign(double x, double[] grad) {
          double d = 1 + Math.abs(x);
          grad[0] = 1 / (d * d);
          return x / d;
        }
      }
      """;

  private static final String FIT = """
      package u;

      import io.javagrad.Differentiable;
      import io.javagrad.DerivativesFrom;
      import lib.Special;
      import lib.SpecialRules;

      @DerivativesFrom(SpecialRules.class)
      public class Fit {
        @Differentiable static double loss(double a, double b) {
          return Special.logaddexp(a * 2, b) + Special.softsign(a - b) * Special.scaledCube(b, 3);
        }

        @Differentiable static double ofArrays(double[] x, double[][] m, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double[] scaled = new double[x.length];
            for (int j = 0; j < x.length; j++) {
              scaled[j] = x[j] * (i + t);
            }
            s += Special.norm(scaled);
          }
          return s + Special.frobenius(m, t) / (1 + Special.norm(x));
        }

        @Differentiable static double inLoop(double[] w, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Special.softsign(w[i] * (i + 1));
            if (s > 0.5) {
              s = Special.logaddexp(s, w[0]) - 1;
            }
          }
          return n > 1 ? Special.softsign(s) : s;
        }
      }
      """;

  private static final String OTHER = """
      package u;

      import io.javagrad.Differentiable;
      import lib.Special;
      import lib.SpecialRules;

      public class Other {
        @Differentiable(derivatives = SpecialRules.class)
        static double viaMethod(double x) {
          return Special.softsign(x) * x;
        }
      }
      """;

  /** A rule of the user's compilation: used by every call, without naming its class anywhere. */
  private static final String OWN_RULES = """
      package u;

      import io.javagrad.DerivativeOf;
      import lib.Special;

      final class OwnRules {
        private OwnRules() {}

        @DerivativeOf(Special.class)
        static double scaledCube(double x, int k, double[] grad) {
          grad[0] = 3 * k * x * x;
          return Special.scaledCube(x, k);
        }
      }
      """;

  @TempDir
  static Path dir;
  private static Path library;
  private static Compiled compiled;

  @BeforeAll
  static void compile() throws IOException {
    library = SeparateCompilationTest.javac(dir.resolve("lib"), true, "lib.Special", SPECIAL, "lib.SpecialRules", RULES);
    compiled = SeparateCompilationTest.compileAgainst(library, "u.Fit", FIT, "u.Other", OTHER, "u.OwnRules", OWN_RULES)
        .assertCleanSuccess().withClassesFrom(library);
  }

  @Test
  void rulesOfOneAndTwoArgumentsAgree() {
    for (double a : new double[] {-1.2, 0.3, 2.0}) {
      new GradientAgreement(compiled, "u.Fit", "loss").check(a, 0.7 - a);
      new GradientAgreement(compiled, "u.Other", "viaMethod").check(a);
    }
    for (int n = 0; n <= 4; n++) {
      new GradientAgreement(compiled, "u.Fit", "inLoop").check(new double[] {0.4, -0.3, 0.9, 0.2}, n);
    }
  }

  @Test
  void rulesForFunctionsOfArraysAgree() {
    double[][] ragged = {{0.5, -1.0, 0.25}, {2.0}};
    new GradientAgreement(compiled, "u.Fit", "ofArrays").check(new double[] {0.3, -0.8, 1.1}, ragged, 0.7);
  }

  @Test
  void generatedCodeCallsTheRulesAndTheTwinMakesOneNodeEach() {
    String code = compiled.generatedSource("u.FitGrad");
    assertTrue(code.contains("SpecialRules.logaddexp("), code);
    assertTrue(code.contains("SpecialRules.softsign("), code);
    assertTrue(code.contains("OwnRules.scaledCube("), code);
    assertTrue(code.contains("private static Value SpecialRules$softsign(Value a0)"), code);
  }

  @Test
  void ruleWhoseShapeDoesNotMatchIsAnErrorAtTheRule() {
    String bad = """
        package u;

        import io.javagrad.DerivativeOf;
        import lib.Special;

        final class BadRules {
          @DerivativeOf(Special.class)
          static double softsign(double x) {
            return x;
          }

          @DerivativeOf(Special.class)
          static double softsine(double x, double[] grad) {
            return x;
          }

          @DerivativeOf(Special.class)
          static double logaddexp(double a, int b, double[] grad) {
            return a;
          }

          @DerivativeOf(Special.class)
          static float scaledCube(double x, int k, double[] grad) {
            return 0f;
          }
        }
        """;
    Compilation c = SeparateCompilationTest.compileAgainst(library, "u.BadRules", bad).compilation();
    assertThat(c).hadErrorContaining("softsign does not end with a double[] grad parameter").inFile(c.sourceFiles().get(0))
        .onLineContaining("static double softsign(double x)");
    assertThat(c).hadErrorContaining("Special has no static double method softsine(double)")
        .inFile(c.sourceFiles().get(0)).onLineContaining("static double softsine");
    assertThat(c).hadErrorContaining("Special has no static double method logaddexp(double, int)")
        .inFile(c.sourceFiles().get(0)).onLineContaining("static double logaddexp");
    assertThat(c).hadErrorContaining("scaledCube returns float, not double").inFile(c.sourceFiles().get(0))
        .onLineContaining("static float scaledCube");
    assertEquals(4, c.errors().size(), c.errors()::toString);
  }

  @Test
  void activeCallIntoALibraryWithoutRuleNamesBothRemedies() {
    String noRules = """
        package u;

        import io.javagrad.Differentiable;
        import lib.Special;

        public class NoRules {
          @Differentiable static double f(double x) {
            return Special.softsign(x) + 1;
          }
        }
        """;
    Compilation c = SeparateCompilationTest.compileAgainst(library, "u.NoRules", noRules).compilation();
    assertThat(c).hadErrorContaining("runs as written without differentiating it").inFile(c.sourceFiles().get(0))
        .onLineContaining("return Special.softsign(x) + 1;");
    assertThat(c).hadErrorContaining("annotate it @Differentiable where its source is, or declare its derivative"
        + " with @DerivativeOf");
    assertEquals(1, c.errors().size(), c.errors()::toString);
  }
}
