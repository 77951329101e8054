package io.javagrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.javagrad.Value;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.ExprTerms;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the dynamic twin of a method: the same statements over {@link Value}s, so that the
 * runtime engine computes the same function and its gradient through a graph. Values that carry
 * no derivative stay plain Java; conditions read a Value's {@code data()}.
 */
final class TwinWriter {
  private static final ClassName VALUE = ClassName.get(Value.class);

  private final MethodBody method;
  private final Activity activity;
  /** Plain Java for values without derivative, reading a Value variable's data where one is read. */
  private final ExprTerms plain;

  TwinWriter(MethodBody method, Activity activity) {
    this.method = method;
    this.activity = activity;
    this.plain = new ExprTerms(
        v -> ExprTerms.verbatim(CodeBlock.of(isValue(v) && v.type() == Type.DOUBLE ? "$L.data()" : "$L", v.name())),
        (array, index) -> ExprTerms.verbatim(CodeBlock.of(isValue(array) ? "$L[$L].data()" : "$L[$L]",
            array.name(), index.code())),
        // A call that takes Values (a condition such as norm(x) > 1) runs the callee's twin and reads its data.
        e -> e instanceof Expr.Invoke && activity.isVaried(e) ? ExprTerms.verbatim(CodeBlock.of("$L.data()", twin(e)))
            : null);
  }

  MethodSpec write() {
    MethodSpec.Builder twin = MethodSpec.methodBuilder(method.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(VALUE)
        .addJavadoc("Dynamic twin of {@link $T#$L}: builds the same computation as a {@link $T} graph.\n",
            method.owner(), CompanionWriter.signature(method), VALUE);
    for (Variable p : method.parameters()) {
      twin.addParameter(ParameterSpec.builder(twinType(p), p.name()).build());
    }
    return twin.addCode(statements(method.statements())).build();
  }

  /** Whether {@code v} is a Value (or Value[]) in the twin: exactly when it is varied. */
  private boolean isValue(Variable v) {
    return v.type().isDifferentiable() && activity.isVaried(v);
  }

  private TypeName twinType(Variable v) {
    if (!isValue(v)) {
      return CompanionWriter.javaType(v.type());
    }
    return v.type() == Type.DOUBLE_ARRAY ? ArrayTypeName.of(VALUE) : VALUE;
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
        return code.addStatement("$T $L", twinType(v), v.name()).build();
      }
      if (v.type() == Type.DOUBLE_ARRAY && isValue(v)) {
        Expr.NewArray creation = (Expr.NewArray) d.init();
        // new double[n] is all zeros; the twin's elements start as one constant zero leaf.
        return code.addStatement("$T[] $L = new $T[$L]", VALUE, v.name(), VALUE, plain.of(creation.length()).code())
            .addStatement("$T.fill($L, new $T(0.0))", Arrays.class, v.name(), VALUE)
            .build();
      }
      return code.addStatement("$T $L = $L", twinType(v), v.name(), valueFor(isValue(v), d.init())).build();
    }
    if (s instanceof Stmt.Assign a) {
      return code.addStatement("$L = $L", a.variable().name(), valueFor(isValue(a.variable()), a.value())).build();
    }
    if (s instanceof Stmt.ArrayStore store) {
      return code.addStatement("$L[$L] = $L", store.array().name(), plain.of(store.index()).code(),
          valueFor(isValue(store.array()), store.value())).build();
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
    return code.addStatement("return $L", asValue(((Stmt.Return) s).value())).build();
  }

  private CodeBlock valueFor(boolean asValue, Expr value) {
    return asValue ? asValue(value) : plain.of(value).code();
  }

  /** {@code e} as a Value: a node of the graph, or a constant leaf. */
  private CodeBlock asValue(Expr e) {
    return activity.isVaried(e) ? twin(e) : CodeBlock.of("new $T($L)", VALUE, plain.of(e).code());
  }

  /** {@code e}, which carries a derivative, as Value code. */
  private CodeBlock twin(Expr e) {
    if (e instanceof Expr.Read r) {
      return CodeBlock.of("$L", r.variable().name());
    }
    if (e instanceof Expr.ElementRead r) {
      return CodeBlock.of("$L[$L]", r.array().name(), plain.of(r.index()).code());
    }
    if (e instanceof Expr.Apply a) {
      return apply(a);
    }
    if (e instanceof Expr.Conditional c) {
      return CodeBlock.of("($L ? $L : $L)", plain.of(c.condition()).code(), asValue(c.ifTrue()), asValue(c.ifFalse()));
    }
    Expr.Invoke call = (Expr.Invoke) e;
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < call.args().size(); i++) {
      args.add(i == 0 ? "$L" : ", $L", argument(call.callee(), i, call.args().get(i)));
    }
    return CodeBlock.of("$T.$L($L)", call.callee().companion(), call.callee().name(), args.build());
  }

  /** An argument as the callee's twin takes it: a Value (or Value[]) where it differentiates, else plain. */
  private CodeBlock argument(io.javagrad.processor.ir.Callee callee, int i, Expr arg) {
    if (!callee.isDifferentiated(i)) {
      return plain.of(arg).code();
    }
    if (callee.parameterTypes().get(i) == Type.DOUBLE) {
      return asValue(arg);
    }
    if (activity.isVaried(arg)) {
      return twin(arg);
    }
    // Plain data into a differentiated array parameter: constant leaves.
    return CodeBlock.of("$T.stream($L).mapToObj($T::new).toArray($T[]::new)", Arrays.class, plain.of(arg).code(),
        VALUE, VALUE);
  }

  /**
   * The receiver is the first operand; a constant first operand becomes a leaf, except for + and *,
   * where the operands commute exactly and the Value operand can receive the call instead.
   */
  private CodeBlock apply(Expr.Apply a) {
    String m = a.primitive().twinMethod();
    Expr first = a.args().get(0);
    if (a.args().size() == 1) {
      return CodeBlock.of("$L.$L()", twin(first), m);
    }
    Expr second = a.args().get(1);
    boolean commutes = a.primitive() == Primitive.ADD || a.primitive() == Primitive.MUL;
    if (!activity.isVaried(first) && commutes) {
      return CodeBlock.of("$L.$L($L)", twin(second), m, plain.of(first).code());
    }
    CodeBlock argument = activity.isVaried(second) ? twin(second) : plain.of(second).code();
    return CodeBlock.of("$L.$L($L)", asValue(first), m, argument);
  }
}
