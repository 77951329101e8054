package io.javagrad;

import java.util.Arrays;

/**
 * The two walks over a graph, {@link Value#backward()} and {@link Value#zeroGrad()}: both first
 * list the nodes that require a gradient, operands before the results computed from them, then go
 * over that list.
 *
 * <p>Leaves are not listed (except a root that is one): they pass nothing on and keep their grad
 * across calls, so {@code backward()} only adds into them from the nodes that use them.
 *
 * <p>The listing is a depth-first walk with an explicit stack, so depth is bounded by memory, not
 * by the thread's stack. It finds whether a node was reached from a mark in the node ({@link
 * Value#mark}), not from a hash set: a node is UNSEEN, then OPEN while its operands are listed (it
 * stays on the stack, under them, to be popped again when they are done), then DONE once listed;
 * a node with no operand left to list is listed at once.
 * A node reached along several paths may be pushed several times before it is opened; the later
 * copies are popped as DONE and skipped. The second pass resets each mark to UNSEEN, so the marks
 * are clean between calls (and are cleaned if the listing fails, e.g. out of memory).
 *
 * <p>Per call, it allocates the list and the stack: 4 bytes per listed node each, at most, with
 * compressed references, plus their doubling growth.
 */
final class ReverseSweep {
  static final byte UNSEEN = 0;
  static final byte OPEN = 1;
  static final byte DONE = 2;

  private static final int INITIAL_CAPACITY = 64;

  private Value[] stack = new Value[INITIAL_CAPACITY];
  private int top;
  private Value[] order = new Value[INITIAL_CAPACITY];
  private int count;

  private ReverseSweep() {}

  static void backward(Value root) {
    if (!root.requiresGrad()) {
      return; // computed from constants only: nothing to differentiate
    }
    ReverseSweep sweep = new ReverseSweep();
    sweep.list(root);
    root.seed();
    // the root was listed last; each node passes its adjoint on only after every result computed
    // from it has added into that adjoint
    for (int i = sweep.count - 1; i >= 0; i--) {
      Value node = sweep.order[i];
      node.mark = UNSEEN;
      node.propagate();
    }
  }

  static void zeroGrad(Value root) {
    if (!root.requiresGrad()) {
      return; // no call writes a constant's grad: it is 0 already
    }
    ReverseSweep sweep = new ReverseSweep();
    sweep.list(root);
    root.clearGrad(); // listed too, unless it is a leaf
    for (int i = 0; i < sweep.count; i++) {
      Value node = sweep.order[i];
      node.mark = UNSEEN;
      node.clearGrad();
      node.clearOperandGrads(); // the leaves, which are not listed
    }
  }

  /**
   * Lists into {@link #order} {@code root} and every node other than a leaf reachable from it
   * through nodes that require a gradient, operands first, and clears the adjoint each
   * intermediate node kept from an earlier call. Leaves every listed node DONE.
   */
  private void list(Value root) {
    try {
      walk(root);
    } catch (RuntimeException | Error e) {
      unmarkAll();
      throw e;
    }
  }

  private void walk(Value root) {
    stack[top++] = root;
    while (top > 0) {
      Value node = stack[--top];
      if (node.mark == UNSEEN) {
        reserve(node.operandCount() + 1);
        // the node stays in its slot, under its operands, to be popped again when they are done
        int above = node.pushUnseenOperands(stack, top + 1);
        if (above == top + 1) {
          listed(node); // nothing to wait for, as for a product of leaves
        } else {
          node.mark = OPEN;
          top = above;
        }
      } else if (node.mark == OPEN) {
        listed(node); // popped again: all its operands are listed
      }
    }
  }

  private void listed(Value node) {
    node.mark = DONE;
    node.clearIfIntermediate();
    append(node);
  }

  private void reserve(int entries) {
    if (top + entries > stack.length) {
      stack = Arrays.copyOf(stack, Math.max(2 * stack.length, top + entries));
    }
  }

  private void append(Value node) {
    if (count == order.length) {
      order = Arrays.copyOf(order, 2 * count);
    }
    order[count++] = node;
  }

  private void unmarkAll() {
    for (int i = 0; i < count; i++) {
      order[i].mark = UNSEEN;
    }
    for (int i = 0; i < top; i++) {
      stack[i].mark = UNSEEN;
    }
  }
}
