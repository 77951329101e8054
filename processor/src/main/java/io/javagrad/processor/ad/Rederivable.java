package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reverse sweep can derive again instead of having it recorded.
 *
 * <p>A variable is <em>stable</em> when its value never changes once set: a parameter no statement
 * assigns, a counting loop's counter (the reverse loop counts it back), or a local of the kind
 * below. An expression of stable variables has, wherever the reverse sweep evaluates it, the value
 * it had in the forward sweep. So a branch whose condition is stable needs no recorded decision,
 * and a local declared once inside a loop from cheap arithmetic on stable values ({@code double
 * xi = x[i]}) is recomputed where the reverse sweep reads it, rather than saved and restored.
 */
final class Rederivable {
  private final Set<Variable> stable = new HashSet<>();
  private final Map<Variable, Expr> recomputed = new HashMap<>();

  private Rederivable() {}

  static Rederivable of(MethodBody method) {
    Rederivable found = new Rederivable();
    Map<Variable, Integer> assignments = new IdentityHashMap<>();
    countAssignments(method.statements(), assignments);
    for (Variable p : method.parameters()) {
      if (!assignments.containsKey(p)) {
        found.stable.add(p);
      }
    }
    found.scan(method.statements(), 0, assignments);
    return found;
  }

  private static void countAssignments(List<Stmt> statements, Map<Variable, Integer> into) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Declare d) {
        into.merge(d.variable(), 1, Integer::sum);
      } else if (s instanceof Stmt.Assign a) {
        into.merge(a.variable(), 1, Integer::sum);
      } else if (s instanceof Stmt.ArrayStore store) {
        into.merge(store.array(), 1, Integer::sum);
      } else if (s instanceof Stmt.If i) {
        countAssignments(i.then(), into);
        countAssignments(i.otherwise(), into);
      } else if (s instanceof Stmt.Loop loop) {
        countAssignments(loop.body(), into);
        countAssignments(loop.update(), into);
      } else if (s instanceof Stmt.CountedLoop loop) {
        countAssignments(loop.body(), into);
      }
    }
  }

  /** In program order, so that a local's definition is judged after those of the locals it reads. */
  private void scan(List<Stmt> statements, int loops, Map<Variable, Integer> assignments) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Declare d && loops > 0 && d.init() != null && assignments.get(d.variable()) == 1
          && d.variable().type() != io.javagrad.processor.ir.Type.DOUBLE_ARRAY && isCheap(d.init())
          && isStable(d.init())) {
        stable.add(d.variable());
        recomputed.put(d.variable(), d.init());
      } else if (s instanceof Stmt.If i) {
        scan(i.then(), loops, assignments);
        scan(i.otherwise(), loops, assignments);
      } else if (s instanceof Stmt.Loop loop) {
        scan(loop.body(), loops + 1, assignments);
        scan(loop.update(), loops + 1, assignments);
      } else if (s instanceof Stmt.CountedLoop loop) {
        if (!assignments.containsKey(loop.counter())) {
          stable.add(loop.counter());
        }
        scan(loop.body(), loops + 1, assignments);
      }
    }
  }

  /** Arithmetic that costs less than recording and replaying its value: no calls, no functions. */
  private static boolean isCheap(Expr e) {
    if (e instanceof Expr.Invoke || e instanceof Expr.Conditional) {
      return false;
    }
    if (e instanceof Expr.Apply a && !List.of(Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.NEG)
        .contains(a.primitive())) {
      return false;
    }
    return Statements.operands(e).stream().allMatch(Rederivable::isCheap);
  }

  /** Whether {@code e} reads only stable variables. */
  boolean isStable(Expr e) {
    return stable.containsAll(Statements.readIn(e));
  }

  /** The definition to compute again where the reverse sweep reads {@code v}, or null. */
  Expr definitionOf(Variable v) {
    return recomputed.get(v);
  }
}
