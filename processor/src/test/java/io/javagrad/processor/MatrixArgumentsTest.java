package io.javagrad.processor;

import static io.javagrad.processor.MethodCase.at;
import static io.javagrad.processor.MethodCase.p;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code double[][]} passed to another {@code @Differentiable} method: a parameter's, whose
 * slots take the callee's one to one, and a local's (rectangular or ragged), whose adjoint rows take
 * them row by row; at the top level, in a loop, and beside other arguments. Each method is checked
 * with {@link GradientAgreement}.
 */
class MatrixArgumentsTest {
  static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Matrices {
        @Differentiable static double quadraticForm(double[][] s, double[] x) {
          double q = 0;
          for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s[i].length; j++) {
              q += x[i] * s[i][j] * x[j];
            }
          }
          return q;
        }

        @Differentiable static double frobenius(double[][] m) {
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v * v;
            }
          }
          return Math.sqrt(s);
        }

        /** A parameter's matrix passed on, twice, beside a vector. */
        @Differentiable static double parameterMatrix(double[][] s, double[] x, double c) {
          return c * quadraticForm(s, x) + frobenius(s);
        }

        /** A local matrix built from the inputs and passed on. */
        @Differentiable static double localMatrix(double[] x, double c) {
          int n = x.length;
          double[][] m = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              m[i][j] = Math.sin(x[i] * c) * x[j];
            }
          }
          return frobenius(m) * m[0][0];
        }

        /** A ragged local matrix, passed on in a loop that changes it between calls. */
        @Differentiable static double raggedInLoop(double[] x, int rounds) {
          double[][] t = new double[x.length][];
          for (int i = 0; i < x.length; i++) {
            t[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
              t[i][j] = x[i] - x[j] * 0.5;
            }
          }
          double s = 0;
          for (int k = 0; k < rounds; k++) {
            s += frobenius(t);
            t[t.length - 1][0] = t[t.length - 1][0] * s;
          }
          return s;
        }

        /** A matrix passed as data to a constant parameter, beside a differentiated one. */
        @Differentiable static double weighted(double[][] w, @NoDerivative double[][] d) {
          return frobenius(w) * frobenius(d);
        }
      }
      """;

  private static final double[][] S = {{1.5, 0.2, -0.3}, {0.2, 2.0, 0.4}, {-0.3, 0.4, 1.0}};

  private static final List<MethodCase> CASES = List.of(
      at("parameterMatrix", p(S, new double[] {0.5, -1.0, 0.25}, 0.7)),
      at("localMatrix", p(new double[] {0.5, -1.0, 0.25}, 0.7)),
      at("raggedInLoop", p(new double[] {0.5, -1.0, 0.25}, 3)),
      at("weighted", p(new double[][] {{0.5, -1.0}, {0.25}}, new double[][] {{2.0}, {1.0, 3.0}})));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Matrices", SOURCE);
  }

  static Stream<MethodCase> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientFlowsThroughTheCall(MethodCase method) {
    method.check(compiled, "p.Matrices");
  }
}
