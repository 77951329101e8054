package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row of a local double[][] given the array a helper returns ({@code m[i] = normalizeLog(z[i])}),
 * as an HMM's forward pass builds its log transition matrix: the row is the array the inlined
 * helper's body made (or the caller's local array it returns), shared as {@code m[i] = a} shares a
 * local's. It was refused as "a parameter's array or a row"; found writing corpus/Filters.java.
 */
class RowsFromHelpersTest {
  private static final String SOURCE = Compiled.classSource("p.Rows", List.of(), List.of("""
      static double[] normalizeLog(double[] z) {
        double norm = 0;
        for (double v : z) {
          norm += Math.exp(v);
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
          out[i] = z[i] - Math.log(norm);
        }
        return out;
      }
      """, """
      static double[] scaled(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
          a[i] *= s;
        }
        return a;
      }
      """, """
      static double[] shorterOf(double[] a, double[] b) {
        if (a.length <= b.length) {
          return a.clone();
        }
        return b.clone();
      }
      """, """
      @Differentiable static double rowsOfHelpers(double[][] logits) {
        double[][] m = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
          m[i] = normalizeLog(logits[i]);
        }
        double s = 0;
        for (double[] row : m) {
          for (int j = 0; j < row.length; j++) {
            s += (j + 1) * row[j] * row[j];
          }
        }
        return s;
      }
      """, """
      @Differentiable static double rowSharesTheLocal(double[] x, double s) {
        double[] local = x.clone();
        double[][] m = new double[2][];
        m[0] = scaled(local, s);
        m[1] = (shorterOf(x, local));
        m[0][1] += m[1][0];
        return local[0] * local[1] + m[0][0] * m[1][1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Rows", SOURCE).assertCleanSuccess();
  }

  @Test
  void aRowIsTheArrayTheHelperMade() {
    double[][] logits = {{1.0, -0.5, 0.3}, {0.2, 0.8}};
    new GradientAgreement(compiled, "p.Rows", "rowsOfHelpers").check((Object) logits);
    new SecondOrderAgreement(compiled, "p.Rows", "rowsOfHelpers").check((Object) logits);
  }

  /** The row is the caller's local that the helper returns: a write through the row is seen through the local. */
  @Test
  void aRowSharesTheLocalTheHelperReturns() {
    new GradientAgreement(compiled, "p.Rows", "rowSharesTheLocal").check(new double[] {1.5, -0.7, 2.0}, 1.3);
  }

  /** A helper returning the caller's parameter array is still refused, naming the array and the copy to make. */
  @Test
  void aParameterArrayReturnedIsStillRefused() {
    String source = Compiled.classSource("p.Given", List.of(), List.of("""
        static double[] same(double[] a) {
          return a;
        }
        """, """
        @Differentiable static double localIsAParameter(double[] x) {
          double[] y = same(x);
          return y[0] * y[1];
        }
        """));
    assertThat(Compiled.compile("p.Given", source).compilation())
        .hadErrorContaining("Given.same returns the array x it was given, the caller's parameter");
  }
}
