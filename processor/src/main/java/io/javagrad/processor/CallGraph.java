package io.javagrad.processor;

import com.sun.source.tree.Tree;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the calls between the methods of one round: a method that calls one that could not be
 * differentiated cannot be differentiated either (its companion would call an entry point that does
 * not exist). Recursion, direct or mutual, needs nothing here: each call goes through the callee's
 * pullback, which lends each activation buffers of its own.
 */
final class CallGraph {
  private final Map<ExecutableElement, MethodJob> jobs;
  private final ErrorReporter reporter;

  private CallGraph(Map<ExecutableElement, MethodJob> jobs, ErrorReporter reporter) {
    this.jobs = jobs;
    this.reporter = reporter;
  }

  /** Removes from {@code jobs}, with an error at the call, every method that a failed callee stops. */
  static void prune(Set<ExecutableElement> methodsOfRound, Map<ExecutableElement, MethodJob> jobs,
      ErrorReporter reporter) {
    CallGraph graph = new CallGraph(jobs, reporter);
    graph.removeCallersOfFailures(methodsOfRound);
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
