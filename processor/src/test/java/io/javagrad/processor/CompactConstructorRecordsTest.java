package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record with a compact constructor that checks its components, in the class of a
 * {@code @Differentiable} method, next to code javac attributes only when it compiles the class:
 * anonymous classes (in a method, in a field, given to a helper as a function), a local class, an
 * enum whose constants have bodies of their own (overriding another method than the one called),
 * and helpers that pass an array on to {@code Arrays.fill} through another helper or through an
 * enum's method. Asking javac for such code's elements during processing would have it attribute
 * the class early, and then refuse the compact constructor ("canonical constructor must not
 * contain explicit constructor invocation") in valid code: the processor reads that code off the
 * source instead. Only the method an enum constant's body declares has no element before javac
 * attributes the class: where a record of that class declares its canonical constructor, a call
 * that constants' bodies override is a compile error saying to move the enum or the record.
 */
class CompactConstructorRecordsTest {
  private static final String SOURCE = Compiled.classSource("p.Smiles",
      List.of("import java.util.Arrays;", "import java.util.function.DoubleUnaryOperator;"), List.of("""
      public record Params(double a, double b) {
        public Params {
          if (b < 0) {
            throw new IllegalArgumentException("b must not be negative: " + b);
          }
        }
      }
      """, """
      enum Side {
        BID { @Override String label() { return "bid"; } },
        ASK;

        String label() {
          return "ask";
        }

        double signed(double x) {
          return this == BID ? -x : x;
        }
      }
      """, """
      static final DoubleUnaryOperator SQUARE = new DoubleUnaryOperator() {
        @Override
        public double applyAsDouble(double t) {
          return t * t;
        }
      };
      """, """
      static Runnable noop() {
        class Quiet implements Runnable {
          @Override
          public void run() {}
        }
        return new Quiet();
      }
      """, """
      static Runnable alsoNoop() {
        return new Runnable() {
          @Override
          public void run() {}
        };
      }
      """, """
      static double trapezoid(DoubleUnaryOperator f, double a, double b) {
        return 0.5 * (b - a) * (f.applyAsDouble(a) + f.applyAsDouble(b));
      }
      """, """
      static void reset(double[] x, double value) {
        Arrays.fill(x, value);
      }
      """, """
      static void resetTwice(double[] x) {
        reset(x, 0.5);
      }
      """, """
      enum Filler {
        HALVES;

        void fill(double[] x) {
          Arrays.fill(x, 1, x.length, 0.5);
        }
      }
      """, """
      static void fillThrough(Filler filler, double[] x) {
        filler.fill(x);
      }
      """, """
      @Differentiable static double model(double x, double[] w, Params params, Side side) {
        double[] v = w.clone();
        resetTwice(v);
        double[] u = w.clone();
        fillThrough(Filler.HALVES, u);
        double area = trapezoid(new DoubleUnaryOperator() {
          @Override
          public double applyAsDouble(double t) {
            return Math.sin(t * x);
          }
        }, 0, x);
        return side.signed(params.a() * SQUARE.applyAsDouble(x) + params.b() * area + v[0] * w[1] + u[0] * u[1] * w[1]);
      }
      """));

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Smiles", SOURCE).assertCleanSuccess();
  }

  @Test
  void theClassCompilesAndTheGradientAgrees() {
    Object params = params(0.7, 1.3);
    for (Object side : compiled.load("p.Smiles$Side").getEnumConstants()) {
      new GradientAgreement(compiled, "p.Smiles", "model").check(0.9, new double[] {0.4, -1.1}, params, side);
    }
  }

  @Test
  void theCompactConstructorStillChecks() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> params(0.7, -1.0));
    assertEquals("b must not be negative: -1.0", thrown.getMessage());
  }

  @Test
  void aMethodThatConstantsOverrideNextToSuchARecordIsAnErrorSayingWhatToMove() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Payoffs", """
        package p;

        import io.javagrad.Differentiable;

        public final class Payoffs {
          public enum Payoff {
            CALL {
              @Override
              double pay(double spot, double k) {
                return Math.max(spot - k, 0);
              }
            },
            PUT {
              @Override
              double pay(double s, double k) {
                return Math.max(k - s, 0);
              }
            };

            abstract double pay(double s, double k);
          }

          public record Quote(double bid, double ask) {
            public Quote(double bid, double ask) {
              this.bid = Math.min(bid, ask);
              this.ask = Math.max(bid, ask);
            }
          }

          @Differentiable
          public static double value(Payoff payoff, double spot) {
            return payoff.pay(spot, 100) * spot;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("CALL's body overrides only after javac has attributed Payoffs")
        .inFile(file).onLineContaining("double pay(double spot, double k) {");
    assertThat(compilation).hadErrorContaining("declare Payoff or Quote in a file of its own");
  }

  private static Object params(double a, double b) {
    try {
      var constructor = compiled.load("p.Smiles$Params").getDeclaredConstructor(double.class, double.class);
      constructor.setAccessible(true);
      return constructor.newInstance(a, b);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (RuntimeException) e.getCause();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
