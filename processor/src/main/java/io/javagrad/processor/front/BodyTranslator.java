package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The second step: translates the body of a {@code @Differentiable} method from javac's trees into
 * the intermediate form, resolving every name on the way. Anything outside the supported subset
 * stops the translation with an {@link Unsupported} at the offending tree, saying what is
 * supported instead.
 */
public final class BodyTranslator {
  private static final String SUPPORTED_STATEMENTS = "supported are declarations of double, int, long and"
      + " boolean locals and of local double[] arrays, assignments (= += -= *= /=, ++, --), if/else, for, while"
      + " and do/while loops with break and continue, and return";

  /**
   * The translated method; where it calls each other method (for the recursion check); the values
   * it gives to something constant (a callee's {@code @NoDerivative} parameter, or its own), to be
   * checked once activity is known: a value with a derivative would lose it there; and the javac
   * lint categories ({@code deprecation}, {@code removal}) in which the companion's references to
   * the body's constants and callees warn, for the companion to suppress.
   */
  public record Translation(MethodBody body, Map<ExecutableElement, Tree> callSites,
      Map<Expr, ConstantUse> constantUses, Set<String> companionWarnings) {}

  /** Where a value is given to something constant, and what that is, for the message. */
  public record ConstantUse(Tree tree, String what) {}

  private final NameResolver names;
  private final CalleeResolver callees;
  private final ExecutableElement method;
  /** The class that declares {@code method}, whose companion the generated code goes into. */
  private final TypeElement userClass;
  private final Scope scope;
  private final Set<Callee> called = new LinkedHashSet<>();
  private final Map<ExecutableElement, Tree> callSites = new LinkedHashMap<>();
  private final Map<Expr, ConstantUse> constantUses = new IdentityHashMap<>();
  private final Set<String> companionWarnings = new TreeSet<>();

  private BodyTranslator(NameResolver names, CalleeResolver callees, ExecutableElement method,
      Set<String> identifiers) {
    this.names = names;
    this.callees = callees;
    this.method = method;
    this.userClass = (TypeElement) method.getEnclosingElement();
    this.scope = new Scope(identifiers);
  }

  /**
   * @param members a cache of classes' members, shared by the methods of a round
   */
  public static Translation translate(MethodTree tree, ExecutableElement method,
      com.sun.source.tree.CompilationUnitTree unit, javax.lang.model.util.Elements elements,
      CalleeResolver callees, Map<TypeElement, List<? extends Element>> members) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Set<String> identifiers = identifiersIn(tree);
    BodyTranslator translator = new BodyTranslator(new NameResolver(elements, owner, unit, members), callees, method,
        identifiers);
    return translator.translate(tree, ClassName.get(owner), identifiers);
  }

  private Translation translate(MethodTree tree, ClassName owner, Set<String> identifiers) {
    List<Variable> parameters = new ArrayList<>();
    for (VariableTree p : tree.getParameters()) {
      VariableElement element = method.getParameters().get(parameters.size());
      Type type = AnnotatedMethods.typeOf(element.asType()).orElseThrow();
      Variable v = new Variable(p.getName().toString(), type, Variable.Kind.PARAMETER,
          AnnotatedMethods.isConstantInput(element));
      parameters.add(v);
      scope.declareParameter(v);
    }
    List<Stmt> body = ControlFlowLowering.lower(block(tree.getBody().getStatements()), identifiers);
    MethodBody ir = new MethodBody(owner, method.getSimpleName().toString(), parameters, body,
        identifiers, called);
    return new Translation(ir, callSites, constantUses, companionWarnings);
  }

  private static Set<String> identifiersIn(MethodTree tree) {
    Set<String> identifiers = new LinkedHashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        identifiers.add(node.getName().toString());
        return null;
      }

      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        identifiers.add(node.getName().toString());
        return super.visitVariable(node, unused);
      }
    }.scan(tree, null);
    return identifiers;
  }

  // ----- statements

  private List<Stmt> block(List<? extends StatementTree> statements) {
    scope.open();
    List<Stmt> out = new ArrayList<>();
    for (StatementTree statement : statements) {
      out.addAll(statement(statement));
    }
    scope.close();
    return out;
  }

  private List<Stmt> body(StatementTree tree) {
    return tree instanceof BlockTree block ? block(block.getStatements()) : block(List.of(tree));
  }

  /**
   * The statements {@code tree} stands for: one, or for a block and a general {@code for} loop, a
   * list. Nested blocks are spliced in place, since every variable has a name of its own.
   */
  private List<Stmt> statement(StatementTree tree) {
    if (tree instanceof BlockTree block) {
      return block(block.getStatements());
    }
    if (tree instanceof ForLoopTree loop) {
      return forLoop(loop);
    }
    return List.of(simpleStatement(tree));
  }

  private Stmt simpleStatement(StatementTree tree) {
    return switch (tree.getKind()) {
      case VARIABLE -> declaration((VariableTree) tree);
      case EXPRESSION_STATEMENT -> assignment((ExpressionStatementTree) tree);
      case RETURN -> {
        ReturnTree ret = (ReturnTree) tree;
        yield new Stmt.Return(asDouble(expr(ret.getExpression()), ret.getExpression()), source(tree));
      }
      case IF -> ifStatement((IfTree) tree);
      case WHILE_LOOP -> {
        WhileLoopTree loop = (WhileLoopTree) tree;
        yield new Stmt.Loop(condition(loop.getCondition()), true, body(loop.getStatement()), List.of(),
            header(tree));
      }
      case DO_WHILE_LOOP -> {
        DoWhileLoopTree loop = (DoWhileLoopTree) tree;
        List<Stmt> body = body(loop.getStatement());
        yield new Stmt.Loop(condition(loop.getCondition()), false, body, List.of(), header(tree));
      }
      case BREAK -> new Stmt.Break(source(tree));
      case CONTINUE -> new Stmt.Continue(source(tree));
      // A labelled break or continue needs a labelled statement, so rejecting labels covers them.
      case LABELED_STATEMENT -> throw new Unsupported(tree, "a label is not supported in a @Differentiable method:"
          + " break and continue leave, or go on with, the innermost loop; use a boolean flag to leave an outer one");
      case ENHANCED_FOR_LOOP -> throw new Unsupported(tree, "for-each loops are not supported in a @Differentiable"
          + " method; write an indexed loop: for (int i = 0; i < a.length; i++)");
      case SWITCH -> throw new Unsupported(tree, "switch statements are not supported in a @Differentiable method;"
          + " write them as if/else");
      case TRY -> throw new Unsupported(tree, "try statements are not supported in a @Differentiable method; "
          + SUPPORTED_STATEMENTS);
      case SYNCHRONIZED -> throw new Unsupported(tree, "synchronized statements are not supported in a"
          + " @Differentiable method; " + SUPPORTED_STATEMENTS);
      default -> throw new Unsupported(tree, describe(tree) + " is not supported in a @Differentiable method; "
          + SUPPORTED_STATEMENTS);
    };
  }

  private Stmt ifStatement(IfTree tree) {
    Expr condition = condition(tree.getCondition());
    List<Stmt> then = body(tree.getThenStatement());
    List<Stmt> otherwise = tree.getElseStatement() == null ? List.of() : body(tree.getElseStatement());
    return new Stmt.If(condition, then, otherwise, "if " + strip(tree.getCondition()));
  }

  /**
   * A counting loop, {@code for (int i = a; i < b; i++)} with a body that leaves {@code i} and
   * {@code a} alone, keeps its shape (the reverse sweep counts back down); any other {@code for}
   * becomes its initialisation followed by a while loop.
   */
  private List<Stmt> forLoop(ForLoopTree tree) {
    scope.open();
    try {
      List<Stmt> init = new ArrayList<>();
      for (StatementTree statement : tree.getInitializer()) {
        init.addAll(statement(statement));
      }
      Expr condition = tree.getCondition() == null ? TRUE : condition(tree.getCondition());
      List<Stmt> update = new ArrayList<>();
      for (ExpressionStatementTree statement : tree.getUpdate()) {
        update.add(assignment(statement));
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
    } finally {
      scope.close();
    }
  }

  private static Stmt countedLoop(List<Stmt> init, Expr condition, List<Stmt> update, List<Stmt> body,
      String header) {
    if (init.size() != 1 || !(init.get(0) instanceof Stmt.Declare d) || d.variable().type() != Type.INT
        || d.init() == null || update.size() != 1 || !(update.get(0) instanceof Stmt.Assign step)) {
      return null;
    }
    Variable counter = d.variable();
    boolean increments = step.variable() == counter && step.value() instanceof Expr.IntegralOp op
        && op.operator().equals("+") && op.left() instanceof Expr.Read r && r.variable() == counter
        && op.right() instanceof Expr.Constant c && c.value() == 1;
    Set<Variable> assigned = Statements.assignedIn(body);
    if (!increments || assigned.contains(counter) || Statements.reads(d.init(), assigned)) {
      return null;
    }
    Expr bound = null;
    boolean inclusive = false;
    if (condition instanceof Expr.Compare compare && compare.left() instanceof Expr.Read r
        && r.variable() == counter && compare.right().type() == Type.INT
        && (compare.operator().equals("<") || compare.operator().equals("<="))
        && !Statements.reads(compare.right(), assigned) && !Statements.reads(compare.right(), Set.of(counter))) {
      bound = compare.right();
      inclusive = compare.operator().equals("<=");
    }
    return new Stmt.CountedLoop(counter, d.init(), condition, bound, inclusive, body, header);
  }

  private static final Expr TRUE = new Expr.Constant(Type.BOOLEAN, 1, CodeBlock.of("true"));

  private Expr condition(ExpressionTree tree) {
    Expr condition = expr(tree);
    if (condition.type() != Type.BOOLEAN) {
      throw new Unsupported(tree, "expected a boolean condition here");
    }
    return condition;
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
      init = tree.getInitializer() == null ? null : assignable(type, tree.getInitializer());
    }
    Variable v = scope.declareLocal(tree.getName().toString(), type);
    return new Stmt.Declare(v, init, source(tree));
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
    Expr length = expr(creation.getDimensions().get(0));
    if (length.type() != Type.INT) {
      throw new Unsupported(creation.getDimensions().get(0), "an array length must be an int expression");
    }
    return new Expr.NewArray(length);
  }

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
        && element.getPrimitiveTypeKind() == javax.lang.model.type.TypeKind.DOUBLE) {
      return Type.DOUBLE_ARRAY;
    }
    throw new Unsupported(typeTree, "locals of type " + typeTree + " are not supported in a @Differentiable"
        + " method; use double and double[] (differentiated) or int, long and boolean (not differentiated)");
  }

  private Stmt assignment(ExpressionStatementTree tree) {
    ExpressionTree e = tree.getExpression();
    String source = source(tree);
    if (e instanceof AssignmentTree assign) {
      if (assign.getVariable() instanceof ArrayAccessTree element) {
        return new Stmt.ArrayStore(storedArray(element), index(element), asDouble(expr(assign.getExpression()),
            assign.getExpression()), source);
      }
      Variable target = assignedVariable(assign.getVariable());
      return constantChecked(new Stmt.Assign(target, assignable(target.type(), assign.getExpression()), source), tree);
    }
    if (e instanceof CompoundAssignmentTree compound && compound.getVariable() instanceof ArrayAccessTree element) {
      Variable array = storedArray(element);
      Expr index = index(element);
      Expr value = arithmetic(compoundOperator(compound), new Expr.ElementRead(array, index),
          expr(compound.getExpression()), compound);
      return new Stmt.ArrayStore(array, index, asDouble(value, compound), source);
    }
    if (e instanceof CompoundAssignmentTree compound) {
      Variable target = assignedVariable(compound.getVariable());
      Expr value = arithmetic(compoundOperator(compound), new Expr.Read(target), expr(compound.getExpression()),
          compound);
      return constantChecked(new Stmt.Assign(target, assignable(target.type(), value, compound), source), tree);
    }
    if (e instanceof UnaryTree unary) {
      String operator = switch (unary.getKind()) {
        case PREFIX_INCREMENT, POSTFIX_INCREMENT -> "+";
        case PREFIX_DECREMENT, POSTFIX_DECREMENT -> "-";
        default -> throw new Unsupported(unary, "the expression statement " + unary + " has no effect");
      };
      Expr one = new Expr.Constant(Type.INT, 1, CodeBlock.of("1"));
      if (unary.getExpression() instanceof ArrayAccessTree element) {
        Variable array = storedArray(element);
        Expr index = index(element);
        return new Stmt.ArrayStore(array, index,
            asDouble(arithmetic(operator, new Expr.ElementRead(array, index), one, unary), unary), source);
      }
      Variable target = assignedVariable(unary.getExpression());
      return new Stmt.Assign(target, assignable(target.type(),
          arithmetic(operator, new Expr.Read(target), one, unary), unary), source);
    }
    throw new Unsupported(tree, describe(e) + " is not supported as a statement in a @Differentiable method; "
        + SUPPORTED_STATEMENTS);
  }

  /** An assignment to a {@code @NoDerivative} parameter is checked once activity is known. */
  private Stmt constantChecked(Stmt.Assign assign, Tree tree) {
    if (assign.variable().isParameter() && assign.variable().isConstantInput()) {
      constantUses.put(assign.value(), new ConstantUse(tree, "assigned to the @NoDerivative parameter "
          + assign.variable().name()));
    }
    return assign;
  }

  private static String compoundOperator(CompoundAssignmentTree compound) {
    return switch (compound.getKind()) {
      case PLUS_ASSIGNMENT -> "+";
      case MINUS_ASSIGNMENT -> "-";
      case MULTIPLY_ASSIGNMENT -> "*";
      case DIVIDE_ASSIGNMENT -> "/";
      default -> throw new Unsupported(compound, "the operator of " + compound + " is not supported; use = += -= *= /=");
    };
  }

  /** The local array an element write goes to; parameters' arrays belong to the caller. */
  private Variable storedArray(ArrayAccessTree element) {
    if (element.getExpression() instanceof IdentifierTree id) {
      Variable array = scope.get(id.getName().toString());
      if (array != null && array.type() == Type.DOUBLE_ARRAY) {
        if (array.isParameter()) {
          throw new Unsupported(element, "writes to parameter arrays are not supported: the array belongs to the"
              + " caller; copy it into a local array (double[] a = new double[n]) and write there");
        }
        return array;
      }
    }
    throw new Unsupported(element, "only elements of local double[] arrays can be written: " + element);
  }

  private Expr index(ArrayAccessTree element) {
    Expr index = expr(element.getIndex());
    if (index.type() != Type.INT) {
      throw new Unsupported(element.getIndex(), "an array index must be an int expression");
    }
    return index;
  }

  private Variable assignedVariable(ExpressionTree target) {
    if (target instanceof IdentifierTree id && scope.get(id.getName().toString()) != null) {
      Variable v = scope.get(id.getName().toString());
      if (v.type() != Type.DOUBLE_ARRAY) {
        return v;
      }
      throw new Unsupported(target, "arrays cannot be reassigned in a @Differentiable method: " + v.name()
          + " must keep the array it was created with");
    }
    throw new Unsupported(target, "writes to fields are not supported in a @Differentiable method: "
        + target + " is not a local variable or parameter");
  }

  /** {@code value} converted for a variable of {@code type}, as Java's assignment conversion allows. */
  private Expr assignable(Type type, ExpressionTree tree) {
    return assignable(type, expr(tree), tree);
  }

  private Expr assignable(Type type, Expr value, Tree site) {
    if (type == Type.DOUBLE) {
      return asDouble(value, site);
    }
    if (type == Type.LONG && value.type().isIntegral() || type == value.type() && type != Type.DOUBLE_ARRAY) {
      return value;
    }
    throw new Unsupported(site, "cannot assign a " + value.type().javaName() + " to a " + type.javaName()
        + " here: a derivative cannot pass through a conversion to " + type.javaName());
  }

  private static Expr asDouble(Expr value, Tree site) {
    if (value.type() == Type.DOUBLE) {
      return value;
    }
    if (value.type().isIntegral()) {
      return new Expr.Widen(value);
    }
    throw new Unsupported(site, "expected a double here, but " + site + " is a " + value.type().javaName());
  }

  // ----- expressions

  private Expr expr(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> expr(((ParenthesizedTree) tree).getExpression());
      case DOUBLE_LITERAL, INT_LITERAL, LONG_LITERAL -> literal((LiteralTree) tree);
      case IDENTIFIER -> identifier((IdentifierTree) tree);
      case MEMBER_SELECT -> memberSelect((MemberSelectTree) tree);
      case ARRAY_ACCESS -> arrayAccess((ArrayAccessTree) tree);
      case UNARY_MINUS -> negation((UnaryTree) tree);
      case UNARY_PLUS -> expr(((UnaryTree) tree).getExpression());
      case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> binary((BinaryTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case FLOAT_LITERAL -> throw new Unsupported(tree, "float literals are not supported; write "
          + tree.toString().replaceAll("[fF]$", "") + " as a double literal");
      case BOOLEAN_LITERAL -> new Expr.Constant(Type.BOOLEAN, Boolean.TRUE.equals(((LiteralTree) tree).getValue())
          ? 1 : 0, CodeBlock.of("$L", ((LiteralTree) tree).getValue()));
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO ->
          comparison((BinaryTree) tree);
      case CONDITIONAL_AND, CONDITIONAL_OR -> logic((BinaryTree) tree);
      case LOGICAL_COMPLEMENT -> new Expr.Not(condition(((UnaryTree) tree).getExpression()));
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case NEW_CLASS, NEW_ARRAY -> throw new Unsupported(tree, "object and array creation (new) is not"
          + " supported in a @Differentiable method");
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> throw new Unsupported(tree, "lambdas and method references"
          + " are not supported in a @Differentiable method");
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          throw new Unsupported(tree, "assignments inside expressions are not supported; make " + tree
              + " a statement of its own");
      case SWITCH_EXPRESSION -> throw new Unsupported(tree, "a switch expression is not supported in a"
          + " @Differentiable method; write it as if/else or ?:");
      default -> throw new Unsupported(tree, describe(tree) + " is not supported in a @Differentiable method;"
          + " expressions may use double, int and boolean values, comparisons, && || !, ?:, and "
          + Primitive.supportedFunctions());
    };
  }

  private static Expr literal(LiteralTree tree) {
    Object value = tree.getValue();
    return switch (tree.getKind()) {
      case DOUBLE_LITERAL -> new Expr.Constant(Type.DOUBLE, (Double) value, CodeBlock.of("$L", value));
      case INT_LITERAL -> new Expr.Constant(Type.INT, (Integer) value, CodeBlock.of("$L", value));
      default -> new Expr.Constant(Type.LONG, (Long) value, CodeBlock.of("$LL", value));
    };
  }

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Variable local = scope.get(name);
    if (local != null) {
      return new Expr.Read(local);
    }
    VariableElement field = names.field(name).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + name + " in a @Differentiable method"));
    return constant(field, tree);
  }

  /**
   * A static final field, read as a constant: it carries no derivative. The companion names it, or,
   * where it cannot (see {@link CalleeResolver#hiddenFromCompanion}), copies a compile-time
   * constant's value.
   */
  private Expr constant(VariableElement field, Tree site) {
    Set<Modifier> modifiers = field.getModifiers();
    String display = field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
    if (!modifiers.contains(Modifier.STATIC) || !modifiers.contains(Modifier.FINAL)) {
      throw new Unsupported(site, "a @Differentiable method may read only static final constants, and "
          + display + " is not static final");
    }
    Type type = AnnotatedMethods.typeOf(field.asType()).filter(t -> t == Type.DOUBLE || t.isIntegral())
        .orElseThrow(() -> new Unsupported(site, display + " has type " + field.asType()
            + "; constants must be double, int or long"));
    Object value = field.getConstantValue();
    Optional<String> hidden = callees.hiddenFromCompanion(field, userClass);
    if (hidden.isEmpty()) {
      namedByCompanion(field);
      double numeric = value instanceof Number n ? n.doubleValue() : Double.NaN;
      return new Expr.Constant(type, numeric,
          CodeBlock.of("$T.$L", ClassName.get((TypeElement) field.getEnclosingElement()), field.getSimpleName()));
    }
    if (value instanceof Number n) {
      // The companion cannot name the field, but a compile-time constant's value is as good.
      CodeBlock code = type == Type.DOUBLE ? new io.javagrad.processor.term.Term.Num(n.doubleValue()).code()
          : CodeBlock.of(type == Type.LONG ? "$LL" : "$L", value);
      return new Expr.Constant(type, n.doubleValue(), code);
    }
    throw new Unsupported(site, display + " cannot be read by the generated companion "
        + CalleeResolver.companionOf(userClass).canonicalName() + ", because " + hidden.get() + ", or make "
        + display + " a compile-time constant, whose value the companion copies");
  }

  /** Notes that the companion names {@code referenced}, for the warnings that it may raise there. */
  private void namedByCompanion(Element referenced) {
    companionWarnings.addAll(callees.deprecationWarnings(referenced));
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    if (!(qualifier instanceof IdentifierTree) && !(qualifier instanceof MemberSelectTree)) {
      expr(qualifier);
      throw new Unsupported(tree, tree + " is not supported: of an expression, only an array's length can be read");
    }
    if (qualifier instanceof IdentifierTree id && scope.get(id.getName().toString()) != null) {
      Variable v = scope.get(id.getName().toString());
      if (v.type() == Type.DOUBLE_ARRAY && member.equals("length")) {
        return new Expr.Length(v);
      }
      throw new Unsupported(tree, tree + " is not supported; of a variable only array.length can be read");
    }
    TypeElement owner = typeNamed(qualifier).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + qualifier + " in a @Differentiable method"));
    VariableElement field = names.fieldOf(owner, member).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + tree + " in a @Differentiable method"));
    return constant(field, tree);
  }

  /** The type that a qualifier such as {@code Math} or {@code java.lang.Math} names, if it names one. */
  private Optional<TypeElement> typeNamed(ExpressionTree qualifier) {
    if (qualifier instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (scope.get(name) != null || names.field(name).isPresent()) {
        return Optional.empty();
      }
      return names.type(name);
    }
    if (qualifier instanceof MemberSelectTree select) {
      Optional<TypeElement> outer = typeNamed(select.getExpression());
      if (outer.isPresent()) {
        String member = select.getIdentifier().toString();
        return outer.get().getEnclosedElements().stream()
            .filter(e -> e instanceof TypeElement && e.getSimpleName().contentEquals(member))
            .map(TypeElement.class::cast)
            .findFirst();
      }
      return names.qualifiedType(select.toString());
    }
    return Optional.empty();
  }

  private Expr arrayAccess(ArrayAccessTree tree) {
    if (tree.getExpression() instanceof IdentifierTree id && scope.get(id.getName().toString()) != null
        && scope.get(id.getName().toString()).type() == Type.DOUBLE_ARRAY) {
      Expr index = expr(tree.getIndex());
      if (index.type() != Type.INT) {
        throw new Unsupported(tree.getIndex(), "an array index must be an int expression");
      }
      return new Expr.ElementRead(scope.get(id.getName().toString()), index);
    }
    throw new Unsupported(tree, "only elements of double[] parameters can be read: " + tree);
  }

  private Expr negation(UnaryTree tree) {
    Expr operand = expr(tree.getExpression());
    if (operand.type().isIntegral()) {
      return new Expr.IntegralOp("-", null, operand, operand.type());
    }
    return new Expr.Apply(Primitive.NEG, List.of(asDouble(operand, tree.getExpression())));
  }

  private Expr binary(BinaryTree tree) {
    String operator = switch (tree.getKind()) {
      case PLUS -> "+";
      case MINUS -> "-";
      case MULTIPLY -> "*";
      case DIVIDE -> "/";
      default -> "%";
    };
    return arithmetic(operator, expr(tree.getLeftOperand()), expr(tree.getRightOperand()), tree);
  }

  /** {@code left operator right} with Java's binary numeric promotion. */
  private static Expr arithmetic(String operator, Expr left, Expr right, Tree site) {
    if (left.type().isIntegral() && right.type().isIntegral()) {
      Type type = left.type() == Type.LONG || right.type() == Type.LONG ? Type.LONG : Type.INT;
      return new Expr.IntegralOp(operator, left, right, type);
    }
    Primitive primitive = Primitive.operator(operator, 2).orElseThrow(() ->
        new Unsupported(site, "the operator " + operator + " is not differentiable; supported are + - * /"));
    return new Expr.Apply(primitive, List.of(asDouble(left, site), asDouble(right, site)));
  }

  private Expr comparison(BinaryTree tree) {
    String operator = switch (tree.getKind()) {
      case LESS_THAN -> "<";
      case LESS_THAN_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_EQUAL -> ">=";
      case EQUAL_TO -> "==";
      default -> "!=";
    };
    Expr left = expr(tree.getLeftOperand());
    Expr right = expr(tree.getRightOperand());
    boolean numbers = left.type() != Type.BOOLEAN && left.type() != Type.DOUBLE_ARRAY
        && right.type() != Type.BOOLEAN && right.type() != Type.DOUBLE_ARRAY;
    boolean booleans = left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN
        && (operator.equals("==") || operator.equals("!="));
    if (!numbers && !booleans) {
      throw new Unsupported(tree, "the comparison " + tree + " is not supported; compare numbers, or booleans"
          + " with == and !=");
    }
    if (numbers && left.type() != right.type()) {
      // Binary numeric promotion, made explicit so that the comparison is computed as Java would.
      if (left.type() == Type.DOUBLE || right.type() == Type.DOUBLE) {
        left = asDouble(left, tree);
        right = asDouble(right, tree);
      }
    }
    return new Expr.Compare(operator, left, right);
  }

  private Expr logic(BinaryTree tree) {
    String operator = tree.getKind() == Tree.Kind.CONDITIONAL_AND ? "&&" : "||";
    return new Expr.Logic(operator, condition(tree.getLeftOperand()), condition(tree.getRightOperand()));
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = condition(tree.getCondition());
    Expr ifTrue = expr(tree.getTrueExpression());
    Expr ifFalse = expr(tree.getFalseExpression());
    if (ifTrue.type() == Type.DOUBLE || ifFalse.type() == Type.DOUBLE) {
      return new Expr.Conditional(condition, asDouble(ifTrue, tree.getTrueExpression()),
          asDouble(ifFalse, tree.getFalseExpression()), Type.DOUBLE);
    }
    if (ifTrue.type() == ifFalse.type() && ifTrue.type() != Type.DOUBLE_ARRAY) {
      return new Expr.Conditional(condition, ifTrue, ifFalse, ifTrue.type());
    }
    if (ifTrue.type().isIntegral() && ifFalse.type().isIntegral()) {
      return new Expr.Conditional(condition, ifTrue, ifFalse, Type.LONG);
    }
    throw new Unsupported(tree, "the operands of " + tree + " must both be numbers or both be booleans");
  }

  private Expr cast(TypeCastTree tree) {
    Expr operand = expr(tree.getExpression());
    if (tree.getType() instanceof PrimitiveTypeTree primitive) {
      switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE:
          return asDouble(operand, tree);
        case LONG:
          if (operand.type() == Type.LONG) {
            // The cast changes nothing; written out again, it would make javac warn (-Xlint:cast) in the companion.
            return operand;
          }
          if (operand.type() == Type.INT) {
            return new Expr.IntegralOp("(long)", null, operand, Type.LONG);
          }
          break;
        default:
          break;
      }
    }
    throw new Unsupported(tree, "the cast " + tree + " is not supported: a derivative cannot pass through a"
        + " conversion to " + tree.getType() + "; only (double) and (long) casts of int values are");
  }

  private Expr invocation(MethodInvocationTree tree) {
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(expr(arg));
    }
    ExpressionTree select = tree.getMethodSelect();
    List<ExecutableElement> candidates;
    String name;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      candidates = names.methods(name);
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      TypeElement owner = typeNamed(member.getExpression()).orElseThrow(() -> new Unsupported(tree,
          "calls on objects are not supported in a @Differentiable method: " + member.getExpression()
              + " is not a class; supported are " + Primitive.supportedFunctions()));
      Optional<Primitive> primitive = Primitive.staticCall(owner.getQualifiedName().toString(), name, args.size());
      if (primitive.isPresent()) {
        return applyPrimitive(primitive.get(), args, tree);
      }
      candidates = names.methodsOf(owner, name);
    } else {
      throw new Unsupported(tree, "this call is not supported in a @Differentiable method");
    }
    if (candidates.isEmpty()) {
      throw new Unsupported(tree, "cannot resolve the method " + name);
    }
    ExecutableElement target = callees.chooseOverload(candidates, args.stream().map(Expr::type).toList(), tree);
    TypeElement owner = (TypeElement) target.getEnclosingElement();
    Optional<Primitive> primitive = Primitive.staticCall(owner.getQualifiedName().toString(), name, args.size());
    if (primitive.isPresent()) {
      return applyPrimitive(primitive.get(), args, tree);
    }
    if (target.equals(method)) {
      throw new Unsupported(tree, "recursion is not supported in a @Differentiable method yet: "
          + method.getSimpleName() + " calls itself");
    }
    Callee callee = callees.resolve(target, userClass, tree);
    namedByCompanion(target);
    called.add(callee);
    callSites.putIfAbsent(target, tree);
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Expr arg = argument(callee.parameterTypes().get(i), args.get(i), tree.getArguments().get(i));
      converted.add(arg);
      if (callee.constantParameters().get(i)) {
        constantUses.put(arg, new ConstantUse(tree.getArguments().get(i), "passed into a @NoDerivative parameter"));
      }
    }
    return new Expr.Invoke(callee, converted);
  }

  private static Expr applyPrimitive(Primitive primitive, List<Expr> args, Tree site) {
    if (args.stream().allMatch(a -> a.type().isIntegral()) && primitive.arity() <= 2
        && Set.of(Primitive.ABS, Primitive.MAX, Primitive.MIN).contains(primitive)) {
      throw new Unsupported(site, "Math." + primitive.twinMethod() + " of int values is not supported in a"
          + " @Differentiable method; convert an argument to double");
    }
    List<Expr> doubles = new ArrayList<>();
    for (Expr arg : args) {
      doubles.add(asDouble(arg, site));
    }
    return new Expr.Apply(primitive, doubles);
  }

  private static Expr argument(Type parameter, Expr arg, Tree site) {
    if (parameter == Type.DOUBLE) {
      return asDouble(arg, site);
    }
    if (parameter == arg.type() || parameter == Type.LONG && arg.type() == Type.INT) {
      return arg;
    }
    throw new Unsupported(site, "cannot pass a " + arg.type().javaName() + " as a " + parameter.javaName());
  }

  /** A loop's or branch's first line, {@code for (int i = 0; i < n; i++)}, for comments. */
  private static String header(Tree tree) {
    String text = strip(tree);
    int brace = text.indexOf('{');
    return (brace < 0 ? text : text.substring(0, brace)).strip();
  }

  private static String strip(Tree tree) {
    return tree.toString().strip().replaceAll("\\s+", " ");
  }

  private static String source(Tree tree) {
    String text = strip(tree);
    return text.endsWith(";") ? text : text + ";";
  }

  private static String describe(Tree tree) {
    return tree.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " '" + tree + "'";
  }
}
