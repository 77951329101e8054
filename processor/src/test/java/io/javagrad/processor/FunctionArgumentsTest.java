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
 * Functions passed as values, as integrators, ODE solvers and fitting code pass them: a lambda or a
 * method reference given to a helper ({@code simpson(t -> Math.exp(-k * t), 0, b, n)}) or held by
 * a local, applied in the helper ({@code f.applyAsDouble(x)}). The derivative flows through the
 * function's body and what it captures. Each gradient agrees with the twin, finite differences and
 * the second-order entry points, and, where one is known, with the derivative worked out by hand.
 */
class FunctionArgumentsTest {
  private static final String SOURCE = Compiled.classSource("p.Functions", List.of(
      "import io.javagrad.NoDerivative;",
      "import java.util.function.DoubleBinaryOperator;",
      "import java.util.function.BiFunction;",
      "import java.util.function.DoubleFunction;",
      "import java.util.function.Function;",
      "import java.util.function.DoubleUnaryOperator;",
      "import java.util.function.IntConsumer;",
      "import java.util.function.ToDoubleFunction;",
      "import java.util.stream.DoubleStream;",
      "import org.hipparchus.analysis.UnivariateFunction;"), List.of("""
      /** A model of a curve fit, as fitting code declares one. */
      @FunctionalInterface
      interface Model {
        double at(double t, double[] p);
      }
      """, """
      static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
        if (n % 2 != 0) {
          throw new IllegalArgumentException("simpson needs an even number of intervals, not " + n);
        }
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
          s += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
      }
      """, """
      static double integrate(DoubleUnaryOperator f, double a, double b) {
        return simpson(f, a, b, 20);
      }
      """, """
      static double rk4(DoubleBinaryOperator rhs, double y0, double t1, int steps) {
        double y = y0;
        double t = 0;
        double h = t1 / steps;
        for (int i = 0; i < steps; i++) {
          double k1 = rhs.applyAsDouble(t, y);
          double k2 = rhs.applyAsDouble(t + h / 2, y + h / 2 * k1);
          double k3 = rhs.applyAsDouble(t + h / 2, y + h / 2 * k2);
          double k4 = rhs.applyAsDouble(t + h, y + h * k3);
          y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
          t += h;
        }
        return y;
      }
      """, """
      static double squaredErrors(Model model, double[] p, double[] ts, double[] ys) {
        double s = 0;
        for (int i = 0; i < ts.length; i++) {
          double r = model.at(ts[i], p) - ys[i];
          s += r * r;
        }
        return s;
      }
      """, """
      static double midpoint(UnivariateFunction f, double a, double b, int n) {
        double h = (b - a) / n;
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += f.value(a + (i + 0.5) * h);
        }
        return s * h;
      }
      """, """
      static double of(double[] x, ToDoubleFunction<double[]> f) {
        return f.applyAsDouble(x);
      }
      """, """
      static void forEachIndex(int n, IntConsumer body) {
        for (int i = 0; i < n; i++) {
          body.accept(i);
        }
      }
      """, """
      static double damped(double t) {
        return Math.exp(-t) * Math.cos(3 * t);
      }
      """, """
      @Differentiable static double decayArea(double k, double b) {
        return simpson(t -> Math.exp(-k * t), 0, b, 40);
      }
      """, """
      @Differentiable static double logistic(double r, double y0) {
        DoubleBinaryOperator growth = (t, y) -> r * y * (1 - y) + 0.1 * Math.sin(t);
        return rk4(growth, y0, 2.0, 40);
      }
      """, """
      @Differentiable static double gaussianMass(double c) {
        return integrate(x -> integrate(y -> Math.exp(-c * (x * x + y * y)), 0, 1), 0, 1);
      }
      """, """
      @Differentiable static double gaussianLine(double c) {
        return integrate(x -> Math.exp(-c * x * x), 0, 1);
      }
      """, """
      @Differentiable static double appliedAndPassed(double k) {
        DoubleUnaryOperator g = t -> Math.sin(k * t) / (1 + t);
        return integrate(g, 0, 2) + g.applyAsDouble(0.5);
      }
      """, """
      @Differentiable static double references(double b) {
        return integrate(Math::sin, 0, b) + integrate(Functions::damped, 0, b);
      }
      """, """
      @Differentiable static double fit(double[] p, @NoDerivative double[] ts, @NoDerivative double[] ys) {
        return squaredErrors((t, q) -> q[0] * Math.exp(-q[1] * t), p, ts, ys);
      }
      """, """
      @Differentiable static double hinge(double a) {
        DoubleUnaryOperator squaredExcess = t -> {
          if (t < a) {
            return 0;
          }
          double u = t - a;
          return u * u;
        };
        return integrate(squaredExcess, 0, 2);
      }
      """, """
      @Differentiable static double hipparchusFunction(double w) {
        return midpoint(x -> Math.cos(w * x), 0, 1, 50);
      }
      """, """
      @Differentiable static double generic(double[] x) {
        return of(x, v -> v[0] * v[1] + Math.log(v[2]));
      }
      """, """
      @Differentiable static double filled(double[] x) {
        double[] y = new double[x.length];
        forEachIndex(x.length, i -> {
          y[i] = x[i] * x[i];
        });
        double s = 0;
        for (double v : y) {
          s += v;
        }
        return s;
      }
      """, """
      static double newton(DoubleUnaryOperator f, DoubleUnaryOperator derivative, double x0) {
        double x = x0;
        for (int i = 0; i < 50 && Math.abs(f.applyAsDouble(x)) > 1e-13; i++) {
          x -= f.applyAsDouble(x) / derivative.applyAsDouble(x);
        }
        return x;
      }
      """, """
      @Differentiable static double squareRoot(double a) {
        return newton(x -> x * x - a, x -> 2 * x, 1.0);
      }
      """, """
      static double sumOf(DoubleFunction<double[]> powers, double t) {
        double[] v = powers.apply(t);
        double s = 0;
        for (double e : v) {
          s += e;
        }
        return s;
      }
      """, """
      @Differentiable static double powerSum(double x) {
        return sumOf(t -> {
          double[] r = new double[3];
          for (int i = 0; i < 3; i++) {
            r[i] = Math.pow(t, i + 1);
          }
          return r;
        }, x);
      }
      """, """
      private static final DoubleUnaryOperator SQUARED = r -> r * r;
      """, """
      static final DoubleBinaryOperator HUBER = (r, delta) -> Math.abs(r) <= delta ? 0.5 * r * r
          : delta * (Math.abs(r) - 0.5 * delta);
      """, """
      @Differentiable static double fieldFunctions(double[] r) {
        double s = 0;
        for (double e : r) {
          s += SQUARED.applyAsDouble(e) + Functions.HUBER.applyAsDouble(e, 1.0);
        }
        return s + integrate(SQUARED, 0, r[0]);
      }
      """, """
      @Differentiable static double anonymousClass(double w) {
        UnivariateFunction wave = new UnivariateFunction() {
          @Override
          public double value(double x) {
            return Math.cos(w * x);
          }
        };
        return midpoint(wave, 0, 1, 50) + midpoint(new UnivariateFunction() {
          @Override
          public double value(double x) {
            return x * Math.sin(w * x);
          }
        }, 0, 1, 50);
      }
      """, """
      static double boxedSimpson(Function<Double, Double> f, double a, double b) {
        return (b - a) / 6 * (f.apply(a) + 4 * f.apply((a + b) / 2) + f.apply(b));
      }
      """, """
      @Differentiable static double boxedFunctions(double k) {
        BiFunction<Double, Double, Double> product = (u, v) -> u * v;
        return boxedSimpson(t -> Math.exp(-k * t), 0, 1) + product.apply(k, k) + boxedSimpson(Math::sin, 0, k);
      }
      """, """
      static double twice(DoubleUnaryOperator g, double x) {
        return g.applyAsDouble(g.applyAsDouble(x));
      }
      """, """
      @Differentiable static double appliedToItsOwnValue(double x) {
        DoubleUnaryOperator g = t -> twice(u -> u * x, t);
        return twice(g, x);
      }
      """, """
      @Differentiable static double keptAsAnObject(double x) {
        DoubleUnaryOperator square = t -> t * t;
        return x * DoubleStream.of(1, 2, 3).map(square).sum();
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Functions", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Functions", method);
  }

  @Test
  void aLambdaCapturingAnInputGivenToAnIntegrator() {
    double k = 0.8;
    double b = 1.5;
    double[] grad = agreement("decayArea").check(k, b);
    // d/db of the integral is the integrand at b; d/dk differentiates under the integral (to Simpson's error).
    assertEquals(Math.exp(-k * b), grad[1], 1e-6);
    double dk = -(1 - Math.exp(-k * b) * (1 + k * b)) / (k * k);
    assertEquals(dk, grad[0], 1e-6);
  }

  @Test
  void aLocalLambdaGivenToAnOdeSolver() {
    agreement("logistic").check(1.3, 0.2);
  }

  @Test
  void nestedIntegrals() {
    double c = 0.7;
    double[] mass = agreement("gaussianMass").check(c);
    // The integrand is a product and the rule a tensor product: the double integral is the line's squared.
    double[] line = new double[1];
    double lineValue = agreement("gaussianLine").gradientInto(line, c);
    assertEquals(2 * lineValue * line[0], mass[0], 1e-12);
  }

  @Test
  void aLocalAppliedAndPassedOn() {
    agreement("appliedAndPassed").check(1.3);
  }

  @Test
  void methodReferences() {
    double b = 1.7;
    double[] grad = agreement("references").check(b);
    // The integrands at b, to Simpson's error (the step depends on b too).
    assertEquals(Math.sin(b) + Math.exp(-b) * Math.cos(3 * b), grad[0], 1e-4);
  }

  @Test
  void aModelOfAnInterfaceOfTheUsersWithAnArrayParameter() {
    double[] ts = {0, 0.5, 1, 1.5, 2};
    double[] ys = {1, 0.7, 0.5, 0.3, 0.2};
    agreement("fit").check(new double[] {1.1, 0.9}, ts, ys);
  }

  @Test
  void aBlockLambdaWithAnEarlyReturn() {
    agreement("hinge").check(0.63); // between two nodes of the rule, where the integrand's kink is
  }

  @Test
  void aHipparchusFunction() {
    double w = 1.2;
    double[] grad = agreement("hipparchusFunction").check(w);
    // d/dw of the integral of cos(w x) over [0, 1] is -(integral of x sin(w x)), to the midpoint rule's error.
    double exact = -(Math.sin(w) / (w * w) - Math.cos(w) / w);
    assertEquals(exact, grad[0], 1e-4);
  }

  @Test
  void aGenericInterfaceOfArrays() {
    assertArrayEquals(new double[] {2, 1.5, 1.0 / 3}, agreement("generic").check(new double[] {1.5, 2, 3}), 1e-12);
  }

  @Test
  void aLambdaThatWritesIntoAnArray() {
    assertArrayEquals(new double[] {2, 4, 6}, agreement("filled").check(new double[] {1, 2, 3}), 1e-12);
  }

  @Test
  void newtonsMethodInALoopCondition() {
    double a = 2;
    assertEquals(1 / (2 * Math.sqrt(a)), agreement("squareRoot").check(a)[0], 1e-12);
  }

  @Test
  void aFunctionThatMakesAnArray() {
    double x = 1.2;
    assertEquals(1 + 2 * x + 3 * x * x, agreement("powerSum").check(x)[0], 1e-12);
  }

  @Test
  void aDoubleGivenToABoxedParameterIsAnErrorNotALostDerivative() {
    // A boxed function's parameter is the number it holds where the code uses it as one
    // (boxedFunctionsUsedAsNumbers); calling t.isNaN() on it, it stays a Double.
    JavaFileObject file = JavaFileObjects.forSourceString("p.Boxed", Compiled.classSource("p.Boxed",
        List.of("import java.util.function.Function;"), List.of("""
            static double square(Double t) {
              return t * t;
            }
            """, """
            @Differentiable static double throughAPullback(double x) {
              return square(x);
            }
            """, """
            static double[] pair(Double t) {
              return new double[] {t, t * t};
            }
            """, """
            @Differentiable static double throughAnInlinedHelper(double x) {
              double[] p = pair(x);
              return p[0] + p[1];
            }
            """, """
            static double applied(Function<Double, Double> f, double x) {
              return f.apply(x);
            }
            """, """
            @Differentiable static double throughABoxedFunction(double x) {
              return applied(t -> t.isNaN() ? 0.0 : t * t, x);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    String boxed = "x carries a derivative, but it is passed into t, a java.lang.Double, which javagrad does not follow";
    assertThat(compilation).hadErrorContaining(boxed).inFile(file).onLineContaining("return square(x);");
    assertThat(compilation).hadErrorContaining(boxed).inFile(file).onLineContaining("double[] p = pair(x);");
    assertThat(compilation).hadErrorContaining(boxed).inFile(file).onLineContaining("return f.apply(x);");
  }

  @Test
  void anonymousClassesOfOneMethod() {
    agreement("anonymousClass").check(1.2);
  }

  @Test
  void boxedFunctionsUsedAsNumbers() {
    double k = 0.9;
    // Simpson's rule is exact for neither term; its derivative in k, worked out by hand.
    double expected = 1.0 / 6 * (4 * -0.5 * Math.exp(-k * 0.5) + -Math.exp(-k)) + 2 * k
        + 1.0 / 6 * (Math.sin(0) + 4 * Math.sin(k / 2) + Math.sin(k)) + k / 6 * (4 * 0.5 * Math.cos(k / 2) + Math.cos(k));
    assertEquals(expected, agreement("boxedFunctions").check(k)[0], 1e-12);
  }

  @Test
  void aFunctionAppliedToItsOwnValue() {
    double x = 0.7;
    // twice(g, x) = g(g(x)) with g(t) = t x^2: x^5.
    assertEquals(5 * Math.pow(x, 4), agreement("appliedToItsOwnValue").check(x)[0], 1e-12);
  }

  @Test
  void staticFinalFieldsHoldingLambdas() {
    double[] r = {0.4, -1.7, 2.5};
    double[] grad = agreement("fieldFunctions").check((Object) r);
    // Each residual's square and Huber loss, and the integral of t^2 from 0 to r[0] (Simpson: exact).
    double[] expected = {2 * 0.4 + 0.4 + 0.4 * 0.4, 2 * -1.7 - 1, 2 * 2.5 + 1};
    assertArrayEquals(expected, grad, 1e-12);
  }

  @Test
  void aFunctionUsedAsAnObjectRunsAsWritten() {
    assertArrayEquals(new double[] {14}, agreement("keptAsAnObject").check(0.5), 1e-12);
  }

  @Test
  void whatCannotBeFollowedIsAnErrorAtTheExpression() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Bad", Compiled.classSource("p.Bad",
        List.of("import java.util.function.DoubleUnaryOperator;"), List.of("""
            @Differentiable static double composed(double k) {
              DoubleUnaryOperator f = t -> k * t;
              return f.andThen(Math::exp).applyAsDouble(1.0);
            }
            """, """
            static double held(DoubleUnaryOperator f) {
              Object kept = f;
              return kept.hashCode() + f.applyAsDouble(1);
            }
            """, """
            @Differentiable static double heldAsAnObject(double k) {
              return held(t -> k * t);
            }
            """, """
            static double callTwice(Runnable r) {
              r.run();
              r.run();
              return 1;
            }
            """, """
            @Differentiable static double nothingReturned(double k) {
              double[] y = new double[1];
              return k * callTwice(() -> y[0] += k);
            }
            """, """
            @Differentiable static double libraryReference(double x) {
              return apply(Double::longBitsToDouble, x);
            }
            """, """
            static double apply(java.util.function.LongToDoubleFunction f, double x) {
              return f.applyAsDouble((long) x) * x;
            }
            """, """
            static double once(DoubleUnaryOperator f, double x) {
              return f.applyAsDouble(x);
            }
            """, """
            static final DoubleUnaryOperator HALVING = x -> x > 1 ? Bad.HALVING.applyAsDouble(x / 2) : x * x;
            """, """
            @Differentiable static double selfApplied(double x) {
              return HALVING.applyAsDouble(x);
            }
            """, """
            @Differentiable static double chosen(double x, boolean square) {
              return once(square ? t -> t * t : t -> t, x);
            }
            """, """
            @Differentiable static double ownMethod(double k) {
              return once(new DoubleUnaryOperator() {
                @Override
                public double applyAsDouble(double t) {
                  return k * t + hashCode();
                }
              }, k);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    // Composed, the function is an object run as written, which loses the derivative of what it captures.
    assertThat(compilation).hadErrorContaining("k carries a derivative, but it is captured by a lambda").inFile(file)
        .onLineContaining("DoubleUnaryOperator f = t -> k * t;");
    assertThat(compilation).hadErrorContaining("code that javagrad runs as written cannot hold it as an object")
        .inFile(file).onLineContaining("Object kept = f;");
    assertThat(compilation).hadErrorContaining("a lambda that returns nothing must have a block for its body")
        .inFile(file).onLineContaining("callTwice(() -> y[0] += k)");
    assertThat(compilation).hadErrorContaining("javagrad follows a method reference only to").inFile(file)
        .onLineContaining("f.applyAsDouble((long) x)");
    assertThat(compilation).hadErrorContaining("is a function given where javagrad cannot follow it").inFile(file)
        .onLineContaining("return once(square ? t -> t * t : t -> t, x);");
    assertThat(compilation).hadErrorContaining("inside its own application, and javagrad inlines a function where it"
        + " is applied").inFile(file).onLineContaining("Bad.HALVING.applyAsDouble(x / 2)");
    assertThat(compilation).hadErrorContaining("where hashCode(...) would be the caller's method, not the class's own")
        .inFile(file).onLineContaining("return once(new DoubleUnaryOperator() {");
  }
}
