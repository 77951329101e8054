package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Translates the names in a body: a local variable or parameter is read, {@code a.length} is an
 * array's length, and a static final field is a constant. Also says which class a qualifier such
 * as {@code Math} names, for calls.
 */
final class NameTranslator {
  private final Scope scope;
  private final NameResolver names;
  private final CalleeResolver callees;
  /** The class of the method translated, whose companion the generated code goes into. */
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;

  NameTranslator(Scope scope, NameResolver names, CalleeResolver callees, TypeElement userClass,
      Bookkeeping bookkeeping) {
    this.scope = scope;
    this.names = names;
    this.callees = callees;
    this.userClass = userClass;
    this.bookkeeping = bookkeeping;
  }

  /**
   * The local variable or parameter that {@code tree} names, or null if it names none. An array
   * component of a record followed by its components ({@code r.x()}, or {@code this.x} in one of its
   * methods) names its component's local, as an array local does.
   */
  Variable local(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return scope.get(id.getName().toString());
    }
    Variable component = componentRead(tree);
    return component != null && component.type().isDoubleArray() ? component : null;
  }

  /**
   * The local of the component that {@code tree} reads, {@code r.x()} or {@code r.x}, of a record a
   * name is bound to, or of a record component of one ({@code s.body().x()}); else null.
   */
  private Variable componentRead(ExpressionTree tree) {
    ExpressionTree select = tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        ? call.getMethodSelect() : tree;
    if (!(select instanceof MemberSelectTree member)) {
      return null;
    }
    RecordValue value = RecordValue.named(member.getExpression(),
        name -> scope.get(name) == null ? scope.record(name) : null);
    return value == null ? null : value.component(member.getIdentifier().toString());
  }

  /**
   * Whether {@code tree} names something the intermediate form reads itself: a local variable or
   * parameter, an array's length, or a numeric {@code static final} constant. Anything else (a
   * table, a string, an object's field, an enum constant) runs as written.
   */
  boolean isNumericName(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return local(id) != null || names.field(id.getName().toString()).filter(this::isNamedConstant).isPresent();
    }
    if (!(tree instanceof MemberSelectTree select)) {
      return false;
    }
    String member = select.getIdentifier().toString();
    Variable v = local(select.getExpression());
    if (v != null) {
      return v.type().isDoubleArray() && member.equals("length");
    }
    return (select.getExpression() instanceof IdentifierTree || select.getExpression() instanceof MemberSelectTree)
        && typeNamed(select.getExpression()).flatMap(owner -> names.fieldOf(owner, member))
            .filter(this::isNamedConstant).isPresent();
  }

  /**
   * A numeric {@code static final} field that the companion can name, or whose value it can copy as
   * a literal; any other (a private computed constant) is copied whole, as code run as written.
   */
  private boolean isNamedConstant(VariableElement field) {
    Set<Modifier> modifiers = field.getModifiers();
    return modifiers.contains(Modifier.STATIC) && modifiers.contains(Modifier.FINAL)
        && AnnotatedMethods.typeOf(field.asType()).filter(t -> t == Type.DOUBLE || t.isIntegral()).isPresent()
        && (field.getConstantValue() != null || callees.hiddenFromCompanion(field, userClass).isEmpty());
  }

  Expr identifier(IdentifierTree tree) {
    Variable local = local(tree);
    if (local != null) {
      return new Expr.Read(local);
    }
    String name = tree.getName().toString();
    VariableElement field = names.field(name).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + name + " in a @Differentiable method"));
    return constant(field, tree);
  }

  /** {@code a.length}, or a constant such as {@code Math.PI}; the qualifier of {@code tree} is a name. */
  Expr memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    Variable v = local(qualifier);
    if (v != null) {
      if (v.type().isDoubleArray() && member.equals("length")) {
        return new Expr.Length(v);
      }
      throw new Unsupported(tree, tree + " is not supported; of a variable only array.length can be read");
    }
    TypeElement owner = typeNamed(qualifier).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + qualifier + " in a @Differentiable method"));
    VariableElement field = names.fieldOf(owner, member).orElseThrow(() ->
        new Unsupported(tree, "cannot resolve " + tree + " in a @Differentiable method"));
    return constant(field, tree);
  }

  /** The type that a qualifier such as {@code Math} or {@code java.lang.Math} names, if it names one. */
  Optional<TypeElement> typeNamed(ExpressionTree qualifier) {
    return names.typeNamed(qualifier, id -> local(id) != null);
  }

  /**
   * A static final field, read as a constant: it carries no derivative. The companion names it, or,
   * where it cannot (see {@link CalleeResolver#hiddenFromCompanion}), copies a compile-time
   * constant's value.
   */
  private Expr constant(VariableElement field, Tree site) {
    Type type = constantType(field, site);
    Object value = field.getConstantValue();
    Optional<String> hidden = callees.hiddenFromCompanion(field, userClass);
    if (hidden.isEmpty()) {
      bookkeeping.namedByCompanion(field);
      double numeric = value instanceof Number n ? n.doubleValue() : Double.NaN;
      return new Expr.Constant(type, numeric,
          CodeBlock.of("$T.$L", ClassName.get((TypeElement) field.getEnclosingElement()), field.getSimpleName()));
    }
    if (value instanceof Number n) {
      // The companion cannot name the field, but a compile-time constant's value is as good.
      return Literals.number(type, n);
    }
    throw new Unsupported(site, display(field) + " cannot be read by the generated companion "
        + CalleeResolver.companionOf(userClass).canonicalName() + ", because " + hidden.get() + ", or make "
        + display(field) + " a compile-time constant, whose value the companion copies");
  }

  /** The type of {@code field}, if it can serve as a constant. */
  private static Type constantType(VariableElement field, Tree site) {
    Set<Modifier> modifiers = field.getModifiers();
    if (!modifiers.contains(Modifier.STATIC) || !modifiers.contains(Modifier.FINAL)) {
      throw new Unsupported(site, "a @Differentiable method may read only static final constants, and "
          + display(field) + " is not static final");
    }
    return AnnotatedMethods.typeOf(field.asType()).filter(t -> t == Type.DOUBLE || t.isIntegral())
        .orElseThrow(() -> new Unsupported(site, display(field) + " has type " + field.asType()
            + "; constants must be double, int or long"));
  }

  private static String display(VariableElement field) {
    return field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
  }
}
