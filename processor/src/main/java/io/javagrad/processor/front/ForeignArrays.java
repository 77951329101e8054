package io.javagrad.processor.front;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The locals that may hold an array given by code run as written ({@code double[] k =
 * Lib.knots(n)}, {@code double[] c = COEFFS}): the array is not the method's, and others may hold
 * it, so the method may read it but not write into it, since the reverse sweep would write back
 * the values it restores; nor may it share a variable with arrays that carry derivatives, since
 * the twin holds those as {@code Value[]}. Each is an error at the code that gives the array.
 */
final class ForeignArrays {
  private ForeignArrays() {}

  /**
   * Checks {@code body}: a store into such an array is an error now, and an array that would carry
   * a derivative is noted in {@code bookkeeping}, to be checked once activity is known. Returns
   * {@code body} with each {@code Arrays.sort} of such an array run as written again, as Java sorts
   * it, rather than followed as stores (it carries no derivative).
   */
  static List<Stmt> check(List<Stmt> body, Bookkeeping bookkeeping) {
    Map<Variable, Bookkeeping.Site> foreign = holders(Statements.all(body), bookkeeping.foreignArrays());
    List<Stmt> checked = sortsAsWritten(body, bookkeeping.sorts(), foreign.keySet());
    for (Stmt s : Statements.all(checked)) {
      if ((s instanceof Stmt.ArrayStore || s instanceof Stmt.RowStore) && foreign.containsKey(s.target())) {
        Bookkeeping.Site site = foreign.get(s.target());
        throw Unsupported.at(site.tree(), site.unit(), site.tree() + " gives an array that the method does not own,"
            + " and " + s.target().name() + ", which holds it, is written into (" + s.source() + "); "
            + copyAdvice(s.target()));
      }
    }
    foreign.forEach((holder, site) -> bookkeeping.givenToConstant(new Expr.Read(holder), site, "an array that the"
        + " method does not own, held by " + holder.name() + " with arrays that carry derivatives",
        copyAdvice(holder)));
    return checked;
  }

  /** How to copy what {@code holder} holds into arrays of the method's own: a matrix's clone() would share its rows. */
  private static String copyAdvice(Variable holder) {
    String h = holder.name();
    return holder.type() == Type.DOUBLE_MATRIX
        ? "copy it into arrays of the method's own first (double[][] a = new double[" + h + ".length][], then each"
            + " row given " + h + "[i].clone())"
        : "copy it into an array of the method's own first (double[] a = " + h + ".clone(), or new double[n] and"
            + " System.arraycopy)";
  }

  /** {@code statements}, each sort of one of {@code foreign} ({@code sorts}) put back as its call as written. */
  private static List<Stmt> sortsAsWritten(List<Stmt> statements, Map<Stmt, Bookkeeping.SortAsWritten> sorts,
      Set<Variable> foreign) {
    if (sorts.values().stream().noneMatch(sort -> foreign.contains(sort.array()))) {
      return statements;
    }
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Bookkeeping.SortAsWritten sort = sorts.get(statements.get(i));
      if (sort != null && foreign.contains(sort.array())) {
        out.add(sort.asWritten());
        i += sort.statements() - 1;
      } else {
        out.add(withNested(statements.get(i), nested -> sortsAsWritten(nested, sorts, foreign)));
      }
    }
    return out;
  }

  /** {@code s} with {@code f} applied to each statement list nested in it. */
  private static Stmt withNested(Stmt s, UnaryOperator<List<Stmt>> f) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), f.apply(i.then()), f.apply(i.otherwise()), i.source());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.condition(), l.testFirst(), f.apply(l.body()), f.apply(l.update()), l.source());
    }
    if (s instanceof Stmt.CountedLoop l) {
      return new Stmt.CountedLoop(l.counter(), l.from(), l.condition(), l.bound(), l.inclusive(), f.apply(l.body()),
          l.source());
    }
    if (s instanceof Stmt.Labeled l) {
      return new Stmt.Labeled(l.label(), f.apply(l.statements()), l.block(), l.source());
    }
    return s;
  }

  /** Where the array that {@code local} may hold comes from, if code run as written gives it; else null. */
  static Bookkeeping.Site origin(List<Stmt> statements, Bookkeeping bookkeeping, Variable local) {
    return holders(statements, bookkeeping.foreignArrays()).get(local);
  }

  /** Each local that may hold an array code run as written gives, with where that code is; through aliases too. */
  private static Map<Variable, Bookkeeping.Site> holders(List<Stmt> statements,
      Map<Expr.Opaque, Bookkeeping.Site> sources) {
    Map<Variable, Bookkeeping.Site> foreign = new LinkedHashMap<>();
    boolean grew = !sources.isEmpty();
    while (grew) {
      grew = false;
      for (Stmt s : statements) {
        boolean givesArray = (s instanceof Stmt.Declare || s instanceof Stmt.Assign) && s.value() != null
            && s.target().type().isDoubleArray();
        Bookkeeping.Site site = givesArray ? origin(s.value(), sources, foreign) : null;
        if (site != null && !foreign.containsKey(s.target())) {
          foreign.put(s.target(), site);
          grew = true;
        }
      }
    }
    return foreign;
  }

  /** Where the array {@code value} gives may come from code run as written, or null. */
  private static Bookkeeping.Site origin(Expr value, Map<Expr.Opaque, Bookkeeping.Site> sources,
      Map<Variable, Bookkeeping.Site> foreign) {
    if (value instanceof Expr.Opaque code) {
      return sources.get(code);
    }
    if (value instanceof Expr.Read read) {
      return foreign.get(read.variable());
    }
    if (value instanceof Expr.Conditional choice) {
      Bookkeeping.Site site = origin(choice.ifTrue(), sources, foreign);
      return site != null ? site : origin(choice.ifFalse(), sources, foreign);
    }
    return null;
  }
}
