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
      import java.util.stream.IntStream;
      public class Clones {
        @Differentiable static double varForms(double[] x, double c) {
          var total = Arrays.stream(x).sum();
          var n = x.length;
          var big = Math.max(total, c);
          var copy = Arrays.copyOf(x, n + 1);
          copy[n] = c;
          var pick = c > 0 ? x : copy;
          var e = switch (n) { case 1 -> c; default -> c * c; };
          var dot = IntStream.range(0, n).mapToDouble(i -> x[i] * copy[i]).sum();
          var mx = Arrays.stream(copy).max().getAsDouble();
          return total + big + pick[0] + e + dot + mx + copy[n];
        }
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
  void varLocalsOfStreamsCopiesChoicesAndSwitchesAgree() {
    Compiled c = Compiled.compile("p.Clones", SOURCE).assertCleanSuccess();
    new GradientAgreement(c, "p.Clones", "varForms").check(new double[] {0.3, -1.2, 2.5}, 0.7);
    new GradientAgreement(c, "p.Clones", "varForms").check(new double[] {0.3, -1.2, 2.5}, -0.7);
  }

  @Test
  void aVarCloneOfAnIntArrayRunsAsWritten() {
    Compiled c = Compiled.compile("p.Clones", SOURCE).assertCleanSuccess();
    new GradientAgreement(c, "p.Clones", "clonedIndices").check(new double[] {0.3, -1.2}, new int[] {1});
  }
}
