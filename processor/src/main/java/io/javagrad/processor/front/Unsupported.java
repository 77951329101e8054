package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;

/**
 * User code the processor cannot differentiate: reported as a compile error at {@code tree}, and
 * the method is not differentiated. Thrown inside one method's pipeline only.
 *
 * <p>Where the code is a helper's, inlined into the method from another place ({@code Inliner}),
 * the error at the call carries the one inside the helper as its {@link #inner}, in the helper's
 * file, and both are reported.
 */
public final class Unsupported extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Tree tree;
  private final transient CompilationUnitTree unit;
  private final transient Unsupported inner;

  /** At {@code tree} in the file of the method being translated. */
  public Unsupported(Tree tree, String message) {
    this(tree, null, message, null);
  }

  private Unsupported(Tree tree, CompilationUnitTree unit, String message, Unsupported inner) {
    super(message, null, false, false);
    this.tree = tree;
    this.unit = unit;
    this.inner = inner;
  }

  /** An error at {@code call}, which inlines code of {@code unit} where {@code cause} is. */
  static Unsupported inCallee(Tree call, String message, Unsupported cause, CompilationUnitTree unit) {
    Unsupported located = cause.unit != null ? cause : new Unsupported(cause.tree, unit, cause.getMessage(), cause.inner);
    return new Unsupported(call, null, message, located);
  }

  public Tree tree() {
    return tree;
  }

  /** The file of {@link #tree}, or null for the method's own. */
  public CompilationUnitTree unit() {
    return unit;
  }

  /** The error inside the inlined code this one is about, or null. */
  public Unsupported inner() {
    return inner;
  }
}
