package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values carry a derivative, decided once for the whole method.
 *
 * <p>A variable is <em>varied</em> when its value depends on a differentiated input; the seed is
 * {@link Variable#isDifferentiatedInput()}, so constant inputs change the seed and nothing else. A
 * statement is <em>useful</em> when the value it assigns reaches the result. The reverse sweep
 * works only on statements that are both (active), so an unused intermediate costs no kept value
 * and no adjoint; the dynamic twin types a variable {@code Value} exactly when it is varied.
 */
public final class Activity {
  private final Set<Variable> varied;
  private final Map<Stmt, Boolean> useful = new IdentityHashMap<>();

  private Activity(Set<Variable> varied) {
    this.varied = varied;
  }

  public static Activity of(MethodBody method) {
    Activity activity = new Activity(variedVariables(method));
    activity.markUseful(method.statements());
    return activity;
  }

  /** A fixed point over assignments: a target is varied if any value assigned to it is. */
  private static Set<Variable> variedVariables(MethodBody method) {
    Set<Variable> varied = new HashSet<>();
    for (Variable p : method.parameters()) {
      if (p.isDifferentiatedInput()) {
        varied.add(p);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : method.statements()) {
        Variable target = target(s);
        Expr value = value(s);
        if (target != null && value != null && !varied.contains(target) && reads(value, varied)) {
          varied.add(target);
          changed = true;
        }
      }
    }
    return varied;
  }

  /** Backwards from the return: a statement is useful if a later useful one reads what it assigns. */
  private void markUseful(List<Stmt> statements) {
    Set<Variable> needed = new HashSet<>();
    for (int i = statements.size() - 1; i >= 0; i--) {
      Stmt s = statements.get(i);
      Variable target = target(s);
      boolean isUseful = target == null || needed.remove(target);
      useful.put(s, isUseful);
      if (isUseful && value(s) != null) {
        collectVariedReads(value(s), needed);
      }
    }
  }

  public boolean isVaried(Variable v) {
    return varied.contains(v);
  }

  /** Whether {@code e}'s value depends on a differentiated input. */
  public boolean isVaried(Expr e) {
    return reads(e, varied);
  }

  /** Whether the reverse sweep has work for {@code s}. */
  public boolean isActive(Stmt s) {
    Expr value = value(s);
    return useful.get(s) && value != null && isVaried(value);
  }

  private static Variable target(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.variable();
    }
    return s instanceof Stmt.Assign a ? a.variable() : null;
  }

  private static Expr value(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.value();
    }
    return ((Stmt.Return) s).value();
  }

  /**
   * Whether {@code e} reads one of {@code variables} in a way that carries a derivative: indices,
   * lengths and integer arithmetic never do.
   */
  private static boolean reads(Expr e, Set<Variable> variables) {
    if (e instanceof Expr.Read r) {
      return variables.contains(r.variable());
    }
    if (e instanceof Expr.ElementRead r) {
      return variables.contains(r.array());
    }
    return operands(e).stream().anyMatch(arg -> reads(arg, variables));
  }

  private void collectVariedReads(Expr e, Set<Variable> into) {
    if (e instanceof Expr.Read r && varied.contains(r.variable())) {
      into.add(r.variable());
    } else if (e instanceof Expr.ElementRead r && varied.contains(r.array())) {
      into.add(r.array());
    }
    operands(e).forEach(arg -> collectVariedReads(arg, into));
  }

  /** The operands through which a derivative can flow. */
  private static List<Expr> operands(Expr e) {
    if (e instanceof Expr.Apply a) {
      return a.args();
    }
    if (e instanceof Expr.Invoke call) {
      return call.args();
    }
    return List.of();
  }
}
