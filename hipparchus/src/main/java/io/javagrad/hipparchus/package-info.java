/**
 * Adapters from generated derivatives to Hipparchus's optimisers: {@link
 * io.javagrad.hipparchus.LeastSquaresModel} gives a generated Jacobian to the least-squares
 * optimisers (Levenberg–Marquardt, Gauss–Newton), {@link io.javagrad.hipparchus.GradientObjective}
 * a generated gradient to the gradient-based ones. They take lambdas of the generated entry points'
 * shape ({@link io.javagrad.hipparchus.ValueAndJacobian}, {@link
 * io.javagrad.hipparchus.ValueAndGradient}), so they need nothing of javagrad at run time; this
 * module is optional, and javagrad's runtime does not depend on Hipparchus. {@link
 * io.javagrad.hipparchus.HipparchusDerivatives} gives the derivatives of Hipparchus's functions
 * whose source the processor cannot see (its special functions), as {@code @DerivativeOf} rules.
 */
package io.javagrad.hipparchus;
