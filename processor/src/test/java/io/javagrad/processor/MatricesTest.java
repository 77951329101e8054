package io.javagrad.processor;

import static io.javagrad.processor.MethodCase.at;
import static io.javagrad.processor.MethodCase.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code double[][]} as numeric Java uses it: weights of a layer, a covariance, means of a
 * mixture, a Butcher table, a path grid, ragged rows. Parameters (differentiated, or {@code
 * @NoDerivative} data), locals ({@code new double[n][m]}), {@code a[i][j]} reads and writes, {@code
 * a[i].length}, row aliases and for-each over rows and over a row's elements. Each method is
 * checked with {@link GradientAgreement} (the twin within 1e-10, finite differences within 1e-6).
 */
class MatricesTest {
  static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Matrices {
        /** A dense layer, tanh, then a softmax cross-entropy loss against the label. */
        @Differentiable static double denseSoftmaxLoss(double[][] w, double[] b, @NoDerivative double[] x, int label) {
          int classes = w.length;
          double[] logits = new double[classes];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < classes; k++) {
            double z = b[k];
            for (int j = 0; j < w[k].length; j++) {
              z += w[k][j] * x[j];
            }
            logits[k] = Math.tanh(z);
            max = Math.max(max, logits[k]);
          }
          double sum = 0;
          for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[k] - max);
          }
          return Math.log(sum) + max - logits[label];
        }

        /** log sum_k pi_k N(x | mu_k, sigma^2 I), summed over the samples; the means are a double[][]. */
        @Differentiable static double mixtureLogLikelihood(double[][] means, double[] logWeights, double sigma,
            @NoDerivative double[][] samples) {
          double total = 0;
          for (double[] x : samples) {
            double[] terms = new double[means.length];
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < means.length; k++) {
              double[] mu = means[k];
              double sq = 0;
              for (int d = 0; d < mu.length; d++) {
                double diff = x[d] - mu[d];
                sq += diff * diff;
              }
              terms[k] = logWeights[k] - sq / (2 * sigma * sigma) - mu.length * Math.log(sigma);
              best = Math.max(best, terms[k]);
            }
            double s = 0;
            for (double t : terms) {
              s += Math.exp(t - best);
            }
            total += best + Math.log(s);
          }
          return total;
        }

        /** x' S x, both differentiated. */
        @Differentiable static double quadraticForm(double[][] s, double[] x) {
          double q = 0;
          for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s[i].length; j++) {
              q += x[i] * s[i][j] * x[j];
            }
          }
          return q;
        }

        /** One classical RK4 step per call of dy/dt = -k y + sin(y), the Butcher table as data, stages made per step. */
        @Differentiable static double rk4(double y0, double k, double h, int steps, @NoDerivative double[][] a,
            @NoDerivative double[] bw, @NoDerivative double[] c) {
          double y = y0;
          double t = 0;
          for (int n = 0; n < steps; n++) {
            double[] stages = new double[bw.length];
            for (int i = 0; i < bw.length; i++) {
              double yi = y;
              for (int j = 0; j < i; j++) {
                yi += h * a[i][j] * stages[j];
              }
              stages[i] = -k * yi + Math.sin(yi + c[i] * h * t);
            }
            for (int i = 0; i < bw.length; i++) {
              y += h * bw[i] * stages[i];
            }
            t += h;
          }
          return y;
        }

        /** A Monte Carlo call payoff, averaged over a grid of normals (one row a path); drift and vol differentiated. */
        @Differentiable static double monteCarloCall(double s0, double mu, double vol, double strike, double dt,
            @NoDerivative double[][] normals) {
          double payoff = 0;
          for (double[] path : normals) {
            double s = s0;
            for (double z : path) {
              s *= Math.exp((mu - 0.5 * vol * vol) * dt + vol * Math.sqrt(dt) * z);
            }
            payoff += Math.max(s - strike, 0);
          }
          return payoff / normals.length;
        }

        /** Least squares over a design matrix of data: only beta takes slots. */
        @Differentiable static double leastSquares(double[] beta, @NoDerivative double[][] design, @NoDerivative double[] y) {
          double sse = 0;
          for (int i = 0; i < design.length; i++) {
            double r = -y[i];
            for (int j = 0; j < beta.length; j++) {
              r += design[i][j] * beta[j];
            }
            sse += r * r;
          }
          return sse;
        }

        /** Ragged rows: each row's own length, weighted by its index. */
        @Differentiable static double ragged(double[][] rows, double c) {
          double s = 0;
          for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double p = 1;
            for (int j = 0; j < row.length; j++) {
              p *= 1 + c * row[j] * (i + 1);
            }
            s += Math.log(p * p + 1);
          }
          return s;
        }

        /** A local matrix: the outer product, then written through row aliases, then its Frobenius norm. */
        @Differentiable static double localMatrix(double[] u, double[] v) {
          double[][] m = new double[u.length][v.length];
          for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
              m[i][j] = u[i] * v[j];
            }
          }
          for (double[] row : m) {
            for (int j = 1; j < row.length; j++) {
              row[j] += Math.sin(row[j - 1]);
            }
          }
          double f = 0;
          for (double[] row : m) {
            for (double e : row) {
              f += e * e;
            }
          }
          return Math.sqrt(f);
        }

        /** new double[n][] with rows given later, of growing lengths (a triangle), then summed row by row. */
        @Differentiable static double triangle(double[] x) {
          double[][] t = new double[x.length][];
          for (int i = 0; i < x.length; i++) {
            t[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
              t[i][j] = x[j] * x[i - j];
            }
          }
          double s = 0;
          for (double[] row : t) {
            double p = 0;
            for (double v : row) {
              p += Math.sin(v);
            }
            s += p * p;
          }
          return s;
        }

        /** A row replaced by a new array after it was read, in a loop: the old row comes back in the reverse sweep. */
        @Differentiable static double rowReplaced(double[] x, int rounds) {
          double[][] m = new double[2][];
          m[0] = new double[x.length];
          m[1] = new double[x.length];
          for (int j = 0; j < x.length; j++) {
            m[0][j] = x[j];
            m[1][j] = x[j] * x[j];
          }
          for (int r = 0; r < rounds; r++) {
            int i = r % 2;
            double acc = 0;
            for (int j = 0; j < x.length; j++) {
              acc += m[i][j] * m[1 - i][j];
            }
            m[i] = new double[x.length];
            for (int j = 0; j < x.length; j++) {
              m[i][j] = Math.tanh(acc * x[j] + m[1 - i][j]);
            }
          }
          return m[0][0] + m[1][x.length - 1];
        }

        /** Rows given copies (clone, Arrays.copyOf, an initializer reading the old row), in a loop too. */
        @Differentiable static double rowsGivenCopies(double[] x, double[][] w, int rounds) {
          double[][] m = new double[3][];
          m[0] = x.clone();
          m[1] = java.util.Arrays.copyOf(w[1], x.length);
          m[2] = new double[] {x[0] * w[0][0], Math.sin(x[1])};
          for (int r = 0; r < rounds; r++) {
            int i = r % 2;
            m[i] = new double[] {m[i][1], m[i][0] * m[2][1], Math.exp(m[i][0] - m[2][0])};
            m[2] = java.util.Arrays.copyOf(x, 2);
            m[2][0] *= m[i][2];
          }
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v * v;
            }
          }
          return s;
        }

        /**
         * Rows given local arrays (m[i] = a), which they then share: written through the row and
         * through the local, read through both, in a loop where the local moves on to a new array.
         */
        @Differentiable static double rowsShareLocals(double[] x, int rounds) {
          double[][] m = new double[2][];
          double[] a = new double[x.length];
          m[0] = a;
          m[1] = new double[x.length];
          for (int j = 0; j < x.length; j++) {
            a[j] = Math.sin(x[j]);
            m[1][j] = x[j] * m[0][j];
          }
          double s = 0;
          for (int r = 0; r < rounds; r++) {
            double[] b = new double[x.length];
            m[r % 2] = b;
            for (int j = 0; j < x.length; j++) {
              m[r % 2][j] = Math.tanh(a[j] + x[j] * r);
              s += b[j] * m[1 - r % 2][j];
            }
            b[0] = s * a[0];
            a = b;
          }
          return s + m[0][0] * a[x.length - 1] + m[1][0];
        }

        /** A shared row overwritten through each name after reads through the other, which the reverse sweep puts back. */
        @Differentiable static double sharedRowOverwritten(double[] x, double c) {
          double[] a = new double[x.length];
          double[][] m = new double[2][];
          m[1] = new double[] {c, c * c};
          m[0] = a;
          for (int j = 0; j < x.length; j++) {
            a[j] = x[j] * c;
          }
          double s = Math.sin(m[0][0]) * a[x.length - 1];
          a[0] = Math.exp(-m[0][0] * c);
          m[0][x.length - 1] = m[0][0] * a[x.length - 1] + m[1][1];
          for (int k = 0; k < 3; k++) {
            for (int j = 0; j < x.length; j++) {
              s += Math.sin(m[0][j]) * a[j];
              a[j] = Math.exp(-m[0][j] * x[j]);
              m[0][j] = m[0][j] * a[j] + 0.1;
            }
          }
          return s + a[0] * m[0][x.length - 1];
        }

        /** Ragged initializers: written out, new double[][] {...} with copies and new rows, in a loop. */
        @Differentiable static double raggedInitializers(double a, double b, double[] x) {
          double[] shared = {a * b};
          double[][] t = {{a, b * a}, {Math.cos(b)}, {}, shared};
          shared[0] += t[0][1];
          double s = t[0][1] * t[1][0];
          for (int k = 0; k < x.length; k++) {
            double[][] u = new double[][] {x.clone(), {t[0][0] * x[k]}, new double[2]};
            u[2][1] = u[0][k] + u[1][0];
            s += u[2][1] * u[2][1] + u[0].length;
            t = u;
          }
          return s + t[1][0] + shared[0];
        }

        /** A matrix made in each iteration, its rows aliased and reassigned, and a buffer swap of matrices. */
        @Differentiable static double matrixPerIteration(double[][] w, int rounds) {
          double[][] cur = new double[w.length][w[0].length];
          for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
              cur[i][j] = w[i][j];
            }
          }
          for (int r = 0; r < rounds; r++) {
            double[][] next = new double[cur.length][cur[0].length];
            double[] src = cur[0];
            for (int i = 0; i < cur.length; i++) {
              src = cur[i];
              for (int j = 0; j < src.length; j++) {
                next[i][j] = Math.tanh(src[j] + cur[(i + 1) % cur.length][j]);
              }
            }
            cur = next;
          }
          double s = 0;
          for (int i = 0; i < cur.length; i++) {
            s += cur[i][0] * cur[i][cur[i].length - 1];
          }
          return s;
        }
      }
      """;

  private static final double[][] RK4_A = {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}};
  private static final double[] RK4_B = {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6};
  private static final double[] RK4_C = {0, 0.5, 0.5, 1};

  private static final List<MethodCase> CASES = List.of(
      at("denseSoftmaxLoss", p(new double[][] {{0.5, -0.2, 0.1}, {0.3, 0.8, -0.5}, {-0.4, 0.2, 0.9}},
          new double[] {0.1, -0.1, 0.05}, new double[] {1.0, 0.5, -1.5}, 1)),
      at("mixtureLogLikelihood", p(new double[][] {{0.0, 1.0}, {2.0, -1.0}}, new double[] {-0.5, -1.0}, 0.8,
          new double[][] {{0.1, 0.9}, {1.8, -0.7}, {1.0, 0.0}})),
      at("quadraticForm", p(new double[][] {{2.0, 0.5, 0.1}, {0.5, 1.0, -0.2}, {0.1, -0.2, 3.0}},
          new double[] {0.3, -1.0, 0.7})),
      at("rk4", p(1.2, 0.7, 0.1, 5, RK4_A, RK4_B, RK4_C)),
      at("monteCarloCall", p(100.0, 0.03, 0.25, 95.0, 0.1, new double[][] {{0.3, -1.2, 0.8}, {1.5, 0.2, 0.4},
          {-0.5, -0.3, 0.1}, {0.9, 1.1, -0.2}})),
      at("leastSquares", p(new double[] {0.5, -1.0}, new double[][] {{1.0, 2.0}, {1.0, -1.0}, {1.0, 0.5}},
          new double[] {0.2, 1.5, -0.3})),
      at("ragged", p(new double[][] {{0.5, -0.3, 0.2}, {}, {1.5}, {0.1, 0.4}}, 0.7)),
      at("localMatrix", p(new double[] {0.5, -1.0, 0.3}, new double[] {1.5, 0.2})),
      at("matrixPerIteration", p(new double[][] {{0.5, -0.3, 0.2}, {0.1, 0.7, -0.4}}, 3)),
      at("triangle", p(new double[] {0.5, -1.0, 0.25, 0.8})),
      at("rowReplaced", p(new double[] {0.5, -1.0, 0.25}, 3), p(new double[] {0.3, 0.2}, 0)),
      at("rowsGivenCopies", p(new double[] {0.5, -1.0, 0.25}, new double[][] {{0.7}, {0.2, -0.4, 0.9, 1.1}}, 3),
          p(new double[] {0.3, 0.2}, new double[][] {{1.5}, {0.2}}, 0)),
      at("rowsShareLocals", p(new double[] {0.5, -1.0, 0.25}, 3), p(new double[] {0.3, 0.2}, 0),
          p(new double[] {0.7}, 1)),
      at("sharedRowOverwritten", p(new double[] {0.5, -1.0, 0.25}, 0.8), p(new double[] {0.3}, -0.4)),
      at("raggedInitializers", p(0.4, -0.8, new double[] {0.5, -1.0, 0.25}), p(1.3, 0.2, new double[] {})));

  private static Compiled matrices;

  @BeforeAll
  static void compile() {
    matrices = Compiled.compile("p.Matrices", SOURCE);
  }

  static Stream<MethodCase> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matrices(MethodCase c) {
    c.check(matrices, "p.Matrices");
  }

  /** The layout row by row, ragged rows included: d(x' S x)/dS[i][j] = x[i] x[j] at its slot. */
  @Test
  void gradientIsRowByRow() {
    double[][] s = {{2.0, 0.5}, {0.5, 1.0}};
    double[] x = {0.3, -1.0};
    double[] grad = new GradientAgreement(matrices, "p.Matrices", "quadraticForm").check(s, x);
    assertArrayEquals(new double[] {0.09, -0.3, -0.3, 1.0, 2 * (2.0 * 0.3 + 0.5 * -1.0), 2 * (0.5 * 0.3 + 1.0 * -1.0)},
        grad, 1e-12);
    double[][] rows = {{0.5, -0.3, 0.2}, {}, {1.5}};
    assertEquals(5, new GradientAgreement(matrices, "p.Matrices", "ragged").check(rows, 0.7).length);
  }
}
