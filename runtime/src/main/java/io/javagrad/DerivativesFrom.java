package io.javagrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names classes whose {@link DerivativeOf} rules the {@code @Differentiable} methods of the
 * annotated class use for their calls: rules compiled earlier, in a jar.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DerivativesFrom {
  /** The classes that declare the rules. */
  Class<?>[] value();
}
