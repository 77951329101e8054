package io.javagrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Constructor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls into the user's own enums and records with values that carry derivatives: each such
 * instance method is differentiated on demand, as a static helper is, given its receiver first;
 * an enum method that constants override in bodies of their own is chosen by the constant, as
 * Java's dispatch chooses it. Each gradient agrees with the twin and with finite differences
 * ({@link GradientAgreement}, which checks the tangent and the second-order entries too).
 */
class ObjectMethodsTest {
  private static final String PAYOFF = """
      package p;

      enum Payoff {
        CALL { double pay(double s, double k) { return Math.max(s - k, 0); } },
        PUT  { double pay(double s, double k) { return Math.max(k - s, 0); } };
        abstract double pay(double s, double k);
      }
      """;

  /** A constant without a body of its own takes the enum's method. */
  private static final String DIGITAL = """
      package p;

      enum Digital {
        SMOOTH,
        SHARP { double pay(double s, double k) { return 1 / (1 + Math.exp(-8 * (s - k))); } };
        double pay(double s, double k) {
          return 1 / (1 + Math.exp(-(s - k)));
        }
      }
      """;

  private static final String MODEL = """
      package p;

      record Model(double a, double b) {
        double value(double x) { return a * x + b * Math.exp(-x); }

        /** Another method of the record, called bare and through this; a component through its accessor. */
        double twice(double x) {
          return value(x) + this.value(2 * x) * b() + this.a;
        }

        /** A boolean: a call of it runs as written, here as a test. */
        boolean above(double x) {
          return x > a;
        }

        /** An int: a call of it runs as written. */
        int bucket(double x) {
          return (int) Math.floor(x / a);
        }

        /** Another record's components, read through their accessors by the companion. */
        double towards(Model o, double x) {
          return (a - o.a) * x + o.value(x) * this.b;
        }

        /** A double[]: inlined at the call. */
        double[] both(double x) {
          return new double[] {value(x), a * x * x};
        }
      }
      """;

  private static final String SIDE = """
      package p;

      enum Side {
        BUY(1), SELL(-1);
        final double sign;
        Side(double sign) { this.sign = sign; }
        double signed(double x) { return sign * x; }
      }
      """;

  private static final String CURVE = """
      package p;

      enum Curve {
        FLAT, STEEP;
        double rate(double t) {
          switch (this) {
            case FLAT:
              return 0.01 * t;
            default:
              return 0.05 * t * t;
          }
        }
        double discount(double t) {
          return Math.exp(-rate(t) * t);
        }
      }
      """;

  private static final String PRICING = """
      package p;

      import io.javagrad.Differentiable;

      public class Pricing {
        @Differentiable static double price(double s, double k, Payoff p, Model m, Side side) {
          return side.signed(p.pay(s, k)) + m.value(s);
        }

        @Differentiable static double portfolio(double s, double k) {
          double sum = 0;
          for (Payoff p : Payoff.values()) {
            sum += p.pay(s, k) * (p == Payoff.CALL ? 0.75 : 0.25);
          }
          return sum;
        }

        @Differentiable static double chosen(double s, double k) {
          Payoff p = s > k ? Payoff.PUT : Payoff.CALL;
          return p.pay(s, 1.2 * k) + Payoff.CALL.pay(s * s, k);
        }

        @Differentiable static double digital(double s, double k, Digital d) {
          return d.pay(s, k) * s;
        }

        @Differentiable static double curve(double t, Curve c) {
          return c.discount(t) * t;
        }

        @Differentiable static double twice(double x, Model m) {
          return m.twice(x);
        }

        @Differentiable static double bucketed(double x, Model m) {
          if (m.above(x)) {
            return x * m.bucket(x) + Payoff.PUT.pay(2, x);
          }
          return -x;
        }

        @Differentiable static double growth(double x, q.Rate rate) {
          return rate.grow(x) * Payoff.CALL.pay(x, 1);
        }

        @Differentiable static double vector(double x, Model m) {
          double[] v = m.both(x);
          return v[0] * v[1];
        }

        @Differentiable static double towards(double x, Model m, Model o) {
          return m.towards(o, x);
        }

        /** A vector-valued method making such calls, one of them inlined. */
        @Differentiable static double[] legs(double s, double k, Payoff p, Model m) {
          return new double[] {p.pay(s, k), m.value(s) * s, m.both(s)[1]};
        }

        static double discounted(Model m, double x) {
          return Math.exp(-0.1 * x) * m.value(x);
        }

        @Differentiable static double viaStatic(double x, Model m) {
          return discounted(m, x) + x;
        }
      }
      """;

  /** A public record of another package, whose companion-side calls name it qualified. */
  private static final String RATE = """
      package q;

      public record Rate(double r) {
        public double grow(double x) {
          return Math.exp(r * x) - r;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Payoff", PAYOFF, "p.Digital", DIGITAL, "p.Model", MODEL, "p.Side", SIDE,
        "p.Curve", CURVE, "p.Pricing", PRICING, "q.Rate", RATE).assertCleanSuccess();
  }

  private static Object constant(String type, String name) {
    for (Object constant : compiled.load(type).getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError("no constant " + type + "." + name);
  }

  private static Object model(double a, double b) {
    return construct(compiled, "p.Model", new Class<?>[] {double.class, double.class}, a, b);
  }

  /** A new object of the compiled class {@code type}, through its constructor taking {@code types}. */
  private static Object construct(Compiled c, String type, Class<?>[] types, Object... args) {
    try {
      Constructor<?> constructor = c.load(type).getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Pricing", method);
  }

  @Test
  void theExampleOfTheIssue() {
    for (String payoff : new String[] {"CALL", "PUT"}) {
      for (String side : new String[] {"BUY", "SELL"}) {
        for (double s : new double[] {0.6, 1.3}) {
          agreement("price").check(s, 1.0, constant("p.Payoff", payoff), model(0.5, 2.0), constant("p.Side", side));
        }
      }
    }
  }

  @Test
  void theConstantChoosesTheBody() {
    Object model = model(0.5, 2.0);
    Object buy = constant("p.Side", "BUY");
    double[] call = agreement("price").check(1.3, 1.0, constant("p.Payoff", "CALL"), model, buy);
    double[] put = agreement("price").check(1.3, 1.0, constant("p.Payoff", "PUT"), model, buy);
    // d/ds of max(s - k, 0) is 1 above the strike, of max(k - s, 0) is 0; the model adds the same to both.
    assertEquals(1.0, call[0] - put[0], 1e-12);
    assertEquals(-1.0, call[1] - put[1], 1e-12);
  }

  @Test
  void aConstantWithoutABodyOfItsOwnTakesTheEnumsMethod() {
    for (String digital : new String[] {"SMOOTH", "SHARP"}) {
      agreement("digital").check(1.1, 1.0, constant("p.Digital", digital));
    }
  }

  @Test
  void callsInALoopOverTheValues() {
    agreement("portfolio").check(1.3, 1.0);
    agreement("portfolio").check(0.7, 1.0);
  }

  @Test
  void aReceiverChosenAtRunTime() {
    agreement("chosen").check(1.3, 1.0);
    agreement("chosen").check(0.5, 1.0);
  }

  @Test
  void aSwitchOverTheEnumInTheMethodBody() {
    for (String curve : new String[] {"FLAT", "STEEP"}) {
      agreement("curve").check(0.8, constant("p.Curve", curve));
    }
  }

  @Test
  void aRecordMethodCallingAnotherMethodOfTheRecord() {
    agreement("twice").check(0.7, model(0.5, 2.0));
    String companion = compiled.generatedSource("p.PricingGrad");
    assertTrue(companion.contains("self.b()"), companion);
    assertTrue(companion.contains("self.a()"), companion);
  }

  @Test
  void anotherRecordsComponents() {
    agreement("towards").check(0.7, model(0.5, 2.0), model(1.5, -0.5));
    String companion = compiled.generatedSource("p.PricingGrad");
    assertTrue(companion.contains("o.a()"), companion);
  }

  @Test
  void aRecordMethodReturningAnIntRunsAsWritten() {
    agreement("bucketed").check(0.7, model(0.5, 2.0));
    agreement("bucketed").check(1.6, model(0.5, 2.0));
    agreement("bucketed").check(0.3, model(0.5, 2.0));
  }

  @Test
  void aPublicRecordOfAnotherPackage() {
    agreement("growth").check(1.4, construct(compiled, "q.Rate", new Class<?>[] {double.class}, 0.3));
  }

  @Test
  void aRecordMethodReturningAnArrayIsInlined() {
    agreement("vector").check(0.7, model(0.5, 2.0));
  }

  @Test
  void aVectorValuedMethodMakingSuchCalls() {
    for (String payoff : new String[] {"CALL", "PUT"}) {
      new VectorAgreement(compiled, "p.Pricing", "legs").check(1.3, 1.1, constant("p.Payoff", payoff),
          model(0.5, 2.0));
    }
  }

  @Test
  void aStaticHelperCallingARecordMethod() {
    agreement("viaStatic").check(0.7, model(0.5, 2.0));
  }

  @Test
  void aNullReceiverThrowsAsTheMethodDoes() {
    Class<?>[] types = {double.class, double.class, compiled.load("p.Payoff"), compiled.load("p.Model"),
        compiled.load("p.Side")};
    Object[] args = {1.3, 1.0, null, model(0.5, 2.0), constant("p.Side", "BUY")};
    assertThrows(NullPointerException.class, () -> compiled.call("p.Pricing", "price", types, args));
    assertThrows(NullPointerException.class, () -> compiled.call("p.PricingGrad", "price",
        GradientAgreement.append(types, double[].class), GradientAgreement.append(args, new double[2])));
  }

  /** A private field of an enum read by its method: it was an error; the companion reads it through a handle. */
  @Test
  void aPrivateFieldReadByTheMethodIsReadThroughAHandle() {
    Compiled both = Compiled.compile("p.Scale", """
        package p;

        enum Scale {
          UNIT(1.5);
          private final double factor;
          Scale(double factor) { this.factor = factor; }
          double apply(double x) {
            return factor * x * x;
          }
        }
        """, "p.User", """
        package p;

        import io.javagrad.Differentiable;

        public class User {
          @Differentiable static double f(double x, Scale s) {
            return s.apply(x);
          }
        }
        """).assertCleanSuccess();
    Object unit = both.load("p.Scale").getEnumConstants()[0];
    double[] gradient = new GradientAgreement(both, "p.User", "f").check(0.8, unit);
    assertEquals(2 * 1.5 * 0.8, gradient[0], 1e-15);
  }

  /** A final class's method: it was an error (only enums and records were followed); a final class has no subclass. */
  @Test
  void aMethodOfAFinalClassIsDifferentiated() throws Exception {
    Compiled both = Compiled.compile("p.Line", """
        package p;

        final class Line {
          private final double slope;
          Line(double slope) { this.slope = slope; }
          double at(double x) {
            return slope * x * x;
          }
        }
        """, "p.User", """
        package p;

        import io.javagrad.Differentiable;

        public class User {
          @Differentiable static double f(double x, Line line) {
            return line.at(x) + x;
          }
        }
        """).assertCleanSuccess();
    java.lang.reflect.Constructor<?> line = both.load("p.Line").getDeclaredConstructor(double.class);
    line.setAccessible(true);
    double[] gradient = new GradientAgreement(both, "p.User", "f").check(0.8, line.newInstance(2.5));
    assertEquals(2 * 2.5 * 0.8 + 1, gradient[0], 1e-15);
  }

  /**
   * Compiles {@code type} (p.Kind) with a user calling {@code call}; the error must be at {@code
   * line} of Kind, with {@code message}.
   */
  private static void assertKindError(String type, String call, String line, String message) {
    assertError(type, call, true, line, message);
  }

  /** As {@link #assertKindError}, the error in Kind if {@code inKind}, else at the call in User. */
  private static void assertError(String type, String call, boolean inKind, String line, String message) {
    JavaFileObject kind = JavaFileObjects.forSourceString("p.Kind", "package p;\n\n" + type);
    JavaFileObject user = JavaFileObjects.forSourceString("p.User", """
        package p;

        import io.javagrad.Differentiable;

        public class User {
          @Differentiable static double f(double x, Kind kind) {
            return %s;
          }
        }
        """.formatted(call));
    com.google.testing.compile.CompilationSubject.assertThat(FailingCompilation.compile(kind, user))
        .hadErrorContaining(message).inFile(inKind ? kind : user).onLineContaining(line);
  }

  @Test
  void aMethodOfAGenericRecordIsAnError() {
    JavaFileObject pair = JavaFileObjects.forSourceString("p.Tagged", """
        package p;

        record Tagged<T>(T tag, double scale) {
          double apply(double x) {
            return scale * x;
          }
        }
        """);
    JavaFileObject user = JavaFileObjects.forSourceString("p.User", """
        package p;

        import io.javagrad.Differentiable;

        public class User {
          @Differentiable static double f(double x, Tagged<String> tagged) {
            return tagged.apply(x);
          }
        }
        """);
    com.google.testing.compile.CompilationSubject.assertThat(FailingCompilation.compile(pair, user))
        .hadErrorContaining("make Tagged not generic, or make the method static").inFile(user)
        .onLineContaining("return tagged.apply(x);");
  }

  @Test
  void aPrivateMethodCalledByTheMethodIsAnError() {
    assertKindError("""
        enum Kind {
          ONE;
          private double half(double x) { return x / 2; }
          double apply(double x) {
            return half(x) + x;
          }
        }
        """, "kind.apply(x)", "return half(x) + x;", "Kind.half cannot be called by the generated companion");
    assertKindError("""
        enum Kind {
          ONE;
          private int count(double x) { return (int) x; }
          double apply(double x) {
            return count(x) * x;
          }
        }
        """, "kind.apply(x)", "return count(x) * x;", "Kind.count cannot be called by the generated companion");
  }

  /**
   * A component whose record declares its accessor, read by the record's method as the field: it
   * was an error (the companion read components through their accessors, which may give another
   * value); the companion now reads the field itself through a handle, as the method does.
   */
  @Test
  void aComponentWithAnAccessorOfItsOwnIsReadAsTheField() throws Exception {
    Compiled both = Compiled.compile("p.Kind", """
        package p;

        record Kind(double scale) {
          public double scale() {
            return Math.abs(scale);
          }
          double apply(double x) {
            return scale * x;
          }
        }
        """, "p.User", """
        package p;

        import io.javagrad.Differentiable;

        public class User {
          @Differentiable static double f(double x, Kind kind) {
            return kind.apply(x);
          }
        }
        """).assertCleanSuccess();
    java.lang.reflect.Constructor<?> kind = both.load("p.Kind").getDeclaredConstructor(double.class);
    kind.setAccessible(true);
    double[] gradient = new GradientAgreement(both, "p.User", "f").check(0.8, kind.newInstance(-2.0));
    assertEquals(-2.0, gradient[0], 0.0);
  }

  /**
   * An anonymous class in code run as written, in a static helper's body and in an enum's method:
   * the constructor javac gives it (its super() call has no text) is left as it is.
   */
  @Test
  void anAnonymousClassInCodeRunAsWritten() {
    Compiled c = Compiled.compile("p.Kind", """
        package p;
        enum Kind {
          ONE;
          double apply(double x) {
            java.util.function.DoubleSupplier two = new java.util.function.DoubleSupplier() {
              public double getAsDouble() {
                return 2;
              }
            };
            return two.getAsDouble() * x * x;
          }
        }
        """, "p.U", """
        package p;
        import io.javagrad.Differentiable;
        public class U {
          static double h(double x) {
            java.util.function.DoubleSupplier three = new java.util.function.DoubleSupplier() {
              public double getAsDouble() {
                return 3;
              }
            };
            return three.getAsDouble() * Math.sin(x);
          }
          @Differentiable static double f(double x, Kind kind) {
            return h(x) + kind.apply(x);
          }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.U", "f").check(0.8, c.load("p.Kind").getEnumConstants()[0]);
  }

  @Test
  void aClassInTheMethodReadingTheObjectIsAnError() {
    // A class of one method is inlined where it is applied, reading the object's scale there
    // (FunctionArgumentsTest); one that keeps a field of its own is an object run as written.
    assertKindError("""
        record Kind(double scale) {
          double apply(double x) {
            java.util.function.DoubleSupplier s = new java.util.function.DoubleSupplier() {
              private final double twice = 2 * scale;

              public double getAsDouble() {
                return twice;
              }
            };
            return s.getAsDouble() * x;
          }
        }
        """, "kind.apply(x)", "private final double twice = 2 * scale;", "a class declared in a method of an enum or"
        + " a record that javagrad differentiates cannot read scale there");
  }

  @Test
  void aMemberOfAConstantsBodyAloneIsAnError() {
    assertKindError("""
        enum Kind {
          ONE {
            double apply(double x) {
              return extra(x) + x;
            }
            double extra(double x) { return x * x; }
          };
          abstract double apply(double x);
        }
        """, "kind.apply(x)", "return extra(x) + x;", "extra is declared in the body of a constant of Kind and"
        + " overrides none of its methods, so the generated companion, which holds the constant as Kind, cannot call"
        + " it; declare it in Kind itself");
    assertKindError("""
        enum Kind {
          ONE {
            final double bonus = 0.5;
            double apply(double x) {
              return bonus * x;
            }
          };
          abstract double apply(double x);
        }
        """, "kind.apply(x)", "return bonus * x;", "bonus is declared in the body of an enum constant");
  }

  /** A record's method called in a stream's lambda, and by a @Differentiable method of the record itself. */
  @Test
  void aStreamsLambdaAndTheRecordsOwnDifferentiableMethod() {
    Compiled c = Compiled.compile("p.M", """
        package p;
        record M(double a) {
          double value(double x) { return a * x * x; }
          @io.javagrad.Differentiable static double own(double x, M m) { return m.value(x) + x; }
        }
        """, "p.U", """
        package p;
        import io.javagrad.Differentiable;
        import java.util.Arrays;
        public class U {
          @Differentiable static double f(double[] xs, M m) {
            return Arrays.stream(xs).map(v -> m.value(v)).sum();
          }
        }
        """).assertCleanSuccess();
    Object m = construct(c, "p.M", new Class<?>[] {double.class}, 0.7);
    new GradientAgreement(c, "p.U", "f").check(new double[] {0.3, 1.2}, m);
    new GradientAgreement(c, "p.M", "own").check(0.3, m);
  }

  /** An enum nested in the user's class, whose constants override its method. */
  @Test
  void aNestedEnum() {
    Compiled c = Compiled.compile("p.U", """
        package p;
        import io.javagrad.Differentiable;
        public class U {
          enum Rule {
            SQUARE { double apply(double x) { return x * x; } },
            SINE { double apply(double x) { return Math.sin(x); } };
            abstract double apply(double x);
          }
          @Differentiable static double f(double x, Rule rule) {
            return rule.apply(x) * x;
          }
        }
        """).assertCleanSuccess();
    for (Object rule : c.load("p.U$Rule").getEnumConstants()) {
      new GradientAgreement(c, "p.U", "f").check(1.3, rule);
    }
  }

  @Test
  void superInAConstantsBodyIsAnError() {
    assertKindError("""
        enum Kind {
          ONE { double apply(double x) { return super.apply(x) * 2; } };
          double apply(double x) {
            return x * x;
          }
        }
        """, "kind.apply(x)", "return super.apply(x) * 2;", "javagrad cannot tell the type of super.apply(x) here");
    assertKindError("""
        enum Kind {
          ONE {
            double apply(double x) {
              String name = super.toString();
              return name.length() * x;
            }
          };
          double apply(double x) {
            return x * x;
          }
        }
        """, "kind.apply(x)", "String name = super.toString();",
        "super is not supported in a method of an enum or a record");
  }

  @Test
  void anArrayMethodThatConstantsOverrideIsAnError() {
    assertError("""
        enum Kind {
          ONE { double[] both(double x) { return new double[] {x, 1}; } };
          double[] both(double x) {
            return new double[] {x, x};
          }
        }
        """, "kind.both(x)[0]", false, "return kind.both(x)[0];",
        "constants of Kind override it in bodies of their own");
  }

  /**
   * A record holding a record (its method called through the accessor), recursion through an
   * instance method, this passed on to a static helper, a local named like the receiver parameter;
   * an enum constant's body calling the enum's method and a static one of it, and reading its field.
   */
  @Test
  void recordsOfRecordsRecursionAndThisPassedOn() {
    Compiled c = Compiled.compile("p.M", """
        package p;
        record M(double a, N inner) {
          static final double HALF = 0.5;
          double value(double x) { double self = x * a; return self * HALF + inner.scale(x); }
          double pow(double x, int n) { return n == 0 ? 1 : x * pow(x, n - 1); }
          double viaThis(double x) { return Util.f(this, x) + inner().scale(x * x); }
        }
        """, "p.N", """
        package p;
        record N(double s) {
          double scale(double x) { return s * Math.sin(x); }
        }
        """, "p.Util", """
        package p;
        final class Util {
          static double f(M m, double x) { return m.value(x) * 2; }
        }
        """, "p.E", """
        package p;
        enum E {
          A(2) { double g(double x) { return twice(x) * sign + k(x); } },
          B(3);
          final double sign;
          E(double sign) { this.sign = sign; }
          double twice(double x) { return 2 * x * sign; }
          static double k(double x) { return x * x; }
          double g(double x) { return x; }
        }
        """, "p.U", """
        package p;
        import io.javagrad.Differentiable;
        public class U {
          @Differentiable static double f(double x, M m) {
            return m.value(x) + m.pow(x, 3) + m.viaThis(x) + m.inner().scale(x);
          }
          @Differentiable static double g(double x, E e) { return e.g(x) + E.A.g(x * x); }
        }
        """).assertCleanSuccess();
    Object n = construct(c, "p.N", new Class<?>[] {double.class}, 0.7);
    Object m = construct(c, "p.M", new Class<?>[] {double.class, c.load("p.N")}, 1.3, n);
    new GradientAgreement(c, "p.U", "f").check(0.9, m);
    for (Object e : c.load("p.E").getEnumConstants()) {
      new GradientAgreement(c, "p.U", "g").check(0.9, e);
    }
  }

  /**
   * A record method that writes into its caller's array, one taking double..., one whose lambda
   * reads a component, one called in a test; an enum field that is not final, read twice.
   */
  @Test
  void arrayWritersVarargsLambdasAndMutableFields() {
    Compiled c = Compiled.compile("p.M", """
        package p;
        record M(double a) {
          void fill(double[] out, double x) { out[0] = a * x; out[1] = x * x; }
          double sum(double... v) { double s = 0; for (double e : v) { s += e * a; } return s; }
          double lam(double x) { java.util.function.DoubleSupplier s = () -> a; return s.getAsDouble() * x; }
        }
        """, "p.E", """
        package p;
        enum E {
          A, B;
          double level = 1;
          double g(double x) { return level * x + level * Math.sin(x * level); }
        }
        """, "p.U", """
        package p;
        import io.javagrad.Differentiable;
        public class U {
          @Differentiable static double f(double x, M m) {
            double[] out = new double[2];
            m.fill(out, x);
            double t = 0;
            if (m.lam(x) > 0.5) { t = m.lam(x); }
            return out[0] * out[1] + m.sum(x, x * x, 3) + t;
          }
          @Differentiable static double g(double x, E e) { return e.g(x); }
        }
        """).assertCleanSuccess();
    Object m = construct(c, "p.M", new Class<?>[] {double.class}, 1.3);
    new GradientAgreement(c, "p.U", "f").check(0.9, m);
    new GradientAgreement(c, "p.U", "f").check(0.1, m);
    for (Object e : c.load("p.E").getEnumConstants()) {
      new GradientAgreement(c, "p.U", "g").check(0.9, e);
    }
  }
}
