package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays that records give: a quaternion's method rotating a vector into a new array, a layer's
 * forward pass that clones its bias and writes into the clone, a method returning a component,
 * each indexed at once or kept in a local, and the array component of a record a solver returns,
 * indexed at the call ({@code solve(a).x()[0]}). Each gradient agrees with the twin, finite
 * differences and forward mode.
 */
class RecordMethodsReturningArraysTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Q {
  private Q() {}

  record Quaternion(double w, double x, double y, double z) {
    double[] rotate(double[] v) {
      double tx = 2 * (y * v[2] - z * v[1]);
      double ty = 2 * (z * v[0] - x * v[2]);
      double tz = 2 * (x * v[1] - y * v[0]);
      return new double[] {v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz),
          v[2] + w * tz + (x * ty - y * tx)};
    }
  }

  record Layer(double[] weights, double[] bias) {
    double[] forward(double[] in) {
      double[] out = bias.clone();
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < in.length; j++) {
          out[i] += weights[i * in.length + j] * in[j];
        }
        out[i] = Math.tanh(out[i]);
      }
      return out;
    }

    double[] biases() {
      return bias;
    }
  }

  record Result(double[] x, double cost) {}

  static Result solve(double[] a) {
    double[] x = new double[a.length];
    double cost = 0;
    for (int i = 0; i < a.length; i++) {
      x[i] = a[i] / 2;
      cost += x[i] * x[i];
    }
    return new Result(x, cost);
  }

  @Differentiable
  public static double rotated(double angle, double vx) {
    Quaternion q = new Quaternion(Math.cos(angle / 2), 0, 0, Math.sin(angle / 2));
    double[] r = q.rotate(new double[] {vx, 1, 0});
    return r[0] * r[1] + q.rotate(new double[] {0, vx, 1})[1];
  }

  @Differentiable
  public static double network(double[] w, double[] b, double[] input) {
    Layer layer = new Layer(w.clone(), b.clone());
    double[] h = layer.forward(input);
    double s = layer.biases()[0];
    for (double v : h) {
      s += v * v;
    }
    return s + layer.forward(input)[1];
  }

  @Differentiable
  public static double solved(double[] a) {
    return solve(a).x()[0] * solve(a).cost();
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Q", SOURCE).assertCleanSuccess();
  }

  @Test
  void aQuaternionRotatingAVector() {
    new GradientAgreement(compiled, "p.Q", "rotated").check(0.4, 1.3);
  }

  @Test
  void aLayersForwardPassAndItsBiases() {
    new GradientAgreement(compiled, "p.Q", "network").check(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6},
        new double[] {0.05, -0.1, 0.2}, new double[] {0.7, -0.3});
  }

  @Test
  void theArrayOfARecordASolverReturns() {
    new GradientAgreement(compiled, "p.Q", "solved").check(new double[] {0.4, -1.1, 2.0});
  }
}
