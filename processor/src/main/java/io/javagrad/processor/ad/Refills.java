package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scratch arrays that the reverse sweep fills again instead of having their old values
 * recorded: the package's cost model applied to array elements. A loop {@code for (int j = 0; j <
 * n; j++) a[j] = e;} that fills a local array whole ({@link FullOverwrites}) from {@code e}, cheap
 * arithmetic on values that never change ({@link Rederivable}) and the counter, leaves in {@code
 * a[j]} a value that the reverse sweep can compute again wherever those values are still what they
 * were: in the same iteration of the loops around the fill. So where the statements after the fill
 * leave the array alone up to the last one whose reverse code reads it, the reverse sweep runs the
 * fill again just before that statement's reverse code, and the reads in between no longer count
 * as reads of the forward sweep's values ({@link RestoreAnalysis}): the refill, run afresh for each
 * point of a data set (ADBench's GMM: {@code centred[j] = x[p d + j] - means[c d + j]}), then
 * saves nothing, where it pushed and popped every element it overwrote.
 *
 * <p>The elements are computed again once each, by the loop, not at each read: the reverse of
 * GMM's triangular product reads {@code centred[i]} d (d - 1) / 2 times per point and component.
 *
 * <p>A fill is run again only where that spares the tape, that is where its stores would save
 * what they overwrite and, with the reads it serves taken away, no longer do. Where the reverse
 * sweep reads the values the fill overwrites (reads before it, or the array read after a later
 * store changed it), they stay recorded, and so does an element whose value costs a function to
 * compute again ({@code a[j] = exp(x[j])}): the cost model records it.
 */
final class Refills {
  /**
   * A fill of {@code array}, and the statements after it in its list that leave the array alone
   * (no store to it, no use but its elements and length), up to the first that does not.
   */
  private record Candidate(Stmt.CountedLoop fill, Variable array, List<Stmt> untouchedAfter) {
    Stmt store() {
      return fill.body().get(0);
    }
  }

  /** A candidate run again before the reverse code of {@code last}, serving the reads of {@code served}. */
  private record Chosen(Candidate candidate, Stmt last, List<Stmt> served) {}

  private final List<Stmt> statements;
  private final ArrayReferences references;
  private final List<Candidate> candidates = new ArrayList<>();
  private final Map<Stmt, List<Stmt.CountedLoop>> before = new IdentityHashMap<>();

  private Refills(List<Stmt> statements, ArrayReferences references) {
    this.statements = statements;
    this.references = references;
  }

  static Refills of(MethodBody method, Rederivable rederivable, ArrayReferences references) {
    Refills found = new Refills(method.statements(), references);
    FullOverwrites full = FullOverwrites.of(method.statements());
    List<List<Stmt>> lists = new ArrayList<>();
    lists.add(method.statements());
    Statements.all(method.statements()).forEach(s -> lists.addAll(s.children()));
    for (List<Stmt> list : lists) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Stmt.CountedLoop loop && loop.body().size() == 1
            && loop.body().get(0) instanceof Stmt.ArrayStore store && store.row() == null
            && full.filledBy(loop).contains(store.array()) && !references.isShared(store.array())
            && Rederivable.isCheap(store.value()) && rederivable.isStable(store.value())) {
          found.candidates.add(new Candidate(loop, store.array(), untouched(list.subList(i + 1, list.size()),
              store.array())));
        }
      }
    }
    return found;
  }

  /** The leading statements of {@code after} that neither store into {@code array} nor use it but by its elements and length. */
  private static List<Stmt> untouched(List<Stmt> after, Variable array) {
    int end = 0;
    while (end < after.size() && leavesAlone(after.get(end), array)) {
      end++;
    }
    return after.subList(0, end);
  }

  private static boolean leavesAlone(Stmt s, Variable array) {
    return Statements.all(List.of(s)).stream().noneMatch(nested -> nested.targets().contains(array))
        && Statements.expressionsIn(List.of(s)).stream().flatMap(Expressions::preorder)
            .noneMatch(e -> e instanceof Expr.Read r && r.variable() == array);
  }

  /**
   * Chooses the fills to run again and returns the statements whose overwritten values must be
   * saved, as {@link RestoreAnalysis#saving} decides once the reads that those fills serve are
   * taken away.
   *
   * @param reverseReads the variables each statement's reverse code reads, as for {@link RestoreAnalysis}
   * @param unsaved the stores that save nothing whatever the analysis says (scratch arrays of a
   *     loop differentiated in place)
   */
  Set<Stmt> saving(Map<Stmt, Set<Variable>> reverseReads, Map<Stmt, Set<Variable>> resultReads, Set<Stmt> unsaved) {
    Set<Stmt> saving = RestoreAnalysis.saving(statements, reverseReads, resultReads, references);
    List<Chosen> chosen = new ArrayList<>();
    for (Candidate c : candidates) {
      if (saving.contains(c.store()) && !unsaved.contains(c.store())) {
        Chosen served = served(c, reverseReads);
        if (served != null) {
          chosen.add(served);
        }
      }
    }
    // Taking reads away saves less; a fill whose stores still save gives its reads back, which may
    // make another's stores save again: to a fixed point.
    while (!chosen.isEmpty()) {
      Set<Stmt> next = RestoreAnalysis.saving(statements, without(reverseReads, chosen), resultReads, references);
      List<Chosen> kept = chosen.stream().filter(c -> !next.contains(c.candidate().store())).toList();
      if (kept.size() == chosen.size()) {
        kept.forEach(c -> before.computeIfAbsent(c.last(), s -> new ArrayList<>()).add(c.candidate().fill()));
        return next;
      }
      chosen = kept;
    }
    return saving;
  }

  /** The fills that the reverse sweep runs again just before the reverse code of {@code s}. */
  List<Stmt.CountedLoop> before(Stmt s) {
    return before.getOrDefault(s, List.of());
  }

  /** The statements after {@code c}'s fill up to the last whose reverse code reads the array, or null if none does. */
  private static Chosen served(Candidate c, Map<Stmt, Set<Variable>> reverseReads) {
    for (int end = c.untouchedAfter().size(); end > 0; end--) {
      Stmt last = c.untouchedAfter().get(end - 1);
      if (Statements.all(List.of(last)).stream()
          .anyMatch(s -> reverseReads.getOrDefault(s, Set.of()).contains(c.array()))) {
        return new Chosen(c, last, Statements.all(c.untouchedAfter().subList(0, end)));
      }
    }
    return null;
  }

  private static Map<Stmt, Set<Variable>> without(Map<Stmt, Set<Variable>> reverseReads, List<Chosen> chosen) {
    Map<Stmt, Set<Variable>> reads = new IdentityHashMap<>(reverseReads);
    for (Chosen c : chosen) {
      for (Stmt s : c.served()) {
        Set<Variable> fewer = new HashSet<>(reads.getOrDefault(s, Set.of()));
        fewer.remove(c.candidate().array());
        reads.put(s, fewer);
      }
    }
    return reads;
  }
}
