package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loops that overwrite every element of a local array: {@code for (int j = 0; j < n; j++) {
 * ...; a[j] = e; ... }}, where {@code a} is made once, as {@code new double[n]}, and is never given
 * another array, {@code n} is assigned nowhere but its declaration (so the loop's bound is the
 * array's length), and the store runs on every iteration ({@link #fillsWhole}). After such a loop none of the array's earlier values remain, which {@link
 * RestoreAnalysis} uses as an assignment of the whole array: a scratch array refilled for each
 * point of a data set (ADBench's GMM) starts afresh there, and the updates after it save nothing
 * unless the reverse sweep reads what they overwrite.
 */
final class FullOverwrites {
  private final Map<Stmt, Set<Variable>> filled = new IdentityHashMap<>();

  private FullOverwrites() {}

  static FullOverwrites of(List<Stmt> method) {
    List<Stmt> all = Statements.all(method);
    Map<Variable, Integer> assignments = new HashMap<>();
    Map<Variable, Expr> lengths = new HashMap<>();
    for (Stmt s : all) {
      if ((s instanceof Stmt.Declare || s instanceof Stmt.Assign) && s.target() != null) {
        assignments.merge(s.target(), 1, Integer::sum);
        if (s instanceof Stmt.Declare d && d.variable().type() == Type.DOUBLE_ARRAY
            && d.init() instanceof Expr.NewArray n && !n.matrix()) {
          lengths.put(d.variable(), n.length());
        }
      }
    }
    FullOverwrites found = new FullOverwrites();
    for (Stmt s : all) {
      if (s instanceof Stmt.CountedLoop loop) {
        lengths.forEach((array, length) -> {
          if (assignments.get(array) == 1 && fillsWhole(loop, array, length)
              && Statements.readIn(length).stream().allMatch(v -> assignments.getOrDefault(v, 0) <= 1)) {
            found.filled.computeIfAbsent(loop, l -> new HashSet<>()).add(array);
          }
        });
      }
    }
    return found;
  }

  /**
   * {@code for (int j = 0; j < n; j++) { ...; array[j] = e; ... }}, with {@code n} the array's
   * allocated {@code length} or {@code array.length}: the condition is exactly that test, so no
   * {@code break} (lowered to a flag the condition reads) ends it early, and the store is at the
   * top of the body, so it runs on every iteration.
   */
  static boolean fillsWhole(Stmt.CountedLoop fill, Variable array, Expr length) {
    boolean fromZero = fill.from() instanceof Expr.Constant c && c.value() == 0;
    boolean toLength = fill.condition() instanceof Expr.Compare test && test.operator().equals("<")
        && test.left() instanceof Expr.Read counter && counter.variable() == fill.counter()
        && (length.equals(test.right()) || test.right() instanceof Expr.Length l && l.array() == array);
    boolean storesEachElement = fill.body().stream().anyMatch(s -> s instanceof Stmt.ArrayStore store
        && store.array() == array && store.row() == null && store.index() instanceof Expr.Read r
        && r.variable() == fill.counter());
    return fromZero && toLength && storesEachElement;
  }

  /** The arrays each of whose elements {@code loop} overwrites. */
  Set<Variable> filledBy(Stmt loop) {
    return filled.getOrDefault(loop, Set.of());
  }
}
