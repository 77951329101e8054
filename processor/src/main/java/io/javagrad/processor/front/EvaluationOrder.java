package io.javagrad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.util.TreeScanner;
import java.util.Collection;

/**
 * Java evaluates an expression's operands left to right, and a write inside one ({@code i++},
 * {@code k = 2}) happens between them; the translation runs such writes as statements before the
 * whole expression. An operand evaluated before a write of a variable it reads must therefore be
 * kept at its value first: {@code x[i] * x[i++ + 1]} reads {@code x[0] * x[1]}.
 */
final class EvaluationOrder {
  private EvaluationOrder() {}

  /** The variable a write to {@code target} changes: {@code i} of {@code i++}, {@code x} of {@code x[k] = 1}. */
  static String written(ExpressionTree target) {
    ExpressionTree root = target;
    while (root instanceof ArrayAccessTree || root instanceof ParenthesizedTree) {
      root = root instanceof ArrayAccessTree access ? access.getExpression()
          : ((ParenthesizedTree) root).getExpression();
    }
    return root instanceof IdentifierTree id ? id.getName().toString() : null;
  }

  /** Whether {@code tree} names any of {@code variables}. */
  static boolean reads(ExpressionTree tree, Collection<String> variables) {
    return Boolean.TRUE.equals(new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree node, Void unused) {
        return variables.contains(node.getName().toString());
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null));
  }
}
