package io.javagrad.processor.front;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Exprs;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper javagrad makes of a {@code @DerivativeOf} rule for the second derivatives of its
 * callers ({@link io.javagrad.processor.ir.Callee#tangentOfRule}). A rule gives its target's
 * gradient as code, {@code grad[0] = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x)}; differentiating
 * that code once more gives the target's second derivatives. The helper takes the rule's
 * parameters but its gradient array, which is a local of its own, then a tangent for each; runs the
 * rule's body, but for the value it returns, which is not wanted; and returns the gradient times
 * the tangents, the target's derivative along them. Callers' second derivatives run it for the tangent
 * of a call, and its pullback for the derivative of that tangent.
 */
final class RuleTangents {
  private final Scope scope;
  private final List<Variable> parameters;
  private final Variable gradient;
  private final List<Variable> tangents = new ArrayList<>();

  /**
   * Declares, in {@code scope}, the rule's gradient array, called {@code gradientName}, as a local,
   * and, after the rule's other {@code parameters}, their tangents, which the body cannot name (a
   * rule of {@code (x, dx)} reads its own {@code dx}).
   */
  RuleTangents(Scope scope, List<Variable> parameters, String gradientName) {
    this.scope = scope;
    this.parameters = parameters;
    this.gradient = scope.declareLocal(gradientName, Type.DOUBLE_ARRAY);
    for (Variable p : parameters) {
      tangents.add(scope.declareUnnamedParameter("d" + p.name(), Type.DOUBLE));
    }
  }

  /** The tangents, the helper's parameters after the rule's own. */
  List<Variable> tangents() {
    return tangents;
  }

  /** The helper's body, of the rule's translated {@code body}. */
  List<Stmt> body(List<Stmt> body) {
    int slots = parameters.size();
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Declare(gradient, new Expr.NewArray(Literals.number(Type.INT, slots)),
        "double[] " + gradient.name() + " = new double[" + slots + "];"));
    // The rule's value is not wanted: each return only leaves, and one at the end, nothing.
    boolean returnsAtItsEnd = !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return
        && Statements.all(body.subList(0, body.size() - 1)).stream().noneMatch(Stmt.Return.class::isInstance);
    out.addAll(returnsAtItsEnd ? body.subList(0, body.size() - 1)
        : ControlFlowLowering.lowerInlined(body, null, scope::reserve));
    Expr derivative = Exprs.ZERO;
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      Expr slot = new Expr.ElementRead(gradient, Literals.number(Type.INT, i));
      derivative = Exprs.add(derivative, Exprs.mul(slot, new Expr.Read(tangents.get(i))));
      terms.add(gradient.name() + "[" + i + "] * " + tangents.get(i).name());
    }
    out.add(new Stmt.Return(derivative, "return " + String.join(" + ", terms) + ";"));
    return out;
  }
}
