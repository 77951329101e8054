package io.javagrad;

/**
 * The built-in operations of {@link Value}: each one's result and its local partial derivatives,
 * side by side, so that one entry holds all there is to know about a function.
 *
 * <p>A unary or binary node stores only its operation and its operands; {@link Value#backward()}
 * recomputes the local gradients from the operands' data and the node's own result, as PyTorch
 * does with saved inputs. That keeps a binary node free of per-node arrays. Leaves and n-ary nodes
 * (custom nodes, sums, dot products) store their data, and n-ary nodes their local gradients.
 *
 * <p>Partials are the plain formulas, evaluated in IEEE 754 arithmetic: where a function is not
 * differentiable (log at 0, sqrt at 0, asin at ±1) they give infinity or NaN as the formula does.
 * The two kinks the contract fixes are stated in their rules: {@code relu'(0) = 0}, {@code
 * abs'(0) = 0}, and a tie of {@code max}/{@code min} sends the whole gradient to the first operand.
 */
enum Op {
  /** A leaf: an input, a parameter or a constant. It has no operands. */
  LEAF(""),
  /** The custom-operation node; its local gradients are stored, not recomputed. */
  CUSTOM("custom"),
  /** The n-ary sum; every operand's local gradient is 1, stored. */
  SUM("sum"),
  /** The dot product; each operand's local gradient, the other factor's data, is stored. */
  DOT("dot"),

  ADD("+") {
    @Override double apply(double a, double b) { return a + b; }
    @Override double gradA(double a, double b, double out) { return 1; }
    @Override double gradB(double a, double b, double out) { return 1; }
  },
  SUB("-") {
    @Override double apply(double a, double b) { return a - b; }
    @Override double gradA(double a, double b, double out) { return 1; }
    @Override double gradB(double a, double b, double out) { return -1; }
  },
  MUL("*") {
    @Override double apply(double a, double b) { return a * b; }
    @Override double gradA(double a, double b, double out) { return b; }
    @Override double gradB(double a, double b, double out) { return a; }
  },
  DIV("/") {
    @Override double apply(double a, double b) { return a / b; }
    @Override double gradA(double a, double b, double out) { return 1 / b; }
    // d(a/b)/db = -a/b^2 = -out/b, and for a reciprocal -out^2, as the processor's rule has it
    @Override double gradB(double a, double b, double out) { return a == 1 ? -(out * out) : -out / b; }
  },
  NEG("neg") {
    @Override double apply(double a, double b) { return -a; }
    @Override double gradA(double a, double b, double out) { return -1; }
  },
  /** a^b with a constant exponent b: no gradient flows to the exponent. */
  POW_CONST("pow") {
    @Override double apply(double a, double b) { return Math.pow(a, b); }
    @Override double gradA(double a, double b, double out) { return powGradBase(a, b); }
    @Override double flowA(double a, double b, double out, double seed) { return b == 0 ? 0 : powGradBase(a, b) * seed; }
  },
  /** a^b with a differentiable exponent. */
  POW("pow") {
    @Override double apply(double a, double b) { return Math.pow(a, b); }
    @Override double gradA(double a, double b, double out) { return powGradBase(a, b); }
    @Override double flowA(double a, double b, double out, double seed) { return b == 0 ? 0 : powGradBase(a, b) * seed; }
    @Override double flowB(double a, double b, double out, double seed) {
      return a == 0 && b >= 0 ? 0 : gradB(a, b, out) * seed;
    }
    // d(a^b)/db = a^b ln a. At a = 0 with b >= 0 the function is constant in b (0, or 1 at
    // b = 0), so its derivative is 0 rather than the 0 * -inf = NaN the formula gives.
    @Override double gradB(double a, double b, double out) { return a == 0 && b >= 0 ? 0 : out * Math.log(a); }
  },
  EXP("exp") {
    @Override double apply(double a, double b) { return Math.exp(a); }
    @Override double gradA(double a, double b, double out) { return out; }
  },
  LOG("log") {
    @Override double apply(double a, double b) { return Math.log(a); }
    @Override double gradA(double a, double b, double out) { return 1 / a; }
  },
  LOG10("log10") {
    @Override double apply(double a, double b) { return Math.log10(a); }
    @Override double gradA(double a, double b, double out) { return 1 / (a * LN_10); }
  },
  LOG1P("log1p") {
    @Override double apply(double a, double b) { return Math.log1p(a); }
    @Override double gradA(double a, double b, double out) { return 1 / (1 + a); }
  },
  EXPM1("expm1") {
    @Override double apply(double a, double b) { return Math.expm1(a); }
    @Override double gradA(double a, double b, double out) { return out + 1; }
  },
  SQRT("sqrt") {
    @Override double apply(double a, double b) { return Math.sqrt(a); }
    @Override double gradA(double a, double b, double out) { return 0.5 / out; }
  },
  CBRT("cbrt") {
    @Override double apply(double a, double b) { return Math.cbrt(a); }
    @Override double gradA(double a, double b, double out) { return 1 / (3 * out * out); }
  },
  SIN("sin") {
    @Override double apply(double a, double b) { return Math.sin(a); }
    @Override double gradA(double a, double b, double out) { return Math.cos(a); }
  },
  COS("cos") {
    @Override double apply(double a, double b) { return Math.cos(a); }
    @Override double gradA(double a, double b, double out) { return -Math.sin(a); }
  },
  TAN("tan") {
    @Override double apply(double a, double b) { return Math.tan(a); }
    @Override double gradA(double a, double b, double out) { return 1 + out * out; }
  },
  ASIN("asin") {
    @Override double apply(double a, double b) { return Math.asin(a); }
    @Override double gradA(double a, double b, double out) { return 1 / Math.sqrt(1 - a * a); }
  },
  ACOS("acos") {
    @Override double apply(double a, double b) { return Math.acos(a); }
    @Override double gradA(double a, double b, double out) { return -1 / Math.sqrt(1 - a * a); }
  },
  ATAN("atan") {
    @Override double apply(double a, double b) { return Math.atan(a); }
    @Override double gradA(double a, double b, double out) { return 1 / (1 + a * a); }
  },
  /** atan2(a, b) = atan2(y, x), the angle of the point (x, y). */
  ATAN2("atan2") {
    @Override double apply(double a, double b) { return Math.atan2(a, b); }
    @Override double gradA(double a, double b, double out) { return b / (a * a + b * b); }
    @Override double gradB(double a, double b, double out) { return -a / (a * a + b * b); }
  },
  SINH("sinh") {
    @Override double apply(double a, double b) { return Math.sinh(a); }
    @Override double gradA(double a, double b, double out) { return Math.cosh(a); }
  },
  COSH("cosh") {
    @Override double apply(double a, double b) { return Math.cosh(a); }
    @Override double gradA(double a, double b, double out) { return Math.sinh(a); }
  },
  TANH("tanh") {
    @Override double apply(double a, double b) { return Math.tanh(a); }
    @Override double gradA(double a, double b, double out) { return 1 - out * out; }
  },
  /** |a|; abs'(0) = 0 by the contract's kink rule, which Math.signum gives. */
  ABS("abs") {
    @Override double apply(double a, double b) { return Math.abs(a); }
    @Override double gradA(double a, double b, double out) { return Math.signum(a); }
  },
  /** max(a, b); a tie sends the whole gradient to the first operand. */
  MAX("max") {
    @Override double apply(double a, double b) { return Math.max(a, b); }
    @Override double gradA(double a, double b, double out) { return a >= b ? 1 : 0; }
    @Override double gradB(double a, double b, double out) { return a >= b ? 0 : 1; }
    @Override double flowA(double a, double b, double out, double seed) { return a >= b ? seed : 0; }
    @Override double flowB(double a, double b, double out, double seed) { return a >= b ? 0 : seed; }
  },
  /** min(a, b); a tie sends the whole gradient to the first operand. */
  MIN("min") {
    @Override double apply(double a, double b) { return Math.min(a, b); }
    @Override double gradA(double a, double b, double out) { return a <= b ? 1 : 0; }
    @Override double gradB(double a, double b, double out) { return a <= b ? 0 : 1; }
    @Override double flowA(double a, double b, double out, double seed) { return a <= b ? seed : 0; }
    @Override double flowB(double a, double b, double out, double seed) { return a <= b ? 0 : seed; }
  },
  /** sqrt(a^2 + b^2); at the origin the formula gives 0/0 = NaN, as in PyTorch. */
  HYPOT("hypot") {
    @Override double apply(double a, double b) { return Math.hypot(a, b); }
    @Override double gradA(double a, double b, double out) { return a / out; }
    @Override double gradB(double a, double b, double out) { return b / out; }
  },
  SIGMOID("sigmoid") {
    @Override double apply(double a, double b) { return Functions.sigmoid(a); }
    @Override double gradA(double a, double b, double out) { return out * (1 - out); }
  },
  /** max(a, 0); relu'(0) = 0 by the contract's kink rule. */
  RELU("relu") {
    @Override double apply(double a, double b) { return Functions.relu(a); }
    @Override double gradA(double a, double b, double out) { return a > 0 ? 1 : 0; }
    @Override double flowA(double a, double b, double out, double seed) { return a > 0 ? seed : 0; }
  };

  private static final double LN_10 = Math.log(10);

  /**
   * d(a^b)/da = b a^(b-1). With b = 0 the function is the constant 1 (Math.pow(a, 0) is 1 for
   * every a, 0 and NaN included), so its derivative is 0 rather than the 0 * inf = NaN the formula
   * gives at a = 0; without this a polynomial's constant term x^0 would make every gradient NaN at
   * x = 0. PyTorch has the same rule.
   */
  private static double powGradBase(double a, double b) {
    return b == 0 ? 0 : b * Math.pow(a, b - 1);
  }

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** How the operation is drawn in a graph. */
  String symbol() {
    return symbol;
  }

  /**
   * The result for operands {@code a} and {@code b} ({@code b} is ignored by unary operations).
   * Leaves and n-ary nodes store their data instead.
   */
  double apply(double a, double b) {
    throw new AssertionError(this + " nodes store their data");
  }

  /**
   * ∂out/∂a, given the operands and the result {@code out}. N-ary nodes store their local
   * gradients instead, and a leaf has none.
   */
  double gradA(double a, double b, double out) {
    throw new AssertionError(this + " nodes have no recomputed local gradient");
  }

  /** ∂out/∂b, given the operands and the result {@code out}; 0 where b is not an input. */
  double gradB(double a, double b, double out) {
    return 0;
  }

  /**
   * What flows back to operand a from a node whose adjoint is {@code seed}: the seed times
   * ∂out/∂a. A rule that chooses between pieces (relu, max, min, pow's special cases) passes the
   * seed on or passes nothing, rather than multiplying by 0, so that an infinite seed does not
   * become NaN on the side not taken. The generated code chooses the same way.
   */
  double flowA(double a, double b, double out, double seed) {
    return gradA(a, b, out) * seed;
  }

  /** What flows back to operand b; see {@link #flowA}. */
  double flowB(double a, double b, double out, double seed) {
    return gradB(a, b, out) * seed;
  }
}
