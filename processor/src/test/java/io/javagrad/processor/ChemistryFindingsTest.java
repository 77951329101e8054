package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Findings of the chemistry corpus (corpus/Chemistry.java), each reduced to the construct: the
 * fields of nested enums and records that the companion, a class of its own outside the user's
 * nest, cannot read, and the instance methods of a final class. The errors stay (they are
 * deliberate), but said things that were not so: that a static method's read of another object's
 * private field was a read of "the receiver of" the enum's methods, and that a subclass of a final
 * class might override its method. A generic annotated method (a tag of any type passed through)
 * was refused without a word of what to write instead. And a lazy log message, a supplier of text
 * capturing a value that carries a derivative ({@code log.fine(() -> "rate " + rate)}), was refused
 * as a derivative lost in a lambda, though text cannot carry one.
 */
class ChemistryFindingsTest {
  /** It was an error saying to make the field package-private; the companion now reads it through a handle. */
  @Test
  void privateFieldOfAnEnumReadByAStaticMethodIsReadThroughAHandle() {
    Compiled compiled = Compiled.compile("p.Kinetics", """
        package p;

        import io.javagrad.Differentiable;

        public class Kinetics {
          public enum Reaction {
            SHIFT(new int[] {-1, -1, 1, 1});

            private final int[] nu;

            Reaction(int[] nu) {
              this.nu = nu;
            }
          }

          @Differentiable static double lnK(Reaction reaction, double t) {
            double sum = 0;
            for (int i = 0; i < reaction.nu.length; i++) {
              sum -= reaction.nu[i] * t;
            }
            return sum;
          }
        }
        """).assertCleanSuccess();
    Object shift = compiled.load("p.Kinetics$Reaction").getEnumConstants()[0];
    double[] gradient = new GradientAgreement(compiled, "p.Kinetics", "lnK").check(shift, 1.5);
    assertEquals(0.0, gradient[0], 0.0); // -(-1 - 1 + 1 + 1)
  }

  /** It was an error at the first read of a private field; the companion now reads them through handles. */
  @Test
  void privateFieldsReadByAnEnumMethodGivenADerivativeAreReadThroughHandles() {
    Compiled compiled = Compiled.compile("p.Vapour", """
        package p;

        import io.javagrad.Differentiable;

        public class Vapour {
          public enum Species {
            WATER(5.40221, 1838.675, -31.737);

            private final double a;
            private final double b;
            private final double c;

            Species(double a, double b, double c) {
              this.a = a;
              this.b = b;
              this.c = c;
            }

            double saturationPressure(double t) {
              return 1e5 * Math.pow(10, a - b / (t + c));
            }
          }

          @Differentiable static double pressure(double t, Species s) {
            return s.saturationPressure(t);
          }
        }
        """).assertCleanSuccess();
    Object water = compiled.load("p.Vapour$Species").getEnumConstants()[0];
    new GradientAgreement(compiled, "p.Vapour", "pressure").check(373.15, water);
  }

  @Test
  void finalClassesMethodIsDifferentiated() {
    // Its error once said that a subclass might override the method; a final class's methods are followed now.
    Compiled compiled = Compiled.compile("p.Reduced", """
        package p;

        import io.javagrad.Differentiable;

        public class Reduced {
          static final class Component {
            final double tc;

            Component(double tc) {
              this.tc = tc;
            }

            double reducedTemperature(double t) {
              return t / tc;
            }
          }

          @Differentiable static double squared(double t, Component c) {
            double tr = c.reducedTemperature(t);
            return tr * tr;
          }
        }
        """).assertCleanSuccess();
    Object water;
    try {
      java.lang.reflect.Constructor<?> component = compiled.load("p.Reduced$Component").getDeclaredConstructor(
          double.class);
      component.setAccessible(true);
      water = component.newInstance(647.1);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    double[] gradient = new GradientAgreement(compiled, "p.Reduced", "squared").check(373.15, water);
    assertEquals(2 * 373.15 / (647.1 * 647.1), gradient[0], 1e-15);
  }

  /** A class that is not final: a subclass may override its method, and the error says so. */
  @Test
  void aClassThatIsNotFinalIsSaidToHaveSubclasses() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Open", """
        package p;

        import io.javagrad.Differentiable;

        public class Open {
          static class Component {
            final double tc = 647.1;

            double reducedTemperature(double t) {
              return t / tc;
            }
          }

          @Differentiable static double squared(double t, Component c) {
            double tr = c.reducedTemperature(t);
            return tr * tr;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("javagrad differentiates the instance methods of enums, records and"
        + " final classes that are not generic only, whose every body it sees and whose companion can name them, and"
        + " Component is not one (a subclass may override the method out of its sight): make Component final, or"
        + " make the method static").inFile(file).onLineContaining("double tr = c.reducedTemperature(t);");
  }

  @Test
  void genericMethodIsToldToDeclareItsParametersByTheirBounds() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Tagged", """
        package p;

        import io.javagrad.Differentiable;

        public class Tagged {
          @Differentiable static <T, U extends Comparable<U>> double rate(double k, T tag, U order) {
            return k * k;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("@Differentiable methods cannot be generic (<T, U>): the companion's"
        + " entry points and the dynamic twin would have to declare its type variables; declare each parameter of a"
        + " type variable by its bound (Object where it has none) instead").inFile(file)
        .onLineContaining("static <T, U extends Comparable<U>> double rate(");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void lazyLogMessageCapturingAValueWithADerivativeRunsAsWritten() {
    String source = Compiled.classSource("p.Traced", List.of("import java.util.Arrays;",
        "import java.util.logging.Logger;"), List.of("""
        private static final Logger LOG = Logger.getLogger("p.Traced");
        """, """
        @Differentiable static double rate(double k, double[] c) {
          double rate = k * c[0] * c[1];
          LOG.fine(() -> "rate " + rate + " from " + Arrays.toString(c));
          LOG.finer(() -> String.format("k = %.3f, |c| = %.3f", k, Math.hypot(c[0], c[1])));
          return rate * Math.exp(-c[1]);
        }
        """));
    Compiled compiled = Compiled.compile("p.Traced", source).assertCleanSuccess();
    Logger logger = Logger.getLogger("p.Traced");
    Level before = logger.getLevel();
    List<String> messages = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        messages.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      new GradientAgreement(compiled, "p.Traced", "rate").check(1.5, new double[] {0.7, 0.4});
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
    }
    String expected = "rate " + 1.5 * 0.7 * 0.4 + " from [0.7, 0.4]"; // each entry point logs it as written
    assertTrue(messages.contains(expected), () -> "messages: " + messages);
  }

  @Test
  void supplierThatKeepsTheValueIsStillRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kept", Compiled.classSource("p.Kept",
        List.of("import java.util.ArrayList;", "import java.util.List;", "import java.util.logging.Logger;"),
        List.of("""
            private static final Logger LOG = Logger.getLogger("p.Kept");
            """, """
            @Differentiable static double rate(double k, double c) {
              double rate = k * c;
              List<Double> kept = new ArrayList<>();
              LOG.fine(() -> "rate " + kept.add(rate));
              return kept.isEmpty() ? rate : kept.get(0);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("rate carries a derivative, but it is captured by a lambda or class in")
        .inFile(file).onLineContaining("LOG.fine(() -> \"rate \" + kept.add(rate));");
  }

  private static void assertNoErrorMentions(Compilation compilation, String word) {
    compilation.errors().forEach(error -> assertFalse(error.getMessage(Locale.ROOT).contains(word),
        () -> "the error speaks of a " + word + ": " + error.getMessage(Locale.ROOT)));
  }
}
