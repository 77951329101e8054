package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The elements of a parameter array that an iteration of a loop differentiated in place reads,
 * when it reads them only as {@code x[i + c]}, {@code i} the loop's counter and {@code c} an int
 * constant from {@code low} to {@code high} (Rosenbrock's {@code x[i]} and {@code x[i + 1]}, a
 * three-point stencil's {@code x[i - 1]} to {@code x[i + 1]}). Their adjoints are kept in locals,
 * one per offset, rotated at the end of each iteration ({@link StencilAdjoints}): {@code x[i +
 * low]} is read by no later iteration, since the counter only grows, so its adjoint is complete
 * there and goes into its slot once, instead of every read adding into the slot.
 *
 * @param array the parameter array
 * @param low the smallest offset read
 * @param high the largest offset read
 * @param lowReadEachIteration whether every iteration that reaches its end reads {@code x[i + low]}
 *     itself, so that index is in range there and its slot may be written unguarded
 */
record StencilWindow(Variable array, int low, int high, boolean lowReadEachIteration) {
  /** At most this many offsets apart, so that the locals stay few enough to live in registers. */
  static final int MAX_SPAN = 4;

  /**
   * The windows of {@code arrays} in {@code loop}, by array; an array also read otherwise (at an
   * index of another form, passed whole to a call, read by code run as written) has none.
   */
  static Map<Variable, StencilWindow> of(Stmt.CountedLoop loop, Set<Variable> arrays) {
    Map<Variable, StencilWindow> windows = new LinkedHashMap<>();
    for (Variable array : arrays) {
      StencilWindow window = of(loop, array);
      if (window != null) {
        windows.put(array, window);
      }
    }
    return windows;
  }

  private static StencilWindow of(Stmt.CountedLoop loop, Variable array) {
    if (array.type() != Type.DOUBLE_ARRAY) {
      return null;
    }
    List<Expr> expressions = new ArrayList<>(List.of(loop.condition()));
    expressions.addAll(Statements.expressionsIn(loop.body()));
    int low = Integer.MAX_VALUE;
    int high = Integer.MIN_VALUE;
    for (Expr e : expressions) {
      for (Expr n : Expressions.preorder(e).toList()) {
        if (n instanceof Expr.Read r && r.variable() == array) {
          return null;
        }
        if (n instanceof Expr.ElementRead read && read.array() == array) {
          Integer offset = offset(read.index(), loop.counter());
          if (offset == null) {
            return null;
          }
          low = Math.min(low, offset);
          high = Math.max(high, offset);
        }
      }
    }
    if (low > high || (long) high - low > MAX_SPAN) {
      return null;
    }
    return new StencilWindow(array, low, high, readEachIteration(loop, array, low));
  }

  /** {@code c} if {@code index} is {@code counter}, {@code counter + c}, {@code c + counter} or {@code counter - c}; else null. */
  static Integer offset(Expr index, Variable counter) {
    if (isRead(index, counter)) {
      return 0;
    }
    if (!(index instanceof Expr.IntegralOp op) || op.left() == null) {
      return null;
    }
    if (op.operator().equals("+") && isRead(op.left(), counter)) {
      return constant(op.right(), 1);
    }
    if (op.operator().equals("+") && isRead(op.right(), counter)) {
      return constant(op.left(), 1);
    }
    return op.operator().equals("-") && isRead(op.left(), counter) ? constant(op.right(), -1) : null;
  }

  private static boolean isRead(Expr e, Variable v) {
    return e instanceof Expr.Read r && r.variable() == v;
  }

  /** {@code sign} times the int constant {@code e}, or null if {@code e} is not one (or its negation overflows). */
  private static Integer constant(Expr e, int sign) {
    if (!(e instanceof Expr.Constant c) || c.type() != Type.INT || c.value() == Integer.MIN_VALUE) {
      return null;
    }
    return sign * (int) c.value();
  }

  /**
   * Whether {@code x[i + low]} is read by an expression that every iteration evaluates: one of a
   * statement at the top of the body, or a top-level branch's condition, outside the arms of
   * {@code ?:} and the right of {@code &&} and {@code ||}. A break or continue lowered to flags
   * guards the statements after it, so they do not count.
   */
  private static boolean readEachIteration(Stmt.CountedLoop loop, Variable array, int low) {
    for (Stmt s : loop.body()) {
      List<Expr> evaluated = s instanceof Stmt.If branch ? List.of(branch.condition())
          : s.children().isEmpty() ? Statements.expressionsIn(List.of(s)) : List.of();
      for (Expr e : evaluated) {
        boolean found = Expressions.preorder(e, StencilWindow::alwaysEvaluated).anyMatch(n ->
            n instanceof Expr.ElementRead read && read.array() == array
                && Integer.valueOf(low).equals(offset(read.index(), loop.counter())));
        if (found) {
          return true;
        }
      }
    }
    return false;
  }

  /** The operands of {@code e} that are evaluated whenever {@code e} is. */
  private static List<Expr> alwaysEvaluated(Expr e) {
    if (e instanceof Expr.Conditional c) {
      return List.of(c.condition());
    }
    if (e instanceof Expr.Logic l) {
      return List.of(l.left());
    }
    return Statements.operands(e);
  }
}
