package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stream over a collection of objects (or an array of them, {@code Arrays.stream(payments)}) that
 * maps them to doubles and reduces them
 * ({@code payments.stream().filter(..).mapToDouble(p -> p.amount() * df(p.time(), rate)).sum()}):
 * lowered to the loop it runs over the collection's iterator, as a for-each over it is, so the
 * derivative flows through the mapping. It ran as written, and a value with a derivative captured
 * by its lambdas was refused as lost. Found writing a pricer in OpenGamma Strata's style; the
 * corpus routine is StrataStyle.presentValueByStream.
 */
class CollectionStreamsTest {
  private static final String SOURCE = Compiled.classSource("p.Named", List.of("import java.util.List;"), List.of("""
      @Differentiable static double weightedByLength(List<String> names, double x) {
        return names.stream().filter(n -> !n.isEmpty()).mapToDouble(n -> n.length() * x * x).sum();
      }
      """, """
      @Differentiable static double averaged(List<String> names, double x, double y) {
        return names.stream().mapToDouble(n -> n.startsWith("x") ? x : y).map(v -> v * v).average().orElse(-1);
      }
      """, """
      @Differentiable static double ofAnArray(String[] names, double x) {
        return java.util.Arrays.stream(names).filter(n -> n.length() > 1).mapToDouble(n -> n.length() * x * x).sum();
      }
      """, """
      @Differentiable static double longest(List<String> names, double x) {
        return names.stream().mapToDouble(n -> n.length() * x).max().getAsDouble();
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Named", SOURCE).assertCleanSuccess();
  }

  @Test
  void filteredAndMappedToASum() {
    new GradientAgreement(compiled, "p.Named", "weightedByLength").check(List.of("ab", "", "cde"), 1.3);
  }

  @Test
  void averagedOrElse() {
    new GradientAgreement(compiled, "p.Named", "averaged").check(List.of("xa", "yb", "xc"), 1.3, -0.4);
    double empty = (Double) compiled.call("p.NamedGrad", "averaged",
        new Class<?>[] {List.class, double.class, double.class, double[].class}, List.of(), 1.3, -0.4, new double[2]);
    assertEquals(-1, empty);
  }

  @Test
  void aStreamOfAnArrayOfObjects() {
    new GradientAgreement(compiled, "p.Named", "ofAnArray").check(new String[] {"ab", "c", "cde"}, 1.3);
  }

  @Test
  void aMaximum() {
    new GradientAgreement(compiled, "p.Named", "longest").check(List.of("ab", "abcd", "c"), 0.7);
  }
}
