package io.javagrad.processor.front;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Type;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The private members a companion copies because it cannot name them: {@code private static
 * final} fields (a table of coefficients, a computed constant), declared again in the companion
 * with their initializers, and private static helpers that code run as written calls, declared
 * again with their bodies; the names these read are resolved (and copied) in turn. A constant is
 * copied before the copies that read it, so that the companion initializes them in a working order.
 */
public final class MemberCopies {
  /** What a companion copies, for the companion to declare. */
  public record Copied(List<FieldSpec> fields, List<MethodSpec> methods) {}

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final CalleeResolver callees;
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;
  private final Map<TypeElement, List<? extends Element>> members;
  private final Map<VariableElement, FieldSpec> copies = new LinkedHashMap<>();
  private final Map<ExecutableElement, MethodSpec> methods = new LinkedHashMap<>();
  /** The fields read through a handle, which the companion cannot copy ({@link #handle}). */
  private final Map<VariableElement, FieldSpec> handles = new LinkedHashMap<>();

  MemberCopies(Trees trees, Elements elements, Types types, CalleeResolver callees, TypeElement userClass,
      Bookkeeping bookkeeping, Map<TypeElement, List<? extends Element>> members) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.callees = callees;
    this.userClass = userClass;
    this.bookkeeping = bookkeeping;
    this.members = members;
  }

  /**
   * The companion's copy of {@code field}, a private {@code static final} field, by name, copied on
   * first use; or, where a copy would not be the field (its class fills it in a static block or
   * changes it, it is a random generator whose draws must be the class's own), the field itself,
   * read through a handle ({@link #handle}).
   */
  CodeBlock copy(VariableElement field, Tree site) {
    if (handles.containsKey(field)) {
      return CodeBlock.of("(($T) $L.get())", TypeName.get(field.asType()), handles.get(field).name());
    }
    if (!copies.containsKey(field)) {
      TreePath path = trees.getPath(field);
      TypeElement owner = (TypeElement) field.getEnclosingElement();
      Optional<String> noCopy = path == null || !(path.getLeaf() instanceof VariableTree declared)
          || declared.getInitializer() == null ? Optional.of("it has no initializer in this compilation to copy")
          : CopiedFieldChanges.of(field, path).map(change -> "a copy would run its initializer alone, and "
              + owner.getSimpleName() + " changes it afterwards (" + SourceText.oneLine(change) + ")")
          .or(() -> changedFieldRead(owner, declared.getInitializer()).map(read -> "its initializer reads " + read
              + ", which " + owner.getSimpleName() + " changes afterwards, and a copy would read it changed"))
          .or(() -> isRandomGenerator(field.asType()) ? Optional.of("a copy of a random generator would draw numbers"
              + " of its own, not those " + owner.getSimpleName() + "'s draws next") : Optional.empty());
      if (noCopy.isPresent()) {
        if (!isReadableThroughHandle(field)) {
          throw new Unsupported(site, field.getSimpleName() + " is private, so the generated companion cannot read it"
              + " by name, and " + noCopy.get() + "; make it package-private");
        }
        handle(field, "and does not copy: " + noCopy.get());
        return copy(field, site);
      }
      VariableTree declaration = (VariableTree) path.getLeaf();
      Type type = AnnotatedMethods.typeOf(field.asType()).orElseThrow();
      CodeBlock initializer = translatorIn(owner, path).opaque(declaration.getInitializer(), type).texts().get(0);
      copies.put(field, FieldSpec.builder(TypeName.get(field.asType()), copyName(field),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Copied from {@code $L.$L}, which the companion cannot read.\n", owner.getSimpleName(),
              field.getSimpleName())
          .initializer(initializer)
          .build());
    }
    return CodeBlock.of("$L", copyName(field));
  }

  /**
   * The name of the companion's copy of {@code field}: its own for a field of the companion's
   * class; else qualified by the classes that hold it ({@code Tables$W}), since the companion
   * merges the copies of all its methods by name, and two classes may each have a {@code W}.
   */
  private String copyName(VariableElement field) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    return owner.equals(userClass) ? field.getSimpleName().toString()
        : nestedName(owner) + "$" + field.getSimpleName();
  }

  /** {@code Outer$Inner} for {@code p.Outer.Inner}: its binary name without its package, unique in the package. */
  private String nestedName(TypeElement type) {
    String binary = elements.getBinaryName(type).toString();
    return binary.substring(binary.lastIndexOf('.') + 1);
  }

  /**
   * A static field of {@code owner} that {@code initializer} reads and that {@code owner} changes
   * after its own initializer ({@code C = B.clone()}, with a static block filling {@code B}): a
   * copy of the field the initializer gives, made when the companion loads, would see {@code B}
   * changed; none where it reads no such field.
   */
  private Optional<String> changedFieldRead(TypeElement owner, Tree initializer) {
    List<String> read = new ArrayList<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(com.sun.source.tree.IdentifierTree id, Void unused) {
        read.add(id.getName().toString());
        return null;
      }

      @Override
      public Void visitMemberSelect(com.sun.source.tree.MemberSelectTree select, Void unused) {
        read.add(select.getIdentifier().toString());
        return super.visitMemberSelect(select, unused);
      }
    }.scan(initializer, null);
    return javax.lang.model.util.ElementFilter.fieldsIn(owner.getEnclosedElements()).stream()
        .filter(f -> f.getModifiers().contains(Modifier.STATIC) && read.contains(f.getSimpleName().toString()))
        .filter(f -> trees.getPath(f) != null && CopiedFieldChanges.of(f, trees.getPath(f)).isPresent())
        .map(f -> f.getSimpleName().toString()).findFirst();
  }

  /**
   * The companion's handle on {@code field}, a private instance field of a class it can name (an
   * enum's {@code private final double h}, a record's component whose accessor the record
   * declares), made on first use ({@link #handle}); a read is {@code ((T) Owner$h.get(object))}.
   */
  CodeBlock instanceHandle(VariableElement field) {
    if (!handles.containsKey(field)) {
      handle(field, "its own");
    }
    return CodeBlock.of("$L", handles.get(field).name());
  }

  /**
   * Whether {@code field} may be read through a handle: its type needs no unchecked cast, and the
   * companion can name it (it casts to it).
   */
  boolean isReadableThroughHandle(VariableElement field) {
    TypeMirror type = field.asType();
    while (type instanceof javax.lang.model.type.ArrayType array) {
      type = array.getComponentType();
    }
    return !(type instanceof DeclaredType declared && (!declared.getTypeArguments().isEmpty()
        || callees.hiddenFromCompanion(declared.asElement(), userClass).isPresent()))
        && type.getKind() != TypeKind.TYPEVAR;
  }

  /**
   * Reads {@code field} through a {@code VarHandle} that the companion makes in the field's own
   * module ({@code MethodHandles.privateLookupIn}) where it cannot name it: a static block's table,
   * a random generator ({@code why} it is not copied), an enum's private field.
   */
  private void handle(VariableElement field, String why) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
    handles.put(field, FieldSpec.builder(VarHandle.class, nestedName(owner) + "$" + field.getSimpleName(),
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("{@code $L.$L}, which the companion cannot name, read through a handle $L.\n",
            owner.getSimpleName(), field.getSimpleName(), why)
        .initializer("$L($S, $S, $T.class)", isStatic ? STATIC_FIELD_HANDLE : FIELD_HANDLE,
            elements.getBinaryName(owner).toString(), field.getSimpleName().toString(),
            TypeName.get(types.erasure(field.asType())))
        .build());
  }

  /** The companion's methods that make the handles of {@link #handle}, in its own module. */
  private static final String STATIC_FIELD_HANDLE = "staticFieldHandle";
  private static final String FIELD_HANDLE = "fieldHandle";

  private static MethodSpec fieldHandleMethod(boolean isStatic) {
    return MethodSpec.methodBuilder(isStatic ? STATIC_FIELD_HANDLE : FIELD_HANDLE)
        .addJavadoc("A handle on the $L field {@code name}, private to the class {@code owner} (its binary"
            + " name),\nwhich the companion, in its package and module, may read.\n", isStatic ? "static" : "instance")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(VarHandle.class)
        .addParameter(String.class, "owner")
        .addParameter(String.class, "name")
        .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)),
            "type")
        .beginControlFlow("try")
        .addStatement("$T<?> holder = $T.forName(owner)", Class.class, Class.class)
        .addStatement("return $T.privateLookupIn(holder, $T.lookup()).$L(holder, name, type)",
            MethodHandles.class, MethodHandles.class, isStatic ? "findStaticVarHandle" : "findVarHandle")
        .nextControlFlow("catch ($T e)", ReflectiveOperationException.class)
        .addStatement("throw new $T(\"cannot read \" + owner + \".\" + name, e)", IllegalStateException.class)
        .endControlFlow()
        .build();
  }

  /**
   * Whether {@code type} is a random generator (java.util.random.RandomGenerator: Random,
   * SplittableRandom...), whose copy would have a state of its own, unlike a table's.
   */
  private boolean isRandomGenerator(TypeMirror type) {
    TypeElement generator = elements.getTypeElement("java.util.random.RandomGenerator");
    return type.getKind() == TypeKind.DECLARED && generator != null
        && types.isAssignable(types.erasure(type), types.erasure(generator.asType()));
  }

  /** The companion's copy of the private helper {@code method}, by name, copied on first use. */
  CodeBlock copy(ExecutableElement method, Tree site) {
    if (!methods.containsKey(method)) {
      TreePath path = trees.getPath(method);
      if (path == null || !(path.getLeaf() instanceof MethodTree declaration) || declaration.getBody() == null
          || !method.getModifiers().contains(Modifier.STATIC)) {
        throw new Unsupported(site, method.getSimpleName() + " is private, so the generated companion cannot call it,"
            + " and it is not a static method of this compilation that it could copy; make it package-private");
      }
      methods.keySet().stream().filter(other -> sameSignature(other, method)).findFirst().ifPresent(other -> {
        String one = method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
        String two = other.getEnclosingElement().getSimpleName() + "." + other.getSimpleName();
        throw new Unsupported(site, "the generated companion cannot call " + one + " or " + two + " (each is private,"
            + " or declared in a private class) and copies both under their simple name, which they share; rename"
            + " one of them, or make it (or its class) package-private");
      });
      // Taken before the body is copied, so that a recursive helper calls its own copy.
      methods.put(method, null);
      CodeBlock body = translatorIn((TypeElement) method.getEnclosingElement(), path)
          .statementsText(declaration.getBody().getStatements());
      MethodSpec.Builder copy = MethodSpec.methodBuilder(method.getSimpleName().toString())
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addJavadoc("Copied from {@code $L.$L}, which the companion cannot call.\n",
              method.getEnclosingElement().getSimpleName(), method.getSimpleName())
          .returns(TypeName.get(method.getReturnType()))
          .varargs(method.isVarArgs())
          .addCode(body);
      // The lint warnings its author silenced (a switch's fall-through) stay silenced in the copy.
      method.getAnnotationMirrors().stream()
          .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
              .contentEquals(SuppressWarnings.class.getName()))
          .forEach(a -> copy.addAnnotation(AnnotationSpec.get(a)));
      method.getTypeParameters().forEach(t -> copy.addTypeVariable(TypeVariableName.get(t)));
      method.getParameters().forEach(p -> copy.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString()));
      method.getThrownTypes().forEach(t -> copy.addException(TypeName.get(t)));
      methods.put(method, copy.build());
    }
    return CodeBlock.of("$L", method.getSimpleName());
  }

  /** Whether {@code a} and {@code b} have one name and parameters of the same erased types: one copy's signature. */
  private boolean sameSignature(ExecutableElement a, ExecutableElement b) {
    if (!a.getSimpleName().contentEquals(b.getSimpleName()) || a.getParameters().size() != b.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < a.getParameters().size(); i++) {
      if (!types.isSameType(types.erasure(a.getParameters().get(i).asType()),
          types.erasure(b.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /** Translates code of {@code owner}'s, in the file {@code path} is in, as the companion will run it. */
  private OpaqueTranslator translatorIn(TypeElement owner, TreePath path) {
    Scope none = new Scope(Set.of(), name -> false);
    NameResolver names = new NameResolver(elements, owner, path.getCompilationUnit(), members);
    NameTranslator qualifiers = new NameTranslator(none, names, callees, owner, bookkeeping);
    return new OpaqueTranslator(none, names, qualifiers, callees, userClass, bookkeeping,
        SourceFile.of(path.getCompilationUnit(), trees), new TypeInference(none, names, qualifiers, elements, types),
        this);
  }

  /** The handles, then the copies, each constant after those it reads; the methods that make the handles. */
  Copied copied() {
    // A handle reads nothing the companion declares; a copy's initializer may read a handle.
    List<FieldSpec> fields = new ArrayList<>(handles.values());
    fields.addAll(copies.values());
    List<MethodSpec> helpers = new ArrayList<>(methods.values());
    for (boolean isStatic : new boolean[] {true, false}) {
      if (handles.keySet().stream().anyMatch(f -> f.getModifiers().contains(Modifier.STATIC) == isStatic)) {
        helpers.add(fieldHandleMethod(isStatic));
      }
    }
    return new Copied(List.copyOf(fields), List.copyOf(helpers));
  }
}
