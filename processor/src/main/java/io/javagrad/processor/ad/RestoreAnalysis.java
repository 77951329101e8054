package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which overwrites must save the value they destroy: exactly those whose old value the
 * reverse sweep reads. The reverse sweep restores a saved value where it was overwritten and then
 * runs backwards, so the value serves the reverse reads that lie between its definition and the
 * overwrite. The analysis walks the method forwards, tracking the variables read by the reverse
 * sweep since each was last assigned; branches join by union and loops iterate to a fixed point.
 *
 * <p>So in {@code for (j...) z += w[j] * x[j]; p = sigmoid(z);} the inner loop saves nothing (the
 * reverse sweep never reads an intermediate {@code z}), while a variable that a loop iteration
 * reads and then overwrites is saved once per iteration.
 */
final class RestoreAnalysis {
  private final Map<Stmt, Set<Variable>> reverseReads;
  private final Map<Stmt, Set<Variable>> resultReads;
  private final Set<Stmt> saving = Collections.newSetFromMap(new IdentityHashMap<>());

  private RestoreAnalysis(Map<Stmt, Set<Variable>> reverseReads, Map<Stmt, Set<Variable>> resultReads) {
    this.reverseReads = reverseReads;
    this.resultReads = resultReads;
  }

  /**
   * The assignments (and array stores) whose overwritten value must be saved.
   *
   * @param reverseReads the variables each statement's reverse code reads as they were before the
   *     statement; for a loop, those its reversed header reads, where the forward loop ends
   * @param resultReads the targets whose new value a statement's reverse code reads (its result)
   */
  static Set<Stmt> saving(List<Stmt> statements, Map<Stmt, Set<Variable>> reverseReads,
      Map<Stmt, Set<Variable>> resultReads) {
    RestoreAnalysis analysis = new RestoreAnalysis(reverseReads, resultReads);
    analysis.walk(statements, new HashSet<>());
    return analysis.saving;
  }

  /** The variables read by the reverse sweep since their last assignment, after {@code statements}. */
  private Set<Variable> walk(List<Stmt> statements, Set<Variable> readSinceAssigned) {
    Set<Variable> state = readSinceAssigned;
    for (Stmt s : statements) {
      state = step(s, state);
    }
    return state;
  }

  private Set<Variable> step(Stmt s, Set<Variable> in) {
    if (s instanceof Stmt.If) {
      // Each side starts from the state before the branch; after it, either may have run.
      Set<Variable> out = new HashSet<>();
      s.children().forEach(side -> out.addAll(walk(side, new HashSet<>(in))));
      return out;
    }
    if (s instanceof Stmt.Loop || s instanceof Stmt.CountedLoop) {
      // An iteration runs the nested lists one after the other: the body, then a while loop's update.
      List<Stmt> iteration = s.children().stream().flatMap(List::stream).toList();
      Set<Variable> out = loop(in, state -> walk(iteration, state));
      out.addAll(reads(s));
      return out;
    }
    Set<Variable> state = new HashSet<>(in);
    // A statement's reverse code reads the values from before the statement: its restore comes first.
    state.addAll(reads(s));
    Variable target = s.target();
    if (target != null && state.contains(target)) {
      saving.add(s);
    }
    if (!(s instanceof Stmt.ArrayStore)) {
      // An element store keeps the other elements, so only an assignment starts a variable afresh.
      state.remove(target);
    }
    state.addAll(resultReads.getOrDefault(s, Set.of()));
    return state;
  }

  private interface Body {
    Set<Variable> run(Set<Variable> in);
  }

  /** The state at a loop's exit: its entry state joined with every iteration's end, to a fixed point. */
  private static Set<Variable> loop(Set<Variable> entry, Body body) {
    Set<Variable> head = new HashSet<>(entry);
    while (true) {
      Set<Variable> next = new HashSet<>(entry);
      next.addAll(body.run(new HashSet<>(head)));
      if (next.equals(head)) {
        return head;
      }
      head = next;
    }
  }

  private Set<Variable> reads(Stmt s) {
    return reverseReads.getOrDefault(s, Set.of());
  }
}
