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
  private final Set<Variable> materialized;
  /** Locals and buffer entries that may hold 0. */
  private final Set<Term> zeroable = new HashSet<>();
  /** Variables declared at their first contribution, some contribution of which may be 0. */
  private final Set<Variable> variables = new HashSet<>();

  ZeroSeeds(Set<Variable> materialized) {
    this.materialized = materialized;
  }

  /** Notes that {@code t}, a local or a callee's gradient entry, may hold 0; returns it. */
  Term note(Term t) {
    zeroable.add(t);
    return t;
  }

  /** Notes that {@code contribution} flows into {@code v}'s adjoint. */
  void contribute(Variable v, Term contribution) {
    if (mayBe(contribution)) {
      variables.add(v);
    }
  }

  /** {@code v}'s adjoint, {@code adjoint}, noted if it may be 0. */
  Term adjointOf(Variable v, Term adjoint) {
    if (adjoint instanceof Term.Num) {
      return adjoint; // the seed 1 of a sum differentiated in place
    }
    return materialized.contains(v) || variables.contains(v) ? note(adjoint) : adjoint;
  }

  boolean mayBe(Term t) {
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
