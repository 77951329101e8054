package io.javagrad.processor.term;

import com.palantir.javapoet.ClassName;
import io.javagrad.processor.ir.Exprs;
import java.util.List;

/**
 * Builds terms, folding as it goes: 0 and 1 are values of the model, so {@code 1 * t}, {@code t +
 * 0}, {@code 0 * t} and constant arithmetic never reach the generated code. Folding is limited to
 * rewrites that are exact in IEEE arithmetic for the finite values derivatives take.
 */
public final class Terms {
  public static final Term ZERO = new Term.Num(0);
  public static final Term ONE = new Term.Num(1);
  public static final ClassName MATH = ClassName.get(Math.class);

  private Terms() {}

  public static Term num(double value) {
    return new Term.Num(value);
  }

  public static boolean isZero(Term t) {
    return t instanceof Term.Num n && n.value() == 0;
  }

  public static boolean isOne(Term t) {
    return t instanceof Term.Num n && n.value() == 1;
  }

  private static boolean isNum(Term t) {
    return t instanceof Term.Num;
  }

  private static double valueOf(Term t) {
    return ((Term.Num) t).value();
  }

  public static Term add(Term a, Term b) {
    if (isZero(a)) {
      return b;
    }
    if (isZero(b)) {
      return a;
    }
    if (isNum(a) && isNum(b)) {
      return num(valueOf(a) + valueOf(b));
    }
    if (a.equals(b)) {
      // t + t is 2 t exactly (scaling by 2 only moves the exponent), and costs one multiplication
      // where two products that happen to be equal, say x * y from both factors of x * x, cost two.
      return mul(num(2), a);
    }
    if (a instanceof Term.Neg na && b instanceof Term.Neg nb) {
      return neg(add(na.operand(), nb.operand()));
    }
    if (b instanceof Term.Neg n) {
      return sub(a, n.operand());
    }
    if (a instanceof Term.Neg n) {
      // -a + b is b - a exactly: negation is exact and addition commutes.
      return sub(b, n.operand());
    }
    return new Term.Binary("+", a, b);
  }

  public static Term sub(Term a, Term b) {
    if (isZero(b)) {
      return a;
    }
    if (isZero(a)) {
      return neg(b);
    }
    if (isNum(a) && isNum(b)) {
      return num(valueOf(a) - valueOf(b));
    }
    if (b instanceof Term.Neg n) {
      return add(a, n.operand());
    }
    return new Term.Binary("-", a, b);
  }

  public static Term mul(Term a, Term b) {
    if (isZero(a) || isZero(b)) {
      return ZERO;
    }
    if (isOne(a)) {
      return b;
    }
    if (isOne(b)) {
      return a;
    }
    if (isNum(a) && valueOf(a) == -1) {
      return neg(b);
    }
    if (isNum(b) && valueOf(b) == -1) {
      return neg(a);
    }
    if (isNum(a) && isNum(b)) {
      return num(valueOf(a) * valueOf(b));
    }
    if (a instanceof Term.Neg n) {
      return neg(mul(n.operand(), b));
    }
    if (b instanceof Term.Neg n) {
      return neg(mul(a, n.operand()));
    }
    if (b instanceof Term.Select s) {
      return select(s.condition(), mul(a, s.ifTrue()), mul(a, s.ifFalse()));
    }
    if (a instanceof Term.Select s) {
      return select(s.condition(), mul(s.ifTrue(), b), mul(s.ifFalse(), b));
    }
    return new Term.Binary("*", a, b);
  }

  /**
   * {@code seed * partial}, but 0 where the seed is 0 whatever the partial: the contract's
   * zero-adjoint rule, for a partial that may be infinite or NaN. A seed known not to be 0, or a
   * constant partial, needs no test. The seed is read twice: pass a local, not a computation.
   */
  public static Term mulUnlessZeroSeed(Term seed, Term partial) {
    Term product = mul(seed, partial);
    return isNum(seed) || isNum(partial) ? product : unlessZero(seed, product);
  }

  /**
   * {@code seed * partial}, but 0 where either is 0: for a partial that is 0 exactly where no
   * derivative reaches, whatever the seed, infinite or NaN too. Both are read twice: pass locals.
   */
  public static Term mulUnlessEitherZero(Term seed, Term partial) {
    Term tested = seed instanceof Term.Neg n ? n.operand() : seed;
    return select(new Term.Binary("||", compare("==", tested, ZERO), compare("==", partial, ZERO)), ZERO,
        mul(seed, partial));
  }

  /** {@code seed == 0.0 ? 0.0 : t}: {@code t} is a product of {@code seed} that must be 0 where it is. */
  public static Term unlessZero(Term seed, Term t) {
    // -s is 0 exactly where s is: the test reads s.
    Term tested = seed instanceof Term.Neg n ? n.operand() : seed;
    return isNum(seed) ? t : select(compare("==", tested, ZERO), ZERO, t);
  }

  public static Term div(Term a, Term b) {
    if (isZero(a)) {
      return ZERO;
    }
    if (isOne(b)) {
      return a;
    }
    if (isNum(a) && isNum(b)) {
      return num(valueOf(a) / valueOf(b));
    }
    if (a instanceof Term.Neg n) {
      return neg(div(n.operand(), b));
    }
    return new Term.Binary("/", a, b);
  }

  public static Term neg(Term a) {
    if (isNum(a)) {
      return num(-valueOf(a));
    }
    if (a instanceof Term.Neg n) {
      return n.operand();
    }
    return new Term.Neg(a);
  }

  /** {@code Math.pow(base, exponent)}; a power of 1 is the base itself. */
  public static Term pow(Term base, Term exponent) {
    return isOne(exponent) ? base : math("pow", base, exponent);
  }

  /** {@code Math.method(args)}. */
  public static Term math(String method, Term... args) {
    return new Term.Call(MATH, method, List.of(args));
  }

  public static Term compare(String operator, Term a, Term b) {
    return new Term.Binary(operator, a, b);
  }

  public static Term and(Term a, Term b) {
    return new Term.Binary("&&", a, b);
  }

  public static Term select(Term condition, Term ifTrue, Term ifFalse) {
    if (isZero(ifTrue) && isZero(ifFalse)) {
      return ZERO;
    }
    Boolean known = truth(condition);
    if (known != null) {
      return known ? ifTrue : ifFalse;
    }
    return new Term.Select(condition, ifTrue, ifFalse);
  }

  /** The value of a condition between constants, or null when it depends on run-time values. */
  private static Boolean truth(Term condition) {
    if (!(condition instanceof Term.Binary b)) {
      return null;
    }
    if (b.operator().equals("&&")) {
      Boolean left = truth(b.left());
      Boolean right = truth(b.right());
      if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
        return false;
      }
      return left != null && right != null ? Boolean.TRUE : null;
    }
    if (!isNum(b.left()) || !isNum(b.right())) {
      return null;
    }
    return Exprs.holds(b.operator(), valueOf(b.left()), valueOf(b.right()));
  }
}
