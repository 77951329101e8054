package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random loops differentiated in place that read two parameter arrays at the counter plus
 * constants from -2 to 2, sometimes also at an index of another form, under branches, after a
 * break or a continue, with sums whose seed is 1 or depends on the sum: each method is checked
 * against the twin and finite differences ({@link GradientAgreement}) at lengths from 0 to 7, so
 * that loops of 0, 1, 2 and more iterations are met. The general fuzzer seldom builds such a loop.
 */
class RandomStencilsTest {
  private static final int METHODS = Integer.getInteger("javagrad.fuzzstencil.count", 40);
  private static final long SEED = Long.getLong("javagrad.fuzzstencil.seed", 0x7374656e63696cL); // "stencil"

  @Test
  void randomStencilLoopsAgreeWithTheTwinAndFiniteDifferences() {
    Random random = new Random(SEED);
    Compiled compiled = RandomMethods.compile("p.RandomStencils", METHODS, name -> new Generator(random).method(name));
    String companion = compiled.generatedSource("p.RandomStencilsGrad");
    int windows = GeneratedCodeTest.count(companion, "held until no later iteration reads the element");
    assertTrue(windows >= METHODS / 2, () -> windows + " windows in\n" + companion);
    Random points = new Random(SEED + 1);
    for (int k = 0; k < METHODS; k++) {
      GradientAgreement agreement = new GradientAgreement(compiled, "p.RandomStencils", "m" + k);
      for (int length = 0; length <= 7; length++) {
        agreement.check(RandomMethods.values(points, length), RandomMethods.values(points, length),
            0.3 + points.nextDouble());
      }
    }
  }

  /** One method {@code (double[] x, double[] y, double c)}, x and y of one length. */
  private static final class Generator {
    private final Random random;
    private int low;
    private int high;

    Generator(Random random) {
      this.random = random;
    }

    String method(String name) {
      low = -random.nextInt(3);
      high = random.nextInt(3);
      StringBuilder body = new StringBuilder();
      body.append("double sum = ").append(random.nextBoolean() ? "0" : "c * c").append(";\n");
      body.append("for (int i = ").append(-low + random.nextInt(2)).append("; i < x.length - ")
          .append(high + random.nextInt(2)).append("; i++) {\n");
      int jump = random.nextInt(4);
      if (jump > 1) {
        body.append("if (").append(element()).append(" > 0.8) {\n").append(jump == 2 ? "break" : "continue")
            .append(";\n}\n");
      }
      body.append("double t = ").append(expression(2)).append(";\n");
      if (random.nextBoolean()) {
        body.append("if (").append(element()).append(" < 0.2) {\nsum += ").append(expression(2)).append(";\n}\n");
      }
      if (random.nextInt(5) == 0) {
        // an index of another form: the array keeps its adjoints in the gradient
        body.append("t *= x[(i * 3) % x.length];\n");
      }
      body.append("sum += t * ").append(expression(1)).append(";\n}\n");
      body.append("return ").append(random.nextBoolean() ? "sum" : "Math.log(1 + sum * sum) * c").append(";\n");
      return "@Differentiable static double " + name + "(double[] x, double[] y, double c) {\n" + body + "}";
    }

    private String expression(int depth) {
      if (depth == 0 || random.nextInt(4) == 0) {
        int leaf = random.nextInt(5);
        return leaf == 0 ? "c" : leaf == 1 ? "0.5" : element();
      }
      return switch (random.nextInt(5)) {
        case 0 -> "(" + expression(depth - 1) + " + " + expression(depth - 1) + ")";
        case 1 -> "(" + expression(depth - 1) + " - " + expression(depth - 1) + ")";
        case 2 -> expression(depth - 1) + " * " + expression(depth - 1);
        case 3 -> "Math.sin(" + expression(depth - 1) + ")";
        default -> "Math.tanh(" + expression(depth - 1) + ")";
      };
    }

    /** {@code x[i + c]} or {@code y[i + c]}, c from low to high. */
    private String element() {
      int c = low + random.nextInt(high - low + 1);
      String index = c == 0 ? "i" : c > 0 ? "i + " + c : "i - " + -c;
      return (random.nextBoolean() ? "x" : "y") + "[" + index + "]";
    }
  }
}
