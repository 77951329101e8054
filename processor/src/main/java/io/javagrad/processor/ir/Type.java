package io.javagrad.processor.ir;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The type of a value of a differentiable method. Only {@code double}s, and the elements of {@code
 * double[]}s and {@code double[][]}s, carry derivatives; {@code int}, {@code long} and {@code boolean} are the method's
 * own bookkeeping, which the reverse sweep may reread and so can record. Every other Java type
 * ({@code String}, an enum, a record, {@code int[]}, any object) is {@linkplain #other other}: its
 * values only ever pass through code that runs as written.
 */
public final class Type {
  public static final Type DOUBLE = basic(TypeName.DOUBLE, "0.0");
  public static final Type INT = basic(TypeName.INT, "0");
  public static final Type LONG = basic(TypeName.LONG, "0L");
  public static final Type BOOLEAN = basic(TypeName.BOOLEAN, "false");
  public static final Type DOUBLE_ARRAY = basic(ArrayTypeName.of(TypeName.DOUBLE), "null");
  /** {@code double[][]}: rows of {@code double}s, which may differ in length. */
  public static final Type DOUBLE_MATRIX = basic(ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE)), "null");
  /** The type of a statement run for its effect, or of a thrown exception: nothing a derivative can reach. */
  public static final Type VOID = new Type(CodeBlock.of("void"), "", null);

  private final CodeBlock code;
  private final String defaultValue;
  /** The type as javac knows it, where the front end could tell (a parameter's, a field's), else null. */
  private final TypeMirror mirror;

  private Type(CodeBlock code, String defaultValue, TypeMirror mirror) {
    this.code = code;
    this.defaultValue = defaultValue;
    this.mirror = mirror;
  }

  private static Type basic(TypeName name, String defaultValue) {
    return new Type(CodeBlock.of("$T", name), defaultValue, null);
  }

  /**
   * A type the intermediate form does not look into, written as {@code code} (its class names
   * through {@code $T}, so that the companion imports them); {@code mirror} may be null.
   */
  public static Type other(CodeBlock code, boolean primitive, TypeMirror mirror) {
    String text = code.toString();
    String defaultValue = !primitive ? "null" : text.equals("boolean") ? "false" : text.equals("char") ? "'\\0'" : "0";
    return new Type(code, defaultValue, mirror);
  }

  /** The type as generated code writes it. */
  public CodeBlock code() {
    return code;
  }

  /** The type as javac knows it, or null where the front end could not tell. */
  public TypeMirror mirror() {
    return mirror;
  }

  /** The type as javac knows it: its mirror, or that of double, int, long, boolean or double[]; else null. */
  public TypeMirror mirror(Types types) {
    if (mirror != null) {
      return mirror;
    }
    if (this == DOUBLE_ARRAY) {
      return types.getArrayType(types.getPrimitiveType(TypeKind.DOUBLE));
    }
    if (this == DOUBLE_MATRIX) {
      return types.getArrayType(types.getArrayType(types.getPrimitiveType(TypeKind.DOUBLE)));
    }
    TypeKind kind = this == DOUBLE ? TypeKind.DOUBLE : this == INT ? TypeKind.INT : this == LONG ? TypeKind.LONG
        : this == BOOLEAN ? TypeKind.BOOLEAN : null;
    return kind == null ? null : types.getPrimitiveType(kind);
  }

  /** The type as a message or a comment names it. */
  public String javaName() {
    return code.toString();
  }

  /** The value of a field of this type that nothing has assigned, as generated code writes it. */
  public String defaultValue() {
    return defaultValue;
  }

  /** {@code int} or {@code long}: counts and indices, computed as Java computes them. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  /**
   * A primitive the intermediate form does not look into, {@code char}, {@code short}, {@code
   * byte} or {@code float}: arithmetic promotes it, and a compound assignment casts back to it.
   */
  public boolean isNarrowPrimitive() {
    return isOther() && (isFloat() || List.of("char", "short", "byte").contains(javaName()));
  }

  /** {@code float}, whose arithmetic rounds. */
  public boolean isFloat() {
    return isOther() && javaName().equals("float");
  }

  /** A type whose values, or elements, can carry a derivative. */
  public boolean isDifferentiable() {
    return this == DOUBLE || this == DOUBLE_ARRAY || this == DOUBLE_MATRIX;
  }

  /** {@code double[]} or {@code double[][]}: an array whose elements can carry derivatives. */
  public boolean isDoubleArray() {
    return this == DOUBLE_ARRAY || this == DOUBLE_MATRIX;
  }

  /** One of the types the reverse sweep can reread and record: double, int, long, boolean. */
  public boolean isRecordable() {
    return this == DOUBLE || this == INT || this == LONG || this == BOOLEAN;
  }

  /** A type of {@link #other}: one the intermediate form does not look into. */
  public boolean isOther() {
    return !isRecordable() && !isDoubleArray();
  }

  /**
   * Whether a value of this type is an object that may keep values given to it (a record, a list),
   * as far as the type tells: a reference of {@link #other}, not an enum, whose constants are made
   * once, from constants.
   */
  public boolean mayKeepValues() {
    return isOther() && this != VOID && defaultValue.equals("null") && !isEnum();
  }

  /** Whether this is an enum type, as far as the type tells (its mirror is known). */
  public boolean isEnum() {
    return mirror instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Type t && t.code.toString().equals(code.toString());
  }

  @Override
  public int hashCode() {
    return code.toString().hashCode();
  }

  @Override
  public String toString() {
    return javaName();
  }
}
