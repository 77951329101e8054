package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.Gradient;
import io.javagrad.Value;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code @NoDerivative} saves, read off the generated source: no adjoint ({@code _d_<name>})
 * for a constant parameter or for a local computed from constants only, no tape record of such a
 * value, no pullback for a call whose differentiated arguments are all constant; and the entry
 * points' signatures, read reflectively: the twin takes constant parameters as plain {@code double}
 * / {@code double[]}. Each structural check stands next to a numerical one ({@link GradientAgreement}).
 */
class NoDerivativeGeneratedCodeTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.Functions;
      import io.javagrad.NoDerivative;

      public class Shapes {
        @Differentiable static double logistic(double[] w, @NoDerivative double[] x, @NoDerivative double[] y,
            int n, int d) {
          double loss = 0;
          for (int i = 0; i < n; i++) {
            double z = w[d];
            for (int j = 0; j < d; j++) {
              z += w[j] * x[i * d + j];
            }
            double p = Functions.sigmoid(z);
            loss -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
          }
          return loss / n;
        }

        /** Logistic regression that first copies each observation into locals: they depend on data only. */
        @Differentiable static double logisticWithDataLocals(double w0, double w1, @NoDerivative double[] x,
            @NoDerivative double[] y) {
          double loss = 0;
          for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double sign = y[i] * 2 - 1;
            loss += Math.log(1 + Math.exp(-sign * (w0 * xi + w1)));
          }
          return loss / x.length;
        }

        /** The branch decision depends on constant data only. */
        @Differentiable static double branchOnData(double w, @NoDerivative double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              s += w * x[i];
            } else {
              s -= w * w;
            }
          }
          return s;
        }

        @Differentiable static double scalarConstant(double x, @NoDerivative double k) {
          double kk = k * k + Math.exp(k);
          return kk * Math.sin(x) + x * x / k;
        }

        @Differentiable static double constantLocals(double[] w, @NoDerivative double[] x) {
          double[] z = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            z[i] = x[i] * x[i] - 1;
          }
          double mean = 0;
          for (int i = 0; i < x.length; i++) {
            mean += x[i] / x.length;
          }
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += Math.exp(w[i] * (z[i] - mean));
          }
          return s;
        }

        @Differentiable static double bump(double a, double c) {
          return Math.exp(-(a - c) * (a - c));
        }

        @Differentiable static double callsWithConstantArgument(double a, @NoDerivative double[] t) {
          double s = bump(a, 2.0);
          for (int i = 0; i < t.length; i++) {
            s += bump(a, t[i]) * bump(t[i], 1.5);
          }
          return s;
        }

        @Differentiable static double spread(double[] v, double s) {
          double t = 0;
          for (int i = 0; i < v.length; i++) {
            t += (v[i] - s) * (v[i] - s);
          }
          return t;
        }

        @Differentiable static double constantIntoActive(double s, @NoDerivative double[] x, @NoDerivative double c) {
          return spread(x, s) + spread(x, c) * s + bump(c, s);
        }

        @Differentiable static double dotRow(double[] w, @NoDerivative double[] x, int row) {
          int d = w.length - 1;
          double s = w[d];
          for (int j = 0; j < d; j++) {
            s += w[j] * x[row * d + j];
          }
          return s;
        }

        @Differentiable static double scaled(double v, @NoDerivative double c) {
          return v * c + c * c;
        }

        @Differentiable static double constantIntoConstant(double[] w, @NoDerivative double[] x,
            @NoDerivative double[] y) {
          double loss = 0;
          for (int i = 0; i < y.length; i++) {
            double r = dotRow(w, x, i) - y[i];
            loss += scaled(r * r, y[i]);
          }
          return loss;
        }

        @Differentiable static double interleaved(@NoDerivative double[] x, double a, @NoDerivative double c,
            double[] w, @NoDerivative double k, double b, int n) {
          double s = b * c;
          for (int i = 0; i < n; i++) {
            s += w[i] * x[i] * a + k * w[i] * w[i];
          }
          return s;
        }
      }
      """;

  private static final double[] W = {0.3, -0.2, 0.1};
  private static final double[] X = {1.0, 2.0, -1.0, 0.5, 0.25, -0.75};
  private static final double[] Y = {1.0, 0.0, 1.0};

  private static Compiled compiled;
  private static String companion;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Shapes", SOURCE).assertCleanSuccess();
    companion = compiled.generatedSource("p.ShapesGrad");
  }

  @Test
  void logisticRegressionKeepsNoAdjointAndNoTapeForItsData() {
    new GradientAgreement(compiled, "p.Shapes", "logistic").check(W, X, Y, 3, 2);
    for (String code : reverseCode("logistic")) {
      assertNoAdjoint(code, "x", "y");
      assertTapedOnly(code, Set.of("z", "p", "loss"));
    }
    assertTrue(gradientEntry("logistic").contains("needs a gradient buffer of length \" + w.length + \""),
        "the buffer holds w's slots only:\n" + gradientEntry("logistic"));
  }

  @Test
  void localsCopiedFromDataKeepNoAdjointAndAreNotTaped() {
    new GradientAgreement(compiled, "p.Shapes", "logisticWithDataLocals").check(0.4, -0.3, new double[] {1.0, -0.5, 2.0}, Y);
    for (String code : reverseCode("logisticWithDataLocals")) {
      assertNoAdjoint(code, "x", "y", "xi", "sign");
      // xi and sign are data: the reverse sweep can read them again from x[i] and y[i]
      assertTapedOnly(code, Set.of("loss"));
    }
  }

  @Test
  void aBranchOnConstantDataIsNotTaped() {
    new GradientAgreement(compiled, "p.Shapes", "branchOnData").check(0.7, new double[] {1.5, -0.5, 0.25, -2.0});
    for (String code : reverseCode("branchOnData")) {
      assertNoAdjoint(code, "x");
      // x[i] > 0 depends on constant data and the counter only: the reverse sweep can decide it again
      assertTapedOnly(code, Set.of("s"));
    }
  }

  @Test
  void aConstantScalarAndWhatDependsOnItOnlyHaveTheForwardSweep() {
    new GradientAgreement(compiled, "p.Shapes", "scalarConstant").check(0.7, 2.5);
    for (String code : reverseCode("scalarConstant")) {
      assertNoAdjoint(code, "k", "kk");
      assertEquals(1, count(code, "Math.exp(k)"), () -> "kk is computed once, forward:\n" + code);
    }
  }

  @Test
  void aLocalArrayAndLocalsComputedFromConstantsKeepNoAdjoint() {
    new GradientAgreement(compiled, "p.Shapes", "constantLocals")
        .check(new double[] {0.2, -0.4, 0.6}, new double[] {0.5, 1.5, -1.0, 2.0});
    for (String code : reverseCode("constantLocals")) {
      assertNoAdjoint(code, "x", "z", "mean");
      assertTapedOnly(code, Set.of("s"));
    }
  }

  @Test
  void aCallWithOnlyConstantDifferentiatedArgumentsHasNoPullback() {
    new GradientAgreement(compiled, "p.Shapes", "callsWithConstantArgument").check(0.8, new double[] {0.5, 1.7});
    new GradientAgreement(compiled, "p.Shapes", "constantIntoActive").check(0.6, new double[] {0.5, -1.0, 2.0}, 1.3);
    for (String code : reverseCode("callsWithConstantArgument")) {
      assertNoAdjoint(code, "t");
      // bump(a, 2.0) and bump(a, t[i]) have one; bump(t[i], 1.5) none
      assertEquals(2, count(code, "bump_pullback("), () -> code);
    }
    for (String code : reverseCode("constantIntoActive")) {
      assertNoAdjoint(code, "x", "c");
      // spread(x, s) has one, spread(x, c) none; and x's part of spread's gradient goes nowhere
      assertEquals(1, count(code, "spread_pullback("), () -> code);
      assertEquals(1, count(code, "bump_pullback("), () -> code);
      assertFalse(code.contains("for (int _i"), () -> "no loop over the slots of constant data:\n" + code);
    }
  }

  @Test
  void constantDataPassedOnToConstantParametersTakesNoSlotsInTheCallersGradientBuffer() {
    new GradientAgreement(compiled, "p.Shapes", "constantIntoConstant").check(W, X, new double[] {0.3, 1.2});
    for (String code : reverseCode("constantIntoConstant")) {
      assertNoAdjoint(code, "x", "y");
      assertTrue(Pattern.compile("gradientBuffer\\(w\\.length\\)").matcher(code).find(),
          () -> "dotRow's pullback buffer holds w's slots only:\n" + code);
      assertTrue(Pattern.compile("gradientBuffer\\(1\\)").matcher(code).find(),
          () -> "scaled's pullback buffer holds one slot:\n" + code);
    }
  }

  @Test
  void slotsOfActiveParametersCloseUpAroundConstantOnes() {
    double[] x = {0.5, -1.5, 2.0};
    double[] w = {0.3, 0.7, -0.2};
    double[] grad = new GradientAgreement(compiled, "p.Shapes", "interleaved").check(x, 1.1, 0.4, w, -0.6, 2.5, 3);
    assertEquals(5, grad.length, "a, w[0..2], b");
    String entry = gradientEntry("interleaved");
    assertTrue(entry.contains("writes d/da to {@code grad[0]}, d/dw[i] to {@code grad[1 + i]}, d/db to"
        + " {@code grad[1 + w.length]}"), entry);
    for (String code : reverseCode("interleaved")) {
      assertNoAdjoint(code, "x", "c", "k");
    }
  }

  @Test
  void entryPointsTakeConstantParametersAsPlainJava() {
    Class<?> grad = compiled.load("p.ShapesGrad");
    assertSignatures(grad, "logistic", List.of(double[].class, double[].class, double[].class, int.class, int.class),
        List.of(Value[].class, double[].class, double[].class, int.class, int.class));
    assertSignatures(grad, "scalarConstant", List.of(double.class, double.class),
        List.of(Value.class, double.class));
    assertSignatures(grad, "interleaved", List.of(double[].class, double.class, double.class, double[].class,
            double.class, double.class, int.class),
        List.of(double[].class, Value.class, double.class, Value[].class, double.class, Value.class, int.class));
    assertSignatures(grad, "scaled", List.of(double.class, double.class), List.of(Value.class, double.class));
    assertSignatures(grad, "constantIntoActive", List.of(double.class, double[].class, double.class),
        List.of(Value.class, double[].class, double.class));

    // and the twin computes with plain data
    Value s = new Value(0.6);
    Value result = (Value) compiled.call("p.ShapesGrad", "constantIntoActive",
        new Class<?>[] {Value.class, double[].class, double.class}, s, new double[] {0.5, -1.0, 2.0}, 1.3);
    result.backward();
    Gradient generated = (Gradient) compiled.call("p.ShapesGrad", "constantIntoActive",
        new Class<?>[] {double.class, double[].class, double.class}, 0.6, new double[] {0.5, -1.0, 2.0}, 1.3);
    assertEquals(generated.value(), result.data(), 1e-12);
    assertArrayEquals(generated.gradient(), new double[] {s.grad()}, 1e-12);
  }

  /** The four entry points of {@code method}: plain Java everywhere but the twin's active parameters. */
  private static void assertSignatures(Class<?> companionClass, String method, List<Class<?>> plain,
      List<Class<?>> twin) {
    List<List<Class<?>>> values = new ArrayList<>();
    List<List<Class<?>>> gradients = new ArrayList<>();
    List<List<Class<?>>> buffers = new ArrayList<>();
    for (Method m : companionClass.getDeclaredMethods()) {
      List<Class<?>> types = Arrays.asList(m.getParameterTypes());
      if (m.getName().equals(method) && m.getReturnType() == Value.class) {
        values.add(types);
      } else if (m.getName().equals(method) && m.getReturnType() == Gradient.class) {
        gradients.add(types);
      } else if (m.getName().equals(method) && m.getReturnType() == double.class) {
        buffers.add(types);
      }
    }
    assertEquals(List.of(twin), values, method + "'s twin");
    assertEquals(List.of(plain), gradients, method + "'s Gradient entry");
    List<Class<?>> withBuffer = new ArrayList<>(plain);
    withBuffer.add(double[].class);
    assertEquals(List.of(withBuffer), buffers, method + "'s buffer entry");
  }

  // ----- reading the generated source

  /** The pullback of {@code method}: the one place with a reverse sweep, which the gradient entry runs. */
  private static List<String> reverseCode(String method) {
    return List.of(entry("public static double " + method + "_pullback("));
  }

  private static String gradientEntry(String method) {
    // with its Javadoc, which says which slots there are
    int start = companion.lastIndexOf("/**", companion.indexOf("public static double " + method + "("));
    return companion.substring(start, companion.indexOf("\n  }\n", start) + 4);
  }

  private static String entry(String opening) {
    int start = companion.indexOf(opening);
    assertTrue(start >= 0, () -> "no " + opening + " in:\n" + companion);
    return companion.substring(start, companion.indexOf("\n  }\n", start) + 4);
  }

  private static void assertNoAdjoint(String code, String... constants) {
    for (String name : constants) {
      assertFalse(Pattern.compile("\\b_d_" + Pattern.quote(name) + "\\b").matcher(code).find(),
          () -> "an adjoint _d_" + name + " for a constant value:\n" + code);
    }
  }

  /** Every value pushed on the tape is one of {@code varied}, which carry a derivative. */
  private static void assertTapedOnly(String code, Set<String> varied) {
    Matcher push = Pattern.compile("_tape\\.push\\w*\\(([^)]*)\\)").matcher(code);
    while (push.find()) {
      String value = push.group(1).strip();
      assertTrue(varied.contains(value), () -> "the tape records " + value
          + ", which depends only on constants (it carries no derivative):\n" + code);
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
