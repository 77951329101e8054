package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.HashSet;
import java.util.Set;

/**
 * Which seeds of one reverse sweep may be exactly 0 at run time, so that a product with a partial
 * that may be infinite or NaN needs the zero-adjoint test ({@link NonFinite}). A seed may be 0 when
 * it reads an adjoint that control flow may leave 0 (the value is unused on the path taken), the
 * seed of a pullback (its caller's), an entry of a callee's gradient, a kink's zero branch (a
 * select), or a function's value. A product of the user's own values is taken to be non-zero: the
 * straight-line derivative of a formula costs no test.
 */
final class ZeroSeeds {
  /** The variables whose adjoints some path may leave unreached ({@link PathDependent}). */
  private final Set<Variable> underControl;
  /** Locals and buffer entries that may hold 0. */
  private final Set<Term> zeroable = new HashSet<>();
  /** A seed already tested at the root of the formula being differentiated, or null. */
  private Term assumedNonZero;
  /** Variables that a contribution has reached. */
  private final Set<Variable> reached = new HashSet<>();
  /** Variables that a contribution that may be 0 has reached, or that were reset to 0. */
  private final Set<Variable> variables = new HashSet<>();

  ZeroSeeds(Set<Variable> underControl) {
    this.underControl = underControl;
  }

  /** Notes that {@code t}, a local or a callee's gradient entry, may hold 0; returns it. A constant is what it is. */
  Term note(Term t) {
    if (!(t instanceof Term.Num)) {
      zeroable.add(t);
    }
    return t;
  }

  /** Notes that {@code contribution} flows into {@code v}'s adjoint. */
  void contribute(Variable v, Term contribution) {
    reached.add(v);
    if (mayBe(contribution)) {
      variables.add(v);
    }
  }

  /** Notes that {@code v}'s adjoint is set to 0. */
  void reset(Variable v) {
    variables.add(v);
  }

  /**
   * {@code v}'s adjoint, {@code adjoint}, noted if it may be 0: a path may leave it unreached, or
   * nothing has reached it yet (it is still the 0 it was declared with), or what reached it may be 0.
   */
  Term adjointOf(Variable v, Term adjoint) {
    return underControl.contains(v) || !reached.contains(v) || variables.contains(v) ? note(adjoint) : adjoint;
  }

  /** While a formula's contributions are tested at its root: {@code seed}, or null after. */
  void assumeNonZero(Term seed) {
    assumedNonZero = seed;
  }

  boolean mayBe(Term t) {
    if (t.equals(assumedNonZero)) {
      return false;
    }
    if (zeroable.contains(t) || t instanceof Term.Select || t instanceof Term.Call) {
      return true;
    }
    if (t instanceof Term.Num n) {
      return n.value() == 0;
    }
    if (t instanceof Term.Neg n) {
      return mayBe(n.operand());
    }
    return t instanceof Term.Binary b && (mayBe(b.left()) || mayBe(b.right()));
  }
}
