package io.javagrad;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How deep generated code recurses on one thread. A generated pullback, tangent or twin frame holds
 * more than the user's method does (the reverse sweep's locals, a tape), so on the same stack a
 * recursive method's gradient would overflow long before the method itself. Each entry point of a
 * recursive method that its callers reach therefore counts its levels on the calling thread
 * ({@link #enter(int)}), each as the number of {@value #LEVEL_BYTES} bytes its frames may take
 * (one, but for methods with many locals); past {@value #LEVELS_ON_CALLER} of them (or {@value
 * #LEVELS_ON_WORKER} on a thread of this class's own) the recursion goes on in a thread of this
 * class's, with a stack of {@value #WORKER_STACK_BYTES} bytes ({@link #onLargeStack}), while the
 * calling thread waits, so that the code still runs one statement at a time, in the order written.
 * Only what a stack uses is committed; a recursion shallower than {@value #LEVELS_ON_CALLER} levels
 * of one never leaves its thread.
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
   * when the thread holds too many to take it, and the level must run in {@link #onLargeStack}. A
   * thread with none open takes a level whatever it weighs, so that one of this class's takes what
   * it is given.
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
   * Runs {@code level} on a thread of this class's, with a large stack, and returns its result, or
   * throws what it threw. The calling thread waits for it, through interrupts too (which it keeps
   * for later): the level runs the user's code, which must not run beside the caller's. A thread
   * that finished a level waits {@value #IDLE_SECONDS} seconds for the next, since making one costs
   * far more than a level of most recursions.
   */
  public static <T> T onLargeStack(Supplier<T> level) {
    Task<T> task = new Task<>(level);
    Worker worker = IDLE.pollFirst();
    if (worker == null) {
      worker = new Worker();
      worker.start();
    }
    worker.give(task);
    return task.result();
  }

  /** How long a thread of this class's waits for another level before it ends. */
  static final int IDLE_SECONDS = 30;
  private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();

  /** A level to run, and what came of it. */
  private static final class Task<T> {
    private final Supplier<T> level;
    private final CountDownLatch done = new CountDownLatch(1);
    private T result;
    private Throwable failure;

    Task(Supplier<T> level) {
      this.level = level;
    }

    void run() {
      try {
        result = level.get();
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Lets the caller go on, with the result or the failure. */
    void finish() {
      done.countDown();
    }

    T result() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
      return result;
    }
  }

  private static final class Worker extends Thread {
    private final SynchronousQueue<Task<?>> tasks = new SynchronousQueue<>();

    Worker() {
      super(null, null, "javagrad-recursion", WORKER_STACK_BYTES);
      setDaemon(true);
    }

    /** Hands {@code task} over, waiting until the thread takes it: one taken from the idle ones is about to. */
    void give(Task<?> task) {
      boolean interrupted = false;
      while (true) {
        try {
          tasks.put(task);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      while (true) {
        Task<?> task;
        try {
          task = tasks.poll(IDLE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          continue;
        }
        if (task == null) {
          // Ends unless a caller took it from the idle ones meanwhile: that caller's task is coming.
          if (IDLE.remove(this)) {
            return;
          }
          continue;
        }
        task.run();
        Thread.interrupted();
        // Idle before the caller goes on, so that its next deep recursion finds this thread.
        IDLE.push(this);
        task.finish();
      }
    }
  }
}
