package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.javagrad.Value;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A user's review of four changes: variables named like the classes a companion names, deep
 * expressions cut into chains, the levels of recursive methods counted and run on threads of
 * their own, and the size of derivative code. Each case compiles cleanly (with -Xlint:all) and
 * its gradients agree with the twin and with finite differences.
 */
class TodayReviewTest {
  private static final String LIB = """
      package q;

      public class Lib {
        public static double cube(double x) {
          return x * x * x;
        }

        public static double half(double x) {
          return 0.5 * x;
        }
      }
      """;

  private static final String HELPERS = """
      package p;

      import io.javagrad.Differentiable;

      public class Helpers {
        @Differentiable static double sq(double x) {
          return x * x;
        }
      }
      """;

  /**
   * Every method's variables are named like a class its companion names: the owner, a nested class
   * of it, a class of the package whose method it calls, the rules class, an imported class, the
   * companion, a callee's companion, and the names generated code uses for itself.
   */
  private static final String NAMES = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.function.DoubleUnaryOperator;

      public class Owner {
        static final class Inner {
          static double twice(double x) {
            return 2 * x;
          }
        }

        static int counted;

        static void count(int k) {
          counted += k;
        }

        static double scale(int n) {
          return n * 0.5;
        }

        /** Differentiated on demand: its parameters are named like classes too. */
        static double onDemand(double Owner, double HelpersGrad, double Inner) {
          return Owner * HelpersGrad + Math.sin(Inner);
        }

        @Differentiable static double params(double x, double Owner, double Inner, double Helpers, double Rules,
            double OwnerGrad, double HelpersGrad, int n) {
          return scale(n) * x * Owner + Inner * p.Owner.Inner.twice(n) * x + Helpers * p.Helpers.sq(x)
              + Rules * q.Lib.cube(x) + OwnerGrad * HelpersGrad;
        }

        @Differentiable static double locals(double x, int n) {
          double Owner = x * x;
          double Inner = p.Owner.Inner.twice(n) * x;
          double Helpers = p.Helpers.sq(Inner);
          double Rules = q.Lib.cube(x);
          double OwnerGrad = Owner + Helpers;
          double HelpersGrad = Math.cos(OwnerGrad);
          return HelpersGrad * Rules + scale(n);
        }

        @Differentiable static double generatedNames(double levels, double Recursion, double _chain0, double Value) {
          double Tape = levels * Recursion;
          double _chain1 = Tape + _chain0 * Value;
          return _chain1 * levels;
        }

        /** The names are read by code run as written (a counter, a lambda) too. */
        @Differentiable static double inactive(double x, int Owner, int Inner) {
          count(Owner + Inner);
          int Helpers = Owner * 2;
          DoubleUnaryOperator Rules = v -> v * Helpers + Inner;
          double OwnerGrad = Rules.applyAsDouble(1.5);
          return OwnerGrad * x + p.Owner.Inner.twice(Helpers) * x;
        }

        @Differentiable static double callsOnDemand(double x, double y) {
          return onDemand(x, y, x * y);
        }

        @Differentiable static double[] vector(double[] Owner, double Inner) {
          double[] OwnerGrad = new double[Owner.length];
          for (int i = 0; i < Owner.length; i++) {
            OwnerGrad[i] = Owner[i] * Inner + p.Helpers.sq(Owner[i]) + q.Lib.cube(Inner);
          }
          return OwnerGrad;
        }
      }
      """;

  /**
   * One method's parameter hides the imported class {@code Lib}, which the companion then writes
   * qualified, {@code q.Lib}, everywhere: in another method too, where a parameter is named {@code
   * q}, the package's name, and another {@code p}, the owner's package's.
   */
  private static final String PACKAGE_NAMES = """
      package p;

      import io.javagrad.Differentiable;
      import q.Lib;

      public class Pkg {
        @Differentiable static double hides(double x, double Lib, double Pkg) {
          return x * Lib * Pkg;
        }

        @Differentiable static double callsLib(double x, double q, double p, int k) {
          double h = Lib.half(k);
          return Lib.cube(x) * q + Lib.half(x) * p + h * x;
        }
      }
      """;

  @Test
  void variablesNamedLikeThePackagesOfQualifiedClasses() {
    Compiled compiled = Compiled.compile("p.Pkg", PACKAGE_NAMES, "p.Rules", NameResolutionTest.RULES, "q.Lib", LIB)
        .assertCleanSuccess();
    new GradientAgreement(compiled, "p.Pkg", "hides").check(0.7, -0.4, 1.5);
    new GradientAgreement(compiled, "p.Pkg", "callsLib").check(0.7, -0.4, 1.5, 3);
  }

  private static Compiled names() {
    return Compiled.compile("p.Owner", NAMES, "p.Helpers", HELPERS, "p.Rules", NameResolutionTest.RULES, "q.Lib", LIB)
        .assertCleanSuccess();
  }

  @Test
  void parametersNamedLikeClasses() {
    new GradientAgreement(names(), "p.Owner", "params").check(0.7, 1.5, -0.4, 0.3, -2.0, 0.25, 1.25, 3);
  }

  @Test
  void localsNamedLikeClasses() {
    new GradientAgreement(names(), "p.Owner", "locals").check(0.7, 3);
  }

  @Test
  void variablesNamedLikeTheNamesGeneratedCodeUses() {
    new GradientAgreement(names(), "p.Owner", "generatedNames").check(0.7, -0.4, 1.5, 0.3);
  }

  @Test
  void namesReadByCodeRunAsWrittenAndLambdas() {
    Compiled compiled = names();
    double[] grad = new GradientAgreement(compiled, "p.Owner", "inactive").check(0.7, 2, 3);
    // Rules(1.5) = 1.5 * 4 + 3 = 9; twice(4) = 8.
    assertEquals(9 + 8, grad[0], 1e-12);
  }

  @Test
  void helperDifferentiatedOnDemandWithParametersNamedLikeClasses() {
    new GradientAgreement(names(), "p.Owner", "callsOnDemand").check(0.7, -0.4);
  }

  @Test
  void vectorValuedMethodWithVariablesNamedLikeClasses() {
    new VectorAgreement(names(), "p.Owner", "vector").check(new double[] {0.5, -1.0, 0.25}, 0.8);
  }

  /**
   * Where each term is computed, in order: a call of the owner that records its argument and
   * returns a value that depends on it, so that any entry that reorders the calls is seen.
   */
  private static final String ORDER = """
      package p;

      public final class Order {
        private static final StringBuilder SEEN = new StringBuilder();

        static double mark(int k) {
          SEEN.append(k).append(' ');
          return 1.0 + k * 1e-3;
        }

        static int slot(int k) {
          SEEN.append("slot ");
          return k;
        }

        public static String take() {
          String seen = SEEN.toString();
          SEEN.setLength(0);
          return seen;
        }
      }
      """;

  private static final long DEFAULT_STACK_BYTES = 1L << 20;

  /**
   * {@code count} terms added from the left: every 100th a call of a differentiated helper that
   * records it, every 100th from the 50th one run as written, every 7th a conditional, the others
   * as in {@link DeepExpressionTest#sum}.
   */
  private static String orderedSum(int count) {
    List<String> kinds = List.of("x", "x * y", "Math.cos(x - y)");
    StringBuilder sum = new StringBuilder();
    for (int k = 0; k < count; k++) {
      String term = k % 100 == 0 ? "step(x, " + k + ")"
          : k % 100 == 50 ? "p.Order.mark(" + k + ") * y"
          : k % 7 == 0 ? "(x > y ? x * y : y - x)"
          : kinds.get(k % kinds.size());
      sum.append(k == 0 ? "" : " + ").append(term);
    }
    return sum.toString();
  }

  private static final String STEP = """
      @Differentiable static double step(double x, int k) {
        p.Order.mark(k);
        return Math.sin(x) * p.Order.mark(-k);
      }""";

  private static Compiled deep(String... members) {
    List<String> all = new java.util.ArrayList<>(List.of(STEP));
    all.addAll(List.of(members));
    String source = Compiled.classSource("p.Deep", List.of(), all);
    return DeepExpressionTest.onStack(DEFAULT_STACK_BYTES,
        () -> Compiled.compile("p.Deep", source, "p.Order", ORDER)).assertCleanSuccess();
  }

  /** What {@code entry} of {@code className} records, called with {@code args}. */
  private static String order(Compiled compiled, String className, String entry, Class<?>[] types, Object... args) {
    compiled.call("p.Order", "take", new Class<?>[0]);
    compiled.call(className, entry, types, args);
    return (String) compiled.call("p.Order", "take", new Class<?>[0]);
  }

  /** Every entry of {@code method(double x, double y)} computes its terms in the order the primal does. */
  private static void assertOrderKept(Compiled compiled, String method, Object... args) {
    Class<?>[] types = new Class<?>[args.length];
    Class<?>[] twinTypes = new Class<?>[args.length];
    Object[] twinArgs = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof Double ? double.class : int.class;
      twinTypes[i] = args[i] instanceof Double ? Value.class : int.class;
      twinArgs[i] = args[i] instanceof Double d ? new Value(d) : args[i];
    }
    String primal = order(compiled, "p.Deep", method, types, args);
    assertFalse(primal.isEmpty(), "the primal records its calls");
    assertEquals(primal, order(compiled, "p.DeepGrad", method, GradientAgreement.append(types, double[].class),
        GradientAgreement.append(args, new double[2])), method + "'s gradient");
    assertEquals(primal, order(compiled, "p.DeepGrad", method, twinTypes, twinArgs), method + "'s twin");
    assertEquals(primal, order(compiled, "p.DeepGrad", method + "_tangent",
        GradientAgreement.append(types, double[].class), GradientAgreement.append(args, new double[] {1, 0})),
        method + "'s tangent");
  }

  @Test
  void aThousandTermsWithCallsAndConditionalsAtJavacsDefaultStack() {
    Compiled compiled = deep("@Differentiable static double mixed(double x, double y) {\n  return "
        + orderedSum(1_000) + ";\n}");
    new GradientAgreement(compiled, "p.Deep", "mixed").check(0.3, -0.7);
    new GradientAgreement(compiled, "p.Deep", "mixed").check(-0.3, 0.7);
    assertOrderKept(compiled, "mixed", 0.3, -0.7);
  }

  /**
   * A long chain stored at an index that a call computes: compiled at 1 MiB, gradients agreeing.
   * (Every entry runs the calls of the value before the index's, where Java runs the index's first:
   * the front end moves calls into locals before the statement; not today's change, see the report.)
   */
  @Test
  void longChainStoredAtAnIndexACallComputes() {
    Compiled compiled = deep("""
        @Differentiable static double storeAt(double x, double y) {
          double[] a = new double[3];
          a[p.Order.slot(1)] = %s;
          return a[1] * y;
        }""".formatted(orderedSum(300)));
    new GradientAgreement(compiled, "p.Deep", "storeAt").check(0.3, -0.7);
  }

  @Test
  void longChainsInLoopsAndArrayStoresAtJavacsDefaultStack() {
    Compiled compiled = deep("""
        @Differentiable static double inLoop(double x, double y, int n) {
          double s = 0;
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            s = s * 0.5 + %s;
            a[i] = %s;
          }
          for (int i = 0; i < n; i++) {
            s += a[i] * y;
          }
          return s;
        }""".formatted(orderedSum(400), DeepExpressionTest.sum(600)));
    new GradientAgreement(compiled, "p.Deep", "inLoop").check(0.3, -0.7, 3);
    assertOrderKept(compiled, "inLoop", 0.3, -0.7, 3);
  }

  private static final String RECURSIVE = """
      package p;

      import io.javagrad.Differentiable;

      public class Deep {
        /** Recursive, not annotated: differentiated on demand for its caller. */
        static double helper(double x, double levels, int n) {
          if (n == 0) {
            return x;
          }
          return Math.sin(helper(x, levels, n - 1)) * levels + 0.5 * x;
        }

        @Differentiable static double viaHelper(double x, double Recursion, int n) {
          return helper(x, Recursion, n) * x;
        }

        /** Each level loops over the array, a loop that overwrites its local, so the tape holds its values. */
        @Differentiable static double sweep(double[] w, int i, int n) {
          if (i == n) {
            return 0.0;
          }
          double t = w[i % w.length];
          for (int j = 0; j < w.length; j++) {
            t = Math.sin(t) * w[(i + j) % w.length] + 0.1;
          }
          return 0.001 * t * t + sweep(w, i + 1, n);
        }

        /** Throws {@code bottom} levels down, unless {@code bottom} is negative. */
        @Differentiable static double throwsAt(double x, int n, int bottom) {
          if (n == bottom) {
            throw new IllegalStateException("no level " + n);
          }
          if (n == 0) {
            return x;
          }
          return Math.sin(throwsAt(x, n - 1, bottom)) + 0.5 * x;
        }

        /** Notes the thread that runs its last level. */
        @Differentiable static double noting(double x, int n) {
          if (n == 0) {
            p.Threads.note();
            return x;
          }
          return Math.cos(noting(x, n - 1)) * 0.9 + 0.1 * x;
        }

        @Differentiable static double chain(double x, double a, int n) {
          if (n == 0) {
            return x;
          }
          double inner = chain(x, a, n - 1);
          return Math.sin(inner) * a + 0.5 * inner;
        }

        /** Recursive, its variables named as the counting entries' local, the runtime class and its package. */
        @Differentiable static double named(double levels, double Recursion, int io) {
          double _chain0 = levels * 0.5;
          return io == 0 ? levels : Math.sin(named(_chain0 + Recursion * 0.1, Recursion, io - 1)) * Recursion;
        }
      }
      """;

  private static final String THREADS = """
      package p;

      public final class Threads {
        private static final ThreadLocal<String> MARK = ThreadLocal.withInitial(() -> "unmarked");
        private static String noted;

        public static void mark(String mark) {
          MARK.set(mark);
        }

        static void note() {
          noted = Thread.currentThread().getName() + "/" + MARK.get();
        }

        public static String take() {
          String last = noted;
          noted = null;
          return last;
        }
      }
      """;

  /** Mutual recursion across two classes: each calls the other's method. */
  private static final String EVEN = """
      package p;

      import io.javagrad.Differentiable;

      public class Even {
        @Differentiable static double even(double x, int n) {
          return n == 0 ? x : Math.cos(Odd.odd(x, n - 1)) + 0.1 * x;
        }
      }
      """;

  private static final String ODD = """
      package p;

      import io.javagrad.Differentiable;

      public class Odd {
        @Differentiable static double odd(double x, int n) {
          return n == 0 ? x * x : Math.sin(Even.even(x, n - 1)) * x;
        }
      }
      """;

  private static Compiled recursive;

  private static synchronized Compiled recursive() {
    if (recursive == null) {
      recursive = Compiled.compile("p.Deep", RECURSIVE, "p.Threads", THREADS, "p.Even", EVEN, "p.Odd", ODD)
          .assertCleanSuccess();
    }
    return recursive;
  }

  /** Runs {@code check} on a thread with the default stack of 1 MiB. */
  private static void onDefaultStack(Runnable check) {
    DeepExpressionTest.onStack(DEFAULT_STACK_BYTES, () -> {
      check.run();
      return null;
    });
  }

  @Test
  void deepRecursionThroughAHelperDifferentiatedOnDemand() {
    onDefaultStack(() -> new GradientAgreement(recursive(), "p.Deep", "viaHelper").check(0.4, 0.9, 3_000));
  }

  @Test
  void deepRecursionWithVariablesNamedLikeTheNamesItsEntriesUse() {
    onDefaultStack(() -> new GradientAgreement(recursive(), "p.Deep", "named").check(0.4, 0.9, 1_000));
  }

  @Test
  void deepMutualRecursionAcrossTwoClasses() {
    onDefaultStack(() -> {
      new GradientAgreement(recursive(), "p.Even", "even").check(0.3, 3_001);
      new GradientAgreement(recursive(), "p.Odd", "odd").check(0.3, 3_000);
    });
  }

  @Test
  void deepRecursionWithArraysAndLoopsOnTheTape() {
    onDefaultStack(() -> new GradientAgreement(recursive(), "p.Deep", "sweep")
        .check(new double[] {0.5, -0.3, 0.8, 0.1, -0.6}, 0, 2_000));
  }

  @Test
  void secondOrderAndTwinOfADeepRecursion() {
    onDefaultStack(() -> new SecondOrderAgreement(recursive(), "p.Deep", "chain").check(0.4, 0.9, 2_000));
  }

  /**
   * What a level 5,000 down throws reaches the caller of each entry, type and message, from
   * whichever thread ran it; the levels are counted back, so a second call runs as the first.
   */
  @Test
  void anExceptionFiveThousandLevelsDownReachesTheCaller() {
    onDefaultStack(() -> {
      Compiled compiled = recursive();
      Class<?>[] types = {double.class, int.class, int.class, double[].class};
      for (String entry : List.of("throwsAt", "throwsAt_tangent")) {
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> compiled.call("p.DeepGrad", entry, types, 0.4, 6_000, 1_000, new double[] {1.0}));
        assertEquals("no level 1000", thrown.getMessage(), entry);
      }
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> compiled.call("p.DeepGrad",
          "throwsAt", new Class<?>[] {Value.class, int.class, int.class}, new Value(0.4), 6_000, 1_000));
      assertEquals("no level 1000", thrown.getMessage(), "twin");
      new GradientAgreement(compiled, "p.Deep", "throwsAt").check(0.4, 6_000, -1);
      // A shallow call after all that runs on the calling thread: no level was left counted.
      compiled.call("p.DeepGrad", "noting", new Class<?>[] {double.class, int.class, double[].class}, 0.3, 200,
          new double[1]);
      assertEquals(Thread.currentThread().getName() + "/unmarked", compiled.call("p.Threads", "take", new Class<?>[0]));
    });
  }

  /**
   * Documents what user code that reads the thread sees: the primal runs every level on the
   * caller's thread; the gradient runs levels past 256 on a thread of its own, where the caller's
   * ThreadLocal values are not set.
   */
  @Test
  void userCodeThatReadsTheThreadSeesAnotherPast256Levels() {
    onDefaultStack(() -> {
      Compiled compiled = recursive();
      String caller = Thread.currentThread().getName() + "/caller";
      compiled.call("p.Threads", "mark", new Class<?>[] {String.class}, "caller");
      compiled.call("p.Deep", "noting", new Class<?>[] {double.class, int.class}, 0.3, 1_000);
      assertEquals(caller, compiled.call("p.Threads", "take", new Class<?>[0]));
      compiled.call("p.DeepGrad", "noting", new Class<?>[] {double.class, int.class, double[].class}, 0.3, 255,
          new double[1]);
      assertEquals(caller, compiled.call("p.Threads", "take", new Class<?>[0]));
      compiled.call("p.DeepGrad", "noting", new Class<?>[] {double.class, int.class, double[].class}, 0.3, 1_000,
          new double[1]);
      assertEquals("javagrad-recursion/unmarked", compiled.call("p.Threads", "take", new Class<?>[0]));
    });
  }

  /** Several threads at once, each with its own count of levels: each gradient as computed alone. */
  @Test
  void deepRecursionFromAParallelStream() {
    Compiled compiled = recursive();
    Class<?>[] types = {double.class, double.class, int.class, double[].class};
    double[][] alone = new double[16][];
    for (int i = 0; i < alone.length; i++) {
      alone[i] = new double[2];
      compiled.call("p.DeepGrad", "chain", types, 0.1 * i, 0.9, 1_500, alone[i]);
    }
    double[][] together = IntStream.range(0, alone.length).parallel().mapToObj(i -> {
      double[] grad = new double[2];
      compiled.call("p.DeepGrad", "chain", types, 0.1 * i, 0.9, 1_500, grad);
      return grad;
    }).toArray(double[][]::new);
    for (int i = 0; i < alone.length; i++) {
      assertArrayEquals(alone[i], together[i], 0.0, "call " + i);
    }
  }

  /** {@code n} statements, each a local of its own: the pullback has three locals for each, past 256. */
  private static String manyStatements(String name, int n) {
    StringBuilder body = new StringBuilder("static double " + name + "(double x, double y) {\n"
        + "  double a0 = Math.sin(x) * y;\n");
    for (int k = 1; k < n; k++) {
      body.append("  double a").append(k).append(" = a").append(k - 1).append(" * y + Math.cos(a").append(k - 1)
          .append(") * 0.01;\n");
    }
    return body.append("  return a").append(n - 1).append(";\n}").toString();
  }

  private static String bigSwitch(int cases) {
    StringBuilder body = new StringBuilder("@Differentiable static double cases(double x, double y, int k) {\n"
        + "  double s = x;\n  switch (k) {\n");
    for (int c = 0; c < cases; c++) {
      body.append("    case ").append(c).append(":\n      s = s * y + Math.sin(x * ").append(c)
          .append(".5);\n      break;\n");
    }
    return body.append("    default:\n      s = s * x;\n  }\n  return s;\n}").toString();
  }

  private static String manyLoops(int loops) {
    StringBuilder body = new StringBuilder("@Differentiable static double loops(double x, double y, int m) {\n"
        + "  double s = x;\n");
    for (int c = 0; c < loops; c++) {
      body.append("  for (int i = 0; i < m; i++) {\n    s = s * y + Math.sin(x * i + ").append(c).append(");\n  }\n");
    }
    return body.append("  return s;\n}").toString();
  }

  /** Compiles {@code p.Size} of {@code members}, which must fail with one error: at the line of {@code method}. */
  private static void assertTooLarge(String method, String... members) {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Size",
        Compiled.classSource("p.Size", List.of(), List.of(members))));
    assertEquals(1, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation)
        .hadErrorContaining("the derivative code of " + method + " would pass the Java limit of 64 KB")
        .inFile(compilation.errors().get(0).getSource()).onLineContaining("static double " + method + "(");
  }

  private static Compiled size(String... members) {
    return Compiled.compile("p.Size", Compiled.classSource("p.Size", List.of(), List.of(members)))
        .assertCleanSuccess();
  }

  /** 600 statements make a pullback of about 40 KB, 1,200 one of about 80 KB (measured with javap). */
  @Test
  void manyStatementsUnderAndOverTheLimit() {
    new GradientAgreement(size("@Differentiable " + manyStatements("many", 600)), "p.Size", "many").check(0.3, 0.9);
    assertTooLarge("many", "@Differentiable " + manyStatements("many", 1_200));
  }

  /** 300 cases make a pullback of 27 KB; 800, about 72 KB. */
  @Test
  void bigSwitchUnderAndOverTheLimit() {
    GradientAgreement cases = new GradientAgreement(size(bigSwitch(300)), "p.Size", "cases");
    cases.check(0.3, 0.9, 17);
    cases.check(0.3, 0.9, 299);
    cases.check(0.3, 0.9, 300);
    assertTooLarge("cases", bigSwitch(800));
  }

  /** 200 loops make a pullback of 22 KB; 800, about 88 KB. */
  @Test
  void manyLoopsUnderAndOverTheLimit() {
    new GradientAgreement(size(manyLoops(200)), "p.Size", "loops").check(0.3, 0.9, 3);
    assertTooLarge("loops", manyLoops(800));
  }

  /** A helper too large, differentiated on demand for its caller: one error, clear about which method. */
  @Test
  void helperDifferentiatedOnDemandTooLarge() {
    Compilation compilation = FailingCompilation.compile(JavaFileObjects.forSourceString("p.Size",
        Compiled.classSource("p.Size", List.of(), List.of(manyStatements("big", 1_200),
            "@Differentiable static double caller(double x, double y) {\n  return big(x, y) * x;\n}"))));
    assertEquals(1, compilation.errors().size(), () -> FailingCompilation.describe(compilation));
    assertThat(compilation).hadErrorContaining("the derivative code of big would pass the Java limit of 64 KB")
        .inFile(compilation.errors().get(0).getSource()).onLineContaining("static double big(");
  }

  /** A method too large called by another: only its error, and the caller's companion compiles. */
  @Test
  void tooLargeMethodCalledByAnother() {
    assertTooLarge("big", "@Differentiable " + manyStatements("big", 1_200),
        "@Differentiable static double caller(double x, double y) {\n  return big(x, y) * x + y;\n}");
  }

  /** A recursive method, and one named as the private method that holds a level of its entries would be. */
  private static final String LEVEL_NAMES = """
      package p;

      import io.javagrad.Differentiable;

      public class Levels {
        @Differentiable static double energy(double x, int n) {
          return n == 0 ? x : Math.sin(energy(x, n - 1)) + energy_level(x, n);
        }

        @Differentiable static double energy_level(double x, int n) {
          return x * n;
        }
      }
      """;

  @Test
  void methodNamedLikeTheLevelOfARecursiveMethod() {
    Compiled compiled = Compiled.compile("p.Levels", LEVEL_NAMES).assertCleanSuccess();
    new GradientAgreement(compiled, "p.Levels", "energy").check(0.3, 5);
    new GradientAgreement(compiled, "p.Levels", "energy_level").check(0.3, 5);
  }

  /** A vector-valued method that a recursive method calls at each level. */
  private static final String VECTOR_RECURSION = """
      package p;

      import io.javagrad.Differentiable;

      public class VecRec {
        @Differentiable static double[] step(double[] v, double a) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = Math.sin(v[i]) * a + 0.5 * v[i];
          }
          return out;
        }

        @Differentiable static double norm(double[] v, double a, int n) {
          if (n == 0) {
            double s = 0;
            for (double e : v) {
              s += e * e;
            }
            return s;
          }
          return norm(step(v, a), a, n - 1);
        }
      }
      """;

  @Test
  void deepRecursionThroughAVectorValuedMethod() {
    Compiled compiled = Compiled.compile("p.VecRec", VECTOR_RECURSION).assertCleanSuccess();
    onDefaultStack(() -> new GradientAgreement(compiled, "p.VecRec", "norm")
        .check(new double[] {0.3, -0.5, 0.8}, 0.9, 1_000));
  }
  /**
   * A recursive method with {@code locals} locals: its primal's frame is large, its pullback's
   * several times larger.
   */
  private static String wideRecursion(int locals) {
    StringBuilder body = new StringBuilder("@Differentiable static double wide(double x, int n) {\n"
        + "  if (n == 0) {\n    return x;\n  }\n  double a0 = Math.sin(x);\n");
    for (int k = 1; k < locals; k++) {
      body.append("  double a").append(k).append(" = a").append(k - 1).append(" * 0.99 + Math.cos(a")
          .append(k - 1).append(") * 0.01;\n");
    }
    body.append("  double r = wide(a").append(locals - 1).append(" * 0.5 + 0.5 * x, n - 1);\n  return r");
    for (int k = 0; k < locals; k += 7) {
      body.append(" + a").append(k).append(" * r * 0.001");
    }
    return body.append(";\n}").toString();
  }

  /**
   * The primal goes {@value #WIDE_LEVELS} levels deep on 1 MiB, and so must its gradient, whose
   * frames are several times larger; while the entries counted levels alike, whatever their
   * frames, it overflowed before the count of 256 sent it to a thread of its own.
   */
  @Test
  void deepRecursionOfAMethodWithLargeFrames() {
    Compiled compiled = Compiled.compile("p.Wide",
        Compiled.classSource("p.Wide", List.of(), List.of(wideRecursion(120)))).assertCleanSuccess();
    onDefaultStack(() -> {
      compiled.call("p.Wide", "wide", new Class<?>[] {double.class, int.class}, 0.3, WIDE_LEVELS);
      new GradientAgreement(compiled, "p.Wide", "wide").check(0.3, WIDE_LEVELS);
    });
  }

  private static final int WIDE_LEVELS = 250;
}
