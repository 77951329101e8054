package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Decides what a name in a method body refers to, by the rules of the Java language rather than by
 * its spelling, because bodies are not yet attributed when processors run: a user class named
 * {@code Math} or a user method named {@code exp} must not be taken for {@code java.lang.Math}'s.
 *
 * <p>Local variables are the translator's business; this class resolves what is left: fields,
 * types and methods, looked up in the enclosing classes (with inherited members), then in the
 * compilation unit's imports, its package, and {@code java.lang}.
 */
final class NameResolver {
  private final Elements elements;
  private final TypeElement enclosingClass;
  private final CompilationUnitTree unit;
  /**
   * Members of each class looked at, inherited ones included, shared by the methods of a round:
   * javac computes them afresh on every call.
   */
  private final java.util.Map<TypeElement, List<? extends Element>> members;

  NameResolver(Elements elements, TypeElement enclosingClass, CompilationUnitTree unit,
      java.util.Map<TypeElement, List<? extends Element>> members) {
    this.elements = elements;
    this.enclosingClass = enclosingClass;
    this.unit = unit;
    this.members = members;
  }

  private List<? extends Element> allMembers(TypeElement type) {
    return members.computeIfAbsent(type, elements::getAllMembers);
  }

  /** The classes whose members are in scope, innermost first. */
  private List<TypeElement> enclosingClasses() {
    List<TypeElement> classes = new ArrayList<>();
    for (Element e = enclosingClass; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement type) {
        classes.add(type);
      }
    }
    return classes;
  }

  /** The field a simple name denotes, when no local variable has that name. */
  Optional<VariableElement> field(String name) {
    for (TypeElement type : enclosingClasses()) {
      Optional<VariableElement> member = fieldOf(type, name);
      if (member.isPresent()) {
        return member;
      }
    }
    return fromStaticImports(name, (owner, n) -> staticFieldOf(owner, n).stream().toList()).stream().findFirst();
  }

  /** The field {@code name} of {@code type}, inherited ones included. */
  Optional<VariableElement> fieldOf(TypeElement type, String name) {
    return ElementFilter.fieldsIn(allMembers(type)).stream()
        .filter(f -> f.getSimpleName().contentEquals(name))
        .findFirst();
  }

  private Optional<VariableElement> staticFieldOf(TypeElement type, String name) {
    return fieldOf(type, name).filter(f -> f.getModifiers().contains(Modifier.STATIC));
  }

  /**
   * The methods a simple method name denotes: those of the innermost enclosing class that has a
   * method of that name, else those a static import brings in (single imports before on-demand
   * ones), as JLS 15.12.1 says.
   */
  List<ExecutableElement> methods(String name) {
    for (TypeElement type : enclosingClasses()) {
      List<ExecutableElement> found = methodsOf(type, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return fromStaticImports(name, (owner, n) -> methodsOf(owner, n).stream()
        .filter(m -> m.getModifiers().contains(Modifier.STATIC))
        .toList());
  }

  /**
   * What the static imports bring in under {@code name}: the single-static imports first, and only
   * if they bring nothing, the static-import-on-demand ones (JLS 6.4.1).
   */
  private <T> List<T> fromStaticImports(String name, BiFunction<TypeElement, String, List<T>> membersOf) {
    for (boolean onDemand : new boolean[] {false, true}) {
      List<T> found = new ArrayList<>();
      for (ImportTree imp : staticImports()) {
        String imported = importedName(imp);
        if (onDemand ? imported.equals("*") : imported.equals(name)) {
          importedOwner(imp).ifPresent(owner -> found.addAll(membersOf.apply(owner, name)));
        }
      }
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** The methods called {@code name} of {@code type}, inherited ones included. */
  List<ExecutableElement> methodsOf(TypeElement type, String name) {
    return ElementFilter.methodsIn(allMembers(type)).stream()
        .filter(m -> m.getSimpleName().contentEquals(name))
        .toList();
  }

  /**
   * The type a simple name denotes (when no variable has that name): a member type of an
   * enclosing class, a single-type import, a type of this package, an on-demand import, or a type
   * of {@code java.lang}, in that order.
   */
  Optional<TypeElement> type(String name) {
    for (TypeElement type : enclosingClasses()) {
      if (type.getSimpleName().contentEquals(name)) {
        return Optional.of(type);
      }
      Optional<TypeElement> member = ElementFilter.typesIn(allMembers(type)).stream()
          .filter(t -> t.getSimpleName().contentEquals(name))
          .findFirst();
      if (member.isPresent()) {
        return member;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() && importedName(imp).equals(name)) {
        return Optional.ofNullable(elements.getTypeElement(imp.getQualifiedIdentifier().toString()));
      }
    }
    PackageElement pkg = elements.getPackageOf(enclosingClass);
    String prefix = pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".";
    TypeElement samePackage = elements.getTypeElement(prefix + name);
    if (samePackage != null) {
      return Optional.of(samePackage);
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() && importedName(imp).equals("*")) {
        TypeElement onDemand = elements.getTypeElement(qualifier(imp) + "." + name);
        if (onDemand != null) {
          return Optional.of(onDemand);
        }
      }
    }
    return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
  }

  /**
   * The type that a qualifier such as {@code Math}, {@code Outer.Inner} or {@code java.lang.Math}
   * names, if it names one: a name that {@code isVariable} says is a variable of the method, or that
   * names a field, names no type.
   */
  Optional<TypeElement> typeNamed(ExpressionTree qualifier, Predicate<IdentifierTree> isVariable) {
    if (qualifier instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (isVariable.test(id) || field(name).isPresent()) {
        return Optional.empty();
      }
      return type(name);
    }
    if (qualifier instanceof MemberSelectTree select) {
      Optional<TypeElement> outer = typeNamed(select.getExpression(), isVariable);
      if (outer.isPresent()) {
        String member = select.getIdentifier().toString();
        return outer.get().getEnclosedElements().stream()
            .filter(e -> e instanceof TypeElement && e.getSimpleName().contentEquals(member))
            .map(TypeElement.class::cast)
            .findFirst();
      }
      return qualifiedType(select.toString());
    }
    return Optional.empty();
  }

  /** A type by its canonical name, for fully qualified references such as {@code java.lang.Math}. */
  Optional<TypeElement> qualifiedType(String canonicalName) {
    return Optional.ofNullable(elements.getTypeElement(canonicalName));
  }

  private List<ImportTree> staticImports() {
    List<ImportTree> imports = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic()) {
        imports.add(imp);
      }
    }
    return imports;
  }

  private static String importedName(ImportTree imp) {
    String qualified = imp.getQualifiedIdentifier().toString();
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static String qualifier(ImportTree imp) {
    String qualified = imp.getQualifiedIdentifier().toString();
    return qualified.substring(0, qualified.lastIndexOf('.'));
  }

  private Optional<TypeElement> importedOwner(ImportTree imp) {
    return Optional.ofNullable(elements.getTypeElement(qualifier(imp)));
  }
}
