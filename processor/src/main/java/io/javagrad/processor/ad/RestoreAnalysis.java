package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
 *
 * <p>Array variables that may hold the same array count as one ({@link ArrayReferences}): a write
 * through one overwrites what is read through the other, and giving one of them another array
 * does not make the array it held unreachable, so it starts nothing afresh.
 *
 * <p>An element store keeps the other elements, so it starts nothing afresh either, except a loop
 * that overwrites every element of a local array ({@link FullOverwrites}) and whose reverse code
 * reads none of them: after it the array's earlier values are gone, as after an assignment. So in
 * {@code for (j...) q[j] = s[j] * c[j]; for (i...) for (j > i...) q[j] += l[k++] * c[i];} the
 * first loop saves what it overwrites where the reverse sweep reads {@code q} after it, and the
 * updates, whose reverse code reads no {@code q}, save nothing.
 */
final class RestoreAnalysis {
  private final Map<Stmt, Set<Variable>> reverseReads;
  private final Map<Stmt, Set<Variable>> resultReads;
  private final ArrayReferences references;
  private final FullOverwrites fullOverwrites;
  private final Set<Stmt> saving = Collections.newSetFromMap(new IdentityHashMap<>());

  private RestoreAnalysis(Map<Stmt, Set<Variable>> reverseReads, Map<Stmt, Set<Variable>> resultReads,
      ArrayReferences references, FullOverwrites fullOverwrites) {
    this.reverseReads = reverseReads;
    this.resultReads = resultReads;
    this.references = references;
    this.fullOverwrites = fullOverwrites;
  }

  /**
   * The assignments (and array stores) whose overwritten value must be saved.
   *
   * @param reverseReads the variables each statement's reverse code reads as they were before the
   *     statement; for a loop, those its reversed header reads, where the forward loop ends
   * @param resultReads the targets whose new value a statement's reverse code reads (its result)
   * @param references which array variables may hold the same array
   */
  static Set<Stmt> saving(List<Stmt> statements, Map<Stmt, Set<Variable>> reverseReads,
      Map<Stmt, Set<Variable>> resultReads, ArrayReferences references) {
    RestoreAnalysis analysis = new RestoreAnalysis(reverseReads, resultReads, references,
        FullOverwrites.of(statements));
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
      fullOverwrites.filledBy(s).stream().filter(array -> !references.isShared(array) && !readInReverse(s, array))
          .forEach(out::remove);
      classes(reads(s), out);
      return out;
    }
    Set<Variable> state = new HashSet<>(in);
    // A statement's reverse code reads the values from before the statement: its restore comes first.
    classes(reads(s), state);
    List<Variable> targets = s.targets().stream().map(references::classOf).toList();
    if (targets.stream().anyMatch(state::contains)) {
      saving.add(s);
    }
    boolean partial = s instanceof Stmt.ArrayStore || s instanceof Stmt.RowStore;
    if (!partial) {
      // An element or row store keeps the other elements, as does code run as written that writes into an array,
      // so only an assignment starts a variable afresh.
      targets.stream().filter(target -> !references.isShared(target) && !target.type().isDoubleArray())
          .forEach(state::remove);
    }
    classes(resultReads.getOrDefault(s, Set.of()), state);
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

  /** Adds {@code variables} to {@code state}, each array as its class. */
  private void classes(Set<Variable> variables, Set<Variable> state) {
    variables.forEach(v -> state.add(references.classOf(v)));
  }

  /** Whether the reverse code of {@code loop} or of a statement in it reads {@code array}, or its result. */
  private boolean readInReverse(Stmt loop, Variable array) {
    return Stream.concat(Stream.of(loop), Statements.all(loop.children().get(0)).stream())
        .anyMatch(s -> reads(s).contains(array) || resultReads.getOrDefault(s, Set.of()).contains(array));
  }

  private Set<Variable> reads(Stmt s) {
    return reverseReads.getOrDefault(s, Set.of());
  }
}
