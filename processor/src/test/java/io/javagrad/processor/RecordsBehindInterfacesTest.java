package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records behind interfaces: a binomial pricer of any {@code Payoff} given a call, a put, a spread of
 * two calls (a record of records), a kernel density given a {@code Gaussian} kernel through a local
 * of the interface's type, a default method of the interface called on a record, and a JDK
 * interface ({@code DoubleUnaryOperator}) that a record implements given to an integrator, a payoff
 * told apart by {@code instanceof} patterns and a cast. Where
 * the record is known where the interface is given, its methods are the record's own, inlined; each
 * gradient agrees with the twin, finite differences and forward mode. A local of an interface that
 * is reassigned, or given one of two records by ?:, stays an object: an error where a derivative
 * reaches it, which says what javagrad follows.
 */
class RecordsBehindInterfacesTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Pay {
  private Pay() {}

  interface Payoff {
    double value(double spot);
  }

  record Call(double strike) implements Payoff {
    public double value(double spot) { return Math.max(spot - strike, 0); }
  }

  record Put(double strike) implements Payoff {
    public double value(double spot) { return Math.max(strike - spot, 0); }
  }

  record Spread(Call low, Call high) implements Payoff {
    public double value(double spot) { return low.value(spot) - high.value(spot); }
  }

  interface Kernel {
    double weight(double u);
  }

  record Gaussian(double bandwidth) implements Kernel {
    public double weight(double u) {
      double z = u / bandwidth;
      return Math.exp(-0.5 * z * z) / (bandwidth * Math.sqrt(2 * Math.PI));
    }
  }

  /** A binomial tree price of any payoff. */
  static double binomial(Payoff payoff, double spot, double up, double rate, int steps) {
    double down = 1 / up;
    double p = (Math.exp(rate) - down) / (up - down);
    double[] v = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      v[i] = payoff.value(spot * Math.pow(up, steps - i) * Math.pow(down, i));
    }
    for (int n = steps; n > 0; n--) {
      for (int i = 0; i < n; i++) {
        v[i] = Math.exp(-rate) * (p * v[i] + (1 - p) * v[i + 1]);
      }
    }
    return v[0];
  }

  static double density(double[] data, Kernel kernel, double x) {
    double s = 0;
    for (double d : data) {
      s += kernel.weight(x - d);
    }
    return s / data.length;
  }

  @Differentiable
  public static double callPrice(double spot, double strike) {
    return binomial(new Call(strike), spot, 1.1, 0.01, 8);
  }

  @Differentiable
  public static double straddle(double spot, double strike) {
    Payoff call = new Call(strike);
    Payoff put = new Put(strike);
    return binomial(call, spot, 1.1, 0.01, 8) + binomial(put, spot, 1.1, 0.01, 8) + put.value(spot);
  }

  @Differentiable
  public static double spread(double spot, double k1, double k2) {
    return binomial(new Spread(new Call(k1), new Call(k2)), spot, 1.05, 0.0, 6);
  }

  @Differentiable
  public static double likelihood(double[] data, double bandwidth) {
    Kernel k = new Gaussian(bandwidth);
    double s = 0;
    for (double x : data) {
      s += Math.log(density(data, k, x));
    }
    return s;
  }

  interface Scaled extends Payoff {
    default double scaled(double spot, double w) {
      return w * value(spot);
    }
  }

  record Digital(double strike, double width) implements Scaled {
    public double value(double spot) {
      return 0.5 + 0.5 * Math.tanh((spot - strike) / width);
    }
  }

  record Shifted(double by) implements java.util.function.DoubleUnaryOperator {
    public double applyAsDouble(double x) {
      return x * x + by;
    }
  }

  static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double s = 0.5 * (f.applyAsDouble(a) + f.applyAsDouble(b));
    for (int i = 1; i < n; i++) {
      s += f.applyAsDouble(a + i * h);
    }
    return s * h;
  }

  @Differentiable
  public static double defaultMethod(double spot, double strike) {
    Scaled d = new Digital(strike, 0.3);
    return d.scaled(spot, 2.5) + binomial(d, spot, 1.1, 0.02, 5);
  }

  static double payout(Payoff payoff, double spot) {
    if (payoff instanceof Call call) {
      return call.value(spot) * call.strike();
    } else if (payoff instanceof Put put && put.strike() > 0) {
      return put.value(spot);
    }
    return 0;
  }

  @Differentiable
  public static double testedByInstanceof(double spot, double strike) {
    Payoff p = new Put(strike);
    Put put = (Put) p;
    return payout(new Call(strike), spot) + payout(p, spot) + (p instanceof Call ? 1 : put.strike());
  }

  @Differentiable
  public static double jdkInterface(double by, double b) {
    return integrate(new Shifted(by), 0, b, 16);
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Pay", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Pay", method).check(args);
  }

  @Test
  void aPricerOfAnyPayoffGivenARecord() {
    agree("callPrice", 1.05, 1.0);
    agree("straddle", 0.97, 1.0);
    agree("spread", 1.02, 0.95, 1.08);
  }

  @Test
  void aKernelDensityGivenAKernelThroughALocalOfTheInterface() {
    agree("likelihood", new double[] {0.1, 0.5, -0.3, 1.2}, 0.4);
  }

  @Test
  void aDefaultMethodOfTheInterfaceAndAJdkInterface() {
    agree("defaultMethod", 1.1, 1.0);
    agree("jdkInterface", 0.3, 1.7);
  }

  @Test
  void instanceofPatternsAndCastsOfARecordKnownWhereTheyAreTranslated() {
    agree("testedByInstanceof", 1.1, 1.3);
    agree("testedByInstanceof", 1.4, 1.2);
  }

  @Test
  void aReassignedLocalOfAnInterfaceStaysAnObject() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Pe", """
        package p;

        import io.javagrad.Differentiable;

        class Pe {
          interface Payoff {
            double value(double spot);
          }

          record Call(double strike) implements Payoff {
            public double value(double spot) { return Math.max(spot - strike, 0); }
          }

          record Put(double strike) implements Payoff {
            public double value(double spot) { return Math.max(strike - spot, 0); }
          }

          @Differentiable
          static double reassigned(double s, double k) {
            Payoff p = new Call(k);
            double a = p.value(s);
            p = new Put(k);
            return a + p.value(s);
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("p is a Payoff object that javagrad cannot see"
        + " into; it follows a function where the caller gives a helper a lambda, an anonymous class, a static"
        + " method's reference or a static final field holding one: give it one of those (for an object, a lambda"
        + " that calls it: u -> p.value(u)), or a record of yours that implements Payoff, built where p is declared"
        + " or given and never reassigned (Payoff p = new MyRecord(...)), whose own methods javagrad inlines")
        .inFile(file).onLineContaining("double a = p.value(s);");
  }
}
