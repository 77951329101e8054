package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Callee;

/**
 * Which of a callee's parameters its gradient can reach, where the caller knows the callee's body:
 * a parameter the callee never differentiates through has a gradient of exactly 0, which the caller
 * must not scale (a call whose adjoint is infinite would make it 0 times infinity, NaN, where the
 * twin has no edge at all).
 */
public interface CalleeActivity {
  /** Whether a derivative can flow from {@code callee}'s result back into its parameter {@code parameter}. */
  boolean reaches(Callee callee, int parameter);

  /**
   * Null where {@code callee}'s derivative code is written in this round; else why not: a helper
   * that javagrad makes ({@link Callee#tangentOfRule}) is written only where it could be made.
   */
  String whyNotWritten(Callee callee);

  /**
   * The code the second derivatives run for {@code tangent}, the tangent of a rule that a caller's
   * companion would hold: that, or the one the companion of the rule's class publishes.
   */
  Callee ruleTangent(Callee tangent);
}
