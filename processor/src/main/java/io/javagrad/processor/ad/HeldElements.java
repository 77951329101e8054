package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The array elements a loop reads at one index that it never changes, as the inner loop of GMM's
 * triangular product reads {@code centred[i]} on every trip of {@code j}: the reverse of the loop
 * adds into that element's adjoint on every trip, and, held in a local over the loop's reverse
 * ({@link Adjoints#hold}), the sum goes into the element once, after it, rather than through a load
 * and a store of the adjoint array on each trip. That needs every read of the array in the loop to
 * be of that element, so that nothing else in the loop's reverse touches the array's adjoint: the
 * loop reads the array nowhere else (not at another index, not whole, as a call's argument), never
 * stores into it, and assigns nothing the index reads; and the array shares its adjoint with no
 * other variable ({@link ArrayReferences#isShared}), through which the loop could store into it.
 */
final class HeldElements {
  private HeldElements() {}

  /**
   * The arrays whose elements the loop with body {@code iteration} (and {@code counter}, or null
   * for a loop without one) reads at one index only, with that index.
   */
  static Map<Variable, Expr> of(List<Stmt> iteration, Variable counter, ArrayReferences references) {
    Set<Variable> changing = new HashSet<>(Statements.assignedIn(iteration));
    if (counter != null) {
      changing.add(counter);
    }
    Map<Variable, Expr> indices = new LinkedHashMap<>();
    Set<Variable> excluded = new HashSet<>(changing);
    for (Expr e : Statements.expressionsIn(iteration)) {
      Expressions.preorder(e).forEach(n -> {
        if (n instanceof Expr.Read whole) {
          excluded.add(whole.variable());
        } else if (n instanceof Expr.ElementRead read) {
          Expr index = indices.putIfAbsent(read.array(), read.index());
          boolean same = index == null || index.equals(read.index());
          if (!same || read.row() != null || read.array().type() != Type.DOUBLE_ARRAY
              || references.isShared(read.array()) || Statements.reads(read.index(), changing)) {
            excluded.add(read.array());
          }
        }
      });
    }
    indices.keySet().removeAll(excluded);
    return indices;
  }
}
