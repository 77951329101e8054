package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Set;

/**
 * A {@code @Differentiable} method in the intermediate form.
 *
 * @param owner the class that declares it
 * @param name its simple name
 * @param parameters its parameters, in order
 * @param statements its body; the last one is the only {@link Stmt.Return}
 * @param identifiers every identifier the user wrote in it, so generated names avoid them all
 * @param callees the {@code @Differentiable} methods it calls
 * @param sourceSignature the method as a Javadoc link names it in {@code owner}: {@code
 *     f(double, double[])}; for a helper specialized to the functions it is given, whose
 *     parameters differ from the source's, the source's ({@code adaptive(java.util.function.DoubleUnaryOperator,
 *     double)})
 */
public record MethodBody(ClassName owner, String name, List<Variable> parameters, List<Stmt> statements,
    Set<String> identifiers, Set<Callee> callees, String sourceSignature) {

  /** A method whose signature is its parameters': one the processor makes, or one the user wrote with the same. */
  public MethodBody(ClassName owner, String name, List<Variable> parameters, List<Stmt> statements,
      Set<String> identifiers, Set<Callee> callees) {
    this(owner, name, parameters, statements, identifiers, callees, name + "(" + String.join(", ",
        parameters.stream().map(p -> p.type().javaName()).toList()) + ")");
  }

  /** The parameters whose arrays the body writes into, in the order of its first store into each. */
  public List<Variable> writtenParameters() {
    return Statements.all(statements).stream()
        .filter(s -> s instanceof Stmt.ArrayStore store && store.array().isParameter())
        .map(Stmt::target)
        .distinct()
        .toList();
  }

  /**
   * The local array a vector-valued method ({@code static double[] f}) returns, read by its final
   * return (the front end makes it so); null for a method returning a {@code double}.
   */
  public Variable vectorResult() {
    Stmt last = statements.get(statements.size() - 1);
    return last.value() instanceof Expr.Read read && read.type() == Type.DOUBLE_ARRAY ? read.variable() : null;
  }
}
