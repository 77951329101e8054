package io.javagrad.processor.front;

import static io.javagrad.processor.front.Conversions.asDouble;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.TypeKind;

/**
 * Translates an expression: its operators, literals, casts and conditionals here, its names and
 * calls through {@link NameTranslator} and {@link CallTranslator}. Integer arithmetic stays as Java
 * computes it; only doubles reach the differentiable functions.
 */
final class ExpressionTranslator {
  private final NameTranslator names;
  private final CallTranslator calls;

  ExpressionTranslator(NameTranslator names, CallTranslator calls) {
    this.names = names;
    this.calls = calls;
  }

  Expr expr(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> expr(((ParenthesizedTree) tree).getExpression());
      case DOUBLE_LITERAL, INT_LITERAL, LONG_LITERAL, BOOLEAN_LITERAL -> literal((LiteralTree) tree);
      case IDENTIFIER -> names.identifier((IdentifierTree) tree);
      case MEMBER_SELECT -> memberSelect((MemberSelectTree) tree);
      case ARRAY_ACCESS -> arrayAccess((ArrayAccessTree) tree);
      case UNARY_MINUS -> negation((UnaryTree) tree);
      case UNARY_PLUS -> expr(((UnaryTree) tree).getExpression());
      case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> binary((BinaryTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO ->
          comparison((BinaryTree) tree);
      case CONDITIONAL_AND, CONDITIONAL_OR -> logic((BinaryTree) tree);
      case LOGICAL_COMPLEMENT -> new Expr.Not(condition(((UnaryTree) tree).getExpression()));
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      default -> throw unsupported(tree);
    };
  }

  /** The error for an expression outside the supported subset, saying what to write instead. */
  private static Unsupported unsupported(ExpressionTree tree) {
    return new Unsupported(tree, switch (tree.getKind()) {
      case FLOAT_LITERAL -> "float literals are not supported; write " + tree.toString().replaceAll("[fF]$", "")
          + " as a double literal";
      case NEW_CLASS, NEW_ARRAY -> "object and array creation (new) is not supported in a @Differentiable method";
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> "lambdas and method references are not supported in a"
          + " @Differentiable method";
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          "assignments inside expressions are not supported; make " + tree + " a statement of its own";
      case SWITCH_EXPRESSION -> "a switch expression is not supported in a @Differentiable method; write it as"
          + " if/else or ?:";
      default -> SourceText.describe(tree) + " is not supported in a @Differentiable method; expressions may use"
          + " double, int and boolean values, comparisons, && || !, ?:, and " + Primitive.supportedFunctions();
    });
  }

  Expr condition(ExpressionTree tree) {
    Expr condition = expr(tree);
    if (condition.type() != Type.BOOLEAN) {
      throw new Unsupported(tree, "expected a boolean condition here");
    }
    return condition;
  }

  /** {@code tree} converted for a variable of {@code type}. */
  Expr assignable(Type type, ExpressionTree tree) {
    return Conversions.assignable(type, expr(tree), tree);
  }

  Expr index(ExpressionTree tree) {
    return integer(tree, "an array index must be an int expression");
  }

  Expr length(ExpressionTree tree) {
    return integer(tree, "an array length must be an int expression");
  }

  private Expr integer(ExpressionTree tree, String refusal) {
    Expr value = expr(tree);
    if (value.type() != Type.INT) {
      throw new Unsupported(tree, refusal);
    }
    return value;
  }

  /** {@code left operator right} with Java's binary numeric promotion. */
  static Expr arithmetic(String operator, Expr left, Expr right, Tree site) {
    if (left.type().isIntegral() && right.type().isIntegral()) {
      Type type = left.type() == Type.LONG || right.type() == Type.LONG ? Type.LONG : Type.INT;
      return new Expr.IntegralOp(operator, left, right, type);
    }
    Primitive primitive = Primitive.operator(operator, 2).orElseThrow(() ->
        new Unsupported(site, "the operator " + operator + " is not differentiable; supported are + - * /"));
    return new Expr.Apply(primitive, List.of(asDouble(left, site), asDouble(right, site)));
  }

  private static Expr literal(LiteralTree tree) {
    Object value = tree.getValue();
    return switch (tree.getKind()) {
      case BOOLEAN_LITERAL -> Literals.bool((Boolean) value);
      case DOUBLE_LITERAL -> Literals.number(Type.DOUBLE, (Number) value);
      case INT_LITERAL -> Literals.number(Type.INT, (Number) value);
      default -> Literals.number(Type.LONG, (Number) value);
    };
  }

  /** Of an expression that is not a name nothing can be read, but its own errors come first. */
  private Expr memberSelect(MemberSelectTree tree) {
    ExpressionTree qualifier = tree.getExpression();
    if (qualifier instanceof IdentifierTree || qualifier instanceof MemberSelectTree) {
      return names.memberSelect(tree);
    }
    expr(qualifier);
    throw new Unsupported(tree, tree + " is not supported: of an expression, only an array's length can be read");
  }

  private Expr arrayAccess(ArrayAccessTree tree) {
    Variable array = names.local(tree.getExpression());
    if (array == null || array.type() != Type.DOUBLE_ARRAY) {
      throw new Unsupported(tree, "only elements of double[] parameters can be read: " + tree);
    }
    return new Expr.ElementRead(array, index(tree.getIndex()));
  }

  private Expr negation(UnaryTree tree) {
    Expr operand = expr(tree.getExpression());
    if (operand.type().isIntegral()) {
      return new Expr.IntegralOp("-", null, operand, operand.type());
    }
    return new Expr.Apply(Primitive.NEG, List.of(asDouble(operand, tree.getExpression())));
  }

  private Expr binary(BinaryTree tree) {
    return arithmetic(symbol(tree), expr(tree.getLeftOperand()), expr(tree.getRightOperand()), tree);
  }

  private Expr comparison(BinaryTree tree) {
    String operator = symbol(tree);
    Expr left = expr(tree.getLeftOperand());
    Expr right = expr(tree.getRightOperand());
    boolean numbers = isNumber(left) && isNumber(right);
    boolean booleans = left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN
        && (operator.equals("==") || operator.equals("!="));
    if (!numbers && !booleans) {
      throw new Unsupported(tree, "the comparison " + tree + " is not supported; compare numbers, or booleans"
          + " with == and !=");
    }
    if (numbers && left.type() != right.type() && (left.type() == Type.DOUBLE || right.type() == Type.DOUBLE)) {
      // Binary numeric promotion, made explicit so that the comparison is computed as Java would.
      left = asDouble(left, tree);
      right = asDouble(right, tree);
    }
    return new Expr.Compare(operator, left, right);
  }

  private static boolean isNumber(Expr value) {
    return value.type() != Type.BOOLEAN && value.type() != Type.DOUBLE_ARRAY;
  }

  private Expr logic(BinaryTree tree) {
    return new Expr.Logic(symbol(tree), condition(tree.getLeftOperand()), condition(tree.getRightOperand()));
  }

  private static String symbol(BinaryTree tree) {
    return switch (tree.getKind()) {
      case PLUS -> "+";
      case MINUS -> "-";
      case MULTIPLY -> "*";
      case DIVIDE -> "/";
      case REMAINDER -> "%";
      case LESS_THAN -> "<";
      case LESS_THAN_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_EQUAL -> ">=";
      case EQUAL_TO -> "==";
      case NOT_EQUAL_TO -> "!=";
      case CONDITIONAL_AND -> "&&";
      case CONDITIONAL_OR -> "||";
      default -> throw new IllegalArgumentException("not a supported binary operator: " + tree.getKind());
    };
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = condition(tree.getCondition());
    Expr ifTrue = expr(tree.getTrueExpression());
    Expr ifFalse = expr(tree.getFalseExpression());
    if (ifTrue.type() == Type.DOUBLE || ifFalse.type() == Type.DOUBLE) {
      return new Expr.Conditional(condition, asDouble(ifTrue, tree.getTrueExpression()),
          asDouble(ifFalse, tree.getFalseExpression()), Type.DOUBLE);
    }
    if (ifTrue.type() == ifFalse.type() && ifTrue.type() != Type.DOUBLE_ARRAY) {
      return new Expr.Conditional(condition, ifTrue, ifFalse, ifTrue.type());
    }
    if (ifTrue.type().isIntegral() && ifFalse.type().isIntegral()) {
      return new Expr.Conditional(condition, ifTrue, ifFalse, Type.LONG);
    }
    throw new Unsupported(tree, "the operands of " + tree + " must both be numbers or both be booleans");
  }

  /**
   * {@code (double)} widens; {@code (int)} and {@code (long)} truncate, to an integer that carries no
   * derivative (the function is piecewise constant), as a label or a bin stored in a double is read.
   */
  private Expr cast(TypeCastTree tree) {
    Expr operand = expr(tree.getExpression());
    if (tree.getType() instanceof PrimitiveTypeTree primitive) {
      TypeKind target = primitive.getPrimitiveTypeKind();
      if (target == TypeKind.DOUBLE) {
        return asDouble(operand, tree);
      }
      Type integral = target == TypeKind.INT ? Type.INT : target == TypeKind.LONG ? Type.LONG : null;
      if (integral != null && operand.type() == integral) {
        // The cast changes nothing; written out again, it would make javac warn (-Xlint:cast) in the companion.
        return operand;
      }
      if (integral != null && (operand.type() == Type.DOUBLE || operand.type().isIntegral())) {
        return new Expr.IntegralOp("(" + integral.javaName() + ")", null, operand, integral);
      }
    }
    throw new Unsupported(tree, "the cast " + tree + " is not supported; supported are (double), and (int) and"
        + " (long) of numbers, which truncate and carry no derivative");
  }

  private Expr invocation(MethodInvocationTree tree) {
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(expr(arg));
    }
    return calls.call(tree, args);
  }
}
