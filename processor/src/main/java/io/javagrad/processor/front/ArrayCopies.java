package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Lowers the library's array copies and fills, and array initializers, into the element loops and
 * stores they perform, which the differentiator follows like any other: {@code a.clone()}, {@code
 * Arrays.copyOf(a, n)}, {@code new double[] {x, y}} (and {@code {{..}, {..}}} with rows of one
 * length), {@code System.arraycopy} and {@code Arrays.fill}, over {@code double[]} locals and
 * parameters (a copy may read a row of a {@code double[][]}). Each evaluates its arguments once,
 * in Java's order.
 */
final class ArrayCopies {
  private final Scope scope;
  private final ExpressionTranslator expressions;
  private final NameTranslator names;

  ArrayCopies(Scope scope, ExpressionTranslator expressions, NameTranslator names) {
    this.scope = scope;
    this.expressions = expressions;
    this.names = names;
  }

  /** Where a copy reads: a double[] variable, or a row of a double[][]. */
  private record Source(Variable array, Expr row) {
    Expr element(Expr index) {
      return new Expr.ElementRead(array, row, index);
    }

    Expr length() {
      return new Expr.Length(array, row);
    }
  }

  /** Whether {@code tree} makes a new array for a local of {@code type}: a copy or an initializer. */
  boolean makesArray(Type type, ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    if (value instanceof NewArrayTree creation) {
      return creation.getInitializers() != null;
    }
    return type == Type.DOUBLE_ARRAY && (cloned(value) != null || libraryCall(value, "java.util.Arrays", "copyOf"));
  }

  /**
   * The statements that give {@code target} the new array {@code tree} makes ({@link #makesArray}):
   * its declaration ({@code declares}) or assignment, then the stores that fill it.
   */
  List<Stmt> into(Variable target, boolean declares, ExpressionTree tree, String source) {
    ExpressionTree value = unparenthesized(tree);
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    if (value instanceof NewArrayTree creation) {
      return initializer(target, declares, creation, source, out);
    }
    Source from;
    Expr count;
    Expr length;
    if (cloned(value) != null) {
      from = source(((MemberSelectTree) ((MethodInvocationTree) value).getMethodSelect()).getExpression());
      out.addAll(expressions.takePending());
      length = from.length();
      count = length;
    } else {
      List<? extends ExpressionTree> args = ((MethodInvocationTree) value).getArguments();
      from = source(args.get(0));
      length = once(expressions.length(args.get(1)), "_length", out);
      // Arrays.copyOf pads with zeros past the source's end.
      count = once(new Expr.Conditional(new Expr.Compare("<", length, from.length()), length, from.length(), Type.INT),
          "_count", out);
    }
    out.add(allocation(target, declares, new Expr.NewArray(length), source));
    Variable i = scope.declareLocal("_i", Type.INT);
    out.add(countTo(i, Literals.number(Type.INT, 0), count,
        new Stmt.ArrayStore(target, new Expr.Read(i), from.element(new Expr.Read(i)), source), source));
    return out;
  }

  /**
   * {@code System.arraycopy(src, sp, dst, dp, n)} into a local double[], or {@code Arrays.fill(a, v)}
   * and {@code Arrays.fill(a, from, to, v)} of one; null for any other statement.
   */
  List<Stmt> statement(ExpressionTree tree, String source) {
    if (libraryCall(tree, "java.lang.System", "arraycopy")) {
      return arraycopy(((MethodInvocationTree) tree).getArguments(), source);
    }
    if (libraryCall(tree, "java.util.Arrays", "fill")) {
      return fill(((MethodInvocationTree) tree).getArguments(), source);
    }
    return null;
  }

  private List<Stmt> arraycopy(List<? extends ExpressionTree> args, String source) {
    List<Stmt> out = new ArrayList<>();
    Source from = source(args.get(0));
    Expr sourceStart = once(expressions.index(args.get(1)), "_from", out);
    Variable target = written(args.get(2));
    Expr targetStart = once(expressions.index(args.get(3)), "_to", out);
    Expr count = once(expressions.length(args.get(4)), "_count", out);
    out.addAll(expressions.takePending());
    Variable i = scope.declareLocal("_i", Type.INT);
    Stmt forwards = countTo(i, Literals.number(Type.INT, 0), count, copyAt(from, sourceStart, target, targetStart,
        new Expr.Read(i), source), source);
    if (from.array().isParameter()) {
      // A local array is never a parameter's, so the two cannot overlap.
      out.add(forwards);
      return out;
    }
    // The same array copied onto a later part of itself is copied from its end, as arraycopy does.
    Variable k = scope.declareLocal("_i", Type.INT);
    Expr last = new Expr.IntegralOp("-", new Expr.IntegralOp("-", count, Literals.number(Type.INT, 1), Type.INT),
        new Expr.Read(k), Type.INT);
    Stmt backwards = countTo(k, Literals.number(Type.INT, 0), count, copyAt(from, sourceStart, target, targetStart,
        last, source), source);
    out.add(new Stmt.If(new Expr.Compare(">", targetStart, sourceStart), List.of(backwards), List.of(forwards),
        source));
    return out;
  }

  /** {@code target[targetStart + at] = from[sourceStart + at]}. */
  private static Stmt copyAt(Source from, Expr sourceStart, Variable target, Expr targetStart, Expr at,
      String source) {
    return new Stmt.ArrayStore(target, plus(targetStart, at), from.element(plus(sourceStart, at)), source);
  }

  private static Expr plus(Expr a, Expr b) {
    return new Expr.IntegralOp("+", a, b, Type.INT);
  }

  private List<Stmt> fill(List<? extends ExpressionTree> args, String source) {
    List<Stmt> out = new ArrayList<>();
    Variable target = written(args.get(0));
    boolean range = args.size() == 4;
    Expr from = range ? once(expressions.index(args.get(1)), "_from", out) : Literals.number(Type.INT, 0);
    // The end is held in a local: the reverse sweep, counting back, then need not read the array.
    Expr to = once(range ? expressions.index(args.get(2)) : new Expr.Length(target), "_to", out);
    ExpressionTree valueTree = args.get(args.size() - 1);
    Expr value = once(Conversions.asDouble(expressions.expr(valueTree), valueTree), "_fill", out);
    out.addAll(expressions.takePending());
    Variable i = scope.declareLocal("_i", Type.INT);
    out.add(countTo(i, from, to, new Stmt.ArrayStore(target, new Expr.Read(i), value, source), source));
    return out;
  }

  /** {@code new double[] {a, b}}, {@code {a, b}}, or {@code {{a, b}, {c, d}}} for a double[][]. */
  private List<Stmt> initializer(Variable target, boolean declares, NewArrayTree creation, String source,
      List<Stmt> out) {
    List<? extends ExpressionTree> elements = creation.getInitializers();
    if (target.type() == Type.DOUBLE_ARRAY) {
      out.add(allocation(target, declares, new Expr.NewArray(Literals.number(Type.INT, elements.size())), source));
      storeAll(target, null, elements, source, out);
      return out;
    }
    int columns = -1;
    for (ExpressionTree row : elements) {
      int length = row instanceof NewArrayTree r && r.getInitializers() != null ? r.getInitializers().size() : -2;
      if (length == -2 || columns >= 0 && length != columns) {
        throw new Unsupported(creation, "a double[][] initializer is supported with rows written out, all of one"
            + " length; for rows of other lengths, or rows taken from elsewhere, fill new double[n][m] instead");
      }
      columns = length;
    }
    out.add(allocation(target, declares, new Expr.NewArray(Literals.number(Type.INT, elements.size()),
        Literals.number(Type.INT, Math.max(columns, 0))), source));
    for (int r = 0; r < elements.size(); r++) {
      storeAll(target, Literals.number(Type.INT, r), ((NewArrayTree) elements.get(r)).getInitializers(), source, out);
    }
    return out;
  }

  /** {@code target[row][k] = elements[k]} for each k, each element's own statements before its store. */
  private void storeAll(Variable target, Expr row, List<? extends ExpressionTree> elements, String source,
      List<Stmt> out) {
    for (int k = 0; k < elements.size(); k++) {
      Expr element = Conversions.asDouble(expressions.expr(elements.get(k)), elements.get(k));
      out.addAll(expressions.takePending());
      out.add(new Stmt.ArrayStore(target, row, Literals.number(Type.INT, k), element, source));
    }
  }

  private static Stmt allocation(Variable target, boolean declares, Expr.NewArray array, String source) {
    return declares ? new Stmt.Declare(target, array, source) : new Stmt.Assign(target, array, source);
  }

  /** {@code for (int i = from; i < to; i++) body}. */
  private static Stmt countTo(Variable i, Expr from, Expr to, Stmt body, String source) {
    Expr.Compare test = new Expr.Compare("<", new Expr.Read(i), to);
    return new Stmt.CountedLoop(i, from, test, to, false, List.of(body), source);
  }

  /** {@code e}, or where it is more than a constant or a variable, a new local that holds it. */
  private Expr once(Expr e, String name, List<Stmt> out) {
    if (e instanceof Expr.Constant || e instanceof Expr.Read) {
      return e;
    }
    Variable held = scope.declareLocal(name, e.type());
    out.addAll(expressions.takePending());
    out.add(new Stmt.Declare(held, e, "evaluate once: " + name));
    return new Expr.Read(held);
  }

  /** The double[] variable or row of a double[][] that a copy reads. */
  private Source source(ExpressionTree tree) {
    ExpressionTranslator.Row row = expressions.row(tree);
    if (row != null) {
      return new Source(row.matrix(), row.index());
    }
    Variable array = names.local(unparenthesized(tree));
    if (array == null || array.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(tree, "javagrad copies from a double[] variable or a row of a double[][]; "
          + SourceText.oneLine(tree) + " is not one: keep it in a local double[] first");
    }
    return new Source(array, null);
  }

  /** The local double[] that a fill or arraycopy writes. */
  private Variable written(ExpressionTree tree) {
    Variable array = names.local(unparenthesized(tree));
    if (array == null || array.type() != Type.DOUBLE_ARRAY || array.isParameter()) {
      throw new Unsupported(tree, "javagrad follows System.arraycopy and Arrays.fill into a local double[] only;"
          + " write into a local array (double[] a = new double[n]) instead of " + SourceText.oneLine(tree));
    }
    return array;
  }

  /** {@code a.clone()} on a double[] variable or a row: the array cloned, or null. */
  private ExpressionTree cloned(ExpressionTree tree) {
    if (tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree select && select.getIdentifier().contentEquals("clone")) {
      ExpressionTree array = select.getExpression();
      Variable v = names.local(unparenthesized(array));
      boolean doubles = v != null && v.type() == Type.DOUBLE_ARRAY || expressions.isRow(array);
      return doubles ? array : null;
    }
    return null;
  }

  /** Whether {@code tree} calls {@code owner.method(double[] ...)}, the first argument a double[] variable or row. */
  private boolean libraryCall(ExpressionTree tree, String owner, String method) {
    if (!(tree instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || !select.getIdentifier().contentEquals(method) || call.getArguments().isEmpty()) {
      return false;
    }
    Optional<TypeElement> type = names.typeNamed(select.getExpression());
    if (type.isEmpty() || !type.get().getQualifiedName().contentEquals(owner)) {
      return false;
    }
    ExpressionTree first = call.getArguments().get(0);
    Variable array = names.local(unparenthesized(first));
    return array != null && array.type() == Type.DOUBLE_ARRAY || expressions.isRow(first);
  }

  private static ExpressionTree unparenthesized(ExpressionTree tree) {
    ExpressionTree value = tree;
    while (value instanceof ParenthesizedTree parenthesized) {
      value = parenthesized.getExpression();
    }
    return value;
  }
}
