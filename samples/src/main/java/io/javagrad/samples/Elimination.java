package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.function.DoubleBinaryOperator;

/**
 * A drug's concentration in the blood as Michaelis–Menten elimination gives it, {@code dC/dt =
 * -vmax C / (km + C)}: an ordinary differential equation without a closed-form solution, so the
 * model integrates it with a Runge–Kutta method written the usual way, taking the right-hand side
 * as a function. The rate is a lambda that captures the parameters; the generated gradient follows
 * them through every step of the integrator ({@code concentrations}, which returns an array, and
 * {@code rungeKutta}, given the lambda, are inlined into {@code sumOfSquares}'s derivative code).
 */
final class Elimination {
  /** Runge–Kutta steps between two consecutive samples. */
  static final int STEPS_PER_SAMPLE = 20;

  private Elimination() {}

  /** The classic fourth-order Runge–Kutta method for {@code dy/dt = f(t, y)}, from {@code t0} to {@code t1}. */
  static double rungeKutta(DoubleBinaryOperator f, double y0, double t0, double t1, int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive, not " + steps);
    }
    double h = (t1 - t0) / steps;
    double y = y0;
    double t = t0;
    for (int i = 0; i < steps; i++) {
      double k1 = f.applyAsDouble(t, y);
      double k2 = f.applyAsDouble(t + h / 2, y + h / 2 * k1);
      double k3 = f.applyAsDouble(t + h / 2, y + h / 2 * k2);
      double k4 = f.applyAsDouble(t + h, y + h * k3);
      y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      t += h;
    }
    return y;
  }

  /** The concentrations at {@code times} (increasing, after 0), from {@code c0} at time 0. */
  static double[] concentrations(double vmax, double km, double c0, double[] times) {
    DoubleBinaryOperator rate = (t, c) -> -vmax * c / (km + c);
    double[] c = new double[times.length];
    double previous = c0;
    double t = 0;
    for (int i = 0; i < times.length; i++) {
      previous = rungeKutta(rate, previous, t, times[i], STEPS_PER_SAMPLE);
      c[i] = previous;
      t = times[i];
    }
    return c;
  }

  /** The least-squares loss of the model against {@code observed} concentrations at {@code times}. */
  @Differentiable
  static double sumOfSquares(double vmax, double km, @NoDerivative double c0, @NoDerivative double[] times,
      @NoDerivative double[] observed) {
    double[] predicted = concentrations(vmax, km, c0, times);
    double total = 0;
    for (int i = 0; i < times.length; i++) {
      double residual = predicted[i] - observed[i];
      total += residual * residual;
    }
    return total;
  }
}
