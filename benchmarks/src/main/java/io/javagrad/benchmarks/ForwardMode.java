package io.javagrad.benchmarks;

import static io.javagrad.benchmarks.Workloads.MLP_B1;
import static io.javagrad.benchmarks.Workloads.MLP_B2;
import static io.javagrad.benchmarks.Workloads.MLP_HIDDEN;
import static io.javagrad.benchmarks.Workloads.MLP_IN;
import static io.javagrad.benchmarks.Workloads.MLP_OUT;
import static io.javagrad.benchmarks.Workloads.MLP_W2;
import static io.javagrad.benchmarks.Workloads.MLP_WEIGHTS;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The {@link Workloads} in Hipparchus's first-order forward mode ({@link Gradient}: a value and
 * its n partial derivatives, carried through every operation). Each function is the primal's code
 * with {@code double} replaced by {@code Gradient} for the differentiated quantities, data staying
 * {@code double}; each operation on a {@code Gradient} allocates a new one with an n-long array.
 * Returns the result, whose {@link Gradient#getGradient()} is the gradient in the generated
 * layout.
 */
public final class ForwardMode {
  private ForwardMode() {}

  public static Gradient rosenbrock2(double x, double y) {
    Gradient gx = Gradient.variable(2, 0, x);
    Gradient gy = Gradient.variable(2, 1, y);
    Gradient a = gy.subtract(gx.multiply(gx));
    Gradient b = gx.negate().add(1);
    return a.multiply(100).multiply(a).add(b.multiply(b));
  }

  public static Gradient rosenbrock(double[] x) {
    int n = x.length;
    Gradient[] v = new Gradient[n];
    for (int i = 0; i < n; i++) {
      v[i] = Gradient.variable(n, i, x[i]);
    }
    Gradient sum = Gradient.constant(n, 0);
    for (int i = 0; i < n - 1; i++) {
      Gradient a = v[i + 1].subtract(v[i].multiply(v[i]));
      Gradient b = v[i].negate().add(1);
      sum = sum.add(a.multiply(100).multiply(a).add(b.multiply(b)));
    }
    return sum;
  }

  static Gradient normalCdf(Gradient x) {
    Gradient z = x.abs();
    Gradient t = z.multiply(0.2316419).add(1).reciprocal();
    Gradient poly = t.multiply(t.multiply(t.multiply(t.multiply(t.multiply(1.330274429)
        .add(-1.821255978)).add(1.781477937)).add(-0.356563782)).add(0.319381530));
    Gradient tail = z.multiply(z).multiply(-0.5).exp().multiply(0.3989422804014327).multiply(poly);
    return x.getValue() >= 0 ? tail.negate().add(1) : tail;
  }

  public static Gradient blackScholesCall(double s, double k, double t, double r, double sigma) {
    Gradient gs = Gradient.variable(5, 0, s);
    Gradient gk = Gradient.variable(5, 1, k);
    Gradient gt = Gradient.variable(5, 2, t);
    Gradient gr = Gradient.variable(5, 3, r);
    Gradient gsigma = Gradient.variable(5, 4, sigma);
    Gradient sigmaSqrtT = gsigma.multiply(gt.sqrt());
    Gradient d1 = gs.divide(gk).log().add(gr.add(gsigma.multiply(0.5).multiply(gsigma)).multiply(gt))
        .divide(sigmaSqrtT);
    Gradient d2 = d1.subtract(sigmaSqrtT);
    return gs.multiply(normalCdf(d1))
        .subtract(gk.multiply(gr.negate().multiply(gt).exp()).multiply(normalCdf(d2)));
  }

  public static Gradient logisticLoss(double[] w, double b, double[] x, double[] y) {
    int features = w.length;
    int n = features + 1;
    Gradient[] gw = new Gradient[features];
    for (int j = 0; j < features; j++) {
      gw[j] = Gradient.variable(n, j, w[j]);
    }
    Gradient gb = Gradient.variable(n, features, b);
    int samples = y.length;
    Gradient total = Gradient.constant(n, 0);
    for (int i = 0; i < samples; i++) {
      Gradient z = gb;
      for (int j = 0; j < features; j++) {
        z = z.add(gw[j].multiply(x[i * features + j]));
      }
      Gradient relu = z.getValue() >= 0 ? z : Gradient.constant(n, 0);
      total = total.add(relu.subtract(z.multiply(y[i])).add(z.abs().negate().exp().log1p()));
    }
    return total.divide(samples);
  }

  public static Gradient mlpLoss(double[] w, double[] x, double[] y) {
    int n = MLP_WEIGHTS;
    Gradient[] gw = new Gradient[n];
    for (int p = 0; p < n; p++) {
      gw[p] = Gradient.variable(n, p, w[p]);
    }
    int samples = y.length / MLP_OUT;
    Gradient[] h = new Gradient[MLP_HIDDEN];
    Gradient[] o = new Gradient[MLP_OUT];
    Gradient total = Gradient.constant(n, 0);
    for (int s = 0; s < samples; s++) {
      for (int j = 0; j < MLP_HIDDEN; j++) {
        Gradient a = gw[MLP_B1 + j];
        for (int i = 0; i < MLP_IN; i++) {
          a = a.add(gw[j * MLP_IN + i].multiply(x[s * MLP_IN + i]));
        }
        h[j] = a.tanh();
      }
      for (int k = 0; k < MLP_OUT; k++) {
        Gradient a = gw[MLP_B2 + k];
        for (int j = 0; j < MLP_HIDDEN; j++) {
          a = a.add(gw[MLP_W2 + k * MLP_HIDDEN + j].multiply(h[j]));
        }
        o[k] = a;
      }
      Gradient max = o[0];
      for (int k = 1; k < MLP_OUT; k++) {
        max = max.getValue() >= o[k].getValue() ? max : o[k];
      }
      Gradient sum = Gradient.constant(n, 0);
      for (int k = 0; k < MLP_OUT; k++) {
        sum = sum.add(o[k].subtract(max).exp());
      }
      Gradient logSumExp = max.add(sum.log());
      for (int k = 0; k < MLP_OUT; k++) {
        total = total.add(logSumExp.subtract(o[k]).multiply(y[s * MLP_OUT + k]));
      }
    }
    return total.divide(samples);
  }
}
