package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;
import static io.javagrad.processor.front.SourceText.header;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Exprs;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Translates statements: declarations, branches and loops here, assignments through {@link
 * AssignmentTranslator}. Each block opens a scope; nested blocks are spliced in place, since every
 * variable has a name of its own.
 */
final class StatementTranslator {
  static final String SUPPORTED_STATEMENTS = "supported are declarations of locals, assignments (= += -= *= /=,"
      + " ++, --), expressions run for their effect, if/else, for, for-each, while and do/while loops with break and"
      + " continue, throw, and return";

  /** The condition of {@code for (;;)}. */
  private static final Expr TRUE = Literals.bool(true);

  private final Scope scope;
  private final ExpressionTranslator expressions;
  private final AssignmentTranslator assignments;
  private final OpaqueTranslator opaque;
  private final Bookkeeping bookkeeping;
  private final SwitchLowering switches;
  /** The loops over sequences of records written out so far, which number their blocks' labels. */
  private int sequenceLoops;
  private final RowSwaps rowSwaps;
  private final ArrayCopies copies;
  /** What a vector-valued method returns, and what to return instead of what it may not, for the messages. */
  private static final String MADE = "a vector-valued @Differentiable method returns a double[] it makes";
  private static final String MADE_ARRAYS = "return a new array (new double[m] filled in, an initializer"
      + " new double[] {...}, or a copy: clone(), Arrays.copyOf)";

  /** The type of the value {@code return} gives, or null where it gives none (a helper returning void). */
  private final Type returns;
  /** Whether the returns give the method's own result, not an inlined helper's to its caller. */
  private final boolean ownResult;
  /** Where the body is a helper's inlined for the record it returns, the locals its returns assign; else null. */
  private final RecordValue recordResult;

  StatementTranslator(Scope scope, ExpressionTranslator expressions, AssignmentTranslator assignments,
      OpaqueTranslator opaque, Bookkeeping bookkeeping, ArrayCopies copies, Type returns, RecordValue recordResult,
      boolean ownResult) {
    this.copies = copies;
    this.recordResult = recordResult;
    this.returns = returns;
    this.ownResult = ownResult;
    this.scope = scope;
    this.expressions = expressions;
    this.assignments = assignments;
    this.opaque = opaque;
    this.bookkeeping = bookkeeping;
    this.switches = new SwitchLowering(scope, expressions, opaque);
    this.rowSwaps = new RowSwaps(scope, expressions);
    expressions.switches(switches, this::statements);
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

  /** {@code statements} in the current scope: what they declare is seen after them. */
  List<Stmt> statements(List<? extends StatementTree> statements) {
    List<Stmt> out = new ArrayList<>();
    boolean left = false;
    for (int i = 0; i < statements.size(); i++) {
      RowSwaps.Swap swap = rowSwaps.at(statements, i);
      if (swap != null) {
        out.addAll(rowSwaps.lower(swap));
        i += 2;
        continue;
      }
      List<? extends StatementTree> rest = statements.subList(i + 1, statements.size());
      scope.translatingFrom(statements.subList(i, statements.size()));
      try {
        if (bindsRecord(statements.get(i), rest)) {
          out.addAll(expressions.takePending());
        } else if (!bindsFunction(statements.get(i), rest)) {
          List<Stmt> translated = statement(statements.get(i));
          out.addAll(translated);
          left |= leaves(translated);
        }
      } catch (Unsupported unreachable) {
        if (!left) {
          throw unreachable;
        }
        // Code after a statement that always leaves here never runs (after an instanceof chain decided
        // for its record, the chain's final throw, which takes the record whole): left out.
        expressions.takePending();
        scope.translated();
        break;
      }
      scope.translated();
    }
    return out;
  }

  /**
   * Whether {@code statements} never complete normally: they end in a return, a throw, a jump, or
   * an {@code if} whose branch taken (where the translation decided its condition, {@code shape
   * instanceof Circle c} of a record without object), or each branch, is such. Java refuses code
   * after such statements, but for those it decides at run time.
   */
  private static boolean leaves(List<Stmt> statements) {
    Stmt last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
    if (last instanceof Stmt.If branch) {
      Boolean decided = Exprs.truth(branch.condition());
      return decided == null ? leaves(branch.then()) && leaves(branch.otherwise())
          : leaves(decided ? branch.then() : branch.otherwise());
    }
    return last instanceof Stmt.Return || last instanceof Stmt.Break || last instanceof Stmt.Continue
        || last instanceof Stmt.RunAsWritten written && written.alwaysThrows();
  }

  /** {@code DoubleUnaryOperator f = t -> ...;}, followed by {@code rest}: see {@link ExpressionTranslator#bindsFunction}. */
  private boolean bindsFunction(StatementTree tree, List<? extends StatementTree> rest) {
    return tree instanceof VariableTree declaration && declaration.getType() != null
        && expressions.bindsFunction(declaration.getName().toString(), localType(declaration.getType()),
            declaration.getInitializer(), rest);
  }

  /**
   * {@code Complex z = new Complex(x, y);} or {@code Shape[] scene = {...};}, followed by {@code
   * rest}: see {@link RecordTranslator#binds} and {@link RecordTranslator#bindsSequence}.
   */
  private boolean bindsRecord(StatementTree tree, List<? extends StatementTree> rest) {
    return tree instanceof VariableTree declaration && (expressions.records().binds(declaration, rest)
        || expressions.records().bindsSequence(declaration, rest)
        || expressions.records().bindsRecordArray(declaration, rest));
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
    if (tree instanceof EnhancedForLoopTree loop) {
      return scoped(() -> forEach(loop));
    }
    if (tree instanceof WhileLoopTree loop) {
      return whileLoop(loop);
    }
    if (tree instanceof LabeledStatementTree labeled) {
      return List.of(labeled(labeled));
    }
    if (tree instanceof IfTree branch) {
      return ifStatement(branch);
    }
    if (tree instanceof DoWhileLoopTree loop) {
      return doWhileLoop(loop);
    }
    if (tree instanceof SwitchTree choice) {
      return scoped(() -> switches.lower(choice.getExpression(), choice.getCases(), null,
          "switch (" + SourceText.oneLine(choice.getExpression()) + ")", this::statements));
    }
    if (tree.getKind() == Tree.Kind.EMPTY_STATEMENT) {
      return List.of();
    }
    if (tree instanceof VariableTree declaration && namesParameterArray(declaration)) {
      return List.of();
    }
    List<Stmt> row = tree instanceof VariableTree declaration ? rowAlias(declaration) : null;
    if (row != null) {
      return row;
    }
    List<Stmt> made = tree instanceof VariableTree declaration ? madeArray(declaration) : null;
    if (made != null) {
      return made;
    }
    List<Stmt> record = recordStatement(tree);
    if (record != null) {
      return record;
    }
    if (tree instanceof ExpressionStatementTree call) {
      List<Stmt> copied = copies.statement(call.getExpression(), SourceText.statement(tree));
      if (copied != null) {
        // A copy or a fill into a @NoDerivative parameter array: its stores are checked as written ones are.
        Statements.all(copied).forEach(s -> assignments.constantChecked(s, call.getExpression()));
        return copied;
      }
      if (expressions.inlinesEffect(call.getExpression())) {
        return expressions.takePending();
      }
    }
    if (tree.getKind() == Tree.Kind.TRY || tree.getKind() == Tree.Kind.SYNCHRONIZED) {
      return opaque.leavingStatement(tree, returns);
    }
    Stmt simple = simpleStatement(tree);
    // What its expressions took out to run before them (code run once, the writes of k++) comes first.
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    out.add(simple);
    return out;
  }

  /**
   * {@code z = w.times(z);} for a name bound to a record followed by its components, or, in a
   * helper inlined for the record it returns, {@code return new Complex(a, b);}: the statements
   * that assign the components; else null.
   */
  private List<Stmt> recordStatement(StatementTree tree) {
    List<Stmt> assigned = tree instanceof ExpressionStatementTree statement
        && statement.getExpression() instanceof AssignmentTree assignment
        ? expressions.records().assignment(assignment) : null;
    if (tree instanceof ExpressionStatementTree statement
        && statement.getExpression() instanceof MethodInvocationTree call) {
      assigned = expressions.records().added(call); // particles.add(p) of a list of records held as arrays
    }
    if (recordResult != null && tree instanceof ExpressionStatementTree statement
        && statement.getExpression() instanceof MethodInvocationTree delegated
        && delegated.getMethodSelect() instanceof IdentifierTree self && self.getName().contentEquals("this")) {
      // this(re, 0) in a record's constructor of its own, inlined for the record it makes.
      assigned = expressions.records().assignments(recordResult, expressions.records().constructed(
          recordResult.type(), delegated.getArguments(), delegated), SourceText.oneLine(delegated));
    }
    if (tree instanceof ReturnTree returned && recordResult != null) {
      assigned = expressions.records().assignments(recordResult,
          expressions.records().given(returned.getExpression()), returned.getExpression());
      assigned = new ArrayList<>(assigned);
      assigned.add(new Stmt.Return(null, SourceText.statement(tree)));
    }
    if (assigned == null) {
      return null;
    }
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    out.addAll(assigned);
    return out;
  }

  private Stmt simpleStatement(StatementTree tree) {
    return switch (tree.getKind()) {
      case VARIABLE -> declaration((VariableTree) tree);
      case EXPRESSION_STATEMENT -> expressionStatement((ExpressionStatementTree) tree);
      case RETURN -> returnStatement((ReturnTree) tree);
      case THROW, ASSERT -> runAsWritten(tree);
      case YIELD -> yielded((YieldTree) tree);
      case BREAK -> new Stmt.Break(label(((BreakTree) tree).getLabel()), SourceText.statement(tree));
      case CONTINUE -> new Stmt.Continue(label(((ContinueTree) tree).getLabel()), SourceText.statement(tree));
      default -> throw unsupported(tree);
    };
  }

  /** A yield inside an arm's block, before its end: the block's return ({@link SwitchLowering#yielded}). */
  private Stmt yielded(YieldTree tree) {
    Stmt yielded = switches.yielded(tree);
    if (yielded == null) {
      throw unsupported(tree);
    }
    return yielded;
  }

  private static String label(javax.lang.model.element.Name label) {
    return label == null ? null : label.toString();
  }

  /**
   * {@code label: loop}, which labelled {@code break} and {@code continue} name; or {@code label:
   * block} (any statement but a loop), which {@code break label} leaves.
   */
  private Stmt labeled(LabeledStatementTree tree) {
    StatementTree statement = tree.getStatement();
    boolean loop = switch (statement.getKind()) {
      case FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP -> true;
      default -> false;
    };
    if (statement instanceof EnhancedForLoopTree overElements && sequence(overElements) != null) {
      return forEachOfSequence(overElements, sequence(overElements), tree.getLabel().toString());
    }
    if (statement instanceof ForLoopTree counting && sequence(counting) != null) {
      return forOverSequence(counting, sequence(counting), tree.getLabel().toString());
    }
    List<Stmt> statements = loop ? statement(statement) : scoped(() -> statement(statement));
    return new Stmt.Labeled(tree.getLabel().toString(), statements, !loop, tree.getLabel() + ":");
  }

  /** An assignment, or an expression run for its effect alone (a call on an object, a logging call). */
  private Stmt expressionStatement(ExpressionStatementTree tree) {
    if (AssignmentTranslator.isAssignment(tree.getExpression())) {
      return assignments.assignment(tree);
    }
    return runAsWritten(tree);
  }

  /** A statement no derivative flows through, as the user wrote it (see {@link Stmt.RunAsWritten}). */
  private Stmt runAsWritten(StatementTree tree) {
    return opaque.statement(tree);
  }

  /** The error for a statement outside the supported subset, saying what to write instead. */
  private static Unsupported unsupported(StatementTree tree) {
    if (tree instanceof com.sun.source.tree.ClassTree type) {
      // javac's text of a class is its desugared members; the kind and name say which it is.
      String kind = type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
      return new Unsupported(tree, "a " + kind + " declared inside a @Differentiable method (" + kind + " "
          + type.getSimpleName() + ") is not supported; declare it in the class, next to the method (a nested "
          + kind + "), where the method uses it the same way");
    }
    return new Unsupported(tree, SourceText.describe(tree) + " is not supported in a @Differentiable method; "
        + SUPPORTED_STATEMENTS);
  }

  /** The type of a for-each's variable: as declared, or for {@code var}, the array's element type. */
  private Type elementType(EnhancedForLoopTree tree, Variable array) {
    if (tree.getVariable().getType() != null) {
      return localType(tree.getVariable().getType());
    }
    if (array.type() == Type.DOUBLE_ARRAY) {
      return Type.DOUBLE;
    }
    TypeMirror component = ((javax.lang.model.type.ArrayType) array.type().mirror()).getComponentType();
    return AnnotatedMethods.typeOf(component).orElseThrow(() -> new Unsupported(tree, "for-each over an array of"
        + " double[] is not supported yet"));
  }

  private static boolean isArray(Type type) {
    return type.mirror() != null && type.mirror().getKind() == javax.lang.model.type.TypeKind.ARRAY;
  }

  /** A lambda's body {@code value}, as the statement {@code return value;}, after what it needs run first. */
  List<Stmt> returned(ExpressionTree value) {
    Expr translated = returnValue(value);
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    out.add(new Stmt.Return(translated, "return " + SourceText.oneLine(value) + ";"));
    return out;
  }

  private Expr returnValue(ExpressionTree returned) {
    Variable given = names(returned);
    if (!ownResult && returns != null && returns.isDoubleArray() && given != null && given.isParameter()) {
      // An inlined helper returning an array it was given: the caller's own, which the inliner names at the call.
      return new Expr.Read(given);
    }
    return returns == null ? null
        : returns.isDoubleArray() ? expressions.arrayValue(returns, returned)
        : expressions.assignable(returns, returned);
  }

  private Stmt returnStatement(ReturnTree tree) {
    ExpressionTree returned = tree.getExpression();
    boolean vectorResult = ownResult && returns == Type.DOUBLE_ARRAY;
    if (vectorResult) {
      refuseArrayNotMade(returned, false);
    }
    Expr value = vectorResult && isRowOfLocal(returned) ? expressions.copiedRow(unparenthesized(returned))
        : returnValue(returned);
    if (vectorResult && value instanceof Expr.Opaque) {
      throw new Unsupported(returned, MADE + ", but "
          + SourceText.oneLine(returned) + " is an array that code run as written gives (a table, a library's array),"
          + " which the method does not own; " + MADE_ARRAYS);
    }
    return new Stmt.Return(value, SourceText.statement(tree));
  }

  /**
   * A vector-valued method's result is an array it makes: the caller owns it, and the Jacobian is
   * its own. A parameter's array (or another name for it), a row of a parameter's double[][], or,
   * as an arm of {@code ?:} ({@code arm}), any row of a double[][] is refused here, at the arm.
   */
  private void refuseArrayNotMade(ExpressionTree returned, boolean arm) {
    ExpressionTree value = unparenthesized(returned);
    if (value instanceof ConditionalExpressionTree choice) {
      refuseArrayNotMade(choice.getTrueExpression(), true);
      refuseArrayNotMade(choice.getFalseExpression(), true);
      return;
    }
    Variable named = value instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
    if (named != null && named.isParameter() && named.type().isDoubleArray()) {
      String alias = named.name().equals(value.toString()) ? "" : " (" + value + " is another name for it)";
      throw new Unsupported(returned, MADE + ", but this returns the parameter array " + named.name() + alias + "; "
          + MADE_ARRAYS.replace("clone()", named.name() + ".clone()"));
    }
    boolean rowAlias = value instanceof IdentifierTree id && scope.row(id.getName().toString()) != null;
    if ((value instanceof ArrayAccessTree || rowAlias) && (arm || !isRowOfLocal(value))) {
      throw new Unsupported(returned, MADE + ", but "
          + SourceText.oneLine(returned) + " is a row of a double[][]; " + MADE_ARRAYS);
    }
  }

  /**
   * Whether {@code returned} is a row of a double[][] the method made ({@code return level[0];} after
   * de Casteljau's levels): no one else holds the matrix, so the row returned and a copy of it are
   * the same to the caller, and the copy is the method's own array.
   */
  private boolean isRowOfLocal(ExpressionTree returned) {
    Variable matrix = expressions.matrixOfRow(unparenthesized(returned));
    return matrix != null && !matrix.isParameter();
  }

  /**
   * The writes of its condition ({@code if (++n > max)}) run before the branch. A branch that a
   * constant condition rules out is not translated: it never runs, and what it names may mean
   * nothing here ({@code if (p instanceof Named n)}, where {@code p} is a record that is not one).
   */
  private List<Stmt> ifStatement(IfTree tree) {
    Expr condition = expressions.branchCondition(tree.getCondition());
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    Boolean known = Exprs.truth(condition);
    boolean constant = known != null;
    boolean holds = Boolean.TRUE.equals(known);
    List<Stmt> then = constant && !holds ? List.of() : body(tree.getThenStatement());
    List<Stmt> otherwise = tree.getElseStatement() == null || constant && holds ? List.of()
        : body(tree.getElseStatement());
    out.add(new Stmt.If(condition, then, otherwise, "if " + SourceText.oneLine(tree.getCondition())));
    return out;
  }

  private List<Stmt> whileLoop(WhileLoopTree tree) {
    Expr condition = expressions.branchCondition(tree.getCondition());
    List<Stmt> beforeTest = expressions.takePending();
    return List.of(testedLoop(condition, beforeTest, body(tree.getStatement()), List.of(), header(tree)));
  }

  /**
   * A loop that tests {@code condition} before each iteration, after {@code beforeTest} (the
   * writes of {@code while (n-- > 0)}): those run on every test, so the loop becomes {@code for
   * (;;) { beforeTest; if (!condition) break; body }}.
   */
  private static Stmt testedLoop(Expr condition, List<Stmt> beforeTest, List<Stmt> body, List<Stmt> update,
      String header) {
    if (beforeTest.isEmpty()) {
      return new Stmt.Loop(condition, true, body, update, header);
    }
    List<Stmt> tested = new ArrayList<>(beforeTest);
    tested.add(new Stmt.If(new Expr.Not(condition), List.of(new Stmt.Break(null, "break;")), List.of(),
        "if (!(" + header + "))"));
    tested.addAll(body);
    return new Stmt.Loop(TRUE, true, tested, update, header);
  }

  /**
   * The writes of its condition ({@code do ... while (++step < steps)}) run after the body, as the
   * update of a loop; the locals they declare are declared before the loop, where the condition,
   * outside the body, can read them.
   */
  private List<Stmt> doWhileLoop(DoWhileLoopTree tree) {
    List<Stmt> body = body(tree.getStatement());
    Expr condition = expressions.branchCondition(tree.getCondition());
    List<Stmt> declared = new ArrayList<>();
    List<Stmt> update = new ArrayList<>();
    for (Stmt s : expressions.takePending()) {
      if (s instanceof Stmt.Declare d) {
        declared.add(new Stmt.Declare(d.variable(), null, d.variable().type().javaName() + " " + d.variable().name()
            + ";"));
        update.add(new Stmt.Assign(d.variable(), d.init(), d.source()));
      } else {
        update.add(s);
      }
    }
    declared.add(new Stmt.Loop(condition, false, body, update, header(tree)));
    return declared;
  }

  /**
   * {@code for (T v : a) body}: over an array, an indexed loop reading {@code v = a[i]} (the array
   * evaluated once, as Java does); over anything else, its iterator, run as written.
   */
  private List<Stmt> forEach(EnhancedForLoopTree tree) {
    List<RecordValue> sequence = sequence(tree);
    if (sequence != null) {
      return List.of(forEachOfSequence(tree, sequence, null));
    }
    RecordArrays.Held records = ExpressionTranslator.unparenthesized(tree.getExpression()) instanceof IdentifierTree id
        ? scope.recordArray(id.getName().toString()) : null;
    if (records != null) {
      return List.of(forEachOfRecordArray(tree, records));
    }
    ExpressionTranslator.Row row = expressions.row(tree.getExpression());
    if (row != null) {
      return forEachInRow(tree, row);
    }
    Variable matrix = names(tree.getExpression());
    if (matrix != null && matrix.type() == Type.DOUBLE_MATRIX) {
      return forEachRow(tree, matrix);
    }
    List<Stmt> out = new ArrayList<>();
    if (matrix == null && opaque.typeOr(tree.getExpression(), null) == Type.DOUBLE_MATRIX) {
      // A table that code run as written gives (a constant, a library's): its rows, held once.
      Expr table = expressions.arrayValue(Type.DOUBLE_MATRIX, tree.getExpression());
      out.addAll(expressions.takePending());
      Variable rows = scope.declareLocal("_rows", Type.DOUBLE_MATRIX);
      out.add(new Stmt.Declare(rows, table, "evaluate once: " + SourceText.oneLine(tree.getExpression())));
      out.addAll(forEachRow(tree, rows));
      return out;
    }
    Expr iterable = expressions.expr(tree.getExpression());
    out.addAll(expressions.takePending());
    if (!iterable.type().isDoubleArray() && !isArray(iterable.type())) {
      out.addAll(forEachOfIterable(tree, iterable));
      return out;
    }
    // Java evaluates the array once: a double[] variable that the body does not reassign keeps its
    // array; any other is copied, in case the body reassigns the variable.
    Variable source = iterable instanceof Expr.Read read && read.type() == Type.DOUBLE_ARRAY
        && !Scope.assigns(List.of(tree.getStatement()), read.variable().name()) ? read.variable() : null;
    if (source == null) {
      source = scope.declareLocal("_array", iterable.type());
      out.add(new Stmt.Declare(source, iterable, "evaluate once: " + SourceText.oneLine(tree.getExpression())));
    }
    Variable index = scope.declareLocal("_i", Type.INT);
    Variable element = scope.declareLocal(tree.getVariable().getName().toString(), elementType(tree, source));
    Expr read = source.type() == Type.DOUBLE_ARRAY ? new Expr.ElementRead(source, new Expr.Read(index))
        : opaque.element(source, index, element.type());
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(element, read, SourceText.oneLine(tree.getVariable()) + " = " + source.name() + "["
        + index.name() + "];"));
    body.addAll(body(tree.getStatement()));
    boolean doubles = source.type() == Type.DOUBLE_ARRAY;
    Expr.Compare test = new Expr.Compare("<", new Expr.Read(index), doubles ? new Expr.Length(source)
        : opaque.length(source));
    // Another array's length is code run as written, which the reverse sweep does not evaluate
    // again: the trip count is recorded instead.
    out.add(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), test, doubles ? test.right() : null, false,
        body, header(tree)));
    return out;
  }

  /**
   * {@code for (R r : array)} over an array of records held as a structure of arrays ({@link
   * RecordArrays}): a counting loop over its length, {@code r} each element's numbers, copied.
   */
  private Stmt forEachOfRecordArray(EnhancedForLoopTree tree, RecordArrays.Held array) {
    Variable index = scope.declareLocal("_i", Type.INT);
    String variable = tree.getVariable().getName().toString();
    List<Stmt> body = scoped(() -> {
      scope.bindRecord(variable, expressions.records().element(array, index, variable,
          tree.getExpression() + "[" + index.name() + "]"));
      List<Stmt> statements = new ArrayList<>(expressions.takePending());
      statements.addAll(body(tree.getStatement()));
      return statements;
    });
    Expr length = array.count();
    return new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), new Expr.Compare("<", new Expr.Read(index), length),
        length, false, body, header(tree));
  }

  /** The elements of the sequence of records a loop goes through ({@link RecordSequences}), or null. */
  private List<RecordValue> sequence(EnhancedForLoopTree tree) {
    return ExpressionTranslator.unparenthesized(tree.getExpression()) instanceof IdentifierTree id
        ? scope.sequence(id.getName().toString()) : null;
  }

  /**
   * {@code for (Shape s : scene)} over a sequence of records, labelled {@code label} (or null):
   * the body once per element, {@code s} that element.
   */
  private Stmt forEachOfSequence(EnhancedForLoopTree tree, List<RecordValue> elements, String label) {
    String variable = tree.getVariable().getName().toString();
    return unrolled(variable, elements.size(), label, tree.getStatement(), header(tree), k -> {
      scope.bindRecord(variable, elements.get(k));
      return new Element(SourceText.oneLine(tree.getVariable()) + " = " + tree.getExpression() + "[" + k + "]",
          List.of());
    });
  }

  /** The elements of the sequence of records a counting loop goes through ({@link RecordSequences#counted}), or null. */
  private List<RecordValue> sequence(ForLoopTree tree) {
    RecordSequences.Counted over = RecordSequences.counted(tree);
    return over == null ? null : scope.sequence(over.sequence());
  }

  /**
   * {@code for (int i = 0; i < scene.length; i++)} over a sequence of records, labelled {@code
   * label} (or null): the body once per element, {@code i} its index and {@code scene[i]} that element.
   */
  private Stmt forOverSequence(ForLoopTree tree, List<RecordValue> elements, String label) {
    RecordSequences.Counted over = RecordSequences.counted(tree);
    return unrolled(over.counter(), elements.size(), label, tree.getStatement(), header(tree), k -> {
      Variable counter = scope.declareLocal(over.counter(), Type.INT);
      scope.bindRecord(RecordSequences.elementKey(over.sequence(), over.counter()), elements.get(k));
      return new Element(over.sequence() + "[" + k + "]", List.of(new Stmt.Declare(counter,
          Literals.number(Type.INT, k), "int " + counter.name() + " = " + k + ";")));
    });
  }

  /** One element's copy of a loop written out: what the element is, for the reader, and what its body starts with. */
  private record Element(String shown, List<Stmt> before) {}

  /**
   * A loop over {@code size} elements written out: {@code body} once per element, translated in a
   * scope of its own that {@code bindElement} prepares, each in a block that {@code continue}
   * leaves, all in one that {@code break} leaves.
   */
  private Stmt unrolled(String variable, int size, String label, StatementTree body, String source,
      java.util.function.IntFunction<Element> bindElement) {
    int number = sequenceLoops++;
    String loop = label != null ? label : "_" + variable + "Loop" + number;
    List<Stmt> elements = new ArrayList<>();
    for (int k = 0; k < size; k++) {
      String element = "_" + variable + k + "Of" + number;
      scope.open();
      Element bound = bindElement.apply(k);
      List<Stmt> translated = new ArrayList<>(bound.before());
      translated.addAll(body(body));
      scope.close();
      elements.add(new Stmt.Labeled(element, RecordSequences.jumpsOfElement(translated, label, loop, element), true,
          bound.shown()));
    }
    return new Stmt.Labeled(loop, elements, true, source);
  }

  /**
   * {@code for (T t : iterable)} over a collection (no derivative flows through its elements, but
   * one may flow through the body): the loop Java runs, {@code Iterator<? extends T> _it =
   * iterable.iterator(); while (_it.hasNext()) { T t = _it.next(); body }}, its iterator's calls
   * run as written, once each, in the forward sweep.
   */
  private List<Stmt> forEachOfIterable(EnhancedForLoopTree tree, Expr iterable) {
    Type element = opaque.elementOf(tree.getExpression());
    Tree declared = tree.getVariable().getType();
    if (declared == null && element == null) {
      throw new Unsupported(tree.getExpression(), "javagrad cannot tell the type of the elements of "
          + SourceText.oneLine(tree.getExpression()) + "; give the loop variable its type instead of var");
    }
    Type type = declared == null ? element : localType(declared);
    // The iterator gives what the collection holds; the declaration unboxes and widens it, as Java does.
    CodeBlock given = element != null ? element.code() : type.isRecordable() ? boxed(type) : type.code();
    Variable iterator = scope.declareLocal("_it", Type.other(CodeBlock.of("$T<? extends $L>", Iterator.class, given),
        false, null));
    Variable variable = scope.declareLocal(tree.getVariable().getName().toString(), type);
    Expr.Opaque next = opaque.call(new Expr.Read(iterator), "next", element != null ? element : type);
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(variable, type.isDoubleArray() ? opaque.foreign(next, tree.getExpression()) : next,
        SourceText.oneLine(tree.getVariable()) + " = " + iterator.name() + ".next();"));
    body.addAll(body(tree.getStatement()));
    Expr hasNext = opaque.call(new Expr.Read(iterator), "hasNext", Type.BOOLEAN);
    return List.of(new Stmt.Declare(iterator, opaque.call(iterable, "iterator", iterator.type()),
            iterator.name() + " = " + SourceText.oneLine(tree.getExpression()) + ".iterator();"),
        new Stmt.Loop(hasNext, true, body, List.of(), header(tree)));
  }

  /** The class a value of {@code type}, a primitive the intermediate form follows, is boxed in. */
  private static CodeBlock boxed(Type type) {
    Class<?> box = type == Type.DOUBLE ? Double.class : type == Type.INT ? Integer.class
        : type == Type.LONG ? Long.class : Boolean.class;
    return CodeBlock.of("$T", box);
  }

  /** The local variable or parameter {@code tree} names, or null. */
  private Variable names(ExpressionTree tree) {
    return tree instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
  }

  /** {@code for (double[] row : m)}: an indexed loop over {@code m}'s rows, {@code row} a row alias. */
  private List<Stmt> forEachRow(EnhancedForLoopTree tree, Variable matrix) {
    Variable index = scope.declareLocal("_i", Type.INT);
    scope.aliasRow(tree.getVariable().getName().toString(), matrix, index);
    List<Stmt> body = body(tree.getStatement());
    Expr.Compare test = new Expr.Compare("<", new Expr.Read(index), new Expr.Length(matrix));
    return List.of(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), test, test.right(), false, body,
        header(tree)));
  }

  /** {@code for (double v : m[i])} or {@code for (double v : row)}: an indexed loop over one row, chosen once. */
  private List<Stmt> forEachInRow(EnhancedForLoopTree tree, ExpressionTranslator.Row row) {
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    Expr rowIndex = row.index();
    if (!(rowIndex instanceof Expr.Read)) {
      Variable chosen = scope.declareLocal("_row", Type.INT);
      out.add(new Stmt.Declare(chosen, rowIndex, "evaluate once: " + SourceText.oneLine(tree.getExpression())));
      rowIndex = new Expr.Read(chosen);
    }
    Variable index = scope.declareLocal("_i", Type.INT);
    Variable element = scope.declareLocal(tree.getVariable().getName().toString(), Type.DOUBLE);
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(element, new Expr.ElementRead(row.matrix(), rowIndex, new Expr.Read(index)),
        SourceText.oneLine(tree.getVariable()) + " = " + SourceText.oneLine(tree.getExpression()) + "[" + index.name()
            + "];"));
    body.addAll(body(tree.getStatement()));
    Expr.Compare test = new Expr.Compare("<", new Expr.Read(index), new Expr.Length(row.matrix(), rowIndex));
    out.add(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), test, test.right(), false, body, header(tree)));
    return out;
  }

  /**
   * A counting loop, {@code for (int i = a; i < b; i++)} with a body that leaves {@code i} and
   * {@code a} alone, keeps its shape (the reverse sweep counts back down); any other {@code for}
   * becomes its initialisation followed by a while loop.
   */
  private List<Stmt> forLoop(ForLoopTree tree) {
    List<RecordValue> sequence = sequence(tree);
    if (sequence != null) {
      return List.of(forOverSequence(tree, sequence, null));
    }
    List<Stmt> init = statements(tree.getInitializer());
    Expr condition = tree.getCondition() == null ? TRUE : expressions.branchCondition(tree.getCondition());
    List<Stmt> beforeTest = expressions.takePending();
    List<Stmt> update = new ArrayList<>();
    for (ExpressionStatementTree statement : tree.getUpdate()) {
      update.addAll(statement(statement));
    }
    List<Stmt> body = body(tree.getStatement());
    String header = header(tree);
    Stmt counted = beforeTest.isEmpty() ? countedLoop(init, condition, update, body, header) : null;
    if (counted != null) {
      return List.of(counted);
    }
    List<Stmt> lowered = new ArrayList<>(init);
    lowered.add(testedLoop(condition, beforeTest, body, update, header));
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
        || Statements.reads(d.init(), assigned) || Statements.runsOnce(d.init()) || Statements.runsOnce(condition)) {
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
    // var: the type javac gives the initializer.
    Type type = tree.getType() == null ? opaque.typeOf(tree.getInitializer()) : localType(tree.getType());
    Expr init;
    if (type.isDoubleArray()) {
      init = tree.getInitializer() == null ? null : expressions.arrayValue(type, tree.getInitializer());
    } else {
      init = tree.getInitializer() == null ? null : expressions.assignable(type, tree.getInitializer());
    }
    Variable v = scope.declareLocal(tree.getName().toString(), type);
    if (type.isDoubleArray()) {
      expressions.given(v, init);
    }
    if (init != null && type.isOther()) {
      bookkeeping.givenToConstant(init, tree.getInitializer(), "assigned to " + v.name() + ", a local of type "
          + type.javaName(), "declare " + v.name() + " a double, which carries the derivative");
    }
    return new Stmt.Declare(v, init, SourceText.statement(tree));
  }

  /**
   * {@code double[] b = x;} for a parameter array {@code x}: {@code b} is another name for {@code x},
   * which no statement can reassign, so it names {@code x} from here on, and declares nothing.
   */
  private boolean namesParameterArray(VariableTree tree) {
    Type type = tree.getType() == null ? null : localType(tree.getType());
    if (type == null || !type.isDoubleArray()) {
      return false;
    }
    Variable source = tree.getInitializer() instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
    if (source == null || !source.isParameter() || source.type() != type) {
      return false;
    }
    scope.alias(tree.getName().toString(), source);
    return true;
  }

  /** {@code double[] a = b.clone();}, {@code Arrays.copyOf}, or an initializer: the array made, then filled; else null. */
  private List<Stmt> madeArray(VariableTree tree) {
    Type type = tree.getType() == null ? null : localType(tree.getType());
    if (type == null || !type.isDoubleArray() || tree.getInitializer() == null
        || !copies.makesArray(type, tree.getInitializer())) {
      return null;
    }
    Variable v = scope.declareLocal(tree.getName().toString(), type);
    return copies.into(v, true, tree.getInitializer(), SourceText.statement(tree));
  }

  /**
   * {@code double[] row = m[i];} for a {@code double[][]} {@code m}: a row alias (see {@link
   * Scope.RowAlias}), declared as the int local that keeps the row's index; null for any other declaration.
   */
  private List<Stmt> rowAlias(VariableTree tree) {
    boolean declaredRow = tree.getType() == null || localType(tree.getType()) == Type.DOUBLE_ARRAY;
    ExpressionTranslator.Row row = declaredRow && tree.getInitializer() != null
        ? expressions.row(tree.getInitializer()) : null;
    if (row == null) {
      return null;
    }
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    String name = tree.getName().toString();
    Variable index = scope.declareLocal(name + "Row", Type.INT);
    out.add(new Stmt.Declare(index, row.index(), SourceText.statement(tree)));
    scope.aliasRow(name, row.matrix(), index);
    return out;
  }

  /** double, int, long, boolean and double[] as the intermediate form knows them; any other type as written. */
  private Type localType(Tree typeTree) {
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
    if (typeTree instanceof ArrayTypeTree array && localType(array.getType()) == Type.DOUBLE_ARRAY) {
      return Type.DOUBLE_MATRIX;
    }
    return opaque.localType(typeTree);
  }

}
