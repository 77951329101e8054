package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A switch expression whose only arms that give a value are blocks yielding what reads their own
 * locals ({@code { double t = x * x; yield t + 1; }}), the others throwing: its type is read off
 * the yields with the blocks' locals known (declared, or {@code var} by their initializers). It
 * was refused as a switch whose type javagrad cannot tell, though it initializes a double. Found
 * compiling a model chosen by name in a numeric library's style.
 */
class SwitchArmTypesTest {
  private static final String SOURCE = Compiled.classSource("p.Arms", List.of(), List.of("""
      @Differentiable static double declared(String kind, double x) {
        double r = switch (kind) {
          case "sq" -> {
            double t = x * x;
            yield t + 1;
          }
          default -> throw new IllegalArgumentException("unknown " + kind);
        };
        return r;
      }
      """, """
      @Differentiable static double inferred(int k, double x, double y) {
        return 2 * switch (k) {
          case 1 -> {
            var t = x * y;
            yield Math.exp(t);
          }
          case 2 -> {
            double[] v = {x, y};
            yield v[0] - v[1];
          }
          default -> throw new IllegalArgumentException("unknown " + k);
        };
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Arms", SOURCE).assertCleanSuccess();
  }

  @Test
  void aBlockArmsYieldReadsItsDeclaredLocals() {
    new GradientAgreement(compiled, "p.Arms", "declared").check("sq", 1.5);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> compiled.call("p.ArmsGrad",
        "declared", new Class<?>[] {String.class, double.class, double[].class}, "cube", 1.5, new double[1]));
    assertEquals("unknown cube", thrown.getMessage());
  }

  @Test
  void aBlockArmsYieldReadsVarLocalsAndArrays() {
    new GradientAgreement(compiled, "p.Arms", "inferred").check(1, 0.5, -0.7);
    new GradientAgreement(compiled, "p.Arms", "inferred").check(2, 0.5, -0.7);
  }
}
