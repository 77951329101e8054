package io.javagrad.processor;

/**
 * What tests print beyond their verdicts (generated code, the fuzzers' progress): nothing unless
 * asked for with {@code -Djavagrad.test.verbose=true}, so that a build's output stays readable.
 * A failure carries what it needs in its own message.
 */
final class TestLog {
  private static final boolean VERBOSE = Boolean.getBoolean("javagrad.test.verbose");

  private TestLog() {}

  static void print(Object what) {
    if (VERBOSE) {
      System.out.println(what);
    }
  }
}
