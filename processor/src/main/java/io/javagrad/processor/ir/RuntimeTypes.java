package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;

/**
 * The runtime's classes that generated code uses, by name. They are written as names, not class
 * literals, so that the processor never loads the runtime: its jar runs alone on
 * {@code -processorpath}, and a user compiling against one runtime version is never handed the
 * classes of another.
 */
public final class RuntimeTypes {
  private static final String PACKAGE = "io.javagrad";

  public static final ClassName VALUE = ClassName.get(PACKAGE, "Value");
  public static final ClassName GRADIENT = ClassName.get(PACKAGE, "Gradient");
  public static final ClassName FUNCTIONS = ClassName.get(PACKAGE, "Functions");
  public static final ClassName TAPE = ClassName.get(PACKAGE, "Tape");
  public static final ClassName CALL_RECORD = ClassName.get(PACKAGE, "CallRecord");
  public static final ClassName RECURSION = ClassName.get(PACKAGE, "Recursion");
  public static final ClassName ROWS = ClassName.get(PACKAGE, "Rows");
  public static final ClassName SECOND_DERIVATIVES = ClassName.get(PACKAGE, "SecondDerivatives");
  public static final ClassName TANGENTS = ClassName.get(PACKAGE, "Tangents");
  public static final ClassName TWINS = ClassName.get(PACKAGE, "Twins");
  public static final ClassName WRITES_ARRAYS = ClassName.get(PACKAGE, "WritesArrays");
  public static final ClassName HELD_RECORDS = ClassName.get(PACKAGE, "HeldRecords");
  public static final ClassName COMPANION_PROTOCOL = ClassName.get(PACKAGE, "CompanionProtocol");

  /**
   * The protocol the companions this processor writes follow ({@code CompanionProtocol}), and so
   * the one the runtime they run on must follow: its {@code CompanionProtocol.CURRENT}. A change to
   * how generated code calls the runtime or other companions changes both, together.
   */
  public static final int PROTOCOL = 3;

  private RuntimeTypes() {}
}
