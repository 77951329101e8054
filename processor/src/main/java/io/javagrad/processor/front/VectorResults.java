package io.javagrad.processor.front;

import com.sun.source.tree.MethodTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a vector-valued method ({@code @Differentiable static double[] f}): after
 * lowering, its one return returns a local array the method made, which the entry points of its
 * companion read the value and the derivatives of (the returns themselves refuse a parameter's
 * array and a row, see {@code StatementTranslator}).
 */
final class VectorResults {
  private VectorResults() {}

  /**
   * {@code body}, lowered, its final {@code return e} made {@code double[] _made = e; return _made;}
   * where {@code e} is not a local's read ({@code return new double[n]}); an array that code run as
   * written gives (a table), held by the returned local, is an error at that code. A write into a
   * parameter's array is an error at {@code method}: the Jacobian runs the method once per row or
   * column, and each run must start from the same inputs.
   */
  static List<Stmt> normalized(List<Stmt> body, Scope scope, Bookkeeping bookkeeping, MethodTree method) {
    Statements.all(body).stream()
        .filter(s -> s instanceof Stmt.ArrayStore store && store.array().isParameter())
        .findFirst()
        .ifPresent(write -> {
          throw new Unsupported(method, "a vector-valued @Differentiable method may not write into its parameter"
              + " arrays, as this one does (" + write.source() + "): its Jacobian runs it once per row or column,"
              + " each from the same inputs; write into a copy (double[] a = " + write.target().name()
              + ".clone())");
        });
    Stmt.Return last = (Stmt.Return) body.get(body.size() - 1);
    List<Stmt> out = new ArrayList<>(body.subList(0, body.size() - 1));
    Expr value = last.value();
    if (!(value instanceof Expr.Read)) {
      Variable made = scope.declareLocal("_made", Type.DOUBLE_ARRAY);
      out.add(new Stmt.Declare(made, value, last.source()));
      value = new Expr.Read(made);
    }
    Variable result = ((Expr.Read) value).variable();
    Bookkeeping.Site foreign = ForeignArrays.origin(Statements.all(out), bookkeeping, result);
    if (foreign != null) {
      throw Unsupported.at(foreign.tree(), foreign.unit(), foreign.tree() + " gives an array that the method does"
          + " not own, and the method returns it (through " + result.name() + "); a vector-valued @Differentiable"
          + " method returns a double[] it makes: return a copy (" + result.name() + ".clone())");
    }
    out.add(new Stmt.Return(value, last.source()));
    return out;
  }
}
