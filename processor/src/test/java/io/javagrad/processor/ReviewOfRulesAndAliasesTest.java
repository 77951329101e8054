package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A review of second derivatives through {@code @DerivativeOf} rules of the compilation (the
 * rule's tangent, a helper made of its body), of rows given beside row aliases, and of {@code
 * MathArrays.linearCombination}: rules written as users write them, each compiled through the
 * processor and checked against central differences of the gradient.
 */
class ReviewOfRulesAndAliasesTest {
  /** Targets of the rules below, of another package than the rules' callers. */
  private static final String FUNCTIONS = """
      package q;

      public final class Fns {
        private Fns() {}

        public static double f(double x, double dx) {
          return x * x * dx + Math.sin(dx);
        }

        public static double poly(double x) {
          return 2 * (x + 0.25 * x * x + x * x * x / 12) + x * x * x * x / 4;
        }

        public static double h(double x) {
          return Math.exp(2 * x);
        }

        public static double k(double x) {
          return x * x * x * x;
        }

        public static double n(double x) {
          return Math.cos(x);
        }
      }
      """;

  private static final String RULES = """
      package q;

      import io.javagrad.DerivativeOf;
      import java.util.Arrays;
      import org.hipparchus.special.Erf;

      public final class QRules {
        private static final double[] COEF = {1, 0.5, 0.25};
        static final double SQRT_PI_OVER_TWO = Math.sqrt(Math.PI) / 2;

        private QRules() {}

        /** Parameters named as the tangent of another would be. */
        @DerivativeOf(Fns.class)
        public static double f(double x, double dx, double[] grad) {
          grad[0] = 2 * x * dx;
          grad[1] = x * x + Math.cos(dx);
          return Fns.f(x, dx);
        }

        /** A loop, a local array, a constant array of the class and a local named as the tangent. */
        @DerivativeOf(Fns.class)
        public static double poly(double x, double[] grad) {
          double[] terms = new double[3];
          double s = 0;
          for (int i = 0; i < 3; i++) {
            terms[i] = COEF[i] * Math.pow(x, i);
            s += terms[i];
          }
          double dx = s * 2;
          grad[0] = dx + x * x * x;
          return Fns.poly(x);
        }

        /** Its gradient calls its own target. */
        @DerivativeOf(Erf.class)
        public static double erfInv(double x, double[] grad) {
          double y = Erf.erfInv(x);
          grad[0] = SQRT_PI_OVER_TWO * Math.exp(y * y);
          return y;
        }

        /** An early return. */
        @DerivativeOf(Erf.class)
        public static double erf(double x, double[] grad) {
          if (x > 30) {
            grad[0] = 0;
            return 1;
          }
          grad[0] = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
          return Erf.erf(x);
        }

        /** The gradient filled by a library, then added to. */
        @DerivativeOf(Fns.class)
        public static double h(double x, double[] grad) {
          Arrays.fill(grad, 0.0);
          grad[0] += 2 * Math.exp(2 * x);
          return Fns.h(x);
        }

        /** The gradient written through an alias. */
        @DerivativeOf(Fns.class)
        public static double k(double x, double[] grad) {
          double[] g = grad;
          g[0] = 4 * x * x * x;
          return Fns.k(x);
        }

        /** A rule of a nested class. */
        public static final class Inner {
          private Inner() {}

          @DerivativeOf(Fns.class)
          public static double n(double x, double[] grad) {
            grad[0] = -Math.sin(x);
            return Fns.n(x);
          }
        }
      }
      """;

  private static final String CALLERS = """
      package p;

      import io.javagrad.DerivativesFrom;
      import io.javagrad.Differentiable;
      import org.hipparchus.special.Erf;
      import q.Fns;

      @DerivativesFrom({q.QRules.class, q.QRules.Inner.class})
      public class Callers {
        static double helper(double x) {
          return Erf.erf(x) * Erf.erfInv(x / 3);
        }

        @Differentiable static double namedLikeTangents(double x, double y) {
          return Fns.f(x * y, y) * x;
        }

        @Differentiable static double rules(double x) {
          return Fns.poly(x) * x + Fns.h(x) * Fns.k(x) - Fns.n(x) * x;
        }

        @Differentiable static double inHelperAndChoice(double x, double y) {
          return helper(x * y) + (x > y ? Erf.erf(x) : Erf.erfInv(y));
        }

        @Differentiable static double recursive(double x, int n) {
          return n == 0 ? Erf.erf(x) : x * recursive(x * 0.9, n - 1);
        }

        @Differentiable static double inLoop(double x) {
          double s = 0;
          for (int i = 1; i < 4; i++) {
            if (i % 2 == 0) {
              s += Erf.erf(x / i);
            } else {
              s -= Erf.erfInv(x / (i + 3)) * s;
            }
          }
          return s;
        }
      }
      """;

  /** Another class calling the same rules: its companion has its own tangents of them. */
  private static final String OTHER = Compiled.classSource("p.Other", List.of("import org.hipparchus.special.Erf;"),
      List.of("""
          @Differentiable(derivatives = q.QRules.class) static double other(double x) {
            return Erf.erf(x) * Callers.inHelperAndChoice(x, 0.4);
          }
          """));

  private static Compiled rules;

  @BeforeAll
  static void compile() {
    rules = Compiled.compile("q.Fns", FUNCTIONS, "q.QRules", RULES, "p.Callers", CALLERS, "p.Other", OTHER)
        .assertCleanSuccess();
  }

  /** A rule of (x, dx): its body's dx is its parameter, not the tangent of x (it read the tangent). */
  @Test
  void aRuleWhoseParametersAreNamedAsTangentsReadsItsOwn() {
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "namedLikeTangents").check(0.3, 0.7));
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "namedLikeTangents").check(-1.1, 0.4));
  }

  @Test
  void rulesWithLoopsLocalArraysConstantsAliasesAndNestedClasses() {
    new GradientAgreement(rules, "p.Callers", "rules").check(0.7);
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "rules").check(0.7));
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "rules").check(-0.4));
  }

  @Test
  void rulesCalledInHelpersChoicesLoopsRecursionAndFromAnotherClass() {
    for (double[] at : new double[][] {{0.3, 0.7}, {0.8, 0.7}}) {
      assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "inHelperAndChoice").check(at[0], at[1]));
    }
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "recursive").check(0.5, 3));
    assertNotNull(new SecondOrderAgreement(rules, "p.Callers", "inLoop").check(0.5));
    assertNotNull(new SecondOrderAgreement(rules, "p.Other", "other").check(0.5));
  }

  @Test
  void aRuleWhoseGradientGoesThroughAFloatGivesNoSecondDerivativesAndNoError() {
    Compiled floats = Compiled.compile("q.Fns", FUNCTIONS, "q.FloatRules", """
        package q;

        import io.javagrad.DerivativeOf;

        public final class FloatRules {
          private FloatRules() {}

          @DerivativeOf(Fns.class)
          public static double n(double x, double[] grad) {
            float s = (float) Math.sin(x);
            grad[0] = -Math.sin(x) + s * 0;
            return Fns.n(x);
          }
        }
        """, "p.F", Compiled.classSource("p.F", List.of(), List.of("""
        @Differentiable(derivatives = q.FloatRules.class) static double f(double x) {
          return q.Fns.n(x) * x;
        }
        """))).assertCleanSuccess();
    new GradientAgreement(floats, "p.F", "f").check(0.7);
    assertNull(new SecondOrderAgreement(floats, "p.F", "f").check(0.7));
  }

  /**
   * Rules of two classes of one simple name, for two functions of one name, and a helper of a rule's
   * name beside it: each has its own twin and tangent in the companion (they shared one name, so the
   * companion did not compile, and before the tangents the twin of one rule ran the other's).
   */
  @Test
  void rulesOfTwoClassesOfOneSimpleNameAndAHelperOfARulesName() {
    Compiled compiled = Compiled.compile("q.Fns", FUNCTIONS, "q.QRules", RULES, "p.Gns", """
        package p;

        public final class Gns {
          private Gns() {}

          public static double h(double x) {
            return x * x * x;
          }
        }
        """, "p.QRules", """
        package p;

        import io.javagrad.DerivativeOf;

        public final class QRules {
          private QRules() {}

          @DerivativeOf(Gns.class)
          public static double h(double x, double[] grad) {
            grad[0] = 3 * x * x;
            return Gns.h(x);
          }

          /** A helper of the rule's name. */
          static double h(double x) {
            return Math.sin(x) * x;
          }
        }
        """, "p.Both", Compiled.classSource("p.Both", List.of(), List.of("""
        @Differentiable(derivatives = {QRules.class, q.QRules.class})
        static double both(double x, double y) {
          return q.Fns.h(x) * Gns.h(y) + q.Fns.poly(x * y) + QRules.h(x - y) * y;
        }
        """))).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Both", "both").check(0.6, -0.4);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Both", "both").check(0.6, -0.4));
  }

  /**
   * A helper that gives a new row to the double[][] it is given writes into its caller's array: it
   * is inlined (it was run as written, and the derivative of the row it gave was lost).
   */
  @Test
  void aHelperGivingARowToItsCallersMatrixIsDifferentiated() {
    Compiled compiled = Compiled.compile("p.Rows", Compiled.classSource("p.Rows", List.of(), List.of("""
        static void put(double[][] m, double[] x) {
          m[0] = new double[] {x[1] * 5, x[0] * x[1]};
        }
        """, """
        @Differentiable static double viaHelper(double[] x) {
          double[][] u = new double[2][2];
          put(u, x);
          return u[0][0] + u[0][1] * u[1][0];
        }
        """, """
        static void give(double[][] m, int k, double s) {
          double[] next = new double[m[k].length];
          for (int i = 0; i < next.length; i++) {
            next[i] = m[k][i] * s + 1;
          }
          m[k + 1] = next;
        }
        """, """
        /** Time levels given by a helper, beside an alias the caller does not read after the call. */
        @Differentiable static double levels(double[] x, int steps) {
          double[][] u = new double[steps + 1][];
          u[0] = x.clone();
          for (int k = 0; k < steps; k++) {
            double[] previous = u[k];
            double s = previous[0] * previous[1];
            give(u, k, s);
          }
          return u[steps][0] + u[steps][1];
        }
        """))).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Rows", "viaHelper").check((Object) new double[] {1.5, 2.0});
    new GradientAgreement(compiled, "p.Rows", "levels").check(new double[] {0.5, 0.3}, 3);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Rows", "levels").check(new double[] {0.5, 0.3}, 3));
    assertNotNull(new SecondOrderAgreement(compiled, "p.Rows", "viaHelper").check((Object) new double[] {1.5, 2.0}));
  }

  /**
   * A row alias read after a new row is given to its matrix, where the statements after the store
   * do not name it: a lambda bound before the store reads it when applied, or an inlined helper gives
   * the row. Both ran, reading the new row where Java reads the old one.
   */
  @Test
  void anAliasReadByALambdaOrAfterAHelperGivesARowIsStillAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Late", Compiled.classSource("p.Late",
        List.of("import java.util.function.DoubleUnaryOperator;"), List.of("""
        @Differentiable static double byLambda(double[] x) {
          double[][] u = new double[2][];
          u[0] = x.clone();
          u[1] = x.clone();
          double[] row = u[0];
          DoubleUnaryOperator f = t -> row[0] * t;
          u[0] = new double[] {x[1] * 5, 7};
          return f.applyAsDouble(2) + u[0][0];
        }
        """, """
        static void put(double[][] m, double[] x) {
          m[0] = new double[] {x[1] * 5, 7};
        }
        """, """
        @Differentiable static double byHelper(double[] x) {
          double[][] u = new double[2][];
          u[0] = x.clone();
          u[1] = x.clone();
          double[] first = u[0];
          put(u, x);
          return first[0] + u[0][0];
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("row, a row alias of u, may be read after this new row is given")
        .inFile(file).onLineContaining("u[0] = new double[] {x[1] * 5, 7};");
    assertThat(compilation).hadErrorContaining("Late.put is inlined here").inFile(file)
        .onLineContaining("put(u, x);");
    assertThat(compilation).hadErrorContaining("first, a row alias of u, may be read after this new row is given")
        .inFile(file).onLineContaining("m[0] = new double[] {x[1] * 5, 7};");
  }

  /** Float choices whose conditions compare a value with a derivative, nested, in a switch, run as written. */
  @Test
  void floatChoicesWithNestedAndSwitchConditions() {
    Compiled compiled = Compiled.compile("p.Floats", Compiled.classSource("p.Floats", List.of(), List.of("""
        @Differentiable static double nested(double c, float lo, float hi, int k) {
          float f = (c > 1 ? (c < 3 ? lo : hi) : (Math.abs(c) > 0.5 ? hi : lo));
          float g = switch (k) {
            case 0 -> c > 2 ? lo : hi;
            default -> lo;
          };
          return f * c + g * c * c + ((switch (k) {
            case 0 -> c > 2;
            default -> c < 1;
          }) ? lo : hi) * c;
        }
        """))).assertCleanSuccess();
    for (double c : new double[] {0.3, 0.7, 1.5, 2.5, 3.5}) {
      new GradientAgreement(compiled, "p.Floats", "nested").check(c, 1.5f, 2.5f, 0);
      new GradientAgreement(compiled, "p.Floats", "nested").check(c, 1.5f, 2.5f, 1);
    }
  }

  /**
   * Aliases of two levels of inlining, of one name: a helper's own, read after the helper it
   * calls gives its matrix a row, and its caller's, of another matrix. The inner helper knew of
   * one of them by name only, the caller's, and ran (22 where Java gives 13.5).
   */
  @Test
  void aliasesOfOneNameAtTwoLevelsOfInliningAreBothKnown() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Levels", Compiled.classSource("p.Levels", List.of(),
        List.of("""
        static void inner(double[][] m, double[] x) {
          m[0] = new double[] {x[1] * 5, 7};
        }
        """, """
        static double outer(double[][] m, double[] x) {
          double[] row = m[0];
          inner(m, x);
          return row[0];
        }
        """, """
        @Differentiable static double twoLevels(double[] x) {
          double[][] u = new double[2][];
          u[0] = x.clone();
          u[1] = x.clone();
          double[][] w = new double[1][];
          w[0] = x.clone();
          double[] row = w[0];
          double s = outer(u, x);
          return s + row[1] + u[0][0];
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("row, a row alias of u, may be read after this new row is given")
        .inFile(file).onLineContaining("m[0] = new double[] {x[1] * 5, 7};");
  }
}
