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

  /** At {@code tree} in {@code unit}, or in the method's own file where {@code unit} is null. */
  static Unsupported at(Tree tree, CompilationUnitTree unit, String message) {
    return new Unsupported(tree, unit, message, null);
  }

  /** An error at {@code call}, which inlines code of {@code unit} where {@code cause} is. */
  static Unsupported inCallee(Tree call, String message, Unsupported cause, CompilationUnitTree unit) {
    return new Unsupported(call, null, message, cause.in(unit));
  }

  /** This error, located in {@code unit} where it is not located yet: code of that file translated elsewhere. */
  Unsupported in(CompilationUnitTree file) {
    return unit != null ? this : new Unsupported(tree, file, getMessage(), inner);
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
