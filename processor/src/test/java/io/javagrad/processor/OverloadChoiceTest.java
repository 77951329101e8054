package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A call means the overload Java chooses (JLS 15.12.2.5): of those that apply by widening, the
 * most specific, so {@code f(int)} calls {@code f(long)} rather than {@code f(double)}, and {@code
 * f(float)} rather than {@code f(double)} too. Each overload here computes something else, so the
 * numbers tell which one ran.
 */
class OverloadChoiceTest {
  private static final String OVERLOADS = """
      package p;

      import static java.lang.Math.max;

      import io.javagrad.Differentiable;

      public class Overloads {
        @Differentiable static double f(double x, long n) {
          return x * x * n;
        }

        @Differentiable static double f(double x, double y) {
          return Math.sin(x * y);
        }

        /** int widens to long and to double; long is the more specific. */
        @Differentiable static double withInt(double x, int i) {
          return f(x, i);
        }

        @Differentiable static double withLong(double x, long n) {
          return f(x, n);
        }

        @Differentiable static double withDouble(double x, double y) {
          return f(x, y);
        }

        /** Inside a branch the companion calls f itself, where javac chooses again. */
        @Differentiable static double withIntInBranch(double x, int i) {
          double s = x;
          if (x > 0) {
            s = f(x, i) + f(x, 2.0 * i);
          }
          return s;
        }

        /** Math.max(double, double): the only overload that takes a double. */
        @Differentiable static double withLibraryOverloads(double x, long n) {
          return max(x, n);
        }
      }
      """;

  @Test
  void intArgumentCallsTheLongOverload() {
    Compiled compiled = Compiled.compile(java.util.List.of("-Werror"), "p.Overloads", OVERLOADS);
    double x = 0.6;
    assertArrayEquals(new double[] {2 * x * 3}, new GradientAgreement(compiled, "p.Overloads", "withInt").check(x, 3),
        1e-15);
    assertEquals(x * x * 3, (Double) compiled.call("p.OverloadsGrad", "withInt",
        new Class<?>[] {double.class, int.class, double[].class}, x, 3, new double[1]), 0.0);
    assertArrayEquals(new double[] {2 * x * 5},
        new GradientAgreement(compiled, "p.Overloads", "withLong").check(x, 5L), 1e-15);
    assertArrayEquals(new double[] {0.5 * Math.cos(x * 0.5), x * Math.cos(x * 0.5)},
        new GradientAgreement(compiled, "p.Overloads", "withDouble").check(x, 0.5), 1e-15);
    assertArrayEquals(new double[] {2 * x * 3 + 6 * Math.cos(6 * x)},
        new GradientAgreement(compiled, "p.Overloads", "withIntInBranch").check(x, 3), 1e-14);
    new GradientAgreement(compiled, "p.Overloads", "withIntInBranch").check(-x, 3);
    assertArrayEquals(new double[] {1}, new GradientAgreement(compiled, "p.Overloads", "withLibraryOverloads")
        .check(x, -2L), 0.0);
  }

  /** Java calls g(double, float) for an int: a helper without @Differentiable, differentiated on demand. */
  @Test
  void mostSpecificOverloadIsChosenEvenWhereItIsAHelper() {
    Compiled compiled = Compiled.compile("p.Floats", """
        package p;

        import static java.lang.Math.max;

        import io.javagrad.Differentiable;

        public class Floats {
          static double g(double x, float y) {
            return x;
          }

          @Differentiable static double g(double x, double y) {
            return x * y;
          }

          @Differentiable static double good(double x, double y) {
            return g(x, y);
          }

          @Differentiable static double badFloat(double x, int i) {
            return g(x, i);
          }

          @Differentiable static double badIntegralMax(double x, int i, long n) {
            return x * max(i, n);
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Floats", "good").check(0.5, 1.5);
    assertEquals(1.0, new GradientAgreement(compiled, "p.Floats", "badFloat").check(0.5, 3)[0], 0.0);
    new GradientAgreement(compiled, "p.Floats", "badIntegralMax").check(0.5, 3, 7L);
  }
}
