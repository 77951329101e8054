package io.javagrad.benchmarks;

import io.javagrad.GradientChecker;

/**
 * Central finite differences of the {@link Workloads}: 2n evaluations of the primal for n
 * differentiated inputs, each input perturbed in place by {@link GradientChecker#step(double)}
 * ({@code cbrt(ulp(1)) * max(|x|, 1)}) and restored, so that nothing is allocated beyond what the
 * primal allocates. Exactly 2n evaluations: unlike the other variants, these do not also return
 * the value, which would take one more.
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  public static void rosenbrock2(double x, double y, double[] grad) {
    double hx = GradientChecker.step(x);
    double hy = GradientChecker.step(y);
    grad[0] = (Workloads.rosenbrock2(x + hx, y) - Workloads.rosenbrock2(x - hx, y)) / (2 * hx);
    grad[1] = (Workloads.rosenbrock2(x, y + hy) - Workloads.rosenbrock2(x, y - hy)) / (2 * hy);
  }

  public static void rosenbrock(double[] x, double[] grad) {
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double h = GradientChecker.step(xi);
      x[i] = xi + h;
      double up = Workloads.rosenbrock(x);
      x[i] = xi - h;
      double down = Workloads.rosenbrock(x);
      x[i] = xi;
      grad[i] = (up - down) / (2 * h);
    }
  }

  public static void blackScholesCall(double s, double k, double t, double r, double sigma,
      double[] grad) {
    double h = GradientChecker.step(s);
    grad[0] = (Workloads.blackScholesCall(s + h, k, t, r, sigma)
        - Workloads.blackScholesCall(s - h, k, t, r, sigma)) / (2 * h);
    h = GradientChecker.step(k);
    grad[1] = (Workloads.blackScholesCall(s, k + h, t, r, sigma)
        - Workloads.blackScholesCall(s, k - h, t, r, sigma)) / (2 * h);
    h = GradientChecker.step(t);
    grad[2] = (Workloads.blackScholesCall(s, k, t + h, r, sigma)
        - Workloads.blackScholesCall(s, k, t - h, r, sigma)) / (2 * h);
    h = GradientChecker.step(r);
    grad[3] = (Workloads.blackScholesCall(s, k, t, r + h, sigma)
        - Workloads.blackScholesCall(s, k, t, r - h, sigma)) / (2 * h);
    h = GradientChecker.step(sigma);
    grad[4] = (Workloads.blackScholesCall(s, k, t, r, sigma + h)
        - Workloads.blackScholesCall(s, k, t, r, sigma - h)) / (2 * h);
  }

  public static void logisticLoss(double[] w, double b, double[] x, double[] y, double[] grad) {
    for (int j = 0; j < w.length; j++) {
      double wj = w[j];
      double h = GradientChecker.step(wj);
      w[j] = wj + h;
      double up = Workloads.logisticLoss(w, b, x, y);
      w[j] = wj - h;
      double down = Workloads.logisticLoss(w, b, x, y);
      w[j] = wj;
      grad[j] = (up - down) / (2 * h);
    }
    double h = GradientChecker.step(b);
    grad[w.length] = (Workloads.logisticLoss(w, b + h, x, y)
        - Workloads.logisticLoss(w, b - h, x, y)) / (2 * h);
  }

  public static void mlpLoss(double[] w, double[] x, double[] y, double[] grad) {
    for (int p = 0; p < w.length; p++) {
      double wp = w[p];
      double h = GradientChecker.step(wp);
      w[p] = wp + h;
      double up = Workloads.mlpLoss(w, x, y);
      w[p] = wp - h;
      double down = Workloads.mlpLoss(w, x, y);
      w[p] = wp;
      grad[p] = (up - down) / (2 * h);
    }
  }
}
