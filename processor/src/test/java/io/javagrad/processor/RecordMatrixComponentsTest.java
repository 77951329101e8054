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

  /** A layer as a library writes it: its compact constructor checks the shapes it is given. */
  record CheckedLayer(double[][] weights, double[] bias) {
    CheckedLayer {
      if (weights.length != bias.length) {
        throw new IllegalArgumentException("one bias per output: " + weights.length + " rows, " + bias.length);
      }
    }

    double output(double[] in, int i) {
      double s = bias[i];
      for (int j = 0; j < in.length; j++) {
        s += weights[i][j] * in[j];
      }
      return s;
    }
  }

  @Differentiable
  public static double checked(double[][] w, double[] b, double x0, double x1) {
    CheckedLayer layer = new CheckedLayer(w, b);
    double[] in = {x0, x1};
    return Math.tanh(layer.output(in, 0)) * layer.output(in, 1) + layer.weights()[1][0];
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
  void aLayerWhoseCompactConstructorChecksAParametersMatrix() throws Exception {
    new GradientAgreement(compiled, "p.L", "checked").check(new double[][] {{0.1, -0.2}, {0.3, 0.4}},
        new double[] {0.05, -0.1}, 0.7, -0.3);
    java.lang.reflect.Method gradient = compiled.load("p.LGrad").getMethod("checked", double[][].class,
        double[].class, double.class, double.class, double[].class);
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> gradient.invoke(null,
            new double[][] {{0.1, -0.2}}, new double[] {0.05, -0.1}, 0.7, -0.3, new double[8])).getCause();
    org.junit.jupiter.api.Assertions.assertEquals("one bias per output: 1 rows, 2", thrown.getMessage());
  }

  @Test
  void aLayerOfAMatrixTheMethodFills() {
    new GradientAgreement(compiled, "p.L", "built").check(0.6, -0.4);
  }

  @Test
  void aCompactConstructorGivingAParametersMatrixAnotherValueIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;

        class E {
          record M(double[][] a, double s) {
            M {
              if (a.length == 0) {
                a = new double[][] {{s}};
              }
            }
          }

          @Differentiable
          static double f(double[][] w, double x) {
            M m = new M(w, x);
            return m.a()[0][0] * m.s();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("the compact constructor of M gives its parameter"
        + " a another value, and it is given the parameter matrix w, which javagrad's record holds itself, not a"
        + " copy").inFile(file).onLineContaining("M m = new M(w, x);");
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
