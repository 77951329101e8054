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

  SecondOrderUnsupported(Callee rule) {
    super(null, null, false, false);
    this.rule = rule;
  }

  /** "Foo.erf (its derivative is the @DerivativeOf rule FooRules.erf, which gives no second derivatives: ...)". */
  public String reason() {
    return rule.owner().simpleName() + "." + rule.name() + " (its derivative is the @DerivativeOf rule "
        + rule.rules().simpleName() + "." + rule.name() + ", which gives no second derivatives: javagrad"
        + " differentiates a rule's body once more for them where the rule is compiled with the method, its target"
        + " takes doubles alone, and its body calls no helper and nothing without a derivative)";
  }
}
