package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Another {@code @Differentiable} method, as a caller sees it: the class that declares it, its
 * companion, and its parameter types. Its companion's pullback carries the gradient through the
 * call, whether the callee was compiled with the caller or earlier.
 */
public record Callee(ClassName owner, ClassName companion, String name, List<Type> parameterTypes) {

  /** {@code owner.name}, for messages. */
  public String displayName() {
    return owner.simpleName() + "." + name;
  }
}
