package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enums whose constants each give a function through their constructor, as neural-network and
 * loss code declares activations and losses ({@code TANH(Math::tanh), RELU(x -> Math.max(0, x))}),
 * applied in the enum's method ({@code f.applyAsDouble(x)}): the receiver's constant chooses the
 * function, each followed as a function passed as a value is. Every constant's gradient agrees
 * with the twin, finite differences and the second-order entry points.
 */
class EnumFunctionsTest {
  private static final String SOURCE = Compiled.classSource("p.Net", List.of(
      "import java.util.function.DoubleBinaryOperator;",
      "import java.util.function.DoubleUnaryOperator;",
      "import java.util.function.ToDoubleFunction;"), List.of("""
      enum Activation {
        TANH(Math::tanh),
        RELU(x -> Math.max(0, x)),
        SIGMOID(x -> 1 / (1 + Math.exp(-x))),
        SOFTPLUS(x -> {
          if (x > 30) {
            return x;
          }
          return Math.log1p(Math.exp(x));
        }),
        CUBIC(CUBE),
        SCALED(new DoubleUnaryOperator() {
          @Override
          public double applyAsDouble(double x) {
            return 1.0507 * (x > 0 ? x : 1.6733 * Math.expm1(x));
          }
        });

        private final DoubleUnaryOperator f;

        Activation(DoubleUnaryOperator f) {
          this.f = f;
        }

        double apply(double x) {
          return f.applyAsDouble(x);
        }
      }
      """, """
      /** A loss with a weight, the function given first, read as this.loss. */
      enum Loss {
        SQUARED((y, t) -> (y - t) * (y - t), 0.5),
        HUBER((y, t) -> Math.abs(y - t) <= 1 ? 0.5 * (y - t) * (y - t) : Math.abs(y - t) - 0.5, 1.0);

        final DoubleBinaryOperator loss;
        final double weight;

        Loss(DoubleBinaryOperator loss, double weight) {
          this.loss = loss;
          this.weight = weight;
        }

        double of(double y, double t) {
          return weight * this.loss.applyAsDouble(y, t);
        }
      }
      """, """
      /** A norm over an array, each constant's function reading the array it is given. */
      enum Norm {
        L1(v -> {
          double s = 0;
          for (double e : v) {
            s += Math.abs(e);
          }
          return s;
        }),
        L2(v -> {
          double s = 0;
          for (double e : v) {
            s += e * e;
          }
          return Math.sqrt(s);
        });

        private final ToDoubleFunction<double[]> norm;

        Norm(ToDoubleFunction<double[]> norm) {
          this.norm = norm;
        }

        double of(double[] v) {
          return norm.applyAsDouble(v);
        }
      }
      """, """
      static final DoubleUnaryOperator CUBE = x -> x * x * x;
      """, """
      /** The field read on the object, outside the enum. */
      @Differentiable static double outside(double z, Activation act) {
        return act.f.applyAsDouble(z) + z;
      }
      """, """
      @Differentiable static double neuron(double[] w, double[] x, Activation act) {
        double z = 0;
        for (int i = 0; i < w.length; i++) {
          z += w[i] * x[i];
        }
        return act.apply(z);
      }
      """, """
      @Differentiable static double fit(double a, double b, Loss loss) {
        double s = 0;
        for (int i = 0; i < 5; i++) {
          s += loss.of(a * i + b, 2.0 * i + 1);
        }
        return s;
      }
      """, """
      @Differentiable static double penalty(double[] w, double lambda, Norm norm) {
        return lambda * norm.of(w);
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    // The companion's Javadoc links name methods that exist, an enum method's without its receiver.
    compiled = Compiled.compile(List.of("-Xdoclint:reference/private"), "p.Net", SOURCE).assertCleanSuccess();
  }

  @Test
  void eachActivationConstantChoosesItsFunction() {
    double[] w = {0.5, -1.2, 0.3};
    double[] x = {1.0, 0.4, 2.0};
    double z = 0.5 * 1.0 - 1.2 * 0.4 + 0.3 * 2.0;
    for (Object act : compiled.load("p.Net$Activation").getEnumConstants()) {
      double[] grad = new GradientAgreement(compiled, "p.Net", "neuron").check(w, x, act);
      double slope = switch (((Enum<?>) act).name()) {
        case "TANH" -> 1 - Math.tanh(z) * Math.tanh(z);
        case "RELU" -> 1;
        case "SIGMOID" -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z)));
        case "SOFTPLUS" -> 1 / (1 + Math.exp(-z));
        case "CUBIC" -> 3 * z * z;
        default -> 1.0507;
      };
      // d/dw[0] is the activation's slope at z times x[0], worked out by hand.
      assertEquals(slope * x[0], grad[0], 1e-12, act.toString());
    }
  }

  @Test
  void theFieldReadOnTheObjectOutsideTheEnum() {
    for (Object act : compiled.load("p.Net$Activation").getEnumConstants()) {
      new GradientAgreement(compiled, "p.Net", "outside").check(0.35, act);
      new GradientAgreement(compiled, "p.Net", "outside").check(-1.4, act);
    }
  }

  @Test
  void lossesWithTwoArgumentsAndAWeight() {
    for (Object loss : compiled.load("p.Net$Loss").getEnumConstants()) {
      new GradientAgreement(compiled, "p.Net", "fit").check(1.65, 0.6, loss); // no residual on Huber's kink, |r| = 1
      new GradientAgreement(compiled, "p.Net", "fit").check(2.05, 0.9, loss);
    }
  }

  @Test
  void functionsOfArrays() {
    for (Object norm : compiled.load("p.Net$Norm").getEnumConstants()) {
      new GradientAgreement(compiled, "p.Net", "penalty").check(new double[] {0.5, -1.5, 2.0}, 0.3, norm);
    }
  }

  /**
   * A constant whose function a call computes cannot be followed: the application runs as written,
   * and carrying a derivative into it is the error at the argument; without one it runs as written.
   */
  @Test
  void aFunctionACallMakesRunsAsWritten() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Made", Compiled.classSource("p.Made",
        List.of("import java.util.function.DoubleUnaryOperator;"), List.of("""
            static DoubleUnaryOperator scaledBy(double c) {
              return x -> c * x;
            }
            """, """
            enum Rule {
              DOUBLED(scaledBy(2)),
              SQUARED(x -> x * x);

              final DoubleUnaryOperator f;

              Rule(DoubleUnaryOperator f) {
                this.f = f;
              }

              double at(double x) {
                return f.applyAsDouble(x);
              }

              double offset() {
                return f.applyAsDouble(1.0);
              }
            }
            """, """
            @Differentiable static double inactive(double x, Rule rule) {
              return x * rule.offset();
            }
            """, """
            @Differentiable static double active(double x, Rule rule) {
              return rule.at(x);
            }
            """)));
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining("x carries a derivative, but it is passed into f.applyAsDouble(x),"
        + " which javagrad runs as written").inFile(file).onLineContaining("return f.applyAsDouble(x);");
    assertThat(compilation).hadErrorCount(2); // and at the call of at, which could not be differentiated
  }
}
