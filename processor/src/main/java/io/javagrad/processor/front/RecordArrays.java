package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.lang.model.element.TypeElement;

/**
 * Arrays of records that a loop fills, as simulations and meshes are written: {@code Body[] bodies
 * = new Body[n]; for (int i = 0; i < n; i++) bodies[i] = new Body(...);}, then {@code
 * bodies[i].position()}, {@code Vec3 a = vertices[face[0]]}, {@code for (Body b : bodies)}, {@code
 * Arrays.stream(bodies).mapToDouble(Body::kineticEnergy).sum()}. No array of objects is made: the
 * array is held as one {@code double[]} per number of its record ({@code bodies_position_x}), a
 * structure of arrays, and a {@code boolean[]} of the elements stored, so that reading one never
 * stored throws Java's {@code NullPointerException}. An element read is its numbers at that index;
 * an element stored writes each. A list of records filled by {@code add} ({@code List<Vec2>
 * vertices = new ArrayList<>()}) is held so too, with its size, its arrays growing as an ArrayList's
 * does, and {@code get} checked against the size. Any other use of the array or list (given to a
 * method, compared, held by code run as written) leaves it one of objects, as before.
 */
final class RecordArrays {
  private RecordArrays() {}

  /**
   * An array of records held as a structure of arrays.
   *
   * @param name the array's name in the source, which its locals' names start with
   * @param type the record of its elements
   * @param leaves a {@code double[]} per number of the record, in its order of leaves ({@link RecordValue#leaves})
   * @param stored a {@code boolean[]}, true at the elements stored
   * @param size for a list, the {@code int} of its elements added, the arrays' first elements; null for an array
   */
  record Held(String name, TypeElement type, List<Variable> leaves, Variable stored, Variable size) {
    /** How many elements it holds: an array's length, or a list's size. */
    Expr count() {
      return size != null ? new Expr.Read(size) : new Expr.Length(leaves.get(0), null);
    }
  }

  /** {@code new R[n]}, an array of one dimension without elements, that {@code initializer} makes; else null. */
  static NewArrayTree created(ExpressionTree initializer) {
    return initializer != null && unparenthesized(initializer) instanceof NewArrayTree created
        && created.getType() != null && created.getDimensions().size() == 1 && created.getInitializers() == null
        ? created : null;
  }

  /**
   * Whether an array of {@code type} may be held as a structure of arrays: a record of doubles and
   * ints alone, at any depth, an int held in a {@code double[]} too, which holds it exactly.
   */
  static boolean holdsNumbers(TypeElement type) {
    List<RecordValue.Leaf> leaves = RecordValue.leaves(type);
    return !leaves.isEmpty() && leaves.stream().allMatch(leaf -> leaf.type() == Type.DOUBLE || leaf.type() == Type.INT);
  }

  /** {@code number}, read from the {@code double[]} that holds the leaf {@code leaf}, as the leaf's type: an int cast back. */
  static Expr asLeaf(RecordValue.Leaf leaf, Expr number) {
    return leaf.type() == Type.INT ? new Expr.IntegralOp("(int)", null, number, Type.INT) : number;
  }

  /** {@code value}, of the leaf {@code leaf}, as stored in the {@code double[]} that holds it: an int widened. */
  static Expr asStored(RecordValue.Leaf leaf, Expr value) {
    return leaf.type() == Type.INT ? new Expr.Widen(value) : value;
  }

  /** Whether {@code assignment} gives the array {@code name} a new array without elements: {@code name = new R[n]}. */
  static boolean renews(String name, AssignmentTree assignment) {
    return assignment.getVariable() instanceof IdentifierTree array && array.getName().contentEquals(name)
        && created(assignment.getExpression()) != null;
  }

  /**
   * {@code new ArrayList<>()} or {@code new ArrayList<>(n)}, a new list that {@code initializer}
   * makes, as {@code isArrayList} tells the class it names; else null.
   */
  static NewClassTree createdList(ExpressionTree initializer, Predicate<NewClassTree> isArrayList) {
    return initializer != null && unparenthesized(initializer) instanceof NewClassTree created
        && created.getClassBody() == null && created.getArguments().size() <= 1 && isArrayList.test(created)
        ? created : null;
  }

  /**
   * The tree naming {@code name} in {@code tree}, where {@code tree} is an element of it ({@code
   * name[i]}, {@code name.get(i)}); else null.
   */
  static ExpressionTree elementOf(String name, ExpressionTree tree) {
    RecordSequences.Element element = tree == null ? null : RecordSequences.element(tree);
    if (element == null || !element.sequence().equals(name)) {
      return null;
    }
    ExpressionTree value = unparenthesized(tree);
    return unparenthesized(value instanceof ArrayAccessTree access ? access.getExpression()
        : ((MemberSelectTree) ((MethodInvocationTree) value).getMethodSelect()).getExpression());
  }

  /** The name of the list that {@code tree} adds one value to ({@code name.add(value)}); else null. */
  static String listAddedTo(ExpressionTree tree) {
    return tree != null && unparenthesized(tree) instanceof MethodInvocationTree call
        && call.getArguments().size() == 1 && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("add")
        && unparenthesized(select.getExpression()) instanceof IdentifierTree list ? list.getName().toString() : null;
  }

  /** {@code name.add(value)}, a record added to the list {@code name}, where {@code tree} is that call; else null. */
  static ExpressionTree addedTo(String name, ExpressionTree tree) {
    return name.equals(listAddedTo(tree)) ? ((MethodInvocationTree) unparenthesized(tree)).getArguments().get(0)
        : null;
  }

  /**
   * Whether {@code rest} uses the array {@code name} only as one held as a structure of arrays:
   * its elements stored ({@code name[i] = r;}), read where a record is ({@code name[i].x()}, {@code
   * R r = name[i];}, given to a call that {@code takesRecords}), its length, a for-each over it,
   * and streams that {@code streamed} tells take its elements, and a new array of it ({@code name =
   * new R[n]}); never given whole, assigned another array, or declared again. A list ({@code list}) is used so by {@code name.add(r);}, {@code name.get(i)},
   * {@code name.size()} and {@code name.isEmpty()} instead.
   */
  static boolean onlyIndexed(String name, boolean list, List<? extends Tree> rest,
      Predicate<MethodInvocationTree> takesRecords, Function<MethodInvocationTree, StreamLowering.Streamed> streamed) {
    Uses uses = new Uses(name, list, takesRecords, streamed);
    uses.scan(rest, null);
    return !uses.refused;
  }

  /**
   * A use of an array or a list of records that is not one of those it is held for: {@code name},
   * the tree naming it there, and {@code use}, the expression or statement that uses it so ({@code
   * Arrays.asList(a)}, {@code a = new Vec2[3]}).
   */
  record Unheld(IdentifierTree name, Tree use) {}

  /**
   * The first use in {@code rest} of the array {@code name} that {@link #onlyIndexed} does not
   * allow, where the array is named there; else empty, also where no such use names it.
   */
  static Optional<Unheld> firstUnheldUse(String name, boolean list, List<? extends Tree> rest,
      Predicate<MethodInvocationTree> takesRecords, Function<MethodInvocationTree, StreamLowering.Streamed> streamed) {
    Uses uses = new Uses(name, list, takesRecords, streamed);
    uses.scan(rest, null);
    return Optional.ofNullable(uses.first);
  }

  /** The check of {@link #onlyIndexed}: whether a use is refused, and the first refused, where it names the array. */
  private static final class Uses extends TreeScanner<Boolean, Void> {
    private final String name;
    private final boolean list;
    private final Predicate<MethodInvocationTree> takesRecords;
    private final Function<MethodInvocationTree, StreamLowering.Streamed> streamed;

    Uses(String name, boolean list, Predicate<MethodInvocationTree> takesRecords,
        Function<MethodInvocationTree, StreamLowering.Streamed> streamed) {
      this.name = name;
      this.list = list;
      this.takesRecords = takesRecords;
      this.streamed = streamed;
    }

    /** The trees naming the array that a use allowed above them has vouched for. */
    private final Set<Tree> allowed = new HashSet<>();
    /** The trees that enclose the one scanned, innermost first. */
    private final Deque<Tree> enclosing = new ArrayDeque<>();
    private Unheld first;
    private boolean refused;

    @Override
    public Boolean scan(Tree tree, Void unused) {
      if (tree == null) {
        return null;
      }
      enclosing.push(tree);
      Boolean held = super.scan(tree, unused);
      enclosing.pop();
      if (held == Boolean.FALSE && !refused) {
        refused = true;
        IdentifierTree named = tree instanceof IdentifierTree id ? id : tree instanceof MemberSelectTree select
            && unparenthesized(select.getExpression()) instanceof IdentifierTree id ? id : null;
        first = named == null ? null : new Unheld(named, use(tree, named));
      }
      return held;
    }

    @Override
    public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
      return !identifier.getName().contentEquals(name) || allowed.contains(identifier);
    }

    @Override
    public Boolean visitMemberSelect(MemberSelectTree select, Void unused) {
      ExpressionTree object = unparenthesized(select.getExpression());
      if (object instanceof IdentifierTree array && array.getName().contentEquals(name)) {
        return list ? select.getIdentifier().contentEquals("size") || select.getIdentifier().contentEquals("isEmpty")
            || allowed.contains(array) : select.getIdentifier().contentEquals("length") || allowed.contains(array);
      }
      allow(select.getExpression()); // name[i].x(), name[i].energy()
      return super.visitMemberSelect(select, unused);
    }

    @Override
    public Boolean visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
      ExpressionTree added = list ? addedTo(name, statement.getExpression()) : null;
      if (added != null) {
        allow(added); // name.add(name.get(i))
        return scan(added, null) != Boolean.FALSE;
      }
      return super.visitExpressionStatement(statement, unused);
    }

    @Override
    public Boolean visitAssignment(AssignmentTree assignment, Void unused) {
      if (list && elementOf(name, assignment.getVariable()) != null) {
        return false; // name.get(i) = ... is no Java; an array's element stored
      }
      if (!list && renews(name, assignment)) {
        allowed.add(assignment.getVariable()); // name = new R[n];
      }
      allow(assignment.getVariable()); // name[i] = r;
      allow(assignment.getExpression()); // r = name[i]; name[j] = name[i];
      return super.visitAssignment(assignment, unused);
    }

    @Override
    public Boolean visitVariable(VariableTree variable, Void unused) {
      if (variable.getName().contentEquals(name)) {
        return false;
      }
      allow(variable.getInitializer()); // R r = name[i];
      return super.visitVariable(variable, unused);
    }

    @Override
    public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
      StreamLowering.Streamed stream = streamed.apply(call);
      if (stream != null && unparenthesized(stream.collection()) instanceof IdentifierTree array
          && array.getName().contentEquals(name)) {
        allowed.add(array);
      }
      if (takesRecords.test(call)) {
        call.getArguments().forEach(this::allow); // helper(name[i])
      }
      return super.visitMethodInvocation(call, unused);
    }

    @Override
    public Boolean visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
      if (unparenthesized(loop.getExpression()) instanceof IdentifierTree array
          && array.getName().contentEquals(name)) {
        allowed.add(array);
      }
      return super.visitEnhancedForLoop(loop, unused);
    }

    @Override
    public Boolean visitBinary(BinaryTree test, Void unused) {
      if (test.getKind() == Tree.Kind.PLUS) {
        // "bad " + name[i]: a record added to anything is written into a string, as Java allows no other sum.
        allow(test.getLeftOperand());
        allow(test.getRightOperand());
      }
      boolean comparesWithNull = test.getKind() == Tree.Kind.EQUAL_TO || test.getKind() == Tree.Kind.NOT_EQUAL_TO;
      if (comparesWithNull && isNull(test.getRightOperand())) {
        allow(test.getLeftOperand()); // name[i] != null
      } else if (comparesWithNull && isNull(test.getLeftOperand())) {
        allow(test.getRightOperand());
      }
      return super.visitBinary(test, unused);
    }

    /**
     * What uses the array where {@code tree}, {@code named} or a tree selecting from it, is refused:
     * the expression around the name, its element or its member ({@code Arrays.asList(a)}, {@code
     * v.dot(a[1])}, {@code a.clone()}).
     */
    private Tree use(Tree tree, IdentifierTree named) {
      Tree use = tree;
      Iterator<Tree> outward = enclosing.iterator();
      while ((use == named || use instanceof ArrayAccessTree || use instanceof MemberSelectTree) && outward.hasNext()) {
        use = outward.next();
      }
      return use;
    }

    /**
     * Vouches for the array's name in {@code tree}, where it is an element of the array, or an arm
     * of a choice between records ({@code c ? name[0] : name[1]}), in a place that takes a record.
     */
    private void allow(ExpressionTree tree) {
      if (tree != null && unparenthesized(tree) instanceof ConditionalExpressionTree choice) {
        allow(choice.getTrueExpression());
        allow(choice.getFalseExpression());
        return;
      }
      ExpressionTree named = elementOf(name, tree);
      if (named != null && list != unparenthesized(tree) instanceof ArrayAccessTree) {
        allowed.add(named);
      }
    }

    private boolean isNull(ExpressionTree tree) {
      return unparenthesized(tree).getKind() == Tree.Kind.NULL_LITERAL;
    }

    @Override
    public Boolean reduce(Boolean a, Boolean b) {
      return a != Boolean.FALSE && b != Boolean.FALSE;
    }
  }
}
