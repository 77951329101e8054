package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A function held by an enum's field that each constant gives through its constructor, as neural
 * network and loss code declares them ({@code TANH(Math::tanh), RELU(x -> Math.max(0, x))}),
 * applied in the enum's method ({@code f.applyAsDouble(x)}): the receiver's constant decides which
 * function runs, so the application is a choice among them, by constant, each inlined as a
 * function passed as a value is ({@link FunctionInliner}). The arguments are evaluated once, before
 * the choice, as Java evaluates them before the call.
 */
final class ConstantFunctions {
  /** The function a constant gives the field. */
  record Choice(String constant, FunctionValue function) {}

  /** The field {@code name} of {@code receiver}, an object of {@code enumType}, whose constants give it {@code choices}. */
  record Field(Variable receiver, String name, TypeElement enumType, List<Choice> choices) {}

  private final FunctionInliner functions;
  private final CallTranslator calls;

  ConstantFunctions(FunctionInliner functions, CallTranslator calls) {
    this.functions = functions;
    this.calls = calls;
  }

  /** {@code call}, the application of {@code applied}'s function: its value, or null where it returns none. */
  Expr apply(Field applied, MethodInvocationTree call, Inliner.Caller caller) {
    List<Choice> choices = applied.choices();
    String field = applied.name();
    ClassName enumType = ClassName.get(applied.enumType());
    Variable receiver = applied.receiver();
    FunctionValue first = choices.get(0).function();
    List<Type> parameters = functions.parameterTypes(first, call);
    Map<Tree, Expr> arguments = new HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      ExpressionTree arg = call.getArguments().get(i);
      Type type = parameters.get(i);
      Expr given = type.isDoubleArray() ? caller.array(type, arg) : caller.argument(type, arg);
      if (!(given instanceof Expr.Read)) {
        Variable local = caller.scope().declareLocal(field + "Argument", type);
        caller.before().accept(new Stmt.Declare(local, given,
            type.javaName() + " " + local.name() + " = " + SourceText.oneLine(arg) + ";"));
        given = new Expr.Read(local);
      }
      arguments.put(arg, given);
    }
    Type returns = functions.resultType(first, call);
    Variable value = returns == null ? null : caller.scope().declareLocal(field + "Result", returns);
    if (value != null) {
      caller.before().accept(Inliner.resultDeclaration(value));
    }
    List<Stmt> chosen = arm(choices.get(choices.size() - 1), arguments, value, call, caller);
    for (int i = choices.size() - 2; i >= 0; i--) {
      String constant = choices.get(i).constant();
      Expr.Opaque isConstant = new Expr.Opaque(Type.BOOLEAN, List.of(CodeBlock.of(""),
          CodeBlock.of(" == $T.$L", enumType, constant)), List.of(new Expr.Read(receiver)), true,
          Term.EQUALITY, "this == " + enumType.simpleName() + "." + constant);
      chosen = List.of(new Stmt.If(isConstant, arm(choices.get(i), arguments, value, call, caller), chosen,
          "if (" + isConstant.source() + ")"));
    }
    chosen.forEach(caller.before());
    return value == null ? null : new Expr.Read(value);
  }

  /** The application of one constant's function to the arguments evaluated before, assigning {@code value}. */
  private List<Stmt> arm(Choice choice, Map<Tree, Expr> arguments, Variable value, MethodInvocationTree call,
      Inliner.Caller caller) {
    List<Stmt> arm = new ArrayList<>();
    FunctionValue function = choice.function();
    Expr applied;
    if (function.referenced() != null) {
      List<Expr> args = call.getArguments().stream().map(arguments::get).toList();
      String name = ((MemberReferenceTree) function.tree()).getName().toString();
      applied = calls.referenced(function.referenced(), name, args, call);
    } else {
      applied = functions.apply(functions.inOwnScope(function, caller.scope()), call, evaluated(caller, arguments,
          arm::add));
    }
    if (value != null) {
      arm.add(new Stmt.Assign(value, applied, value.name() + " = " + SourceText.oneLine(function.tree()) + ";"));
    }
    return arm;
  }

  /** {@code caller}, but giving the arguments evaluated before, and putting what runs first into {@code before}. */
  private static Inliner.Caller evaluated(Inliner.Caller caller, Map<Tree, Expr> arguments, Consumer<Stmt> before) {
    return new Inliner.Caller() {
      @Override
      public ExpressionTree object(MethodInvocationTree call) {
        return caller.object(call);
      }

      @Override
      public Expr receiver(ExpressionTree object) {
        return caller.receiver(object);
      }

      @Override
      public Expr argument(Type type, ExpressionTree tree) {
        return arguments.get(tree);
      }

      @Override
      public Expr array(Type type, ExpressionTree tree) {
        return arguments.get(tree);
      }

      @Override
      public boolean isArray(List<? extends ExpressionTree> args, int from) {
        return caller.isArray(args, from);
      }

      @Override
      public ExpressionTranslator.Row row(ExpressionTree tree) {
        return null;
      }

      @Override
      public FunctionValue function(ExpressionTree tree) {
        return null;
      }

      @Override
      public Expr specialized(Specialization specialization, Map<Integer, FunctionValue> given,
          MethodInvocationTree call) {
        return caller.specialized(specialization, given, call);
      }

      @Override
      public Expr arrayCall(ExecutableElement helper, MethodInvocationTree call) {
        return caller.arrayCall(helper, call);
      }

      @Override
      public void boxed(Type type, Expr value, String name, Tree site) {
        caller.boxed(type, value, name, site);
      }

      @Override
      public RecordTranslator records() {
        return caller.records();
      }

      @Override
      public Consumer<Stmt> before() {
        return before;
      }

      @Override
      public Scope scope() {
        return caller.scope();
      }
    };
  }
}
