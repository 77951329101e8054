package io.javagrad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePathScanner;

/**
 * Scans code for a write that {@link #writes} picks out among its targets: those of {@code =},
 * compound assignments and {@code ++}/{@code --}. True if there is one.
 */
abstract class WriteScanner extends TreePathScanner<Boolean, Void> {
  /** Whether writing to {@code target} is the write looked for. */
  abstract boolean writes(ExpressionTree target);

  @Override
  public Boolean visitAssignment(AssignmentTree node, Void unused) {
    return writes(node.getVariable()) || Boolean.TRUE.equals(super.visitAssignment(node, unused));
  }

  @Override
  public Boolean visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    return writes(node.getVariable()) || Boolean.TRUE.equals(super.visitCompoundAssignment(node, unused));
  }

  @Override
  public Boolean visitUnary(UnaryTree node, Void unused) {
    boolean step = switch (node.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
    return step && writes(node.getExpression()) || Boolean.TRUE.equals(super.visitUnary(node, unused));
  }

  @Override
  public Boolean reduce(Boolean a, Boolean b) {
    return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
  }
}
