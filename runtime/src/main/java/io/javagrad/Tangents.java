package io.javagrad;

/**
 * The arithmetic of generated forward mode. Not meant for use outside generated code.
 */
public final class Tangents {
  private Tangents() {}

  /**
   * {@code t * p}, a tangent times a partial, where the tangent is a strong zero: 0 where {@code
   * t} is 0, even where {@code p} is infinite or NaN. It is the contract's zero-adjoint rule in
   * forward mode: an input that does not move does not move the result, whatever the slope.
   */
  public static double times(double t, double p) {
    return t == 0 ? 0 : t * p;
  }
}
