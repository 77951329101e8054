package io.javagrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A scalar that remembers how it was computed, so that {@link #backward()} can give the gradient of
 * a result with respect to every value it depends on (reverse-mode automatic differentiation).
 *
 * <p>Each operation returns a new {@code Value} that records the operation and its operands. Local
 * gradients are not stored: {@code backward()} recomputes them from the operands' data (see
 * {@link Op}), which keeps a binary node at 48 bytes on a 64-bit JVM with compressed pointers.
 * Only custom nodes and n-ary sums keep arrays.
 *
 * <p>Arithmetic follows IEEE 754 without exceptions: {@code log(0)} is -infinity, {@code sqrt(-1)}
 * is NaN, and their gradients are what the derivative's formula gives there ({@code 1/0 = +inf},
 * NaN). Misuse ({@code null} operands, a custom node whose arrays disagree) throws at once.
 *
 * <p>Not thread-safe: a graph is built and differentiated by one thread at a time.
 */
public final class Value {
  private double data;
  private double grad;
  private final Op op;
  private final Value a;
  private final Value b;
  private final Fanin fanin;
  private String label;

  /** The operands of a custom node or a sum, with their stored local gradients. */
  private record Fanin(Value[] children, double[] localGrads) {}

  /** A leaf: an input, a parameter or a constant. */
  public Value(double data) {
    this(data, Op.LEAF, null, null, null);
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
    this(data, Op.CUSTOM, null, null, customFanin(children, localGrads));
  }

  private Value(double data, Op op, Value a, Value b, Fanin fanin) {
    this.data = data;
    this.op = op;
    this.a = a;
    this.b = b;
    this.fanin = fanin;
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
    return new Value(total, Op.SUM, null, null, new Fanin(terms.toArray(new Value[0]), ones));
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

  // ----- operations: each is one entry of Op; the double forms treat the operand as a constant leaf

  public Value add(Value other) { return binary(Op.ADD, other); }
  public Value add(double other) { return add(new Value(other)); }
  public Value sub(Value other) { return binary(Op.SUB, other); }
  public Value sub(double other) { return sub(new Value(other)); }
  public Value mul(Value other) { return binary(Op.MUL, other); }
  public Value mul(double other) { return mul(new Value(other)); }
  public Value div(Value other) { return binary(Op.DIV, other); }
  public Value div(double other) { return div(new Value(other)); }
  public Value neg() { return unary(Op.NEG); }
  /** This value to a constant power; no gradient flows to the exponent. */
  public Value pow(double exponent) { return binary(Op.POW_CONST, new Value(exponent)); }
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
  public Value atan2(double x) { return atan2(new Value(x)); }
  public Value sinh() { return unary(Op.SINH); }
  public Value cosh() { return unary(Op.COSH); }
  public Value tanh() { return unary(Op.TANH); }
  /** |this|, with derivative 0 at 0. */
  public Value abs() { return unary(Op.ABS); }
  /** The larger of the two; on a tie the whole gradient goes to this value. */
  public Value max(Value other) { return binary(Op.MAX, other); }
  public Value max(double other) { return max(new Value(other)); }
  /** The smaller of the two; on a tie the whole gradient goes to this value. */
  public Value min(Value other) { return binary(Op.MIN, other); }
  public Value min(double other) { return min(new Value(other)); }
  public Value hypot(Value other) { return binary(Op.HYPOT, other); }
  public Value hypot(double other) { return hypot(new Value(other)); }
  public Value sigmoid() { return unary(Op.SIGMOID); }
  /** max(this, 0), with derivative 0 at 0. */
  public Value relu() { return unary(Op.RELU); }

  private Value unary(Op operation) {
    return new Value(operation.apply(data, 0), operation, this, null, null);
  }

  private Value binary(Op operation, Value other) {
    requireOperand(other);
    return new Value(operation.apply(data, other.data), operation, this, other, null);
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
   * the latest call. Iterative: a chain of millions of nodes needs no deep stack.
   */
  public void backward() {
    List<Value> order = topologicalOrder();
    for (Value node : order) {
      if (node.op != Op.LEAF) {
        node.grad = 0;
      }
    }
    grad = 1;
    for (int i = order.size() - 1; i >= 0; i--) {
      order.get(i).propagate();
    }
  }

  /** Adds this node's adjoint, times each local gradient, into its operands. */
  private void propagate() {
    if (grad == 0) {
      return; // a zero adjoint contributes nothing, even times an infinite local gradient (the contract)
    }
    if (fanin != null) {
      Value[] children = fanin.children;
      double[] localGrads = fanin.localGrads;
      for (int i = 0; i < children.length; i++) {
        children[i].grad += localGrads[i] * grad;
      }
    } else if (a != null) {
      double bData = b == null ? 0 : b.data;
      a.grad += op.flowA(a.data, bData, data, grad);
      if (b != null) {
        b.grad += op.flowB(a.data, bData, data, grad);
      }
    }
  }

  /** Sets the grad of this value and of every value it depends on to 0. */
  public void zeroGrad() {
    for (Value node : topologicalOrder()) {
      node.grad = 0;
    }
  }

  /**
   * This value and every value it depends on, each once, operands before the results computed
   * from them. Depth-first with an explicit stack, so graph depth is bounded by memory, not by the
   * thread's stack. The stack holds the path from this value to the node being expanded, each node
   * with the index of its next operand to visit, so a node is emitted when its last operand is
   * done; the only lookup is one set insertion per edge, which is what the time goes into.
   */
  List<Value> topologicalOrder() {
    List<Value> order = new ArrayList<>();
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Value[] path = new Value[16];
    int[] nextOperand = new int[16];
    int depth = 0;
    seen.add(this);
    path[depth++] = this;
    while (depth > 0) {
      Value node = path[depth - 1];
      int i = nextOperand[depth - 1];
      if (i < node.operandCount()) {
        nextOperand[depth - 1] = i + 1;
        Value operand = node.operand(i);
        if (seen.add(operand)) {
          if (depth == path.length) {
            path = Arrays.copyOf(path, 2 * depth);
            nextOperand = Arrays.copyOf(nextOperand, 2 * depth);
          }
          path[depth] = operand;
          nextOperand[depth] = 0;
          depth++;
        }
      } else {
        order.add(node);
        path[--depth] = null;
      }
    }
    return order;
  }

  int operandCount() {
    if (fanin != null) {
      return fanin.children.length;
    }
    return a == null ? 0 : b == null ? 1 : 2;
  }

  Value operand(int i) {
    if (fanin != null) {
      return fanin.children[i];
    }
    return i == 0 ? a : b;
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
