package io.javagrad.benchmarks;

import io.javagrad.Value;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * {@code backward()} alone on graphs of a million and ten million operations, at the JVM's default
 * heap: a harness of its own rather than JMH, because one graph takes seconds to build and a
 * gigabyte or more to hold, which JMH's forks and iterations would multiply.
 *
 * <p>For each shape and size it builds one graph, runs {@code backward()} {@value #WARMUPS} times
 * to let the JIT compile it, then {@value #RUNS} timed times, each after {@code zeroGrad()} and a
 * {@code System.gc()} that are not timed, and prints the best and the median wall-clock time per
 * operation node (leaves are not counted), and the best CPU time of the calling thread per node:
 * on a machine shared with other work the wall clock also counts the time the thread waited for a
 * core, which the CPU time leaves out (it also leaves out the garbage collector's own threads).
 *
 * <ul>
 *   <li><b>chain</b>: {@code v = v * 1.0000001}, n times: n nodes, each with a constant operand.
 *   <li><b>fan-in</b>: {@code Σ w[i] x[i]} as n products of two leaves that both require a
 *       gradient, summed by one n-ary node: n + 1 operations, 2n leaves.
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.javagrad.benchmarks.BackwardScale
 * [sizes...]} (default 1000000 10000000). It uses only API the engine has had from the start, so
 * it measures an older runtime on the same graphs too.
 */
public final class BackwardScale {
  static final int WARMUPS = 2;
  static final int RUNS = 5;
  private static final double FACTOR = 1.0000001;

  private BackwardScale() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1_000_000, 10_000_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf(Locale.ROOT, "Java %s, max heap %d MB, %d processors%n", System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    for (int n : sizes) {
      measure("chain", n, BackwardScale::chain);
      measure("fan-in", n, BackwardScale::fanIn);
    }
  }

  /** The one-minute load average, or "?" where the platform does not give it. */
  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "?" : String.format(Locale.ROOT, "%.1f", load);
  }

  static Value chain(int n) {
    Value v = new Value(0.5);
    for (int i = 0; i < n; i++) {
      v = v.mul(FACTOR);
    }
    return v;
  }

  static Value fanIn(int n) {
    List<Value> products = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      products.add(new Value(i % 10 * 0.1).mul(new Value(1 - i % 7 * 0.1)));
    }
    return Value.sum(products);
  }

  private static void measure(String shape, int n, IntFunction<Value> build) {
    Value root = build.apply(n);
    for (int i = 0; i < WARMUPS; i++) {
      root.backward();
      root.zeroGrad();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[RUNS];
    long bestCpu = Long.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      System.gc();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      root.backward();
      nanos[i] = System.nanoTime() - start;
      bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpuStart);
      root.zeroGrad();
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-7s n = %,11d: best %6.1f ns per node, median %6.1f; CPU time best %6.1f"
        + " (median call %.3f s; load average %s)%n", shape, n, (double) nanos[0] / n, (double) nanos[RUNS / 2] / n,
        (double) bestCpu / n, nanos[RUNS / 2] / 1e9, loadAverage());
  }
}
