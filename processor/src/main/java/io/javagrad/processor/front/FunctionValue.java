package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * A lambda, an anonymous class of one method, or a static method reference given to a helper
 * ({@code simpson(t -> Math.exp(-k * t), 0, b, n)}) or held by a local, as numeric code passes
 * the function an integrator or a solver works on. It makes no object: a name bound to it ({@link Scope#bindFunction}) stands for its
 * code, and each application ({@code f.applyAsDouble(x)}) is that code, a lambda's body inlined
 * with its parameters bound to the arguments, a method reference's call made. So the derivative
 * flows through it, including through what it captures.
 *
 * @param tree a {@link LambdaExpressionTree}, a {@link NewClassTree} of an anonymous class that
 *     implements the interface's one method ({@code new UnivariateFunction() { public double
 *     value(double x) { ... } }}), or a {@link MemberReferenceTree} naming a static method
 * @param type the functional interface the name is bound as, whose abstract method applies it;
 *     null until it is bound
 * @param written where it is written, whose names its body resolves
 * @param scope for code, the variables it sees ({@link Scope#snapshot}); null for a reference
 * @param referenced for a reference, the class whose static method it names, as resolved where it
 *     is written; null for code
 */
record FunctionValue(ExpressionTree tree, DeclaredType type, Written written, Scope scope, TypeElement referenced) {

  /**
   * Where code is written: in a method, or in a field's initializer, of the class {@code owner} in
   * {@code unit}, whose names it resolves; the {@code @DerivativeOf} rules in force are {@code
   * method}'s (for a field's, the method's that applies it).
   */
  record Written(TypeElement owner, ExecutableElement method, CompilationUnitTree unit) {
    /** Code in the body of {@code method}, of {@code unit}. */
    static Written in(ExecutableElement method, CompilationUnitTree unit) {
      return new Written((TypeElement) method.getEnclosingElement(), method, unit);
    }
  }

  /**
   * A lambda or an anonymous class ({@link #isCode}) written in {@code written}, seeing {@code
   * scope}; or, bound as {@code type}, a field's.
   */
  static FunctionValue code(ExpressionTree code, DeclaredType type, Written written, Scope scope) {
    return new FunctionValue(code, type, written, scope, null);
  }

  /**
   * Whether {@code tree} is code a name can stand for: a lambda, or an anonymous class that only
   * implements one method (no fields, no other methods, no arguments, nothing read through {@code
   * this}), which is a lambda written the older way.
   */
  static boolean isCode(Tree tree) {
    return tree instanceof LambdaExpressionTree || tree instanceof NewClassTree creation && method(creation) != null;
  }

  /** Its parameters, a lambda's or its anonymous class's method's. */
  List<? extends VariableTree> parameters() {
    return tree instanceof LambdaExpressionTree lambda ? lambda.getParameters()
        : method((NewClassTree) tree).getParameters();
  }

  /** Its body: a lambda's expression or block, or its anonymous class's method's block. */
  Tree body() {
    return tree instanceof LambdaExpressionTree lambda ? lambda.getBody() : method((NewClassTree) tree).getBody();
  }

  /** The name of the method the code implements, where it says (an anonymous class's); null for a lambda. */
  String implemented() {
    return tree instanceof NewClassTree creation ? method(creation).getName().toString() : null;
  }

  /**
   * Whether its code uses its parameters and result as numbers alone, so that a boxed one ({@code
   * Function<Double, Double>}'s) can be the number it holds: no {@code null}, no method or field of
   * a parameter ({@code t.isNaN()}), no {@code instanceof}. A reference's method takes what it takes.
   */
  boolean usesBoxedAsNumbers() {
    if (referenced != null) {
      return true;
    }
    Set<String> names = new HashSet<>();
    parameters().forEach(p -> names.add(p.getName().toString()));
    Boolean asObjects = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitLiteral(LiteralTree literal, Void unused) {
        return literal.getKind() == Tree.Kind.NULL_LITERAL;
      }

      @Override
      public Boolean visitMemberSelect(MemberSelectTree select, Void unused) {
        return select.getExpression() instanceof IdentifierTree id && names.contains(id.getName().toString())
            || Boolean.TRUE.equals(super.visitMemberSelect(select, unused));
      }

      @Override
      public Boolean visitInstanceOf(InstanceOfTree test, Void unused) {
        return true;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(body(), null);
    return !Boolean.TRUE.equals(asObjects);
  }

  /**
   * For an anonymous class, a method of its own (its interface's, or Object's) that its code calls
   * by its simple name, which, inlined where the class is applied, would name the caller's method
   * instead; null where it calls none, and for other code.
   */
  String ownMethodCalled(Elements elements) {
    if (!(tree instanceof NewClassTree)) {
      return null;
    }
    Set<String> own = new HashSet<>();
    Stream.of((TypeElement) type.asElement(), elements.getTypeElement("java.lang.Object"))
        .flatMap(t -> ElementFilter.methodsIn(elements.getAllMembers(t)).stream())
        .forEach(m -> own.add(m.getSimpleName().toString()));
    String[] called = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (call.getMethodSelect() instanceof IdentifierTree name && own.contains(name.getName().toString())) {
          called[0] = name.getName().toString();
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(body(), null);
    return called[0];
  }

  /** The one method of {@code creation}'s anonymous class, where that is all it declares and uses; else null. */
  private static MethodTree method(NewClassTree creation) {
    if (creation.getClassBody() == null || creation.getEnclosingExpression() != null
        || !creation.getArguments().isEmpty()) {
      return null;
    }
    List<? extends Tree> members = creation.getClassBody().getMembers().stream()
        .filter(m -> !(m instanceof MethodTree method && method.getName().contentEquals("<init>")))
        .toList();
    return members.size() == 1 && members.get(0) instanceof MethodTree method && method.getBody() != null
        && method.getTypeParameters().isEmpty() && !readsItself(method) ? method : null;
  }

  /** Whether {@code method} names {@code this} or {@code super}: its object, which an inlined body has not. */
  private static boolean readsItself(MethodTree method) {
    Boolean reads = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
        return identifier.getName().contentEquals("this") || identifier.getName().contentEquals("super");
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(method.getBody(), null);
    return Boolean.TRUE.equals(reads);
  }

  /** A reference to a static method of {@code referenced}. */
  static FunctionValue reference(MemberReferenceTree reference, TypeElement referenced, Written written) {
    return new FunctionValue(reference, null, written, null, referenced);
  }

  /** This function, bound as {@code type}. */
  FunctionValue as(DeclaredType type) {
    return new FunctionValue(tree, type, written, scope, referenced);
  }

  /** The method that applies it ({@code applyAsDouble}). */
  ExecutableElement abstractMethod(Elements elements) {
    return abstractMethod(type, elements);
  }

  /** Its parameters' and result's types, as the abstract method has them for the type it is bound as. */
  ExecutableType signature(Elements elements, Types types) {
    return (ExecutableType) types.asMemberOf(type, abstractMethod(elements));
  }

  /** The abstract method of {@code type} if it is a functional interface, else null. */
  static ExecutableElement abstractMethod(TypeMirror type, Elements elements) {
    if (!(type instanceof DeclaredType declared) || declared.asElement().getKind() != ElementKind.INTERFACE) {
      return null;
    }
    List<ExecutableElement> abstracts = ElementFilter.methodsIn(
        elements.getAllMembers((TypeElement) declared.asElement())).stream()
        .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT) && !isObjectMethod(m))
        .toList();
    return abstracts.size() == 1 ? abstracts.get(0) : null;
  }

  /** An interface may declare Object's public methods again (Comparator's equals): they are not its function. */
  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    int arity = method.getParameters().size();
    return OBJECT_METHODS.contains(name) && arity == (name.equals("equals") ? 1 : 0);
  }

  private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
}
