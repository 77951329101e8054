package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Lambdas that only decide: a comparator ({@code (a, b) -> Double.compare(x[a], x[b])}) or a
 * predicate ({@code i -> x[i] > 0}) given to library code, whose body is one expression giving an
 * {@code int} or a {@code boolean}, made of comparisons, arithmetic and calls that compare or
 * compute only ({@code Double.compare}, and {@code Math}'s functions, which keep nothing they are
 * given); and the key that a {@link java.util.Comparator} is made to compare ({@code
 * Comparator.comparingDouble(i -> x[i])}, {@code thenComparingDouble}), such an expression of any
 * type, since the comparator only compares it. The values it reads cannot reach anything but the
 * order or the choice the library makes with its answer, as a branch's condition only decides; so
 * it may read values that carry derivatives.
 */
final class DecidingLambdas {
  /** The calls such a body may make, as written, besides those of {@code Math} and {@code StrictMath}. */
  private static final Set<String> DECIDING_CALLS = Set.of("Double.compare", "Integer.compare", "Long.compare",
      "Double.isNaN", "Double.isFinite", "Double.isInfinite");

  /** What may keep or change a value: assignments, increments, and code of its own (lambdas, classes, arrays). */
  private static final Set<Tree.Kind> KEEPS = Set.of(Tree.Kind.ASSIGNMENT, Tree.Kind.PLUS_ASSIGNMENT,
      Tree.Kind.MINUS_ASSIGNMENT, Tree.Kind.MULTIPLY_ASSIGNMENT, Tree.Kind.DIVIDE_ASSIGNMENT,
      Tree.Kind.REMAINDER_ASSIGNMENT, Tree.Kind.PREFIX_INCREMENT, Tree.Kind.PREFIX_DECREMENT,
      Tree.Kind.POSTFIX_INCREMENT, Tree.Kind.POSTFIX_DECREMENT, Tree.Kind.LAMBDA_EXPRESSION,
      Tree.Kind.MEMBER_REFERENCE, Tree.Kind.NEW_ARRAY, Tree.Kind.NEW_CLASS, Tree.Kind.CLASS);

  /** The methods of Comparator that make a comparator comparing what a function gives: its key. */
  private static final Set<String> KEYED = Set.of("comparing", "comparingDouble", "comparingInt", "comparingLong",
      "thenComparing", "thenComparingDouble", "thenComparingInt", "thenComparingLong");

  private DecidingLambdas() {}

  static boolean decidesOnly(LambdaExpressionTree lambda, TypeInference types) {
    if (lambda.getBodyKind() != LambdaExpressionTree.BodyKind.EXPRESSION) {
      return false;
    }
    ExpressionTree body = (ExpressionTree) lambda.getBody();
    TypeMirror type = types.typeOf(body);
    boolean decision = type != null && (type.getKind() == TypeKind.INT || type.getKind() == TypeKind.BOOLEAN);
    return decision && keepsNothing(body);
  }

  /** Whether {@code call} makes a comparator of the keys that its function arguments give ({@link #KEYED}). */
  static boolean comparesKeys(MethodInvocationTree call, TypeInference types) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        && KEYED.contains(select.getIdentifier().toString()) && types.typeOf(call) instanceof DeclaredType comparator
        && ((TypeElement) comparator.asElement()).getQualifiedName().contentEquals("java.util.Comparator");
  }

  /** Whether {@code lambda}, given to a call that {@link #comparesKeys}, gives a key that is only compared. */
  static boolean givesKeyOnly(LambdaExpressionTree lambda) {
    return lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
        && keepsNothing((ExpressionTree) lambda.getBody());
  }

  private static boolean keepsNothing(ExpressionTree body) {
    Boolean keeps = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean scan(Tree node, Void unused) {
        return node != null && KEEPS.contains(node.getKind()) || Boolean.TRUE.equals(super.scan(node, unused));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }

      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
        String called = node.getMethodSelect().toString().replaceFirst("^java\\.lang\\.", "");
        boolean pure = DECIDING_CALLS.contains(called) || called.startsWith("Math.")
            || called.startsWith("StrictMath.");
        return !pure || scan(node.getArguments(), null);
      }
    }.scan(body, null);
    return !Boolean.TRUE.equals(keeps);
  }
}
