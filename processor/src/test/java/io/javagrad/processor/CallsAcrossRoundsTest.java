package io.javagrad.processor;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Differentiable} method that another processor generates, and javagrad so meets in a
 * later round, calls one javagrad differentiated in an earlier round: the callee's companion,
 * written then, is called as a compiled callee's is; a plain helper of the earlier class is
 * differentiated on demand for the caller, as one of its own round would be.
 */
class CallsAcrossRoundsTest {
  private static final String MODEL = """
      package p;

      import io.javagrad.Differentiable;

      public class Model {
        @Differentiable public static double energy(double x, double y) {
          return Math.exp(x) * y + square(y);
        }

        static double square(double v) {
          return v * v;
        }
      }
      """;

  /** What a code generator writes in the first round: a caller of Model, annotated in its turn. */
  private static final String GENERATED = """
      package p;

      import io.javagrad.Differentiable;

      public class Generated {
        @Differentiable public static double scaled(double x, double y) {
          return 2 * Model.energy(x, y) + Math.sin(x) * Model.square(x);
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compileWith(List.of(new WritesOneSource("p.Generated", GENERATED)), List.of(),
        "p.Model", MODEL).assertCleanSuccess();
  }

  @Test
  void aCallerOfALaterRoundGetsItsGradientThroughTheCalleesCompanion() {
    new GradientAgreement(compiled, "p.Generated", "scaled").check(0.3, 1.7);
    new GradientAgreement(compiled, "p.Model", "energy").check(0.3, 1.7);
  }
}
