package io.javagrad.processor.ad;

import com.palantir.javapoet.CodeBlock;
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

  /** A statement; {@link Term} and {@link Slot} arguments are rendered when the statement is. */
  Lines statement(String format, Object... args) {
    lines.add(() -> CodeBlock.builder().addStatement(format, rendered(args)).build());
    return this;
  }

  /** A statement that is there only if {@code condition} holds when the code is written. */
  Lines statementIf(BooleanSupplier condition, String format, Object... args) {
    lines.add(() -> condition.getAsBoolean()
        ? CodeBlock.builder().addStatement(format, rendered(args)).build()
        : CodeBlock.of(""));
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

  private static Object[] rendered(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Term term) {
        out[i] = term.code();
      } else if (arg instanceof Slot slot) {
        out[i] = slot.name();
      } else if (arg instanceof Supplier<?> supplier) {
        out[i] = supplier.get();
      } else {
        out[i] = arg;
      }
    }
    return out;
  }
}
