package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the operations-research corpus (corpus/Operations.java), each reduced to
 * the construct that failed.
 */
class OperationsFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Plans {
        /**
         * A dynamic programme that keeps the decision of each state in an int[][] beside the values:
         * the write into the int table, inside a branch on an active comparison, was refused with
         * "only elements of double[] and double[][] arrays can be written".
         */
        @Differentiable static double cheapestPath(double[] stepCost, int stages) {
          int n = stepCost.length;
          double[][] value = new double[stages + 1][n];
          int[][] choice = new int[stages][n];
          boolean[][] moved = new boolean[stages][n];
          for (int t = stages - 1; t >= 0; t--) {
            for (int s = 0; s < n; s++) {
              double best = Double.POSITIVE_INFINITY;
              for (int next = 0; next < n; next++) {
                double candidate = stepCost[next] * (1 + Math.abs(next - s)) + value[t + 1][next];
                if (candidate < best) {
                  best = candidate;
                  choice[t][s] = next;
                  moved[t][s] = next != s;
                }
              }
              value[t][s] = best;
              choice[t][s] += 0;
            }
          }
          // the decisions, read back, pick the path whose cost is returned again
          double total = 0;
          int s = 0;
          for (int t = 0; t < stages; t++) {
            int next = choice[t][s];
            total += stepCost[next] * (1 + Math.abs(next - s)) + (moved[t][s] ? 0 : 0);
            s = next;
          }
          return total + value[0][0] / 2;
        }
      }
      """;

  private static Compiled plans;

  private static void assertEveryErrorSays(Compilation compilation, long line, String... parts) {
    assertFalse(compilation.errors().isEmpty(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      assertEquals(line, error.getLineNumber(), message);
      for (String part : parts) {
        assertTrue(message.contains(part), message);
      }
    }
  }

  @BeforeAll
  static void compile() {
    plans = Compiled.compile("p.Plans", SOURCE);
  }

  @Test
  void compilesCleanly() {
    plans.assertCleanSuccess();
  }

  /** The value (the original's, read back through the int table) and the gradient agree with twin and differences. */
  @Test
  void decisionTableOfIntsIsWrittenAsTheMethodWritesIt() {
    new GradientAgreement(plans, "p.Plans", "cheapestPath").check(new double[] {1.3, 0.7, 2.1}, 3);
    new GradientAgreement(plans, "p.Plans", "cheapestPath").check(new double[] {0.4, 0.9, 0.6, 1.7}, 2);
  }

  /**
   * A table of doubles three deep is not one javagrad follows: still a clear error, at its
   * creation, which the int tables' writes being run as written leaves as it was.
   */
  @Test
  void writeIntoADeeperDoubleArrayIsStillAClearError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Cube", """
        package p;

        import io.javagrad.Differentiable;

        public class Cube {
          @Differentiable static double f(double x) {
            double[][][] cube = new double[2][2][2];
            cube[1][0][1] = x * x;
            return cube[1][0][1];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertFalse(compilation.errors().isEmpty(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertFalse(error.getSource().getName().endsWith("Grad.java"), FailingCompilation.describe(compilation));
      assertEquals(7, error.getLineNumber(), FailingCompilation.describe(compilation));
      assertTrue(error.getMessage(Locale.ROOT).contains("an array of arrays of double"),
          FailingCompilation.describe(compilation));
    }
  }

  /**
   * An enum that a helper chooses from a value with a derivative ({@code Tier.forQuantity(q)}), compared
   * or switched on: it was refused as a derivative lost in an object, but an enum's constants are made
   * once, from constants, and carry none; the choice only decides, as a comparison of {@code q} would.
   */
  @Test
  void enumChosenFromAValueWithADerivativeOnlyDecides() {
    Compiled compiled = Compiled.compile("p.Tiers", """
        package p;

        import io.javagrad.Differentiable;

        public class Tiers {
          enum Tier {
            RETAIL(0), TRADE(400), WHOLESALE(1000);

            private final double minimum;

            Tier(double minimum) {
              this.minimum = minimum;
            }

            double minimum() {
              return minimum;
            }

            static Tier forQuantity(double quantity) {
              Tier[] tiers = values();
              for (int i = tiers.length - 1; i > 0; i--) {
                if (quantity >= tiers[i].minimum) {
                  return tiers[i];
                }
              }
              return RETAIL;
            }
          }

          @Differentiable static double compared(double q) {
            return Tier.forQuantity(q) != Tier.RETAIL ? 2 * q * q : q * q;
          }

          @Differentiable static double inLoop(double q, double price) {
            double best = Double.POSITIVE_INFINITY;
            for (Tier tier : Tier.values()) {
              double quantity = Math.max(q, tier.minimum());
              if (Tier.forQuantity(quantity) != tier) {
                continue;
              }
              best = Math.min(best, price * quantity * (1 - tier.ordinal() * 0.1) + 1e4 / quantity);
            }
            return best;
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Tiers", "compared").check(300.0);
    new GradientAgreement(compiled, "p.Tiers", "compared").check(500.0);
    new GradientAgreement(compiled, "p.Tiers", "inLoop").check(300.0, 2.0);
    new GradientAgreement(compiled, "p.Tiers", "inLoop").check(1200.0, 0.5);
  }

  /**
   * A library's private holder of functions ({@code private static final class Normal}) whose
   * methods call each other by simple name and read the outer class's private table, called by a
   * private helper through its class ({@code Normal.cdf(z)}): the companion, which copies a private
   * helper to run it, named the private class, and did not compile; it now copies the holder's
   * methods too.
   */
  @Test
  void helpersOfAPrivateNestedClassAreCopied() {
    Compiled compiled = Compiled.compile("p.Stock", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Stock {
          private static final double[] TAIL = {0.3, -0.4, 1.8, -1.8, 1.3};

          private static final class Normal {
            private Normal() {}

            static double density(double z) {
              return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            }

            static double cdf(double z) {
              double t = 1 / (1 + 0.23 * Math.abs(z));
              double poly = 0;
              for (int i = TAIL.length - 1; i >= 0; i--) {
                poly = (poly + TAIL[i]) * t;
              }
              double upper = density(z) * poly;
              return z >= 0 ? 1 - upper : upper;
            }
          }

          private static double loss(double z) {
            return Normal.density(z) - z * (1 - Normal.cdf(z));
          }

          @Differentiable static double shortage(double q, double mean, double sd) {
            return sd * loss((q - mean) / sd);
          }

          /** The same functions in code run as written, on data, and given to a stream by reference. */
          @Differentiable static double weighted(double w, double[] data) {
            long above = Arrays.stream(data).map(Normal::cdf).filter(p -> p > 0.5).count();
            return w * above + w * w * Arrays.stream(data).map(z -> Normal.density(z)).sum();
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Stock", "shortage").check(110.0, 100.0, 20.0);
    new GradientAgreement(compiled, "p.Stock", "shortage").check(85.0, 100.0, 20.0);
    new GradientAgreement(compiled, "p.Stock", "weighted").check(1.5, new double[] {0.3, -1.2, 0.8});
  }

  /**
   * A reference to a private static method in code run as written ({@code map(Rates::twice)} in a
   * stream on data): the companion referred to the private method, and did not compile (on main
   * too); it now refers to its copy.
   */
  @Test
  void referenceToAPrivateHelperInCodeRunAsWrittenIsToTheCopy() {
    Compiled compiled = Compiled.compile("p.Rates", """
        package p;

        import io.javagrad.Differentiable;
        import io.javagrad.NoDerivative;
        import java.util.Arrays;

        public class Rates {
          private static double twice(double v) {
            return 2 * v;
          }

          @Differentiable static double scaled(double x, @NoDerivative double[] data) {
            long large = Arrays.stream(data).map(Rates::twice).filter(v -> v > 1).count();
            return x * x * large;
          }
        }
        """).assertCleanSuccess();
    double[] grad = new GradientAgreement(compiled, "p.Rates", "scaled").check(1.5, new double[] {0.2, 0.7, 0.9});
    assertEquals(2 * 1.5 * 2, grad[0], 1e-9);
  }

  /**
   * Copies of two private methods of one name and parameters would clash in the companion: an error,
   * not a companion that does not compile.
   */
  @Test
  void copiesOfOneNameAreAClearError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Clash", """
        package p;

        import io.javagrad.Differentiable;

        public class Clash {
          private static final class Normal {
            static double density(double z) {
              return Math.exp(-0.5 * z * z);
            }
          }

          private static double density(double z) {
            return Math.exp(-z * z);
          }

          private static double both(double z) {
            return density(z) + Normal.density(z);
          }

          @Differentiable static double f(double z) {
            return both(z);
          }
        }
        """);
    assertEveryErrorSays(FailingCompilation.compile(file), 17, "Normal.density", "Clash.density",
        "rename one of them");
  }

  /**
   * A {@code static final} function field holding a static method's reference ({@code DECODE =
   * Colour::decode}), applied directly, in the method and in a private helper: it was refused as a
   * function object javagrad cannot see into, though a field holding a lambda was followed.
   */
  @Test
  void functionFieldHoldingAMethodReferenceIsFollowed() {
    Compiled compiled = Compiled.compile("p.Colour", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.function.DoubleUnaryOperator;

        public class Colour {
          private static final DoubleUnaryOperator DECODE = Colour::decode;
          static final DoubleUnaryOperator ROOT = Math::sqrt;
          private static final double[] LUMA = {0.2126, 0.7152, 0.0722};

          private static double decode(double c) {
            return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
          }

          private static double luminance(double[] rgb) {
            double y = 0;
            for (int i = 0; i < 3; i++) {
              y += LUMA[i] * DECODE.applyAsDouble(rgb[i]);
            }
            return y;
          }

          @Differentiable static double contrast(double[] a, double[] b) {
            double la = luminance(a) + 0.05, lb = luminance(b) + 0.05;
            return la > lb ? la / lb : lb / la;
          }

          @Differentiable static double direct(double c) {
            return DECODE.applyAsDouble(c) + ROOT.applyAsDouble(c);
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Colour", "contrast").check(new double[] {0.8, 0.4, 0.2},
        new double[] {0.1, 0.02, 0.3});
    new GradientAgreement(compiled, "p.Colour", "direct").check(0.5);
    new GradientAgreement(compiled, "p.Colour", "direct").check(0.03);
  }

  /**
   * A row of a double[][] given a stream collected into an array: the error said the stream's array
   * was "a parameter's array or a row"; it now says what it is, and that a derivative does not go
   * through a stream collected into an array.
   */
  @Test
  void rowGivenAStreamsArraySaysWhatItIs() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kernel", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Kernel {
          @Differentiable static double first(double[][] cost, double epsilon) {
            double[][] kernel = new double[cost.length][];
            for (int i = 0; i < cost.length; i++) {
              kernel[i] = Arrays.stream(cost[i]).map(c -> Math.exp(-c / epsilon)).toArray();
            }
            return kernel[0][0];
          }
        }
        """);
    assertEveryErrorSays(FailingCompilation.compile(file), 10, "is an array that code run as written gives",
        "collect the stream into a local double[] first");
  }
}
