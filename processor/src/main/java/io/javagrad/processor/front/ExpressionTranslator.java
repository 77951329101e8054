package io.javagrad.processor.front;

import static io.javagrad.processor.front.Conversions.asDouble;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.term.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * Translates an expression: its operators, literals, casts and conditionals here, its names and
 * calls through {@link NameTranslator} and {@link CallTranslator}. Integer arithmetic stays as Java
 * computes it; only doubles reach the differentiable functions.
 */
final class ExpressionTranslator {
  private final NameTranslator names;
  private final CallTranslator calls;
  private final OpaqueTranslator opaque;
  private final Scope scope;
  private ArrayCopies copies;
  private final ChosenCopies chosenCopies;
  /** The variables that writes inside expressions ({@code i++}) changed, in order, for {@link #inJavaOrder}. */
  private final List<String> writtenInExpressions = new ArrayList<>();
  /**
   * The operands of the expressions being translated that are translated already and held, while
   * the later ones are: Java evaluates them before those, but their values are computed where the
   * expression is, after the statements that the later ones leave pending.
   */
  private final Deque<Expr> held = new ArrayDeque<>();
  /**
   * Statements that must run before the expression translated: code run as written, taken out of
   * the expression so that it runs once, and the writes of {@code k++} and the like.
   */
  private final List<Stmt> pending = new ArrayList<>();
  /**
   * Whether the expression is the value of a store into an element ({@code a[i] = e}, {@code a[i]
   * += e}), whose target (and old value) Java evaluates before it: a call that writes into an
   * array cannot run ahead of the statement there.
   */
  private boolean storing;
  /** How deep the translation is below the expression the statement starts from. */
  private int nesting;
  /** Whether the expression is a branch's or a loop's condition, which the forward sweep alone evaluates. */
  private boolean inBranchCondition;
  /** The type of the variable the expression translated is assigned to, or null: its type where javagrad cannot tell. */
  private Type assignedTo;
  /** For each expression being translated, how many statements were pending when it began. */
  private final Deque<Integer> marks = new ArrayDeque<>();

  private final Inliner inliner;
  private final FunctionInliner functions;
  /** Where the expressions are written: a lambda among them is translated there when applied. */
  private final FunctionValue.Written written;
  private final StreamLowering streams;
  private final RecordTranslator records;
  /** {@code null}, which only code run as written compares or passes ({@code d != null}). */
  private static final Expr NULL = new Expr.Opaque(Type.other(CodeBlock.of("$T", Object.class), false, null),
      List.of(CodeBlock.of("null")), List.of(), true, Term.PRIMARY, "null");
  /** How {@code ?:} gives a local a parameter's array, for {@link ChosenCopies}' messages. */
  private static final String CHOSEN = "chosen by ?: (double[] v = c ? x : y)";
  /** The shifts, whose type is their left operand's, and the bitwise operators, of integers or of booleans. */
  private static final Set<String> SHIFTS = Set.of("<<", ">>", ">>>");
  private static final Set<String> BITWISE = Set.of("&", "^", "|");

  ExpressionTranslator(NameTranslator names, CallTranslator calls, OpaqueTranslator opaque, Scope scope,
      Inliner inliner, FunctionInliner functions, FunctionValue.Written written, ChosenCopies chosenCopies) {
    this.names = names;
    this.chosenCopies = chosenCopies;
    this.calls = calls;
    this.opaque = opaque;
    this.scope = scope;
    this.inliner = inliner;
    this.functions = functions;
    this.written = written;
    this.streams = new StreamLowering(scope, opaque, new StreamLowering.Translation() {
      @Override
      public Expr expr(ExpressionTree tree, List<Stmt> before) {
        int mark = pending.size();
        Expr value = ExpressionTranslator.this.expr(tree);
        before.addAll(pendingSince(mark));
        return value;
      }

      @Override
      public RecordValue element(RecordArrays.Held array, Variable index, String shown, List<Stmt> before) {
        int mark = pending.size();
        RecordValue element = records.element(array, index, "_element", shown);
        before.addAll(pendingSince(mark));
        return element;
      }

      @Override
      public Expr applied(MemberReferenceTree reference, RecordValue element, List<Stmt> before) {
        int mark = pending.size();
        Expr value = records.appliedTo(reference, element);
        before.addAll(pendingSince(mark));
        return value;
      }

      @Override
      public Expr kept(Expr value, String name, List<Stmt> before) {
        if (value instanceof Expr.Read) {
          return value;
        }
        Variable local = scope.declareLocal(name, value.type());
        before.add(new Stmt.Declare(local, value, "evaluate once"));
        return new Expr.Read(local);
      }
    });
    opaque.captures(this::capture);
    this.records = new RecordTranslator(this, calls, opaque, calls.objects(), scope, inliner);
  }

  /** The records followed by their components in these expressions ({@link RecordValue}). */
  RecordTranslator records() {
    return records;
  }

  /** {@code final T _v = v;} before the statement, for a lambda in code run as written to read. */
  private Variable capture(Variable v) {
    Variable copy = scope.declareCapture(v);
    pending.add(new Stmt.Declare(copy, new Expr.Read(v), "final " + v.type().javaName() + " " + copy.name() + " = "
        + v.name() + ";"));
    return copy;
  }

  /** The statements the expressions translated since the last call need run before them. */
  List<Stmt> takePending() {
    List<Stmt> taken = List.copyOf(pending);
    pending.clear();
    return taken;
  }

  /** A branch's or a loop's condition, whose code run as written may stay in place: only the forward sweep runs it. */
  Expr branchCondition(ExpressionTree tree) {
    inBranchCondition = true;
    try {
      return condition(tree);
    } finally {
      inBranchCondition = false;
    }
  }

  /** {@code tree}, the value of a store into an element (see {@link #storing}). */
  Expr stored(ExpressionTree tree) {
    boolean outer = storing;
    storing = true;
    try {
      return expr(tree);
    } finally {
      storing = outer;
    }
  }

  Expr expr(ExpressionTree tree) {
    nesting++;
    marks.push(pending.size());
    try {
      return translate(tree);
    } finally {
      marks.pop();
      nesting--;
    }
  }

  private Expr translate(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> expr(((ParenthesizedTree) tree).getExpression());
      case DOUBLE_LITERAL, INT_LITERAL, LONG_LITERAL, BOOLEAN_LITERAL -> literal((LiteralTree) tree);
      case NULL_LITERAL -> NULL;
      case IDENTIFIER -> identifier((IdentifierTree) tree);
      case MEMBER_SELECT -> memberSelectOrRowLength((MemberSelectTree) tree);
      case ARRAY_ACCESS -> arrayAccess((ArrayAccessTree) tree);
      case UNARY_MINUS -> negation((UnaryTree) tree);
      case UNARY_PLUS -> expr(((UnaryTree) tree).getExpression());
      case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> binary((BinaryTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO ->
          comparison((BinaryTree) tree);
      case CONDITIONAL_AND, CONDITIONAL_OR -> logic((BinaryTree) tree);
      case INSTANCE_OF -> {
        Expr known = records.instanceOf((com.sun.source.tree.InstanceOfTree) tree);
        yield known != null ? known : runAsWritten(tree);
      }
      case LOGICAL_COMPLEMENT -> new Expr.Not(condition(((UnaryTree) tree).getExpression()));
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT, ASSIGNMENT, PLUS_ASSIGNMENT,
          MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT,
          RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT ->
          sideEffect(tree);
      case SWITCH_EXPRESSION -> switchExpression((SwitchExpressionTree) tree);
      default -> runAsWritten(tree);
    };
  }

  /**
   * Code that carries no derivative of its own, run as written. Where the reverse sweep might
   * evaluate it again (an index, an operand), code that must run once is taken out into a local
   * first, at the point Java evaluates it.
   */
  private Expr runAsWritten(ExpressionTree tree) {
    // What translating its operands left pending is dropped: the code runs as written, whole.
    pendingSince(marks.peek());
    Type known = nesting <= 1 && assignedTo != null ? opaque.typeOr(tree, assignedTo) : opaque.typeOf(tree);
    return hoisted(opaque.opaque(tree, known), tree);
  }

  private Expr hoisted(Expr.Opaque code, ExpressionTree tree) {
    return code.pure() || nesting <= 1 || inBranchCondition ? code : keep(code, tree);
  }

  /**
   * {@code k++}, {@code x = e} and the like inside an expression: the write becomes a statement of
   * its own before it, and the expression reads the value Java would give it.
   */
  private Expr sideEffect(ExpressionTree tree) {
    boolean postfix = tree.getKind() == Tree.Kind.POSTFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
    ExpressionTree target = tree instanceof UnaryTree unary ? unary.getExpression()
        : tree instanceof com.sun.source.tree.AssignmentTree assign ? assign.getVariable()
        : ((com.sun.source.tree.CompoundAssignmentTree) tree).getVariable();
    Expr before = expr(target);
    Expr value = before;
    if (postfix) {
      value = keep(before, tree);
    }
    pending.add(assignments.write(tree, SourceText.statement(tree)));
    writtenInExpressions.add(EvaluationOrder.written(target));
    return postfix ? value : keep(expr(target), tree);
  }

  /**
   * An array argument that code run as written gives (a constant table), in a local of its own, as
   * a call passes arrays: by a variable, whose length lays out the callee's gradient.
   */
  private Expr arrayHeld(Expr arg, ExpressionTree tree) {
    if (!(arg instanceof Expr.Opaque code) || !code.type().isDoubleArray()) {
      return arg;
    }
    return keep(opaque.foreign(code, tree), tree);
  }

  /** {@code value}, as it is now, in a local of its own. */
  private Expr keep(Expr value, ExpressionTree tree) {
    Variable local = scope.declareLocal(SourceText.localName(tree), value.type());
    pending.add(new Stmt.Declare(local, value, value.type().javaName() + " " + local.name() + " = "
        + SourceText.oneLine(tree) + ";"));
    return new Expr.Read(local);
  }

  /**
   * A switch expression: its value goes into a local, which a chain of branches assigns before the
   * statement (see {@link SwitchLowering}).
   */
  private Expr switchExpression(SwitchExpressionTree tree) {
    // Where each arm yields its block's own locals, which type inference cannot see, the variable
    // that the switch gives its value to tells its type, as for code run as written.
    Type type = nesting <= 1 && assignedTo != null ? opaque.typeOr(tree, assignedTo) : opaque.typeOf(tree);
    return switchExpression(tree, type);
  }

  /** A switch expression that gives a record followed by its components, its arms assigning {@code result}'s locals; pending. */
  void switchIntoRecord(SwitchExpressionTree tree, RecordValue result) {
    lowerSwitch(tree, header -> switches.lowerIntoRecord(tree.getExpression(), tree.getCases(), result, header,
        statements));
  }

  /** As above, of a {@code type} the context gives (javac keeps no type of an array-valued switch). */
  private Expr switchExpression(SwitchExpressionTree tree, Type type) {
    Variable result = scope.declareLocal("_switch", type);
    pending.add(new Stmt.Declare(result, null, type.javaName() + " " + result.name() + ";"));
    lowerSwitch(tree, header -> switches.lower(tree.getExpression(), tree.getCases(), result, header, statements));
    return new Expr.Read(result);
  }

  /** The statements {@code lowering} makes of {@code tree} given its header, pending, its arms in a scope of their own. */
  private void lowerSwitch(SwitchExpressionTree tree, Function<String, List<Stmt>> lowering) {
    scope.open();
    try {
      pending.addAll(lowering.apply("switch (" + SourceText.oneLine(tree.getExpression()) + ")"));
    } finally {
      scope.close();
    }
  }

  // Set once, after construction: these translators and this one need each other.
  private AssignmentTranslator assignments;
  private SwitchLowering switches;
  private Function<List<? extends StatementTree>, List<Stmt>> statements;

  void assignments(AssignmentTranslator assignments) {
    this.assignments = assignments;
  }

  /** How a switch is lowered, and how the statements of its cases are translated. */
  void copies(ArrayCopies copies) {
    this.copies = copies;
  }

  void switches(SwitchLowering switches, Function<List<? extends StatementTree>, List<Stmt>> statements) {
    this.switches = switches;
    this.statements = statements;
  }

  Expr condition(ExpressionTree tree) {
    Expr condition = expr(tree);
    if (condition.type() != Type.BOOLEAN) {
      throw new Unsupported(tree, "expected a boolean condition here");
    }
    return condition;
  }

  /** {@code tree} converted for a variable of {@code type}. */
  Expr assignable(Type type, ExpressionTree tree) {
    Type outer = assignedTo;
    assignedTo = type;
    try {
      return Conversions.assignable(type, expr(tree), tree);
    } finally {
      assignedTo = outer;
    }
  }

  /**
   * The array a call of an inlined helper or of a function gives ({@code normalize(z)}), its body
   * pending: the read of the local the body returns. Null if {@code tree} is no such call.
   */
  Expr inlinedArray(ExpressionTree tree) {
    if (!(unparenthesized(tree) instanceof MethodInvocationTree call) || applied(call) == null && inlined(call) == null) {
      return null;
    }
    return arrayValue(Type.DOUBLE_ARRAY, call);
  }

  /** {@code tree} without the parentheses around it. */
  static ExpressionTree unparenthesized(ExpressionTree tree) {
    ExpressionTree value = tree;
    while (value instanceof ParenthesizedTree parenthesized) {
      value = parenthesized.getExpression();
    }
    return value;
  }

  /**
   * The array a {@code double[]} local is given: a new one ({@code new double[n]}), or the array of
   * another local ({@code b = a}, a buffer swap). A parameter's array is named, not held (see
   * {@code StatementTranslator}), since the reverse sweep writes its derivatives into gradient slots.
   */
  Expr arrayValue(Type type, ExpressionTree tree) {
    return arrayValue(type, tree, null);
  }

  /**
   * The array a record's component is given ({@code new Fit(x, cost)}), as a local is given one,
   * a parameter's array copied ({@link ChosenCopies}); {@code how} says so in messages.
   */
  Expr componentArray(Type type, ExpressionTree tree, String how) {
    return arrayValue(type, tree, how);
  }

  /**
   * As above; {@code copiedAs}, where a parameter's array may be given (an arm of {@code ?:}, a
   * record's component), says how, for messages ({@link ChosenCopies}), and is null elsewhere.
   */
  private Expr arrayValue(Type type, ExpressionTree tree, String copiedAs) {
    ExpressionTree value = unparenthesized(tree);
    if (value instanceof ConditionalExpressionTree choice) {
      return chosenArray(type, choice);
    }
    if (value instanceof SwitchExpressionTree choice && type == Type.DOUBLE_ARRAY) {
      // Each case's yield gives the local the switch declares its array, as a return would.
      return switchExpression(choice, type);
    }
    FunctionValue applied = value instanceof MethodInvocationTree call ? applied(call) : null;
    if (applied != null) {
      // An array a function makes, as an inlined helper's, is a local's read (Inliner#returned).
      return application(applied, (MethodInvocationTree) value);
    }
    Expr.Read recordArray = value instanceof MethodInvocationTree call ? recordArray(call, type) : null;
    if (recordArray != null) {
      return recordArray;
    }
    ExecutableElement helper = value instanceof MethodInvocationTree call ? inlined(call) : null;
    if (helper != null) {
      return inline(helper, (MethodInvocationTree) value);
    }
    if (type == Type.DOUBLE_ARRAY && value instanceof MethodInvocationTree call && streams.collectsArray(call)) {
      Expr collected = collectedStream(call);
      if (collected != null) {
        return collected;
      }
    }
    ExpressionTree clonedCall = type == Type.DOUBLE_ARRAY ? clonedHelperValue(value) : null;
    if (clonedCall != null) {
      // h(v).clone(): the helper's value, inlined, then copied into an array of the method's own.
      Expr made = arrayValue(type, clonedCall);
      if (made instanceof Expr.Read read) {
        Variable copy = scope.declareLocal("_array", type);
        pending.addAll(copies.copy(copy, read.variable(), SourceText.oneLine(tree)));
        return new Expr.Read(copy);
      }
    }
    if (copies.makesArray(type, value)) {
      // Made in a local of its own, which the variable is then given: the copy may read the variable.
      Variable made = scope.declareLocal("_array", type);
      pending.addAll(copies.into(made, true, value, SourceText.oneLine(tree)));
      return new Expr.Read(made);
    }
    int dimensions = type == Type.DOUBLE_MATRIX ? 2 : 1;
    if (value instanceof NewArrayTree creation && creation.getInitializers() == null
        && !creation.getDimensions().isEmpty() && creation.getDimensions().size() <= dimensions) {
      Expr length = length(creation.getDimensions().get(0));
      if (dimensions == 1) {
        return new Expr.NewArray(length);
      }
      // new double[n][]: rows given later, each by a RowStore.
      return creation.getDimensions().size() == 1 ? new Expr.NewArray(length, null, true)
          : new Expr.NewArray(length, length(creation.getDimensions().get(1)));
    }
    Variable source = names.local(value);
    if (source != null && source.type() == type && !source.isParameter()) {
      return new Expr.Read(source);
    }
    if (source != null && source.type() == Type.DOUBLE_ARRAY && copiedAs != null) {
      Variable copy = scope.declareLocal("_array", type);
      pending.addAll(copies.copy(copy, source, SourceText.oneLine(tree)));
      chosenCopies.copied(source, copy, tree, copiedAs);
      return new Expr.Read(copy);
    }
    ExpressionTree shallow = type == Type.DOUBLE_MATRIX ? copies.shallowlyCopiedMatrix(value) : null;
    if (shallow != null) {
      String m = SourceText.oneLine(shallow);
      throw new Unsupported(tree, SourceText.oneLine(value) + " copies only the outer array of " + m + ": its rows"
          + " are still " + m + "'s own, shared, which javagrad does not follow; read " + m + " itself, or copy the"
          + " rows too (new double[" + m + ".length][], then each row given " + m + "[i].clone())");
    }
    if (source == null && !(value instanceof NewArrayTree) && opaque.typeOr(value, null) == type) {
      return opaque.foreignArray(value, type);
    }
    if (source != null && source.type() == type) {
      throw new Unsupported(tree, "a local double[] can hold the parameter array " + source.name()
          + " only as another name for it, declared with it (double[] b = " + source.name() + ") and never"
          + " reassigned; to change which array a local holds, copy " + source.name() + " into a new array first");
    }
    String name = type.javaName();
    String creation = dimensions == 1 ? "new double[n]" : "new double[n][m]";
    throw new Unsupported(tree, "a local " + name + " is given a new array (" + creation + ") or the array of"
        + " another local " + name + " (an alias, a buffer swap); " + SourceText.oneLine(tree) + " is not supported here");
  }

  /** A copy of the row {@code tree} names (as {@link #row}), made in a local of its own. */
  Expr copiedRow(ExpressionTree tree) {
    Variable made = scope.declareLocal("_array", Type.DOUBLE_ARRAY);
    pending.addAll(copies.rowCopy(made, tree, SourceText.oneLine(tree)));
    return new Expr.Read(made);
  }

  /** {@code target} is given the array {@code value}: see {@link ChosenCopies}. */
  void given(Variable target, Expr value) {
    chosenCopies.given(target, value);
  }

  /** {@code local}, of javagrad's own, is what the user wrote as {@code shown} ({@code r.x()}), in messages about it. */
  void shows(Variable local, String shown) {
    chosenCopies.holds(local, shown);
  }

  /** The elements of {@code array} are written at {@code site}: see {@link ChosenCopies}. */
  void written(Variable array, Tree site) {
    assignments.checkWritable(array, site);
    chosenCopies.written(array, site);
  }

  /** Whether {@code tree} makes a new array for a {@code type}: a copy or an initializer. */
  boolean makesArray(Type type, ExpressionTree tree) {
    return copies.makesArray(type, tree);
  }

  /**
   * The statement that gives row {@code row} of the local double[][] {@code matrix} the new array
   * {@code tree} makes ({@link #makesArray}); the statements that make it are pending before it.
   */
  Stmt madeRow(Variable matrix, Expr row, ExpressionTree tree, String source) {
    List<Stmt> made = copies.intoRow(matrix, row, tree, source);
    pending.addAll(made.subList(0, made.size() - 1));
    return made.get(made.size() - 1);
  }

  /**
   * {@code c ? a : b} for a local array: a local of its own, given the array the condition chooses
   * in the branch that evaluates it ({@code T t; if (c) t = a; else t = b;}).
   */
  private Expr chosenArray(Type type, ConditionalExpressionTree choice) {
    Expr condition = condition(choice.getCondition());
    Variable chosen = scope.declareLocal("_array", type);
    chosenCopies.holds(chosen, SourceText.oneLine(choice));
    String source = SourceText.oneLine(choice);
    pending.add(new Stmt.Declare(chosen, null, type.javaName() + " " + chosen.name() + ";"));
    int mark = pending.size();
    Expr ifTrue = arrayValue(type, choice.getTrueExpression(), CHOSEN);
    List<Stmt> then = pendingSince(mark);
    then.add(new Stmt.Assign(chosen, ifTrue, source));
    chosenCopies.given(chosen, ifTrue);
    Expr ifFalse = arrayValue(type, choice.getFalseExpression(), CHOSEN);
    List<Stmt> otherwise = pendingSince(mark);
    otherwise.add(new Stmt.Assign(chosen, ifFalse, source));
    chosenCopies.given(chosen, ifFalse);
    pending.add(new Stmt.If(condition, then, otherwise, source));
    return new Expr.Read(chosen);
  }

  Expr index(ExpressionTree tree) {
    return integer(tree, "an array index must be an int expression");
  }

  /**
   * The index of an element that a statement stores into: Java evaluates it before the value
   * stored, and once, so an index that calls something is kept in a local first, ahead of what
   * the value's calls leave pending (the reverse sweep reads the local again, not the calls).
   */
  Expr storeIndex(ExpressionTree tree) {
    return once(index(tree), tree);
  }

  /** {@code index}, translated from {@code tree}, in a local of its own where it calls something; else itself. */
  Expr once(Expr index, ExpressionTree tree) {
    return Expressions.preorder(index).anyMatch(Statements::runsCode) ? keep(index, tree) : index;
  }

  Expr length(ExpressionTree tree) {
    return integer(tree, "an array length must be an int expression");
  }

  /**
   * {@code tree}, an index, evaluated once, as a variable's read or a constant (in a local of its
   * own where it is more), which code run as written may name too.
   */
  Expr indexRead(ExpressionTree tree) {
    Expr value = index(tree);
    return value instanceof Expr.Read || value instanceof Expr.Constant ? value : keep(value, tree);
  }

  private Expr integer(ExpressionTree tree, String refusal) {
    // An Integer (a boxed index from a sorted Integer[]) or a char unboxes or widens to an int, as in Java.
    Expr value = Conversions.promoted(expr(tree));
    if (value.type() != Type.INT) {
      throw new Unsupported(tree, refusal);
    }
    return value;
  }

  /**
   * {@code left operator right}, as Java computes it: on integers (and the bitwise operators on
   * booleans, which a compound assignment such as {@code ok &= x > 0} reaches) exactly, as
   * bookkeeping that carries no derivative; else as the function of the table.
   */
  static Expr arithmetic(String operator, Expr leftOperand, Expr rightOperand, Tree site) {
    Expr left = Conversions.promoted(leftOperand);
    Expr right = Conversions.promoted(rightOperand);
    if (SHIFTS.contains(operator) && left.type().isIntegral()) {
      return new Expr.IntegralOp(operator, left, right, left.type()); // the shift's type is its left operand's
    }
    if (BITWISE.contains(operator) && left.type() == Type.BOOLEAN) {
      return new Expr.IntegralOp(operator, left, right, Type.BOOLEAN); // ok &= x > 0: both sides evaluated
    }
    if (left.type().isIntegral() && right.type().isIntegral()) {
      Type type = left.type() == Type.LONG || right.type() == Type.LONG ? Type.LONG : Type.INT;
      return new Expr.IntegralOp(operator, left, right, type);
    }
    Primitive primitive = Primitive.operator(operator, 2).orElseThrow(() ->
        new Unsupported(site, "the operator " + operator + " is not differentiable; supported are + - * / %"));
    return new Expr.Apply(primitive, List.of(asDouble(left, site), asDouble(right, site)));
  }

  private static Expr literal(LiteralTree tree) {
    Object value = tree.getValue();
    return switch (tree.getKind()) {
      case BOOLEAN_LITERAL -> Literals.bool((Boolean) value);
      case DOUBLE_LITERAL -> Literals.number(Type.DOUBLE, (Number) value);
      case INT_LITERAL -> Literals.number(Type.INT, (Number) value);
      default -> Literals.number(Type.LONG, (Number) value);
    };
  }

  /** A variable, a numeric constant, or else (a table, a string, an object) a name read as written. */
  private Expr identifier(IdentifierTree tree) {
    return names.isNumericName(tree) ? names.identifier(tree) : runAsWritten(tree);
  }

  /**
   * An array's length, a numeric constant, or a component of a record followed by its components;
   * anything else (an object's field, an enum constant) as written.
   */
  private Expr memberSelect(MemberSelectTree tree) {
    Expr size = records.sequenceSize(tree);
    if (size != null) {
      return size;
    }
    if (records.isValue(tree.getExpression())) {
      Expr component = records.field(tree);
      if (component != null) {
        return component;
      }
    }
    return names.isNumericName(tree) ? names.memberSelect(tree) : runAsWritten(tree);
  }

  /** The length of a row of a double[][] ({@code m[i].length}, {@code row.length}), or else as {@link #memberSelect}. */
  private Expr memberSelectOrRowLength(MemberSelectTree tree) {
    Row row = tree.getIdentifier().contentEquals("length") ? row(tree.getExpression()) : null;
    return row != null ? new Expr.Length(row.matrix(), row.index()) : memberSelect(tree);
  }

  /**
   * An element of a double[] variable, or of a row of a double[][] ({@code m[i][j]}, {@code row[j]}),
   * or of the array a helper or a vector-valued method returns ({@code softmax(z)[k]}, inlined as
   * {@code double[] w = softmax(z)} is, and {@code rotation(angle)[1][0]} of a helper returning a
   * double[][]); of any other array (a table, an int[]), read as written.
   */
  private Expr arrayAccess(ArrayAccessTree tree) {
    Row row = row(tree.getExpression());
    if (row != null) {
      int mark = pending.size();
      int writes = writtenInExpressions.size();
      Expr index = index(tree.getIndex());
      // m[i][i++]: the row is m[0], chosen before the index is evaluated.
      Expr rowIndex = keptBeforeLaterWrites(row.index(), tree.getExpression(), mark, writes);
      return new Expr.ElementRead(row.matrix(), rowIndex, index);
    }
    ExpressionTree arrayTree = unparenthesized(tree.getExpression());
    Expr.Read recordArray = arrayTree instanceof MethodInvocationTree call ? recordArray(call, Type.DOUBLE_ARRAY) : null;
    if (recordArray != null) {
      // r.positions()[i], solve(a).x()[0]: the array of a record's method or component, in a local.
      return new Expr.ElementRead(recordArray.variable(), index(tree.getIndex()));
    }
    ExecutableElement helper = arrayTree instanceof MethodInvocationTree call
        && opaque.typeOr(call, null) == Type.DOUBLE_ARRAY ? inlined(call) : null;
    if (helper != null) {
      // An inlined helper's double[] value is always a local's read (Inliner#returned).
      Expr.Read made = (Expr.Read) inline(helper, (MethodInvocationTree) arrayTree);
      return new Expr.ElementRead(made.variable(), index(tree.getIndex()));
    }
    if (arrayTree instanceof ArrayAccessTree rowOfMade
        && unparenthesized(rowOfMade.getExpression()) instanceof MethodInvocationTree call
        && opaque.typeOr(call, null) == Type.DOUBLE_MATRIX && inlined(call) != null) {
      // rotation(angle)[1][0]: the matrix the helper makes, in a local as the double[] above, then its row and
      // its element, in Java's order.
      Expr.Read made = (Expr.Read) inline(inlined(call), call);
      Expr rowIndex = index(rowOfMade.getIndex());
      int mark = pending.size();
      int writes = writtenInExpressions.size();
      Expr index = index(tree.getIndex());
      return new Expr.ElementRead(made.variable(), keptBeforeLaterWrites(rowIndex, rowOfMade.getIndex(), mark, writes),
          index);
    }
    Variable array = names.local(tree.getExpression());
    if (array != null && array.type() == Type.DOUBLE_MATRIX) {
      throw new Unsupported(tree, "a row of a double[][] is read by its elements (" + array.name() + "[i][j]) or"
          + " through a row alias declared with it (double[] row = " + SourceText.oneLine(tree) + "); "
          + SourceText.oneLine(tree) + " on its own is not supported here");
    }
    if (array == null || array.type() != Type.DOUBLE_ARRAY) {
      return runAsWritten(tree);
    }
    return new Expr.ElementRead(array, index(tree.getIndex()));
  }

  /** A row of a double[][] variable: {@code m[i]}, or a row alias; {@code index} is the row's. */
  record Row(Variable matrix, Expr index) {}

  /** Whether {@code tree} names a row of a double[][] ({@code m[i]}, or a row alias), without translating it. */
  boolean isRow(ExpressionTree tree) {
    return matrixOfRow(tree) != null;
  }

  /** The double[][] variable whose row {@code tree} names ({@code m[i]}, or a row alias), without translating it; or null. */
  Variable matrixOfRow(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      Scope.RowAlias alias = rowAlias(id);
      return alias == null ? null : alias.matrix();
    }
    if (tree instanceof ArrayAccessTree access) {
      Variable matrix = names.local(access.getExpression());
      return matrix != null && matrix.type() == Type.DOUBLE_MATRIX ? matrix : null;
    }
    return null;
  }

  /** Whether a row alias of {@code matrix} is in scope. */
  boolean hasRowAlias(Variable matrix) {
    return scope.hasRowAlias(matrix);
  }

  /** See {@link Scope#rowAliasReadFromHere}. */
  String rowAliasReadFromHere(Variable matrix) {
    return scope.rowAliasReadFromHere(matrix);
  }

  /** The row alias {@code id} names, or null. */
  Scope.RowAlias rowAlias(IdentifierTree id) {
    return scope.row(id.getName().toString());
  }

  /** The row of a double[][] that {@code tree} names ({@code m[i]}, or a row alias), or null if it names none. */
  Row row(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      Scope.RowAlias alias = rowAlias(id);
      return alias == null ? null : new Row(alias.matrix(), new Expr.Read(alias.index()));
    }
    if (tree instanceof ArrayAccessTree access) {
      Variable matrix = names.local(access.getExpression());
      if (matrix != null && matrix.type() == Type.DOUBLE_MATRIX) {
        return new Row(matrix, index(access.getIndex()));
      }
    }
    return null;
  }

  private Expr negation(UnaryTree tree) {
    Expr operand = expr(tree.getExpression());
    if (operand.type().isIntegral()) {
      return new Expr.IntegralOp("-", null, operand, operand.type());
    }
    return new Expr.Apply(Primitive.NEG, List.of(asDouble(operand, tree.getExpression())));
  }

  private Expr binary(BinaryTree tree) {
    if (opaque.isString(tree) || opaque.isFloat(tree)) {
      // Concatenation, and float arithmetic, which Java rounds to float at each step.
      return runAsWritten(tree);
    }
    List<Expr> operands = inJavaOrder(tree.getLeftOperand(), tree.getRightOperand());
    return arithmetic(symbol(tree), operands.get(0), operands.get(1), tree);
  }

  /** Two operands, translated as Java evaluates them (see {@link #inJavaOrder(List, Function)}). */
  private List<Expr> inJavaOrder(ExpressionTree first, ExpressionTree then) {
    return inJavaOrder(List.of(first, then), this::expr);
  }

  /**
   * Operands translated by {@code translate} as Java evaluates them, left to right: where a later
   * one writes a variable that an earlier number reads ({@code x[i] * x[i++ + 1]}, {@code f(x[i],
   * x[i++])}), the earlier is kept in a local of its own before the write, at its value then (see
   * {@link EvaluationOrder}). An array is passed by reference, and is not kept.
   */
  List<Expr> inJavaOrder(List<? extends ExpressionTree> trees, Function<ExpressionTree, Expr> translate) {
    List<Expr> values = new ArrayList<>();
    int[] marks = new int[trees.size()];
    int[] writes = new int[trees.size()];
    try {
      for (int k = 0; k < trees.size(); k++) {
        values.add(translate.apply(trees.get(k)));
        held.push(values.get(k));
        marks[k] = pending.size();
        writes[k] = writtenInExpressions.size();
      }
    } finally {
      values.forEach(v -> held.pop());
    }
    // From the last, so that inserting before a later write leaves the earlier marks where they are.
    for (int k = trees.size() - 2; k >= 0; k--) {
      values.set(k, keptBeforeLaterWrites(values.get(k), trees.get(k), marks[k], writes[k]));
    }
    return values;
  }

  /** Where the translation stands: the sizes of {@code pending} and of {@link #writtenInExpressions}. */
  record Mark(int pending, int writes) {}

  Mark mark() {
    return new Mark(pending.size(), writtenInExpressions.size());
  }

  /**
   * {@code stored}, the element {@code element} an assignment writes, translated at {@code mark}
   * before the value: its indices in locals declared there, where the value wrote a variable they
   * read ({@code y[i] = x[i++]} writes {@code y[0]}, as Java evaluates the element first).
   */
  Expr.ElementRead storedBeforeLaterWrites(Expr.ElementRead stored, ArrayAccessTree element, Mark mark) {
    Expr index = keptBeforeLaterWrites(stored.index(), element.getIndex(), mark.pending(), mark.writes());
    Expr row = stored.row() == null ? null
        : keptBeforeLaterWrites(stored.row(), element.getExpression(), mark.pending(), mark.writes());
    return new Expr.ElementRead(stored.array(), row, index);
  }

  /**
   * {@code value}, of {@code tree}, translated when {@code pending} and {@link #writtenInExpressions}
   * had the sizes {@code mark} and {@code writes}: in a local declared there, if what was translated
   * since writes a variable {@code tree} reads; else as it is.
   */
  private Expr keptBeforeLaterWrites(Expr value, ExpressionTree tree, int mark, int writes) {
    List<String> later = writtenInExpressions.subList(writes, writtenInExpressions.size());
    if (later.isEmpty() || value.type().isDoubleArray() || !EvaluationOrder.reads(tree, later)) {
      return value;
    }
    Variable local = scope.declareLocal(SourceText.localName(tree), value.type());
    pending.add(mark, new Stmt.Declare(local, value, value.type().javaName() + " " + local.name() + " = "
        + SourceText.oneLine(tree) + ";"));
    return new Expr.Read(local);
  }

  private Expr comparison(BinaryTree tree) {
    Expr nullTest = records.nullTest(tree);
    if (nullTest != null) {
      return nullTest;
    }
    Expr identity = records.identityTest(tree);
    if (identity != null) {
      return identity;
    }
    String operator = symbol(tree);
    List<Expr> operands = inJavaOrder(tree.getLeftOperand(), tree.getRightOperand());
    // A char, short, byte or float is promoted, as Java does (d-- > 'a'); a box compared by == is a reference.
    Expr left = narrowPromoted(operands.get(0));
    Expr right = narrowPromoted(operands.get(1));
    boolean numbers = isNumber(left) && isNumber(right);
    boolean booleans = left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN
        && (operator.equals("==") || operator.equals("!="));
    if (!numbers && !booleans) {
      // Objects, enum constants, strings: compared as written.
      return runAsWritten(tree);
    }
    if (numbers && left.type() != right.type() && (left.type() == Type.DOUBLE || right.type() == Type.DOUBLE)) {
      // Binary numeric promotion, made explicit so that the comparison is computed as Java would.
      left = asDouble(left, tree);
      right = asDouble(right, tree);
    }
    return new Expr.Compare(operator, left, right);
  }

  private static Expr narrowPromoted(Expr value) {
    return value.type().isNarrowPrimitive() ? Conversions.promoted(value) : value;
  }

  private static boolean isNumber(Expr value) {
    return value.type() == Type.DOUBLE || value.type().isIntegral();
  }

  /**
   * {@code a && b}, {@code a || b}. Where {@code b} needs statements run before it (code that must
   * run once, {@code k++}), they run only where Java evaluates {@code b}: {@code boolean t = a; if
   * (t) { ...; t = b; }}.
   */
  private Expr logic(BinaryTree tree) {
    Expr left = condition(tree.getLeftOperand());
    int mark = pending.size();
    Expr right = condition(tree.getRightOperand());
    List<Stmt> beforeRight = pendingSince(mark);
    String operator = symbol(tree);
    if (beforeRight.isEmpty()) {
      return new Expr.Logic(operator, left, right);
    }
    Variable value = scope.declareLocal(operator.equals("&&") ? "_and" : "_or", Type.BOOLEAN);
    pending.add(new Stmt.Declare(value, left, "boolean " + value.name() + " = "
        + SourceText.oneLine(tree.getLeftOperand()) + ";"));
    List<Stmt> evaluateRight = new ArrayList<>(beforeRight);
    evaluateRight.add(new Stmt.Assign(value, right, value.name() + " = " + SourceText.oneLine(tree.getRightOperand())
        + ";"));
    Expr needsRight = operator.equals("&&") ? new Expr.Read(value) : new Expr.Not(new Expr.Read(value));
    pending.add(new Stmt.If(needsRight, evaluateRight, List.of(), "if (" + SourceText.oneLine(tree) + ")"));
    return new Expr.Read(value);
  }

  /** The statements made pending since {@code mark}, taken out of the pending list. */
  /** Where the pending statements stand, for {@link #pendingSince}. */
  int pendingMark() {
    return pending.size();
  }

  /**
   * {@code target} is assigned by a statement pending now, inside an expression: the operands
   * translated before it that read it are kept at their values before ({@link #inJavaOrder}).
   */
  void assignedInExpression(ExpressionTree target) {
    writtenInExpressions.add(EvaluationOrder.written(target));
  }

  /** The statements pending since {@code mark}, left pending. */
  List<Stmt> pendingFrom(int mark) {
    return List.copyOf(pending.subList(mark, pending.size()));
  }

  /**
   * Whether the expression translated is part of a larger one, or the value of a store into an
   * element, whose other parts Java evaluates around it: statements pending for it run before them.
   */
  boolean insideExpression() {
    return nesting > 1 || storing;
  }

  /**
   * Whether {@code statements} write into an array they did not make: one made before them, or
   * named by a local of theirs that holds one ({@code self_x}, a receiver's component).
   */
  private static boolean writesArraysFromBefore(List<Stmt> statements) {
    Map<Variable, Expr> declared = new java.util.HashMap<>();
    List<Stmt> all = Statements.all(statements);
    all.stream().filter(s -> s instanceof Stmt.Declare).map(s -> (Stmt.Declare) s)
        .forEach(d -> declared.put(d.variable(), d.init()));
    return all.stream().anyMatch(s -> s instanceof Stmt.ArrayStore element && !madeBy(element.array(), declared)
        || s instanceof Stmt.RowStore row && !madeBy(row.matrix(), declared));
  }

  /** Whether {@code array}'s local was given a new array among the {@code declared} ones, itself or through aliases. */
  private static boolean madeBy(Variable array, Map<Variable, Expr> declared) {
    Expr init = declared.get(array);
    return declared.containsKey(array) && (init == null || init instanceof Expr.NewArray
        || init instanceof Expr.Read alias && alias.variable() != array && madeBy(alias.variable(), declared));
  }

  /**
   * Where the statements pending since {@code mark}, an inlined call's ({@code call}), write into an
   * array made before them, and Java reads elements of arrays before the call in the expression
   * around it ({@code r.x()[0] * r.bump(w)}, {@code a[0] * f.applyAsDouble(w)} of a lambda writing
   * {@code a}): an error, since the statements run before the whole expression.
   */
  void checkWritesAfterReads(int mark, MethodInvocationTree call) {
    if (elementsReadBefore() && writesArraysFromBefore(pendingFrom(mark))) {
      throw new Unsupported(call, SourceText.oneLine(call) + " writes into an array, and Java reads elements of"
          + " arrays before the call in this expression; make the call a statement of its own, or read the"
          + " elements into locals before it");
    }
  }

  /**
   * Whether statements pending now would run after Java reads an array's elements: an operand
   * held ({@link #held}) reads some ({@code r.x()[0] * r.bump(w)}), or this is the value of a
   * store into an element, which Java locates first.
   */
  boolean elementsReadBefore() {
    return storing || held.stream().anyMatch(value -> Expressions.preorder(value, Statements::operands)
        .anyMatch(e -> e instanceof Expr.ElementRead
            || e instanceof Expr.Opaque code && code.reads().stream().anyMatch(r -> r.type().isDoubleArray())));
  }

  /** What runs before the expression translated: a statement added here is pending. */
  Consumer<Stmt> before() {
    return pending::add;
  }

  List<Stmt> pendingSince(int mark) {
    List<Stmt> since = new ArrayList<>(pending.subList(mark, pending.size()));
    pending.subList(mark, pending.size()).clear();
    return since;
  }

  private static String symbol(BinaryTree tree) {
    return switch (tree.getKind()) {
      case PLUS -> "+";
      case MINUS -> "-";
      case MULTIPLY -> "*";
      case DIVIDE -> "/";
      case REMAINDER -> "%";
      case LESS_THAN -> "<";
      case LESS_THAN_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_EQUAL -> ">=";
      case EQUAL_TO -> "==";
      case NOT_EQUAL_TO -> "!=";
      case CONDITIONAL_AND -> "&&";
      case CONDITIONAL_OR -> "||";
      default -> throw new IllegalArgumentException("not a supported binary operator: " + tree.getKind());
    };
  }

  /**
   * {@code c ? a : b}. Where an arm needs statements run before it (code that must run once, {@code
   * k++}), they run only in that arm's branch: {@code T t; if (c) { ...; t = a; } else { ...; t = b; }}.
   */
  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = condition(tree.getCondition());
    int mark = pending.size();
    Expr ifTrue = expr(tree.getTrueExpression());
    List<Stmt> beforeTrue = pendingSince(mark);
    Expr ifFalse = expr(tree.getFalseExpression());
    List<Stmt> beforeFalse = pendingSince(mark);
    Type type = conditionalType(ifTrue.type(), ifFalse.type());
    if (type == null) {
      return runAsWritten(tree);
    }
    Expr whenTrue = Conversions.assignable(type, ifTrue, tree.getTrueExpression());
    Expr whenFalse = Conversions.assignable(type, ifFalse, tree.getFalseExpression());
    if (beforeTrue.isEmpty() && beforeFalse.isEmpty()) {
      return new Expr.Conditional(condition, whenTrue, whenFalse, type);
    }
    Variable value = scope.declareLocal("_choice", type);
    pending.add(new Stmt.Declare(value, null, type.javaName() + " " + value.name() + ";"));
    pending.add(new Stmt.If(condition, assigned(beforeTrue, value, whenTrue, tree.getTrueExpression()),
        assigned(beforeFalse, value, whenFalse, tree.getFalseExpression()), "if " + SourceText.oneLine(
            tree.getCondition())));
    return new Expr.Read(value);
  }

  private static List<Stmt> assigned(List<Stmt> before, Variable value, Expr arm, ExpressionTree tree) {
    List<Stmt> out = new ArrayList<>(before);
    out.add(new Stmt.Assign(value, arm, value.name() + " = " + SourceText.oneLine(tree) + ";"));
    return out;
  }

  /** The type of {@code ?:} with arms of these types, where the intermediate form follows it; else null. */
  private static Type conditionalType(Type ifTrue, Type ifFalse) {
    if (ifTrue == Type.DOUBLE || ifFalse == Type.DOUBLE) {
      return ifTrue.isOther() || ifFalse.isOther() || ifTrue.isDoubleArray() || ifFalse.isDoubleArray()
          ? null : Type.DOUBLE;
    }
    if (ifTrue == ifFalse && !ifTrue.isDoubleArray()) {
      return ifTrue;
    }
    return ifTrue.isIntegral() && ifFalse.isIntegral() ? Type.LONG : null;
  }

  /**
   * {@code (double)} widens; {@code (int)} and {@code (long)} truncate, to an integer that carries no
   * derivative (the function is piecewise constant), as a label or a bin stored in a double is read.
   */
  private Expr cast(TypeCastTree tree) {
    Expr operand = expr(tree.getExpression());
    if (tree.getType() instanceof PrimitiveTypeTree primitive) {
      TypeKind target = primitive.getPrimitiveTypeKind();
      if (target == TypeKind.DOUBLE) {
        return asDouble(operand, tree);
      }
      Type integral = target == TypeKind.INT ? Type.INT : target == TypeKind.LONG ? Type.LONG : null;
      if (integral != null && operand.type() == integral) {
        // The cast changes nothing; written out again, it would make javac warn (-Xlint:cast) in the companion.
        return operand;
      }
      if (integral != null && (operand.type() == Type.DOUBLE || operand.type().isIntegral())) {
        return new Expr.IntegralOp("(" + integral.javaName() + ")", null, operand, integral);
      }
    }
    return runAsWritten(tree);
  }

  /**
   * A function of the table, a {@code @Differentiable} method, a helper, or a function value
   * applied; any other call runs as written.
   */
  private Expr invocation(MethodInvocationTree tree) {
    FunctionValue applied = applied(tree);
    if (applied != null) {
      return application(applied, tree);
    }
    ConstantFunctions.Field chosen = chosenByConstant(tree);
    if (chosen != null) {
      return new ConstantFunctions(functions, calls).apply(chosen, tree, caller());
    }
    Expr stream = lowerStream(tree);
    if (stream != null) {
      return stream;
    }
    Expr nullTest = records.nullTest(tree);
    if (nullTest != null) {
      return nullTest;
    }
    Expr size = records.sequenceSize(tree);
    if (size != null) {
      return size;
    }
    Expr empty = records.emptiness(tree);
    if (empty != null) {
      return empty;
    }
    if (records.handles(tree)) {
      return recordCall(tree);
    }
    if (!calls.isDifferentiable(tree)) {
      return runAsWritten(tree);
    }
    ExecutableElement helper = inlined(tree);
    if (helper != null) {
      if (insideExpression() && calls.writesArrays(helper)) {
        throw new Unsupported(tree, SourceText.oneLine(tree) + " writes into an array, so it must run where Java runs"
            + " it: make the call a statement of its own, or the whole value of a declaration or of an assignment to"
            + " a variable");
      }
      return inline(helper, tree);
    }
    ExpressionTree object = calls.objectReceiver(tree);
    Expr receiver = object == null ? null : receiver(object);
    List<Expr> args = inJavaOrder(tree.getArguments(),
        arg -> choosesArray(arg) ? arrayValue(Type.DOUBLE_ARRAY, arg) : arrayHeld(expr(arg), arg));
    Expr call = calls.call(tree, receiver, args);
    if (call == null) {
      return runAsWritten(tree);
    }
    return keptCall(call, tree);
  }

  /**
   * A call of a record's method on a record followed by its components, or of a helper given or
   * returning one ({@link RecordTranslator}): inlined, where its value is not a record. One that
   * gives a record runs as written here, where its value is an object, unless it reads a record
   * that has no object.
   */
  private Expr recordCall(MethodInvocationTree tree) {
    if (records.followed(tree) == null) {
      Expr value = records.invocation(tree);
      if (value == null) {
        throw new Unsupported(tree, SourceText.oneLine(tree) + " returns nothing, so it must be a statement of its own");
      }
      return value;
    }
    if (records.readsRecordWithoutObject(tree)) {
      TypeElement type = records.followed(tree);
      throw new Unsupported(tree, SourceText.oneLine(tree) + " gives a " + type.getSimpleName() + " that javagrad"
          + " follows by its components, with no object, and it is used here as an object; declare a local "
          + type.getSimpleName() + " with it, read its components, or pass it to a helper of this compilation");
    }
    return runAsWritten(tree);
  }

  /**
   * Whether {@code arg} chooses between double[]s ({@code dot(flag ? a : b, c)}): given to a call, it
   * is the chosen array in a local of its own, as where a local is declared with it.
   */
  private boolean choosesArray(ExpressionTree arg) {
    return unparenthesized(arg) instanceof ConditionalExpressionTree && opaque.typeOr(arg, null) == Type.DOUBLE_ARRAY;
  }

  /**
   * A call inside an expression runs where Java runs it, in a local of its own, as code run as
   * written that must run once does: the forward sweep evaluates calls ahead of their statement,
   * and a call that throws must throw in Java's order. (A branch's condition runs in place.)
   */
  private Expr keptCall(Expr call, MethodInvocationTree tree) {
    return call instanceof Expr.Invoke && nesting > 1 && !inBranchCondition ? keep(call, tree) : call;
  }

  /**
   * The function {@code tree} applies ({@code f.applyAsDouble(x)} for a name {@code f} bound to a
   * lambda or a method reference), or null for any other call.
   */
  private FunctionValue applied(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof MemberSelectTree select)
        || !(select.getExpression() instanceof IdentifierTree || select.getExpression() instanceof MemberSelectTree)) {
      return null;
    }
    FunctionValue function = function(select.getExpression());
    if (function == null) {
      return null;
    }
    String name = SourceText.oneLine(select.getExpression());
    String applies = functions.applies(function);
    if (!select.getIdentifier().contentEquals(applies)) {
      throw new Unsupported(tree, name + " stands for " + SourceText.oneLine(function.tree()) + ", which"
          + " javagrad applies where " + name + "." + applies + "(...) is called; it cannot call "
          + select.getIdentifier() + " on it: write the combined function as a lambda of its own");
    }
    return function;
  }

  /** {@code tree}, an application of {@code function}: its code's body inlined, or a referenced method's call. */
  private Expr application(FunctionValue function, MethodInvocationTree tree) {
    if (function.referenced() == null) {
      int mark = pending.size();
      Expr value = functions.apply(function, tree, caller());
      checkWritesAfterReads(mark, tree);
      return value;
    }
    List<Type> parameters = functions.parameterTypes(function, tree);
    String name = ((MemberReferenceTree) function.tree()).getName().toString();
    ExecutableElement helper = calls.inlinedReference(function.referenced(), name, parameters, tree);
    if (helper != null) {
      // Its application is a call of the helper given the same arguments, inlined as that call would be.
      return inline(helper, tree);
    }
    // The arguments are converted to the function's parameter types first, as Java converts them.
    List<Expr> args = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      ExpressionTree arg = tree.getArguments().get(i);
      args.add(arrayHeld(Conversions.argument(parameters.get(i), expr(arg), arg), arg));
    }
    return keptCall(calls.referenced(function.referenced(), name, args, tree), tree);
  }

  /**
   * The functions among which the constant of the receiver chooses the one {@code tree} applies
   * ({@code f.applyAsDouble(x)} for an enum's field {@code f} that each constant gives one), or
   * none where {@code tree} applies no such field.
   */
  private ConstantFunctions.Field chosenByConstant(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof MemberSelectTree select)) {
      return null;
    }
    ConstantFunctions.Field field = calls.constantFunctions(select.getExpression(), written);
    return field != null && !field.choices().isEmpty()
        && select.getIdentifier().contentEquals(functions.applies(field.choices().get(0).function())) ? field : null;
  }

  /**
   * A local of type {@code type} declared with {@code initializer}, bound to the function it gives
   * where it is one that {@link #function} follows, and the statements in its scope, {@code rest},
   * only apply it or pass it to helpers that may be inlined: then it declares nothing. Any other use
   * (a library's call, a field) keeps the declaration as written.
   */
  boolean bindsFunction(String name, Type type, ExpressionTree initializer, List<? extends StatementTree> rest) {
    if (!(type.mirror() instanceof DeclaredType declared) || !functions.isFunctional(declared) || initializer == null) {
      return false;
    }
    FunctionValue function = function(initializer);
    if (function == null) {
      return false;
    }
    FunctionValue bound = function.as(declared);
    String applies = functions.applies(bound);
    if (!FunctionUses.onlyApplied(name, applies, rest, calls::mayInline)) {
      return false;
    }
    scope.bindFunction(name, bound);
    return true;
  }

  /**
   * The function {@code tree} gives, where it is one javagrad follows into its applications ({@link
   * FunctionValue}): a lambda or an anonymous class of one method, a reference to a static method,
   * a name bound to one, or a {@code static final} field declared with a lambda or a static
   * method's reference; else null.
   */
  FunctionValue function(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    if (FunctionValue.isCode(value)) {
      return FunctionValue.code(value, null, written, scope.snapshot());
    }
    if (value instanceof MemberReferenceTree reference) {
      return calls.staticReferenceOwner(reference).map(owner -> FunctionValue.reference(reference, owner, written))
          .orElse(null);
    }
    if (value instanceof IdentifierTree id && scope.get(id.getName().toString()) != null) {
      return null; // a local variable: a value, not code
    }
    FunctionValue bound = value instanceof IdentifierTree id ? scope.function(id.getName().toString()) : null;
    if (bound != null) {
      return bound;
    }
    return calls.fieldFunction(value, written).filter(field -> functions.isFunctional(field.type()))
        .map(field -> field.referenced() != null ? field : functions.inOwnScope(field, scope)).orElse(null);
  }

  /**
   * The object an instance method is called on, evaluated once and before the arguments, as Java
   * evaluates it: code that may give another object when run again is kept in a local first.
   */
  private Expr receiver(ExpressionTree object) {
    Expr receiver = expr(object);
    return receiver instanceof Expr.Opaque code && !code.pure() ? keep(code, object) : receiver;
  }

  /**
   * {@code tree}'s value where it is a stream that {@link StreamLowering} lowers, the loop pending;
   * else null. A pipeline whose functions hold what javagrad cannot translate runs as written, as
   * it did before streams were lowered: if a derivative would be lost there, that is the error.
   */
  private Expr lowerStream(MethodInvocationTree tree) {
    int mark = pending.size();
    List<Stmt> loop = new ArrayList<>();
    try {
      Expr value = streams.lower(tree, loop);
      pending.addAll(loop);
      return value;
    } catch (Unsupported unsupported) {
      if (streams.isOverSequence(tree)) {
        throw unsupported;
      }
      pendingSince(mark);
      return null;
    }
  }

  /** {@code tree} as a stream of objects through a lambda into a reduction ({@link StreamLowering#streamed}), or null. */
  StreamLowering.Streamed streamed(MethodInvocationTree tree) {
    return streams.streamed(tree);
  }

  /**
   * {@code Arrays.stream(x).map(v -> v * v).toArray()}: a new array that the stream's loop fills
   * ({@link StreamLowering#intoArray}), in a local of its own; null where a step cannot be
   * translated, and the stream runs as written.
   */
  private Expr collectedStream(MethodInvocationTree tree) {
    Variable made = scope.declareLocal("_array", Type.DOUBLE_ARRAY);
    try {
      pending.addAll(streams.intoArray(tree, made));
      return new Expr.Read(made);
    } catch (Unsupported unsupported) {
      return null;
    }
  }

  /**
   * A call run for its effect alone, as a statement: if its helper is inlined, inlines it (the
   * statements are pending) and returns true.
   */
  boolean inlinesEffect(ExpressionTree tree) {
    FunctionValue applied = tree instanceof MethodInvocationTree call ? applied(call) : null;
    if (applied != null) {
      application(applied, (MethodInvocationTree) tree);
      return true;
    }
    if (tree instanceof MethodInvocationTree call && records.handles(call)) {
      records.effect(call);
      return true;
    }
    if (tree instanceof MethodInvocationTree call && records.isRequireNonNull(call)) {
      records.requireNonNull(call);
      return true;
    }
    ExecutableElement helper = tree instanceof MethodInvocationTree call ? inlined(call) : null;
    if (helper != null) {
      inline(helper, (MethodInvocationTree) tree);
    }
    return helper != null;
  }

  /**
   * The helper {@code call} calls if it is inlined at the call ({@link Inliner}), or null. A row
   * of a {@code double[][]} or a function given to it inlines any helper: only an inlined body can
   * name the row, or apply the function where it is called.
   */
  private ExecutableElement inlined(MethodInvocationTree call) {
    boolean inlinedArgument = call.getArguments().stream().anyMatch(a -> isRow(a) || function(a) != null);
    return calls.inlined(call, () -> call.getArguments().stream().map(a -> opaque.typeOr(a, null)).toList(),
        inlinedArgument);
  }

  /**
   * The call of {@code tree}, {@code h(args).clone()}, where {@code h} is a helper inlined for the
   * {@code double[]} it returns; else null.
   */
  private ExpressionTree clonedHelperValue(ExpressionTree tree) {
    if (!(tree instanceof MethodInvocationTree clone) || !clone.getArguments().isEmpty()
        || !(clone.getMethodSelect() instanceof MemberSelectTree select)
        || !select.getIdentifier().contentEquals("clone")
        || !(unparenthesized(select.getExpression()) instanceof MethodInvocationTree call)) {
      return null;
    }
    ExecutableElement helper = inlined(call);
    return helper != null && AnnotatedMethods.isVectorValued(helper) ? call : null;
  }

  /**
   * The array of {@code type} that {@code call} gives where it is a record's method inlined for a
   * record followed by its components ({@code q.rotate(v)}), or an array component of one a call
   * gives ({@code solve(a).x()}): a local's read; else null.
   */
  private Expr.Read recordArray(MethodInvocationTree call, Type type) {
    if (opaque.typeOr(call, null) != type || !records.handles(call) || records.followed(call) != null) {
      return null;
    }
    Expr array = records.invocation(call);
    if (array instanceof Expr.Read read) {
      return read;
    }
    Variable made = scope.declareLocal("_array", type);
    pending.add(new Stmt.Declare(made, array, type.javaName() + " " + made.name() + " = " + SourceText.oneLine(call)
        + ";"));
    return new Expr.Read(made);
  }

  /** Inlines {@code call} of {@code helper}, its body pending; its value, or null if it returns none. */
  private Expr inline(ExecutableElement helper, MethodInvocationTree call) {
    int mark = pending.size();
    Expr value = inliner.inline(helper, call, caller());
    checkWritesAfterReads(mark, call);
    return value;
  }

  /** This translator, as the caller of a helper or a function inlined here. */
  Inliner.Caller caller() {
    return new Inliner.Caller() {
      @Override
      public Expr receiver(ExpressionTree tree) {
        return tree == null ? new Expr.Read(scope.receiver()) : ExpressionTranslator.this.receiver(tree);
      }

      @Override
      public ExpressionTree object(MethodInvocationTree tree) {
        return calls.objectReceiver(tree);
      }

      @Override
      public Expr argument(Type type, ExpressionTree tree) {
        return Conversions.argument(type, expr(tree), tree);
      }

      @Override
      public Expr array(Type type, ExpressionTree tree) {
        Variable named = names.local(tree instanceof ParenthesizedTree p ? p.getExpression() : tree);
        return named != null && named.type() == type ? new Expr.Read(named) : arrayValue(type, tree);
      }

      @Override
      public boolean isArray(List<? extends ExpressionTree> arguments, int from) {
        return arguments.size() == from + 1 && opaque.typeOr(arguments.get(from), null) == Type.DOUBLE_ARRAY;
      }

      @Override
      public Row row(ExpressionTree tree) {
        return ExpressionTranslator.this.row(tree);
      }

      @Override
      public FunctionValue function(ExpressionTree tree) {
        return ExpressionTranslator.this.function(tree);
      }

      @Override
      public Expr specialized(Specialization specialization, Map<Integer, FunctionValue> given,
          MethodInvocationTree call) {
        List<List<Expr>> args = new ArrayList<>();
        for (int i = 0; i < call.getArguments().size(); i++) {
          ExpressionTree arg = call.getArguments().get(i);
          args.add(given.containsKey(i) ? null : specialization.records().containsKey(i) ? records.components(arg)
              : List.of(arrayHeld(expr(arg), arg)));
        }
        return keptCall(calls.specialized(specialization, given, args, call), call);
      }

      @Override
      public Expr arrayCall(ExecutableElement helper, MethodInvocationTree call) {
        // Each argument a variable's read or a constant, evaluated once, in order, before the call:
        // the reverse sweep reads them again, and the replay of the call does not evaluate them.
        List<Expr> args = new ArrayList<>();
        for (ExpressionTree arg : call.getArguments()) {
          Expr value = arrayHeld(expr(arg), arg);
          args.add(value instanceof Expr.Read || value instanceof Expr.Constant ? value : keep(value, arg));
        }
        Expr.Invoke invoke = calls.arrayCall(helper, args, call);
        boolean inPlace = !AnnotatedMethods.isVectorValued(helper);
        Variable result = scope.declareLocal(helper.getSimpleName() + (inPlace ? "Packed" : "Result"),
            Type.DOUBLE_ARRAY);
        pending.add(new Stmt.Declare(result, invoke, "double[] " + result.name() + " = " + SourceText.oneLine(call)
            + ";"));
        if (inPlace) {
          // The arrays it wrote into, copied back, and its value, if any (InPlaceCalls).
          return InPlaceCalls.unpacked(call, calls.writtenParameters(helper), invoke.args(), result,
              helper.getReturnType().getKind() == TypeKind.DOUBLE, scope, pending);
        }
        return new Expr.Read(result);
      }

      @Override
      public void boxed(Type type, Expr value, String name, Tree site) {
        calls.boxed(type, value, name, site);
      }

      @Override
      public RecordTranslator records() {
        return records;
      }

      @Override
      public Consumer<Stmt> before() {
        return pending::add;
      }

      @Override
      public Scope scope() {
        return scope;
      }
    };
  }
}
