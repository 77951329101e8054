package io.javagrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dynamic twin of an expression {@value #DEPTH} deep is written on the test's own thread:
 * neither the twin writer's walk nor JavaPoet's writing of its code recurses as deep as the
 * expression. And javac, which attributes a chain of calls one frame group per call, is given
 * chains of at most 64 calls, cut by locals.
 */
class DeepTwinTest {
  private static final int DEPTH = 5_000;
  private static final int LONGEST_CHAIN = 64;
  private static final Pattern CALL = Pattern.compile("\\.\\w+\\(");

  private final Variable x = new Variable("x", Type.DOUBLE, Variable.Kind.PARAMETER);

  @Test
  void deepSumIsCutIntoShortChains() {
    Expr two = new Expr.Constant(Type.DOUBLE, 2, CodeBlock.of("2.0"));
    Expr sum = new Expr.Apply(Primitive.MUL, List.of(two, new Expr.Read(x)));
    for (int k = 0; k < DEPTH; k++) {
      sum = new Expr.Apply(Primitive.ADD, List.of(sum, k % 2 == 0 ? new Expr.Read(x) : two));
    }

    String twin = twinReturning(sum);

    assertTrue(twin.contains("Value _chain0 = x.mul(2.0).add(x).add(2.0).add(x)"), twin.substring(0, 300));
    assertEquals(DEPTH, occurrences(twin, ".add("));
    assertShortChains(twin);
  }

  @Test
  void deepChainOfFunctionsIsCutIntoShortChains() {
    Expr chain = new Expr.Read(x);
    for (int k = 0; k < DEPTH; k++) {
      chain = new Expr.Apply(Primitive.SIN, List.of(chain));
    }

    String twin = twinReturning(chain);

    assertTrue(twin.contains("Value _chain0 = x.sin().sin()"), twin.substring(0, 300));
    assertEquals(DEPTH, occurrences(twin, ".sin()"));
    assertShortChains(twin);
  }

  /** Each statement of {@code twin} has at most {@link #LONGEST_CHAIN} calls, and each cut is read once, in order. */
  private static void assertShortChains(String twin) {
    String[] statements = twin.split(";");
    int cuts = 0;
    for (String statement : statements) {
      assertTrue(CALL.matcher(statement).results().count() <= LONGEST_CHAIN, statement);
      if (statement.contains("_chain" + cuts + " =")) {
        cuts++;
      }
    }
    assertTrue(cuts >= DEPTH / LONGEST_CHAIN, "cuts: " + cuts);
    for (int k = 0; k + 1 < cuts; k++) {
      assertTrue(twin.contains("_chain" + (k + 1) + " = _chain" + k + "."), "cut " + k);
    }
  }

  /** The twin of {@code double deep(double x) { return value; }}, as source. */
  private String twinReturning(Expr value) {
    MethodBody method = new MethodBody(ClassName.get("p", "Deep"), "deep", List.of(x),
        List.of(new Stmt.Return(value, "return ...;")), Set.of("x"), Set.of());
    return new TwinWriter(method, Activity.of(method)).write("deep", javax.lang.model.element.Modifier.PUBLIC).toString();
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
