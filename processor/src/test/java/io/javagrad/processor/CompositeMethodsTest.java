package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole methods of the kind people write: micrograd's reference computations, a neuron, Black–Scholes,
 * Rosenbrock, logsumexp, long parameter lists, reused and reassigned variables, compound
 * assignments, int and long arithmetic, constants, chains of calls across classes, and names that
 * look like the generator's own. Each is checked with {@link GradientAgreement} at several points;
 * some also against numbers known in advance.
 */
class CompositeMethodsTest {
  private static final String COMPOSITE = """
      package p;

      import static p.Consts.OFFSET;

      import io.javagrad.Differentiable;
      import io.javagrad.Functions;

      public class Composite {
        static final double SCALE = 2.5;
        private static final double HIDDEN = 0.75;
        static final int FOUR = 4;
        static final long THREE = 3L;
        static final double ROOT_TWO = Math.sqrt(2);

        /** micrograd's test_sanity_check. */
        @Differentiable static double microgradSanity(double x) {
          double z = 2 * x + 2 + x;
          double q = Functions.relu(z) + z * x;
          double h = Functions.relu(z * z);
          double y = h + q + q * x;
          return y;
        }

        /** micrograd's test_more_ops. */
        @Differentiable static double microgradMoreOps(double a, double b) {
          double c = a + b;
          double d = a * b + Math.pow(b, 3);
          c += c + 1;
          c += 1 + c + (-a);
          d += d * 2 + Functions.relu(b + a);
          d += 3 * d + Functions.relu(b - a);
          double e = c - d;
          double f = Math.pow(e, 2);
          double g = f / 2.0;
          g += 10.0 / f;
          return g;
        }

        /** The neuron of micrograd's lecture. */
        @Differentiable static double neuron(double x1, double x2, double w1, double w2, double b) {
          double n = x1 * w1 + x2 * w2 + b;
          return Math.tanh(n);
        }

        @Differentiable static double rosenbrock(double x, double y) {
          return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Differentiable static double rosenbrock4(double[] x) {
          double a = x[1] - x[0] * x[0];
          double b = x[2] - x[1] * x[1];
          double c = x[3] - x[2] * x[2];
          return 100 * (a * a + b * b + c * c)
              + (1 - x[0]) * (1 - x[0]) + (1 - x[1]) * (1 - x[1]) + (1 - x[2]) * (1 - x[2]);
        }

        @Differentiable static double logSumExp(double a, double b, double c) {
          double m = Math.max(a, Math.max(b, c));
          return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
        }

        @Differentiable static double logSumExp4(double[] x) {
          double m = Math.max(Math.max(x[0], x[1]), Math.max(x[2], x[3]));
          double sum = Math.exp(x[0] - m) + Math.exp(x[1] - m) + Math.exp(x[2] - m) + Math.exp(x[3] - m);
          return m + Math.log(sum);
        }

        @Differentiable static double twelve(double a, double b, double c, double d, double e, double f,
            double g, double h, double i, double j, double k, double l) {
          return a * b + c / d - e * f + Math.sin(g) * h + Math.exp(i - j) + k * k * l;
        }

        @Differentiable static double reused(double x, double y) {
          double t = Math.sin(x) * y + x;
          return t * t * t + t / y + Math.exp(t) - t * y + Math.pow(t, 2) + Math.sqrt(t * t + 1) + t;
        }

        @Differentiable static double reassignedParameters(double x, double y) {
          x = x * x + y;
          x = Math.sin(x);
          x = x * y - x;
          x = Math.exp(x / 3);
          x = x + y * x;
          y = y * x;
          return x + y;
        }

        @Differentiable static double reassignedLocal(double x, double y) {
          double u = x;
          u = u * u + y;
          u = Math.sin(u);
          u = u * y - u;
          u = Math.exp(u / 3);
          u = u + y * u;
          u = u * u;
          return u;
        }

        @Differentiable static double compound(double x, double y) {
          double s = x;
          s += y;
          s -= 2 * x - y;
          s *= y + 1;
          s /= 1 + x * x;
          s += Math.sin(s);
          s++;
          s--;
          ++s;
          --s;
          s /= 2;
          s -= -x;
          return s * s;
        }

        @Differentiable static double compoundInts(double x, int n) {
          int k = n;
          k += 2;
          k *= 3;
          k -= 1;
          k /= 2;
          k++;
          long j = k;
          j *= n;
          double s = x;
          s += k;
          s *= j;
          s /= n;
          return s * x;
        }

        @Differentiable static double division(double x, int n) {
          return x * ((double) n / 2) + x * (n / 2) + n * x / 2;
        }

        @Differentiable static double intArithmetic(double x, int n) {
          int m = n * n - 1;
          return x * (n % 3) + x * m + x * -n + x * (n - (n - 1)) + Math.pow(x, m % 5);
        }

        @Differentiable static double longs(double x, long k, int n) {
          long j = k * 3 + n;
          return x * j + k / 2 * x + (double) k / 2 * x + x * (k % 7) + (long) n * x;
        }

        @Differentiable static double constants(double x) {
          return SCALE * x + HIDDEN * x * x + Consts.K * x + OFFSET + FOUR * x + THREE * x + ROOT_TWO * x
              + Math.PI * x + Math.E + Consts.N / 3 * x + Consts.LIMIT * x;
        }

        /** The start of a chain Composite.chainStart -> Helper.middle -> Composite.chainEnd. */
        @Differentiable static double chainStart(double x, double y) {
          return Helper.middle(x * y, y) + x;
        }

        @Differentiable static double chainEnd(double u) {
          return Math.sin(u) * u;
        }

        @Differentiable static double callsWithExpressionAndConstant(double x, double y) {
          return rosenbrock(x * y + 1, 2.0) * y;
        }

        @Differentiable static double callsWithIntArgument(double x, int n) {
          return chainEnd(x + n) * n;
        }

        @Differentiable static double callsWithConstantsOnly(double x) {
          return x * chainEnd(SCALE / 2);
        }

        @Differentiable static double ignoresY(double x, double y, double z) {
          return x * z + Math.sin(z);
        }

        @Differentiable static double readsYButDropsIt(double x, double y) {
          double unused = y * y;
          return x * x;
        }

        @Differentiable static double unusedIntermediate(double x, double y) {
          double waste = Math.sqrt(y) * Math.log(x);
          double t = x * y;
          return t + x;
        }

        @Differentiable static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @Differentiable static double logisticLoss(double w, double b, double x, double label) {
          double p = Functions.sigmoid(w * x + b);
          return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
        }

        @Differentiable static double gaussian(double x, double mu, double s) {
          return Math.exp(-(x - mu) * (x - mu) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
        }

        @Differentiable static double polarDistance(double r, double t) {
          return Math.hypot(r * Math.cos(t) - 1, r * Math.sin(t) + 2);
        }

        @Differentiable static double horner(double x, double a, double b, double c, double d) {
          return ((a * x + b) * x + c) * x + d;
        }

        @Differentiable static double nested(double x) {
          return Math.sin(Math.cos(Math.tan(x * 0.3)));
        }

        @Differentiable static double clamp(double x, double y) {
          return Math.min(Math.max(x, -1.0), 1.0) * y;
        }

        @Differentiable static double divisions(double x, double y, double z) {
          return x / y / z + 1 / (x * y) + x / (y / z) + (x - y) / (y - z);
        }

        @Differentiable static double negations(double x, double y, double z) {
          return -(-x * -y) - -z + - -x - (-(x - y)) + -(-(-z));
        }

        @Differentiable static double grouping(double x, double y, double z) {
          return x - (y - z) - (x - y - z) + x / (y * z) * (x - (y + z)) - (x + y) * (z - x);
        }

        @Differentiable static double mse(double[] x, double[] t) {
          double e0 = x[0] - t[0];
          double e1 = x[1] - t[1];
          double e2 = x[2] - t[2];
          return (e0 * e0 + e1 * e1 + e2 * e2) / x.length;
        }

        @Differentiable static double dot(double[] a, double[] b) {
          return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        }

        @Differentiable static double indexed(double[] x, int i) {
          return x[i] * x[i + 1] - x[x.length - 1] + x[2 * i] * x.length;
        }

        @Differentiable static double flag(double x, boolean b) {
          return x * x;
        }

        @Differentiable static double gelu(double x) {
          return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * Math.pow(x, 3))));
        }

        @Differentiable static double silu(double x) {
          return x * Functions.sigmoid(x);
        }

        @Differentiable static double mixedSlots(double a, double[] xs, int n, double b, double[] ys) {
          return a * xs[0] + n * b * ys[1] + xs[1] * ys[0] + b;
        }

        @Differentiable static double literals(double x) {
          return 1e-3 * x + 1_000 * x + 0x10 * x + 2.5e2 * x + 1L * x + .5 * x + 1.e0 * x + 7d * x;
        }

        @Differentiable static double lastElement(double[] x) {
          int n = x.length;
          return x[n - 1] * x[0] + x[n / 2];
        }

        @Differentiable static double intsIntoFunctions(double x, int n, long k) {
          return Math.exp(n) * x + Math.max(n, x) + Math.pow(x, k) + Math.sqrt(k) * Math.min(x, n);
        }

        @Differentiable static double casts(double x, int n) {
          return (double) n * x + (double) (n * n) * x + (long) n * x + ((((x)))) * (((n)));
        }
      }
      """;

  /** Methods with more than one call site. */
  private static final String CALLS = """
      package p;

      import io.javagrad.Differentiable;

      public class Calls {
        /** The normal CDF, by the tanh approximation (about 1e-4 accurate). */
        @Differentiable static double normCdf(double z) {
          return 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
        }

        @Differentiable static double blackScholesCall(double s, double k, double t, double r, double sigma) {
          double sqrtT = Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
          double d2 = d1 - sigma * sqrtT;
          return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d2);
        }

        @Differentiable static double callsWithExpressions(double x, double y) {
          return Composite.rosenbrock(x * y + 1, 2.0) + Composite.rosenbrock(3, Math.sin(y))
              + Composite.neuron(x, 1, y, -2, 0.5);
        }

        @Differentiable static double callsWithInt(double x, int n) {
          return Composite.chainEnd(n) * x + Composite.chainEnd(x + n) + Composite.chainEnd(Composite.SCALE);
        }

        @Differentiable static double callsTwice(double x, double y) {
          return Composite.chainEnd(x) + Composite.chainEnd(x * y) + Composite.chainEnd(x);
        }

        @Differentiable static double compoundWithCall(double x, double y) {
          double s = x;
          s += Composite.chainEnd(s * y);
          s *= Composite.chainEnd(s);
          return s;
        }

        @Differentiable static double callsWithArray(double[] x, double y) {
          return Composite.rosenbrock4(x) * y + Composite.dot(x, x) + Composite.logSumExp4(x);
        }
      }
      """;

  private static final String HELPER = """
      package p;

      import io.javagrad.Differentiable;

      public class Helper {
        @Differentiable static double middle(double a, double b) {
          return Composite.chainEnd(a + b) * b;
        }
      }
      """;

  private static final String CONSTS = """
      package p;

      public class Consts {
        public static final double K = 3.0;
        static final double OFFSET = 0.5;
        public static final int N = 7;
        public static final double LIMIT = Double.MAX_VALUE / 1e308;
      }
      """;

  /** Names the generator uses for itself, taken by the user. */
  private static final String NAMES = """
      package p;

      import io.javagrad.Differentiable;

      public class Names {
        @Differentiable static double gradParameter(double x, double grad) {
          return x * grad + Math.exp(grad);
        }

        @Differentiable static double valueParameter(double value, double x) {
          return value * x + Math.exp(value);
        }

        @Differentiable static double pullbackParameters(double seed, double adjoints, double offset) {
          return seed * adjoints + Math.sin(offset) * seed;
        }

        @Differentiable static double adjointLikeParameters(double x, double _d_x, double _t0) {
          return Math.exp(x) * _d_x + _t0 * x;
        }

        @Differentiable static double arrayCalledGrad(double[] grad, int offset) {
          return grad[offset] * grad[0] + Math.exp(grad[1]);
        }

        @Differentiable static double generatedLocals(double x, double y) {
          double _t0 = Math.exp(x);
          double _d_x = _t0 * y;
          double _value = Math.exp(_d_x) + _t0;
          double seed = _value * x;
          double adjoints = seed + 1;
          double offset = adjoints * y;
          double _pb0 = gradParameter(x, offset);
          double _r0 = _pb0 * 2;
          double _i = _r0 + 1;
          double grad = _i * x;
          double value = grad + 1;
          return value + Math.exp(value / 100);
        }
      }
      """;

  /** A method and the points to check it at. */
  record Case(String method, List<Object[]> points) {
    @Override
    public String toString() {
      return method;
    }
  }

  private static final List<Case> CASES = List.of(
      at("microgradSanity", p(-4.0), p(0.5), p(-0.1), p(3.0)),
      at("microgradMoreOps", p(-4.0, 2.0), p(1.5, -0.5), p(0.3, 0.7)),
      at("neuron", p(2.0, 0.0, -3.0, 1.0, 6.8813735870195432), p(-1.0, 0.5, 0.25, -2.0, 0.1)),
      at("rosenbrock", p(-1.2, 1.0), p(0.0, 0.0), p(2.0, -1.0)),
      at("rosenbrock4", p(new double[] {-1.2, 1.0, 0.5, -0.3}), p(new double[] {0.0, 0.0, 0.0, 0.0}),
          p(new double[] {2.0, 3.0, -1.0, 4.0})),
      at("logSumExp", p(1.0, 2.0, 3.0), p(-50.0, 0.0, 50.0), p(1e-3, -1.0, 0.5), p(800.0, 799.0, 1.0)),
      at("logSumExp4", p(new double[] {1.0, 2.0, 3.0, 4.0}), p(new double[] {-3.0, 700.0, 699.5, 0.0})),
      at("twelve", p(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0),
          p(-0.5, 0.25, -1.5, 2.5, 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8)),
      at("reused", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("reassignedParameters", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("reassignedLocal", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("compound", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("compoundInts", p(0.3, 3), p(-1.0, 7), p(2.0, -4)),
      at("division", p(0.3, 3), p(-1.0, 7), p(2.0, -5)),
      at("intArithmetic", p(0.3, 3), p(-1.5, -2), p(1.1, 100000)),
      at("longs", p(0.3, 5L, 2), p(-1.0, -5L, -3), p(2.0, 1L << 40, 7)),
      at("constants", p(0.3), p(-2.0)),
      at("chainStart", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("chainEnd", p(0.3), p(-2.0)),
      at("callsWithExpressionAndConstant", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("callsWithIntArgument", p(0.3, 3), p(-1.0, -2)),
      at("callsWithConstantsOnly", p(0.3), p(-1.0)),
      at("ignoresY", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0)),
      at("readsYButDropsIt", p(0.3, 1.5), p(-1.0, 2.0)),
      at("unusedIntermediate", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("softplus", p(-30.0), p(0.0), p(1e-3), p(5.0), p(30.0)),
      at("logisticLoss", p(0.5, -0.25, 2.0, 1.0), p(-1.5, 0.5, 0.3, 0.0), p(0.1, 0.1, -3.0, 0.7)),
      at("gaussian", p(0.0, 0.0, 1.0), p(1.5, -0.5, 0.7), p(-3.0, 1.0, 2.0)),
      at("polarDistance", p(1.0, 0.5), p(2.0, -2.0), p(0.1, 3.0)),
      at("horner", p(0.5, 1.0, -2.0, 3.0, -4.0), p(-2.0, 0.1, 0.2, 0.3, 0.4)),
      at("nested", p(-3.0), p(0.0), p(1e-3), p(2.0)),
      at("clamp", p(0.3, 2.0), p(-2.0, 1.5), p(5.0, -1.0)),
      at("divisions", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0), p(2.0, -0.5, 0.25)),
      at("negations", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0)),
      at("grouping", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0)),
      at("mse", p(new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 1.0, -3.0})),
      at("dot", p(new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 1.0, -3.0})),
      at("indexed", p(new double[] {1.0, 2.0, 3.0, 4.0, 5.0}, 1), p(new double[] {1.0, 2.0, 3.0, 4.0, 5.0}, 2)),
      at("flag", p(0.3, true), p(-2.0, false)),
      at("gelu", p(-3.0), p(0.0), p(1e-3), p(2.0)),
      at("silu", p(-3.0), p(0.0), p(1e-3), p(2.0)),
      at("mixedSlots", p(0.5, new double[] {1.0, 2.0}, 3, -1.5, new double[] {0.25, -0.5, 4.0})),
      at("literals", p(0.3), p(-2.0)),
      at("lastElement", p(new double[] {1.0, 2.0, 3.0}), p(new double[] {-1.0, 0.5, 2.0, 4.0, -3.0})),
      at("intsIntoFunctions", p(0.3, 3, 2L), p(-1.5, -2, 5L), p(4.5, 1, 3L)),
      at("casts", p(0.3, 3), p(-1.0, -2)));

  private static final List<Case> CALL_CASES = List.of(
      at("normCdf", p(-2.0), p(0.0), p(1e-3), p(1.5)),
      at("blackScholesCall", p(100.0, 100.0, 1.0, 0.05, 0.2), p(80.0, 100.0, 0.5, 0.01, 0.3),
          p(120.0, 100.0, 2.0, 0.03, 0.15)),
      at("callsWithExpressions", p(0.3, 1.5), p(-1.0, 2.0), p(2.0, -0.5)),
      at("callsWithInt", p(0.3, 3), p(-1.0, -2)),
      at("callsTwice", p(0.3, 1.5), p(-1.0, 2.0)),
      at("compoundWithCall", p(0.3, 1.5), p(-1.0, 2.0)),
      at("callsWithArray", p(new double[] {0.5, -0.5, 1.5, 2.0}, 1.5),
          p(new double[] {1.0, 1.0, 1.0, 1.0}, -2.0)));

  private static final List<Case> NAME_CASES = List.of(
      at("gradParameter", p(0.3, 1.5), p(-1.0, 2.0)),
      at("valueParameter", p(0.3, 1.5), p(-1.0, 2.0)),
      at("pullbackParameters", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0)),
      at("adjointLikeParameters", p(0.3, 1.5, -0.7), p(-1.0, 2.0, 3.0)),
      at("arrayCalledGrad", p(new double[] {0.5, -1.0, 2.0}, 2), p(new double[] {0.5, -1.0, 2.0}, 0)),
      at("generatedLocals", p(0.3, 0.5), p(-0.2, 0.1)));

  private static Compiled composite;
  private static Compiled calls;
  private static Compiled names;

  @BeforeAll
  static void compile() {
    composite = Compiled.compile("p.Composite", COMPOSITE, "p.Helper", HELPER, "p.Consts", CONSTS);
    calls = Compiled.compile("p.Calls", CALLS, "p.Composite", COMPOSITE, "p.Helper", HELPER, "p.Consts", CONSTS);
    // apart, so that a clash in the generator's names fails only the tests of names
    names = Compiled.compile("p.Names", NAMES);
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  static Stream<Case> callCases() {
    return CALL_CASES.stream();
  }

  static Stream<Case> nameCases() {
    return NAME_CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compositeMethodAgrees(Case c) {
    GradientAgreement agreement = new GradientAgreement(composite, "p.Composite", c.method());
    for (Object[] point : c.points()) {
      agreement.check(point);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callCases")
  void methodWithSeveralCallSitesAgrees(Case c) {
    GradientAgreement agreement = new GradientAgreement(calls, "p.Calls", c.method());
    for (Object[] point : c.points()) {
      agreement.check(point);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nameCases")
  void namesLikeTheGeneratorsOwnAreTheUsers(Case c) {
    GradientAgreement agreement = new GradientAgreement(names, "p.Names", c.method());
    for (Object[] point : c.points()) {
      agreement.check(point);
    }
  }

  @Test
  void atLeastThirtyCompositeMethods() {
    int count = CASES.size() + CALL_CASES.size() + NAME_CASES.size();
    assertTrue(count >= 30, "only " + count + " cases");
  }

  @Test
  void microgradSanityCheck() {
    double[] grad = agreement("microgradSanity").check(-4.0);
    assertEquals(-20.0, value("microgradSanity", -4.0), 0.0);
    assertArrayEquals(new double[] {46.0}, grad, 0.0);
  }

  @Test
  void microgradMoreOps() {
    double[] grad = agreement("microgradMoreOps").check(-4.0, 2.0);
    assertClose(24.70408163265306, value("microgradMoreOps", -4.0, 2.0));
    assertClose(138.83381924198252, grad[0]);
    assertClose(645.5772594752186, grad[1]);
  }

  @Test
  void neuronOfTheLecture() {
    double[] grad = agreement("neuron").check(2.0, 0.0, -3.0, 1.0, 6.8813735870195432);
    assertClose(Math.sqrt(0.5), value("neuron", 2.0, 0.0, -3.0, 1.0, 6.8813735870195432));
    // slots: x1, x2, w1, w2, b
    double[] expected = {-1.5, 0.5, 1.0, 0.0, 0.5};
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], grad[i]);
    }
    assertEquals(0.0, grad[3], 0.0, "w2's gradient is x2 * (1 - tanh^2) with x2 = 0");
  }

  @Test
  void blackScholesDeltaIsTheCdfOfD1() {
    // With an exact normal CDF, delta = N(d1). The tanh approximation bends that by its own error,
    // about 1e-3 at most; finite differences (in check) pin the exact derivative of the approximation.
    double s = 100;
    double k = 95;
    double t = 0.75;
    double r = 0.04;
    double sigma = 0.25;
    double[] grad = new GradientAgreement(calls, "p.Calls", "blackScholesCall").check(s, k, t, r, sigma);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
    double cdf = (Double) calls.call("p.Calls", "normCdf", new Class<?>[] {double.class}, d1);
    assertEquals(cdf, grad[0], 2e-3, "delta");
    assertTrue(grad[1] < 0 && grad[2] > 0 && grad[3] > 0 && grad[4] > 0, Arrays.toString(grad));
  }

  @Test
  void rosenbrockMinimumHasZeroGradient() {
    assertArrayEquals(new double[] {0.0, 0.0}, agreement("rosenbrock").check(1.0, 1.0), 0.0);
    assertEquals(0.0, value("rosenbrock", 1.0, 1.0), 0.0);
    double[] ones = {1.0, 1.0, 1.0, 1.0};
    assertArrayEquals(new double[4], agreement("rosenbrock4").check((Object) ones), 0.0);
    // away from it, the textbook gradient of the 2-D function
    double x = -1.2;
    double y = 1.0;
    double[] grad = agreement("rosenbrock").check(x, y);
    assertClose(-2 * (1 - x) - 400 * x * (y - x * x), grad[0]);
    assertClose(200 * (y - x * x), grad[1]);
  }

  @Test
  void logSumExpGradientIsSoftmax() {
    double[] grad = agreement("logSumExp").check(800.0, 799.0, 1.0);
    double[] softmax = {1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1)), 0.0};
    for (int i = 0; i < 3; i++) {
      assertClose(softmax[i], grad[i]);
    }
    assertClose(800 + Math.log1p(Math.exp(-1)), value("logSumExp", 800.0, 799.0, 1.0));
  }

  @Test
  void intDivisionStaysIntegerDivision() {
    // x * (n / 2.0) + x * (n / 2) + n * x / 2 at n = 7: 3.5 + 3 + 3.5 = 10 per unit of x
    assertArrayEquals(new double[] {10.0}, agreement("division").check(2.0, 7), 0.0);
    assertEquals(20.0, value("division", 2.0, 7), 0.0);
    // and rounds toward zero for negative n: -2.5 + -2 + -2.5
    assertArrayEquals(new double[] {-7.0}, agreement("division").check(2.0, -5), 0.0);
  }

  @Test
  void intOverflowWrapsAsInJava() {
    int n = 100000;
    int m = n * n - 1;
    double x = 1.1;
    double expected = x * (n % 3) + x * m + x * -n + x * (n - (n - 1)) + Math.pow(x, m % 5);
    assertEquals(expected, value("intArithmetic", x, n), 0.0);
    double derivative = (n % 3) + m - n + 1 + (m % 5) * Math.pow(x, m % 5 - 1);
    assertClose(derivative, agreement("intArithmetic").check(x, n)[0]);
  }

  @Test
  void constantsCarryNoDerivative() {
    double perX = 2.5 + 3.0 + 4 + 3 + Math.sqrt(2) + Math.PI + 7 / 3 + Double.MAX_VALUE / 1e308;
    double x = -2.0;
    assertClose(perX + 2 * 0.75 * x, agreement("constants").check(x)[0]);
  }

  @Test
  void unusedParameterGetsAnExactZeroEvenInADirtyBuffer() {
    GradientAgreement ignoresY = agreement("ignoresY");
    double[] clean = ignoresY.check(0.3, 1.5, -0.7);
    assertEquals(0.0, clean[1], 0.0);
    double[] dirty = {Double.NaN, Double.NaN, Double.NaN};
    ignoresY.gradientInto(dirty, 0.3, 1.5, -0.7);
    assertArrayEquals(clean, dirty, 0.0, "the buffer entry must overwrite every slot");

    double[] dropped = {Double.NaN, Double.NaN};
    agreement("readsYButDropsIt").gradientInto(dropped, 0.3, 1.5);
    assertArrayEquals(new double[] {0.6, 0.0}, dropped, 0.0);

    double[] mixed = new double[7];
    Arrays.fill(mixed, Double.NaN);
    Object[] point = {0.5, new double[] {1.0, 2.0}, 3, -1.5, new double[] {0.25, -0.5, 4.0}};
    agreement("mixedSlots").gradientInto(mixed, point);
    // slots: a, xs[0], xs[1], b, ys[0], ys[1], ys[2]
    assertArrayEquals(new double[] {1.0, 0.5, 0.25, 3 * -0.5 + 1, 2.0, 3 * -1.5, 0.0}, mixed, 0.0);
  }

  @Test
  void unusedIntermediateDoesNotPoisonTheGradient() {
    // the unused sqrt(y) * log(x) is NaN here; the gradient of x*y + x must not be
    double[] grad = agreement("unusedIntermediate").check(2.0, -0.5);
    assertArrayEquals(new double[] {0.5, 2.0}, grad, 0.0);
  }

  @Test
  void callChainAcrossTwoClasses() {
    // chainStart(x, y) = middle(x*y, y) + x, middle(a, b) = chainEnd(a + b) * b, chainEnd(u) = u sin u
    double x = 0.3;
    double y = 1.5;
    double u = x * y + y;
    double dChain = Math.sin(u) + u * Math.cos(u);
    double[] grad = agreement("chainStart").check(x, y);
    assertClose(dChain * y * y + 1, grad[0]);
    assertClose(dChain * (x + 1) * y + u * Math.sin(u), grad[1]);
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(composite, "p.Composite", method);
  }

  private static double value(String method, Object... args) {
    Class<?>[] types = Arrays.stream(args).map(a -> a instanceof Integer ? int.class : double.class)
        .toArray(Class<?>[]::new);
    return (Double) composite.call("p.Composite", method, types, args);
  }

  private static void assertClose(double expected, double actual) {
    assertTrue(GradientChecker.close(expected, actual, 1e-12), () -> "expected " + expected + " but was " + actual);
  }

  private static Case at(String method, Object[]... points) {
    return new Case(method, List.of(points));
  }

  private static Object[] p(Object... args) {
    return args;
  }
}
