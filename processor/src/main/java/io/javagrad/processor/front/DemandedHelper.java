package io.javagrad.processor.front;

import io.javagrad.processor.ir.Callee;
import javax.lang.model.element.ExecutableElement;

/**
 * A helper whose derivative code a companion holds because a body calls it with a derivative
 * flowing in: {@code method}, under the private name {@code entry}, and, for one given functions,
 * the {@link Specialization} to them (else null). Or, where {@code tangentOfRule}, the helper
 * javagrad makes of the {@code @DerivativeOf} rule {@code method} for second derivatives ({@link
 * io.javagrad.processor.ir.Callee#tangentOfRule}): in a caller's companion, or, where {@code
 * published}, public in the companion of the rule's own class, for callers compiled later. Two
 * calls ask for the same code if they ask for an equal one.
 */
public record DemandedHelper(ExecutableElement method, String entry, Specialization specialization,
    boolean tangentOfRule, boolean published) {

  /** A helper of the user's, or one specialized to the functions it is given. */
  public DemandedHelper(ExecutableElement method, String entry, Specialization specialization) {
    this(method, entry, specialization, false, false);
  }

  /** The tangent of {@code rule}, named {@code entry}, in a caller's companion. */
  public static DemandedHelper tangentOf(ExecutableElement rule, String entry) {
    return new DemandedHelper(rule, entry, null, true, false);
  }

  /** The tangent of {@code rule}, public in the companion of its class ({@link Callee#publishedTangentEntry}). */
  public static DemandedHelper publishedTangentOf(ExecutableElement rule) {
    return new DemandedHelper(rule, Callee.publishedTangentEntry(rule.getSimpleName().toString()), null, true, true);
  }

  /** Whether the helper is javagrad's own making, whose plain code the companion holds too: no method of the user's is it. */
  public boolean madeByJavagrad() {
    return specialization != null || tangentOfRule;
  }
}
