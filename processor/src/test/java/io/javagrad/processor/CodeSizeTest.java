package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A method whose derivative code would not fit in a Java method (64 KB of bytecode) is an error at
 * the method, not a companion that fails with "code too large". An in-place helper is inlined at
 * each call, so repeated calls multiply its code: 150 of them here make a pullback past the limit,
 * where the method itself compiles; 60 fit, and the gradient agrees as any other does.
 */
class CodeSizeTest {
  @Test
  void derivativeCodePastTheLimitIsAnErrorAtTheMethod() {
    Compilation compilation = FailingCompilation.compile(
        JavaFileObjects.forSourceString("p.Layers", layers(150)));
    assertEquals(1, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("the derivative code of deep would pass the Java limit of 64 KB")
        .inFile(compilation.errors().get(0).getSource()).onLineContaining("static double deep(");
  }

  @Test
  void largeDerivativeCodeBelowTheLimitCompilesAndAgrees() {
    Compiled compiled = Compiled.compile("p.Layers", layers(60)).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Layers", "deep").check(
        new double[] {0.3, -0.2, 0.1, 0.05, 0.4, -0.3, 0.2, 0.1, -0.1}, new double[] {0.01, -0.02, 0.03},
        new double[] {0.5, -0.4, 0.3});
  }

  /** {@code calls} applications of a layer, each an in-place matVec and a tanh, written out. */
  private static String layers(int calls) {
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < calls; k++) {
      body.append("    matVec(w, h, t);\n")
          .append("    for (int i = 0; i < n; i++) {\n")
          .append("      h[i] = Math.tanh(t[i] + ").append(k % 7).append(".0 / 64 * b[i]);\n")
          .append("    }\n");
    }
    return Compiled.classSource("p.Layers", List.of(), List.of("""
        static void matVec(double[] w, double[] x, double[] out) {
          int n = x.length;
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
              s += w[i * n + j] * x[j];
            }
            out[i] = s;
          }
        }
        """, "@Differentiable static double deep(double[] w, double[] b, double[] x) {\n"
            + "    int n = x.length;\n"
            + "    double[] h = x.clone();\n"
            + "    double[] t = new double[n];\n"
            + body
            + "    double s = 0;\n"
            + "    for (int i = 0; i < n; i++) {\n"
            + "      s += h[i];\n"
            + "    }\n"
            + "    return s;\n"
            + "  }"));
  }
}
