package io.javagrad.processor.front;

import static io.javagrad.processor.front.SourceText.header;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.type.TypeKind;

/**
 * Translates statements: declarations, branches and loops here, assignments through {@link
 * AssignmentTranslator}. Each block opens a scope; nested blocks are spliced in place, since every
 * variable has a name of its own.
 */
final class StatementTranslator {
  static final String SUPPORTED_STATEMENTS = "supported are declarations of double, int, long and"
      + " boolean locals and of local double[] arrays, assignments (= += -= *= /=, ++, --), if/else, for, while"
      + " and do/while loops with break and continue, and return";

  /** The condition of {@code for (;;)}. */
  private static final Expr TRUE = Literals.bool(true);

  private final Scope scope;
  private final ExpressionTranslator expressions;
  private final AssignmentTranslator assignments;

  StatementTranslator(Scope scope, ExpressionTranslator expressions, AssignmentTranslator assignments) {
    this.scope = scope;
    this.expressions = expressions;
    this.assignments = assignments;
  }

  List<Stmt> block(List<? extends StatementTree> statements) {
    return scoped(() -> statements(statements));
  }

  /** {@code translation}, in a scope of its own: what it declares is not seen after it. */
  private List<Stmt> scoped(Supplier<List<Stmt>> translation) {
    scope.open();
    List<Stmt> translated = translation.get();
    scope.close();
    return translated;
  }

  private List<Stmt> statements(List<? extends StatementTree> statements) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree statement : statements) {
      out.addAll(statement(statement));
    }
    return out;
  }

  private List<Stmt> body(StatementTree tree) {
    return tree instanceof BlockTree block ? block(block.getStatements()) : block(List.of(tree));
  }

  /** The statements {@code tree} stands for: one, or for a block and a general {@code for} loop, a list. */
  private List<Stmt> statement(StatementTree tree) {
    if (tree instanceof BlockTree block) {
      return block(block.getStatements());
    }
    if (tree instanceof ForLoopTree loop) {
      return scoped(() -> forLoop(loop));
    }
    return List.of(simpleStatement(tree));
  }

  private Stmt simpleStatement(StatementTree tree) {
    return switch (tree.getKind()) {
      case VARIABLE -> declaration((VariableTree) tree);
      case EXPRESSION_STATEMENT -> assignments.assignment((ExpressionStatementTree) tree);
      case RETURN -> returnStatement((ReturnTree) tree);
      case IF -> ifStatement((IfTree) tree);
      case WHILE_LOOP -> whileLoop((WhileLoopTree) tree);
      case DO_WHILE_LOOP -> doWhileLoop((DoWhileLoopTree) tree);
      case BREAK -> new Stmt.Break(SourceText.statement(tree));
      case CONTINUE -> new Stmt.Continue(SourceText.statement(tree));
      default -> throw unsupported(tree);
    };
  }

  /** The error for a statement outside the supported subset, saying what to write instead. */
  private static Unsupported unsupported(StatementTree tree) {
    return new Unsupported(tree, switch (tree.getKind()) {
      // A labelled break or continue needs a labelled statement, so rejecting labels covers them.
      case LABELED_STATEMENT -> "a label is not supported in a @Differentiable method: break and continue leave,"
          + " or go on with, the innermost loop; use a boolean flag to leave an outer one";
      case ENHANCED_FOR_LOOP -> "for-each loops are not supported in a @Differentiable method; write an indexed"
          + " loop: for (int i = 0; i < a.length; i++)";
      case SWITCH -> "switch statements are not supported in a @Differentiable method; write them as if/else";
      case TRY -> "try statements are not supported in a @Differentiable method; " + SUPPORTED_STATEMENTS;
      case SYNCHRONIZED -> "synchronized statements are not supported in a @Differentiable method; "
          + SUPPORTED_STATEMENTS;
      default -> SourceText.describe(tree) + " is not supported in a @Differentiable method; "
          + SUPPORTED_STATEMENTS;
    });
  }

  private Stmt returnStatement(ReturnTree tree) {
    Expr value = Conversions.asDouble(expressions.expr(tree.getExpression()), tree.getExpression());
    return new Stmt.Return(value, SourceText.statement(tree));
  }

  private Stmt ifStatement(IfTree tree) {
    Expr condition = expressions.condition(tree.getCondition());
    List<Stmt> then = body(tree.getThenStatement());
    List<Stmt> otherwise = tree.getElseStatement() == null ? List.of() : body(tree.getElseStatement());
    return new Stmt.If(condition, then, otherwise, "if " + SourceText.oneLine(tree.getCondition()));
  }

  private Stmt whileLoop(WhileLoopTree tree) {
    Expr condition = expressions.condition(tree.getCondition());
    return new Stmt.Loop(condition, true, body(tree.getStatement()), List.of(), header(tree));
  }

  private Stmt doWhileLoop(DoWhileLoopTree tree) {
    List<Stmt> body = body(tree.getStatement());
    return new Stmt.Loop(expressions.condition(tree.getCondition()), false, body, List.of(), header(tree));
  }

  /**
   * A counting loop, {@code for (int i = a; i < b; i++)} with a body that leaves {@code i} and
   * {@code a} alone, keeps its shape (the reverse sweep counts back down); any other {@code for}
   * becomes its initialisation followed by a while loop.
   */
  private List<Stmt> forLoop(ForLoopTree tree) {
    List<Stmt> init = statements(tree.getInitializer());
    Expr condition = tree.getCondition() == null ? TRUE : expressions.condition(tree.getCondition());
    List<Stmt> update = new ArrayList<>();
    for (ExpressionStatementTree statement : tree.getUpdate()) {
      update.add(assignments.assignment(statement));
    }
    List<Stmt> body = body(tree.getStatement());
    String header = header(tree);
    Stmt counted = countedLoop(init, condition, update, body, header);
    if (counted != null) {
      return List.of(counted);
    }
    List<Stmt> lowered = new ArrayList<>(init);
    lowered.add(new Stmt.Loop(condition, true, body, update, header));
    return lowered;
  }

  private static Stmt countedLoop(List<Stmt> init, Expr condition, List<Stmt> update, List<Stmt> body,
      String header) {
    if (init.size() != 1 || !(init.get(0) instanceof Stmt.Declare d) || d.variable().type() != Type.INT
        || d.init() == null || update.size() != 1) {
      return null;
    }
    Variable counter = d.variable();
    Set<Variable> assigned = Statements.assignedIn(body);
    if (!incrementsByOne(update.get(0), counter) || assigned.contains(counter)
        || Statements.reads(d.init(), assigned)) {
      return null;
    }
    Expr.Compare bound = bound(condition, counter, assigned);
    return new Stmt.CountedLoop(counter, d.init(), condition, bound == null ? null : bound.right(),
        bound != null && bound.operator().equals("<="), body, header);
  }

  /** {@code counter = counter + 1}. */
  private static boolean incrementsByOne(Stmt update, Variable counter) {
    return update instanceof Stmt.Assign step && step.variable() == counter
        && step.value() instanceof Expr.IntegralOp op && op.operator().equals("+")
        && op.left() instanceof Expr.Read r && r.variable() == counter
        && op.right() instanceof Expr.Constant c && c.value() == 1;
  }

  /** {@code condition} if it is {@code counter < b} or {@code counter <= b}, where the body leaves b alone. */
  private static Expr.Compare bound(Expr condition, Variable counter, Set<Variable> assigned) {
    boolean bounds = condition instanceof Expr.Compare compare && compare.left() instanceof Expr.Read r
        && r.variable() == counter && compare.right().type() == Type.INT
        && (compare.operator().equals("<") || compare.operator().equals("<="))
        && !Statements.reads(compare.right(), assigned) && !Statements.reads(compare.right(), Set.of(counter));
    return bounds ? (Expr.Compare) condition : null;
  }

  private Stmt declaration(VariableTree tree) {
    if (tree.getType() == null) {
      throw new Unsupported(tree, "declare " + tree.getName() + " with its type: var is not supported");
    }
    Type type = localType(tree.getType());
    Expr init;
    if (type == Type.DOUBLE_ARRAY) {
      init = newArray(tree);
    } else {
      init = tree.getInitializer() == null ? null : expressions.assignable(type, tree.getInitializer());
    }
    Variable v = scope.declareLocal(tree.getName().toString(), type);
    return new Stmt.Declare(v, init, SourceText.statement(tree));
  }

  /** A local array: {@code double[] a = new double[n];}, declared at the top level of the body. */
  private Expr newArray(VariableTree tree) {
    if (scope.depth() > 2) {
      throw new Unsupported(tree, "local arrays must be declared at the top level of the method body, outside"
          + " branches and loops");
    }
    if (!(tree.getInitializer() instanceof NewArrayTree creation) || creation.getDimensions().size() != 1
        || creation.getInitializers() != null) {
      throw new Unsupported(tree, "a local double[] must be created with new double[length]; aliasing another"
          + " array (double[] b = a) and array initializers are not supported");
    }
    return new Expr.NewArray(expressions.length(creation.getDimensions().get(0)));
  }

  private static Type localType(Tree typeTree) {
    if (typeTree instanceof PrimitiveTypeTree primitive) {
      switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE: return Type.DOUBLE;
        case INT: return Type.INT;
        case LONG: return Type.LONG;
        case BOOLEAN: return Type.BOOLEAN;
        default: break;
      }
    }
    if (typeTree instanceof ArrayTypeTree array && array.getType() instanceof PrimitiveTypeTree element
        && element.getPrimitiveTypeKind() == TypeKind.DOUBLE) {
      return Type.DOUBLE_ARRAY;
    }
    throw new Unsupported(typeTree, "locals of type " + typeTree + " are not supported in a @Differentiable"
        + " method; use double and double[] (differentiated) or int, long and boolean (not differentiated)");
  }
}
