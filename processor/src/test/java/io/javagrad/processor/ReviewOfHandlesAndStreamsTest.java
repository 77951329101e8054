package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An adversarial review of the handles on private fields (4f3ec68, a3fd131), streams collected by
 * toArray() (5ac2937), compact constructors (acb500d), the wider check of code run as written given
 * an object that reaches the result (34d1c2b), and the record fixes (724b79b, 969fccd).
 *
 * <p>Each probe either compiles cleanly (-Xlint:all, --release 17) and agrees with the twin, central
 * differences, the pullback, the tangent and the second-order entries, or is refused in the user's
 * file. The tests with a comment "Found by this review, fixed" are the bugs found, each fixed since: companion members named
 * by simple names (two tables or two enums of one simple name read as one: a wrong value, silently,
 * or a ClassCastException), a copy declared before the handle it reads, a handle naming a private
 * type, private static fields read qualified, a copy whose initializer reads a field changed
 * later, and a record whose compact constructor runs again where it is rebuilt for code run as written. With -Dreview.dump=DIR each clean compilation's companion, and what each probe found, are
 * written to DIR.
 */
class ReviewOfHandlesAndStreamsTest {

  private static Compiled clean(String name, String source) {
    Compiled compiled = Compiled.compile(name, source);
    dump(name, compiled);
    return compiled.assertCleanSuccess();
  }

  private static void dump(String name, Compiled compiled) {
    String dir = System.getProperty("review.dump");
    if (dir != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(dir, name + ".txt"),
            compiled.diagnostics() + "\n" + compiled.generatedSources());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static double[] agree(Compiled compiled, String owner, String method, Object... args) {
    return new GradientAgreement(compiled, owner, method).check(args);
  }

  private static Object invoke(Compiled compiled, String owner, String method, Class<?>[] types, Object... args)
      throws Exception {
    Method m = compiled.load(owner).getDeclaredMethod(method, types);
    m.setAccessible(true);
    return m.invoke(null, args);
  }

  // ----- handles on private static fields

  /** Two nested classes of one simple name, each with a private table its static block fills. */
  // Found by this review, fixed: two private static tables A.T.W and B.T.W read through handles share one companion field T$W (MemberCopies.handle names it by simple names), so B.T.W is read as A.T.W: the gradient entry returns 1.75 where the method returns 8.5, silently
  @Test
  void handlesOnSameNamedFieldsOfSameNamedClasses() {
    Compiled compiled = clean("p.Twins", """
        package p;

        import io.javagrad.Differentiable;

        public class Twins {
          static class A {
            static class T {
              private static final double[] W = new double[3];
              static { for (int i = 0; i < 3; i++) { W[i] = i + 1; } }
              static double w(double v, int i) { return v * W[i]; }
            }
          }
          static class B {
            static class T {
              private static final double[] W = new double[3];
              static { for (int i = 0; i < 3; i++) { W[i] = 10 * (i + 1); } }
              static double w(double v, int i) { return v * W[i]; }
            }
          }

          @Differentiable static double f(double x) {
            return A.T.w(x, 1) + x * B.T.w(x, 2);
          }
        }
        """);
    double[] g = agree(compiled, "p.Twins", "f", 0.5);
    assertEquals(2 + 2 * 0.5 * 30, g[0], 1e-12);
  }

  /** A private table of a private nested class, filled by its static block. */
  @Test
  void privateTableOfAPrivateNestedClassIsRefusedAtTheRead() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Hidden", """
        package p;

        import io.javagrad.Differentiable;

        public class Hidden {
          private static final class Tables {
            private static final double[] T = new double[4];
            static { for (int i = 0; i < 4; i++) { T[i] = Math.sqrt(i); } }
          }

          @Differentiable static double f(double x) {
            return x * Tables.T[2] + Math.sin(x * Tables.T[3]);
          }
        }
        """);
    // A clean refusal at the read, though a handle (Class.forName of p.Hidden$Tables) could read it.
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("Tables cannot be named by the generated companion")
        .inFile(file).onLineContaining("return x * Tables.T[2]");
  }

  /** Fields of other types than double[]: set by a static block, without an initializer. */
  @Test
  void handlesOnFieldsOfOtherTypes() {
    Compiled compiled = clean("p.Kinds", """
        package p;

        import io.javagrad.Differentiable;

        public class Kinds {
          private static final double[][] M = new double[2][2];
          private static final int[] IDX = new int[2];
          private static final long[] L = new long[1];
          private static final double C;
          private static final int N;
          private static final long BIG;
          private static final boolean FLAG;
          private static final char SIGN;
          private static final String NAME;
          static {
            M[0][0] = 2; M[1][1] = 3; M[0][1] = -1;
            IDX[0] = 1; IDX[1] = 0;
            L[0] = 5L;
            C = Math.sqrt(2);
            N = 3;
            BIG = 1L << 40;
            FLAG = true;
            SIGN = '-';
            NAME = "k" + N;
          }

          @Differentiable static double f(double x, double y) {
            double s = M[IDX[0]][1] * x + M[0][IDX[0]] * y + L[0] * x * y + C * x;
            for (int i = 0; i < N; i++) { s += x * i; }
            if (FLAG && SIGN == '-' && BIG > 0 && NAME.length() == 2) { s = -s; }
            return s;
          }
        }
        """);
    agree(compiled, "p.Kinds", "f", 0.4, -0.9);
  }

  /** The differentiated method writes the elements of a private static table itself. */
  @Test
  void privateStaticTableWrittenByTheMethodItselfIsRefused() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Scratch", """
        package p;

        import io.javagrad.Differentiable;

        public class Scratch {
          private static final double[] K = new double[3];
          static { K[0] = 1; }

          @Differentiable static double constantWrite(double x) {
            K[1] = 4.0;
            return x * K[1] + K[0];
          }
        }
        """);
    // Refused at the write, older than the handles; the message misleads: K is a double[].
    assertThat(FailingCompilation.compile(file))
        .hadErrorContaining("only elements of double[] and double[][] arrays can be written: K[1]")
        .inFile(file).onLineContaining("K[1] = 4.0;");
  }

  /** A derivative written into a private static table by the method: an error, or followed. */
  @Test
  void derivativeWrittenIntoAPrivateStaticTable() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Stash", """
        package p;

        import io.javagrad.Differentiable;

        public class Stash {
          private static final double[] K = new double[3];
          static { K[0] = 1; }

          @Differentiable static double f(double x) {
            K[1] = x * x;
            return K[1] * x;
          }
        }
        """);
    Compilation compilation = Compiled.compile("p.Stash", sourceOf(file)).compilation();
    if (compilation.status() == Compilation.Status.SUCCESS) {
      Compiled compiled = clean("p.Stash", sourceOf(file));
      double[] g = agree(compiled, "p.Stash", "f", 0.7);
      assertEquals(3 * 0.49, g[0], 1e-12);
    } else {
      FailingCompilation.compile(file);
    }
  }

  /** A static block that reads other private fields, some copied, some read through handles. */
  // Found by this review, fixed: a private static final field copied with an initializer that reads a field read through a handle (C = B.clone(), B filled by a static block) is declared before the handle: the companion does not compile (illegal forward reference)
  @Test
  void staticBlockReadingOtherPrivateFields() {
    Compiled compiled = clean("p.Chain", """
        package p;

        import io.javagrad.Differentiable;

        public class Chain {
          private static final double[] A = {1, 2, 3};
          private static final double SCALE = 0.5;
          private static final double[] B = new double[3];
          private static final double[] C = B.clone();
          static {
            for (int i = 0; i < 3; i++) { B[i] = A[i] * SCALE + C.length; }
          }

          @Differentiable static double f(double x) {
            return A[2] * x + B[2] * x * x + SCALE * C[0];
          }
        }
        """);
    double[] g = agree(compiled, "p.Chain", "f", 0.25);
    assertEquals(3 + 2 * 0.25 * 4.5, g[0], 1e-12);
  }

  /** A private random generator of a nested class, and the class's own private generator. */
  // Found by this review, fixed: a private static Random of a nested class read qualified (Other.RNG.nextDouble()) is written as Dice.Other.RNG in the companion, which does not compile (RNG has private access); the unqualified RNG is read through a handle
  @Test
  void privateRandomGeneratorsOfTwoClasses() throws Exception {
    Compiled compiled = clean("p.Dice", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Random;

        public class Dice {
          private static final Random RNG = new Random(1);
          static final class Other {
            private static final Random RNG = new Random(2);
          }

          static double draws() {
            return RNG.nextDouble() + Other.RNG.nextDouble();
          }

          @Differentiable static double f(double x) {
            return x * (RNG.nextDouble() + 10 * Other.RNG.nextDouble());
          }
        }
        """);
    double[] grad = new double[1];
    Object value = invoke(compiled, "p.DiceGrad", "f", new Class<?>[] {double.class, double[].class}, 1.0, grad);
    java.util.Random one = new java.util.Random(1);
    java.util.Random two = new java.util.Random(2);
    assertEquals(one.nextDouble() + 10 * two.nextDouble(), (Double) value, 0.0);
    assertEquals((Double) value, grad[0], 0.0);
  }

  /** A private static final field named like the companion's handle methods. */
  @Test
  void fieldAndMethodNamedLikeTheCompanionsHandleMembers() {
    Compiled compiled = clean("p.Named", """
        package p;

        import io.javagrad.Differentiable;

        public class Named {
          private static final double[] staticFieldHandle = new double[2];
          private static final double[] fieldHandle = new double[2];
          static { staticFieldHandle[1] = 3; fieldHandle[0] = 2; }

          @Differentiable static double f(double x) {
            return x * staticFieldHandle[1] * fieldHandle[0];
          }

          @Differentiable static double staticFieldHandle(double x) {
            return x * x * staticFieldHandle[1];
          }
        }
        """);
    agree(compiled, "p.Named", "f", 0.5);
    agree(compiled, "p.Named", "staticFieldHandle", 0.5);
  }


  // ----- minimal forms of a private static field of a nested class, read qualified

  // Found by this review, fixed: a private static field of a nested class read qualified (T.W[1]) is written as Qual.T.W in the companion, which does not compile (W has private access in p.Qual.T); older than the handles
  @Test
  void qualifiedPrivateStaticFieldOfANestedClassWithAnInitializer() {
    Compiled compiled = clean("p.Qual", """
        package p;

        import io.javagrad.Differentiable;

        public class Qual {
          static class T {
            private static final double[] W = {1, 2, 3};
          }

          @Differentiable static double f(double x) {
            return x * T.W[1];
          }
        }
        """);
    agree(compiled, "p.Qual", "f", 0.5);
  }

  // Found by this review, fixed: a private static field read qualified (Own.W[1]) is written as Own.W in the companion, which does not compile (W has private access), though the unqualified W[1] is read through a handle; older than the handles
  @Test
  void qualifiedPrivateStaticFieldOfTheUsersOwnClass() {
    Compiled compiled = clean("p.Own", """
        package p;

        import io.javagrad.Differentiable;

        public class Own {
          private static final double[] W = new double[3];
          static { W[1] = 2; }

          @Differentiable static double f(double x) {
            return x * Own.W[1];
          }
        }
        """);
    double[] g = agree(compiled, "p.Own", "f", 0.5);
    assertEquals(2.0, g[0], 0.0);
  }

  @Test
  void unqualifiedPrivateStaticFieldOfANestedClassReadInItsOwnMethod() {
    Compiled compiled = clean("p.Inside", """
        package p;

        import io.javagrad.Differentiable;

        public class Inside {
          static class T {
            private static final double[] W = new double[3];
            static { W[1] = 2; }
            static double scaled(double v) { return v * W[1]; }
          }

          @Differentiable static double f(double x) {
            return T.scaled(x) * x;
          }
        }
        """);
    double[] g = agree(compiled, "p.Inside", "f", 0.5);
    assertEquals(2.0, g[0], 0.0);
  }

  // ----- handles on private instance fields

  /** An enum's private fields of several types; a constant-specific body calls a method that reads them. */
  @Test
  void enumPrivateFieldsOfSeveralTypesAndConstantBodies() {
    Compiled compiled = clean("p.Shapes", """
        package p;

        import io.javagrad.Differentiable;

        public class Shapes {
          enum Kind {
            SQUARE(2, new double[][] {{1, 2}, {3, 4}}, 'q', true, 7L) {
              @Override double area(double s) { return s * weight(s); }
            },
            LINE(1, new double[][] {{0.5}}, 'l', false, 3L) {
              @Override double area(double s) { return weight(s) * s + first() + dims(); }
            };

            private final int dims;
            private final double[][] m;
            private final char tag;
            private final boolean filled;
            private final long id;

            Kind(int dims, double[][] m, char tag, boolean filled, long id) {
              this.dims = dims; this.m = m; this.tag = tag; this.filled = filled; this.id = id;
            }

            double first() { return m[0][0]; }

            int dims() { return dims; }

            double weight(double s) { return filled && tag == 'q' ? s * m[1][1] * dims + id : s * m[0][0] + (dims + tag) * s; }

            abstract double area(double s);
          }

          @Differentiable static double f(Kind k, double s) {
            return k.area(s) + k.weight(s) * s;
          }
        }
        """);
    Object[] kinds = compiled.load("p.Shapes$Kind").getEnumConstants();
    agree(compiled, "p.Shapes", "f", kinds[0], 0.7);
    agree(compiled, "p.Shapes", "f", kinds[1], 0.7);
  }

  /** An enum's private field that another method changes between calls. */
  @Test
  void enumPrivateFieldThatIsNotFinal() throws Exception {
    Compiled compiled = clean("p.Tunable", """
        package p;

        import io.javagrad.Differentiable;

        public class Tunable {
          enum Gain {
            LOW(0.5), HIGH(2);

            private double factor;

            Gain(double factor) { this.factor = factor; }

            void tune(double f) { factor = f; }

            double apply(double x) { return factor * x * x; }
          }

          @Differentiable static double f(Gain g, double x) {
            return g.apply(x) + Math.sin(x);
          }
        }
        """);
    Class<?> gain = compiled.load("p.Tunable$Gain");
    Object low = gain.getEnumConstants()[0];
    double[] before = agree(compiled, "p.Tunable", "f", low, 0.3);
    Method tune = gain.getDeclaredMethod("tune", double.class);
    tune.setAccessible(true);
    tune.invoke(low, 3.0);
    double[] after = agree(compiled, "p.Tunable", "f", low, 0.3);
    assertEquals(3.0 * 0.6 + Math.cos(0.3), after[0], 1e-12);
    assertEquals(0.5 * 0.6 + Math.cos(0.3), before[0], 1e-12);
  }

  /** An enum method that counts its calls in a private field, inlined where it is called. */
  @Test
  void enumMethodWritingItsPrivateField() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Counting", """
        package p;

        import io.javagrad.Differentiable;

        public class Counting {
          enum Op {
            SQUARE;

            private int calls;
            private double last;

            double apply(double x) {
              calls++;
              this.last = 1.0;
              return x * x + calls * 0.0 + last;
            }
          }

          @Differentiable static double f(Op op, double x) {
            return op.apply(x);
          }
        }
        """);
    Compilation compilation = Compiled.compile("p.Counting", sourceOf(file)).compilation();
    note("p.Counting: " + FailingCompilation.describe(compilation));
    if (compilation.status() == Compilation.Status.SUCCESS) {
      Compiled compiled = clean("p.Counting", sourceOf(file));
      agree(compiled, "p.Counting", "f", compiled.load("p.Counting$Op").getEnumConstants()[0], 0.4);
    } else {
      FailingCompilation.compile(file);
    }
  }

  /** Two enums of one simple name, in two nested classes, each with a private field of one name. */
  // Found by this review, fixed: private fields A.Mode.k and B.Mode.k share one companion handle Mode$k made on A.Mode, so reading B.Mode.k throws ClassCastException (Cannot cast p.Pair$B$Mode to p.Pair$A$Mode) from the companion at run time
  @Test
  void instanceHandlesOfSameNamedEnums() {
    Compiled compiled = clean("p.Pair", """
        package p;

        import io.javagrad.Differentiable;

        public class Pair {
          static class A {
            enum Mode { ON(2); private final double k; Mode(double k) { this.k = k; } double of(double x) { return k * x; } }
          }
          static class B {
            enum Mode { ON(5); private final double k; Mode(double k) { this.k = k; } double of(double x) { return k * x * x; } }
          }

          @Differentiable static double f(A.Mode a, B.Mode b, double x) {
            return a.of(x) + b.of(x);
          }
        }
        """);
    Object a = compiled.load("p.Pair$A$Mode").getEnumConstants()[0];
    Object b = compiled.load("p.Pair$B$Mode").getEnumConstants()[0];
    double[] g = agree(compiled, "p.Pair", "f", a, b, 0.5);
    assertEquals(2 + 5, g[0], 1e-12);
  }

  /** An enum in another package with a private field, read by its public method. */
  @Test
  void enumOfAnotherPackageWithAPrivateField() {
    Compiled compiled = Compiled.compile(
        "q.Species", """
        package q;

        public enum Species {
          WATER(8.07, 1730.6);

          private final double a;
          private final double b;

          Species(double a, double b) { this.a = a; this.b = b; }

          public double pressure(double t) { return Math.pow(10, a - b / t); }
        }
        """,
        "p.Vap", """
        package p;

        import io.javagrad.Differentiable;
        import q.Species;

        public class Vap {
          @Differentiable static double f(Species s, double t) {
            return Math.log(s.pressure(t));
          }
        }
        """).assertCleanSuccess();
    agree(compiled, "p.Vap", "f", compiled.load("q.Species").getEnumConstants()[0], 373.0);
  }

  /** A private field of a private nested enum type: the companion cannot name the cast's type. */
  @Test
  void enumPrivateFieldOfAPrivateType() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Modes", """
        package p;

        import io.javagrad.Differentiable;

        public class Modes {
          private enum Speed { FAST, SLOW }

          enum Car {
            A(Speed.FAST), B(Speed.SLOW);

            private final Speed speed;

            Car(Speed speed) { this.speed = speed; }

            double cost(double x) { return speed == Speed.FAST ? 2 * x * x : x; }
          }

          @Differentiable static double f(Car c, double x) {
            return c.cost(x);
          }
        }
        """);
    Compilation compilation = Compiled.compile("p.Modes", sourceOf(file)).compilation();
    note("p.Modes: " + FailingCompilation.describe(compilation));
    if (compilation.status() == Compilation.Status.SUCCESS) {
      Compiled compiled = clean("p.Modes", sourceOf(file));
      agree(compiled, "p.Modes", "f", compiled.load("p.Modes$Car").getEnumConstants()[0], 0.4);
    } else {
      FailingCompilation.compile(file);
    }
  }

  /** A record whose declared accessor differs from its field, read as an object (a String component). */
  @Test
  void recordComponentWithADeclaredAccessorInARecordObject() {
    Compiled compiled = clean("p.Labels", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.List;

        public class Labels {
          record Item(String name, double scale, double[] w) {
            public double scale() { return Math.abs(scale); }
            public double[] w() { return w.clone(); }
            double of(double x) { return scale * x * w[0] + name.length(); }
          }

          @Differentiable static double f(List<Item> items, double x) {
            double s = 0;
            for (Item it : items) {
              s += it.of(x) + it.scale() * x;
            }
            return s;
          }
        }
        """);
    Class<?> item = compiled.load("p.Labels$Item");
    try {
      java.lang.reflect.Constructor<?> c = item.getDeclaredConstructor(String.class, double.class, double[].class);
      c.setAccessible(true);
      java.util.List<Object> items = java.util.List.of(c.newInstance("ab", -2.0, new double[] {3}),
          c.newInstance("c", 0.5, new double[] {-1}));
      double[] g = agree(compiled, "p.Labels", "f", items, 0.3);
      assertEquals(-2 * 3 + 2 + 0.5 * -1 + 0.5, g[0], 1e-12);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }


  // ----- streams collected by toArray()

  private static final String STREAMS = Compiled.classSource("p.Arr",
      java.util.List.of("import java.util.Arrays;", "import java.util.List;", "import java.util.stream.DoubleStream;",
          "import java.util.stream.IntStream;"), java.util.List.of("""
      @Differentiable static double emptyOf(double a) {
        double[] none = DoubleStream.of().map(v -> v * a).toArray();
        double[] one = DoubleStream.of(a).toArray();
        return none.length + one[0] * a;
      }
      """, """
      @Differentiable static double closedEqual(double a) {
        double[] t = IntStream.rangeClosed(2, 2).mapToDouble(i -> Math.pow(a, i)).toArray();
        double[] u = IntStream.rangeClosed(3, 1).mapToDouble(i -> a).toArray();
        return t[0] * t.length + u.length;
      }
      """, """
      @Differentiable static double usesIndex(double[] x, double s) {
        double[] y = IntStream.range(0, x.length).mapToDouble(i -> x[i] * i + s * x[x.length - 1 - i]).toArray();
        return y[1] * y[2] + y[0];
      }
      """, """
      @Differentiable static double rowAlias(double[][] m, double s) {
        double[] r = m[1];
        double[] y = Arrays.stream(r).map(v -> v * s).toArray();
        return y[0] * y[1] + r[0];
      }
      """, """
      @Differentiable static double writtenAfter(double[] x, double a) {
        double[] y = Arrays.stream(x).map(v -> v * a).toArray();
        y[0] = y[1] * y[0];
        y[1] += a;
        x[0] = 0;
        return y[0] + y[1] * y[1] + x[0];
      }
      """, """
      static double total(double[] v) {
        double s = 0;
        for (double e : v) {
          s += e * e;
        }
        return s;
      }
      """, """
      @Differentiable static double toHelper(double[] x, double a) {
        double[] y = Arrays.stream(x).map(v -> Math.exp(a * v)).toArray();
        return total(y);
      }
      """, """
      @Differentiable static double[] vector(double[] x, double a) {
        double[] y = Arrays.stream(x).map(v -> v * v * a).toArray();
        return y;
      }
      """, """
      @Differentiable static double asRow(double[] x, double a) {
        double[][] m = new double[2][];
        double[] y = Arrays.stream(x).map(v -> v + a).toArray();
        m[0] = y;
        m[1] = x.clone();
        return m[0][0] * m[1][1] + m[0][1];
      }
      """, """
      @Differentiable static double inInitializer(double[] x, double a) {
        double[] y = Arrays.stream(x).map(v -> v * a).toArray();
        double[][] m = {y, x.clone()};
        return m[0][1] * m[1][0];
      }
      """, """
      @Differentiable static double nested(double[] x, double a) {
        double[] y = IntStream.range(0, 3).mapToDouble(i -> Arrays.stream(x).map(v -> v * i * a).sum()).toArray();
        return y[1] * y[2];
      }
      """, """
      @Differentiable static double copyOnly(double[] x) {
        double[] y = Arrays.stream(x).toArray();
        y[0] = 5;
        return y[0] * x[0] + y[1];
      }
      """, """
      @Differentiable static double reassigned(double[] x, double a) {
        double[] y;
        y = Arrays.stream(x).map(v -> v * a).toArray();
        return y[0] * y[1];
      }
      """, """
      @Differentiable static double selfReplaced(double[] x, double a) {
        double[] z = x.clone();
        for (int k = 0; k < 3; k++) {
          z = Arrays.stream(z).map(v -> Math.sin(v) * a).toArray();
        }
        return z[0] + z[1] * z[1];
      }
      """, """
      @Differentiable static double inLoop(double[][] m, double s) {
        double total = 0;
        for (int i = 0; i < m.length; i++) {
          double[] r = Arrays.stream(m[i]).map(v -> v * s * v).toArray();
          total += r[0] * r[r.length - 1];
        }
        return total;
      }
      """, """
      @Differentiable static double withVar(double[] x, double a) {
        var y = Arrays.stream(x).map(v -> v * a).toArray();
        return y[0] + y[1] * a;
      }
      """, """
      @Differentiable static double lengthDrivesLoop(double[] x, double a) {
        double[] y = Arrays.stream(x).map(v -> v - a).toArray();
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
          z[i] = y[i] * y[(i + 1) % y.length];
        }
        return z[0] + z[z.length - 1];
      }
      """));

  private static Compiled streams;

  private static synchronized Compiled streams() {
    if (streams == null) {
      streams = clean("p.Arr", STREAMS);
    }
    return streams;
  }

  @Test
  void emptyListedStream() {
    agree(streams(), "p.Arr", "emptyOf", 0.7);
  }

  /** Bounds that write: the stream runs as written (a clear refusal, the derivative of a lost), or is followed. */
  @Test
  void rangeBoundsWithSideEffects() {
    for (String bounds : java.util.List.of("c[0]++, c[0] + 3", "next(c), next(c) + 2")) {
      String source = """
          package p;

          import io.javagrad.Differentiable;
          import java.util.stream.IntStream;

          public class Bounds {
            static int next(int[] c) {
              return c[0]++;
            }

            @Differentiable static double f(double a) {
              int[] c = {0};
              double[] t = IntStream.range(BOUNDS).mapToDouble(i -> a * i).toArray();
              return t.length * 10 + t[t.length - 1] + c[0];
            }
          }
          """.replace("BOUNDS", bounds);
      Compilation compilation = Compiled.compile("p.Bounds", source).compilation();
      note("p.Bounds" + ": " + source.lines().filter(l -> l.contains("toArray")).findFirst().orElse("") + ": "
          + FailingCompilation.describe(compilation));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Compiled compiled = clean("p.Bounds", source);
        double[] g = agree(compiled, "p.Bounds", "f", 0.7);
        assertEquals(bounds.startsWith("c") ? 3.0 : 2.0, g[0], 0.0);
      } else {
        assertThat(FailingCompilation.compile(JavaFileObjects.forSourceString("p.Bounds", source)))
            .hadErrorContaining("a carries a derivative");
      }
    }
  }

  @Test
  void closedRangeOfEqualBounds() {
    agree(streams(), "p.Arr", "closedEqual", 0.7);
  }

  @Test
  void mapStepUsingTheIndex() {
    agree(streams(), "p.Arr", "usesIndex", new double[] {0.3, -1.1, 0.7, 2.0}, 0.4);
  }

  @Test
  void streamOverARowAlias() {
    agree(streams(), "p.Arr", "rowAlias", new double[][] {{1, 2}, {0.3, -0.8}}, 1.7);
  }

  @Test
  void collectedArrayWrittenAfterwards() {
    agree(streams(), "p.Arr", "writtenAfter", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void collectedArrayGivenToAHelper() {
    agree(streams(), "p.Arr", "toHelper", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void collectedArrayReturnedByAVectorValuedMethod() {
    new VectorAgreement(streams(), "p.Arr", "vector").check(new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void collectedArrayAsARow() {
    agree(streams(), "p.Arr", "asRow", new double[] {0.3, -1.1, 0.7}, 0.4);
    agree(streams(), "p.Arr", "inInitializer", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void nestedStreamInTheMapLambda() {
    agree(streams(), "p.Arr", "nested", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void collectedCopyIsANewArray() {
    agree(streams(), "p.Arr", "copyOnly", new double[] {0.3, -1.1, 0.7});
  }

  @Test
  void collectedIntoAnAssignedLocal() {
    agree(streams(), "p.Arr", "reassigned", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void parameterReplacedByItsOwnStreamInALoop() {
    agree(streams(), "p.Arr", "selfReplaced", new double[] {0.3, -1.1, 0.7}, 0.9);
  }

  @Test
  void collectedInsideALoopOverRows() {
    agree(streams(), "p.Arr", "inLoop", new double[][] {{1, 2}, {0.3, -0.8, 0.1}, {2}}, 1.3);
  }

  @Test
  void collectedIntoVar() {
    agree(streams(), "p.Arr", "withVar", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  @Test
  void collectedFromANewArrayAndAnIntStep() {
    probe("p.NewSource", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class NewSource {
          @Differentiable static double f(double a, double b) {
            double[] y = Arrays.stream(new double[] {a, b, a * b}).map(v -> v * v).toArray();
            return y[0] + y[1] + y[2];
          }
        }
        """, "f", 0.3, -1.1);
    probe("p.IntStep", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.stream.IntStream;

        public class IntStep {
          @Differentiable static double f(double a) {
            double[] y = IntStream.range(0, 4).map(i -> i * 2).mapToDouble(i -> a * i).toArray();
            return y[3] * y.length;
          }
        }
        """, "f", 0.3);
  }

  @Test
  void collectedLengthDrivesALoop() {
    agree(streams(), "p.Arr", "lengthDrivesLoop", new double[] {0.3, -1.1, 0.7}, 0.4);
  }

  /** Arrays.stream(x, from, to): the array's part; the length is to - from, not x.length. */
  @Test
  void streamOfAPartOfAnArray() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Part", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Part {
          @Differentiable static double f(double[] x, double a) {
            double[] y = Arrays.stream(x, 1, 3).map(v -> v * a).toArray();
            return y.length * 100 + y[0] + 10 * y[y.length - 1];
          }
        }
        """);
    Compilation compilation = Compiled.compile("p.Part", sourceOf(file)).compilation();
    note("p.Part: " + FailingCompilation.describe(compilation));
    if (compilation.status() == Compilation.Status.SUCCESS) {
      Compiled compiled = clean("p.Part", sourceOf(file));
      double[] g = agree(compiled, "p.Part", "f", new double[] {1, 2, 3, 4}, 0.5);
      assertEquals(2 + 10 * 3, g[4], 1e-12);
    } else {
      FailingCompilation.compile(file);
    }
  }

  /** Steps that change the length (limit, skip, distinct, sorted) or the order. */
  @Test
  void stepsThatChangeTheLengthOrOrder() {
    for (String step : java.util.List.of("limit(2)", "skip(1)", "distinct()", "sorted()", "peek(v -> { })",
        "boxed().mapToDouble(Double::doubleValue)")) {
      String source = """
          package p;

          import io.javagrad.Differentiable;
          import java.util.Arrays;

          public class Steps {
            @Differentiable static double f(double[] x, double a) {
              double[] y = Arrays.stream(x).map(v -> v * a).STEP.toArray();
              double s = y.length * 100;
              for (double v : y) {
                s += v * v;
              }
              return s;
            }
          }
          """.replace("STEP", step);
      Compilation compilation = Compiled.compile("p.Steps", source).compilation();
      note("p.Steps" + ": " + source.lines().filter(l -> l.contains("toArray")).findFirst().orElse("") + ": "
          + FailingCompilation.describe(compilation));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Compiled compiled = clean("p.Steps", source);
        agree(compiled, "p.Steps", "f", new double[] {3, 1, 3, -2}, 0.5);
      } else {
        FailingCompilation.compile(JavaFileObjects.forSourceString("p.Steps", source));
      }
    }
  }

  /** IntStream.range(...).asDoubleStream(), and DoubleStream.iterate(...).limit(n). */
  @Test
  void otherSourcesOfDoubles() {
    for (String stream : java.util.List.of("IntStream.range(0, 3).asDoubleStream().map(v -> v * a)",
        "DoubleStream.iterate(a, v -> v * 2).limit(3)", "DoubleStream.generate(() -> a).limit(3)",
        "IntStream.range(0, 3).mapToObj(i -> a * i).mapToDouble(Double::doubleValue)",
        "IntStream.range(0, 3).parallel().mapToDouble(i -> a * i)",
        "Arrays.stream(new int[] {1, 2, 3}).mapToDouble(i -> a * i)",
        "Arrays.stream(new long[] {1, 2, 3}).mapToDouble(i -> a * i)",
        "LongStream.range(0, 3).mapToDouble(i -> a * i)")) {
      String source = """
          package p;

          import io.javagrad.Differentiable;
          import java.util.Arrays;
          import java.util.stream.DoubleStream;
          import java.util.stream.IntStream;
          import java.util.stream.LongStream;

          public class Sources {
            @Differentiable static double f(double a) {
              double[] y = STREAM.toArray();
              return y.length * 100 + y[y.length - 1] * a;
            }
          }
          """.replace("STREAM", stream);
      Compilation compilation = Compiled.compile("p.Sources", source).compilation();
      note("p.Sources" + ": " + source.lines().filter(l -> l.contains("toArray")).findFirst().orElse("") + ": "
          + FailingCompilation.describe(compilation));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Compiled compiled = clean("p.Sources", source);
        agree(compiled, "p.Sources", "f", 0.7);
      } else {
        FailingCompilation.compile(JavaFileObjects.forSourceString("p.Sources", source));
      }
    }
  }


  // ----- compact canonical constructors

  private static final String COMPACT = """
      package p;

      import io.javagrad.Differentiable;

      public class Compact {
        static double clamp(double v, double lo, double hi) {
          return Math.max(lo, Math.min(hi, v));
        }

        record Interval(double lo, double hi) {
          Interval {
            if (lo > hi) {
              double t = lo;
              lo = hi;
              hi = t;
            }
          }

          double width() { return hi - lo; }
        }

        record Unit(double a, double b) {
          Unit {
            double n = Math.hypot(a, b);
            if (n == 0) {
              throw new IllegalArgumentException("zero");
            }
            a = a / n;
            b = b / n;
          }
        }

        record Clamped(double v) {
          static final Clamped HALF = new Clamped(0.5);

          Clamped {
            v = clamp(v, -1, 1) * HALF_SCALE;
          }
        }

        static final double HALF_SCALE = 2.0;

        record Segment(Interval span, double weight) {
          Segment {
            if (span.width() < 0) {
              throw new IllegalStateException();
            }
            weight = weight * span.width();
          }
        }

        record Looped(double s, int k) {
          Looped {
            double acc = 0;
            for (int i = 0; i < k; i++) {
              acc += s / (i + 1);
            }
            s = acc;
            assert k >= 0 : "k " + k;
          }
        }

        record Outer(double u) {
          Outer {
            Unit inner = new Unit(u, 1);
            u = inner.a() + inner.b() * u;
          }
        }

        @Differentiable static double swap(double x, double y) {
          Interval i = new Interval(x * x, y);
          return i.width() * i.lo();
        }

        @Differentiable static double normalized(double x, double y) {
          double n = 10;
          Unit u = new Unit(x, y);
          return u.a() * n + u.b() * u.b() * x;
        }

        @Differentiable static double clamped(double x) {
          Clamped c = new Clamped(x * 3);
          return c.v() * x + Clamped.HALF.v();
        }

          @Differentiable static double looped(double x) {
          Looped l = new Looped(x, 3);
          return l.s() * l.k();
        }

        @Differentiable static double outer(double x) {
          return new Outer(x).u() * x;
        }

        @Differentiable static double inLoop(double[] xs) {
          double total = 0;
          for (int i = 0; i + 1 < xs.length; i++) {
            Interval iv = new Interval(xs[i + 1], xs[i]);
            total += iv.width() * iv.hi();
          }
          return total;
        }

        @Differentiable static double sideEffects(double[] xs) {
          int i = 0;
          Interval iv = new Interval(xs[i++], xs[i++] * xs[i]);
          return iv.width() * i;
        }
      }
      """;

  private static Compiled compact;

  private static synchronized Compiled compact() {
    if (compact == null) {
      compact = clean("p.Compact", COMPACT);
    }
    return compact;
  }

  @Test
  void compactConstructorThatSwapsItsParameters() {
    agree(compact(), "p.Compact", "swap", 0.5, 2.0);
    agree(compact(), "p.Compact", "swap", 1.5, 0.3);
  }

  @Test
  void compactConstructorWithALocalNamedLikeTheCallersAndAThrow() {
    agree(compact(), "p.Compact", "normalized", 0.5, -2.0);
  }

  @Test
  void compactConstructorCallingAStaticHelperAndReadingAConstantRecord() {
    agree(compact(), "p.Compact", "clamped", 0.2);
    agree(compact(), "p.Compact", "clamped", 0.9);
  }

  /** A record of a record: refused clearly where it is built (a record component that is a record is an object). */
  @Test
  void compactConstructorReadingAnotherRecord() {
    probe("p.Seg", COMPACT.replace("public class Compact {", """
        public class Seg {
          @Differentiable static double segment(double x, double y) {
            Segment s = new Segment(new Interval(x, y), x * y);
            return s.weight() + s.span().lo();
          }
        """).replace("@Differentiable static double swap", "static double swap")
        .replace("@Differentiable static double normalized", "static double normalized")
        .replace("@Differentiable static double clamped", "static double clamped")
        .replace("@Differentiable static double looped", "static double looped")
        .replace("@Differentiable static double outer", "static double outer")
        .replace("@Differentiable static double inLoop", "static double inLoop")
        .replace("@Differentiable static double sideEffects", "static double sideEffects"), "segment", 0.5, 2.0);
  }

  @Test
  void compactConstructorWithALoopAndAnAssert() {
    agree(compact(), "p.Compact", "looped", 0.7);
  }

  @Test
  void compactConstructorBuildingAnotherRecordWithACompactConstructor() {
    agree(compact(), "p.Compact", "outer", 0.7);
  }

  @Test
  void compactConstructorInALoopAndWithArgumentsThatWrite() {
    agree(compact(), "p.Compact", "inLoop", (Object) new double[] {0.3, 1.2, -0.4, 0.8});
    agree(compact(), "p.Compact", "sideEffects", (Object) new double[] {0.3, 1.2, -0.4, 0.8});
  }

  /** A compact constructor that throws on the point given: the companion throws as the method does. */
  @Test
  void compactConstructorThatThrowsThrowsInTheCompanion() {
    Compiled compiled = compact();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
        compiled.call("p.CompactGrad", "normalized", new Class<?>[] {double.class, double.class, double[].class},
            0.0, 0.0, new double[2]));
  }

  // ----- code run as written given an object that reaches the result (34d1c2b)

  @Test
  void logOfIntsBesideADerivative() {
    probe("p.Log", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Log {
          @Differentiable static double f(double x, int n) {
            List<String> log = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              log.add(String.valueOf(i));
              x = x * 1.5;
            }
            return x * log.size();
          }
        }
        """, "f", 0.7, 3);
  }

  @Test
  void stringBuilderOfAnIntBesideADerivative() {
    probe("p.Sb", """
        package p;

        import io.javagrad.Differentiable;

        public class Sb {
          @Differentiable static double f(double x, int k) {
            StringBuilder sb = new StringBuilder();
            sb.append(k).append(',');
            double y = x * x;
            sb.append(k + 1);
            return y * sb.length();
          }
        }
        """, "f", 0.7, 12);
  }

  @Test
  void sortedOrderByAComparatorOnValuesWithADerivative() {
    probe("p.Order", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;
        import java.util.Comparator;

        public class Order {
          @Differentiable static double f(double[] x) {
            Integer[] order = {0, 1, 2};
            Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
            return x[order[0]] * 2 + x[order[2]];
          }
        }
        """, "f", (Object) new double[] {0.3, -1.2, 0.8});
  }

  @Test
  void listOfIndicesChosenByValuesWithADerivative() {
    probe("p.Indices", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Indices {
          @Differentiable static double f(double[] x) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
              if (x[i] > 0) {
                idx.add(i);
              }
            }
            double s = 0;
            for (int i : idx) {
              s += x[i] * x[i];
            }
            return s * idx.size();
          }
        }
        """, "f", (Object) new double[] {0.3, -1.2, 0.8});
  }

  @Test
  void listOfIndicesAddedByAConditionalOnAValueWithADerivative() {
    probe("p.Picks", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Picks {
          @Differentiable static double f(double[] x) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
              idx.add(x[i] > 0 ? i : 0);
            }
            return x[idx.get(2)] * idx.size();
          }
        }
        """, "f", (Object) new double[] {0.3, -1.2, 0.8});
  }

  @Test
  void mapCountingKeysBesideADerivative() {
    probe("p.Counts", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.HashMap;
        import java.util.Map;

        public class Counts {
          @Differentiable static double f(double[] x, String[] keys) {
            Map<String, Integer> counts = new HashMap<>();
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              counts.merge(keys[i], 1, Integer::sum);
              s += x[i] * x[i];
            }
            return s / counts.size();
          }
        }
        """, "f", new double[] {0.3, -1.2, 0.8}, new String[] {"a", "b", "a"});
  }

  @Test
  void messageWithADerivativeIntoAListWhoseSizeIsRead() {
    probe("p.Msgs", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Msgs {
          @Differentiable static double f(double x) {
            List<String> log = new ArrayList<>();
            log.add("x=" + x);
            return x * x * log.size();
          }
        }
        """, "f", 0.7);
  }

  /** A list that reaches the result through its size, given a record of values with a derivative. */
  @Test
  void recordIntoAListWhoseSizeIsRead() {
    probe("p.Pts", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Pts {
          record P(double a, double b) {}

          @Differentiable static double f(double x) {
            List<P> ps = new ArrayList<>();
            ps.add(new P(1, 2));
            double y = x * x;
            return y * ps.size();
          }
        }
        """, "f", 0.7);
  }

  /** Remaining silent zeros: an object reaching the result given values with a derivative some other way. */
  @Test
  void derivativeKeptInAnObjectSomeOtherWay() {
    for (String keep : java.util.List.of("box[0] = new P(x, 2 * x);", "map.put(\"k\", new P(x, 2 * x));",
        "java.util.Collections.addAll(ps, new P(x, 2 * x));", "ps.addAll(List.of(new P(x, 2 * x)));",
        "ps.add(0, new P(x, 2 * x));", "P q = new P(x, 2 * x); ps.add(q); q = null;",
        "holder.set(new P(x, 2 * x));", "vals.add(x);", "arr.add(new double[] {x});",
        "sb.append(x);")) {
      String source = """
          package p;

          import io.javagrad.Differentiable;
          import java.util.ArrayList;
          import java.util.HashMap;
          import java.util.List;
          import java.util.Map;
          import java.util.concurrent.atomic.AtomicReference;

          public class Keep {
            record P(double a, double b) {}

            @Differentiable static double f(double x) {
              P[] box = new P[1];
              List<P> ps = new ArrayList<>();
              ps.add(new P(1, 1));
              Map<String, P> map = new HashMap<>();
              map.put("k", new P(1, 1));
              AtomicReference<P> holder = new AtomicReference<>(new P(1, 1));
              List<Double> vals = new ArrayList<>();
              vals.add(1.0);
              List<double[]> arr = new ArrayList<>();
              arr.add(new double[] {1});
              StringBuilder sb = new StringBuilder();
              box[0] = new P(1, 1);
              KEEP
              return box[0].b() + ps.get(0).b() + map.get("k").b() + holder.get().b() + vals.get(0) + arr.get(0)[0]
                  + Double.parseDouble("0" + sb);
            }
          }
          """.replace("KEEP", keep);
      String name = "p.Keep";
      Compilation compilation = Compiled.compile(name, source).compilation();
      note(keep + ": " + FailingCompilation.describe(compilation));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Compiled compiled = clean(name, source);
        double[] g = agree(compiled, name, "f", 0.25);
        if (keep.contains("ps.add(q)")) {
          // A list filled by add is held as arrays per component now (RecordArrays): q's derivative is in its
          // second element, and f reads the first, so the gradient is truly 0 (agree checked it against differences).
          org.junit.jupiter.api.Assertions.assertEquals(0.0, g[0], keep);
        } else {
          org.junit.jupiter.api.Assertions.assertNotEquals(0.0, g[0], keep + ": a silent zero");
        }
      } else {
        FailingCompilation.compile(JavaFileObjects.forSourceString(name, source));
      }
    }
  }


  @Test
  void recordWithADerivativeIntoAListOnlyWhoseSizeIsRead() {
    probe("p.SizeOnly", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class SizeOnly {
          record P(double a, double b) {}

          @Differentiable static double f(double x) {
            List<P> ps = new ArrayList<>();
            ps.add(new P(x, 2 * x));
            return x * x * ps.size();
          }
        }
        """, "f", 0.7);
  }

  @Test
  void removeIfByAValueWithADerivativeWhileTheSizeIsRead() {
    probe("p.Remove", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Remove {
          @Differentiable static double f(double x, double[] data) {
            List<Double> kept = new ArrayList<>();
            for (double d : data) {
              kept.add(d);
            }
            kept.removeIf(d -> d > x);
            return x * kept.size();
          }
        }
        """, "f", 0.5, new double[] {0.1, 0.9, 0.3});
  }

  @Test
  void indicesSortedByValuesWithADerivativeIntoAList() {
    probe("p.Ranks", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class Ranks {
          @Differentiable static double f(double[] x) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
              order.add(i);
            }
            order.sort((i, j) -> Double.compare(x[i], x[j]));
            double s = 0;
            for (int r = 0; r < order.size(); r++) {
              s += (r + 1) * x[order.get(r)];
            }
            return s;
          }
        }
        """, "f", (Object) new double[] {0.3, -1.2, 0.8});
  }

  @Test
  void labelsBuiltFromAnIntBesideADerivativeIntoAMap() {
    probe("p.Labelled", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.HashMap;
        import java.util.Map;

        public class Labelled {
          @Differentiable static double f(double[] x) {
            Map<Integer, String> names = new HashMap<>();
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              names.put(i, "x" + i + (x[i] > 0 ? "+" : "-"));
              s += x[i] * x[i];
            }
            return s * names.get(0).length();
          }
        }
        """, "f", (Object) new double[] {0.3, -1.2, 0.8});
  }

  /** Remaining silent zeros: a derivative reaching the result through an object in other forms. */
  @Test
  void derivativeKeptInAnObjectInOtherForms() {
    java.util.List<String> forms = java.util.List.of(
        "List<P> tmp = new ArrayList<>(); tmp.add(new P(x, 2 * x)); List<P> ps = new ArrayList<>(); ps.addAll(tmp);"
            + " return ps.get(0).b();",
        "P[] box = {new P(x, 2 * x)}; return box[0].b();",
        "List<P> ps = List.of(new P(x, 2 * x)); return ps.get(0).b();",
        "Optional<P> o = Optional.of(new P(x, 2 * x)); return o.get().b();",
        "List<P> ps = Stream.of(new P(x, 2 * x)).toList(); return ps.get(0).b();",
        "Map<String, P> m = new HashMap<>(); m.computeIfAbsent(\"k\", k -> new P(x, 2 * x)); return m.get(\"k\").b();",
        "Box b = new Box(); b.set(new P(x, 2 * x)); return b.get().b();",
        "Box b = new Box(); P q = new P(x, 2 * x); b.p = q; return b.p.b();",
        "double[] v = {x, 2 * x}; List<double[]> rows = new ArrayList<>(); rows.add(v); return rows.get(0)[1];",
        "List<P> ps = new ArrayList<>(); P q = new P(x, 2 * x); ps.add(ps.isEmpty() ? q : q); return ps.get(0).b();",
        "P q = new P(x, 2 * x); Object o = q; List<Object> os = new ArrayList<>(); os.add(o); return ((P) os.get(0)).b();");
    for (String body : forms) {
      String source = """
          package p;

          import io.javagrad.Differentiable;
          import java.util.ArrayList;
          import java.util.HashMap;
          import java.util.List;
          import java.util.Map;
          import java.util.Optional;
          import java.util.stream.Stream;

          public class Kept {
            record P(double a, double b) {}

            static final class Box {
              P p;
              void set(P q) { p = q; }
              P get() { return p; }
            }

            @Differentiable static double f(double x) {
              BODY
            }
          }
          """.replace("BODY", body);
      String name = "p.Kept";
      Compilation compilation = Compiled.compile(name, source).compilation();
      note(body + ": " + FailingCompilation.describe(compilation));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Compiled compiled = clean(name, source);
        double[] g = agree(compiled, name, "f", 0.25);
        org.junit.jupiter.api.Assertions.assertNotEquals(0.0, g[0], body + ": a silent zero");
      } else {
        FailingCompilation.compile(JavaFileObjects.forSourceString(name, source));
      }
    }
  }


  /** A private field whose type is a private nested enum that the method itself does not name. */
  // Found by this review, fixed: a handle on an enum's private field whose type is a private nested enum names that type (Gears.Speed.class and the cast): the companion does not compile (p.Gears.Speed has private access); before a3fd131 this was a clean refusal
  @Test
  void enumPrivateFieldOfAPrivateTypeNotNamedByTheMethod() {
    String source = """
        package p;

        import io.javagrad.Differentiable;

        public class Gears {
          private enum Speed { FAST, SLOW }

          enum Car {
            A(Speed.FAST), B(Speed.SLOW);

            private final Speed speed;

            Car(Speed speed) { this.speed = speed; }

            double cost(double x) { return speed.ordinal() == 0 ? 2 * x * x : x; }
          }

          @Differentiable static double f(Car c, double x) {
            return c.cost(x);
          }
        }
        """;
    Compilation compilation = Compiled.compile("p.Gears", source).compilation();
    note("p.Gears: " + FailingCompilation.describe(compilation));
    if (compilation.status() == Compilation.Status.SUCCESS) {
      Compiled compiled = clean("p.Gears", source);
      agree(compiled, "p.Gears", "f", compiled.load("p.Gears$Car").getEnumConstants()[0], 0.4);
    } else {
      FailingCompilation.compile(JavaFileObjects.forSourceString("p.Gears", source));
    }
  }


  /** Two copied (not handled) private tables of one name, each read by its own class's helper. */
  // Found by this review, fixed: two copied private static tables A.W and B.W share one companion field W (copies are named by the field's simple name), so B.W is read as A.W: 1.75 instead of 8.5, silently; older than the handles
  @Test
  void copiesOfSameNamedPrivateTables() {
    probe("p.Copies", """
        package p;

        import io.javagrad.Differentiable;

        public class Copies {
          static class A {
            private static final double[] W = {1, 2, 3};
            static double w(double v, int i) { return v * W[i]; }
          }
          static class B {
            private static final double[] W = {10, 20, 30};
            static double w(double v, int i) { return v * W[i]; }
          }

          @Differentiable static double f(double x) {
            return A.w(x, 1) + x * B.w(x, 2);
          }
        }
        """, "f", 0.5);
  }

  @Test
  void doubleStreamOfAnArrayVariable() {
    double[] g = probe("p.OfArray", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.stream.DoubleStream;

        public class OfArray {
          @Differentiable static double f(double[] x, double a) {
            double[] y = DoubleStream.of(x).map(v -> v * a).toArray();
            return y.length * 100 + y[y.length - 1];
          }
        }
        """, "f", new double[] {1, 2, 3}, 0.5);
    if (g != null) {
      assertEquals(3.0, g[3], 1e-12);
    }
  }

  @Test
  void streamOfTheRowsOfAMatrix() {
    probe("p.Rows", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Rows {
          @Differentiable static double f(double[][] m, double s) {
            double[] y = Arrays.stream(m).mapToDouble(r -> r[0] * s + r[r.length - 1]).toArray();
            return y.length * 100 + y[0] * y[1];
          }
        }
        """, "f", new double[][] {{1, 2}, {3, 4, 5}}, 0.5);
  }

  @Test
  void collectedInAHelperThatIsInlined() {
    probe("p.Helper", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Helper {
          static double[] squares(double[] x, double a) {
            double[] y = Arrays.stream(x).map(v -> v * v * a).toArray();
            return y;
          }

          static double sumOfSquares(double[] x, double a) {
            double[] y = Arrays.stream(x).map(v -> v * v * a).toArray();
            double s = 0;
            for (double v : y) {
              s += v;
            }
            return s;
          }

          @Differentiable static double f(double[] x, double a) {
            double[] y = squares(x, a);
            return y[0] * y[1] + sumOfSquares(x, a);
          }
        }
        """, "f", new double[] {1, 2, 3}, 0.5);
  }

  @Test
  void mapStepThatWritesTheSourceArray() {
    probe("p.Writes", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Writes {
          @Differentiable static double f(double[] x, double a) {
            double[] z = x.clone();
            double[] y = Arrays.stream(z).map(v -> z[0] += v * a).toArray();
            return y[2] + z[0];
          }
        }
        """, "f", new double[] {1, 2, 3}, 0.5);
  }


  /** Handles read on another object (o.scale) and in a lambda of a stream. */
  @Test
  void handlesReadOnOtherObjectsInLambdasAndSubclasses() {
    Compiled compiled = clean("p.Objs", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Objs {
          record Tag(String name, double scale, double[] w) {
            public double scale() { return Math.abs(scale); }
            double with(Tag o, double x) { return scale * o.scale * x + Arrays.stream(w).map(v -> v * scale * x).sum(); }
          }

          @Differentiable static double f(Tag a, Tag b, double x) {
            return a.with(b, x);
          }
        }
        """);
    try {
      java.lang.reflect.Constructor<?> tag = compiled.load("p.Objs$Tag")
          .getDeclaredConstructor(String.class, double.class, double[].class);
      tag.setAccessible(true);
      double[] g = agree(compiled, "p.Objs", "f", tag.newInstance("a", -2.0, new double[] {1, 2}),
          tag.newInstance("b", 0.5, new double[] {3}), 0.3);
      assertEquals(-2 * 0.5 + 1 * -2 + 2 * -2, g[0], 1e-12);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }


  /** A compact constructor that reads a private table its class's static block fills (a handle). */
  @Test
  void compactConstructorReadingAPrivateTableThroughAHandle() {
    double[] g = probe("p.Weights", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        public class Weights {
          private static final double[] W = new double[3];
          static { W[0] = 2; W[1] = 3; W[2] = 4; }

          record Scaled(double v) {
            Scaled {
              v = v * W[1];
            }
          }

          @Differentiable static double f(double x) {
            Scaled s = new Scaled(x);
            double[] t = Arrays.stream(W).map(w -> w * x).toArray();
            return s.v() * x + t[2];
          }
        }
        """, "f", 0.5);
    if (g != null) {
      assertEquals(2 * 3 * 0.5 + 4, g[0], 1e-12);
    }
  }

  /** A compact constructor and a declared accessor that differs from the component. */
  @Test
  void compactConstructorWithADeclaredAccessor() {
    double[] g = probe("p.Acc", """
        package p;

        import io.javagrad.Differentiable;

        public class Acc {
          record R(double a) {
            R {
              a = Math.abs(a);
            }

            public double a() {
              return -a;
            }

            double twice() {
              return 2 * a;
            }
          }

          @Differentiable static double f(double x) {
            R r = new R(x);
            return r.a() * 10 + r.twice();
          }
        }
        """, "f", -0.5);
    if (g != null) {
      assertEquals(-10 * -1 + 2 * -1, g[0], 1e-12);
    }
  }

  /**
   * A compact constructor that calls an instance method reading a field: the fields are assigned
   * only after the body, so the method reads 0 there.
   */
  @Test
  void compactConstructorCallingAnInstanceMethodBeforeTheFieldsAreSet() {
    double[] g = probe("p.Early", """
        package p;

        import io.javagrad.Differentiable;

        public class Early {
          record R(double a, double b) {
            R {
              a = a + bias();
            }

            double bias() {
              return b;
            }
          }

          @Differentiable static double f(double x, double y) {
            R r = new R(x, y);
            return r.a() * r.b();
          }
        }
        """, "f", 0.5, 2.0);
    if (g != null) {
      assertEquals(2.0, g[0], 1e-12); // a = x + 0 (b is not yet set), so d(a*b)/dx = b
      assertEquals(0.5, g[1], 1e-12);
    }
  }


  /** A record with a derivative written into a message kept in a list whose size the result reads. */
  @Test
  void recordInAMessageKeptInAListWhoseSizeIsRead() {
    probe("p.RecMsg", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        public class RecMsg {
          record P(double a, double b) {}

          @Differentiable static double f(double x) {
            List<String> log = new ArrayList<>();
            P p = new P(x, 2 * x);
            log.add("p=" + p);
            log.add(String.format("%s", p));
            return p.b() * x * log.size();
          }
        }
        """, "f", 0.7);
  }

  /** A list of ints that reaches the result, filled beside a value with a derivative in one call. */
  @Test
  void intsAndADerivativeGivenToOneCallOfAReachingList() {
    probe("p.Both", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.Collections;
        import java.util.List;

        public class Both {
          @Differentiable static double f(double x, int n) {
            List<Integer> idx = new ArrayList<>();
            Collections.addAll(idx, n, n + 1);
            idx.add(Math.max(0, (int) Math.signum(x)));
            return x * x * idx.size() + idx.get(0);
          }
        }
        """, "f", 0.7, 3);
  }


  /** Streams without a derivative that ran as written before 5ac2937 and are lowered now. */
  @Test
  void streamsWithoutADerivativeStillCompile() {
    double[] g = probe("p.Plain", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;
        import java.util.List;
        import java.util.Map;

        public class Plain {
          private static final Map<Double, Double> LOOKUP = Map.of(1.0, 10.0, 2.0, 20.0);

          static double lookup(double v) {
            return LOOKUP.getOrDefault(v, -1.0);
          }

          @Differentiable static double f(double x, List<String> names) {
            double[] keys = {1.5, 2.2};
            double[] lens = names.stream().mapToDouble(String::length).toArray();
            double[] floors = Arrays.stream(keys).map(Math::floor).map(Plain::lookup).toArray();
            double[] text = Arrays.stream(names.get(0).split(",")).mapToDouble(Double::parseDouble).toArray();
            return x * lens[1] + x * x * floors[0] + text[1] * x;
          }
        }
        """, "f", 0.7, java.util.List.of("1.5,2.5", "cde"));
    if (g != null) {
      assertEquals(3 + 2 * 0.7 * 10 + 2.5, g[0], 1e-12);
    }
  }


  /**
   * A private copy whose initializer reads a field that the class changes afterwards: the class's C
   * is cloned before the static block fills B; a copy made when the companion loads is not.
   */
  // Found by this review, fixed: a private static final C = B.clone() is copied into the companion, whose copy clones B when the companion loads, after the static block set B[0] = 2: the gradient entry returns 1.25 where the method returns 0.25, silently (CopiedFieldChanges looks at changes of C only, not of what its initializer reads); older than the handles, which could read C itself
  @Test
  void copyWhoseInitializerReadsAFieldChangedAfterwards() {
    Compiled compiled = clean("p.Snapshot", """
        package p;

        import io.javagrad.Differentiable;

        public class Snapshot {
          static final double[] B = new double[1];
          private static final double[] C = B.clone();
          static { B[0] = 2; }

          @Differentiable static double f(double x) {
            return C[0] * x + x * x;
          }
        }
        """);
    double[] g = agree(compiled, "p.Snapshot", "f", 0.5);
    assertEquals(1.0, g[0], 1e-12); // C[0] is 0
  }


  /**
   * A record followed by its components and taken whole by code run as written, whose compact
   * constructor is not idempotent: the object rebuilt from the components must equal the record.
   */
  // Found by this review, fixed: a record followed by its components whose compact constructor is not idempotent (Doubled { a = 2 * a; }) is rebuilt as new Doubled(d_a) where code run as written takes it whole ("d=" + d, String.format), so the compact constructor runs twice: the text reads a=12.0 where the method's reads a=6.0, and the gradient entry returns 185 where the method returns 174, silently (acb500d with the record messages of 724b79b)
  @Test
  void recordWithANonIdempotentCompactConstructorTakenWhole() {
    probe("p.Twice", """
        package p;

        import io.javagrad.Differentiable;

        public class Twice {
          record Doubled(double a) {
            Doubled {
              a = 2 * a;
            }
          }

          @Differentiable static double f(double x) {
            Doubled d = new Doubled(x);
            String text = "d=" + d;
            String formatted = String.format("%s", d);
            return d.a() * x + text.length() + 10 * formatted.length();
          }
        }
        """, "f", 3.0);
  }


  /** As above, with a check: the rebuilt record fails the check that the record passed. */
  // Found by this review, fixed: the record rebuilt for a message ("c=" + c) runs the compact constructor on its normalized component (a = 6.0 > 5), so the companion throws IllegalArgumentException where the method returns 24 (acb500d with 724b79b)
  @Test
  void recordRebuiltForAMessageFailsItsOwnCheck() {
    probe("p.Checked", """
        package p;

        import io.javagrad.Differentiable;

        public class Checked {
          record Level(double a) {
            Level {
              if (a > 5) {
                throw new IllegalArgumentException("too high: " + a);
              }
              a = 2 * a;
            }
          }

          @Differentiable static double f(double x) {
            Level c = new Level(x);
            String text = "c=" + c;
            return c.a() * x + text.length() * 0.0;
          }
        }
        """, "f", 3.0);
  }

  /**
   * Compiles {@code source}: where it compiles, its method {@code method} must agree at {@code args};
   * where it does not, the failure must be a clean refusal in the user's file. Returns the gradient, or null.
   */
  private static double[] probe(String name, String source, String method, Object... args) {
    Compilation compilation = Compiled.compile(name, source).compilation();
    if (compilation.status() == Compilation.Status.SUCCESS) {
      note(name + "." + method + ": followed");
      return agree(clean(name, source), name, method, args);
    }
    note(name + "." + method + ": refused: " + FailingCompilation.describe(compilation));
    FailingCompilation.compile(JavaFileObjects.forSourceString(name, source));
    return null;
  }

  /** Notes what a probe found, where -Dreview.dump names a directory. */
  private static synchronized void note(String text) {
    String dir = System.getProperty("review.dump");
    if (dir != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "notes.txt"), text + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static String sourceOf(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
