package io.javagrad.nn;

import io.javagrad.Value;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by modules and optimizers, so that they fail alike and with the same words. */
final class Checks {
  private Checks() {}

  static void requirePositive(int count, String name) {
    if (count < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, but was " + count);
    }
  }

  static void requirePositiveFinite(double x, String name) {
    // Written so that NaN fails too.
    if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(name + " must be positive and finite, but was " + x);
    }
  }

  /** Requires {@code 0 <= x < 1}, the range of a decay rate such as momentum or Adam's betas. */
  static void requireDecayRate(double x, String name) {
    if (!(x >= 0 && x < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), but was " + x);
    }
  }

  /** Requires {@code x} to have {@code expected} elements; the message names the module that takes them. */
  static void requireInputCount(Object module, int expected, Collection<?> x) {
    Objects.requireNonNull(x, "inputs must not be null");
    if (x.size() != expected) {
      throw new IllegalArgumentException(module + " takes " + expected + " inputs, but was given " + x.size());
    }
  }

  /**
   * An immutable copy of an optimizer's parameters, which must be non-empty, non-null and distinct:
   * a parameter listed twice would be stepped twice per {@code step()}.
   */
  static List<Value> requireParameters(List<Value> parameters) {
    Objects.requireNonNull(parameters, "parameters must not be null");
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("parameters must not be empty: there is nothing to optimise");
    }
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < parameters.size(); i++) {
      Value parameter = parameters.get(i);
      if (parameter == null) {
        throw new NullPointerException("parameters[" + i + "] is null");
      }
      if (!seen.add(parameter)) {
        throw new IllegalArgumentException("parameters lists " + parameter + " more than once, at index " + i);
      }
    }
    return List.copyOf(parameters);
  }
}
