package io.javagrad.processor.front;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import java.util.Locale;

/** A tree's source on one line, for the comments of the generated code and for messages. */
final class SourceText {
  private SourceText() {}

  /** A statement, ending with its semicolon: {@code double s = Math.sin(y);}. */
  static String statement(Tree tree) {
    String text = oneLine(tree);
    return text.endsWith(";") ? text : text + ";";
  }

  /** A loop's or branch's first line, {@code for (int i = 0; i < n; i++)}. */
  static String header(Tree tree) {
    String text = oneLine(tree);
    int brace = text.indexOf('{');
    return (brace < 0 ? text : text.substring(0, brace)).strip();
  }

  /** The name of the method {@code call} calls, as written: {@code add} of {@code list.add(x)}. */
  static String calledName(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select ? select.getIdentifier().toString()
        : call.getMethodSelect() instanceof IdentifierTree id ? id.getName().toString() : "";
  }

  static String oneLine(Tree tree) {
    return tree.toString().strip().replaceAll("\\s+", " ");
  }

  /**
   * A name for a local that holds {@code tree}'s value, after what it computes: {@code _rate} for
   * {@code market.rate()}, {@code _k} for {@code k++}.
   */
  static String localName(Tree tree) {
    Tree named = tree;
    if (tree instanceof com.sun.source.tree.MethodInvocationTree call) {
      named = call.getMethodSelect();
    } else if (tree instanceof com.sun.source.tree.UnaryTree unary) {
      named = unary.getExpression();
    } else if (tree instanceof com.sun.source.tree.AssignmentTree assign) {
      named = assign.getVariable();
    } else if (tree instanceof com.sun.source.tree.CompoundAssignmentTree assign) {
      named = assign.getVariable();
    }
    return "_" + lastName(named);
  }

  private static String lastName(Tree tree) {
    if (tree instanceof com.sun.source.tree.IdentifierTree id) {
      return id.getName().toString();
    }
    if (tree instanceof com.sun.source.tree.MemberSelectTree select) {
      return select.getIdentifier().toString();
    }
    if (tree instanceof com.sun.source.tree.ArrayAccessTree element) {
      return lastName(element.getExpression());
    }
    return "v";
  }

  /** What kind of construct {@code tree} is, and its source: {@code assert 'assert x > 0;'}. */
  static String describe(Tree tree) {
    return tree.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + " '" + tree + "'";
  }
}
