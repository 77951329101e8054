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
 * Regressions found by the science and engineering corpora (corpus/Physics.java,
 * corpus/Engineering.java), each reduced to the construct that failed.
 */
class ScienceFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Science {
        /** var given an array parameter's clone(): javagrad could not tell its type (JLS 10.7 says the array's). */
        @Differentiable static double varClone(double[] position, double dt) {
          var r = position.clone();
          for (int k = 0; k < r.length; k++) {
            r[k] += dt * r[k] * r[k];
          }
          return r[0] * r[1];
        }

        /**
         * An int[] declared by a bare initializer in a loop that records for the reverse sweep: the
         * companion declared it ahead and then wrote "dofs = {e, e + 1};", which does not compile.
         */
        @Differentiable static double bareInitializer(double[] stiffness) {
          double[][] k = new double[stiffness.length + 1][stiffness.length + 1];
          for (int e = 0; e < stiffness.length; e++) {
            int[] dofs = {e, e + 1};
            double[][] local = {{stiffness[e], -stiffness[e]}, {-stiffness[e], stiffness[e]}};
            for (int a = 0; a < 2; a++) {
              for (int b = 0; b < 2; b++) {
                k[dofs[a]][dofs[b]] += local[a][b] * local[a][b];
              }
            }
          }
          return k[0][0] * k[1][1] + k[1][2];
        }

        /**
         * A float local given a float literal, then promoted in arithmetic as the README says float
         * values are: it was refused with "write 0.5 as a double literal", which cannot be given to a float.
         */
        @Differentiable static double floatLocal(String digits, double x) {
          double acc = 0;
          float scale = 0.5f;
          var half = 0.25f;
          for (int i = 0; i < digits.length(); i++) {
            acc = acc * x + (digits.charAt(i) - '0') * scale + half;
          }
          return acc;
        }

        /** The remedy the shallow-copy error gives: the rows copied too. */
        @Differentiable static double rowsCopied(double[][] a, double s) {
          double[][] m = new double[a.length][];
          for (int i = 0; i < a.length; i++) {
            m[i] = a[i].clone();
          }
          m[0][0] = s * m[0][0];
          return a[0][0] * m[0][0] + m[1][1];
        }
      }
      """;

  private static Compiled science;

  @BeforeAll
  static void compile() {
    science = Compiled.compile("p.Science", SOURCE);
  }

  @Test
  void compilesCleanly() {
    science.assertCleanSuccess();
  }

  @Test
  void varHoldsAnArraysClone() {
    new GradientAgreement(science, "p.Science", "varClone").check(new double[] {0.7, -1.3}, 0.2);
  }

  @Test
  void floatLocalGivenAFloatLiteral() {
    new GradientAgreement(science, "p.Science", "floatLocal").check("3141", 0.7);
  }

  @Test
  void bareArrayInitializerOfALocalDeclaredAhead() {
    new GradientAgreement(science, "p.Science", "bareInitializer").check((Object) new double[] {2.0, 3.5});
  }

  /**
   * A row given to a double[][] while a row alias of it is in scope and read afterwards stays
   * refused, at the row store; the message names the alias and the ways to write it (its only
   * advice was to give the matrix its rows first). Time levels built in a loop, where the alias is
   * not read after the store, are accepted (RowsGivenBesideAliasesTest).
   */
  @Test
  void rowGivenBesideARowAliasNamesTheAliasAndTheRemedies() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Levels", """
        package p;

        import io.javagrad.Differentiable;

        public class Levels {
          @Differentiable static double levels(double[] x, int steps) {
            double[][] u = new double[steps + 1][];
            u[0] = x.clone();
            for (int t = 0; t < steps; t++) {
              double[] old = u[t];
              double[] next = new double[x.length];
              for (int i = 0; i < next.length; i++) {
                next[i] = old[i] * old[i];
              }
              u[t + 1] = next;
              next[0] += old[0];
            }
            return u[steps][0];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertEquals(15, error.getLineNumber(), FailingCompilation.describe(compilation));
    String message = error.getMessage(Locale.ROOT);
    assertTrue(message.startsWith("old, a row alias of u, may be read after this new row is given")
        && message.contains("read u[i][j] where old is read after it") && message.contains("declare old after it")
        && message.contains("new double[n][k]"), message);
  }

  @Test
  void rowsCopiedAsTheShallowCopyErrorSays() {
    new GradientAgreement(science, "p.Science", "rowsCopied").check(new double[][] {{1.5, 0.2}, {-0.4, 2.0}}, 0.7);
  }

  /**
   * A double[][]'s clone() or Arrays.copyOf shares the rows: refused at the copy, saying so and how to
   * copy the rows (it said the derivative of a would be lost in a call run as written, to be annotated
   * @Differentiable or given @DerivativeOf, which a JDK array method cannot be).
   */
  @Test
  void shallowCopyOfAMatrixSaysWhatItSharesAndHowToCopy() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Shallow", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Shallow {
          @Differentiable static double cloned(double[][] a, double s) {
            var m = a.clone();
            return m[0][0] * s;
          }

          @Differentiable static double copied(double[][] a, double s) {
            double[][] m = Arrays.copyOf(a, a.length);
            return m[0][0] * s;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      assertTrue(message.contains("copies only the outer array of a: its rows are still a's own")
          && message.contains("each row given a[i].clone()"), message);
    }
    assertEquals(8, compilation.errors().get(0).getLineNumber());
    assertEquals(13, compilation.errors().get(1).getLineNumber());
  }

  /** A constant double[][] written through a local: the advice copies the rows (it said double[] a = t.clone()). */
  @Test
  void foreignMatrixWrittenIntoIsToldToCopyTheRows() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Table", """
        package p;

        import io.javagrad.Differentiable;

        public class Table {
          private static final double[][] TABLE = {{1, 2}, {3, 4}};

          @Differentiable static double writesTable(double x) {
            double[][] t = TABLE;
            t[0][0] = x;
            return t[0][0] * t[1][1];
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    String message = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("(double[][] a = new double[t.length][], then each row given t[i].clone())"), message);
  }

  /**
   * A record made from values with derivatives whose own method (not an accessor) gives the result:
   * the record's fields carry no derivative, so the gradient was silently 0; now an error at the
   * values given to the record, as for its accessors.
   */
  @Test
  void recordMadeOfDerivativesReadByItsMethodIsFollowedByItsComponents() {
    Compiled compiled = Compiled.compile("p.Norms", """
        package p;

        import io.javagrad.Differentiable;

        public class Norms {
          record Vec(double x, double y) {
            double norm() {
              return Math.hypot(x, y);
            }
          }

          @Differentiable static double held(double x, double y) {
            Vec v = new Vec(x, y);
            return v.norm();
          }

          @Differentiable static double made(double x, double y) {
            return new Vec(x, y).norm() * 2;
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Norms", "held").check(0.6, -0.8);
    new GradientAgreement(compiled, "p.Norms", "made").check(0.6, -0.8);
  }
}
