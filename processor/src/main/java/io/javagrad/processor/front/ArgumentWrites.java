package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
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
import javax.lang.model.util.Elements;

/**
 * Whether a static method of this compilation may write into the {@code double} arrays its caller
 * passes it, read off its source, erring towards yes: a write into an element of any {@code
 * double[]} or {@code double[][]} it did not make itself (a parameter, a for-each's row, or a
 * local that was ever given anything but a new array, a copy, or a local that holds only those,
 * also through {@code ?:}: buffer swaps {@code double[] t = cur; cur = next; next = t;} of arrays
 * it made write into none of the caller's), directly or by passing such an array on to a method
 * that may write into it ({@code System.arraycopy}'s destination, {@code Arrays.fill}'s array, or
 * a method of this compilation that does). A method whose source is not here is taken to write
 * nothing.
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
  private final Elements elements;
  private final Map<ExecutableElement, Boolean> known = new HashMap<>();
  /** The members of each class looked at, for the names' resolution. */
  private final Map<TypeElement, List<? extends Element>> members = new HashMap<>();

  ArgumentWrites(Trees trees, Elements elements) {
    this.trees = trees;
    this.elements = elements;
  }

  boolean writesArguments(ExecutableElement method) {
    Boolean writes = known.get(method);
    if (writes == null) {
      writes = writes(method, new HashSet<>());
      known.put(method, writes);
    }
    return writes;
  }

  /**
   * The indices of {@code method}'s parameters whose arrays it may write into, read off its source,
   * erring towards yes: a {@code double[]} or {@code double[][]} parameter written through ({@code
   * p[i] = ...}, {@code p[i][j]++}), given to a local (which may be written through), or passed to
   * any call but one of {@code method} itself at a parameter it does not write (a recursion that
   * only reads it) and the library's readers ({@code Math}, {@code System.arraycopy}'s source,
   * {@code Arrays.copyOf}...). Empty where {@link #writesArguments} finds no write at all.
   */
  List<Integer> writtenParameters(ExecutableElement method) {
    TreePath path = trees == null || !writesArguments(method) ? null : trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return List.of();
    }
    List<String> parameters = tree.getParameters().stream().map(p -> p.getName().toString()).toList();
    Set<String> written = new HashSet<>();
    // Each parameter passed to a call of the method itself, with the index of the parameter it is given to.
    Map<String, Set<Integer>> passedOn = new HashMap<>();
    String name = method.getSimpleName().toString();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        root(node.getVariable(), written);
        given(node.getExpression());
        return super.visitAssignment(node, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        root(node.getVariable(), written);
        return super.visitCompoundAssignment(node, unused);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void unused) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              root(node.getExpression(), written);
          default -> { }
        }
        return super.visitUnary(node, unused);
      }

      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        if (node.getInitializer() != null) {
          given(node.getInitializer());
        }
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        List<? extends ExpressionTree> args = node.getArguments();
        String called = node.getMethodSelect() instanceof IdentifierTree id ? id.getName().toString()
            : node.getMethodSelect() instanceof MemberSelectTree select ? select.getIdentifier().toString() : "";
        String qualifier = node.getMethodSelect() instanceof MemberSelectTree select
            ? select.getExpression().toString() : "";
        boolean itself = called.equals(name) && args.size() == parameters.size()
            && (qualifier.isEmpty() || qualifier.equals(method.getEnclosingElement().getSimpleName().toString()));
        for (int j = 0; j < args.size(); j++) {
          if (!(unparenthesized(args.get(j)) instanceof IdentifierTree id)) {
            continue;
          }
          String arg = id.getName().toString();
          if (itself) {
            passedOn.computeIfAbsent(arg, a -> new HashSet<>()).add(j);
          } else if (!readsOnly(qualifier, called, j)) {
            written.add(arg);
          }
        }
        return super.visitMethodInvocation(node, unused);
      }

      /** A variable given {@code value}, an identifier or a ?: of some, may be written through: they may be too. */
      private void given(ExpressionTree value) {
        ExpressionTree e = unparenthesized(value);
        if (e instanceof IdentifierTree id) {
          written.add(id.getName().toString());
        } else if (e instanceof ConditionalExpressionTree choice) {
          given(choice.getTrueExpression());
          given(choice.getFalseExpression());
        }
      }
    }.scan(tree.getBody(), null);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<String, Set<Integer>> passed : passedOn.entrySet()) {
        if (!written.contains(passed.getKey())
            && passed.getValue().stream().anyMatch(j -> written.contains(parameters.get(j)))) {
          written.add(passed.getKey());
          grew = true;
        }
      }
    }
    List<Integer> indices = new java.util.ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      TypeKind kind = method.getParameters().get(i).asType().getKind();
      if (kind == TypeKind.ARRAY && written.contains(parameters.get(i))) {
        indices.add(i);
      }
    }
    return indices;
  }

  /** Whether the library method {@code qualifier.called} only reads its array argument at {@code index}. */
  private static boolean readsOnly(String qualifier, String called, int index) {
    return qualifier.equals("Math") || qualifier.equals("StrictMath")
        || qualifier.equals("System") && called.equals("arraycopy") && index != 2
        || qualifier.equals("Arrays") && Set.of("copyOf", "copyOfRange", "stream", "toString", "equals", "hashCode")
            .contains(called);
  }

  /** Adds to {@code into} the variable an element store into {@code target} ({@code a[i]}, {@code m[i][j]}) goes into. */
  private static void root(ExpressionTree target, Set<String> into) {
    ExpressionTree e = unparenthesized(target);
    boolean element = false;
    while (e instanceof ArrayAccessTree access) {
      element = true;
      e = unparenthesized(access.getExpression());
    }
    if (element && e instanceof IdentifierTree id) {
      into.add(id.getName().toString());
    }
  }

  /** As above, where the methods {@code visiting} are already being looked at higher up: a recursive call adds nothing. */
  private boolean writes(ExecutableElement method, Set<ExecutableElement> visiting) {
    Boolean settled = known.get(method);
    if (settled != null) {
      return settled;
    }
    TreePath path = trees == null || !visiting.add(method) ? null : trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return false;
    }
    Variables variables = new Variables();
    variables.scan(path, null);
    NameResolver names = new NameResolver(elements, (TypeElement) method.getEnclosingElement(),
        path.getCompilationUnit(), members);
    Boolean found = new Scanner(variables, names, visiting).scan(new TreePath(path, tree.getBody()), null);
    return Boolean.TRUE.equals(found);
  }

  /**
   * The method's variables by name (its parameters and locals; Java lets sibling blocks reuse a
   * name, so each name stands for all its declarations): how many dimensions of {@code double}
   * they may have (0 for none; {@code var} counts as both), and which only ever hold arrays the
   * method made.
   */
  private static final class Variables extends TreePathScanner<Void, Void> {
    private final Map<String, Set<Integer>> dimensions = new HashMap<>();
    private final Map<String, ExpressionTree> declaredTypes = new HashMap<>();
    private final Set<String> notFresh = new HashSet<>();
    /** The variables each local is given, by name: it holds a caller's array if one of them may. */
    private final Map<String, Set<String>> givenFrom = new HashMap<>();
    private boolean settled;

    @Override
    public Void visitVariable(VariableTree node, Void unused) {
      String name = node.getName().toString();
      dimensions.computeIfAbsent(name, n -> new HashSet<>()).addAll(doubleDimensions(node.getType()));
      if (node.getType() instanceof ExpressionTree type) {
        declaredTypes.put(name, type);
      }
      // Parameters, for-each variables and lambdas' parameters are given arrays from elsewhere.
      Tree declaredIn = getCurrentPath().getParentPath().getLeaf();
      boolean local = declaredIn instanceof BlockTree || declaredIn instanceof ForLoopTree
          || declaredIn instanceof CaseTree;
      if (!local) {
        notFresh.add(name);
      } else if (node.getInitializer() != null) {
        given(name, node.getInitializer());
      }
      return super.visitVariable(node, unused);
    }

    @Override
    public Void visitAssignment(AssignmentTree node, Void unused) {
      if (node.getVariable() instanceof IdentifierTree id) {
        given(id.getName().toString(), node.getExpression());
      }
      return super.visitAssignment(node, unused);
    }

    /** Notes that {@code name} is given {@code value}: a new array or copy, a variable, a ?: of those, or anything else. */
    private void given(String name, ExpressionTree value) {
      Set<String> sources = new HashSet<>();
      if (madeOrVariables(value, sources)) {
        givenFrom.computeIfAbsent(name, n -> new HashSet<>()).addAll(sources);
      } else {
        notFresh.add(name);
      }
    }

    /** Whether {@code value} is a new array, a copy, a variable (added to {@code variables}) or a ?: of those. */
    private static boolean madeOrVariables(ExpressionTree value, Set<String> variables) {
      ExpressionTree e = unparenthesized(value);
      if (e instanceof IdentifierTree id) {
        variables.add(id.getName().toString());
        return true;
      }
      if (e instanceof ConditionalExpressionTree choice) {
        return madeOrVariables(choice.getTrueExpression(), variables)
            && madeOrVariables(choice.getFalseExpression(), variables);
      }
      return isFresh(e);
    }

    /** Spreads "may hold a caller's array" from each variable to the locals given it, and past names not declared here. */
    private void settle() {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<String, Set<String>> local : givenFrom.entrySet()) {
          boolean callers = local.getValue().stream().anyMatch(v -> notFresh.contains(v) || !dimensions.containsKey(v));
          changed |= callers && notFresh.add(local.getKey());
        }
      }
      settled = true;
    }

    /** The dimensions of {@code double} a variable declared with {@code type} may have: 1 or 2, none, or both for var. */
    private static Set<Integer> doubleDimensions(Tree type) {
      if (type == null) {
        return Set.of(1, 2);
      }
      int dimensions = 0;
      Tree element = type;
      while (element instanceof ArrayTypeTree array) {
        dimensions++;
        element = array.getType();
      }
      boolean doubles = element instanceof PrimitiveTypeTree primitive
          && primitive.getPrimitiveTypeKind() == TypeKind.DOUBLE;
      return doubles && dimensions > 0 ? Set.of(dimensions) : Set.of();
    }

    /** A new array or a copy: {@code new double[n]}, an initializer, {@code clone()}, {@code Arrays.copyOf}. */
    private static boolean isFresh(ExpressionTree value) {
      ExpressionTree e = unparenthesized(value);
      if (e instanceof NewArrayTree) {
        return true;
      }
      if (!(e instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
        return false;
      }
      String name = select.getIdentifier().toString();
      return name.equals("clone") && call.getArguments().isEmpty()
          || (name.equals("copyOf") || name.equals("copyOfRange")) && select.getExpression().toString().endsWith("Arrays");
    }

    /** Whether the method declares a variable (a parameter or a local) called {@code name}. */
    boolean declares(String name) {
      return dimensions.containsKey(name);
    }

    /** The type a variable called {@code name} is declared with (the last such declaration's), or null for var. */
    ExpressionTree declaredType(String name) {
      return declaredTypes.get(name);
    }

    /** Whether {@code name} may hold a {@code double} array of {@code dims} dimensions the method did not make. */
    boolean mayHoldCallers(String name, int dims) {
      if (!settled) {
        settle();
      }
      return dimensions.getOrDefault(name, Set.of()).contains(dims) && notFresh.contains(name);
    }
  }

  private final class Scanner extends WriteScanner {
    private final Variables variables;
    private final NameResolver names;
    private final Set<ExecutableElement> visiting;

    Scanner(Variables variables, NameResolver names, Set<ExecutableElement> visiting) {
      this.variables = variables;
      this.names = names;
      this.visiting = visiting;
    }

    @Override
    public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
      return passesOnToWriter(node) || Boolean.TRUE.equals(super.visitMethodInvocation(node, unused));
    }

    /**
     * {@code a[i] = ...}, {@code m[i][j] = ...} or {@code m[i] = row} (a new row) into an array the
     * method did not make.
     */
    @Override
    boolean writes(ExpressionTree target) {
      int depth = 0;
      ExpressionTree e = unparenthesized(target);
      while (e instanceof ArrayAccessTree access) {
        depth++;
        e = unparenthesized(access.getExpression());
      }
      return depth > 0 && e instanceof IdentifierTree id && (variables.mayHoldCallers(id.getName().toString(), depth)
          || variables.mayHoldCallers(id.getName().toString(), depth + 1));
    }

    /** Whether {@code argument} is an array the method did not make: a variable's, or a row of one. */
    private boolean isCallersArray(ExpressionTree argument) {
      int rows = 0;
      ExpressionTree e = unparenthesized(argument);
      while (e instanceof ArrayAccessTree access) {
        rows++;
        e = unparenthesized(access.getExpression());
      }
      if (!(e instanceof IdentifierTree id)) {
        return false;
      }
      String name = id.getName().toString();
      return variables.mayHoldCallers(name, rows + 1) || variables.mayHoldCallers(name, rows + 2);
    }

    private boolean passesOnToWriter(MethodInvocationTree node) {
      List<? extends ExpressionTree> args = node.getArguments();
      if (args.stream().noneMatch(this::isCallersArray)) {
        return false;
      }
      for (ExecutableElement callee : callees(node)) {
        Integer written = LIBRARY_WRITERS.get(((TypeElement) callee.getEnclosingElement()).getQualifiedName() + "."
            + callee.getSimpleName());
        boolean writes = written != null ? written < args.size() && isCallersArray(args.get(written))
            : callee.getReturnType().getKind() != TypeKind.ERROR && ArgumentWrites.this.writes(callee, visiting);
        if (writes) {
          return true;
        }
      }
      return false;
    }

    /**
     * The methods {@code call} may name: those of its name that take its number of arguments, in
     * the class its qualifier names or, unqualified, as a simple name resolves. Read off the source,
     * since asking javac for the call's element would have it attribute the whole class during
     * processing, which it then refuses for a record's compact constructor ("canonical constructor
     * must not contain explicit constructor invocation").
     */
    private List<ExecutableElement> callees(MethodInvocationTree call) {
      ExpressionTree select = call.getMethodSelect();
      List<ExecutableElement> named = List.of();
      if (select instanceof IdentifierTree id) {
        named = names.methods(id.getName().toString());
      } else if (select instanceof MemberSelectTree member) {
        // A static method of the class the qualifier names, or a method of the class a variable is declared with.
        ExpressionTree qualifier = member.getExpression() instanceof IdentifierTree id
            && variables.declares(id.getName().toString()) ? variables.declaredType(id.getName().toString())
            : member.getExpression();
        named = names.typeNamed(qualifier, id -> variables.declares(id.getName().toString()))
            .map(owner -> names.methodsOf(owner, member.getIdentifier().toString())).orElse(List.of());
      }
      int arity = call.getArguments().size();
      return named.stream().filter(m -> m.isVarArgs() ? arity >= m.getParameters().size() - 1
          : m.getParameters().size() == arity).toList();
    }
  }
}
