package corpus;

/** A market snapshot passed around as one value; it carries no derivative. */
public record Market(double rate, double spot) {
  public Market {
    if (spot <= 0) {
      throw new IllegalArgumentException("spot must be positive: " + spot);
    }
  }
}
