package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records with {@code double[][]} components: a network's layers of a weight matrix and a bias,
 * built from the method's parameters (the component is another name for the parameter's matrix)
 * or from a matrix the method fills, each layer's forward pass a method of the record. Each
 * gradient agrees with the twin, finite differences and forward mode; a record holding a
 * parameter's matrix given a new value is an error.
 */
class RecordMatrixComponentsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class L {
  private L() {}

  record Layer(double[][] weights, double[] bias) {
    double[] forward(double[] in) {
      double[] out = new double[bias.length];
      for (int i = 0; i < out.length; i++) {
        double s = bias[i];
        for (int j = 0; j < in.length; j++) {
          s += weights[i][j] * in[j];
        }
        out[i] = Math.tanh(s);
      }
      return out;
    }
  }

  @Differentiable
  public static double mlp(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] x) {
    Layer hidden = new Layer(w1, b1);
    Layer output = new Layer(w2, b2);
    double[] y = output.forward(hidden.forward(x));
    double s = 0;
    for (double v : y) {
      s += v * v;
    }
    return s + hidden.weights()[0][1];
  }

  @Differentiable
  public static double built(double a, double b) {
    double[][] w = new double[2][2];
    w[0][0] = a;
    w[1][1] = b;
    w[0][1] = a * b;
    Layer l = new Layer(w, new double[] {0.1, -0.2});
    double[] y = l.forward(new double[] {1, 2});
    return y[0] + y[1] + l.weights()[1][1];
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.L", SOURCE).assertCleanSuccess();
  }

  @Test
  void aTwoLayerNetworkOfParameterMatrices() {
    new GradientAgreement(compiled, "p.L", "mlp").check(new double[][] {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}},
        new double[] {0.05, -0.1, 0.2}, new double[][] {{0.2, 0.1, -0.3}, {0.4, -0.2, 0.1}}, new double[] {0.0, 0.1},
        new double[] {0.7, -0.3});
  }

  @Test
  void aLayerOfAMatrixTheMethodFills() {
    new GradientAgreement(compiled, "p.L", "built").check(0.6, -0.4);
  }

  @Test
  void aRecordHoldingAParametersMatrixGivenANewValueIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;

        class E {
          record M(double[][] a, double s) {}

          @Differentiable
          static double f(double[][] w, double x) {
            M m = new M(w, x);
            m = new M(new double[2][2], 2 * x);
            return m.a()[0][0] * m.s();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("the M assigned here holds the parameter matrix w"
        + " as its component.a(), which javagrad follows as another name for w; it cannot be given another value:"
        + " declare a new local for the new record").inFile(file).onLineContaining("m = new M(new double[2][2], 2 * x);");
  }
}
