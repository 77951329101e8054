package io.javagrad.processor;

import java.util.List;

/** A method of a compiled test class and the points to check it at with {@link GradientAgreement}. */
record MethodCase(String method, List<Object[]> points) {
  static MethodCase at(String method, Object[]... points) {
    return new MethodCase(method, List.of(points));
  }

  /** One point: the method's arguments. */
  static Object[] p(Object... args) {
    return args;
  }

  /** Checks the method of {@code owner} at each point. */
  void check(Compiled compiled, String owner) {
    GradientAgreement agreement = new GradientAgreement(compiled, owner, method);
    for (Object[] point : points) {
      agreement.check(point);
    }
  }

  @Override
  public String toString() {
    return method;
  }
}
