package io.javagrad.samples;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * A European call priced the way Fourier methods price models whose characteristic function is
 * known and whose density is not (Heston, variance gamma): Lewis's formula integrates the
 * characteristic function of the log price along a line of the complex plane. The arithmetic is
 * written with a small {@code Complex} record, as Java code writes complex numbers, and javagrad
 * follows each record by its two components. Here the characteristic function is Black–Scholes's,
 * so the tour can check the price and the Greeks against the closed forms.
 */
final class FourierPricing {
  /** Where the integral is cut, and how many trapezoids cover it: its error is far below 1e-10 here. */
  static final double CUTOFF = 60;
  static final int STEPS = 3000;

  private FourierPricing() {}

  /** A complex number. */
  record Complex(double re, double im) {
    Complex plus(Complex o) {
      return new Complex(re + o.re, im + o.im);
    }

    Complex times(Complex o) {
      return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
      return new Complex(s * re, s * im);
    }

    /** i times this. */
    Complex timesI() {
      return new Complex(-im, re);
    }

    Complex exp() {
      double modulus = Math.exp(re);
      return new Complex(modulus * Math.cos(im), modulus * Math.sin(im));
    }
  }

  /**
   * The characteristic function of the log of the price over its forward at {@code maturity},
   * {@code E[exp(i v X)]}, at a complex {@code v}: Black–Scholes's, {@code exp(-(i v + v^2) w)}
   * with {@code w = sigma^2 T / 2}.
   */
  static Complex characteristic(Complex v, double vol, double maturity) {
    double w = vol * vol * maturity / 2;
    return v.timesI().plus(v.times(v)).times(-w).exp();
  }

  /**
   * Lewis's formula: {@code C = S - sqrt(S K) exp(-r T / 2) / pi * integral from 0 to infinity of
   * Re[exp(i u x) phi(u - i/2)] / (u^2 + 1/4) du}, with {@code x = ln(S / K) + r T}, by the
   * trapezoidal rule.
   */
  @Differentiable
  static double callPrice(double spot, @NoDerivative double strike, double maturity, double rate, double vol) {
    if (spot <= 0 || strike <= 0 || maturity <= 0 || vol <= 0) {
      throw new IllegalArgumentException(String.format(
          "spot, strike, maturity and vol must be positive: %s, %s, %s, %s", spot, strike, maturity, vol));
    }
    double x = Math.log(spot / strike) + rate * maturity;
    double h = CUTOFF / STEPS;
    double sum = 0;
    for (int i = 0; i <= STEPS; i++) {
      double u = i * h;
      Complex phase = new Complex(0, u * x).exp();
      Complex integrand = phase.times(characteristic(new Complex(u, -0.5), vol, maturity));
      double weight = i == 0 || i == STEPS ? 0.5 : 1;
      sum += weight * integrand.re() / (u * u + 0.25);
    }
    return spot - Math.sqrt(spot * strike) * Math.exp(-rate * maturity / 2) / Math.PI * sum * h;
  }
}
