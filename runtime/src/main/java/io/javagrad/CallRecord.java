package io.javagrad;

import java.util.Arrays;

/**
 * What one call of a recursive helper returning a {@code double[]} leaves for the reverse sweep:
 * the value it returned, and the records of the calls of such helpers it made, in the order it
 * made them. Generated code alone uses it, through a protocol of three steps:
 *
 * <ol>
 *   <li><b>Forward.</b> The caller's forward sweep runs the helper's forward method, {@code
 *       h$forward(args..., record)}, given a new record from {@link #call()}: the helper's body as
 *       written, whose own calls of such helpers take their records from {@link #call()} on it, and
 *       whose return keeps a copy of the value ({@link #returned}).
 *   <li><b>Replay.</b> The caller's reverse sweep runs the helper's vector-Jacobian product, {@code
 *       h$vjp(args..., record, seed, adjoints, offset)}, given the record back from {@link #back()}.
 *       It runs the helper's body once more, with its forward sweep, but each call the body makes
 *       of such a helper takes the value its record kept ({@link #replay()}) instead of running.
 *   <li><b>Reverse.</b> The reverse sweep of that body then runs each such call's own {@code
 *       h$vjp} with the call's record ({@link #back()}), in the opposite order.
 * </ol>
 *
 * <p>So each call runs twice, whatever the depth: once forward, once replayed with its reverse
 * sweep; a recursion costs time linear in its calls, and memory linear in the calls and the
 * lengths of their values. Which call's record {@link #back()} gives is kept as a stack, so a
 * reverse sweep that runs a loop's iterations backwards, or each iteration's reverse right after
 * it, finds the record of the call it reverses.
 *
 * <p>Not meant for use outside generated code.
 */
public final class CallRecord {
  private static final CallRecord[] NONE = new CallRecord[0];

  /** The records of the calls made, in the order they were made. */
  private CallRecord[] calls = NONE;
  private int made;
  /** How many of {@link #calls} the replay has taken. */
  private int replayed;
  /** The calls made or replayed whose reverse has not run yet, the last on top. */
  private CallRecord[] open = NONE;
  private int opened;
  /** A copy of the value the call returned. */
  private double[] value;

  /** A record for the calls of one activation: the one that the outermost reverse sweep holds. */
  public CallRecord() {}

  /**
   * The record of a call about to be made: a new one, kept as the next call's, and opened, so that
   * {@link #back()} gives it.
   */
  public CallRecord call() {
    CallRecord record = new CallRecord();
    if (made == calls.length) {
      calls = Arrays.copyOf(calls, Math.max(4, 2 * made));
    }
    calls[made++] = record;
    open(record);
    return record;
  }

  /**
   * Keeps a copy of {@code value}, the value the call returns, for the replay, and returns {@code
   * value}. The calls opened while the call ran forward are closed: its replay opens them again.
   */
  public double[] returned(double[] value) {
    this.value = value.clone();
    Arrays.fill(open, 0, opened, null);
    opened = 0;
    return value;
  }

  /**
   * The value the next call returned, as the replay of the body takes it instead of making the call;
   * the call's record is opened, so that {@link #back()} gives it to the call's reverse. The value is
   * the record's own copy, given once: the replay may write into it.
   */
  public double[] replay() {
    if (replayed == made) {
      throw new IllegalStateException("the replay of a recorded call made more calls than the call did");
    }
    CallRecord record = calls[replayed];
    calls[replayed++] = null;
    open(record);
    double[] kept = record.value;
    if (kept == null) {
      throw new IllegalStateException("a recorded call returned no value");
    }
    return kept;
  }

  /** The record of the last call opened whose reverse has not run, which it closes. */
  public CallRecord back() {
    if (opened == 0) {
      throw new IllegalStateException("the reverse sweep reversed a call that was not made");
    }
    CallRecord record = open[--opened];
    open[opened] = null;
    return record;
  }

  private void open(CallRecord record) {
    if (opened == open.length) {
      open = Arrays.copyOf(open, Math.max(4, 2 * opened));
    }
    open[opened++] = record;
  }
}
