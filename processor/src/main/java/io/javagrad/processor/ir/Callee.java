package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Another {@code @Differentiable} method, as a caller sees it: the class that declares it, its
 * companion, its parameter types, and which parameters are constant inputs ({@code @NoDerivative}).
 * Its companion's pullback carries the gradient through the call, whether the callee was compiled
 * with the caller or earlier.
 */
public record Callee(ClassName owner, ClassName companion, String name, List<Type> parameterTypes,
    List<Boolean> constantParameters) {

  /** Whether a derivative flows through parameter {@code i}: a double or double[] that is not constant. */
  public boolean isDifferentiated(int i) {
    return parameterTypes.get(i).isDifferentiable() && !constantParameters.get(i);
  }
}
