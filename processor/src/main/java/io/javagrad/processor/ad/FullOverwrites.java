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
 * array's length), and the store runs on every iteration (the loop's bound is exact: no {@code
 * break} narrows it). After such a loop none of the array's earlier values remain, which {@link
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
      if (s instanceof Stmt.CountedLoop loop && startsAtZero(loop) && loop.bound() != null && !loop.inclusive()
          && Statements.readIn(loop.bound()).stream().allMatch(v -> assignments.getOrDefault(v, 0) <= 1)) {
        for (Stmt inBody : loop.body()) {
          if (inBody instanceof Stmt.ArrayStore store && store.row() == null
              && store.index() instanceof Expr.Read index && index.variable() == loop.counter()
              && assignments.getOrDefault(store.array(), 0) == 1
              && loop.bound().equals(lengths.get(store.array()))) {
            found.filled.computeIfAbsent(loop, l -> new HashSet<>()).add(store.array());
          }
        }
      }
    }
    return found;
  }

  private static boolean startsAtZero(Stmt.CountedLoop loop) {
    return loop.from() instanceof Expr.Constant c && c.value() == 0;
  }

  /** The arrays each of whose elements {@code loop} overwrites. */
  Set<Variable> filledBy(Stmt loop) {
    return filled.getOrDefault(loop, Set.of());
  }
}
