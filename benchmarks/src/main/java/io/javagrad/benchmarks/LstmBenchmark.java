package io.javagrad.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * ADBench's LSTM objective, {@link AdBench#lstmObjective}, over a sequence of {@value #LENGTH}
 * characters of {@value #UNITS} (ADBench's instances l2_c1024 and l4_c1024): primal, generated
 * gradient and hand-written adjoint ({@link AdBenchAdjoints#lstmObjective}).
 */
public class LstmBenchmark extends CheckedBenchmark {
  /** ADBench's character count {@code b}: units per layer. */
  static final int UNITS = 14;
  /** ADBench's sequence length {@code c}. */
  static final int LENGTH = 1024;

  @Param({"2", "4"})
  int layers;

  double[] mainParams;
  double[] extraParams;
  double[] state;
  double[] sequence;
  double[] grad;
  /** The hand-written adjoint's trajectory workspace, owned by the caller. */
  double[] work;

  /** Makes the inputs, from a fixed seed. */
  @Override
  void init() {
    SplittableRandom random = new SplittableRandom(8);
    mainParams = uniform(random, 8 * layers * UNITS, -0.5, 0.5);
    extraParams = uniform(random, 3 * UNITS, -0.5, 0.5);
    state = uniform(random, 2 * layers * UNITS, -0.5, 0.5);
    sequence = uniform(random, LENGTH * UNITS, 0, 1);
    grad = new double[mainParams.length + extraParams.length];
    work = new double[(LENGTH - 1) * AdBenchAdjoints.lstmRecord(layers, UNITS)];
  }

  private static double[] uniform(SplittableRandom random, int length, double low, double high) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble(low, high);
    }
    return values;
  }

  /** Checks the primal and the hand-written adjoint against the generated gradient, always. */
  @Override
  void check(String variant) {
    Agreement.againstGenerated("lstm", this::generated, grad, this::primal, this::handWritten);
  }

  @Benchmark
  public double primal() {
    return AdBench.lstmObjective(mainParams, extraParams, state, sequence, layers);
  }

  @Benchmark
  public double generated() {
    return AdBenchGrad.lstmObjective(mainParams, extraParams, state, sequence, layers, grad);
  }

  @Benchmark
  public double handWritten() {
    return AdBenchAdjoints.lstmObjective(mainParams, extraParams, state, sequence, layers, grad,
        work);
  }
}
