package corpus;

import static corpus.LibraryIdioms.Checks.checkPositive;
import static java.lang.Math.*;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Idioms of numeric Java libraries, one routine each: a spline's coefficients computed by a helper
 * returning double[][] and evaluated after a binary search, a class's own exp next to Math.exp
 * (the class's wins, as Java resolves it), an anonymous class of one method given to a quadrature,
 * weights read from a Map's entries, NaN and infinity guards, a for-each with its own index, an
 * interface's check imported statically, a kernel held by a static final field of a nested class,
 * a record of indices, an instanceof pattern joined by &&, a switch over a String's chars, long
 * counters, a text block formatted into a message, and an array chosen by ?:.
 */
public final class LibraryIdioms {
  private LibraryIdioms() {}


  interface UnivariateFunction { double value(double x); }

  static double exp(double x) { return 1 + x + x * x / 2; }

  /** Natural cubic spline coefficients {a, b, c, d} per piece, as SplineInterpolator computes them. */
  static double[][] splineCoefficients(double[] x, double[] y) {
    final int n = x.length - 1;
    final double[] h = new double[n];
    for (int i = 0; i < n; i++) h[i] = x[i + 1] - x[i];
    final double[] mu = new double[n];
    final double[] z = new double[n + 1];
    double g;
    for (int i = 1; i < n; i++) {
      g = 2d * (x[i + 1] - x[i - 1]) - h[i - 1] * mu[i - 1];
      mu[i] = h[i] / g;
      z[i] = (3d * (y[i + 1] * h[i - 1] - y[i] * (x[i + 1] - x[i - 1]) + y[i - 1] * h[i]) / (h[i - 1] * h[i])
          - h[i - 1] * z[i - 1]) / g;
    }
    final double[] b = new double[n];
    final double[] c = new double[n + 1];
    final double[] d = new double[n];
    for (int j = n - 1; j >= 0; j--) {
      c[j] = z[j] - mu[j] * c[j + 1];
      b[j] = (y[j + 1] - y[j]) / h[j] - h[j] * (c[j + 1] + 2d * c[j]) / 3d;
      d[j] = (c[j + 1] - c[j]) / (3d * h[j]);
    }
    final double[][] coefficients = new double[n][4];
    for (int i = 0; i < n; i++) {
      coefficients[i][0] = y[i];
      coefficients[i][1] = b[i];
      coefficients[i][2] = c[i];
      coefficients[i][3] = d[i];
    }
    return coefficients;
  }

  @Differentiable static double spline(@NoDerivative double[] x, double[] y, double t) {
    final double[][] coefficients = splineCoefficients(x, y);
    int i = Arrays.binarySearch(x, t);
    if (i < 0) i = -i - 2;
    i = Math.min(i, coefficients.length - 1);
    final double[] c = coefficients[i];
    final double s = t - x[i];
    return c[0] + s * (c[1] + s * (c[2] + s * c[3]));
  }



  @Differentiable static double ownExp(double x) { return exp(x) * Math.exp(x); }

  static double integrate(UnivariateFunction f, double a, double b, int n) {
    double h = (b - a) / n, s = 0.5 * (f.value(a) + f.value(b));
    for (int i = 1; i < n; i++) s += f.value(a + i * h);
    return s * h;
  }

  @Differentiable static double anonymous(double k) {
    return integrate(new UnivariateFunction() {
      @Override public double value(double t) { return Math.exp(-k * t); }
    }, 0, 1, 20);
  }

  @Differentiable static double mapEntries(Map<String, Double> weights, double x, double y) {
    double s = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      s += e.getValue() * (e.getKey().startsWith("x") ? x : y);
    }
    return s;
  }

  @Differentiable static double nanGuards(double x, double y) {
    double r = Double.isNaN(x) ? 0 : x * y;
    return Double.isInfinite(r) ? Double.MAX_VALUE : r;
  }

  @Differentiable static double forEachWithIndex(double[] x, @NoDerivative double[] w) {
    int i = 0;
    double s = 0;
    for (double v : x) {
      s += w[i++] * v * v;
    }
    return s / ((x.length - 1) / 2 + 1);
  }

  record Pair(int i, int j) {}

  interface Checks {
    static double checkPositive(double x, String name) {
      if (!(x > 0)) throw new IllegalArgumentException(String.format(Locale.ROOT, "%s = %.3f is not positive", name, x));
      return x;
    }
  }

  static final class Kernels {
    static final DoubleUnaryOperator GAUSS = u -> Math.exp(-0.5 * u * u);
    private Kernels() {}
  }

  record Normal(double mean, double sd) {
    Normal {
      if (sd <= 0) throw new IllegalArgumentException("sd");
    }
    double z(double x) { return (x - mean) / sd; }
  }

  @Differentiable static double staticImportedInterfaceCheck(double x) {
    return checkPositive(x, "x") * x;
  }

  @Differentiable static double kernelSum(double[] x, double h) {
    double s = 0;
    for (double xi : x) s += Kernels.GAUSS.applyAsDouble(xi / h);
    return s / (x.length * h);
  }

  @Differentiable static double localRecord(double[] x) {

    Pair best = new Pair(0, 1);
    for (int i = 0; i < x.length; i++) {
      if (Math.abs(i - x.length / 2) < Math.abs(best.i() - x.length / 2)) best = new Pair(i, best.j());
    }
    return x[best.i()] * x[best.j()];
  }

  @Differentiable static double patternAnd(Object law, double x) {
    if (law instanceof Normal n && n.sd() > 1) {
      return n.z(x) * n.z(x);
    }
    return x;
  }

  @Differentiable static double charSwitch(String code, double x) {
    double s = 0;
    for (char c : code.toCharArray()) {
      switch (c) {
        case 'a' -> s += x;
        case 'b' -> s *= x;
        default -> s -= 1;
      }
    }
    assert s == s : "NaN";
    return s;
  }

  @Differentiable static double longCounter(double x, int n) {
    long count = 0;
    double acc = 0;
    for (int i = 0; i < n; i++) {
      count += (long) i * i;
      acc += x / (count + 1);
    }
    return acc * (double) count;
  }

  @Differentiable static double textBlockMessage(double x) {
    if (x > 1e300) {
      throw new IllegalArgumentException("""
          x is too large: %s""".formatted(x));
    }
    return x * x;
  }

  @Differentiable static double chosenArray(double[] a, double[] b, boolean first) {
    double[] w = first ? a : b;
    return w[0] * w[1] + a[0];
  }
}
