package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code (int)} and {@code (long)} of a double: an integer, so it carries no derivative (the
 * function is piecewise constant), and the twin truncates the value it reads. Data stored as
 * doubles, labels and bins, are read this way.
 */
class TruncatingCastTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class Casts {
        /** A label stored as a double picks the class whose loss counts. */
        @Differentiable static double labelled(double[] scores, @NoDerivative double[] labels) {
          double total = 0;
          for (int s = 0; s < labels.length; s++) {
            int label = (int) labels[s];
            total += scores[2 * s + label] * scores[2 * s + label];
          }
          return total;
        }

        /** A bin chosen from a varied value: the choice has no derivative, the value read does. */
        @Differentiable static double binned(double x, double[] table) {
          int bin = (int) (x * 2);
          long wide = (long) (x * 1000);
          return table[bin] * x + wide * 0.001;
        }
      }
      """;

  private final Compiled compiled = Compiled.compile("p.Casts", SOURCE);

  @Test
  void aLabelStoredAsADoubleIndexes() {
    new GradientAgreement(compiled, "p.Casts", "labelled").check(
        new double[] {0.5, -1.0, 2.0, 0.25, -0.5, 1.5}, new double[] {1, 0, 1});
  }

  @Test
  void aTruncatedVariedValueCarriesNoDerivative() {
    new GradientAgreement(compiled, "p.Casts", "binned").check(0.7004, new double[] {1.0, -2.0, 3.0});
    new GradientAgreement(compiled, "p.Casts", "binned").check(1.3004, new double[] {1.0, -2.0, 3.0});
  }

  @Test
  void otherConversionsAreRejectedAtTheCast() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Narrow", """
        package p;

        import io.javagrad.Differentiable;

        public class Narrow {
          @Differentiable static double f(double x) {
            return (float) x * 2;
          }
        }
        """);
    Compilation c = FailingCompilation.compile(file);
    assertThat(c).hadErrorContaining("x carries a derivative, but it is passed into (float)x * 2").inFile(file)
        .onLineContaining("(float) x");
    assertThat(c).hadErrorContaining("this is float arithmetic, which Java rounds to float at each step: keep x a"
        + " double there");
  }
}
