package io.javagrad.processor;

import com.palantir.javapoet.ClassName;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which methods of the round may call themselves, directly or through others: those on a cycle of
 * the graph of differentiated calls among them. Calls into rules and into earlier compilations end
 * in methods that cannot call back, so they close no cycle.
 */
final class CallCycles {
  private final Map<String, List<String>> callees = new HashMap<>();

  /** Notes the calls of {@code body}, differentiated as {@code entry} in {@code companion}. */
  void add(ClassName companion, String entry, MethodBody body) {
    callees.put(key(companion, entry, body), body.callees().stream()
        .filter(callee -> callee.rules() == null)
        .map(callee -> CalleeActivities.key(callee.companion(), callee.entry(), callee.parameterTypes()))
        .toList());
  }

  /** Whether the method noted as {@code entry} in {@code companion} can reach itself. */
  boolean isRecursive(ClassName companion, String entry, MethodBody body) {
    String start = key(companion, entry, body);
    Deque<String> pending = new ArrayDeque<>(callees.getOrDefault(start, List.of()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (next.equals(start)) {
        return true;
      }
      if (seen.add(next)) {
        pending.addAll(callees.getOrDefault(next, List.of()));
      }
    }
    return false;
  }

  private static String key(ClassName companion, String entry, MethodBody body) {
    return CalleeActivities.key(companion, entry, body.parameters().stream().map(Variable::type).toList());
  }
}
