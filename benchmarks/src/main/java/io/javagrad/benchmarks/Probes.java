package io.javagrad.benchmarks;

import io.javagrad.Tape;
import io.javagrad.Value;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Measurements that JMH does not make, taken on the benchmarks' own inputs: how deep the generated
 * gradients' {@link Tape} goes (its arrays are reused from call to call, so {@code -prof gc} sees no
 * allocation once they have grown) and how many nodes the dynamic engine builds per call.
 */
public final class Probes {
  private Probes() {}

  /** Peak tape use of one call, in bytes; -1 if the tape's layout is not the one known here. */
  public record TapeUse(long doubles, long ints, long longs) {
    public long bytes() {
      return 8 * doubles + 4 * ints + 8 * longs;
    }
  }

  /** A workload as the report names it, with its trip count (0 for no loop). */
  public record Probe(String workload, long trips, TapeUse tape, long nodes) {}

  private static final long DOUBLE_SENTINEL = 0x7ff8_dead_beef_cafeL;
  private static final int INT_SENTINEL = 0x5eed_dead;
  private static final long LONG_SENTINEL = 0x5eed_dead_beef_cafeL;

  /**
   * Runs {@code call} twice: once to let the tape grow to what the call needs, then again after
   * filling the tape's arrays with a sentinel. The tape pops by moving its top down and never clears
   * what it popped, so the last non-sentinel slot of each array is the call's peak depth.
   */
  public static TapeUse tape(Runnable call) {
    try {
      call.run();
      Tape tape = threadTape();
      double[] doubles = (double[]) field("doubles").get(tape);
      int[] ints = (int[]) field("ints").get(tape);
      long[] longs = (long[]) field("longs").get(tape);
      Arrays.fill(doubles, Double.longBitsToDouble(DOUBLE_SENTINEL));
      Arrays.fill(ints, INT_SENTINEL);
      Arrays.fill(longs, LONG_SENTINEL);
      call.run();
      if (doubles != field("doubles").get(tape) || ints != field("ints").get(tape)
          || longs != field("longs").get(tape)) {
        throw new IllegalStateException("the tape grew on the second of two identical calls");
      }
      int d = doubles.length;
      while (d > 0 && Double.doubleToRawLongBits(doubles[d - 1]) == DOUBLE_SENTINEL) {
        d--;
      }
      int i = ints.length;
      while (i > 0 && ints[i - 1] == INT_SENTINEL) {
        i--;
      }
      int l = longs.length;
      while (l > 0 && longs[l - 1] == LONG_SENTINEL) {
        l--;
      }
      return new TapeUse(d, i, l);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("tape probe unavailable: " + e);
      return new TapeUse(-1, -1, -1);
    }
  }

  /** This (platform) thread's tape, which the calls above used and kept. */
  private static Tape threadTape() throws ReflectiveOperationException {
    return (Tape) ((ThreadLocal<?>) field("TAPES").get(null)).get();
  }

  private static Field field(String name) throws NoSuchFieldException {
    Field field = Tape.class.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** The number of distinct nodes, leaves included, in the graph of {@code out}. */
  public static long nodes(Value out) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Value> stack = new ArrayDeque<>();
    stack.push(out);
    seen.add(out);
    while (!stack.isEmpty()) {
      for (Value operand : stack.pop().operands()) {
        if (seen.add(operand)) {
          stack.push(operand);
        }
      }
    }
    return seen.size();
  }

  /** Every probe, keyed as the report keys benchmarks: class simple name plus parameters. */
  public static Map<String, Probe> all() {
    Map<String, Probe> probes = new LinkedHashMap<>();

    Rosenbrock2DBenchmark r2 = new Rosenbrock2DBenchmark();
    r2.init();
    probes.put("Rosenbrock2DBenchmark", new Probe("Rosenbrock 2-D", 0, tape(r2::generated),
        nodes(() -> WorkloadsGrad.rosenbrock2(new Value(r2.x), new Value(r2.y)))));

    BlackScholesBenchmark bs = new BlackScholesBenchmark();
    bs.init();
    probes.put("BlackScholesBenchmark", new Probe("Black–Scholes", 0, tape(bs::generated),
        nodes(() -> WorkloadsGrad.blackScholesCall(new Value(bs.spot), new Value(bs.strike),
            new Value(bs.expiry), new Value(bs.rate), new Value(bs.volatility)))));

    for (int n : new int[] {10, 100, 1000}) {
      RosenbrockBenchmark r = new RosenbrockBenchmark();
      r.n = n;
      r.init();
      probes.put("RosenbrockBenchmark n=" + n, new Probe("Rosenbrock n=" + n, n - 1,
          tape(r::generated), nodes(() -> WorkloadsGrad.rosenbrock(DynamicEngine.leaves(r.x)))));
    }

    LogisticRegressionBenchmark lr = new LogisticRegressionBenchmark();
    lr.init();
    probes.put("LogisticRegressionBenchmark", new Probe("Logistic regression",
        LogisticRegressionBenchmark.SAMPLES, tape(lr::generated),
        nodes(() -> WorkloadsGrad.logisticLoss(DynamicEngine.leaves(lr.w), new Value(lr.b), lr.x,
            lr.y))));
    probes.put("LogisticRegressionBenchmark.generatedAllInputs", new Probe("Logistic regression, all inputs",
        LogisticRegressionBenchmark.SAMPLES, tape(lr::generatedAllInputs), -1));

    MlpBenchmark mlp = new MlpBenchmark();
    mlp.init();
    probes.put("MlpBenchmark", new Probe("MLP", MlpBenchmark.BATCH, tape(mlp::generated),
        nodes(() -> WorkloadsGrad.mlpLoss(DynamicEngine.leaves(mlp.w), mlp.x, mlp.y))));
    probes.put("MlpBenchmark.generatedAllInputs", new Probe("MLP, all inputs", MlpBenchmark.BATCH,
        tape(mlp::generatedAllInputs), -1));

    for (String instance : new String[] {"2x5", "32x5"}) {
      GmmBenchmark gmm = new GmmBenchmark();
      gmm.instance = instance;
      gmm.init();
      probes.put("GmmBenchmark instance=" + instance, new Probe("GMM " + instance + " (per point)",
          GmmBenchmark.POINTS, tape(gmm::generated), -1));
    }
    for (int layers : new int[] {2, 4}) {
      LstmBenchmark lstm = new LstmBenchmark();
      lstm.layers = layers;
      lstm.init();
      probes.put("LstmBenchmark layers=" + layers, new Probe("LSTM l = " + layers
          + " (per time step)", LstmBenchmark.LENGTH - 1, tape(lstm::generated), -1));
    }

    HeatBenchmark heat = new HeatBenchmark();
    heat.init();
    probes.put("HeatBenchmark", new Probe("Heat conduction (per step)", HeatBenchmark.STEPS,
        tape(heat::generated), -1));

    for (int trips : new int[] {100_000, 1_000_000}) {
      LoopBenchmark loop = new LoopBenchmark();
      loop.trips = trips;
      loop.init();
      probes.put("LoopBenchmark.rosenbrock trips=" + trips, new Probe("Rosenbrock loop", trips,
          tape(loop::rosenbrockGenerated), -1));
      probes.put("LoopBenchmark.pendulum trips=" + trips, new Probe("Pendulum", trips,
          tape(loop::pendulumGenerated), -1));
    }
    return probes;
  }

  private static long nodes(Supplier<Value> graph) {
    return nodes(graph.get());
  }

  /** Prints every probe, for a look by hand. */
  public static void main(String[] args) {
    all().forEach((key, probe) -> System.out.println(key + ": " + probe));
  }
}
