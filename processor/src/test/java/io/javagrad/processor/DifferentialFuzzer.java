package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.javagrad.GradientChecker;
import io.javagrad.processor.ForwardInterpreter.PointFilter;
import io.javagrad.processor.RandomPrograms.Case;
import io.javagrad.processor.RandomPrograms.EnumConst;
import io.javagrad.processor.RandomPrograms.K;
import io.javagrad.processor.RandomPrograms.Method;
import io.javagrad.processor.RandomPrograms.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.DynamicTest;

/**
 * The harness of the randomized differential tests. It generates the cases, one per seed, and
 * compiles them in batches, each batch one class, so that javac runs a few times per run rather
 * than hundreds; a batch whose compilation is not clean is halved until each culprit is alone,
 * and reported with its diagnostics. A case with {@code @NoDerivative} marks is compiled twice, in
 * the same javac run: in class {@code BatchN} with the marks and in {@code BatchNPlain} without.
 *
 * <p>Each method is checked at up to 3 random points that the {@link ForwardInterpreter} accepts:
 * the interpreter's value must equal the compiled method's, which checks the harness itself; then
 * {@link GradientAgreement} (the generated gradient equals the twin's within 1e-10 and central
 * finite differences within 1e-6, the value is the method's own, the pullback is seed times the
 * gradient), for the marked class and the plain one; and the marked gradient must equal the plain
 * gradient's active slots within 1e-12 (relative, absolute near zero). On failure each case prints
 * its seed, its sources and its companions (the case compiled alone).
 *
 * <p>A fuzzer named N reads {@code -Djavagrad.N.seed} (replay the one case, printing its sources
 * and companions), {@code -Djavagrad.N.count} (how many cases), {@code -Djavagrad.N.base} (the
 * first seed) and {@code -Djavagrad.N.without} (the features its generator leaves out).
 */
final class DifferentialFuzzer {
  private static final int POINTS = 3;
  /** The marked gradient against the unmarked gradient's active slots. */
  private static final double MARK_TOLERANCE = 1e-12;

  /**
   * How a fuzzer runs.
   *
   * @param name its system properties are {@code javagrad.NAME.*}, its classes are in package
   *     NAME, its log lines begin {@code [NAME]}
   * @param defaultBase the first seed, unless {@code -Djavagrad.NAME.base} says otherwise
   * @param defaultCount how many cases, unless {@code -Djavagrad.NAME.count} says otherwise
   * @param batch how many cases are compiled as one class
   * @param attempts how many random points are tried for each method
   * @param points where the random points lie
   */
  record Settings(String name, long defaultBase, int defaultCount, int batch, int attempts, Points points) {}

  /**
   * Where random points lie: doubles and array elements in (-wide, wide), or one time in four in
   * (-0.75, 0.75); ints from {@code intMin} to {@code intMax}; booleans either way; strings from
   * {@link RandomPrograms#STRINGS}; constants of the case's enum (as {@link EnumConst}, which
   * {@link #objects} turns into the compiled enum's); int[] elements from 0 to 4.
   */
  record Points(double wide, int intMin, int intMax) {
    Object[] random(Method m, SplittableRandom r) {
      Object[] args = new Object[m.params.size()];
      double scale = r.nextInt(4) == 0 ? 0.75 : wide;
      for (int i = 0; i < args.length; i++) {
        Param p = m.params.get(i);
        args[i] = switch (p.kind()) {
          case D -> r.nextDouble(-scale, scale);
          case A -> r.doubles(p.length(), -scale, scale).toArray();
          case I -> intMin + r.nextInt(intMax - intMin + 1);
          case B -> r.nextBoolean();
          case S -> RandomPrograms.STRINGS.get(r.nextInt(RandomPrograms.STRINGS.size()));
          case E -> RandomPrograms.ENUM_CONSTANTS.get(r.nextInt(RandomPrograms.ENUM_CONSTANTS.size()));
          case N -> r.ints(p.length(), 0, 5).toArray();
          case M -> matrix(r, p.length(), p.columns(), scale);
        };
      }
      return args;
    }

    private static double[][] matrix(SplittableRandom r, int rows, int columns, double scale) {
      double[][] m = new double[rows][];
      for (int i = 0; i < rows; i++) {
        m[i] = r.doubles(columns, -scale, scale).toArray();
      }
      return m;
    }
  }

  /** What a generator may use; a known bug's trigger can be left out to look past it. */
  record Features(Set<String> off) {
    boolean on(String feature) {
      return !off.contains(feature);
    }
  }

  private final Settings settings;

  DifferentialFuzzer(Settings settings) {
    this.settings = settings;
  }

  /** {@code -Djavagrad.NAME.key}, or {@code otherwise} when it is not set. */
  String property(String key, String otherwise) {
    return System.getProperty("javagrad." + settings.name() + "." + key, otherwise);
  }

  /**
   * The features that {@code -Djavagrad.NAME.without} leaves out: a comma-separated list of some
   * of {@code known}, {@code defaultWithout} when the property is not set.
   */
  Features features(List<String> known, String defaultWithout) {
    Set<String> off = new LinkedHashSet<>();
    for (String name : property("without", defaultWithout).split(",")) {
      if (!name.isBlank()) {
        if (!known.contains(name.strip())) {
          throw new IllegalArgumentException("unknown feature " + name + "; known: " + known);
        }
        off.add(name.strip());
      }
    }
    return new Features(off);
  }

  /** A test for each batch of cases, or one that replays the case {@code -Djavagrad.NAME.seed}. */
  Stream<DynamicTest> tests(LongFunction<Case> generator, PointFilter filter) {
    String replay = property("seed", null);
    if (replay != null) {
      long seed = Long.decode(replay.strip());
      return Stream.of(DynamicTest.dynamicTest("replay seed " + seed, () -> replay(generator.apply(seed), filter)));
    }
    long base = Long.decode(property("base", Long.toString(settings.defaultBase())));
    int count = Integer.parseInt(property("count", Integer.toString(settings.defaultCount())));
    Stats total = new Stats();
    List<DynamicTest> tests = new ArrayList<>();
    for (int start = 0; start < count; start += settings.batch()) {
      int from = start;
      int to = Math.min(count, start + settings.batch());
      tests.add(DynamicTest.dynamicTest("cases " + from + " to " + (to - 1), () -> {
        List<Case> cases = new ArrayList<>();
        for (int i = from; i < to; i++) {
          cases.add(generator.apply(base + i));
        }
        runBatch(from, cases, filter, total, to == count);
      }));
    }
    return tests.stream();
  }

  private void runBatch(int from, List<Case> cases, PointFilter filter, Stats total, boolean last) {
    long started = System.nanoTime();
    Stats stats = new Stats();
    runCases("Batch" + from, cases, filter, stats);
    total.add(stats);
    log(String.format(Locale.ROOT, "cases %d..%d in %.1f s: %s", from, from + cases.size() - 1,
        (System.nanoTime() - started) / 1e9, stats));
    if (last) {
      log("total: " + total);
      log("constructs: " + total.constructs);
    }
    if (!stats.failures.isEmpty()) {
      fail(stats.report());
    }
  }

  private void replay(Case c, PointFilter filter) {
    log("seed " + c.seed + ":\n" + c.source(true));
    if (c.hasMarks()) {
      log("without marks:\n" + c.source(false));
    }
    Stats stats = new Stats();
    runCases("Replay", List.of(c), filter, stats);
    Compiled alone = compileAlone(c);
    System.out.println(alone.compilation().status() == Compilation.Status.SUCCESS ? alone.generatedSources()
        : alone.diagnostics());
    log(stats.toString());
    if (!stats.failures.isEmpty()) {
      fail(stats.report());
    }
  }

  /** Progress: printed when a case is replayed, whose printout is the point, or when asked for (TestLog). */
  private void log(String line) {
    String text = "[" + settings.name() + "] " + line;
    if (property("seed", null) != null) {
      System.out.println(text);
    } else {
      TestLog.print(text);
    }
  }

  // ---------------------------------------------------------------- compiling

  /**
   * Compiles the cases (the marked class and, for the cases with marks, the plain one) and checks
   * them; if the compilation is not clean, halves the list until each culprit is alone.
   */
  private void runCases(String className, List<Case> cases, PointFilter filter, Stats stats) {
    long started = System.nanoTime();
    Compiled compiled = compile(className, cases);
    stats.compileSeconds += (System.nanoTime() - started) / 1e9;
    if (isClean(compiled.compilation())) {
      for (Case c : cases) {
        check(compiled, settings.name() + "." + className, c, filter, stats);
      }
    } else if (cases.size() > 1) {
      int half = cases.size() / 2;
      runCases(className + "a", cases.subList(0, half), filter, stats);
      runCases(className + "b", cases.subList(half, cases.size()), filter, stats);
    } else {
      Case c = cases.get(0);
      Compilation plain = Compiler.javac().withOptions("-Xlint:all", "--release", "17", "-proc:none")
          .compile(JavaFileObjects.forSourceString(settings.name() + "." + className,
              classSource(className, cases, true)));
      String kind = isClean(plain) ? "the processor rejected the case or wrote a companion that does not compile"
          : "HARNESS BUG: the generated program itself is not clean Java";
      stats.cases++;
      recordFailure(stats, c, c.main().name, kind + ":\n" + compiled.diagnostics());
    }
  }

  private static boolean isClean(Compilation compilation) {
    return compilation.status() == Compilation.Status.SUCCESS && compilation.diagnostics().stream()
        .noneMatch(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER);
  }

  private Compiled compile(String className, List<Case> cases) {
    String qualified = settings.name() + "." + className;
    List<Case> marked = cases.stream().filter(Case::hasMarks).toList();
    if (marked.isEmpty()) {
      return Compiled.compile(qualified, classSource(className, cases, true));
    }
    return Compiled.compile(qualified, classSource(className, cases, true),
        qualified + "Plain", classSource(className + "Plain", marked, false));
  }

  private Compiled compileAlone(Case c) {
    return compile("Alone", List.of(c));
  }

  private String classSource(String className, List<Case> cases, boolean marks) {
    StringBuilder text = new StringBuilder("package " + settings.name() + ";\n\nimport io.javagrad.Differentiable;\n"
        + "import io.javagrad.Functions;\nimport io.javagrad.NoDerivative;\n\npublic class " + className + " {\n"
        + RandomPrograms.APPLY_HELPERS);
    cases.forEach(c -> text.append(c.source(marks)).append('\n'));
    return text.append("}\n").toString();
  }

  // ---------------------------------------------------------------- checking

  /** Checks every method of the case at up to {@link #POINTS} usable points. */
  private void check(Compiled compiled, String owner, Case c, PointFilter filter, Stats stats) {
    stats.cases++;
    c.countConstructs(stats.constructs);
    SplittableRandom points = new SplittableRandom(c.seed ^ 0x5eedL);
    for (Method m : c.methods) {
      if (!m.annotated) {
        continue; // a helper differentiated on demand has no entry points of its own: its callers check it
      }
      stats.methods++;
      int found = 0;
      boolean throwChecked = false;
      for (int attempt = 0; attempt < settings.attempts() && found < POINTS; attempt++) {
        Object[] args = settings.points().random(m, points);
        String reject = ForwardInterpreter.reject(c, m, args, filter);
        if (reject != null) {
          stats.skipped.merge(reject, 1, Integer::sum);
          if (reject.equals("a guard throws") && !throwChecked) {
            throwChecked = true;
            stats.throwingPoints++;
            String failure = checkThrow(compiled, owner, c, m, args);
            if (failure != null) {
              recordFailure(stats, c, m.name, "at " + Arrays.deepToString(args) + ": " + failure);
              return;
            }
          }
          continue;
        }
        found++;
        stats.points++;
        String failure = checkPoint(compiled, owner, c, m, args, stats);
        if (failure != null) {
          recordFailure(stats, c, m.name, "at " + Arrays.deepToString(args) + ": " + failure);
          return;
        }
      }
      if (found == 0) {
        stats.methodsWithoutPoints++;
      }
    }
  }

  /**
   * {@code args} for the methods of class {@code owner}: each {@link EnumConst} replaced by the
   * constant of that class's copy of the case's enum.
   */
  static Object[] objects(Compiled compiled, String owner, Case c, Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof EnumConst e) {
        out[i] = compiled.load(owner + "$" + c.enumType()).getEnumConstants()[e.ordinal()];
      }
    }
    return out;
  }

  /**
   * At a point where a generated {@code throw} fires, the original and the companion's gradient
   * entries must throw the same exception, with the message the interpreter predicts: what is
   * wrong, or null.
   */
  private static String checkThrow(Compiled compiled, String owner, Case c, Method m, Object[] args) {
    String expected = ForwardInterpreter.thrown(c, m, args);
    Object[] objects = objects(compiled, owner, c, args);
    Class<?>[] types = m.types(objects);
    int slots = m.params.stream().filter(p -> !p.marked())
        .mapToInt(Param::slots).sum();
    Class<?>[] bufferTypes = Arrays.copyOf(types, types.length + 1);
    bufferTypes[types.length] = double[].class;
    Object[] bufferArgs = Arrays.copyOf(objects, objects.length + 1);
    bufferArgs[objects.length] = new double[slots];
    String companion = GradientAgreement.companionOf(owner);
    String[] what = {"the method", "the companion's buffer entry", "the companion's Gradient entry"};
    String[] classes = {owner, companion, companion};
    for (int i = 0; i < what.length; i++) {
      String got;
      try {
        // Each from the same point: a method may write into its parameters' arrays before it throws.
        compiled.call(classes[i], m.name, i == 1 ? bufferTypes : types,
            GradientAgreement.fresh(i == 1 ? bufferArgs : objects));
        got = "no exception";
      } catch (RuntimeException thrown) {
        got = thrown.getClass().getName() + ": " + thrown.getMessage();
      } catch (AssertionError error) {
        got = String.valueOf(error);
      }
      if (!got.equals(expected)) {
        return (i == 0 ? "HARNESS BUG: " : "") + what[i] + " gives " + got + " where the guard throws " + expected;
      }
    }
    return null;
  }

  /** What is wrong with method {@code m} at the point, or null. */
  private static String checkPoint(Compiled compiled, String owner, Case c, Method m, Object[] points, Stats stats) {
    try {
      Object[] args = objects(compiled, owner, c, points);
      double interpreted = ForwardInterpreter.value(c, m, points);
      // On a copy: the method may write into its parameters' arrays, and the point must stay as it is.
      double compiledValue = (Double) compiled.call(owner, m.name, m.types(args), GradientAgreement.fresh(args));
      if (!GradientChecker.close(interpreted, compiledValue, 1e-9)) {
        return "HARNESS BUG: the interpreter gives " + interpreted + " but the compiled method " + compiledValue;
      }
      double[] grad = new GradientAgreement(compiled, owner, m.name).check(args);
      if (c.hasMarks()) {
        double[] plain = new GradientAgreement(compiled, owner + "Plain", m.name)
            .check(objects(compiled, owner + "Plain", c, points));
        String mismatch = compareActiveSlots(m, grad, plain);
        if (mismatch != null) {
          return "the gradient with @NoDerivative differs from the active slots of the gradient without it: "
              + mismatch + "\n  with marks:    " + Arrays.toString(grad) + "\n  without marks: " + Arrays.toString(plain);
        }
        stats.markedPoints++;
      }
      return null;
    } catch (AssertionError | RuntimeException failure) {
      return shorten(String.valueOf(failure))
          + "\n  the interpreter's forward-mode gradient (every double input, marked ones too): "
          + Arrays.toString(ForwardInterpreter.gradient(c, m, points));
    }
  }

  /** A failure message without the companion source that GradientAgreement appends. */
  private static String shorten(String message) {
    int source = message.indexOf("\npackage ");
    String text = source < 0 ? message : message.substring(0, source);
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  /** Null when the marked gradient is the plain gradient without the marked parameters' slots. */
  private static String compareActiveSlots(Method m, double[] marked, double[] plain) {
    int a = 0;
    int p = 0;
    for (Param param : m.params) {
      int slots = param.slots();
      for (int j = 0; j < slots; j++, p++) {
        if (param.marked()) {
          continue;
        }
        if (a >= marked.length || p >= plain.length) {
          return "the layouts differ: " + marked.length + " and " + plain.length + " slots";
        }
        if (!GradientChecker.close(plain[p], marked[a], MARK_TOLERANCE)) {
          return "slot " + a + " (" + param.name() + (param.kind() == K.D ? "" : " element " + j) + ") is " + marked[a]
              + " with marks but " + plain[p] + " without";
        }
        a++;
      }
    }
    return a == marked.length && p == plain.length ? null
        : "the layouts differ: " + marked.length + " and " + plain.length + " slots";
  }

  /** Records the failure of a case (its first only), with its seed, sources and companions. */
  private void recordFailure(Stats stats, Case c, String method, String message) {
    if (!stats.failedSeeds.add(c.seed)) {
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append("seed ").append(c.seed).append(" (replay: -Djavagrad.").append(settings.name()).append(".seed=")
        .append(c.seed).append("), method ").append(method).append(":\n").append(message).append("\n--- source:\n")
        .append(c.source(true));
    if (c.hasMarks()) {
      text.append("--- source without marks:\n").append(c.source(false));
    }
    Compiled alone = compileAlone(c);
    if (alone.compilation().status() == Compilation.Status.SUCCESS) {
      text.append("--- companions (the case compiled alone):\n").append(alone.generatedSources());
    }
    stats.failures.add(text.toString());
    log("FAILURE " + text);
  }

  /** What a batch found. */
  private static final class Stats {
    int cases;
    int methods;
    int points;
    int markedPoints;
    int methodsWithoutPoints;
    /** Points where a generated throw fires, checked to throw the same in the original and the companion. */
    int throwingPoints;
    double compileSeconds;
    final Map<String, Integer> skipped = new TreeMap<>();
    final Map<String, Integer> constructs = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final Set<Long> failedSeeds = new LinkedHashSet<>();

    synchronized void add(Stats other) {
      cases += other.cases;
      methods += other.methods;
      points += other.points;
      markedPoints += other.markedPoints;
      methodsWithoutPoints += other.methodsWithoutPoints;
      throwingPoints += other.throwingPoints;
      compileSeconds += other.compileSeconds;
      other.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
      other.constructs.forEach((k, v) -> constructs.merge(k, v, Integer::sum));
      failures.addAll(other.failures);
      failedSeeds.addAll(other.failedSeeds);
    }

    String report() {
      return failures.size() + " case(s) failed, seeds " + failedSeeds + "\n\n" + String.join("\n\n", failures);
    }

    @Override
    public synchronized String toString() {
      return cases + " cases, " + methods + " methods, " + points + " points checked (" + markedPoints
          + " also against the unmarked twin class), " + throwingPoints + " throwing points checked, "
          + methodsWithoutPoints + " methods without a usable point,"
          + " skipped " + skipped + ", " + String.format(Locale.ROOT, "%.1f", compileSeconds) + " s compiling, "
          + failures.size() + " failed " + failedSeeds;
    }
  }
}
