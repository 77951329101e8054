package io.javagrad.benchmarks.report;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor's own cost: the wall time of {@code javac} on one source file of {@value #METHODS}
 * {@code @Differentiable} methods, with the processor on the processor path and without any
 * processor, each in a fresh {@code javac} process (as a build that forks the compiler pays it),
 * best of N, the two alternating so that drifting machine load hits both alike. A third
 * configuration splits the difference: the source and the companion the processor generated,
 * compiled together without the processor, is what compiling the generated code costs; the rest
 * is the processor's own run. Then the same
 * again inside this JVM through {@code javax.tools}, after a few warm-up compilations, with one
 * processor class loaded once: the cost in a warm compiler (a build daemon, or the later modules of
 * a Maven build), where neither javac nor the processor pays for class loading and JIT warm-up.
 *
 * <p>The methods are 50 groups of four: a straight-line function of three doubles (exp, sin, log1p,
 * a division), a loop over a {@code double[]}, a branch, and a method calling two of the others.
 *
 * <p>Usage: {@code JavacCost <out.properties> <runs> <classpath> <processorpath>}.
 */
public final class JavacCost {
  static final int METHODS = 200;

  private JavacCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: JavacCost <out.properties> <runs> <classpath> <processorpath>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    String classpath = args[2];
    String processorPath = args[3];

    Path dir = Files.createTempDirectory("javagrad-javac-cost");
    try {
      Path source = dir.resolve("src/bench/Many.java");
      Files.createDirectories(source.getParent());
      String text = source();
      Files.writeString(source, text, StandardCharsets.UTF_8);
      Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");

      List<Long> without = new ArrayList<>();
      List<Long> with = new ArrayList<>();
      List<Long> pregenerated = new ArrayList<>();
      long generatedLines = 0;
      Path companion = dir.resolve("src/bench/ManyGrad.java");
      for (int run = 0; run < runs; run++) {
        without.add(compile(javac, dir, "without-" + run, List.of(source), classpath, null));
        Path classes = dir.resolve("with-" + run);
        with.add(compile(javac, dir, "with-" + run, List.of(source), classpath, processorPath));
        if (!Files.exists(classes.resolve("bench/ManyGrad.class"))) {
          throw new IllegalStateException("the processor did not generate bench.ManyGrad");
        }
        Path generated = dir.resolve("gen-with-" + run + "/bench/ManyGrad.java");
        generatedLines = lines(generated);
        if (run == 0) {
          Files.copy(generated, companion);
        }
        // The same two classes without the processor: what compiling the generated code costs.
        pregenerated.add(compile(javac, dir, "pregenerated-" + run, List.of(source, companion),
            classpath, null));
      }
      List<Long> warmWithout = new ArrayList<>();
      List<Long> warmWith = new ArrayList<>();
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      try (URLClassLoader loader = new URLClassLoader(urls(processorPath), JavacCost.class.getClassLoader())) {
        Class<?> processorClass = loader.loadClass("io.javagrad.processor.DifferentiableProcessor");
        int warmUp = Math.max(1, runs);
        for (int run = 0; run < warmUp + runs; run++) {
          long a = compileInProcess(compiler, dir, "warm-without-" + run, source, classpath, null);
          Processor processor = (Processor) processorClass.getDeclaredConstructor().newInstance();
          long b = compileInProcess(compiler, dir, "warm-with-" + run, source, classpath, processor);
          if (run >= warmUp) {
            warmWithout.add(a);
            warmWith.add(b);
          }
        }
      }

      Properties p = new Properties();
      p.setProperty("methods", Integer.toString(METHODS));
      p.setProperty("sourceLines", Long.toString(text.lines().count()));
      p.setProperty("generatedLines", Long.toString(generatedLines));
      p.setProperty("runs", Integer.toString(runs));
      p.setProperty("withoutMillis", join(without));
      p.setProperty("withMillis", join(with));
      p.setProperty("pregeneratedMillis", join(pregenerated));
      p.setProperty("bestPregeneratedMillis", Long.toString(pregenerated.stream().min(Long::compare).orElseThrow()));
      p.setProperty("bestWithoutMillis", Long.toString(without.stream().min(Long::compare).orElseThrow()));
      p.setProperty("bestWithMillis", Long.toString(with.stream().min(Long::compare).orElseThrow()));
      p.setProperty("warmWithoutMillis", join(warmWithout));
      p.setProperty("warmWithMillis", join(warmWith));
      p.setProperty("bestWarmWithoutMillis", Long.toString(warmWithout.stream().min(Long::compare).orElseThrow()));
      p.setProperty("bestWarmWithMillis", Long.toString(warmWith.stream().min(Long::compare).orElseThrow()));
      p.setProperty("javac", javac.toString());
      try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        p.store(writer, "javac on " + METHODS + " @Differentiable methods, with and without the processor");
      }
      System.out.println("javac, " + METHODS + " methods: without processor " + without
          + " ms, with processor " + with + " ms; in a warm compiler: without " + warmWithout
          + " ms, with " + warmWith + " ms");
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static long compile(Path javac, Path dir, String name, List<Path> sources,
      String classpath, String processorPath) throws IOException, InterruptedException {
    Path classes = dir.resolve(name);
    Path generated = dir.resolve("gen-" + name);
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> command = new ArrayList<>(List.of(javac.toString(), "--release", "17",
        "-d", classes.toString(), "-s", generated.toString(), "-cp", classpath));
    if (processorPath == null) {
      command.add("-proc:none");
    } else {
      command.addAll(List.of("-processorpath", processorPath));
    }
    sources.forEach(source -> command.add(source.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("javac failed: " + command + "\n"
          + new String(output, StandardCharsets.UTF_8));
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static long compileInProcess(JavaCompiler compiler, Path dir, String name, Path source,
      String classpath, Processor processor) throws IOException {
    Path classes = dir.resolve(name);
    Path generated = dir.resolve("gen-" + name);
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> options = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
        "-s", generated.toString(), "-cp", classpath));
    if (processor == null) {
      options.add("-proc:none");
    }
    long start = System.nanoTime();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, null, options, null,
          files.getJavaFileObjects(source));
      if (processor != null) {
        task.setProcessors(List.of(processor));
      }
      if (!task.call()) {
        throw new IllegalStateException("in-process javac failed: " + options);
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (processor != null && !Files.exists(classes.resolve("bench/ManyGrad.class"))) {
      throw new IllegalStateException("the processor did not generate bench.ManyGrad");
    }
    return millis;
  }

  private static URL[] urls(String path) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(new URL[0]);
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }

  private static String join(List<Long> values) {
    StringBuilder s = new StringBuilder();
    for (long v : values) {
      s.append(s.length() == 0 ? "" : ",").append(v);
    }
    return s.toString();
  }

  /** The source file: 50 groups of four annotated methods, each with its own constants. */
  static String source() {
    StringBuilder s = new StringBuilder();
    s.append("package bench;\n\nimport io.javagrad.Differentiable;\n\n");
    s.append("public final class Many {\n  private Many() {}\n");
    for (int g = 0; g < METHODS / 4; g++) {
      double k = 1 + g / 64.0;
      s.append("\n  @Differentiable\n");
      s.append("  static double straight").append(g).append("(double a, double b, double c) {\n");
      s.append("    double u = a * b + Math.sin(c * ").append(k).append(");\n");
      s.append("    double v = Math.exp(-u * u) / (1 + b * b);\n");
      s.append("    return u * v + Math.log1p(a * a) * ").append(k).append(";\n  }\n");

      s.append("\n  @Differentiable\n");
      s.append("  static double loop").append(g).append("(double[] x, double p) {\n");
      s.append("    double s = 0;\n");
      s.append("    for (int j = 0; j < x.length; j++) {\n");
      s.append("      double d = x[j] - p * ").append(k).append(";\n");
      s.append("      s += d * d * Math.tanh(d);\n    }\n");
      s.append("    return s;\n  }\n");

      s.append("\n  @Differentiable\n");
      s.append("  static double branch").append(g).append("(double x, double y) {\n");
      // Initialised: with a bare "double r;" the processor (as of this writing) emits a tape push
      // of the unassigned r, which javac rejects.
      s.append("    double r = 0;\n");
      s.append("    if (x > y) {\n      r = x * y + ").append(k).append(";\n");
      s.append("    } else {\n      r = Math.hypot(x, y);\n    }\n");
      s.append("    return r * r;\n  }\n");

      s.append("\n  @Differentiable\n");
      s.append("  static double call").append(g).append("(double a, double b) {\n");
      s.append("    return straight").append(g).append("(a, b, a - b) * branch").append(g)
          .append("(b, a) + ").append(k).append(";\n  }\n");
    }
    s.append("}\n");
    return s.toString();
  }
}
