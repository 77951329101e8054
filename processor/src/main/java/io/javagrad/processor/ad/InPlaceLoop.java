package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A top-level counting loop whose only derivative-carrying result is a sum, {@code acc += e(i)},
 * as in a loss summed over samples or Rosenbrock's sum of terms. Such a loop is differentiated in
 * place: each iteration's reverse runs right after its forward, with seed 1 for {@code acc}, so no
 * iteration's values outlive it and the loop runs once; the reverse sweep, reaching the loop, only
 * scales what the iterations gathered by the seed {@code acc} then has.
 *
 * <p>That needs the iterations to be independent as far as derivatives go: every varied value the
 * loop assigns, other than {@code acc}, is declared inside it, and {@code acc} is read only to add
 * to it. What the iterations gather goes into locals for the scalars they read from outside, and,
 * for the parameter arrays they read, into the gradient's own slots, which nothing after the loop
 * may then add to (the reverse sweep scales those slots in place).
 *
 * @param accumulator the sum, {@code acc}
 * @param accumulations the statements {@code acc = acc + e}, at the top of the loop's body
 * @param locals the variables declared inside the loop
 * @param outerScalars the varied scalars declared outside that the loop reads
 * @param outerArrays the varied parameter arrays that the loop reads
 */
record InPlaceLoop(Variable accumulator, List<Stmt> accumulations, Set<Variable> locals,
    Set<Variable> outerScalars, Set<Variable> outerArrays) {

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
    Variable accumulator = soleOuterAssignment(body, locals, activity);
    // Were the sum's value before the loop read before it, the reverse sweep would need it back
    // where the loop's reverse would be, and a loop differentiated in place has none there.
    if (accumulator == null || !activity.isActive(accumulator) || readsAnywhere(before, accumulator)) {
      return null;
    }
    List<Stmt> accumulations = new ArrayList<>();
    for (Stmt s : body) {
      if (isAccumulation(s, accumulator)) {
        accumulations.add(s);
      }
    }
    // Every assignment of the sum adds to it, at the top of the body, and nothing else reads it.
    long assignments = flattened(body).stream().filter(s -> Activity.target(s) == accumulator).count();
    List<Expr> expressions = new ArrayList<>(List.of(loop.condition()));
    collectExpressions(body, expressions);
    long reads = expressions.stream().filter(e -> Statements.readIn(e).contains(accumulator)).count();
    if (accumulations.isEmpty() || assignments != accumulations.size() || reads != accumulations.size()) {
      return null;
    }
    Set<Variable> outerScalars = new LinkedHashSet<>();
    Set<Variable> outerArrays = new LinkedHashSet<>();
    for (Expr e : expressions) {
      for (Variable v : Statements.readIn(e)) {
        if (locals.contains(v) || v == accumulator || !activity.isVaried(v)) {
          continue;
        }
        if (v.type() == Type.DOUBLE) {
          outerScalars.add(v);
        } else if (v.isParameter() && !readsAnywhere(after, v)) {
          outerArrays.add(v);
        } else {
          // A local array's adjoint is declared after the forward sweep, where this loop runs; a
          // parameter array read after the loop would mix later contributions into the scaled slots.
          return null;
        }
      }
    }
    if (locals.stream().anyMatch(v -> v.type() == Type.DOUBLE_ARRAY)) {
      return null;
    }
    return new InPlaceLoop(accumulator, accumulations, locals, outerScalars, outerArrays);
  }

  /** The one varied scalar declared outside that {@code body} assigns, or null if there is not exactly one, or an outer array or unvaried variable is assigned too. */
  private static Variable soleOuterAssignment(List<Stmt> body, Set<Variable> locals, Activity activity) {
    Variable found = null;
    for (Variable v : Statements.assignedIn(body)) {
      if (locals.contains(v)) {
        continue;
      }
      if (v.type() != Type.DOUBLE || !activity.isVaried(v) || found != null) {
        return null;
      }
      found = v;
    }
    return found;
  }

  /** {@code acc = acc + e}, where {@code e} does not read {@code acc}. */
  private static boolean isAccumulation(Stmt s, Variable accumulator) {
    return s instanceof Stmt.Assign a && a.variable() == accumulator
        && a.value() instanceof Expr.Apply sum && sum.primitive() == Primitive.ADD
        && sum.args().get(0) instanceof Expr.Read r && r.variable() == accumulator
        && !Statements.readIn(sum.args().get(1)).contains(accumulator);
  }

  private static boolean readsAnywhere(List<Stmt> statements, Variable v) {
    List<Expr> expressions = new ArrayList<>();
    collectExpressions(statements, expressions);
    return expressions.stream().anyMatch(e -> Statements.readIn(e).contains(v));
  }

  private static Set<Variable> declaredIn(List<Stmt> statements) {
    Set<Variable> declared = new LinkedHashSet<>();
    for (Stmt s : flattened(statements)) {
      if (s instanceof Stmt.Declare d) {
        declared.add(d.variable());
      } else if (s instanceof Stmt.CountedLoop loop) {
        declared.add(loop.counter());
      }
    }
    return declared;
  }

  /** Every expression of {@code statements}, conditions and indices included, at any depth. */
  private static void collectExpressions(List<Stmt> statements, List<Expr> into) {
    for (Stmt s : flattened(statements)) {
      if (s instanceof Stmt.If branch) {
        into.add(branch.condition());
      } else if (s instanceof Stmt.Loop loop) {
        into.add(loop.condition());
      } else if (s instanceof Stmt.CountedLoop loop) {
        into.add(loop.from());
        into.add(loop.condition());
      } else if (s instanceof Stmt.ArrayStore store) {
        into.add(store.index());
        into.add(store.value());
      } else if (Activity.value(s) != null) {
        into.add(Activity.value(s));
      }
    }
  }

  /** Every statement, nested ones included. */
  private static List<Stmt> flattened(List<Stmt> statements) {
    List<Stmt> all = new ArrayList<>();
    for (Stmt s : statements) {
      all.add(s);
      if (s instanceof Stmt.If i) {
        all.addAll(flattened(i.then()));
        all.addAll(flattened(i.otherwise()));
      } else if (s instanceof Stmt.Loop loop) {
        all.addAll(flattened(loop.body()));
        all.addAll(flattened(loop.update()));
      } else if (s instanceof Stmt.CountedLoop loop) {
        all.addAll(flattened(loop.body()));
      }
    }
    return all;
  }
}
