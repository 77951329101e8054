package io.javagrad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Whether a static method of this compilation may write into the arrays its caller passes it:
 * through a parameter, a local that names the same array ({@code double[] o = out}), or a row of a
 * parameter's {@code double[][]}, directly or by passing one of them on to a method that does
 * ({@code System.arraycopy}'s destination, {@code Arrays.fill}'s array, or a method of this
 * compilation that writes its own). Arrays the method makes itself are its own business. Read off
 * the source, so a method whose source is not here is taken to write nothing.
 */
final class ArgumentWrites {
  /** Library methods that write into an array argument, by qualified class and name, with that argument's position. */
  private static final Map<String, Integer> LIBRARY_WRITERS = Map.of(
      "java.lang.System.arraycopy", 2,
      "java.util.Arrays.fill", 0,
      "java.util.Arrays.sort", 0,
      "java.util.Arrays.parallelSort", 0,
      "java.util.Arrays.setAll", 0,
      "java.util.Arrays.parallelSetAll", 0,
      "java.util.Arrays.parallelPrefix", 0);

  private final Trees trees;
  private final Map<ExecutableElement, Boolean> known = new HashMap<>();

  ArgumentWrites(Trees trees) {
    this.trees = trees;
  }

  boolean writesArguments(ExecutableElement method) {
    return known.computeIfAbsent(method, m -> writes(m, new HashSet<>()));
  }

  /** As above, where the methods {@code visiting} are already being looked at higher up: a recursive call adds nothing. */
  private boolean writes(ExecutableElement method, Set<ExecutableElement> visiting) {
    TreePath path = trees == null || !visiting.add(method) ? null : trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return false;
    }
    Set<String> arguments = new HashSet<>();
    for (VariableTree parameter : tree.getParameters()) {
      if (parameter.getType().getKind() == Tree.Kind.ARRAY_TYPE) {
        arguments.add(parameter.getName().toString());
      }
    }
    Boolean found = new Scanner(arguments, visiting).scan(new TreePath(path, tree.getBody()), null);
    return Boolean.TRUE.equals(found);
  }

  private final class Scanner extends WriteScanner {
    /** The names that hold a caller's array: the array parameters, and the locals given one of them. */
    private final Set<String> arguments;
    private final Set<ExecutableElement> visiting;

    Scanner(Set<String> arguments, Set<ExecutableElement> visiting) {
      this.arguments = arguments;
      this.visiting = visiting;
    }

    @Override
    public Boolean visitVariable(VariableTree node, Void unused) {
      if (node.getInitializer() != null && holdsArgument(node.getInitializer())) {
        arguments.add(node.getName().toString());
      }
      return super.visitVariable(node, unused);
    }

    @Override
    public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
      return passesOnToWriter(node) || Boolean.TRUE.equals(super.visitMethodInvocation(node, unused));
    }

    /** {@code a[i] = ...} or {@code m[i][j] = ...} through a name that holds a caller's array. */
    @Override
    boolean writes(ExpressionTree target) {
      return target instanceof ArrayAccessTree access && holdsArgument(access.getExpression());
    }

    /** Whether {@code tree} is a caller's array: a name that holds one, or a row of one. */
    private boolean holdsArgument(ExpressionTree tree) {
      ExpressionTree e = tree;
      while (e instanceof ParenthesizedTree p) {
        e = p.getExpression();
      }
      if (e instanceof ArrayAccessTree access) {
        return holdsArgument(access.getExpression());
      }
      return e instanceof IdentifierTree id && arguments.contains(id.getName().toString());
    }

    private boolean passesOnToWriter(MethodInvocationTree node) {
      List<? extends ExpressionTree> args = node.getArguments();
      if (args.stream().noneMatch(this::holdsArgument)) {
        return false;
      }
      Element target = trees.getElement(new TreePath(getCurrentPath(), node.getMethodSelect()));
      if (!(target instanceof ExecutableElement callee)) {
        return false;
      }
      Integer written = LIBRARY_WRITERS.get(((TypeElement) callee.getEnclosingElement()).getQualifiedName() + "."
          + callee.getSimpleName());
      if (written != null) {
        return written < args.size() && holdsArgument(args.get(written));
      }
      return callee.getReturnType().getKind() != TypeKind.ERROR && ArgumentWrites.this.writes(callee, visiting);
    }
  }
}
