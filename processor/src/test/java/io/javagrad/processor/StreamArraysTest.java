package io.javagrad.processor;

import java.lang.reflect.Constructor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stream of doubles collected into a new array ({@code double[] y = Arrays.stream(x).map(v -> v *
 * v).toArray()}) whose steps drop no element: lowered to a new array of the source's length and
 * the loop the stream runs, storing each element, so that the derivative flows through the array.
 * Sources: an array, a row of a matrix, listed values, int ranges (half-open, closed, empty) and a
 * collection of objects. It ran as written, and a value with a derivative in it was refused as lost.
 */
class StreamArraysTest {
  private static final String SOURCE = Compiled.classSource("p.Collected",
      List.of("import java.util.Arrays;", "import java.util.List;", "import java.util.stream.DoubleStream;",
          "import java.util.stream.IntStream;"), List.of("""
      record Cash(double amount, double time) {}
      """, """
      @Differentiable static double squares(double[] x) {
        double[] y = Arrays.stream(x).map(v -> v * v).map(Math::sin).toArray();
        double s = 0;
        for (double v : y) {
          s += v;
        }
        return s * y.length;
      }
      """, """
      @Differentiable static double ramp(double a, int n) {
        double[] t = IntStream.range(0, n).mapToDouble(i -> a * i + Math.exp(a)).toArray();
        return t[n - 1] * t.length + t[0];
      }
      """, """
      @Differentiable static double powers(double a) {
        double[] t = IntStream.rangeClosed(1, 4).mapToDouble(i -> Math.pow(a, i)).toArray();
        double[] none = IntStream.range(3, 1).mapToDouble(i -> a * i).toArray();
        return t[0] + t[3] * t.length + none.length;
      }
      """, """
      @Differentiable static double listed(double a, double b) {
        double[] v = DoubleStream.of(a, b, a * b).map(Math::exp).toArray();
        return v[0] * v[2] - v[1];
      }
      """, """
      @Differentiable static double presentValues(List<Cash> flows, double rate) {
        double[] pv = flows.stream().mapToDouble(c -> c.amount() * Math.exp(-rate * c.time())).toArray();
        return pv[0] + 2 * pv[pv.length - 1];
      }
      """, """
      @Differentiable static double scaledRow(double[][] m, double s) {
        double[] r = Arrays.stream(m[1]).map(v -> v * s).toArray();
        r[0] += m[0][0];
        return r[0] * r[1];
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Collected", SOURCE).assertCleanSuccess();
  }

  @Test
  void anArrayMappedIntoANewArray() {
    agree("squares", (Object) new double[] {0.3, -1.2, 0.8});
    agree("squares", (Object) new double[] {});
  }

  @Test
  void rangesOfIntsMappedToDoubles() {
    agree("ramp", 0.4, 5);
    agree("powers", 1.3);
  }

  @Test
  void listedValuesAndACollectionOfObjects() throws Exception {
    agree("listed", 0.4, -0.3);
    Constructor<?> cash = compiled.load("p.Collected$Cash").getDeclaredConstructor(double.class, double.class);
    cash.setAccessible(true);
    List<Object> flows = List.of(cash.newInstance(100.0, 0.5), cash.newInstance(40.0, 1.0), cash.newInstance(140.0, 2.0));
    agree("presentValues", flows, 0.03);
  }

  @Test
  void aRowOfAMatrix() {
    agree("scaledRow", new double[][] {{0.5, 2.0}, {1.5, -0.7}}, 1.3);
  }

  private static void agree(String method, Object... args) {
    new GradientAgreement(compiled, "p.Collected", method).check(args);
  }
}
