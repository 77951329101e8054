package io.javagrad.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** A class of randomly generated {@code @Differentiable} methods {@code m0}, {@code m1}, ..., for the focused fuzzers. */
final class RandomMethods {
  private RandomMethods() {}

  /**
   * Compiles through the processor the class {@code owner} of {@code count} methods, the source of
   * each written by {@code method} from its name.
   */
  static Compiled compile(String owner, int count, Function<String, String> method) {
    List<String> methods = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      methods.add(method.apply("m" + k));
    }
    return Compiled.compile(owner, Compiled.classSource(owner, List.of(), methods));
  }

  /** {@code length} values from -1.5 to 1.5. */
  static double[] values(Random random, int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = 3 * random.nextDouble() - 1.5;
    }
    return values;
  }
}
