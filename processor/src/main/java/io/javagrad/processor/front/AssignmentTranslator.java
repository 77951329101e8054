package io.javagrad.processor.front;

import static io.javagrad.processor.front.Conversions.asDouble;
import static io.javagrad.processor.front.ExpressionTranslator.arithmetic;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.function.UnaryOperator;

/**
 * Translates an expression statement, which in a {@code @Differentiable} method assigns ({@code = +=
 * -= *= /= ++ --}) to a local variable, a parameter, or an element of a local array.
 */
final class AssignmentTranslator {
  private final ExpressionTranslator expressions;
  private final NameTranslator names;
  private final Bookkeeping bookkeeping;
  private final OpaqueTranslator opaque;
  private final boolean helper;

  /**
   * @param helper whether the method is a helper differentiated on demand, whose pullback carries
   *     no derivative of an array it writes back to its caller
   */
  AssignmentTranslator(ExpressionTranslator expressions, NameTranslator names, Bookkeeping bookkeeping,
      OpaqueTranslator opaque, boolean helper) {
    this.helper = helper;
    this.expressions = expressions;
    this.names = names;
    this.bookkeeping = bookkeeping;
    this.opaque = opaque;
  }

  /** Whether {@code e} assigns: {@code =}, a compound assignment, {@code ++} or {@code --}. */
  static boolean isAssignment(ExpressionTree e) {
    return e instanceof AssignmentTree || e instanceof CompoundAssignmentTree
        || e instanceof UnaryTree unary && switch (unary.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> true;
          default -> false;
        };
  }

  Stmt assignment(ExpressionStatementTree tree) {
    if (writesElementOfOtherArray(tree.getExpression())) {
      // counts[k]++ on an int[]: bookkeeping no derivative flows through, run as written.
      return opaque.statement(tree);
    }
    return write(tree.getExpression(), SourceText.statement(tree));
  }

  /**
   * Whether {@code e} writes an element of a local array that is not a {@code double[]}: of an
   * {@code int[]}, or of a row of an {@code int[][]} or {@code boolean[][]} ({@code choice[t][s] =
   * k}, a dynamic programme's table of decisions), an element that is not a double.
   */
  private boolean writesElementOfOtherArray(ExpressionTree e) {
    ExpressionTree target = e instanceof AssignmentTree a ? a.getVariable()
        : e instanceof CompoundAssignmentTree c ? c.getVariable()
        : e instanceof UnaryTree u ? u.getExpression() : null;
    if (!(target instanceof ArrayAccessTree element)) {
      return false;
    }
    ExpressionTree root = element.getExpression();
    while (ExpressionTranslator.unparenthesized(root) instanceof ArrayAccessTree outer) {
      root = outer.getExpression();
    }
    Variable array = names.local(root);
    return array != null && array.type().isOther() && (root == element.getExpression() || !opaque.isDouble(target));
  }

  /** The write that {@code e} makes, as a statement, whether {@code e} is one or stands inside an expression. */
  Stmt write(ExpressionTree e, String source) {
    if (e instanceof AssignmentTree assign) {
      return constantChecked(assign(assign, source), e);
    }
    if (e instanceof CompoundAssignmentTree compound) {
      ExpressionTree value = compound.getExpression();
      if (compound.getVariable() instanceof ArrayAccessTree element) {
        // Java evaluates the element, its index included, before the value.
        Expr.ElementRead written = storedElement(element);
        ExpressionTranslator.Mark mark = expressions.mark();
        Expr operand = expressions.stored(value);
        Expr.ElementRead stored = expressions.storedBeforeLaterWrites(written, element, mark);
        return constantChecked(new Stmt.ArrayStore(stored.array(), stored.row(), stored.index(),
            asDouble(arithmetic(compoundOperator(compound), stored, operand, compound), compound), source), e);
      }
      Expr operand = expressions.expr(value);
      return constantChecked(update(compound.getVariable(), old -> arithmetic(compoundOperator(compound), old,
          operand, compound), compound, source), e);
    }
    if (e instanceof UnaryTree unary) {
      // Not checked: an increment adds a constant, which brings no derivative into a @NoDerivative parameter.
      String operator = stepOperator(unary);
      return update(unary.getExpression(), old -> arithmetic(operator, old, Literals.number(Type.INT, 1), unary),
          unary, source);
    }
    throw new Unsupported(e, SourceText.describe(e) + " is not supported as a statement in a @Differentiable"
        + " method; " + StatementTranslator.SUPPORTED_STATEMENTS);
  }

  private Stmt assign(AssignmentTree assign, String source) {
    Stmt toRow = rowReassigned(assign, source);
    if (toRow != null) {
      return toRow;
    }
    if (assign.getVariable() instanceof IdentifierTree || assign.getVariable() instanceof MemberSelectTree) {
      if (names.local(assign.getVariable()) == null) {
        throw new Unsupported(assign, "writes to fields are not supported in a @Differentiable method: "
            + SourceText.oneLine(assign) + " writes the field " + assign.getVariable() + "; keep "
            + SourceText.oneLine(assign.getExpression()) + " in a local variable, or return it");
      }
    }
    if (assign.getVariable() instanceof ArrayAccessTree element && names.local(element.getExpression()) != null
        && names.local(element.getExpression()).type() == Type.DOUBLE_MATRIX) {
      return rowStore(element, assign.getExpression(), source);
    }
    if (assign.getVariable() instanceof ArrayAccessTree element) {
      Expr.ElementRead written = storedElement(element);
      ExpressionTranslator.Mark mark = expressions.mark();
      Expr value = asDouble(expressions.stored(assign.getExpression()), assign.getExpression());
      Expr.ElementRead stored = expressions.storedBeforeLaterWrites(written, element, mark);
      return new Stmt.ArrayStore(stored.array(), stored.row(), stored.index(), value, source);
    }
    Variable target = assignedVariable(assign.getVariable());
    if (target.type().isDoubleArray()) {
      Expr array = expressions.arrayValue(target.type(), assign.getExpression());
      expressions.given(target, array);
      return new Stmt.Assign(target, array, source);
    }
    return new Stmt.Assign(target, expressions.assignable(target.type(), assign.getExpression()), source);
  }

  /** {@code target = updated(target)}, for a compound assignment or an increment, the {@code site}. */
  private Stmt update(ExpressionTree target, UnaryOperator<Expr> updated, Tree site, String source) {
    if (target instanceof ArrayAccessTree element) {
      Expr.ElementRead stored = storedElement(element);
      return new Stmt.ArrayStore(stored.array(), stored.row(), stored.index(), asDouble(updated.apply(stored), site),
          source);
    }
    Variable variable = assignedVariable(target);
    Expr value = updated.apply(new Expr.Read(variable));
    if (variable.type().isFloat()) {
      // A rounding to float, which keeps no derivative: the value must carry none.
      bookkeeping.givenToConstant(value, site, "assigned to " + variable.name() + ", a float", "declare "
          + variable.name() + " a double, which carries the derivative");
      if (!(site instanceof CompoundAssignmentTree compound && opaque.isDouble(compound.getExpression()))) {
        return new Stmt.Assign(variable, value, source); // float arithmetic (f *= 1.5f, f++): no cast to write
      }
    }
    return new Stmt.Assign(variable, Conversions.compoundStored(variable.type(), value, site), source);
  }

  /**
   * An assignment to a {@code @NoDerivative} parameter (or to an element of its array), or to a variable of a type that carries no
   * derivative ({@code Double}, {@code float}), is checked once activity is known.
   */
  Stmt constantChecked(Stmt stmt, Tree tree) {
    if (stmt instanceof Stmt.Assign assign && assign.variable().isParameter()
        && assign.variable().isConstantInput()) {
      bookkeeping.givenToConstant(assign.value(), tree, "assigned to the @NoDerivative parameter "
          + assign.variable().name());
    } else if (stmt instanceof Stmt.ArrayStore store && store.array().isParameter()
        && store.array().isConstantInput()) {
      bookkeeping.givenToConstant(store.value(), tree, "stored into the @NoDerivative parameter array "
          + store.array().name(), "store values that do not depend on the differentiated inputs there, copy "
          + store.array().name() + " into a local array and write there, or drop @NoDerivative");
    } else if (stmt instanceof Stmt.Assign assign && assign.variable().type().isOther()) {
      bookkeeping.givenToConstant(assign.value(), tree, "assigned to " + assign.variable().name()
          + ", a variable of type " + assign.variable().type().javaName(), "declare " + assign.variable().name()
          + " a double, which carries the derivative");
    }
    return stmt;
  }

  private static String compoundOperator(CompoundAssignmentTree compound) {
    return switch (compound.getKind()) {
      case PLUS_ASSIGNMENT -> "+";
      case MINUS_ASSIGNMENT -> "-";
      case MULTIPLY_ASSIGNMENT -> "*";
      case DIVIDE_ASSIGNMENT -> "/";
      case REMAINDER_ASSIGNMENT -> "%";
      case LEFT_SHIFT_ASSIGNMENT -> "<<";
      case RIGHT_SHIFT_ASSIGNMENT -> ">>";
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> ">>>";
      case AND_ASSIGNMENT -> "&";
      case XOR_ASSIGNMENT -> "^";
      case OR_ASSIGNMENT -> "|";
      default -> throw new Unsupported(compound, "the operator of " + compound + " is not supported");
    };
  }

  private static String stepOperator(UnaryTree unary) {
    return switch (unary.getKind()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT -> "+";
      case PREFIX_DECREMENT, POSTFIX_DECREMENT -> "-";
      default -> throw new Unsupported(unary, "the expression statement " + unary + " has no effect");
    };
  }

  /**
   * {@code m[i] = new double[n];} for a local double[][] {@code m}, made with {@code new double[k][]},
   * {@code m[i] = x.clone();} (a copy, or an initializer), or {@code m[i] = a;} for a local double[]
   * {@code a} or {@code m[i] = helper(x)} for the array an inlined helper returns, which the row then
   * shares ({@code ArrayReferences} takes {@code m} and {@code a} for one).
   */
  private Stmt rowStore(ArrayAccessTree element, ExpressionTree value, String source) {
    Variable matrix = names.local(element.getExpression());
    if (matrix.isParameter()) {
      throw new Unsupported(element, "writes to parameter arrays are not supported: the array belongs to the"
          + " caller; copy it into a local array (double[][] a = new double[n][m]) and write there");
    }
    String alias = expressions.rowAliasReadFromHere(matrix);
    if (alias != null) {
      String m = matrix.name();
      throw new Unsupported(element, alias + ", a row alias of " + m + ", may be read after this new row is given,"
          + " and would then name the new row, where Java's names the old one; read " + m + "[i][j] where " + alias
          + " is read after it, declare " + alias + " after it, or give " + m + " all its rows first (new"
          + " double[n][k]) and fill them in place");
    }
    Expr row = expressions.index(element.getIndex());
    if (expressions.makesArray(Type.DOUBLE_ARRAY, value)) {
      return expressions.madeRow(matrix, row, value, source);
    }
    // A helper's array (m[i] = normalize(z)) is the local its inlined body returns, shared as a local's is.
    Expr called = expressions.inlinedArray(value);
    Variable shared = called instanceof Expr.Read read ? read.variable()
        : called != null || expressions.isRow(value) ? null : names.local(value);
    if (shared != null && shared.type() == Type.DOUBLE_ARRAY && !shared.isParameter()) {
      // The row and the local share one array from here on, and one adjoint array.
      Expr array = new Expr.Read(shared);
      expressions.given(matrix, array);
      return new Stmt.RowStore(matrix, row, array, source);
    }
    if (!(value instanceof NewArrayTree creation) || creation.getDimensions().size() != 1) {
      String given = SourceText.oneLine(value);
      // Arrays.stream(c).map(...).toArray(), a library's array: neither a parameter's nor a row.
      boolean shares = shared != null || expressions.isRow(value);
      boolean stream = value instanceof MethodInvocationTree call && SourceText.calledName(call).equals("toArray")
          && given.contains("stream");
      throw new Unsupported(value, "a row of a double[][] is given a new array (" + element + " = new double[n],"
          + " filled afterwards), a copy, the array of a local double[] or one a helper makes; " + given + " is "
          + (shares ? "a parameter's array or a row" : "an array that code run as written gives") + ", which the row"
          + " cannot share; write " + element + " = " + given + ".clone() instead (a copy: the"
          + " same as long as nothing writes through either name afterwards)" + (stream ? ", or, where its values"
          + " carry a derivative, collect the stream into a local double[] first (double[] r = ...toArray();), which"
          + " javagrad follows where no filter drops an element, and give the row that local" : ""));
    }
    return new Stmt.RowStore(matrix, row, new Expr.NewArray(expressions.length(creation.getDimensions().get(0))),
        source);
  }

  /**
   * {@code row = m[k]} for a row alias {@code row} of {@code m}: the alias's index becomes {@code k};
   * null if {@code assign} is not to a row alias.
   */
  private Stmt rowReassigned(AssignmentTree assign, String source) {
    Scope.RowAlias alias = assign.getVariable() instanceof IdentifierTree id ? expressions.rowAlias(id) : null;
    if (alias == null) {
      return null;
    }
    ExpressionTree id = assign.getVariable();
    ExpressionTranslator.Row row = expressions.row(assign.getExpression());
    if (row == null || row.matrix() != alias.matrix()) {
      throw new Unsupported(assign, id + " is a row of " + alias.matrix().name() + " (declared as double[] " + id
          + " = " + alias.matrix().name() + "[i]); it can be given another row of " + alias.matrix().name() + " ("
          + id + " = " + alias.matrix().name() + "[k]), but not " + SourceText.oneLine(assign.getExpression())
          + "; declare another local for it");
    }
    return new Stmt.Assign(alias.index(), row.index(), source);
  }

  /**
   * The element of a {@code double[]}, or of a row of a {@code double[][]}, that a write goes to. A
   * parameter's array is written where the primal writes it: the reverse sweep restores what it reads.
   */
  private Expr.ElementRead storedElement(ArrayAccessTree element) {
    ExpressionTranslator.Row row = expressions.row(element.getExpression());
    Variable array = row != null ? row.matrix() : names.local(element.getExpression());
    if (array == null || row == null && array.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(element, "only elements of double[] and double[][] arrays can be written: " + element);
    }
    expressions.written(array, element);
    Expr rowIndex = row == null ? null : expressions.once(row.index(), element.getExpression());
    return new Expr.ElementRead(array, rowIndex, expressions.storeIndex(element.getIndex()));
  }

  /** Refuses a write into {@code array}'s elements at {@code site} in a helper that cannot make it. */
  void checkWritable(Variable array, Tree site) {
    if (helper && array.isParameter()) {
      throw new Unsupported(site, "a helper differentiated on demand cannot write into its array argument "
          + array.name() + " yet: its pullback carries the derivative of its result alone, not that of the array"
          + " it writes; copy " + array.name() + " into a local array and write there");
    }
  }

  private Variable assignedVariable(ExpressionTree target) {
    Variable v = names.local(target);
    if (v == null) {
      throw new Unsupported(target, "writes to fields are not supported in a @Differentiable method: "
          + target + " is not a local variable or parameter");
    }
    if (v.type().isDoubleArray() && v.isParameter()) {
      throw new Unsupported(target, target + " names the parameter array " + v.name() + ", which cannot be"
          + " reassigned in a @Differentiable method (its elements' derivatives are its gradient slots); copy it"
          + " into a local array (double[] a = new double[" + v.name() + ".length], filled from it) and reassign that");
    }
    return v;
  }
}
