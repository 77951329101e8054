package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code yield} anywhere in a block of a switch expression's arrow case, as piecewise models
 * write their branches: in an {@code if} before the block's end, inside a loop that searches, under
 * a nested switch expression that has yields of its own, and yielding an {@code int} that picks an
 * element. Each is checked against the twin, central differences and second derivatives. In a case
 * of the old form, which may fall into the next, and in an arm that gives an array, a yield before
 * the end stays an error.
 */
class YieldsTest {
  private static final String SOURCE = Compiled.classSource("p.Yields", List.of(), List.of("""
      enum Regime { LOW, MID, HIGH }
      """, """
      @Differentiable static double piecewise(double x, Regime regime) {
        return switch (regime) {
          case LOW -> x;
          case MID -> {
            if (x > 1) {
              yield Math.log(x) + 1;
            }
            if (x < -1) {
              yield -Math.log(-x) - 1;
            }
            yield x;
          }
          default -> {
            double sq = x * x;
            if (sq > 4) {
              yield 4 + Math.sqrt(sq - 3);
            }
            yield sq + 1;
          }
        };
      }
      """, """
      @Differentiable static double firstAbove(double[] xs, double level, int mode) {
        double found = switch (mode) {
          case 0 -> {
            for (double v : xs) {
              if (v * level > 1) {
                yield v * v;
              }
            }
            yield level;
          }
          default -> {
            double inner = switch (mode) {
              case 1 -> {
                if (level > 0) {
                  yield Math.exp(level);
                }
                yield 1;
              }
              default -> level * level;
            };
            if (inner > 2) {
              yield inner * xs[0];
            }
            yield inner + xs[xs.length - 1];
          }
        };
        return found * level;
      }
      """, """
      @Differentiable static double chosen(double[] w, double x) {
        int k = switch ((int) Math.signum(x)) {
          case -1 -> {
            if (w.length < 3) {
              yield 0;
            }
            yield 2;
          }
          default -> 1;
        };
        return w[k] * x;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Yields", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement method(String name) {
    return new GradientAgreement(compiled, "p.Yields", name);
  }

  @Test
  void yieldsInBranchesBeforeTheEndOfTheBlock() {
    for (double x : new double[] {2.5, 0.4, -0.3, -3.0}) {
      for (Object regime : compiled.load("p.Yields$Regime").getEnumConstants()) {
        method("piecewise").check(x, regime);
      }
    }
  }

  @Test
  void aYieldInALoopAndANestedSwitchExpressionWithYieldsOfItsOwn() {
    double[] xs = {0.2, 0.9, 1.7, 3.0};
    for (int mode = 0; mode < 3; mode++) {
      method("firstAbove").check(xs, 0.8, mode);
      method("firstAbove").check(xs, 0.3, mode);
      method("firstAbove").check(xs, -0.6, mode);
    }
  }

  @Test
  void yieldingAnIndex() {
    method("chosen").check(new double[] {0.5, 1.5, 2.5}, -0.7);
    method("chosen").check(new double[] {0.5, 1.5}, -0.7);
    method("chosen").check(new double[] {0.5, 1.5, 2.5}, 0.7);
  }

  @Test
  void aYieldBeforeTheEndOfACaseThatMayFallThroughIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Old", Compiled.classSource("p.Old", List.of(),
        List.of("""
        @Differentiable static double old(double x, int k) {
          return switch (k) {
            case 0:
              if (x > 0) {
                yield x;
              }
            default:
              yield -x;
          };
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("a yield is supported only as the last statement of its case")
        .inFile(file).onLineContaining("yield x;");
    assertThat(compilation).hadErrorContaining("in a case of the arrow form (case X -> { ... }) it may be anywhere");
  }

  @Test
  void aYieldBeforeTheEndOfAnArmThatGivesAnArrayIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Weights", Compiled.classSource("p.Weights", List.of(),
        List.of("""
        @Differentiable static double weighted(double x, int k) {
          double[] w = switch (k) {
            case 0 -> {
              if (x > 0) {
                yield new double[] {x, 1};
              }
              yield new double[] {1, x};
            }
            default -> new double[] {x, x};
          };
          return w[0] * w[1];
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("a yield is supported only as the last statement of its case, in an"
        + " arm that gives a double[]").inFile(file).onLineContaining("yield new double[] {x, 1};");
  }
}
