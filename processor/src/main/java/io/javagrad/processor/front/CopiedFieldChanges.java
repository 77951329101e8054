package io.javagrad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Name;
import javax.lang.model.element.VariableElement;

/**
 * Where the class of a private {@code static final} field changes it after its initializer ran: a
 * write into its elements anywhere in the class ({@code static { for (...) TABLE[k] = ...; }}), or,
 * in a static initializer block, a call given it or called on it ({@code Arrays.fill(TABLE, 1)},
 * {@code RATES.put(key, value)}). A companion's copy of the field runs the initializer alone, so
 * its table would differ from the one the original method reads. Writes through an alias ({@code
 * double[] t = TABLE; t[0] = 1;}) and calls in methods are not seen.
 */
final class CopiedFieldChanges {
  /** The first code of {@code field}'s top-level class, outside its initializer, that changes it; or none. */
  static Optional<Tree> of(VariableElement field, TreePath declaration) {
    TreePath top = declaration;
    while (top.getParentPath().getParentPath() != null) {
      top = top.getParentPath(); // up to the class declared in the compilation unit
    }
    Tree[] found = {null};
    new WriteScanner() {
      /** How many static initializer blocks the scan is in (a class's, or a nested class's inside one). */
      private int staticBlocks;

      /** The field's own declaration is left out: its initializer is what the copy runs. */
      @Override
      public Boolean scan(Tree tree, Void unused) {
        return found[0] == null && tree != declaration.getLeaf() && Boolean.TRUE.equals(super.scan(tree, unused));
      }

      @Override
      public Boolean visitBlock(BlockTree block, Void unused) {
        boolean classInitializer = block.isStatic()
            && getCurrentPath().getParentPath().getLeaf() instanceof ClassTree;
        staticBlocks += classInitializer ? 1 : 0;
        super.visitBlock(block, unused);
        staticBlocks -= classInitializer ? 1 : 0;
        return found[0] != null;
      }

      /**
       * In a static initializer, the field given to a call or called ({@code Arrays.fill(T, 1)},
       * {@code M.put(k, v)}).
       */
      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (staticBlocks > 0) {
          List<ExpressionTree> objects = new ArrayList<>(call.getArguments());
          if (call.getMethodSelect() instanceof MemberSelectTree select) {
            objects.add(select.getExpression());
          }
          if (objects.stream().anyMatch(o -> names(o, field))) {
            found[0] = call;
            return true;
          }
        }
        return super.visitMethodInvocation(call, unused);
      }

      /** A write into the field's elements ({@code TABLE[i][j] = ...} writes into TABLE's rows): the write is the change. */
      @Override
      boolean writes(ExpressionTree target) {
        ExpressionTree array = target;
        while (array instanceof ArrayAccessTree access) {
          array = access.getExpression();
        }
        if (array != target && names(array, field)) {
          found[0] = getCurrentPath().getLeaf();
        }
        return found[0] != null;
      }
    }.scan(top, null);
    return Optional.ofNullable(found[0]);
  }

  /**
   * Whether {@code tree} names {@code field}: its simple name, or its class's dot its name. Told by
   * the names, not by javac's elements: asking javac for the element of a name in a body has it
   * attribute the whole class during processing, which breaks a record's compact constructor (see
   * MethodPaths). A local of the same name as a constant counts too: a refusal, never a wrong copy.
   */
  private static boolean names(ExpressionTree tree, VariableElement field) {
    Name name = field.getSimpleName();
    return tree instanceof IdentifierTree identifier && identifier.getName().contentEquals(name)
        || tree instanceof MemberSelectTree select && select.getIdentifier().contentEquals(name)
        && SourceText.oneLine(select.getExpression()).endsWith(field.getEnclosingElement().getSimpleName().toString());
  }
}
