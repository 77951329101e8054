package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Turns a method that a body calls into a {@link Callee}, if it is {@code @Differentiable} and its
 * companion is there to call: generated in this round, or on the classpath from an earlier build.
 */
public final class CalleeResolver {
  private final Elements elements;
  private final Set<ExecutableElement> methodsOfThisRound;

  public CalleeResolver(Elements elements, Set<ExecutableElement> methodsOfThisRound) {
    this.elements = elements;
    this.methodsOfThisRound = methodsOfThisRound;
  }

  public static boolean isDifferentiable(ExecutableElement method) {
    return AnnotatedMethods.isAnnotated(method, AnnotatedMethods.DIFFERENTIABLE);
  }

  /** The companion class of {@code type}: {@code p.Outer_InnerGrad} for {@code p.Outer.Inner}. */
  public static ClassName companionOf(TypeElement type) {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Grad");
  }

  /** The name of the pullback entry that carries a gradient back through {@code method}. */
  public static String pullbackName(String method) {
    return method + "_pullback";
  }

  /**
   * The callee, or a message saying why {@code method} cannot be called from a differentiable
   * method.
   */
  Callee resolve(ExecutableElement method, com.sun.source.tree.Tree site) {
    String display = method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
    if (!isDifferentiable(method) || !method.getModifiers().contains(Modifier.STATIC)) {
      String library = elements.getPackageOf(method).getQualifiedName().toString();
      boolean yours = !library.startsWith("java.") && !library.startsWith("javax.") && !library.equals("io.javagrad");
      throw new Unsupported(site, display + " is not differentiable: a @Differentiable method may call "
          + io.javagrad.processor.ir.Primitive.supportedFunctions()
          + (yours ? "; mark " + display + " @Differentiable (static, returning double) to call it" : ""));
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion = companionOf(owner);
    if (!methodsOfThisRound.contains(method) && !hasPullback(companion, method)) {
      throw new Unsupported(site, display + " is @Differentiable, but its companion "
          + companion.canonicalName() + " with " + pullbackName(method.getSimpleName().toString())
          + " is not on the classpath: compile " + owner.getSimpleName()
          + " with the javagrad processor on the annotation processor path");
    }
    List<Type> types = new ArrayList<>();
    List<Boolean> constant = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      constant.add(AnnotatedMethods.isConstantInput(p));
      Optional<Type> type = AnnotatedMethods.typeOf(p.asType());
      if (type.isEmpty()) {
        throw new Unsupported(site, display + " has a parameter of type " + p.asType()
            + ", which a differentiable method cannot take");
      }
      types.add(type.get());
    }
    return new Callee(ClassName.get(owner), companion, method.getSimpleName().toString(), types, constant);
  }

  private boolean hasPullback(ClassName companion, ExecutableElement method) {
    TypeElement type = elements.getTypeElement(companion.canonicalName());
    if (type == null) {
      return false;
    }
    String pullback = pullbackName(method.getSimpleName().toString());
    return type.getEnclosedElements().stream().anyMatch(e -> e.getSimpleName().contentEquals(pullback));
  }
}
