package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random loops over points shaped as ADBench's GMM is: per point, a loop over components fills
 * scratch vectors and reads them, and stores each component's term into a third scratch array that
 * the point then reads. The fills sit at the top of the point or of each component, under both arms
 * of a branch or one only; the iteration sometimes reads a vector before filling it, carries a
 * scalar from one point to the next, reads a local array made before the loop, or the method reads
 * a parameter array again after the loop. So some loops are differentiated in place ({@code
 * InPlaceLoop}) and others must not be; each method is checked against the twin and finite
 * differences ({@link GradientAgreement}) at several lengths, empty vectors included.
 *
 * <p>System properties: {@code -Djavagrad.fuzzinplace.count=N} sets the number of methods (default
 * 40), {@code -Djavagrad.fuzzinplace.seed=S} the seed.
 */
class RandomInPlaceScratchTest {
  private static final int METHODS = Integer.getInteger("javagrad.fuzzinplace.count", 40);
  private static final long SEED = Long.getLong("javagrad.fuzzinplace.seed", 0x696e706c616365L); // "inplace"

  @Test
  void randomPointLoopsAgreeWithTheTwinAndFiniteDifferences() {
    Random random = new Random(SEED);
    Compiled compiled = RandomMethods.compile("p.RandomInPlace", METHODS, name -> new Generator(random).method(name));
    String companion = compiled.generatedSource("p.RandomInPlaceGrad");
    int inPlace = GeneratedCodeTest.count(companion, "// for (int p = 0; p < 3; p++), differentiated in place above");
    int usual = GeneratedCodeTest.count(companion, "// for (int p = 0; p < 3; p++)\n");
    assertTrue(inPlace >= METHODS / 5 && usual >= METHODS / 5,
        () -> inPlace + " point loops in place, " + usual + " not, in\n" + companion);
    Random points = new Random(SEED + 1);
    for (int k = 0; k < METHODS; k++) {
      GradientAgreement agreement = new GradientAgreement(compiled, "p.RandomInPlace", "m" + k);
      for (int length = 0; length <= 3; length++) {
        agreement.check(RandomMethods.values(points, 1 + points.nextInt(3)), RandomMethods.values(points, length),
            0.3 + points.nextDouble());
      }
    }
  }

  /** One method {@code (double[] w, double[] x, double c)}, its scratch vectors as long as x. */
  private static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    String method(String name) {
      StringBuilder body = new StringBuilder();
      body.append("double[] ex = new double[w.length];\n")
          .append("for (int j = 0; j < w.length; j++) {\nex[j] = Math.exp(0.3 * w[j]);\n}\n")
          .append("double[] a = new double[x.length];\ndouble[] b = new double[x.length];\n")
          .append("double[] t = new double[2];\ndouble total = 0;\n");
      boolean carries = random.nextInt(5) == 0;
      if (carries) {
        body.append("double carry = c;\n");
      }
      boolean fillPerPoint = random.nextInt(3) == 0;
      body.append("for (int p = 0; p < 3; p++) {\n");
      if (fillPerPoint) {
        fillA(body);
      }
      body.append("for (int k = 0; k < 2; k++) {\n");
      if (random.nextInt(5) == 0) {
        body.append("double early = x.length == 0 ? c : a[x.length - 1];\n");
      } else {
        body.append("double early = c;\n");
      }
      if (!fillPerPoint) {
        fillA(body);
      }
      if (random.nextBoolean()) {
        body.append("for (int j = 0; j < b.length; j++) {\nb[j] = ").append(random.nextBoolean() ? "w[k % w.length]" : "ex[k % ex.length]")
            .append(" * a[j];\n}\n");
      } else {
        body.append("for (int j = 0; j < b.length; j++) {\nb[j] = a[j] * a[j];\n}\n");
      }
      if (random.nextBoolean()) {
        // a triangular update of b in place, as GMM's product with its lower triangle
        body.append("for (int i = 0; i < b.length; i++) {\nfor (int j = i + 1; j < b.length; j++) {\n")
            .append("b[j] += w[(i + j) % w.length] * a[i];\n}\n}\n");
      }
      body.append("double norm = early * 0.1;\n")
          .append("for (int j = 0; j < b.length; j++) {\nnorm += b[j] * ").append(random.nextBoolean() ? "b[j]" : "a[j]")
          .append(";\n}\n")
          .append("t[k] = norm").append(random.nextBoolean() ? " * ex[(k + 1) % ex.length]" : " - w[0]").append(";\n")
          .append("}\n");
      String term = random.nextBoolean() ? "Math.log(1 + t[0] * t[0] + t[1] * t[1])" : "Math.max(t[0], t[1]) * c";
      if (carries) {
        body.append("carry = carry * 0.5 + t[0];\ntotal += carry * ").append(term).append(";\n");
      } else {
        body.append("total += ").append(term).append(";\n");
      }
      body.append("}\n");
      body.append("return total").append(random.nextBoolean() ? " * w[0]" : "").append(" + c;\n");
      return "@Differentiable static double " + name + "(double[] w, double[] x, double c) {\n" + body + "}";
    }

    /** Fills {@code a}, at the top of a point or a component: plainly, under both arms of a branch, or one only. */
    private void fillA(StringBuilder body) {
      String fill = "for (int j = 0; j < a.length; j++) {\na[j] = x[j] * w[(j + p) % w.length] - c;\n}\n";
      switch (random.nextInt(4)) {
        case 0 -> body.append("if (w[0] > 0) {\n").append(fill).append("} else {\n")
            .append("for (int j = 0; j < x.length; j++) {\na[j] = x[j] + w[0] * p;\n}\n}\n");
        case 1 -> body.append("if (w[p % w.length] > 0.2) {\n").append(fill).append("}\n");
        default -> body.append(fill);
      }
    }
  }
}
