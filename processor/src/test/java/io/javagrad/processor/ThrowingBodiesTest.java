package io.javagrad.processor;

import static io.javagrad.processor.GradientAgreement.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javagrad.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bodies that end in {@code throw} with no return before it: a method or helper that only throws
 * (an operation not supported, an enum constant's override that refuses), a method whose last
 * statement throws on both sides of an {@code if}, and inlined bodies that only throw (a helper
 * returning an array, one writing into its argument, a lambda). javac takes such a body for one
 * that cannot complete normally, so the code generated after it must not be unreachable: the
 * companion compiles, every entry point throws what the method throws, and the paths that do not
 * throw have their gradient.
 */
class ThrowingBodiesTest {
  private static final String SOURCE = Compiled.classSource("p.Refusals",
      List.of("import java.util.function.DoubleUnaryOperator;"), List.of("""
      @Differentiable static double unsupported(double x) {
        throw new UnsupportedOperationException("not yet: " + x);
      }
      """, """
      static double fail(double x) {
        throw new IllegalArgumentException("negative: " + x);
      }
      """, """
      @Differentiable static double squareOrFail(double x) {
        return x > 0 ? x * x : fail(x);
      }
      """, """
      @Differentiable static double eitherSide(double x, int k) {
        if (k > 0) {
          throw new IllegalStateException("k > 0 at " + x);
        } else {
          throw new IllegalStateException("k <= 0 at " + x);
        }
      }
      """, """
      enum Rule {
        LINEAR {
          @Override double beyond(double edge, double slope, double distance) {
            return edge + slope * distance;
          }
        },
        NONE {
          @Override double beyond(double edge, double slope, double distance) {
            throw new IllegalArgumentException("no extrapolation: " + distance);
          }
        };

        abstract double beyond(double edge, double slope, double distance);
      }
      """, """
      @Differentiable static double extrapolate(double edge, double slope, double distance, Rule rule) {
        return rule.beyond(edge, slope, distance);
      }
      """, """
      static double[] notYet(double[] x) {
        throw new UnsupportedOperationException("not yet: " + x.length);
      }
      """, """
      @Differentiable static double arrayHelper(double[] x, boolean refuse) {
        if (refuse) {
          double[] y = notYet(x);
          return y[0];
        }
        return x[0] * x[1];
      }
      """, """
      static void refuse(double[] x) {
        throw new UnsupportedOperationException("refused " + x.length);
      }
      """, """
      @Differentiable static double writingHelper(double[] x, boolean refused) {
        double[] y = x.clone();
        if (refused) {
          refuse(y);
        }
        return y[0] * y[1];
      }
      """, """
      static double apply(DoubleUnaryOperator f, double x) {
        return f.applyAsDouble(x);
      }
      """, """
      @Differentiable static double throwingLambda(double x, boolean refused) {
        return refused ? apply(t -> { throw new IllegalStateException("no function at " + t); }, x) : x * x * x;
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Refusals", SOURCE).assertCleanSuccess();
  }

  @Test
  void aMethodThatOnlyThrowsThrowsFromEveryEntryPoint() {
    assertEveryEntryThrows(UnsupportedOperationException.class, "not yet: 2.0", "unsupported", 2.0);
  }

  @Test
  void aHelperThatOnlyThrowsThrowsOnItsPathAndIsDifferentiatedOnTheOther() {
    new GradientAgreement(compiled, "p.Refusals", "squareOrFail").check(1.5);
    assertEveryEntryThrows(IllegalArgumentException.class, "negative: -1.0", "squareOrFail", -1.0);
  }

  @Test
  void anIfWhoseTwoSidesThrow() {
    assertEveryEntryThrows(IllegalStateException.class, "k > 0 at 1.0", "eitherSide", 1.0, 3);
    assertEveryEntryThrows(IllegalStateException.class, "k <= 0 at 1.0", "eitherSide", 1.0, -3);
  }

  @Test
  void anEnumConstantWhoseOverrideOnlyThrows() {
    Object linear = constant("LINEAR");
    new GradientAgreement(compiled, "p.Refusals", "extrapolate").check(1.5, 0.25, 2.0, linear);
    assertEveryEntryThrows(IllegalArgumentException.class, "no extrapolation: 2.0", "extrapolate", 1.5, 0.25, 2.0,
        constant("NONE"));
  }

  @Test
  void inlinedBodiesThatOnlyThrow() {
    new GradientAgreement(compiled, "p.Refusals", "arrayHelper").check(new double[] {1.5, -2.0}, false);
    assertEveryEntryThrows(UnsupportedOperationException.class, "not yet: 2", "arrayHelper",
        new double[] {1.5, -2.0}, true);
    new GradientAgreement(compiled, "p.Refusals", "writingHelper").check(new double[] {1.5, -2.0}, false);
    assertEveryEntryThrows(UnsupportedOperationException.class, "refused 2", "writingHelper",
        new double[] {1.5, -2.0}, true);
    new GradientAgreement(compiled, "p.Refusals", "throwingLambda").check(1.3, false);
    assertEveryEntryThrows(IllegalStateException.class, "no function at 1.3", "throwingLambda", 1.3, true);
  }

  private static Object constant(String name) {
    for (Object c : compiled.load("p.Refusals$Rule").getEnumConstants()) {
      if (((Enum<?>) c).name().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no constant " + name);
  }

  /** The original, the gradient entry, the pullback and the dynamic twin throw {@code type} with {@code message}. */
  private static void assertEveryEntryThrows(Class<? extends RuntimeException> type, String message, String method,
      Object... args) {
    Class<?>[] types = new Class<?>[args.length];
    Class<?>[] twinTypes = new Class<?>[args.length];
    Object[] twinArgs = new Object[args.length];
    int slots = 0;
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof Double ? double.class : args[i] instanceof double[] ? double[].class
          : args[i] instanceof Integer ? int.class : args[i] instanceof Boolean ? boolean.class
          : compiled.load("p.Refusals$Rule");
      twinTypes[i] = types[i] == double.class ? Value.class : types[i] == double[].class ? Value[].class : types[i];
      twinArgs[i] = args[i] instanceof Double d ? new Value(d) : args[i] instanceof double[] a
          ? Arrays.stream(a).mapToObj(Value::new).toArray(Value[]::new) : args[i];
      slots += args[i] instanceof Double ? 1 : args[i] instanceof double[] a ? a.length : 0;
    }
    double[] grad = new double[slots];
    List<Executable> entries = List.of(
        () -> compiled.call("p.Refusals", method, types, args),
        () -> compiled.call("p.RefusalsGrad", method, append(types, double[].class), append(args, grad)),
        () -> compiled.call("p.RefusalsGrad", method + "_pullback",
            append(append(append(types, double.class), double[].class), int.class),
            append(append(append(args, 1.0), grad), 0)),
        () -> compiled.call("p.RefusalsGrad", method, twinTypes, twinArgs));
    for (Executable entry : entries) {
      RuntimeException thrown = assertThrows(type, entry);
      assertEquals(message, thrown.getMessage());
    }
  }
}
