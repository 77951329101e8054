package io.javagrad.benchmarks;

import io.javagrad.Value;

/**
 * The {@link Workloads} through the dynamic engine: each call makes leaves for the inputs, builds
 * the graph with the generated dynamic twin (the same operations as the primal, on {@link Value}s),
 * runs {@link Value#backward()} and copies the leaves' gradients into {@code grad}. Data marked
 * {@code @NoDerivative} stays plain {@code double}s.
 */
public final class DynamicEngine {
  private DynamicEngine() {}

  public static double rosenbrock2(double x, double y, double[] grad) {
    Value vx = new Value(x);
    Value vy = new Value(y);
    Value out = WorkloadsGrad.rosenbrock2(vx, vy);
    out.backward();
    grad[0] = vx.grad();
    grad[1] = vy.grad();
    return out.data();
  }

  public static double rosenbrock(double[] x, double[] grad) {
    Value[] vx = leaves(x);
    Value out = WorkloadsGrad.rosenbrock(vx);
    out.backward();
    copyGrads(vx, grad, 0);
    return out.data();
  }

  public static double blackScholesCall(double s, double k, double t, double r, double sigma,
      double[] grad) {
    Value vs = new Value(s);
    Value vk = new Value(k);
    Value vt = new Value(t);
    Value vr = new Value(r);
    Value vsigma = new Value(sigma);
    Value out = WorkloadsGrad.blackScholesCall(vs, vk, vt, vr, vsigma);
    out.backward();
    grad[0] = vs.grad();
    grad[1] = vk.grad();
    grad[2] = vt.grad();
    grad[3] = vr.grad();
    grad[4] = vsigma.grad();
    return out.data();
  }

  public static double logisticLoss(double[] w, double b, double[] x, double[] y, double[] grad) {
    Value[] vw = leaves(w);
    Value vb = new Value(b);
    Value out = WorkloadsGrad.logisticLoss(vw, vb, x, y);
    out.backward();
    copyGrads(vw, grad, 0);
    grad[w.length] = vb.grad();
    return out.data();
  }

  public static double mlpLoss(double[] w, double[] x, double[] y, double[] grad) {
    Value[] vw = leaves(w);
    Value out = WorkloadsGrad.mlpLoss(vw, x, y);
    out.backward();
    copyGrads(vw, grad, 0);
    return out.data();
  }

  /** One leaf per input; {@link Probes} builds the same graphs from them to count their nodes. */
  static Value[] leaves(double[] x) {
    Value[] v = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = new Value(x[i]);
    }
    return v;
  }

  private static void copyGrads(Value[] v, double[] grad, int offset) {
    for (int i = 0; i < v.length; i++) {
      grad[offset + i] = v[i].grad();
    }
  }
}
