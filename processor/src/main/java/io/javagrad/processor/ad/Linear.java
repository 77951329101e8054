package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.List;

/**
 * How an expression's value reaches the variables it was computed from: its local derivatives,
 * built in the forward sweep, where the values the partials read are decided, and used in the
 * reverse sweep, where a seed flows down it.
 */
sealed interface Linear {
  /** A variable: the seed is added into its adjoint. */
  record Leaf(Variable variable) implements Linear {}

  /**
   * An array element (of row {@code row} of a {@code double[][]}): the seed is added into its slot
   * of the array's adjoint, or, for an element of a stencil window ({@link StencilWindow}), into
   * the window's local for {@code windowOffset}, its index less the loop's counter (else null).
   */
  record Element(Variable array, Term row, Term index, Integer windowOffset) implements Linear {}

  /**
   * An operand, reached through the partial derivative with respect to it. A {@code singular}
   * partial may be infinite or NaN ({@link NonFinite}): a zero seed must give 0, not 0 times it.
   */
  record Edge(Term partial, Linear child, boolean singular) {}

  /** A function of the rule table: the seed flows into each operand, times that operand's partial. */
  record Node(List<Edge> edges) implements Linear {}

  /**
   * A call whose pullback already ran in the forward sweep, with seed 1, for the call's value: the
   * local {@code gradient} holds the callee's gradient (taken back from the tape inside control
   * flow), and each argument's share is the seed times its entries.
   */
  record EvaluatedCall(Expr.Invoke call, List<Linear> argsLinear, String gradient) implements Linear {}

  /** A conditional expression: the seed flows into one side, chosen by {@code condition} again. */
  record Branch(Term condition, Linear ifTrue, Linear ifFalse) implements Linear {}
}
