package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The variables whose adjoints must exist before the reverse sweep, as 0, rather than be declared
 * at their first contribution: those that a branch, a loop or a conditional expression reads or
 * writes (their adjoints change under control flow the generator cannot follow statically), and
 * local arrays. In order of first appearance, so that generated code is stable.
 */
final class ControlFlowVariables {
  private final Set<Variable> variables = new LinkedHashSet<>();

  private ControlFlowVariables() {}

  static Set<Variable> of(List<Stmt> statements) {
    ControlFlowVariables found = new ControlFlowVariables();
    found.scan(statements, false);
    return found.variables;
  }

  private void scan(List<Stmt> statements, boolean underControl) {
    for (Stmt s : statements) {
      for (Variable target : s.targets()) {
        if (underControl || target.type().isDoubleArray()) {
          variables.add(target);
        }
      }
      if (s.value() != null) {
        scan(s.value(), underControl);
      }
      s.children().forEach(nested -> scan(nested, true));
    }
  }

  private void scan(Expr e, boolean underControl) {
    if (underControl) {
      variables.addAll(Statements.readIn(e));
      return;
    }
    Expressions.preorder(e).forEach(node -> {
      if (node instanceof Expr.Conditional c) {
        variables.addAll(Statements.readIn(c.ifTrue()));
        variables.addAll(Statements.readIn(c.ifFalse()));
      }
    });
  }
}
