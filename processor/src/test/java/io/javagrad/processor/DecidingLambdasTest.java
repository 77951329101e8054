package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lambda given to library code that reads values with derivatives only to decide: a comparator
 * ordering indices by them ({@code Arrays.sort(order, (a, b) -> Double.compare(x[b], x[a]))}, an
 * argsort), a predicate counting or choosing by them. Its answer only orders or chooses, as a
 * branch's condition does, so no derivative is lost; the derivatives flow through the elements the
 * method then reads by those indices. A lambda that may keep a value ({@code kept.add(x[i])}) is
 * still refused.
 */
class DecidingLambdasTest {
  private static final String SOURCE = Compiled.classSource("p.Ranked",
      List.of("import java.util.Arrays;", "import java.util.stream.IntStream;"), List.of("""
      @Differentiable static double topK(double[] x, int k) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(x[b]), Math.abs(x[a])));
        double s = 0;
        for (int i = 0; i < k; i++) {
          s += x[order[i]] * (k - i);
        }
        return s;
      }
      """, """
      @Differentiable static double scaledByPositives(double[] x, double threshold) {
        long above = IntStream.range(0, x.length).filter(i -> x[i] > threshold).count();
        return x[0] * above + threshold;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Ranked", SOURCE).assertCleanSuccess();
  }

  @Test
  void aComparatorOverValuesWithDerivatives() {
    new GradientAgreement(compiled, "p.Ranked", "topK").check(new double[] {0.3, -1.7, 2.2, 0.9, -0.4}, 3);
  }

  @Test
  void aPredicateOverValuesWithDerivatives() {
    new GradientAgreement(compiled, "p.Ranked", "scaledByPositives").check(new double[] {0.3, -1.7, 2.2, 0.9}, 0.5);
  }

  @Test
  void aLambdaThatMayKeepAValueIsStillAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kept", Compiled.classSource("p.Kept",
        List.of("import java.util.ArrayList;", "import java.util.stream.IntStream;"), List.of("""
        @Differentiable static double kept(double[] x) {
          ArrayList<Double> kept = new ArrayList<>();
          IntStream.range(0, x.length).forEach(i -> kept.add(x[i]));
          return x[0] * kept.size();
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is captured by a lambda").inFile(file)
        .onLineContaining("kept.add(x[i])");
  }
}
