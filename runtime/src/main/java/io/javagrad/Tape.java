package io.javagrad;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The stack on which a generated gradient records what its reverse sweep needs from inside loops:
 * values about to be overwritten, branch decisions, trip counts, and the arrays a local array
 * variable held before it was given another (a new array made in a loop, a buffer swap). The
 * forward sweep pushes, the reverse sweep pops the same entries in the opposite order.
 *
 * <p><b>Calls nest.</b> Each generated entry point that records anything opens a frame ({@link
 * #enter()}) and closes it in a {@code finally} ({@link #exit()}), which puts the tape back exactly
 * as the entry found it, even when the call throws. So a gradient computed while another is in
 * progress on the same thread (in a class initialiser, a callback, a recursive call) leaves the
 * outer one's records alone, and an exception leaves nothing behind.
 *
 * <p><b>Gradient buffers.</b> A generated caller receives a callee's gradient in an array the tape
 * lends it ({@link #gradientBuffer(int)}), one per level of nesting, kept and reused from call to
 * call: a recursive or nested activation of the same call site gets an array of its own, never one
 * an activation further out still reads. What a frame borrowed goes back when it closes, or earlier
 * through {@link #returnBuffers(int)}.
 *
 * <p><b>Memory.</b> A platform thread keeps one tape, reused from call to call: its arrays grow
 * (doubling, up to the VM's limit on array length) to the largest call the thread has made, so a
 * gradient through loops allocates nothing once the thread has warmed up. When the outermost call
 * returns with the tape above {@value #RETAIN_PROPERTY} bytes (default 64 MiB), the tape shrinks
 * back, so one huge call does not pin its memory for the thread's lifetime; {@link #release()}
 * drops the calling thread's tape at once. A virtual thread (Java 21 and later) keeps no tape of
 * its own: its outermost call borrows one from a small shared pool and returns it, so a hundred
 * thousand virtual threads cost about what a pool of carrier threads costs. Each record costs 8
 * bytes per double or long, 4 per int or boolean, one reference per array (the array itself is kept,
 * not copied), and each open frame 20 bytes.
 *
 * <p>Not meant for use outside generated code, except {@link #release()}.
 */
public final class Tape {
  /** The system property that caps, in bytes, what a tape keeps between calls. */
  public static final String RETAIN_PROPERTY = "javagrad.tape.retainBytes";

  /** The longest array the VM reliably allocates (as {@code jdk.internal.util.ArraysSupport}). */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private static final long RETAINED_BYTES = Long.getLong(RETAIN_PROPERTY, 64L << 20);
  private static final ThreadLocal<Tape> TAPES = ThreadLocal.withInitial(() -> new Tape(false));
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
  /** Tapes lent to virtual threads: enough for every carrier thread, with room for nested calls. */
  private static final AtomicReferenceArray<Tape> POOL =
      new AtomicReferenceArray<>(4 * Runtime.getRuntime().availableProcessors());

  private final boolean pooled;
  private double[] doubles = new double[64];
  private int doubleTop;
  private int[] ints = new int[64];
  private int intTop;
  private long[] longs = new long[8];
  private int longTop;
  private Object[] references = new Object[8];
  private int referenceTop;
  /** Where the innermost open frame's marks end on the int stack; 0 when no frame is open. */
  private int frame;
  /** The arrays {@link #gradientBuffer(int)} lends, by level; those from {@code bufferTop} on are free. */
  private double[][] buffers = new double[4][];
  private int bufferTop;

  private Tape(boolean pooled) {
    this.pooled = pooled;
  }

  /**
   * Opens a frame on a tape for the calling thread, recording where each stack stands: this
   * thread's own tape, or on a virtual thread one borrowed from the pool. Generated entry points
   * call it first and {@link #exit()} in a {@code finally}.
   */
  public static Tape enter() {
    Tape tape = onVirtualThread() ? borrow() : TAPES.get();
    tape.open();
    return tape;
  }

  /**
   * Closes the innermost frame: every stack goes back to where {@link #enter()} found it. Closing
   * the outermost frame shrinks a tape grown past the retained size, and returns a borrowed one.
   */
  public void exit() {
    int marks = frame - 5;
    doubleTop = ints[marks];
    longTop = ints[marks + 1];
    // Arrays left by a call that threw are let go, so the tape does not keep them alive.
    Arrays.fill(references, ints[marks + 2], referenceTop, null);
    referenceTop = ints[marks + 2];
    bufferTop = ints[marks + 3];
    frame = ints[marks + 4];
    intTop = marks;
    if (marks == 0) {
      shrinkIfAbove(RETAINED_BYTES);
      if (pooled) {
        giveBack(this);
      }
    }
  }

  /**
   * Drops the calling thread's tape, whatever its size; the thread's next gradient starts a new
   * one. Does nothing while a gradient is in progress on the thread, nor on a virtual thread, which
   * keeps none.
   */
  public static void release() {
    if (!onVirtualThread() && TAPES.get().intTop == 0) {
      TAPES.remove();
    }
  }

  private void open() {
    int doubleMark = doubleTop;
    int longMark = longTop;
    int referenceMark = referenceTop;
    int bufferMark = bufferTop;
    int enclosing = frame;
    push(doubleMark);
    push(longMark);
    push(referenceMark);
    push(bufferMark);
    push(enclosing);
    frame = intTop;
  }

  /** The bytes this tape's arrays take. */
  long capacityBytes() {
    long bytes = 8L * doubles.length + 4L * ints.length + 8L * longs.length + 8L * references.length;
    for (double[] buffer : buffers) {
      bytes += buffer == null ? 0 : 8L * buffer.length;
    }
    return bytes;
  }

  /** With no frame open: back to the initial arrays if they take more than {@code bytes}. */
  void shrinkIfAbove(long bytes) {
    if (capacityBytes() > bytes) {
      doubles = new double[64];
      ints = new int[64];
      longs = new long[8];
      references = new Object[8];
      buffers = new double[4][];
    }
  }

  /**
   * Lends an array of at least {@code length} doubles, its contents unspecified, until the
   * innermost frame closes or {@link #returnBuffers(int)} takes it back: where generated code
   * receives a callee's gradient. Each level of nesting has its own array, grown when a call needs
   * more room and reused afterwards, so a warmed-up thread allocates nothing here.
   */
  public double[] gradientBuffer(int length) {
    if (bufferTop == buffers.length) {
      buffers = Arrays.copyOf(buffers, grownLength(buffers.length));
    }
    double[] buffer = buffers[bufferTop];
    if (buffer == null || buffer.length < length) {
      buffer = new double[length];
      buffers[bufferTop] = buffer;
    }
    bufferTop++;
    return buffer;
  }

  /** Takes back the gradient buffer lent last. */
  public void returnBuffer() {
    bufferTop--;
  }

  /** How many gradient buffers are lent, for {@link #returnBuffers(int)}. */
  public int buffersLent() {
    return bufferTop;
  }

  /** Takes back the gradient buffers lent since {@link #buffersLent()} answered {@code lent}. */
  public void returnBuffers(int lent) {
    bufferTop = lent;
  }

  public void push(double value) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, grownLength(doubles.length));
    }
    doubles[doubleTop++] = value;
  }

  public double popDouble() {
    return doubles[--doubleTop];
  }

  /** Pushes {@code values[0]} to {@code values[length - 1]}, for {@link #pop(double[], int)} to take back whole. */
  public void push(double[] values, int length) {
    while (doubles.length - doubleTop < length) {
      doubles = Arrays.copyOf(doubles, grownLength(doubles.length));
    }
    System.arraycopy(values, 0, doubles, doubleTop, length);
    doubleTop += length;
  }

  /** Pops the {@code length} values that {@link #push(double[], int)} pushed last, into {@code values}, in their order. */
  public void pop(double[] values, int length) {
    doubleTop -= length;
    System.arraycopy(doubles, doubleTop, values, 0, length);
  }

  public void push(int value) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, grownLength(ints.length));
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
      longs = Arrays.copyOf(longs, grownLength(longs.length));
    }
    longs[longTop++] = value;
  }

  public long popLong() {
    return longs[--longTop];
  }

  /** Keeps a reference to {@code array} (or null), not a copy: the array a variable held before it was reassigned. */
  public void push(Object array) {
    if (referenceTop == references.length) {
      references = Arrays.copyOf(references, grownLength(references.length));
    }
    references[referenceTop++] = array;
  }

  /** The reference last pushed, as the type the generated code assigns it to, and lets go of it. */
  @SuppressWarnings("unchecked")
  public <T> T popReference() {
    T array = (T) references[--referenceTop];
    references[referenceTop] = null;
    return array;
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }

  /** Twice {@code length}, or as long as an array can be; past that, no room is left. */
  static int grownLength(int length) {
    if (length >= MAX_LENGTH) {
      throw new OutOfMemoryError("javagrad Tape: a gradient recorded more than " + MAX_LENGTH
          + " entries of one type, the most a Java array holds; differentiate fewer iterations per call");
    }
    return length <= MAX_LENGTH / 2 ? 2 * length : MAX_LENGTH;
  }

  private static Tape borrow() {
    int start = (int) (Thread.currentThread().getId() % POOL.length());
    for (int i = 0; i < POOL.length(); i++) {
      Tape tape = POOL.getAndSet((start + i) % POOL.length(), null);
      if (tape != null) {
        return tape;
      }
    }
    return new Tape(true);
  }

  /** Returns a borrowed tape to a free place in the pool; with none free, the tape is dropped. */
  private static void giveBack(Tape tape) {
    int start = (int) (Thread.currentThread().getId() % POOL.length());
    for (int i = 0; i < POOL.length(); i++) {
      if (POOL.compareAndSet((start + i) % POOL.length(), null, tape)) {
        return;
      }
    }
  }

  /** {@code Thread.isVirtual()} where the running JDK has it (19 and later); compiled for 17. */
  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException olderJdk) {
      return null;
    }
  }

  /** Whether the calling thread is virtual. */
  static boolean onVirtualThread() {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
    } catch (Throwable unexpected) {
      throw new IllegalStateException(unexpected);
    }
  }
}
