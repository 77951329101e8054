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
 * The parameter arrays that {@code ?:} chooses ({@code double[] v = c ? x : y}) or that a record
 * followed by its components is given ({@code new Fit(x, cost)}), and the locals that hold them. A
 * parameter's array has no adjoint array that a local could hold with it (its derivatives are
 * gradient slots), so the local is given a copy, whose derivatives flow back into the parameter's
 * slots like any copy's. A copy reads as the parameter does only while neither is written: a write
 * through the local, or into a copied parameter (before or after the copy), is a compile error at
 * the later of the two.
 */
final class ChosenCopies {
  /** The locals that may hold a copy, each with the parameters whose copies it may hold. */
  private final Map<Variable, Set<Variable>> holders = new HashMap<>();
  /** The parameters copied, each with how it was given to a local ({@code "chosen by ?:"}). */
  private final Map<Variable, String> copiedAs = new HashMap<>();
  private final Set<Variable> written = new HashSet<>();
  /** What the user wrote for a local of javagrad's own ({@code c ? x : y} given to a call, {@code r.x()}), for messages. */
  private final Map<Variable, String> choices = new HashMap<>();

  /** {@code holder}, a local the user did not name, holds what {@code shown} (a choice's text, {@code r.x()}) gives. */
  void holds(Variable holder, String shown) {
    choices.put(holder, shown);
  }

  /**
   * {@code parameter}, given to a local at {@code site} as {@code how} says ({@code "chosen by ?:"}),
   * is copied into {@code holder}.
   */
  void copied(Variable parameter, Variable holder, Tree site, String how) {
    if (written.contains(parameter)) {
      throw parameterWritten(parameter, how, site);
    }
    copiedAs.putIfAbsent(parameter, how);
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
      String how = copiedAs.get(copied.iterator().next());
      throw new Unsupported(site, holder + " may hold the parameter array " + parameters
          + ", " + how + "; javagrad gives it a copy (a parameter's derivatives are gradient slots, which a"
          + " local cannot hold), so a write through " + holder + " would not reach " + parameters
          + "; write into " + parameters + " itself, or into a local array made for it (new double[n])");
    }
    if (array.isParameter()) {
      if (copiedAs.containsKey(array)) {
        throw parameterWritten(array, copiedAs.get(array), site);
      }
      written.add(array);
    }
  }

  private static Unsupported parameterWritten(Variable parameter, String how, Tree site) {
    String name = parameter.name();
    String remedy = how.startsWith("chosen")
        ? "index the arrays where they are read (c ? " + name + "[i] : ...) instead of choosing the array"
        : "give it a copy of its own (" + name + ".clone()), or write through the local that holds it";
    return new Unsupported(site, "the parameter array " + name + " is both written in this method and " + how
        + "; javagrad gives the local a copy, which would not see the writes; " + remedy);
  }
}
