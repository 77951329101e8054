package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * How the companion, another class of the user's package, names what code run as written names:
 * a type imported, a static member qualified with its class or copied where the companion cannot
 * see it ({@link MemberCopies}), a method of the receiver called on it; an error where it cannot.
 * Each name it writes is noted, so the companion is checked to reach it.
 */
final class CompanionNames {
  private final Scope scope;
  private final NameResolver names;
  private final CalleeResolver callees;
  /** The class whose companion is written. */
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;
  private final MemberCopies copies;

  CompanionNames(Scope scope, NameResolver names, CalleeResolver callees, TypeElement userClass,
      Bookkeeping bookkeeping, MemberCopies copies) {
    this.scope = scope;
    this.names = names;
    this.callees = callees;
    this.userClass = userClass;
    this.bookkeeping = bookkeeping;
    this.copies = copies;
  }

  /**
   * A static field as the companion names it: qualified with its class, or, where the companion
   * cannot see it, the companion's own copy (see {@link MemberCopies}).
   */
  CodeBlock field(VariableElement field, Tree site) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(site, "a @Differentiable method is static, and cannot read the instance field "
          + field.getSimpleName());
    }
    Optional<String> hidden = callees.hiddenFromCompanion(field, userClass);
    if (hidden.isEmpty()) {
      bookkeeping.namedByCompanion(field);
      return CodeBlock.of("$T.$L", ClassName.get((TypeElement) field.getEnclosingElement()), field.getSimpleName());
    }
    if (!field.getModifiers().contains(Modifier.FINAL)) {
      throw new Unsupported(site, field.getSimpleName() + " cannot be read by the generated companion, because "
          + hidden.get() + "; a private field that is not final cannot be copied either");
    }
    return copies.copy(field, site);
  }

  /**
   * The companion's handle on {@code field}, an instance field of an enum or a record that only the
   * field's own {@code private} hides from it (an enum's {@code private final double h}, a record's
   * component whose accessor the record declares); none for any other, read by name or through
   * an accessor.
   */
  Optional<CodeBlock> instanceFieldHandle(VariableElement field) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    boolean accessorRead = owner.getKind() == ElementKind.RECORD && owner.getRecordComponents().stream()
        .anyMatch(c -> c.getSimpleName().equals(field.getSimpleName()) && !callees.objects().declares(c.getAccessor()));
    boolean onlyPrivate = field.getModifiers().contains(Modifier.PRIVATE)
        && callees.hiddenFromCompanion(owner, userClass).isEmpty() && owner.getNestingKind() != NestingKind.ANONYMOUS;
    return onlyPrivate && !accessorRead && copies.isReadableThroughHandle(field)
        ? Optional.of(copies.instanceHandle(field)) : Optional.empty();
  }

  /** A type, imported by the companion, which must be able to name it. */
  CodeBlock typeName(TypeElement type, Tree site) {
    callees.hiddenFromCompanion(type, userClass).ifPresent(why -> {
      throw new Unsupported(site, type.getSimpleName() + " cannot be named by the generated companion "
          + CalleeResolver.companionOf(userClass).canonicalName() + ", because " + why);
    });
    bookkeeping.namedByCompanion(type);
    return CodeBlock.of("$T", ClassName.get(type));
  }

  /**
   * Whether {@code name}, called by its simple name, is an instance method of the receiver of the
   * method translated, which the companion calls on it; an error where it cannot.
   */
  boolean isReceiverMethod(IdentifierTree name) {
    List<ExecutableElement> candidates = names.methods(name.getName().toString());
    if (scope.receiver() == null || candidates.isEmpty()
        || candidates.stream().allMatch(m -> m.getModifiers().contains(Modifier.STATIC))) {
      return false;
    }
    for (ExecutableElement m : candidates) {
      if (callees.objects().isOwnMethodOfAConstant(m)) {
        TypeElement enumType = ObjectMethods.receiverType(m);
        throw new Unsupported(name, name.getName() + " is declared in the body of a constant of "
            + enumType.getSimpleName() + " and overrides none of its methods, so the generated companion, which"
            + " holds the constant as " + enumType.getSimpleName() + ", cannot call it; declare it in "
            + enumType.getSimpleName() + " itself");
      }
      Optional<String> hidden = callees.hiddenFromCompanion(m, userClass);
      if (hidden.isPresent()) {
        throw new Unsupported(name, m.getEnclosingElement().getSimpleName() + "." + name.getName()
            + " cannot be called by the generated companion, which calls the methods of the receiver from outside,"
            + " because " + hidden.get());
      }
      bookkeeping.namedByCompanion(m);
    }
    return true;
  }

  /**
   * The companion's copies of the static methods {@code candidates} of {@code owner}, called through
   * it ({@code Normal.cdf(z)}) where a private class hides them from the companion (a private holder
   * of functions nested in the user's class), named by their simple name; empty where the companion
   * names them as written.
   */
  Optional<CodeBlock> hiddenStaticMethod(List<ExecutableElement> candidates, Tree site) {
    if (candidates.isEmpty() || !candidates.stream().allMatch(m -> m.getModifiers().contains(Modifier.STATIC))
        || candidates.stream().noneMatch(CompanionNames::privateWithin)) {
      return Optional.empty();
    }
    candidates.forEach(m -> copies.copy(m, site));
    return Optional.of(CodeBlock.of("$L", candidates.get(0).getSimpleName()));
  }

  /**
   * A reference to the static methods {@code candidates} ({@code Colour::decode}) where the companion
   * cannot name them, private or of a private class: a reference to the companion's copies.
   */
  Optional<CodeBlock> hiddenStaticReference(List<ExecutableElement> candidates, Tree site) {
    return hiddenStaticMethod(candidates, site)
        .map(name -> CodeBlock.of("$T::$L", CalleeResolver.companionOf(userClass), name));
  }

  /** Whether {@code member} or a class it is declared in is private: the companion cannot name it, but may copy it. */
  private static boolean privateWithin(Element member) {
    for (Element e = member; e != null && !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  /** A method called by its simple name, qualified with its class for the companion. */
  CodeBlock method(IdentifierTree name) {
    List<ExecutableElement> candidates = names.methods(name.getName().toString());
    if (candidates.isEmpty()) {
      return CodeBlock.of("$L", name.getName());
    }
    ExecutableElement method = candidates.get(0);
    if (candidates.stream().anyMatch(CompanionNames::privateWithin)) {
      // Which overload Java calls is for javac to choose: the companion copies them all.
      candidates.forEach(m -> copies.copy(m, name));
      return CodeBlock.of("$L", name.getName());
    }
    Optional<String> hidden = callees.hiddenFromCompanion(method, userClass);
    if (hidden.isPresent()) {
      throw new Unsupported(name, name.getName() + " cannot be called by the generated companion, because "
          + hidden.get());
    }
    candidates.forEach(bookkeeping::namedByCompanion);
    return CodeBlock.of("$T.$L", ClassName.get((TypeElement) method.getEnclosingElement()), name.getName());
  }
}
