package io.javagrad;

/**
 * A per-thread scratch array through which generated code receives a callee's gradient when one
 * {@code @Differentiable} method calls another. Companion classes declare one per call site.
 *
 * <p>Each thread gets its own array, grown when a call needs more room and reused afterwards, so a
 * gradient that flows through calls allocates nothing once a thread has warmed up, and companions
 * stay safe to call from many threads at once. A virtual thread, which usually runs one task and
 * ends, gets a new array each time instead, so that a hundred thousand of them keep no arrays.
 * Not meant for use outside generated code.
 */
public final class PullbackBuffer {
  private static final double[] EMPTY = new double[0];

  private final ThreadLocal<double[]> buffer = ThreadLocal.withInitial(() -> EMPTY);

  /** An empty buffer; a companion creates one per call site. */
  public PullbackBuffer() {}

  /** This thread's array, at least {@code length} long; its contents are unspecified. */
  public double[] get(int length) {
    if (Tape.onVirtualThread()) {
      return new double[length];
    }
    double[] array = buffer.get();
    if (array.length < length) {
      array = new double[length];
      buffer.set(array);
    }
    return array;
  }
}
