package io.javagrad.processor.ir;

/**
 * A statement of the intermediate form. {@code source} is the statement as the user wrote it,
 * for the comments that head each reverse block.
 */
public sealed interface Stmt {
  String source();

  /** {@code double v;} or {@code double v = init;}: {@code init} is null for the former. */
  record Declare(Variable variable, Expr init, String source) implements Stmt {}

  /** {@code v = value;}; compound assignments arrive here desugared ({@code v += e} is {@code v = v + e}). */
  record Assign(Variable variable, Expr value, String source) implements Stmt {}

  /** {@code return value;} */
  record Return(Expr value, String source) implements Stmt {}
}
