package io.javagrad.processor.ir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Facts about statements and expressions that several steps ask. */
public final class Statements {
  private Statements() {}

  /** The variables that {@code statements} assign, at any depth (an array, for its elements). */
  public static Set<Variable> assignedIn(List<Stmt> statements) {
    Set<Variable> assigned = new LinkedHashSet<>();
    collectAssigned(statements, assigned);
    return assigned;
  }

  private static void collectAssigned(List<Stmt> statements, Set<Variable> into) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Declare d) {
        into.add(d.variable());
      } else if (s instanceof Stmt.Assign a) {
        into.add(a.variable());
      } else if (s instanceof Stmt.ArrayStore store) {
        into.add(store.array());
      } else if (s instanceof Stmt.If i) {
        collectAssigned(i.then(), into);
        collectAssigned(i.otherwise(), into);
      } else if (s instanceof Stmt.Loop loop) {
        collectAssigned(loop.body(), into);
        collectAssigned(loop.update(), into);
      } else if (s instanceof Stmt.CountedLoop loop) {
        into.add(loop.counter());
        collectAssigned(loop.body(), into);
      }
    }
  }

  /** Whether {@code e} reads any of {@code variables}, in any way (indices and lengths included). */
  public static boolean reads(Expr e, Set<Variable> variables) {
    return !readIn(e).stream().filter(variables::contains).toList().isEmpty();
  }

  /** Every variable {@code e} reads. */
  public static Set<Variable> readIn(Expr e) {
    Set<Variable> read = new LinkedHashSet<>();
    collectRead(e, read);
    return read;
  }

  private static void collectRead(Expr e, Set<Variable> into) {
    if (e instanceof Expr.Read r) {
      into.add(r.variable());
    } else if (e instanceof Expr.ElementRead r) {
      into.add(r.array());
    } else if (e instanceof Expr.Length l) {
      into.add(l.array());
    }
    operands(e).forEach(operand -> collectRead(operand, into));
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
      return List.of(r.index());
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
      return List.of(a.length());
    }
    return List.of();
  }
}
