package io.javagrad.processor.term;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders an expression of the intermediate form as a term that computes its value. The caller
 * says how a variable is read (its live name in the forward sweep, a kept copy in the reverse
 * sweep) and which nodes are already held in a local.
 */
public final class ExprTerms {
  /** The term for an element of an array at an index, in a row where {@code row} is not null (a {@code double[][]}). */
  public interface Element {
    Term of(Variable array, Term row, Term index);
  }

  private final Function<Variable, Term> read;
  private final Element element;
  private final Function<Expr, Term> kept;

  /**
   * @param read the term for a variable's value
   * @param kept the term for a node whose value a local already holds, or null
   */
  public ExprTerms(Function<Variable, Term> read, Function<Expr, Term> kept) {
    this(read, (array, row, index) -> verbatim(row == null
        ? CodeBlock.of("$L[$L]", read.apply(array).code(), index.code())
        : CodeBlock.of("$L[$L][$L]", read.apply(array).code(), row.code(), index.code())), kept);
  }

  /** As above, with {@code element} giving the term for an array element at an index. */
  public ExprTerms(Function<Variable, Term> read, Element element, Function<Expr, Term> kept) {
    this.read = read;
    this.element = element;
    this.kept = kept;
  }

  public Term of(Expr e) {
    Term held = kept.apply(e);
    if (held != null) {
      return held;
    }
    if (e instanceof Expr.Constant c) {
      if (c.type() == Type.DOUBLE && c.isLiteral()) {
        return Terms.num(c.value());
      }
      // javac reads -2 as one literal: it binds like a unary minus.
      return verbatim(c.code(), c.isLiteral() && c.value() < 0 ? Term.UNARY : Term.PRIMARY);
    }
    if (e instanceof Expr.Compare c) {
      return new Term.Binary(c.operator(), of(c.left()), of(c.right()));
    }
    if (e instanceof Expr.Logic l) {
      return new Term.Binary(l.operator(), of(l.left()), of(l.right()));
    }
    if (e instanceof Expr.Not n) {
      return verbatim(CodeBlock.of("!$L", parenthesizedBelowUnary(of(n.operand()))), Term.UNARY);
    }
    if (e instanceof Expr.Conditional c) {
      return new Term.Select(of(c.condition()), of(c.ifTrue()), of(c.ifFalse()));
    }
    if (e instanceof Expr.NewArray a) {
      if (!a.matrix()) {
        return verbatim(CodeBlock.of("new double[$L]", of(a.length()).code()));
      }
      return verbatim(a.columns() == null ? CodeBlock.of("new double[$L][]", of(a.length()).code())
          : CodeBlock.of("new double[$L][$L]", of(a.length()).code(), of(a.columns()).code()));
    }
    if (e instanceof Expr.Read r) {
      return read.apply(r.variable());
    }
    if (e instanceof Expr.ElementRead r) {
      return element.of(r.array(), r.row() == null ? null : of(r.row()), of(r.index()));
    }
    if (e instanceof Expr.Length l) {
      return verbatim(l.row() == null ? CodeBlock.of("$L.length", read.apply(l.array()).code())
          : CodeBlock.of("$L[$L].length", read.apply(l.array()).code(), of(l.row()).code()));
    }
    if (e instanceof Expr.Apply a) {
      return apply(a.primitive(), a.args().stream().map(this::of).toList(), a.owner());
    }
    if (e instanceof Expr.IntegralOp op) {
      return integral(op);
    }
    if (e instanceof Expr.Widen w) {
      return widen(w);
    }
    if (e instanceof Expr.Opaque o) {
      return opaque(o);
    }
    Expr.Invoke call = (Expr.Invoke) e;
    List<Term> args = call.args().stream().map(this::of).toList();
    return call.callee().onReceiver() ? new Term.MethodCall(args.get(0), call.callee().name(), args.subList(1, args.size()))
        : new Term.Call(call.callee().plainOwner(), call.callee().plainName(), args);
  }

  /**
   * A derivative of the intermediate form (a partial of {@link Primitive}, a tangent) as a term,
   * folded as {@link Terms} folds: the nodes this renderer holds in locals (a rule's operands)
   * become their terms, and a product with one that turns out to be 0 or 1 disappears. A user's
   * expression is rendered with {@link #of} instead, exactly as written.
   */
  public Term folded(Expr e) {
    Term held = kept.apply(e);
    if (held != null) {
      return held;
    }
    if (e instanceof Expr.Apply a && a.owner() == null) {
      List<Term> args = a.args().stream().map(this::folded).toList();
      if (a.primitive().form() instanceof Primitive.StaticCall) {
        return a.primitive() == Primitive.POW ? Terms.pow(args.get(0), args.get(1)) : apply(a.primitive(), args);
      }
      return switch (a.primitive()) {
        case ADD -> Terms.add(args.get(0), args.get(1));
        case SUB -> Terms.sub(args.get(0), args.get(1));
        case MUL -> Terms.mul(args.get(0), args.get(1));
        case DIV -> Terms.div(args.get(0), args.get(1));
        default -> Terms.neg(args.get(0));
      };
    }
    if (e instanceof Expr.Conditional c) {
      return Terms.select(folded(c.condition()), folded(c.ifTrue()), folded(c.ifFalse()));
    }
    if (e instanceof Expr.Compare c) {
      return Terms.compare(c.operator(), folded(c.left()), folded(c.right()));
    }
    if (e instanceof Expr.Logic l && l.operator().equals("&&")) {
      return Terms.and(folded(l.left()), folded(l.right()));
    }
    return of(e);
  }

  /** The function applied as the source writes it; no folding, so the value is computed exactly as there. */
  public static Term apply(Primitive primitive, List<Term> args) {
    return apply(primitive, args, null);
  }

  /** As above, called on {@code owner} instead of the table's class where it is not null ({@code StrictMath}). */
  public static Term apply(Primitive primitive, List<Term> args, ClassName owner) {
    Primitive.Form form = primitive.form();
    if (form instanceof Primitive.Infix infix) {
      return new Term.Binary(infix.symbol(), args.get(0), args.get(1));
    }
    if (form instanceof Primitive.Prefix) {
      return new Term.Neg(args.get(0));
    }
    Primitive.StaticCall call = (Primitive.StaticCall) form;
    List<Term> operands = new ArrayList<>(args);
    for (int i = 0; i < operands.size(); i++) {
      if (primitive.takesInt(i)) {
        operands.set(i, verbatim(CodeBlock.of("(int) $L", parenthesizedBelowUnary(operands.get(i))), Term.UNARY));
      }
    }
    return new Term.Call(owner != null ? owner : call.owner(), call.name(), operands);
  }

  private Term integral(Expr.IntegralOp op) {
    Term right = of(op.right());
    if (op.left() != null) {
      return new Term.Binary(op.operator(), of(op.left()), right);
    }
    if (op.operator().equals("-")) {
      return new Term.Neg(right);
    }
    return verbatim(CodeBlock.of("$L $L", op.operator(), parenthesizedBelowUnary(right)), Term.UNARY);
  }

  /** The source text as written, with each variable read as this renderer reads variables. */
  private Term opaque(Expr.Opaque o) {
    CodeBlock.Builder code = CodeBlock.builder().add(o.texts().get(0));
    for (int i = 0; i < o.reads().size(); i++) {
      code.add(of(o.reads().get(i)).code()).add(o.texts().get(i + 1));
    }
    return verbatim(code.build(), o.precedence());
  }

  private Term widen(Expr.Widen w) {
    if (w.operand() instanceof Expr.Constant c && c.isLiteral() && kept.apply(c) == null) {
      return Terms.num(c.value());
    }
    return verbatim(CodeBlock.of("(double) $L", parenthesizedBelowUnary(of(w.operand()))), Term.UNARY);
  }

  private static CodeBlock parenthesizedBelowUnary(Term t) {
    return t.precedence() < Term.UNARY ? CodeBlock.of("($L)", t.code()) : t.code();
  }

  public static Term verbatim(CodeBlock code) {
    return verbatim(code, Term.PRIMARY);
  }

  private static Term verbatim(CodeBlock code, int precedence) {
    return new Term.Verbatim(code, precedence);
  }
}
