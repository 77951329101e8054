package io.javagrad.processor.front;

import com.sun.source.tree.MethodInvocationTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursion through a helper that writes into arrays it is given ({@code static void smooth(double[]
 * v, int lo, int hi)}, an in-place FFT of {@code re} and {@code im}), packed so that it goes through
 * recorded calls as a helper returning a new {@code double[]} does ({@link
 * io.javagrad.processor.ir.Callee#inPlaceHelper}):
 *
 * <ul>
 *   <li>Its body, differentiated on demand, starts by copying each parameter array it writes into
 *       an array of its own, which the parameter's name then names ({@link #ownCopies}), and ends by
 *       returning those copies one after the other, then its value where it returns a double
 *       ({@link #packedReturn}). So it writes into no array it did not make, and its value is all its
 *       effect.
 *   <li>Each call of it in its own body keeps that value in a local, copies each part back into the
 *       array it was given, and reads its value from the last element ({@link #unpacked}).
 * </ul>
 *
 * <p>A call thus costs a copy of the arrays it writes, in and out, besides its record's copy.
 */
final class InPlaceCalls {
  private InPlaceCalls() {}

  /**
   * The statements that give each parameter at {@code written} a copy of its own, declared in {@code
   * scope} under the parameter's name, which the body's names then mean.
   */
  static List<Stmt> ownCopies(List<Variable> parameters, List<Integer> written, Scope scope, List<String> names) {
    List<Stmt> out = new ArrayList<>();
    for (int i : written) {
      Variable given = parameters.get(i);
      Variable own = scope.declareLocal(names.get(i), Type.DOUBLE_ARRAY);
      out.add(new Stmt.Declare(own, new Expr.NewArray(new Expr.Length(given, null)),
          "double[] " + own.name() + " = " + given.name() + ".clone();"));
      out.add(copy(own, new Expr.Length(given, null), given, Literals.number(Type.INT, 0), scope,
          "double[] " + own.name() + " = " + given.name() + ".clone();"));
    }
    return out;
  }

  /**
   * {@code body}, lowered, its final {@code return e} replaced by the return of a new array holding
   * the arrays {@code owns}, one after the other, then {@code e} where {@code returnsValue}.
   */
  static List<Stmt> packedReturn(List<Stmt> body, List<Variable> owns, boolean returnsValue, Scope scope) {
    Stmt.Return last = (Stmt.Return) body.get(body.size() - 1);
    List<Stmt> out = new ArrayList<>(body.subList(0, body.size() - 1));
    Expr length = returnsValue ? Literals.number(Type.INT, 1) : Literals.number(Type.INT, 0);
    for (Variable own : owns) {
      length = plus(length, new Expr.Length(own, null));
    }
    Variable packed = scope.declareLocal("_packed", Type.DOUBLE_ARRAY);
    String source = "double[] " + packed.name() + " = {" + String.join(", ", owns.stream().map(Variable::name)
        .toList()) + (returnsValue ? ", the value" : "") + "};";
    out.add(new Stmt.Declare(packed, new Expr.NewArray(length), source));
    Expr offset = Literals.number(Type.INT, 0);
    for (Variable own : owns) {
      out.add(copy(packed, new Expr.Length(own, null), own, offset, scope, source, true));
      offset = plus(offset, new Expr.Length(own, null));
    }
    if (returnsValue) {
      out.add(new Stmt.ArrayStore(packed, null, offset, last.value(), source));
    }
    out.add(new Stmt.Return(new Expr.Read(packed), "return " + packed.name() + ";"));
    return out;
  }

  /**
   * After {@code packed}, the value of a call of the packed helper {@code call} given {@code args},
   * copies each part back into the array at {@code written} it stands for, into {@code out}; returns
   * the helper's value, read from the last element, or null where it returns nothing.
   */
  static Expr unpacked(MethodInvocationTree call, List<Integer> written, List<Expr> args, Variable packed,
      boolean returnsValue, Scope scope, List<Stmt> out) {
    List<Variable> arrays = new ArrayList<>();
    for (int i : written) {
      if (!(args.get(i) instanceof Expr.Read read) || !read.type().isDoubleArray()) {
        throw new Unsupported(call.getArguments().get(i), "the array given to a parameter that "
            + call.getMethodSelect() + " writes into must be a double[] variable, since the call's writes are copied"
            + " back into it; declare one for it");
      }
      for (int j = 0; j < args.size(); j++) {
        if (j != i && args.get(j) instanceof Expr.Read other && other.variable().equals(read.variable())) {
          throw new Unsupported(call, call.getMethodSelect() + " writes into the array " + read.variable().name()
              + " given here to two of its parameters, which javagrad follows through a recursion only where each array"
              + " it writes into is given once; give it a copy (" + read.variable().name() + ".clone())");
        }
      }
      arrays.add(read.variable());
    }
    String source = SourceText.oneLine(call) + ";";
    Expr offset = Literals.number(Type.INT, 0);
    for (Variable array : arrays) {
      out.add(copy(array, new Expr.Length(array, null), packed, offset, scope, source));
      offset = plus(offset, new Expr.Length(array, null));
    }
    return returnsValue ? new Expr.ElementRead(packed, null, offset) : null;
  }

  /** {@code for (int i = 0; i < length; i++) into[i] = from[offset + i]}. */
  private static Stmt copy(Variable into, Expr length, Variable from, Expr offset, Scope scope, String source) {
    return copy(into, length, from, offset, scope, source, false);
  }

  /** As above, or, where {@code intoAtOffset}, {@code into[offset + i] = from[i]}. */
  private static Stmt copy(Variable into, Expr length, Variable from, Expr offset, Scope scope, String source,
      boolean intoAtOffset) {
    Variable i = scope.declareLocal("_i", Type.INT);
    Expr at = new Expr.Read(i);
    Expr shifted = plus(offset, at);
    Stmt store = intoAtOffset ? new Stmt.ArrayStore(into, null, shifted, new Expr.ElementRead(from, null, at), source)
        : new Stmt.ArrayStore(into, null, at, new Expr.ElementRead(from, null, shifted), source);
    return new Stmt.CountedLoop(i, Literals.number(Type.INT, 0), new Expr.Compare("<", at, length), length, false,
        List.of(store), source);
  }

  private static Expr plus(Expr left, Expr right) {
    if (left instanceof Expr.Constant c && c.value() == 0) {
      return right;
    }
    return new Expr.IntegralOp("+", left, right, Type.INT);
  }
}
