package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reviewer's vector-valued methods written as real numeric Java is: each compiled alone through
 * the processor and checked by {@link VectorAgreement} (or {@link GradientAgreement} for scalar
 * callers).
 */
class VectorValuedReviewTest {
  /** A plain helper returning a new array, inlined where a method calls it. */
  private static final String SCALE = """
      static double[] scale(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          out[i] = v[i] * s;
        }
        return out;
      }
      """;

  private static Compiled compile(String... members) {
    return Compiled.compile("p.R", Compiled.classSource("p.R",
        List.of("import io.javagrad.NoDerivative;"), List.of(members))).assertCleanSuccess();
  }

  private static VectorAgreement check(Compiled compiled, String method) {
    return new VectorAgreement(compiled, "p.R", method);
  }

  @Test
  void discountFactorsFromZeroRates() {
    Compiled c = compile("""
        @Differentiable static double[] discountFactors(double[] zeroRates, @NoDerivative double[] times) {
          if (zeroRates.length != times.length) {
            throw new IllegalArgumentException("rates and times differ in length");
          }
          var df = new double[times.length];
          for (int i = 0; i < df.length; i++) {
            df[i] = Math.exp(-zeroRates[i] * times[i]);
          }
          return df;
        }
        """);
    check(c, "discountFactors").check(new double[] {0.01, 0.015, 0.02}, new double[] {0.5, 1, 2});
  }

  @Test
  void cashFlowsWithAnEnumAndASwitch() {
    Compiled c = compile("""
        enum Frequency { ANNUAL, SEMI, QUARTERLY }
        """, """
        static int perYear(Frequency f) {
          switch (f) {
            case ANNUAL: return 1;
            case SEMI: return 2;
            default: return 4;
          }
        }
        """, """
        @Differentiable static double[] cashFlows(double notional, double coupon, int years, Frequency f) {
          int k = perYear(f);
          double[] flows = new double[years * k];
          for (int i = 0; i < flows.length; i++) {
            flows[i] = notional * coupon / k;
          }
          if (flows.length > 0) {
            flows[flows.length - 1] += notional;
          }
          return flows;
        }
        """);
    Class<?> frequency = c.load("p.R$Frequency");
    Object semi = frequency.getEnumConstants()[1];
    check(c, "cashFlows").check(100.0, 0.05, 3, semi);
    check(c, "cashFlows").check(100.0, 0.05, 0, semi);
  }

  @Test
  void parametersNamedAsTheGeneratedOnes() {
    Compiled c = compile("""
        @Differentiable static double[] names(double seed, double[] grad, double jacobian, double value, double unit,
            double column, double out, double direction) {
          return new double[] {seed * grad[0], jacobian * value, unit * column, out * direction, grad[1]};
        }
        """);
    check(c, "names").check(0.5, new double[] {1.5, -2.0}, 0.7, 1.1, 1.3, -0.4, 2.0, 0.9);
  }

  @Test
  void localsNamedAsTheGeneratedOnes() {
    Compiled c = compile("""
        @Differentiable static double[] locals(double x, double n) {
          double seed = x * 2;
          double[] value = new double[3];
          double unit = n * x;
          value[0] = seed;
          value[1] = unit;
          value[2] = Math.sin(n);
          return value;
        }
        """);
    check(c, "locals").check(0.5, 1.5);
  }

  @Test
  void overloads() {
    Compiled c = compile("""
        @Differentiable static double[] f(double x) {
          return new double[] {x, x * x};
        }
        """, """
        @Differentiable static double[] f(double x, double y) {
          return new double[] {x * y};
        }
        """, """
        @Differentiable static double[] f(double[] x) {
          return new double[] {x[0] - x[1], x[1]};
        }
        """);
    check(c, "f").check(0.5);
    check(c, "f").check(0.5, 2.0);
    check(c, "f").check(new double[] {0.5, 2.0});
  }

  @Test
  void noDifferentiatedInput() {
    Compiled c = compile("""
        @Differentiable static double[] grid(int n, @NoDerivative double h) {
          double[] g = new double[n];
          for (int i = 0; i < n; i++) {
            g[i] = i * h;
          }
          return g;
        }
        """);
    double[][] jacobian = check(c, "grid").check(4, 0.5);
    assertEquals(4, jacobian.length);
    assertEquals(0, jacobian[0].length);
  }

  @Test
  void theJacobianEntryThrowsTheMethodsOwnException() {
    Compiled c = compile("""
        @Differentiable static double[] checked(double[] x) {
          if (x.length < 2) {
            throw new IllegalArgumentException("need two");
          }
          return new double[] {x[0] * x[1]};
        }
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call("p.RGrad", "checked",
        new Class<?>[] {double[].class, double[][].class}, new double[1], new double[1][1]));
    assertEquals("need two", e.getMessage());
  }

  @Test
  void nonFiniteValues() {
    Compiled c = compile("""
        @Differentiable static double[] logs(double[] x) {
          double[] out = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            out[i] = Math.log(x[i]);
          }
          return out;
        }
        """);
    double[][] jacobian = new double[2][2];
    double[] value = (double[]) c.call("p.RGrad", "logs", new Class<?>[] {double[].class, double[][].class},
        new double[] {Double.NaN, 0.0}, jacobian);
    assertEquals(Double.NaN, value[0]);
    assertEquals(Double.NEGATIVE_INFINITY, value[1]);
  }

  @Test
  void aScalarMethodCallingVectorValuedOnesInALoop() {
    Compiled c = compile("""
        @Differentiable static double[] rhs(double[] y, double k) {
          return new double[] {y[1], -k * y[0]};
        }
        """, """
        @Differentiable static double energyAfter(double[] y0, double k, int steps, @NoDerivative double dt) {
          double[] y = y0.clone();
          for (int s = 0; s < steps; s++) {
            double[] d = rhs(y, k);
            for (int i = 0; i < y.length; i++) {
              y[i] += dt * d[i];
            }
          }
          return 0.5 * (y[1] * y[1] + k * y[0] * y[0]);
        }
        """);
    new GradientAgreement(c, "p.R", "energyAfter").check(new double[] {1.0, 0.2}, 1.5, 5, 0.01);
  }

  @Test
  void manyOutputsFewInputsAndSquare() {
    Compiled c = compile("""
        @Differentiable static double[] samples(double a, double b, int m) {
          double[] out = new double[m];
          for (int i = 0; i < m; i++) {
            double t = i / (double) m;
            out[i] = a * Math.sin(b * t);
          }
          return out;
        }
        """, """
        @Differentiable static double[] rotate(double[] v, double angle) {
          double c = Math.cos(angle);
          double s = Math.sin(angle);
          return new double[] {c * v[0] - s * v[1], s * v[0] + c * v[1], v[0] * angle};
        }
        """);
    assertEquals(3000, check(c, "samples").check(1.5, 0.7, 3000).length);
    check(c, "rotate").check(new double[] {1.0, 2.0}, 0.3);
  }

  @Test
  void switchesTryAndLoopsOfEveryKind() {
    Compiled c = compile("""
        @Differentiable static double[] kinematics(double[] q, String mode) {
          double[] p = new double[2];
          switch (mode) {
            case "planar" -> {
              p[0] = Math.cos(q[0]) + Math.cos(q[0] + q[1]);
              p[1] = Math.sin(q[0]) + Math.sin(q[0] + q[1]);
            }
            case "scaled" -> {
              p[0] = 2 * q[0];
              p[1] = 3 * q[1];
            }
            default -> throw new IllegalArgumentException(mode);
          }
          int k = 0;
          while (k < 2) {
            p[k] *= 1.5;
            k++;
          }
          do {
            p[0] += q[1];
            k--;
          } while (k > 0);
          return p;
        }
        """, """
        @Differentiable static double[] rowSums(double[][] m) {
          double[] out = new double[m.length];
          int i = 0;
          for (double[] row : m) {
            for (double v : row) {
              out[i] += v * v;
            }
            i++;
          }
          return out;
        }
        """);
    check(c, "kinematics").check(new double[] {0.3, 0.9}, "planar");
    check(c, "kinematics").check(new double[] {0.3, 0.9}, "scaled");
    check(c, "rowSums").check((Object) new double[][] {{1, 2}, {3, -1, 0.5}});
  }

  @Test
  void helpersReturningArraysAndAliases() {
    Compiled c = compile(SCALE, """
        static <T> T first(java.util.List<T> list) {
          return list.get(0);
        }
        """, """
        @Differentiable static double[] rhs(double[] y, double k) {
          return new double[] {y[1], -k * y[0]};
        }
        """, """
        @Differentiable static double[] direct(double[] y, double k, java.util.List<String> names) {
          String n = first(names);
          return scale(rhs(y, k), n.length());
        }
        """, """
        @Differentiable static double[] aliased(double x) {
          double[] a = new double[2];
          double[] b = a;
          b[0] = x * x;
          a[1] = b[0] + x;
          return b;
        }
        """, """
        @Differentiable static double[] copied(double[] x) {
          double[] out = java.util.Arrays.copyOfRange(x, 1, x.length);
          double[] all = new double[x.length + out.length];
          System.arraycopy(x, 0, all, 0, x.length);
          System.arraycopy(out, 0, all, x.length, out.length);
          return all;
        }
        """, """
        @Differentiable static double[] grown(double[] x) {
          double[] out = x.clone();
          out[0] = Math.exp(out[0]);
          return out;
        }
        """);
    check(c, "direct").check(new double[] {0.4, -1.2}, 2.0, List.of("ab"));
    check(c, "aliased").check(1.3);
    check(c, "copied").check(new double[] {0.5, 1.5, -2.0});
    check(c, "grown").check(new double[] {0.5, 1.5});
  }

  @Test
  void theVjpAndJvpThrowTheMethodsOwnException() {
    Compiled c = compile("""
        @Differentiable static double[] checked(double[] x) {
          if (x.length < 2) {
            throw new IllegalStateException("need two");
          }
          return new double[] {x[0] * x[1], x[0]};
        }
        """);
    Class<?>[] buffers = {double[].class, double[].class, double[].class};
    assertEquals("need two", assertThrows(IllegalStateException.class, () -> c.call("p.RGrad", "checked_vjp",
        buffers, new double[1], new double[2], new double[1])).getMessage());
    assertEquals("need two", assertThrows(IllegalStateException.class, () -> c.call("p.RGrad", "checked_jvp",
        buffers, new double[1], new double[1], new double[2])).getMessage());
  }

  @Test
  void vectorValuedMethodsCallingEachOther() {
    Compiled c = compile("""
        @Differentiable static double[] softmax(double[] z) {
          double max = z[0];
          for (int i = 1; i < z.length; i++) {
            if (z[i] > max) {
              max = z[i];
            }
          }
          double[] e = new double[z.length];
          double sum = 0;
          for (int i = 0; i < e.length; i++) {
            sum += e[i] = Math.exp(z[i] - max);
          }
          double inverse = 1 / sum;
          for (int i = 0; i < e.length; i++) {
            e[i] *= inverse;
          }
          return e;
        }
        """, """
        @Differentiable static double[] attention(double[][] keys, double[] query, double[][] values) {
          double[] scores = new double[keys.length];
          for (int i = 0; i < keys.length; i++) {
            for (int j = 0; j < query.length; j++) {
              scores[i] += keys[i][j] * query[j];
            }
          }
          double[] w = softmax(scores);
          double[] out = new double[values[0].length];
          for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < out.length; j++) {
              out[j] += w[i] * values[i][j];
            }
          }
          return out;
        }
        """, """
        @Differentiable static double crossEntropy(double[] z, int label) {
          return -Math.log(softmax(z)[label]);
        }
        """, """
        static double[] doubled(double[] v) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = 2 * v[i];
          }
          return out;
        }
        """, """
        @Differentiable static double elementOfACall(double[] z, double t) {
          double a = t > 0 ? (softmax(z))[0] : doubled(z)[1];
          return a + doubled(softmax(doubled(z)))[2] * euler(z, t)[1];
        }
        """, """
        @Differentiable static double[] twoSteps(double[] y, double h) {
          double[] once = euler(y, h);
          return euler(once, h);
        }
        """, """
        @Differentiable static double[] euler(double[] y, double h) {
          double[] next = new double[y.length];
          next[0] = y[0] + h * y[1];
          next[1] = y[1] - h * Math.sin(y[0]);
          return next;
        }
        """);
    check(c, "attention").check(new double[][] {{0.1, 0.3}, {-0.5, 0.2}, {1.0, -1.0}}, new double[] {0.7, -0.2},
        new double[][] {{1, 2}, {3, 4}, {5, -6}});
    new GradientAgreement(c, "p.R", "crossEntropy").check(new double[] {0.2, -1.0, 0.5}, 2);
    new GradientAgreement(c, "p.R", "elementOfACall").check(new double[] {0.2, -1.0, 0.5}, 0.3);
    new GradientAgreement(c, "p.R", "elementOfACall").check(new double[] {0.2, -1.0, 0.5}, -0.3);
    check(c, "twoSteps").check(new double[] {0.4, 0.1}, 0.1);
  }

  @Test
  void infiniteDerivativesReachTheJacobianByRowsAndByColumns() {
    Compiled c = compile("""
        @Differentiable static double[] roots(double[] x, int m) {
          double[] out = new double[m];
          for (int i = 0; i < m; i++) {
            out[i] = Math.sqrt(x[i]) + x[0];
          }
          return out;
        }
        """);
    Class<?>[] types = {double[].class, int.class, double[][].class};
    // m = 2 outputs of 3 slots: by rows (reverse); m = 3 of 3: by columns (forward).
    for (int m = 2; m <= 3; m++) {
      double[][] jacobian = new double[m][3];
      c.call("p.RGrad", "roots", types, new double[] {4.0, 0.0, 1.0}, m, jacobian);
      assertEquals(Double.POSITIVE_INFINITY, jacobian[1][1], 0.0);
      assertEquals(1.25, jacobian[0][0], 0.0);
      assertEquals(1.0, jacobian[1][0], 0.0);
    }
  }

  @Test
  void piecewiseWithEarlyReturnsAndAStaticTable() {
    Compiled c = compile("""
        static final double[] WEIGHTS = {0.5, 0.25, 0.25};
        """, """
        @Differentiable static double[] clipped(double[] x, @NoDerivative double lo, @NoDerivative double hi) {
          double[] out = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
              return new double[0];
            }
            double v = x[i] * WEIGHTS[i % WEIGHTS.length];
            if (v < lo) {
              out[i] = lo;
              continue;
            }
            out[i] = v > hi ? hi + Math.log1p(v - hi) : v;
          }
          return out;
        }
        """);
    check(c, "clipped").check(new double[] {-3.0, 0.2, 4.0, 9.0}, -1.0, 1.0);
    assertEquals(0, check(c, "clipped").check(new double[] {1.0, Double.NaN}, -1.0, 1.0).length);
  }

  @Test
  void anObjectParameterReadForItsFields() {
    Compiled c = compile("""
        record Grid(int n, double step) {}
        """, """
        @Differentiable static double[] profile(double a, Grid g) {
          double[] out = new double[g.n()];
          for (int i = 0; i < out.length; i++) {
            out[i] = a * Math.exp(-i * g.step());
          }
          return out;
        }
        """);
    Object grid = c.load("p.R$Grid").getDeclaredConstructors()[0];
    try {
      java.lang.reflect.Constructor<?> k = (java.lang.reflect.Constructor<?>) grid;
      k.setAccessible(true);
      check(c, "profile").check(1.5, k.newInstance(4, 0.5));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aMethodThatDeclaresAnUncheckedException() {
    Compiled c = compile("""
        @Differentiable static double[] parsed(double x, String text) throws NumberFormatException {
          return new double[] {x * Double.parseDouble(text), x};
        }
        """);
    check(c, "parsed").check(1.5, "2.5");
    assertThrows(NumberFormatException.class, () -> c.call("p.RGrad", "parsed",
        new Class<?>[] {double.class, String.class, double[][].class}, 1.5, "x", new double[2][1]));
  }

  @Test
  void moreNamesTheEntryPointsUse() {
    Compiled c = compile("""
        @Differentiable static double[] indices(double n, double i, double j, double[] _made, double tape) {
          double[] r = new double[2];
          r[0] = n * i + _made[0];
          r[1] = j * tape;
          return r;
        }
        """);
    check(c, "indices").check(0.5, 1.5, -2.0, new double[] {0.25}, 3.0);
  }

  @Test
  void anotherClassesVectorValuedMethod() {
    Compiled c = Compiled.compile("p.R", Compiled.classSource("p.R", List.of(), List.of("""
        @Differentiable static double[] tagged(double x, String tag) {
          double[] r = Q.pair(x, tag.length());
          r[0] += 1;
          return r;
        }
        """)), "p.Q", Compiled.classSource("p.Q", List.of(), List.of("""
        @Differentiable static double[] pair(double x, double y) {
          return new double[] {x * y, x + y};
        }
        """))).assertCleanSuccess();
    check(c, "tagged").check(1.5, "ab");
  }

  @Test
  void resultsReassignedClonedAndCopied() {
    Compiled c = compile(SCALE, """
        @Differentiable static double[] reassigned(double a, double b) {
          double[] r = new double[] {a, b * a};
          r = scale(r, b);
          return r;
        }
        """, """
        @Differentiable static double[] cloned(double[] x) {
          double[] work = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            work[i] = x[i] * x[i];
          }
          return work.clone();
        }
        """, """
        @Differentiable static double[] truncated(double[] x, int m) {
          double[] work = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            work[i] = Math.exp(x[i]);
          }
          return java.util.Arrays.copyOf(work, m);
        }
        """, """
        @Differentiable static double[] flattened(double[][] m) {
          double[][] sq = new double[m.length][m[0].length];
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
              sq[i][j] = m[i][j] * m[j][i];
            }
          }
          double[] out = new double[m.length * m[0].length];
          int k = 0;
          for (double[] row : sq) {
            for (double v : row) {
              out[k++] = v;
            }
          }
          return out;
        }
        """, """
        @Differentiable static double[] untilSmall(double x, @NoDerivative double tol) {
          double[] trace = new double[8];
          int k = 0;
          while (true) {
            trace[k] = x;
            x = x / 2 + Math.sin(x) / 4;
            k++;
            if (Math.abs(x) < tol || k == trace.length) {
              break;
            }
          }
          return java.util.Arrays.copyOf(trace, k);
        }
        """);
    check(c, "reassigned").check(0.5, 1.5);
    check(c, "cloned").check(new double[] {0.5, -1.5});
    assertEquals(2, check(c, "truncated").check(new double[] {0.5, -1.5, 2.0}, 2).length);
    assertEquals(4, check(c, "truncated").check(new double[] {0.5, -1.5, 2.0}, 4).length);
    check(c, "flattened").check((Object) new double[][] {{1, 2}, {3, -1}});
    check(c, "untilSmall").check(1.0, 0.1);
  }

  @Test
  void theTwinThrowsTheMethodsOwnExceptionAndBadSeedsAreNamed() {
    Compiled c = compile("""
        @Differentiable static double[] positive(double x, int m) {
          if (x <= 0) {
            throw new ArithmeticException("x must be positive");
          }
          double[] out = new double[m];
          java.util.Arrays.fill(out, Math.log(x));
          return out;
        }
        """);
    assertEquals("x must be positive", assertThrows(ArithmeticException.class, () -> c.call("p.RGrad", "positive",
        new Class<?>[] {io.javagrad.Value.class, int.class}, new io.javagrad.Value(-1.0), 2)).getMessage());
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> c.call("p.RGrad",
        "positive_vjp", new Class<?>[] {double.class, int.class, double[].class, double[].class}, 2.0, 3,
        new double[2], new double[1]));
    assertEquals("positive_vjp needs a seed of length 3, the length of the value, but got 2", seed.getMessage());
    check(c, "positive").check(2.0, 3);
  }

  @Test
  void aSwitchExpressionChoosesTheArray() {
    Compiled c = compile("""
        @Differentiable static double[] picked(double x, int which) {
          return switch (which) {
            case 0 -> new double[] {x};
            case 1 -> {
              double[] two = new double[2];
              two[0] = x * x;
              two[1] = -x;
              yield two;
            }
            default -> new double[0];
          };
        }
        """, """
        @Differentiable static double[] stencil(double[] u, String kind) {
          double[] w = switch (kind) {
            case "central" -> new double[] {-0.5, 0, 0.5};
            case "forward" -> new double[] {0, -1, 1};
            default -> throw new IllegalArgumentException(kind);
          };
          double[] out = new double[u.length - 2];
          for (int i = 1; i < u.length - 1; i++) {
            out[i - 1] = w[0] * u[i - 1] + w[1] * u[i] * u[i] + w[2] * u[i + 1];
          }
          return out;
        }
        """);
    for (int which = 0; which < 3; which++) {
      assertEquals(which == 2 ? 0 : which + 1, check(c, "picked").check(0.7, which).length);
    }
    check(c, "stencil").check(new double[] {0.5, 1.5, -1.0, 2.0}, "central");
    check(c, "stencil").check(new double[] {0.5, 1.5, -1.0, 2.0}, "forward");
  }

  @Test
  void trajectoriesVoidHelpersAndChosenCalls() {
    Compiled c = compile(SCALE, """
        static void axpy(double a, double[] x, double[] y) {
          for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
          }
        }
        """, """
        @Differentiable static double[] trajectory(double y0, double k, int m, @NoDerivative double dt) {
          double[] ys = new double[m];
          ys[0] = y0;
          for (int i = 1; i < m; i++) {
            ys[i] = ys[i - 1] + dt * (-k * ys[i - 1] * ys[i - 1]);
          }
          return ys;
        }
        """, """
        @Differentiable static double[] moments(double[] w) {
          double[] out = new double[3];
          double[] ones = new double[w.length];
          java.util.Arrays.fill(ones, 1.0);
          double[] acc = new double[w.length];
          axpy(2.0, w, acc);
          axpy(-1.0, ones, acc);
          for (int i = 0; i < w.length; i++) {
            out[0] += acc[i];
            out[1] += acc[i] * acc[i];
            out[2] = Math.max(out[2], Math.abs(acc[i]));
          }
          return out;
        }
        """, """
        @Differentiable static double[] chosen(double x, double[] v) {
          return x > 0 ? scale(v, x) : moments(v);
        }
        """);
    check(c, "trajectory").check(1.0, 0.5, 6, 0.1);
    double[] wide = new double[300];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = Math.sin(i);
    }
    check(c, "moments").check(wide);
    check(c, "chosen").check(0.5, new double[] {1.0, -2.0});
    check(c, "chosen").check(-0.5, new double[] {1.0, -2.0});
  }

  @Test
  void aSeedThatIsAlsoTheGradientBuffer() {
    Compiled c = compile("""
        @Differentiable static double[] mix(double[] x) {
          return new double[] {x[0] * x[1], x[0] + 3 * x[1]};
        }
        """);
    Class<?>[] types = {double[].class, double[].class, double[].class};
    double[] x = {2.0, 5.0};
    double[] expected = new double[2];
    c.call("p.RGrad", "mix_vjp", types, x, new double[] {1.0, -1.0}, expected);
    double[] shared = {1.0, -1.0};
    c.call("p.RGrad", "mix_vjp", types, x, shared, shared);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, shared, 0.0, c.generatedSource("p.RGrad"));
    double[] tangent = new double[2];
    c.call("p.RGrad", "mix_jvp", types, x, new double[] {1.0, -1.0}, tangent);
    double[] direction = {1.0, -1.0};
    c.call("p.RGrad", "mix_jvp", types, x, direction, direction);
    org.junit.jupiter.api.Assertions.assertArrayEquals(tangent, direction, 0.0);
  }

  @Test
  void codeRunAsWrittenThatChangesAParameterArrayChangesItOnceAndTheJacobianIsAtTheGivenPoint() {
    Compiled c = compile("""
        @Differentiable static double[] shifted(double[] p, @NoDerivative double[] t) {
          java.util.Arrays.setAll(t, i -> t[i] + 1);
          double[] r = new double[t.length];
          for (int i = 0; i < t.length; i++) {
            r[i] = p[0] * t[i] + p[1];
          }
          return r;
        }
        """, """
        @Differentiable static double[] reversed(@NoDerivative double[][] m, double s) {
          java.util.Collections.reverse(java.util.Arrays.asList(m));
          double[] r = new double[m.length];
          for (int i = 0; i < m.length; i++) {
            r[i] = m[i][0] * s + m[i][1] * m[0][1];
          }
          return r;
        }
        """, """
        @Differentiable static double[] plain(double[] x) {
          return new double[] {x[0] * x[0], Math.sin(x[0])};
        }
        """);
    check(c, "plain").check(new double[] {1.5});
    check(c, "shifted").check(new double[] {2.0, 0.5}, new double[] {1.0, 2.0, 3.0});
    check(c, "reversed").check(new double[][] {{1.0, 2.0}, {3.0, -1.0}, {0.5, 4.0}}, 1.5);
    String companion = c.generatedSource("p.RGrad");
    assertTrue(companion.contains("double[] tGiven = t.clone();"), companion);
    assertTrue(companion.contains("shifted(p, t)"), companion);
    assertTrue(companion.contains("shifted_jvp(p, tGiven.clone(), unit, column)"), companion);
    assertTrue(companion.contains("plain_jvp(x, unit, column)"), companion);
  }

  @Test
  void scalarAndVectorOverloadsAndANestedCaller() {
    Compiled c = compile("""
        enum Basis { MONOMIAL, CHEBYSHEV }
        """, """
        @Differentiable static double f(double x, double y) {
          return x * y;
        }
        """, """
        @Differentiable static double[] f(double x) {
          return new double[] {f(x, x), x};
        }
        """, """
        @Differentiable static double[] basis(double x, int n, Basis kind) {
          return switch (kind) {
            case MONOMIAL -> {
              double[] m = new double[n];
              for (int i = 0; i < n; i++) {
                m[i] = Math.pow(x, i);
              }
              yield m;
            }
            case CHEBYSHEV -> chebyshev(x, n);
          };
        }
        """, """
        @Differentiable static double[] chebyshev(double x, int n) {
          double[] t = new double[n];
          for (int i = 0; i < n; i++) {
            t[i] = i == 0 ? 1 : i == 1 ? x : 2 * x * t[i - 1] - t[i - 2];
          }
          return t;
        }
        """, """
        static class Fitter {
          @Differentiable static double[] scaledBasis(double x, double s) {
            double[] b = basis(x, 4, Basis.CHEBYSHEV);
            double[] g = f(s);
            for (int i = 0; i < b.length; i++) {
              b[i] *= g[0];
            }
            return b;
          }
        }
        """);
    check(c, "f").check(0.7);
    new GradientAgreement(c, "p.R", "f").check(0.7, -1.2);
    Object[] kinds = c.load("p.R$Basis").getEnumConstants();
    check(c, "basis").check(0.4, 5, kinds[0]);
    check(c, "basis").check(0.4, 5, kinds[1]);
    new VectorAgreement(c, "p.R$Fitter", "scaledBasis").check(0.3, 1.7);
  }

  @Test
  void collectionsAndAResultDeclaredWithoutAValue() {
    Compiled c = compile("""
        @Differentiable static double[] weighted(double[] w, java.util.List<Double> xs, boolean centered) {
          double[] r;
          if (centered) {
            r = new double[xs.size()];
          } else {
            r = new double[xs.size() + 1];
            r[xs.size()] = w[0] * w[1];
          }
          int i = 0;
          double mean = 0;
          for (double x : xs) {
            mean += x / xs.size();
          }
          for (Double x : xs) {
            r[i++] = w[0] * (centered ? x - mean : x) + w[1];
          }
          return r;
        }
        """);
    check(c, "weighted").check(new double[] {1.5, -0.5}, List.of(1.0, 2.0, 4.0), true);
    check(c, "weighted").check(new double[] {1.5, -0.5}, List.of(1.0, 2.0, 4.0), false);
  }

  @Test
  void anElementOfAPlainHelpersTableReadInAScalarMethod() {
    Compiled c = compile("""
        static double[] weights(int n) {
          double[] w = new double[n];
          try {
            for (int i = 0; i < n; i++) {
              w[i] = Double.parseDouble("0." + (i + 1));
            }
          } catch (NumberFormatException e) {
            throw new IllegalStateException(e);
          }
          return w;
        }
        """, """
        @Differentiable static double weightedSquare(double x, int k) {
          return weights(k + 1)[k] * x * x;
        }
        """);
    new GradientAgreement(c, "p.R", "weightedSquare").check(1.5, 2);
  }
}
