package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/**
 * Counts the calls a compiled program makes, through a class {@code p.Calls} compiled with it whose
 * {@code count()} the program's methods call: a gradient, a tangent or a Hessian-vector product that
 * runs each call once per sweep, as the primal does, costs time linear in the calls at every level of
 * a recursion.
 */
final class CountedCalls {
  /** The source of {@code p.Calls}, to compile beside the program. */
  static final String SOURCE = """
      package p;

      public final class Calls {
        static long calls;

        static void count() {
          calls++;
        }

        public static long take() {
          long n = calls;
          calls = 0;
          return n;
        }
      }
      """;

  private CountedCalls() {}

  /**
   * Asserts that {@code owner}'s companion runs {@code method}'s counted calls, at {@code args}, as
   * many times as the method itself does, for the gradient and the tangent, and twice as many for
   * {@code H v} (the directional pullback, then the gradient entry).
   */
  static void assertLikeThePrimal(Compiled compiled, String owner, String method, Class<?>[] types, Object... args) {
    Class<?>[] withGrad = Arrays.copyOf(types, types.length + 1);
    withGrad[types.length] = double[].class;
    Object[] argsWithGrad = Arrays.copyOf(args, args.length + 1);
    argsWithGrad[args.length] = new double[4];
    take(compiled);
    compiled.call(owner, method, types, args);
    long primal = take(compiled);
    compiled.call(owner + "Grad", method, withGrad, argsWithGrad);
    long gradient = take(compiled);
    argsWithGrad[args.length] = new double[] {1.0, 0.5, -0.25, 2.0};
    compiled.call(owner + "Grad", method + "_tangent", withGrad, argsWithGrad);
    long tangent = take(compiled);
    Class<?>[] withHvp = Arrays.copyOf(withGrad, types.length + 3);
    withHvp[types.length + 1] = double[].class;
    withHvp[types.length + 2] = double[].class;
    Object[] argsWithHvp = Arrays.copyOf(argsWithGrad, args.length + 3);
    argsWithHvp[args.length + 1] = new double[4];
    argsWithHvp[args.length + 2] = new double[4];
    compiled.call(owner + "Grad", method + "_hvp", withHvp, argsWithHvp);
    long hvp = take(compiled);
    assertTrue(primal > 1, method);
    assertEquals(primal, gradient, method + ": the gradient ran the calls another number of times than the primal");
    assertEquals(primal, tangent, method + ": forward mode ran the calls another number of times than the primal");
    // One run of the directional pullback for H v, one of the gradient entry for the gradient.
    assertEquals(2 * primal, hvp, method + ": H v ran the calls another number of times than twice the primal");
  }

  private static long take(Compiled compiled) {
    return (Long) compiled.call("p.Calls", "take", new Class<?>[0]);
  }
}
