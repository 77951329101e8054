package io.javagrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as the derivative of another static method, of the class {@link #value()},
 * for a function the processor cannot see (a library's) or should not differentiate:
 *
 * <pre>{@code
 * @DerivativeOf(Erf.class)                     // the class that declares the target
 * static double erf(double x, double[] grad)   // same name and parameters as Erf.erf, plus grad
 * { grad[0] = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); return Erf.erf(x); }
 * }</pre>
 *
 * <p>The rule has the target's name and parameters followed by {@code double[] grad}, returns the
 * target's value and writes its gradient into {@code grad} in the layout of a companion's gradient
 * entry (one slot per {@code double} parameter, in order). A rule of the same compilation is used
 * for every call to its target; one compiled earlier, where a method names its class in {@link
 * Differentiable#derivatives()} or its class in {@link DerivativesFrom}. The dynamic twin uses it
 * too, as one {@link Value} node with the rule's partials.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /** The class that declares the method this rule differentiates. */
  Class<?> value();
}
