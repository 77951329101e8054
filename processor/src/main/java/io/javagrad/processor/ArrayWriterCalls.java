package io.javagrad.processor;

import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.ir.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/**
 * Calls to {@code @Differentiable} methods that write into their parameters' arrays. A callee's
 * pullback carries the derivative of its result alone: the derivative of what it leaves in the
 * caller's array would be lost, and the caller's reverse sweep would read, in that array, the values
 * the callee overwrote. So such a call is a compile error at the call, until pullbacks carry the
 * written arrays' adjoints in and their inputs' adjoints out.
 *
 * <p>The protocol such a call needs (designed, not built): a callee that writes into its array
 * parameter {@code a} is a function of {@code (a at entry, the rest)} to {@code (its result, a as it
 * leaves it)}, so its reverse needs the adjoint of {@code a} as it leaves it, which the caller knows
 * only in its reverse sweep, not in its forward sweep where calls now take their gradients with seed
 * 1. So the caller's forward sweep would keep a copy of the written arguments (n doubles per call,
 * on the tape inside control flow) and run the callee plainly; its reverse sweep, at the call, would
 * put the copy back into the argument and call a second pullback entry, {@code name_pullbackInPlace},
 * that takes the result's seed and, in the written parameters' slots of {@code adjoints}, the
 * arrays' adjoints as the callee leaves them, instead of clearing them. That entry runs the callee's
 * forward and reverse sweeps as a gradient entry does, where each store already takes its element's
 * slot as its seed and clears it, so the slots come back holding the adjoints with respect to the
 * values at entry, which replace the caller's adjoint of the array; the scalars' slots are added as
 * they are. The caller then puts the entry values back once more, for the stores before the call
 * that its reverse sweep restores next. The callee runs twice, and the caller's analyses count the
 * call as a store into each written argument (a save where the reverse sweep reads it, and a
 * derivative into it for activity). The entry is a new name in the companion, so the contract would
 * change first; helpers differentiated on demand would get it as a private method.
 */
final class ArrayWriterCalls {
  /** Each method of the round that writes into its parameters' arrays, with the names of those parameters. */
  private final Map<ExecutableElement, List<String>> writers = new LinkedHashMap<>();

  private ArrayWriterCalls() {}

  static ArrayWriterCalls of(Map<ExecutableElement, MethodJob> jobs) {
    ArrayWriterCalls calls = new ArrayWriterCalls();
    jobs.forEach((method, job) -> {
      List<String> written = job.translation().body().writtenParameters().stream().map(Variable::name).toList();
      if (!written.isEmpty()) {
        calls.writers.put(method, written);
      }
    });
    return calls;
  }

  /** Reports, at the call, each method {@code job} calls that writes into a parameter's array; true if there is one. */
  boolean rejects(MethodJob job, ErrorReporter reporter) {
    boolean found = false;
    for (var site : job.translation().callSites().entrySet()) {
      List<String> written = writers.get(site.getKey());
      if (written != null) {
        ExecutableElement callee = site.getKey();
        reporter.error(site.getValue(), job.unit(), CalleeResolver.arrayWriterRefusal(
            callee.getEnclosingElement().getSimpleName() + "." + callee.getSimpleName(), written));
        found = true;
      }
    }
    return found;
  }
}
