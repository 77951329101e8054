package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the platform-math corpus (corpus/PlatformMath.java): {@code Double}'s
 * arithmetic functions and streams that end in {@code reduce}, each refused as a derivative lost;
 * a number's bits or text turned back into it, whose derivative was lost silently.
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

  /**
   * A number's bits or text turned back into the number: the derivative was lost silently, the
   * gradient 0 (the bits, a long, counted as a result that carries none). Each is an error now;
   * bits and text that only decide or build a message stay accepted.
   */
  @Test
  void bitsAndTextOfAValueWithADerivativeAreErrorsWhereTheyReachTheResult() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Bits", """
        package p;

        import io.javagrad.Differentiable;

        public class Bits {
          @Differentiable static double absByBits(double x) {
            long bits = Double.doubleToLongBits(x) & 0x7fffffffffffffffL;
            return Double.longBitsToDouble(bits) * 3;
          }

          @Differentiable static double nextByBits(double x) {
            return Double.longBitsToDouble(Double.doubleToLongBits(x) + 1);
          }

          @Differentiable static double textLocal(double x) {
            String s = Double.toString(x);
            return Double.parseDouble(s) * 2;
          }

          @Differentiable static double sameBits(double x, double y) {
            boolean same = Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
            if (String.valueOf(x).isEmpty()) {
              throw new IllegalStateException("x = " + Double.toString(x));
            }
            return same ? x : x * y;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(List.of(7L, 12L, 16L), compilation.errors().stream().map(Diagnostic::getLineNumber).toList(),
        FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertTrue(error.getMessage(Locale.ROOT).startsWith("x carries a derivative, but it is passed into Double."),
          error.getMessage(Locale.ROOT));
    }
  }

  /** A boxed local given a derivative: the advice was to use "a local variable, or no @NoDerivative there". */
  @Test
  void boxedLocalGivenADerivativeIsToldToBeADouble() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Boxed", """
        package p;

        import io.javagrad.Differentiable;

        public class Boxed {
          @Differentiable static double boxed(double x) {
            Double d = x;
            return d * 2;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    String message = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("assigned to d, a local of type java.lang.Double")
        && message.endsWith("declare d a double, which carries the derivative"), message);
  }
}
