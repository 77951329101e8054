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
}
