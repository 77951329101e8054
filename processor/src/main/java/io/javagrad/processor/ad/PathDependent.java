package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The variables whose adjoints a path may leave unreached, and so 0 ({@link ZeroSeeds}): those a
 * branch reads or assigns, and those a loop reads or assigns but did not declare (carried from one
 * iteration to the next, or past the last). Not a local declared in a loop's body and touched by
 * no branch: each iteration's own statements reach its adjoint, as straight-line code does, so a
 * loop such as {@code for (...) { double r = a * Math.exp(-b * t[i]) - y[i]; sum += r * r; }}
 * keeps its derivative free of tests.
 */
final class PathDependent {
  private PathDependent() {}

  static Set<Variable> of(List<Stmt> statements) {
    Set<Variable> found = new HashSet<>();
    scan(statements, false, Set.of(), found);
    return found;
  }

  /** {@code fresh}: the variables the loop body being scanned declares at its top level. */
  private static void scan(List<Stmt> statements, boolean underControl, Set<Variable> fresh, Set<Variable> found) {
    for (Stmt s : statements) {
      if (underControl) {
        touched(s).stream().filter(v -> !fresh.contains(v)).forEach(found::add);
      }
      boolean loop = !(s instanceof Stmt.If);
      s.children().forEach(nested -> scan(nested, true, loop ? declaredIn(nested) : Set.of(), found));
    }
  }

  private static Set<Variable> touched(Stmt s) {
    Set<Variable> touched = s.value() == null ? new HashSet<>() : new HashSet<>(Statements.readIn(s.value()));
    if (s.target() != null) {
      touched.add(s.target());
    }
    return touched;
  }

  private static Set<Variable> declaredIn(List<Stmt> body) {
    return body.stream().filter(s -> s instanceof Stmt.Declare).map(Stmt::target).collect(Collectors.toSet());
  }
}
