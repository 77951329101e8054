package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Callee;

/**
 * Why a method has no second derivatives: it calls a method whose derivative is a {@code
 * @DerivativeOf} rule whose tangent could not be made ({@link
 * io.javagrad.processor.ir.Callee#tangentOfRule}): the rule gives the gradient and nothing about
 * how the gradient changes.
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

  /** "Foo.erf (its derivative is the @DerivativeOf rule FooRules.erf, which gives no second derivatives: ...)". */
  public String reason() {
    return rule.owner().simpleName() + "." + rule.name() + " (its derivative is the @DerivativeOf rule "
        + rule.rules().simpleName() + "." + rule.name() + ", which gives no second derivatives: " + whyNot + ")";
  }
}
