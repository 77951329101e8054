package io.javagrad.processor;

import io.javagrad.Functions;
import java.util.Locale;

/**
 * The functions of the processor's table that the randomized differential tests write: how Java
 * spells each, its value and partial derivatives as the contract defines them, and where it is not
 * smooth. {@link RandomExpressions} keeps each argument inside the function's domain.
 */
enum TableFunction {
  EXP, LOG, LOG10, LOG1P, EXPM1, SQRT, CBRT, POW, SIN, COS, TAN, ASIN, ACOS, ATAN, ATAN2, SINH, COSH, TANH,
  ABS, MAX, MIN, HYPOT, RELU("Functions"), SIGMOID("Functions");

  private final String owner;

  TableFunction() {
    this("Math");
  }

  TableFunction(String owner) {
    this.owner = owner;
  }

  /** {@code Math.exp}, {@code Functions.relu}, ... */
  String spelling() {
    return owner + "." + name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value at {@code a} (and {@code b}, for the functions of two arguments), followed by the
   * partial derivatives, as the contract defines them (at a kink: relu'(0) = abs'(0) = 0, a tie of
   * max or min goes to the first argument).
   */
  double[] valueAndPartials(double a, double b) {
    return switch (this) {
      case EXP -> withPartials(Math.exp(a), Math.exp(a));
      case LOG -> withPartials(Math.log(a), 1 / a);
      case LOG10 -> withPartials(Math.log10(a), 1 / (a * Math.log(10)));
      case LOG1P -> withPartials(Math.log1p(a), 1 / (1 + a));
      case EXPM1 -> withPartials(Math.expm1(a), Math.expm1(a) + 1);
      case SQRT -> withPartials(Math.sqrt(a), 0.5 / Math.sqrt(a));
      case CBRT -> withPartials(Math.cbrt(a), 1 / (3 * Math.cbrt(a) * Math.cbrt(a)));
      case POW -> withPartials(Math.pow(a, b), b * Math.pow(a, b - 1), a == 0 && b >= 0 ? 0 : Math.pow(a, b) * Math.log(a));
      case SIN -> withPartials(Math.sin(a), Math.cos(a));
      case COS -> withPartials(Math.cos(a), -Math.sin(a));
      case TAN -> withPartials(Math.tan(a), 1 + Math.tan(a) * Math.tan(a));
      case ASIN -> withPartials(Math.asin(a), 1 / Math.sqrt(1 - a * a));
      case ACOS -> withPartials(Math.acos(a), -1 / Math.sqrt(1 - a * a));
      case ATAN -> withPartials(Math.atan(a), 1 / (1 + a * a));
      case ATAN2 -> withPartials(Math.atan2(a, b), b / (a * a + b * b), -a / (a * a + b * b));
      case SINH -> withPartials(Math.sinh(a), Math.cosh(a));
      case COSH -> withPartials(Math.cosh(a), Math.sinh(a));
      case TANH -> withPartials(Math.tanh(a), 1 - Math.tanh(a) * Math.tanh(a));
      case ABS -> withPartials(Math.abs(a), Math.signum(a));
      case MAX -> a >= b ? withPartials(Math.max(a, b), 1, 0) : withPartials(Math.max(a, b), 0, 1);
      case MIN -> a <= b ? withPartials(Math.min(a, b), 1, 0) : withPartials(Math.min(a, b), 0, 1);
      case HYPOT -> withPartials(Math.hypot(a, b), a / Math.hypot(a, b), b / Math.hypot(a, b));
      case RELU -> withPartials(Functions.relu(a), a > 0 ? 1 : 0);
      case SIGMOID -> withPartials(Functions.sigmoid(a), Functions.sigmoid(a) * (1 - Functions.sigmoid(a)));
    };
  }

  private static double[] withPartials(double... valueThenPartials) {
    return valueThenPartials;
  }

  /**
   * Which smooth piece of the function {@code (a, b)} lies on: two points with the same number have
   * no kink, pole, branch cut or infinite derivative between them. Every point of a smooth function
   * is on piece 0.
   */
  int piece(double a, double b) {
    return switch (this) {
      case ABS, RELU, CBRT -> sign(a);
      case MAX, MIN -> sign(a - b) + (a == b ? 10 : 0);
      case ATAN2 -> b < 0 ? 2 * sign(a) : 5;
      case TAN -> (int) Math.floor(a / Math.PI + 0.5);
      default -> 0;
    };
  }

  /**
   * Whether the function has a kink (or, for cbrt, an infinite slope): at 0 of its one argument, or
   * where its two arguments tie.
   */
  boolean kinked() {
    return this == ABS || this == RELU || this == CBRT || this == MAX || this == MIN;
  }

  static int sign(double v) {
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  }
}
