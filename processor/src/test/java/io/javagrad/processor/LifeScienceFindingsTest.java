package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the life-science, Bayesian and ranking corpora (corpus/LifeSciences.java,
 * corpus/Bayesian.java, corpus/Ranking.java), each reduced to the construct that failed.
 */
class LifeScienceFindingsTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;
      import java.util.Comparator;
      import java.util.function.Supplier;
      import java.util.stream.IntStream;

      public class Bio {
        /** log k! for small k, built by a helper in the initializer: what the table error says to write. */
        private static final double[] LOG_FACTORIAL = logFactorials(8);

        /** A record with a compact constructor beside the copied table: javac must not attribute it early. */
        public record Prior(double scale) {
          public Prior {
            if (!(scale > 0)) {
              throw new IllegalArgumentException("scale " + scale);
            }
          }
        }

        private static double[] logFactorials(int size) {
          double[] table = new double[size];
          for (int k = 1; k < size; k++) {
            table[k] = table[k - 1] + Math.log(k);
          }
          return table;
        }

        /** A Poisson log-likelihood whose log k! comes from the private table. */
        @Differentiable static double poisson(double rate, int[] counts) {
          double ll = 0;
          for (int k : counts) {
            ll += k * Math.log(rate) - rate - LOG_FACTORIAL[k];
          }
          return ll;
        }

        /** A stream's max ended by orElseThrow(), Java 10's name for getAsDouble(): it was refused. */
        @Differentiable static double softmaxDenominator(double[] scores) {
          double max = Arrays.stream(scores).max().orElseThrow();
          double sum = 0;
          for (double s : scores) {
            sum += Math.exp(s - max);
          }
          return max + Math.log(sum);
        }

        /** orElseThrow given a supplier: it was refused as a derivative lost in code run as written. */
        @Differentiable static double maxOrSupplied(double[] x) {
          return Arrays.stream(x).max().orElseThrow(() -> new IllegalStateException("no values: " + x.length)) * 2;
        }

        @Differentiable static double minOrConstructed(double[] x) {
          return Arrays.stream(x).min().orElseThrow(IllegalStateException::new) * 3;
        }

        @Differentiable static double averageOrGiven(double[] x, Supplier<IllegalArgumentException> error) {
          return Arrays.stream(x).average().orElseThrow(error) * 4;
        }

        /**
         * An argsort by Comparator.comparingDouble, whose key only decides the order: it was refused
         * as a derivative lost in a lambda. The lambda's parameter is named as the loop counter before
         * it, which the companion declares at the method's level: the companion did not compile.
         */
        @Differentiable static double rankWeighted(double[] x) {
          Integer[] order = new Integer[x.length];
          for (int i = 0; i < order.length; i++) {
            order[i] = i;
          }
          Arrays.sort(order, Comparator.comparingDouble((Integer i) -> x[i]).reversed());
          double s = 0;
          for (int r = 0; r < order.length; r++) {
            s += (r + 1) * x[order[r]];
          }
          return s;
        }

        /** The same clash in a comparator of two parameters and in a predicate: the companion did not compile. */
        @Differentiable static double positivePart(double[] x) {
          Integer[] order = new Integer[x.length];
          for (int a = 0; a < order.length; a++) {
            order[a] = a;
          }
          Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
          long positive = IntStream.range(0, x.length).filter(a -> x[a] > 0).count();
          return x[order[order.length - 1]] * positive;
        }

        /** The same clash with a catch's parameter and a try block's local, named as earlier loop variables. */
        @Differentiable static double scaledBy(double[] x, String s) {
          double sum = 0;
          for (double e : x) {
            sum += e * e;
          }
          for (int i = 0; i < x.length; i++) {
            sum += x[i];
          }
          int scale;
          try {
            int i = Integer.parseInt(s);
            scale = i;
          } catch (NumberFormatException e) {
            scale = 3;
          }
          return sum * scale;
        }
      }
      """;

  private static Compiled bio;

  @BeforeAll
  static void compile() {
    bio = Compiled.compile("p.Bio", SOURCE);
  }

  @Test
  void compilesCleanly() {
    bio.assertCleanSuccess();
  }

  @Test
  void tableBuiltByAHelperInItsInitializerIsCopiedWhole() {
    int[] counts = {3, 0, 7, 2};
    new GradientAgreement(bio, "p.Bio", "poisson").check(2.5, counts);
    double expected = 0;
    for (int k : counts) {
      double logFactorial = 0;
      for (int j = 2; j <= k; j++) {
        logFactorial += Math.log(j);
      }
      expected += k * Math.log(2.5) - 2.5 - logFactorial;
    }
    double value = (Double) bio.call("p.BioGrad", "poisson", new Class<?>[] {double.class, int[].class, double[].class},
        2.5, counts, new double[1]);
    assertEquals(expected, value, 1e-12);
  }

  @Test
  void streamMaxEndedByOrElseThrow() {
    new GradientAgreement(bio, "p.Bio", "softmaxDenominator").check((Object) new double[] {1.2, -0.3, 2.0});
    NoSuchElementException empty = assertThrows(NoSuchElementException.class, () -> bio.call("p.BioGrad",
        "softmaxDenominator", new Class<?>[] {double[].class, double[].class}, new double[0], new double[0]));
    assertEquals("No value present", empty.getMessage());
  }

  @Test
  void streamReductionEndedByOrElseThrowWithASupplier() {
    double[] x = {1.2, -0.3, 2.0};
    new GradientAgreement(bio, "p.Bio", "maxOrSupplied").check((Object) x);
    new GradientAgreement(bio, "p.Bio", "minOrConstructed").check((Object) x);
    Supplier<IllegalArgumentException> error = () -> new IllegalArgumentException("empty sample");
    new GradientAgreement(bio, "p.Bio", "averageOrGiven").check(x, error);
    Class<?>[] oneArray = {double[].class, double[].class};
    IllegalStateException supplied = assertThrows(IllegalStateException.class,
        () -> bio.call("p.BioGrad", "maxOrSupplied", oneArray, new double[0], new double[0]));
    assertEquals("no values: 0", supplied.getMessage());
    IllegalStateException constructed = assertThrows(IllegalStateException.class,
        () -> bio.call("p.BioGrad", "minOrConstructed", oneArray, new double[0], new double[0]));
    assertEquals(null, constructed.getMessage());
    IllegalArgumentException given = assertThrows(IllegalArgumentException.class, () -> bio.call("p.BioGrad",
        "averageOrGiven", new Class<?>[] {double[].class, Supplier.class, double[].class}, new double[0], error,
        new double[0]));
    assertEquals("empty sample", given.getMessage());
  }

  @Test
  void comparatorKeyOnlyOrdersAndLambdaParametersGetNamesOfTheirOwn() {
    new GradientAgreement(bio, "p.Bio", "rankWeighted").check((Object) new double[] {0.3, 1.2, -0.4, 0.8});
    new GradientAgreement(bio, "p.Bio", "positivePart").check((Object) new double[] {0.3, 1.2, -0.4, 0.8});
    new GradientAgreement(bio, "p.Bio", "scaledBy").check(new double[] {0.3, 1.2}, "2");
    new GradientAgreement(bio, "p.Bio", "scaledBy").check(new double[] {0.3, 1.2}, "two");
  }

  /**
   * A value with a derivative kept by a collection, or computed inside a try statement: still
   * refused, but the errors said to annotate the code @Differentiable or give it @DerivativeOf,
   * which list.add and a try cannot take; they now say what to write.
   */
  @Test
  void collectionAndTryStatementSayWhatToWrite() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Kept", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Kept {
          @Differentiable static double kept(double[] x) {
            List<double[]> states = new ArrayList<>();
            states.add(x);
            return states.get(0)[0];
          }

          @Differentiable static double tried(double x) {
            double v;
            try {
              v = Math.log(x);
            } catch (ArithmeticException e) {
              v = 0;
            }
            return v;
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), FailingCompilation.describe(compilation));
    String kept = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(kept.contains("a collection keeps x, and javagrad follows derivatives through double values and"
        + " arrays only") && kept.contains("rows[k] = y.clone()"), kept);
    assertEquals(17, compilation.errors().get(1).getLineNumber());
    String tried = compilation.errors().get(1).getMessage(Locale.ROOT);
    assertTrue(tried.contains("a try statement runs as written, and javagrad does not differentiate inside it")
        && tried.contains("compute the value from x outside it"), tried);
  }

  /**
   * A lambda given to a generic helper: still refused (the helper's type variables would mean
   * nothing where its body is inlined), but the error said the lambda was given where javagrad
   * cannot follow it, naming as what it follows a lambda given to a helper: what the code did.
   */
  @Test
  void lambdaGivenToAGenericHelperSaysTheHelperIsGeneric() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Clearance", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.List;
        import java.util.function.ToDoubleFunction;

        public class Clearance {
          public record Patient(double weight) {}

          private static <T> double sumOver(List<T> items, ToDoubleFunction<T> f) {
            double s = 0;
            for (T item : items) {
              s += f.applyAsDouble(item);
            }
            return s;
          }

          @Differentiable static double loss(double cl0, double allometry, List<Patient> patients) {
            return sumOver(patients, p -> cl0 * Math.pow(p.weight() / 70, allometry));
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertEquals(19, error.getLineNumber());
    assertTrue(error.getMessage(Locale.ROOT).startsWith("Clearance.sumOver is generic (<T>), and javagrad follows a"
        + " function (or a row of a double[][]) given to a helper by inlining the helper's body"), error.toString());
  }

  /**
   * A private table filled by a static initializer block: the companion copied the field with its
   * initializer alone (new double[16], all zeros), so the gradient entry's value was wrong (the
   * Bayesian corpus' Poisson likelihood was off by the sum of log k!). It was then an error at the
   * read; now the companion reads such a table itself, through a handle, and sees what the class
   * filled in or changed later (an element write in a method). A private map of a generic type
   * would need an unchecked cast to be read that way, and stays an error saying what to write.
   */
  @Test
  void privateTableChangedAfterItsInitializerIsReadThroughAHandle() throws Exception {
    Compiled compiled = Compiled.compile("p.Filled", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Filled {
          private static final double[] LOG_FACTORIAL = new double[16];
          private static final double[] WEIGHTS = new double[4];
          private static final double[] READ_ONLY = {1, 2, 3};

          static {
            for (int k = 1; k < LOG_FACTORIAL.length; k++) {
              LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
            }
            double unused = -READ_ONLY[0];
          }

          static void reweigh(int i) {
            Filled.WEIGHTS[i]++;
          }

          @Differentiable static double table(double x, int k) {
            return x * LOG_FACTORIAL[k];
          }

          @Differentiable static double weights(double x) {
            return x * WEIGHTS[1];
          }

          @Differentiable static double readOnly(double x) {
            return x * READ_ONLY[2] + Arrays.stream(READ_ONLY).sum();
          }
        }
        """).assertCleanSuccess();
    double[] table = new GradientAgreement(compiled, "p.Filled", "table").check(0.7, 5);
    assertEquals(Math.log(120), table[0], 1e-12);
    java.lang.reflect.Method reweigh = compiled.load("p.Filled").getDeclaredMethod("reweigh", int.class);
    reweigh.setAccessible(true);
    reweigh.invoke(null, 1);
    double[] weights = new GradientAgreement(compiled, "p.Filled", "weights").check(0.7);
    assertEquals(1.0, weights[0], 0.0);
    new GradientAgreement(compiled, "p.Filled", "readOnly").check(0.7);

    JavaFileObject file = JavaFileObjects.forSourceString("p.Rates", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.HashMap;
        import java.util.Map;

        public class Rates {
          private static final Map<String, Double> RATES = new HashMap<>();

          static {
            RATES.put("base", 0.05);
          }

          @Differentiable static double map(double x) {
            return x * RATES.get("base");
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(1, compilation.errors().size(), FailingCompilation.describe(compilation));
    assertTrue(compilation.errors().get(0).getMessage(Locale.ROOT).startsWith("RATES is private, so the generated"
        + " companion cannot read it by name, and a copy would run its initializer alone, and Rates changes it"
        + " afterwards (RATES.put(\"base\", 0.05)); make it package-private"),
        () -> FailingCompilation.describe(compilation));
  }

  /**
   * A private static final random generator: the companion copied it, so its draws were its own,
   * not the ones the original's generator gives next (a companion called after the method gave the
   * first draw again, not the second). It was then an error; now the companion draws from the
   * class's own generator, read through a handle, so its draw is the one the method would make next.
   */
  @Test
  void privateRandomGeneratorIsSharedNotCopied() {
    Compiled compiled = Compiled.compile("p.Noise", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Random;

        public class Noise {
          private static final Random RNG = new Random(7);

          @Differentiable static double jittered(double x) {
            return x * (1 + 0.1 * RNG.nextGaussian());
          }
        }
        """).assertCleanSuccess();
    java.util.Random same = new java.util.Random(7);
    double first = same.nextGaussian();
    double second = same.nextGaussian();
    Object primal = compiled.call("p.Noise", "jittered", new Class<?>[] {double.class}, 2.0);
    assertEquals(2.0 * (1 + 0.1 * first), (Double) primal, 0.0);
    double[] gradient = new double[1];
    Object value = compiled.call("p.NoiseGrad", "jittered", new Class<?>[] {double.class, double[].class}, 2.0,
        gradient);
    assertEquals(2.0 * (1 + 0.1 * second), (Double) value, 0.0);
    assertEquals(1 + 0.1 * second, gradient[0], 0.0);
  }

  /**
   * An object made of values with derivatives (the SEIR rates in a record): still refused, but the
   * message said to annotate it @Differentiable or give @DerivativeOf, which a constructor cannot
   * take; it now says to pass the doubles themselves.
   */
  @Test
  void objectMadeOfValuesWithDerivativesSaysToPassTheDoubles() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Rates", """
        package p;

        import io.javagrad.Differentiable;

        public class Rates {
          record Seir(double beta, double gamma, Object region) {}

          @Differentiable static double made(double beta, double gamma) {
            Seir rates = new Seir(beta, gamma, "north");
            return rates.beta() / rates.gamma();
          }
        }
        """);
    Compilation compilation = FailingCompilation.compile(file);
    assertEquals(2, compilation.errors().size(), FailingCompilation.describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertEquals(9, error.getLineNumber());
      String message = error.getMessage(Locale.ROOT);
      assertTrue(message.contains("new Seir(...) makes an object, and javagrad follows derivatives through double"
          + " values and arrays only") && message.contains("a constructor cannot be annotated @Differentiable")
          && !message.contains("annotate it @Differentiable where its source is"), message);
    }
  }
}
