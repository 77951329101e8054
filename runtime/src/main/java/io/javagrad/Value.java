package io.javagrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A scalar that remembers how it was computed, so that {@link #backward()} can give the gradient of
 * a result with respect to every value it depends on (reverse-mode automatic differentiation).
 *
 * <p>Each operation returns a new {@code Value} that records the operation and its operands. Local
 * gradients of the built-in operations are not stored: {@code backward()} recomputes them from the
 * operands' data (see {@link Op}), which keeps a binary node at 48 bytes on a 64-bit JVM with
 * compressed pointers. Only n-ary nodes (custom nodes, sums, dot products) keep arrays.
 *
 * <p>Values made with {@link #constant(double)}, and every value computed from constants only, do
 * not require a gradient: {@code backward()} never visits them and their grad stays 0. Use them for
 * data, so that a data set costs no work in the backward sweep.
 *
 * <p>Arithmetic follows IEEE 754 without exceptions: {@code log(0)} is -infinity, {@code sqrt(-1)}
 * is NaN, and their gradients are what the derivative's formula gives there ({@code 1/0 = +inf},
 * NaN), except that a node whose adjoint is exactly 0 passes nothing on (see {@link #backward()}).
 * Misuse ({@code null} operands, a custom node whose arrays disagree) throws at once.
 *
 * <p>Threads: a graph, once built, can be read ({@code data}, {@code grad}, {@code operands},
 * {@code toDot}) from any number of threads. {@code backward()} and {@code zeroGrad()} write the
 * grad and a visit mark of every node they reach that requires a gradient, so two threads may run
 * them at the same time only on graphs that share no such node; sharing constants is safe, since
 * no call ever writes to a constant.
 */
public final class Value {
  private double data;
  private double grad;
  private final Op op;
  /** The first operand of a unary or binary node; null otherwise. */
  private final Value a;
  /**
   * The second operand (a {@code Value}) of a binary node, or the operands and local gradients (a
   * {@link Fanin}) of an n-ary node; null otherwise. One field for both leaves room for the two
   * flags below within 48 bytes.
   */
  private final Object rest;
  private final boolean requiresGrad;
  /** Where {@link ReverseSweep} is with this node during a call; UNSEEN between calls. */
  byte mark;
  private String label;

  /** The operands of an n-ary node, with their local gradients. */
  private record Fanin(Value[] children, double[] localGrads) {

    void propagate(double seed) {
      for (int i = 0; i < children.length; i++) {
        Value child = children[i];
        if (child.requiresGrad) {
          child.grad += localGrads[i] * seed;
        }
      }
    }
  }

  /** A leaf that requires a gradient: an input or a parameter. */
  public Value(double data) {
    this(data, Op.LEAF, null, null, true);
  }

  /**
   * A custom operation: a node whose value is {@code data} and whose partial derivative with
   * respect to {@code children[i]} is {@code localGrads[i]}. Any function whose derivatives are
   * known becomes a node this way; check them with {@link GradientChecker}. Both arrays are copied.
   *
   * @throws NullPointerException if an array or a child is null
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public Value(double data, Value[] children, double[] localGrads) {
    this(data, Op.CUSTOM, customFanin(children, localGrads));
  }

  private Value(double data, Op op, Fanin fanin) {
    this(data, op, null, fanin, anyRequiresGrad(fanin.children));
  }

  private Value(double data, Op op, Value a, Object rest, boolean requiresGrad) {
    this.data = data;
    this.op = op;
    this.a = a;
    this.rest = rest;
    this.requiresGrad = requiresGrad;
  }

  /**
   * A value that does not require a gradient, for data: {@code backward()} does no work for it or
   * for anything computed from constants only, and its grad stays 0.
   */
  public static Value constant(double data) {
    return new Value(data, Op.LEAF, null, null, false);
  }

  /**
   * Whether {@code backward()} computes a gradient for this value: false for constants and for
   * values computed from constants only, true for everything else (an n-ary node without operands,
   * such as an empty sum, counts as a leaf).
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  private static boolean anyRequiresGrad(Value[] children) {
    for (Value child : children) {
      if (child.requiresGrad) {
        return true;
      }
    }
    return children.length == 0;
  }

  private static Fanin customFanin(Value[] children, double[] localGrads) {
    Objects.requireNonNull(children, "children must not be null: pass new Value[0] for a node without operands");
    Objects.requireNonNull(localGrads, "localGrads must not be null: give one local gradient per child");
    if (children.length != localGrads.length) {
      throw new IllegalArgumentException("a custom node needs one local gradient per child, but got "
          + children.length + " children and " + localGrads.length + " local gradients");
    }
    Value[] copy = children.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new NullPointerException("children[" + i + "] is null; every child must be a Value");
      }
    }
    return new Fanin(copy, localGrads.clone());
  }

  /** The sum of {@code values} as one node with an operand per element (0 for no elements). */
  public static Value sum(Iterable<Value> values) {
    Objects.requireNonNull(values, "values must not be null");
    List<Value> terms = new ArrayList<>();
    double total = 0;
    for (Value v : values) {
      requireOperand(v);
      terms.add(v);
      total += v.data;
    }
    double[] ones = new double[terms.size()];
    Arrays.fill(ones, 1);
    return new Value(total, Op.SUM, new Fanin(terms.toArray(new Value[0]), ones));
  }

  /**
   * The dot product {@code Σ a[i] b[i]} as one node with the 2n operands {@code a[0..n), b[0..n)},
   * not n products and a sum: ∂/∂a[i] = b[i] and ∂/∂b[i] = a[i], taken when the node is made.
   *
   * @throws NullPointerException if an array or an element is null
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static Value dot(Value[] a, Value[] b) {
    Objects.requireNonNull(a, "a must not be null");
    Objects.requireNonNull(b, "b must not be null");
    requireSameLength(a.length, b.length);
    int n = a.length;
    Value[] children = Arrays.copyOf(a, 2 * n);
    System.arraycopy(b, 0, children, n, n);
    double[] localGrads = new double[2 * n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      requireOperand(a[i]);
      requireOperand(b[i]);
      total += a[i].data * b[i].data;
      localGrads[i] = b[i].data;
      localGrads[n + i] = a[i].data;
    }
    return new Value(total, Op.DOT, new Fanin(children, localGrads));
  }

  /**
   * The dot product {@code Σ a[i] b[i]} with constant weights {@code b}, as one node with the n
   * operands {@code a}: ∂/∂a[i] = b[i]. {@code b} is copied.
   *
   * @throws NullPointerException if an array or an element of {@code a} is null
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static Value dot(Value[] a, double[] b) {
    Objects.requireNonNull(a, "a must not be null");
    Objects.requireNonNull(b, "b must not be null");
    requireSameLength(a.length, b.length);
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      requireOperand(a[i]);
      total += a[i].data * b[i];
    }
    return new Value(total, Op.DOT, new Fanin(a.clone(), b.clone()));
  }

  private static void requireSameLength(int aLength, int bLength) {
    if (aLength != bLength) {
      throw new IllegalArgumentException("a dot product needs arrays of one length, but got "
          + aLength + " and " + bLength);
    }
  }

  public double data() {
    return data;
  }

  public double grad() {
    return grad;
  }

  /** Overwrites this value's data, as an optimiser's step does. Results computed from it keep theirs. */
  public void setData(double data) {
    this.data = data;
  }

  /** The name shown for this value in {@link #toDot()}, or null. */
  public String label() {
    return label;
  }

  /** Names this value for {@link #toDot()}; returns this value. */
  public Value setLabel(String label) {
    this.label = label;
    return this;
  }

  // ----- operations: each is one entry of Op; the double forms treat the operand as a constant

  public Value add(Value other) { return binary(Op.ADD, other); }
  public Value add(double other) { return add(constant(other)); }
  public Value sub(Value other) { return binary(Op.SUB, other); }
  public Value sub(double other) { return sub(constant(other)); }
  public Value mul(Value other) { return binary(Op.MUL, other); }
  public Value mul(double other) { return mul(constant(other)); }
  public Value div(Value other) { return binary(Op.DIV, other); }
  public Value div(double other) { return div(constant(other)); }
  public Value neg() { return unary(Op.NEG); }
  /** This value to a constant power; no gradient flows to the exponent. */
  public Value pow(double exponent) { return binary(Op.POW_CONST, constant(exponent)); }
  /** This value to the power {@code exponent}, differentiable in both. */
  public Value pow(Value exponent) { return binary(Op.POW, exponent); }
  public Value exp() { return unary(Op.EXP); }
  public Value log() { return unary(Op.LOG); }
  public Value log10() { return unary(Op.LOG10); }
  public Value log1p() { return unary(Op.LOG1P); }
  public Value expm1() { return unary(Op.EXPM1); }
  public Value sqrt() { return unary(Op.SQRT); }
  public Value cbrt() { return unary(Op.CBRT); }
  public Value sin() { return unary(Op.SIN); }
  public Value cos() { return unary(Op.COS); }
  public Value tan() { return unary(Op.TAN); }
  public Value asin() { return unary(Op.ASIN); }
  public Value acos() { return unary(Op.ACOS); }
  public Value atan() { return unary(Op.ATAN); }
  /** {@code Math.atan2(this, x)}: the angle of the point (x, this). */
  public Value atan2(Value x) { return binary(Op.ATAN2, x); }
  public Value atan2(double x) { return atan2(constant(x)); }
  public Value sinh() { return unary(Op.SINH); }
  public Value cosh() { return unary(Op.COSH); }
  public Value tanh() { return unary(Op.TANH); }
  /** |this|, with derivative 0 at 0. */
  public Value abs() { return unary(Op.ABS); }
  /** The larger of the two; on a tie the whole gradient goes to this value. */
  public Value max(Value other) { return binary(Op.MAX, other); }
  public Value max(double other) { return max(constant(other)); }
  /** The smaller of the two; on a tie the whole gradient goes to this value. */
  public Value min(Value other) { return binary(Op.MIN, other); }
  public Value min(double other) { return min(constant(other)); }
  public Value hypot(Value other) { return binary(Op.HYPOT, other); }
  public Value hypot(double other) { return hypot(constant(other)); }
  public Value sigmoid() { return unary(Op.SIGMOID); }
  /** max(this, 0), with derivative 0 at 0. */
  public Value relu() { return unary(Op.RELU); }

  private Value unary(Op operation) {
    return new Value(operation.apply(data, 0), operation, this, null, requiresGrad);
  }

  private Value binary(Op operation, Value other) {
    requireOperand(other);
    return new Value(operation.apply(data, other.data), operation, this, other,
        requiresGrad || other.requiresGrad);
  }

  private static void requireOperand(Value operand) {
    Objects.requireNonNull(operand, "operand is null: wrap a number with new Value(x) or use the double overload");
  }

  // ----- differentiation

  /**
   * Computes the gradient of this value with respect to every value it depends on: sets this
   * value's grad to 1 and adds ({@code +=}) each node's contribution into its operands, in reverse
   * topological order. Leaves (values made with {@code new Value(double)}) keep accumulating
   * across calls until {@link #zeroGrad()}; the grad of an intermediate node is its adjoint for
   * the latest call. Constants, and values computed from constants only, are not visited: their
   * grad stays 0, and on such a value this call does nothing. Iterative: a chain of millions of
   * nodes needs no deep stack.
   *
   * <p>A zero adjoint contributes nothing: a node whose adjoint is exactly 0 (unused on the path
   * taken, or cut off by a kink) passes nothing to its operands, so an infinite or NaN local
   * derivative there ({@code sqrt} at or below 0, {@code log} at 0, an overflowed {@code exp})
   * gives 0, not NaN. The contract (DESIGN.md, "Zero adjoints") holds the generated gradients to
   * the same rule.
   */
  public void backward() {
    ReverseSweep.backward(this);
  }

  /** Sets the grad of this value and of every value it depends on to 0. */
  public void zeroGrad() {
    ReverseSweep.zeroGrad(this);
  }

  /** Starts a call's sweep at this node, the root. */
  void seed() {
    grad = 1;
  }

  /** Clears the adjoint an intermediate node holds from an earlier call; leaves keep accumulating. */
  void clearIfIntermediate() {
    if (op != Op.LEAF) {
      grad = 0;
    }
  }

  void clearGrad() {
    grad = 0;
  }

  /**
   * Pushes onto {@code stack} from {@code top} on every operand that requires a gradient and that
   * the current sweep has not reached yet, the last first, so that the first is walked first;
   * returns the new top. The caller makes room for {@link #operandCount()} entries.
   */
  int pushUnseenOperands(Value[] stack, int top) {
    if (rest instanceof Fanin fanin) {
      Value[] children = fanin.children;
      for (int i = children.length - 1; i >= 0; i--) {
        top = pushIfUnseen(children[i], stack, top);
      }
      return top;
    }
    if (rest != null) {
      top = pushIfUnseen((Value) rest, stack, top);
    }
    return a == null ? top : pushIfUnseen(a, stack, top);
  }

  /**
   * Leaves are not pushed: they pass nothing on and keep their grad across calls, so the sweep
   * need not list them (zeroGrad clears them through {@link #clearOperandGrads()}). In a fan-in of
   * products of leaves that is two thirds of the nodes.
   */
  private static int pushIfUnseen(Value operand, Value[] stack, int top) {
    if (operand.requiresGrad && operand.op != Op.LEAF && operand.mark == ReverseSweep.UNSEEN) {
      stack[top++] = operand;
    }
    return top;
  }

  /** Sets the grad of every operand of this node to 0. */
  void clearOperandGrads() {
    for (int i = 0; i < operandCount(); i++) {
      Value operand = operand(i);
      if (operand.requiresGrad) {
        operand.grad = 0;
      }
    }
  }

  /** Adds this node's adjoint, times each local gradient, into its operands that require one. */
  void propagate() {
    if (grad == 0) {
      return; // a zero adjoint contributes nothing, whatever the local derivatives are
    }
    if (rest instanceof Fanin fanin) {
      fanin.propagate(grad);
    } else if (a != null) {
      Value b = (Value) rest;
      double bData = b == null ? 0 : b.data;
      if (a.requiresGrad) {
        a.grad += op.flowA(a.data, bData, data, grad);
      }
      if (b != null && b.requiresGrad) {
        b.grad += op.flowB(a.data, bData, data, grad);
      }
    }
  }

  int operandCount() {
    if (rest instanceof Fanin fanin) {
      return fanin.children.length;
    }
    return a == null ? 0 : rest == null ? 1 : 2;
  }

  Value operand(int i) {
    if (rest instanceof Fanin fanin) {
      return fanin.children[i];
    }
    return i == 0 ? a : (Value) rest;
  }

  /** The operation's symbol for drawing ("+", "exp", ...); empty for a leaf. */
  String opSymbol() {
    return op.symbol();
  }

  /** The operands of this value, in order; empty for a leaf. */
  public List<Value> operands() {
    List<Value> operands = new ArrayList<>(operandCount());
    for (int i = 0; i < operandCount(); i++) {
      operands.add(operand(i));
    }
    return Collections.unmodifiableList(operands);
  }

  /**
   * The graph of this value as Graphviz DOT text: a record per value with its label, data and
   * grad, a node per operation, and edges operand → operation → result. Render it with {@code dot
   * -Tsvg}.
   */
  public String toDot() {
    return DotWriter.write(this);
  }

  @Override
  public String toString() {
    return "Value(data=" + data + ", grad=" + grad + ")";
  }
}
