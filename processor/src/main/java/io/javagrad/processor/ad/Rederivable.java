package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the reverse sweep can derive again instead of having it recorded.
 *
 * <p>A variable is <em>stable</em> when its value never changes once set: a parameter no statement
 * assigns, a counting loop's counter (the reverse loop counts it back), a local declared at the
 * method's top level and assigned nowhere else (its declaration is in scope for the whole reverse
 * sweep, which runs after it: {@code int units = x.length / 3}), or a local of the kind below.
 * An expression of stable variables has, wherever the reverse sweep evaluates it, the value it had
 * in the forward sweep. So a branch whose condition is stable needs no recorded decision,
 * and a local declared once inside a loop from cheap arithmetic on stable values ({@code double
 * xi = x[i]}) is recomputed where the reverse sweep reads it, rather than saved and restored.
 */
final class Rederivable {
  private static final Set<Primitive> CHEAP_FUNCTIONS = EnumSet.of(Primitive.ADD, Primitive.SUB, Primitive.MUL,
      Primitive.NEG, Primitive.STRONG_ZERO_TIMES);

  private final Set<Variable> stable = new HashSet<>();
  private final Map<Variable, Expr> recomputed = new HashMap<>();

  private Rederivable() {}

  static Rederivable of(MethodBody method) {
    Rederivable found = new Rederivable();
    Map<Variable, Integer> assignments = Statements.assignmentCounts(method.statements());
    for (Variable p : method.parameters()) {
      if (!assignments.containsKey(p)) {
        found.stable.add(p);
      }
    }
    for (Stmt s : method.statements()) {
      // A scalar changes only by an assignment; an int[] or an object may change through code run as written.
      if (s instanceof Stmt.Declare d && d.init() != null && assignments.get(d.variable()) == 1
          && d.variable().type().isRecordable()) {
        found.stable.add(d.variable());
      }
    }
    found.scan(method.statements(), false, assignments);
    return found;
  }

  /**
   * In program order, so that a local's definition is judged after those of the locals it reads.
   * {@code assignments} counts the statements that assign each variable, loop counters aside.
   */
  private void scan(List<Stmt> statements, boolean inLoop, Map<Variable, Integer> assignments) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Declare d && inLoop && d.init() != null && assignments.get(d.variable()) == 1
          && !d.variable().type().isDoubleArray() && isCheap(d.init()) && isStable(d.init())) {
        stable.add(d.variable());
        recomputed.put(d.variable(), d.init());
      }
      if (s instanceof Stmt.CountedLoop loop && !assignments.containsKey(loop.counter())) {
        stable.add(loop.counter());
      }
      boolean isLoop = s instanceof Stmt.Loop || s instanceof Stmt.CountedLoop;
      s.children().forEach(nested -> scan(nested, inLoop || isLoop, assignments));
    }
  }

  /** Arithmetic that costs less than recording and replaying its value: no calls, no functions. */
  static boolean isCheap(Expr e) {
    return isCheap(e, n -> false);
  }

  /** As {@link #isCheap(Expr)}, counting the subexpressions that {@code available} holds as free to read. */
  static boolean isCheap(Expr e, Predicate<Expr> available) {
    Predicate<Expr> leaf = n -> n != e && available.test(n);
    return Expressions.preorder(e, n -> leaf.test(n) ? List.of() : Statements.operands(n))
        .allMatch(n -> leaf.test(n) || isCheapNode(n));
  }

  /** Whether {@code e}'s own operation is cheap, its operands aside. */
  private static boolean isCheapNode(Expr e) {
    if (e instanceof Expr.Invoke || e instanceof Expr.Conditional || e instanceof Expr.Opaque o && !o.pure()) {
      return false;
    }
    return !(e instanceof Expr.Apply a) || CHEAP_FUNCTIONS.contains(a.primitive());
  }

  /** Whether {@code e} reads only stable variables, and may be evaluated again (see {@link Statements#runsOnce}). */
  boolean isStable(Expr e) {
    return stable.containsAll(Statements.readIn(e)) && !Statements.runsOnce(e);
  }

  /** The definition to compute again where the reverse sweep reads {@code v}, or null. */
  Expr definitionOf(Variable v) {
    return recomputed.get(v);
  }
}
