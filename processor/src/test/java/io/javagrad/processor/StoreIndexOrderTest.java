package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javagrad.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In {@code a[slot()] = f(x) + ...}, Java evaluates the index before the value, and once: every
 * entry point calls {@code slot} and {@code f} in the primal's order, as many times as the primal
 * does (found by the review: the index's call ran after the value's, and the pullback ran it
 * again in the reverse sweep).
 */
class StoreIndexOrderTest {
  private static final String SOURCE = Compiled.classSource("p.Stores",
      List.of("import java.util.ArrayList;", "import java.util.List;"), List.of("""
      static final List<String> LOG = new ArrayList<>();
      """, """
      static List<String> take() {
        List<String> taken = new ArrayList<>(LOG);
        LOG.clear();
        return taken;
      }
      """, """
      static int slot(int k) {
        LOG.add("slot " + k);
        return k;
      }
      """, """
      static double f(double x) {
        LOG.add("f");
        return x * x;
      }
      """, """
      @Differentiable static double stores(double x, int n) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
          a[slot(k)] = f(x) + k * x;
        }
        a[slot(0)] += f(x) * x;
        double[][] m = new double[2][2];
        m[slot(1)][slot(0)] = f(x);
        m[slot(1)][slot(1)] += f(x) * m[1][0];
        double s = m[1][1];
        for (double v : a) {
          s += v * v;
        }
        return s;
      }
      """));

  @Test
  void theIndexRunsFirstAndOnceInEveryEntry() {
    Compiled compiled = Compiled.compile("p.Stores", SOURCE).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Stores", "stores").check(0.7, 3);
    take(compiled);
    compiled.call("p.Stores", "stores", new Class<?>[] {double.class, int.class}, 0.7, 3);
    List<String> primal = take(compiled);
    assertEquals(List.of("slot 0", "f", "slot 1", "f", "slot 2", "f", "slot 0", "f", "slot 1", "slot 0", "f",
        "slot 1", "slot 1", "f"), primal);

    compiled.call("p.StoresGrad", "stores", new Class<?>[] {double.class, int.class, double[].class}, 0.7, 3,
        new double[1]);
    assertEquals(primal, take(compiled), "the gradient entry");
    compiled.call("p.StoresGrad", "stores_tangent", new Class<?>[] {double.class, int.class, double[].class}, 0.7, 3,
        new double[] {1});
    assertEquals(primal, take(compiled), "forward mode");
    compiled.call("p.StoresGrad", "stores", new Class<?>[] {Value.class, int.class}, new Value(0.7), 3);
    assertEquals(primal, take(compiled), "the twin");
  }

  @SuppressWarnings("unchecked")
  private static List<String> take(Compiled compiled) {
    return (List<String>) compiled.call("p.Stores", "take", new Class<?>[0]);
  }
}
