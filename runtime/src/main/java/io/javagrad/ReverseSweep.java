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
 * a node with no operand left to list is listed at once. A node reached along several paths may
 * be pushed several times before it is opened; the later copies are popped as DONE and skipped.
 * The second pass resets each mark to UNSEEN, so the marks are clean between calls (and are
 * cleaned if the listing fails, e.g. out of memory).
 *
 * <p>The stack and the list share one array, the stack growing up from its start and the list down
 * from its end: every node listed was popped first, so the list only ever takes a slot the stack
 * has just given back. The array is all a call allocates: at its largest, 4 bytes (with compressed
 * references) per listed node plus one per pending stack entry, and its doubling growth.
 */
final class ReverseSweep {
  static final byte UNSEEN = 0;
  static final byte OPEN = 1;
  static final byte DONE = 2;

  private static final int INITIAL_CAPACITY = 64;

  /** The stack in {@code [0, top)}; the list in {@code [listed, length)}, the latest first. */
  private Value[] nodes = new Value[INITIAL_CAPACITY];
  private int top;
  private int listed = INITIAL_CAPACITY;

  private ReverseSweep() {}

  static void backward(Value root) {
    if (!root.requiresGrad()) {
      return; // computed from constants only: nothing to differentiate
    }
    ReverseSweep sweep = new ReverseSweep();
    sweep.list(root);
    root.seed();
    // latest listed first, so the root first: each node passes its adjoint on only after every
    // result computed from it has added into that adjoint
    Value[] nodes = sweep.nodes;
    for (int i = sweep.listed; i < nodes.length; i++) {
      Value node = nodes[i];
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
    Value[] nodes = sweep.nodes;
    for (int i = sweep.listed; i < nodes.length; i++) {
      Value node = nodes[i];
      node.mark = UNSEEN;
      node.clearGrad();
      node.clearOperandGrads(); // the leaves, which are not listed
    }
  }

  /**
   * Lists {@code root} and every node other than a leaf reachable from it through nodes that
   * require a gradient, operands first, and clears the adjoint each intermediate node kept from an
   * earlier call. Leaves every listed node DONE.
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
    nodes[top++] = root;
    while (top > 0) {
      Value node = nodes[--top];
      if (node.mark == UNSEEN) {
        reserve(node.operandCount() + 1);
        // the node stays in its slot, under its operands, to be popped again when they are done
        int above = node.pushUnseenOperands(nodes, top + 1);
        if (above == top + 1) {
          append(node); // nothing to wait for, as for a product of leaves
        } else {
          node.mark = OPEN;
          top = above;
        }
      } else if (node.mark == OPEN) {
        append(node); // popped again: all its operands are listed
      }
    }
  }

  /** Lists a node just popped, in the slot below the list: there is one, since the pop freed it. */
  private void append(Value node) {
    node.mark = DONE;
    node.clearIfIntermediate();
    nodes[--listed] = node;
  }

  /** Makes room for {@code entries} more on the stack, moving the list to the new array's end. */
  private void reserve(int entries) {
    int needed = top + entries + (nodes.length - listed);
    if (needed > nodes.length) {
      Value[] grown = Arrays.copyOf(nodes, Math.max(2 * nodes.length, needed));
      int listLength = nodes.length - listed;
      System.arraycopy(nodes, listed, grown, grown.length - listLength, listLength);
      listed = grown.length - listLength;
      nodes = grown;
    }
  }

  private void unmarkAll() {
    for (int i = 0; i < top; i++) {
      nodes[i].mark = UNSEEN;
    }
    for (int i = listed; i < nodes.length; i++) {
      nodes[i].mark = UNSEEN;
    }
  }
}
