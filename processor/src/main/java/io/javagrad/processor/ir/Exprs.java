package io.javagrad.processor.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * Builds expressions of the intermediate form, folding as it goes: the derivative rules of {@link
 * Primitive} and the tangents of forward mode are written with it, so that {@code 1 * t}, {@code t +
 * 0}, {@code 0 * t} and arithmetic between literals never become nodes, and a partial that is a
 * constant is one. Only literals fold (a named constant keeps its name); every rewrite is exact in
 * IEEE arithmetic for the finite values derivatives take, as in the emitter's own folding.
 */
public final class Exprs {
  public static final Expr ZERO = num(0);
  public static final Expr ONE = num(1);

  private Exprs() {}

  /** A {@code double} literal. */
  public static Expr num(double value) {
    CodeBlock code = Double.isNaN(value) ? CodeBlock.of("$T.NaN", Double.class)
        : Double.isInfinite(value) ? CodeBlock.of(value > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class)
        : CodeBlock.of("$L", Double.toString(value));
    return new Expr.Constant(Type.DOUBLE, value, code, Double.isFinite(value));
  }

  /** The value of a literal, or of a widened literal, or null for any other expression. */
  public static Double number(Expr e) {
    Expr literal = e instanceof Expr.Widen w ? w.operand() : e;
    return literal instanceof Expr.Constant c && c.isLiteral() ? c.value() : null;
  }

  public static boolean isZero(Expr e) {
    Double n = number(e);
    return n != null && n == 0;
  }

  public static boolean isOne(Expr e) {
    Double n = number(e);
    return n != null && n == 1;
  }

  private static boolean isMinusOne(Expr e) {
    Double n = number(e);
    return n != null && n == -1;
  }

  private static boolean isRead(Expr e) {
    return e instanceof Expr.Read || e instanceof Expr.ElementRead || number(e) != null;
  }

  /** The operand of a negation, or null. */
  private static Expr negated(Expr e) {
    return e instanceof Expr.Apply a && a.primitive() == Primitive.NEG ? a.args().get(0) : null;
  }

  public static Expr add(Expr a, Expr b) {
    if (isZero(a)) {
      return b;
    }
    if (isZero(b)) {
      return a;
    }
    if (number(a) != null && number(b) != null) {
      return num(number(a) + number(b));
    }
    if (a.equals(b)) {
      return mul(num(2), a);
    }
    if (negated(b) != null) {
      return sub(a, negated(b));
    }
    if (negated(a) != null) {
      return sub(b, negated(a));
    }
    return apply(Primitive.ADD, a, b);
  }

  public static Expr sub(Expr a, Expr b) {
    if (isZero(b)) {
      return a;
    }
    if (isZero(a)) {
      return neg(b);
    }
    if (number(a) != null && number(b) != null) {
      return num(number(a) - number(b));
    }
    if (negated(b) != null) {
      return add(a, negated(b));
    }
    return apply(Primitive.SUB, a, b);
  }

  public static Expr mul(Expr a, Expr b) {
    if (isZero(a) || isZero(b)) {
      return ZERO;
    }
    if (isOne(a)) {
      return b;
    }
    if (isOne(b)) {
      return a;
    }
    if (isMinusOne(a)) {
      return neg(b);
    }
    if (isMinusOne(b)) {
      return neg(a);
    }
    if (number(a) != null && number(b) != null) {
      return num(number(a) * number(b));
    }
    if (negated(a) != null) {
      return neg(mul(negated(a), b));
    }
    if (negated(b) != null) {
      return neg(mul(a, negated(b)));
    }
    // A kink's partial (max >= o ? 1.0 : 0.0) times t is max >= o ? t : 0.0: no product left. Only
    // for a factor that is a read, which both sides can repeat; a computation would double.
    if (b instanceof Expr.Conditional c && c.type() == Type.DOUBLE && isRead(a)) {
      return select(c.condition(), mul(a, c.ifTrue()), mul(a, c.ifFalse()));
    }
    if (a instanceof Expr.Conditional c && c.type() == Type.DOUBLE && isRead(b)) {
      return select(c.condition(), mul(c.ifTrue(), b), mul(c.ifFalse(), b));
    }
    return apply(Primitive.MUL, a, b);
  }

  public static Expr div(Expr a, Expr b) {
    if (isZero(a)) {
      return ZERO;
    }
    if (isOne(b)) {
      return a;
    }
    if (number(a) != null && number(b) != null) {
      return num(number(a) / number(b));
    }
    if (negated(a) != null) {
      return neg(div(negated(a), b));
    }
    return apply(Primitive.DIV, a, b);
  }

  public static Expr neg(Expr a) {
    if (number(a) != null) {
      return num(-number(a));
    }
    if (negated(a) != null) {
      return negated(a);
    }
    return apply(Primitive.NEG, a);
  }

  /**
   * {@code t * p}, but 0 where {@code t} is 0 though {@code p} is infinite or NaN (the contract's
   * zero-adjoint rule, as forward mode applies it): {@link Primitive#STRONG_ZERO_TIMES}, whose
   * derivatives are those of {@code t * p}, so that it can be differentiated in its turn.
   */
  public static Expr strongZeroTimes(Expr t, Expr p) {
    if (isZero(t)) {
      return ZERO;
    }
    Double factor = number(p);
    return number(t) != null || factor != null && Double.isFinite(factor) ? mul(t, p)
        : apply(Primitive.STRONG_ZERO_TIMES, t, p);
  }

  /** {@code Math.pow(base, exponent)}; a power of 1 is the base itself. */
  public static Expr pow(Expr base, Expr exponent) {
    return isOne(exponent) ? base : apply(Primitive.POW, base, exponent);
  }

  /** A function of the table applied to {@code args}, as they are. */
  public static Expr apply(Primitive function, Expr... args) {
    return new Expr.Apply(function, List.of(args));
  }

  public static Expr compare(String operator, Expr a, Expr b) {
    return new Expr.Compare(operator, a, b);
  }

  public static Expr and(Expr a, Expr b) {
    return new Expr.Logic("&&", a, b);
  }

  public static Expr select(Expr condition, Expr ifTrue, Expr ifFalse) {
    if (isZero(ifTrue) && isZero(ifFalse)) {
      return ZERO;
    }
    Boolean known = truth(condition);
    if (known != null) {
      return known ? ifTrue : ifFalse;
    }
    return new Expr.Conditional(condition, ifTrue, ifFalse, Type.DOUBLE);
  }

  /** The value of a condition between literals, or null when it depends on run-time values. */
  public static Boolean truth(Expr condition) {
    if (condition instanceof Expr.Constant c && c.type() == Type.BOOLEAN) {
      return c.value() != 0;
    }
    if (condition instanceof Expr.Not n) {
      Boolean operand = truth(n.operand());
      return operand == null ? null : !operand;
    }
    if (condition instanceof Expr.Logic l) {
      boolean and = l.operator().equals("&&");
      Boolean left = truth(l.left());
      Boolean right = truth(l.right());
      // false decides &&, true decides ||, whichever side gives it.
      if (Boolean.valueOf(!and).equals(left) || Boolean.valueOf(!and).equals(right)) {
        return !and;
      }
      return left != null && right != null ? and : null;
    }
    if (!(condition instanceof Expr.Compare c) || number(c.left()) == null || number(c.right()) == null) {
      return null;
    }
    return holds(c.operator(), number(c.left()), number(c.right()));
  }

  /** Whether {@code l operator r} holds, for a comparison operator; null for any other operator. */
  public static Boolean holds(String operator, double l, double r) {
    return switch (operator) {
      case "==" -> l == r;
      case "!=" -> l != r;
      case "<" -> l < r;
      case "<=" -> l <= r;
      case ">" -> l > r;
      case ">=" -> l >= r;
      default -> null;
    };
  }
}
