package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fixed sequences of records: a local array or list that a method builds of records followed by
 * their components ({@code Shape[] scene = {new Sphere(c, r), new Plane(n, d)}}, {@code
 * List.of(...)}), as a scene, a network's layers or a portfolio's instruments are written, and uses
 * only to go through ({@code for (Shape s : scene)}, {@code for (int i = 0; i < scene.length; i++)}),
 * to count ({@code scene.length}, {@code scene.size()}) or to call a method of an element at a
 * constant index or at such a loop's counter ({@code scene[0].area()}, {@code scene.get(i).area()}).
 * No array or list is made: each element is a record's locals, and a loop over them is written out
 * once per element, its variable that element, so that each element's methods are those of its own
 * record, as the records behind an interface are ({@link RecordTranslator}).
 */
final class RecordSequences {
  private RecordSequences() {}

  /**
   * The name under which the element {@code index} of the sequence {@code name} is bound as a
   * record: a number, or a loop's counter in that loop's copy for the element.
   */
  static String elementKey(String name, Object index) {
    return name + "[" + index + "]";
  }

  /** {@code scene[k]} or {@code scene.get(k)}: the sequence's name and the index. */
  record Element(String sequence, ExpressionTree index) {
    /** The index, an int literal; else null. */
    Integer constant() {
      return index instanceof LiteralTree literal && literal.getValue() instanceof Integer k ? k : null;
    }

    /** Its {@link #elementKey}, where the index is an int literal or a name; else null. */
    String key() {
      return index instanceof IdentifierTree counter ? elementKey(sequence, counter.getName())
          : constant() != null ? elementKey(sequence, constant()) : null;
    }
  }

  /** {@code tree} as an {@link Element}, where it is {@code name[index]} or {@code name.get(index)}; else null. */
  static Element element(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    if (value instanceof ArrayAccessTree access && unparenthesized(access.getExpression()) instanceof IdentifierTree name) {
      return new Element(name.getName().toString(), access.getIndex());
    }
    if (value instanceof MethodInvocationTree call && call.getArguments().size() == 1
        && call.getMethodSelect() instanceof MemberSelectTree select && select.getIdentifier().contentEquals("get")
        && unparenthesized(select.getExpression()) instanceof IdentifierTree name) {
      return new Element(name.getName().toString(), call.getArguments().get(0));
    }
    return null;
  }

  /** The {@link #elementKey} of {@code scene[k]} or {@code scene.get(k)}, {@code k} an int literal or a name; else null. */
  static String elementKey(ExpressionTree tree) {
    Element element = element(tree);
    return element == null ? null : element.key();
  }

  /** The name that {@code tree}, {@code name.length} or {@code name.size()}, counts; else null. */
  static String countedName(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    ExpressionTree select = value instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        ? call.getMethodSelect() : value;
    String counted = value instanceof MethodInvocationTree ? "size" : "length";
    return select instanceof MemberSelectTree member && member.getIdentifier().contentEquals(counted)
        && unparenthesized(member.getExpression()) instanceof IdentifierTree name ? name.getName().toString() : null;
  }

  /** The loop {@code for (int counter = 0; counter < sequence.length; counter++)} (or {@code .size()}, {@code ++counter}). */
  record Counted(String counter, String sequence) {}

  /**
   * {@code loop} as {@link Counted} says, whose body does not assign its counter; else null. Its
   * copy for element {@code k} names that element {@code sequence[counter]}.
   */
  static Counted counted(ForLoopTree loop) {
    if (loop.getInitializer().size() != 1 || !(loop.getInitializer().get(0) instanceof VariableTree init)
        || !(init.getInitializer() instanceof LiteralTree zero) || !Integer.valueOf(0).equals(zero.getValue())
        || !(loop.getCondition() instanceof BinaryTree test) || test.getKind() != Tree.Kind.LESS_THAN
        || !(unparenthesized(test.getLeftOperand()) instanceof IdentifierTree tested)
        || !tested.getName().contentEquals(init.getName()) || loop.getUpdate().size() != 1) {
      return null;
    }
    String counter = init.getName().toString();
    String sequence = countedName(test.getRightOperand());
    boolean increments = loop.getUpdate().get(0).getExpression() instanceof UnaryTree step
        && (step.getKind() == Tree.Kind.POSTFIX_INCREMENT || step.getKind() == Tree.Kind.PREFIX_INCREMENT)
        && step.getExpression() instanceof IdentifierTree stepped && stepped.getName().contentEquals(counter);
    if (!increments || sequence == null || Scope.assigns(List.of(loop.getStatement()), counter)) {
      return null;
    }
    return new Counted(counter, sequence);
  }

  /**
   * The elements of {@code initializer}, an array's ({@code {a, b}}, {@code new Shape[] {a, b}}) or
   * a call that {@code listsOf} says makes a fixed list of its arguments ({@code List.of(a, b)}); else null.
   */
  static List<? extends ExpressionTree> elements(ExpressionTree initializer, Predicate<MethodInvocationTree> listsOf) {
    ExpressionTree value = initializer == null ? null : unparenthesized(initializer);
    if (value instanceof NewArrayTree array && array.getDimensions().isEmpty() && array.getInitializers() != null) {
      return array.getInitializers();
    }
    return value instanceof MethodInvocationTree call && listsOf.test(call) ? call.getArguments() : null;
  }

  /**
   * Whether {@code rest} uses {@code name}, a sequence, only to go through it, count it, or call a
   * method of an element at a constant index or a loop's counter, or stream it into a reduction
   * ({@code book.stream().mapToDouble(t -> t.value(curve)).sum()}, as {@code streamed} tells such
   * a call); never to assign it, write an element, or hold it as an object.
   */
  static boolean onlyTraversed(String name, List<? extends Tree> rest,
      Function<MethodInvocationTree, StreamLowering.Streamed> streamed) {
    Boolean traversed = new TreeScanner<Boolean, Void>() {
      /** The counters of the loops over the sequence that enclose the tree scanned ({@link #counted}). */
      private final Set<String> counters = new HashSet<>();
      /** The sequence's names that streams into a reduction take their elements from. */
      private final Set<Tree> streamedFrom = new HashSet<>();

      @Override
      public Boolean visitForLoop(ForLoopTree loop, Void unused) {
        Counted over = counted(loop);
        if (over == null || !over.sequence().equals(name) || !counters.add(over.counter())) {
          return super.visitForLoop(loop, unused);
        }
        try {
          return super.visitForLoop(loop, unused);
        } finally {
          counters.remove(over.counter());
        }
      }

      @Override
      public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
        return !names(identifier) || isStreamed(identifier);
      }

      private boolean isStreamed(ExpressionTree tree) {
        return streamedFrom.contains(unparenthesized(tree));
      }

      @Override
      public Boolean visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
        if (names(loop.getExpression())) {
          return scan(loop.getVariable(), null) != Boolean.FALSE && scan(loop.getStatement(), null) != Boolean.FALSE;
        }
        return super.visitEnhancedForLoop(loop, unused);
      }

      @Override
      public Boolean visitMemberSelect(MemberSelectTree select, Void unused) {
        if (isElement(select.getExpression())) {
          return true;
        }
        if (names(select.getExpression())) {
          return select.getIdentifier().contentEquals("length");
        }
        return super.visitMemberSelect(select, unused);
      }

      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
        StreamLowering.Streamed stream = streamed.apply(call);
        if (stream != null && names(stream.collection())) {
          streamedFrom.add(unparenthesized(stream.collection()));
        }
        if (call.getArguments().isEmpty() && call.getMethodSelect() instanceof MemberSelectTree select
            && names(select.getExpression())) {
          return select.getIdentifier().contentEquals("size") || isStreamed(select.getExpression());
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Boolean visitVariable(VariableTree variable, Void unused) {
        return !variable.getName().contentEquals(name) && super.visitVariable(variable, unused) != Boolean.FALSE;
      }

      private boolean names(ExpressionTree tree) {
        return unparenthesized(tree) instanceof IdentifierTree id && id.getName().contentEquals(name);
      }

      /** An element at a constant index (one past the end is Java's exception, where it runs) or at a loop's counter. */
      private boolean isElement(ExpressionTree tree) {
        Element element = element(tree);
        return element != null && element.sequence().equals(name) && (element.constant() != null
            || element.index() instanceof IdentifierTree counter && counters.contains(counter.getName().toString()));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return a != Boolean.FALSE && b != Boolean.FALSE;
      }
    }.scan(rest, null);
    return traversed != Boolean.FALSE;
  }

  /**
   * The lambdas that take the elements of the sequence {@code name} in the streams of {@code rest}
   * ({@code t -> t.value(curve)} in {@code book.stream().mapToDouble(t -> t.value(curve)).sum()}),
   * as {@code streamed} tells such a stream: those of its filters and its map to doubles.
   */
  static List<LambdaExpressionTree> streamLambdas(String name, List<? extends Tree> rest,
      Function<MethodInvocationTree, StreamLowering.Streamed> streamed) {
    List<LambdaExpressionTree> lambdas = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        StreamLowering.Streamed stream = streamed.apply(call);
        if (stream != null && unparenthesized(stream.collection()) instanceof IdentifierTree id
            && id.getName().contentEquals(name)) {
          stream.onElements().stream().filter(LambdaExpressionTree.class::isInstance)
              .forEach(lambda -> lambdas.add((LambdaExpressionTree) lambda));
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(rest, null);
    return lambdas;
  }

  /** The loops of {@code rest} that go through the sequence {@code name} ({@code for (Shape s : scene)}). */
  static List<EnhancedForLoopTree> loops(String name, List<? extends Tree> rest) {
    return loops(name::equals, rest);
  }

  /** The for-each loops in {@code rest} over a name that {@code over} accepts, outer loops first. */
  static List<EnhancedForLoopTree> loops(Predicate<String> over, List<? extends Tree> rest) {
    List<EnhancedForLoopTree> loops = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
        if (unparenthesized(loop.getExpression()) instanceof IdentifierTree id && over.test(id.getName().toString())) {
          loops.add(loop);
        }
        return super.visitEnhancedForLoop(loop, unused);
      }
    }.scan(rest, null);
    return loops;
  }

  /**
   * The body of a loop over a sequence, written out for one element: its jumps of that loop become
   * jumps out of the blocks that stand for it, {@code break} (and {@code break label}) out of
   * {@code loop}, {@code continue} (and {@code continue label}) out of {@code element}. {@code
   * label} is the loop's own label, or null. The unlabelled jumps of the loops inside it stay theirs.
   */
  static List<Stmt> jumpsOfElement(List<Stmt> body, String label, String loop, String element) {
    return jumps(body, label, loop, element, false);
  }

  /** As above; {@code nested}: inside a loop of the body, where only jumps naming {@code label} are the sequence's. */
  private static List<Stmt> jumps(List<Stmt> body, String label, String loop, String element, boolean nested) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      out.add(jumps(s, label, loop, element, nested));
    }
    return out;
  }

  private static Stmt jumps(Stmt s, String label, String loop, String element, boolean nested) {
    if (s instanceof Stmt.Break jump && ofSequence(jump.label(), label, nested)) {
      return new Stmt.Break(loop, jump.source());
    }
    if (s instanceof Stmt.Continue jump && ofSequence(jump.label(), label, nested)) {
      return new Stmt.Break(element, jump.source());
    }
    if (s instanceof Stmt.If branch) {
      return new Stmt.If(branch.condition(), jumps(branch.then(), label, loop, element, nested),
          jumps(branch.otherwise(), label, loop, element, nested), branch.source());
    }
    if (s instanceof Stmt.Labeled block) {
      return new Stmt.Labeled(block.label(), jumps(block.statements(), label, loop, element,
          nested || !block.block()), block.block(), block.source());
    }
    if (label != null && s instanceof Stmt.Loop inner) {
      return new Stmt.Loop(inner.condition(), inner.testFirst(), jumps(inner.body(), label, loop, element, true),
          jumps(inner.update(), label, loop, element, true), inner.source());
    }
    if (label != null && s instanceof Stmt.CountedLoop inner) {
      return new Stmt.CountedLoop(inner.counter(), inner.from(), inner.condition(), inner.bound(), inner.inclusive(),
          jumps(inner.body(), label, loop, element, true), inner.source());
    }
    return s;
  }

  /** Whether a jump naming {@code named} (null for none) is one of the sequence's loop, labelled {@code label}. */
  private static boolean ofSequence(String named, String label, boolean nested) {
    return named == null ? !nested : named.equals(label);
  }
}
