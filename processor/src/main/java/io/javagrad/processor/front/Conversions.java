package io.javagrad.processor.front;

import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import java.util.function.Supplier;

/**
 * Java's widening conversions (JLS 5.1.2), made explicit in the intermediate form. None goes the
 * other way: a derivative cannot pass through a conversion out of {@code double}.
 */
final class Conversions {
  private Conversions() {}

  static Expr asDouble(Expr value, Tree site) {
    if (value.type() == Type.DOUBLE) {
      return value;
    }
    if (value.type().isIntegral()) {
      return new Expr.Widen(value);
    }
    throw new Unsupported(site, "expected a double here, but " + site + " is a " + value.type().javaName());
  }

  /** {@code value} converted for a variable of {@code type}, as Java's assignment conversion allows. */
  static Expr assignable(Type type, Expr value, Tree site) {
    return widened(type, value, site, () -> "cannot assign a " + value.type().javaName() + " to a "
        + type.javaName() + " here: a derivative cannot pass through a conversion to " + type.javaName());
  }

  /** {@code arg} converted for a parameter of {@code type}, as Java's invocation conversion allows. */
  static Expr argument(Type type, Expr arg, Tree site) {
    return widened(type, arg, site, () -> "cannot pass a " + arg.type().javaName() + " as a " + type.javaName());
  }

  private static Expr widened(Type type, Expr value, Tree site, Supplier<String> refusal) {
    if (type.isOther() || value.type().isOther()) {
      // Boxing, unboxing and widening between types the intermediate form does not look into: the
      // code is written as the user wrote it, which javac has checked.
      return value;
    }
    if (type == Type.DOUBLE) {
      return asDouble(value, site);
    }
    if (value.type() == type || type == Type.LONG && value.type() == Type.INT) {
      return value;
    }
    throw new Unsupported(site, refusal.get());
  }
}
