package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javagrad.GradientChecker;
import io.javagrad.NoDerivative;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @NoDerivative} changes which slots a gradient has, and nothing else: for each method the
 * same body is compiled twice, once with its data marked {@code @NoDerivative} ({@code p.Data}) and
 * once without ({@code p.DataAll}). The constant version's gradient equals the active slots of the
 * full gradient (1e-12 relative), and each version on its own agrees with its dynamic twin (which
 * takes the constant data as plain {@code double}/{@code double[]}), its pullback and central
 * finite differences over its own slots ({@link GradientAgreement}).
 */
class NoDerivativeGradientTest {
  /** The methods, with {@code @ND} where the constant version has {@code @NoDerivative}. */
  private static final List<String> METHODS = List.of("""
      @Differentiable static double logistic(double[] w, @ND double[] x, @ND double[] y, int n, int d) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
          double z = w[d];
          for (int j = 0; j < d; j++) {
            z += w[j] * x[i * d + j];
          }
          double p = Functions.sigmoid(z);
          loss -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        return loss / n;
      }
      """, """
      @Differentiable static double leastSquares(double a, double b, @ND double[] t, @ND double[] y) {
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
          double r = a * Math.exp(-b * t[i]) - y[i];
          sum += r * r;
        }
        return sum / t.length;
      }
      """, """
      @Differentiable static double gaussianNll(double mu, double logSigma, @ND double[] x) {
        double sigma = Math.exp(logSigma);
        double nll = 0;
        for (int i = 0; i < x.length; i++) {
          double z = (x[i] - mu) / sigma;
          nll += 0.5 * z * z + logSigma + 0.5 * Math.log(2 * Math.PI);
        }
        return nll;
      }
      """, """
      /** Squared error of a one-hidden-layer tanh network; p holds W1 (hidden x in), b1, w2, b2. */
      @Differentiable static double mlpLoss(double[] p, @ND double[] xs, @ND double[] ys, int in, int hidden) {
        int n = ys.length;
        double[] h = new double[hidden];
        double loss = 0;
        for (int s = 0; s < n; s++) {
          for (int k = 0; k < hidden; k++) {
            double a = p[hidden * in + k];
            for (int j = 0; j < in; j++) {
              a += p[k * in + j] * xs[s * in + j];
            }
            h[k] = Math.tanh(a);
          }
          double out = p[hidden * in + 2 * hidden];
          for (int k = 0; k < hidden; k++) {
            out += p[hidden * in + hidden + k] * h[k];
          }
          double r = out - ys[s];
          loss += r * r;
        }
        return loss / n;
      }
      """, """
      @Differentiable static double bump(double a, double c) {
        return Math.exp(-(a - c) * (a - c));
      }
      """, """
      /** Calls another method with constant arguments: a literal, and elements of constant data. */
      @Differentiable static double callsWithConstantArgument(double a, @ND double[] t) {
        double s = bump(a, 2.0);
        for (int i = 0; i < t.length; i++) {
          s += bump(a, t[i]) * bump(t[i], 1.5);
        }
        return s;
      }
      """, """
      @Differentiable static double scalarConstant(double x, double y, @ND double k) {
        double kk = k * k + Math.exp(k);
        return kk * Math.sin(x) * y + x * x / k + Math.pow(y, k);
      }
      """, """
      /** Constant data read in conditions, in branches and in the arms of conditionals. */
      @Differentiable static double branches(double[] w, @ND double[] x, @ND double[] y) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
          double r = w[0] * x[i] + w[1] - y[i];
          double weight = y[i] > 0 ? y[i] : -2 * y[i];
          if (x[i] > 0) {
            loss += weight * r * r;
          } else if (y[i] > 0.5) {
            loss += Math.abs(r) * x[i];
          } else {
            loss += x[i] > -1 ? r * y[i] : w[1] * x[i] * x[i];
          }
          loss += y[i] < 0 ? w[0] * y[i] : x[i];
        }
        return loss;
      }
      """, """
      /** Constant data as loop bounds (.length) and in the exits of while and do/while loops. */
      @Differentiable static double lengthBounds(double a, double b, @ND double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
          s += Math.sin(a * x[i]) * b;
        }
        int k = 0;
        while (k < x.length && x[k] < 1.0) {
          s += a * x[k] * x[k];
          k++;
        }
        int m = x.length - 1;
        do {
          s += b * x[m];
          m -= 2;
        } while (m >= 0);
        return s / x.length;
      }
      """, """
      @Differentiable static double dotRow(double[] w, @ND double[] x, int row) {
        int d = w.length - 1;
        double s = w[d];
        for (int j = 0; j < d; j++) {
          s += w[j] * x[row * d + j];
        }
        return s;
      }
      """, """
      @Differentiable static double scaled(double v, @ND double c) {
        return v * c + c * c;
      }
      """, """
      /** Passes its constant data into the @NoDerivative parameters of callees. */
      @Differentiable static double constantIntoConstant(double[] w, @ND double[] x, @ND double[] y) {
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
          double r = dotRow(w, x, i) - y[i];
          loss += scaled(r * r, y[i]);
        }
        return loss;
      }
      """, """
      @Differentiable static double spread(double[] v, double s) {
        double t = 0;
        for (int i = 0; i < v.length; i++) {
          t += (v[i] - s) * (v[i] - s);
        }
        return t;
      }
      """, """
      /** Passes its constant data into active parameters of callees. */
      @Differentiable static double constantIntoActive(double s, @ND double[] x, @ND double c) {
        return spread(x, s) + spread(x, c) * s + bump(c, s);
      }
      """, """
      /** Constant parameters between active ones: the slots of the active ones close up. */
      @Differentiable static double interleaved(@ND double[] x, double a, @ND double c, double[] w, @ND double k,
          double b) {
        double s = b * c;
        for (int i = 0; i < w.length; i++) {
          s += w[i] * x[i] * a + k * w[i] * w[i];
        }
        return s;
      }
      """, """
      /** Locals and a local array computed from constant data only, then used with active values. */
      @Differentiable static double constantLocals(double[] w, @ND double[] x) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          z[i] = x[i] * x[i] - 1;
        }
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
          mean += x[i] / x.length;
        }
        double s = 0;
        for (int i = 0; i < w.length; i++) {
          double c = z[i] - mean;
          s += Math.exp(w[i] * c);
        }
        return s;
      }
      """, """
      /** A constant scalar parameter overwritten with constant values. */
      @Differentiable static double constantReassigned(double x, @ND double c) {
        c = c * 2 + 1;
        c += Math.sqrt(c);
        return c * Math.sin(x);
      }
      """);

  /** A library compiled first, in its own javac run, as a dependency would be. */
  private static final String LIBRARY = """
      package lib;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public class STATS {
        @Differentiable public static double nll(double mu, double sigma, @ND double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double z = (x[i] - mu) / sigma;
            s += 0.5 * z * z + Math.log(sigma);
          }
          return s;
        }

        @Differentiable public static double center(double[] v, double m) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += (v[i] - m) * (v[i] - m);
          }
          return s / v.length;
        }
      }
      """;

  private static final String CALLER = """
      package app;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import lib.STATS;

      public class FIT {
        /** Constant data into a @NoDerivative parameter and into an active one of a separately compiled class. */
        @Differentiable static double fit(double mu, double logSigma, @ND double[] x) {
          return STATS.nll(mu, Math.exp(logSigma), x) + 0.25 * STATS.center(x, mu) + 0.1 * mu * mu;
        }
      }
      """;

  private static Compiled data;
  private static Compiled separate;

  @TempDir
  static Path dir;

  @BeforeAll
  static void compile() throws IOException {
    data = Compiled.compile("p.Data", source("p.Data", true), "p.DataAll", source("p.DataAll", false))
        .assertCleanSuccess();
    Path library = javac(dir.resolve("lib"), "lib.Stats", LIBRARY.replace("STATS", "Stats")
            .replace("@ND ", "@NoDerivative "),
        "lib.StatsAll", LIBRARY.replace("STATS", "StatsAll").replace("@ND ", ""));
    separate = Compiled.compile(List.of("-classpath", library + File.pathSeparator + System.getProperty("java.class.path")),
            "app.Fit", CALLER.replace("STATS", "Stats").replace("FIT", "Fit").replace("@ND ", "@NoDerivative "),
            "app.FitAll", CALLER.replace("STATS", "StatsAll").replace("FIT", "FitAll").replace("@ND ", ""))
        .assertCleanSuccess().withClassesFrom(library);
  }

  private static String source(String name, boolean constant) {
    List<String> members = METHODS.stream().map(m -> m.replace("@ND ", constant ? "@NoDerivative " : "")).toList();
    return Compiled.classSource(name, List.of("import io.javagrad.Functions;", "import io.javagrad.NoDerivative;"),
        members);
  }

  // ----- the methods of the issue

  @Test
  void logisticRegression() {
    double[] w = {0.3, -0.2, 0.1};
    double[] x = {1.0, 2.0, -1.0, 0.5, 0.25, -0.75, 1.5, -0.3};
    double[] y = {1.0, 0.0, 1.0, 0.0};
    agree("logistic", w, x, y, 4, 2);
  }

  @Test
  void leastSquares() {
    double[] t = {0.0, 0.5, 1.0, 1.5, 2.0, 3.0};
    double[] y = {2.1, 1.6, 1.2, 0.95, 0.7, 0.4};
    agree("leastSquares", 2.0, 0.5, t, y);
    agree("leastSquares", -0.7, 1.3, t, y);
  }

  @Test
  void gaussianNegativeLogLikelihood() {
    double[] x = {0.3, -1.2, 2.5, 0.9, 1.1, -0.4, 0.0};
    agree("gaussianNll", 0.4, -0.2, x);
    agree("gaussianNll", -1.0, 0.7, x);
  }

  @Test
  void mlpLossOverABatch() {
    int in = 2;
    int hidden = 3;
    double[] p = new double[hidden * in + 2 * hidden + 1];
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.4 * Math.sin(1.7 * i + 0.3);
    }
    double[] xs = {0.5, -1.0, 1.5, 0.25, -0.75, 2.0, 0.1, 0.2};
    double[] ys = {0.3, -0.8, 1.1, 0.0};
    agree("mlpLoss", p, xs, ys, in, hidden);
  }

  @Test
  void callWithConstantArguments() {
    agree("callsWithConstantArgument", 0.8, new double[] {0.5, 1.0, 1.7, 2.4});
    agree("callsWithConstantArgument", 2.2, new double[] {-0.5, 3.0});
  }

  @Test
  void constantScalar() {
    agree("scalarConstant", 0.7, 1.3, 2.5);
    agree("scalarConstant", -1.1, 0.4, 0.75);
  }

  @Test
  void constantDataInBranchesAndConditionals() {
    double[] w = {0.6, -0.4};
    // every way through: x > 0; x <= 0 and y > 0.5; x in (-1, 0] otherwise; x <= -1 otherwise
    double[] x = {1.5, -0.5, -0.5, -2.0, 0.75, -1.5};
    double[] y = {0.4, 0.9, -0.3, 0.2, -0.6, 0.7};
    agree("branches", w, x, y);
  }

  @Test
  void constantDataAsLoopBounds() {
    double[] x = {0.2, 0.5, -0.8, 1.4, 0.3};
    agree("lengthBounds", 0.9, -0.6, x);
    agree("lengthBounds", 0.3, 1.2, new double[] {2.0});
    agree("lengthBounds", 0.3, 1.2, new double[] {0.1, 0.2, 0.4, 0.6, 0.8, 0.9});
  }

  @Test
  void calleeWithConstantParameterReceivesTheCallersConstantData() {
    double[] w = {0.5, -0.25, 0.1};
    double[] x = {1.0, 2.0, -1.0, 0.5, 0.25, -0.75};
    double[] y = {0.3, 1.2, -0.4};
    agree("constantIntoConstant", w, x, y);
    agree("dotRow", w, x, 1);
    agree("scaled", 0.7, 1.9);
  }

  @Test
  void callerPassesConstantDataIntoActiveParameters() {
    agree("constantIntoActive", 0.6, new double[] {0.5, -1.0, 2.0, 0.25}, 1.3);
    new GradientAgreement(data, "p.Data", "spread").check(new double[] {0.5, -1.0, 2.0}, 0.6);
  }

  @Test
  void constantParametersBetweenActiveOnes() {
    double[] x = {0.5, -1.5, 2.0};
    double[] w = {0.3, 0.7, -0.2};
    double[] grad = agree("interleaved", x, 1.1, 0.4, w, -0.6, 2.5);
    // slots: a, w[0..2], b
    assertEquals(5, grad.length);
    double[] expected = new double[5];
    for (int i = 0; i < 3; i++) {
      expected[0] += w[i] * x[i];
      expected[1 + i] = x[i] * 1.1 + 2 * -0.6 * w[i];
    }
    expected[4] = 0.4;
    for (int i = 0; i < 5; i++) {
      assertTrue(GradientChecker.close(expected[i], grad[i], 1e-12), "slot " + i + ": " + Arrays.toString(grad));
    }
  }

  @Test
  void localsComputedFromConstantData() {
    agree("constantLocals", new double[] {0.2, -0.4, 0.6}, new double[] {0.5, 1.5, -1.0, 2.0});
  }

  @Test
  void constantScalarOverwrittenWithConstants() {
    agree("constantReassigned", 0.9, 1.5);
  }

  @Test
  void constantDataInACalleeFromASeparateCompilation() {
    double[] x = {0.3, -1.2, 2.5, 0.9, 1.1};
    agreeIn(separate, "app.Fit", "app.FitAll", "fit", 0.4, -0.2, x);
    agreeIn(separate, "app.Fit", "app.FitAll", "fit", -0.9, 0.5, x);
  }

  /**
   * A constant scalar parameter overwritten with an active value. The contract says the twin takes
   * a @NoDerivative double as a plain double; so the processor either refuses the assignment (an
   * error at it, in the user's file) or keeps that promise, with the gradient of the unmarked
   * method's active slots.
   */
  @Test
  void constantScalarOverwrittenWithAnActiveValue() {
    String members = """
          @Differentiable static double f(double x, @ND double c) {
            c = c + x;
            return c * x;
          }
        """;
    String constant = Compiled.classSource("p.Reassigned", List.of("import io.javagrad.NoDerivative;"),
        List.of(members.replace("@ND ", "@NoDerivative ")));
    long line = constant.substring(0, constant.indexOf("c = c + x")).lines().count();
    Compiled c = Compiled.compile("p.Reassigned", constant,
        "p.ReassignedAll", Compiled.classSource("p.ReassignedAll", List.of(), List.of(members.replace("@ND ", ""))));
    if (c.compilation().status() == com.google.testing.compile.Compilation.Status.FAILURE) {
      List<javax.tools.Diagnostic<? extends JavaFileObject>> errors = c.compilation().errors();
      assertTrue(errors.stream().allMatch(e -> e.getSource() != null
              && e.getSource().getName().endsWith("p/Reassigned.java") && e.getLineNumber() == line),
          () -> "refused, but not (only) at the assignment c = c + x:\n" + c.diagnostics());
      return;
    }
    agreeIn(c, "p.Reassigned", "p.ReassignedAll", "f", 0.7, 1.9);
  }

  // ----- the comparison

  /** Checks {@code method} with and without @NoDerivative at {@code args}; returns the constant version's gradient. */
  private static double[] agree(String method, Object... args) {
    return agreeIn(data, "p.Data", "p.DataAll", method, args);
  }

  private static double[] agreeIn(Compiled compiled, String constantOwner, String activeOwner, String method,
      Object... args) {
    String where = method + Arrays.deepToString(args);
    double[] constant = new GradientAgreement(compiled, constantOwner, method).check(args);
    double[] full = new GradientAgreement(compiled, activeOwner, method).check(args);
    boolean[] isConstant = constantParameters(compiled, constantOwner, method, args);
    assertTrue(Arrays.toString(isConstant).contains("true"), where + ": the constant version has no @NoDerivative");
    double[] expected = activeSlots(full, args, isConstant);
    assertEquals(expected.length, constant.length, () -> where + ": " + Arrays.toString(constant)
        + " has not the active slots of " + Arrays.toString(full));
    for (int i = 0; i < expected.length; i++) {
      if (!GradientChecker.close(expected[i], constant[i], 1e-12)) {
        throw new AssertionError(where + ": slot " + i + " with @NoDerivative is " + constant[i] + ", without "
            + expected[i] + "\n" + compiled.generatedSource(constantOwner + "Grad"));
      }
    }
    return constant;
  }

  /** Which parameters of the constant version are @NoDerivative. */
  private static boolean[] constantParameters(Compiled compiled, String owner, String method, Object[] args) {
    for (Method m : compiled.load(owner).getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        Annotation[][] annotations = m.getParameterAnnotations();
        boolean[] constant = new boolean[args.length];
        for (int i = 0; i < args.length; i++) {
          constant[i] = Arrays.stream(annotations[i]).anyMatch(a -> a instanceof NoDerivative);
        }
        return constant;
      }
    }
    throw new AssertionError("no method " + owner + "." + method);
  }

  /** The slots of the full gradient that belong to parameters that are not constant. */
  private static double[] activeSlots(double[] full, Object[] args, boolean[] constant) {
    List<Double> kept = new ArrayList<>();
    int slot = 0;
    for (int i = 0; i < args.length; i++) {
      int width = args[i] instanceof Double ? 1 : args[i] instanceof double[] array ? array.length : 0;
      for (int k = 0; k < width; k++, slot++) {
        if (!constant[i]) {
          kept.add(full[slot]);
        }
      }
    }
    assertEquals(full.length, slot, "the full gradient has a slot for every double");
    return kept.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Compiles {@code namesAndSources} with javac and the processor into {@code root/classes}. */
  static Path javac(Path root, String... namesAndSources) throws IOException {
    List<File> files = new ArrayList<>();
    for (int i = 0; i < namesAndSources.length; i += 2) {
      Path file = root.resolve("src").resolve(namesAndSources[i].replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, namesAndSources[i + 1]);
      files.add(file.toFile());
    }
    Path output = Files.createDirectories(root.resolve("classes"));
    Path generated = Files.createDirectories(root.resolve("generated"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, null)) {
      List<String> options = List.of("--release", "17", "-Xlint:all", "-classpath", System.getProperty("java.class.path"),
          "-d", output.toString(), "-s", generated.toString());
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task = compiler.getTask(out, fileManager, diagnostics, options, null,
          fileManager.getJavaFileObjectsFromFiles(files));
      task.setProcessors(List.of(new DifferentiableProcessor()));
      boolean ok = task.call();
      assertTrue(ok && diagnostics.getDiagnostics().isEmpty(), () -> "javac: " + out + " "
          + diagnostics.getDiagnostics());
    }
    return output;
  }
}
