package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.lang.model.element.TypeElement;

/**
 * Lowers the library's array copies, fills and sorts, and array initializers, into the element
 * loops and stores they perform, which the differentiator follows like any other: {@code
 * a.clone()}, {@code Arrays.copyOf(a, n)}, {@code new double[] {x, y}} (and {@code {{..}, {..}}},
 * ragged or not), {@code System.arraycopy}, {@code Arrays.fill} and {@code Arrays.sort}, over
 * {@code double[]} locals and parameters (a copy may read a row of a {@code double[][]}, and a row
 * of a local one may be given a copy). Each evaluates its arguments once, in Java's order.
 */
final class ArrayCopies {
  private final Scope scope;
  private final ExpressionTranslator expressions;
  private final NameTranslator names;
  private final Bookkeeping bookkeeping;

  ArrayCopies(Scope scope, ExpressionTranslator expressions, NameTranslator names, Bookkeeping bookkeeping) {
    this.scope = scope;
    this.expressions = expressions;
    this.names = names;
    this.bookkeeping = bookkeeping;
  }

  /** Where a copy reads: a double[] variable, or a row of a double[][]. */
  private record Source(Variable array, Expr row, Expr start) {
    Source(Variable array, Expr row) {
      this(array, row, null);
    }

    /** Element {@code index} of the copy: {@code start + index} of the array. */
    Expr element(Expr index) {
      return new Expr.ElementRead(array, row, start == null ? index : plus(start, index));
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
    return type == Type.DOUBLE_ARRAY && (cloned(value) != null || libraryCall(value, "java.util.Arrays", "copyOf")
        || libraryCall(value, "java.util.Arrays", "copyOfRange"));
  }

  /** Where a copy or an initializer puts the array it makes: a variable, or a row of a local double[][]. */
  private record Target(Variable array, boolean declares, Expr row) {
    /** The new array of {@code length}, given to the variable (declaring it if {@code declares}) or to the row. */
    Stmt allocation(Expr.NewArray made, String source) {
      if (row != null) {
        return new Stmt.RowStore(array, row, made, source);
      }
      return declares ? new Stmt.Declare(array, made, source) : new Stmt.Assign(array, made, source);
    }

    Stmt store(Expr index, Expr value, String source) {
      return new Stmt.ArrayStore(array, row, index, value, source);
    }
  }

  /**
   * The statements that give {@code target} the new array {@code tree} makes ({@link #makesArray}):
   * its declaration ({@code declares}) or assignment, then the stores that fill it.
   */
  List<Stmt> into(Variable target, boolean declares, ExpressionTree tree, String source) {
    return into(new Target(target, declares, null), tree, source);
  }

  /**
   * The statements that give row {@code row} of the local double[][] {@code matrix} the new array
   * {@code tree} makes ({@link #makesArray}): a new row, then the stores that fill it. As in Java,
   * what fills it is evaluated before the row is replaced.
   */
  List<Stmt> intoRow(Variable matrix, Expr row, ExpressionTree tree, String source) {
    List<Stmt> out = new ArrayList<>();
    Expr at = once(row, "_row", out);
    out.addAll(into(new Target(matrix, false, at), tree, source));
    return out;
  }

  private List<Stmt> into(Target target, ExpressionTree tree, String source) {
    ExpressionTree value = unparenthesized(tree);
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    if (value instanceof NewArrayTree creation) {
      return initializer(target, creation, source, out);
    }
    Source from;
    Expr count;
    Expr length;
    if (cloned(value) != null) {
      from = source(((MemberSelectTree) ((MethodInvocationTree) value).getMethodSelect()).getExpression());
      out.addAll(expressions.takePending());
      length = from.length();
      count = length;
    } else if (libraryCall(value, "java.util.Arrays", "copyOfRange")) {
      List<? extends ExpressionTree> args = ((MethodInvocationTree) value).getArguments();
      Source read = source(args.get(0));
      Source whole = read.row() == null ? read : new Source(read.array(), once(read.row(), "_row", out));
      Expr start = once(expressions.index(args.get(1)), "_from", out);
      Expr end = once(expressions.index(args.get(2)), "_to", out);
      out.add(rangeCheck(whole, start, end, source));
      from = new Source(whole.array(), whole.row(), start);
      length = once(new Expr.IntegralOp("-", end, start, Type.INT), "_length", out);
      // It pads with zeros past the source's end too.
      Expr available = new Expr.IntegralOp("-", whole.length(), start, Type.INT);
      count = once(new Expr.Conditional(new Expr.Compare("<", length, available), length, available, Type.INT),
          "_count", out);
    } else {
      List<? extends ExpressionTree> args = ((MethodInvocationTree) value).getArguments();
      from = source(args.get(0));
      length = once(expressions.length(args.get(1)), "_length", out);
      // Arrays.copyOf pads with zeros past the source's end.
      count = once(new Expr.Conditional(new Expr.Compare("<", length, from.length()), length, from.length(), Type.INT),
          "_count", out);
    }
    if (target.row() != null && from.array() == target.array()) {
      // m[i] = m[k].clone(): the elements go through a new array first, since the new row would be read in
      // place of the one copied, were the two the same row.
      Variable copy = scope.declareLocal("_copy", Type.DOUBLE_ARRAY);
      filled(new Target(copy, true, null), from, count, count, source, out);
      from = new Source(copy, null);
      if (cloned(value) != null) {
        length = from.length();
        count = length;
      }
    }
    return filled(target, from, length, count, source, out);
  }

  /**
   * {@code if (start < 0 || start > a.length || start > end) Arrays.copyOfRange(a, start, end);}: where
   * the range is not one {@code Arrays.copyOfRange} takes, the call itself throws what it throws.
   */
  private static Stmt rangeCheck(Source whole, Expr start, Expr end, String source) {
    Expr.Opaque check = new CheckText()
        .code("if (").value(start).code(" < 0 || ").value(start).code(" > ").array(whole).code(".length || ")
        .value(start).code(" > ").value(end).code(") {\n$T.copyOfRange(", Arrays.class).array(whole).code(", ")
        .value(start).code(", ").value(end).code(");\n}\n")
        .build(source);
    return new Stmt.RunAsWritten(check, source);
  }

  /** Code run as written, built from text and the method's variables (held bounds, an array or a row of one). */
  private static final class CheckText {
    private final List<CodeBlock> texts = new ArrayList<>();
    private final List<Expr.Read> reads = new ArrayList<>();
    private CodeBlock.Builder text = CodeBlock.builder();

    CheckText code(String format, Object... args) {
      text.add(format, args);
      return this;
    }

    /** A read of a variable, or a constant. */
    CheckText value(Expr e) {
      if (e instanceof Expr.Read read) {
        texts.add(text.build());
        reads.add(read);
        text = CodeBlock.builder();
      } else {
        text.add("$L", ((Expr.Constant) e).code());
      }
      return this;
    }

    CheckText array(Source s) {
      value(new Expr.Read(s.array()));
      return s.row() == null ? this : code("[").value(s.row()).code("]");
    }

    Expr.Opaque build(String source) {
      texts.add(text.build());
      return new Expr.Opaque(Type.VOID, texts, reads, false, Term.PRIMARY, source);
    }
  }

  /** {@code double[] target = source.clone()}, for a parameter array that {@code ?:} chooses. */
  List<Stmt> copy(Variable target, Variable source, String text) {
    Source from = new Source(source, null);
    return filled(new Target(target, true, null), from, from.length(), from.length(), text, new ArrayList<>());
  }

  /** {@code double[] target = row.clone()} for {@code row}, a row of a double[][] ({@code m[i]}, or a row alias). */
  List<Stmt> rowCopy(Variable target, ExpressionTree row, String text) {
    Source from = source(row);
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    return filled(new Target(target, true, null), from, from.length(), from.length(), text, out);
  }

  /** The new array of {@code length} for {@code target}, its first {@code count} elements copied {@code from}. */
  private List<Stmt> filled(Target target, Source from, Expr length, Expr count, String source, List<Stmt> out) {
    out.add(target.allocation(new Expr.NewArray(length), source));
    Variable i = scope.declareLocal("_i", Type.INT);
    out.add(countTo(i, Literals.number(Type.INT, 0), count,
        target.store(new Expr.Read(i), from.element(new Expr.Read(i)), source), source));
    return out;
  }

  /**
   * {@code System.arraycopy(src, sp, dst, dp, n)} into a double[] local or parameter, or {@code
   * Arrays.fill(a, v)} and {@code Arrays.fill(a, from, to, v)} of one; null for any other statement.
   */
  List<Stmt> statement(ExpressionTree tree, String source) {
    if (libraryCall(tree, "java.lang.System", "arraycopy")) {
      return arraycopy(((MethodInvocationTree) tree).getArguments(), source);
    }
    if (libraryCall(tree, "java.util.Arrays", "fill")) {
      return fill(((MethodInvocationTree) tree).getArguments(), source);
    }
    if (libraryCall(tree, "java.util.Arrays", "sort") && ((MethodInvocationTree) tree).getArguments().size() != 2
        && !isRowOfParameter(((MethodInvocationTree) tree).getArguments().get(0))) {
      return sort(((MethodInvocationTree) tree).getArguments(), source);
    }
    return null;
  }

  /**
   * {@code Arrays.sort(a)} or {@code Arrays.sort(a, from, to)}: a permutation of the elements, whose
   * derivatives the stores carry. Their order is found on their values, as {@code Double.compare}
   * orders them (so as Arrays.sort does: -0.0 before 0.0, NaN last), by code run as written; then
   * each position is given, from a copy, the element that sorts there. Equal elements are equal
   * values, so the array is the one Arrays.sort leaves, to the bit.
   */
  private List<Stmt> sort(List<? extends ExpressionTree> args, String source) {
    List<Stmt> out = new ArrayList<>();
    Target target = written(args.get(0), out);
    boolean range = args.size() == 3;
    Variable from = held(range ? expressions.index(args.get(1)) : Literals.number(Type.INT, 0), "_from", out);
    Variable to = held(range ? expressions.index(args.get(2)) : new Expr.Length(target.array(), target.row()),
        "_to", out);
    Source sorted = new Source(target.array(), target.row());
    int start = out.size();
    Variable unsorted = scope.declareLocal("_unsorted", Type.DOUBLE_ARRAY);
    filled(new Target(unsorted, true, null), sorted, sorted.length(), sorted.length(), source, out);
    // The values, without their derivatives, for the comparator to capture: a lambda captures final copies.
    Type values = Type.other(CodeBlock.of("double[]"), false, null);
    Variable keys = scope.declareLocal("_keys", values);
    out.add(new Stmt.Declare(keys, new Expr.Opaque(values, List.of(CodeBlock.of(""), CodeBlock.of("")),
        List.of(new Expr.Read(unsorted)), false, Term.PRIMARY, unsorted.name()), "the values sorted: " + source));
    Variable capturedKeys = captured(keys, out);
    Variable capturedFrom = captured(from, out);
    Variable capturedTo = captured(to, out);
    String p = scope.reserve("_p");
    String q = scope.reserve("_q");
    Type indices = Type.other(CodeBlock.of("int[]"), false, null);
    Variable order = scope.declareLocal("_order", indices);
    Expr.Opaque ordered = new Expr.Opaque(indices, List.of(CodeBlock.of("$T.range(", IntStream.class),
        CodeBlock.of(", "), CodeBlock.of(").boxed().sorted(($L, $L) -> Double.compare(", p, q),
        CodeBlock.of("[$L], ", p), CodeBlock.of("[$L])).mapToInt(Integer::intValue).toArray()", q)),
        List.of(new Expr.Read(capturedFrom), new Expr.Read(capturedTo), new Expr.Read(capturedKeys),
            new Expr.Read(capturedKeys)), false, Term.PRIMARY, "the order of " + source);
    out.add(new Stmt.Declare(order, ordered, "the order of the elements: " + source));
    Variable k = scope.declareLocal("_i", Type.INT);
    Expr.Opaque at = new Expr.Opaque(Type.INT, List.of(CodeBlock.of(""), CodeBlock.of("["), CodeBlock.of("]")),
        List.of(new Expr.Read(order), new Expr.Read(k)), false, Term.PRIMARY, order.name() + "[" + k.name() + "]");
    Expr count = new Expr.IntegralOp("-", new Expr.Read(to), new Expr.Read(from), Type.INT);
    out.add(countTo(k, Literals.number(Type.INT, 0), count, target.store(plus(new Expr.Read(from),
        new Expr.Read(k)), new Expr.ElementRead(unsorted, null, at), source), source));
    if (target.row() == null) {
      // A variable may turn out to hold an array code run as written gives, which the method may not write.
      Expr.Opaque call = new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("$T.sort(", Arrays.class), CodeBlock.of(", "),
          CodeBlock.of(", "), CodeBlock.of(");")), List.of(new Expr.Read(target.array()), new Expr.Read(from),
          new Expr.Read(to)), false, Term.PRIMARY, source);
      bookkeeping.sortLowered(out.subList(start, out.size()), target.array(), new Stmt.RunAsWritten(call, source));
    }
    return out;
  }

  /** {@code e} in a local of its own, unless it is one already. */
  private Variable held(Expr e, String name, List<Stmt> out) {
    out.addAll(expressions.takePending());
    if (e instanceof Expr.Read read) {
      return read.variable();
    }
    Variable held = scope.declareLocal(name, e.type());
    out.add(new Stmt.Declare(held, e, "evaluate once: " + name));
    return held;
  }

  /** A final copy of {@code v}, which a lambda may capture. */
  private Variable captured(Variable v, List<Stmt> out) {
    Variable copy = scope.declareCapture(v);
    out.add(new Stmt.Declare(copy, new Expr.Read(v), "final " + v.type().javaName() + " " + copy.name() + " = "
        + v.name() + ";"));
    return copy;
  }

  private List<Stmt> arraycopy(List<? extends ExpressionTree> args, String source) {
    List<Stmt> out = new ArrayList<>();
    Source from = source(args.get(0));
    Expr sourceStart = once(expressions.index(args.get(1)), "_from", out);
    Target target = written(args.get(2), out);
    Expr targetStart = once(expressions.index(args.get(3)), "_to", out);
    Expr count = once(expressions.length(args.get(4)), "_count", out);
    out.addAll(expressions.takePending());
    Variable i = scope.declareLocal("_i", Type.INT);
    Stmt forwards = countTo(i, Literals.number(Type.INT, 0), count, copyAt(from, sourceStart, target, targetStart,
        new Expr.Read(i), source), source);
    if (from.array() != target.array() && (from.array().isParameter() || target.array().isParameter())) {
      // A local array is never a parameter's, and the entry points refuse one array passed as two
      // parameters where one is written, so the two cannot overlap.
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
  private static Stmt copyAt(Source from, Expr sourceStart, Target target, Expr targetStart, Expr at,
      String source) {
    return target.store(plus(targetStart, at), from.element(plus(sourceStart, at)), source);
  }

  private static Expr plus(Expr a, Expr b) {
    return new Expr.IntegralOp("+", a, b, Type.INT);
  }

  private List<Stmt> fill(List<? extends ExpressionTree> args, String source) {
    List<Stmt> out = new ArrayList<>();
    Target target = written(args.get(0), out);
    boolean range = args.size() == 4;
    Expr from = range ? once(expressions.index(args.get(1)), "_from", out) : Literals.number(Type.INT, 0);
    // The end is held in a local: the reverse sweep, counting back, then need not read the array.
    Expr to = once(range ? expressions.index(args.get(2)) : new Expr.Length(target.array(), target.row()), "_to", out);
    ExpressionTree valueTree = args.get(args.size() - 1);
    Expr value = once(Conversions.asDouble(expressions.expr(valueTree), valueTree), "_fill", out);
    out.addAll(expressions.takePending());
    Variable i = scope.declareLocal("_i", Type.INT);
    out.add(countTo(i, from, to, target.store(new Expr.Read(i), value, source), source));
    return out;
  }

  /**
   * {@code new double[] {a, b}} or {@code {a, b}}, for a variable or a row; {@code {{a, b}, {c, d}}}
   * for a double[][], with rows of one length made as {@code new double[n][m]}, ragged ones as {@code
   * new double[n][]} given each row in turn.
   */
  private List<Stmt> initializer(Target target, NewArrayTree creation, String source, List<Stmt> out) {
    List<? extends ExpressionTree> elements = creation.getInitializers();
    if (target.row() != null || target.array().type() == Type.DOUBLE_ARRAY) {
      Expr length = Literals.number(Type.INT, elements.size());
      if (target.row() == null) {
        out.add(target.allocation(new Expr.NewArray(length), source));
        storeAll(target, elements, source, out);
        return out;
      }
      // Each element is evaluated before the row is replaced: it may read the row's old elements.
      List<Expr> values = new ArrayList<>();
      for (ExpressionTree element : elements) {
        values.add(once(Conversions.asDouble(expressions.expr(element), element), "_element", out));
      }
      out.add(target.allocation(new Expr.NewArray(length), source));
      for (int k = 0; k < values.size(); k++) {
        out.add(target.store(Literals.number(Type.INT, k), values.get(k), source));
      }
      return out;
    }
    int columns = commonLength(elements);
    Expr rows = Literals.number(Type.INT, elements.size());
    if (columns < 0) {
      out.add(target.allocation(new Expr.NewArray(rows, null, true), source));
      for (int r = 0; r < elements.size(); r++) {
        out.addAll(row(new Target(target.array(), false, Literals.number(Type.INT, r)), elements.get(r), source));
      }
      return out;
    }
    out.add(target.allocation(new Expr.NewArray(rows, Literals.number(Type.INT, columns)), source));
    for (int r = 0; r < elements.size(); r++) {
      storeAll(new Target(target.array(), false, Literals.number(Type.INT, r)),
          ((NewArrayTree) elements.get(r)).getInitializers(), source, out);
    }
    return out;
  }

  /** The length of every row of a double[][] initializer, all written out and of one length; else -1. */
  private static int commonLength(List<? extends ExpressionTree> rows) {
    int columns = -1;
    for (ExpressionTree row : rows) {
      if (!(unparenthesized(row) instanceof NewArrayTree r) || r.getInitializers() == null
          || columns >= 0 && r.getInitializers().size() != columns) {
        return -1;
      }
      columns = r.getInitializers().size();
    }
    return rows.isEmpty() ? 0 : columns;
  }

  /**
   * The statements that give one row of a new double[][] the array an initializer names for it: rows
   * written out ({@code {a, b}}), new ({@code new double[n]}), copied ({@code x.clone()}, {@code
   * Arrays.copyOf}), or the array of a local double[], which the row then shares.
   */
  private List<Stmt> row(Target target, ExpressionTree tree, String source) {
    ExpressionTree value = unparenthesized(tree);
    if (makesArray(Type.DOUBLE_ARRAY, value)) {
      return into(target, value, source);
    }
    Variable shared = expressions.isRow(value) ? null : names.local(value);
    if (shared != null && shared.type() == Type.DOUBLE_ARRAY && !shared.isParameter()) {
      Expr array = new Expr.Read(shared);
      expressions.given(target.array(), array);
      return List.of(new Stmt.RowStore(target.array(), target.row(), array, source));
    }
    if (value instanceof NewArrayTree creation && creation.getDimensions().size() == 1) {
      List<Stmt> out = new ArrayList<>();
      Expr length = once(expressions.length(creation.getDimensions().get(0)), "_length", out);
      out.add(target.allocation(new Expr.NewArray(length), source));
      return out;
    }
    String given = SourceText.oneLine(tree);
    throw new Unsupported(tree, "a row of a double[][] initializer is written out ({a, b}), a new array (new"
        + " double[n]), a copy (x.clone()) or a local double[]; " + given + " is a parameter's array or a row,"
        + " which the row cannot share; write " + given + ".clone() instead (a copy: the same as long as nothing"
        + " writes through either name afterwards)");
  }

  /** {@code target[k] = elements[k]} for each k, each element's own statements before its store. */
  private void storeAll(Target target, List<? extends ExpressionTree> elements, String source, List<Stmt> out) {
    for (int k = 0; k < elements.size(); k++) {
      Expr element = Conversions.asDouble(expressions.expr(elements.get(k)), elements.get(k));
      out.addAll(expressions.takePending());
      out.add(target.store(Literals.number(Type.INT, k), element, source));
    }
  }

  /** {@code for (int i = from; i < to; i++) body}. */
  private static Stmt countTo(Variable i, Expr from, Expr to, Stmt body, String source) {
    Expr.Compare test = new Expr.Compare("<", new Expr.Read(i), to);
    return new Stmt.CountedLoop(i, from, test, to, false, List.of(body), source);
  }

  /** {@code e}, or where it is more than a constant or a variable, a new local that holds it. */
  private Expr once(Expr e, String name, List<Stmt> out) {
    // What computing e needs first (a switch expression's statements) runs first, held or not.
    out.addAll(expressions.takePending());
    if (e instanceof Expr.Constant || e instanceof Expr.Read) {
      return e;
    }
    Variable held = scope.declareLocal(name, e.type());
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

  /** What a fill or arraycopy writes: a double[] local or parameter, or a row of a local double[][] (its index held). */
  private Target written(ExpressionTree tree, List<Stmt> out) {
    ExpressionTranslator.Row row = expressions.row(unparenthesized(tree));
    if (row != null && !row.matrix().isParameter()) {
      return new Target(row.matrix(), false, once(row.index(), "_row", out));
    }
    Variable array = names.local(unparenthesized(tree));
    if (array == null || array.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(tree, "javagrad follows System.arraycopy and Arrays.fill into a double[] variable or"
          + " a row of a local double[][] only; write into a local array (double[] a = new double[n]) or a"
          + " parameter array instead of " + SourceText.oneLine(tree));
    }
    expressions.written(array, tree);
    return new Target(array, false, null);
  }

  /**
   * Whether {@code tree} is a row of a parameter's double[][], which a sort is not followed into:
   * it runs as written, which is an error only where the matrix carries derivatives.
   */
  private boolean isRowOfParameter(ExpressionTree tree) {
    ExpressionTranslator.Row row = expressions.row(unparenthesized(tree));
    return row != null && row.matrix().isParameter();
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

  /**
   * The double[][] variable of the method that {@code tree} copies only the outer array of ({@code
   * m.clone()}, {@code Arrays.copyOf(m, n)}, {@code Arrays.copyOfRange(m, i, j)}): the copy's rows are
   * {@code m}'s own, shared, which javagrad does not follow. Null for any other expression.
   */
  ExpressionTree shallowlyCopiedMatrix(ExpressionTree tree) {
    if (!(unparenthesized(tree) instanceof MethodInvocationTree call)
        || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
      return null;
    }
    List<? extends ExpressionTree> args = call.getArguments();
    boolean clone = select.getIdentifier().contentEquals("clone") && args.isEmpty();
    boolean arraysCopy = !args.isEmpty() && (select.getIdentifier().contentEquals("copyOf")
        || select.getIdentifier().contentEquals("copyOfRange")) && names.typeNamed(select.getExpression())
        .filter(type -> type.getQualifiedName().contentEquals("java.util.Arrays")).isPresent();
    ExpressionTree copied = clone ? select.getExpression() : arraysCopy ? args.get(0) : null;
    Variable matrix = copied == null ? null : names.local(unparenthesized(copied));
    return matrix != null && matrix.type() == Type.DOUBLE_MATRIX ? copied : null;
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
}
