package io.javagrad.processor;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Expressions as deep as javac accepts: a sum of thousands of terms (a left-leaning tree of that
 * depth) and hundreds of nested calls. The processor must differentiate them like any other, not
 * fail with a stack overflow in one of its walks over the expression tree.
 *
 * <p>javac itself needs more than its default stack of 1 MB for a sum of 2,000 terms, about 1.5
 * MB, so those compilations run on a thread with {@value #STACK_BYTES} bytes of stack. A sum of
 * 1,000 terms compiles at javac's default, and so must its companion: the processor's walks run
 * on a thread of its own, and the twin's chain of calls is cut into short ones.
 */
class DeepExpressionTest {
  static final int TERMS = 2_000;
  private static final int CALLS = 300;
  private static final long STACK_BYTES = 4L << 20;
  private static final long JAVAC_DEFAULT_STACK_BYTES = 1L << 20;

  @Test
  void sumOfAThousandTermsAtJavacsDefaultStack() {
    Compiled compiled = compileOnStack(JAVAC_DEFAULT_STACK_BYTES,
        "@Differentiable static double thousandTerms(double x, double y) {\n  return " + sum(1_000) + ";\n}");
    new GradientAgreement(compiled, "p.Deep", "thousandTerms").check(0.3, -0.7);
  }

  @Test
  void sumOfTwoThousandTerms() {
    Compiled compiled = compile("@Differentiable static double longSum(double x, double y) {\n"
        + "  return " + sum(TERMS) + ";\n}");
    new GradientAgreement(compiled, "p.Deep", "longSum").check(0.3, -0.7);
  }

  @Test
  void sumOfTwoThousandTermsInALoop() {
    Compiled compiled = compile("@Differentiable static double sumInLoop(double x, double y, int n) {\n"
        + "  double s = 0;\n"
        + "  for (int i = 0; i < n; i++) {\n"
        + "    s = s * y + " + sum(TERMS) + ";\n"
        + "  }\n"
        + "  return s;\n}");
    new GradientAgreement(compiled, "p.Deep", "sumInLoop").check(0.3, -0.7, 3);
  }

  @Test
  void threeHundredNestedFunctionCalls() {
    Compiled compiled = compile("@Differentiable static double sineChain(double x) {\n"
        + "  return " + nested("Math.sin", "x", CALLS) + ";\n}");
    new GradientAgreement(compiled, "p.Deep", "sineChain").check(1.2);
  }

  @Test
  void threeHundredNestedCallsOfADifferentiableMethod() {
    Compiled compiled = compile(
        "@Differentiable static double step(double x) {\n  return Math.sin(x) + 0.01 * x;\n}",
        "@Differentiable static double stepChain(double x) {\n"
            + "  return " + nested("step", "x", CALLS) + ";\n}");
    new GradientAgreement(compiled, "p.Deep", "stepChain").check(1.2);
  }

  /** Compiles a class {@code p.Deep} of {@code members} on a thread with {@link #STACK_BYTES} of stack. */
  static Compiled compile(String... members) {
    return compileOnStack(STACK_BYTES, members);
  }

  private static Compiled compileOnStack(long stackBytes, String... members) {
    String source = Compiled.classSource("p.Deep", List.of(), List.of(members));
    return onStack(stackBytes, () -> Compiled.compile("p.Deep", source)).assertCleanSuccess();
  }

  /** Runs {@code work} on a thread with {@code stackBytes} of stack, and returns its result. */
  static <T> T onStack(long stackBytes, Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "deep-expressions", stackBytes);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (failure.get() != null) {
      throw new AssertionError("failed on a stack of " + stackBytes + " bytes", failure.get());
    }
    return result.get();
  }

  /** {@code count} terms of three kinds, added from the left: {@code x + x * y + Math.cos(x - y) + x + ...}. */
  static String sum(int count) {
    List<String> kinds = List.of("x", "x * y", "Math.cos(x - y)");
    StringBuilder sum = new StringBuilder();
    for (int k = 0; k < count; k++) {
      sum.append(k == 0 ? "" : " + ").append(kinds.get(k % kinds.size()));
    }
    return sum.toString();
  }

  /** {@code function(function(...function(argument)...))}, {@code depth} calls deep. */
  private static String nested(String function, String argument, int depth) {
    return (function + "(").repeat(depth) + argument + ")".repeat(depth);
  }
}
