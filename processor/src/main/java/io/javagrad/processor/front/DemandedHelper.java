package io.javagrad.processor.front;

import javax.lang.model.element.ExecutableElement;

/**
 * A helper whose derivative code a companion holds because a body calls it with a derivative
 * flowing in: {@code method}, under the private name {@code entry}, and, for one given functions,
 * the {@link Specialization} to them (else null). Or, where {@code tangentOfRule}, the helper
 * javagrad makes of the {@code @DerivativeOf} rule {@code method} for second derivatives ({@link
 * io.javagrad.processor.ir.Callee#tangentOfRule}). Two calls ask for the same code if they ask for
 * an equal one.
 */
public record DemandedHelper(ExecutableElement method, String entry, Specialization specialization,
    boolean tangentOfRule) {

  /** A helper of the user's, or one specialized to the functions it is given. */
  public DemandedHelper(ExecutableElement method, String entry, Specialization specialization) {
    this(method, entry, specialization, false);
  }

  /** Whether the helper is javagrad's own making, whose plain code the companion holds too: no method of the user's is it. */
  public boolean madeByJavagrad() {
    return specialization != null || tangentOfRule;
  }
}
