package io.javagrad.processor;

import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/**
 * Calls to {@code @Differentiable} methods that write into their parameters' arrays. A callee's
 * pullback carries the derivative of its result alone: the derivative of what it leaves in the
 * caller's array would be lost, and the caller's reverse sweep would read, in that array, the values
 * the callee overwrote. So such a call is a compile error at the call, until pullbacks carry the
 * written arrays' adjoints in and their inputs' adjoints out.
 */
final class ArrayWriterCalls {
  /** Each method of the round that writes into a parameter's array, with one such parameter. */
  private final Map<ExecutableElement, Variable> writers = new LinkedHashMap<>();

  private ArrayWriterCalls() {}

  static ArrayWriterCalls of(Map<ExecutableElement, MethodJob> jobs) {
    ArrayWriterCalls calls = new ArrayWriterCalls();
    jobs.forEach((method, job) -> Statements.all(job.translation().body().statements()).stream()
        .filter(s -> s instanceof Stmt.ArrayStore store && store.array().isParameter())
        .findFirst()
        .ifPresent(s -> calls.writers.put(method, s.target())));
    return calls;
  }

  /** Reports, at the call, each method {@code job} calls that writes into a parameter's array; true if there is one. */
  boolean rejects(MethodJob job, ErrorReporter reporter) {
    boolean found = false;
    for (var site : job.translation().callSites().entrySet()) {
      Variable written = writers.get(site.getKey());
      if (written != null) {
        ExecutableElement callee = site.getKey();
        reporter.error(site.getValue(), job.unit(), callee.getEnclosingElement().getSimpleName() + "."
            + callee.getSimpleName() + " writes into its parameter array " + written.name() + ", and a call to"
            + " a method that writes into its arguments' arrays is not supported yet (its pullback carries the"
            + " derivative of its result alone, not that of the array it leaves); have it write into a local"
            + " copy of " + written.name() + " instead");
        found = true;
      }
    }
    return found;
  }
}
