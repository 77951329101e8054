package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The private constants a companion copies because it cannot name them: {@code private static
 * final} fields, a table of coefficients or a computed constant, declared again in the companion
 * with their initializers, whose own names are resolved (and copied) in turn. Each is copied
 * before the copies that read it, so that the companion initializes them in a working order.
 */
final class ConstantCopies {
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final CalleeResolver callees;
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;
  private final Map<TypeElement, List<? extends Element>> members;
  private final Map<VariableElement, FieldSpec> copies = new LinkedHashMap<>();

  ConstantCopies(Trees trees, Elements elements, Types types, CalleeResolver callees, TypeElement userClass,
      Bookkeeping bookkeeping, Map<TypeElement, List<? extends Element>> members) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.callees = callees;
    this.userClass = userClass;
    this.bookkeeping = bookkeeping;
    this.members = members;
  }

  /** The companion's copy of {@code field}, by name, copied on first use. */
  CodeBlock copy(VariableElement field, Tree site) {
    if (!copies.containsKey(field)) {
      TreePath path = trees.getPath(field);
      if (path == null || !(path.getLeaf() instanceof VariableTree declaration) || declaration.getInitializer() == null) {
        throw new Unsupported(site, field.getSimpleName() + " is private, so the generated companion cannot read it,"
            + " and it has no initializer in this compilation to copy; make it package-private");
      }
      TypeElement owner = (TypeElement) field.getEnclosingElement();
      Scope none = new Scope(Set.of());
      NameResolver names = new NameResolver(elements, owner, path.getCompilationUnit(), members);
      NameTranslator qualifiers = new NameTranslator(none, names, callees, owner, bookkeeping);
      OpaqueTranslator translator = new OpaqueTranslator(none, names, callees, userClass, bookkeeping,
          SourceFile.of(path.getCompilationUnit(), trees), new TypeInference(none, names, qualifiers, elements, types),
          this);
      Type type = AnnotatedMethods.typeOf(field.asType()).orElseThrow();
      CodeBlock initializer = translator.opaque(declaration.getInitializer(), type).texts().get(0);
      copies.put(field, FieldSpec.builder(TypeName.get(field.asType()), field.getSimpleName().toString(),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Copied from {@code $L.$L}, which the companion cannot read.\n", owner.getSimpleName(),
              field.getSimpleName())
          .initializer(initializer)
          .build());
    }
    return CodeBlock.of("$L", field.getSimpleName());
  }

  /** The copies, each after those it reads. */
  List<FieldSpec> fields() {
    return List.copyOf(copies.values());
  }
}
