package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names in a {@code @Differentiable} body mean what the Java language says they mean, not what they
 * are spelled like: a user's class {@code Math}, a user's method {@code exp} or {@code sin}, a
 * field that shadows a static import. Each case is told apart by numbers: the user's functions
 * below are squares, whose derivative 2x is nothing like the real function's.
 */
class NameResolutionTest {
  /** A user class named Math in package p: exp is a square, sin and cos are constants. */
  private static final String USER_MATH = """
      package p;

      import io.javagrad.Differentiable;

      public class Math {
        @Differentiable public static double exp(double x) {
          return x * x;
        }

        public static double sin(double x) {
          return 0;
        }

        public static double cos(double x) {
          return 42;
        }
      }
      """;

  private static final String USES_USER_MATH = """
      package p;

      import io.javagrad.Differentiable;

      public class UsesUserMath {
        /** Math is p.Math here: the package's class hides java.lang.Math. */
        @Differentiable static double square(double x) {
          return Math.exp(x) + 1;
        }
      }
      """;

  /** Reaches the real Math through its full name, in a package that has its own Math. */
  private static final String USES_REAL_MATH = """
      package p;

      import io.javagrad.Differentiable;

      public class UsesRealMath {
        @Differentiable static double realOnly(double x) {
          return java.lang.Math.sin(x) * x;
        }
      }
      """;

  /** Both Maths in one method. */
  private static final String USES_BOTH_MATHS = """
      package p;

      import io.javagrad.Differentiable;

      public class UsesBothMaths {
        @Differentiable static double mixed(double x) {
          return Math.exp(x) * java.lang.Math.sin(x);
        }
      }
      """;

  private static final String OWN_METHODS = """
      package p;

      import static java.lang.Math.*;

      import io.javagrad.Differentiable;

      public class OwnMethods {
        static final double PI = 3.0;

        @Differentiable static double exp(double x) {
          return x * x;
        }

        @Differentiable static double sin(double x) {
          return x * x * x;
        }

        /** exp is this class's: a member hides what a static import brings in. */
        @Differentiable static double callsOwnExp(double x) {
          return exp(x) + cos(x);
        }

        /** So is sin. */
        @Differentiable static double callsOwnSin(double x) {
          return sin(x) * tan(x);
        }

        /** PI is this class's 3.0, not Math.PI. */
        @Differentiable static double ownPi(double x) {
          return PI * x;
        }

        /** A local hides the field. */
        @Differentiable static double localHidesField(double x) {
          double PI = 2.0;
          return PI * x;
        }

        /** A parameter named like a function: the method name and the variable live apart. */
        @Differentiable static double parameterNamedCos(double cos) {
          return cos(cos) * cos;
        }

        static class Inner {
          /** sin is the enclosing class's: the innermost class with a method sin. */
          @Differentiable static double callsOuter(double x) {
            return sin(x) + tanh(x);
          }
        }
      }
      """;

  private static final String SINGLE_IMPORT = """
      package p;

      import static java.lang.Math.sin;

      import io.javagrad.Differentiable;

      public class SingleImport {
        @Differentiable static double sin(double x, double y) {
          return x * y;
        }

        /** The class has a method named sin, so the single-static-import is hidden too (JLS 6.4.1). */
        @Differentiable static double callsOwn(double x) {
          return sin(x, x);
        }
      }
      """;

  private static final String BASE = """
      package p;

      import io.javagrad.Differentiable;

      public class Base {
        @Differentiable static double exp(double x) {
          return x * x;
        }
      }
      """;

  private static final String INHERITED = """
      package p;

      import io.javagrad.Differentiable;

      public class Inherited extends Base {
        /** exp is Base's, inherited: a member of this class. */
        @Differentiable static double callsInherited(double x) {
          return exp(x) * 3;
        }
      }
      """;

  /** A local variable named Math obscures the type Math in its scope (JLS 6.4.2). */
  private static final String LOCAL_NAMED_MATH = """
      package p;

      import static java.lang.Math.sin;

      import io.javagrad.Differentiable;

      public class LocalNamedMath {
        @Differentiable static double f(double x) {
          double Math = 2.0;
          return sin(x) * Math;
        }
      }
      """;

  /**
   * Each parameter or local hides a class the companion names: its owner (whose helper runs as
   * written), a rules class of its package, a class of another package, and the companion itself.
   */
  private static final String VARIABLES_NAMED_LIKE_CLASSES = """
      package p;

      import io.javagrad.Differentiable;

      public class Owner {
        static double scale(int n) {
          return n * 0.5;
        }

        @Differentiable static double f(double x, double Owner, double Rules, double Lib, int n) {
          double OwnerGrad = x * Lib;
          return scale(n) * x * Owner + q.Lib.cube(x) * Rules + OwnerGrad;
        }
      }
      """;

  private static final String LIB = """
      package q;

      public class Lib {
        public static double cube(double x) {
          return x * x * x;
        }
      }
      """;

  static final String RULES = """
      package p;

      import io.javagrad.DerivativeOf;

      class Rules {
        @DerivativeOf(q.Lib.class)
        static double cube(double x, double[] grad) {
          grad[0] = 3 * x * x;
          return x * x * x;
        }
      }
      """;

  private static Compiled userMath;
  private static Compiled ownMethods;

  @BeforeAll
  static void compile() {
    userMath = Compiled.compile("p.Math", USER_MATH, "p.UsesUserMath", USES_USER_MATH);
    ownMethods = Compiled.compile("p.OwnMethods", OWN_METHODS, "p.SingleImport", SINGLE_IMPORT,
        "p.Base", BASE, "p.Inherited", INHERITED);
  }

  @Test
  void classNamedMathInThePackageIsTheUsers() {
    double[] grad = new GradientAgreement(userMath, "p.UsesUserMath", "square").check(1.5);
    assertArrayEquals(new double[] {3.0}, grad, 0.0, "2x, the derivative of the user's x*x, not e^x");
    assertEquals(3.25, value(userMath, "p.UsesUserMath", "square", 1.5), 0.0);
  }

  @Test
  void realMathByFullNameBesideTheUsersMath() {
    // The companion is in package p too, where the simple name Math is p.Math: it must not write
    // java.lang.Math's sin and cos as Math.sin and Math.cos (which p.Math has, with other values).
    Compiled real = Compiled.compile("p.Math", USER_MATH, "p.UsesRealMath", USES_REAL_MATH);
    double[] grad = new GradientAgreement(real, "p.UsesRealMath", "realOnly").check(0.5);
    assertEquals(Math.sin(0.5) + 0.5 * Math.cos(0.5), grad[0], 1e-15);
  }

  @Test
  void bothMathsInOneMethod() {
    Compiled both = Compiled.compile("p.Math", USER_MATH, "p.UsesBothMaths", USES_BOTH_MATHS);
    double[] grad = new GradientAgreement(both, "p.UsesBothMaths", "mixed").check(0.5);
    assertEquals(2 * 0.5 * Math.sin(0.5) + 0.25 * Math.cos(0.5), grad[0], 1e-15);
  }

  @Test
  void ownMethodsHideStaticImportOnDemand() {
    double x = 0.7;
    double[] grad = new GradientAgreement(ownMethods, "p.OwnMethods", "callsOwnExp").check(x);
    assertEquals(2 * x - Math.sin(x), grad[0], 1e-15);
    grad = new GradientAgreement(ownMethods, "p.OwnMethods", "callsOwnSin").check(x);
    double tan = Math.tan(x);
    assertEquals(3 * x * x * tan + x * x * x * (1 + tan * tan), grad[0], 1e-14);
  }

  @Test
  void ownFieldHidesStaticImportAndLocalHidesField() {
    assertArrayEquals(new double[] {3.0}, new GradientAgreement(ownMethods, "p.OwnMethods", "ownPi").check(0.7), 0.0);
    assertArrayEquals(new double[] {2.0},
        new GradientAgreement(ownMethods, "p.OwnMethods", "localHidesField").check(0.7), 0.0);
  }

  @Test
  void parameterNamedLikeAFunction() {
    double x = 0.7;
    double[] grad = new GradientAgreement(ownMethods, "p.OwnMethods", "parameterNamedCos").check(x);
    assertEquals(Math.cos(x) - x * Math.sin(x), grad[0], 1e-15);
  }

  @Test
  void nestedClassSeesTheEnclosingClassesMethod() {
    double x = 0.7;
    double[] grad = new GradientAgreement(ownMethods, "p.OwnMethods$Inner", "callsOuter").check(x);
    double tanh = Math.tanh(x);
    assertEquals(3 * x * x + 1 - tanh * tanh, grad[0], 1e-15);
  }

  @Test
  void ownMethodHidesSingleStaticImport() {
    double[] grad = new GradientAgreement(ownMethods, "p.SingleImport", "callsOwn").check(0.7);
    assertEquals(1.4, grad[0], 1e-15);
  }

  @Test
  void inheritedMethodIsAMember() {
    double[] grad = new GradientAgreement(ownMethods, "p.Inherited", "callsInherited").check(0.7);
    assertEquals(6 * 0.7, grad[0], 1e-15);
  }

  @Test
  void localNamedMathDoesNotBreakTheCompanion() {
    // Legal Java, if odd; the companion's own Math.cos(x) must still mean java.lang.Math
    Compiled compiled = Compiled.compile("p.LocalNamedMath", LOCAL_NAMED_MATH);
    double[] grad = new GradientAgreement(compiled, "p.LocalNamedMath", "f").check(0.7);
    assertEquals(2 * Math.cos(0.7), grad[0], 1e-15);
  }

  @Test
  void variablesNamedLikeTheClassesTheCompanionNames() {
    Compiled compiled = Compiled.compile("p.Owner", VARIABLES_NAMED_LIKE_CLASSES, "q.Lib", LIB, "p.Rules", RULES);
    double x = 0.7;
    double[] grad = new GradientAgreement(compiled, "p.Owner", "f").check(x, 1.5, -2.0, 0.25, 3);
    assertArrayEquals(new double[] {1.5 * 1.5 + 3 * x * x * -2.0 + 0.25, 1.5 * x, x * x * x, x}, grad, 1e-15);
  }

  private static double value(Compiled compiled, String owner, String method, double x) {
    return (Double) compiled.call(owner, method, new Class<?>[] {double.class}, x);
  }
}
