package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An expression of the intermediate form: a tree, typed, with every name already resolved. Nodes
 * are compared by identity, so analyses can attach facts to a particular occurrence.
 */
public sealed interface Expr {
  Type type();

  /**
   * A literal or a named compile-time constant ({@code static final}). {@code code} is how it is
   * written in generated code; {@code value} is its numeric value, for folding; {@code isLiteral}
   * whether it is a number written out, as opposed to a named constant, whose value generated code
   * may not show. The folds ask that of every operand they see, so it is worked out once, here.
   */
  record Constant(Type type, double value, CodeBlock code, boolean isLiteral) implements Expr {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.]*([eE][-+]?[0-9]+)?[LlDd]?");

    public Constant(Type type, double value, CodeBlock code) {
      this(type, value, code, NUMBER.matcher(code.toString()).matches());
    }
  }

  /** The current value of a variable. */
  record Read(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  /**
   * An element of a {@code double[]}, {@code array[index]}, or of a {@code double[][]}, {@code
   * array[row][index]} ({@code row} is null for a {@code double[]}).
   */
  record ElementRead(Variable array, Expr row, Expr index) implements Expr {
    public ElementRead(Variable array, Expr index) {
      this(array, null, index);
    }

    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /** {@code array.length}, or {@code array[row].length}, a row's, where {@code row} is not null. */
  record Length(Variable array, Expr row) implements Expr {
    public Length(Variable array) {
      this(array, null);
    }

    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /**
   * A differentiable function of the rule table applied to {@code double} arguments. {@code owner}
   * is the class the source calls it on where that is not the table's ({@code StrictMath} for
   * {@code Math}), so that the value is computed exactly as there; null otherwise.
   */
  record Apply(Primitive primitive, List<Expr> args, ClassName owner) implements Expr {
    public Apply(Primitive primitive, List<Expr> args) {
      this(primitive, args, null);
    }

    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /**
   * Integer arithmetic ({@code + - * / %}, shifts and bitwise operators, or unary {@code -} or a
   * cast, {@code (char)}, with a null left operand): indices and counts, never differentiated,
   * evaluated exactly as Java does; and the bitwise operators of booleans ({@code ok & x > 0}).
   */
  record IntegralOp(String operator, Expr left, Expr right, Type type) implements Expr {}

  /** An {@code int} or {@code long} used as a {@code double}. */
  record Widen(Expr operand) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /**
   * A call to another {@code @Differentiable} method; the gradient flows through its companion. A
   * call of a helper returning an array ({@link Callee#returnsArray}) is a {@code double[]}, and
   * stands only as the value of the declaration of a local array; its arguments are variables'
   * reads and constants.
   *
   * @param primalCall for a call of a directional function {@code f_directional}, which second
   *     derivatives make, the call of {@code f} itself with the same arguments that follows it, whose
   *     value and gradient this call's pullback gives as well, so that the callee runs once: its value
   *     after its gradient, its gradient in the tangents' slots; null for any other call
   */
  record Invoke(Callee callee, List<Expr> args, Invoke primalCall) implements Expr {
    /** A call that gives its own value and gradient. */
    public Invoke(Callee callee, List<Expr> args) {
      this(callee, args, null);
    }

    @Override
    public Type type() {
      return callee.returnsArray() ? Type.DOUBLE_ARRAY : Type.DOUBLE;
    }
  }

  /** A comparison of two numbers: {@code < <= > >= == !=}. */
  record Compare(String operator, Expr left, Expr right) implements Expr {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }
  }

  /** {@code &&} or {@code ||}; evaluated lazily, as Java does. */
  record Logic(String operator, Expr left, Expr right) implements Expr {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }
  }

  /** {@code !operand}. */
  record Not(Expr operand) implements Expr {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }
  }

  /** {@code condition ? ifTrue : ifFalse}: only the chosen operand is evaluated. */
  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Type type) implements Expr {}

  /**
   * {@code new double[length]}; for a {@code matrix}, {@code new double[length][columns]}, or {@code
   * new double[length][]} where {@code columns} is null (its rows given later, {@link Stmt.RowStore}):
   * a new array of zeros (or of null rows), given to a local array.
   */
  record NewArray(Expr length, Expr columns, boolean matrix) implements Expr {
    public NewArray(Expr length) {
      this(length, null, false);
    }

    public NewArray(Expr length, Expr columns) {
      this(length, columns, true);
    }

    @Override
    public Type type() {
      return matrix ? Type.DOUBLE_MATRIX : Type.DOUBLE_ARRAY;
    }
  }

  /**
   * Java the intermediate form does not look into, run as written: code through which no derivative
   * flows (an argument check's message, a call on an object parameter, an enum constant, an
   * element of a constant table). {@code texts} and {@code reads} alternate, a text first and last:
   * source text with its names resolved for the companion, and between them the reads of the
   * method's own variables, which each generated method renders its own way (a twin reads a
   * Value's data). It is {@code pure} when evaluating it again gives the same value and does
   * nothing else (no call, no allocation, no object's state), so the reverse sweep may evaluate it
   * again; otherwise it runs once, where the source has it. {@code precedence} is that of its
   * outermost operator, as {@code Term} counts it.
   */
  record Opaque(Type type, List<CodeBlock> texts, List<Read> reads, boolean pure, int precedence, String source)
      implements Expr {}
}
