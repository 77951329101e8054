package corpus;

/**
 * SVI raw parameters of a total-variance smile, checked when made. A file of its own: next to
 * Models' enum whose constants override a method, javac would refuse its compact constructor
 * (see README, "Calls").
 */
public record SviParameters(double a, double b, double rho, double m, double sigma) {
  public SviParameters {
    if (b < 0 || Math.abs(rho) >= 1 || sigma <= 0) {
      throw new IllegalArgumentException("invalid SVI parameters: b=" + b + ", rho=" + rho + ", sigma=" + sigma);
    }
  }
}
