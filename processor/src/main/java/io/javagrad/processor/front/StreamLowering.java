package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;

/**
 * Lowers a stream of doubles that ends in a sum, a maximum, a minimum, an average or a fold ({@code
 * reduce(1, (p, q) -> p * q)}) into the loop that the stream runs, so that a derivative flows
 * through it as through any loop: {@code
 * Arrays.stream(x).map(v -> v * v).sum()}, {@code IntStream.range(0, n).mapToDouble(i -> x[i] *
 * y[i]).sum()}, {@code DoubleStream.of(a, b, c).max().getAsDouble()}, {@code
 * payments.stream().mapToDouble(p -> p.amount() * df(p.time())).sum()}, with {@code filter} steps
 * and lambdas of one expression or references to {@code Math}'s functions. Each element goes
 * through the steps in turn, as a sequential stream takes it; the sum is the JDK's compensated
 * (Kahan) sum, step for step, so that the value is the stream's to the last bit. Any other
 * pipeline is not lowered: it runs as written, as other library code does.
 */
final class StreamLowering {
  private static final String DOUBLE_STREAM = "java.util.stream.DoubleStream";
  private static final String INT_STREAM = "java.util.stream.IntStream";
  private static final Set<String> REDUCTIONS = Set.of("sum", "max", "min", "average");

  /** What lowering needs of the expression translator. */
  interface Translation {
    /** {@code tree} translated; the statements it needs first are added to {@code before}. */
    Expr expr(ExpressionTree tree, List<Stmt> before);

    /** {@code value} in a local of its own, declared in {@code before}, unless it is a variable's read. */
    Expr kept(Expr value, String name, List<Stmt> before);
  }

  /**
   * Where the elements come from: an array, listed values, a range of ints, or objects, of a
   * collection (iterated) or of an array of them ({@code objectArray}).
   */
  private record Source(ExpressionTree array, List<? extends ExpressionTree> values, ExpressionTree from,
      ExpressionTree to, boolean closed, ExpressionTree collection, Type element, boolean objectArray) {
    Source(ExpressionTree array, List<? extends ExpressionTree> values, ExpressionTree from, ExpressionTree to,
        boolean closed) {
      this(array, values, from, to, closed, null, null, false);
    }
  }

  /** Boxed numbers, which a collection's stream would unbox in its steps: not lowered. */
  private static final Set<String> BOXES = Set.of("java.lang.Double", "java.lang.Float", "java.lang.Integer",
      "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Character");

  /** One step: a map (to doubles, or ints to doubles) or a filter, with its function. */
  private record Step(boolean filter, ExpressionTree function) {}

  /**
   * What the reduction's optional result gives: its value, or {@code orElse}'s argument where there
   * is none; a fold's identity and function are {@code folded}'s arguments.
   */
  private record Pipeline(Source source, List<Step> steps, String reduction, ExpressionTree orElse,
      MethodInvocationTree folded, String text) {}

  private final Scope scope;
  private final OpaqueTranslator opaque;
  private final Translation translation;

  StreamLowering(Scope scope, OpaqueTranslator opaque, Translation translation) {
    this.scope = scope;
    this.opaque = opaque;
    this.translation = translation;
  }

  /** The statements that compute {@code tree}'s value, added to {@code before}, and the value; or null where it is not such a stream. */
  Expr lower(MethodInvocationTree tree, List<Stmt> before) {
    Pipeline pipeline = pipeline(tree);
    if (pipeline == null) {
      return null;
    }
    Reduction reduction = new Reduction(pipeline.reduction(), pipeline.folded(), pipeline.text());
    before.addAll(reduction.start());
    elements(pipeline, reduction, before);
    return reduction.result(pipeline.orElse(), before);
  }

  // ----- recognising a pipeline

  private Pipeline pipeline(MethodInvocationTree tree) {
    String name = SourceText.calledName(tree);
    ExpressionTree orElse = null;
    MethodInvocationTree reduction = tree;
    boolean present = ("getAsDouble".equals(name) || "orElseThrow".equals(name)) && tree.getArguments().isEmpty();
    if ((present || "orElse".equals(name)) && receiver(tree) instanceof MethodInvocationTree optional) {
      orElse = "orElse".equals(name) ? tree.getArguments().get(0) : null;
      reduction = optional;
      name = SourceText.calledName(reduction);
      if ("sum".equals(name)) {
        return null;
      }
    } else if (!"sum".equals(name) && !"reduce".equals(name)) {
      return null;
    }
    boolean fold = "reduce".equals(name) && orElse == null && reduction == tree && isFold(reduction);
    if (!fold && (!REDUCTIONS.contains(name) || !reduction.getArguments().isEmpty())) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    ExpressionTree stream = receiver(reduction);
    boolean doubles = true;
    while (stream instanceof MethodInvocationTree step && isStep(step, doubles)) {
      String stepName = SourceText.calledName(step);
      steps.add(0, new Step("filter".equals(stepName), step.getArguments().get(0)));
      if ("mapToDouble".equals(stepName)) {
        doubles = false;
      }
      stream = receiver(step);
    }
    Source source = stream instanceof MethodInvocationTree call ? source(call, doubles) : null;
    return source == null ? null
        : new Pipeline(source, steps, name, orElse, fold ? reduction : null, SourceText.oneLine(tree));
  }

  /**
   * {@code reduce(identity, f)} with {@code f} a lambda of two parameters and one expression, or a
   * reference to a function of two arguments that javagrad differentiates ({@code Math::max}) or to
   * {@code Double::sum}.
   */
  private boolean isFold(MethodInvocationTree reduce) {
    if (reduce.getArguments().size() != 2) {
      return false;
    }
    ExpressionTree function = reduce.getArguments().get(1);
    if (function instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().size() == 2 && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION;
    }
    return function instanceof MemberReferenceTree reference && binaryFunction(reference) != null;
  }

  /** The function of two arguments that {@code reference} names, if javagrad differentiates it: {@code Math::max}, {@code Double::sum}. */
  private Primitive binaryFunction(MemberReferenceTree reference) {
    String owner = opaque.typeNamed(reference.getQualifierExpression());
    String name = reference.getName().toString();
    if ("java.lang.Double".equals(owner) && "sum".equals(name)) {
      return Primitive.ADD;
    }
    return Primitive.staticCall(owner, name, 2).orElse(null);
  }

  /**
   * Read from the reduction back: {@code map}, {@code filter}, or {@code mapToDouble} (from ints,
   * before which the elements are ints) where they are doubles; {@code filter} where they are ints.
   */
  private boolean isStep(MethodInvocationTree step, boolean doubles) {
    String name = SourceText.calledName(step);
    boolean known = "filter".equals(name) || doubles && ("map".equals(name) || "mapToDouble".equals(name));
    return known && step.getArguments().size() == 1 && isFunction(step.getArguments().get(0));
  }

  private boolean isFunction(ExpressionTree function) {
    if (function instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().size() == 1 && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION;
    }
    return function instanceof MemberReferenceTree reference && mathFunction(reference) != null;
  }

  /** {@code Arrays.stream(a)}, {@code DoubleStream.of(...)}, or {@code IntStream.range} (or {@code rangeClosed}) where the steps start from ints. */
  private Source source(MethodInvocationTree call, boolean doubles) {
    String name = SourceText.calledName(call);
    String owner = call.getMethodSelect() instanceof MemberSelectTree select ? opaque.typeNamed(select.getExpression())
        : "";
    List<? extends ExpressionTree> args = call.getArguments();
    if (!doubles) {
      boolean range = INT_STREAM.equals(owner) && ("range".equals(name) || "rangeClosed".equals(name));
      return range && args.size() == 2 ? new Source(null, null, args.get(0), args.get(1), "rangeClosed".equals(name))
          : collection(call);
    }
    boolean oneArray = args.size() == 1 && (rowAlias(args.get(0)) != null
        || opaque.typeOr(args.get(0), null) == Type.DOUBLE_ARRAY);
    if ("java.util.Arrays".equals(owner) && "stream".equals(name) && oneArray
        || DOUBLE_STREAM.equals(owner) && "of".equals(name) && oneArray) {
      return new Source(args.get(0), null, null, null, false);
    }
    return DOUBLE_STREAM.equals(owner) && "of".equals(name) ? new Source(null, args, null, null, false) : null;
  }

  /**
   * {@code payments.stream()}, a collection of objects whose steps ({@code filter}, then {@code
   * mapToDouble}) read them: the elements are the collection's, in its iterator's order; null for
   * any other call, or a collection of boxed numbers or arrays.
   */
  private Source collection(MethodInvocationTree call) {
    ExpressionTree collection = receiver(call);
    if (!"stream".equals(SourceText.calledName(call)) || collection == null) {
      return null;
    }
    if (call.getArguments().size() == 1 && "java.util.Arrays".equals(opaque.typeNamed(collection))) {
      // Arrays.stream(payments), an array of objects
      Type array = opaque.typeOr(call.getArguments().get(0), null);
      Type element = array != null && array.mirror() instanceof ArrayType arrayType
          ? Type.other(CodeBlock.of("$T", TypeName.get(arrayType.getComponentType())), false,
              arrayType.getComponentType()) : null;
      return isObject(element) ? new Source(null, null, null, null, false, call.getArguments().get(0), element, true)
          : null;
    }
    Type element = call.getArguments().isEmpty() ? opaque.elementOf(collection) : null;
    return isObject(element) ? new Source(null, null, null, null, false, collection, element, false) : null;
  }

  /** Whether elements of {@code type} are objects the steps read, not boxed numbers or arrays. */
  private static boolean isObject(Type type) {
    return type != null && type.isOther() && type.mirror() != null
        && type.mirror().getKind() == TypeKind.DECLARED
        && !BOXES.contains(type.mirror().toString());
  }

  private static ExpressionTree receiver(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select ? select.getExpression() : null;
  }

  /** The function of one argument of {@code Math} (or a class alike, {@code FastMath}) that {@code reference} names, if javagrad differentiates it. */
  private Primitive mathFunction(MemberReferenceTree reference) {
    String owner = opaque.typeNamed(reference.getQualifierExpression());
    return Primitive.staticCall(owner, reference.getName().toString(), 1).orElse(null);
  }

  // ----- the loop

  /** The loop over the elements, or for listed values each in turn, each element going through the steps into the reduction. */
  private void elements(Pipeline pipeline, Reduction reduction, List<Stmt> before) {
    Source source = pipeline.source();
    String header = "for each element of " + pipeline.text();
    if (source.values() != null) {
      // Java evaluates the values before the stream takes the first.
      List<Expr> values = new ArrayList<>();
      for (ExpressionTree value : source.values()) {
        values.add(translation.kept(translation.expr(value, before), "_value", before));
      }
      for (Expr value : values) {
        before.addAll(throughSteps(value, Type.DOUBLE, pipeline.steps(), reduction));
      }
      return;
    }
    if (source.collection() != null) {
      objects(pipeline, reduction, before);
      return;
    }
    Variable index = scope.declareLocal("_i", Type.INT);
    Expr from;
    Expr bound;
    Expr element;
    if (source.array() != null) {
      Row row = row(source.array(), before);
      Variable held = row != null ? row.matrix()
          : ((Expr.Read) translation.kept(translation.expr(source.array(), before), "_array", before)).variable();
      Expr rowIndex = row != null ? row.index() : null;
      from = Literals.number(Type.INT, 0);
      bound = new Expr.Length(held, rowIndex);
      element = new Expr.ElementRead(held, rowIndex, new Expr.Read(index));
    } else {
      from = translation.kept(translation.expr(source.from(), before), "_from", before);
      bound = translation.kept(translation.expr(source.to(), before), "_to", before);
      element = new Expr.Read(index);
    }
    Expr test = new Expr.Compare(source.closed() ? "<=" : "<", new Expr.Read(index), bound);
    Type type = source.array() != null ? Type.DOUBLE : Type.INT;
    before.add(new Stmt.CountedLoop(index, from, test, bound, source.closed(),
        throughSteps(element, type, pipeline.steps(), reduction), header));
  }

  /**
   * The loop a collection's stream runs, as a for-each over it does: {@code Iterator<? extends T>
   * _it = c.iterator(); while (_it.hasNext()) { T _element = _it.next(); steps }}, the iterator's
   * calls run as written.
   */
  private void objects(Pipeline pipeline, Reduction reduction, List<Stmt> before) {
    Source source = pipeline.source();
    String header = "for each element of " + pipeline.text();
    if (source.objectArray()) {
      // As a for-each over an array of objects: the array once, its length code run as written.
      Variable array = ((Expr.Read) translation.kept(translation.expr(source.collection(), before), "_array",
          before)).variable();
      Variable index = scope.declareLocal("_i", Type.INT);
      Expr test = new Expr.Compare("<", new Expr.Read(index), opaque.length(array));
      before.add(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), test, null, false,
          throughSteps(opaque.element(array, index, source.element()), source.element(), pipeline.steps(), reduction),
          header));
      return;
    }
    Expr collection = translation.expr(source.collection(), before);
    Variable iterator = scope.declareLocal("_it", Type.other(CodeBlock.of("$T<? extends $L>", Iterator.class,
        source.element().code()), false, null));
    before.add(new Stmt.Declare(iterator, opaque.call(collection, "iterator", iterator.type()),
        iterator.name() + " = " + SourceText.oneLine(source.collection()) + ".iterator();"));
    Expr next = opaque.call(new Expr.Read(iterator), "next", source.element());
    Expr hasNext = opaque.call(new Expr.Read(iterator), "hasNext", Type.BOOLEAN);
    before.add(new Stmt.Loop(hasNext, true, throughSteps(next, source.element(), pipeline.steps(), reduction),
        List.of(), header));
  }

  /** A row of a {@code double[][]}, and the index that picks it, held where it cannot change. */
  private record Row(Variable matrix, Expr index) {}

  /**
   * The row that {@code array} names, a row alias ({@code double[] row = m[i]}) or {@code m[i]}
   * itself, whose elements the loop reads through the matrix; null for any other array.
   */
  private Row row(ExpressionTree array, List<Stmt> before) {
    Scope.RowAlias alias = rowAlias(array);
    if (alias != null) {
      return new Row(alias.matrix(), new Expr.Read(alias.index()));
    }
    Variable matrix = array instanceof ArrayAccessTree access && access.getExpression() instanceof IdentifierTree id
        ? scope.get(id.getName().toString()) : null;
    if (matrix == null || matrix.type() != Type.DOUBLE_MATRIX) {
      return null;
    }
    Expr index = translation.kept(translation.expr(((ArrayAccessTree) array).getIndex(), before), "_row", before);
    return new Row(matrix, index);
  }

  private Scope.RowAlias rowAlias(ExpressionTree tree) {
    return tree instanceof IdentifierTree id ? scope.row(id.getName().toString()) : null;
  }

  /** The statements that take one element through {@code steps} into the reduction. */
  private List<Stmt> throughSteps(Expr element, Type type, List<Step> steps, Reduction reduction) {
    List<Stmt> body = new ArrayList<>();
    Variable current = scope.declareLocal("_element", type);
    body.add(new Stmt.Declare(current, element, type.javaName() + " " + current.name() + " = the next element;"));
    for (int k = 0; k < steps.size(); k++) {
      Step step = steps.get(k);
      Expr value = applied(step.function(), current, body);
      if (step.filter()) {
        List<Stmt> kept = throughSteps(new Expr.Read(current), type, steps.subList(k + 1, steps.size()), reduction);
        body.add(new Stmt.If(value, kept, List.of(), "filter: " + SourceText.oneLine(step.function())));
        return body;
      }
      type = Type.DOUBLE;
      current = scope.declareLocal("_element", type);
      body.add(new Stmt.Declare(current, value, "double " + current.name() + " = "
          + SourceText.oneLine(step.function()) + ";"));
    }
    body.addAll(reduction.take(new Expr.Read(current)));
    return body;
  }

  /** {@code function} applied to {@code element}: a lambda's body where its parameter names the element. */
  private Expr applied(ExpressionTree function, Variable element, List<Stmt> body) {
    if (function instanceof MemberReferenceTree reference) {
      return new Expr.Apply(mathFunction(reference), List.of(new Expr.Read(element)));
    }
    LambdaExpressionTree lambda = (LambdaExpressionTree) function;
    scope.open();
    try {
      scope.alias(lambda.getParameters().get(0).getName().toString(), element);
      return translation.expr((ExpressionTree) lambda.getBody(), body);
    } finally {
      scope.close();
    }
  }

  // ----- the reductions, as the JDK computes them

  /** The state of one reduction: its locals, what each element adds, and the result. */
  private final class Reduction {
    private final String kind;
    private final MethodInvocationTree folded;
    private final String source;
    /** For a sum or an average: the compensated sum, its compensation and the simple sum (as Collectors.sumWithCompensation). */
    private Variable sum;
    private Variable compensation;
    private Variable simple;
    /** For a maximum, a minimum or an average: the value so far, and whether an element came (or how many). */
    private Variable best;
    private Variable count;
    /** For a fold: the value so far, from the identity on. */
    private Variable reduced;

    Reduction(String kind, MethodInvocationTree folded, String source) {
      this.kind = kind;
      this.folded = folded;
      this.source = source;
    }

    List<Stmt> start() {
      List<Stmt> out = new ArrayList<>();
      if (folded != null) {
        Expr identity = translation.expr(folded.getArguments().get(0), out);
        reduced = declare("_reduced", Type.DOUBLE, Conversions.assignable(Type.DOUBLE, identity,
            folded.getArguments().get(0)), out);
        return out;
      }
      if (kind.equals("sum") || kind.equals("average")) {
        sum = zero("_sum", out);
        compensation = zero("_compensation", out);
        simple = zero("_simpleSum", out);
      }
      if (!kind.equals("sum")) {
        count = declare("_count", Type.INT, Literals.number(Type.INT, 0), out);
      }
      if (kind.equals("max") || kind.equals("min")) {
        best = zero("_" + kind, out);
      }
      return out;
    }

    /** What one element adds to the reduction. */
    List<Stmt> take(Expr element) {
      List<Stmt> out = new ArrayList<>();
      if (reduced != null) {
        out.add(assign(reduced, folded(element, out)));
        return out;
      }
      if (sum != null) {
        Variable term = declare("_term", Type.DOUBLE, minus(element, read(compensation)), out);
        Variable next = declare("_next", Type.DOUBLE, plus(read(sum), read(term)), out);
        out.add(assign(compensation, minus(minus(read(next), read(sum)), read(term))));
        out.add(assign(sum, read(next)));
        out.add(assign(simple, plus(read(simple), element)));
      }
      if (best != null) {
        Expr first = new Expr.Compare("==", read(count), Literals.number(Type.INT, 0));
        Primitive reduce = kind.equals("max") ? Primitive.MAX : Primitive.MIN;
        out.add(new Stmt.If(first, List.of(assign(best, element)),
            List.of(assign(best, new Expr.Apply(reduce, List.of(read(best), element)))), "reduce(Math::" + kind + ")"));
      }
      if (count != null) {
        out.add(assign(count, new Expr.IntegralOp("+", read(count), Literals.number(Type.INT, 1), Type.INT)));
      }
      return out;
    }

    /** The fold's function applied to the value so far and {@code element}, as {@code reduce} applies it. */
    private Expr folded(Expr element, List<Stmt> out) {
      ExpressionTree function = folded.getArguments().get(1);
      if (function instanceof MemberReferenceTree reference) {
        return new Expr.Apply(binaryFunction(reference), List.of(read(reduced), element));
      }
      LambdaExpressionTree lambda = (LambdaExpressionTree) function;
      Variable taken = element instanceof Expr.Read held ? held.variable()
          : declare("_element", Type.DOUBLE, element, out);
      scope.open();
      try {
        scope.alias(lambda.getParameters().get(0).getName().toString(), reduced);
        scope.alias(lambda.getParameters().get(1).getName().toString(), taken);
        return translation.expr((ExpressionTree) lambda.getBody(), out);
      } finally {
        scope.close();
      }
    }

    /** The reduction's value, or for an optional one its value where it has one, else {@code orElse} or an exception. */
    Expr result(ExpressionTree orElse, List<Stmt> before) {
      if (reduced != null) {
        return read(reduced);
      }
      Expr value = best != null ? read(best) : finalSum(before);
      if (kind.equals("sum")) {
        return value;
      }
      if (kind.equals("average")) {
        value = new Expr.Apply(Primitive.DIV, List.of(value, new Expr.Widen(read(count))));
      }
      Variable result = declare("_" + kind, Type.DOUBLE, null, before);
      Expr none = new Expr.Compare("==", read(count), Literals.number(Type.INT, 0));
      List<Stmt> empty = new ArrayList<>();
      if (orElse == null) {
        empty.add(new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("throw new $T($S);",
            NoSuchElementException.class, "No value present")), List.of(), false, Term.PRIMARY, source), source));
      } else {
        empty.add(assign(result, translation.expr(orElse, empty)));
      }
      before.add(new Stmt.If(none, empty, List.of(assign(result, value)), source));
      return read(result);
    }

    /** The compensated sum, or the simple one where compensating made NaN of same-signed infinities (Collectors.computeFinalSum). */
    private Expr finalSum(List<Stmt> before) {
      Variable compensated = declare("_compensated", Type.DOUBLE, minus(read(sum), read(compensation)), before);
      Expr infinite = new Expr.Logic("||", new Expr.Compare("==", read(simple), infinity("POSITIVE_INFINITY")),
          new Expr.Compare("==", read(simple), infinity("NEGATIVE_INFINITY")));
      Expr spurious = new Expr.Logic("&&", new Expr.Compare("!=", read(compensated), read(compensated)), infinite);
      return new Expr.Conditional(spurious, read(simple), read(compensated), Type.DOUBLE);
    }

    private Variable zero(String name, List<Stmt> out) {
      return declare(name, Type.DOUBLE, Literals.number(Type.DOUBLE, 0.0), out);
    }

    private Variable declare(String name, Type type, Expr init, List<Stmt> out) {
      Variable v = scope.declareLocal(name, type);
      out.add(new Stmt.Declare(v, init, type.javaName() + " " + v.name() + (init == null ? ";" : " = ...;")));
      return v;
    }
  }

  private static Expr.Constant infinity(String which) {
    return new Expr.Constant(Type.DOUBLE, which.startsWith("P") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
        CodeBlock.of("$T.$L", Double.class, which));
  }

  private static Expr read(Variable v) {
    return new Expr.Read(v);
  }

  private static Stmt assign(Variable v, Expr value) {
    return new Stmt.Assign(v, value, v.name() + " = ...;");
  }

  private static Expr plus(Expr a, Expr b) {
    return new Expr.Apply(Primitive.ADD, List.of(a, b));
  }

  private static Expr minus(Expr a, Expr b) {
    return new Expr.Apply(Primitive.SUB, List.of(a, b));
  }
}
