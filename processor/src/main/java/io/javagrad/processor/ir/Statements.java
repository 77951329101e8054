package io.javagrad.processor.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Facts about statements and expressions that several steps ask. */
public final class Statements {
  private Statements() {}

  /**
   * Every statement of {@code statements}, nested ones included, in program order: each compound
   * statement before the statements nested in it. For walks that treat all statements alike.
   */
  public static List<Stmt> all(List<Stmt> statements) {
    List<Stmt> all = new ArrayList<>();
    for (Stmt s : statements) {
      all.add(s);
      s.children().forEach(nested -> all.addAll(all(nested)));
    }
    return all;
  }

  /** How many statements of {@code statements}, at any depth, assign each variable ({@link Stmt#targets}). */
  public static Map<Variable, Integer> assignmentCounts(List<Stmt> statements) {
    Map<Variable, Integer> counts = new IdentityHashMap<>();
    for (Stmt s : all(statements)) {
      s.targets().forEach(target -> counts.merge(target, 1, Integer::sum));
    }
    return counts;
  }

  /** The variables that {@code statements} assign, at any depth (an array, for its elements). */
  public static Set<Variable> assignedIn(List<Stmt> statements) {
    Set<Variable> assigned = new LinkedHashSet<>();
    for (Stmt s : all(statements)) {
      if (s instanceof Stmt.CountedLoop loop) {
        assigned.add(loop.counter());
      } else {
        assigned.addAll(s.targets());
      }
    }
    return assigned;
  }

  /** Every expression of {@code statements}, conditions and indices included, at any depth. */
  public static List<Expr> expressionsIn(List<Stmt> statements) {
    List<Expr> into = new ArrayList<>();
    for (Stmt s : all(statements)) {
      if (s instanceof Stmt.If branch) {
        into.add(branch.condition());
      } else if (s instanceof Stmt.Loop loop) {
        into.add(loop.condition());
      } else if (s instanceof Stmt.CountedLoop loop) {
        into.add(loop.from());
        into.add(loop.condition());
      } else if (s instanceof Stmt.ArrayStore store) {
        if (store.row() != null) {
          into.add(store.row());
        }
        into.add(store.index());
        into.add(store.value());
      } else if (s instanceof Stmt.RowStore store) {
        into.add(store.row());
        into.add(store.value());
      } else if (s.value() != null) {
        into.add(s.value());
      }
    }
    return into;
  }

  /** Whether {@code e} reads any of {@code variables}, in any way (indices and lengths included). */
  public static boolean reads(Expr e, Set<Variable> variables) {
    return readIn(e).stream().anyMatch(variables::contains);
  }

  /** Every variable {@code e} reads, in order of first appearance. */
  public static Set<Variable> readIn(Expr e) {
    return Expressions.preorder(e)
        .map(Statements::variableRead)
        .filter(Objects::nonNull)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The variable that the node {@code e} itself reads (an array, for an element or a length), or null. */
  private static Variable variableRead(Expr e) {
    if (e instanceof Expr.Read r) {
      return r.variable();
    }
    if (e instanceof Expr.ElementRead r) {
      return r.array();
    }
    return e instanceof Expr.Length l ? l.array() : null;
  }

  /** Whether the node {@code e} runs code whose effects could be seen: a call, or code run as written that is not pure. */
  public static boolean runsCode(Expr e) {
    return e instanceof Expr.Invoke || e instanceof Expr.Opaque o && !o.pure();
  }

  /** Whether {@code e} runs code that must run once only: an {@link Expr.Opaque} that is not pure. */
  public static boolean runsOnce(Expr e) {
    return Expressions.preorder(e).anyMatch(n -> n instanceof Expr.Opaque o && !o.pure());
  }

  /** The direct subexpressions of {@code e}. */
  public static List<Expr> operands(Expr e) {
    if (e instanceof Expr.Apply a) {
      return a.args();
    }
    if (e instanceof Expr.Invoke call) {
      return call.args();
    }
    if (e instanceof Expr.ElementRead r) {
      return r.row() == null ? List.of(r.index()) : List.of(r.row(), r.index());
    }
    if (e instanceof Expr.Length l && l.row() != null) {
      return List.of(l.row());
    }
    if (e instanceof Expr.IntegralOp op) {
      return op.left() == null ? List.of(op.right()) : List.of(op.left(), op.right());
    }
    if (e instanceof Expr.Widen w) {
      return List.of(w.operand());
    }
    if (e instanceof Expr.Compare c) {
      return List.of(c.left(), c.right());
    }
    if (e instanceof Expr.Logic l) {
      return List.of(l.left(), l.right());
    }
    if (e instanceof Expr.Not n) {
      return List.of(n.operand());
    }
    if (e instanceof Expr.Conditional c) {
      return List.of(c.condition(), c.ifTrue(), c.ifFalse());
    }
    if (e instanceof Expr.NewArray a) {
      return a.columns() == null ? List.of(a.length()) : List.of(a.length(), a.columns());
    }
    if (e instanceof Expr.Opaque o) {
      return List.copyOf(o.reads());
    }
    return List.of();
  }
}
