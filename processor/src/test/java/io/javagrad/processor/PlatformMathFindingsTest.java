package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the platform-math corpus (corpus/PlatformMath.java): {@code Double}'s
 * arithmetic functions and streams that end in {@code reduce}, each refused as a derivative lost.
 */
class PlatformMathFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;
      import java.util.stream.IntStream;

      public class Platform {
        /** Double.max, min and sum are Math.max, Math.min and +, by their specification. */
        @Differentiable static double doubleStatics(double x, double y) {
          return Double.max(x, y) + Double.min(x * x, y) + Double.sum(x, y * 2);
        }

        /** A sum and a product by reduce from an identity, by a reference and by a lambda. */
        @Differentiable static double reducedFromIdentity(double[] x, double w) {
          double sum = Arrays.stream(x).reduce(0, Double::sum);
          double product = Arrays.stream(x).map(v -> v * v).reduce(1, (p, v) -> p * v);
          double weighted = IntStream.range(0, x.length).mapToDouble(i -> x[i]).reduce(x[0], (acc, v) -> acc + w * v);
          return sum + product + weighted + Arrays.stream(x).reduce(0, Math::hypot);
        }

        /** The optional form: no identity, the first element starts the fold; orElseThrow() is getAsDouble(). */
        @Differentiable static double reducedOptionally(double[] x, double a, double b, int n) {
          double largest = DoubleStream.of(a, b, a * b).reduce(Math::max).orElseThrow();
          double smallest = Arrays.stream(x).reduce(Double::min).orElse(a);
          double none = IntStream.range(0, n).mapToDouble(i -> x[i] * a).reduce((s, v) -> s + v * v).orElse(b);
          return largest + smallest + none;
        }

        @Differentiable static double productOrThrow(double[] x) {
          return Arrays.stream(x).reduce((p, v) -> p * v).getAsDouble();
        }
      }
      """;

  private static Compiled platform;

  @BeforeAll
  static void compile() {
    platform = Compiled.compile("p.Platform", SOURCE);
  }

  @Test
  void compilesCleanly() {
    platform.assertCleanSuccess();
  }

  @Test
  void doubleMaxMinAndSumAreDifferentiated() {
    new GradientAgreement(platform, "p.Platform", "doubleStatics").check(1.5, -0.5);
    new GradientAgreement(platform, "p.Platform", "doubleStatics").check(-2.0, 3.0);
  }

  @Test
  void reduceFromAnIdentityIsTheLoopTheStreamRuns() {
    new GradientAgreement(platform, "p.Platform", "reducedFromIdentity").check(new double[] {0.5, -1.5, 2.0}, 0.7);
  }

  @Test
  void reduceWithoutIdentityStartsFromTheFirstElement() {
    double[] x = {0.5, -1.5, 2.0};
    new GradientAgreement(platform, "p.Platform", "reducedOptionally").check(x, 1.2, 0.4, 3);
    new GradientAgreement(platform, "p.Platform", "reducedOptionally").check(x, -1.2, 0.4, 0);
    new GradientAgreement(platform, "p.Platform", "reducedOptionally").check(new double[0], 0.3, 2.5, 0);
  }

  /** With no element, getAsDouble throws as the stream does, from the companion too. */
  @Test
  void emptyOptionalReduceThrowsAsTheStreamDoes() {
    GradientAgreement product = new GradientAgreement(platform, "p.Platform", "productOrThrow");
    product.check((Object) new double[] {0.5, -1.5, 2.0});
    NoSuchElementException thrown = assertThrows(NoSuchElementException.class,
        () -> product.gradientInto(new double[0], (Object) new double[0]));
    assertEquals("No value present", thrown.getMessage());
  }
}
