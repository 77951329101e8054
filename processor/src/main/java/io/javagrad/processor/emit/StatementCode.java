package io.javagrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.ExprTerms;
import io.javagrad.processor.term.Term;
import java.util.List;
import java.util.function.Function;

/**
 * Writes statements of the intermediate form as Java, as they are: a program that a transform
 * made (forward mode's tangent program) rather than one a sweep writes as it goes. Each variable is
 * read by its name; a local declared without a value starts at its type's default, since control
 * flow lowered into flags can hide from javac that it is assigned before it is read.
 */
final class StatementCode {
  private final ExprTerms terms = new ExprTerms(StatementCode::read, e -> null);
  /** The code of the value some statements assign or return otherwise than as written; null for none. */
  private final Function<Stmt, CodeBlock> values;

  StatementCode() {
    this(s -> null);
  }

  /**
   * @param values for a declaration, an assignment or a return, the code of its value where it is
   *     not the value's own (a recorded call's forward run, {@code RecordedCallsWriter}), else null
   */
  StatementCode(Function<Stmt, CodeBlock> values) {
    this.values = values;
  }

  private static Term read(Variable v) {
    return new Term.Name(v.name());
  }

  /** The code of {@code s}'s value {@code e}. */
  private CodeBlock value(Stmt s, Expr e) {
    CodeBlock given = values.apply(s);
    return given != null ? given : terms.of(e).code();
  }

  /** {@code e} as Java, as these statements write it. */
  CodeBlock expression(Expr e) {
    return terms.of(e).code();
  }

  CodeBlock of(List<Stmt> statements) {
    CodeBlock.Builder code = CodeBlock.builder();
    statements.forEach(s -> write(s, code));
    return code.build();
  }

  private void write(Stmt s, CodeBlock.Builder code) {
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      Object value = d.init() == null ? v.type().defaultValue() : value(d, d.init());
      code.addStatement(v.isCapture() ? "final $L $L = $L" : "$L $L = $L", v.type().code(), v.name(), value);
    } else if (s instanceof Stmt.Assign a) {
      code.addStatement("$L = $L", a.variable().name(), value(a, a.value()));
    } else if (s instanceof Stmt.ArrayStore store) {
      CodeBlock row = store.row() == null ? CodeBlock.of("") : CodeBlock.of("[$L]", terms.of(store.row()).code());
      code.addStatement("$L$L[$L] = $L", store.array().name(), row, terms.of(store.index()).code(),
          terms.of(store.value()).code());
    } else if (s instanceof Stmt.RowStore store) {
      code.addStatement("$L[$L] = $L", store.matrix().name(), terms.of(store.row()).code(), terms.of(store.value()).code());
    } else if (s instanceof Stmt.Return r) {
      code.addStatement("return $L", value(r, r.value()));
    } else if (s instanceof Stmt.If branch) {
      code.beginControlFlow("if ($L)", terms.of(branch.condition()).code()).add(of(branch.then()));
      if (!branch.otherwise().isEmpty()) {
        code.nextControlFlow("else").add(of(branch.otherwise()));
      }
      code.endControlFlow();
    } else if (s instanceof Stmt.Loop loop) {
      CodeBlock condition = terms.of(loop.condition()).code();
      if (loop.testFirst()) {
        code.beginControlFlow("while ($L)", condition).add(of(loop.body())).add(of(loop.update())).endControlFlow();
      } else {
        code.beginControlFlow("do").add(of(loop.body())).add(of(loop.update())).endControlFlow("while ($L)", condition);
      }
    } else if (s instanceof Stmt.CountedLoop loop) {
      String i = loop.counter().name();
      code.beginControlFlow("for (int $L = $L; $L; $L++)", i, terms.of(loop.from()).code(),
          terms.of(loop.condition()).code(), i).add(of(loop.body())).endControlFlow();
    } else if (s instanceof Stmt.RunAsWritten run) {
      code.add("$L\n", terms.of(run.code()).code());
    } else {
      throw new IllegalStateException("control flow that lowering removes reached the writer: " + s.source());
    }
  }
}
