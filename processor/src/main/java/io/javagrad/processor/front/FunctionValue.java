package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import java.util.List;
import java.util.Set;
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
 * A lambda or a static method reference given to a helper ({@code simpson(t -> Math.exp(-k * t),
 * 0, b, n)}) or held by a local, as numeric code passes the function an integrator or a solver
 * works on. It makes no object: a name bound to it ({@link Scope#bindFunction}) stands for its
 * code, and each application ({@code f.applyAsDouble(x)}) is that code, a lambda's body inlined
 * with its parameters bound to the arguments, a method reference's call made. So the derivative
 * flows through it, including through what it captures.
 *
 * @param tree a {@link LambdaExpressionTree} or a {@link MemberReferenceTree} naming a static method
 * @param type the functional interface the name is bound as, whose abstract method applies it;
 *     null until it is bound
 * @param written where it is written, whose names its body resolves
 * @param scope for a lambda, the variables it sees ({@link Scope#snapshot}); null for a reference
 * @param referenced for a reference, the class whose static method it names, as resolved where it
 *     is written; null for a lambda
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

  /** A lambda written in {@code written}, seeing {@code scope}; or, bound as {@code type}, a field's. */
  static FunctionValue lambda(LambdaExpressionTree lambda, DeclaredType type, Written written, Scope scope) {
    return new FunctionValue(lambda, type, written, scope, null);
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
