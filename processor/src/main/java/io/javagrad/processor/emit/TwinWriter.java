package io.javagrad.processor.emit;

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
import java.util.List;

/**
 * Writes the dynamic twin of a method: the same statements over {@link Value}s, so that the
 * runtime engine computes the same function and its gradient through a graph. Values that carry no
 * derivative stay plain Java, exactly as the gradient entry computes them.
 */
final class TwinWriter {
  private static final ClassName VALUE = ClassName.get(Value.class);

  private final MethodBody method;
  private final Activity activity;
  private final ExprTerms plain = ExprTerms.plain();

  TwinWriter(MethodBody method, Activity activity) {
    this.method = method;
    this.activity = activity;
  }

  MethodSpec write() {
    MethodSpec.Builder twin = MethodSpec.methodBuilder(method.name())
        .addModifiers(javax.lang.model.element.Modifier.PUBLIC, javax.lang.model.element.Modifier.STATIC)
        .returns(VALUE)
        .addJavadoc("Dynamic twin of {@link $T#$L}: builds the same computation as a {@link $T} graph.\n",
            method.owner(), CompanionWriter.signature(method), VALUE);
    for (Variable p : method.parameters()) {
      twin.addParameter(ParameterSpec.builder(twinType(p), p.name()).build());
    }
    for (Stmt s : method.statements()) {
      twin.addCode(statement(s));
    }
    return twin.build();
  }

  private TypeName twinType(Variable v) {
    if (v.type() == Type.DOUBLE_ARRAY && activity.isVaried(v)) {
      return com.palantir.javapoet.ArrayTypeName.of(VALUE);
    }
    if (v.type() == Type.DOUBLE && activity.isVaried(v)) {
      return VALUE;
    }
    return CompanionWriter.javaType(v.type());
  }

  private CodeBlock statement(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      return d.init() == null
          ? CodeBlock.builder().addStatement("$T $L", twinType(v), v.name()).build()
          : CodeBlock.builder().addStatement("$T $L = $L", twinType(v), v.name(), valueFor(v, d.init())).build();
    }
    if (s instanceof Stmt.Assign a) {
      return CodeBlock.builder().addStatement("$L = $L", a.variable().name(), valueFor(a.variable(), a.value())).build();
    }
    Expr value = ((Stmt.Return) s).value();
    return CodeBlock.builder().addStatement("return $L", asValue(value)).build();
  }

  private CodeBlock valueFor(Variable target, Expr value) {
    return twinType(target).equals(VALUE) ? asValue(value) : plain.of(value).code();
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
    Expr.Invoke call = (Expr.Invoke) e;
    List<Type> types = call.callee().parameterTypes();
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < types.size(); i++) {
      Expr arg = call.args().get(i);
      args.add(i == 0 ? "$L" : ", $L", types.get(i) == Type.DOUBLE ? asValue(arg)
          : activity.isVaried(arg) ? twin(arg) : plain.of(arg).code());
    }
    return CodeBlock.of("$T.$L($L)", call.callee().companion(), call.callee().name(), args.build());
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
