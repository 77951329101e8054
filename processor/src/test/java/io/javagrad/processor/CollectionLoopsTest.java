package io.javagrad.processor;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For-each over collections, which carry no derivative of their own, in bodies through which one
 * flows: a bond's cash flows as a list of records, weights as a {@code List<Double>}, a map's
 * entries, with a break and nested in a counted loop, the loop variable declared or {@code var}. The iterator's calls run as written, once
 * each; gradients agree with the twin and with finite differences.
 */
class CollectionLoopsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;
      import java.util.Map;

      public final class Bonds {
        public record Cashflow(double time, double amount) {}

        /** Present value under a flat continuously compounded rate, as a pricer loops over its schedule. */
        @Differentiable static double presentValue(double rate, List<Cashflow> schedule) {
          double pv = 0;
          for (Cashflow cf : schedule) {
            if (cf.amount() == 0) {
              continue;
            }
            pv += cf.amount() * Math.exp(-rate * cf.time());
          }
          return pv;
        }

        @Differentiable static double weighted(double x, List<Double> weights, int rounds) {
          double s = 0;
          for (int r = 0; r < rounds; r++) {
            for (var w : weights) {
              if (w < 0) {
                break;
              }
              s += w * Math.sin(x * (r + 1));
            }
          }
          return s;
        }

        static final List<Integer> COUNTS = List.of(1, 2, 3);

        /** Integers widened to the loop variable's double, as Java unboxes and widens them. */
        @Differentiable static double counted(double x) {
          double s = 0;
          for (double c : COUNTS) {
            s += c * x * x;
          }
          return s;
        }

        /** A map's values looked up, some missing: compared with null as Java does. */
        @Differentiable static double lookedUp(double x, Map<String, Double> rates) {
          double s = 0;
          for (String key : new String[] {"a", "b", "c"}) {
            Double rate = rates.get(key);
            if (rate != null) {
              s += rate * x * x;
            }
          }
          return s;
        }

        @Differentiable static double byKey(double x, Map<String, Double> exposures) {
          double s = 0;
          for (var e : exposures.entrySet()) {
            s += e.getValue() * x * x + e.getKey().length();
          }
          return s;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Bonds", SOURCE);
  }

  @Test
  void forEachOverCollections() throws Exception {
    var cashflow = compiled.load("p.Bonds$Cashflow").getDeclaredConstructor(double.class, double.class);
    List<Object> schedule = List.of(cashflow.newInstance(0.5, 2.5), cashflow.newInstance(1.0, 0.0),
        cashflow.newInstance(1.5, 2.5), cashflow.newInstance(2.0, 102.5));
    agree("presentValue", 0.03, schedule);
    agree("weighted", 0.7, List.of(0.5, 1.5, -1.0, 2.0), 3);
    agree("counted", 0.7);
    agree("lookedUp", 0.7, Map.of("a", 1.5, "c", -0.25));
    agree("byKey", 0.7, new java.util.TreeMap<>(Map.of("a", 1.5, "bb", -0.5)));
  }

  private static void agree(String method, Object... args) {
    new GradientAgreement(compiled, "p.Bonds", method).check(args);
  }
}
