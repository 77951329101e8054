package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which values may be infinite or NaN though the inputs are finite: those computed through a
 * {@linkplain io.javagrad.processor.ir.Primitive#singular() singular} entry of the rule table or
 * through a call, directly or by way of variables. A partial that reads such a value (the other
 * factor of a product, say) may be infinite too, so the reverse sweep guards its product with a
 * seed that may be 0, as it guards the singular entries' own partials: a zero adjoint contributes
 * nothing. Arithmetic ({@code + - *}) on finite values is taken to stay finite, so the products of
 * a dense layer cost no test.
 */
final class NonFinite {
  private final Set<Variable> variables = new HashSet<>();

  private NonFinite() {}

  static NonFinite of(MethodBody method) {
    NonFinite found = new NonFinite();
    List<Stmt> all = Statements.all(method.statements());
    // A fixpoint, since a value flows from variable to variable in any order through loops.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Stmt s : all) {
        if (s.value() != null && found.mayBe(s.value())) {
          grew |= found.variables.addAll(s.targets());
        }
      }
    }
    return found;
  }

  /** Whether {@code e} may be infinite or NaN at finite inputs. */
  boolean mayBe(Expr e) {
    return Expressions.preorder(e).anyMatch(n -> n instanceof Expr.Apply a && a.primitive().singular()
        || n instanceof Expr.Invoke
        || n instanceof Expr.Read r && variables.contains(r.variable())
        || n instanceof Expr.ElementRead r && variables.contains(r.array()));
  }

  /** Whether a partial of {@code apply} may be infinite or NaN: its rule is singular, or it reads such a value. */
  boolean partialsMayBe(Expr.Apply apply) {
    return apply.primitive().singular() || apply.args().stream().anyMatch(this::mayBe);
  }
}
