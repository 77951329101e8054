package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which values carry a derivative, decided once for the whole method.
 *
 * <p>A variable is <em>varied</em> when a value assigned to it depends on a differentiated input;
 * the seed is {@link Variable#isDifferentiatedInput()}, so constant inputs change the seed and
 * nothing else. A variable is <em>useful</em> when its value can reach the result. Both are fixed
 * points over every assignment of the method, wherever it stands, so they hold across branches and
 * loop iterations. The reverse sweep works only on assignments that are both (active): an unused
 * intermediate costs no kept value and no adjoint. The dynamic twin types a variable {@code Value}
 * exactly when it is varied.
 */
public final class Activity {
  private final Set<Variable> varied = new HashSet<>();
  private final Set<Variable> useful = new HashSet<>();

  private Activity() {}

  public static Activity of(MethodBody method) {
    Activity activity = new Activity();
    List<Stmt> all = new ArrayList<>();
    flatten(method.statements(), all);
    activity.findVaried(method.parameters(), all);
    activity.findUseful(all);
    return activity;
  }

  /** Every statement, nested ones included, with each loop's counter as an assignment of its own. */
  private static void flatten(List<Stmt> statements, List<Stmt> into) {
    for (Stmt s : statements) {
      into.add(s);
      if (s instanceof Stmt.If i) {
        flatten(i.then(), into);
        flatten(i.otherwise(), into);
      } else if (s instanceof Stmt.Loop loop) {
        flatten(loop.body(), into);
        flatten(loop.update(), into);
      } else if (s instanceof Stmt.CountedLoop loop) {
        flatten(loop.body(), into);
      }
    }
  }

  private void findVaried(List<Variable> parameters, List<Stmt> all) {
    for (Variable p : parameters) {
      if (p.isDifferentiatedInput()) {
        varied.add(p);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        Variable target = target(s);
        if (target != null && !varied.contains(target) && isVaried(value(s))) {
          varied.add(target);
          changed = true;
        }
      }
    }
  }

  private void findUseful(List<Stmt> all) {
    for (Stmt s : all) {
      if (s instanceof Stmt.Return r) {
        collectVariedReads(r.value(), useful);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        Variable target = target(s);
        if (target != null && useful.contains(target)) {
          int before = useful.size();
          collectVariedReads(value(s), useful);
          changed |= useful.size() > before;
        }
      }
    }
  }

  public boolean isVaried(Variable v) {
    return varied.contains(v);
  }

  /** Whether a derivative flows from {@code v} to the result: it is varied and useful. */
  public boolean isActive(Variable v) {
    return varied.contains(v) && useful.contains(v);
  }

  /** Whether {@code e}'s value depends on a differentiated input. */
  public boolean isVaried(Expr e) {
    if (e == null) {
      return false;
    }
    if (e instanceof Expr.Read r) {
      return r.variable().type().isDifferentiable() && varied.contains(r.variable());
    }
    if (e instanceof Expr.ElementRead r) {
      return varied.contains(r.array());
    }
    return derivativeOperands(e).stream().anyMatch(this::isVaried);
  }

  /** Whether the reverse sweep has work for {@code s}: it assigns an active variable a varied value. */
  public boolean isActive(Stmt s) {
    if (s instanceof Stmt.Return r) {
      return isVaried(r.value());
    }
    Variable target = target(s);
    return target != null && useful.contains(target) && isVaried(value(s));
  }

  /** The variable {@code s} assigns (an array, for an element store), or null. */
  static Variable target(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.variable();
    }
    if (s instanceof Stmt.Assign a) {
      return a.variable();
    }
    return s instanceof Stmt.ArrayStore store ? store.array() : null;
  }

  /** The value {@code s} assigns or returns, or null. */
  static Expr value(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.value();
    }
    if (s instanceof Stmt.ArrayStore store) {
      return store.value();
    }
    return s instanceof Stmt.Return r ? r.value() : null;
  }

  /**
   * The operands through which a derivative can flow: arguments of functions, arguments of calls
   * to differentiated parameters, and the two values of a conditional (its condition only chooses). Indices, lengths, integer arithmetic
   * and comparisons carry none.
   */
  static List<Expr> derivativeOperands(Expr e) {
    if (e instanceof Expr.Apply a) {
      return a.args();
    }
    if (e instanceof Expr.Invoke call) {
      List<Expr> differentiated = new ArrayList<>();
      for (int i = 0; i < call.args().size(); i++) {
        if (call.callee().isDifferentiated(i)) {
          differentiated.add(call.args().get(i));
        }
      }
      return differentiated;
    }
    if (e instanceof Expr.Conditional c && c.type() == Type.DOUBLE) {
      return List.of(c.ifTrue(), c.ifFalse());
    }
    return List.of();
  }

  private void collectVariedReads(Expr e, Set<Variable> into) {
    if (e == null) {
      return;
    }
    if (e instanceof Expr.Read r && isVaried(r)) {
      into.add(r.variable());
    } else if (e instanceof Expr.ElementRead r && varied.contains(r.array())) {
      into.add(r.array());
    }
    derivativeOperands(e).forEach(operand -> collectVariedReads(operand, into));
  }
}
