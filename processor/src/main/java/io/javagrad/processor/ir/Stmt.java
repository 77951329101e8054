package io.javagrad.processor.ir;

import java.util.List;

/**
 * A statement of the intermediate form. {@code source} is the statement as the user wrote it,
 * for the comments that head each reverse block.
 *
 * <p>The translator produces {@link Break}, {@link Continue} and returns anywhere; {@code
 * ControlFlowLowering} then rewrites them into flags, so that the differentiator sees structured
 * control flow only: {@link If}, {@link Loop}, {@link CountedLoop}, and one return at the end.
 */
public sealed interface Stmt {
  String source();

  /**
   * The variable this statement assigns (the array, for an element store), or null: null for
   * control flow too, a counting loop included, whose header sets its counter.
   */
  default Variable target() {
    return null;
  }

  /**
   * Every variable this statement assigns: its {@link #target}, or those that a statement run as
   * written writes. Walks that must see every write (what is assigned, what a reverse read needs
   * saved) ask this; those that differentiate an assignment ask {@link #target}.
   */
  default List<Variable> targets() {
    return target() == null ? List.of() : List.of(target());
  }

  /** The value this statement assigns or returns, or null (a declaration without initializer, control flow). */
  default Expr value() {
    return null;
  }

  /**
   * The statement lists nested in this one, in program order: a branch's two sides, a loop's body
   * (and update); none for a simple statement. Walks that treat every nested list alike use this;
   * see {@link Statements#all}.
   */
  default List<List<Stmt>> children() {
    return List.of();
  }

  /** {@code double v;} or {@code double v = init;}: {@code init} is null for the former. */
  record Declare(Variable variable, Expr init, String source) implements Stmt {
    @Override
    public Variable target() {
      return variable;
    }

    /** The initializer. */
    @Override
    public Expr value() {
      return init;
    }
  }

  /** {@code v = value;}; compound assignments arrive here desugared ({@code v += e} is {@code v = v + e}). */
  record Assign(Variable variable, Expr value, String source) implements Stmt {
    @Override
    public Variable target() {
      return variable;
    }
  }

  /** {@code return value;} */
  record Return(Expr value, String source) implements Stmt {}

  /**
   * {@code array[index] = value;}, or {@code array[row][index] = value;} to a {@code double[][]}
   * ({@code row} is null for a {@code double[]}), to a local array; {@code a[i] += e} arrives as
   * {@code a[i] = a[i] + e}.
   */
  record ArrayStore(Variable array, Expr row, Expr index, Expr value, String source) implements Stmt {
    public ArrayStore(Variable array, Expr index, Expr value, String source) {
      this(array, null, index, value, source);
    }

    @Override
    public Variable target() {
      return array;
    }
  }

  /**
   * {@code matrix[row] = new double[n];} or {@code matrix[row] = a;}: a local {@code double[][]}'s row
   * given a new array, or the array of a local {@code double[]} (an {@link Expr.NewArray} or an {@link
   * Expr.Read}), which the row and the local then share.
   */
  record RowStore(Variable matrix, Expr row, Expr value, String source) implements Stmt {
    @Override
    public Variable target() {
      return matrix;
    }
  }

  /** {@code if (condition) { then } else { otherwise }}; {@code otherwise} may be empty. */
  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, String source) implements Stmt {
    @Override
    public List<List<Stmt>> children() {
      return List.of(then, otherwise);
    }
  }

  /**
   * A loop that tests {@code condition} before each iteration ({@code while}), or after it
   * ({@code do}/{@code while}, where {@code testFirst} is false). {@code update} runs after the body
   * on every iteration, even one that {@code continue}s: it is what remains of a {@code for}.
   */
  record Loop(Expr condition, boolean testFirst, List<Stmt> body, List<Stmt> update, String source)
      implements Stmt {
    @Override
    public List<List<Stmt>> children() {
      return List.of(body, update);
    }
  }

  /**
   * {@code for (int counter = from; condition; counter++) body}, where the body never assigns the
   * counter and {@code from} reads nothing the body assigns: the reverse sweep counts the counter
   * back down instead of recording it. {@code bound} is set when the condition is exactly {@code
   * counter < bound} (or {@code <=}, with {@code inclusive}) and the bound, too, is stable: then
   * not even the trip count is recorded.
   */
  record CountedLoop(Variable counter, Expr from, Expr condition, Expr bound, boolean inclusive, List<Stmt> body,
      String source) implements Stmt {
    @Override
    public List<List<Stmt>> children() {
      return List.of(body);
    }
  }

  /**
   * A statement through which no derivative flows, run as written in the forward sweep: a call
   * for its effect, a logging call, {@code throw}, {@code assert}, a {@code try} that reads the
   * method's variables and may assign some of them ({@code writes}: locals that carry no
   * derivative, not arrays). {@code code} is the whole statement's text. {@code alwaysThrows} is
   * set for a {@code throw} statement, which javac takes for one that cannot complete normally.
   */
  record RunAsWritten(Expr.Opaque code, String source, List<Variable> writes, boolean alwaysThrows)
      implements Stmt {
    /** A statement that assigns none of the method's variables. */
    public RunAsWritten(Expr.Opaque code, String source) {
      this(code, source, List.of(), false);
    }

    @Override
    public Expr value() {
      return code;
    }

    @Override
    public List<Variable> targets() {
      return writes;
    }
  }

  /** {@code break;} out of the innermost loop, or {@code break label;} out of the loop so labelled; removed by lowering. */
  record Break(String label, String source) implements Stmt {}

  /** {@code continue;} with the innermost loop, or {@code continue label;}; removed by lowering. */
  record Continue(String label, String source) implements Stmt {}

  /**
   * {@code label: for (...) ...}: the loop, the last of {@code statements} (a {@code for} brings
   * its initialization before it), that labelled jumps name; or, where {@code block}, {@code label:
   * { statements }}, a block (or any statement but a loop) that {@code break label} leaves, and
   * unlabelled jumps go through to the loop around it. Removed by lowering.
   */
  record Labeled(String label, List<Stmt> statements, boolean block, String source) implements Stmt {
    @Override
    public List<List<Stmt>> children() {
      return List.of(statements);
    }
  }
}
