package io.javagrad.processor.front;

import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameter arrays that {@code ?:} chooses ({@code double[] v = c ? x : y}), and the locals that
 * hold what it chose. A parameter's array has no adjoint array that a local could hold with it (its
 * derivatives are gradient slots), so the local is given a copy, whose derivatives flow back into
 * the parameter's slots like any copy's. A copy reads as the parameter does only while neither is
 * written: a write through the local, or into a chosen parameter (before or after the choice), is
 * a compile error at the later of the two.
 */
final class ChosenCopies {
  /** The locals that may hold a copy, each with the parameters whose copies it may hold. */
  private final Map<Variable, Set<Variable>> holders = new HashMap<>();
  /** The parameters chosen, each with the local its copy went into. */
  private final Map<Variable, Variable> chosen = new HashMap<>();
  private final Set<Variable> written = new HashSet<>();
  /** The source of the choice a local of javagrad's own holds ({@code c ? x : y} given to a call), for messages. */
  private final Map<Variable, String> choices = new HashMap<>();

  /** {@code holder}, a local the user did not name, holds what {@code choice} chose. */
  void holds(Variable holder, Tree choice) {
    choices.put(holder, SourceText.oneLine(choice));
  }

  /** {@code parameter}, chosen by {@code ?:} at {@code site}, is copied into {@code holder}. */
  void copied(Variable parameter, Variable holder, Tree site) {
    if (written.contains(parameter)) {
      throw parameterWritten(parameter, site);
    }
    chosen.put(parameter, holder);
    holders.computeIfAbsent(holder, h -> new LinkedHashSet<>()).add(parameter);
  }

  /** {@code target} is given {@code value}: if that is a local holding a copy, {@code target} holds it too. */
  void given(Variable target, Expr value) {
    if (value instanceof Expr.Read read && holders.containsKey(read.variable())) {
      holders.computeIfAbsent(target, t -> new LinkedHashSet<>()).addAll(holders.get(read.variable()));
    }
  }

  /** The elements of {@code array} are written at {@code site}. */
  void written(Variable array, Tree site) {
    Set<Variable> copied = holders.get(array);
    if (copied != null) {
      String parameters = copied.stream().map(Variable::name).collect(Collectors.joining(" or "));
      String holder = choices.getOrDefault(array, array.name());
      throw new Unsupported(site, holder + " may hold the parameter array " + parameters
          + ", chosen by ?:; javagrad gives it a copy (a parameter's derivatives are gradient slots, which a"
          + " local cannot hold), so a write through " + holder + " would not reach " + parameters
          + "; write into " + parameters + " itself, or into a local array made for it (new double[n])");
    }
    if (array.isParameter()) {
      if (chosen.containsKey(array)) {
        throw parameterWritten(array, site);
      }
      written.add(array);
    }
  }

  private static Unsupported parameterWritten(Variable parameter, Tree site) {
    return new Unsupported(site, "the parameter array " + parameter.name() + " is both written in this method and"
        + " chosen by ?: (double[] v = c ? " + parameter.name() + " : ...); javagrad gives the local a copy, which"
        + " would not see the writes; index the arrays where they are read (c ? " + parameter.name() + "[i] : ...)"
        + " instead of choosing the array");
  }
}
