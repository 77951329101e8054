package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Callee;

/**
 * Why a method has no second derivatives: it calls a method whose derivative is a {@code
 * @DerivativeOf} rule whose tangent could not be made ({@link
 * io.javagrad.processor.ir.Callee#tangentOfRule}): the rule gives the gradient and nothing about
 * how the gradient changes; or it calls a helper returning an array through recorded calls ({@link
 * io.javagrad.processor.ir.Callee#arrayHelper}), whose protocol has no second-order form.
 */
public final class SecondOrderUnsupported extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Callee rule;
  private final String whyNot;

  SecondOrderUnsupported(Callee rule, String whyNot) {
    super(null, null, false, false);
    this.rule = rule;
    this.whyNot = whyNot;
  }

  /**
   * For a call of {@code helper}, which returns a {@code double[]} and calls itself, through recorded
   * calls ({@link Callee#arrayHelper}): second derivatives do not go through those.
   */
  static SecondOrderUnsupported recordedCall(Callee helper) {
    return new SecondOrderUnsupported(helper, null);
  }

  /**
   * "Foo.erf (its derivative is the @DerivativeOf rule FooRules.erf, which gives no second
   * derivatives: ...)", or, for a helper through recorded calls, "Foo.split (it returns a double[]
   * and calls itself, ...)", "Foo.smooth (it writes into an array it is given and calls itself, ...)".
   */
  public String reason() {
    if (rule.rules() == null) {
      String what = rule.inPlace() ? "writes into an array it is given" : "returns a double[]";
      return rule.owner().simpleName() + "." + rule.name() + " (it " + what + " and calls itself, which"
          + " javagrad differentiates through recorded calls; second derivatives do not go through those yet)";
    }
    return rule.owner().simpleName() + "." + rule.name() + " (its derivative is the @DerivativeOf rule "
        + rule.rules().simpleName() + "." + rule.name() + ", which gives no second derivatives: " + whyNot + ")";
  }
}
