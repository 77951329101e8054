package io.javagrad.processor;

import com.sun.source.tree.Tree;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.front.DemandedHelper;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The helpers differentiated on demand, companion by companion: each static method without
 * {@code @Differentiable} whose source is in the compilation, called with a derivative flowing in
 * by a method of the companion or by another such helper, is translated once for that companion,
 * which holds its derivative code as private methods. A method that reaches a helper that could not
 * be differentiated is removed, with an error at its call.
 */
final class OnDemandHelpers {
  private final BiFunction<DemandedHelper, TypeElement, MethodJob> translate;
  private final ErrorReporter reporter;

  /** @param translate translates a helper for the companion of a class; null, with errors reported, on failure */
  OnDemandHelpers(BiFunction<DemandedHelper, TypeElement, MethodJob> translate, ErrorReporter reporter) {
    this.translate = translate;
    this.reporter = reporter;
  }

  /** The helpers of each companion, by the class it belongs to; removes from {@code jobs} the methods whose helpers failed. */
  Map<TypeElement, List<MethodJob>> differentiate(Map<ExecutableElement, MethodJob> jobs) {
    Map<TypeElement, Map<DemandedHelper, MethodJob>> helpers = new LinkedHashMap<>();
    Map<TypeElement, Set<DemandedHelper>> failed = new LinkedHashMap<>();
    for (MethodJob job : List.copyOf(jobs.values())) {
      TypeElement owner = job.owner();
      Map<DemandedHelper, MethodJob> translated = helpers.computeIfAbsent(owner, o -> new LinkedHashMap<>());
      Set<DemandedHelper> failures = failed.computeIfAbsent(owner, o -> new HashSet<>());
      for (Map.Entry<DemandedHelper, Tree> call : calledActively(job).entrySet()) {
        DemandedHelper failure = firstFailure(call.getKey(), owner, translated, failures);
        if (failure != null) {
          reporter.error(call.getValue(), job.unit(), name(failure.method()) + " could not be differentiated (see the error"
              + " reported there), so neither can a method that calls it");
          jobs.remove(job.element());
          break;
        }
      }
    }
    // Each method and helper of a companion once: the rules they call get their tangents.
    helpers.forEach((owner, translated) -> {
      List<MethodJob> callers = new ArrayList<>(jobs.values().stream().filter(job -> job.owner().equals(owner)).toList());
      if (!callers.isEmpty()) {
        callers.addAll(translated.values());
        callers.forEach(caller -> makeRuleTangents(caller, translated, failed.get(owner)));
      }
    });
    Map<TypeElement, List<MethodJob>> byOwner = new LinkedHashMap<>();
    helpers.forEach((owner, translated) -> byOwner.put(owner, new ArrayList<>(translated.values())));
    return byOwner;
  }

  /**
   * Makes the tangents of the rules {@code job} calls with a derivative flowing in, for its second
   * derivatives ({@link Callee#tangentOfRule}), each once for the companion. One that cannot be made
   * is no error: the second derivatives that would run it say so when asked.
   */
  private void makeRuleTangents(MethodJob job, Map<DemandedHelper, MethodJob> translated,
      Set<DemandedHelper> failures) {
    Map<Callee, DemandedHelper> tangents = job.translation().tangentsOfRules().made();
    calls(job).filter(call -> call.callee().rules() != null && job.activity().isVaried(call))
        .map(call -> tangents.get(call.callee().tangentOfRule()))
        .filter(tangent -> tangent != null && !translated.containsKey(tangent) && !failures.contains(tangent))
        .distinct()
        .forEach(tangent -> {
          MethodJob made = translate.apply(tangent, job.owner());
          if (made == null) {
            failures.add(tangent);
          } else {
            translated.put(tangent, made);
          }
        });
  }

  /**
   * The calls of {@code job}'s body, in its statements' expressions, conditions too: the twin runs
   * a helper's twin where a test reads it with Values ({@code h(x) > 0}).
   */
  private static Stream<Expr.Invoke> calls(MethodJob job) {
    return Statements.all(job.translation().body().statements()).stream()
        .flatMap(s -> expressionsOf(s).stream())
        .flatMap(Expressions::preorder)
        .filter(Expr.Invoke.class::isInstance)
        .map(Expr.Invoke.class::cast);
  }

  /**
   * Translates {@code helper} and the helpers it reaches for {@code owner}'s companion, each once;
   * returns one that failed, or null.
   */
  private DemandedHelper firstFailure(DemandedHelper helper, TypeElement owner,
      Map<DemandedHelper, MethodJob> translated, Set<DemandedHelper> failures) {
    Deque<DemandedHelper> pending = new ArrayDeque<>(List.of(helper));
    Set<DemandedHelper> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      DemandedHelper next = pending.pop();
      if (!seen.add(next)) {
        continue;
      }
      if (failures.contains(next)) {
        return next;
      }
      MethodJob job = translated.get(next);
      if (job == null) {
        job = translate.apply(next, owner);
        if (job == null) {
          failures.add(next);
          return next;
        }
        translated.put(next, job);
      }
      pending.addAll(calledActively(job).keySet());
    }
    return null;
  }

  /**
   * The helpers {@code job} calls with a derivative flowing in, each with its first such call; and
   * those specialized to the functions they are given, called at all, which the companion runs
   * plainly too, having no method of the user's to call.
   */
  private static Map<DemandedHelper, Tree> calledActively(MethodJob job) {
    Map<Callee, DemandedHelper> helpers = job.translation().helpers();
    Set<Callee> active = new LinkedHashSet<>();
    calls(job).filter(call -> call.callee().isHelper()
            && (job.activity().isVaried(call) || helpers.get(call.callee()).specialization() != null))
        .forEach(call -> active.add(call.callee()));
    Map<DemandedHelper, Tree> calls = new LinkedHashMap<>();
    for (Callee callee : active) {
      DemandedHelper helper = helpers.get(callee);
      calls.put(helper, job.translation().callSites().get(helper.method()));
    }
    return calls;
  }

  /** The expressions {@code s} holds itself, not those of the statements nested in it. */
  private static List<Expr> expressionsOf(Stmt s) {
    List<Expr> roots = new ArrayList<>();
    if (s.value() != null) {
      roots.add(s.value());
    }
    if (s instanceof Stmt.If branch) {
      roots.add(branch.condition());
    } else if (s instanceof Stmt.Loop loop) {
      roots.add(loop.condition());
    } else if (s instanceof Stmt.CountedLoop loop) {
      roots.add(loop.from());
      roots.add(loop.condition());
    } else if (s instanceof Stmt.ArrayStore store) {
      roots.add(store.index());
    }
    return roots;
  }

  private static String name(ExecutableElement method) {
    return CalleeResolver.display(method);
  }
}
