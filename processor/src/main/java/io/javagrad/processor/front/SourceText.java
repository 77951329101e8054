package io.javagrad.processor.front;

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

  static String oneLine(Tree tree) {
    return tree.toString().strip().replaceAll("\\s+", " ");
  }

  /** What kind of construct {@code tree} is, and its source: {@code assert 'assert x > 0;'}. */
  static String describe(Tree tree) {
    return tree.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + " '" + tree + "'";
  }
}
