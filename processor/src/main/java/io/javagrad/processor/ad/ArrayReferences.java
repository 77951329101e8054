package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which local {@code double[]} variables may hold which arrays. A variable given another variable's
 * array ({@code double[] b = a}, {@code cur = next}, or a row {@code m[i] = a}) may alias it, so the
 * two are one <em>class</em>:
 * a derivative that flows into an element through one flows out of it through the other, so the
 * class has one activity, and a write through one may overwrite what the reverse sweep reads
 * through the other.
 *
 * <p>A class is <em>moving</em> when one of its variables is given an array more than once (a
 * reassignment, or a declaration under a branch or in a loop, which runs again each iteration), or
 * when it has more than one variable. A moving array's adjoint is an array of its own, made with it
 * in the forward sweep and passed along wherever the array is, and the reverse sweep puts back the
 * array (and its adjoint) that each variable held before each reassignment; a local array that never
 * moves keeps the simpler form, its adjoint made once before the reverse sweep. A local {@code
 * double[][]} always counts as moving.
 */
final class ArrayReferences {
  private final Map<Variable, Variable> parent = new HashMap<>();
  private final Set<Variable> movingRoots = new HashSet<>();

  private ArrayReferences() {}

  static ArrayReferences of(MethodBody method) {
    ArrayReferences found = new ArrayReferences();
    Map<Variable, Integer> assignments = new HashMap<>();
    Set<Variable> underControl = new HashSet<>();
    found.scan(method.statements(), 0, assignments, underControl);
    Set<Variable> moving = new HashSet<>(underControl);
    assignments.forEach((v, n) -> {
      if (n > 1 || found.isShared(v)) {
        moving.add(v);
      }
    });
    moving.forEach(v -> found.movingRoots.add(found.classOf(v)));
    return found;
  }

  private void scan(List<Stmt> statements, int depth, Map<Variable, Integer> assignments, Set<Variable> underControl) {
    for (Stmt s : statements) {
      Variable target = s.target();
      if (target != null && target.type().isDoubleArray() && !(s instanceof Stmt.ArrayStore)) {
        assignments.merge(target, 1, Integer::sum);
        // A double[][]'s adjoint is made with it, whatever it does: its rows would need a loop to make.
        if (depth > 0 || target.type() == Type.DOUBLE_MATRIX) {
          underControl.add(target);
        }
        if (s.value() instanceof Expr.Read source) {
          union(target, source.variable());
        }
      }
      s.children().forEach(nested -> scan(nested, depth + 1, assignments, underControl));
    }
  }

  private void union(Variable a, Variable b) {
    Variable ra = classOf(a);
    Variable rb = classOf(b);
    if (ra != rb) {
      parent.put(ra, rb);
    }
  }

  /** The variable that stands for {@code v}'s class: {@code v} itself unless it is an array that may alias another. */
  Variable classOf(Variable v) {
    Variable root = v;
    while (parent.containsKey(root)) {
      root = parent.get(root);
    }
    return root;
  }

  /** Whether {@code v} is an array variable that shares arrays with another variable. */
  boolean isShared(Variable v) {
    return parent.containsKey(v) || parent.containsValue(classOf(v));
  }

  /** Whether {@code v}'s array may change: see the class comment. */
  boolean isMoving(Variable v) {
    return movingRoots.contains(classOf(v));
  }
}
