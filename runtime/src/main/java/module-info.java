/**
 * javagrad's runtime: the {@link io.javagrad.Value} reverse-mode engine, the annotations the
 * processor reads ({@link io.javagrad.Differentiable}, {@link io.javagrad.NoDerivative}), the
 * classes generated companions call, and the neural-network pieces of {@code io.javagrad.nn}.
 *
 * <p>A module that uses generated gradients needs only {@code requires io.javagrad;}: companions
 * carry {@code @Generated} only where {@code java.compiler} is readable.
 */
module io.javagrad {
  exports io.javagrad;
  exports io.javagrad.nn;
}
