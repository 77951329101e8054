package io.javagrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.ExprTerms;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;

/**
 * Writes the dynamic twin of a method: the same statements over {@code Value}s, so that the
 * runtime engine computes the same function and its gradient through a graph. Values that carry
 * no derivative stay plain Java; conditions read a Value's {@code data()}.
 */
final class TwinWriter {
  private static final ClassName VALUE = RuntimeTypes.VALUE;
  /**
   * The most calls a twin expression nests before a local cuts it: javac attributes {@code
   * a.add(b).add(c)} one stack frame group per call, and a chain of some 500 overflows its default
   * stack, where the user's 1,000-term sum, a flat binary tree to javac, did not.
   */
  private static final int LONGEST_CHAIN = 64;

  private final MethodBody method;
  private final Activity activity;
  /** Plain Java for values without derivative, reading a Value variable's data where one is read. */
  private final ExprTerms plain;
  /** Where the statement being written declares the locals that cut its chains; null where none may be cut. */
  private CodeBlock.Builder cuts;
  /** The nodes of the expression being written whose twin may be cut: see {@link #twin}. */
  private Predicate<Expr> cuttable;
  private int cutCount;

  TwinWriter(MethodBody method, Activity activity) {
    this.method = method;
    this.activity = activity;
    Set<Expr> runAsWrittenReads = Collections.newSetFromMap(new IdentityHashMap<>());
    Statements.expressionsIn(method.statements()).forEach(root -> Expressions.preorder(root)
        .forEach(e -> runAsWrittenReads.addAll(e instanceof Expr.Opaque o ? o.reads() : List.of())));
    this.plain = new ExprTerms(
        v -> ExprTerms.verbatim(plainRead(v)),
        (array, row, index) -> ExprTerms.verbatim(CodeBlock.of(isValue(array) ? "$L.data()" : "$L",
            element(array, row, index))),
        // A call that takes Values (a condition such as norm(x) > 1) runs the callee's twin and reads its data;
        // code run as written that reads a Value[]'s elements (mask[i] = x[i] > 0) reads them from its data.
        e -> e instanceof Expr.Invoke && activity.isVaried(e)
            ? ExprTerms.verbatim(CodeBlock.of("$L.data()", twin(e, null, false).code()))
            : runAsWrittenReads.contains(e) && e.type().isDoubleArray() && isValue(((Expr.Read) e).variable())
            ? ExprTerms.verbatim(CodeBlock.of("$T.data($L)", RuntimeTypes.TWINS, ((Expr.Read) e).variable().name()))
            : null);
  }

  /** The twin, named {@code name}, with {@code access}: public, or private for a helper differentiated on demand. */
  MethodSpec write(String name, Modifier access) {
    boolean vector = method.vectorResult() != null;
    MethodSpec.Builder twin = MethodSpec.methodBuilder(name)
        .addModifiers(access, Modifier.STATIC)
        .returns(vector ? ArrayTypeName.of(VALUE) : VALUE)
        .addJavadoc("Dynamic twin of {@link $T#$L}: builds the same computation as a {@link $T} graph.\n",
            method.owner(), method.sourceSignature(), VALUE)
        .addJavadoc(CompanionWriter.javadocTags(method)
            .add(vector ? "@return the result, a node for each element, whose {@code backward()} computes its gradient\n"
                : "@return the result, a node whose {@code backward()} computes the gradient\n").build());
    for (Variable p : method.parameters()) {
      twin.addParameter(ParameterSpec.builder(twinType(p), p.name()).build());
    }
    return twin.addCode(statements(method.statements())).build();
  }

  /**
   * {@code v} as plain Java reads it: a Value's data, and a Value[] or Value[][] passed whole (to a
   * helper that only reads it) as an array of the data.
   */
  private CodeBlock plainRead(Variable v) {
    if (!isValue(v)) {
      return CodeBlock.of("$L", v.name());
    }
    if (v.type() == Type.DOUBLE) {
      return CodeBlock.of("$L.data()", v.name());
    }
    return v.type().isDoubleArray() ? CodeBlock.of("$T.data($L)", RuntimeTypes.TWINS, v.name())
        : CodeBlock.of("$L", v.name());
  }

  /** Whether {@code v} is a Value (or Value[]) in the twin: exactly when it is varied. */
  private boolean isValue(Variable v) {
    return v.type().isDifferentiable() && activity.isVaried(v);
  }

  private TypeName twinType(Variable v) {
    return isValue(v) ? valueType(v.type()) : CompanionWriter.javaType(v.type());
  }

  /** What the twin holds a value of the differentiable {@code type} as: Value, Value[] or Value[][]. */
  static TypeName valueType(Type type) {
    return type == Type.DOUBLE_ARRAY ? ArrayTypeName.of(VALUE)
        : type == Type.DOUBLE_MATRIX ? ArrayTypeName.of(ArrayTypeName.of(VALUE)) : VALUE;
  }

  /** {@code array[index]}, or {@code array[row][index]} where {@code row} is not null. */
  private static CodeBlock element(Variable array, Term row, Term index) {
    return row == null ? CodeBlock.of("$L[$L]", array.name(), index.code())
        : CodeBlock.of("$L[$L][$L]", array.name(), row.code(), index.code());
  }

  /** A local's type in the twin: as a parameter's, or as the source writes it where javac's is not known. */
  private CodeBlock localType(Variable v) {
    return isValue(v) ? CodeBlock.of("$T", twinType(v)) : v.type().code();
  }

  private CodeBlock statements(List<Stmt> statements) {
    CodeBlock.Builder code = CodeBlock.builder();
    statements.forEach(s -> code.add(statement(s)));
    return code.build();
  }

  private CodeBlock statement(Stmt s) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      if (d.init() == null) {
        // Lowering may hide from javac that the user's code assigns it before each read.
        return code.addStatement("$L $L = $L", localType(v), v.name(), isValue(v) ? "null" : v.type().defaultValue())
            .build();
      }
      if (d.init() instanceof Expr.NewArray creation && isValue(v)) {
        return newValues(code.add("$T ", twinType(v)), v, creation);
      }
      return code.addStatement("$L $L = $L", localType(v), v.name(), valueFor(isValue(v), d.init(), code, true))
          .build();
    }
    if (s instanceof Stmt.Assign a) {
      if (a.value() instanceof Expr.NewArray creation && isValue(a.variable())) {
        return newValues(code, a.variable(), creation);
      }
      return code.addStatement("$L = $L", a.variable().name(), valueFor(isValue(a.variable()), a.value(), code, true))
          .build();
    }
    if (s instanceof Stmt.RowStore store) {
      CodeBlock row = CodeBlock.of("$L[$L]", store.matrix().name(), plain.of(store.row()).code());
      if (store.value() instanceof Expr.Read shared) {
        return code.addStatement("$L = $L", row, shared.variable().name()).build();
      }
      CodeBlock length = plain.of(((Expr.NewArray) store.value()).length()).code();
      if (!isValue(store.matrix())) {
        return code.addStatement("$L = new double[$L]", row, length).build();
      }
      return code.addStatement("$L = new $T[$L]", row, VALUE, length)
          .addStatement("$T.fill($L, new $T(0.0))", Arrays.class, row, VALUE)
          .build();
    }
    if (s instanceof Stmt.ArrayStore store) {
      Term row = store.row() == null ? null : plain.of(store.row());
      // Java evaluates the index before the value: where that can be seen, no part of the value goes before it.
      boolean indexUnseen = Stream.of(store.row(), store.index()).filter(Objects::nonNull)
          .allMatch(index -> Expressions.preorder(index).allMatch(TwinWriter::evaluatesInAnyOrder));
      return code.addStatement("$L = $L", element(store.array(), row, plain.of(store.index())),
          valueFor(isValue(store.array()), store.value(), code, indexUnseen)).build();
    }
    if (s instanceof Stmt.If branch) {
      code.beginControlFlow("if ($L)", plain.of(branch.condition()).code()).add(statements(branch.then()));
      if (!branch.otherwise().isEmpty()) {
        code.nextControlFlow("else").add(statements(branch.otherwise()));
      }
      return code.endControlFlow().build();
    }
    if (s instanceof Stmt.Loop loop) {
      CodeBlock condition = plain.of(loop.condition()).code();
      if (loop.testFirst()) {
        code.beginControlFlow("while ($L)", condition);
      } else {
        code.beginControlFlow("do");
      }
      code.add(statements(loop.body())).add(statements(loop.update()));
      return (loop.testFirst() ? code.endControlFlow() : code.endControlFlow("while ($L)", condition)).build();
    }
    if (s instanceof Stmt.CountedLoop loop) {
      String i = loop.counter().name();
      return code.beginControlFlow("for (int $L = $L; $L; $L++)", i, plain.of(loop.from()).code(),
              plain.of(loop.condition()).code(), i)
          .add(statements(loop.body()))
          .endControlFlow()
          .build();
    }
    if (s instanceof Stmt.RunAsWritten run) {
      return code.add("$L\n", plain.of(run.code()).code()).build();
    }
    Variable vector = method.vectorResult();
    if (vector != null && !isValue(vector)) {
      // No derivative reaches the array: its elements are constants.
      return code.addStatement("return $T.stream($L).mapToObj($T::new).toArray($T[]::new)", Arrays.class,
          vector.name(), VALUE, VALUE).build();
    }
    return code.addStatement("return $L", vector != null ? vector.name() : valueFor(true, s.value(), code, true))
        .build();
  }

  /**
   * {@code v = new Value[n]} (or {@code [n][m]}), after what {@code code} holds: new double[n] is all
   * zeros, one constant zero leaf.
   */
  private CodeBlock newValues(CodeBlock.Builder code, Variable v, Expr.NewArray creation) {
    if (creation.matrix() && creation.columns() == null) {
      return code.addStatement("$L = new $T[$L][]", v.name(), VALUE, plain.of(creation.length()).code()).build();
    }
    if (creation.columns() == null) {
      return code.addStatement("$L = new $T[$L]", v.name(), VALUE, plain.of(creation.length()).code())
          .addStatement("$T.fill($L, new $T(0.0))", Arrays.class, v.name(), VALUE)
          .build();
    }
    return code.addStatement("$L = new $T[$L][$L]", v.name(), VALUE, plain.of(creation.length()).code(),
            plain.of(creation.columns()).code())
        .addStatement("$T.fill($L, new $T(0.0))", RuntimeTypes.TWINS, v.name(), VALUE)
        .build();
  }

  /**
   * {@code value} as the twin holds it (a Value where {@code asValue}, else plain), for a statement
   * whose code so far is {@code statement}, before which it may declare locals that cut chains;
   * {@code first} if the statement evaluates nothing before it that could be seen.
   */
  private CodeBlock valueFor(boolean asValue, Expr value, CodeBlock.Builder statement, boolean first) {
    return asValue ? asValue(value, twin(value, statement, first)) : plain.of(value).code();
  }

  /** {@code e} as a Value: its {@code twin}, or a constant leaf where it has none (it carries no derivative). */
  private CodeBlock asValue(Expr e, Chain twin) {
    return twin != null ? twin.code() : CodeBlock.of("new $T($L)", VALUE, plain.of(e).code());
  }

  /** Twin code, and how many calls it nests. */
  private record Chain(CodeBlock code, int depth) {}

  /**
   * {@code e} as Value code, or null where it carries no derivative. Built bottom up, without
   * recursion, and flat (a node's code copies its operands' code rather than nesting it), so that
   * neither this walk nor JavaPoet writing its result goes as deep as the expression; and in one
   * pass, since whether a node carries a derivative follows from its operands.
   *
   * <p>A chain longer than {@link #LONGEST_CHAIN} is cut by a local declared in {@code statement},
   * if that is not null, where moving the code before the statement cannot be seen: anywhere in an
   * expression with nothing whose order of evaluation could be seen (no call, no code run as written
   * with side effects, no {@code ?:}, whose branches run one of two); else only a part that the
   * statement evaluates first, before anything else, as the receiver of {@code a.add(b).add(c)},
   * where a long sum nests, if {@code firstInStatement} says nothing of the statement comes before it.
   */
  private Chain twin(Expr e, CodeBlock.Builder statement, boolean firstInStatement) {
    CodeBlock.Builder outerCuts = cuts;
    Predicate<Expr> outerCuttable = cuttable;
    cuts = statement;
    cuttable = Expressions.preorder(e).allMatch(TwinWriter::evaluatesInAnyOrder) ? node -> true
        : firstInStatement ? evaluatedFirst(e)::contains : node -> false;
    try {
      return Expressions.bottomUp(e, Activity::derivativeOperands, this::twinOf);
    } finally {
      cuts = outerCuts;
      cuttable = outerCuttable;
    }
  }

  private static boolean evaluatesInAnyOrder(Expr e) {
    return !(Statements.runsCode(e) || e instanceof Expr.Conditional);
  }

  /**
   * The nodes of {@code root}'s twin that Java evaluates before anything else of it: the root, the
   * operand its code evaluates first (a call's receiver, a twin call's first argument), and so on,
   * as far as that operand is twin code; not into a {@code ?:} nor a formula.
   */
  private Set<Expr> evaluatedFirst(Expr root) {
    Map<Expr, Boolean> carries = new IdentityHashMap<>();
    Expressions.<Boolean>bottomUp(root, Activity::derivativeOperands, (e, operands) -> {
      boolean carried = e instanceof Expr.Read || e instanceof Expr.ElementRead ? activity.isVaried(e)
          : Activity.derivativeOperands(e).stream().anyMatch(operands::apply);
      carries.put(e, carried);
      return carried;
    });
    Set<Expr> first = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Expr e = root; e != null && carries.get(e); e = firstOperand(e, carries::get)) {
      first.add(e);
    }
    return first;
  }

  /** The operand of {@code e} whose twin its twin code evaluates first, if its code evaluates a twin first. */
  private static Expr firstOperand(Expr e, Predicate<Expr> carries) {
    if (e instanceof Expr.Apply a && a.primitive().twinFormula() == null) {
      boolean receiverSecond = a.args().size() == 2 && !carries.test(a.args().get(0))
          && (a.primitive() == Primitive.ADD || a.primitive() == Primitive.MUL);
      return receiverSecond ? a.args().get(1) : a.args().get(0);
    }
    if (e instanceof Expr.Invoke call && !call.args().isEmpty() && call.callee().isDifferentiated(0)
        && call.callee().parameterTypes().get(0) == Type.DOUBLE) {
      return call.args().get(0);
    }
    return null;
  }

  /** The twin of the node {@code e}, given those of its {@link Activity#derivativeOperands}; or null. */
  private Chain twinOf(Expr e, Function<Expr, Chain> twins) {
    if (e instanceof Expr.Read r) {
      return activity.isVaried(r) ? new Chain(CodeBlock.of("$L", r.variable().name()), 0) : null;
    }
    if (e instanceof Expr.ElementRead r) {
      return activity.isVaried(r)
          ? new Chain(element(r.array(), r.row() == null ? null : plain.of(r.row()), plain.of(r.index())), 0) : null;
    }
    // Any other node carries a derivative exactly when one of its derivative operands does.
    List<Chain> operands = Activity.derivativeOperands(e).stream().map(twins).toList();
    if (operands.stream().allMatch(Objects::isNull)) {
      return null;
    }
    int depth = 1 + operands.stream().filter(Objects::nonNull).mapToInt(Chain::depth).max().orElse(0);
    return cut(e, new Chain(code(e, twins), depth));
  }

  /** The twin of {@code e}, or a local declared with its value where it nests too deep and may be cut. */
  private Chain cut(Expr e, Chain twin) {
    if (twin.depth() < LONGEST_CHAIN || cuts == null || !cuttable.test(e)) {
      return twin;
    }
    String name;
    do {
      name = "_chain" + cutCount++;
    } while (method.identifiers().contains(name));
    cuts.addStatement("$T $L = $L", VALUE, name, twin.code());
    return new Chain(CodeBlock.of("$L", name), 0);
  }

  private CodeBlock code(Expr e, Function<Expr, Chain> twins) {
    if (e instanceof Expr.Apply a) {
      return apply(a, twins);
    }
    if (e instanceof Expr.Conditional c) {
      return CodeBlock.builder().add("($L ? ", plain.of(c.condition()).code())
          .add(asValue(c.ifTrue(), twins.apply(c.ifTrue()))).add(" : ")
          .add(asValue(c.ifFalse(), twins.apply(c.ifFalse()))).add(")").build();
    }
    Expr.Invoke call = (Expr.Invoke) e;
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      args.add(argument(call.callee(), i, call.args().get(i), twins));
    }
    return CodeBlock.builder().add("$T.$L(", call.callee().companion(), call.callee().entry())
        .add(CodeBlock.join(args, ", ")).add(")").build();
  }

  /** An argument as the callee's twin takes it: a Value (or Value[]) where it differentiates, else plain. */
  private CodeBlock argument(Callee callee, int i, Expr arg, Function<Expr, Chain> twins) {
    if (!callee.isDifferentiated(i)) {
      return plain.of(arg).code();
    }
    Chain twin = twins.apply(arg);
    if (callee.parameterTypes().get(i) == Type.DOUBLE) {
      return asValue(arg, twin);
    }
    if (twin != null) {
      return twin.code();
    }
    // Plain data into a differentiated array or matrix parameter: constant leaves.
    return CodeBlock.of("$T.leaves($L)", RuntimeTypes.TWINS, plain.of(arg).code());
  }

  /**
   * The receiver is the first operand; a constant first operand becomes a leaf, except for + and *,
   * where the operands commute exactly and the Value operand can receive the call instead.
   */
  private CodeBlock apply(Expr.Apply a, Function<Expr, Chain> twins) {
    if (a.primitive().twinFormula() != null) {
      return formula(a, twins);
    }
    String m = a.primitive().twinMethod();
    Expr first = a.args().get(0);
    Chain firstTwin = twins.apply(first);
    if (a.args().size() == 1) {
      return call(firstTwin.code(), m, CodeBlock.of(""));
    }
    Expr second = a.args().get(1);
    Chain secondTwin = twins.apply(second);
    boolean commutes = a.primitive() == Primitive.ADD || a.primitive() == Primitive.MUL;
    if (firstTwin == null && commutes) {
      return call(secondTwin.code(), m, plain.of(first).code());
    }
    return call(asValue(first, firstTwin), m, secondTwin != null ? secondTwin.code() : plain.of(second).code());
  }

  /** A function {@code Value} has no method for, written out over its operands as Values. */
  private CodeBlock formula(Expr.Apply a, Function<Expr, Chain> twins) {
    java.util.Map<String, Object> operands = new java.util.HashMap<>();
    operands.put("math", Math.class);
    for (int i = 0; i < a.args().size(); i++) {
      operands.put(String.valueOf((char) ('a' + i)), asValue(a.args().get(i), twins.apply(a.args().get(i))));
    }
    return CodeBlock.builder().addNamed(a.primitive().twinFormula(), operands).build();
  }

  /** {@code receiver.method(argument)}, flat. */
  private static CodeBlock call(CodeBlock receiver, String method, CodeBlock argument) {
    return CodeBlock.builder().add(receiver).add(".$L(", method).add(argument).add(")").build();
  }
}
