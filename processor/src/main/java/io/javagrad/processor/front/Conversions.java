package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.term.Term;
import java.util.List;
import java.util.function.Supplier;
import javax.lang.model.type.TypeMirror;

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
    Expr unboxed = unboxed(value);
    if (unboxed != null) {
      return asDouble(unboxed, site);
    }
    throw new Unsupported(site, "expected a double here, but " + site + " is a " + value.type().javaName());
  }

  /**
   * {@code value} as arithmetic promotes it (JLS 5.6), where it is a number of a type the
   * intermediate form does not model: as it is otherwise.
   */
  static Expr promoted(Expr value) {
    Expr promoted = unboxed(value);
    return promoted == null ? value : promoted;
  }

  /**
   * A {@code Double}, {@code Integer} or {@code Long} that code run as written gives (a map's
   * value, a list's element), where arithmetic unboxes it, as the primitive it holds; a {@code
   * char}, {@code short} or {@code byte} (or its box), which arithmetic promotes to {@code int}, as
   * an {@code int}; a {@code float} (or a {@code Float}), which Java widens exactly where it meets a
   * double, as a {@code double}: the same code, which Java converts where the companion uses it;
   * null for any other value.
   */
  private static Expr unboxed(Expr value) {
    TypeMirror mirror = value.type().mirror();
    String boxed = mirror == null ? "" : mirror.toString();
    Type primitive = switch (boxed) {
      case "java.lang.Double", "float", "java.lang.Float" -> Type.DOUBLE;
      case "java.lang.Integer", "char", "java.lang.Character", "short", "java.lang.Short", "byte",
          "java.lang.Byte" -> Type.INT;
      case "java.lang.Long" -> Type.LONG;
      default -> null;
    };
    if (primitive == null || !(value instanceof Expr.Opaque || value instanceof Expr.Read)) {
      return null;
    }
    if (value instanceof Expr.Opaque code) {
      return new Expr.Opaque(primitive, code.texts(), code.reads(), code.pure(), code.precedence(), code.source());
    }
    Expr.Read read = (Expr.Read) value;
    return new Expr.Opaque(primitive, List.of(CodeBlock.of(""), CodeBlock.of("")), List.of(read), true, Term.PRIMARY,
        read.variable().name());
  }

  /**
   * {@code value}, the arithmetic of a compound assignment or an increment, converted back to the
   * type of the variable it is stored into, as Java casts it (JLS 15.26.2): {@code c++} on a
   * {@code char} stores {@code (char) (c + 1)}, {@code i += 0.5} on an {@code int} truncates. A
   * narrowing to an integer is a step, like an {@code (int)} cast, so no derivative passes.
   */
  static Expr compoundStored(Type type, Expr value, Tree site) {
    boolean toInteger = type.isIntegral() && (value.type() == Type.DOUBLE || type == Type.INT && value.type() == Type.LONG);
    boolean toNarrow = type.isNarrowPrimitive() && !value.type().isOther();
    if (toInteger || toNarrow) {
      return new Expr.IntegralOp("(" + type.javaName() + ")", null, value, type);
    }
    return assignable(type, value, site);
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
