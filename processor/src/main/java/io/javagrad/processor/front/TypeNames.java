package io.javagrad.processor.front;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;

/**
 * The names a companion may write unqualified for a type, which its variables must not take: a
 * top-level class of its package, or the companion of one, which may not exist yet. JavaPoet
 * qualifies the types of other packages that a name hides ({@code CompanionWriter.Surroundings}),
 * but never those of its own.
 *
 * <p>One per round, shared by its methods: a package's types are listed once, where every variable
 * of every method asked javac for a type of its name, and {@code Elements.getTypeElement} looks a
 * name up in every module, attributing it in each, to find that there is none.
 */
public final class TypeNames {
  private final Map<PackageElement, Set<String>> typesOf = new HashMap<>();

  /** Whether a name is one a companion in {@code companionPackage} may write for a type. */
  Predicate<String> of(PackageElement companionPackage) {
    Set<String> types = typesOf.computeIfAbsent(companionPackage, TypeNames::topLevelTypes);
    return name -> types.contains(name)
        || name.endsWith("Grad") && types.contains(name.substring(0, name.length() - 4));
  }

  private static Set<String> topLevelTypes(PackageElement p) {
    Set<String> names = new HashSet<>();
    for (Element member : p.getEnclosedElements()) {
      names.add(member.getSimpleName().toString());
    }
    return names;
  }
}
