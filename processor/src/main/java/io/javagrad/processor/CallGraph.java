package io.javagrad.processor;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the calls between the methods of one round: recursion is rejected for now, and a method
 * that calls one that could not be differentiated cannot be differentiated either (its companion
 * would call an entry point that does not exist).
 */
final class CallGraph {
  private final Map<ExecutableElement, MethodJob> jobs;
  private final ErrorReporter reporter;

  private CallGraph(Map<ExecutableElement, MethodJob> jobs, ErrorReporter reporter) {
    this.jobs = jobs;
    this.reporter = reporter;
  }

  /** Removes from {@code jobs}, with an error at the call, every method that recursion or a failed callee stops. */
  static void prune(Set<ExecutableElement> methodsOfRound, Map<ExecutableElement, MethodJob> jobs,
      ErrorReporter reporter) {
    CallGraph graph = new CallGraph(jobs, reporter);
    graph.removeRecursion();
    graph.removeCallersOfFailures(methodsOfRound);
  }

  private void removeRecursion() {
    List<ExecutableElement> recursive = new ArrayList<>();
    for (ExecutableElement method : jobs.keySet()) {
      List<ExecutableElement> cycle = cycleThrough(method, method, new ArrayList<>());
      if (cycle != null) {
        recursive.add(method);
        ExecutableElement next = cycle.get(0);
        StringBuilder path = new StringBuilder(name(method));
        for (ExecutableElement step : cycle) {
          path.append(" calls ").append(name(step));
        }
        report(method, next, "recursion is not supported in a @Differentiable method yet: " + path);
      }
    }
    recursive.forEach(jobs::remove);
  }

  /**
   * The calls that lead from {@code from} back to {@code target}, or null. Depth-first, visiting
   * each method once, so the search is linear in the calls.
   */
  private List<ExecutableElement> cycleThrough(ExecutableElement target, ExecutableElement from,
      List<ExecutableElement> path) {
    return cycleThrough(target, from, path, new java.util.HashSet<>());
  }

  private List<ExecutableElement> cycleThrough(ExecutableElement target, ExecutableElement from,
      List<ExecutableElement> path, Set<ExecutableElement> visited) {
    MethodJob job = jobs.get(from);
    if (job == null) {
      return null;
    }
    for (ExecutableElement callee : job.translation().callSites().keySet()) {
      if (callee.equals(target)) {
        List<ExecutableElement> cycle = new ArrayList<>(path);
        cycle.add(callee);
        return cycle;
      }
      if (visited.add(callee)) {
        path.add(callee);
        List<ExecutableElement> cycle = cycleThrough(target, callee, path, visited);
        path.remove(path.size() - 1);
        if (cycle != null) {
          return cycle;
        }
      }
    }
    return null;
  }

  private void removeCallersOfFailures(Set<ExecutableElement> methodsOfRound) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (ExecutableElement method : List.copyOf(jobs.keySet())) {
        for (ExecutableElement callee : jobs.get(method).translation().callSites().keySet()) {
          if (methodsOfRound.contains(callee) && !jobs.containsKey(callee)) {
            report(method, callee, name(callee) + " could not be differentiated (see the error reported"
                + " there), so neither can a method that calls it");
            jobs.remove(method);
            changed = true;
            break;
          }
        }
      }
    }
  }

  private void report(ExecutableElement caller, ExecutableElement callee, String message) {
    MethodJob job = jobs.get(caller);
    Tree site = job.translation().callSites().get(callee);
    reporter.error(site, job.unit(), message);
  }

  private static String name(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
  }
}
