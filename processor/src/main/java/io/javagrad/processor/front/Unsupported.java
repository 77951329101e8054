package io.javagrad.processor.front;

import com.sun.source.tree.Tree;

/**
 * User code the processor cannot differentiate: reported as a compile error at {@code tree}, and
 * the method is not differentiated. Thrown inside one method's pipeline only.
 */
public final class Unsupported extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Tree tree;

  public Unsupported(Tree tree, String message) {
    super(message, null, false, false);
    this.tree = tree;
  }

  public Tree tree() {
    return tree;
  }
}
