package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole methods with branches, loops and arrays, of the kind people write: Rosenbrock over any
 * length, logistic regression, softmax cross-entropy, a two-layer MLP, Horner, Black–Scholes with
 * a branching normal CDF, Newton in a while loop, piecewise functions, early returns, break and
 * continue, local arrays written and read back, calls inside loops and branches. Each method is
 * checked with {@link GradientAgreement} at points on both sides of every branch it has (each
 * case's comment says which point takes which side): the generated gradient equals the dynamic
 * twin's within 1e-10, and both match finite differences within 1e-6.
 *
 * <p>The methods are compiled in a few batches (branches, loops, arrays, calls, and three small ones
 * for shapes that broke the companion's compilation when these tests were written: locals declared
 * without a value, an array declared after an early return, a ternary choosing a call on the
 * variable it assigns), so that javac runs only a few times, and a batch the processor cannot
 * compile fails only its own cases.
 */
class ControlFlowMethodsTest {
  /** Branches: if/else chains, ternaries, comparisons, && || !, boolean and long parameters. */
  static final String BRANCHES = """
      package p;

      import io.javagrad.Differentiable;

      public class Branches {
        /** && guards an index (short circuit: a[i] is never read when i is out of range), and so does ||. */
        @Differentiable static double shortCircuit(double[] a, int i, double t) {
          double s = t;
          if (i < a.length && a[i] > t) {
            s = a[i] * t;
          }
          if (i >= a.length || a[i] < -t) {
            s = s + t * t;
          }
          return s;
        }

        /** ! and boolean parameters and locals; == and != of booleans. */
        @Differentiable static double flags(double x, double y, boolean square, boolean flip) {
          boolean positive = x > 0;
          boolean both = positive && !flip;
          double r = y;
          if (!positive || flip) {
            r = r - x;
          }
          if (both == square) {
            r = r * x;
          } else {
            r = r + Math.sin(x);
          }
          boolean big = r > 1 || r < -1;
          if (big != flip) {
            r = Math.atan(r);
          }
          return !square ? r : r * r;
        }

        /** Ternaries nested in ternaries, and a ternary as a factor. */
        @Differentiable static double nestedTernary(double x, double y) {
          double s = x > 0 ? (y > 0 ? x * y : x - y) : (y > x ? Math.sin(y) : x * x);
          return s + (s > 1 ? Math.log(s) : -s) * (x < y ? y : x);
        }

        /** Five pieces, two of them by early returns. */
        @Differentiable static double piecewise(double x) {
          if (x < -2) {
            return -x - 1;
          }
          if (x < 0) {
            return 0.25 * x * x;
          }
          double y;
          if (x < 1) {
            y = Math.sin(x);
          } else if (x < 3) {
            y = Math.sqrt(x) + Math.log(x);
          } else {
            y = x / 3;
          }
          return y * y;
        }

        /** long parameters and long locals in conditions. */
        @Differentiable static double longCondition(double x, long k, int n) {
          double r = x;
          if (k > 3_000_000_000L) {
            r = r * 2;
          }
          if (k % 2 == 0 && n < k) {
            r = Math.sin(r);
          } else {
            r = r * r;
          }
          long m = k * n;
          if (m < 0) {
            r = -r;
          }
          return r * (m % 1000);
        }

        /** Abramowitz–Stegun 26.2.17, with the symmetry N(x) = 1 - N(-x) for x < 0. */
        @Differentiable static double normCdf(double x) {
          double z = x < 0 ? -x : x;
          double t = 1 / (1 + 0.2316419 * z);
          double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978
              + t * 1.330274429))));
          double upper = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * poly;
          if (x < 0) {
            return upper;
          }
          return 1 - upper;
        }

        /** Black–Scholes call through the Abramowitz–Stegun CDF. */
        @Differentiable static double blackScholesAS(double s, double k, double t, double r, double sigma) {
          double sq = sigma * Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
          return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d1 - sq);
        }

        /** A boolean local flipped in every iteration, read by a ternary in the reverse sweep. */
        @Differentiable static double flagTernary(double x, double y, int n) {
          boolean flag = true;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += flag ? x * s + 1 : y * s;
            flag = !flag;
          }
          return s;
        }

        /** A ternary guards an index that may be out of range (the other side must not be evaluated). */
        @Differentiable static double guardedIndex(double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += i < x.length ? x[i] * x[i] : s * 0.5;
          }
          return s;
        }

        /** The Huber loss over arrays: a branch inside a loop. */
        @Differentiable static double huber(double[] pred, double[] target, double delta) {
          double s = 0;
          for (int i = 0; i < pred.length; i++) {
            double r = pred[i] - target[i];
            double a = r < 0 ? -r : r;
            if (a <= delta) {
              s += 0.5 * r * r;
            } else {
              s += delta * (a - 0.5 * delta);
            }
          }
          return s / pred.length;
        }

        /** A boolean local set inside a loop, read by ternaries in the loop and after it. */
        @Differentiable static double anyAbove(double[] x, double t) {
          boolean seen = false;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > t) {
              seen = true;
            }
            s += seen ? x[i] * t : x[i];
          }
          return seen ? s : -s * t;
        }
      }
      """;

  /**
   * Locals declared without a value and first assigned inside branches or loops (Java's definite
   * assignment allows it; the companion must too).
   */
  static final String UNASSIGNED = """
      package p;

      import io.javagrad.Differentiable;

      public class Unassigned {
        /** if / else-if chains, nested two deep, with a branch that assigns only on one side. */
        @Differentiable static double nestedChain(double x, double y) {
          double r;
          if (x > 0) {
            if (y > 0) {
              r = x * y;
            } else if (y > -1) {
              r = x - Math.sin(y);
            } else {
              r = x * x / y;
            }
          } else if (x > -2) {
            r = Math.exp(x) * y;
            if (y < 0) {
              r = r * r;
            }
          } else {
            r = -x * Math.cos(y);
          }
          return r + x;
        }

        /** Hart's double-precision algorithm (as given by West, 2005): nested branches, then symmetry. */
        @Differentiable static double normCdfHart(double x) {
          double a = Math.abs(x);
          double c;
          if (a > 37) {
            c = 0;
          } else {
            double e = Math.exp(-a * a / 2);
            if (a < 7.07106781186547) {
              double b = 3.52624965998911e-02 * a + 0.700383064443688;
              b = b * a + 6.37396220353165;
              b = b * a + 33.912866078383;
              b = b * a + 112.079291497871;
              b = b * a + 221.213596169931;
              b = b * a + 220.206867912376;
              c = e * b;
              b = 8.83883476483184e-02 * a + 1.75566716318264;
              b = b * a + 16.064177579207;
              b = b * a + 86.7807322029461;
              b = b * a + 296.564248779674;
              b = b * a + 637.333633378831;
              b = b * a + 793.826512519948;
              b = b * a + 440.413735824752;
              c = c / b;
            } else {
              double b = a + 0.65;
              b = a + 4 / b;
              b = a + 3 / b;
              b = a + 2 / b;
              b = a + 1 / b;
              c = e / b / 2.506628274631;
            }
          }
          if (x > 0) {
            c = 1 - c;
          }
          return c;
        }

        /** Black–Scholes, call or put by a flag, through the branching CDF (a callee inside a branch). */
        @Differentiable static double blackScholes(double s, double k, double t, double r, double sigma,
            boolean call) {
          double sq = sigma * Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
          double d2 = d1 - sq;
          double df = Math.exp(-r * t);
          if (call) {
            return s * normCdfHart(d1) - k * df * normCdfHart(d2);
          }
          return k * df * normCdfHart(-d2) - s * normCdfHart(-d1);
        }

        /** Declared before a loop, assigned in every iteration before it is read. */
        @Differentiable static double assignedInLoop(double[] x) {
          double r;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            r = x[i] * 2;
            s += r * r;
          }
          return s;
        }
      }
      """;

  /** A local array declared at the top level, after an early return. */
  static final String AFTER_RETURN = """
      package p;

      import io.javagrad.Differentiable;

      public class AfterReturn {
        @Differentiable static double arrayAfterReturn(double x, int n) {
          if (x < 0) {
            return x * x;
          }
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x * i;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += a[i] * a[i];
          }
          return s;
        }
      }
      """;

  /** A ternary choosing a call whose argument is the variable being assigned. */
  static final String CALL_ON_TARGET = """
      package p;

      import io.javagrad.Differentiable;

      public class CallOnTarget {
        @Differentiable static double sq(double x) {
          return x * x;
        }

        @Differentiable static double damped(double[] x) {
          double s = 0.5;
          for (int i = 0; i < x.length; i++) {
            s = x[i] > 0 ? sq(s + x[i]) * 0.5 : s - x[i];
          }
          return s;
        }
      }
      """;

  /** Loops: for, while, do/while, break, continue, return inside loops, int counters of every kind. */
  static final String LOOPS = """
      package p;

      import io.javagrad.Differentiable;

      public class Loops {
        static final int FIVE = 5;

        /** Rosenbrock over a double[] of any length. */
        @Differentiable static double rosenbrock(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
          }
          return s;
        }

        /** Horner's rule, counting down (a for loop that is not a counting-up loop). */
        @Differentiable static double horner(double[] c, double x) {
          double p = 0;
          for (int i = c.length - 1; i >= 0; i--) {
            p = p * x + c[i];
          }
          return p;
        }

        /** Newton's iteration for y^3 + y = a, in a while loop with a data-dependent exit. */
        @Differentiable static double newtonCubic(double a) {
          double y = 1;
          double fy = y * y * y + y - a;
          int k = 0;
          while (Math.abs(fy) > 1e-13 && k < 100) {
            y = y - fy / (3 * y * y + 1);
            fy = y * y * y + y - a;
            k++;
          }
          return y;
        }

        /** x = sin(x), n times. */
        @Differentiable static double iterateSin(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = Math.sin(x);
          }
          return x;
        }

        /** An early return inside a loop. */
        @Differentiable static double earlyReturn(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * t;
            if (s > 2) {
              return s * s + i;
            }
          }
          return -s;
        }

        /** An early return from the inner of two nested loops, whose inner bound starts at the outer counter. */
        @Differentiable static double firstPairAbove(double[] x, double t) {
          for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
              double p = x[i] * x[j];
              if (p > t) {
                return p - t * i + j;
              }
            }
          }
          return t * t;
        }

        /** continue in a for loop, twice, the second after a data-dependent test. */
        @Differentiable static double continueInFor(double[] x) {
          double s = 0;
          double prod = 1;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
              s -= x[i];
              continue;
            }
            prod *= 1 + x[i];
            if (prod > 10) {
              continue;
            }
            s += Math.sqrt(prod);
          }
          return s + prod;
        }

        /** continue in a while loop whose counter moves before the continue. */
        @Differentiable static double continueInWhile(double[] x, double t) {
          int i = 0;
          double s = 0;
          while (i < x.length) {
            double v = x[i] * t;
            i++;
            if (v > 1) {
              s += Math.log(v);
              continue;
            }
            s += v * v;
          }
          return s;
        }

        /** break out of the inner loop only; the outer one goes on. */
        @Differentiable static double innerBreak(double[] m, int rows, int cols, double t) {
          double total = 0;
          for (int r = 0; r < rows; r++) {
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
              double v = m[r * cols + c];
              if (v < 0) {
                break;
              }
              rowSum += v * v;
            }
            total += Math.sqrt(rowSum + t);
          }
          return total;
        }

        /** do/while with a data-dependent exit: at least one iteration. */
        @Differentiable static double doWhile(double x) {
          double y = x;
          int k = 0;
          do {
            y = Math.sqrt(y) + 0.5;
            k++;
          } while (y > 2 && k < 20);
          return y * k;
        }

        /** while (true) with a data-dependent break. */
        @Differentiable static double growUntil(double x, double limit) {
          double y = x;
          int n = 0;
          while (true) {
            y = y * 1.5 + Math.sin(y);
            n++;
            if (y > limit || n >= 8) {
              break;
            }
          }
          return y / n;
        }

        /** Bounds from int locals, constants, <= and a while over an int local stepping by 2. */
        @Differentiable static double intLocalsAndConstants(double x) {
          int n = 3;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.pow(x, i);
          }
          for (int i = 1; i <= FIVE; i++) {
            s += x / i;
          }
          for (int i = 0; i < 4; i++) {
            s *= 0.5 + x * 0.1;
          }
          int m = n * 2 - 1;
          int k = 0;
          while (k < m) {
            s = s + k * x;
            k += 2;
          }
          return s;
        }

        /** Loops that may run zero times: for with an int bound, while, and for from n while below 0. */
        @Differentiable static double zeroTrip(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = s * x + 1;
          }
          int k = n;
          while (k > 0) {
            s += Math.sin(s);
            k--;
          }
          for (int j = n; j < 0; j++) {
            s = s * 2;
          }
          return s * x;
        }

        /** A loop whose body overwrites several double locals, declared inside and outside it. */
        @Differentiable static double severalLocals(double x, double y, int n) {
          double a = x;
          double b = y;
          for (int i = 0; i < n; i++) {
            double c = a * b;
            double d = a + b;
            a = Math.sin(c) + d * 0.1;
            b = Math.cos(d) - c * 0.1;
            c = a - b;
            d = c * c;
            a = a + d * 0.01;
          }
          return a * b;
        }

        /** Index arithmetic: 2*i+1, i/2, i%3, and a condition that is not counter < bound. */
        @Differentiable static double intIndexArithmetic(double[] x) {
          double s = 0;
          for (int i = 0; 2 * i + 1 < x.length; i++) {
            s += x[2 * i + 1] * x[i / 2] - x[i % 3];
          }
          return s;
        }

        /** Ternaries, one nested, inside a loop, one reading the accumulator it assigns. */
        @Differentiable static double ternaryInLoop(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] > t ? x[i] * x[i] : (x[i] < -t ? Math.exp(x[i]) : t * x[i]);
            s = s > 5 ? Math.sqrt(s) : s;
          }
          return s;
        }

        /** for (;;) left by a return. */
        @Differentiable static double forEver(double x) {
          double y = x;
          for (;;) {
            y = y * 0.5 + 1;
            if (y < 2.5) {
              return y * x;
            }
          }
        }

        /** Two counters moving towards each other. */
        @Differentiable static double twoCounters(double[] x) {
          double s = 0;
          for (int i = 0, j = x.length - 1; i < j; i++, j--) {
            s += x[i] * x[j] + s * 0.1;
          }
          return s;
        }

        /** The inner loop's bound is an int local that the outer loop changes after it. */
        @Differentiable static double boundChangesOutside(double x) {
          int m = 1;
          double s = 0;
          for (int r = 0; r < 3; r++) {
            for (int i = 0; i < m; i++) {
              s = s * x + 1;
            }
            m = m + 1;
          }
          return s;
        }

        /** continue in a do/while goes to the condition. */
        @Differentiable static double doContinue(double x) {
          double y = x;
          int k = 0;
          do {
            k++;
            if (k % 2 == 0) {
              continue;
            }
            y = y * y * 0.5 + 0.1;
          } while (k < 6);
          return y;
        }

        /** A return from a while loop inside a do/while. */
        @Differentiable static double returnInWhileInDo(double x) {
          double y = x;
          int k = 0;
          do {
            int j = 0;
            while (j < 3) {
              y = Math.sin(y) + y * 0.5 + 0.1 * k;
              if (y > 2) {
                return y * (k + 1);
              }
              j++;
            }
            y = y + 0.2;
            k++;
          } while (k < 4);
          return -y;
        }

        /** break out of a do/while nested in a for: only the do/while ends. */
        @Differentiable static double breakInDoInFor(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double v = x[i];
            do {
              v = v * 0.5;
              if (v < 0.15) {
                break;
              }
              s += v * s + v;
            } while (v > 0.2);
          }
          return s;
        }

        /** The for counter is bumped inside the body (the loop is no longer a plain counting loop). */
        @Differentiable static double counterBumped(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
              i++;
            } else {
              s += x[i] * s + x[i];
            }
          }
          return s;
        }

        /** A long counter and a long bound. */
        @Differentiable static double longBound(double x, long k) {
          for (long j = 0; j < k; j++) {
            x = x * 0.9 + Math.sin(x) * 0.05;
          }
          return x;
        }
      }
      """;

  /** Arrays: local arrays written, accumulated and read back; models over data sets. */
  static final String MODELS = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.Functions;

      public class Models {
        /** Logistic-regression loss over n samples of d features (x flattened n×d), with L2 penalty. */
        @Differentiable static double logistic(double[] w, double b, double[] x, double[] y, int n, int d) {
          double loss = 0;
          for (int i = 0; i < n; i++) {
            double z = b;
            for (int j = 0; j < d; j++) {
              z += w[j] * x[i * d + j];
            }
            double l;
            if (z > 0) {
              l = Math.log1p(Math.exp(-z)) + (1 - y[i]) * z;
            } else {
              l = Math.log1p(Math.exp(z)) - y[i] * z;
            }
            loss += l;
          }
          double reg = 0;
          for (int j = 0; j < d; j++) {
            reg += w[j] * w[j];
          }
          return loss / n + 0.01 * reg;
        }

        /** Softmax cross-entropy, with the max found by a branch in a loop and subtracted. */
        @Differentiable static double softmaxCrossEntropy(double[] z, int label) {
          double m = z[0];
          for (int i = 1; i < z.length; i++) {
            if (z[i] > m) {
              m = z[i];
            }
          }
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          return Math.log(s) + m - z[label];
        }

        /** A two-layer MLP forward (leaky ReLU into tanh into sigmoid), with a local hidden array. */
        @Differentiable static double mlp(double[] w1, double[] b1, double[] w2, double b2, double[] x,
            double target, int hidden) {
          int d = x.length;
          double[] h = new double[hidden];
          for (int j = 0; j < hidden; j++) {
            h[j] = b1[j];
            for (int i = 0; i < d; i++) {
              h[j] += w1[j * d + i] * x[i];
            }
            h[j] = h[j] > 0 ? h[j] : 0.1 * h[j];
          }
          double out = b2;
          for (int j = 0; j < hidden; j++) {
            out += w2[j] * Math.tanh(h[j]);
          }
          double e = Functions.sigmoid(out) - target;
          return e * e;
        }

        /** A matrix-vector product in nested loops, into a local array, then its norm. */
        @Differentiable static double matVecNorm(double[] a, double[] v, int rows) {
          int cols = v.length;
          double[] y = new double[rows];
          for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
              y[r] += a[r * cols + c] * v[c];
            }
          }
          double s = 0;
          for (int r = 0; r < rows; r++) {
            s += y[r] * y[r];
          }
          return Math.sqrt(s);
        }

        /** Two local arrays: prefix sums, then +=, *= on elements already written and not yet written. */
        @Differentiable static double prefixSums(double[] x) {
          int n = x.length;
          double[] p = new double[n + 1];
          for (int i = 0; i < n; i++) {
            p[i + 1] = p[i] + x[i];
          }
          double[] q = new double[n];
          for (int i = 0; i < n; i++) {
            q[i] += p[i + 1] * p[i + 1];
            q[i] += Math.sin(p[i]);
            q[n - 1 - i] *= 1 + 0.1 * x[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += q[i] * (i % 2 == 0 ? 1 : -1);
          }
          return s;
        }

        /** Forward substitution for L y = b (L lower triangular, flattened): reads y[j] written earlier. */
        @Differentiable static double forwardSubstitution(double[] l, double[] b) {
          int n = b.length;
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int j = 0; j < i; j++) {
              s -= l[i * n + j] * y[j];
            }
            y[i] = s / l[i * n + i];
          }
          double r = 0;
          for (int i = 0; i < n; i++) {
            r += y[i] * (i + 1);
          }
          return r;
        }

        /** Bubble sort of a copy (swaps through a temporary in a branch in nested loops), then a weighted sum. */
        @Differentiable static double sortedWeighted(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i];
          }
          for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < n - 1 - i; j++) {
              if (a[j] > a[j + 1]) {
                double t = a[j];
                a[j] = a[j + 1];
                a[j + 1] = t;
              }
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += a[i] * (i + 1) * a[i];
          }
          return s;
        }

        /** The running maximum, by a ternary reading the element written in the previous iteration. */
        @Differentiable static double runningMax(double[] x) {
          double[] m = new double[x.length];
          m[0] = x[0];
          for (int i = 1; i < x.length; i++) {
            m[i] = x[i] > m[i - 1] ? x[i] : m[i - 1];
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += m[i] * x[i];
          }
          return s;
        }

        /** Powers of x into a local array, then a polynomial. */
        @Differentiable static double powers(double x, double[] c) {
          double[] pw = new double[c.length];
          pw[0] = 1;
          for (int i = 1; i < c.length; i++) {
            pw[i] = pw[i - 1] * x;
          }
          double s = 0;
          for (int i = 0; i < c.length; i++) {
            s += c[i] * pw[i];
          }
          return s;
        }

        /** A local array whose length may be 0, filled from an accumulator. */
        @Differentiable static double filledFromAccumulator(double x, int n) {
          double[] a = new double[n];
          double s = x;
          for (int i = 0; i < a.length; i++) {
            a[i] = s;
            s = s * x;
          }
          for (int i = 0; i < n; i++) {
            s += a[i];
          }
          return s;
        }

        /** An element overwritten with a value that has no derivative, conditionally, in a loop. */
        @Differentiable static double clippedCopy(double[] x, double t) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * t;
            if (a[i] > 1) {
              a[i] = 1;
            }
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i] + a[i];
          }
          return s;
        }
      }
      """;

  /** Calls inside loops and branches, into methods that have loops themselves. */
  static final String CALLS = """
      package p;

      import io.javagrad.Differentiable;

      public class Calls {
        @Differentiable static double sq(double x) {
          return x * x;
        }

        /** Identity inside [-t, t], logarithmic outside: early returns in branches. */
        @Differentiable static double softClip(double x, double t) {
          if (x > t) {
            return t + Math.log1p(x - t);
          }
          if (x < -t) {
            return -t - Math.log1p(-t - x);
          }
          return x;
        }

        @Differentiable static double sumSq(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          return s;
        }

        @Differentiable static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable static double rosenbrock(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            s += 100 * a * a + (1 - x[i]) * (1 - x[i]);
          }
          return s;
        }

        /** Calls inside both sides of a branch inside a loop. */
        @Differentiable static double callInLoopAndBranch(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              s += softClip(x[i] * t, 1.5);
            } else {
              s -= sq(x[i] + s);
            }
          }
          return s;
        }

        /** Calls to methods with loops, the same array passed twice to one of them. */
        @Differentiable static double callsLoopyMethods(double[] x, double[] y) {
          double n = sumSq(x);
          double r = rosenbrock(y);
          return dot(x, y) / (1 + n) + Math.log1p(r) + sumSq(y) * dot(x, x);
        }

        /** A local array passed to callees with loops. */
        @Differentiable static double localArrayToCallee(double[] x) {
          double[] h = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            h[i] = Math.tanh(x[i]) * (i + 1);
          }
          return sumSq(h) + dot(h, x);
        }

        /** Callees with loops and branches called inside nested loops, fed by the accumulator. */
        @Differentiable static double calleeInNestedLoops(double[] x, int reps) {
          double s = 0;
          for (int r = 0; r < reps; r++) {
            for (int i = 0; i < x.length; i++) {
              s = s * 0.5 + softClip(x[i] + s, 1.0);
            }
            s += sumSq(x) * 0.01;
          }
          return s;
        }

        /** A local array, growing in a loop, passed to a callee with a loop in every iteration. */
        @Differentiable static double calleeOnGrowingArray(double[] x) {
          double[] h = new double[x.length];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            h[i] = x[i] * (s + 1);
            s += sumSq(h);
          }
          return s;
        }

        /** A callee in a loop condition (its value only decides) and in the body. */
        @Differentiable static double calleeInCondition(double x) {
          double y = x;
          int k = 0;
          while (softClip(y, 1.0) < 0.9 && k < 20) {
            y = y + 0.1 * sq(y);
            k++;
          }
          return y;
        }

        /** Calls on both sides of a ternary in a loop: only the chosen side's pullback runs. */
        @Differentiable static double ternaryCalls(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] > 0 ? softClip(x[i] * t + 1, 1.5) : sq(x[i] - t);
          }
          return s;
        }

        /** A callee inside a while loop with a data-dependent exit. */
        @Differentiable static double calleeInWhile(double x) {
          double y = x;
          int k = 0;
          while (y < 10 && k < 30) {
            y = y + softClip(y, 2.0) + 0.5;
            k++;
          }
          return y;
        }
      }
      """;

  /** A method and the points to check it at. */
  record Case(String owner, String method, List<Object[]> points) {
    @Override
    public String toString() {
      return owner + "." + method;
    }
  }

  private static final double[] MATRIX_2X3 = {0.5, -1.0, 2.0, 1.5, 0.25, -0.75};

  private static final List<Case> UNASSIGNED_CASES = List.of(
      // x > 0 with y > 0, -1 < y <= 0, y <= -1; -2 < x <= 0 with y >= 0 and y < 0; x <= -2
      at("Unassigned", "nestedChain", p(1.0, 2.0), p(1.0, -0.5), p(1.0, -3.0), p(-1.0, 2.0), p(-1.0, -2.0),
          p(-3.0, 1.0)),
      // |x| > 37, |x| < 7.07 and above, both signs
      at("Unassigned", "normCdfHart", p(-40.0), p(-8.0), p(-1.0), p(0.5), p(2.0), p(7.5), p(38.0)),
      // call and put, in and out of the money, deep in the money (d1 > 7.07: the other branch of Hart)
      at("Unassigned", "blackScholes", p(100.0, 100.0, 1.0, 0.05, 0.2, true), p(80.0, 100.0, 0.5, 0.01, 0.3, true),
          p(120.0, 100.0, 2.0, 0.03, 0.15, false), p(90.0, 100.0, 1.0, 0.05, 0.2, false),
          p(1000.0, 100.0, 1.0, 0.05, 0.2, true)),
      at("Unassigned", "assignedInLoop", p(new double[] {0.5, -1.0, 2.0}), p(new double[] {})));

  private static final List<Case> AFTER_RETURN_CASES = List.of(
      // the early return, and the array
      at("AfterReturn", "arrayAfterReturn", p(-0.5, 3), p(0.7, 3), p(0.7, 0)));

  private static final List<Case> CALL_ON_TARGET_CASES = List.of(
      at("CallOnTarget", "damped", p(new double[] {0.5, -1.0, 0.2, -0.3})));

  private static final List<Case> BRANCH_CASES = List.of(
      // a[i] > t; i out of range (|| true by its left side); a[i] < -t; neither
      at("Branches", "shortCircuit", p(new double[] {1.0, 2.0, 3.0}, 1, 0.5), p(new double[] {1.0, 2.0, 3.0}, 3, 0.5),
          p(new double[] {-2.0, 1.0}, 0, 0.5), p(new double[] {0.2, 1.0}, 0, 0.5)),
      // every combination of the flags, with x on both sides of 0 and r on both sides of |r| > 1
      at("Branches", "flags", p(0.5, 2.5, true, false), p(0.5, 2.0, false, false), p(0.5, 0.2, true, true),
          p(0.5, 0.2, false, true), p(-0.5, 0.3, true, false), p(-0.5, 3.0, false, false),
          p(-0.5, -3.0, true, true), p(2.0, 0.1, false, false)),
      // each of the four inner values, with s on both sides of 1 and x < y, x > y
      at("Branches", "nestedTernary", p(2.0, 1.5), p(2.0, -0.5), p(0.5, -0.1), p(-1.0, 0.5), p(-2.0, -3.0),
          p(-0.5, -1.0)),
      // each of the five pieces
      at("Branches", "piecewise", p(-3.0), p(-1.0), p(0.5), p(2.0), p(4.0)),
      // k above and below 3e9, even and odd, m negative and positive
      at("Branches", "longCondition", p(0.7, 4_000_000_002L, 3), p(0.7, 4L, 3), p(0.7, 5L, 3), p(0.7, 6L, -2),
          p(-0.4, 3_000_000_001L, 1), p(1.3, 2L, 7)),
      // both signs of x
      at("Branches", "normCdf", p(-2.0), p(-0.3), p(0.3), p(1.5)),
      at("Branches", "blackScholesAS", p(100.0, 100.0, 1.0, 0.05, 0.2), p(80.0, 100.0, 0.5, 0.01, 0.3),
          p(120.0, 100.0, 2.0, 0.03, 0.15)),
      // residuals inside and outside delta, of both signs
      at("Branches", "huber", p(new double[] {0.5, 2.0, -3.0, 0.1}, new double[] {0.0, 0.0, 0.0, 0.5}, 1.0)),
      // no element above t (seen stays false), and one in the middle
      at("Branches", "anyAbove", p(new double[] {0.1, 0.2, 0.3}, 0.5), p(new double[] {0.1, 0.9, -0.3, 0.4}, 0.5)),
      // both values of the flag, and no iteration
      at("Branches", "flagTernary", p(0.3, 0.7, 5), p(0.3, 0.7, 0)),
      // indices in range, then out of range
      at("Branches", "guardedIndex", p(new double[] {0.5, 1.5}, 4), p(new double[] {0.5, 1.5, -2.0}, 2)));

  private static final List<Case> LOOP_CASES = List.of(
      at("Loops", "rosenbrock", p(new double[] {-1.2, 1.0}), p(new double[] {0.5, -1.2, 0.8, 2.0, -0.3}),
          p(new double[] {1.5})),
      at("Loops", "horner", p(new double[] {1.0, -2.0, 3.0, -4.0}, 0.7), p(new double[] {0.5}, -1.5),
          p(new double[] {}, 2.0)),
      // several Newton steps from y = 1 (not at a = 2, where y = 1 solves at once and the trip count jumps)
      at("Loops", "newtonCubic", p(10.0), p(0.3), p(-5.0), p(2.5)),
      at("Loops", "iterateSin", p(0.7, 5), p(-1.3, 1), p(0.7, 0)),
      // returns at i = 2; never returns
      at("Loops", "earlyReturn", p(new double[] {0.5, 1.0, 2.0, 3.0}, 0.9), p(new double[] {0.1, 0.2}, 0.9)),
      // returns at (1, 2); at (0, 1); never
      at("Loops", "firstPairAbove", p(new double[] {0.5, 1.0, 3.0, 0.2}, 2.5), p(new double[] {2.0, 1.5}, 0.5),
          p(new double[] {0.5, 0.1, 0.3}, 2.0)),
      // negative elements, prod above 10 and below
      at("Loops", "continueInFor", p(new double[] {0.5, -1.0, 2.0, 3.0, 1.0, -0.2}), p(new double[] {0.1, 0.2})),
      at("Loops", "continueInWhile", p(new double[] {0.5, 2.0, -1.0, 3.0}, 0.8), p(new double[] {0.1}, 0.5)),
      // rows broken at the first, a middle and no element
      at("Loops", "innerBreak", p(new double[] {-1.0, 2.0, 0.5, 1.5, -0.5, 2.0, 0.3, 0.4, 0.6}, 3, 3, 0.1)),
      // one iteration; several
      at("Loops", "doWhile", p(1.0), p(9.0), p(400.0)),
      // breaks on the limit; on the count
      at("Loops", "growUntil", p(0.3, 5.0), p(1.0, 100.0), p(-3.0, 1e300)),
      at("Loops", "intLocalsAndConstants", p(0.7), p(-1.3)),
      // n = 0 (every loop runs zero times), n > 0, n < 0 (only the last)
      at("Loops", "zeroTrip", p(0.7, 0), p(0.7, 3), p(0.4, -2)),
      at("Loops", "severalLocals", p(0.3, 0.8, 4), p(-0.5, 1.2, 1), p(0.3, 0.8, 0)),
      at("Loops", "intIndexArithmetic", p(new double[] {0.5, -1.0, 2.0, 1.5, 0.3, -0.7, 1.1, 0.9}),
          p(new double[] {0.5, 2.0, -1.0})),
      // elements above t, below -t and between; s above and below 5
      at("Loops", "ternaryInLoop", p(new double[] {3.0, -2.0, 0.1, 2.5, -0.1}, 0.5),
          p(new double[] {0.2, 0.3}, 1.0)),
      // returns after several halvings; at once
      at("Loops", "forEver", p(10.5), p(1.0)),
      // odd and even lengths
      at("Loops", "twoCounters", p(new double[] {1.0, 2.0, 3.0, 4.0, 5.0}), p(new double[] {1.0, -2.0, 3.0, 4.0})),
      at("Loops", "boundChangesOutside", p(0.7), p(-1.3)),
      at("Loops", "doContinue", p(0.6), p(-1.1)),
      // returns in the first round, in a later round, never
      at("Loops", "returnInWhileInDo", p(7.0), p(0.3), p(-3.0)),
      // breaks at once, ends by the condition after four iterations, breaks after two and three
      at("Loops", "breakInDoInFor", p(new double[] {0.15, 3.0, 0.5, 1.0})),
      // negative elements skip the next one
      at("Loops", "counterBumped", p(new double[] {0.5, -1.0, 2.0, 0.3, 0.4}), p(new double[] {0.5, 0.3})),
      at("Loops", "longBound", p(0.8, 7L), p(-2.0, 0L)));

  private static final List<Case> ARRAY_CASES = List.of(
      // samples with z on both sides of 0
      at("Models", "logistic", p(new double[] {0.5, -1.0}, 0.2, new double[] {1.0, 2.0, -1.0, 0.5, 0.3, -2.0},
          new double[] {1.0, 0.0, 1.0}, 3, 2), p(new double[] {-0.3, 0.8, 0.1}, -0.4,
          new double[] {1.0, 0.5, -1.0, -2.0, 0.5, 1.5}, new double[] {0.0, 1.0}, 2, 3)),
      // argmax first, in the middle, last
      at("Models", "softmaxCrossEntropy", p(new double[] {3.0, 1.0, -2.0}, 1), p(new double[] {0.5, 4.0, -1.0, 2.0}, 0),
          p(new double[] {-1.0, 0.0, 700.0}, 2)),
      // hidden units on both sides of 0
      at("Models", "mlp", p(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9}, new double[] {0.1, -0.1, 0.2},
          new double[] {0.5, -1.5, 1.0}, 0.3, new double[] {1.0, -2.0, 0.5}, 0.7, 3),
          p(new double[] {-0.5, 0.2, 0.4, -0.1}, new double[] {0.0, 0.3}, new double[] {1.2, -0.4}, -0.1,
              new double[] {0.8, 1.5}, 0.2, 2)),
      at("Models", "matVecNorm", p(MATRIX_2X3, new double[] {1.0, -0.5, 2.0}, 2),
          p(new double[] {1.0, 2.0, 3.0, 4.0}, new double[] {0.5, -0.25}, 2)),
      at("Models", "prefixSums", p(new double[] {0.5, -1.0, 2.0, 0.3}), p(new double[] {0.7, 0.2, -0.4})),
      at("Models", "forwardSubstitution", p(new double[] {2.0, 0.0, 0.0, 0.5, 1.5, 0.0, -1.0, 0.25, 3.0},
          new double[] {1.0, -2.0, 0.5})),
      // unsorted input: swaps happen and do not
      at("Models", "sortedWeighted", p(new double[] {3.0, -1.0, 2.0, 0.5}), p(new double[] {-1.0, 0.5, 2.0, 3.0})),
      at("Models", "runningMax", p(new double[] {0.5, 2.0, 1.0, 3.0, -1.0}), p(new double[] {3.0, 1.0})),
      at("Models", "powers", p(0.7, new double[] {1.0, -2.0, 3.0, 0.5}), p(-1.3, new double[] {2.0})),
      // some elements clipped, some not
      at("Models", "filledFromAccumulator", p(0.7, 3), p(0.7, 0)),
      at("Models", "clippedCopy", p(new double[] {0.5, 3.0, -2.0, 0.9}, 0.8)));

  private static final List<Case> CALL_CASES = List.of(
      at("Calls", "softClip", p(3.0, 1.0), p(-3.0, 1.0), p(0.5, 1.0)),
      at("Calls", "sumSq", p(new double[] {0.5, -1.0, 2.0})),
      at("Calls", "dot", p(new double[] {0.5, -1.0, 2.0}, new double[] {1.5, 0.5, -0.25})),
      // x * t above 1.5, inside, and negative elements
      at("Calls", "callInLoopAndBranch", p(new double[] {2.0, -0.5, 0.3, -1.0}, 1.2), p(new double[] {0.1, 0.2}, 0.5)),
      at("Calls", "callsLoopyMethods", p(new double[] {0.5, -1.0, 2.0}, new double[] {1.5, 0.5, -0.25})),
      at("Calls", "localArrayToCallee", p(new double[] {0.5, -1.0, 2.0})),
      // softClip on all three sides along the way
      at("Calls", "calleeInNestedLoops", p(new double[] {0.5, -3.0, 2.0, 0.1}, 2), p(new double[] {0.5}, 0)),
      at("Calls", "calleeInWhile", p(0.5), p(-3.0), p(20.0)),
      at("Calls", "ternaryCalls", p(new double[] {0.5, -1.0, 2.0, -0.3}, 0.7)),
      at("Calls", "calleeOnGrowingArray", p(new double[] {0.5, -0.3, 0.8})),
      // the condition's callee on both sides of its clip, and no iteration
      at("Calls", "calleeInCondition", p(0.3), p(2.0)));

  private static Compiled unassigned;
  private static Compiled afterReturn;
  private static Compiled callOnTarget;
  private static Compiled branches;
  private static Compiled loops;
  private static Compiled arrays;
  private static Compiled calls;

  @BeforeAll
  static void compile() {
    unassigned = Compiled.compile("p.Unassigned", UNASSIGNED);
    afterReturn = Compiled.compile("p.AfterReturn", AFTER_RETURN);
    callOnTarget = Compiled.compile("p.CallOnTarget", CALL_ON_TARGET);
    branches = Compiled.compile("p.Branches", BRANCHES);
    loops = Compiled.compile("p.Loops", LOOPS);
    arrays = Compiled.compile("p.Models", MODELS);
    calls = Compiled.compile("p.Calls", CALLS);
  }

  static Stream<Case> unassignedCases() {
    return UNASSIGNED_CASES.stream();
  }

  static Stream<Case> afterReturnCases() {
    return AFTER_RETURN_CASES.stream();
  }

  static Stream<Case> callOnTargetCases() {
    return CALL_ON_TARGET_CASES.stream();
  }

  static Stream<Case> branchCases() {
    return BRANCH_CASES.stream();
  }

  static Stream<Case> loopCases() {
    return LOOP_CASES.stream();
  }

  static Stream<Case> arrayCases() {
    return ARRAY_CASES.stream();
  }

  static Stream<Case> callCases() {
    return CALL_CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unassignedCases")
  void localsDeclaredWithoutAValue(Case c) {
    check(unassigned, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("afterReturnCases")
  void arrayDeclaredAfterAnEarlyReturn(Case c) {
    check(afterReturn, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callOnTargetCases")
  void callInATernaryOnTheAssignedVariable(Case c) {
    check(callOnTarget, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("branchCases")
  void branches(Case c) {
    check(branches, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loopCases")
  void loops(Case c) {
    check(loops, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrayCases")
  void arrays(Case c) {
    check(arrays, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callCases")
  void calls(Case c) {
    check(calls, c);
  }

  @Test
  void atLeastThirtyCompositeMethods() {
    long methods = Stream.of(UNASSIGNED_CASES, AFTER_RETURN_CASES, CALL_ON_TARGET_CASES, BRANCH_CASES, LOOP_CASES, ARRAY_CASES,
            CALL_CASES).flatMap(List::stream)
        .map(Case::toString).distinct().count();
    assertTrue(methods >= 30, "only " + methods + " methods");
  }

  // ----- numbers known in advance

  @Test
  void rosenbrockGradientIsKnown() {
    double[] x = {0.5, -1.2, 0.8};
    double[] grad = new GradientAgreement(loops, "p.Loops", "rosenbrock").check(x);
    double[] expected = new double[3];
    for (int i = 0; i < 2; i++) {
      double a = x[i + 1] - x[i] * x[i];
      expected[i] += -400 * x[i] * a - 2 * (1 - x[i]);
      expected[i + 1] += 200 * a;
    }
    assertClose(expected, grad);
    // the minimum, at any length
    assertClose(new double[7], new GradientAgreement(loops, "p.Loops", "rosenbrock").check(ones(7)));
  }

  @Test
  void newtonGivesTheImplicitDerivative() {
    // y^3 + y = a, so dy/da = 1 / (3y^2 + 1)
    double[] grad = new GradientAgreement(loops, "p.Loops", "newtonCubic").check(10.0);
    double y = 2.0; // 8 + 2 = 10
    assertEquals(y, (Double) loops.call("p.Loops", "newtonCubic", new Class<?>[] {double.class}, 10.0), 1e-12);
    // to the accuracy of the last Newton step, which started from an iterate about 1e-7 away
    assertEquals(1 / (3 * y * y + 1), grad[0], 1e-6);
  }

  @Test
  void iteratedSineIsAProductOfCosines() {
    double x = 0.7;
    double[] grad = new GradientAgreement(loops, "p.Loops", "iterateSin").check(x, 6);
    double d = 1;
    for (int i = 0; i < 6; i++) {
      d *= Math.cos(x);
      x = Math.sin(x);
    }
    assertClose(new double[] {d}, grad);
  }

  @Test
  void hornerGradientIsThePowersAndTheDerivative() {
    double[] c = {1.0, -2.0, 3.0, -4.0};
    double x = 0.7;
    double[] grad = new GradientAgreement(loops, "p.Loops", "horner").check(c, x);
    double dx = c[1] + 2 * c[2] * x + 3 * c[3] * x * x;
    assertClose(new double[] {1, x, x * x, x * x * x, dx}, grad);
  }

  @Test
  void softmaxCrossEntropyGradientIsSoftmaxMinusOneHot() {
    double[] z = {0.5, 4.0, -1.0, 2.0};
    double[] grad = new GradientAgreement(arrays, "p.Models", "softmaxCrossEntropy").check(z, 3);
    double sum = Arrays.stream(z).map(Math::exp).sum();
    double[] expected = Arrays.stream(z).map(v -> Math.exp(v) / sum).toArray();
    expected[3] -= 1;
    assertClose(expected, grad);
  }

  @Test
  void blackScholesDeltaIsTheCdfOfD1() {
    double s = 100;
    double k = 95;
    double t = 0.75;
    double r = 0.04;
    double sigma = 0.25;
    double[] grad = new GradientAgreement(unassigned, "p.Unassigned", "blackScholes").check(s, k, t, r, sigma, true);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
    double cdf = (Double) unassigned.call("p.Unassigned", "normCdfHart", new Class<?>[] {double.class}, d1);
    assertEquals(cdf, grad[0], 1e-9);
    // the put's delta is N(d1) - 1
    double[] put = new GradientAgreement(unassigned, "p.Unassigned", "blackScholes").check(s, k, t, r, sigma, false);
    assertEquals(cdf - 1, put[0], 1e-9);
  }

  @Test
  void matVecNormGradientIsKnown() {
    double[] v = {1.0, -0.5, 2.0};
    double[] grad = new GradientAgreement(arrays, "p.Models", "matVecNorm").check(MATRIX_2X3, v, 2);
    double[] y = new double[2];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        y[r] += MATRIX_2X3[r * 3 + c] * v[c];
      }
    }
    double norm = Math.hypot(y[0], y[1]);
    double[] expected = new double[9];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        expected[r * 3 + c] = y[r] * v[c] / norm;
        expected[6 + c] += MATRIX_2X3[r * 3 + c] * y[r] / norm;
      }
    }
    assertClose(expected, grad);
  }

  @Test
  void piecewiseTakesEachPiecesDerivative() {
    GradientAgreement piecewise = new GradientAgreement(branches, "p.Branches", "piecewise");
    assertClose(new double[] {-1}, piecewise.check(-3.0));
    assertClose(new double[] {0.5 * -1.0}, piecewise.check(-1.0));
    assertClose(new double[] {2 * Math.sin(0.5) * Math.cos(0.5)}, piecewise.check(0.5));
    assertClose(new double[] {2 * 4.0 / 3 / 3}, piecewise.check(4.0));
  }

  @Test
  void zeroTripLoopsLeaveTheStraightLineGradient() {
    // n = 0: s = x, so the result is x * x
    assertClose(new double[] {1.4}, new GradientAgreement(loops, "p.Loops", "zeroTrip").check(0.7, 0));
    assertClose(new double[] {1.0}, new GradientAgreement(loops, "p.Loops", "iterateSin").check(0.0, 0));
  }

  @Test
  void earlyReturnCutsTheSum() {
    // returns (0.5 + 1.0 + 2.0) * t squared, plus 2, at i = 2: only the first three elements count
    double t = 0.9;
    double[] grad = new GradientAgreement(loops, "p.Loops", "earlyReturn").check(new double[] {0.5, 1.0, 2.0, 3.0}, t);
    double s = 3.5 * t;
    assertClose(new double[] {2 * s * t, 2 * s * t, 2 * s * t, 0.0, 2 * s * 3.5}, grad);
  }

  private static void check(Compiled compiled, Case c) {
    GradientAgreement agreement = new GradientAgreement(compiled, "p." + c.owner(), c.method());
    for (Object[] point : c.points()) {
      agreement.check(point);
    }
  }

  private static double[] ones(int n) {
    double[] x = new double[n];
    Arrays.fill(x, 1.0);
    return x;
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "gradient length");
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      if (!GradientChecker.close(expected[i], actual[i], 1e-12)) {
        wrong.add("slot " + i + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
    assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong) + "\nwhole gradient " + Arrays.toString(actual));
  }

  private static Case at(String owner, String method, Object[]... points) {
    return new Case(owner, method, List.of(points));
  }

  private static Object[] p(Object... args) {
    return args;
  }
}
