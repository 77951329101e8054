package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * The swap of two rows of a local {@code double[][]}, as pivoting writes it ({@code double[] t =
 * m[k]; m[k] = m[p]; m[p] = t;}), becomes a swap of the rows' elements, one by one. Java swaps the
 * two row arrays; where nothing else names either row (no row alias in scope, the temporary read
 * no more, the rows of a local matrix, which no other array shares), what the method can see after
 * it is the same, and the intermediate form follows elements, not row arrays. Rows of different
 * lengths cannot swap their elements: that throws, naming what to write instead.
 */
final class RowSwaps {
  private final Scope scope;
  private final ExpressionTranslator expressions;

  RowSwaps(Scope scope, ExpressionTranslator expressions) {
    this.scope = scope;
    this.expressions = expressions;
  }

  /** The three statements of {@code statements} from {@code at}, if they swap two rows; else null. */
  Swap at(List<? extends StatementTree> statements, int at) {
    if (at + 2 >= statements.size() || !(statements.get(at) instanceof VariableTree temporary)
        || !(temporary.getInitializer() instanceof ArrayAccessTree first)) {
      return null;
    }
    AssignmentTree move = assignment(statements.get(at + 1));
    AssignmentTree back = assignment(statements.get(at + 2));
    if (move == null || back == null) {
      return null;
    }
    Variable matrix = local(first.getExpression());
    boolean shape = matrix != null && matrix.type() == Type.DOUBLE_MATRIX && !matrix.isParameter()
        && move.getVariable() instanceof ArrayAccessTree target && sameRow(target, first, matrix)
        && move.getExpression() instanceof ArrayAccessTree second && local(second.getExpression()) == matrix
        && back.getVariable() instanceof ArrayAccessTree last && sameRow(last, second, matrix)
        && back.getExpression() instanceof IdentifierTree id && id.getName().contentEquals(temporary.getName())
        && isIndex(first.getIndex()) && isIndex(second.getIndex()) && !expressions.hasRowAlias(matrix)
        && !Scope.reads(statements.subList(at + 3, statements.size()), temporary.getName().toString());
    return shape ? new Swap(matrix, first.getIndex(), ((ArrayAccessTree) move.getExpression()).getIndex(),
        SourceText.oneLine(temporary) + " " + SourceText.oneLine(statements.get(at + 1)) + " "
            + SourceText.oneLine(statements.get(at + 2))) : null;
  }

  /** Two rows of {@code matrix} to swap, and the source's text. */
  record Swap(Variable matrix, ExpressionTree first, ExpressionTree second, String source) {}

  /**
   * {@code int a = first, b = second;} then, for rows of one length, {@code for (j) { double s =
   * m[a][j]; m[a][j] = m[b][j]; m[b][j] = s; }}.
   */
  List<Stmt> lower(Swap swap) {
    List<Stmt> out = new ArrayList<>();
    Variable first = index("_row", swap.first(), out);
    Variable second = index("_other", swap.second(), out);
    Variable m = swap.matrix();
    Expr rowLength = new Expr.Length(m, new Expr.Read(first));
    Expr.Opaque differ = new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("throw new $T($S);",
        UnsupportedOperationException.class, "javagrad swaps the rows of " + m.name() + " element by element, which"
            + " rows of different lengths cannot do; swap copies of them instead")), List.of(), false, Term.PRIMARY,
        swap.source());
    out.add(new Stmt.If(new Expr.Compare("!=", rowLength, new Expr.Length(m, new Expr.Read(second))),
        List.of(new Stmt.RunAsWritten(differ, swap.source())), List.of(), "rows of different lengths"));
    Variable j = scope.declareLocal("_j", Type.INT);
    Variable held = scope.declareLocal("_swapped", Type.DOUBLE);
    Expr.Read column = new Expr.Read(j);
    List<Stmt> body = List.of(
        new Stmt.Declare(held, new Expr.ElementRead(m, new Expr.Read(first), column), "double " + held.name()
            + " = " + m.name() + "[" + first.name() + "][" + j.name() + "];"),
        new Stmt.ArrayStore(m, new Expr.Read(first), column, new Expr.ElementRead(m, new Expr.Read(second), column),
            m.name() + "[" + first.name() + "][" + j.name() + "] = " + m.name() + "[" + second.name() + "][" + j.name()
                + "];"),
        new Stmt.ArrayStore(m, new Expr.Read(second), column, new Expr.Read(held), m.name() + "[" + second.name()
            + "][" + j.name() + "] = " + held.name() + ";"));
    Expr.Compare test = new Expr.Compare("<", column, rowLength);
    out.add(new Stmt.CountedLoop(j, Literals.number(Type.INT, 0), test, null, false, body, swap.source()));
    return out;
  }

  private Variable index(String name, ExpressionTree tree, List<Stmt> out) {
    Expr value = expressions.expr(tree);
    out.addAll(expressions.takePending());
    Variable v = scope.declareLocal(name, Type.INT);
    out.add(new Stmt.Declare(v, value, "int " + v.name() + " = " + SourceText.oneLine(tree) + ";"));
    return v;
  }

  private Variable local(ExpressionTree tree) {
    return tree instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
  }

  private static AssignmentTree assignment(StatementTree statement) {
    return statement instanceof ExpressionStatementTree expression
        && expression.getExpression() instanceof AssignmentTree assignment ? assignment : null;
  }

  /** Whether {@code element} is a row of {@code matrix} at the index {@code row} names, written the same way. */
  private boolean sameRow(ArrayAccessTree element, ArrayAccessTree row, Variable matrix) {
    return local(element.getExpression()) == matrix
        && SourceText.oneLine(element.getIndex()).equals(SourceText.oneLine(row.getIndex()));
  }

  /** A local or a literal: the same row each time the swap's statements read it. */
  private boolean isIndex(ExpressionTree index) {
    return index instanceof LiteralTree || local(index) != null && local(index).type() == Type.INT;
  }
}
