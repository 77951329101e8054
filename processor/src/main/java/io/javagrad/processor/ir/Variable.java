package io.javagrad.processor.ir;

/**
 * A parameter or local variable of a differentiable method. Identity matters: two locals of the
 * same name in different scopes are different variables.
 */
public final class Variable {
  /**
   * Where a variable comes from. A {@code CAPTURE} is a copy of one of the method's variables that a
   * lambda or class of code run as written reads: Java wants it effectively final, so it is declared
   * {@code final} where it stands, and only that code reads it.
   */
  public enum Kind { PARAMETER, LOCAL, CAPTURE }

  private final String name;
  private final Type type;
  private final Kind kind;
  private final boolean constantInput;

  public Variable(String name, Type type, Kind kind) {
    this(name, type, kind, false);
  }

  /** A parameter; {@code constantInput} when it is marked {@code @NoDerivative}. */
  public Variable(String name, Type type, Kind kind, boolean constantInput) {
    this.name = name;
    this.type = type;
    this.kind = kind;
    this.constantInput = constantInput;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public boolean isParameter() {
    return kind == Kind.PARAMETER;
  }

  /** A copy for a lambda to capture; see {@link Kind#CAPTURE}. */
  public boolean isCapture() {
    return kind == Kind.CAPTURE;
  }

  /** A parameter marked {@code @NoDerivative}. */
  public boolean isConstantInput() {
    return constantInput;
  }

  /**
   * A parameter whose derivative is wanted: a {@code double}, {@code double[]} or {@code double[][]}
   * parameter not marked {@code @NoDerivative}. These, and only these, seed the activity analysis.
   */
  public boolean isDifferentiatedInput() {
    return isParameter() && type.isDifferentiable() && !constantInput;
  }

  @Override
  public String toString() {
    return type.javaName() + " " + name;
  }
}
