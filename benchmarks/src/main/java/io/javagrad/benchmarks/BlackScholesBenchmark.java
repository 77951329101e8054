package io.javagrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
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
 * The Black–Scholes call price, {@link Workloads#blackScholesCall}, and its five sensitivities, six
 * ways. The option is slightly out of the money, so d1 and d2 fall on different sides of 0 and
 * both branches of the distribution function run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BlackScholesBenchmark {
  double spot = 100;
  double strike = 105;
  double expiry = 0.75;
  double rate = 0.03;
  double volatility = 0.25;
  final double[] grad = new double[5];

  @Setup
  public void setUp(BenchmarkParams params) {
    init();
    check(Agreement.variant(params));
  }

  /** The inputs are fixed (the field initialisers): nothing to make. */
  void init() {}

  /**
   * Checks the variant about to be measured (the cheap ones always) against the generated
   * gradient.
   */
  void check(String variant) {
    double value = WorkloadsGrad.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
    double[] expected = grad.clone();
    Agreement.value("primal", value, Workloads.blackScholesCall(spot, strike, expiry, rate, volatility));
    Agreement.value("hand-written", value, handWritten());
    Agreement.gradient("hand-written", expected, grad, Agreement.EXACT);
    if (variant.equals("dynamicEngine")) {
      Agreement.value("dynamic engine", value, dynamicEngine());
      Agreement.gradient("dynamic engine", expected, grad, Agreement.EXACT);
    }
    if (variant.equals("hipparchus")) {
      Gradient forward = hipparchus();
      Agreement.value("forward mode", value, forward.getValue());
      Agreement.gradient("forward mode", expected, forward.getGradient(), Agreement.EXACT);
    }
    if (variant.equals("finiteDifferences")) {
      finiteDifferences();
      Agreement.gradient("central differences", expected, grad, Agreement.DIFFERENCES);
    }
  }

  @Benchmark
  public double primal() {
    return Workloads.blackScholesCall(spot, strike, expiry, rate, volatility);
  }

  @Benchmark
  public double generated() {
    return WorkloadsGrad.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Benchmark
  public double handWritten() {
    return HandAdjoints.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Benchmark
  public double dynamicEngine() {
    return DynamicEngine.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
  }

  @Benchmark
  public Gradient hipparchus() {
    return ForwardMode.blackScholesCall(spot, strike, expiry, rate, volatility);
  }

  @Benchmark
  public double[] finiteDifferences() {
    FiniteDifferences.blackScholesCall(spot, strike, expiry, rate, volatility, grad);
    return grad;
  }
}
