package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A review of edfc2a2 (a switch expression's arrow-form block may yield anywhere): yields in nested
 * and labeled loops, in a switch statement of either form inside the arm (the enclosing
 * expression's yields), in nested switch expressions (each yield the innermost's), of ints,
 * booleans and enum constants, in arms declaring locals of the same names, after a throw in a
 * branch, in arms ending in a throw, in a switch expression in a loop of the method, inside an
 * inlined helper and inside a lambda given to a helper. Each is checked against the twin, central
 * differences and second derivatives.
 */
class YieldsReviewTest {
  private static final String SOURCE = Compiled.classSource("p.Arms", List.of(
      "import java.util.function.DoubleUnaryOperator;"), List.of("""
      enum Mode { A, B, C }
      """, """
      @Differentiable static double nestedLoops(double[] xs, double level, int m) {
        double r = switch (m) {
          case 0 -> {
            for (int i = 0; i < xs.length; i++) {
              for (int j = i; j < xs.length; j++) {
                if (xs[i] * xs[j] * level > 1) {
                  yield xs[i] * xs[j];
                }
              }
            }
            yield level * level;
          }
          default -> level;
        };
        return r * level;
      }
      """, """
      @Differentiable static double nestedExpressions(double x, int m, int k) {
        double r = switch (m) {
          case 0 -> {
            double inner = switch (k) {
              case 0 -> {
                if (x > 0) { yield Math.exp(x); }
                yield x * x;
              }
              default -> {
                if (x > 1) { yield 1.0; }
                yield Math.sin(x);
              }
            };
            if (inner > 2) { yield inner * x; }
            yield inner + x;
          }
          default -> x;
        };
        return r;
      }
      """, """
      @Differentiable static double yieldsInt(double[] xs, double x, int m) {
        int idx = switch (m) {
          case 0 -> {
            for (int i = 0; i < xs.length; i++) { if (xs[i] > x) { yield i; } }
            yield xs.length - 1;
          }
          default -> 0;
        };
        boolean big = switch (m) {
          case 1 -> { if (x > 2) { yield true; } yield false; }
          default -> x > 0;
        };
        Mode mode = switch (m) {
          case 0 -> { if (x > 0) { yield Mode.A; } yield Mode.B; }
          default -> Mode.C;
        };
        double s = mode == Mode.A ? 2 : 3;
        return xs[idx] * x * s + (big ? x : 0);
      }
      """, """
      @Differentiable static double sameLocals(double x, int m) {
        return switch (m) {
          case 0 -> { double t = x * 2; if (t > 1) { yield t * t; } double u = t + 1; yield u; }
          case 1 -> { double t = x * 3; if (t > 1) { yield Math.sqrt(t); } double u = t - 1; yield u * x; }
          default -> {
            double t = x;
            int i = 0;
            while (i < 3) {
              t = t * 0.5;
              i++;
              if (t < 0.1) {
                yield t;
              }
            }
            yield t + x;
          }
        };
      }
      """, """
      @Differentiable static double throwThenYield(double x, int m) {
        return switch (m) {
          case 0 -> {
            if (x < -10) { throw new IllegalArgumentException("too small " + x); }
            if (x > 1) { yield Math.log(x); }
            yield x;
          }
          case 1 -> throw new IllegalStateException("no");
          case 2 -> { if (x > 0) { yield x * x; } throw new IllegalArgumentException("neg"); }
          default -> x;
        };
      }
      """, """
      @Differentiable static double labeled(double[][] m, double x, int k) {
        double r = switch (k) {
          case 0 -> {
            double acc = 0;
            outer:
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] < 0) { continue outer; }
                if (m[i][j] > 5) { break outer; }
                acc += m[i][j] * x;
                if (acc > 3) { yield acc * acc; }
              }
            }
            yield acc;
          }
          default -> x;
        };
        return r;
      }
      """, """
      @Differentiable static double inLoop(double[] xs, double x) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
          int mode = i % 3;
          s += switch (mode) {
            case 0 -> { if (xs[i] > x) { yield xs[i] * x; } yield x; }
            case 1 -> { for (int j = 0; j < i; j++) { if (xs[j] > 1) { yield xs[j] * xs[i]; } } yield 0.5 * xs[i]; }
            default -> xs[i];
          };
        }
        return s;
      }
      """, """
      @Differentiable static double constantArms(double x, int m) {
        double c = switch (m) {
          case 0 -> { if (m > 5) { yield 2.0; } yield 3.0; }
          default -> 1.0;
        };
        return c * x;
      }
      """, """
      static double helper(double x, int m) {
        return switch (m) {
          case 0 -> { if (x > 1) { yield Math.log(x); } yield x - 1; }
          default -> { double t = x * x; if (t > 4) { yield 4; } yield t; }
        };
      }
      """, """
      @Differentiable static double viaHelper(double x, int m) { return helper(x, m) * x + helper(x * 2, m + 1); }
      """, """
      static double apply(DoubleUnaryOperator f, double x) { return f.applyAsDouble(x) + f.applyAsDouble(x * 0.5); }
      """, """
      @Differentiable static double viaLambda(double x, double y, int m) {
        return apply(t -> switch (m) {
          case 0 -> { if (t > 1) { yield Math.log(t) * y; } yield t * y; }
          default -> { yield t * t * y; }
        }, x);
      }
      """, """
      @Differentiable static double nestedStatementArrow(double x, int m, int k) {
        double r = switch (m) {
          case 0 -> {
            switch (k) {
              case 1 -> { yield x * 2; }
              case 2 -> { if (x > 0) { yield x * x; } }
              default -> { }
            }
            yield x;
          }
          default -> x * x;
        };
        return r;
      }
      """, """
      @SuppressWarnings("fallthrough")
      @Differentiable static double nestedStatementOld(double x, int m, int k) {
        double r = switch (m) {
          case 0 -> {
            switch (k) {
              case 1:
                yield x * 2;
              case 2:
                if (x > 0) { yield x * x * x; }
              case 3:
                x = x + 1;
                break;
              default:
                break;
            }
            yield x;
          }
          default -> x * x;
        };
        return r;
      }
      """, """
      @Differentiable static double nestedStatementLast(double x, int m, int k) {
        return switch (m) {
          case 0 -> {
            switch (k) {
              case 1 -> { yield x * 2; }
              default -> { yield Math.sin(x); }
            }
          }
          default -> x * x;
        };
      }
      """, """
      @Differentiable static double plainEnum(double x, int m) {
        Mode mode = switch (m) {
          case 0 -> Mode.A;
          default -> Mode.C;
        };
        return mode == Mode.A ? x : x * x;
      }
      """, """
      /** A yield, a break and a continue in one switch statement in a loop; a yield of a switch expression. */
      @Differentiable static double breakAndYield(double[] xs, double x, int m) {
        return switch (m) {
          case 0 -> {
            double s = 0;
            for (double v : xs) {
              switch ((int) v) {
                case 1:
                  if (v * x > 1.2) {
                    yield s + v * x;
                  }
                  break;
                case 2:
                  s += v;
                  continue;
                default:
                  s += v * x;
              }
              s *= 0.9;
            }
            yield s;
          }
          default -> {
            double r = x;
            yield switch (m) {
              case 1 -> {
                if (r > 0) {
                  yield r * r;
                }
                yield -r;
              }
              default -> r;
            };
          }
        };
      }
      """, """
      /** A lambda with a yielding switch expression of its own, given to a helper in a yielding arm. */
      @Differentiable static double lambdaInArm(double x, int m) {
        return switch (m) {
          case 0 -> {
            if (x > 3) {
              yield x;
            }
            double t = apply(u -> switch (m) {
              case 0 -> {
                if (u > 1) {
                  yield u * u;
                }
                yield u;
              }
              default -> 0.0;
            }, x);
            yield t + 1;
          }
          default -> x;
        };
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Arms", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement method(String name) {
    return new GradientAgreement(compiled, "p.Arms", name);
  }

  @Test
  void yieldsInNestedAndLabeledLoops() {
    double[] xs = {0.2, 0.9, 1.7, 3.0};
    for (double level : new double[] {0.3, 0.8, 2.0}) {
      method("nestedLoops").check(xs, level, 0);
      method("nestedLoops").check(xs, level, 1);
    }
    double[][] m = {{0.5, -1.0, 0.75}, {1.5, 6.0, 2.0}, {0.25, 0.5}};
    for (double x : new double[] {0.4, 1.1, 3.0}) {
      method("labeled").check(m, x, 0);
    }
    method("labeled").check(m, 0.4, 1);
  }

  /** Each yield belongs to the innermost switch expression; the outer's may follow the inner's. */
  @Test
  void nestedSwitchExpressions() {
    for (double x : new double[] {-0.7, 0.4, 1.3, 2.5}) {
      for (int k = 0; k < 2; k++) {
        method("nestedExpressions").check(x, 0, k);
      }
      method("nestedExpressions").check(x, 1, 0);
    }
  }

  /**
   * A yield in a switch statement inside the arm leaves the enclosing switch expression: in an arm
   * block of the arrow form, in a case of the old form (at its end, in a branch, falling through
   * otherwise), and where the switch statement is the arm's last statement. Each threw a
   * NullPointerException in the processor (the switch statement has no result to assign).
   */
  @Test
  void yieldsInASwitchStatementInsideTheArm() {
    for (double x : new double[] {-0.7, 0.4, 1.3}) {
      for (int k = 0; k < 4; k++) {
        method("nestedStatementArrow").check(x, 0, k);
        method("nestedStatementOld").check(x, 0, k);
        method("nestedStatementLast").check(x, 0, k);
      }
      method("nestedStatementArrow").check(x, 1, 0);
      method("nestedStatementOld").check(x, 1, 0);
      method("nestedStatementLast").check(x, 1, 0);
    }
  }

  /** Yields of an int that picks an element, a boolean, and an enum constant. */
  @Test
  void yieldsOfIntsBooleansAndEnums() {
    double[] xs = {0.5, 1.5, 2.5};
    for (double x : new double[] {-0.7, 1.0, 2.7}) {
      for (int m = 0; m < 3; m++) {
        method("yieldsInt").check(xs, x, m);
      }
    }
  }

  /**
   * Arms declaring locals of the same names, each yielding one of them, in a return: the type of a
   * switch expression whose every arm yields its block's locals is the return type's (it was
   * refused as of a type javagrad cannot tell, which named assigning it to a local as the remedy).
   */
  @Test
  void armsWithLocalsOfTheSameNames() {
    for (double x : new double[] {0.05, 0.3, 0.9, 2.0}) {
      for (int m = 0; m < 3; m++) {
        method("sameLocals").check(x, m);
      }
    }
  }

  @Test
  void throwsBeforeAndInsteadOfYields() {
    method("throwThenYield").check(0.5, 0);
    method("throwThenYield").check(2.5, 0);
    method("throwThenYield").check(1.5, 2);
    method("throwThenYield").check(0.5, 3);
  }

  @Test
  void aSwitchExpressionInALoopOfTheMethod() {
    method("inLoop").check(new double[] {0.5, 1.5, -0.3, 2.5, 0.7, 1.2}, 0.8);
    method("inLoop").check(new double[] {0.5, 0.4, -0.3, 0.2, 0.7}, 0.1);
  }

  @Test
  void armsWithoutDerivatives() {
    method("constantArms").check(1.5, 0);
    method("constantArms").check(1.5, 1);
  }

  @Test
  void yieldsInAnInlinedHelperAndInALambdaGivenToOne() {
    for (double x : new double[] {0.5, 1.5, 3.0}) {
      method("viaHelper").check(x, 0);
      method("viaHelper").check(x, 1);
      method("viaLambda").check(x, 0.7, 0);
      method("viaLambda").check(x, 0.7, 1);
    }
  }

  @Test
  void anEnumValuedSwitchAndYieldsBesideBreaksAndContinues() {
    method("plainEnum").check(1.5, 0);
    method("plainEnum").check(1.5, 1);
    double[] xs = {0.5, 1.5, 2.5, 1.2, 3.5};
    for (double x : new double[] {0.3, 0.9, 1.1}) {
      method("breakAndYield").check(xs, x, 0);
    }
    method("breakAndYield").check(xs, 0.7, 1);
    method("breakAndYield").check(xs, -0.7, 1);
    method("breakAndYield").check(xs, 0.7, 2);
    for (double x : new double[] {0.5, 1.5, 3.5}) {
      method("lambdaInArm").check(x, 0);
    }
    method("lambdaInArm").check(0.5, 1);
  }

  /** A switch statement's yield in a case of the old form, which may fall into the next, stays an error there. */
  @Test
  void aYieldInASwitchStatementInsideACaseOfTheOldFormIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Old", Compiled.classSource("p.Old", List.of(),
        List.of("""
        @Differentiable static double old(double x, int m, int k) {
          return switch (m) {
            case 0:
              switch (k) {
                case 1 -> {
                  yield x * 2;
                }
                default -> {
                }
              }
              yield x;
            default:
              yield -x;
          };
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("a yield is supported only as the last statement of its case")
        .inFile(file).onLineContaining("yield x * 2;");
  }
}
