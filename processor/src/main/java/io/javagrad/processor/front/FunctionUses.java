package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.util.TreeScanner;
import java.util.List;
import java.util.function.Predicate;

/**
 * How the statements after a local holding a function use it: a name bound to a lambda ({@link
 * FunctionValue}) declares no object, so every use must be one javagrad follows.
 */
final class FunctionUses {
  private FunctionUses() {}

  /**
   * Whether {@code statements} use {@code name} only to apply it (call {@code applies} on it: {@code
   * name.applyAsDouble(x)}) or to pass it to a call that {@code inlines} may inline; a name declared
   * again counts as another use.
   */
  static boolean onlyApplied(String name, String applies, List<? extends StatementTree> statements,
      Predicate<MethodInvocationTree> inlines) {
    TreeScanner<Boolean, Void> uses = new TreeScanner<>() {
      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
        boolean applied = call.getMethodSelect() instanceof MemberSelectTree select && names(select.getExpression())
            && select.getIdentifier().contentEquals(applies);
        boolean followed = applied || scan(call.getMethodSelect(), null) != Boolean.FALSE;
        for (ExpressionTree argument : call.getArguments()) {
          followed &= names(argument) ? inlines.test(call) : scan(argument, null) != Boolean.FALSE;
        }
        return followed;
      }

      @Override
      public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
        return !identifier.getName().contentEquals(name);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return a != Boolean.FALSE && b != Boolean.FALSE;
      }

      private boolean names(ExpressionTree tree) {
        return tree instanceof IdentifierTree id && id.getName().contentEquals(name);
      }
    };
    return statements.stream().allMatch(s -> uses.scan(s, null) != Boolean.FALSE);
  }
}
