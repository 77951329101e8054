package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Calls to helpers whose result or effect is an array ({@code softmax(z)}, {@code matVec(w, x,
 * out)}): the helper's body is translated in place of the call, its parameters bound to the
 * arguments, so that the arrays it makes and writes are the caller's own, followed by the
 * analyses that follow a caller's arrays, as Clad and Tapenade inline small functions. A call
 * protocol for them would have to carry an array's adjoint both ways; inlined, the body needs none.
 *
 * <p>An array parameter names the array its argument holds, as in Java: writes through it are
 * the caller's writes. A scalar parameter is a local of its own, given the argument's value. A
 * {@code return} gives the call its value; one before the end sets a flag that guards the rest
 * of the body, as {@link ControlFlowLowering} lowers a method's. A helper cannot be inlined into
 * itself: where one reaches itself again, the call inside goes through a protocol instead, that of
 * helpers returning {@code double}, which calls differentiate, or, for a static helper returning a
 * new {@code double[]} and writing no array it is given, recorded calls ({@link
 * io.javagrad.processor.ir.Callee#arrayHelper}), or, for one writing into {@code double[]} arrays it
 * is given and returning a {@code double} or nothing, recorded calls packed ({@link InPlaceCalls});
 * any other is an error.
 *
 * <p>A helper given a function ({@code simpson(t -> Math.exp(-k * t), 0, b, n)}) is inlined too:
 * its parameter names the function ({@link FunctionValue}), whose applications in its body
 * {@link FunctionInliner} inlines the same way. Given another function, a helper may be inlined
 * inside itself (an integral of integrals); given the same one, that is recursion.
 */
final class Inliner {
  private final Translators translators;
  private final Trees trees;
  private final Elements elements;
  /** The method whose body the calls are inlined into, then the helpers being inlined, innermost last. */
  private final Deque<Activation> inlining = new ArrayDeque<>();

  /**
   * A helper being inlined, and the functions it was given: given other functions, it may be
   * inlined inside itself (an integral of integrals); given the same, it would be without end, and
   * the call is one of its {@link Specialization} instead.
   */
  private record Activation(ExecutableElement helper, List<Tree> functions) {}

  /**
   * @param method the method translated
   * @param functions the functions it is specialized to ({@link Specialization}), whose calls
   *     of itself with them are calls of that specialization; none for a method as written
   */
  Inliner(Translators translators, Trees trees, Elements elements, ExecutableElement method, List<Tree> functions) {
    this.translators = translators;
    this.trees = trees;
    this.elements = elements;
    inlining.add(new Activation(method, functions));
  }

  /**
   * The caller's side of a call: how its arguments are translated, the statements it runs before
   * the expression that makes the call, and its scope.
   */
  interface Caller {
    /** The object on which {@code call} calls an instance method, or null for the caller's own receiver. */
    ExpressionTree object(MethodInvocationTree call);

    /** The receiver of an instance method's call: {@code object}, or, where it is null, the caller's own. */
    Expr receiver(ExpressionTree object);

    /** A scalar argument, converted to the parameter's {@code type}. */
    Expr argument(Type type, ExpressionTree tree);

    /** An array argument: a read of the variable that holds it, or a new array, to be held by a local. */
    Expr array(Type type, ExpressionTree tree);

    /** Whether {@code arguments} from {@code from} on are one array, as a varargs parameter may be given. */
    boolean isArray(List<? extends ExpressionTree> arguments, int from);

    /** The row of a {@code double[][]} that {@code tree} names, or null. */
    ExpressionTranslator.Row row(ExpressionTree tree);

    /** The function {@code tree} gives ({@link FunctionValue}), or null. */
    FunctionValue function(ExpressionTree tree);

    /** The records followed by their components in the caller's expressions. */
    RecordTranslator records();

    /**
     * {@code call}, a recursive call of the helper {@code specialization} specializes to the
     * functions {@code given}: a call of that helper, given the call's other arguments and what the
     * functions capture.
     */
    Expr specialized(Specialization specialization, Map<Integer, FunctionValue> given, MethodInvocationTree call);

    /**
     * {@code call}, a call of {@code helper}, which returns a new {@code double[]} and calls itself,
     * made inside the helper's own body (inlined, or its own): a call through recorded calls
     * ({@link io.javagrad.processor.ir.Callee#arrayHelper}), its value held by a new local array.
     */
    Expr arrayCall(ExecutableElement helper, MethodInvocationTree call);

    /**
     * Notes that {@code value}, given at {@code site} to the parameter {@code name} of {@code type},
     * must carry no derivative where that type is an object's ({@code Double}): one is not followed through it.
     */
    void boxed(Type type, Expr value, String name, Tree site);

    Consumer<Stmt> before();

    Scope scope();
  }

  /**
   * Inlines {@code call} of {@code helper}: the statements run before the caller's expression;
   * returns the value of the call, or null where the helper returns nothing.
   */
  Expr inline(ExecutableElement helper, MethodInvocationTree call, Caller caller) {
    return inline(helper, call, caller, null, null);
  }

  /**
   * As above, for a method of a record followed by its components ({@link RecordValue}) called on
   * {@code receiver}, its fields and {@code this} bound to the receiver's locals, and, where the
   * helper returns such a record, with its returns assigning {@code result}'s locals (null for none).
   */
  Expr inline(ExecutableElement helper, MethodInvocationTree call, Caller caller, RecordValue receiver,
      RecordValue result) {
    SortedMap<Integer, FunctionValue> given = functionsGiven(helper, call, caller);
    Activation activation = new Activation(helper, Specialization.trees(given));
    if (inlining.contains(activation)) {
      if (recordsCalls(helper, call, caller, given)) {
        return caller.arrayCall(helper, call);
      }
      return caller.specialized(specialization(helper, call, caller, given), given, call);
    }
    TreePath path = trees.getPath(helper);
    Scope scope = inlinedScope(path, caller);
    Variable object = receiver == null ? bindReceiver(helper, call, caller, scope) : null;
    if (receiver != null) {
      bindThis(receiver, scope);
    }
    bindParameters(helper, path, call.getArguments(), caller, scope, given, constant(helper, call));
    if (object != null) {
      caller.before().accept(ObjectMethods.nullCheck(object));
    }
    Type returns = result != null || helper.getReturnType().getKind() == TypeKind.VOID ? null
        : AnnotatedMethods.typeOf(helper.getReturnType()).orElseThrow();
    return inlinedBody(activation, path, scope, returns, result, call, caller);
  }

  /**
   * Inlines {@code method} where {@code reference} applies it to {@code element}, an element of a
   * sequence of records streamed ({@code mapToDouble(Shape::area)}): the record's own method of no
   * parameter, the element its receiver, or a static method of one ({@code Areas::area}), given the
   * element; returns its value.
   */
  Expr applyToRecord(ExecutableElement method, MemberReferenceTree reference, Caller caller, RecordValue element) {
    Activation activation = new Activation(method, List.of());
    TreePath path = trees.getPath(method);
    MethodTree tree = (MethodTree) path.getLeaf();
    if (inlining.contains(activation)) {
      throw new Unsupported(reference, name(method) + " applies itself to an element of a sequence, and javagrad"
          + " writes a sequence's stream out once per element, inlining what it applies; apply it to the elements"
          + " outside its own body");
    }
    Scope scope = inlinedScope(path, caller);
    if (method.getModifiers().contains(Modifier.STATIC)) {
      String parameter = tree.getParameters().get(0).getName().toString();
      if (isAssigned(path, tree.getBody(), parameter)) {
        throw new Unsupported(reference, name(method) + " assigns its parameter " + parameter + ", which javagrad"
            + " binds to the element's record here; declare a local for the new value");
      }
      scope.bindRecord(parameter, element);
    } else {
      bindThis(element, scope);
    }
    Type returns = AnnotatedMethods.typeOf(method.getReturnType()).orElseThrow();
    return inlinedBody(activation, path, scope, returns, null, reference, caller);
  }

  /** The scope of the body at {@code path} inlined for {@code caller}: its names its own. */
  private Scope inlinedScope(TreePath path, Caller caller) {
    Set<String> identifiers = BodyTranslator.identifiersIn((MethodTree) path.getLeaf());
    translators.inlined(identifiers);
    return caller.scope().inlined(identifiers);
  }

  /** Binds {@code this}, and the names of its components, to {@code receiver}'s locals, in a record's method inlined. */
  private static void bindThis(RecordValue receiver, Scope scope) {
    scope.bindRecord("this", receiver);
    receiver.type().getRecordComponents().forEach(c -> {
      String component = c.getSimpleName().toString();
      if (RecordValue.nested(c) == null) {
        scope.alias(component, receiver.component(component));
      } else {
        scope.bindRecord(component, receiver.part(component));
      }
    });
  }

  /**
   * The body at {@code path}, inlined at {@code site} in {@code scope}, its parameters bound: the
   * statements run before the caller's expression, and the value, of {@code returns} (or null for
   * none, or where the returns assign {@code result}'s locals).
   */
  private Expr inlinedBody(Activation activation, TreePath path, Scope scope, Type returns, RecordValue result,
      Tree site, Caller caller) {
    ExecutableElement helper = activation.helper();
    List<Stmt> body;
    inlining.addLast(activation);
    try {
      body = translators.inlinedBody(FunctionValue.Written.in(helper, path.getCompilationUnit()), scope, returns,
          result, ((MethodTree) path.getLeaf()).getBody().getStatements());
    } catch (Unsupported inside) {
      throw Unsupported.inCallee(site, name(helper) + " is inlined here, and its body cannot be differentiated"
          + " (see the error reported there)", inside, path.getCompilationUnit());
    } finally {
      inlining.removeLast();
    }
    return returned(helper.getSimpleName().toString(), name(helper), site, body, returns, scope, caller.before());
  }

  /**
   * Inlines {@code created}, a record's construction through its compact constructor {@code
   * constructor} given {@code arguments} (already evaluated, as the components' types, a record
   * component's as its leaves, {@link RecordValue}): its body runs with its parameters locals of
   * their own; returns their values after it, the components.
   */
  List<Expr> construct(ExecutableElement constructor, Tree created, List<? extends ExpressionTree> argumentTrees,
      List<Expr> arguments, Caller caller) {
    List<Expr> components = new ArrayList<>();
    constructorBody(constructor, created, null, caller, (path, scope) -> {
      MethodTree tree = (MethodTree) path.getLeaf();
      TypeElement record = (TypeElement) constructor.getEnclosingElement();
      int leaf = 0;
      for (int i = 0; i < tree.getParameters().size(); i++) {
        String name = tree.getParameters().get(i).getName().toString();
        TypeElement nested = RecordValue.nested(record.getRecordComponents().get(i));
        if (nested != null) {
          // A record parameter: its leaves, in locals named by the nested record's components.
          int width = RecordValue.width(nested);
          RecordValue parameter = caller.records().copied(nested, arguments.subList(leaf, leaf + width), name);
          scope.bindRecord(name, parameter);
          parameter.components().forEach(local -> components.add(new Expr.Read(local)));
          leaf += width;
        } else if (isParameterMatrix(arguments.get(leaf))) {
          // Another name for the parameter's matrix, as the component is (RecordTranslator#componentArray).
          if (Scope.assigns(List.of(tree.getBody()), name)) {
            throw new Unsupported(argumentTrees.get(i), "the compact constructor of " + record.getSimpleName()
                + " gives its parameter " + name + " another value, and it is given the parameter matrix "
                + SourceText.oneLine(argumentTrees.get(i)) + ", which javagrad's record holds itself, not a copy:"
                + " give the record a copy (" + SourceText.oneLine(argumentTrees.get(i)) + ".clone() with each row"
                + " copied), or leave the parameter as it is given");
          }
          scope.alias(name, ((Expr.Read) arguments.get(leaf)).variable());
          components.add(arguments.get(leaf));
          leaf++;
        } else {
          Variable local = scope.declareLocal(name, arguments.get(leaf).type());
          caller.before().accept(new Stmt.Declare(local, arguments.get(leaf), local.type().javaName() + " "
              + local.name() + " = " + SourceText.oneLine(argumentTrees.get(i)) + ";"));
          if (!replacedFirst(tree.getBody().getStatements(), name)) {
            caller.records().arrayGiven(local, arguments.get(leaf));
          }
          components.add(new Expr.Read(local));
          leaf++;
        }
      }
    });
    return components;
  }

  private static boolean isParameterMatrix(Expr value) {
    return value instanceof Expr.Read read && read.variable().isParameter() && read.type() == Type.DOUBLE_MATRIX;
  }

  /**
   * Whether {@code statements}, a compact constructor's, start by giving the parameter {@code name} a
   * value of its own ({@code x = x.clone();}) before anything else names it: it no longer holds the
   * array it was given, a parameter's copy, whose writes would not reach the parameter.
   */
  private static boolean replacedFirst(List<? extends StatementTree> statements, String name) {
    for (StatementTree statement : statements) {
      if (statement instanceof ExpressionStatementTree expression && expression.getExpression() instanceof AssignmentTree
          assignment && assignment.getVariable() instanceof IdentifierTree target
          && target.getName().contentEquals(name)) {
        return true;
      }
      if (Scope.reads(List.of(statement), name)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Inlines {@code created}, a record's construction through a constructor of its own that calls
   * the canonical one ({@code Complex(double re) { this(re, 0); }}): its parameters bound to the
   * arguments, its {@code this(...)} giving {@code result}'s locals the components, then the rest
   * of its body.
   */
  void delegate(ExecutableElement constructor, Tree created, List<? extends ExpressionTree> arguments, Caller caller,
      RecordValue result) {
    constructorBody(constructor, created, result, caller,
        (path, scope) -> bindParameters(constructor, path, arguments, caller, scope, Map.of(), (i, value) -> {}));
  }

  /**
   * The body of a record's {@code constructor}, inlined where {@code created} builds one, in a scope
   * of its own where {@code bind} binds its parameters first; its {@code this(...)}, if any, gives
   * {@code result}'s locals the components.
   */
  private void constructorBody(ExecutableElement constructor, Tree created, RecordValue result, Caller caller,
      BiConsumer<TreePath, Scope> bind) {
    TreePath path = trees.getPath(constructor);
    MethodTree tree = (MethodTree) path.getLeaf();
    Set<String> identifiers = BodyTranslator.identifiersIn(tree);
    translators.inlined(identifiers);
    Scope scope = caller.scope().inlined(identifiers);
    bind.accept(path, scope);
    String display = constructor.getEnclosingElement().getSimpleName().toString();
    List<Stmt> body;
    try {
      body = translators.inlinedBody(FunctionValue.Written.in(constructor, path.getCompilationUnit()), scope, null,
          result, tree.getBody().getStatements());
    } catch (Unsupported inside) {
      throw Unsupported.inCallee(created, "the constructor " + display + "(...) is inlined here, and its body cannot"
          + " be differentiated (see the error reported there)", inside, path.getCompilationUnit());
    }
    returned(display, display, null, body, null, scope, caller.before());
  }

  /**
   * Binds the receiver of {@code helper}, an instance method of an enum or a record, to a local
   * given the object the call is made on, before the arguments, as Java evaluates it; returns it,
   * or null for a static method. A method that constants override in bodies of their own is not
   * inlined: which body runs is known only when the call runs.
   */
  private Variable bindReceiver(ExecutableElement helper, MethodInvocationTree call, Caller caller, Scope scope) {
    TypeElement type = ObjectMethods.receiverType(helper);
    if (type == null) {
      return null;
    }
    if (translators.isChosenByConstant(helper)) {
      throw new Unsupported(call, name(helper) + " is inlined at each call (it returns an array, takes double...,"
          + " writes into an array, or is given a row of a double[][]), and constants of " + type.getSimpleName()
          + " override it in bodies of their own, which an inlined call cannot choose among; switch over the"
          + " constant in one body instead");
    }
    ExpressionTree object = caller.object(call);
    Expr value = caller.receiver(object);
    Variable receiver = scope.declareReceiverLocal(ObjectMethods.receiverParameterType(helper));
    caller.before().accept(new Stmt.Declare(receiver, value, type.getSimpleName() + " " + receiver.name() + " = "
        + (object == null ? "this" : SourceText.oneLine(object)) + ";"));
    return receiver;
  }

  /**
   * The functions {@code call} gives {@code helper}, by the index of their parameters, each as the
   * parameter's type: lambdas, anonymous classes and method references ({@link FunctionValue}).
   */
  private SortedMap<Integer, FunctionValue> functionsGiven(ExecutableElement helper, MethodInvocationTree call,
      Caller caller) {
    SortedMap<Integer, FunctionValue> given = new TreeMap<>();
    List<? extends ExpressionTree> arguments = call.getArguments();
    for (int i = 0; i < helper.getParameters().size() && i < arguments.size(); i++) {
      TypeMirror declared = helper.getParameters().get(i).asType();
      FunctionValue function = FunctionValue.abstractMethod(declared, elements) != null
          ? caller.function(arguments.get(i)) : null;
      if (function != null) {
        given.put(i, function.as((DeclaredType) declared));
      }
    }
    return given;
  }

  /**
   * The specialization of {@code helper} to the functions {@code given} that {@code call}, inside
   * the helper's own inlined body, recurses with ({@link Specialization}). A helper inlined for
   * what it returns or writes (an array), for a row it is given, or for an object's method, has no
   * call protocol to recurse through.
   */
  private Specialization specialization(ExecutableElement helper, MethodInvocationTree call, Caller caller,
      SortedMap<Integer, FunctionValue> given) {
    boolean rowGiven = call.getArguments().stream().anyMatch(a -> caller.row(a) != null);
    SortedMap<Integer, TypeElement> records = recordsGiven(helper, call, caller);
    if (given.isEmpty() && records.isEmpty() || rowGiven || helper.getReturnType().getKind() != TypeKind.DOUBLE
        || helper.isVarArgs() || ObjectMethods.receiverType(helper) != null || translators.writesArguments(helper)) {
      List<String> why = new ArrayList<>();
      if (helper.isVarArgs()) {
        why.add("takes double...");
      }
      if (ObjectMethods.receiverType(helper) != null) {
        why.add("is a method of " + ObjectMethods.receiverType(helper).getSimpleName());
      }
      String inPlace = translators.writesArguments(helper) ? inPlaceRefusal(helper) : null;
      if (inPlace != null) {
        why.add(inPlace);
      }
      if (rowGiven) {
        why.add("is given a row of a double[][]");
      }
      if (AnnotatedMethods.isVectorValued(helper) && !(given.isEmpty() && records.isEmpty())) {
        why.add("returns a double[] and is given a function or a record");
      } else if (helper.getReturnType().getKind() != TypeKind.DOUBLE && !AnnotatedMethods.isVectorValued(helper)) {
        why.add("returns " + helper.getReturnType());
      }
      throw new Unsupported(call, name(helper) + " is inlined at each call, and it calls itself (" + path(helper)
          + ")" + (why.isEmpty() ? "" : ", which an inlined body cannot: it " + String.join(", it ", why))
          + "; recursion is supported through static methods that return a double, or a new double[], or that"
          + " write into double[] arrays they are given and return a double or nothing, that take no double... and"
          + " no row of a double[][] (a function or a record given to one returning a double and writing no array"
          + " is followed through the recursion)");
    }
    return translators.specialization(helper, given, records, call);
  }

  /**
   * Whether a call of {@code helper} that {@code call} makes inside the helper's own body goes
   * through recorded calls ({@link io.javagrad.processor.ir.Callee#arrayHelper}): a static method
   * returning a {@code double[]}, not {@code double...}, given no function, record nor row, and
   * writing into no array it is given, so that its value is all its effect; or one writing into
   * arrays it is given that {@link InPlaceCalls} packs so ({@link #inPlaceRefusal}).
   */
  private boolean recordsCalls(ExecutableElement helper, MethodInvocationTree call, Caller caller,
      SortedMap<Integer, FunctionValue> given) {
    boolean arrayValued = AnnotatedMethods.isVectorValued(helper) && !translators.writesArguments(helper);
    return given.isEmpty() && (arrayValued || inPlaceRefusal(helper) == null) && !helper.isVarArgs()
        && helper.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
        && ObjectMethods.receiverType(helper) == null
        && call.getArguments().stream().noneMatch(a -> caller.row(a) != null)
        && recordsGiven(helper, call, caller).isEmpty()
        && helper.getParameters().stream().allMatch(p -> AnnotatedMethods.typeOf(p.asType()).isPresent());
  }

  /**
   * Why {@code helper}, which writes into arrays it is given, cannot call itself through recorded
   * calls packed ({@link io.javagrad.processor.ir.Callee#inPlaceHelper}), or null if it can: it
   * must return a double or nothing, take {@code double[]} arrays only (no {@code double[][]}, whose
   * rows it could write through), and never give a parameter it writes through another array.
   */
  private String inPlaceRefusal(ExecutableElement helper) {
    TypeKind returns = helper.getReturnType().getKind();
    if (returns != TypeKind.DOUBLE && returns != TypeKind.VOID || !translators.writesArguments(helper)) {
      return "returns " + (AnnotatedMethods.isVectorValued(helper) ? "a double[]" : helper.getReturnType())
          + " and may write into an array it did not make (one it is given, or one a call returned)";
    }
    List<Integer> written = translators.writtenParameters(helper);
    if (written.isEmpty()) {
      return "may write into an array it did not make (one a call returned, or a row)";
    }
    for (javax.lang.model.element.VariableElement p : helper.getParameters()) {
      if (AnnotatedMethods.typeOf(p.asType()).filter(t -> t == Type.DOUBLE_MATRIX).isPresent()) {
        return "writes into an array it is given, and takes a double[][] (" + p.getSimpleName() + ")";
      }
    }
    TreePath path = trees.getPath(helper);
    MethodTree tree = path == null ? null : (MethodTree) path.getLeaf();
    for (int i : written) {
      String name = helper.getParameters().get(i).getSimpleName().toString();
      if (tree == null || Scope.assigns(List.of(tree.getBody()), name)) {
        return "writes into the array " + name + " it is given, and gives " + name + " another array";
      }
    }
    return null;
  }

  /**
   * The records without object that {@code call} gives {@code helper}, by the index of their
   * parameters; one that may be null is refused, since a specialization's parameters are its leaves.
   */
  private SortedMap<Integer, TypeElement> recordsGiven(ExecutableElement helper, MethodInvocationTree call,
      Caller caller) {
    SortedMap<Integer, TypeElement> records = new TreeMap<>();
    for (int i = 0; i < helper.getParameters().size() && i < call.getArguments().size(); i++) {
      ExpressionTree argument = call.getArguments().get(i);
      TypeElement record = caller.records().takenAs(helper.getParameters().get(i).asType(), argument);
      if (record != null && caller.records().isValue(argument)) {
        if (caller.records().mayBeNull(argument)) {
          throw new Unsupported(argument, name(helper) + " calls itself, given " + SourceText.oneLine(argument)
              + ", which may be null; javagrad gives a recursive helper a record as its components, which cannot"
              + " be null: test for null before the call");
        }
        records.put(i, record);
      }
    }
    return records;
  }

  /**
   * Binds each parameter to its argument: an array parameter names the argument's array (or row),
   * a function names the function {@code given} for it, a scalar is a local given the argument's
   * value, in order, as Java evaluates them. A {@code double...} parameter given its elements one
   * by one is a new array of them.
   */
  private void bindParameters(ExecutableElement helper, TreePath path, List<? extends ExpressionTree> arguments,
      Caller caller, Scope scope, Map<Integer, FunctionValue> given, BiConsumer<Integer, Expr> bound) {
    MethodTree tree = (MethodTree) path.getLeaf();
    for (int i = 0; i < tree.getParameters().size(); i++) {
      String name = tree.getParameters().get(i).getName().toString();
      TypeMirror declared = helper.getParameters().get(i).asType();
      FunctionValue function = given.get(i);
      boolean last = i == tree.getParameters().size() - 1;
      // An interface's parameter given a record without object (new Call(strike)) is that record, unless reassigned.
      TypeElement record = i >= arguments.size() ? null : isAssigned(path, tree.getBody(), name)
          ? caller.records().followed(declared) : caller.records().takenAs(declared, arguments.get(i));
      if (function != null) {
        scope.bindFunction(name, function);
      } else if (record != null) {
        ExpressionTree argument = arguments.get(i);
        RecordTranslator records = caller.records();
        scope.bindRecord(name, records.copied(record, records.given(argument), name));
      } else if (last && helper.isVarArgs() && !caller.isArray(arguments, i)) {
        bindElements(name, arguments.subList(i, arguments.size()), caller, scope);
      } else {
        Type type = AnnotatedMethods.typeOf(declared).orElseThrow();
        bound.accept(i, bind(name, type, arguments.get(i), isAssigned(path, tree.getBody(), name), caller, scope));
      }
    }
  }

  /**
   * Binds the parameter {@code name} of {@code type} to {@code argument}; returns the value or the
   * array it names, for the constant-input check.
   */
  static Expr bind(String name, Type type, ExpressionTree argument, boolean reassigned, Caller caller,
      Scope scope) {
    if (type.isDoubleArray()) {
      return bindArray(name, type, argument, reassigned, caller, scope);
    }
    Variable local = scope.declareLocal(name, type);
    Expr value = caller.argument(type, argument);
    caller.before().accept(new Stmt.Declare(local, value,
        type.javaName() + " " + local.name() + " = " + SourceText.oneLine(argument) + ";"));
    caller.boxed(type, value, name, argument);
    return value;
  }

  /** {@code double... name} given {@code elements}: a new array, filled in order. */
  private static void bindElements(String name, List<? extends ExpressionTree> elements, Caller caller, Scope scope) {
    Variable array = scope.declareLocal(name, Type.DOUBLE_ARRAY);
    Consumer<Stmt> before = caller.before();
    before.accept(new Stmt.Declare(array, new Expr.NewArray(Literals.number(Type.INT, elements.size())),
        "double[] " + array.name() + " = new double[" + elements.size() + "];"));
    for (int k = 0; k < elements.size(); k++) {
      ExpressionTree element = elements.get(k);
      before.accept(new Stmt.ArrayStore(array, Literals.number(Type.INT, k), caller.argument(Type.DOUBLE, element),
          array.name() + "[" + k + "] = " + SourceText.oneLine(element) + ";"));
    }
  }

  /** Binds an array parameter; returns the array it names, for the constant-input check. */
  private static Expr bindArray(String name, Type type, ExpressionTree argument, boolean reassigned, Caller caller,
      Scope scope) {
    if (reassigned) {
      throw new Unsupported(argument, "the helper gives its array parameter " + name + " another array, which an"
          + " inlined helper cannot do to the array its caller passes; in the helper, copy " + name
          + " into a local array of its own and work on that");
    }
    ExpressionTranslator.Row row = type == Type.DOUBLE_ARRAY ? caller.row(argument) : null;
    if (row != null) {
      Variable index = scope.declareLocal(name + "Row", Type.INT);
      caller.before().accept(new Stmt.Declare(index, row.index(), "int " + index.name() + " = "
          + SourceText.oneLine(argument) + ";"));
      scope.aliasRow(name, row.matrix(), index);
      return new Expr.Read(row.matrix());
    }
    Expr array = caller.array(type, argument);
    if (array instanceof Expr.Read read) {
      scope.alias(name, read.variable());
    } else {
      Variable local = scope.declareLocal(name, type);
      caller.before().accept(new Stmt.Declare(local, array, type.javaName() + " " + local.name() + " = "
          + SourceText.oneLine(argument) + ";"));
    }
    return array;
  }

  /**
   * What checks the argument of {@code call} bound to parameter {@code i} of {@code helper}: a {@code @NoDerivative}
   * parameter of a {@code @Differentiable} method (a vector-valued one, inlined) must get a value
   * without derivative, as a call through a companion must.
   */
  private BiConsumer<Integer, Expr> constant(ExecutableElement helper, MethodInvocationTree call) {
    boolean annotated = AnnotatedMethods.isAnnotated(helper, AnnotatedMethods.DIFFERENTIABLE);
    return (i, value) -> {
      if (annotated && AnnotatedMethods.isConstantInput(helper.getParameters().get(i))) {
        translators.givenToConstant(value, call.getArguments().get(i));
      }
    };
  }

  /** Whether {@code body}, of {@code enclosing}, assigns the variable {@code name} (its parameter's, as Java scopes names). */
  static boolean isAssigned(TreePath enclosing, Tree body, String name) {
    Boolean assigned = new WriteScanner() {
      @Override
      boolean writes(ExpressionTree target) {
        return target instanceof IdentifierTree id && id.getName().contentEquals(name);
      }
    }.scan(new TreePath(enclosing, body), null);
    return Boolean.TRUE.equals(assigned);
  }

  /**
   * Emits {@code body} through {@code before}, its returns turned into the call's value, which it
   * returns (null for a helper that returns nothing).
   */
  static Expr returned(String name, String display, Tree call, List<Stmt> body, Type returns,
      Scope scope, Consumer<Stmt> before) {
    boolean endsInReturn = !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return;
    List<Stmt> rest = endsInReturn ? body.subList(0, body.size() - 1) : body;
    boolean earlyReturn = Statements.all(rest).stream().anyMatch(s -> s instanceof Stmt.Return);
    // A body that ends in a throw is lowered too, so that the caller's code after it stays reachable for javac.
    if (!earlyReturn && ControlFlowLowering.completesNormally(body)) {
      rest.forEach(before);
      Expr value = endsInReturn ? body.get(body.size() - 1).value() : null;
      return value == null || value instanceof Expr.Read ? checkedResult(display, call, value)
          : kept(value, scope, name, call, before);
    }
    if (returns != null && returns.isOther()) {
      throw new Unsupported(call, display + " returns before its last statement, and an inlined helper"
          + " returning a " + returns.javaName() + " must have its one return at the end; assign the value to a"
          + " local and return that local once, at the end");
    }
    Variable result = returns == null ? null : scope.declareLocal(name + "Result", returns);
    if (result != null) {
      before.accept(resultDeclaration(result));
    }
    ControlFlowLowering.lowerInlined(body, result, scope::reserve).forEach(before);
    return result == null ? null : new Expr.Read(result);
  }

  /**
   * The declaration of {@code result}, a local that the branches of an inlined body assign: an
   * array's holds none until one gives it one; a number's starts at 0, as javac wants it given.
   */
  static Stmt resultDeclaration(Variable result) {
    Type type = result.type();
    if (type.isOther() && type.defaultValue().equals("null")) {
      // A record's label (a String, an enum): null until assigned, as a field of the record would be.
      Expr.Opaque none = new Expr.Opaque(type, List.of(CodeBlock.of("null")), List.of(), true, Term.PRIMARY, "null");
      return new Stmt.Declare(result, none, type.javaName() + " " + result.name() + " = null;");
    }
    Expr.Constant zero = type.isDoubleArray() ? null
        : type == Type.BOOLEAN ? Literals.bool(false) : Literals.number(type, 0);
    return new Stmt.Declare(result, zero, type.javaName() + " " + result.name()
        + (zero == null ? "" : " = " + zero.code()) + ";");
  }

  /** {@code value} in a local of its own, where the call's value is computed by more than a variable's read. */
  private static Expr kept(Expr value, Scope scope, String name, Tree call, Consumer<Stmt> before) {
    Variable result = scope.declareLocal(name + "Result", value.type());
    before.accept(new Stmt.Declare(result, value, value.type().javaName() + " " + result.name() + " = "
        + SourceText.oneLine(call) + ";"));
    return new Expr.Read(result);
  }

  /** A read that the caller may keep: not a parameter's array, which a caller's local cannot hold. */
  private static Expr checkedResult(String display, Tree call, Expr value) {
    if (value instanceof Expr.Read read && read.variable().isParameter() && read.type().isDoubleArray()) {
      String array = read.variable().name();
      throw new Unsupported(call, display + " returns the array " + array + " it was given, the caller's parameter,"
          + " which javagrad follows only under its own name (or a local declared with it, double[] b = " + array
          + "); use " + array + " itself here, or " + array + ".clone() for a copy of it");
    }
    return value;
  }

  /** The helpers from the one that calls {@code helper} again back to it, for the message. */
  private String path(ExecutableElement helper) {
    List<String> names = new ArrayList<>();
    boolean inCycle = false;
    for (Activation activation : inlining) {
      inCycle |= activation.helper().equals(helper);
      if (inCycle) {
        names.add(name(activation.helper()));
      }
    }
    names.add(name(helper));
    return String.join(" -> ", names);
  }

  private static String name(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
  }
}
