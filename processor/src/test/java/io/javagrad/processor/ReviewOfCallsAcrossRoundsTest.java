package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review of calls from a {@code @Differentiable} method of a later round (written by another
 * processor) into methods differentiated in an earlier round: vector-valued callees, callees and
 * helpers writing arrays, overloads, and callees whose own differentiation failed.
 */
class ReviewOfCallsAcrossRoundsTest {
  private static final String MODEL = """
      package p;

      import io.javagrad.Differentiable;

      public class Model {
        @Differentiable public static double energy(double x, double y) {
          return Math.exp(x) * y + square(y);
        }

        @Differentiable public static double energy(double x) {
          return energy(x, x * 0.5);
        }

        @Differentiable public static double[] pair(double x, double y) {
          return new double[] {x * y, Math.sin(x) + y};
        }

        @Differentiable public static double total(double[] v, double[][] m) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * m[i][0] * m[i][0];
          }
          return s;
        }

        static double square(double v) {
          return v * v;
        }

        static double viaAnnotated(double x) {
          return energy(x) * pair(x, 2.0)[1];
        }

        static void scale(double[] out, double x) {
          for (int i = 0; i < out.length; i++) {
            out[i] = out[i] * x;
          }
        }
      }
      """;

  private static final String GENERATED = """
      package p;

      import io.javagrad.Differentiable;

      public class Generated {
        @Differentiable public static double overloads(double x, double y) {
          return Model.energy(x, y) * Model.energy(y);
        }

        @Differentiable public static double ofAPair(double x, double y) {
          double[] p = Model.pair(x, y);
          return p[0] * p[1];
        }

        @Differentiable public static double ofArrays(double[] v, double w) {
          double[][] m = new double[v.length][1];
          for (int i = 0; i < v.length; i++) {
            m[i][0] = v[i] * w;
          }
          return Model.total(v, m);
        }

        @Differentiable public static double throughAHelperCallingAnnotated(double x) {
          return Model.viaAnnotated(x) + x;
        }

        @Differentiable public static double throughAWritingHelper(double x, double y) {
          double[] out = {x, y, x * y};
          Model.scale(out, Math.cos(y));
          return out[0] + out[1] * out[2];
        }
      }
      """;

  @Test
  void vectorValuedAndArrayCalleesAndHelpersOfAnEarlierRound() {
    Compiled compiled = Compiled.compileWith(List.of(new WritesOneSource("p.Generated", GENERATED)), List.of(),
        "p.Model", MODEL).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Generated", "overloads").check(0.3, 1.7);
    new GradientAgreement(compiled, "p.Generated", "ofAPair").check(0.3, 1.7);
    new GradientAgreement(compiled, "p.Generated", "ofArrays").check(new double[] {0.3, -1.2, 0.8}, 1.7);
    new GradientAgreement(compiled, "p.Generated", "throughAWritingHelper").check(0.3, 1.7);
    new GradientAgreement(compiled, "p.Generated", "throughAHelperCallingAnnotated").check(0.3);
  }

  private static final String WRITER = """
      package p;

      import io.javagrad.Differentiable;

      public class Writer {
        @Differentiable public static double fill(double[] out, double x) {
          out[0] = x * x;
          return out[0] + x;
        }
      }
      """;

  private static final String CALLS_WRITER = """
      package p;

      import io.javagrad.Differentiable;

      public class CallsWriter {
        @Differentiable public static double caller(double x) {
          double[] out = new double[1];
          double v = Writer.fill(out, x);
          return v * out[0];
        }
      }
      """;

  /** A callee of an earlier round writing its argument's array: the array's derivative reaches the caller. */
  @Test
  void aCalleeOfAnEarlierRoundWritingAnArray() {
    Compiled compiled = Compiled.compileWith(List.of(new WritesOneSource("p.CallsWriter", CALLS_WRITER)),
        List.of(), "p.Writer", WRITER).assertCleanSuccess();
    new GradientAgreement(compiled, "p.CallsWriter", "caller").check(0.7);
    new GradientAgreement(compiled, "p.CallsWriter", "caller").check(-1.3);
  }

  private static final String BROKEN = """
      package p;

      import io.javagrad.Differentiable;

      public class Broken {
        @Differentiable public static double good(double x) {
          return x * x;
        }

        @Differentiable public static double bad(double x) {
          return new java.util.Random().nextDouble() * x + Unknown.f(x);
        }

        @Differentiable public static double good(double x, double y) {
          return x * y;
        }

        @Differentiable public static double bad(double x, double y) {
          Object o = new Object();
          synchronized (o) {
            x = x * y;
          }
          return x;
        }
      }
      """;

  private static final String CALLS_BROKEN = """
      package p;

      import io.javagrad.Differentiable;

      public class CallsBroken {
        @Differentiable public static double caller(double x) {
          return Broken.bad(x, 2.0) + Broken.good(x);
        }

        @Differentiable public static double alsoBad(double x) {
          Object o = new Object();
          synchronized (o) {
            x = x * x;
          }
          return x;
        }
      }
      """;

  /** The callee's errors, and no crash, no call into a missing companion. */
  @Test
  void aCalleeOfAnEarlierRoundThatFailed() {
    Compilation compilation = FailingCompilation.compileWith(List.of(new WritesOneSource("p.CallsBroken",
        CALLS_BROKEN)), JavaFileObjects.forSourceString("p.Broken", BROKEN));
    // The callee's own errors; javac runs no later round after them, so the caller is never met.
    List<Long> lines = compilation.errors().stream().map(e -> e.getLineNumber()).distinct().sorted().toList();
    assertArrayEquals(new Object[] {11L, 21L}, lines.toArray(), FailingCompilation.describe(compilation));
  }
}
