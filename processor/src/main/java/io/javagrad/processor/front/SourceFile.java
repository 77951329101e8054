package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a compilation unit and where its trees stand in it, so that code run as written is
 * copied from what the user wrote, literals, comments and all, rather than printed again.
 */
final class SourceFile {
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final CharSequence text;

  private SourceFile(CompilationUnitTree unit, SourcePositions positions, CharSequence text) {
    this.unit = unit;
    this.positions = positions;
    this.text = text;
  }

  static SourceFile of(CompilationUnitTree unit, Trees trees) {
    try {
      return new SourceFile(unit, trees.getSourcePositions(), unit.getSourceFile().getCharContent(true));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  long start(Tree tree) {
    return position(positions.getStartPosition(unit, tree), tree);
  }

  /** Whether javac made {@code tree} itself (an anonymous class's constructor), so that it has no text. */
  boolean isSynthetic(Tree tree) {
    return positions.getStartPosition(unit, tree) < 0 || positions.getEndPosition(unit, tree) < 0;
  }

  long end(Tree tree) {
    return position(positions.getEndPosition(unit, tree), tree);
  }

  /**
   * Where the name of {@code variable} stands: its first occurrence as a word from the
   * declaration's start, which is the name itself ({@code a} of a lambda's {@code (a, b)}), or
   * its type (of {@code Integer a}), whose words differ from the name.
   */
  long nameStart(VariableTree variable) {
    Matcher name = Pattern.compile("(?<![\\w$])" + Pattern.quote(variable.getName().toString()) + "(?![\\w$])")
        .matcher(text);
    if (!name.find((int) start(variable))) {
      throw new IllegalStateException("no name in the text of " + variable);
    }
    return name.start();
  }

  /** The source text from {@code start} to {@code end}, offsets as {@link #start} and {@link #end} give them. */
  String text(long start, long end) {
    return text.subSequence((int) start, (int) end).toString();
  }

  /** The column at which {@code position} stands on its line, from 0. */
  int column(long position) {
    int at = (int) position - 1;
    while (at >= 0 && text.charAt(at) != '\n') {
      at--;
    }
    return (int) position - (at + 1);
  }

  /**
   * As {@link #text}, with up to {@code margin} columns of indentation taken off each line after
   * the first: given the {@link #column} of a statement's start, the statement copied into
   * generated code keeps its own layout, relative to wherever the generator puts its first line.
   */
  String unindented(long start, long end, int margin) {
    return text(start, end).replaceAll("\n[ \t]{0," + margin + "}", "\n");
  }

  private static long position(long position, Tree tree) {
    if (position < 0) {
      throw new IllegalStateException("javac gave no source position for " + tree);
    }
    return position;
  }
}
