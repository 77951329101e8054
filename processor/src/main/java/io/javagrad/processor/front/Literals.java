package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.term.Term;

/** Constants as the companion writes them: the body's literals, and the values the translator supplies. */
final class Literals {
  private Literals() {}

  /**
   * A number of {@code type}; a double is written as {@link Term.Num} writes it, which also covers
   * the values no literal has (a copied constant may be {@code NaN} or infinite).
   */
  static Expr.Constant number(Type type, Number value) {
    CodeBlock code = type == Type.DOUBLE ? new Term.Num(value.doubleValue()).code()
        : CodeBlock.of(type == Type.LONG ? "$LL" : "$L", value);
    return new Expr.Constant(type, value.doubleValue(), code);
  }

  static Expr.Constant bool(boolean value) {
    return new Expr.Constant(Type.BOOLEAN, value ? 1 : 0, CodeBlock.of("$L", value));
  }
}
