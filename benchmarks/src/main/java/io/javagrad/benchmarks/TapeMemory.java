package io.javagrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the generated gradients' {@code io.javagrad.Tape} keeps and allocates, measured where JMH
 * does not look: the memory a thread keeps after one huge call (and after {@code Tape.release()}),
 * and the allocation of many short tasks on virtual threads against a small platform pool. A
 * harness, not a JMH benchmark: a task count, a wall time and the VM's allocation counter per
 * executor. Needs Java 21 or later for the virtual threads:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.javagrad.benchmarks.TapeMemory [tasks] [steps]
 * </pre>
 */
public final class TapeMemory {
  private static final int HUGE_STEPS = 10_000_000;

  private TapeMemory() {}

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    retained();
    for (int round = 0; round < 2; round++) { // the first round warms up
      System.out.println(round == 0 ? "warm-up:" : "measured:");
      tasks("platform pool of 2", Executors.newFixedThreadPool(2), tasks, steps);
      ExecutorService virtual = virtualThreadPerTask();
      if (virtual != null) {
        tasks("virtual thread per task", virtual, tasks, steps);
      }
    }
  }

  /** The tape this thread keeps after one call of {@value #HUGE_STEPS} steps, and after a release. */
  private static void retained() throws ReflectiveOperationException {
    pendulum(HUGE_STEPS);
    System.out.printf("after one call of %,d steps this thread keeps a tape of %,d bytes%n", HUGE_STEPS, tapeBytes());
    try {
      Class.forName("io.javagrad.Tape").getMethod("release").invoke(null);
      System.out.printf("after Tape.release(): %,d bytes%n", tapeBytes());
    } catch (NoSuchMethodException olderRuntime) {
      System.out.println("(this runtime has no Tape.release())");
    }
  }

  /** Runs {@code tasks} gradients of {@code steps} steps each on {@code executor}; prints time and allocation. */
  private static void tasks(String name, ExecutorService executor, int tasks, int steps) throws Exception {
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    Future<?>[] futures = new Future<?>[tasks];
    for (int t = 0; t < tasks; t++) {
      futures[t] = executor.submit(() -> pendulum(steps));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    long nanos = System.nanoTime() - start;
    long allocated = allocatedBytes() - allocatedBefore;
    executor.shutdown();
    executor.awaitTermination(1, TimeUnit.MINUTES);
    System.out.printf("  %-24s %,9d tasks of %,d steps: %,7d ms, %,15d bytes allocated (%,9d per task)%n", name,
        tasks, steps, nanos / 1_000_000, allocated, allocated / tasks);
  }

  private static double pendulum(int steps) {
    double[] grad = new double[5];
    return WorkloadsGrad.pendulum(1.0, 0.0, 9.81, 0.1, 10.0 / steps, steps, grad);
  }

  /** All the VM's threads' allocation so far (Java 21 and later), or -1. */
  private static long allocatedBytes() {
    try {
      Object bean = ManagementFactory.getThreadMXBean();
      Method total = Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
      return (long) total.invoke(bean);
    } catch (ReflectiveOperationException olderJdk) {
      return -1;
    }
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21 and later, else null. */
  private static ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException olderJdk) {
      return null;
    }
  }

  /** The bytes of the calling thread's tape's arrays. */
  private static long tapeBytes() throws ReflectiveOperationException {
    Class<?> tapeClass = Class.forName("io.javagrad.Tape");
    Field tapes = tapeClass.getDeclaredField("TAPES");
    tapes.setAccessible(true);
    Object tape = ((ThreadLocal<?>) tapes.get(null)).get();
    return 8L * length(tape, "doubles") + 4L * length(tape, "ints") + 8L * length(tape, "longs");
  }

  private static int length(Object tape, String field) throws ReflectiveOperationException {
    Field f = tape.getClass().getDeclaredField(field);
    f.setAccessible(true);
    Object array = f.get(tape);
    return java.lang.reflect.Array.getLength(array);
  }
}
