package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * A record javagrad follows by its components ({@code Complex z = new Complex(x, y)}): no object,
 * but a local for each component ({@code z_re}, {@code z_im}), which the record's accessors and
 * fields read, as a compiler's scalar replacement of an object that does not escape. Its methods
 * and the helpers given it are inlined, their {@code this} or parameter bound to the same locals;
 * a helper that returns one assigns locals of the call's. A {@code double[]} component's local is
 * an array local, which {@code r.x()[i]} indexes as it would the array ({@link NameTranslator#local}).
 *
 * <p>A component that is itself a record ({@code Body(Vec3 position, Vec3 velocity, double mass)})
 * has locals of its own components, in the outer record's: the locals are the record's
 * <em>leaves</em>, depth first ({@code b_position_x}, ..., {@code b_mass}), and {@code b.position()}
 * is the record of the position's leaves among them ({@link #part}).
 *
 * <p>A local that may hold {@code null} ({@code Hit nearest = null}, or given a helper's result that
 * may be null) has a boolean local besides, {@code absent}, which {@code nearest == null} reads and
 * which is tested before its components are read, where Java would throw a NullPointerException.
 *
 * @param type the record ({@link ObjectMethods#followedRecord})
 * @param components a local for each leaf, depth first
 * @param absent the local that is true where the value is null, or null where it never is
 */
record RecordValue(TypeElement type, List<Variable> components, Variable absent) {
  /** A record value that is never null. */
  RecordValue(TypeElement type, List<Variable> components) {
    this(type, components, null);
  }

  /** A component that is not a record, at any depth: its name joined by {@code _} and its accessors' chain. */
  record Leaf(String name, String accessors, Type type) {}

  /** The local of the component called {@code name}, where it is not a record; else null. */
  Variable component(String name) {
    int offset = offset(type, name);
    return offset < 0 || nested(type, name) != null ? null : components.get(offset);
  }

  /** The record that the component called {@code name} is, where it is one ({@code b.position()}); else null. */
  RecordValue part(String name) {
    TypeElement nested = nested(type, name);
    if (nested == null) {
      return null;
    }
    if (components.isEmpty()) {
      return new RecordValue(nested, List.of()); // of a record bound for the while, to tell types alone
    }
    int offset = offset(type, name);
    return new RecordValue(nested, components.subList(offset, offset + width(nested)));
  }

  /**
   * The record value {@code tree} names: a name bound to one ({@code b}, by {@code bound}), or a
   * component of one that is a record ({@code b.position()}, {@code b.position}); else null.
   */
  static RecordValue named(ExpressionTree tree, Function<String, RecordValue> bound) {
    ExpressionTree value = unparenthesized(tree);
    if (value instanceof IdentifierTree id) {
      return bound.apply(id.getName().toString());
    }
    String element = RecordSequences.elementKey(value);
    if (element != null) {
      return bound.apply(element); // scene[0], scene.get(0)
    }
    ExpressionTree select = value instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        ? call.getMethodSelect() : value;
    if (select instanceof MemberSelectTree member) {
      RecordValue outer = named(member.getExpression(), bound);
      return outer == null ? null : outer.part(member.getIdentifier().toString());
    }
    return null;
  }

  /** The record a component of a followed record is, or null: every record-typed one is followed too. */
  static TypeElement nested(RecordComponentElement component) {
    return component.asType() instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.RECORD
        ? (TypeElement) declared.asElement() : null;
  }

  /** The leaves of {@code type}, depth first. */
  static List<Leaf> leaves(TypeElement type) {
    List<Leaf> leaves = new ArrayList<>();
    for (RecordComponentElement component : type.getRecordComponents()) {
      String name = component.getSimpleName().toString();
      TypeElement nested = nested(component);
      if (nested == null) {
        leaves.add(new Leaf(name, "." + name + "()", AnnotatedMethods.typeOf(component.asType()).orElseThrow()));
      } else {
        leaves(nested).forEach(leaf -> leaves.add(
            new Leaf(name + "_" + leaf.name(), "." + name + "()" + leaf.accessors(), leaf.type())));
      }
    }
    return leaves;
  }

  /** How many leaves {@code type} has. */
  static int width(TypeElement type) {
    return type.getRecordComponents().stream().mapToInt(c -> nested(c) == null ? 1 : width(nested(c))).sum();
  }

  /** The record that the component of {@code type} called {@code name} is, or null. */
  static TypeElement nested(TypeElement type, String name) {
    return type.getRecordComponents().stream().filter(c -> c.getSimpleName().contentEquals(name)).findFirst()
        .map(RecordValue::nested).orElse(null);
  }

  /** The index of the first leaf of the component called {@code name}, or -1 if there is none. */
  static int offset(TypeElement type, String name) {
    int offset = 0;
    for (RecordComponentElement component : type.getRecordComponents()) {
      if (component.getSimpleName().contentEquals(name)) {
        return offset;
      }
      offset += nested(component) == null ? 1 : width(nested(component));
    }
    return -1;
  }
}
