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
  int SHIFT = 11;
  int RELATIONAL = 10;
  int EQUALITY = 9;
  int BITWISE_AND = 8;
  int BITWISE_XOR = 7;
  int BITWISE_OR = 6;
  int AND = 5;
  int OR = 4;
  int CONDITIONAL = 3;

  /**
   * How tightly the rendered term binds, as in the Java grammar: as a primary (a name, a call)
   * unless the term says otherwise.
   */
  default int precedence() {
    return PRIMARY;
  }

  /**
   * The term as code, in as few pieces as its type names allow: JavaPoet writes each piece of a
   * code block separately (scanning it for line breaks), so one piece per node would make writing
   * the companion the larger part of the processor's run.
   */
  default CodeBlock code() {
    Rendering out = new Rendering();
    render(out);
    return out.build();
  }

  /** Appends the term's code to {@code out}. */
  void render(Rendering out);

  /** A {@code double} literal. */
  record Num(double value) implements Term {
    @Override
    public int precedence() {
      return value < 0 || (value == 0 && 1 / value < 0) ? UNARY : PRIMARY;
    }

    @Override
    public void render(Rendering out) {
      if (Double.isNaN(value)) {
        out.type(ClassName.get(Double.class)).text(".NaN");
      } else if (Double.isInfinite(value)) {
        out.type(ClassName.get(Double.class)).text(value > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
      } else {
        out.text(Double.toString(value));
      }
    }
  }

  /** A generated local, named when the code is written (see {@link Slot}). */
  record Ref(Slot slot) implements Term {
    @Override
    public void render(Rendering out) {
      out.text(slot.name());
    }
  }

  /**
   * A variable, by its name: text, which a rendering joins to the text around it, where a block
   * of its own would be a piece of its own for JavaPoet to write.
   */
  record Name(String name) implements Term {
    @Override
    public void render(Rendering out) {
      out.text(name);
    }
  }

  /** Code written as it is: a user's constant, an array element. */
  record Verbatim(CodeBlock code, int precedence) implements Term {
    @Override
    public void render(Rendering out) {
      out.code(code);
    }
  }

  /** A static call such as {@code Math.cos(y)}. */
  record Call(ClassName owner, String method, List<Term> args) implements Term {
    @Override
    public void render(Rendering out) {
      out.type(owner).text(".").text(method);
      renderArguments(out, args);
    }
  }

  /** An instance method's call such as {@code model.value(x)}: the receiver, then the method. */
  record MethodCall(Term receiver, String method, List<Term> args) implements Term {
    @Override
    public void render(Rendering out) {
      receiver.render(out, receiver.precedence() < PRIMARY);
      out.text(".").text(method);
      renderArguments(out, args);
    }
  }

  /** Unary minus. */
  record Neg(Term operand) implements Term {
    @Override
    public int precedence() {
      return UNARY;
    }

    @Override
    public void render(Rendering out) {
      out.text("-");
      // "- -x" would read as a decrement; parenthesise a negative operand.
      operand.render(out, operand.precedence() <= UNARY);
    }
  }

  /**
   * A binary operator: arithmetic, comparison, {@code &&} or {@code ||}, and of ints the shifts and
   * bitwise operators of their compound assignments. The right operand is parenthesised at
   * equal precedence, so the tree's evaluation order (and its rounding) is kept exactly.
   */
  record Binary(String operator, Term left, Term right) implements Term {
    @Override
    public int precedence() {
      return switch (operator) {
        case "*", "/", "%" -> MULTIPLICATIVE;
        case "+", "-" -> ADDITIVE;
        case "<<", ">>", ">>>" -> SHIFT;
        case "<", "<=", ">", ">=" -> RELATIONAL;
        case "==", "!=" -> EQUALITY;
        case "&" -> BITWISE_AND;
        case "^" -> BITWISE_XOR;
        case "|" -> BITWISE_OR;
        case "&&" -> AND;
        case "||" -> OR;
        default -> throw new IllegalStateException("unknown operator " + operator);
      };
    }

    @Override
    public void render(Rendering out) {
      left.render(out, left.precedence() < precedence());
      out.text(" ").text(operator).text(" ");
      right.render(out, right.precedence() <= precedence());
    }
  }

  /** {@code condition ? ifTrue : ifFalse}. */
  record Select(Term condition, Term ifTrue, Term ifFalse) implements Term {
    @Override
    public int precedence() {
      return CONDITIONAL;
    }

    @Override
    public void render(Rendering out) {
      condition.render(out, condition.precedence() <= CONDITIONAL);
      out.text(" ? ");
      ifTrue.render(out, ifTrue.precedence() <= CONDITIONAL);
      out.text(" : ");
      ifFalse.render(out, ifFalse.precedence() < CONDITIONAL);
    }
  }

  /** {@code (a, b)}: a call's arguments. */
  private static void renderArguments(Rendering out, List<Term> args) {
    out.text("(");
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.text(", ");
      }
      args.get(i).render(out);
    }
    out.text(")");
  }

  private void render(Rendering out, boolean parenthesized) {
    if (parenthesized) {
      out.text("(");
      render(out);
      out.text(")");
    } else {
      render(out);
    }
  }
}
