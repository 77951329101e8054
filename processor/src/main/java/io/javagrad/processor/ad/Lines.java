package io.javagrad.processor.ad;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.term.Rendering;
import io.javagrad.processor.term.Slot;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Generated statements, rendered only when the whole sweep is known: some choices (whether a
 * value must be saved, whether a branch's decision is recorded) depend on what the reverse sweep
 * turns out to read, which is decided after the statements that make the choice were built.
 */
final class Lines {
  private final List<Supplier<CodeBlock>> lines = new ArrayList<>();
  /**
   * The code, once written. Writing happens after the whole sweep is built, and branches and loops
   * ask whether their parts are empty more than once, so the first rendering is kept: nested
   * control flow would otherwise be rendered again at every level.
   */
  private CodeBlock rendered;

  /**
   * A statement; {@link Term} and {@link Slot} arguments are rendered when the statement is. The
   * format knows {@code $L} and {@code $T} only.
   */
  Lines statement(String format, Object... args) {
    lines.add(() -> statementCode(format, args));
    return this;
  }

  /** A statement that is there only if {@code condition} holds when the code is written. */
  Lines statementIf(BooleanSupplier condition, String format, Object... args) {
    lines.add(() -> condition.getAsBoolean() ? statementCode(format, args) : CodeBlock.of(""));
    return this;
  }


  Lines add(Supplier<CodeBlock> code) {
    lines.add(code);
    return this;
  }

  /** Appends {@code other}, as it will be when rendered. */
  Lines append(Lines other) {
    lines.add(other::render);
    return this;
  }

  int size() {
    return lines.size();
  }

  /** Inserts {@code code} before the line at {@code index}. */
  void insert(int index, Supplier<CodeBlock> code) {
    lines.add(index, code);
  }

  CodeBlock render() {
    if (rendered == null) {
      CodeBlock.Builder code = CodeBlock.builder();
      lines.forEach(line -> code.add(line.get()));
      rendered = code.build();
    }
    return rendered;
  }

  boolean isEmpty() {
    return render().isEmpty();
  }

  /**
   * What {@code CodeBlock.builder().addStatement(format, args)} would build, with the statement's
   * text, its terms' included, in as few pieces as its type names allow: JavaPoet scans each piece
   * it writes for line breaks, and a piece per placeholder and per term made writing the sweeps
   * the larger part of writing the companion.
   */
  private static CodeBlock statementCode(String format, Object[] args) {
    Rendering out = new Rendering();
    int next = 0;
    int from = 0;
    for (int dollar = format.indexOf('$'); dollar >= 0; dollar = format.indexOf('$', from)) {
      out.text(format.substring(from, dollar));
      char kind = format.charAt(dollar + 1);
      Object arg = args[next++];
      if (kind == 'L') {
        literal(out, arg);
      } else if (kind == 'T') {
        out.type(arg instanceof Class<?> c ? ClassName.get(c) : (ClassName) arg);
      } else {
        throw new IllegalArgumentException("a statement's format takes $L and $T only: " + format);
      }
      from = dollar + 2;
    }
    if (next != args.length) {
      throw new IllegalArgumentException(args.length + " arguments for " + next + " placeholders: " + format);
    }
    // $[ and $] mark the statement, as addStatement does: its lines after the first are indented.
    return CodeBlock.builder().add("$[").add(out.text(format.substring(from)).text(";\n").build()).add("$]").build();
  }

  /** Appends {@code arg} as {@code $L} would write it. */
  private static void literal(Rendering out, Object arg) {
    if (arg instanceof Term term) {
      term.render(out);
    } else if (arg instanceof Slot slot) {
      out.text(slot.name());
    } else if (arg instanceof Supplier<?> supplier) {
      literal(out, supplier.get());
    } else if (arg instanceof CodeBlock block) {
      out.code(block);
    } else {
      out.text(String.valueOf(arg));
    }
  }
}
