package io.javagrad.processor.front;

import io.javagrad.processor.ir.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the processor knows of library methods whose source it does not read, and which code run
 * as written calls: which build messages (and so change nothing they are given), which only read
 * the arrays they are given (argument checks), which are constant between their jumps, and which
 * results can hold a derivative at all. Knowledge of a new library's methods is a change here.
 */
final class LibraryCalls {
  /** The argument checks of {@code MathArrays}, Hipparchus's and Commons Math 3's. */
  private static final Set<String> ARRAY_CHECKS = Set.of("checkEqualLength", "checkOrder", "checkPositive",
      "checkNotNaN", "checkNonNegative", "checkRectangular", "isMonotonic");
  /** The argument checks of {@code MathUtils}. */
  private static final Set<String> VALUE_CHECKS = Set.of("checkNotNull", "checkFinite");

  /**
   * Names of the methods that build and write messages, by which an object passed to them is
   * taken not to be changed: logging ({@code System.Logger}, {@code java.util.logging}, SLF4J and
   * the like), printing and formatting. An object passed to any other call may keep what the call
   * is given beside it.
   */
  private static final Set<String> MESSAGES = Set.of("log", "trace", "debug", "info", "warn", "warning", "error",
      "fine", "finer", "finest", "severe", "config", "print", "println", "printf", "format", "formatted", "valueOf",
      "toString", "requireNonNull", "checkArgument", "checkState", "isLoggable");

  /**
   * Library methods that read the arrays passed to them and write none, by class: argument checks
   * and messages, the JDK's and those of the numeric libraries (Hipparchus, Commons Math 3). An
   * array passed to one goes by value, as into a helper of the compilation that writes no array;
   * where the method's value carries no derivative (a message, a test) or is not used, nothing is lost.
   */
  private static final Map<String, Set<String>> READS_ARRAYS_ONLY = Map.of(
      "java.util.Objects", Set.of("requireNonNull", "requireNonNullElse", "isNull", "nonNull", "toString", "hash",
          "hashCode", "equals", "deepEquals"),
      "java.util.Arrays", Set.of("toString", "deepToString", "hashCode", "deepHashCode", "equals", "deepEquals",
          "mismatch", "compare", "stream", "binarySearch"),
      "java.lang.String", Set.of("valueOf"),
      "org.hipparchus.util.MathArrays", ARRAY_CHECKS,
      "org.hipparchus.util.MathUtils", VALUE_CHECKS,
      "org.apache.commons.math3.util.MathArrays", ARRAY_CHECKS,
      "org.apache.commons.math3.util.MathUtils", VALUE_CHECKS);

  /** Methods whose result is the number they are given in another form: its bits, its text. */
  private static final Map<String, Set<String>> ENCODINGS = Map.of(
      "java.lang.Double", Set.of("doubleToLongBits", "doubleToRawLongBits", "toString", "toHexString"),
      "java.lang.Float", Set.of("floatToIntBits", "floatToRawIntBits", "toString", "toHexString"),
      "java.lang.String", Set.of("valueOf"));

  /** The functions of {@code Math} and the classes alike that are constant between their jumps. */
  private static final Set<String> PIECEWISE_CONSTANT = Set.of("floor", "ceil", "rint", "signum");

  private LibraryCalls() {}

  /** Whether a method called {@code name} builds a message ({@link #MESSAGES}). */
  static boolean buildsMessages(String name) {
    return MESSAGES.contains(name);
  }

  /** Whether {@code owner}'s (a qualified class name) method {@code name} only reads the arrays it is given. */
  static boolean readsArraysOnly(String owner, String name) {
    return READS_ARRAYS_ONLY.getOrDefault(owner, Set.of()).contains(name);
  }

  /** Whether {@code owner}'s (a qualified class name) method {@code name} gives the number it is given in another form. */
  static boolean encodesValue(String owner, String name) {
    return ENCODINGS.getOrDefault(owner, Set.of()).contains(name);
  }

  /** Whether {@code Math}'s function {@code name} (or that of a class alike) is constant between its jumps. */
  static boolean isPiecewiseConstant(String name) {
    return PIECEWISE_CONSTANT.contains(name);
  }

  /**
   * Whether a result of {@code type} could hold a derivative: a double, a float, an object (a {@code
   * Double}), but not an enum's constant, made once from constants ({@code Tier.forQuantity(q)} only
   * chooses one, as a comparison of {@code q} would).
   */
  static boolean mayHoldDerivative(Type type) {
    if (type == Type.VOID || type == Type.INT || type == Type.LONG || type == Type.BOOLEAN || type.isEnum()) {
      return false;
    }
    // Arrays of these hold none either: an argsort's int[], a mask.
    String element = type.javaName().replace("[]", "");
    return !List.of("java.lang.String", "char", "short", "byte", "int", "long", "boolean", "java.lang.Integer",
        "java.lang.Long", "java.lang.Boolean", "java.lang.Character").contains(element);
  }
}
