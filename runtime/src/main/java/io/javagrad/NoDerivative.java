package io.javagrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code double} or {@code double[]} parameter of a {@link Differentiable} method as a
 * constant input: data, not something to differentiate with respect to.
 *
 * <p>The parameter takes no slot in the gradient, the dynamic twin takes it as the plain {@code
 * double} / {@code double[]}, and the generated reverse sweep does no work for values that depend
 * only on constants. A loss over a data set with the data marked this way costs what a hand-written
 * adjoint that ignores the data costs.
 *
 * <p>Passing a value that carries a derivative into such a parameter of another annotated method is
 * a compile error (its derivative would be lost silently); on an {@code int}, {@code long} or
 * {@code boolean} parameter, which is never differentiated anyway, the annotation draws a warning.
 * Kept in class files, so that a method compiled earlier keeps its meaning for its callers, and
 * visible to reflection, for tools that call companions generically.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface NoDerivative {}
