package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A top-level counting loop whose only derivative-carrying result is a sum, {@code acc += e(i)},
 * as in a loss summed over samples or Rosenbrock's sum of terms. Such a loop is differentiated in
 * place: each iteration's reverse runs right after its forward, with seed 1 for {@code acc}, so no
 * iteration's values outlive it and the loop runs once; the reverse sweep, reaching the loop, only
 * scales what the iterations gathered by the seed {@code acc} then has.
 *
 * <p>That needs the iterations to be independent as far as derivatives go. Every varied value the
 * loop assigns, other than {@code acc}, is declared inside it, or is an element of a scratch array:
 * a local array declared before the loop, that each iteration fills whole before reading it (a
 * layer's activations), and that nothing reads before or after the loop. Besides, the loop may set flags
 * that only steer it, as a {@code break} leaves ({@link #isExitFlag}). {@code acc} is read only to
 * add to it. What the iterations gather goes into locals for the scalars they read from outside, and,
 * for the parameter arrays they read, into the gradient's own slots, which nothing after the loop
 * may then add to (the reverse sweep scales those slots in place). The elements of a parameter
 * array read only near the counter have their adjoints in locals first ({@link StencilWindow}).
 *
 * @param accumulator the sum, {@code acc}
 * @param locals the variables declared inside the loop
 * @param scratchArrays the scratch arrays: declared before the loop, filled whole by each iteration
 * @param outerScalars the varied scalars declared outside that the loop reads
 * @param outerArrays the varied parameter arrays that the loop reads
 * @param counter the loop's counter
 * @param windows the outer arrays read only near the counter, whose adjoints iterations keep in
 *     locals ({@link StencilWindow}), by array
 */
record InPlaceLoop(Variable accumulator, Set<Variable> locals, Set<Variable> scratchArrays,
    Set<Variable> outerScalars, Set<Variable> outerArrays, Variable counter, Map<Variable, StencilWindow> windows) {

  /** {@code loop}, one of the method's top-level {@code statements}, as a loop to differentiate in place, or null. */
  static InPlaceLoop of(Stmt.CountedLoop loop, List<Stmt> statements, Activity activity) {
    int at = 0;
    while (statements.get(at) != loop) {
      at++;
    }
    List<Stmt> before = statements.subList(0, at);
    List<Stmt> after = statements.subList(at + 1, statements.size());
    List<Stmt> body = loop.body();
    Set<Variable> locals = declaredIn(body);
    locals.add(loop.counter());
    // An array made or moved in the loop is an array per iteration, not a scratch array.
    if (locals.stream().anyMatch(v -> v.type().isDoubleArray()) || Statements.all(body).stream()
        .anyMatch(s -> s instanceof Stmt.Assign a && a.variable().type().isDoubleArray())) {
      return null;
    }
    Set<Variable> scratchArrays = new LinkedHashSet<>();
    Variable accumulator = null;
    for (Variable v : Statements.assignedIn(body)) {
      if (locals.contains(v)) {
        continue;
      }
      if (v.type() == Type.DOUBLE_ARRAY && isScratch(v, body, before, after)) {
        scratchArrays.add(v);
      } else if (isExitFlag(v, loop, before, after)) {
        continue;
      } else if (v.type() != Type.DOUBLE || !activity.isVaried(v) || accumulator != null) {
        return null;
      } else {
        accumulator = v;
      }
    }
    // Were the sum's value before the loop read before it, the reverse sweep would need it back
    // where the loop's reverse would be, and a loop differentiated in place has none there.
    if (accumulator == null || !activity.isActive(accumulator) || readsAnywhere(before, accumulator)
        || assignedInControlFlow(before, accumulator) || !onlyAddedTo(accumulator, loop)) {
      return null;
    }
    Set<Variable> outerScalars = new LinkedHashSet<>();
    Set<Variable> outerArrays = new LinkedHashSet<>();
    for (Expr e : expressions(loop)) {
      for (Variable v : Statements.readIn(e)) {
        if (locals.contains(v) || scratchArrays.contains(v) || v == accumulator || !activity.isVaried(v)) {
          continue;
        }
        if (v.type() == Type.DOUBLE) {
          outerScalars.add(v);
        } else if (v.isParameter() && !readsAnywhere(after, v) && !Statements.assignedIn(after).contains(v)) {
          outerArrays.add(v);
        } else {
          // Another local array's adjoint is declared after the forward sweep, where this loop
          // runs; a parameter array read after the loop would mix later contributions into the
          // scaled slots, and one written after it would take them as the store's seed.
          return null;
        }
      }
    }
    return new InPlaceLoop(accumulator, locals, scratchArrays, outerScalars, outerArrays, loop.counter(),
        StencilWindow.of(loop, outerArrays));
  }

  /**
   * Whether {@code v} is a flag that only steers the loop, as a {@code break} lowered to flags
   * leaves one ({@code boolean _break = false} before the loop, set in it, tested by its condition
   * and by branches): read nowhere outside the loop, and inside only by the conditions of branches
   * and loops, whose decisions are recorded rather than taken again, so that no reverse code reads
   * it and nothing saves or restores it within an iteration.
   */
  private static boolean isExitFlag(Variable v, Stmt.CountedLoop loop, List<Stmt> before, List<Stmt> after) {
    if (v.type() != Type.BOOLEAN || readsAnywhere(before, v) || readsAnywhere(after, v)) {
      return false;
    }
    Set<Expr> conditions = Collections.newSetFromMap(new IdentityHashMap<>());
    conditions.add(loop.condition());
    for (Stmt s : Statements.all(loop.body())) {
      if (s instanceof Stmt.If branch) {
        conditions.add(branch.condition());
      } else if (s instanceof Stmt.Loop inner) {
        conditions.add(inner.condition());
      } else if (s instanceof Stmt.CountedLoop inner) {
        conditions.add(inner.condition());
      }
    }
    return expressions(loop).stream().allMatch(e -> conditions.contains(e) || !Statements.readIn(e).contains(v));
  }

  /** Every assignment of {@code acc} in the loop adds to it, and nothing else there reads it. */
  private static boolean onlyAddedTo(Variable accumulator, Stmt.CountedLoop loop) {
    long assignments = 0;
    for (Stmt s : Statements.all(loop.body())) {
      if (s.targets().contains(accumulator)) {
        if (!isAccumulation(s, accumulator)) {
          return false;
        }
        assignments++;
      }
    }
    long reads = expressions(loop).stream().filter(e -> Statements.readIn(e).contains(accumulator)).count();
    return assignments > 0 && reads == assignments;
  }

  /**
   * Whether {@code array}, declared before the loop as {@code new double[n]}, is filled whole by
   * each iteration before anything reads it, and read nowhere else (a read before the loop would
   * have its reverse, which runs after the loop's, read the loop's last values): its only store in the loop is
   * {@code array[j] = e} at the top of a loop {@code for (int j = 0; j < n; j++)} at the top of the
   * iteration, before which, and in which, nothing reads it.
   */
  private static boolean isScratch(Variable array, List<Stmt> body, List<Stmt> before, List<Stmt> after) {
    Expr length = allocatedLength(array, before);
    if (length == null || readsAnywhere(before, array) || readsAnywhere(after, array)) {
      return false;
    }
    for (Stmt s : body) {
      if (s instanceof Stmt.CountedLoop fill && fillsWhole(fill, array, length)) {
        long stores = Statements.all(body).stream().filter(t -> t instanceof Stmt.ArrayStore store && store.array() == array)
            .count();
        return stores == 1;
      }
      if (readsAnywhere(List.of(s), array)) {
        return false;
      }
    }
    return false;
  }

  /**
   * {@code array} filled whole by {@code fill} ({@link FullOverwrites#fillsWhole}), which reads
   * nothing of it. (The loop's {@code bound} is not set here: the store makes the array count as
   * assigned in the loop.)
   */
  private static boolean fillsWhole(Stmt.CountedLoop fill, Variable array, Expr length) {
    return FullOverwrites.fillsWhole(fill, array, length) && !readsAnywhere(fill.body(), array);
  }

  /** {@code n} if {@code before} declares {@code array = new double[n]} with a stable {@code n}. */
  private static Expr allocatedLength(Variable array, List<Stmt> before) {
    for (Stmt s : before) {
      if (s instanceof Stmt.Declare d && d.variable() == array && d.init() instanceof Expr.NewArray allocation) {
        Set<Variable> assigned = Statements.assignedIn(before);
        boolean stable = Statements.readIn(allocation.length()).stream().noneMatch(
            v -> assigned.contains(v) && !isDeclaredOnce(v, before));
        return stable ? allocation.length() : null;
      }
    }
    return null;
  }

  private static boolean isDeclaredOnce(Variable v, List<Stmt> statements) {
    return Statements.all(statements).stream().filter(s -> s.targets().contains(v)).count() == 1;
  }

  /** The loop's condition and every expression of its body. */
  private static List<Expr> expressions(Stmt.CountedLoop loop) {
    List<Expr> expressions = new ArrayList<>(List.of(loop.condition()));
    expressions.addAll(Statements.expressionsIn(loop.body()));
    return expressions;
  }

  /** {@code acc = acc + e}, where {@code e} does not read {@code acc}. */
  private static boolean isAccumulation(Stmt s, Variable accumulator) {
    return s instanceof Stmt.Assign a && a.variable() == accumulator
        && a.value() instanceof Expr.Apply sum && sum.primitive() == Primitive.ADD
        && sum.args().get(0) instanceof Expr.Read r && r.variable() == accumulator
        && !Statements.readIn(sum.args().get(1)).contains(accumulator);
  }

  /**
   * Whether a branch or a loop before the loop assigns {@code acc}: the reverse of that assignment
   * may read the value it gave {@code acc} back from {@code acc} itself (a quotient's partial reads
   * the quotient), which {@code acc} no longer holds there once the loop has added to it in place.
   * (At the top level, such a value is kept in a local of its own.)
   */
  private static boolean assignedInControlFlow(List<Stmt> before, Variable accumulator) {
    return before.stream().anyMatch(s -> !s.children().isEmpty()
        && Statements.assignedIn(List.of(s)).contains(accumulator));
  }

  private static boolean readsAnywhere(List<Stmt> statements, Variable v) {
    return Statements.expressionsIn(statements).stream().anyMatch(e -> Statements.readIn(e).contains(v));
  }

  private static Set<Variable> declaredIn(List<Stmt> statements) {
    Set<Variable> declared = new LinkedHashSet<>();
    for (Stmt s : Statements.all(statements)) {
      if (s instanceof Stmt.Declare d) {
        declared.add(d.variable());
      } else if (s instanceof Stmt.CountedLoop loop) {
        declared.add(loop.counter());
      }
    }
    return declared;
  }

}
