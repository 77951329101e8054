package io.javagrad.processor.front;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;

/**
 * The names a companion may write unqualified for a type, which its variables must not take: a
 * top-level class of its package, or the companion of one, which may not exist yet. JavaPoet
 * qualifies the types of other packages that a name hides ({@code CompanionWriter.Surroundings}),
 * but never those of its own.
 *
 * <p>One per round, shared by its methods: javac is asked once per name, where every variable of
 * every method asked again, and looking up a type that does not exist searches every module.
 */
public final class TypeNames {
  private final Elements elements;
  private final Map<String, Boolean> types = new HashMap<>();

  public TypeNames(Elements elements) {
    this.elements = elements;
  }

  /** Whether a name is one a companion in {@code companionPackage} may write for a type. */
  Predicate<String> of(PackageElement companionPackage) {
    String prefix = companionPackage.isUnnamed() ? "" : companionPackage.getQualifiedName() + ".";
    return name -> isType(prefix + name)
        || name.endsWith("Grad") && isType(prefix + name.substring(0, name.length() - 4));
  }

  private boolean isType(String qualifiedName) {
    return types.computeIfAbsent(qualifiedName, name -> elements.getTypeElement(name) != null);
  }
}
