package io.javagrad;

import java.util.Arrays;

/**
 * The stack on which a generated gradient records what its reverse sweep needs from inside loops:
 * values about to be overwritten, branch decisions, trip counts. The forward sweep pushes, the
 * reverse sweep pops the same entries in the opposite order, so a call leaves the tape as it found
 * it, and calls from one companion into another simply stack their entries.
 *
 * <p>One tape per thread, reused across calls: its arrays grow (doubling) to the largest call the
 * thread has made and are then reused, so a gradient through loops allocates nothing once a thread
 * has warmed up, and companions are safe to call from many threads. Memory: 8 bytes per recorded
 * double or long, 4 per recorded int or boolean. Not meant for use outside generated code.
 */
public final class Tape {
  private static final ThreadLocal<Tape> TAPES = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[64];
  private int doubleTop;
  private int[] ints = new int[64];
  private int intTop;
  private long[] longs = new long[8];
  private int longTop;

  private Tape() {}

  /** This thread's tape. */
  public static Tape get() {
    return TAPES.get();
  }

  /**
   * Empties the tape: gradient entry points call this first, so that entries an earlier call left
   * behind when it threw (an index out of bounds, say) are dropped.
   */
  public Tape clear() {
    doubleTop = 0;
    intTop = 0;
    longTop = 0;
    return this;
  }

  public void push(double value) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, 2 * doubles.length);
    }
    doubles[doubleTop++] = value;
  }

  public double popDouble() {
    return doubles[--doubleTop];
  }

  public void push(int value) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, 2 * ints.length);
    }
    ints[intTop++] = value;
  }

  public void push(boolean value) {
    push(value ? 1 : 0);
  }

  public int popInt() {
    return ints[--intTop];
  }

  public void push(long value) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, 2 * longs.length);
    }
    longs[longTop++] = value;
  }

  public long popLong() {
    return longs[--longTop];
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }
}
