package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the language-corners corpus (corpus/LanguageCorners.java), each reduced to
 * the construct that failed.
 */
class LanguageCornersFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      // The compound assignments into narrower types below are the point; JDK 20's javac warns of them.
      @SuppressWarnings("lossy-conversions")
      public class Corners {
        private static final double[] WEIGHTS = {0.5, 0.25, 0.125};
        static final double[] CUMULATIVE = new double[3];

        static {
          double s = 0;
          for (int i = 0; i < WEIGHTS.length; i++) {
            s += WEIGHTS[i];
            CUMULATIVE[i] = s;
          }
        }

        /**
         * Compound assignments and increments store through Java's implicit cast: on a char, short,
         * byte or float the companion wrote c = c + 1, which does not compile; an int given a double
         * (k += 0.75 * n) or a long was refused.
         */
        @Differentiable static double narrowCompounds(double[] x, int n) {
          double s = 0;
          byte b = 0;
          short step = 1;
          char c = 'a';
          float f = 0.25f;
          int k = 0;
          long big = 1;
          for (int i = 0; i < x.length; i++) {
            b += 3;
            step *= 2;
            c += 1;
            f *= 1.5f;
            f += 0.5;
            k += 0.75 * n;
            k -= big;
            big += big;
            b--;
            --c;
            s += x[i] * (b + step + (c - 'a') + f + k);
          }
          return s;
        }

        /** A value with a derivative stored into an int or a short by a compound assignment: a step, derivative 0. */
        @Differentiable static double truncatedByCompound(double x) {
          int k = 0;
          k += x;
          short t = 3;
          t *= x;
          return x * k + t * x;
        }

        /** The shifts, masks and remainders of compound assignments: "the operator of big <<= 1 is not supported". */
        @Differentiable static double shiftsAndMasks(double[] x) {
          long mask = 0;
          int h = 17;
          boolean ok = true;
          boolean any = false;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            mask |= 1L << i;
            h ^= i;
            h <<= 2;
            h >>>= 1;
            h >>= 1;
            h &= 0xffff;
            h %= 97;
            ok &= x[i] > -10;
            any |= x[i] > 1;
            ok ^= false;
            double r = x[i];
            r %= 1.5;
            s += r * r + (ok ? x[i] : 0) + (any ? 1 : 0) * x[i] + h * x[i] + (mask & 3) * x[i];
            s %= 1000.0;
          }
          return s;
        }

        /** A char decremented in a loop's condition: refused as a write inside code run as written. */
        @Differentiable static double charCountdown(double x) {
          double s = 0;
          char d = 'z';
          while (d-- > 'w') {
            s += x * d;
          }
          return s;
        }

        /**
         * Char and short locals the reverse sweep restores from the tape: pushed as the ints Java
         * widens them to, they were popped as references, and the companion threw at run time.
         */
        @Differentiable static double narrowOnTheTape(double[] x) {
          double s = 0;
          for (char c = 'a'; c <= 'e'; c = (char) (c + 1)) {
            s += x[(c - 'a') % x.length] * (c - 'a' + 1);
          }
          for (short j = 0; j < x.length; j++) {
            s += x[j] * x[j] / (j + 1);
          }
          return s;
        }

        /** A private table only read by a static block is copied as before; the table the block fills is read. */
        @Differentiable static double cumulativeWeights(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length && i < CUMULATIVE.length; i++) {
            s += CUMULATIVE[i] * x[i] * x[i] + WEIGHTS[i] * x[i];
          }
          return s;
        }
      }
      """;

  private static Compiled corners;

  @BeforeAll
  static void compile() {
    corners = Compiled.compile("p.Corners", SOURCE);
  }

  @Test
  void compilesCleanly() {
    corners.assertCleanSuccess();
  }

  @Test
  void compoundAssignmentsCastBackToNarrowTypes() {
    new GradientAgreement(corners, "p.Corners", "narrowCompounds").check(new double[] {0.5, -1.2, 2.0, 0.3}, 3);
  }

  @Test
  void compoundAssignmentIntoAnIntegerIsAStep() {
    new GradientAgreement(corners, "p.Corners", "truncatedByCompound").check(2.7);
    new GradientAgreement(corners, "p.Corners", "truncatedByCompound").check(-1.3);
  }

  @Test
  void shiftMaskAndRemainderCompoundAssignments() {
    new GradientAgreement(corners, "p.Corners", "shiftsAndMasks").check((Object) new double[] {0.4, 2.2, -0.7, 1.1});
  }

  @Test
  void charDecrementedInALoopCondition() {
    new GradientAgreement(corners, "p.Corners", "charCountdown").check(0.7);
  }

  @Test
  void narrowLocalsComeBackFromTheTape() {
    new GradientAgreement(corners, "p.Corners", "narrowOnTheTape").check((Object) new double[] {0.5, -1.0, 2.0});
  }

  @Test
  void tableFilledByAStaticBlockIsReadWhereItIsVisible() {
    new GradientAgreement(corners, "p.Corners", "cumulativeWeights").check((Object) new double[] {0.5, -1.0, 2.0});
  }

  /** A float keeps no derivative: the message says to declare it a double (it suggested dropping a @NoDerivative). */
  @Test
  void floatGivenADerivativeByACompoundAssignmentIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Rounded", """
        package p;

        import io.javagrad.Differentiable;

        public class Rounded {
          @Differentiable static double rounded(double x) {
            float f = 1;
            f += x;
            return f * 2.0;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertEquals(8, error.getLineNumber());
    String message = error.getMessage(Locale.ROOT);
    assertTrue(message.contains("assigned to f, a float") && message.endsWith("declare f a double, which carries the derivative"), message);
  }

  /**
   * A private table filled by a static block was copied with its initializer alone, new double[11],
   * and the companion divided by its zeros: a wrong value. It was then an error at the use; now the
   * companion reads the table itself, through a handle made in the class's module.
   */
  @Test
  void privateTableFilledByAStaticBlockIsReadThroughAHandle() {
    Compiled compiled = Compiled.compile("p.Series", """
        package p;

        import io.javagrad.Differentiable;

        public class Series {
          private static final double[] FACTORIALS = new double[11];

          static {
            FACTORIALS[0] = 1;
            for (int i = 1; i < FACTORIALS.length; i++) {
              FACTORIALS[i] = FACTORIALS[i - 1] * i;
            }
          }

          @Differentiable static double expSeries(double x) {
            double s = 0;
            double power = 1;
            for (int n = 0; n < FACTORIALS.length; n++) {
              s += power / FACTORIALS[n];
              power *= x;
            }
            return s;
          }
        }
        """).assertCleanSuccess();
    double[] gradient = new GradientAgreement(compiled, "p.Series", "expSeries").check(0.7);
    // The series to x^10 / 10!, whose derivative is the series to x^9 / 9!.
    double expected = 0;
    double term = 1;
    for (int n = 0; n <= 9; n++) {
      expected += term;
      term *= 0.7 / (n + 1);
    }
    assertEquals(expected, gradient[0], 1e-15);
    assertTrue(compiled.generatedSource("p.SeriesGrad").contains("staticFieldHandle(\"p.Series\", \"FACTORIALS\""),
        compiled.generatedSource("p.SeriesGrad"));
  }

  /**
   * A labelled block, left by a break from a loop inside it or by a return: it was refused (see
   * LabelledBlocksTest for the forms it takes).
   */
  @Test
  void labelledBlockWithAReturnInsideIsDifferentiated() {
    Compiled search = Compiled.compile("p.Search", """
        package p;

        import io.javagrad.Differentiable;

        public class Search {
          @Differentiable static double firstAbove(double[] x, double target) {
            int found = 0;
            search: {
              for (int i = 0; i < x.length; i++) {
                if (x[i] > target) {
                  found = i;
                  break search;
                }
              }
              return 0;
            }
            return x[found] * target;
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(search, "p.Search", "firstAbove").check(new double[] {0.5, 2.5, 3.0}, 1.5);
    new GradientAgreement(search, "p.Search", "firstAbove").check(new double[] {0.5, 0.7}, 1.5);
  }

  /**
   * A function object of the user's own interface, given by a factory: the message said to declare
   * apply in an enum or a record; it now says, as for a JDK function object, what javagrad follows.
   */
  @Test
  void functionObjectOfYourOwnInterfaceIsToldWhatJavagradFollows() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kernels", """
        package p;

        import io.javagrad.Differentiable;

        public class Kernels {
          interface Kernel {
            double apply(double u);

            static Kernel gaussian() {
              return u -> Math.exp(-u * u / 2);
            }
          }

          @Differentiable static double density(double x) {
            Kernel k = Kernel.gaussian();
            return k.apply(x);
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    String message = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("k is a Kernel object that javagrad cannot see into")
        && !message.contains("declare it in the enum or the record itself"), message);
  }
}
