package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * An adversarial review of commits 33081bf..4ac988d: fixed sequences of records ({@code List.of},
 * {@code Arrays.asList} and array initializers of records, gone through by for-each, counted and
 * indexed at a constant, each loop written out once per element with its jumps as breaks of
 * labelled blocks, and any other use falling back to an object); the null idioms for records
 * ({@code static final V NONE = null}, helpers returning such constants or a helper's nullable
 * record, {@code Objects.isNull}, {@code nonNull} and {@code requireNonNullElse}); a default method
 * overridden in a sub-interface; a branch that a constant condition rules out, no longer translated
 * ({@code instanceof} decided at translation time, {@code r != null} of a record that is never null,
 * {@code if (true)}, static final flags); and a compact constructor given a parameter's
 * {@code double[][]}.
 *
 * <p>Scenes, books, layers and bodies are written as Java developers write them, then edge cases.
 * Each source class compiles on its own, so a refusal in one does not hide the others. Each finding
 * is kept as a test, disabled, saying what happens and what Java does; it fails today and passes
 * once fixed. The checks that pass stay enabled.
 */
class ReviewOfSequencesAndNullIdiomsTest {
  private static final Map<String, Compiled> COMPILED = new HashMap<>();

  private static Compiled compiled(String name, String source) {
    return COMPILED.computeIfAbsent(name, n -> Compiled.compile(name, source).assertCleanSuccess());
  }

  private static double[] agree(String name, String source, String method, Object... args) {
    return new GradientAgreement(compiled(name, source), name, method).check(args);
  }

  private static Compilation failing(String name, String source) {
    JavaFileObject file = JavaFileObjects.forSourceString(name, source);
    return FailingCompilation.compile(file);
  }

  private static String errors(Compilation compilation) {
    StringBuilder text = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      text.append(error.getMessage(Locale.ROOT)).append('\n');
    }
    return text.toString();
  }

  /** What the gradient entry of {@code method(double, double)} throws at {@code (a, b)}, or null. */
  private static Throwable companionThrows(String name, String source, String method, double a, double b)
      throws Exception {
    Method gradient = compiled(name, source).load(GradientAgreement.companionOf(name)).getMethod(method,
        double.class, double.class, double[].class);
    try {
      gradient.invoke(null, a, b, new double[2]);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  /** What {@code method(double, double)} itself throws at {@code (a, b)}, or null. */
  private static Throwable javaThrows(String name, String source, String method, double a, double b)
      throws Exception {
    Method original = compiled(name, source).load(name).getDeclaredMethod(method, double.class, double.class);
    original.setAccessible(true);
    try {
      original.invoke(null, a, b);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  /**
   * Either the companion compiles and its gradient agrees at each point ({@code x, y} pairs), or
   * the compilation fails cleanly with an error on the line holding {@code line} whose message
   * holds {@code message}.
   */
  private static void agreesOrIsRefused(String name, String source, String method, String line, String message,
      double... points) {
    Compiled attempt = Compiled.compile(name, source);
    if (attempt.compilation().status() == Compilation.Status.SUCCESS) {
      COMPILED.put(name, attempt.assertCleanSuccess());
      for (int i = 0; i < points.length; i += 2) {
        agree(name, source, method, points[i], points[i + 1]);
      }
      return;
    }
    JavaFileObject file = JavaFileObjects.forSourceString(name, source);
    Compilation compilation = FailingCompilation.compile(file);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  /** A class {@code p.<name>} whose body is {@code members}, with the imports the sources below use. */
  private static String source(String name, String members) {
    return """
        package p;

        import io.javagrad.Differentiable;
        import io.javagrad.NoDerivative;
        import java.util.Arrays;
        import java.util.List;
        import java.util.Map;
        import java.util.Objects;
        import java.util.concurrent.atomic.AtomicInteger;
        import java.util.function.DoubleUnaryOperator;
        import java.util.stream.DoubleStream;

        public class NAME {
        """.replace("NAME", name) + members + "}\n";
  }

  /** A small ray tracer's shapes: two behind one interface, a lamp behind two. */
  private static final String SHAPES = """
        interface Shape {
          double area();
          double hit(double t);
        }
        interface Lit {
          double glow();
        }
        record Sphere(double r, double cx) implements Shape {
          public double area() { return 4 * Math.PI * r * r + cx; }
          public double hit(double t) { return (t - cx) * (t - cx) - r * r; }
        }
        record Plane(double d, double k) implements Shape {
          public double area() { return d * k; }
          public double hit(double t) { return t * k - d; }
        }
        record Lamp(double r, double g) implements Shape, Lit {
          public double area() { return r * r; }
          public double hit(double t) { return t - r; }
          public double glow() { return g * r; }
        }
      """;

  /** A record that may be null, as a ray that misses gives none. */
  private static final String MAYBE = """
        record V(double x, double y) {
          double n() { return Math.hypot(x, y); }
        }
        static final V NONE = null;
        static V maybe(double x, double y) { return x > 0 ? new V(x, y) : null; }
      """;

  // ---------------------------------------------------------------------------------------------
  // Bugs: wrong values, exceptions Java does not throw, companions that do not compile.

  private static final String TERNARY_ELEMENT = source("TernaryElement", SHAPES + """
        @Differentiable
        public static double listed(double x, double y) {
          List<Shape> scene = List.of(new Plane(1, 2), x > 0 ? new Sphere(x, y) : new Plane(y, x));
          double t = 0;
          for (Shape s : scene) {
            t += s.area();
          }
          return t;
        }
      """);

  @Test
  void aSequenceElementChosenByTernaryBetweenTwoRecordsIsTheRightOne() {
    agreesOrIsRefused("p.TernaryElement", TERNARY_ELEMENT, "listed", "x > 0 ? new Sphere(x, y) : new Plane(y, x)",
        "", 0.5, 0.7, -0.5, 0.7);
  }

  private static final String SWITCH_ELEMENT = source("SwitchElement", SHAPES + """
        @Differentiable
        public static double switched(double x, double y) {
          int k = (int) x;
          Shape[] scene = {switch (k) { case 0 -> new Sphere(x, y); default -> new Plane(y, x); }, new Plane(1, 1)};
          double t = 0;
          for (Shape s : scene) {
            t += s.area();
          }
          return t;
        }

        @Differentiable
        public static double plainLocal(double x, double y) {
          Shape s = x > 0 ? new Sphere(x, y) : new Plane(y, x);
          return s.area();
        }
      """);

  @Test
  void aSwitchOrTernaryBetweenTwoRecordsIsNotTheFirstArmsRecord() {
    agreesOrIsRefused("p.SwitchElement", SWITCH_ELEMENT, "switched", "case 0 -> new Sphere(x, y)", "", 0.5, 0.7,
        1.5, 0.7);
    agreesOrIsRefused("p.SwitchElement", SWITCH_ELEMENT, "plainLocal", "x > 0 ? new Sphere(x, y)", "", 0.5, 0.7,
        -0.5, 0.7);
  }

  private static final String OR_ELSE_EFFECTS = source("OrElseEffects", MAYBE + """
        @Differentiable
        public static double counted(double x, double y) {
          AtomicInteger calls = new AtomicInteger();
          V v = Objects.requireNonNullElse(maybe(x, y), new V(y, calls.incrementAndGet()));
          return v.x() + calls.get() * y;
        }

        @Differentiable
        public static double countedNeverNull(double x, double y) {
          AtomicInteger calls = new AtomicInteger();
          V v = Objects.requireNonNullElse(new V(x, y), new V(y, calls.incrementAndGet()));
          return v.x() + calls.get() * y;
        }
      """);

  @Test
  void requireNonNullElseEvaluatesItsSecondArgumentWhereTheFirstIsNotNull() {
    agree("p.OrElseEffects", OR_ELSE_EFFECTS, "counted", 0.5, 0.7);
    agree("p.OrElseEffects", OR_ELSE_EFFECTS, "counted", -0.5, 0.7);
    agree("p.OrElseEffects", OR_ELSE_EFFECTS, "countedNeverNull", 0.5, 0.7);
  }

  private static final String OR_ELSE_THROWS = source("OrElseThrows", MAYBE + """
        @Differentiable
        public static double parsed(double x, double y) {
          V v = Objects.requireNonNullElse(maybe(x, y), new V(y, Integer.parseInt("z" + x)));
          return v.x() * v.y();
        }
      """);

  @Test
  void requireNonNullElseThrowsWhatItsSecondArgumentThrows() throws Exception {
    assertTrue(javaThrows("p.OrElseThrows", OR_ELSE_THROWS, "parsed", 0.5, 0.7) instanceof NumberFormatException);
    Throwable thrown = companionThrows("p.OrElseThrows", OR_ELSE_THROWS, "parsed", 0.5, 0.7);
    assertTrue(thrown instanceof NumberFormatException, () -> "the companion threw " + thrown);
  }

  private static final String LOOKUP = source("Lookup", MAYBE + """
        static final Map<String, V> TABLE = Map.of("a", new V(1, 2));

        @Differentiable
        public static double tested(double x, double y) {
          V v = TABLE.get("zz");
          if (v == null) {
            return x * y;
          }
          return v.x() * x;
        }

        @Differentiable
        public static double defaulted(double x, double y) {
          V v = Objects.requireNonNullElse(TABLE.get("zz"), new V(x, y));
          return v.x() * v.y();
        }
      """);

  @Test
  void aRecordALibraryLookupGivesMayBeNull() {
    agreesOrIsRefused("p.Lookup", LOOKUP, "tested", "V v = TABLE.get(", "", 0.5, 0.7);
    agreesOrIsRefused("p.Lookup", LOOKUP, "defaulted", "requireNonNullElse(TABLE.get(", "", 0.5, 0.7);
  }

  private static final String NULL_BY_HELPER = source("NullByHelper", MAYBE + """
        static V none() { return null; }
        static final V DEFAULT = none();

        @Differentiable
        public static double f(double x, double y) {
          V w = x > 1 ? new V(x, y) : DEFAULT;
          return w == null ? y * y : w.x();
        }
      """);

  @Test
  void aConstantAHelperInitializesToNullMayBeNull() {
    agreesOrIsRefused("p.NullByHelper", NULL_BY_HELPER, "f", "static final V DEFAULT = none();", "", 0.5, 0.7, 1.5,
        0.7);
  }

  private static final String NEGATED_PATTERN = source("NegatedPattern", SHAPES + """
        interface Named {
          double weight();
        }
        record Tag(double w, double r) implements Shape, Named {
          public double area() { return r * r; }
          public double hit(double t) { return t; }
          public double weight() { return w; }
        }

        static double weigh(Shape p, double d) {
          if (!(p instanceof Named n)) {
            return p.area() * d;
          } else {
            return n.weight();
          }
        }

        @Differentiable
        public static double f(double x, double y) {
          return weigh(new Sphere(x, 1), y) + weigh(new Tag(x, y), x);
        }
      """);

  @Test
  void aNegatedPatternOfAnInterfaceTheRecordDoesNotImplement() {
    agree("p.NegatedPattern", NEGATED_PATTERN, "f", 0.5, 0.7);
  }

  private static final String MATRIX_HELPER = source("MatrixHelper", """
        record Layer(double[][] w, double s) {
          Layer {
            if (w.length == 0) {
              throw new IllegalArgumentException("empty");
            }
          }
          double out(double x) { return Math.tanh(w[0][0] * x + w[0][1] * s) + w[1][0] * s; }
        }

        static Layer make(double[][] w, double s) { return new Layer(w, s * 2); }

        @Differentiable
        public static double f(double[][] w, double x) {
          Layer l = make(w, x);
          return l.out(x) * l.w()[1][1];
        }
      """);

  @Test
  void aHelperReturningARecordOfTheParametersMatrixIsAnError() {
    // Was a companion that did not compile (_d_make_w = _d_w); now the error says where to build it.
    JavaFileObject file = JavaFileObjects.forSourceString("p.MatrixHelper", MATRIX_HELPER);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("new Layer(w, s * 2) gives a Layer that holds"
        + " the parameter matrix w as its component.w(), which javagrad follows as another name for it only in a"
        + " record built where it is declared").inFile(file).onLineContaining("static Layer make(");
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs: refusals of ordinary Java, and errors that mislead.

  private static final String LIT_PATTERNS = source("LitPatterns", SHAPES + """
        @Differentiable
        public static double skipped(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Lamp(y, x), new Plane(x, 2)};
          double light = 0;
          for (Shape s : scene) {
            if (!(s instanceof Lit l)) {
              continue;
            }
            light += l.glow();
          }
          return light;
        }

        @Differentiable
        public static double guarded(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Lamp(y, x), new Plane(x, 2)};
          double light = 0;
          for (Shape s : scene) {
            if (s instanceof Lit l && l.glow() > 0.1) {
              light += l.glow();
            }
          }
          return light;
        }

        @Differentiable
        public static double chosen(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Lamp(y, x), new Plane(x, 2)};
          double light = 0;
          for (Shape s : scene) {
            light += s instanceof Lit l ? l.glow() : 0.1 * s.area();
          }
          return light;
        }
      """);

  @Test
  @Disabled("bug: in a loop over a scene, if (!(s instanceof Lit l)) continue;, s instanceof Lit l && l.glow() > 0.1"
      + " and s instanceof Lit l ? l.glow() : ... are refused for the elements that are not Lit (\"javagrad cannot"
      + " tell the type of l.glow()\"); only the plain if (s instanceof Lit l) form is decided")
  void patternsOfAnInterfaceInLoopsOverAScene() {
    agree("p.LitPatterns", LIT_PATTERNS, "skipped", 0.5, 0.7);
    agree("p.LitPatterns", LIT_PATTERNS, "guarded", 0.5, 0.7);
    agree("p.LitPatterns", LIT_PATTERNS, "chosen", 0.5, 0.7);
  }

  private static final String SUPER_DEFAULTS = source("SuperDefaults", """
        interface Priced {
          double notional();
          default double fee() { return 0.01 * notional(); }
          default double total() { return notional() + fee(); }
        }
        interface Discounted extends Priced {
          double rate();
          @java.lang.Override
          default double fee() { return 0.005 * notional() * Math.exp(-rate()); }
        }
        interface Doubled extends Priced {
          @java.lang.Override
          default double fee() { return 3 * Priced.super.fee(); }
        }
        record Swap(double notional, double rate) implements Discounted {
          @java.lang.Override
          public double fee() { return 2 * Discounted.super.fee(); }
        }
        record Cap(double notional) implements Doubled {}

        @Differentiable
        public static double swap(double x, double y) {
          Swap s = new Swap(x, y);
          return s.total();
        }

        @Differentiable
        public static double cap(double x, double y) {
          Priced c = new Cap(x * y);
          return c.total();
        }
      """);

  @Test
  @Disabled("bug: an overriding default or record method that calls the one it overrides (Priced.super.fee(),"
      + " Discounted.super.fee()) is refused: \"javagrad cannot tell the type of Priced.super.fee()\"")
  void anOverridingDefaultCallingTheOneItOverrides() {
    agree("p.SuperDefaults", SUPER_DEFAULTS, "swap", 0.5, 0.7);
    agree("p.SuperDefaults", SUPER_DEFAULTS, "cap", 0.5, 0.7);
  }

  private static final String NAMED_ELEMENTS = source("NamedElements", SHAPES + """
        @Differentiable
        public static double f(double x, double y) {
          Sphere ball = new Sphere(x, y);
          Plane floor = new Plane(y, 1);
          List<Shape> scene = List.of(ball, floor);
          double s = 0;
          for (Shape p : scene) {
            s += p.area() * p.hit(x);
          }
          return s + ball.r();
        }
      """);

  @Test
  void aSceneOfRecordLocals() {
    agree("p.NamedElements", NAMED_ELEMENTS, "f", 0.5, 0.7);
  }

  private static final String ELEMENT_MESSAGE = source("ElementMessage", SHAPES + """
        @Differentiable
        public static double f(double x, double y) {
          Sphere[] balls = {new Sphere(x, y), new Sphere(y, x)};
          if (x > 100) {
            throw new IllegalArgumentException("r=" + balls[0].r() + " of " + balls.length);
          }
          double s = 0;
          for (Sphere b : balls) {
            s += b.area();
          }
          return s;
        }
      """);

  @Test
  void aComponentOfAnElementReadInAMessage() throws Exception {
    agree("p.ElementMessage", ELEMENT_MESSAGE, "f", 0.5, 0.7);
    Throwable thrown = companionThrows("p.ElementMessage", ELEMENT_MESSAGE, "f", 200, 0.7);
    assertEquals("r=200.0 of 2", thrown.getMessage());
  }

  private static final String LAMBDA_AS_WRITTEN = source("LambdaAsWritten", """
        record Probe(double r, double cx) {
          double hit(double t) { return (t - cx) * (t - cx) - r * r; }
        }

        @Differentiable
        public static double f(double x, double y) {
          Probe[] probes = {new Probe(1, 2), new Probe(3, 4)};
          double norm = DoubleStream.of(0.1, 0.2).map(t -> {
            double s = 0;
            for (Probe p : probes) {
              s += p.hit(t);
            }
            return s;
          }).sum();
          double s = 0;
          for (Probe p : probes) {
            s += p.hit(x);
          }
          return s * y / norm;
        }
      """);

  @Test
  @Disabled("bug: a sequence also gone through inside a lambda that is run as written (a DoubleStream's map) is"
      + " refused (\"probes stands for 2 records ... code that javagrad runs as written cannot hold it\"), though"
      + " onlyTraversed accepted it; as an object (Arrays.stream(probes) instead) the same method compiles and agrees")
  void aSequenceAlsoGoneThroughInALambdaRunAsWritten() {
    agree("p.LambdaAsWritten", LAMBDA_AS_WRITTEN, "f", 0.5, 0.7);
  }

  private static final String OUT_OF_RANGE = source("OutOfRange", SHAPES + """
        @Differentiable
        public static double f(double x, double y) {
          List<Shape> scene = List.of(new Sphere(x, y), new Plane(y, x));
          double t = 0;
          for (Shape s : scene) {
            t += s.area();
          }
          return t + scene.get(2).area();
        }
      """);

  @Test
  void anElementIndexedOutOfRange() throws Exception {
    Compiled attempt = Compiled.compile("p.OutOfRange", OUT_OF_RANGE);
    if (attempt.compilation().status() == Compilation.Status.SUCCESS) {
      COMPILED.put("p.OutOfRange", attempt.assertCleanSuccess());
      assertTrue(companionThrows("p.OutOfRange", OUT_OF_RANGE, "f", 0.5, 0.7) instanceof IndexOutOfBoundsException);
      return;
    }
    assertThat(failing("p.OutOfRange", OUT_OF_RANGE)).hadErrorContaining("scene.get(2)");
  }

  private static final String IDENTITY = source("Identity", """
        record Body(double pos, double mass) {
          double pull(Body o) {
            double d = pos - o.pos;
            return mass * o.mass / (d * d + 0.01);
          }
        }

        @Differentiable
        public static double energy(double x, double y) {
          List<Body> bodies = List.of(new Body(x, y), new Body(2 * x, 1), new Body(y, x));
          double e = 0;
          for (Body a : bodies) {
            for (Body b : bodies) {
              if (a == b) {
                continue;
              }
              e += a.pull(b);
            }
          }
          return e;
        }

        @Differentiable
        public static double equalButDistinct(double x, double y) {
          List<Body> bodies = List.of(new Body(x, y), new Body(x, y));
          double e = 0;
          for (Body a : bodies) {
            for (Body b : bodies) {
              if (a != b) {
                e += a.mass() * b.pos();
              }
            }
          }
          return e;
        }
      """);

  @Test
  void elementsComparedByIdentityInAPairwiseLoop() {
    agree("p.Identity", IDENTITY, "energy", 0.5, 0.7);
    agree("p.Identity", IDENTITY, "equalButDistinct", 0.5, 0.7);
  }

  private static String bigScene() {
    StringBuilder elements = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      elements.append(i == 0 ? "" : ", ").append("new Body(x + ").append(i).append(", y * ").append(i + 1)
          .append(")");
    }
    return source("BigScene", """
          record Body(double pos, double mass) {
            double pull(Body o) {
              double d = pos - o.pos;
              return mass * o.mass / (d * d + 0.01);
            }
          }

          @Differentiable
          public static double f(double x, double y) {
            List<Body> bodies = List.of(ELEMENTS);
            double e = 0;
            for (Body a : bodies) {
              for (Body b : bodies) {
                if (a.pos() != b.pos()) {
                  e += a.pull(b);
                }
              }
            }
            return e;
          }
        """.replace("ELEMENTS", elements));
  }

  @Test
  @Disabled("bug: two loops over a List.of of 40 bodies, written out 1600 times, pass 64 KB, and the error advises"
      + " \"write repeated calls of a helper ... as a loop\" (the user wrote loops) without naming bodies or the"
      + " unrolling; it should name the sequence, or keep the loops")
  void aVeryLargeUnrollingSaysWhichSequenceItCameFrom() {
    String source = bigScene();
    agreesOrIsRefused("p.BigScene", source, "f", "public static double f(", "bodies", 0.5, 0.7);
  }

  private static final String OR_ELSE_INTERFACE = source("OrElseInterface", SHAPES + """
        static Sphere maybeSphere(double x, double y) { return x > 0 ? new Sphere(x, y) : null; }

        @Differentiable
        public static double f(double x, double y) {
          Shape s = Objects.requireNonNullElse(maybeSphere(x, y), new Plane(y, x));
          return s.area();
        }
      """);

  @Test
  void requireNonNullElseOfTwoRecordsOfOneInterface() {
    Compiled attempt = Compiled.compile("p.OrElseInterface", OR_ELSE_INTERFACE);
    if (attempt.compilation().status() == Compilation.Status.SUCCESS) {
      COMPILED.put("p.OrElseInterface", attempt.assertCleanSuccess());
      agree("p.OrElseInterface", OR_ELSE_INTERFACE, "f", 0.5, 0.7);
      agree("p.OrElseInterface", OR_ELSE_INTERFACE, "f", -0.5, 0.7);
      return;
    }
    String text = errors(failing("p.OrElseInterface", OR_ELSE_INTERFACE));
    assertFalse(text.contains("double values and arrays only"), text);
  }

  private static final String OTHER_CLASS_HELPER = source("OtherClassHelper", """
        record V(double x, double y) {}
        static final class Hits {
          static final V MISS = null;
          static V trace(double x, double y) { return x > 0 ? new V(x, y) : MISS; }
        }

        @Differentiable
        public static double f(double x, double y) {
          V w = Hits.trace(x, y);
          return Objects.isNull(w) ? y * y : w.x() * w.y();
        }
      """);

  @Test
  void aHelperOfAnotherClassReturningItsNullConstant() {
    agree("p.OtherClassHelper", OTHER_CLASS_HELPER, "f", 0.5, 0.7);
    agree("p.OtherClassHelper", OTHER_CLASS_HELPER, "f", -0.5, 0.7);
  }

  private static final String REQUIRE_NON_NULL = source("RequireNonNull", MAYBE + """
        @Differentiable
        public static double f(double x, double y) {
          V v = Objects.requireNonNull(maybe(x, y), "no v");
          return v.x() * v.y();
        }
      """);

  @Test
  void requireNonNullOfARecordThatMayBeNull() throws Exception {
    agree("p.RequireNonNull", REQUIRE_NON_NULL, "f", 0.5, 0.7);
    Throwable thrown = companionThrows("p.RequireNonNull", REQUIRE_NON_NULL, "f", -0.5, 0.7);
    assertTrue(thrown instanceof NullPointerException && "no v".equals(thrown.getMessage()), () -> "threw " + thrown);
  }

  // ---------------------------------------------------------------------------------------------
  // What works: sequences of records.

  private static final String RAY_TRACER = source("RayTracer", """
        record Hit(double t, double shade) {}
        interface Solid {
          Hit intersect(double ox, double dx);
        }
        record Ball(double c, double r) implements Solid {
          public Hit intersect(double ox, double dx) {
            double b = (ox - c) * dx;
            double disc = b * b - ((ox - c) * (ox - c) - r * r);
            if (disc < 0) {
              return null;
            }
            double t = -b - Math.sqrt(disc);
            return t > 0 ? new Hit(t, r / (t + 1)) : null;
          }
        }
        record Wall(double at, double albedo) implements Solid {
          public Hit intersect(double ox, double dx) {
            double t = (at - ox) / dx;
            return t > 0 ? new Hit(t, albedo) : null;
          }
        }
        static final Hit MISS = null;
        static Hit maybe(double x, double y) { return x > 0 ? new Hit(x, y) : null; }

        @Differentiable
        public static double nearest(double x, double y) {
          List<Solid> scene = List.of(new Ball(3, x), new Wall(5 + y, 0.3), new Ball(4 + x, y));
          Hit nearest = MISS;
          for (Solid s : scene) {
            Hit h = s.intersect(0, 1);
            if (h != null && (nearest == null || h.t() < nearest.t())) {
              nearest = h;
            }
          }
          return Objects.isNull(nearest) ? 0 : nearest.shade() * nearest.t();
        }

        @Differentiable
        public static double shownOrBackground(double x, double y) {
          Solid[] scene = {new Ball(3, x), new Ball(4 + x, y)};
          Hit nearest = null;
          for (Solid s : scene) {
            Hit h = s.intersect(0, 1);
            if (Objects.nonNull(h) && (Objects.isNull(nearest) || h.t() < nearest.t())) {
              nearest = h;
            }
          }
          Hit shown = Objects.requireNonNullElse(nearest, new Hit(100, y * 0.1));
          return shown.shade() / shown.t();
        }

        @Differentiable
        public static double capturedMaybe(double x, double y) {
          Hit h = maybe(x, y);
          DoubleUnaryOperator g = t -> Objects.isNull(h) ? t : h.t() * t + h.shade();
          return g.applyAsDouble(y) + g.applyAsDouble(x);
        }
      """);

  @Test
  void aRayTracersNearestHitOverASceneOfShapesThatMayMiss() {
    agree("p.RayTracer", RAY_TRACER, "nearest", 0.5, 0.7);
    agree("p.RayTracer", RAY_TRACER, "nearest", 2.5, 0.7);
    agree("p.RayTracer", RAY_TRACER, "nearest", 0.1, 1.5);
  }

  @Test
  void theNearestHitOrTheBackgroundByRequireNonNullElse() {
    agree("p.RayTracer", RAY_TRACER, "shownOrBackground", 0.5, 0.7);
    agree("p.RayTracer", RAY_TRACER, "shownOrBackground", 2.5, 0.7);
    agree("p.RayTracer", RAY_TRACER, "shownOrBackground", 0.1, 1.5);
  }

  @Test
  void aHitThatMayBeNullCapturedByALambda() {
    agree("p.RayTracer", RAY_TRACER, "capturedMaybe", 0.5, 0.7);
    agree("p.RayTracer", RAY_TRACER, "capturedMaybe", -0.5, 0.7);
  }

  private static final String SCENES = source("Scenes", SHAPES + """
        @Differentiable
        public static double firstReturned(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          for (Shape s : scene) {
            return s.area();
          }
          return 0;
        }

        @Differentiable
        public static double nearestHit(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x), new Sphere(y, 2)};
          for (Shape s : scene) {
            double h = s.hit(x);
            if (h < 0) {
              return h * y;
            }
          }
          return -1;
        }

        @Differentiable
        public static double thrown(double x, double y) {
          List<Shape> scene = List.of(new Sphere(x, y), new Plane(y, x));
          double total = 0;
          for (Shape s : scene) {
            total += s.area();
            if (total > 100) {
              throw new IllegalStateException("too big at " + s + " of " + scene.size());
            }
          }
          return total;
        }

        @Differentiable
        public static double oneElement(double x, double y) {
          var scene = List.of(new Sphere(x, y));
          double t = 0;
          for (var s : scene) {
            t += s.hit(x) * scene.size();
          }
          return t + scene.get(0).area();
        }
      """);

  @Test
  void loopBodiesThatReturnFirstOrAtAHit() {
    agree("p.Scenes", SCENES, "firstReturned", 0.5, 0.7);
    agree("p.Scenes", SCENES, "nearestHit", 0.5, 0.7);
    agree("p.Scenes", SCENES, "nearestHit", 2.0, 0.1);
    agree("p.Scenes", SCENES, "nearestHit", 3.0, 0.3);
  }

  @Test
  void aLoopBodyThatThrowsWithTheElementAndTheCountInItsMessage() throws Exception {
    agree("p.Scenes", SCENES, "thrown", 0.5, 0.7);
    Throwable thrown = companionThrows("p.Scenes", SCENES, "thrown", 3.0, 0.7);
    assertEquals(javaThrows("p.Scenes", SCENES, "thrown", 3.0, 0.7).getMessage(), thrown.getMessage());
  }

  @Test
  void aSequenceOfOneElementDeclaredWithVar() {
    agree("p.Scenes", SCENES, "oneElement", 0.5, 0.7);
  }

  private static final String JUMPS = source("Jumps", SHAPES + """
        @Differentiable
        public static double continueInSwitch(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x), new Sphere(y, x)};
          double total = 0;
          int k = 0;
          for (Shape s : scene) {
            k++;
            switch (k) {
              case 2:
                continue;
              default:
                break;
            }
            total += s.area();
          }
          return total;
        }

        @Differentiable
        public static double continueInTry(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x), new Sphere(y, x)};
          double total = 0;
          int k = 0;
          for (Shape s : scene) {
            try {
              if (k++ == 1) {
                continue;
              }
            } finally {
              k += 10;
            }
            total += s.area();
          }
          return total + k;
        }

        @Differentiable
        public static double nested(double x, double y) {
          Shape[] a = {new Sphere(x, y), new Plane(y, x)};
          List<Sphere> b = Arrays.asList(new Sphere(y, 1), new Sphere(x, 2), new Sphere(x * y, 3));
          double total = 0;
          outer:
          for (Shape s : a) {
            for (Sphere t : b) {
              if (t.r() > 0.6) {
                continue outer;
              }
              if (t.cx() > 2.5) {
                break outer;
              }
              total += s.hit(t.r());
            }
            total += 1;
          }
          return total + b.get(2).r();
        }

        @Differentiable
        public static double loopsInside(double x, double y) {
          Shape[] parts = {new Sphere(x, y), new Plane(y, x)};
          double s = 0;
          for (Shape p : parts) {
            int n = 0;
            while (true) {
              if (n++ > 2) {
                break;
              }
              s += p.hit(n * 0.1);
            }
            do {
              if (s > 1000) {
                break;
              }
              s += 1;
            } while (false);
            if (s > 1e9) {
              break;
            }
          }
          return s;
        }

        @Differentiable
        public static double blockLeft(double x, double y) {
          Shape[] parts = {new Sphere(x, y), new Plane(y, x)};
          double s = 0;
          found: {
            for (Shape p : parts) {
              if (p.hit(0.5) < 0) {
                s = p.area();
                break found;
              }
            }
            s = -y;
          }
          return s;
        }

        @Differentiable
        public static double continueOuterFromCollection(double x, double y) {
          Shape[] parts = {new Sphere(x, y), new Plane(y, x)};
          List<String> names = List.of("a", "bb");
          double s = 0;
          outer:
          for (Shape p : parts) {
            for (String n : names) {
              if (n.length() > 2) {
                continue outer;
              }
              s += n.length() * y;
            }
            s += p.area();
          }
          return s;
        }
      """);

  @Test
  void continueFromASwitchAndFromATryInsideTheLoop() {
    agree("p.Jumps", JUMPS, "continueInSwitch", 0.5, 0.7);
    agree("p.Jumps", JUMPS, "continueInTry", 0.5, 0.7);
  }

  @Test
  void labelledContinueAndBreakAcrossTwoSequences() {
    agree("p.Jumps", JUMPS, "nested", 0.5, 0.7);
    agree("p.Jumps", JUMPS, "nested", 0.7, 0.5);
    agree("p.Jumps", JUMPS, "nested", 0.3, 0.2);
  }

  @Test
  void theJumpsOfLoopsInsideTheBodyStayTheirs() {
    agree("p.Jumps", JUMPS, "loopsInside", 0.5, 0.7);
  }

  @Test
  void aBreakOfALabelledBlockAroundTheLoop() {
    agree("p.Jumps", JUMPS, "blockLeft", 0.5, 0.7);
    agree("p.Jumps", JUMPS, "blockLeft", 0.1, 1.7);
  }

  @Test
  void aLabelledContinueFromALoopOverACollection() {
    agree("p.Jumps", JUMPS, "continueOuterFromCollection", 0.5, 0.7);
  }

  private static final String ELEMENT_USES = source("ElementUses", SHAPES + """
        static double twice(Shape s, double t) { return 2 * s.hit(t); }

        @Differentiable
        public static double captured(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          double total = 0;
          for (Shape s : scene) {
            DoubleUnaryOperator g = t -> s.hit(t);
            total += g.applyAsDouble(0.3);
          }
          return total;
        }

        @Differentiable
        public static double elementsInALambda(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          DoubleUnaryOperator g = t -> scene[0].hit(t) + scene[1].hit(t);
          return g.applyAsDouble(0.3) + g.applyAsDouble(0.6);
        }

        @Differentiable
        public static double givenToAHelper(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          double t = 0;
          for (Shape s : scene) {
            t += twice(s, x);
          }
          return t;
        }

        @Differentiable
        public static double shadowedInLambdas(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          DoubleUnaryOperator g = t -> {
            double scene2 = t * t;
            return scene2;
          };
          DoubleUnaryOperator h = scene2 -> scene2 + 1;
          double t = 0;
          for (Shape s : scene) {
            t += s.area();
          }
          return t + g.applyAsDouble(x) + h.applyAsDouble(y);
        }

        @Differentiable
        public static double fieldsAndLengths(double x, double y) {
          Sphere[] balls = {new Sphere(x, y), new Sphere(y, x)};
          double s = 0;
          for (Sphere b : balls) {
            s += b.r * b.cx;
          }
          double[] areas = new double[balls.length];
          int k = 0;
          for (Sphere b : balls) {
            areas[k++] = b.area();
          }
          return s + balls[1].r + areas[1];
        }

        @Differentiable
        public static double instanceofPerElement(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Lamp(y, x), new Plane(x, 2), new Lamp(x, 3)};
          double light = 0;
          double area = 0;
          for (Shape s : scene) {
            if (s instanceof Lit l) {
              light += l.glow();
            } else if (s instanceof Sphere sp) {
              area += sp.r() * 2;
            } else {
              area += s.area();
            }
          }
          return light * area;
        }

        @Differentiable
        public static double objectsAndCasts(double x, double y) {
          List<Shape> scene = List.of(new Sphere(x, y), new Plane(y, x));
          Shape[] lamps = {new Lamp(x, y), new Lamp(y, x)};
          double t = 0;
          for (Object o : scene) {
            if (o instanceof Sphere sp) {
              t += sp.r() * y;
            } else if (o instanceof Plane p) {
              t += p.d() * x;
            }
          }
          for (Shape s : lamps) {
            t += ((Lit) s).glow();
          }
          return t;
        }
      """);

  @Test
  void elementsCapturedByLambdasAndGivenToHelpers() {
    agree("p.ElementUses", ELEMENT_USES, "captured", 0.5, 0.7);
    agree("p.ElementUses", ELEMENT_USES, "elementsInALambda", 0.5, 0.7);
    agree("p.ElementUses", ELEMENT_USES, "givenToAHelper", 0.5, 0.7);
  }

  @Test
  void lambdaNamesLikeTheSequencesDoNotHideIt() {
    agree("p.ElementUses", ELEMENT_USES, "shadowedInLambdas", 0.5, 0.7);
  }

  @Test
  void fieldsOfElementsAndAnArrayAsLongAsTheSequence() {
    agree("p.ElementUses", ELEMENT_USES, "fieldsAndLengths", 0.5, 0.7);
  }

  @Test
  void eachElementsInstanceofAndCastDecidedForItsRecord() {
    agree("p.ElementUses", ELEMENT_USES, "instanceofPerElement", 0.5, 0.7);
    agree("p.ElementUses", ELEMENT_USES, "objectsAndCasts", 0.5, 0.7);
  }

  private static final String LAYERS = source("Layers", """
        record Layer(double[] w, double b) {
          double apply(double h) { return Math.tanh(w[0] * h + w[1] + b); }
        }
        static void scale(Layer l, double k) {
          l.w()[0] *= k;
          l.w()[1] *= k;
        }

        @Differentiable
        public static double sharedWeights(double x, double y) {
          double[] w = {x, y};
          Layer[] net = {new Layer(w, 0.1), new Layer(w, y)};
          double h = x;
          for (Layer l : net) {
            h = l.apply(h) + l.w()[1];
          }
          w[0] = 3 * y;
          return h + net[0].w()[0] * net[1].w()[0];
        }

        @Differentiable
        public static double writtenByAHelper(double x, double y) {
          double[] shared = {x, y};
          Layer[] net = {new Layer(shared, 1), new Layer(new double[] {y, x}, 2), new Layer(shared, 3)};
          double h = 0.3;
          for (Layer l : net) {
            h = Math.tanh(l.apply(h));
            scale(l, 1.5);
          }
          return h + shared[0] + net[1].w()[1];
        }

        static double next(double[] box, double d) {
          box[0] += d;
          return box[0];
        }

        @Differentiable
        public static double elementsMadeInOrder(double x, double y) {
          double[] box = {x};
          Layer[] net = {new Layer(new double[] {next(box, y), 1}, 0), new Layer(new double[] {next(box, y), 2}, 0)};
          box[0] = 100;
          double t = x;
          double s = 0;
          for (Layer l : net) {
            s += l.w()[0] * l.w()[1];
          }
          t = 5 * y;
          return s + box[0] + t;
        }
      """);

  @Test
  void layersSharingOneWeightArrayWrittenAfterTheSequenceIsMade() {
    agree("p.Layers", LAYERS, "sharedWeights", 0.5, 0.7);
  }

  @Test
  void layersWhoseArraysAHelperWritesInTheLoop() {
    agree("p.Layers", LAYERS, "writtenByAHelper", 0.5, 0.7);
  }

  @Test
  void elementsAreMadeWhereJavaMakesThem() {
    agree("p.Layers", LAYERS, "elementsMadeInOrder", 0.5, 0.7);
  }

  private static final String PLACES = source("Places", SHAPES + """
        record Scene(double a, double b) {
          double total(double t) {
            Shape[] parts = {new Sphere(a, b), new Plane(b, a)};
            double s = 0;
            for (Shape p : parts) {
              s += p.hit(t);
            }
            return s;
          }
        }

        record Lens(double a, double b) implements Shape {
          public double area() { return a * b; }
          public double hit(double t) { return t - a; }
          double total() {
            Shape[] parts = {this, new Plane(a, 2)};
            double s = 0;
            for (Shape p : parts) {
              s += p.area();
            }
            return s;
          }
        }

        static double depth(double a, double b, int n) {
          Shape[] parts = {new Sphere(a, b), new Plane(b, a)};
          double s = 0;
          for (Shape p : parts) {
            s += p.hit(0.2);
          }
          return n == 0 ? s : s + depth(a * 0.5, b, n - 1);
        }

        static double score(double a, double b) {
          Shape[] parts = {new Sphere(a, b), new Plane(b, a)};
          for (Shape p : parts) {
            if (p.hit(0.1) > 0) {
              return p.area();
            }
          }
          return parts.length;
        }

        @Differentiable
        public static double inRecordMethods(double x, double y) {
          return new Scene(x, y).total(0.3) + new Lens(y, x).total();
        }

        @Differentiable
        public static double inRecursiveHelper(double x, double y) {
          return depth(x, y, 3);
        }

        @Differentiable
        public static double inInlinedHelpers(double x, double y) {
          return score(x, y) + score(y, x) * score(x * y, 1);
        }

        @Differentiable
        public static double inSwitchArms(double x, double y) {
          int k = (int) x;
          return switch (k) {
            case 0 -> {
              List<Shape> parts = List.of(new Sphere(x, y), new Plane(y, x));
              double s = 0;
              for (Shape p : parts) {
                s += p.area();
              }
              yield s;
            }
            default -> {
              Shape[] parts = {new Plane(x, y)};
              double s = 0;
              for (Shape p : parts) {
                if (p.area() > 100) {
                  yield -1;
                }
                s += p.hit(y);
              }
              yield s;
            }
          };
        }

        @Differentiable
        public static double inOldSwitchAndWhile(double x, double y) {
          List<Shape> scene = List.of(new Sphere(x, y), new Plane(y, x));
          int mode = (int) x;
          double t = 0;
          switch (mode) {
            case 0:
              for (Shape s : scene) {
                if (s.area() < 1) {
                  break;
                }
                t += s.area();
              }
              t += 1;
              break;
            default:
              for (Shape s : scene) {
                if (s.area() > 1) {
                  continue;
                }
                t += s.area() * y;
              }
          }
          int n = 0;
          while (n < 3) {
            Shape[] more = {new Sphere(x * n, y), new Plane(n, x)};
            for (Shape s : more) {
              if (s.area() > 2) {
                break;
              }
              t += s.area();
            }
            n++;
          }
          return t;
        }
      """);

  @Test
  void sequencesInRecordMethodsOneHoldingThis() {
    agree("p.Places", PLACES, "inRecordMethods", 0.5, 0.7);
  }

  @Test
  void sequencesInRecursiveAndInlinedHelpers() {
    agree("p.Places", PLACES, "inRecursiveHelper", 0.5, 0.7);
    agree("p.Places", PLACES, "inInlinedHelpers", 0.5, 0.7);
  }

  @Test
  void sequencesInSwitchArmsYieldingFromTheLoop() {
    agree("p.Places", PLACES, "inSwitchArms", 0.5, 0.7);
    agree("p.Places", PLACES, "inSwitchArms", 1.5, 0.7);
  }

  @Test
  void loopsOverSequencesInAnOldSwitchAndAWhileBody() {
    agree("p.Places", PLACES, "inOldSwitchAndWhile", 0.5, 0.7);
    agree("p.Places", PLACES, "inOldSwitchAndWhile", 1.2, 0.1);
  }

  private static final String NAMES = source("Names", SHAPES + """
        record Pair(Sphere a, Plane b) implements Shape {
          public double area() { return a.area() - b.area(); }
          public double hit(double t) { return a.hit(t) * b.hit(t); }
        }
        static double firstArea(List<Shape> scene) { return scene.get(0).area(); }
        static double secondArea(Shape[] scene) { return scene[1].area() + scene.length; }

        @Differentiable
        public static double clashes(double x, double y) {
          double scene0_r = 10 * y;
          double scene0 = 3;
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          double s = 0;
          for (Shape s0 : scene) {
            s += s0.area();
          }
          double _s0Of0 = 2;
          return s + scene0_r + scene0 + _s0Of0;
        }

        @Differentiable
        public static double siblingBlocks(double x, double y) {
          double s = 0;
          {
            Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
            for (Shape p : scene) {
              s += p.area();
            }
          }
          {
            Shape[] scene = {new Plane(x, x), new Plane(y, y), new Sphere(y, 1)};
            for (Shape p : scene) {
              s += p.area() * scene.length;
            }
          }
          return s;
        }

        @Differentiable
        public static double helpersNamingTheirParameterAsTheSequence(double x, double y) {
          List<Shape> scene = List.of(new Sphere(x, y), new Plane(y, x));
          double s = 0;
          for (Shape p : scene) {
            s += p.area();
          }
          List<Shape> fixed = List.of(new Plane(1, 2), new Plane(3, 4));
          Shape[] more = new Shape[3];
          more[0] = new Plane(1, 2);
          more[1] = new Plane(3, 4);
          more[2] = new Plane(5, 6);
          return s + firstArea(fixed) * x + secondArea(more) * y;
        }

        @Differentiable
        public static double nestedRecords(double x, double y) {
          List<Shape> scene = Arrays.asList(new Pair(new Sphere(x, y), new Plane(y, x)), new Sphere(y, y));
          List<Pair> pairs = List.of(new Pair(new Sphere(x, y), new Plane(y, x)),
              new Pair(new Sphere(y, x), new Plane(x, 1)));
          double s = 0;
          for (Shape p : scene) {
            s += p.area();
          }
          return s + pairs.get(1).a().r() * pairs.get(0).b().area() + pairs.get(0).a().cx();
        }
      """);

  @Test
  void localsNamedLikeTheGeneratedOnes() {
    agree("p.Names", NAMES, "clashes", 0.5, 0.7);
  }

  @Test
  void twoScenesOfOneNameInSiblingBlocks() {
    agree("p.Names", NAMES, "siblingBlocks", 0.5, 0.7);
  }

  @Test
  void helpersWhoseParameterIsNamedAsTheSequence() {
    agree("p.Names", NAMES, "helpersNamingTheirParameterAsTheSequence", 0.5, 0.7);
  }

  @Test
  void elementsThatAreRecordsOfRecords() {
    agree("p.Names", NAMES, "nestedRecords", 0.5, 0.7);
  }

  private static final String SAME_RECORD_TERNARY = source("SameRecordTernary", SHAPES + MAYBE + """
        @Differentiable
        public static double f(double x, double y) {
          Sphere[] scene = {x > 0 ? new Sphere(x, y) : new Sphere(y, x), new Sphere(1, x)};
          V[] vs = {Objects.requireNonNullElse(maybe(x, y), new V(y, 1)), new V(x, x)};
          double t = 0;
          for (Sphere s : scene) {
            t += s.area() * s.cx();
          }
          for (V v : vs) {
            if (Objects.isNull(v)) {
              return -1;
            }
            t += v.n();
          }
          return t;
        }
      """);

  @Test
  void elementsChosenAmongOneRecordAndDefaultedByRequireNonNullElse() {
    agree("p.SameRecordTernary", SAME_RECORD_TERNARY, "f", 0.5, 0.7);
    agree("p.SameRecordTernary", SAME_RECORD_TERNARY, "f", -0.5, 0.7);
  }

  private static final String FALLBACKS = source("Fallbacks", SHAPES + """
        static double twice(Shape s, double t) { return 2 * s.hit(t); }

        @Differentiable
        public static double reassigned(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          double s = 0;
          for (Shape p : scene) {
            p = new Plane(1, p.area());
            s += p.area();
          }
          return s;
        }
      """);

  private static final String INDEXED = source("Indexed", SHAPES + """
        @Differentiable
        public static double byVariable(double x, double y) {
          Shape[] scene = {new Sphere(x, y), new Plane(y, x)};
          double t = 0;
          for (int i = 0; i < scene.length; i++) {
            t += scene[i].area();
          }
          return t;
        }
      """);

  @Test
  void otherUsesMakeTheSequenceAnObjectWithAClearError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.Fallbacks", FALLBACKS);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("x carries a derivative, but it is passed into"
        + " {new Sphere(x, y), new Plane(y, x)}").inFile(file).onLineContaining("Shape[] scene = {");
  }

  @Test
  void aCountingLoopOverTheSequenceIsWrittenOutToo() {
    agree("p.Indexed", INDEXED, "byVariable", 0.5, 0.7);
  }

  // ---------------------------------------------------------------------------------------------
  // What works: records that may be null, and Objects' null idioms.

  private static final String OR_ELSE = source("OrElse", MAYBE + """
        static double next(double[] box, double d) {
          box[0] += d;
          return box[0];
        }
        static double norm(V v) { return Math.hypot(v.x(), v.y()); }
        static V safe(double x, double y) { return Objects.requireNonNullElse(maybe(x, y), new V(y, 1)); }
        static final V ORIGIN = new V(0, 1);

        @Differentiable
        public static double inlinedEffects(double x, double y) {
          double[] box = {x};
          V v = Objects.requireNonNullElse(maybe(x, y), new V(next(box, y), 0));
          double[] other = {y};
          V w = Objects.requireNonNullElse(new V(x, y), new V(next(other, x), 0));
          return v.x() + 3 * box[0] + w.y() * other[0];
        }

        @Differentiable
        public static double ofNone(double x, double y) {
          V v = Objects.requireNonNullElse(NONE, new V(x, y));
          return v.x() * v.y();
        }

        @Differentiable
        public static double nested(double x, double y) {
          V v = Objects.requireNonNullElse(maybe(x, y), Objects.requireNonNullElse(maybe(y, x), new V(1, x * y)));
          return v.x() * v.y();
        }

        @Differentiable
        public static double asArgumentAndReturned(double x, double y) {
          V s = safe(x, y);
          return norm(Objects.requireNonNullElse(maybe(x, y), new V(y, y))) + s.x() * s.y();
        }

        @Differentiable
        public static double sameLocal(double x, double y) {
          V v = maybe(x, y);
          v = Objects.requireNonNullElse(v, new V(y, 2));
          return v.x() * v.y() + (v == null ? 100 : 0);
        }

        @Differentiable
        public static double ofAConstant(double x, double y) {
          V w = Objects.requireNonNullElse(maybe(x, y), ORIGIN);
          return w.x() * y + w.y();
        }

        @Differentiable
        public static double testedInline(double x, double y) {
          return Objects.isNull(Objects.requireNonNullElse(maybe(x, y), new V(y, y))) ? 0
              : Objects.requireNonNullElse(maybe(x, y), new V(y, y)).x() * y;
        }

        static double walk(double x, double y, int n) {
          V v = Objects.requireNonNullElse(maybe(x, y), new V(y, 1));
          return n == 0 ? v.x() : v.y() * walk(x - 0.3, v.x(), n - 1);
        }

        @Differentiable
        public static double inARecursiveHelper(double x, double y) {
          return walk(x, y, 3);
        }
      """);

  @Test
  void requireNonNullElseKeepsTheEffectsOfInlinedHelpersInBothArguments() {
    agree("p.OrElse", OR_ELSE, "inlinedEffects", 0.5, 0.7);
    agree("p.OrElse", OR_ELSE, "inlinedEffects", -0.5, 0.7);
  }

  @Test
  void requireNonNullElseNestedOfNoneAndOfAConstant() {
    for (double x : new double[] {0.5, -0.5}) {
      agree("p.OrElse", OR_ELSE, "nested", x, 0.7);
      agree("p.OrElse", OR_ELSE, "ofAConstant", x, 0.7);
      agree("p.OrElse", OR_ELSE, "testedInline", x, 0.7);
    }
    agree("p.OrElse", OR_ELSE, "nested", -0.5, -0.7);
    agree("p.OrElse", OR_ELSE, "ofNone", 0.5, 0.7);
  }

  @Test
  void requireNonNullElsePassedReturnedReassignedAndInRecursion() {
    for (double x : new double[] {0.5, -0.5}) {
      agree("p.OrElse", OR_ELSE, "asArgumentAndReturned", x, 0.7);
      agree("p.OrElse", OR_ELSE, "sameLocal", x, 0.7);
      agree("p.OrElse", OR_ELSE, "inARecursiveHelper", x, 0.7);
    }
  }

  private static final String OR_ELSE_CHECKS = source("OrElseChecks", """
        record V(double x, double y) {
          V {
            if (Double.isNaN(x)) {
              throw new IllegalArgumentException("NaN");
            }
          }
        }
        static final V NONE = null;

        @Differentiable
        public static double checkedOther(double x, double y) {
          V v = Objects.requireNonNullElse(new V(x, y), new V(Math.sqrt(-y), 0));
          return v.x() * v.y();
        }

        @Differentiable
        public static double bothNull(double x, double y) {
          V v = Objects.requireNonNullElse(NONE, NONE);
          return v == null ? x : v.x() * v.y();
        }
      """);

  @Test
  void requireNonNullElseThrowsAsJavaDoes() throws Exception {
    Throwable nan = companionThrows("p.OrElseChecks", OR_ELSE_CHECKS, "checkedOther", 0.5, 0.7);
    assertTrue(nan instanceof IllegalArgumentException && "NaN".equals(nan.getMessage()), () -> "threw " + nan);
    Throwable none = companionThrows("p.OrElseChecks", OR_ELSE_CHECKS, "bothNull", 0.5, 0.7);
    assertEquals(javaThrows("p.OrElseChecks", OR_ELSE_CHECKS, "bothNull", 0.5, 0.7).toString(), none.toString());
  }

  private static final String NULL_CONSTANTS = source("NullConstants", MAYBE + """
        static final class Consts {
          static final V ABSENT = null;
        }
        interface Defaults {
          V NOTHING = null;
        }
        static V wrap(V v) { return v; }
        static V outer(double x, double y) { return wrap(maybe(x, y)); }
        static V viaLocal(double x, double y) {
          V r = maybe(x, y);
          return r;
        }
        static V twoLevels(double x, double y) { return viaLocal(x, y); }
        record Seg(V a, V b) {
          V pick(double t) { return t > 0 ? a : null; }
        }

        @Differentiable
        public static double ofAnotherClass(double x, double y) {
          V w = x > 1 ? new V(x, y) : Consts.ABSENT;
          V u = x > 1 ? new V(y, x) : Defaults.NOTHING;
          return (w == null ? y * y : w.x()) + (Objects.nonNull(u) ? u.x() : y);
        }

        @Differentiable
        public static double throughHelpers(double x, double y) {
          V w = outer(x, y);
          V v = twoLevels(y, x);
          return (Objects.isNull(w) ? y * y : w.x() * w.y()) + (v == null ? x : v.n());
        }

        @Differentiable
        public static double ofARecordMethod(double x, double y) {
          Seg s = new Seg(new V(x, y), new V(y, x));
          V p = s.pick(x);
          return Objects.isNull(p) ? y : p.x() * p.y();
        }
      """);

  @Test
  void nullConstantsOfOtherClassesAndInterfacesAndNullableHelpersNested() {
    for (double[] point : new double[][] {{0.5, 0.7}, {1.5, 0.7}, {-0.5, 0.7}, {0.5, -0.7}}) {
      agree("p.NullConstants", NULL_CONSTANTS, "ofAnotherClass", point[0], point[1]);
      agree("p.NullConstants", NULL_CONSTANTS, "throughHelpers", point[0], point[1]);
      agree("p.NullConstants", NULL_CONSTANTS, "ofARecordMethod", point[0], point[1]);
    }
  }

  private static final String STATIC_IMPORTS = """
      package p;

      import static java.util.Objects.isNull;
      import static java.util.Objects.nonNull;
      import static java.util.Objects.requireNonNullElse;

      import io.javagrad.Differentiable;

      public class StaticImports {
        record V(double x, double y) {}
        static V maybe(double x, double y) { return x > 0 ? new V(x, y) : null; }

        @Differentiable
        public static double f(double x, double y) {
          V w = requireNonNullElse(maybe(x, y), new V(y, y));
          V v = maybe(y, x);
          return w.x() * w.y() + (isNull(v) ? x : 0) + (nonNull(v) ? v.y() : 0);
        }
      }
      """;

  @Test
  void staticallyImportedNullIdioms() {
    agree("p.StaticImports", STATIC_IMPORTS, "f", 0.5, 0.7);
    agree("p.StaticImports", STATIC_IMPORTS, "f", -0.5, -0.7);
  }

  private static final String OR_ELSE_NULL_OTHER = source("OrElseNullOther", MAYBE + """
        static final class Consts {
          static final V ABSENT = null;
        }

        @Differentiable
        public static double f(double x, double y) {
          V w = Objects.requireNonNullElse(maybe(x, y), Consts.ABSENT);
          return w.x() * y + w.y();
        }
      """);

  private static final String RECURSIVE_NULLS = source("RecursiveNulls", MAYBE + """
        static double depth(V v, double t, int n) {
          if (Objects.isNull(v)) {
            return t;
          }
          if (n == 0) {
            return v.x() * t;
          }
          return v.y() + depth(n % 2 == 0 ? v : null, t * v.x(), n - 1);
        }

        @Differentiable
        public static double f(double x, double y) {
          return depth(maybe(x, y), y, 3);
        }
      """);

  @Test
  void nullAlternativesAndNullIntoRecursionAreClearErrors() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.OrElseNullOther", OR_ELSE_NULL_OTHER);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("Consts.ABSENT may be null, and"
        + " Objects.requireNonNullElse(maybe(x, y), Consts.ABSENT) would then throw NullPointerException").inFile(file)
        .onLineContaining("V w = Objects.requireNonNullElse(");
    JavaFileObject recursive = JavaFileObjects.forSourceString("p.RecursiveNulls", RECURSIVE_NULLS);
    assertThat(FailingCompilation.compile(recursive)).hadErrorContaining("calls itself, given n % 2 == 0 ? v : null,"
        + " which may be null").inFile(recursive).onLineContaining("return v.y() + depth(");
  }

  // ---------------------------------------------------------------------------------------------
  // What works: branches that a constant condition rules out.

  private static final String DECIDED = source("Decided", SHAPES + """
        interface Named {
          double weight();
        }
        record Tag(double w, double r) implements Shape, Named {
          public double area() { return r * r; }
          public double hit(double t) { return t; }
          public double weight() { return w; }
        }

        static double radius(Shape p) {
          if (!(p instanceof Sphere c)) {
            return -1;
          }
          return c.r();
        }

        static double weighed(Shape p, double s) {
          double out;
          if (p instanceof Tag t) {
            out = t.w() * s;
          } else if (p instanceof Sphere c) {
            out = c.r() * s * s;
          } else {
            throw new IllegalArgumentException("unknown");
          }
          return out;
        }

        static double negatedRecord(Shape p, double d) {
          if (!(p instanceof Sphere c)) {
            return p.area() * d;
          } else {
            return c.r();
          }
        }

        static double named(Shape p, double d) {
          if (!(p instanceof Named n)) {
            return p.area() * d;
          } else {
            return n.weight();
          }
        }

        static double guarded(Shape p) {
          if (p instanceof Named n && n.weight() > 0) {
            return n.weight() * p.area();
          }
          return p.area();
        }

        static double yielded(Shape p, int k) {
          return switch (k) {
            case 0 -> {
              if (p instanceof Named n) {
                yield n.weight();
              }
              yield p.area();
            }
            default -> {
              if (p instanceof Sphere c) {
                yield c.r();
              } else {
                yield 0;
              }
            }
          };
        }

        @Differentiable
        public static double patterns(double x, double y) {
          return radius(new Sphere(x * y, 1)) + radius(new Tag(x, y)) + weighed(new Sphere(x, 1), y)
              + weighed(new Tag(y, x), x) + negatedRecord(new Tag(x, y), y) + negatedRecord(new Sphere(x, 1), y)
              + named(new Tag(x, y), y) + guarded(new Tag(y, x));
        }

        @Differentiable
        public static double yields(double x, double y) {
          int k = (int) x;
          return yielded(new Sphere(x, 1), k) + yielded(new Tag(y, x), k);
        }

        @Differentiable
        public static double inLabelledLoops(double x, double y) {
          Shape p = new Sphere(x, 1);
          double s = 0;
          outer:
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
              if (p instanceof Named n) {
                s += n.weight();
                continue outer;
              }
              if (p instanceof Sphere c) {
                if (j == 1) {
                  continue outer;
                }
                s += c.r() * y;
              }
            }
          }
          return s;
        }
      """);

  @Test
  void patternsDecidedForTheRecordInHelpers() {
    agree("p.Decided", DECIDED, "patterns", 0.5, 0.7);
  }

  @Test
  void patternsDecidedInSwitchArmsThatYield() {
    agree("p.Decided", DECIDED, "yields", 0.5, 0.7);
    agree("p.Decided", DECIDED, "yields", 1.5, 0.7);
  }

  @Test
  void patternsDecidedInLabelledLoops() {
    agree("p.Decided", DECIDED, "inLabelledLoops", 0.5, 0.7);
  }

  private static final String FLAGS = source("Flags", """
        static final boolean DEBUG = false;
        static final boolean FAST = true;
        static final int MODE = 2;

        static double g(double x) {
          if (FAST) {
            return x * x;
          }
          return 0;
        }

        @Differentiable
        public static double flags(double x, double y) {
          double s = x * y;
          if (DEBUG) {
            System.out.println("s = " + s);
            s = Double.NaN;
          }
          if (FAST) {
            s += x;
          } else {
            s -= x;
          }
          return s + g(x) * y;
        }

        @Differentiable
        public static double definitelyAssigned(double x, double y) {
          double a;
          if (FAST) {
            a = x * y;
          }
          double b;
          if (!DEBUG) {
            b = x;
          }
          double c;
          if (MODE == 2) {
            c = y * y;
          }
          double d;
          if (true) {
            d = a * b;
          }
          final double e;
          if (DEBUG) {
            e = x;
          } else {
            e = y * x;
          }
          return a + b + c + d + e * e;
        }

        @Differentiable
        public static double scopesAndJumps(double x, double y) {
          double s = 0;
          if (true) {
            double t = x * y;
            s += t;
          }
          double t = 2 * x;
          blk: {
            if (true) {
              break blk;
            }
            s += y;
          }
          int n = 0;
          while (FAST) {
            s = s * y + x;
            if (++n > 3) {
              break;
            }
          }
          if (true) {
            return s + t;
          }
          return x;
        }

        @Differentiable
        public static double inLoops(double x, double y) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            double a;
            if (FAST) {
              a = x * i;
            }
            s += a * y;
          }
          return s;
        }
      """);

  @Test
  void staticFinalFlagsRuleOutDebugCode() {
    agree("p.Flags", FLAGS, "flags", 0.5, 0.7);
  }

  @Test
  void localsJavaCallsDefinitelyAssignedThroughAConstantCondition() {
    agree("p.Flags", FLAGS, "definitelyAssigned", 0.5, 0.7);
    agree("p.Flags", FLAGS, "inLoops", 0.5, 0.7);
  }

  @Test
  void theKeptBranchKeepsItsScopeAndItsJumps() {
    agree("p.Flags", FLAGS, "scopesAndJumps", 0.5, 0.7);
  }

  private static final String NEVER_NULL = source("NeverNull", MAYBE + """
        @Differentiable
        public static double whileNotNull(double x, double y) {
          V v = new V(x, y);
          int n = 0;
          while (v != null) {
            if (v.x() < 0.05) {
              return v.y() * n;
            }
            v = new V(v.x() * 0.5, v.y() + x);
            n++;
          }
          throw new IllegalStateException("unreachable");
        }

        @Differentiable
        public static double bothBranchesReturn(double x, double y) {
          V v = new V(x, y);
          if (v != null) {
            return v.x() * v.y();
          } else {
            return 0;
          }
        }

        @Differentiable
        public static double doWhileNonNull(double x, double y) {
          V v = new V(x, y);
          int n = 0;
          do {
            if (n > 3) {
              return v.x() * n;
            }
            v = new V(v.x() + y, v.y());
            n++;
          } while (Objects.nonNull(v));
          return -1;
        }

        @Differentiable
        public static double negated(double x, double y) {
          V v = new V(x, y);
          if (!(v != null)) {
            return 0;
          } else {
            return v.x() * v.y();
          }
        }
      """);

  @Test
  void loopsWhileARecordThatIsNeverNullIsNotNull() {
    agree("p.NeverNull", NEVER_NULL, "whileNotNull", 0.5, 0.7);
    agree("p.NeverNull", NEVER_NULL, "doWhileNonNull", 0.5, 0.7);
  }

  @Test
  void branchesOnARecordThatIsNeverNull() {
    agree("p.NeverNull", NEVER_NULL, "bothBranchesReturn", 0.5, 0.7);
    agree("p.NeverNull", NEVER_NULL, "negated", 0.5, 0.7);
  }

  // ---------------------------------------------------------------------------------------------
  // What works: defaults overridden in sub-interfaces.

  private static final String DEFAULTS = source("Defaults", """
        interface Priced {
          double notional();
          default double fee() { return 0.01 * notional(); }
          default double total() { return notional() + fee(); }
        }
        interface Discounted extends Priced {
          double rate();
          @java.lang.Override
          default double fee() { return 0.005 * notional() * Math.exp(-rate()); }
        }
        interface Mid extends Discounted {}
        record Bond(double notional, double rate) implements Discounted {}
        record Both(double notional, double rate) implements Discounted, Priced {}
        record Deep(double notional, double rate) implements Mid {}
        record V(double x, double y) {}
        interface Scorer<T> {
          double w();
          default double score(T t) { return w(); }
        }
        interface VScorer extends Scorer<V> {
          @java.lang.Override
          default double score(V v) { return w() * v.x() + v.y(); }
        }
        record Lin(double w) implements VScorer {}
        interface Base {
          default double g(double t) { return t; }
        }
        interface Left extends Base {
          @java.lang.Override
          default double g(double t) { return 2 * t; }
        }
        interface Right extends Base {}
        record Diamond(double k) implements Left, Right {}
        static double use(Scorer<V> s, V v) { return s.score(v); }

        @Differentiable
        public static double book(double x, double y) {
          Priced[] book = {new Bond(x, y), new Both(y, x), new Deep(x * y, 1)};
          double s = 0;
          for (Priced p : book) {
            s += p.total() + 10 * p.fee();
          }
          return s;
        }

        @Differentiable
        public static double genericAndDiamond(double x, double y) {
          Lin l = new Lin(x);
          Base b = new Diamond(x);
          return l.score(new V(y, x)) + use(new Lin(y), new V(x, x)) + b.g(y) * x;
        }
      """);

  @Test
  void aBookOfInstrumentsWhoseFeeASubInterfaceOverrides() {
    agree("p.Defaults", DEFAULTS, "book", 0.5, 0.7);
  }

  @Test
  void defaultsOverriddenForAGenericInterfaceAndInADiamond() {
    agree("p.Defaults", DEFAULTS, "genericAndDiamond", 0.5, 0.7);
  }

  // ---------------------------------------------------------------------------------------------
  // What works: compact constructors given a parameter's double[][].

  private static final String MATRICES = source("Matrices", """
        record Layer(double[][] w, double s) {
          Layer {
            if (w.length == 0 || w[0].length == 0) {
              throw new IllegalArgumentException("empty");
            }
            if (s < -10) {
              throw new IllegalArgumentException("scale " + s + " for " + w.length);
            }
          }
          double out(double x) { return Math.tanh(w[0][0] * x + w[0][1] * s) + w[1][0] * s; }
        }
        record Net(Layer a, double b) {}
        record Clamped(double[][] w, double s) {
          Clamped {
            if (w[0][0] < 0) {
              w[0][0] = 0;
            }
          }
        }
        static double value(double[][] w, double s) {
          Layer l = new Layer(w, s);
          return l.out(s);
        }

        @Differentiable
        public static double aliased(double[][] w, double x) {
          double[][] m = w;
          Layer l = new Layer(m, x);
          Layer k = new Layer(w, 2 * x);
          return l.out(k.out(x)) + m[1][1] * l.w()[0][0];
        }

        @Differentiable
        public static double nested(double[][] w, double x) {
          Net n = new Net(new Layer(w, x), x * x);
          return n.a().out(n.b()) + n.a().w()[0][1] + value(w, x);
        }

        @Differentiable
        public static double clamped(double[][] w, double x) {
          Clamped c = new Clamped(w, x);
          return c.w()[0][0] * x + w[0][0] + c.w()[1][0] * c.s();
        }

        @Differentiable
        public static double constantMatrix(@NoDerivative double[][] w, double x) {
          Layer l = new Layer(w, x);
          return l.out(x);
        }

        @Differentiable
        public static double stacked(double[][] w1, double[][] w2, double x) {
          Layer[] net = {new Layer(w1, x), new Layer(w2, 0.5)};
          double h = x;
          for (Layer l : net) {
            h = l.out(h);
          }
          return h;
        }
      """);

  @Test
  void compactConstructorsGivenAParametersMatrixThroughAnAliasAndNested() {
    double[][] w = {{0.1, 0.2}, {0.3, 0.4}};
    agree("p.Matrices", MATRICES, "aliased", w, 0.7);
    agree("p.Matrices", MATRICES, "nested", w, 0.7);
  }

  @Test
  void aCompactConstructorWritingIntoTheParametersMatrix() {
    agree("p.Matrices", MATRICES, "clamped", new double[][] {{0.1, 0.2}, {0.3, 0.4}}, 0.7);
    agree("p.Matrices", MATRICES, "clamped", new double[][] {{-0.1, 0.2}, {0.3, 0.4}}, 0.7);
  }

  @Test
  void aConstantMatrixAndAStackOfLayersOfTwoMatrices() {
    double[][] w = {{0.1, 0.2}, {0.3, 0.4}};
    agree("p.Matrices", MATRICES, "constantMatrix", w, 0.7);
    agree("p.Matrices", MATRICES, "stacked", w, new double[][] {{0.5, 0.6}, {0.7, 0.8}}, 0.7);
  }

  @Test
  void aCompactConstructorsCheckOfAParametersMatrixThrowsAsJavaDoes() throws Exception {
    double[][] w = {{0.1, 0.2}, {0.3, 0.4}};
    Method gradient = compiled("p.Matrices", MATRICES).load("p.MatricesGrad").getMethod("aliased", double[][].class,
        double.class, double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, w, -20.0, new double[5])).getCause();
    assertEquals("scale -20.0 for 2", thrown.getMessage());
  }

  private static final String DEFENSIVE_COPY = source("DefensiveCopy", """
        record Copied(double[][] w, double s) {
          Copied {
            w = w.clone();
          }
        }

        @Differentiable
        public static double f(double[][] w, double x) {
          Copied c = new Copied(w, x);
          return c.w()[0][0] * c.s();
        }
      """);

  @Test
  void aCompactConstructorCopyingAParametersMatrixIsAClearError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.DefensiveCopy", DEFENSIVE_COPY);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("the compact constructor of Copied gives its"
        + " parameter w another value, and it is given the parameter matrix w").inFile(file)
        .onLineContaining("Copied c = new Copied(w, x);");
  }
}
