package io.javagrad.processor.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The analyses walk expressions far deeper than any thread's stack would allow a recursive walk:
 * trees {@value #DEPTH} deep, built directly in the intermediate form, on the test's own thread.
 */
class DeepExpressionAnalysisTest {
  private static final int DEPTH = 100_000;

  private final Variable x = new Variable("x", Type.DOUBLE, Variable.Kind.PARAMETER);
  /** A {@code @NoDerivative} parameter. */
  private final Variable c = new Variable("c", Type.DOUBLE, Variable.Kind.PARAMETER, true);
  private final Variable i = new Variable("i", Type.INT, Variable.Kind.LOCAL);

  @Test
  void activityFindsTheOneVariedReadAtTheBottomOfADeepSum() {
    Variable varied = local("varied");
    Variable constant = local("constant");
    Expr variedSum = sum(read(x), read(c));
    Stmt result = new Stmt.Return(product(read(varied), read(constant)), "return varied * constant;");
    Activity activity = Activity.of(method(
        new Stmt.Declare(varied, variedSum, "double varied = x + c + ...;"),
        new Stmt.Declare(constant, sum(read(c), read(c)), "double constant = c + c + ...;"),
        result));

    assertTrue(activity.isVaried(variedSum));
    assertTrue(activity.isActive(varied));
    assertFalse(activity.isVaried(constant));
    assertTrue(activity.isActive(result));
  }

  @Test
  void activityFollowsADeepChainOfFunctions() {
    Expr chain = read(x);
    for (int k = 0; k < DEPTH; k++) {
      chain = new Expr.Apply(Primitive.SIN, List.of(chain));
    }
    Stmt result = new Stmt.Return(chain, "return sin(sin(...x...));");
    Activity activity = Activity.of(method(result));

    assertTrue(activity.isVaried(chain));
    assertTrue(activity.isActive(result));
  }

  @Test
  void readsOfADeepSumInOrderOfFirstAppearance() {
    Expr e = sum(read(c), read(x));

    assertEquals(List.of(c, x), List.copyOf(Statements.readIn(e)));
    assertTrue(Statements.reads(e, Set.of(x)));
    assertFalse(Statements.reads(e, Set.of(i)));
  }

  @Test
  void aDeepCheapDefinitionInALoopIsRecomputed() {
    Variable cheap = local("cheap");
    Variable costly = local("costly");
    Expr cheapInit = sum(read(x), read(c));
    Expr costlyInit = sum(new Expr.Apply(Primitive.SIN, List.of(read(x))), read(c));
    Rederivable rederivable = Rederivable.of(method(loop(
        new Stmt.Declare(cheap, cheapInit, "double cheap = x + c + ...;"),
        new Stmt.Declare(costly, costlyInit, "double costly = Math.sin(x) + c + ...;")),
        new Stmt.Return(read(x), "return x;")));

    assertSame(cheapInit, rederivable.definitionOf(cheap));
    assertTrue(rederivable.isStable(cheapInit));
    assertNull(rederivable.definitionOf(costly));
  }

  @Test
  void aConditionalAtTheBottomOfADeepSumMaterializesTheVariablesItReads() {
    Variable onTrue = local("onTrue");
    Variable onFalse = local("onFalse");
    Variable total = local("total");
    Expr choice = new Expr.Conditional(new Expr.Compare(">", read(x), read(c)), read(onTrue), read(onFalse),
        Type.DOUBLE);
    Set<Variable> materialized = ControlFlowVariables.of(List.of(
        new Stmt.Declare(total, sum(choice, read(c)), "double total = (x > c ? onTrue : onFalse) + c + ...;"),
        new Stmt.Return(read(total), "return total;")));

    assertEquals(Set.of(onTrue, onFalse), materialized);
  }

  @Test
  void bottomUpCombinesADeepTree() {
    Expr ones = sum(one(), one());
    double total = Expressions.bottomUp(ones, Statements::operands, (node, operands) -> node instanceof Expr.Apply a
        ? operands.apply(a.args().get(0)) + operands.apply(a.args().get(1))
        : ((Expr.Constant) node).value());

    assertEquals(DEPTH + 1, total);
    assertEquals(2L * DEPTH + 1, Expressions.preorder(ones).count());
  }

  /** {@code first + rest + rest + ...}, {@value #DEPTH} additions from the left, with {@code first} deepest. */
  private static Expr sum(Expr first, Expr rest) {
    Expr sum = first;
    for (int k = 0; k < DEPTH; k++) {
      sum = new Expr.Apply(Primitive.ADD, List.of(sum, rest));
    }
    return sum;
  }

  private static Expr product(Expr left, Expr right) {
    return new Expr.Apply(Primitive.MUL, List.of(left, right));
  }

  private static Expr read(Variable v) {
    return new Expr.Read(v);
  }

  private static Expr one() {
    return new Expr.Constant(Type.DOUBLE, 1, CodeBlock.of("1.0"));
  }

  private static Variable local(String name) {
    return new Variable(name, Type.DOUBLE, Variable.Kind.LOCAL);
  }

  /** {@code for (int i = 0; i < 3; i++) { body }}. */
  private Stmt loop(Stmt... body) {
    Expr three = new Expr.Constant(Type.INT, 3, CodeBlock.of("3"));
    return new Stmt.CountedLoop(i, new Expr.Constant(Type.INT, 0, CodeBlock.of("0")),
        new Expr.Compare("<", read(i), three), three, false, List.of(body), "for (int i = 0; i < 3; i++)");
  }

  private MethodBody method(Stmt... statements) {
    return new MethodBody(ClassName.get("p", "Deep"), "deep", List.of(x, c), List.of(statements), Set.of(), Set.of());
  }
}
