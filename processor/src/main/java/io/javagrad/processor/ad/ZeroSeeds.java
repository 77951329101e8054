package io.javagrad.processor.ad;

import io.javagrad.processor.term.Term;
import java.util.HashSet;
import java.util.Set;

/**
 * Which seeds of one reverse sweep may be exactly 0 at run time, so that a product with a partial
 * that may be infinite or NaN needs the zero-adjoint test ({@link NonFinite}): every seed but a
 * constant other than 0, and products and quotients of such. An adjoint computed from the user's
 * own values is 0 whenever one of them is ({@code y} in {@code y * sqrt(x)} at {@code y = 0}), and
 * the contract's rule holds there as well; what keeps the test cheap is that only singular products
 * pay for it, once per formula, at its root.
 */
final class ZeroSeeds {
  /** A seed already tested at the root of the formula being differentiated, or null. */
  private Term assumedNonZero;
  /** Locals that hold a value that cannot be 0 where they are read: a product of such seeds. */
  private final Set<Term> nonZero = new HashSet<>();

  /** While a formula's contributions are tested at its root: {@code seed}, or null after. */
  void assumeNonZero(Term seed) {
    assumedNonZero = seed;
  }

  /** Notes that {@code local} holds {@code value}, and so is 0 only where the value may be. */
  void bound(Term local, Term value) {
    if (!mayBe(value)) {
      nonZero.add(local);
    }
  }

  boolean mayBe(Term t) {
    if (t.equals(assumedNonZero) || nonZero.contains(t)) {
      return false;
    }
    if (t instanceof Term.Num n) {
      return n.value() == 0;
    }
    if (t instanceof Term.Neg n) {
      return mayBe(n.operand());
    }
    if (t instanceof Term.Binary b && b.operator().equals("*")) {
      return mayBe(b.left()) || mayBe(b.right());
    }
    if (t instanceof Term.Binary b && b.operator().equals("/")) {
      return mayBe(b.left());
    }
    return true;
  }
}
