package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

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
 * itself, so one that reaches itself again is an error: recursion goes through helpers returning
 * {@code double}, which calls differentiate.
 */
final class Inliner {
  private final Translators translators;
  private final Trees trees;
  /** The method whose body the calls are inlined into, then the helpers being inlined, innermost last. */
  private final Deque<ExecutableElement> inlining = new ArrayDeque<>();

  Inliner(Translators translators, Trees trees, ExecutableElement method) {
    this.translators = translators;
    this.trees = trees;
    inlining.add(method);
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

    Consumer<Stmt> before();

    Scope scope();
  }

  /**
   * Inlines {@code call} of {@code helper}: the statements run before the caller's expression;
   * returns the value of the call, or null where the helper returns nothing.
   */
  Expr inline(ExecutableElement helper, MethodInvocationTree call, Caller caller) {
    if (inlining.contains(helper)) {
      throw new Unsupported(call, name(helper) + " is inlined at each call (it returns an array, takes double...,"
          + " writes into an array, or is given a row of a double[][]), and it calls itself (" + path(helper)
          + "); recursion is supported through methods that return a double, write no array and take no row");
    }
    TreePath path = trees.getPath(helper);
    MethodTree tree = (MethodTree) path.getLeaf();
    Set<String> identifiers = BodyTranslator.identifiersIn(tree);
    translators.inlined(identifiers);
    Scope scope = caller.scope().inlined(identifiers);
    Variable receiver = bindReceiver(helper, call, caller, scope);
    bindParameters(helper, path, call, caller, scope, constant(helper, call));
    if (receiver != null) {
      caller.before().accept(ObjectMethods.nullCheck(receiver));
    }
    Type returns = helper.getReturnType().getKind() == TypeKind.VOID ? null
        : AnnotatedMethods.typeOf(helper.getReturnType()).orElseThrow();
    List<Stmt> body;
    inlining.addLast(helper);
    try {
      body = translators.inlinedBody(helper, path.getCompilationUnit(), scope, returns,
          tree.getBody().getStatements());
    } catch (Unsupported inside) {
      throw Unsupported.inCallee(call, name(helper) + " is inlined here, and its body cannot be differentiated"
          + " (see the error reported there)", inside, path.getCompilationUnit());
    } finally {
      inlining.removeLast();
    }
    return returned(helper, call, body, returns, scope, caller.before());
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
   * Binds each parameter to its argument: an array parameter names the argument's array (or row),
   * a scalar is a local given the argument's value, in order, as Java evaluates them. A {@code
   * double...} parameter given its elements one by one is a new array of them.
   */
  private static void bindParameters(ExecutableElement helper, TreePath path, MethodInvocationTree call,
      Caller caller, Scope scope, BiConsumer<Integer, Expr> bound) {
    MethodTree tree = (MethodTree) path.getLeaf();
    List<? extends ExpressionTree> arguments = call.getArguments();
    for (int i = 0; i < tree.getParameters().size(); i++) {
      VariableTree parameter = tree.getParameters().get(i);
      String name = parameter.getName().toString();
      Type type = AnnotatedMethods.typeOf(helper.getParameters().get(i).asType()).orElseThrow();
      boolean last = i == tree.getParameters().size() - 1;
      if (last && helper.isVarArgs() && !caller.isArray(arguments, i)) {
        bindElements(name, arguments.subList(i, arguments.size()), caller, scope);
      } else if (type.isDoubleArray()) {
        bound.accept(i, bindArray(name, type, arguments.get(i), isAssigned(path, name), caller, scope));
      } else {
        Variable local = scope.declareLocal(name, type);
        Expr value = caller.argument(type, arguments.get(i));
        bound.accept(i, value);
        caller.before().accept(new Stmt.Declare(local, value,
            type.javaName() + " " + local.name() + " = " + SourceText.oneLine(arguments.get(i)) + ";"));
      }
    }
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

  /** Whether the body of {@code tree} assigns the variable {@code name} (its parameter's, as Java scopes names). */
  private static boolean isAssigned(TreePath method, String name) {
    Boolean assigned = new WriteScanner() {
      @Override
      boolean writes(ExpressionTree target) {
        return target instanceof IdentifierTree id && id.getName().contentEquals(name);
      }
    }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
    return Boolean.TRUE.equals(assigned);
  }

  /**
   * Emits {@code body} through {@code before}, its returns turned into the call's value, which it
   * returns (null for a helper that returns nothing).
   */
  private Expr returned(ExecutableElement helper, MethodInvocationTree call, List<Stmt> body, Type returns,
      Scope scope, Consumer<Stmt> before) {
    boolean endsInReturn = !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return;
    List<Stmt> rest = endsInReturn ? body.subList(0, body.size() - 1) : body;
    boolean earlyReturn = Statements.all(rest).stream().anyMatch(s -> s instanceof Stmt.Return);
    if (!earlyReturn) {
      rest.forEach(before);
      Expr value = endsInReturn ? body.get(body.size() - 1).value() : null;
      return value == null || value instanceof Expr.Read ? checkedResult(helper, call, value)
          : kept(value, scope, helper, call, before);
    }
    if (returns != null && returns.isOther()) {
      throw new Unsupported(call, name(helper) + " returns before its last statement, and an inlined helper"
          + " returning a " + returns.javaName() + " must have its one return at the end; assign the value to a"
          + " local and return that local once, at the end");
    }
    Variable result = returns == null ? null : scope.declareLocal(helper.getSimpleName() + "Result", returns);
    if (result != null) {
      // An array's holds none until a return gives it one; a number's starts at 0, as javac wants it given.
      Expr.Constant zero = returns.isDoubleArray() ? null
          : returns == Type.BOOLEAN ? Literals.bool(false) : Literals.number(returns, 0);
      before.accept(new Stmt.Declare(result, zero, returns.javaName() + " " + result.name()
          + (zero == null ? "" : " = " + zero.code()) + ";"));
    }
    ControlFlowLowering.lowerInlined(body, result, scope::reserve).forEach(before);
    return result == null ? null : new Expr.Read(result);
  }

  /** {@code value} in a local of its own, where the call's value is computed by more than a variable's read. */
  private static Expr kept(Expr value, Scope scope, ExecutableElement helper, MethodInvocationTree call,
      Consumer<Stmt> before) {
    Variable result = scope.declareLocal(helper.getSimpleName() + "Result", value.type());
    before.accept(new Stmt.Declare(result, value, value.type().javaName() + " " + result.name() + " = "
        + SourceText.oneLine(call) + ";"));
    return new Expr.Read(result);
  }

  /** A read that the caller may keep: not a parameter's array, which a caller's local cannot hold. */
  private static Expr checkedResult(ExecutableElement helper, MethodInvocationTree call, Expr value) {
    if (value instanceof Expr.Read read && read.variable().isParameter() && read.type().isDoubleArray()) {
      throw new Unsupported(call, name(helper) + " returns the array " + read.variable().name() + " it was given,"
          + " which a local can hold only as another name for it, declared with it; use " + read.variable().name()
          + " itself here");
    }
    return value;
  }

  /** The helpers from the one that calls {@code helper} again back to it, for the message. */
  private String path(ExecutableElement helper) {
    List<String> names = new ArrayList<>();
    boolean inCycle = false;
    for (ExecutableElement m : inlining) {
      inCycle |= m.equals(helper);
      if (inCycle) {
        names.add(name(m));
      }
    }
    names.add(name(helper));
    return String.join(" -> ", names);
  }

  private static String name(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
  }
}
