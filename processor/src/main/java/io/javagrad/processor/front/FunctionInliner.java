package io.javagrad.processor.front;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The applications of functions passed as values ({@link FunctionValue}): {@code f.applyAsDouble(x)},
 * for a name bound to a lambda or an anonymous class, is its body translated in place of the call,
 * in the scope it was written in, its parameters bound to the arguments as an inlined helper's are
 * ({@link Inliner}); and what an application needs to know of the function's interface.
 */
final class FunctionInliner {
  private final Translators translators;
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  /** The functions being applied, innermost last: one applied again inside its own application would be without end. */
  private final Deque<Tree> applying = new ArrayDeque<>();

  FunctionInliner(Translators translators, Trees trees, Elements elements, Types types) {
    this.translators = translators;
    this.trees = trees;
    this.elements = elements;
    this.types = types;
  }

  /**
   * Applies {@code function}, a lambda or an anonymous class's method, at {@code call} ({@code
   * f.applyAsDouble(x)}): its body is translated in place of the call, in the scope it was written
   * in, its parameters bound to the arguments as a helper's are; returns the value, or null where it
   * returns none.
   */
  Expr apply(FunctionValue function, MethodInvocationTree call, Inliner.Caller caller) {
    FunctionValue.Written written = function.written();
    List<Type> parameterTypes = parameterTypes(function, call);
    Type returns = resultType(function, call);
    String applies = applies(function);
    if (function.implemented() != null && !function.implemented().equals(applies)) {
      throw new Unsupported(function.tree(), "javagrad applies this class's " + function.implemented() + " where "
          + SourceText.oneLine(call) + " calls " + applies + ", which it does not implement; implement " + applies);
    }
    String own = function.ownMethodCalled(elements);
    if (own != null) {
      throw new Unsupported(function.tree(), "javagrad applies this class's " + function.implemented() + " where it is"
          + " called, where " + own + "(...) would be the caller's method, not the class's own; call it on a"
          + " variable, or write a lambda");
    }
    if (returns == null && function.body() instanceof ExpressionTree value) {
      throw new Unsupported(function.tree(), "javagrad applies this lambda where it is called, and a lambda that"
          + " returns nothing must have a block for its body there: write { " + SourceText.oneLine(value) + "; }");
    }
    if (applying.contains(function.tree())) {
      throw new Unsupported(call, SourceText.oneLine(call) + " applies " + SourceText.oneLine(function.tree())
          + " inside its own application, and javagrad inlines a function where it is applied; write the recursion"
          + " as a method returning a double, which calls differentiate");
    }
    Scope scope = function.scope();
    scope.open();
    try {
      TreePath path = trees.getPath(written.unit(), function.tree());
      List<? extends TypeMirror> declared = function.signature(elements, types).getParameterTypes();
      for (int i = 0; i < parameterTypes.size(); i++) {
        String name = function.parameters().get(i).getName().toString();
        ExpressionTree argument = call.getArguments().get(i);
        boolean assigned = Inliner.isAssigned(path, function.body(), name);
        TypeElement record = assigned ? null : caller.records().takenAs(declared.get(i), argument);
        if (record != null && caller.records().isValue(argument)) {
          // A record without object (p -> p.minus(c).norm() given ray.at(t)): its components, as a helper's parameter.
          scope.bindRecord(name, caller.records().copied(record, caller.records().given(argument), name));
        } else {
          Inliner.bind(name, parameterTypes.get(i), argument, assigned, caller, scope);
        }
      }
      List<Stmt> body = body(function, scope, returns);
      return Inliner.returned(appliedName(call), SourceText.oneLine(function.tree()), call, body, returns, scope,
          caller.before());
    } catch (Unsupported inside) {
      throw inside.in(written.unit());
    } finally {
      scope.close();
    }
  }

  /**
   * The body of {@code function}, translated in {@code scope}, which binds its parameters. The
   * arguments are translated by then: an application among them ({@code g(g(x))}) is not inside this one.
   */
  private List<Stmt> body(FunctionValue function, Scope scope, Type returns) {
    applying.addLast(function.tree());
    try {
      return function.body() instanceof BlockTree block
          ? translators.inlinedBody(function.written(), scope, returns, null, block.getStatements())
          : translators.inlinedValue(function.written(), scope, returns, (ExpressionTree) function.body());
    } finally {
      applying.removeLast();
    }
  }

  /**
   * The name the value of {@code call} is kept under is that of the function applied: {@code f} for
   * {@code f.applyAsDouble(x)}, {@code squaredError} for {@code Losses.SQUARED_ERROR.applyAsDouble(r)}.
   */
  private static String appliedName(MethodInvocationTree call) {
    ExpressionTree function = ((MemberSelectTree) call.getMethodSelect()).getExpression();
    String name = function instanceof MemberSelectTree select ? select.getIdentifier().toString() : function.toString();
    if (!name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
      return name;
    }
    StringBuilder camel = new StringBuilder();
    for (String word : name.toLowerCase(java.util.Locale.ROOT).split("_")) {
      camel.append(camel.length() == 0 || word.isEmpty() ? word
          : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return camel.toString();
  }

  /**
   * {@code function}, a field's code, in a scope of its own: it sees none of the method's
   * variables, as a helper's body sees none of its caller's.
   */
  FunctionValue inOwnScope(FunctionValue function, Scope caller) {
    Set<String> identifiers = BodyTranslator.identifiersIn(function.tree());
    translators.inlined(identifiers);
    return FunctionValue.code(function.tree(), function.type(), function.written(), caller.inlined(identifiers));
  }

  /** Whether {@code type} is a functional interface, whose values a name can stand for ({@link FunctionValue}). */
  boolean isFunctional(TypeMirror type) {
    return FunctionValue.abstractMethod(type, elements) != null;
  }

  /** The name of the method that applies {@code function}, bound as a functional interface ({@code applyAsDouble}). */
  String applies(FunctionValue function) {
    return function.abstractMethod(elements).getSimpleName().toString();
  }

  /** The types of {@code function}'s parameters, as the functional interface it is bound as gives them. */
  List<Type> parameterTypes(FunctionValue function, Tree site) {
    List<Type> parameters = new ArrayList<>();
    for (TypeMirror type : function.signature(elements, types).getParameterTypes()) {
      parameters.add(valueType(type, function, site));
    }
    return parameters;
  }

  /** The type of {@code function}'s result, as the functional interface it is bound as gives it; null for none. */
  Type resultType(FunctionValue function, Tree site) {
    TypeMirror result = function.signature(elements, types).getReturnType();
    return result.getKind() == TypeKind.VOID ? null : valueType(result, function, site);
  }

  /**
   * The type of a parameter or of the result of {@code function} as its application binds it: a
   * boxed number ({@code Function<Double, Double>}'s {@code Double}) is the number it holds, since
   * the application makes no object, where the code uses it as a number alone.
   */
  private Type valueType(TypeMirror type, FunctionValue function, Tree site) {
    if (BOXES.contains(type.toString()) && function.usesBoxedAsNumbers()) {
      return AnnotatedMethods.typeOf(types.unboxedType(type)).orElseThrow();
    }
    return AnnotatedMethods.typeOf(type).orElseThrow(() -> new Unsupported(site, SourceText.oneLine(function.tree())
        + " takes a " + type + ", an array of arrays of arrays, which javagrad cannot follow"));
  }

  private static final Set<String> BOXES = Set.of("java.lang.Double", "java.lang.Integer", "java.lang.Long",
      "java.lang.Boolean");
}
