package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import io.javagrad.Functions;
import io.javagrad.GradientChecker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential testing of the processor on random straight-line programs.
 *
 * <p>Every case is one seed. From it a {@link SplittableRandom} builds a {@code @Differentiable}
 * method {@code f} (1 to 4 double parameters, maybe an int, 1 to 6 statements that declare,
 * reassign and compound-assign double locals, expressions as random trees of depth at most 4 over
 * the whole function table, with every argument kept inside its function's domain by construction)
 * and sometimes one or two helper methods that {@code f} calls. Cases are batched, 50 to a class, so
 * that javac runs a few times per run rather than hundreds; a batch whose compilation is not clean is
 * halved until each culprit is alone, and reported with its diagnostics.
 *
 * <p>Each method is then checked at 3 random points with {@link GradientAgreement}: the generated
 * gradient equals the dynamic twin's within 1e-10 and central finite differences within 1e-6, the
 * value is the method's own, the pullback is seed times the gradient. A point is used only where
 * that comparison is meaningful: a small interpreter of the generated program, independent of the
 * processor, runs it in forward mode and rejects the point unless every intermediate is finite and
 * moderate, the derivative is finite (no 0 * inf), the gradient is well conditioned (no catastrophic
 * cancellation that rounding alone would turn into a mismatch), no kink ({@code abs}, {@code max},
 * {@code min}, {@code relu}, a pole, a branch cut) lies within two finite-difference steps, and
 * finite differences with steps h and 2h agree. The interpreter's value must also equal the compiled
 * method's, which checks the harness itself.
 *
 * <p>On failure each case prints its seed, its source and its companion (compiled alone).
 *
 * <p>System properties: {@code -Djavagrad.fuzz.seed=N} replays the one case N and prints its source
 * and companion; {@code -Djavagrad.fuzz.count=N} sets the number of cases (default 400);
 * {@code -Djavagrad.fuzz.base=N} the first seed; {@code -Djavagrad.fuzz.without=constantAssign,twoCalls,intNegation,intReassign}
 * leaves features out of the generator, to look past a known bug.
 */
class RandomDifferentialTest {
  private static final long DEFAULT_BASE = 0x6a61766167726164L; // "javagrad"
  private static final int DEFAULT_COUNT = 400;
  private static final int BATCH = 50;
  private static final int POINTS = 3;
  private static final int ATTEMPTS = 40;
  private static final String PACKAGE = "fuzz";
  /**
   * A point is used only where the gradient's absolute path sums are at most this many times the
   * gradient (or 1): beyond that, rounding alone can break the 1e-10 and 1e-12 tolerances.
   */
  private static final double CONDITION = 1e3;

  // ---------------------------------------------------------------- tests

  @TestFactory
  Stream<DynamicTest> randomStraightLinePrograms() {
    String replay = System.getProperty("javagrad.fuzz.seed");
    Features features = Features.fromProperty(System.getProperty("javagrad.fuzz.without", ""));
    if (replay != null) {
      long seed = Long.decode(replay.strip());
      return Stream.of(DynamicTest.dynamicTest("replay seed " + seed, () -> replay(seed, features)));
    }
    long base = Long.decode(System.getProperty("javagrad.fuzz.base", Long.toString(DEFAULT_BASE)));
    int count = Integer.parseInt(System.getProperty("javagrad.fuzz.count", Integer.toString(DEFAULT_COUNT)));
    Stats total = new Stats();
    List<DynamicTest> tests = new ArrayList<>();
    for (int start = 0; start < count; start += BATCH) {
      int from = start;
      int to = Math.min(count, start + BATCH);
      tests.add(DynamicTest.dynamicTest("cases " + from + " to " + (to - 1), () -> {
        List<Case> cases = new ArrayList<>();
        for (int i = from; i < to; i++) {
          cases.add(Generator.generate(base + i, features));
        }
        long started = System.nanoTime();
        Stats stats = runBatch("Batch" + from, cases);
        total.add(stats);
        System.out.printf("[fuzz] cases %d..%d in %.1f s: %s%n", from, to - 1, (System.nanoTime() - started) / 1e9, stats);
        if (!stats.failures.isEmpty()) {
          fail(stats.report());
        }
      }));
    }
    return tests.stream();
  }

  // ---------------------------------------------------------------- cases the fuzzer found, minimized

  /**
   * A varied local or parameter that is then overwritten with a value that carries no derivative
   * (a constant) must lose its adjoint there.
   */
  @Test
  void overwritingAVariedVariableWithAConstant() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double local(double x) { double t = x; double u = t * 3; t = 5.0; return u + t; }
          @Differentiable static double parameter(double x) { double u = x * x; x = 2.0; return u + x; }
          @Differentiable static double byInt(double x, int n) { double t = x; double u = t * t; t = n; return u * t; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "local").check(0.7);
    new GradientAgreement(c, "p.Foo", "parameter").check(0.7);
    new GradientAgreement(c, "p.Foo", "byInt").check(0.7, 3);
  }

  /**
   * An int variable that the reverse sweep reads (as a factor, or as an index) and that changes
   * afterwards: the reverse sweep must read the value it had, which the forward sweep saves.
   */
  @Test
  void intChangedAfterADerivativeReadIt() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double factor(double x, int n) { int k = n; double t = x * k; k = k + 1; return t; }
          @Differentiable static double index(double x, double[] xs) { int k = 0; double t = x * xs[k]; k++; return t; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "factor").check(0.7, 3);
    new GradientAgreement(c, "p.Foo", "index").check(0.7, new double[] {2.0, 5.0});
  }

  /** A negated negative int literal: javac reads -(-2) as -(literal -2), which must not become --2. */
  @Test
  void negatedNegativeIntLiteral() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double f(double x) { return x * -(-2) + -(-3L); }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(0.7);
  }

  /**
   * A smooth point where a kink's zero branch meets an infinite partial: sqrt(relu(x)) is 0 for
   * x < 0, so d/dx (sqrt(relu(x)) + x) = 1 at x = -1. The fuzzer skips such points (its forward
   * mode sees 0 * inf); the contract still wants the companion and the twin to agree there.
   */
  @Test
  void zeroBranchTimesAnInfinitePartial() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        import io.javagrad.Functions;
        public class Foo {
          @Differentiable static double f(double x) { return Math.sqrt(Functions.relu(x)) + x; }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(-1.0);
  }

  /** Two calls to @Differentiable methods in one method: each call site needs its own pullback buffer. */
  @Test
  void twoCallSitesInOneMethod() {
    Compiled c = Compiled.compile("p.Foo", """
        package p;
        import io.javagrad.Differentiable;
        public class Foo {
          @Differentiable static double g(double x) { return Math.sin(x) * x; }
          @Differentiable static double f(double x, double y) { return g(x) * g(y); }
        }
        """).assertCleanSuccess();
    new GradientAgreement(c, "p.Foo", "f").check(0.7, -1.1);
  }

  private static void replay(long seed, Features features) {
    Case c = Generator.generate(seed, features);
    System.out.println("[fuzz] seed " + seed + ":\n" + c.source());
    Stats stats = runBatch("Replay", List.of(c));
    Compiled alone = compileAlone(c);
    if (alone.compilation().status() == Compilation.Status.SUCCESS) {
      System.out.println(alone.generatedSources());
    } else {
      System.out.println(alone.diagnostics());
    }
    System.out.println("[fuzz] " + stats);
    if (!stats.failures.isEmpty()) {
      fail(stats.report());
    }
  }

  // ---------------------------------------------------------------- running

  private static Stats runBatch(String className, List<Case> cases) {
    Stats stats = new Stats();
    runCases(className, cases, stats);
    return stats;
  }

  /**
   * Compiles the cases as one class and checks them; if the compilation is not clean, halves the
   * list until each case that does not compile cleanly is alone.
   */
  private static void runCases(String className, List<Case> cases, Stats stats) {
    String qualified = PACKAGE + "." + className;
    Compiled compiled = Compiled.compile(qualified, classSource(className, cases));
    if (isClean(compiled)) {
      for (Case c : cases) {
        check(compiled, qualified, c, stats);
      }
    } else if (cases.size() > 1) {
      int half = cases.size() / 2;
      runCases(className + "a", cases.subList(0, half), stats);
      runCases(className + "b", cases.subList(half, cases.size()), stats);
    } else {
      Case c = cases.get(0);
      Compilation plain = com.google.testing.compile.Compiler.javac()
          .withOptions("-Xlint:all", "--release", "17", "-proc:none")
          .compile(com.google.testing.compile.JavaFileObjects.forSourceString(qualified, classSource(className, cases)));
      String kind = isClean(plain) ? "the processor rejected the case or wrote a companion that does not compile"
          : "HARNESS BUG: the generated program itself is not clean Java";
      stats.cases++;
      stats.fail(c, c.main().name, kind + ":\n" + compiled.diagnostics());
    }
  }

  private static Compiled compileAlone(Case c) {
    return Compiled.compile(PACKAGE + ".Alone", classSource("Alone", List.of(c)));
  }

  private static boolean isClean(Compiled compiled) {
    return isClean(compiled.compilation());
  }

  static boolean isClean(Compilation compilation) {
    return compilation.status() == Compilation.Status.SUCCESS && compilation.diagnostics().stream()
        .noneMatch(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER);
  }

  private static String classSource(String className, List<Case> cases) {
    StringBuilder text = new StringBuilder("package " + PACKAGE + ";\n\nimport io.javagrad.Differentiable;\n"
        + "import io.javagrad.Functions;\n\npublic class " + className + " {\n");
    cases.forEach(c -> text.append(c.source()).append('\n'));
    return text.append("}\n").toString();
  }

  /** Checks every method of the case at {@link #POINTS} good points. */
  private static void check(Compiled compiled, String owner, Case c, Stats stats) {
    stats.cases++;
    SplittableRandom points = new SplittableRandom(c.seed ^ 0x5eedL);
    for (Method m : c.methods) {
      int found = 0;
      for (int attempt = 0; attempt < ATTEMPTS && found < POINTS; attempt++) {
        Object[] args = m.randomPoint(points);
        String reject = Interpreter.reject(c, m, args);
        if (reject != null) {
          stats.skipped.merge(reject, 1, Integer::sum);
          continue;
        }
        found++;
        stats.points++;
        try {
          double interpreted = Interpreter.value(c, m, args);
          double compiledValue = (Double) compiled.call(owner, m.name, m.types(), args);
          if (!GradientChecker.close(interpreted, compiledValue, 1e-9)) {
            stats.fail(c, m.name, "HARNESS BUG: the interpreter gives " + interpreted + " but the compiled method "
                + compiledValue + " at " + Arrays.toString(args));
            return;
          }
          new GradientAgreement(compiled, owner, m.name).check(args);
        } catch (AssertionError | RuntimeException failure) {
          stats.fail(c, m.name, "at " + Arrays.toString(args) + ": " + shorten(String.valueOf(failure.getMessage())));
          return;
        }
      }
      if (found == 0) {
        stats.methodsWithoutPoints++;
      }
    }
  }

  /** A failure message without the companion source that GradientAgreement appends. */
  static String shorten(String message) {
    int source = message.indexOf("\npackage ");
    String text = source < 0 ? message : message.substring(0, source);
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  /** What a batch found. */
  static final class Stats {
    int cases;
    int points;
    int methodsWithoutPoints;
    final Map<String, Integer> skipped = new HashMap<>();
    final List<String> failures = new ArrayList<>();
    final Set<Long> failedSeeds = new LinkedHashSet<>();

    void fail(Case c, String method, String message) {
      if (!failedSeeds.add(c.seed)) {
        return;
      }
      StringBuilder text = new StringBuilder();
      text.append("seed ").append(c.seed).append(" (replay: -Djavagrad.fuzz.seed=").append(c.seed).append("), method ")
          .append(method).append(":\n").append(message).append("\n--- source:\n").append(c.source());
      Compiled alone = compileAlone(c);
      if (alone.compilation().status() == Compilation.Status.SUCCESS) {
        text.append("--- companion (the case compiled alone):\n").append(alone.generatedSources());
      }
      failures.add(text.toString());
      System.out.println("[fuzz] FAILURE " + text);
    }

    synchronized void add(Stats other) {
      cases += other.cases;
      points += other.points;
      methodsWithoutPoints += other.methodsWithoutPoints;
      other.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
      failures.addAll(other.failures);
      failedSeeds.addAll(other.failedSeeds);
    }

    String report() {
      return failures.size() + " case(s) failed, seeds " + failedSeeds + "\n\n" + String.join("\n\n", failures);
    }

    @Override
    public synchronized String toString() {
      return cases + " cases, " + points + " points checked, " + methodsWithoutPoints
          + " methods without a usable point, skipped " + skipped + ", " + failures.size() + " failed "
          + failedSeeds;
    }
  }

  // ---------------------------------------------------------------- programs

  /** What the generator may use; a known bug's trigger can be left out to look past it. */
  record Features(boolean constantAssign, boolean twoCalls, boolean calls, boolean intNegation, boolean intReassign) {
    static Features fromProperty(String without) {
      List<String> off = Arrays.stream(without.split(",")).map(String::strip).toList();
      return new Features(!off.contains("constantAssign"), !off.contains("twoCalls"), !off.contains("calls"),
          !off.contains("intNegation"), !off.contains("intReassign"));
    }
  }

  /** An expression tree; {@code isInt} follows Java's typing (int op int is int arithmetic). */
  sealed interface Ex {}

  /** A double literal, non-negative, written as {@code text}. */
  record DLit(double value, String text) implements Ex {}

  record ILit(int value) implements Ex {}

  /** A parameter, local or static final constant. */
  record Ref(String name, boolean isInt) implements Ex {}

  record Neg(Ex operand) implements Ex {}

  record Bin(char op, Ex left, Ex right) implements Ex {}

  /** {@code owner.name(args)}, owner {@code Math} or {@code Functions}. */
  record Fn(String owner, String name, List<Ex> args) implements Ex {}

  /** A call to another generated method. */
  record Call(Method callee, List<Ex> args) implements Ex {}

  /** {@code (double) operand}. */
  record Cast(Ex operand) implements Ex {}

  static boolean isInt(Ex e) {
    if (e instanceof ILit) {
      return true;
    }
    if (e instanceof Ref r) {
      return r.isInt();
    }
    if (e instanceof Neg n) {
      return isInt(n.operand());
    }
    if (e instanceof Bin b) {
      return isInt(b.left()) && isInt(b.right());
    }
    return false;
  }

  sealed interface St {}

  /** {@code type name = init;}, or without an initializer when init is null. */
  record Decl(boolean isInt, String name, Ex init) implements St {}

  record Assign(String name, Ex value) implements St {}

  /** {@code name op= value;} */
  record Compound(String name, char op, Ex value) implements St {}

  /** {@code name++}, {@code --name}, ... */
  record Step(String name, boolean increment, boolean prefix) implements St {}

  record Param(String name, boolean isInt) {}

  static final class Method {
    final String name;
    final List<Param> params = new ArrayList<>();
    final List<St> body = new ArrayList<>();
    Ex result;

    Method(String name) {
      this.name = name;
    }

    Class<?>[] types() {
      return params.stream().map(p -> p.isInt() ? int.class : double.class).toArray(Class<?>[]::new);
    }

    Object[] randomPoint(SplittableRandom r) {
      Object[] args = new Object[params.size()];
      double scale = r.nextInt(4) == 0 ? 0.75 : 2.5;
      for (int i = 0; i < args.length; i++) {
        args[i] = params.get(i).isInt() ? (Object) (r.nextInt(8) - 3) : (Object) (r.nextDouble(-scale, scale));
      }
      return args;
    }
  }

  /** One seed's program: static final constants, helpers, and the main method {@code f}, last. */
  static final class Case {
    final long seed;
    final String prefix;
    final Map<String, Number> constants = new java.util.LinkedHashMap<>();
    final Set<String> privateConstants = new LinkedHashSet<>();
    final List<Method> methods = new ArrayList<>();

    Case(long seed) {
      this.seed = seed;
      this.prefix = "s" + Long.toHexString(seed);
    }

    Method main() {
      return methods.get(methods.size() - 1);
    }

    String source() {
      StringBuilder text = new StringBuilder();
      constants.forEach((name, value) -> text.append("  ").append(privateConstants.contains(name) ? "private " : "")
          .append("static final ").append(value instanceof Integer ? "int " : "double ").append(name).append(" = ")
          .append(value instanceof Integer ? value.toString() : Double.toString(value.doubleValue())).append(";\n"));
      for (Method m : methods) {
        text.append("  @Differentiable static double ").append(m.name).append('(');
        for (int i = 0; i < m.params.size(); i++) {
          Param p = m.params.get(i);
          text.append(i == 0 ? "" : ", ").append(p.isInt() ? "int " : "double ").append(p.name());
        }
        text.append(") {\n");
        for (St s : m.body) {
          text.append("    ").append(Render.statement(s)).append('\n');
        }
        text.append("    return ").append(Render.expr(m.result)).append(";\n  }\n");
      }
      return text.toString();
    }
  }

  /** Java source for trees, with exactly the parentheses the tree needs. */
  static final class Render {
    static String statement(St s) {
      if (s instanceof Decl d) {
        return (d.isInt() ? "int " : "double ") + d.name() + (d.init() == null ? "" : " = " + expr(d.init())) + ";";
      }
      if (s instanceof Assign a) {
        return a.name() + " = " + expr(a.value()) + ";";
      }
      if (s instanceof Compound c) {
        return c.name() + " " + c.op() + "= " + expr(c.value()) + ";";
      }
      Step step = (Step) s;
      String op = step.increment() ? "++" : "--";
      return (step.prefix() ? op + step.name() : step.name() + op) + ";";
    }

    static int precedence(Ex e) {
      if (e instanceof Bin b) {
        return b.op() == '+' || b.op() == '-' ? 1 : 2;
      }
      if (e instanceof Neg || e instanceof Cast) {
        return 3;
      }
      return 4;
    }

    static String expr(Ex e) {
      if (e instanceof DLit l) {
        return l.text();
      }
      if (e instanceof ILit l) {
        return Integer.toString(l.value());
      }
      if (e instanceof Ref r) {
        return r.name();
      }
      if (e instanceof Neg n) {
        boolean parens = precedence(n.operand()) <= 3;
        return "-" + (parens ? "(" + expr(n.operand()) + ")" : expr(n.operand()));
      }
      if (e instanceof Cast c) {
        boolean parens = precedence(c.operand()) <= 3;
        return "(double) " + (parens ? "(" + expr(c.operand()) + ")" : expr(c.operand()));
      }
      if (e instanceof Bin b) {
        int p = precedence(b);
        String left = precedence(b.left()) < p ? "(" + expr(b.left()) + ")" : expr(b.left());
        String right = precedence(b.right()) <= p ? "(" + expr(b.right()) + ")" : expr(b.right());
        return left + " " + b.op() + " " + right;
      }
      if (e instanceof Fn f) {
        return f.owner() + "." + f.name() + "(" + String.join(", ", f.args().stream().map(Render::expr).toList()) + ")";
      }
      Call c = (Call) e;
      return c.callee().name + "(" + String.join(", ", c.args().stream().map(Render::expr).toList()) + ")";
    }
  }

  // ---------------------------------------------------------------- generator

  static final class Generator {
    private static final String[] FUNCTIONS = {"exp", "log", "log10", "log1p", "expm1", "sqrt", "cbrt", "pow", "sin",
        "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "abs", "max", "min", "hypot", "relu",
        "sigmoid"};

    private final SplittableRandom r;
    private final Features features;
    private final Case c;
    private final List<Method> callable = new ArrayList<>();
    private List<String> doubles;
    private List<String> parameters;
    private List<String> locals;
    private List<String> ints;
    private int callsLeft;
    private int localCount;

    private Generator(long seed, Features features) {
      this.r = new SplittableRandom(seed);
      this.features = features;
      this.c = new Case(seed);
    }

    static Case generate(long seed, Features features) {
      Generator g = new Generator(seed, features);
      g.constants();
      int helpers = !features.calls() ? 0 : g.r.nextInt(10) < 6 ? 0 : 1 + g.r.nextInt(2);
      for (int i = 0; i < helpers; i++) {
        Method h = g.method(g.c.prefix + "_h" + i, 1 + g.r.nextInt(2), 1 + g.r.nextInt(3), 1);
        g.c.methods.add(h);
        g.callable.add(h);
      }
      g.c.methods.add(g.method(g.c.prefix + "_f", 1 + g.r.nextInt(4), 1 + g.r.nextInt(6),
          features.twoCalls() ? 2 : 1));
      return g.c;
    }

    private void constants() {
      if (r.nextInt(3) == 0) {
        String name = c.prefix + "_K";
        c.constants.put(name, literalValue());
        if (r.nextBoolean()) {
          c.privateConstants.add(name);
        }
      }
      if (r.nextInt(4) == 0) {
        String name = c.prefix + "_N";
        c.constants.put(name, 1 + r.nextInt(4));
        if (r.nextBoolean()) {
          c.privateConstants.add(name);
        }
      }
    }

    private Method method(String name, int doubleParams, int statements, int maxCalls) {
      Method m = new Method(name);
      doubles = new ArrayList<>();
      parameters = new ArrayList<>();
      locals = new ArrayList<>();
      ints = new ArrayList<>();
      callsLeft = maxCalls;
      localCount = 0;
      boolean hasInt = r.nextInt(10) < 3;
      int intAt = hasInt ? r.nextInt(doubleParams + 1) : -1;
      for (int i = 0, d = 0; i < doubleParams + (hasInt ? 1 : 0); i++) {
        if (i == intAt) {
          m.params.add(new Param("n", true));
          ints.add("n");
        } else {
          String p = name.endsWith("_f") ? "x" + d++ : "a" + d++;
          m.params.add(new Param(p, false));
          doubles.add(p);
          parameters.add(p);
        }
      }
      for (int i = 0; i < statements; i++) {
        statement(m.body);
      }
      m.result = expr(2 + r.nextInt(3), true);
      return m;
    }

    private void statement(List<St> body) {
      int choice = r.nextInt(100);
      boolean haveLocal = !locals.isEmpty();
      if (choice < 35 || !haveLocal && choice < 80) {
        String name = "t" + localCount++;
        if (r.nextInt(7) == 0) {
          body.add(new Decl(false, name, null));
          body.add(new Assign(name, value(1 + r.nextInt(3))));
        } else {
          body.add(new Decl(false, name, value(1 + r.nextInt(3))));
        }
        doubles.add(name);
        locals.add(name);
      } else if (choice < 55) {
        body.add(new Assign(target(), value(1 + r.nextInt(3))));
      } else if (choice < 72) {
        char op = "+-*/".charAt(r.nextInt(4));
        body.add(new Compound(target(), op, op == '/' ? safeDenominator(1 + r.nextInt(2)) : expr(1 + r.nextInt(2), false)));
      } else if (choice < 80) {
        body.add(new Step(target(), r.nextBoolean(), r.nextBoolean()));
      } else if (choice < 90 && features.constantAssign()) {
        body.add(new Assign(target(), constantExpr()));
      } else if (!ints.isEmpty() && !ints.contains("k")) {
        body.add(new Decl(true, "k", intExpr(2)));
        ints.add("k");
      } else if (ints.contains("k") && features.intReassign()) {
        body.add(r.nextBoolean() ? new Step("k", r.nextBoolean(), r.nextBoolean())
            : new Compound("k", "+-*".charAt(r.nextInt(3)), intExpr(1)));
      } else {
        body.add(new Assign(target(), value(1 + r.nextInt(3))));
      }
    }

    /**
     * A value to store. Without the constantAssign feature it always reads a double parameter, so
     * that no variable that carries a derivative is ever overwritten by one that does not.
     */
    private Ex value(int depth) {
      Ex e = expr(depth, false);
      if (features.constantAssign() || readsParameter(e)) {
        return e;
      }
      return new Bin('+', e, new Ref(parameters.get(r.nextInt(parameters.size())), false));
    }

    private boolean readsParameter(Ex e) {
      if (e instanceof Ref ref) {
        return parameters.contains(ref.name());
      }
      if (e instanceof Neg n) {
        return readsParameter(n.operand());
      }
      if (e instanceof Bin b) {
        return readsParameter(b.left()) || readsParameter(b.right());
      }
      if (e instanceof Fn f) {
        return f.args().stream().anyMatch(this::readsParameter);
      }
      if (e instanceof Call c) {
        return c.args().stream().anyMatch(this::readsParameter);
      }
      return false;
    }

    /** A double variable to write: a local mostly, a parameter sometimes. */
    private String target() {
      if (!locals.isEmpty() && r.nextInt(4) != 0) {
        return locals.get(r.nextInt(locals.size()));
      }
      return doubles.get(r.nextInt(doubles.size()));
    }

    /** An expression that carries no derivative. */
    private Ex constantExpr() {
      return switch (r.nextInt(5)) {
        case 0 -> literal();
        case 1 -> ints.isEmpty() ? literal() : new Bin('*', new Ref(ints.get(r.nextInt(ints.size())), true), literal());
        case 2 -> new Fn("Math", "sin", List.of(literal()));
        case 3 -> c.constants.isEmpty() ? literal() : new Bin('+', constantRef(), literal());
        default -> new ILit(r.nextInt(5));
      };
    }

    private Ex constantRef() {
      List<String> names = new ArrayList<>(c.constants.keySet());
      String name = names.get(r.nextInt(names.size()));
      return new Ref(name, c.constants.get(name) instanceof Integer);
    }

    private double literalValue() {
      return switch (r.nextInt(4)) {
        case 0 -> 0.5 + r.nextInt(6) * 0.5;
        case 1 -> r.nextInt(1, 5);
        case 2 -> Math.round(r.nextDouble(0.05, 3) * 1000) / 1000.0;
        default -> 0.25;
      };
    }

    /** A non-negative literal: mostly a double literal, sometimes an int one (which Java types as int). */
    private Ex literal() {
      double v = literalValue();
      return switch (r.nextInt(6)) {
        case 0 -> v == Math.rint(v) ? new ILit((int) v) : lit(v);
        case 1 -> new DLit(v, v + "e0");
        default -> lit(v);
      };
    }

    /** {@code e} as a double: Math.abs, max and min of ints are int functions. */
    private static Ex asDouble(Ex e) {
      return isInt(e) ? new Cast(e) : e;
    }

    /** A double expression of depth at most {@code depth}; the return prefers locals. */
    private Ex expr(int depth, boolean preferLocals) {
      if (depth <= 0 || r.nextInt(10) < 2) {
        return leaf(preferLocals);
      }
      int choice = r.nextInt(100);
      if (choice < 12) {
        return new Bin('+', expr(depth - 1, preferLocals), expr(depth - 1, preferLocals));
      }
      if (choice < 23) {
        return new Bin('-', expr(depth - 1, preferLocals), expr(depth - 1, preferLocals));
      }
      if (choice < 37) {
        return new Bin('*', expr(depth - 1, preferLocals), expr(depth - 1, preferLocals));
      }
      if (choice < 46) {
        return division(depth, preferLocals);
      }
      if (choice < 51) {
        return negate(expr(depth - 1, preferLocals));
      }
      if (choice < 55) {
        return mixedWithInt(depth, preferLocals);
      }
      if (choice < 95 || callable.isEmpty() || callsLeft == 0) {
        return function(depth, preferLocals);
      }
      return call(depth);
    }

    private Ex leaf(boolean preferLocals) {
      int choice = r.nextInt(100);
      if (choice < 70) {
        if (!locals.isEmpty() && (preferLocals ? r.nextInt(4) != 0 : r.nextBoolean())) {
          return new Ref(locals.get(r.nextInt(locals.size())), false);
        }
        return new Ref(doubles.get(r.nextInt(doubles.size())), false);
      }
      if (choice < 88) {
        return literal();
      }
      if (choice < 94 && !c.constants.isEmpty()) {
        return constantRef();
      }
      if (!ints.isEmpty()) {
        return new Ref(ints.get(r.nextInt(ints.size())), true);
      }
      return new ILit(1 + r.nextInt(4));
    }

    private Ex intExpr(int depth) {
      if (depth <= 0 || r.nextInt(3) == 0) {
        return ints.isEmpty() || r.nextInt(3) == 0 ? new ILit(1 + r.nextInt(4))
            : new Ref(ints.get(r.nextInt(ints.size())), true);
      }
      return switch (r.nextInt(6)) {
        case 0 -> new Bin('+', intExpr(depth - 1), intExpr(depth - 1));
        case 1 -> new Bin('-', intExpr(depth - 1), intExpr(depth - 1));
        case 2 -> new Bin('*', intExpr(depth - 1), intExpr(depth - 1));
        case 3 -> new Bin('/', intExpr(depth - 1), new ILit(2 + r.nextInt(3)));
        case 4 -> new Bin('%', intExpr(depth - 1), new ILit(2 + r.nextInt(3)));
        default -> negate(intExpr(depth - 1));
      };
    }

    /** Double arithmetic with an int operand: promotion, an explicit cast, int arithmetic inside. */
    private Ex mixedWithInt(int depth, boolean preferLocals) {
      Ex integral = intExpr(1 + r.nextInt(2));
      Ex other = expr(depth - 1, preferLocals);
      return switch (r.nextInt(4)) {
        case 0 -> new Bin('*', other, integral);
        case 1 -> new Bin('+', integral, other);
        case 2 -> new Bin('*', new Cast(integral), other);
        default -> new Bin('/', other, new Bin('+', new ILit(10), new Bin('*', integral, integral)));
      };
    }

    /** {@code -e}; without the intNegation feature an int is subtracted from 0 instead. */
    private Ex negate(Ex e) {
      return features.intNegation() || !isInt(e) ? new Neg(e) : new Bin('-', new ILit(0), e);
    }

    /** {@code e * e}; without the twoCalls feature, a call is not written twice. */
    private Ex square(Ex e) {
      return features.twoCalls() || !hasCall(e) ? new Bin('*', e, e) : math("pow", e, new ILit(2));
    }

    private static boolean hasCall(Ex e) {
      if (e instanceof Call) {
        return true;
      }
      if (e instanceof Neg n) {
        return hasCall(n.operand());
      }
      if (e instanceof Bin b) {
        return hasCall(b.left()) || hasCall(b.right());
      }
      return e instanceof Fn f && f.args().stream().anyMatch(Generator::hasCall);
    }

    private static DLit lit(double v) {
      return new DLit(v, Double.toString(v));
    }

    private static Ex plus(double v, Ex e) {
      return new Bin('+', lit(v), e);
    }

    private static Ex math(String name, Ex... args) {
      return new Fn("Math", name, List.of(args));
    }

    /** A denominator that stays away from zero. */
    private Ex safeDenominator(int depth) {
      Ex e = expr(depth, false);
      return switch (r.nextInt(5)) {
        case 0 -> plus(1.5, math("sin", e));
        case 1 -> plus(2, square(e));
        case 2 -> plus(1, math("exp", e));
        case 3 -> r.nextBoolean() ? new ILit(3) : lit(2.5);
        default -> plus(1.25, math("cos", e));
      };
    }

    private Ex division(int depth, boolean preferLocals) {
      Ex numerator = expr(depth - 1, preferLocals);
      if (r.nextInt(8) == 0) {
        // A pole is possible: points near it are skipped. An int denominator could be 0: make it a double.
        return new Bin('/', numerator, asDouble(expr(depth - 1, preferLocals)));
      }
      return new Bin('/', numerator, safeDenominator(depth - 1));
    }

    private Ex function(int depth, boolean preferLocals) {
      String f = FUNCTIONS[r.nextInt(FUNCTIONS.length)];
      Ex a = expr(depth - 1, preferLocals);
      int variant = r.nextInt(4);
      return switch (f) {
        case "abs" -> math(f, asDouble(a));
        case "exp", "sin", "cos", "atan", "sinh", "cosh", "tanh" -> math(f, a);
        case "expm1" -> variant == 0 ? math(f, new Neg(square(a))) : math(f, a);
        case "log" -> switch (variant) {
          case 0 -> math(f, plus(1, square(a)));
          case 1 -> math(f, plus(2, math("sin", a)));
          case 2 -> math(f, math("hypot", a, lit(1)));
          default -> math(f, math("cosh", a));
        };
        case "log10" -> variant < 2 ? math(f, plus(1, square(a))) : math(f, plus(1.5, math("cos", a)));
        case "log1p" -> switch (variant) {
          case 0 -> math(f, square(a));
          case 1 -> math(f, math("abs", asDouble(a)));
          default -> math(f, new Fn("Functions", "sigmoid", List.of(a)));
        };
        case "sqrt" -> switch (variant) {
          case 0 -> math(f, plus(1, square(a)));
          case 1 -> math(f, plus(2, math("sin", a)));
          default -> math(f, new Bin('+', new Bin('+', square(a), square(expr(depth - 1, preferLocals))), lit(0.5)));
        };
        case "cbrt" -> variant == 0 ? math(f, a) : math(f, plus(1, square(a)));
        case "pow" -> switch (variant) {
          case 0 -> math(f, plus(1, square(a)), expr(depth - 1, preferLocals));
          case 1 -> math(f, a, new ILit(2 + r.nextInt(2)));
          case 2 -> math(f, a, lit(2 + r.nextInt(2)));
          default -> math(f, plus(1.5, math("sin", a)), literal());
        };
        case "tan" -> variant < 2 ? math(f, new Bin('*', lit(0.9), math("atan", a))) : math(f, new Bin('*', lit(0.5), a));
        case "asin", "acos" -> switch (variant) {
          case 0 -> math(f, new Bin('*', math("tanh", a), lit(0.9)));
          case 1 -> math(f, new Bin('*', lit(0.5), math("sin", a)));
          default -> math(f, new Bin('-', new Fn("Functions", "sigmoid", List.of(a)), lit(0.5)));
        };
        case "atan2" -> variant == 0 ? math(f, a, plus(2, square(expr(depth - 1, preferLocals))))
            : math(f, a, expr(depth - 1, preferLocals));
        case "max", "min" -> variant == 0 && a instanceof Ref ? math(f, asDouble(a), a)
            : math(f, asDouble(a), expr(depth - 1, preferLocals));
        case "hypot" -> variant == 0 ? math(f, a, lit(1)) : math(f, a, expr(depth - 1, preferLocals));
        default -> new Fn("Functions", f, List.of(a)); // relu, sigmoid
      };
    }

    private Ex call(int depth) {
      callsLeft--;
      Method callee = callable.get(r.nextInt(callable.size()));
      List<Ex> args = new ArrayList<>();
      for (Param p : callee.params) {
        if (p.isInt()) {
          args.add(ints.isEmpty() || r.nextBoolean() ? new ILit(r.nextInt(4)) : new Ref(ints.get(r.nextInt(ints.size())), true));
        } else {
          args.add(expr(Math.min(depth - 1, 2), false));
        }
      }
      return new Call(callee, args);
    }
  }

  // ---------------------------------------------------------------- interpreter

  /**
   * Runs a generated program without the processor, to choose points. Besides the value it
   * computes, in forward mode, the gradient and the gradient's condition: for each input the sum
   * over all paths of the absolute products of the local partials, which bounds how much rounding
   * (and a different but equivalent order of operations, as the companion and the twin use) can
   * move the gradient. It also records the largest intermediate and a trace of every decision that
   * makes the function non-smooth (which side of a kink, a pole or a branch cut each evaluation
   * is on).
   */
  static final class Interpreter {
    /** A value with its derivatives {@code d} and absolute path sums {@code a}; null arrays for a constant. */
    record D(double v, double[] d, double[] a) {
      boolean isConstant() {
        return d == null;
      }
    }

    private final Case c;
    private final int inputs;
    private final List<Integer> trace = new ArrayList<>();
    private double largest;
    private boolean nonFinite;

    private Interpreter(Case c, int inputs) {
      this.c = c;
      this.inputs = inputs;
    }

    static double value(Case c, Method m, Object[] args) {
      Interpreter interpreter = new Interpreter(c, 0);
      return interpreter.run(m, interpreter.leaves(m, args, false)).v();
    }

    /** Why the point is not usable, or null when it is. */
    static String reject(Case c, Method m, Object[] args) {
      try {
        return rejectOrNull(c, m, args);
      } catch (ArithmeticException integerDivisionByZero) {
        return "integer division by zero";
      }
    }

    private static String rejectOrNull(Case c, Method m, Object[] args) {
      int inputs = (int) Arrays.stream(args).filter(Double.class::isInstance).count();
      Interpreter center = new Interpreter(c, inputs);
      D value = center.run(m, center.leaves(m, args, true));
      if (center.nonFinite || !Double.isFinite(value.v())) {
        return "not finite";
      }
      if (Math.abs(value.v()) > 1e6 || center.largest > 1e8) {
        return "too large";
      }
      if (!value.isConstant()) {
        for (int i = 0; i < inputs; i++) {
          if (!Double.isFinite(value.d()[i]) || !Double.isFinite(value.a()[i])) {
            return "singular derivative";
          }
          if (value.a()[i] > CONDITION * Math.max(1, Math.abs(value.d()[i]))) {
            return "ill-conditioned gradient";
          }
        }
      }
      for (int i = 0; i < args.length; i++) {
        if (!(args[i] instanceof Double x)) {
          continue;
        }
        double h = GradientChecker.step(x);
        double[] at = new double[5];
        for (int s = -2; s <= 2; s++) {
          if (s == 0) {
            continue;
          }
          Object[] moved = args.clone();
          moved[i] = x + s * h;
          Interpreter near = new Interpreter(c, 0);
          at[s + 2] = near.run(m, near.leaves(m, moved, false)).v();
          if (near.nonFinite || !Double.isFinite(at[s + 2])) {
            return "not finite nearby";
          }
          if (!near.trace.equals(center.trace)) {
            return "kink nearby";
          }
        }
        double fd1 = (at[3] - at[1]) / ((x + h) - (x - h));
        double fd2 = (at[4] - at[0]) / ((x + 2 * h) - (x - 2 * h));
        if (!GradientChecker.close(fd1, fd2, 1e-7)) {
          return "finite differences unstable";
        }
      }
      return null;
    }

    /** The arguments as values: each double an input of its own when {@code seeded}, ints as Integer. */
    private Object[] leaves(Method m, Object[] args, boolean seeded) {
      Object[] values = new Object[args.length];
      int input = 0;
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Double x) {
          if (seeded) {
            double[] unit = new double[inputs];
            unit[input++] = 1;
            values[i] = new D(x, unit, unit.clone());
          } else {
            values[i] = new D(x, null, null);
          }
        } else {
          values[i] = args[i];
        }
      }
      return values;
    }

    private D run(Method m, Object[] args) {
      Map<String, D> doubles = new HashMap<>();
      Map<String, Integer> ints = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        Param p = m.params.get(i);
        if (p.isInt()) {
          ints.put(p.name(), (Integer) args[i]);
        } else {
          doubles.put(p.name(), (D) args[i]);
        }
      }
      for (St s : m.body) {
        if (s instanceof Decl d) {
          if (d.init() != null) {
            if (d.isInt()) {
              ints.put(d.name(), integer(d.init(), ints));
            } else {
              doubles.put(d.name(), real(d.init(), doubles, ints));
            }
          }
        } else if (s instanceof Assign a) {
          doubles.put(a.name(), real(a.value(), doubles, ints));
        } else if (s instanceof Compound cmp) {
          if (ints.containsKey(cmp.name())) {
            ints.put(cmp.name(), integerOp(cmp.op(), ints.get(cmp.name()), integer(cmp.value(), ints)));
          } else {
            doubles.put(cmp.name(), binary(cmp.op(), doubles.get(cmp.name()), real(cmp.value(), doubles, ints)));
          }
        } else {
          Step step = (Step) s;
          int delta = step.increment() ? 1 : -1;
          if (ints.containsKey(step.name())) {
            ints.put(step.name(), ints.get(step.name()) + delta);
          } else {
            doubles.put(step.name(), binary('+', doubles.get(step.name()), constant(delta)));
          }
        }
      }
      return real(m.result, doubles, ints);
    }

    private D constant(double v) {
      return note(new D(v, null, null));
    }

    private D note(D value) {
      if (!Double.isFinite(value.v())) {
        nonFinite = true;
      } else {
        largest = Math.max(largest, Math.abs(value.v()));
      }
      return value;
    }

    private int integer(Ex e, Map<String, Integer> ints) {
      if (e instanceof ILit l) {
        return l.value();
      }
      if (e instanceof Ref r) {
        Integer local = ints.get(r.name());
        return local != null ? local : (Integer) c.constants.get(r.name());
      }
      if (e instanceof Neg n) {
        return -integer(n.operand(), ints);
      }
      Bin b = (Bin) e;
      return integerOp(b.op(), integer(b.left(), ints), integer(b.right(), ints));
    }

    private static int integerOp(char op, int a, int b) {
      return switch (op) {
        case '+' -> a + b;
        case '-' -> a - b;
        case '*' -> a * b;
        case '/' -> a / b;
        default -> a % b;
      };
    }

    private static int sign(double v) {
      return v > 0 ? 1 : v < 0 ? -1 : 0;
    }

    private D real(Ex e, Map<String, D> doubles, Map<String, Integer> ints) {
      if (isInt(e)) {
        return constant(integer(e, ints));
      }
      if (e instanceof DLit l) {
        return constant(l.value());
      }
      if (e instanceof Ref r) {
        D local = doubles.get(r.name());
        return local != null ? local : constant(c.constants.get(r.name()).doubleValue());
      }
      if (e instanceof Neg n) {
        D x = real(n.operand(), doubles, ints);
        return combine(-x.v(), new D[] {x}, new double[] {-1});
      }
      if (e instanceof Cast cast) {
        return constant(integer(cast.operand(), ints));
      }
      if (e instanceof Bin b) {
        D left = real(b.left(), doubles, ints);
        D right = real(b.right(), doubles, ints);
        if (b.op() == '/') {
          trace.add(sign(right.v())); // a pole between two points is a discontinuity
        }
        return binary(b.op(), left, right);
      }
      if (e instanceof Call call) {
        Object[] args = new Object[call.args().size()];
        for (int i = 0; i < args.length; i++) {
          args[i] = call.callee().params.get(i).isInt() ? (Object) integer(call.args().get(i), ints)
              : (Object) real(call.args().get(i), doubles, ints);
        }
        return note(run(call.callee(), args));
      }
      Fn f = (Fn) e;
      D[] a = f.args().stream().map(arg -> real(arg, doubles, ints)).toArray(D[]::new);
      return apply(f.name(), a);
    }

    private D binary(char op, D x, D y) {
      double a = x.v();
      double b = y.v();
      return switch (op) {
        case '+' -> combine(a + b, new D[] {x, y}, new double[] {1, 1});
        case '-' -> combine(a - b, new D[] {x, y}, new double[] {1, -1});
        case '*' -> combine(a * b, new D[] {x, y}, new double[] {b, a});
        default -> combine(a / b, new D[] {x, y}, new double[] {1 / b, -a / (b * b)});
      };
    }

    /** The result {@code v} of a function of {@code operands} whose partials are {@code partials}. */
    private D combine(double v, D[] operands, double[] partials) {
      double[] d = null;
      double[] a = null;
      for (int j = 0; j < operands.length; j++) {
        if (operands[j].isConstant()) {
          continue; // as in the companion and the twin, a constant operand sends nothing back
        }
        if (d == null) {
          d = new double[inputs];
          a = new double[inputs];
        }
        for (int i = 0; i < inputs; i++) {
          d[i] += partials[j] * operands[j].d()[i];
          a[i] += Math.abs(partials[j]) * operands[j].a()[i];
        }
      }
      return note(new D(v, d, a));
    }

    private D apply(String name, D[] x) {
      double a = x[0].v();
      double b = x.length > 1 ? x[1].v() : Double.NaN;
      switch (name) {
        case "abs", "relu", "cbrt" -> trace.add(sign(a));
        case "max", "min" -> trace.add(sign(a - b) + (a == b ? 10 : 0));
        case "atan2" -> trace.add(b < 0 ? 2 * sign(a) : 5);
        case "tan" -> trace.add((int) Math.floor(a / Math.PI + 0.5));
        default -> { }
      }
      double[] valueAndPartials = valueAndPartials(name, a, b);
      return combine(valueAndPartials[0], x, Arrays.copyOfRange(valueAndPartials, 1, valueAndPartials.length));
    }

    /**
     * The value of the function {@code name} of the table at {@code a} (and {@code b}, for the
     * functions of two arguments), followed by its partial derivatives, as the contract defines them
     * (at a kink: relu'(0) = abs'(0) = 0, a tie of max or min goes to the first argument).
     */
    static double[] valueAndPartials(String name, double a, double b) {
      double y;
      double[] p;
      switch (name) {
        case "exp" -> {
          y = Math.exp(a);
          p = new double[] {y};
        }
        case "log" -> {
          y = Math.log(a);
          p = new double[] {1 / a};
        }
        case "log10" -> {
          y = Math.log10(a);
          p = new double[] {1 / (a * Math.log(10))};
        }
        case "log1p" -> {
          y = Math.log1p(a);
          p = new double[] {1 / (1 + a)};
        }
        case "expm1" -> {
          y = Math.expm1(a);
          p = new double[] {y + 1};
        }
        case "sqrt" -> {
          y = Math.sqrt(a);
          p = new double[] {0.5 / y};
        }
        case "cbrt" -> {
          y = Math.cbrt(a);
          p = new double[] {1 / (3 * y * y)};
        }
        case "pow" -> {
          y = Math.pow(a, b);
          p = new double[] {b * Math.pow(a, b - 1), a == 0 && b >= 0 ? 0 : y * Math.log(a)};
        }
        case "sin" -> {
          y = Math.sin(a);
          p = new double[] {Math.cos(a)};
        }
        case "cos" -> {
          y = Math.cos(a);
          p = new double[] {-Math.sin(a)};
        }
        case "tan" -> {
          y = Math.tan(a);
          p = new double[] {1 + y * y};
        }
        case "asin" -> {
          y = Math.asin(a);
          p = new double[] {1 / Math.sqrt(1 - a * a)};
        }
        case "acos" -> {
          y = Math.acos(a);
          p = new double[] {-1 / Math.sqrt(1 - a * a)};
        }
        case "atan" -> {
          y = Math.atan(a);
          p = new double[] {1 / (1 + a * a)};
        }
        case "atan2" -> {
          y = Math.atan2(a, b);
          double r2 = a * a + b * b;
          p = new double[] {b / r2, -a / r2};
        }
        case "sinh" -> {
          y = Math.sinh(a);
          p = new double[] {Math.cosh(a)};
        }
        case "cosh" -> {
          y = Math.cosh(a);
          p = new double[] {Math.sinh(a)};
        }
        case "tanh" -> {
          y = Math.tanh(a);
          p = new double[] {1 - y * y};
        }
        case "abs" -> {
          y = Math.abs(a);
          p = new double[] {Math.signum(a)};
        }
        case "max" -> {
          y = Math.max(a, b);
          p = a >= b ? new double[] {1, 0} : new double[] {0, 1};
        }
        case "min" -> {
          y = Math.min(a, b);
          p = a <= b ? new double[] {1, 0} : new double[] {0, 1};
        }
        case "hypot" -> {
          y = Math.hypot(a, b);
          p = new double[] {a / y, b / y};
        }
        case "relu" -> {
          y = Functions.relu(a);
          p = new double[] {a > 0 ? 1 : 0};
        }
        case "sigmoid" -> {
          y = Functions.sigmoid(a);
          p = new double[] {y * (1 - y)};
        }
        default -> throw new IllegalArgumentException(name.toLowerCase(Locale.ROOT));
      }
      double[] result = new double[p.length + 1];
      result[0] = y;
      System.arraycopy(p, 0, result, 1, p.length);
      return result;
    }
  }
}
