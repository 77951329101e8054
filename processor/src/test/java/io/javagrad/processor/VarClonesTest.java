package io.javagrad.processor;

import org.junit.jupiter.api.Test;

/**
 * A {@code var} local given an array's {@code clone()}, as {@code var sorted = incomes.clone();
 * Arrays.sort(sorted);} writes a Gini coefficient (found by the economics corpus): the processor
 * could not tell the clone's type and refused it, "assign it to a local variable of its type first",
 * though it was one. An array's {@code clone()} has the array's type.
 */
class VarClonesTest {
  private static final String SOURCE = """
      package p;
      import io.javagrad.Differentiable;
      import java.util.Arrays;
      public class Clones {
        @Differentiable static double sortedWeights(double[] x) {
          var sorted = x.clone();
          Arrays.sort(sorted);
          double s = 0;
          for (int i = 0; i < sorted.length; i++) {
            s += (i + 1) * sorted[i] * sorted[i];
          }
          return s;
        }
        @Differentiable static double clonedIndices(double[] x, int[] order) {
          var mine = order.clone();
          var copy = x.clone();
          copy[mine[0]] *= 3;
          return copy[0] * x[1] + copy[mine[0]];
        }
      }
      """;

  @Test
  void aVarLocalTakesTheTypeOfTheArrayItClones() {
    Compiled c = Compiled.compile("p.Clones", SOURCE).assertCleanSuccess();
    new GradientAgreement(c, "p.Clones", "sortedWeights").check((Object) new double[] {0.3, -1.2, 2.5});
    new SecondOrderAgreement(c, "p.Clones", "sortedWeights").check((Object) new double[] {0.3, -1.2, 2.5});
  }

  @Test
  void aVarCloneOfAnIntArrayRunsAsWritten() {
    Compiled c = Compiled.compile("p.Clones", SOURCE).assertCleanSuccess();
    new GradientAgreement(c, "p.Clones", "clonedIndices").check(new double[] {0.3, -1.2}, new int[] {1});
  }
}
