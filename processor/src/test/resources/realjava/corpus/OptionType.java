package corpus;

/** Call or put, as pricing libraries model the option's direction. */
public enum OptionType {
  CALL,
  PUT;

  /** +1 for a call, -1 for a put: the sign of the payoff's slope in the underlying. */
  public int sign() {
    return this == CALL ? 1 : -1;
  }
}
