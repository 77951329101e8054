package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams of doubles that end in a sum, a maximum, a minimum or an average are lowered into the
 * loop the stream runs ({@code StreamLowering}): each gradient agrees with the twin and finite
 * differences, each value is the stream's to the last bit (the JDK's compensated sum), and an
 * empty stream gives what the stream gives: 0, {@code orElse}'s value, or the same exception.
 */
class StreamsTest {
  private static final String SOURCE = Compiled.classSource("p.Streams", List.of("import java.util.Arrays;",
      "import java.util.stream.DoubleStream;", "import java.util.stream.IntStream;"), List.of("""
      @Differentiable static double sum(double[] x) {
        return Arrays.stream(x).sum();
      }
      """, """
      @Differentiable static double norm(double[] x) {
        return Math.sqrt(Arrays.stream(x).map(v -> v * v).sum());
      }
      """, """
      @Differentiable static double filtered(double[] x, double threshold) {
        return Arrays.stream(x).map(v -> v * threshold).filter(v -> v > 0.1).map(Math::exp).sum();
      }
      """, """
      @Differentiable static double dot(double[] x, double[] y) {
        return IntStream.range(0, x.length).mapToDouble(i -> x[i] * y[i]).sum();
      }
      """, """
      @Differentiable static double evenTerms(double[] x, int n) {
        double scale = 0.5;
        return IntStream.rangeClosed(1, n).filter(k -> k % 2 == 0).mapToDouble(k -> scale * x[k - 1] / k).sum();
      }
      """, """
      @Differentiable static double extremes(double a, double b, double c) {
        return DoubleStream.of(a, b * b, Math.sin(c)).max().getAsDouble() + DoubleStream.of(a, c).min().orElse(0);
      }
      """, """
      @Differentiable static double mean(double[] x) {
        return Arrays.stream(x).map(v -> Math.exp(v)).average().orElse(-1);
      }
      """, """
      @Differentiable static double largest(double[] x) {
        return Arrays.stream(x).max().getAsDouble();
      }
      """, """
      /** Softmax cross-entropy over a batch: streams over the rows of a double[][], by alias and by index. */
      @Differentiable static double crossEntropy(double[][] logits, int[] labels) {
        double total = 0;
        for (int b = 0; b < logits.length; b++) {
          double[] row = logits[b];
          double max = Arrays.stream(row).max().orElse(0);
          double sum = Arrays.stream(logits[b]).map(v -> Math.exp(v - max)).sum();
          total += Math.log(sum) + max - row[labels[b]];
        }
        return total / logits.length;
      }
      """, """
      /** A pipeline it does not lower, whose value carries no derivative: it runs as written. */
      @Differentiable static double timesPositives(double[] x) {
        return x[0] * Arrays.stream(x).filter(v -> v > 0).count();
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Streams", SOURCE).assertCleanSuccess();
  }

  @Test
  void sumsMapsAndFilters() {
    double[] x = {0.3, -1.2, 2.5, 0.05};
    new GradientAgreement(compiled, "p.Streams", "sum").check(x);
    new GradientAgreement(compiled, "p.Streams", "norm").check(x);
    new GradientAgreement(compiled, "p.Streams", "filtered").check(x, 0.7);
    new GradientAgreement(compiled, "p.Streams", "dot").check(x, new double[] {1.5, 0.25, -2, 3});
    new GradientAgreement(compiled, "p.Streams", "evenTerms").check(x, 4);
  }

  @Test
  void maximaMinimaAndAverages() {
    new GradientAgreement(compiled, "p.Streams", "extremes").check(0.4, 1.3, 0.9);
    new GradientAgreement(compiled, "p.Streams", "extremes").check(0.4, 0.2, -0.9);
    new GradientAgreement(compiled, "p.Streams", "mean").check(new double[] {0.1, -0.5, 1.2});
    new GradientAgreement(compiled, "p.Streams", "largest").check(new double[] {0.1, 1.5, -3});
    double[] grad = new GradientAgreement(compiled, "p.Streams", "timesPositives").check(new double[] {0.1, 1.5, -3});
    assertEquals(2.0, grad[0], 0.0);
  }

  @Test
  void rowsOfAMatrix() {
    double[][] logits = {{0.2, -1.0, 3.5}, {1.5, 1.5, -0.25}};
    double[] grad = new GradientAgreement(compiled, "p.Streams", "crossEntropy").check(logits, new int[] {2, 0});
    double sum = 0;
    for (int j = 0; j < 3; j++) {
      sum += Math.exp(logits[0][j]);
    }
    assertEquals((Math.exp(logits[0][0]) / sum) / 2, grad[0], 1e-12);
  }

  /** The compensated sum, step for step: the gradient entry's value is the stream's, also where a naive sum differs. */
  @Test
  void theValueIsTheStreamsToTheLastBit() {
    Random random = new Random(17);
    for (int t = 0; t < 300; t++) {
      double[] x = new double[1 + random.nextInt(12)];
      for (int i = 0; i < x.length; i++) {
        x[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(24) - 12);
      }
      for (String method : List.of("sum", "norm", "mean")) {
        double primal = (Double) compiled.call("p.Streams", method, new Class<?>[] {double[].class}, x);
        double generated = (Double) compiled.call("p.StreamsGrad", method,
            new Class<?>[] {double[].class, double[].class}, x, new double[x.length]);
        assertEquals(primal, generated, 0.0, method + " of " + java.util.Arrays.toString(x));
      }
    }
    double[] infinities = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    assertEquals(Double.POSITIVE_INFINITY, (Double) compiled.call("p.StreamsGrad", "sum",
        new Class<?>[] {double[].class, double[].class}, infinities, new double[2]));
  }

  @Test
  void emptyStreamsGiveWhatTheStreamGives() {
    Class<?>[] types = {double[].class, double[].class};
    assertEquals(0.0, (Double) compiled.call("p.StreamsGrad", "sum", types, new double[0], new double[0]));
    assertEquals(-1.0, (Double) compiled.call("p.StreamsGrad", "mean", types, new double[0], new double[0]));
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> compiled.load("p.StreamsGrad")
        .getDeclaredMethod("largest", types).invoke(null, new double[0], new double[0]));
    assertEquals(java.util.NoSuchElementException.class, thrown.getCause().getClass());
    assertEquals("No value present", thrown.getCause().getMessage());
  }

  @Test
  void aPipelineItDoesNotLowerWhoseValueCarriesADerivativeIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Sorted", Compiled.classSource("p.Sorted",
        List.of("import java.util.Arrays;"), List.of("""
            @Differentiable static double smallest(double[] x) {
              return Arrays.stream(x).sorted().findFirst().getAsDouble();
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into Arrays.stream(x)")
        .inFile(file).onLineContaining("return Arrays.stream(x).sorted()");
  }
}
