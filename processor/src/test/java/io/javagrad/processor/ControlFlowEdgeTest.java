package io.javagrad.processor;

import static io.javagrad.processor.GradientAgreement.append;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Gradient;
import io.javagrad.GradientChecker;
import io.javagrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Loops at their limits: a million iterations (right, and no stack overflow on a thread with the
 * default stack), array indices out of range (the same exception as the original method, and a
 * correct gradient on the next call, the failed call having left the tape as it found it), many
 * threads at once (each has its own tape and pullback buffers), and chains of methods with loops
 * whose pullbacks run inside each other's reverse sweeps.
 */
class ControlFlowEdgeTest {
  static final String EDGE = """
      package p;

      import io.javagrad.Differentiable;

      public class Edge {
        /** Linear in s: the reverse sweep needs no tape, only the counter. */
        @Differentiable static double decay(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s = s * 0.999999 + Math.sin(x * i * 1e-6);
          }
          return s;
        }

        /** x = sin(x): every old x goes on the tape. */
        @Differentiable static double iterateSin(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = Math.sin(x);
          }
          return x;
        }

        /** A while loop with a branch in it: a trip count, and a decision per iteration on the tape. */
        @Differentiable static double branchy(double x, int n) {
          double s = x;
          int k = 0;
          while (k < n) {
            if (s > 0.5) {
              s = Math.sin(s) + x * 1e-6;
            } else {
              s = s * 1.1 + 0.01;
            }
            k++;
          }
          return s;
        }

        /** Reads one element past the end. */
        @Differentiable static double overrun(double[] x) {
          double s = 1;
          for (int i = 0; i <= x.length; i++) {
            s = Math.sin(s) * x[i];
          }
          return s;
        }

        /** x[k] after a loop that has put values on the tape; k may be out of range either way. */
        @Differentiable static double indexParameter(double[] x, int k) {
          double s = 1;
          for (int i = 0; i < x.length; i++) {
            s = Math.sin(s) + x[i];
          }
          return s * x[k];
        }

        /** Writes past the end of a local array when n < x.length. */
        @Differentiable static double localOverrun(double[] x, int n) {
          double[] a = new double[n];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * x[i] + s;
            s = Math.sin(a[i]);
          }
          return s;
        }

        /** A negative array size, as in the original. */
        @Differentiable static double negativeSize(double x, int n) {
          double[] a = new double[n];
          for (int i = 0; i < a.length; i++) {
            a[i] = x * i;
          }
          return x;
        }

        /** Loops over constants only: nothing for the reverse sweep to do in them. */
        @Differentiable static double constantLoops(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sqrt(i);
          }
          while (s > 10) {
            s = s / 2;
          }
          return s * x;
        }

        /** The innermost of three: a loop. */
        @Differentiable static double inner(double[] v, double t) {
          double s = t;
          for (int i = 0; i < v.length; i++) {
            s = Math.sin(s) * v[i] + t;
          }
          return s;
        }

        /** The middle: a loop calling inner, in a branch. */
        @Differentiable static double middle(double[] v, double t) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            if (s < 1) {
              s = s + inner(v, t + s) * 0.5;
            } else {
              s = Math.sqrt(s) + t;
            }
          }
          return s;
        }

        /** The outer: a while loop calling middle and inner. */
        @Differentiable static double outer(double[] v, double t, int n) {
          double s = t;
          int k = 0;
          while (k < n) {
            s = Math.tanh(middle(v, s) + inner(v, s * 0.5));
            k++;
          }
          return s * s;
        }
      }
      """;

  private static Compiled edge;

  @BeforeAll
  static void compile() {
    edge = Compiled.compile("p.Edge", EDGE);
  }

  // ----- a million iterations

  @Test
  void millionIterationsOfALinearRecurrence() throws Exception {
    int n = 1_000_000;
    double x = 0.8;
    double[] grad = onDefaultStack(() -> gradient("decay", x, n));
    // forward-mode by hand: ds/dx follows the same recurrence
    double s = 0;
    double ds = 0;
    for (int i = 0; i < n; i++) {
      ds = ds * 0.999999 + Math.cos(x * i * 1e-6) * (i * 1e-6);
      s = s * 0.999999 + Math.sin(x * i * 1e-6);
    }
    assertEquals(s, value("decay", x, n), 0.0);
    assertRelative(ds, grad[0], "by hand");
    double finite = GradientChecker.centralDifferences(p -> value("decay", p[0], n), new double[] {x})[0];
    assertTrue(GradientChecker.close(finite, grad[0], 1e-6), () -> "finite differences " + finite);
  }

  @Test
  void millionIterationsOfSineAgreeWithTheTwinAndTheProductOfCosines() throws Exception {
    int n = 1_000_000;
    double x0 = 1.2;
    double[] grad = onDefaultStack(() -> gradient("iterateSin", x0, n));
    double x = x0;
    double d = 1;
    for (int i = 0; i < n; i++) {
      d *= Math.cos(x);
      x = Math.sin(x);
    }
    assertRelative(d, grad[0], "by hand");
    assertRelative(onDefaultStack(() -> twinGradient("iterateSin", x0, n)), grad[0], "twin");
    double finite = GradientChecker.centralDifferences(p -> value("iterateSin", p[0], n), new double[] {x0})[0];
    assertTrue(GradientChecker.close(finite, grad[0], 1e-6), () -> "finite differences " + finite);
  }

  @Test
  void longWhileLoopWithABranchAgreesWithTheTwin() throws Exception {
    // a hundred thousand iterations (the twin's graph, three nodes per iteration, is slow to build
    // and walk); the tape still grows far past its first size. s crosses 0.5 again and again.
    int n = 100_000;
    double x = 0.3;
    double[] grad = onDefaultStack(() -> gradient("branchy", x, n));
    assertRelative(onDefaultStack(() -> twinGradient("branchy", x, n)), grad[0], "twin");
    // and the ordinary checks on a short run, on both sides of the branch
    new GradientAgreement(edge, "p.Edge", "branchy").check(0.3, 20);
    new GradientAgreement(edge, "p.Edge", "branchy").check(0.9, 20);
  }

  // ----- indices out of range

  @Test
  void readPastTheEndThrowsWhatTheOriginalThrows() {
    double[] x = {0.5, -1.0, 2.0};
    sameException(ArrayIndexOutOfBoundsException.class, "overrun", x);
    // the next call is right, although the failed one left values on the tape
    new GradientAgreement(edge, "p.Edge", "indexParameter").check(new double[] {0.5, -1.0, 2.0}, 1);
  }

  @Test
  void indexParameterOutOfRangeThrowsWhatTheOriginalThrows() {
    double[] x = {0.5, -1.0, 2.0, 0.7};
    sameException(ArrayIndexOutOfBoundsException.class, "indexParameter", x, 4);
    sameException(ArrayIndexOutOfBoundsException.class, "indexParameter", x, -1);
    new GradientAgreement(edge, "p.Edge", "indexParameter").check(x, 3);
    new GradientAgreement(edge, "p.Edge", "indexParameter").check(x, 0);
  }

  @Test
  void writePastTheEndOfALocalArrayThrowsWhatTheOriginalThrows() {
    double[] x = {0.5, -1.0, 2.0};
    sameException(ArrayIndexOutOfBoundsException.class, "localOverrun", x, 2);
    new GradientAgreement(edge, "p.Edge", "localOverrun").check(x, 3);
    new GradientAgreement(edge, "p.Edge", "localOverrun").check(x, 5);
  }

  @Test
  void negativeArraySizeThrowsWhatTheOriginalThrows() {
    sameException(NegativeArraySizeException.class, "negativeSize", 0.5, -2);
    new GradientAgreement(edge, "p.Edge", "negativeSize").check(0.5, 3);
  }

  @Test
  void manyFailedCallsInARowLeaveLaterCallsRight() {
    double[] x = {0.5, -1.0, 2.0, 0.7};
    double[] before = gradient("indexParameter", x, 2);
    // (not thousands: once the JIT compiles a throwing site, HotSpot may throw a preallocated exception
    // without a message there, which would trip the message comparisons of the other tests)
    for (int i = 0; i < 200; i++) {
      int k = i;
      assertThrows(ArrayIndexOutOfBoundsException.class, () -> gradient("indexParameter", x, 4 + k % 7));
    }
    assertArrayEquals(before, gradient("indexParameter", x, 2), 0.0);
    // a pullback, which keeps what is on the tape below it, is right too
    double[] adjoints = new double[x.length];
    edge.call("p.EdgeGrad", "indexParameter_pullback",
        new Class<?>[] {double[].class, int.class, double.class, double[].class, int.class}, x, 2, 1.0, adjoints, 0);
    assertArrayEquals(before, adjoints, 0.0);
  }

  // ----- threads

  @Test
  void manyThreadsAtOnceEachGetTheirOwnRightAnswers() throws Exception {
    int threads = 8;
    int calls = 200;
    List<double[]> inputs = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int c = 0; c < calls; c++) {
      double[] v = {0.1 * (c % 7) - 0.3, 0.5, -0.2 + 0.01 * c, 0.8};
      inputs.add(v);
      expected.add(gradient("outer", v, 0.3 + 0.001 * c, 1 + c % 3));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          start.await();
          List<String> wrong = new ArrayList<>();
          for (int round = 0; round < 10 * calls; round++) {
            int c = (round + offset * 25) % calls;
            double[] grad = gradient("outer", inputs.get(c), 0.3 + 0.001 * c, 1 + c % 3);
            if (!Arrays.equals(expected.get(c), grad)) {
              wrong.add("call " + c + ": " + Arrays.toString(grad) + " instead of " + Arrays.toString(expected.get(c)));
            }
          }
          return wrong;
        }));
      }
      start.countDown();
      List<String> wrong = new ArrayList<>();
      for (Future<List<String>> result : results) {
        wrong.addAll(result.get(2, TimeUnit.MINUTES));
      }
      assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong gradients, the first: " + wrong.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  // ----- pullbacks inside pullbacks

  @Test
  void chainOfMethodsWithLoopsAgrees() {
    double[] v = {0.5, -0.3, 0.8};
    new GradientAgreement(edge, "p.Edge", "inner").check(v, 0.4);
    // s below 1 all along, and s reaching 1 (the other branch)
    new GradientAgreement(edge, "p.Edge", "middle").check(v, 0.4);
    new GradientAgreement(edge, "p.Edge", "middle").check(new double[] {1.5, 1.2, 2.0}, 1.1);
    new GradientAgreement(edge, "p.Edge", "outer").check(v, 0.4, 3);
    new GradientAgreement(edge, "p.Edge", "outer").check(new double[] {1.5, 1.2, 2.0}, 1.1, 2);
    new GradientAgreement(edge, "p.Edge", "outer").check(v, 0.4, 0);
  }

  @Test
  void chainOfMethodsWithLoopsIsRightAfterAFailedCall() {
    double[] v = {0.5, -0.3, 0.8};
    double[] before = gradient("outer", v, 0.4, 3);
    sameException(ArrayIndexOutOfBoundsException.class, "overrun", v);
    assertArrayEquals(before, gradient("outer", v, 0.4, 3), 0.0);
  }

  // ----- constants

  @Test
  void loopsOverConstantsLeaveNothingOnTheTape() {
    new GradientAgreement(edge, "p.Edge", "constantLoops").check(0.7, 10);
    new GradientAgreement(edge, "p.Edge", "constantLoops").check(0.7, 0);
    // the contract: the reverse sweep does no work for values that depend only on constants; s is
    // one, read by the reverse sweep only after both loops, so neither loop records or replays it
    String source = edge.generatedSource("p.EdgeGrad");
    int start = source.indexOf("public static double constantLoops(double x, int n, double[] grad)");
    String entry = source.substring(start, source.indexOf("\n  }\n", start));
    assertTrue(!entry.contains("Tape") && !entry.contains("_tape"), entry);
  }

  // ----- helpers

  /** Relative agreement within 1e-10, also for values far below 1 (the derivative of a million sines is). */
  private static void assertRelative(double expected, double actual, String what) {
    assertTrue(expected != 0 && Math.abs(expected - actual) <= 1e-10 * Math.abs(expected),
        () -> what + ": expected " + expected + " but the generated gradient is " + actual);
  }

  /**
   * The original method, the three gradient entries and the twin all throw {@code type}, with the
   * same message (for an index: the same index and length).
   */
  private static void sameException(Class<? extends RuntimeException> type, String method, Object... args) {
    Class<?>[] types = types(args);
    RuntimeException original = assertThrows(type, () -> edge.call("p.Edge", method, types, args),
        "the original method");
    double[] grad = new double[8];
    List<Executable> entries = List.of(
        () -> edge.call("p.EdgeGrad", method, append(types, double[].class), append(args, grad)),
        () -> edge.call("p.EdgeGrad", method, types, args),
        () -> edge.call("p.EdgeGrad", method + "_pullback",
            append(append(append(types, double.class), double[].class), int.class),
            append(append(append(args, 1.0), new double[16]), 0)),
        () -> edge.call("p.EdgeGrad", method, twinTypes(args), twinArgs(args)));
    List<String> names = List.of("gradient entry", "Gradient entry", "pullback", "twin");
    for (int i = 0; i < entries.size(); i++) {
      RuntimeException thrown = assertThrows(type, entries.get(i), "the " + names.get(i));
      assertEquals(original.getMessage(), thrown.getMessage(), "the " + names.get(i) + "'s message");
    }
  }

  private static double[] gradient(String method, Object... args) {
    Gradient g = (Gradient) edge.call("p.EdgeGrad", method, types(args), args);
    return g.gradient();
  }

  private static double value(String method, Object... args) {
    return (Double) edge.call("p.Edge", method, types(args), args);
  }

  /** The twin's derivative with respect to its first argument, a double. */
  private static double twinGradient(String method, Object... args) {
    Object[] values = twinArgs(args);
    Value result = (Value) edge.call("p.EdgeGrad", method, twinTypes(args), values);
    result.backward();
    return ((Value) values[0]).grad();
  }

  private static Object[] twinArgs(Object[] args) {
    Object[] values = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Double d) {
        values[i] = new Value(d);
      } else if (args[i] instanceof double[] array) {
        values[i] = Arrays.stream(array).mapToObj(Value::new).toArray(Value[]::new);
      } else {
        values[i] = args[i];
      }
    }
    return values;
  }

  private static Class<?>[] twinTypes(Object[] args) {
    Class<?>[] types = types(args);
    for (int i = 0; i < types.length; i++) {
      if (types[i] == double.class) {
        types[i] = Value.class;
      } else if (types[i] == double[].class) {
        types[i] = Value[].class;
      }
    }
    return types;
  }

  /** Runs {@code work} on a new thread with the default stack size, and returns its result. */
  private static <T> T onDefaultStack(Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        result.set(work.call());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "default-stack");
    thread.start();
    thread.join();
    if (failure.get() instanceof Error error) {
      throw error;
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    return result.get();
  }

  private static Class<?>[] types(Object[] args) {
    return Arrays.stream(args).map(a -> a instanceof Double ? double.class : a instanceof Integer ? int.class
        : double[].class).toArray(Class<?>[]::new);
  }
}
