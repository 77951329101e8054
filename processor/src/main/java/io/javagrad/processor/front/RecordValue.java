package io.javagrad.processor.front;

import io.javagrad.processor.ir.Variable;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A record javagrad follows by its components ({@code Complex z = new Complex(x, y)}): no object,
 * but a local for each component ({@code z_re}, {@code z_im}), which the record's accessors and
 * fields read, as a compiler's scalar replacement of an object that does not escape. Its methods
 * and the helpers given it are inlined, their {@code this} or parameter bound to the same locals;
 * a helper that returns one assigns locals of the call's. A {@code double[]} component's local is
 * an array local, which {@code r.x()[i]} indexes as it would the array ({@link NameTranslator#local}).
 *
 * @param type the record ({@link ObjectMethods#followedRecord})
 * @param components a local for each component, in the record's order
 */
record RecordValue(TypeElement type, List<Variable> components) {
  /** The local of the component called {@code name}, or null if the record has none of that name. */
  Variable component(String name) {
    for (int i = 0; i < components.size(); i++) {
      if (type.getRecordComponents().get(i).getSimpleName().contentEquals(name)) {
        return components.get(i);
      }
    }
    return null;
  }
}
