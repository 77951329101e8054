package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Code run as written that only decides: a comparator ({@code (a, b) -> Double.compare(x[a],
 * x[b])}) or a predicate ({@code i -> x[i] > 0}) given to library code, whose body is one
 * expression giving an {@code int} or a {@code boolean}, and the condition of a {@code ?:} that
 * javagrad runs as written ({@code (c > 1 ? lo : hi)} of floats), each made of comparisons,
 * arithmetic, calls that compare or take magnitudes, and Math's functions. The values it reads cannot reach
 * anything but the order or the choice made with its answer, as a branch's condition only
 * decides; so it may read values that carry derivatives. So may a comparator's key made of the
 * same ({@code Comparator.comparingDouble(i -> x[i])}), which the comparator only compares. And so
 * may code that only describes: a message's supplier given to library code ({@code log.fine(() ->
 * "rate " + rate)}), whose body is one expression giving a {@code String} made of the same and of
 * the calls that write numbers as text ({@code String.format}); its values reach nothing but text.
 */
final class DecidingCode {
  /** The calls such a body may make, as written. */
  private static final Set<String> DECIDING_CALLS = Set.of("Double.compare", "Integer.compare", "Long.compare",
      "Math.abs", "Math.signum", "Double.isNaN", "Double.isFinite", "Double.isInfinite", "StrictMath.abs");

  /** The calls that write values as text, which a body that describes may make besides. */
  private static final Set<String> DESCRIBING_CALLS = Set.of("String.format", "String.valueOf", "Double.toString",
      "Integer.toString", "Long.toString", "Arrays.toString", "java.util.Arrays.toString");

  /** A function of Math or a class alike, which keeps nothing: an angle may order points ({@code Math.atan2}). */
  private static final Pattern MATH = Pattern.compile("(Math|StrictMath|FastMath)\\.\\w+");

  /** Comparator's factories and its default methods that compare keys a function extracts. */
  private static final Set<String> KEY_COMPARATORS = Set.of("comparing", "comparingDouble", "comparingInt",
      "comparingLong", "thenComparing", "thenComparingDouble", "thenComparingInt", "thenComparingLong");

  /** What may keep or change a value: assignments, increments, and code of its own (lambdas, classes, arrays). */
  private static final Set<Tree.Kind> KEEPS = Set.of(Tree.Kind.ASSIGNMENT, Tree.Kind.PLUS_ASSIGNMENT,
      Tree.Kind.MINUS_ASSIGNMENT, Tree.Kind.MULTIPLY_ASSIGNMENT, Tree.Kind.DIVIDE_ASSIGNMENT,
      Tree.Kind.REMAINDER_ASSIGNMENT, Tree.Kind.PREFIX_INCREMENT, Tree.Kind.PREFIX_DECREMENT,
      Tree.Kind.POSTFIX_INCREMENT, Tree.Kind.POSTFIX_DECREMENT, Tree.Kind.LAMBDA_EXPRESSION,
      Tree.Kind.MEMBER_REFERENCE, Tree.Kind.NEW_ARRAY, Tree.Kind.NEW_CLASS, Tree.Kind.CLASS);

  private DecidingCode() {}

  static boolean decidesOnly(LambdaExpressionTree lambda, TypeInference types) {
    return lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
        && decidesOnly((ExpressionTree) lambda.getBody(), types);
  }

  /**
   * Whether {@code expression} gives an {@code int} or a {@code boolean} made of comparisons,
   * arithmetic, calls that compare or take magnitudes, and Math's functions.
   */
  static boolean decidesOnly(ExpressionTree expression, TypeInference types) {
    TypeMirror type = types.typeOf(expression);
    return type != null && (type.getKind() == TypeKind.INT || type.getKind() == TypeKind.BOOLEAN)
        && keepsNothing(expression, Set.of());
  }

  /**
   * Whether {@code lambda} only describes: its body is one expression giving a {@code String} made of
   * comparisons, arithmetic, concatenation, calls that compare, take magnitudes or write values as
   * text, and Math's functions, as a message's supplier is ({@code () -> "rate " + rate}).
   */
  static boolean describesOnly(LambdaExpressionTree lambda, TypeInference types) {
    if (lambda.getBodyKind() != LambdaExpressionTree.BodyKind.EXPRESSION) {
      return false;
    }
    ExpressionTree body = (ExpressionTree) lambda.getBody();
    TypeMirror type = types.typeOf(body);
    return type != null && type.getKind() == TypeKind.DECLARED && type.toString().equals("java.lang.String")
        && keepsNothing(body, DESCRIBING_CALLS);
  }

  /**
   * Whether {@code call} makes a comparator from a key ({@code Comparator.comparingDouble(i ->
   * x[i])}, {@code thenComparingInt}, {@code comparing}), whose lambda argument {@link #keyOnly}
   * judges: the comparator only compares the keys it extracts, as {@code Double.compare} would.
   */
  static boolean comparesKeys(MethodInvocationTree call) {
    return KEY_COMPARATORS.contains(SourceText.calledName(call)) && call.getArguments().size() == 1
        && call.getArguments().get(0) instanceof LambdaExpressionTree;
  }

  /** Whether {@code lambda}, a comparator's key ({@link #comparesKeys}), is one expression that keeps nothing. */
  static boolean keyOnly(LambdaExpressionTree lambda) {
    return lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
        && keepsNothing((ExpressionTree) lambda.getBody(), Set.of());
  }

  /**
   * Whether {@code body} is made of comparisons, arithmetic, {@link #DECIDING_CALLS}, {@link #MATH}
   * and {@code alsoCalls} only.
   */
  private static boolean keepsNothing(ExpressionTree body, Set<String> alsoCalls) {
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
        boolean pure = DECIDING_CALLS.contains(called) || alsoCalls.contains(called)
            || MATH.matcher(called).matches();
        return !pure || scan(node.getArguments(), null);
      }
    }.scan(body, null);
    return !Boolean.TRUE.equals(keeps);
  }
}
