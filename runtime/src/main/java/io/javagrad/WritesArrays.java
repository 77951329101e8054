package io.javagrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the generated pullback of a {@link Differentiable} method that writes into its parameters'
 * arrays, naming those parameters. A pullback carries the derivative of the method's result, not of
 * what it leaves in the caller's arrays, so the processor refuses a call to such a method from
 * another differentiable method, with a compile error at the call; the mark lets it do so when the
 * callee was compiled earlier and only its companion's class file is there. Kept in class files.
 *
 * <p>Not meant for use outside generated code.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface WritesArrays {
  /** The names of the parameters whose arrays the method writes into. */
  String[] value();
}
