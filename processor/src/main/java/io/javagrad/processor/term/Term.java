package io.javagrad.processor.term;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * A small expression model for generated code. Derivative rules and the reverse sweep build terms
 * through {@link Terms}, which folds the trivial factors (0, 1, constants) before any code exists;
 * {@link #code()} renders a term with only the parentheses Java needs.
 */
public sealed interface Term {
  int PRIMARY = 16;
  int UNARY = 14;
  int MULTIPLICATIVE = 13;
  int ADDITIVE = 12;
  int RELATIONAL = 10;
  int EQUALITY = 9;
  int AND = 5;
  int OR = 4;
  int CONDITIONAL = 3;

  /** How tightly the rendered term binds, as in the Java grammar. */
  int precedence();

  CodeBlock code();

  /** A {@code double} literal. */
  record Num(double value) implements Term {
    @Override
    public int precedence() {
      return value < 0 || (value == 0 && 1 / value < 0) ? UNARY : PRIMARY;
    }

    @Override
    public CodeBlock code() {
      if (Double.isNaN(value)) {
        return CodeBlock.of("$T.NaN", Double.class);
      }
      if (Double.isInfinite(value)) {
        return CodeBlock.of(value > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
      }
      return CodeBlock.of("$L", Double.toString(value));
    }
  }

  /** A generated local, named when the code is written (see {@link Slot}). */
  record Ref(Slot slot) implements Term {
    @Override
    public int precedence() {
      return PRIMARY;
    }

    @Override
    public CodeBlock code() {
      return CodeBlock.of("$L", slot.name());
    }
  }

  /** Code written as it is: a user's constant, a variable, an array element. */
  record Verbatim(CodeBlock code, int precedence) implements Term {}

  /** A static call such as {@code Math.cos(y)}. */
  record Call(ClassName owner, String method, List<Term> args) implements Term {
    @Override
    public int precedence() {
      return PRIMARY;
    }

    @Override
    public CodeBlock code() {
      return CodeBlock.of("$T.$L($L)", owner, method,
          CodeBlock.join(args.stream().map(arg -> arg.code()).toList(), ", "));
    }
  }

  /** Unary minus. */
  record Neg(Term operand) implements Term {
    @Override
    public int precedence() {
      return UNARY;
    }

    @Override
    public CodeBlock code() {
      // "- -x" would read as a decrement; parenthesise a negative operand.
      return CodeBlock.of("-$L", operand.precedence() <= UNARY ? parenthesized(operand) : operand.code());
    }
  }

  /**
   * A binary operator: arithmetic, comparison, {@code &&} or {@code ||}. The right operand is parenthesised at
   * equal precedence, so the tree's evaluation order (and its rounding) is kept exactly.
   */
  record Binary(String operator, Term left, Term right) implements Term {
    @Override
    public int precedence() {
      return switch (operator) {
        case "*", "/", "%" -> MULTIPLICATIVE;
        case "+", "-" -> ADDITIVE;
        case "<", "<=", ">", ">=" -> RELATIONAL;
        case "==", "!=" -> EQUALITY;
        case "&&" -> AND;
        case "||" -> OR;
        default -> throw new IllegalStateException("unknown operator " + operator);
      };
    }

    @Override
    public CodeBlock code() {
      CodeBlock l = left.precedence() < precedence() ? parenthesized(left) : left.code();
      CodeBlock r = right.precedence() <= precedence() ? parenthesized(right) : right.code();
      return CodeBlock.of("$L $L $L", l, operator, r);
    }
  }

  /** {@code condition ? ifTrue : ifFalse}. */
  record Select(Term condition, Term ifTrue, Term ifFalse) implements Term {
    @Override
    public int precedence() {
      return CONDITIONAL;
    }

    @Override
    public CodeBlock code() {
      return CodeBlock.of("$L ? $L : $L",
          condition.precedence() <= CONDITIONAL ? parenthesized(condition) : condition.code(),
          ifTrue.precedence() <= CONDITIONAL ? parenthesized(ifTrue) : ifTrue.code(),
          ifFalse.precedence() < CONDITIONAL ? parenthesized(ifFalse) : ifFalse.code());
    }
  }

  private static CodeBlock parenthesized(Term term) {
    return CodeBlock.of("($L)", term.code());
  }
}
