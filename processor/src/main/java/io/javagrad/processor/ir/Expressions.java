package io.javagrad.processor.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks over an expression tree with an explicit stack instead of recursion. The tree is as deep
 * as the user wrote it (a sum of two thousand terms is a tree two thousand deep); a recursive walk
 * needs stack in proportion, and would run out of it where javac itself still compiles the method.
 */
public final class Expressions {
  private Expressions() {}

  /** {@code root} and all its subexpressions, each before its operands, operands left to right. */
  public static Stream<Expr> preorder(Expr root) {
    return preorder(root, Statements::operands);
  }

  /**
   * As {@link #preorder(Expr)}, descending only into the operands {@code operands} gives for a
   * node. Lazy, so a search that stops at its first match walks no further.
   */
  public static Stream<Expr> preorder(Expr root, Function<Expr, List<Expr>> operands) {
    Deque<Expr> pending = new ArrayDeque<>(List.of(root));
    Iterator<Expr> nodes = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !pending.isEmpty();
      }

      @Override
      public Expr next() {
        Expr node = pending.pop();
        List<Expr> below = operands.apply(node);
        // Pushed last first, so that the first operand comes out next.
        for (int i = below.size() - 1; i >= 0; i--) {
          pending.push(below.get(i));
        }
        return node;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(nodes, Spliterator.ORDERED), false);
  }

  /** A node whose operands are still being computed, and those of them not yet visited. */
  private record Pending(Expr node, Iterator<Expr> operands) {}

  /**
   * The result of {@code combine} for {@code root}, computed bottom up: {@code combine} gets a node
   * and a function that gives the result of each of its operands, as {@code operands} names them,
   * all computed before it, left to right.
   */
  public static <R> R bottomUp(Expr root, Function<Expr, List<Expr>> operands,
      BiFunction<Expr, Function<Expr, R>, R> combine) {
    Map<Expr, R> results = new IdentityHashMap<>();
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending(root, operands.apply(root).iterator()));
    while (true) {
      Pending top = pending.peek();
      if (top.operands().hasNext()) {
        Expr operand = top.operands().next();
        if (!results.containsKey(operand)) {
          pending.push(new Pending(operand, operands.apply(operand).iterator()));
        }
        continue;
      }
      pending.pop();
      R result = combine.apply(top.node(), results::get);
      if (pending.isEmpty()) {
        return result;
      }
      results.put(top.node(), result);
    }
  }

  /**
   * A copy of {@code root} made of new nodes, equal to it but not the same: for a transform that
   * puts an expression into a second statement, since a pass that keeps a node's value in a local
   * (the reverse sweep) knows nodes by identity. Variables, constants and the text of code run as
   * written are shared; a node that appears twice in {@code root} is one node twice in the copy.
   */
  public static Expr copy(Expr root) {
    return bottomUp(root, Statements::operands, (e, copied) -> {
      if (e instanceof Expr.Apply a) {
        return new Expr.Apply(a.primitive(), a.args().stream().map(copied).toList(), a.owner());
      }
      if (e instanceof Expr.Invoke call) {
        return new Expr.Invoke(call.callee(), call.args().stream().map(copied).toList(), call.primalCall());
      }
      if (e instanceof Expr.ElementRead r) {
        return new Expr.ElementRead(r.array(), r.row() == null ? null : copied.apply(r.row()), copied.apply(r.index()));
      }
      if (e instanceof Expr.Length l) {
        return new Expr.Length(l.array(), l.row() == null ? null : copied.apply(l.row()));
      }
      if (e instanceof Expr.IntegralOp op) {
        return new Expr.IntegralOp(op.operator(), op.left() == null ? null : copied.apply(op.left()),
            copied.apply(op.right()), op.type());
      }
      if (e instanceof Expr.Widen w) {
        return new Expr.Widen(copied.apply(w.operand()));
      }
      if (e instanceof Expr.Compare c) {
        return new Expr.Compare(c.operator(), copied.apply(c.left()), copied.apply(c.right()));
      }
      if (e instanceof Expr.Logic l) {
        return new Expr.Logic(l.operator(), copied.apply(l.left()), copied.apply(l.right()));
      }
      if (e instanceof Expr.Not n) {
        return new Expr.Not(copied.apply(n.operand()));
      }
      if (e instanceof Expr.Conditional c) {
        return new Expr.Conditional(copied.apply(c.condition()), copied.apply(c.ifTrue()), copied.apply(c.ifFalse()),
            c.type());
      }
      if (e instanceof Expr.Read r) {
        return new Expr.Read(r.variable());
      }
      if (e instanceof Expr.Opaque o) {
        return new Expr.Opaque(o.type(), o.texts(), o.reads(), o.pure(), o.precedence(), o.source());
      }
      return e;
    });
  }
}
