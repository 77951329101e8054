package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberReferenceTree.ReferenceMode;
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
 * Lowers a stream of doubles that ends in a sum, a maximum, a minimum, an average or a {@code
 * reduce} (from an identity or not, by {@code Double::sum}, {@code Math::max} or a lambda of one
 * expression: {@code reduce(1, (p, v) -> p * v)}) into the loop
 * that the stream runs, so that a derivative flows through it as through any loop: {@code
 * Arrays.stream(x).map(v -> v * v).sum()}, {@code IntStream.range(0, n).mapToDouble(i -> x[i] *
 * y[i]).sum()}, {@code DoubleStream.of(a, b, c).max().getAsDouble()} (or {@code orElseThrow()}),
 * {@code payments.stream().mapToDouble(p -> p.amount() * df(p.time())).sum()}, with {@code filter} steps
 * and lambdas of one expression or references to {@code Math}'s functions. Each element goes
 * through the steps in turn, as a sequential stream takes it; the sum is the JDK's compensated
 * (Kahan) sum, step for step, so that the value is the stream's to the last bit. Any other
 * pipeline is not lowered: it runs as written, as other library code does.
 */
final class StreamLowering {
  private static final String DOUBLE_STREAM = "java.util.stream.DoubleStream";
  private static final String INT_STREAM = "java.util.stream.IntStream";
  private static final Set<String> REDUCTIONS = Set.of("sum", "max", "min", "average", "reduce");
  private static final String TO_ARRAY = "toArray";

  /** What lowering needs of the expression translator. */
  interface Translation {
    /** {@code tree} translated; the statements it needs first are added to {@code before}. */
    Expr expr(ExpressionTree tree, List<Stmt> before);

    /**
     * {@code reference} applied to {@code element}, a record of a sequence ({@code Shape::area}),
     * the statements it needs first added to {@code before}.
     */
    Expr applied(MemberReferenceTree reference, RecordValue element, List<Stmt> before);

    /**
     * The element of {@code array}, an array of records held as a structure of arrays, at {@code
     * index}, in locals of its own, the statements that copy it (after Java's null check) added to {@code before}.
     */
    RecordValue element(RecordArrays.Held array, Variable index, String shown, List<Stmt> before);

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
   * What the reduction's optional result gives: its value, or where there is none {@code orElse}'s
   * argument, or the exception {@code orElseThrow}'s supplier makes ({@code exception}), or
   * NoSuchElementException; {@code reduce}'s arguments, an identity (or null, for the optional
   * form) and a function of the value so far and the element.
   */
  private record Pipeline(Source source, List<Step> steps, String reduction, ExpressionTree orElse,
      ExpressionTree exception, ExpressionTree identity, ExpressionTree combine, String text) {}

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
    if (!isLowered(pipeline) || pipeline.reduction().equals(TO_ARRAY)) {
      return null;
    }
    Reduction reduction = new Reduction(pipeline.reduction(), pipeline.identity() != null, pipeline.combine(),
        pipeline.text());
    before.addAll(reduction.start(pipeline.identity()));
    elements(pipeline, reduction, before);
    return reduction.result(pipeline.orElse(), pipeline.exception(), before);
  }

  /**
   * Whether {@code tree} is a stream of doubles ending in {@code toArray()} whose steps drop no
   * element (no {@code filter}), so that its source tells the array's length.
   */
  boolean collectsArray(MethodInvocationTree tree) {
    Pipeline pipeline = pipeline(tree);
    return isLowered(pipeline) && pipeline.reduction().equals(TO_ARRAY);
  }

  /**
   * Whether {@code pipeline} is one, and its elements are known: doubles, objects of a known type,
   * or a sequence of records, whose name has no type the translator can tell.
   */
  private boolean isLowered(Pipeline pipeline) {
    Source source = pipeline == null ? null : pipeline.source();
    return source != null && (source.collection() == null || source.element() != null
        || sequence(source.collection()) != null || recordArray(source.collection()) != null);
  }

  /**
   * The statements that declare {@code array} as a new array of {@code tree}'s elements, in order,
   * for a stream that {@link #collectsArray}: the loop the stream runs, each element stored.
   */
  List<Stmt> intoArray(MethodInvocationTree tree, Variable array) {
    List<Stmt> before = new ArrayList<>();
    elements(pipeline(tree), new Collected(array), before);
    return before;
  }

  /**
   * A stream of objects that ends in a reduction ({@code book.stream().filter(t -> t.live())
   * .mapToDouble(t -> t.value(curve)).sum()}, {@code scene.stream().mapToDouble(Shape::area).sum()}),
   * as a fixed sequence of records may be gone through ({@link RecordSequences}): each element is
   * the record of the parameters of the steps' lambdas, or the one a reference is applied to.
   *
   * @param collection the tree naming the collection whose elements it takes
   * @param onElements the functions of its steps on the elements: the filters, then the map to
   *     doubles; lambdas, or references to a method ({@code Shape::area}, {@code Areas::area})
   */
  record Streamed(ExpressionTree collection, List<ExpressionTree> onElements) {}

  /** {@code tree} as a {@link Streamed} stream, or null. */
  Streamed streamed(MethodInvocationTree tree) {
    Pipeline pipeline = pipeline(tree);
    if (pipeline == null || pipeline.source().collection() == null) {
      return null;
    }
    List<ExpressionTree> onElements = new ArrayList<>();
    for (Step step : pipeline.steps()) {
      onElements.add(step.function());
      if (!step.filter()) {
        return new Streamed(pipeline.source().collection(), onElements);
      }
    }
    return null;
  }

  /**
   * Whether {@code tree} is a stream over a sequence of records ({@link #streamed}) or an array of
   * them held as a structure of arrays, which has no object to run it as written.
   */
  boolean isOverSequence(MethodInvocationTree tree) {
    Streamed streamed = streamed(tree);
    return streamed != null && (sequence(streamed.collection()) != null
        || recordArray(streamed.collection()) != null);
  }

  // ----- recognising a pipeline

  private Pipeline pipeline(MethodInvocationTree tree) {
    String name = SourceText.calledName(tree);
    ExpressionTree orElse = null;
    ExpressionTree exception = null;
    MethodInvocationTree reduction = tree;
    // orElseThrow() is getAsDouble() under the name Java 10 gave it: the same exception where there is no value
    boolean asDouble = "getAsDouble".equals(name) || "orElseThrow".equals(name);
    boolean supplied = "orElseThrow".equals(name) && tree.getArguments().size() == 1
        && isSupplier(tree.getArguments().get(0));
    if ((asDouble && tree.getArguments().isEmpty() || supplied || "orElse".equals(name))
        && receiver(tree) instanceof MethodInvocationTree optional) {
      orElse = "orElse".equals(name) ? tree.getArguments().get(0) : null;
      exception = supplied ? tree.getArguments().get(0) : null;
      reduction = optional;
      name = SourceText.calledName(reduction);
      if ("sum".equals(name) || "reduce".equals(name) && reduction.getArguments().size() != 1) {
        return null;
      }
    } else if (!"sum".equals(name) && !("reduce".equals(name) && tree.getArguments().size() == 2)
        && !(TO_ARRAY.equals(name) && tree.getArguments().isEmpty())) {
      return null;
    }
    List<? extends ExpressionTree> args = reduction.getArguments();
    boolean reduce = "reduce".equals(name);
    if (!REDUCTIONS.contains(name) && !TO_ARRAY.equals(name) || !reduce && !args.isEmpty()
        || reduce && !isCombination(args.get(args.size() - 1))) {
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
    if (TO_ARRAY.equals(name) && steps.stream().anyMatch(Step::filter)) {
      return null; // the array's length would be known only after the stream ran
    }
    return source == null ? null : new Pipeline(source, steps, name, orElse, exception,
        reduce && args.size() == 2 ? args.get(0) : null, reduce ? args.get(args.size() - 1) : null,
        SourceText.oneLine(tree));
  }

  /**
   * An exception's supplier that can be run in place: a lambda of no parameters and one
   * expression ({@code () -> new IllegalStateException("empty")}), a constructor's reference
   * ({@code IllegalStateException::new}) or a variable holding a supplier.
   */
  private boolean isSupplier(ExpressionTree supplier) {
    return supplier instanceof LambdaExpressionTree lambda && lambda.getParameters().isEmpty()
        && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
        || supplier instanceof MemberReferenceTree reference && reference.getMode() == ReferenceMode.NEW
        && !opaque.typeNamed(reference.getQualifierExpression()).isEmpty()
        || supplier instanceof IdentifierTree;
  }

  /** {@code throw} the exception {@code supplier} makes ({@link #isSupplier}), run as written. */
  private Stmt thrown(ExpressionTree supplier, String source) {
    if (supplier instanceof MemberReferenceTree reference) {
      return new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("throw new $L();",
          opaque.typeNamed(reference.getQualifierExpression()))), List.of(), false, Term.PRIMARY, source), source);
    }
    boolean lambda = supplier instanceof LambdaExpressionTree;
    ExpressionTree made = lambda ? (ExpressionTree) ((LambdaExpressionTree) supplier).getBody() : supplier;
    Expr.Opaque code = opaque.opaque(made, opaque.typeOr(made, Type.VOID));
    List<CodeBlock> texts = new ArrayList<>(code.texts());
    texts.set(0, CodeBlock.of("throw $L", texts.get(0)));
    texts.set(texts.size() - 1, CodeBlock.of("$L$L", texts.get(texts.size() - 1), lambda ? ";" : ".get();"));
    return new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, texts, code.reads(), false, Term.PRIMARY, source),
        source);
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

  /**
   * A step's function: a lambda of one expression, or a reference to a method of a class (a
   * function of the table, {@code Math::sqrt}; or one applied to each record of a sequence, {@code
   * Shape::area}, which {@link #applied} refuses elsewhere, so that the stream runs as written).
   */
  private boolean isFunction(ExpressionTree function) {
    if (function instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().size() == 1 && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION;
    }
    return function instanceof MemberReferenceTree reference && reference.getMode() == ReferenceMode.INVOKE
        && !opaque.typeNamed(reference.getQualifierExpression()).isEmpty();
  }

  /**
   * {@code reduce}'s function: a lambda of two parameters and one expression, or a reference to a
   * function of the table of two ({@code Double::sum}, {@code Math::max}).
   */
  private boolean isCombination(ExpressionTree function) {
    if (function instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().size() == 2 && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION;
    }
    return function instanceof MemberReferenceTree reference && tableFunction(reference, 2) != null;
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
      return isObject(element) || isUntyped(call.getArguments().get(0))
          ? new Source(null, null, null, null, false, call.getArguments().get(0), element, true) : null;
    }
    Type element = call.getArguments().isEmpty() ? opaque.elementOf(collection) : null;
    return isObject(element) || call.getArguments().isEmpty() && isUntyped(collection)
        ? new Source(null, null, null, null, false, collection, element, false) : null;
  }

  /**
   * Whether {@code collection} is a name whose type the translator cannot tell: one declared later
   * than the code asking (a sequence of records, before it is bound), or a sequence, which no
   * variable holds. Its element type is null: {@link #isLowered} tells whether it is a sequence.
   */
  private boolean isUntyped(ExpressionTree collection) {
    return ExpressionTranslator.unparenthesized(collection) instanceof IdentifierTree
        && opaque.typeOr(collection, null) == null;
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

  /**
   * The function of {@code arity} arguments of {@code Math} (or a class alike, {@code FastMath}, or
   * {@code Double}'s sum, max and min) that {@code reference} names, if javagrad differentiates it.
   */
  private Primitive tableFunction(MemberReferenceTree reference, int arity) {
    String owner = opaque.typeNamed(reference.getQualifierExpression());
    return owner == null ? null : Primitive.staticCall(owner, reference.getName().toString(), arity).orElse(null);
  }

  // ----- the loop

  /** The loop over the elements, or for listed values each in turn, each element going through the steps into the reduction. */
  private void elements(Pipeline pipeline, Terminal reduction, List<Stmt> before) {
    Source source = pipeline.source();
    String header = "for each element of " + pipeline.text();
    if (source.values() != null) {
      // Java evaluates the values before the stream takes the first.
      List<Expr> values = new ArrayList<>();
      for (ExpressionTree value : source.values()) {
        values.add(translation.kept(translation.expr(value, before), "_value", before));
      }
      reduction.counted(Literals.number(Type.INT, values.size()), before);
      for (Expr value : values) {
        before.addAll(throughSteps(value, Type.DOUBLE, pipeline.steps(), reduction));
      }
      return;
    }
    List<RecordValue> records = source.collection() == null ? null : sequence(source.collection());
    if (records != null) {
      reduction.counted(Literals.number(Type.INT, records.size()), before);
      records.forEach(record -> before.addAll(throughSteps(record, pipeline.steps(), reduction)));
      return;
    }
    RecordArrays.Held array = source.collection() == null ? null : recordArray(source.collection());
    if (array != null) {
      heldElements(array, pipeline, reduction, before);
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
      reduction.counted(bound, before);
    } else {
      from = translation.kept(translation.expr(source.from(), before), "_from", before);
      bound = translation.kept(translation.expr(source.to(), before), "_to", before);
      element = new Expr.Read(index);
      Expr span = new Expr.IntegralOp("-", bound, from, Type.INT);
      Expr count = source.closed() ? new Expr.IntegralOp("+", span, Literals.number(Type.INT, 1), Type.INT) : span;
      reduction.counted(new Expr.Conditional(new Expr.Compare(source.closed() ? "<=" : "<", from, bound), count,
          Literals.number(Type.INT, 0), Type.INT), before);
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
  private void objects(Pipeline pipeline, Terminal reduction, List<Stmt> before) {
    Source source = pipeline.source();
    String header = "for each element of " + pipeline.text();
    if (source.objectArray()) {
      // As a for-each over an array of objects: the array once, its length code run as written.
      Variable array = ((Expr.Read) translation.kept(translation.expr(source.collection(), before), "_array",
          before)).variable();
      Variable index = scope.declareLocal("_i", Type.INT);
      reduction.counted(opaque.length(array), before);
      Expr test = new Expr.Compare("<", new Expr.Read(index), opaque.length(array));
      before.add(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), test, null, false,
          throughSteps(opaque.element(array, index, source.element()), source.element(), pipeline.steps(), reduction),
          header));
      return;
    }
    Expr collection = translation.kept(translation.expr(source.collection(), before), "_collection", before);
    reduction.counted(opaque.call(collection, "size", Type.INT), before);
    Variable iterator = scope.declareLocal("_it", Type.other(CodeBlock.of("$T<? extends $L>", Iterator.class,
        source.element().code()), false, null));
    before.add(new Stmt.Declare(iterator, opaque.call(collection, "iterator", iterator.type()),
        iterator.name() + " = " + SourceText.oneLine(source.collection()) + ".iterator();"));
    Expr next = opaque.call(new Expr.Read(iterator), "next", source.element());
    Expr hasNext = opaque.call(new Expr.Read(iterator), "hasNext", Type.BOOLEAN);
    before.add(new Stmt.Loop(hasNext, true, throughSteps(next, source.element(), pipeline.steps(), reduction),
        List.of(), header));
  }

  /**
   * The loop over the elements of {@code array}, an array of records held as a structure of arrays
   * ({@link RecordArrays}), each copied and taken through the steps into the reduction.
   */
  private void heldElements(RecordArrays.Held array, Pipeline pipeline, Terminal reduction, List<Stmt> before) {
    Variable index = scope.declareLocal("_i", Type.INT);
    Expr length = array.count();
    reduction.counted(length, before);
    List<Stmt> body = new ArrayList<>();
    scope.open();
    try {
      RecordValue element = translation.element(array, index, "the element", body);
      body.addAll(throughSteps(element, pipeline.steps(), reduction));
    } finally {
      scope.close();
    }
    before.add(new Stmt.CountedLoop(index, Literals.number(Type.INT, 0), new Expr.Compare("<", new Expr.Read(index),
        length), length, false, body, "for each element of " + pipeline.text()));
  }

  /** The array of records held as a structure of arrays ({@link RecordArrays}) that {@code collection} names, or null. */
  private RecordArrays.Held recordArray(ExpressionTree collection) {
    return ExpressionTranslator.unparenthesized(collection) instanceof IdentifierTree name
        ? scope.recordArray(name.getName().toString()) : null;
  }

  /** The elements of the fixed sequence of records ({@link RecordSequences}) that {@code collection} names, or null. */
  private List<RecordValue> sequence(ExpressionTree collection) {
    return ExpressionTranslator.unparenthesized(collection) instanceof IdentifierTree name
        ? scope.sequence(name.getName().toString()) : null;
  }

  /**
   * The statements that take {@code record}, an element of a sequence of records, through {@code
   * steps} into the reduction: the first step's lambda applied to the record, its parameter bound
   * to the record's locals; the others to the doubles it gives.
   */
  private List<Stmt> throughSteps(RecordValue record, List<Step> steps, Terminal reduction) {
    List<Stmt> body = new ArrayList<>();
    Step first = steps.get(0);
    Expr value = appliedTo(first.function(), record, body);
    if (first.filter()) {
      List<Stmt> kept = throughSteps(record, steps.subList(1, steps.size()), reduction);
      body.add(new Stmt.If(value, kept, List.of(), "filter: " + SourceText.oneLine(first.function())));
      return body;
    }
    body.addAll(throughSteps(value, Type.DOUBLE, steps.subList(1, steps.size()), reduction));
    return body;
  }

  /** {@code function}, a lambda or a method's reference, applied to {@code record}, the statements it needs added to {@code body}. */
  private Expr appliedTo(ExpressionTree function, RecordValue record, List<Stmt> body) {
    if (function instanceof MemberReferenceTree reference) {
      return translation.applied(reference, record, body);
    }
    LambdaExpressionTree lambda = (LambdaExpressionTree) function;
    scope.open();
    try {
      scope.bindRecord(lambda.getParameters().get(0).getName().toString(), record);
      return translation.expr((ExpressionTree) lambda.getBody(), body);
    } finally {
      scope.close();
    }
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
  private List<Stmt> throughSteps(Expr element, Type type, List<Step> steps, Terminal reduction) {
    List<Stmt> body = new ArrayList<>();
    Variable current = scope.declareLocal("_element", type);
    body.add(new Stmt.Declare(current, element, type.javaName() + " " + current.name() + " = the next element;"));
    for (int k = 0; k < steps.size(); k++) {
      Step step = steps.get(k);
      Expr value = applied(step.function(), List.of(current), body);
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
    body.addAll(reduction.take(current));
    return body;
  }

  /**
   * {@code function} applied to {@code arguments} (an element; for {@code reduce}, the value so far
   * and the element): a lambda's body where its parameters name them.
   */
  private Expr applied(ExpressionTree function, List<Variable> arguments, List<Stmt> body) {
    if (function instanceof MemberReferenceTree reference) {
      Primitive primitive = tableFunction(reference, arguments.size());
      if (primitive == null) {
        throw new Unsupported(reference, SourceText.oneLine(reference) + " is not a function javagrad differentiates");
      }
      return new Expr.Apply(primitive, arguments.stream().map(StreamLowering::read).toList());
    }
    LambdaExpressionTree lambda = (LambdaExpressionTree) function;
    scope.open();
    try {
      for (int i = 0; i < arguments.size(); i++) {
        scope.alias(lambda.getParameters().get(i).getName().toString(), arguments.get(i));
      }
      return translation.expr((ExpressionTree) lambda.getBody(), body);
    } finally {
      scope.close();
    }
  }

  // ----- where the elements go: a reduction, as the JDK computes it, or an array

  /** What the elements go into after the steps. */
  private interface Terminal {
    /** Notes, before the loop, how many elements the stream gives, in {@code before}: {@code count}, evaluated once. */
    default void counted(Expr count, List<Stmt> before) {}

    /** What one element adds. */
    List<Stmt> take(Variable element);
  }

  /** {@code toArray()}: a new array of the stream's length, each element stored in turn. */
  private final class Collected implements Terminal {
    private final Variable array;
    private Variable next;

    Collected(Variable array) {
      this.array = array;
    }

    @Override
    public void counted(Expr count, List<Stmt> before) {
      before.add(new Stmt.Declare(array, new Expr.NewArray(count), "double[] " + array.name()
          + " = new double[the stream's length];"));
      next = scope.declareLocal("_stored", Type.INT);
      before.add(new Stmt.Declare(next, Literals.number(Type.INT, 0), "int " + next.name() + " = 0;"));
    }

    @Override
    public List<Stmt> take(Variable element) {
      return List.of(new Stmt.ArrayStore(array, read(next), read(element), array.name() + "[" + next.name()
          + "] = the element;"), assign(next, new Expr.IntegralOp("+", read(next), Literals.number(Type.INT, 1),
          Type.INT)));
    }
  }

  /** The state of one reduction: its locals, what each element adds, and the result. */
  private final class Reduction implements Terminal {
    private final String kind;
    /** Whether the reduction has a value where no element came: a sum, an average, a reduce from an identity. */
    private final boolean total;
    /** For {@code reduce}, its function of the value so far and the element. */
    private final ExpressionTree combine;
    private final String source;
    /** For a sum or an average: the compensated sum, its compensation and the simple sum (as Collectors.sumWithCompensation). */
    private Variable sum;
    private Variable compensation;
    private Variable simple;
    /** For a maximum, a minimum or an average: the value so far, and whether an element came (or how many). */
    private Variable best;
    private Variable count;

    Reduction(String kind, boolean fromIdentity, ExpressionTree combine, String source) {
      this.kind = kind;
      this.total = kind.equals("sum") || fromIdentity;
      this.combine = combine;
      this.source = source;
    }

    /** The reduction's locals; {@code identity}, {@code reduce}'s first value, is evaluated here, before the stream runs. */
    List<Stmt> start(ExpressionTree identity) {
      List<Stmt> out = new ArrayList<>();
      if (kind.equals("sum") || kind.equals("average")) {
        sum = zero("_sum", out);
        compensation = zero("_compensation", out);
        simple = zero("_simpleSum", out);
      }
      if (!total) {
        count = declare("_count", Type.INT, Literals.number(Type.INT, 0), out);
      }
      if (identity != null) {
        best = declare("_reduced", Type.DOUBLE, null, out);
        out.add(assign(best, Conversions.asDouble(translation.expr(identity, out), identity)));
      } else if (!kind.equals("sum") && !kind.equals("average")) {
        best = zero("_" + kind, out);
      }
      return out;
    }

    /** What one element adds to the reduction. */
    @Override
    public List<Stmt> take(Variable taken) {
      Expr element = read(taken);
      List<Stmt> out = new ArrayList<>();
      if (sum != null) {
        Variable term = declare("_term", Type.DOUBLE, minus(element, read(compensation)), out);
        Variable next = declare("_next", Type.DOUBLE, plus(read(sum), read(term)), out);
        out.add(assign(compensation, minus(minus(read(next), read(sum)), read(term))));
        out.add(assign(sum, read(next)));
        out.add(assign(simple, plus(read(simple), element)));
      }
      if (best != null) {
        List<Stmt> combined = new ArrayList<>();
        Expr next = combine != null ? applied(combine, List.of(best, taken), combined)
            : new Expr.Apply(kind.equals("max") ? Primitive.MAX : Primitive.MIN, List.of(read(best), element));
        combined.add(assign(best, next));
        String header = combine != null ? "reduce(" + SourceText.oneLine(combine) + ")" : "reduce(Math::" + kind + ")";
        if (count == null) {
          out.addAll(combined);
        } else {
          Expr first = new Expr.Compare("==", read(count), Literals.number(Type.INT, 0));
          out.add(new Stmt.If(first, List.of(assign(best, element)), combined, header));
        }
      }
      if (count != null) {
        out.add(assign(count, new Expr.IntegralOp("+", read(count), Literals.number(Type.INT, 1), Type.INT)));
      }
      return out;
    }

    /** The reduction's value, or for an optional one its value where it has one, else {@code orElse} or an exception. */
    Expr result(ExpressionTree orElse, ExpressionTree exception, List<Stmt> before) {
      Expr value = best != null ? read(best) : finalSum(before);
      if (total) {
        return value;
      }
      if (kind.equals("average")) {
        value = new Expr.Apply(Primitive.DIV, List.of(value, new Expr.Widen(read(count))));
      }
      Variable result = declare("_" + kind, Type.DOUBLE, null, before);
      Expr none = new Expr.Compare("==", read(count), Literals.number(Type.INT, 0));
      List<Stmt> empty = new ArrayList<>();
      if (exception != null) {
        empty.add(thrown(exception, source));
      } else if (orElse == null) {
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
