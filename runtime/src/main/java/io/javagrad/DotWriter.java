package io.javagrad;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Value} graph as Graphviz DOT, the way micrograd's {@code draw_dot} does: a record
 * per value ({@code label | data | grad}), an ellipse per operation, and edges from each operand to
 * the operation and from the operation to its result.
 */
final class DotWriter {
  private DotWriter() {}

  /**
   * Walks the graph from {@code root}, writing each value's record when it is taken from the stack
   * and the edges from its operands, which get their ids as they are first seen. Only reads the
   * graph (no visit marks), so drawing is safe while other threads read it too.
   */
  static String write(Value root) {
    Map<Value, String> ids = new IdentityHashMap<>();
    Deque<Value> pending = new ArrayDeque<>();
    StringBuilder dot = new StringBuilder("digraph javagrad {\n  rankdir=LR;\n");
    idOf(root, ids, pending);
    while (!pending.isEmpty()) {
      Value node = pending.pop();
      String id = ids.get(node);
      dot.append("  ").append(id).append(" [shape=record, label=\"{ ")
          .append(escape(node.label() == null ? "" : node.label()))
          .append(" | data ").append(format(node.data()))
          .append(" | grad ").append(format(node.grad()))
          .append(" }\"];\n");
      if (node.operandCount() > 0) {
        String opId = id + "_op";
        dot.append("  ").append(opId).append(" [shape=ellipse, label=\"")
            .append(escape(node.opSymbol())).append("\"];\n");
        for (int i = 0; i < node.operandCount(); i++) {
          dot.append("  ").append(idOf(node.operand(i), ids, pending)).append(" -> ").append(opId).append(";\n");
        }
        dot.append("  ").append(opId).append(" -> ").append(id).append(";\n");
      }
    }
    return dot.append("}\n").toString();
  }

  /** The id of {@code node}; a node seen for the first time gets the next one and waits its turn. */
  private static String idOf(Value node, Map<Value, String> ids, Deque<Value> pending) {
    String id = ids.get(node);
    if (id == null) {
      id = "v" + ids.size();
      ids.put(node, id);
      pending.push(node);
    }
    return id;
  }

  private static String format(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  /** Escapes what DOT strings and record labels give meaning to. */
  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if ("\"\\{}|<>".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
