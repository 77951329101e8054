package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code x instanceof T t} (Java 16): the name a pattern binds is read as the tested variable,
 * cast, so that the generated code may move the test (into a flag, a local) as it needs. Sealed
 * records chosen by type, a boxed number, a negated test that returns early, a test inside a loop
 * over a list's elements: each gradient agrees with the twin and finite differences.
 */
class PatternBindingsTest {
  private static final String SOURCE = Compiled.classSource("p.Shapes", List.of("import java.util.List;"), List.of("""
      public sealed interface Shape permits Circle, Square {}
      """, """
      public record Circle(double r) implements Shape {}
      """, """
      public record Square(double side) implements Shape {}
      """, """
      @Differentiable static double decay(double x, Shape shape) {
        double area;
        if (shape instanceof Circle c) {
          area = Math.PI * c.r() * c.r();
        } else if (shape instanceof Square s && s.side() > 0) {
          area = s.side() * s.side();
        } else {
          throw new IllegalArgumentException("no area for " + shape);
        }
        return area * Math.exp(-x * x);
      }
      """, """
      @Differentiable static double scaled(double x, Object[] factors) {
        Object factor = factors[0];
        if (factor instanceof Double d) {
          return d * x * x;
        }
        if (!(factor instanceof Number n)) {
          throw new IllegalArgumentException("not a number: " + factor);
        }
        return n.doubleValue() * Math.sin(x);
      }
      """, """
      @Differentiable static double counted(double x, List<?> items) {
        double s = 0;
        for (Object item : items) {
          if (item instanceof Integer i && i > 0) {
            s += i * x * x;
          }
        }
        return s;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Shapes", SOURCE).assertCleanSuccess();
  }

  private static Object shape(String record, double size) {
    try {
      return compiled.load("p.Shapes$" + record).getDeclaredConstructor(double.class).newInstance(size);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sealedRecordsChosenByType() {
    double x = 0.6;
    double[] circle = new GradientAgreement(compiled, "p.Shapes", "decay").check(x, shape("Circle", 1.5));
    assertEquals(Math.PI * 1.5 * 1.5 * -2 * x * Math.exp(-x * x), circle[0], 1e-12);
    double[] square = new GradientAgreement(compiled, "p.Shapes", "decay").check(x, shape("Square", 2.0));
    assertEquals(4 * -2 * x * Math.exp(-x * x), square[0], 1e-12);
  }

  @Test
  void aBoxedNumberAndANegatedTest() {
    GradientAgreement scaled = new GradientAgreement(compiled, "p.Shapes", "scaled");
    assertArrayEquals(new double[] {2 * 2.5 * 0.7}, scaled.check(0.7, new Object[] {2.5}), 1e-15);
    assertArrayEquals(new double[] {3 * Math.cos(0.7)}, scaled.check(0.7, new Object[] {3}), 1e-15);
  }

  @Test
  void aTestInALoop() {
    double[] grad = new GradientAgreement(compiled, "p.Shapes", "counted").check(0.4, List.of(2, "a", -1, 3));
    assertEquals(2 * 5 * 0.4, grad[0], 1e-12);
  }

  @Test
  void aPatternOverAnythingButAVariableThatKeepsItsValueIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.First", Compiled.classSource("p.First",
        List.of("import java.util.List;"), List.of("""
            @Differentiable static double first(double x, List<?> items) {
              if (items.get(0) instanceof Integer i) {
                return i * x;
              }
              return x;
            }
            """, """
            @Differentiable static double moved(double x, Object factor) {
              if (factor instanceof Integer i) {
                factor = "replaced";
                return i * x;
              }
              return x;
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("javagrad reads the name this pattern binds as factor, cast, but factor"
        + " is assigned again in the method").inFile(file).onLineContaining("factor instanceof Integer i");
    assertThat(compilation).hadErrorContaining("javagrad reads the name a pattern binds, here i, as the variable"
        + " tested, cast to a class or interface").inFile(file).onLineContaining("items.get(0) instanceof Integer i");
  }
}
