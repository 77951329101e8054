package io.javagrad;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Supplier;

/**
 * How deep generated code recurses on one thread. A generated pullback, tangent or twin frame holds
 * more than the user's method does (the reverse sweep's locals, a tape), so on the same stack a
 * recursive method's gradient would overflow long before the method itself. Each entry point of a
 * recursive method that its callers reach therefore counts its levels on the calling thread
 * ({@link #enter(int)}), each as the number of {@value #LEVEL_BYTES} bytes its frames may take
 * (one, but for methods with many locals); past {@value #LEVELS_ON_CALLER} of them (or {@value
 * #LEVELS_ON_WORKER} on a thread of this class's own) the recursion goes on in a new thread with a
 * stack of {@value #WORKER_STACK_BYTES} bytes ({@link #onNewThread}), while the calling thread
 * waits, so that the code still runs one statement at a time, in the order written. Only what a
 * stack uses is committed; a recursion shallower than {@value #LEVELS_ON_CALLER} levels of one
 * never leaves its thread.
 *
 * <p>Not meant for use outside generated code.
 */
public final class Recursion {
  /**
   * The stack a level of one takes at most: the generated code weighs a level whose frames may take
   * more as several ({@code RecursionLevels} in the processor estimates them from its locals).
   */
  static final int LEVEL_BYTES = 2_048;
  /** Levels a thread not made here holds: half a default stack of 1 MiB, the rest left to its caller. */
  static final int LEVELS_ON_CALLER = 256;
  /** Levels a thread made here holds: a quarter of {@link #WORKER_STACK_BYTES}. */
  static final int LEVELS_ON_WORKER = 65_536;
  static final long WORKER_STACK_BYTES = 512L << 20;

  private static final ThreadLocal<Recursion> LEVELS = ThreadLocal.withInitial(
      () -> new Recursion(Thread.currentThread() instanceof Worker ? LEVELS_ON_WORKER : LEVELS_ON_CALLER));

  private final int limit;
  private int open;

  private Recursion(int limit) {
    this.limit = limit;
  }

  /**
   * Opens a level that weighs {@code weight} levels of {@link #LEVEL_BYTES} on the calling thread,
   * to be closed by {@link #exit(int)} in a {@code finally}; or returns null, opening nothing,
   * when the thread holds too many to take it, and the level must run in {@link #onNewThread}. A
   * thread with none open takes a level whatever it weighs, so that a new one takes what it was
   * made for.
   */
  public static Recursion enter(int weight) {
    Recursion levels = LEVELS.get();
    if (levels.open + weight > levels.limit && levels.open > 0) {
      return null;
    }
    levels.open += weight;
    return levels;
  }

  /** Closes the level of {@code weight} that {@link #enter(int)} opened. */
  public void exit(int weight) {
    open -= weight;
  }

  /**
   * Runs {@code level} on a new thread with a large stack and returns its result, or throws what it
   * threw. The calling thread waits for it, through interrupts too (which it keeps for later): the
   * level runs the user's code, which must not run beside the caller's.
   */
  public static <T> T onNewThread(Supplier<T> level) {
    Worker worker = new Worker(level);
    worker.start();
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return worker.result();
  }

  private static final class Worker extends Thread {
    private final Supplier<?> level;
    private Object result;
    private Throwable failure;

    Worker(Supplier<?> level) {
      super(null, null, "javagrad-recursion", WORKER_STACK_BYTES);
      this.level = level;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        result = level.get();
      } catch (Throwable t) {
        failure = t;
      }
    }

    @SuppressWarnings("unchecked")
    <T> T result() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        // Generated code declares no checked exception, but user code can throw one all the same.
        throw new UndeclaredThrowableException(failure);
      }
      return (T) result;
    }
  }
}
