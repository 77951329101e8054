package io.javagrad.processor.term;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;

/**
 * A code block written left to right, whose consecutive text is kept as one piece: a term renders
 * into it node by node, and the block it builds has a piece per type name or embedded block, not per
 * node.
 */
public final class Rendering {
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final StringBuilder text = new StringBuilder();

  /** Appends {@code s} as it is. */
  public Rendering text(String s) {
    text.append(s);
    return this;
  }

  /** Appends a type's name, which JavaPoet imports or qualifies. */
  public Rendering type(ClassName type) {
    flush();
    code.add("$T", type);
    return this;
  }

  /** Appends a code block built elsewhere. */
  public Rendering code(CodeBlock block) {
    flush();
    code.add(block);
    return this;
  }

  public CodeBlock build() {
    flush();
    return code.build();
  }

  private void flush() {
    if (!text.isEmpty()) {
      code.add("$L", text.toString());
      text.setLength(0);
    }
  }
}
