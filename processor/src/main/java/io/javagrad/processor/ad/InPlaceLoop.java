package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
 * <p>That needs the iterations to be independent as far as derivatives go: no value one iteration
 * computes may reach another. Every varied value the loop assigns, other than {@code acc}, is
 * declared inside it, or is an element of a scratch array: a local array declared before the loop,
 * that the loop changes only element by element, that each iteration fills whole before reading it
 * ({@link #isScratch}: a layer's activations, or GMM's centred vector, filled again for each
 * component inside the iteration), and that nothing reads before or after the loop. Besides, the
 * loop may set flags that only steer it, as a {@code break} leaves ({@link #isExitFlag}). {@code
 * acc} is read only to add to it. What the iterations gather goes into locals for the scalars they
 * read from outside, and, for the parameter arrays they read, into the gradient's own slots, which
 * nothing after the loop may then add to (the reverse sweep scales those slots in place); for the
 * other arrays they read (a parameter read after the loop too, a local array that never moves) into
 * arrays of its own, which the reverse sweep adds, times the seed, into the arrays' adjoints. The
 * elements of a parameter array read only near the counter have their adjoints in locals first
 * ({@link StencilWindow}).
 *
 * @param accumulator the sum, {@code acc}
 * @param locals the variables declared inside the loop
 * @param scratchArrays the scratch arrays: declared before the loop, filled whole by each iteration
 *     before it reads them
 * @param filledOnce the scratch arrays each iteration stores into once only, by a fill at the top
 *     of its body: what those stores overwrite is the previous iteration's, which nothing reads again
 * @param outerScalars the varied scalars declared outside that the loop reads
 * @param outerArrays the varied parameter arrays that the loop reads and nothing after it reads or writes
 * @param gatheredArrays the other varied arrays that the loop reads, whose shares gather in arrays
 *     of their own
 * @param counter the loop's counter
 * @param windows the outer arrays read only near the counter, whose adjoints iterations keep in
 *     locals ({@link StencilWindow}), by array
 * @param underControl the variables that control flow inside an iteration touches ({@link
 *     ControlFlowVariables}): the others each iteration's reverse reaches on every path
 */
record InPlaceLoop(Variable accumulator, Set<Variable> locals, Set<Variable> scratchArrays, Set<Variable> filledOnce,
    Set<Variable> outerScalars, Set<Variable> outerArrays, Set<Variable> gatheredArrays, Variable counter,
    Map<Variable, StencilWindow> windows, Set<Variable> underControl) {

  /** {@code loop}, one of the method's top-level {@code statements}, as a loop to differentiate in place, or null. */
  static InPlaceLoop of(Stmt.CountedLoop loop, List<Stmt> statements, Activity activity, ArrayReferences references) {
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
      if (v.type() == Type.DOUBLE_ARRAY && isScratch(v, loop, before, after)) {
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
    Set<Variable> gatheredArrays = new LinkedHashSet<>();
    Set<Variable> values = valuesRead(expressions(loop));
    for (Expr e : expressions(loop)) {
      for (Variable v : Statements.readIn(e)) {
        if (!values.contains(v) || locals.contains(v) || scratchArrays.contains(v) || v == accumulator
            || !activity.isVaried(v)) {
          continue;
        }
        if (v.type() == Type.DOUBLE) {
          outerScalars.add(v);
        } else if (v.isParameter() && !readsAnywhere(after, v) && !Statements.assignedIn(after).contains(v)) {
          outerArrays.add(v);
        } else if (v.type() == Type.DOUBLE_ARRAY && (v.isParameter() || activity.isActive(v) && !references.isMoving(v))) {
          // A parameter array read after the loop would mix later contributions into scaled slots,
          // and one written after it would take them as the store's seed; a local array's adjoint
          // is declared after the forward sweep, where this loop runs.
          gatheredArrays.add(v);
        } else {
          return null;
        }
      }
    }
    Set<Variable> filledOnce = new LinkedHashSet<>();
    for (Variable array : scratchArrays) {
      if (isFilledOnce(array, body, allocatedLength(array, before))) {
        filledOnce.add(array);
      }
    }
    return new InPlaceLoop(accumulator, locals, scratchArrays, filledOnce, outerScalars, outerArrays, gatheredArrays,
        loop.counter(), StencilWindow.of(loop, outerArrays), ControlFlowVariables.of(body));
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
   * Whether {@code array}, declared before the loop as {@code new double[n]}, is scratch: read
   * nowhere before or after the loop (a read before it would have its reverse, which runs after the
   * loop's, read the loop's last values), changed by the loop only element by element, and filled
   * whole by each iteration before the iteration reads it ({@link #firstUse}), so that no iteration
   * reads a value another left there.
   */
  private static boolean isScratch(Variable array, Stmt.CountedLoop loop, List<Stmt> before, List<Stmt> after) {
    Expr length = allocatedLength(array, before);
    if (length == null || readsAnywhere(before, array) || readsAnywhere(after, array)
        || Statements.readIn(loop.condition()).contains(array)) {
      return false;
    }
    boolean storesOnly = Statements.all(loop.body()).stream().filter(s -> s.targets().contains(array))
        .allMatch(s -> s instanceof Stmt.ArrayStore store && store.row() == null);
    return storesOnly && firstUse(loop.body(), array, length) != FirstUse.READ;
  }

  /** What {@code statements}, run in order, do first with a scratch array: fill it whole, read it, or neither. */
  private enum FirstUse { FILL, READ, NEITHER }

  /**
   * What {@code statements} do first with {@code array}. A fill is a counting loop that stores
   * every element and reads none ({@link #fillsWhole}), or a branch both of whose arms begin by
   * filling it (either way). Any other loop fills nothing, however many times it runs, but its
   * iterations read the array first, each on its own, if any does: GMM's loop over components
   * fills the centred vector at the top of each iteration, so within it every read follows a fill.
   */
  private static FirstUse firstUse(List<Stmt> statements, Variable array, Expr length) {
    for (Stmt s : statements) {
      FirstUse use;
      if (s instanceof Stmt.CountedLoop fill && fillsWhole(fill, array, length)) {
        use = FirstUse.FILL;
      } else if (readsItself(s, array)) {
        use = FirstUse.READ;
      } else {
        use = nestedFirstUse(s, array, length);
      }
      if (use != FirstUse.NEITHER) {
        return use;
      }
    }
    return FirstUse.NEITHER;
  }

  private static FirstUse nestedFirstUse(Stmt s, Variable array, Expr length) {
    if (s instanceof Stmt.If branch) {
      FirstUse then = firstUse(branch.then(), array, length);
      FirstUse otherwise = firstUse(branch.otherwise(), array, length);
      return then == FirstUse.READ || otherwise == FirstUse.READ ? FirstUse.READ
          : then == FirstUse.FILL && otherwise == FirstUse.FILL ? FirstUse.FILL : FirstUse.NEITHER;
    }
    List<Stmt> iteration = new ArrayList<>();
    s.children().forEach(iteration::addAll);
    return firstUse(iteration, array, length) == FirstUse.READ ? FirstUse.READ : FirstUse.NEITHER;
  }

  /**
   * Whether {@code s} reads {@code array} itself, outside the statements nested in it: in a
   * branch's or a loop's condition, a counting loop's start; anywhere, for a statement with nothing
   * nested in it.
   */
  private static boolean readsItself(Stmt s, Variable array) {
    List<Expr> own = s instanceof Stmt.If branch ? List.of(branch.condition())
        : s instanceof Stmt.Loop loop ? List.of(loop.condition())
        : s instanceof Stmt.CountedLoop loop ? List.of(loop.from(), loop.condition())
        : Statements.expressionsIn(List.of(s));
    return own.stream().anyMatch(e -> Statements.readIn(e).contains(array));
  }

  /**
   * Whether each iteration stores into the scratch {@code array} once only, by a fill among the
   * top statements of the loop's {@code body}: the store then overwrites the previous iteration's
   * values.
   */
  private static boolean isFilledOnce(Variable array, List<Stmt> body, Expr length) {
    long stores = Statements.all(body).stream().filter(s -> s instanceof Stmt.ArrayStore store && store.array() == array)
        .count();
    return stores == 1 && body.stream().anyMatch(s -> s instanceof Stmt.CountedLoop fill && fillsWhole(fill, array, length));
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

  /** The variables whose values {@code expressions} read: an array whose length alone they read takes no derivative there. */
  private static Set<Variable> valuesRead(List<Expr> expressions) {
    Set<Variable> read = new HashSet<>();
    expressions.forEach(e -> Expressions.preorder(e).forEach(n -> {
      if (n instanceof Expr.Read r) {
        read.add(r.variable());
      } else if (n instanceof Expr.ElementRead r) {
        read.add(r.array());
      }
    }));
    return read;
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
