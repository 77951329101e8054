package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Callee;

/**
 * Why a method has no second derivatives: it calls a method whose derivative is a {@code
 * @DerivativeOf} rule, which gives the gradient and nothing about how the gradient changes.
 */
public final class SecondOrderUnsupported extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Callee rule;

  SecondOrderUnsupported(Callee rule) {
    super(null, null, false, false);
    this.rule = rule;
  }

  /** "Foo.erf (its derivative is the @DerivativeOf rule FooRules.erf, which gives no second derivatives)". */
  public String reason() {
    return rule.owner().simpleName() + "." + rule.name() + " (its derivative is the @DerivativeOf rule "
        + rule.rules().simpleName() + "." + rule.name() + ", which gives no second derivatives)";
  }
}
