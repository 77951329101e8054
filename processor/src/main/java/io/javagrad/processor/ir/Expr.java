package io.javagrad.processor.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * An expression of the intermediate form: a tree, typed, with every name already resolved. Nodes
 * are compared by identity, so analyses can attach facts to a particular occurrence.
 */
public sealed interface Expr {
  Type type();

  /**
   * A literal or a named compile-time constant ({@code static final}). {@code code} is how it is
   * written in generated code; {@code value} is its numeric value, for folding.
   */
  record Constant(Type type, double value, CodeBlock code) implements Expr {}

  /** The current value of a variable. */
  record Read(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  /** An element of a {@code double[]}: {@code array[index]}. */
  record ElementRead(Variable array, Expr index) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /** {@code array.length}. */
  record Length(Variable array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /** A differentiable function of the rule table applied to {@code double} arguments. */
  record Apply(Primitive primitive, List<Expr> args) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /**
   * Integer arithmetic ({@code + - * / %}, or unary {@code -} with a null left operand): indices
   * and counts, never differentiated, evaluated exactly as Java does.
   */
  record IntegralOp(String operator, Expr left, Expr right, Type type) implements Expr {}

  /** An {@code int} or {@code long} used as a {@code double}. */
  record Widen(Expr operand) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE;
    }
  }

  /** A call to another {@code @Differentiable} method; the gradient flows through its companion. */
  record Invoke(Callee callee, List<Expr> args) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE;
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

  /** {@code new double[length]}, only as the initializer of a local array. */
  record NewArray(Expr length) implements Expr {
    @Override
    public Type type() {
      return Type.DOUBLE_ARRAY;
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
