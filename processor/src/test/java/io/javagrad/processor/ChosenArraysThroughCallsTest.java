package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An array chosen by ?: given straight to a call ({@code dot(flag ? a : b, c)}), found probing
 * numeric idioms for the real-Java corpora. Its type was not inferred (only numeric and boolean
 * arms were), so the call was refused with "cannot tell the type"; it is now the chosen array, as
 * where a local is declared with it. And a helper that writes into a parameter's copy that ?: chose
 * ({@code double[] v = c ? x : y; scale(v, s);}) wrote into the copy, not the parameter, so the
 * gradient entry's value differed from the method's: a write through the helper is now refused as a
 * write in the method is, since the method and the helpers inlined into it share one record of
 * the chosen copies.
 */
class ChosenArraysThroughCallsTest {
  private static final List<String> HELPERS = List.of("""
      static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
          s += a[i] * b[i];
        }
        return s;
      }
      """, """
      static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
          a[i] *= s;
        }
      }
      """);

  @Test
  void anArrayChosenAsAnArgumentIsTheChosenArray() {
    List<String> members = new java.util.ArrayList<>(HELPERS);
    members.add("""
        @Differentiable static double chosenArgument(double[] a, double[] b, double[] c, boolean flag) {
          return dot(flag ? a : b, c) + Math.exp(dot((flag ? b : a), a));
        }
        """);
    members.add("""
        @Differentiable static double chosenLocalWritten(double[] x, double s, boolean flag) {
          double[] a = x.clone();
          double[] b = new double[x.length];
          scale(flag ? a : b, s);
          return dot(a, a) + dot(b, x);
        }
        """);
    Compiled compiled = Compiled.compile("p.Chosen", Compiled.classSource("p.Chosen", List.of(), members))
        .assertCleanSuccess();
    for (boolean flag : new boolean[] {true, false}) {
      new GradientAgreement(compiled, "p.Chosen", "chosenArgument")
          .check(new double[] {0.3, 0.5}, new double[] {0.1, -0.2}, new double[] {1.5, 2.0}, flag);
      new GradientAgreement(compiled, "p.Chosen", "chosenLocalWritten").check(new double[] {0.3, 0.5}, 1.5, flag);
    }
  }

  @Test
  void aHelperWritingIntoAChosenParametersCopyIsRefused() {
    List<String> members = new java.util.ArrayList<>(HELPERS);
    members.add("""
        @Differentiable static double throughLocal(double[] x, double[] y, double s, boolean flag) {
          double[] v = flag ? x : y;
          scale(v, s);
          return dot(x, y);
        }
        """);
    members.add("""
        @Differentiable static double throughArgument(double[] x, double[] y, double s, boolean flag) {
          scale(flag ? x : y, s);
          return dot(x, y);
        }
        """);
    Compilation compilation = Compiled.compile("p.Written", Compiled.classSource("p.Written", List.of(), members))
        .compilation();
    assertThat(compilation).hadErrorContaining("a write through v would not reach x or y");
    assertThat(compilation).hadErrorContaining("a write through flag ? x : y would not reach x or y");
    assertThat(compilation).hadErrorContaining("Written.scale is inlined here");
  }
}
