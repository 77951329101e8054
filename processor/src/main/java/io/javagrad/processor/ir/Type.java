package io.javagrad.processor.ir;

/** The types a differentiable method's values can have. Only {@code double}s carry derivatives. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  /** {@code int} or {@code long}: counts and indices, computed as Java computes them. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  /** A type whose values, or elements, can carry a derivative. */
  public boolean isDifferentiable() {
    return this == DOUBLE || this == DOUBLE_ARRAY;
  }
}
