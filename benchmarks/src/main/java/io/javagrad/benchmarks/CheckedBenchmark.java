package io.javagrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What every workload benchmark shares: the measurement settings (JMH reads these annotations from
 * the superclass, so every subclass is measured alike) and a setup that makes the inputs and then
 * checks, through {@link Agreement}, that the variant about to be measured computes the right
 * gradient. The {@code @Benchmark} methods stay declared in each subclass: the report and {@link
 * Probes} find them by class and method name, and a call through this class would be measured too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public abstract class CheckedBenchmark {
  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** Makes the inputs; {@link Probes} calls it too, to measure on the same inputs. */
  abstract void init();

  /**
   * Checks {@code variant}, the name of the benchmark method about to be measured, against the
   * generated gradient, and throws if they disagree.
   */
  abstract void check(String variant);
}
