package io.javagrad.processor.ad;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Exprs;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reverse mode of a vector-valued method {@code double[] f(...)}, as a transform of the
 * intermediate form: the scalar method {@code seedᵀ f(...)}, with {@code seed} a constant input,
 * whose gradient is the vector-Jacobian product {@code seedᵀ J}. The reverse sweep runs on it
 * unchanged: the sum's reverse seeds each element of the returned array's adjoint with its share
 * of the seed, which is what seeding the array's adjoints with {@code seed} means. Before the sum,
 * the array is copied ({@code _vector}), since the reverse sweep may restore its elements to older
 * values, and the seed's length is checked.
 *
 * @param body the scalar method, {@code seed} its last parameter
 * @param seed the seed's parameter
 * @param vector the local that holds a copy of the returned array, which the entry returns
 */
public record SeededResult(MethodBody body, Variable seed, String vector) {

  /**
   * The seeded method of {@code method}, a vector-valued one, with names from {@code names};
   * {@code entry} names the entry point in the seed's length check.
   */
  public static SeededResult of(MethodBody method, NameAllocator names, String entry) {
    Variable result = method.vectorResult();
    List<Stmt> statements = method.statements();
    Stmt.Return last = (Stmt.Return) statements.get(statements.size() - 1);
    Variable seed = new Variable(names.newName("seed"), Type.DOUBLE_ARRAY, Variable.Kind.PARAMETER, true);
    String vector = names.newName("_vector");
    Variable sum = new Variable(names.newName("_sum"), Type.DOUBLE, Variable.Kind.LOCAL);
    Variable i = new Variable(names.newName("_i"), Type.INT, Variable.Kind.LOCAL);
    Expr.Read seedRead = new Expr.Read(seed);
    Expr.Read resultRead = new Expr.Read(result);
    List<Stmt> body = new ArrayList<>(statements.subList(0, statements.size() - 1));
    body.add(runAsWritten(last.source(), "if (", seedRead, ".length != ", resultRead, ".length) {\n"
        + "  throw new IllegalArgumentException(\"" + entry + " needs a seed of length \" + ", resultRead,
        ".length + \", the length of the value, but got \" + ", seedRead, ".length);\n}"));
    body.add(runAsWritten(last.source(), "double[] " + vector + " = ", resultRead, ".clone();"));
    body.add(new Stmt.Declare(sum, Exprs.ZERO, "double " + sum.name() + " = 0.0;"));
    Expr index = new Expr.Read(i);
    Expr length = new Expr.Length(result, null);
    Stmt accumulate = new Stmt.Assign(sum, Exprs.add(new Expr.Read(sum),
        Exprs.mul(new Expr.ElementRead(seed, null, index), new Expr.ElementRead(result, null, index))),
        sum.name() + " += " + seed.name() + "[" + i.name() + "] * " + result.name() + "[" + i.name() + "];");
    body.add(new Stmt.CountedLoop(i, new Expr.Constant(Type.INT, 0, CodeBlock.of("0")),
        new Expr.Compare("<", index, length), length, false, List.of(accumulate), last.source()));
    body.add(new Stmt.Return(new Expr.Read(sum), last.source()));
    List<Variable> parameters = new ArrayList<>(method.parameters());
    parameters.add(seed);
    Set<String> identifiers = new LinkedHashSet<>(method.identifiers());
    identifiers.addAll(List.of(seed.name(), vector, sum.name(), i.name()));
    return new SeededResult(new MethodBody(method.owner(), method.name(), parameters, body, identifiers,
        method.callees(), method.sourceSignature()), seed, vector);
  }

  /** Code run as written: {@code parts}, texts and the reads between them, a text first and last. */
  private static Stmt runAsWritten(String source, Object... parts) {
    List<CodeBlock> texts = new ArrayList<>();
    List<Expr.Read> reads = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Expr.Read read) {
        reads.add(read);
      } else {
        texts.add(CodeBlock.of("$L", part));
      }
    }
    return new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, texts, reads, false, 0, source), source);
  }
}
