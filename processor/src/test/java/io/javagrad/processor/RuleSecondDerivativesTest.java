package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second derivatives through {@code @DerivativeOf} rules of the compilation. A rule's gradient is
 * code; javagrad differentiates it once more, as a helper of the caller's companion made of the
 * rule's body ({@code Rules$erf$tangent}), so a price written with {@code Erf.erf} has its gamma.
 * Where the rule's tangent cannot be made (the rule's gradient calls a function without a
 * derivative, or a helper; the target takes an array; the rule was compiled earlier) the method
 * still compiles without a word, and its second-order entries throw saying why, as they all did.
 */
class RuleSecondDerivativesTest {
  private static final String RULES = """
      package p;

      import io.javagrad.DerivativeOf;
      import org.hipparchus.special.Erf;
      import org.hipparchus.special.Gamma;
      import org.hipparchus.util.MathArrays;

      final class Rules {
        private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

        private Rules() {}

        @DerivativeOf(Erf.class)
        static double erf(double x, double[] grad) {
          grad[0] = TWO_OVER_SQRT_PI * Math.exp(-x * x);
          return Erf.erf(x);
        }

        /** erf(x2) - erf(x1), with an argument check and a return on each branch. */
        @DerivativeOf(Erf.class)
        static double erf(double x1, double x2, double[] grad) {
          if (Double.isNaN(x1) || Double.isNaN(x2)) {
            throw new IllegalArgumentException("NaN bound: " + x1 + ", " + x2);
          }
          grad[0] = -TWO_OVER_SQRT_PI * Math.exp(-x1 * x1);
          if (x1 == x2) {
            grad[1] = -grad[0];
            return 0;
          }
          grad[1] = TWO_OVER_SQRT_PI * Math.exp(-x2 * x2);
          return Erf.erf(x1, x2);
        }

        /** Its gradient is digamma, which has no rule: no second derivatives. */
        @DerivativeOf(Gamma.class)
        static double logGamma(double x, double[] grad) {
          grad[0] = Gamma.digamma(x);
          return Gamma.logGamma(x);
        }

        /** Its gradient goes through a helper: no second derivatives, and no error at the helper. */
        @DerivativeOf(Gamma.class)
        static double gamma(double x, double[] grad) {
          double value = Gamma.gamma(x);
          grad[0] = value * digammaByHand(x);
          return value;
        }

        private static double digammaByHand(double x) {
          float unused = (float) x;
          return Gamma.digamma(x) + unused * 0;
        }

        /** A target of arrays: no second derivatives. */
        @DerivativeOf(MathArrays.class)
        static double linearCombination(double[] a, double[] b, double[] grad) {
          System.arraycopy(b, 0, grad, 0, a.length);
          System.arraycopy(a, 0, grad, a.length, b.length);
          return MathArrays.linearCombination(a, b);
        }
      }
      """;

  private static final String PRICER = Compiled.classSource("p.Pricer", List.of(
      "import org.hipparchus.special.Erf;", "import org.hipparchus.special.Gamma;",
      "import org.hipparchus.util.MathArrays;"), List.of("""
      static double cdf(double x) {
        return 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
      }
      """, """
      @Differentiable static double call(double s, double k, double vol, double r, double t) {
        double sd = vol * Math.sqrt(t);
        double d1 = (Math.log(s / k) + (r + 0.5 * vol * vol) * t) / sd;
        double d2 = d1 - sd;
        return s * cdf(d1) - k * Math.exp(-r * t) * cdf(d2);
      }
      """, """
      @Differentiable static double band(double a, double b) {
        return Erf.erf(a * b, a + b) * a + Erf.erf(a, a);
      }
      """, """
      @Differentiable static double inLoop(double x, int n) {
        double s = 0;
        for (int i = 1; i <= n; i++) {
          s += Erf.erf(x / i) * x;
        }
        return s;
      }
      """, """
      @Differentiable static double callsCall(double s, double vol) {
        return call(s, 100, vol, 0.01, 2.0) * vol;
      }
      """, """
      @Differentiable static double logGammaOf(double a) {
        return Gamma.logGamma(a) * a;
      }
      """, """
      @Differentiable static double gammaOf(double a) {
        return Gamma.gamma(a) + a;
      }
      """, """
      @Differentiable static double dot(double[] a, double[] b) {
        return MathArrays.linearCombination(a, b);
      }
      """));

  private static Compiled compiled;

  @TempDir
  Path dir;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Pricer", PRICER, "p.Rules", RULES).assertCleanSuccess();
  }

  @Test
  void theGammaOfACallPricedWithErf() {
    double s = 100;
    double k = 95;
    double vol = 0.25;
    double r = 0.03;
    double t = 1.5;
    new GradientAgreement(compiled, "p.Pricer", "call").check(s, k, vol, r, t);
    double[] hessian = new SecondOrderAgreement(compiled, "p.Pricer", "call").check(s, k, vol, r, t);
    assertNotNull(hessian);
    double d1 = (Math.log(s / k) + (r + 0.5 * vol * vol) * t) / (vol * Math.sqrt(t));
    double gamma = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI) / (s * vol * Math.sqrt(t));
    assertEquals(gamma, hessian[0], 1e-12);
  }

  @Test
  void aRuleOfTwoArgumentsWithBranchesAndAThrow() {
    assertNotNull(new SecondOrderAgreement(compiled, "p.Pricer", "band").check(0.7, 0.4));
    assertNotNull(new SecondOrderAgreement(compiled, "p.Pricer", "band").check(-0.3, 1.2));
    new GradientAgreement(compiled, "p.Pricer", "band").check(0.7, 0.4);
  }

  @Test
  void callsInALoopAndThroughAnotherMethod() {
    new GradientAgreement(compiled, "p.Pricer", "inLoop").check(0.8, 4);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Pricer", "inLoop").check(0.8, 4));
    new GradientAgreement(compiled, "p.Pricer", "callsCall").check(90.0, 0.3);
    assertNotNull(new SecondOrderAgreement(compiled, "p.Pricer", "callsCall").check(90.0, 0.3));
  }

  @Test
  void theTangentIsAHelperOfTheCompanionMadeOfTheRulesBody() {
    String companion = compiled.generatedSource("p.PricerGrad");
    assertTrue(companion.contains("private static double Rules$erf$tangent_value(double x, double dx) {\n"
        + "    double[] grad = new double[1];\n"
        + "    grad[0] = Rules$TWO_OVER_SQRT_PI * Math.exp(-x * x);\n"
        + "    return grad[0] * dx;\n"
        + "  }"), companion);
  }

  @Test
  void rulesWhoseGradientsCannotBeDifferentiatedAgainSayWhyAtRunTime() {
    for (String method : List.of("logGammaOf", "gammaOf")) {
      new GradientAgreement(compiled, "p.Pricer", method).check(2.5);
      assertNull(new SecondOrderAgreement(compiled, "p.Pricer", method).check(2.5));
    }
    assertEquals("logGammaOf has no second derivatives: it calls Gamma.logGamma (its derivative is the @DerivativeOf"
        + " rule Rules.logGamma, which gives no second derivatives: in its body, x carries a derivative, but it is"
        + " passed into Gamma.digamma(x), which javagrad runs as written without differentiating it, where the"
        + " derivative would be lost)", hessianRefusal(compiled, "p.PricerGrad", "logGammaOf", 2.5));
    assertEquals("gammaOf has no second derivatives: it calls Gamma.gamma (its derivative is the @DerivativeOf rule"
        + " Rules.gamma, which gives no second derivatives: its body calls Rules.digammaByHand, and javagrad"
        + " differentiates once more the rule's own body alone)", hessianRefusal(compiled, "p.PricerGrad", "gammaOf",
        2.5));
    new GradientAgreement(compiled, "p.Pricer", "dot").check(new double[] {1.5, -2.0}, new double[] {0.3, 0.8});
    assertNull(new SecondOrderAgreement(compiled, "p.Pricer", "dot").check(new double[] {1.5, -2.0},
        new double[] {0.3, 0.8}));
    assertEquals("dot has no second derivatives: it calls MathArrays.linearCombination (its derivative is the"
        + " @DerivativeOf rule Rules.linearCombination, which gives no second derivatives: javagrad differentiates a"
        + " rule's body once more for them where its target takes doubles alone, and MathArrays.linearCombination"
        + " takes [double[], double[]])", hessianRefusal(compiled, "p.PricerGrad", "dot", new double[] {1.5, -2.0},
        new double[] {0.3, 0.8}));
  }

  /** The message of the UnsupportedOperationException that {@code method}'s f_hessian throws at {@code args}. */
  private static String hessianRefusal(Compiled compiled, String companion, String method, Object... args) {
    Class<?>[] types = new Class<?>[args.length + 2];
    Object[] all = new Object[args.length + 2];
    int slots = 0;
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof double[] ? double[].class : double.class;
      slots += args[i] instanceof double[] a ? a.length : 1;
      all[i] = args[i];
    }
    types[args.length] = double[].class;
    types[args.length + 1] = double[].class;
    all[args.length] = new double[slots];
    all[args.length + 1] = new double[slots * slots];
    return assertThrows(UnsupportedOperationException.class,
        () -> compiled.call(companion, method + "_hessian", types, all)).getMessage();
  }

  private static final String EARLIER_RULES = """
      package r;

      import io.javagrad.DerivativeOf;
      import org.hipparchus.special.Erf;
      import org.hipparchus.special.Gamma;

      public final class ErfRules {
        private ErfRules() {}

        @DerivativeOf(Erf.class)
        public static double erf(double x, double[] grad) {
          grad[0] = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
          return Erf.erf(x);
        }

        @DerivativeOf(Gamma.class)
        public static double logGamma(double x, double[] grad) {
          grad[0] = Gamma.digamma(x);
          return Gamma.logGamma(x);
        }

        @DerivativeOf(Gamma.class)
        public static double digamma(double x, double[] grad) {
          grad[0] = Gamma.trigamma(x);
          return Gamma.digamma(x);
        }
      }
      """;

  private static final String LATER_CALLER = Compiled.classSource("p.Later",
      List.of("import org.hipparchus.special.Erf;", "import org.hipparchus.special.Gamma;"), List.of("""
          @Differentiable(derivatives = r.ErfRules.class)
          static double later(double x) {
            return Erf.erf(x) * x;
          }
          """, """
          @Differentiable(derivatives = r.ErfRules.class)
          static double logLikelihood(double shape) {
            return Gamma.logGamma(shape) - 2 * shape;
          }
          """));

  /**
   * Rules compiled earlier with the processor: the companion of their class publishes their
   * tangents, which the second derivatives of callers compiled later run, the tangent of logGamma
   * through digamma's own rule (trigamma).
   */
  @Test
  void rulesCompiledEarlierGiveSecondDerivativesThroughTheTangentsTheirCompanionPublishes() throws IOException {
    Path rules = SeparateCompilationTest.javac(dir.resolve("rules"), true, "r.ErfRules", EARLIER_RULES);
    Compiled later = SeparateCompilationTest.compileAgainst(rules, "p.Later", LATER_CALLER).assertCleanSuccess()
        .withClassesFrom(rules);
    new GradientAgreement(later, "p.Later", "later").check(0.6);
    double[] hessian = new SecondOrderAgreement(later, "p.Later", "later").check(0.6);
    assertNotNull(hessian);
    // d2/dx2 erf(x) x = 2 erf'(x) + x erf''(x), erf''(x) = -2x erf'(x)
    double erfPrime = 2 / Math.sqrt(Math.PI) * Math.exp(-0.36);
    assertEquals(2 * erfPrime - 2 * 0.36 * erfPrime, hessian[0], 1e-12);
    double[] logGamma = new SecondOrderAgreement(later, "p.Later", "logLikelihood").check(2.5);
    assertNotNull(logGamma);
    assertEquals(org.hipparchus.special.Gamma.trigamma(2.5), logGamma[0], 1e-12);
    assertTrue(later.generatedSource("p.LaterGrad").contains("ErfRulesGrad.erf$tangent_pullback("),
        () -> later.generatedSource("p.LaterGrad"));
  }

  @Test
  void aRuleCompiledEarlierWithoutTheProcessorGivesNoSecondDerivativesAndSaysWhy() throws IOException {
    Path rules = SeparateCompilationTest.javac(dir.resolve("rules"), false, "r.ErfRules", EARLIER_RULES);
    Compiled later = SeparateCompilationTest.compileAgainst(rules, "p.Later", LATER_CALLER).assertCleanSuccess()
        .withClassesFrom(rules);
    new GradientAgreement(later, "p.Later", "later").check(0.6);
    assertNull(new SecondOrderAgreement(later, "p.Later", "later").check(0.6));
    assertEquals("later has no second derivatives: it calls Erf.erf (its derivative is the @DerivativeOf rule"
        + " ErfRules.erf, which gives no second derivatives: javagrad differentiates a rule's body once more for them,"
        + " and ErfRules was compiled earlier, without the javagrad processor, which would have written its tangent"
        + " into ErfRulesGrad; compile ErfRules with the processor)", hessianRefusal(later, "p.LaterGrad", "later", 0.6));
  }

  /** A class of the user's named as the rules' companion would be keeps the name: the rules publish nothing, quietly. */
  @Test
  void aClassNamedAsTheRulesCompanionKeepsItsName() {
    Compiled compiled = Compiled.compile("r.ErfRules", EARLIER_RULES, "r.ErfRulesGrad",
        "package r;\n\npublic final class ErfRulesGrad {\n  private ErfRulesGrad() {}\n}\n").assertCleanSuccess();
    assertTrue(compiled.compilation().generatedSourceFiles().isEmpty(), compiled::generatedSources);
  }
}
