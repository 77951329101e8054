package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic on {@code char}, {@code short}, {@code byte} and {@code float} values, which carry no
 * derivative, as parsing and storage code writes it: {@code c - '0'}, {@code (char) (c + 1)}, a
 * {@code short} or a {@code float} times a differentiated double, an index {@code x[first - 'a']},
 * and an {@code Integer} index from a sorted {@code Integer[]} ({@code x[order[i]]}). Java
 * promotes the narrow integers to {@code int}, unboxes an {@code Integer}, and widens a {@code
 * float} exactly where it meets a double; float arithmetic alone is rounded to float at each step,
 * so it runs as written. A float literal is such a value (it was refused once, with the advice to
 * write a double literal, which changes 0.1f's value). A float {@code ?:} whose condition compares
 * a value with a derivative only decides with it, as a branch does (it was refused once, as if the
 * derivative flowed into the float). A {@code float} cast of a value with a derivative is refused.
 */
class NarrowPrimitivesTest {
  private static final String SOURCE = Compiled.classSource("p.Narrow", List.of("import io.javagrad.NoDerivative;",
      "import java.util.Arrays;"), List.of("""
      @Differentiable static double digitScaled(double x, char c) {
        int code = c + 1;
        return Character.isDigit(c) ? x * (c - '0') + code : x;
      }
      """, """
      @Differentiable static double nextLetter(double x, char c) {
        char next = (char) (c + 1);
        return next == 'b' ? x * x : 2 * x;
      }
      """, """
      @Differentiable static double mixed(double x, short s, byte b, float f) {
        return x * s + b * x + f * x + s / 4;
      }
      """, """
      @Differentiable static double floatLiterals(double x) {
        float half = 0.5f;
        var tenth = 0.1f;
        return x * 2.5f + half * x * x + tenth * x - 1e-3f;
      }
      """, """
      @Differentiable static double topByScore(double[] x, @NoDerivative double[] scores, int k, char first) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double s = x[first - 'a'] * x[first - 'a'];
        for (int i = 0; i < k; i++) {
          s += x[order[i]] * (i + 1);
        }
        return s;
      }
      """, """
      @Differentiable static double floatBounds(double c, float lo, float hi) {
        return (c > 1 ? lo : hi) * c + (Math.abs(c - 2) < 0.5 && c != 3 ? lo * hi : 0f);
      }
      """, """
      @Differentiable static double floats(double x, float f) {
        float g = f * 0.1f + 1;
        double h = (double) g;
        return h * x + g / 3;
      }
      """));

  @Test
  void narrowIntegersAndFloatsTakePartInDoubleArithmeticAsJavaPromotesThem() {
    Compiled compiled = Compiled.compile("p.Narrow", SOURCE).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Narrow", "digitScaled").check(1.7, '7');
    new GradientAgreement(compiled, "p.Narrow", "digitScaled").check(1.7, 'x');
    new GradientAgreement(compiled, "p.Narrow", "nextLetter").check(1.7, 'a');
    new GradientAgreement(compiled, "p.Narrow", "nextLetter").check(1.7, 'q');
    new GradientAgreement(compiled, "p.Narrow", "mixed").check(1.7, (short) 9, (byte) -3, 0.3f);
    new GradientAgreement(compiled, "p.Narrow", "floats").check(1.7, 0.3f);
    new GradientAgreement(compiled, "p.Narrow", "floatBounds").check(0.5, 1.5f, 2.5f);
    new GradientAgreement(compiled, "p.Narrow", "floatBounds").check(2.25, 1.5f, 2.5f);
    new GradientAgreement(compiled, "p.Narrow", "floatLiterals").check(1.7);
    new GradientAgreement(compiled, "p.Narrow", "floatLiterals").check(0.3);
    new GradientAgreement(compiled, "p.Narrow", "topByScore").check(new double[] {0.5, -1.5, 2.0, 0.25},
        new double[] {3.0, 1.0, 4.0, 2.0}, 3, 'b');
  }

  @Test
  void aFloatCastOfAValueWithADerivativeIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Rounded", Compiled.classSource("p.Rounded", List.of(),
        List.of("""
        @Differentiable static double rounded(double x) {
          return x * (float) x;
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("x carries a derivative").inFile(file)
        .onLineContaining("return x * (float) x;");
    assertThat(compilation).hadErrorContaining("keep x a double there");
  }

  @Test
  void aFloatChoiceThatKeepsAValueWithADerivativeIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kept", Compiled.classSource("p.Kept",
        List.of("import java.util.List;"), List.of("""
        @Differentiable static double kept(double x, float lo, List<Double> seen) {
          return x * (seen.add(x) ? lo : 1f);
        }
        """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("x carries a derivative").inFile(file)
        .onLineContaining("seen.add(x)");
  }
}
