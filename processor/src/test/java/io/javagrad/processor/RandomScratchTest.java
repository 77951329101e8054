package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random loops that fill a scratch array afresh on each iteration and read it after, as ADBench's
 * GMM does: the fill is sometimes cheap arithmetic on values that never change (which the reverse
 * sweep fills again, {@code Refills}), sometimes reads a scalar that changes after it, a function,
 * or the other scratch array, and the iteration sometimes reads the array before the fill, stores
 * into it again after the fill, or fills and reads it under a branch. Each method is checked
 * against the twin and finite differences ({@link GradientAgreement}) at lengths from 0 to 3, so
 * that loops of 0, 1 and more iterations are met. The general fuzzer seldom builds such a loop.
 */
class RandomScratchTest {
  private static final int METHODS = 40;
  private static final long SEED = 0x73637261746368L; // "scratch"

  @Test
  void randomScratchFillsAgreeWithTheTwinAndFiniteDifferences() {
    Random random = new Random(SEED);
    Compiled compiled = RandomMethods.compile("p.RandomScratch", METHODS, name -> new Generator(random).method(name));
    String companion = compiled.generatedSource("p.RandomScratchGrad");
    int refills = GeneratedCodeTest.count(companion, "run again: its values are computed, not recorded");
    assertTrue(refills >= METHODS / 4, () -> refills + " refills in\n" + companion);
    Random points = new Random(SEED + 1);
    for (int k = 0; k < METHODS; k++) {
      GradientAgreement agreement = new GradientAgreement(compiled, "p.RandomScratch", "m" + k);
      for (int length = 0; length <= 3; length++) {
        agreement.check(RandomMethods.values(points, length), RandomMethods.values(points, 1 + points.nextInt(3)),
            0.3 + points.nextDouble());
      }
    }
  }

  /** One method {@code (double[] m, double[] x, double c)}, its scratch arrays as long as x. */
  private static final class Generator {
    private final Random random;
    private final List<String> fillLeaves = new ArrayList<>(List.of("x[j]", "m[p]", "c", "0.5", "p",
        "x[(j + p) % x.length]"));

    Generator(Random random) {
      this.random = random;
    }

    String method(String name) {
      StringBuilder body = new StringBuilder();
      body.append("double[] a = new double[x.length];\ndouble[] b = new double[x.length];\n");
      body.append("double total = 0;\ndouble s = c;\n");
      body.append("for (int p = 0; p < m.length; p++) {\n");
      if (random.nextInt(4) == 0) {
        body.append("total += a[0] * m[p];\n");
      }
      if (random.nextBoolean()) {
        body.append("double shift = ").append(random.nextBoolean() ? "2 * m[p] - c" : "x[p % x.length] * m[p]")
            .append(";\n");
        fillLeaves.add("shift");
      }
      if (random.nextInt(3) == 0) {
        fillLeaves.add("s");
      }
      boolean branch = random.nextInt(4) == 0;
      if (branch) {
        body.append("if (m[p] > 0) {\n");
      }
      body.append("for (int j = 0; j < a.length; j++) {\na[j] = ").append(fill(2)).append(";\n}\n");
      if (random.nextInt(3) == 0) {
        body.append("for (int j = 0; j < b.length; j++) {\nb[j] = a[j] * ").append(fill(1)).append(";\n}\n");
      }
      if (random.nextInt(4) == 0) {
        body.append("s = s * m[p] + 0.5;\n");
      }
      if (random.nextInt(4) == 0) {
        body.append("a[x.length - 1] = a[0] * m[p];\n");
      }
      body.append("for (int j = 0; j < a.length; j++) {\ntotal += ").append(reader(2)).append(";\n}\n");
      if (branch) {
        body.append("}\n");
      }
      body.append(random.nextBoolean() ? "total = Math.sin(total);\n" : "total *= 0.5;\n");
      body.append("}\n");
      body.append("return total + a[0] * ").append(random.nextBoolean() ? "b[0]" : "c").append(";\n");
      return "@Differentiable static double " + name + "(double[] m, double[] x, double c) {\n" + body + "}";
    }

    /** A fill's value: mostly cheap arithmetic, sometimes a function. */
    private String fill(int depth) {
      if (depth == 0 || random.nextInt(4) == 0) {
        return fillLeaves.get(random.nextInt(fillLeaves.size()));
      }
      return switch (random.nextInt(7)) {
        case 0, 1 -> "(" + fill(depth - 1) + " - " + fill(depth - 1) + ")";
        case 2, 3 -> fill(depth - 1) + " * " + fill(depth - 1);
        case 4 -> "(" + fill(depth - 1) + " + " + fill(depth - 1) + ")";
        default -> "Math.exp(0.5 * " + fill(0) + ")";
      };
    }

    /** What the reverse sweep reads the scratch arrays through. */
    private String reader(int depth) {
      if (depth == 0 || random.nextInt(4) == 0) {
        return switch (random.nextInt(5)) {
          case 0 -> "a[(j + 1) % a.length]";
          case 1 -> "b[j]";
          case 2 -> "m[p]";
          default -> "a[j]";
        };
      }
      return switch (random.nextInt(4)) {
        case 0 -> "(" + reader(depth - 1) + " - " + reader(depth - 1) + ")";
        case 1 -> "Math.sin(" + reader(depth - 1) + ")";
        default -> reader(depth - 1) + " * " + reader(depth - 1);
      };
    }
  }
}
