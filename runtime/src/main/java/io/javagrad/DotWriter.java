package io.javagrad;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Value} graph as Graphviz DOT, the way micrograd's {@code draw_dot} does: a record
 * per value ({@code label | data | grad}), an ellipse per operation, and edges from each operand to
 * the operation and from the operation to its result.
 */
final class DotWriter {
  private DotWriter() {}

  static String write(Value root) {
    List<Value> order = root.topologicalOrder();
    Map<Value, String> ids = new IdentityHashMap<>();
    StringBuilder dot = new StringBuilder("digraph javagrad {\n  rankdir=LR;\n");
    for (Value node : order) {
      String id = "v" + ids.size();
      ids.put(node, id);
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
          dot.append("  ").append(ids.get(node.operand(i))).append(" -> ").append(opId).append(";\n");
        }
        dot.append("  ").append(opId).append(" -> ").append(id).append(";\n");
      }
    }
    return dot.append("}\n").toString();
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
