package io.javagrad.benchmarks.report;

import io.javagrad.benchmarks.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes {@code benchmarks/RESULTS.md} from one JMH run: reads the JSON result file ({@code -rf
 * json}), the run's console log (for JMH's own table), the {@link JavacCost} properties and the
 * {@link Probes} (tape depth, graph sizes, measured here on the benchmarks' inputs), and writes the
 * summary tables, the ratios against their targets, the machine and the command, and the raw table.
 *
 * <p>Usage: {@code Results --json F --log F --javac F --out F --command C --mode M --date D
 * --load-before L --load-after L [--scale F --scale-before F]} (the last two: see {@link EngineScale}).
 */
public final class Results {

  /** The six variants, in the issue's order: the benchmark method names and the column titles. */
  static final String[] VARIANTS = {
    "primal", "generated", "handWritten", "dynamicEngine", "hipparchus", "finiteDifferences"};
  static final String[] VARIANT_TITLES = {
    "1 primal", "2 generated", "3 hand-written", "4 Value engine", "5 Hipparchus forward",
    "6 central differences"};

  /** The fixed workloads: key (benchmark class, parameters), title, differentiated inputs. */
  record Workload(String key, String title, boolean straightLine) {}

  static final List<Workload> WORKLOADS = List.of(
      new Workload("Rosenbrock2DBenchmark", "Rosenbrock 2-D (2 inputs)", true),
      new Workload("BlackScholesBenchmark", "Black–Scholes call (5 inputs)", true),
      new Workload("RosenbrockBenchmark n=10", "Rosenbrock, double[] n = 10", false),
      new Workload("RosenbrockBenchmark n=100", "Rosenbrock, double[] n = 100", false),
      new Workload("RosenbrockBenchmark n=1000", "Rosenbrock, double[] n = 1000", false),
      new Workload("LogisticRegressionBenchmark", "Logistic regression, 1,000 × 10 (11 inputs)", false),
      new Workload("MlpBenchmark", "Two-layer MLP, 1,029 weights, batch 32", false));

  /**
   * Objectives measured against a hand-written adjoint only (ADBench's, and the heat-conduction
   * problem of issue #17): key (benchmark class, parameters) and title.
   */
  record Objective(String key, String title) {}

  static final List<Objective> OBJECTIVES = List.of(
      new Objective("GmmBenchmark instance=2x5", "GMM, d = 2, k = 5, n = 1,000"),
      new Objective("GmmBenchmark instance=32x5", "GMM, d = 32, k = 5, n = 1,000"),
      new Objective("LstmBenchmark layers=2", "LSTM, l = 2, c = 1,024, b = 14"),
      new Objective("LstmBenchmark layers=4", "LSTM, l = 4, c = 1,024, b = 14"),
      new Objective("HeatBenchmark", "Heat conduction, 200 steps × 32 cells"));

  /** The workloads of {@code DerivativeModesBenchmark}: its parameter, and a title. */
  static final String[][] MODE_WORKLOADS = {
      {"blackScholes", "Black–Scholes call, 5 inputs"},
      {"rosenbrock10", "Rosenbrock, n = 10"},
      {"rosenbrock1000", "Rosenbrock, n = 1,000"},
      {"pendulum", "pendulum, 1,000 steps, 5 inputs"},
      {"heat", "heat conduction, 200 steps × 32 cells, 34 inputs"}};

  /** Issue #18's targets for forward mode and Hessian-vector products. */
  static final int MAX_TANGENT_OVER_PRIMAL = 3;
  static final int MAX_HVP_OVER_GRADIENT = 4;

  /** Targets, as stated in the issue. */
  static final double MAX_OVER_PRIMAL = 3;
  static final double MAX_OVER_HAND = 1.2;
  /** The primal target applies to the {@link #OBJECTIVES} where the hand-written adjoint is within this. */
  static final double MAX_HAND_FOR_PRIMAL_TARGET = 2.5;
  static final double MIN_DYNAMIC_OVER_GENERATED = 50;
  static final double MIN_FORWARD_OVER_GENERATED = 50;
  static final String FORWARD_TARGET_WORKLOAD = "RosenbrockBenchmark n=100";
  static final long MAX_PROCESSOR_MILLIS = 1000;
  /** {@code gc.alloc.rate.norm} below this is JMH's own bookkeeping spread over many calls. */
  static final double ZERO_BYTES = 0.5;

  /** One benchmark's scores. */
  record Score(String mode, double score, double error, String unit, double alloc, double allocError) {}

  private final Map<String, Score> scores = new LinkedHashMap<>();
  private final Map<String, Object> firstRun;
  private final Map<String, String> options;
  private final Map<String, Probes.Probe> probes;
  private final Properties javac;
  private final String rawTable;
  private final StringBuilder md = new StringBuilder();
  private boolean causesPrinted;

  private Results(List<Object> runs, Map<String, String> options, Map<String, Probes.Probe> probes,
      Properties javac, String rawTable) {
    this.options = options;
    this.probes = probes;
    this.javac = javac;
    this.rawTable = rawTable;
    this.firstRun = runs.isEmpty() ? Map.of() : map(runs.get(0));
    for (Object o : runs) {
      Map<String, Object> run = map(o);
      String benchmark = (String) run.get("benchmark");
      String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      Map<String, Object> primary = map(run.get("primaryMetric"));
      Map<String, Object> secondary = run.containsKey("secondaryMetrics") ? map(run.get("secondaryMetrics")) : Map.of();
      Map<String, Object> norm = secondary.containsKey("gc.alloc.rate.norm") ? map(secondary.get("gc.alloc.rate.norm")) : null;
      scores.put(key(shortName, run.get("params")), new Score((String) run.get("mode"),
          median(primary), number(primary.get("scoreError")),
          (String) primary.get("scoreUnit"),
          norm == null ? Double.NaN : median(norm),
          norm == null ? Double.NaN : number(norm.get("scoreError"))));
    }
  }

  /**
   * The median of a metric's measurement iterations (all forks), or its score if JMH gave no raw
   * data: on a loaded machine, one slow iteration (a late JIT compilation, a burst of load) moves
   * the mean that JMH reports, not the median.
   */
  private static double median(Map<String, Object> metric) {
    List<Double> values = new ArrayList<>();
    Object raw = metric.get("rawData");
    if (raw instanceof List<?> forks) {
      for (Object fork : forks) {
        if (fork instanceof List<?> iterations) {
          for (Object v : iterations) {
            double d = number(v);
            if (!Double.isNaN(d)) {
              values.add(d);
            }
          }
        }
      }
    }
    if (values.isEmpty()) {
      return number(metric.get("score"));
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** "Class.method" plus " name=value" for each parameter, in the order JMH gives them. */
  private static String key(String shortName, Object params) {
    StringBuilder key = new StringBuilder(shortName);
    if (params != null) {
      for (Map.Entry<String, Object> p : map(params).entrySet()) {
        key.append(' ').append(p.getKey()).append('=').append(p.getValue());
      }
    }
    return key.toString();
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    List<Object> runs = list(Json.parse(Files.readString(Path.of(require(options, "json")))));
    String rawTable = options.containsKey("log") && Files.exists(Path.of(options.get("log")))
        ? rawTable(Files.readString(Path.of(options.get("log"))))
        : "(no JMH log)";
    Properties javac = new Properties();
    if (options.containsKey("javac") && Files.exists(Path.of(options.get("javac")))) {
      try (var reader = Files.newBufferedReader(Path.of(options.get("javac")))) {
        javac.load(reader);
      }
    }
    Map<String, Probes.Probe> probes = Probes.all();
    Results results = new Results(runs, options, probes, javac, rawTable);
    String text = results.write();
    Path out = Path.of(require(options, "out"));
    Files.writeString(out, text + handWritten(out), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** Marks a heading of the file whose section, to the end, was written by hand: a new run keeps it. */
  static final String HAND_WRITTEN = "(not written by `run.sh`)";

  /** The sections of {@code out} from the first heading marked {@link #HAND_WRITTEN} on, or "". */
  static String handWritten(Path out) throws IOException {
    if (!Files.exists(out)) {
      return "";
    }
    String old = Files.readString(out, StandardCharsets.UTF_8);
    int marker = old.indexOf(HAND_WRITTEN);
    int heading = marker < 0 ? -1 : old.lastIndexOf("\n## ", marker);
    return heading < 0 ? "" : old.substring(heading);
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  /** JMH's table at the end of its console output, from its header line to the end of the table. */
  static String rawTable(String log) {
    String[] lines = log.split("\\R");
    int start = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("# Run complete")) {
        start = i;
      }
    }
    if (start < 0) {
      return "(JMH's table not found in the log)";
    }
    StringBuilder table = new StringBuilder();
    boolean inTable = false;
    for (int i = start; i < lines.length; i++) {
      if (lines[i].startsWith("Benchmark ")) {
        inTable = true;
      }
      if (inTable) {
        if (lines[i].isBlank() || lines[i].startsWith("Benchmark result is saved")) {
          break;
        }
        table.append(lines[i]).append('\n');
      }
    }
    return table.toString();
  }

  // ------------------------------------------------------------------------------------------

  private Score score(String workloadKey, String variant) {
    String[] parts = workloadKey.split(" ", 2);
    String key = parts[0] + "." + variant + (parts.length > 1 ? " " + parts[1] : "");
    return scores.get(key);
  }

  private double time(String workloadKey, String variant) {
    Score s = score(workloadKey, variant);
    return s == null ? Double.NaN : nanos(s);
  }

  /** The score in nanoseconds per call (average-time benchmarks only). */
  static double nanos(Score s) {
    String unit = s.unit();
    double factor = switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default -> Double.NaN;
    };
    return s.score() * factor;
  }

  private double alloc(String workloadKey, String variant) {
    Score s = score(workloadKey, variant);
    return s == null ? Double.NaN : s.alloc();
  }

  String write() {
    headline();
    timeTable();
    allocationTable();
    ratioTable();
    noDerivative();
    targets();
    loops();
    objectives();
    derivativeModes();
    dynamicEngine();
    engineScale();
    processorCost();
    howMeasured();
    raw();
    return md.toString();
  }

  private void headline() {
    line("# javagrad benchmarks: results");
    line("");
    line("Generated by `benchmarks/run.sh` (" + options.getOrDefault("mode", "?") + " mode) on "
        + options.getOrDefault("date", "?") + ". Do not edit by hand: run the script again.");
    if ("quick".equals(options.get("mode")) || "smoke".equals(options.get("mode"))) {
      line("");
      line("> **" + options.get("mode") + " mode**: one fork and short iterations. The numbers show "
          + "orders of magnitude and the shape of the costs; for figures to quote to two digits, "
          + "run `benchmarks/run.sh` (full mode) on an otherwise idle machine.");
    }
    line("");
    line("## Headline");
    line("");
    List<Double> overPrimal = new ArrayList<>();
    List<Double> overHand = new ArrayList<>();
    List<Double> dynamic = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      overPrimal.add(time(w.key(), "generated") / time(w.key(), "primal"));
      overHand.add(time(w.key(), "generated") / time(w.key(), "handWritten"));
      dynamic.add(time(w.key(), "dynamicEngine") / time(w.key(), "generated"));
    }
    line("Over the seven fixed workloads, the generated gradient (value and full gradient) costs "
        + range(overPrimal) + " times the primal alone, and " + range(overHand)
        + " times a hand-written adjoint. The dynamic `Value` engine is " + range(dynamic)
        + " times slower than the generated gradient.");
    double forward = time(FORWARD_TARGET_WORKLOAD, "hipparchus") / time(FORWARD_TARGET_WORKLOAD, "generated");
    double fd = time("RosenbrockBenchmark n=1000", "finiteDifferences") / time("RosenbrockBenchmark n=1000", "generated");
    double mlpForward = time("MlpBenchmark", "hipparchus") / time("MlpBenchmark", "generated");
    line("Marking the data `@NoDerivative` makes the generated gradient of the logistic-regression "
        + "loss " + ratio(noDerivativeSaving("LogisticRegressionBenchmark", "generated"))
        + " times and of the MLP loss " + ratio(noDerivativeSaving("MlpBenchmark", "generated"))
        + " times faster than differentiating the data too (see "
        + "[What `@NoDerivative` saves](#what-noderivative-saves)).");
    line("Hipparchus forward mode is " + ratio(forward) + " times slower at n = 100 (Rosenbrock) and "
        + ratio(mlpForward) + " times slower on the MLP's 1,029 weights; central differences are "
        + ratio(fd) + " times slower at n = 1000.");
    if (!javac.isEmpty()) {
      long with = Long.parseLong(javac.getProperty("bestWithMillis"));
      long without = Long.parseLong(javac.getProperty("bestWithoutMillis"));
      line("The processor adds " + fmt(with - without) + " ms to compiling a file of "
          + javac.getProperty("methods") + " annotated methods (" + fmt(without) + " ms without it, "
          + fmt(with) + " ms with it).");
    }
    line("");
    line("Targets: see [Targets](#targets) for each one, met or missed, and why.");
    line("");
  }

  private void timeTable() {
    line("## Time per call");
    line("");
    line("Time of one call, value and whole gradient (the primal: value only; central "
        + "differences: gradient only, 2n evaluations of the primal). Here and in every table "
        + "below, the median of the measurement iterations (each iteration's score is JMH's average "
        + "time per call over that iteration); the raw table at the end has JMH's means and "
        + "99.9% confidence intervals.");
    line("");
    header("workload", VARIANT_TITLES);
    for (Workload w : WORKLOADS) {
      List<String> cells = new ArrayList<>();
      for (String v : VARIANTS) {
        cells.add(duration(time(w.key(), v)));
      }
      row(w.title(), cells);
    }
    line("");
  }

  private void allocationTable() {
    line("## Allocation per call");
    line("");
    line("`gc.alloc.rate.norm` from `-prof gc`, bytes per call (median of the iterations); below " + ZERO_BYTES
        + " B shows as 0 (that is JMH's own bookkeeping, spread over millions of calls). The last "
        + "column is the generated gradient's peak tape depth, which `-prof gc` does not see: the "
        + "tape is a per-thread stack whose arrays are reused once grown.");
    line("");
    String[] titles = Arrays.copyOf(VARIANT_TITLES, VARIANT_TITLES.length + 1);
    titles[VARIANT_TITLES.length] = "generated: tape";
    header("workload", titles);
    for (Workload w : WORKLOADS) {
      List<String> cells = new ArrayList<>();
      for (String v : VARIANTS) {
        cells.add(bytes(alloc(w.key(), v)));
      }
      Probes.Probe probe = probes.get(w.key());
      cells.add(probe == null ? "?" : tapeBytes(probe.tape().bytes()));
      row(w.title(), cells);
    }
    line("");
  }

  private void ratioTable() {
    line("## Ratios");
    line("");
    line("Time ratios between the variants (numbers as in the table above). Targets: 2/1 ≤ "
        + fmt(MAX_OVER_PRIMAL) + ", 2/3 ≤ " + fmt(MAX_OVER_HAND) + ", 4/2 ≥ "
        + fmt(MIN_DYNAMIC_OVER_GENERATED) + ", 5/2 ≥ " + fmt(MIN_FORWARD_OVER_GENERATED)
        + " at n = 100; ✓ met, ✗ missed.");
    line("");
    header("workload", new String[] {
        "2/1 generated ÷ primal", "2/3 generated ÷ hand-written", "4/2 Value engine ÷ generated",
        "5/2 Hipparchus ÷ generated", "6/2 central differences ÷ generated"});
    for (Workload w : WORKLOADS) {
      double g = time(w.key(), "generated");
      double r21 = g / time(w.key(), "primal");
      double r23 = g / time(w.key(), "handWritten");
      double r42 = time(w.key(), "dynamicEngine") / g;
      double r52 = time(w.key(), "hipparchus") / g;
      double r62 = time(w.key(), "finiteDifferences") / g;
      row(w.title(), List.of(
          marked(r21, r21 <= MAX_OVER_PRIMAL),
          marked(r23, r23 <= MAX_OVER_HAND),
          marked(r42, r42 >= MIN_DYNAMIC_OVER_GENERATED),
          w.key().equals(FORWARD_TARGET_WORKLOAD) ? marked(r52, r52 >= MIN_FORWARD_OVER_GENERATED) : ratio(r52),
          ratio(r62)));
    }
    line("");
  }

  // ------------------------------------------------------------------------------------------ @NoDerivative

  /** The two losses over data, each also benchmarked without {@code @NoDerivative}: key, title, slots. */
  static final String[][] DATA_WORKLOADS = {
    {"LogisticRegressionBenchmark", "Logistic regression, 1,000 × 10", "11", "12,011"},
    {"MlpBenchmark", "Two-layer MLP, batch 32", "1,029", "1,509"}};

  /** How much slower each gradient is when the data are differentiated too: all inputs ÷ marked. */
  private double noDerivativeSaving(String key, String variant) {
    String allInputs = variant + "AllInputs";
    return time(key, allInputs) / time(key, variant);
  }

  private void noDerivative() {
    line("## What `@NoDerivative` saves");
    line("");
    line("The two losses over data mark their data `@NoDerivative` (the gradient wanted is with "
        + "respect to the model's parameters). `Workloads` also holds each of them a second time, "
        + "line for line the same but without the mark (`logisticLossAllInputs`, "
        + "`mlpLossAllInputs`), so the generated gradient has a slot for every data value as well; "
        + "the hand-written adjoints come in the same two forms. Both forms are measured in the "
        + "same run; \"saving\" is the time with the data differentiated over the time with them "
        + "marked.");
    line("");
    header("workload", new String[] {"gradient slots, marked / all", "generated, marked",
        "generated, all inputs", "generated: saving", "hand-written, marked",
        "hand-written, all inputs", "hand-written: saving", "generated ÷ hand-written, marked",
        "tape, marked / all"});
    for (String[] w : DATA_WORKLOADS) {
      Probes.Probe marked = probes.get(w[0]);
      Probes.Probe all = probes.get(w[0] + ".generatedAllInputs");
      row(w[1], List.of(w[2] + " / " + w[3],
          duration(time(w[0], "generated")), duration(time(w[0], "generatedAllInputs")),
          ratio(noDerivativeSaving(w[0], "generated")) + "×",
          duration(time(w[0], "handWritten")), duration(time(w[0], "handWrittenAllInputs")),
          ratio(noDerivativeSaving(w[0], "handWritten")) + "×",
          ratio(time(w[0], "generated") / time(w[0], "handWritten")),
          (marked == null ? "?" : tapeBytes(marked.tape().bytes())) + " / "
              + (all == null ? "?" : tapeBytes(all.tape().bytes()))));
    }
    line("");
    line(Explanations.NO_DERIVATIVE);
    line("");
  }

  // ------------------------------------------------------------------------------------------ targets

  private void targets() {
    line("## Targets");
    line("");

    List<String> misses = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      double r = time(w.key(), "generated") / time(w.key(), "primal");
      if (!(r <= MAX_OVER_PRIMAL)) {
        misses.add(w.title() + ": " + ratio(r) + "×");
      }
    }
    for (String[] loop : LOOP_KEYS) {
      for (String trips : TRIPS) {
        double r = loopTime(loop[0], "Generated", trips) / loopTime(loop[0], "Primal", trips);
        if (!(r <= MAX_OVER_PRIMAL)) {
          misses.add(loop[1] + ", " + trips + " iterations: " + ratio(r) + "×");
        }
      }
    }
    for (Objective a : OBJECTIVES) {
      double r = time(a.key(), "generated") / time(a.key(), "primal");
      double hand = time(a.key(), "handWritten") / time(a.key(), "primal");
      // The issue asks for 3× wherever the hand-written adjoint manages 2.5×.
      if (hand <= MAX_HAND_FOR_PRIMAL_TARGET && !(r <= MAX_OVER_PRIMAL)) {
        misses.add(a.title() + ": " + ratio(r) + "× (hand-written " + ratio(hand) + "×)");
      }
    }
    List<Double> handOverPrimal = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      handOverPrimal.add(time(w.key(), "handWritten") / time(w.key(), "primal"));
    }
    target("Generated gradient at most " + fmt(MAX_OVER_PRIMAL) + "× the primal, on every workload",
        misses, "primal", "The hand-written adjoints take " + range(handOverPrimal)
        + " times the primal on the same workloads, so the target is within reach of a gradient "
        + "with the hand-written code's structure; the generated code's extra time is in the "
        + "overheads below.");

    misses = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      double r = time(w.key(), "generated") / time(w.key(), "handWritten");
      if (!(r <= MAX_OVER_HAND)) {
        misses.add(w.title() + ": " + ratio(r) + "×");
      }
    }
    for (String[] loop : LOOP_KEYS) {
      for (String trips : TRIPS) {
        double r = loopTime(loop[0], "Generated", trips) / loopTime(loop[0], "HandWritten", trips);
        if (!(r <= MAX_OVER_HAND)) {
          misses.add(loop[1] + ", " + trips + " iterations: " + ratio(r) + "×");
        }
      }
    }
    for (Objective a : OBJECTIVES) {
      double r = time(a.key(), "generated") / time(a.key(), "handWritten");
      if (!(r <= MAX_OVER_HAND)) {
        misses.add(a.title() + ": " + ratio(r) + "×");
      }
    }
    target("Generated gradient at most " + fmt(MAX_OVER_HAND) + "× the hand-written adjoint",
        misses, "hand");

    misses = new ArrayList<>();
    for (Objective a : OBJECTIVES) {
      PublishedRatios.Instance p = PublishedRatios.of(a.key());
      double r = time(a.key(), "generated") / time(a.key(), "primal");
      if (p != null && !p.belowTapenade(r)) {
        misses.add(a.title() + ": " + ratio(r) + "×, Tapenade " + ratio(p.tapenade().ratio()) + "×");
      }
    }
    target("Generated gradient/objective below Tapenade's published ratio on every ADBench instance "
        + "measured (GradBench's nightly of " + PublishedRatios.NIGHTLY + ", cited in "
        + "[ADBench's Gaussian mixture and LSTM](#adbenchs-gaussian-mixture-and-lstm-and-heat-conduction))",
        misses, "tapenade");

    misses = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      double r = time(w.key(), "dynamicEngine") / time(w.key(), "generated");
      if (!(r >= MIN_DYNAMIC_OVER_GENERATED)) {
        misses.add(w.title() + ": only " + ratio(r) + "×");
      }
    }
    target("Generated gradient at least " + fmt(MIN_DYNAMIC_OVER_GENERATED)
        + "× faster than the dynamic engine", misses, "dynamic");

    misses = new ArrayList<>();
    double forward = time(FORWARD_TARGET_WORKLOAD, "hipparchus") / time(FORWARD_TARGET_WORKLOAD, "generated");
    if (!(forward >= MIN_FORWARD_OVER_GENERATED)) {
      misses.add("Rosenbrock n = 100: only " + ratio(forward) + "×");
    }
    target("Generated gradient at least " + fmt(MIN_FORWARD_OVER_GENERATED)
        + "× faster than Hipparchus forward mode at n = 100 (measured: " + ratio(forward) + "×)",
        misses, "forward");

    misses = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      if (w.straightLine()) {
        double a = alloc(w.key(), "generated");
        if (!(a < ZERO_BYTES)) {
          misses.add(w.title() + ": " + bytes(a) + " per call");
        }
      }
    }
    target("0 bytes allocated per call on straight-line workloads (Rosenbrock 2-D, Black–Scholes)",
        misses, "alloc");

    line("- **On loop workloads, the bytes are stated and explained**: stated in "
        + "[Allocation per call](#allocation-per-call) and [Loops](#loops-of-105-and-106-iterations); "
        + "explained here. A warmed-up generated gradient allocates nothing per call, loops or not, "
        + "except for the local arrays the method itself declares (the MLP's two activation "
        + "arrays, and for the reverse sweep one adjoint array for each). What a loop costs is tape: "
        + "before a loop body overwrites a variable whose old value the reverse sweep reads, the "
        + "forward sweep pushes the old value (8 bytes), and the reverse sweep pops it back. The tape "
        + "is a per-thread stack that grows by doubling to the deepest call the thread has made and "
        + "is then reused, so its memory is held, not allocated per call. Its depth, per call: "
        + tapeSummary() + ".");
    line("");

    misses = new ArrayList<>();
    if (javac.isEmpty()) {
      misses.add("not measured in this run");
    } else {
      long added = Long.parseLong(javac.getProperty("bestWithMillis"))
          - Long.parseLong(javac.getProperty("bestWithoutMillis"));
      if (added >= MAX_PROCESSOR_MILLIS) {
        misses.add(String.format(Locale.ROOT, "%,d ms added", added));
      }
    }
    target("The processor adds under one second to compiling the 200-method file", misses, "javac");
  }

  private String tapeSummary() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Probes.Probe> e : probes.entrySet()) {
      Probes.Probe p = e.getValue();
      if (p.trips() > 0 && p.tape().bytes() >= 0) {
        parts.add(p.workload() + (e.getKey().contains("trips=") ? " (" + p.trips() + " iterations)" : "")
            + " " + tapeBytes(p.tape().bytes()) + " = " + fmt(p.tape().bytes() / (double) p.trips())
            + " B per iteration");
      }
    }
    return String.join("; ", parts);
  }

  private void target(String title, List<String> misses, String id) {
    target(title, misses, id, null);
  }

  private void target(String title, List<String> misses, String id, String preamble) {
    if (misses.isEmpty()) {
      line("- **" + title + "**: met.");
    } else {
      line("- **" + title + "**: **missed**: " + String.join("; ", misses) + ".");
      if (preamble != null) {
        line("  " + preamble);
      }
      String why = Explanations.WHY.get(id);
      if (why != null && !javac.isEmpty()) {
        why = why.replace("{linesPerMethod}", Long.toString(Math.round(
            Double.parseDouble(javac.getProperty("generatedLines")) / Double.parseDouble(javac.getProperty("methods")))));
      }
      if (id.equals("primal") || id.equals("hand")) {
        why = causesPrinted ? "The causes, and what would close them, are those listed under the target above."
            : Explanations.CAUSES;
        causesPrinted = true;
      }
      if (why != null) {
        line("");
        for (String l : why.split("\n", -1)) {
          line(l.isEmpty() ? "" : "  " + l);
        }
      }
    }
    line("");
  }

  // ------------------------------------------------------------------------------------------ loops

  static final String[][] LOOP_KEYS = {
    {"rosenbrock", "Rosenbrock sum over double[]"},
    {"pendulum", "Pendulum, semi-implicit Euler"}};
  static final String[] TRIPS = {"100000", "1000000"};

  private double loopTime(String loop, String variant, String trips) {
    return time("LoopBenchmark trips=" + trips, loop + variant);
  }

  private double loopAlloc(String loop, String variant, String trips) {
    return alloc("LoopBenchmark trips=" + trips, loop + variant);
  }

  private void loops() {
    line("## Loops of 10^5 and 10^6 iterations");
    line("");
    line("`LoopBenchmark`: the Rosenbrock sum over a `double[]` of trips + 1 elements, and a damped "
        + "pendulum integrated for `trips` steps over the same 10 simulated seconds (a nonlinear "
        + "recurrence). Time per call and per iteration; \"×10\" is the time at 10^6 over the "
        + "time at 10^5 (10 when the cost is linear in the trip count).");
    line("");
    header("loop", new String[] {"iterations", "primal", "generated", "hand-written",
        "generated per iteration", "2/1", "2/3", "generated alloc/call", "tape/call",
        "tape/iteration"});
    for (String[] loop : LOOP_KEYS) {
      for (String trips : TRIPS) {
        double p = loopTime(loop[0], "Primal", trips);
        double g = loopTime(loop[0], "Generated", trips);
        double h = loopTime(loop[0], "HandWritten", trips);
        Probes.Probe probe = probes.get("LoopBenchmark." + loop[0] + " trips=" + trips);
        long tape = probe == null ? -1 : probe.tape().bytes();
        row(loop[1], List.of(trips, duration(p), duration(g), duration(h),
            duration(g / Double.parseDouble(trips)), marked(g / p, g / p <= MAX_OVER_PRIMAL),
            marked(g / h, g / h <= MAX_OVER_HAND), bytes(loopAlloc(loop[0], "Generated", trips)),
            tapeBytes(tape), tape < 0 ? "?" : fmt(tape / Double.parseDouble(trips)) + " B"));
      }
    }
    line("");
    header("loop", new String[] {"primal ×10", "generated ×10", "hand-written ×10"});
    for (String[] loop : LOOP_KEYS) {
      List<String> cells = new ArrayList<>();
      for (String v : new String[] {"Primal", "Generated", "HandWritten"}) {
        cells.add(ratio(loopTime(loop[0], v, TRIPS[1]) / loopTime(loop[0], v, TRIPS[0])));
      }
      row(loop[1], cells);
    }
    line("");
    line(Explanations.LOOPS);
    line("");
  }

  // ------------------------------------------------------------------------------------------ objectives

  private void objectives() {
    line("## ADBench's Gaussian mixture and LSTM, and heat conduction");
    line("");
    line("`GmmBenchmark` and `LstmBenchmark`: two objectives of microsoft/ADBench, written in plain "
        + "Java from the benchmark's definition (`AdBench`), beside an adjoint written by hand "
        + "(`AdBenchAdjoints`); `HeatBenchmark`: the heat-conduction inverse problem of issue #17 "
        + "(`Workloads.heatMisfit`, `HandAdjoints.heatMisfit`). Every setup checks that the generated gradient and the hand-written "
        + "adjoint agree to 1e-9 relative, and the values to the primal. The ratios are "
        + "gradient/objective, the measure ADBench publishes.");
    line("");
    header("instance", new String[] {"primal", "generated", "hand-written", "generated/primal",
        "hand-written/primal", "generated/hand-written", "generated alloc/call", "tape/call"});
    for (Objective a : OBJECTIVES) {
      double p = time(a.key(), "primal");
      double g = time(a.key(), "generated");
      double h = time(a.key(), "handWritten");
      Probes.Probe probe = probes.get(a.key());
      row(a.title(), List.of(duration(p), duration(g), duration(h),
          marked(g / p, g / p <= MAX_OVER_PRIMAL || h / p > MAX_HAND_FOR_PRIMAL_TARGET), ratio(h / p),
          marked(g / h, g / h <= MAX_OVER_HAND), bytes(alloc(a.key(), "generated")),
          probe == null ? "?" : tapeBytes(probe.tape().bytes())));
    }
    line("");
    line(Explanations.OBJECTIVES);
    line("");
    publishedRatios();
  }

  /** Our gradient/objective ratios on the ADBench instances next to those others publish. */
  private void publishedRatios() {
    line("Gradient/objective ratios published for the same ADBench instances, next to this run's "
        + "(generated: marked against Tapenade's, issue #17's target). Tapenade, Enzyme and manual C++: "
        + "GradBench's nightly of " + PublishedRatios.NIGHTLY + ", in parentheses its lowest and highest "
        + "over 2026; the ADBench paper's at n = 10,000. Sources below the table.");
    line("");
    header("instance", new String[] {"generated", "hand-written", "Tapenade", "Enzyme", "manual C++",
        "ADBench paper, n = 10,000: Tapenade / manual C++"});
    for (Objective a : OBJECTIVES) {
      PublishedRatios.Instance p = PublishedRatios.of(a.key());
      if (p == null) {
        continue;
      }
      double g = time(a.key(), "generated") / time(a.key(), "primal");
      double h = time(a.key(), "handWritten") / time(a.key(), "primal");
      row(a.title(), List.of(marked(g, p.belowTapenade(g)), ratio(h), nightly(p.tapenade()),
          nightly(p.enzyme()), nightly(p.manual()), Double.isNaN(p.paperTapenade()) ? "not published"
              : ratio(p.paperTapenade()) + " / " + ratio(p.paperManual())));
    }
    line("");
    line(PublishedRatios.SOURCES);
    line("");
  }

  private static String nightly(PublishedRatios.Nightly n) {
    return ratio(n.ratio()) + " (" + ratio(n.lowest()) + "–" + ratio(n.highest()) + ")";
  }

  // ------------------------------------------------------------------------------------------ other derivatives

  private void derivativeModes() {
    line("## Forward mode and Hessian-vector products next to the primal and the gradient");
    line("");
    line("`DerivativeModesBenchmark`: per workload, the primal, the gradient, the directional "
        + "derivative `f_tangent` (forward mode) and the Hessian-vector product `f_hvp` (reverse over "
        + "forward, which also gives the value and the gradient), each checked in the setup (the tangent "
        + "equals the gradient's dot product with the direction to 1e-9, `f_hvp`'s gradient the gradient "
        + "entry's). Issue #18's targets: the tangent at most " + MAX_TANGENT_OVER_PRIMAL + "× the primal, "
        + "`f_hvp` at most " + MAX_HVP_OVER_GRADIENT + "× the gradient.");
    line("");
    header("workload", new String[] {"primal", "gradient", "tangent", "hvp", "gradient/primal", "tangent/primal",
        "hvp/gradient"});
    for (String[] workload : MODE_WORKLOADS) {
      String key = "DerivativeModesBenchmark workload=" + workload[0];
      double p = time(key, "primal");
      double g = time(key, "gradient");
      double t = time(key, "tangent");
      double h = time(key, "hvp");
      row(workload[1], List.of(duration(p), duration(g), duration(t), duration(h), ratio(g / p),
          marked(t / p, t / p <= MAX_TANGENT_OVER_PRIMAL), marked(h / g, h / g <= MAX_HVP_OVER_GRADIENT)));
    }
    line("");
  }

  // ------------------------------------------------------------------------------------------ dynamic engine

  private void dynamicEngine() {
    line("## The dynamic engine: nodes per second and bytes per node");
    line("");
    line("`ValueEngineBenchmark` builds a fresh graph and runs `backward()` per invocation; its "
        + "score counts nodes (operations; leaves not counted).");
    line("");
    header("graph", new String[] {"nodes per second (build + backward)", "ns per node",
        "bytes per node"});
    for (String[] b : new String[][] {
        {"ValueEngineBenchmark.chain", "chain: 250 residual tanh blocks, 1,000 nodes"},
        {"ValueEngineBenchmark.denseLayer", "dense layer 16 → 16, tanh, summed: 289 nodes"}}) {
      Score s = scores.get(b[0]);
      if (s == null) {
        row(b[1], List.of("?", "?", "?"));
        continue;
      }
      double perSecond = s.unit().startsWith("ops/s") ? s.score()
          : s.unit().startsWith("ops/ms") ? s.score() * 1e3 : s.unit().startsWith("ops/us") ? s.score() * 1e6 : Double.NaN;
      row(b[1], List.of(millions(perSecond), fmt(1e9 / perSecond), fmt(s.alloc())));
    }
    line("");
    line("Bytes per node are everything allocated per node: the node itself (48 B for a binary "
        + "operation, see the README), the constant leaves that operations with a `double` operand "
        + "wrap, and `backward()`'s list of the nodes and its stack (4 bytes per node each, per call).");
    line("");
    line("The same engine on the fixed workloads (through the generated dynamic twins): nodes per "
        + "call counts every `Value` in the graph, leaves and constants included.");
    line("");
    header("workload", new String[] {"nodes per call", "time per call", "ns per node",
        "bytes per call", "bytes per node"});
    for (Workload w : WORKLOADS) {
      Probes.Probe probe = probes.get(w.key());
      double t = time(w.key(), "dynamicEngine");
      double a = alloc(w.key(), "dynamicEngine");
      long nodes = probe == null ? -1 : probe.nodes();
      row(w.title(), List.of(nodes < 0 ? "?" : String.format(Locale.ROOT, "%,d", nodes), duration(t),
          nodes <= 0 ? "?" : fmt(t / nodes), bytes(a), nodes <= 0 ? "?" : fmt(a / nodes)));
    }
    line("");
  }

  /** The harnesses' section, when run.sh passed their output ({@code --scale}) and the earlier engine's. */
  private void engineScale() {
    String now = options.get("scale");
    String before = options.get("scale-before");
    if (now == null || before == null || !Files.exists(Path.of(now)) || !Files.exists(Path.of(before))) {
      return;
    }
    try {
      md.append(EngineScale.section(Files.readString(Path.of(now)), Files.readString(Path.of(before))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------------ javac

  private void processorCost() {
    line("## The processor's own cost");
    line("");
    if (javac.isEmpty()) {
      line("Not measured in this run.");
      line("");
      return;
    }
    long with = Long.parseLong(javac.getProperty("bestWithMillis"));
    long without = Long.parseLong(javac.getProperty("bestWithoutMillis"));
    line("`javac --release 17` on one source file of " + javac.getProperty("methods")
        + " `@Differentiable` methods (" + javac.getProperty("sourceLines") + " lines: 50 groups of a "
        + "straight-line function, a loop over a `double[]`, a branch, and a method calling two of "
        + "them), each compilation a fresh `javac` process, best of " + javac.getProperty("runs")
        + " (`JavacCost`). The companion it generates has " + javac.getProperty("generatedLines")
        + " lines.");
    line("");
    header("", new String[] {"best", "all runs (ms)"});
    row("without the processor (`-proc:none`)", List.of(without + " ms", javac.getProperty("withoutMillis")));
    row("with the processor (`-processorpath`)", List.of(with + " ms", javac.getProperty("withMillis")));
    row("**added by the processor**", List.of("**" + (with - without) + " ms**", ""));
    if (javac.getProperty("bestPregeneratedMillis") != null) {
      long pre = Long.parseLong(javac.getProperty("bestPregeneratedMillis"));
      row("source + generated companion, no processor", List.of(pre + " ms", javac.getProperty("pregeneratedMillis")));
      row("of the added time: compiling the generated companion", List.of((pre - without) + " ms", ""));
      row("of the added time: running the processor", List.of((with - pre) + " ms", ""));
    }
    if (javac.getProperty("bestWarmWithMillis") != null) {
      long warmWith = Long.parseLong(javac.getProperty("bestWarmWithMillis"));
      long warmWithout = Long.parseLong(javac.getProperty("bestWarmWithoutMillis"));
      row("warm compiler, without the processor", List.of(warmWithout + " ms", javac.getProperty("warmWithoutMillis")));
      row("warm compiler, with the processor", List.of(warmWith + " ms", javac.getProperty("warmWithMillis")));
      row("**added by the processor, warm**", List.of("**" + (warmWith - warmWithout) + " ms**", ""));
    }
    line("");
    line("\"Warm compiler\": the same compilations inside one JVM through `javax.tools`, after as many "
        + "warm-up compilations as measured ones, the processor's classes loaded once; what a build "
        + "daemon, or the later modules of one Maven build, pay. The target is judged on the fresh "
        + "process, the worst case.");
    line("");
  }

  // ------------------------------------------------------------------------------------------ how

  private void howMeasured() {
    line("## How this was measured");
    line("");
    line("- **Machine**: " + machine());
    line("- **JDK**: " + firstRun.getOrDefault("vmName", "?") + " " + firstRun.getOrDefault("vmVersion", "?")
        + " (Java " + firstRun.getOrDefault("jdkVersion", "?") + "), JVM options "
        + firstRun.getOrDefault("jvmArgs", "[]"));
    line("- **Load average** (1, 5, 15 min) before the run: " + options.getOrDefault("load-before", "?")
        + "; after: " + options.getOrDefault("load-after", "?")
        + ". On two cores, anything above about 1 means other processes competed with the benchmarks.");
    line("- **Date**: " + options.getOrDefault("date", "?"));
    line("- **JMH**: " + firstRun.getOrDefault("jmhVersion", "?") + ", " + fmt(number(firstRun.get("forks")))
        + " fork(s), " + fmt(number(firstRun.get("warmupIterations"))) + " × "
        + firstRun.getOrDefault("warmupTime", "?") + " warm-up, "
        + fmt(number(firstRun.get("measurementIterations"))) + " × " + firstRun.getOrDefault("measurementTime", "?")
        + " measurement, `-prof gc`.");
    line("- **Command**:");
    line("");
    line("  ```");
    line("  " + options.getOrDefault("command", "?"));
    line("  ```");
    line("");
    line("- **Variants**: 1 `Workloads.f` (the plain method); 2 `WorkloadsGrad.f(args..., grad)`, "
        + "generated by the processor while the benchmarks compile; 3 `HandAdjoints.f`; 4 "
        + "`DynamicEngine.f`: leaves, the generated twin `WorkloadsGrad.f(Value...)`, `backward()`, "
        + "gradients copied out; 5 `ForwardMode.f`: the same code on Hipparchus `Gradient`s; 6 "
        + "`FiniteDifferences.f`: central differences, step `cbrt(ulp(1)) max(|x|, 1)`. Every "
        + "benchmark's setup checks that all six agree with the generated gradient (to 1e-9 relative, "
        + "central differences to 1e-5) and fails otherwise.");
    line("- **Units**: ns, µs, ms per call; B, KB (10^3 B), MB (10^6 B).");
    line("");
  }

  private String machine() {
    String cpu = "?";
    String memory = "?";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          memory = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave "?"
    }
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory
        + " memory, " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
  }

  private void raw() {
    line("## Raw JMH table");
    line("");
    line("```");
    md.append(rawTable);
    if (!rawTable.endsWith("\n")) {
      md.append('\n');
    }
    line("```");
  }

  // ------------------------------------------------------------------------------------------ format

  private void line(String s) {
    md.append(s).append('\n');
  }

  private void header(String first, String[] titles) {
    StringBuilder h = new StringBuilder("| ").append(first).append(" |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String t : titles) {
      h.append(' ').append(t).append(" |");
      rule.append(" ---: |");
    }
    line(h.toString());
    line(rule.toString());
  }

  private void row(String first, List<String> cells) {
    StringBuilder r = new StringBuilder("| ").append(first).append(" |");
    for (String c : cells) {
      r.append(' ').append(c).append(" |");
    }
    line(r.toString());
  }

  static String duration(double ns) {
    if (Double.isNaN(ns)) {
      return "?";
    }
    if (ns < 1e3) {
      return sig(ns) + " ns";
    }
    if (ns < 1e6) {
      return sig(ns / 1e3) + " µs";
    }
    if (ns < 1e9) {
      return sig(ns / 1e6) + " ms";
    }
    return sig(ns / 1e9) + " s";
  }

  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "?";
    }
    if (b < ZERO_BYTES) {
      return "0";
    }
    if (b < 1e4) {
      return String.format(Locale.ROOT, "%,d B", Math.round(b));
    }
    if (b < 1e7) {
      return sig(b / 1e3) + " KB";
    }
    return sig(b / 1e6) + " MB";
  }

  static String tapeBytes(long b) {
    if (b < 0) {
      return "?";
    }
    return b == 0 ? "none" : bytes(b);
  }

  static String millions(double perSecond) {
    return Double.isNaN(perSecond) ? "?" : sig(perSecond / 1e6) + " M";
  }

  /** Three significant digits, at most. */
  static String sig(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "?";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : sig(v);
  }

  static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "?" : sig(r);
  }

  static String marked(double r, boolean met) {
    if (Double.isNaN(r)) {
      return "?";
    }
    return met ? ratio(r) + " ✓" : "**" + ratio(r) + " ✗**";
  }

  static String range(List<Double> values) {
    double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return "?";
    }
    double median = v.length % 2 == 1 ? v[v.length / 2] : Math.sqrt(v[v.length / 2 - 1] * v[v.length / 2]);
    return ratio(v[0]) + " to " + ratio(v[v.length - 1]) + " (median " + ratio(median) + ")";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? new TreeMap<>() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  private static double number(Object o) {
    if (o instanceof Double d) {
      return d;
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}
