package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A value with a derivative may go into code run as written (a library call javagrad does not
 * differentiate, such as {@code Math.ulp}) where the code's value only decides: a convergence test,
 * a tolerance kept in a local that only a condition reads, a loop bound. No derivative flows
 * through a decision, so none is lost. Where the code's value reaches the result, it is an error,
 * as before, and so is code that keeps the value in an object (a record it makes, a list it fills)
 * whose state reaches the result: the derivative would be lost there, silently.
 */
class DecidingValuesTest {
  private static final String SOURCE = Compiled.classSource("p.Iterations", List.of(), List.of("""
      /** Newton's iteration for the square root, until a step is within a few ulps. */
      @Differentiable static double newtonSqrt(double x) {
        double y = x > 1 ? x : 1;
        for (int i = 0; i < 60; i++) {
          double next = 0.5 * (y + x / y);
          if (Math.abs(next - y) <= 4 * Math.ulp(y)) {
            return next;
          }
          y = next;
        }
        return y;
      }
      """, """
      /** A tolerance in a local that only conditions read, and a loop bound from a library call. */
      @Differentiable static double series(double x) {
        double tolerance = 16 * Math.ulp(x) + Math.scalb(1.0, -40);
        int terms = Math.max(4, Math.getExponent(x) + 8);
        double term = 1;
        double sum = 1;
        for (int k = 1; k < terms * 10; k++) {
          term *= x / k;
          sum += term;
          if (Math.abs(term) < tolerance) {
            break;
          }
        }
        return sum;
      }
      """, """
      /** In a condition of ?:, and in a boolean local. */
      @Differentiable static double chooses(double x, double y) {
        boolean close = Math.abs(x - y) < Math.ulp(x) * 1e6;
        return close ? x * y : Math.IEEEremainder(7.0, 3.0) > 0 ? x : x * x + Math.nextUp(1.0) * y;
      }
      """));

  @Test
  void convergenceTestOnALibraryCall() {
    Compiled compiled = Compiled.compile("p.Iterations", SOURCE).assertCleanSuccess();
    for (double x : new double[] {0.25, 2.0, 9.0, 1e6}) {
      double[] grad = new GradientAgreement(compiled, "p.Iterations", "newtonSqrt").check(x);
      assertEquals(0.5 / Math.sqrt(x), grad[0], 1e-9 / Math.sqrt(x));
    }
  }

  @Test
  void toleranceInALocalAndALoopBound() {
    Compiled compiled = Compiled.compile("p.Iterations", SOURCE).assertCleanSuccess();
    for (double x : new double[] {0.5, 1.5, 3.0}) {
      double[] grad = new GradientAgreement(compiled, "p.Iterations", "series").check(x);
      assertEquals(Math.exp(x), grad[0], 1e-9 * Math.exp(x));
    }
  }

  @Test
  void conditionsOfConditionalsAndBooleanLocals() {
    Compiled compiled = Compiled.compile("p.Iterations", SOURCE).assertCleanSuccess();
    // Away from x == y, where the branch changes within a finite difference's step.
    new GradientAgreement(compiled, "p.Iterations", "chooses").check(0.7, -1.3);
    new GradientAgreement(compiled, "p.Iterations", "chooses").check(2.0, 0.5);
  }

  @Test
  void aValueThatReachesTheResultIsStillAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Lost", Compiled.classSource("p.Lost",
        List.of("import java.util.ArrayList;", "import java.util.List;"), List.of("""
            record Point(double x, double y) {
              double norm() {
                return Math.hypot(x, y);
              }
            }
            """, """
            /** A record that code run as written keeps as an object holds the values: its accessors give them back. */
            @Differentiable static double inARecord(double a, double b) {
              Point p = new Point(a, b);
              return java.util.Objects.hashCode(p) == 0 ? 0 : p.norm() + p.x();
            }
            """, """
            /** A list that a library call fills. */
            @Differentiable static double inAListThroughACall(double a) {
              List<Double> kept = new ArrayList<>();
              java.util.Collections.addAll(kept, a);
              return 3 * kept.get(0);
            }
            """, """
            /** A list that code run as written fills: what it gives back is the value. */
            @Differentiable static double inAList(double a) {
              List<Double> kept = new ArrayList<>();
              kept.add(a * a);
              return kept.get(0);
            }
            """, """
            @Differentiable static double direct(double x) {
              return x + Math.ulp(x);
            }
            """, """
            @Differentiable static double throughALocal(double x) {
              double spacing = Math.ulp(x);
              double unused = Math.ulp(2 * x);
              if (unused > 1) {
                return 0;
              }
              return x * spacing;
            }
            """, """
            @Differentiable static double throughMoreCodeRunAsWritten(double x) {
              double step = Math.ulp(x);
              return x + Math.scalb(step, 3) + Math.getExponent(step);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(8, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("a carries a derivative, but it is passed into"
        + " java.util.Collections.addAll(kept, a);").inFile(file).onLineContaining("Collections.addAll(kept, a);");
    assertThat(compilation).hadErrorContaining("b carries a derivative, but it is passed into new Point(a, b)")
        .inFile(file).onLineContaining("Point p = new Point(a, b);");
    assertThat(compilation).hadErrorContaining("a carries a derivative, but it is passed into kept.add(a * a);")
        .inFile(file).onLineContaining("kept.add(a * a);");
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into Math.ulp(x), which"
        + " javagrad runs as written").inFile(file).onLineContaining("return x + Math.ulp(x);");
    assertThat(compilation).hadErrorContaining("passed into Math.ulp(x)").inFile(file)
        .onLineContaining("double spacing = Math.ulp(x);");
    assertThat(compilation).hadErrorContaining("passed into Math.ulp(x)").inFile(file)
        .onLineContaining("double step = Math.ulp(x);");
  }
}
