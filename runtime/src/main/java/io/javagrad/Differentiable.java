package io.javagrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static double} method whose gradient the javagrad processor generates at compile
 * time. For a method {@code f} of class {@code p.Foo} the processor writes {@code p.FooGrad} with
 * four entry points: {@code f(..., double[] grad)} (value, gradient into a buffer), {@code f(...)}
 * returning a {@link Gradient}, {@code f_pullback(..., double seed, double[] adjoints, int offset)}
 * (value, seed times the gradient into a slice of a larger array: how a gradient flows from one
 * companion into another), and a dynamic twin over {@link Value}s.
 *
 * <p>Kept in class files, so that a method compiled earlier and called from another annotated
 * method is known to be differentiable.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * Classes whose {@link DerivativeOf} rules this method's calls use, besides those of its own
   * compilation: rules compiled earlier, in a jar.
   */
  Class<?>[] derivatives() default {};
}
