package io.javagrad.processor.emit;

import com.palantir.javapoet.MethodSpec;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;

/**
 * Whether a generated method fits in a Java method: the JVM takes at most 65,535 bytes of bytecode
 * per method, and a companion that does not compile is the worst thing the processor can write.
 * The estimate counts the tokens of the Java code, comments and layout aside (an operator of two
 * characters counts twice): measured with javap on a pullback, a tangent program and a twin of
 * generated code, a token makes 0.97 to 1.26 bytes, so {@value #TOKENS} tokens leave room for
 * denser code.
 */
final class CodeSize {
  static final int TOKENS = 45_000;
  /**
   * Methods whose IR has fewer nodes are not measured, which spares writing their code out: a
   * first-order entry takes well under {@code TOKENS / SMALL_IR} tokens per node.
   */
  private static final int SMALL_IR = 1_000;

  private CodeSize() {}

  /** Whether the entry points of {@code body} could pass the limit, so that they must be measured. */
  static boolean mayPassLimit(MethodBody body) {
    return Statements.expressionsIn(body.statements()).stream()
        .mapToLong(root -> Expressions.preorder(root).count())
        .sum() + Statements.all(body.statements()).size() >= SMALL_IR;
  }

  static boolean fits(MethodSpec method) {
    return tokens(method.code().toString()) <= TOKENS;
  }

  /** The tokens of {@code code}, Java source: names, numbers, string literals, operator characters. */
  static int tokens(String code) {
    int tokens = 0;
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (code.startsWith("//", i)) {
        i = lineEnd(code, i);
      } else if (c == '"') {
        i = stringEnd(code, i);
        tokens++;
      } else if (Character.isJavaIdentifierPart(c)) {
        // A name, a keyword or a number (2.5e-3 counts as a few, which errs toward too many).
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
          i++;
        }
        tokens++;
      } else {
        i++;
        tokens++;
      }
    }
    return tokens;
  }

  private static int lineEnd(String code, int from) {
    int end = code.indexOf('\n', from);
    return end < 0 ? code.length() : end;
  }

  private static int stringEnd(String code, int quote) {
    int i = quote + 1;
    while (i < code.length() && code.charAt(i) != '"') {
      i += code.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }
}
