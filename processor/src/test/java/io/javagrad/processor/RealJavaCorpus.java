package io.javagrad.processor;

import static io.javagrad.processor.GradientAgreement.append;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javagrad.Gradient;
import io.javagrad.GradientChecker;
import io.javagrad.NoDerivative;
import io.javagrad.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The real-Java corpus (the sources under {@code src/test/resources/realjava/corpus}, package
 * {@code corpus}), compiled through the processor, and the checks the RealJava*Test classes run on
 * it.
 *
 * <p>{@link GradientAgreement} infers each parameter's type from its argument's box, so it cannot
 * pass an enum, a record, a {@code String}, an {@code int[]} or a {@code boolean[]}; the corpus
 * needs all of them. These checks are the same ones (value exact, generated = twin within 1e-10,
 * both = central differences within 1e-6, the Gradient entry and the pullback agreeing with the
 * buffer entry), but the parameter types come from the original method's declaration.
 */
final class RealJavaCorpus {
  private static final String PACKAGE = "corpus";
  private static final String RESOURCES = "/realjava/corpus/";
  private static final Pattern DIFFERENTIABLE_METHOD = Pattern.compile(
      "@Differentiable\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public\\s+)?static\\s+[\\w\\[\\]]+\\s+(\\w+)\\s*\\(");
  private static final Pattern METHOD_HEADER = Pattern.compile("\\bstatic\\s+[\\w\\[\\]<>]+\\s+(\\w+)\\s*\\(");

  /** How often refused methods are set aside and the rest recompiled (a caller of a refused method goes next). */
  private static final int MAX_RETRIES = 6;

  /** The corpus files as written, by simple name. */
  private final Map<String, String> sources;
  /** What the processor said about the files as written: the domain's verdict. */
  private final String failures;
  /** Each refused method (Owner.method) and the errors that refused it. */
  private final Map<String, String> refused;
  /** The compilation the checks run on: the files as written, or without the refused methods' annotations. */
  private final Compiled compiled;

  private RealJavaCorpus(Map<String, String> sources, String failures, Map<String, String> refused,
      Compiled compiled) {
    this.sources = sources;
    this.failures = failures;
    this.refused = refused;
    this.compiled = compiled;
  }

  /**
   * Compiles the corpus files {@code simpleNames} (each {@code corpus.<name>}) together, once. If
   * the processor refuses some methods, they are recompiled without their {@code @Differentiable}
   * (until nothing more is refused) so that the methods it accepts are still checked numerically;
   * {@link #assertCompiledCleanly} still fails, and so does every check of a refused method.
   */
  static RealJavaCorpus compile(String... simpleNames) {
    return compile(List.of(), simpleNames);
  }

  private static RealJavaCorpus compile(List<String> options, String... simpleNames) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : simpleNames) {
      sources.put(name, resource(name));
    }
    Compiled first = compileSources(options, sources);
    String failures = describeDiagnostics(first, sources);
    Map<String, String> refused = new TreeMap<>();
    Map<String, String> current = sources;
    Compiled compiled = first;
    for (int retry = 0; retry < MAX_RETRIES && !compiled.compilation().errors().isEmpty(); retry++) {
      Map<String, String> newlyRefused = refusedMethods(compiled, current);
      newlyRefused.keySet().removeAll(refused.keySet());
      if (newlyRefused.isEmpty()) {
        break; // errors no method can be blamed for: the checks report them
      }
      String setAside = refused.isEmpty() ? "" : "(with @Differentiable removed from " + refused.keySet() + ")\n";
      newlyRefused.forEach((method, errors) -> refused.put(method, errors + setAside));
      current = withoutAnnotation(current, newlyRefused.keySet());
      compiled = compileSources(options, current);
    }
    return new RealJavaCorpus(sources, failures, refused, compiled);
  }

  private static Compiled compileSources(List<String> options, Map<String, String> sources) {
    List<String> namesAndSources = new ArrayList<>();
    sources.forEach((name, text) -> {
      namesAndSources.add(PACKAGE + "." + name);
      namesAndSources.add(text);
    });
    return Compiled.compile(options, namesAndSources.toArray(String[]::new));
  }

  /** Owner.method -> its errors, for each method of the corpus an error of {@code compiled} is in. */
  private static Map<String, String> refusedMethods(Compiled compiled, Map<String, String> sources) {
    Map<String, String> refused = new TreeMap<>();
    for (Diagnostic<? extends JavaFileObject> d : compiled.compilation().errors()) {
      String method = corpusMethodOf(d, sources);
      if (method != null) {
        String where = d.getSource().getName().endsWith("Grad.java")
            ? "the generated companion does not compile, at line " + d.getLineNumber() + ": " : "";
        refused.merge(method, where + d.getMessage(Locale.ROOT) + "\n", String::concat);
      }
    }
    return refused;
  }

  /**
   * {@code sources} with the {@code @Differentiable} of each of {@code methods} (Owner.method)
   * removed, and the {@code @NoDerivative} of its parameters (which would then be an error); lines
   * are kept where they were.
   */
  private static Map<String, String> withoutAnnotation(Map<String, String> sources, Set<String> methods) {
    Map<String, String> stripped = new LinkedHashMap<>(sources);
    for (String method : methods) {
      String owner = method.substring(0, method.indexOf('.'));
      String name = method.substring(method.indexOf('.') + 1);
      String text = stripped.get(owner);
      Matcher matcher = DIFFERENTIABLE_METHOD.matcher(text);
      while (matcher.find()) {
        if (matcher.group(1).equals(name)) {
          int close = text.indexOf(')', matcher.end());
          String header = matcher.group().replaceFirst("@Differentiable", "");
          String parameters = text.substring(matcher.end(), close).replace("@NoDerivative ", "");
          text = text.substring(0, matcher.start()) + header + parameters + text.substring(close);
          break;
        }
      }
      stripped.put(owner, text);
    }
    return stripped;
  }

  /** Owner.method of the corpus method {@code d} is in, or null if it is in no corpus method. */
  private static String corpusMethodOf(Diagnostic<? extends JavaFileObject> d, Map<String, String> sources) {
    if (d.getSource() == null) {
      return null;
    }
    for (Map.Entry<String, String> source : sources.entrySet()) {
      String owner = source.getKey();
      if (d.getSource().getName().endsWith("/" + owner + ".java")) {
        String method = enclosingMethod(source.getValue(), d.getLineNumber());
        return method == null ? null : owner + "." + method;
      }
      if (d.getSource().getName().endsWith("/" + owner + "Grad.java")) {
        // an error in the companion (it must never happen) is blamed on the method whose entry holds it
        String method = enclosingMethod(generatedText(d.getSource()), d.getLineNumber());
        Set<String> declared = differentiableMethodsIn(source.getValue());
        while (method != null && !declared.contains(method) && method.contains("_")) {
          method = method.substring(0, method.lastIndexOf('_'));
        }
        return method != null && declared.contains(method) ? owner + "." + method : null;
      }
    }
    return null;
  }

  private static String generatedText(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The same files compiled by javac alone ({@code -proc:none}): the original methods, to check the
   * test tables themselves whatever the processor does.
   */
  static RealJavaCorpus compileWithoutProcessor(String... simpleNames) {
    return compile(List.of("-proc:none"), simpleNames);
  }

  static String resource(String simpleName) {
    try (InputStream in = RealJavaCorpus.class.getResourceAsStream(RESOURCES + simpleName + ".java")) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + RESOURCES + simpleName + ".java");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String qualified(String simpleName) {
    return PACKAGE + "." + simpleName;
  }

  /** The names of the {@code @Differentiable} methods declared in the corpus file {@code simpleName}. */
  Set<String> differentiableMethods(String simpleName) {
    return differentiableMethodsIn(sources.get(simpleName));
  }

  private static Set<String> differentiableMethodsIn(CharSequence source) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = DIFFERENTIABLE_METHOD.matcher(source);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * Fails, listing each error and warning with the corpus method it is in, unless the corpus
   * compiled cleanly as written.
   */
  void assertCompiledCleanly() {
    if (!failures.isEmpty()) {
      throw new AssertionError("the corpus did not compile cleanly through the processor:\n" + failures);
    }
  }

  /** Each error and warning of {@code compiled}, headed by the corpus method (or file and line) it is in. */
  private static String describeDiagnostics(Compiled compiled, Map<String, String> sources) {
    StringBuilder text = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compiled.compilation().diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE || d.getKind() == Diagnostic.Kind.OTHER) {
        continue;
      }
      String method = corpusMethodOf(d, sources);
      String file = d.getSource() == null ? "?" : d.getSource().getName();
      String where = (method == null ? file : method) + " (line " + d.getLineNumber() + ")";
      text.append(d.getKind()).append(" in ").append(where).append(": ")
          .append(d.getMessage(Locale.ROOT)).append('\n');
    }
    return text.toString();
  }

  /** The method whose header is the last one at or above {@code line} (1-based) of {@code source}. */
  private static String enclosingMethod(String source, long line) {
    String[] lines = source.split("\n", -1);
    for (int i = (int) Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher matcher = METHOD_HEADER.matcher(lines[i]);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ arguments

  /** An enum constant of the corpus, named before the corpus is compiled. */
  record EnumConstant(String type, String name) {
    @Override
    public String toString() {
      return type + "." + name;
    }
  }

  /** A record of the corpus, built by its canonical constructor once the corpus is compiled. */
  record RecordValue(String type, Object... components) {
    @Override
    public String toString() {
      return type + Arrays.deepToString(components).replace('[', '(').replace(']', ')');
    }
  }

  /** An array of enum constants of the corpus ({@code Species[]}), made once the corpus is compiled. */
  record EnumConstants(String type, String... names) {
    @Override
    public String toString() {
      return type + Arrays.toString(names);
    }
  }

  static EnumConstant constant(String simpleType, String name) {
    return new EnumConstant(simpleType, name);
  }

  static EnumConstants constants(String simpleType, String... names) {
    return new EnumConstants(simpleType, names);
  }

  static RecordValue record(String simpleType, Object... components) {
    return new RecordValue(simpleType, components);
  }

  /** One point of a corpus method: the path it takes (for the test's name) and the arguments. */
  record Point(String method, String path, Object... args) {
    @Override
    public String toString() {
      return method + ", " + path + ", at " + Arrays.deepToString(args);
    }
  }

  /** A point where the original method throws {@code type} with {@code message}. */
  record Throwing(String method, String path, Class<? extends RuntimeException> type, String message,
      Object... args) {
    @Override
    public String toString() {
      return method + ", " + path + ": " + type.getSimpleName() + " \"" + message + "\"";
    }
  }

  static Point at(String method, String path, Object... args) {
    return new Point(method, path, args);
  }

  static Throwing throwing(String method, String path, Class<? extends RuntimeException> type, String message,
      Object... args) {
    return new Throwing(method, path, type, message, args);
  }

  /** A fresh copy of {@code args} with the corpus's enum constants and records made real. */
  private Object[] resolve(Object[] args) {
    Object[] resolved = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      resolved[i] = resolveOne(args[i]);
    }
    return resolved;
  }

  private Object resolveOne(Object arg) {
    if (arg instanceof EnumConstant constant) {
      for (Object value : compiled.load(qualifiedType(constant.type())).getEnumConstants()) {
        if (((Enum<?>) value).name().equals(constant.name())) {
          return value;
        }
      }
      throw new IllegalArgumentException("no constant " + constant);
    }
    if (arg instanceof EnumConstants constants) {
      Class<?> type = compiled.load(qualifiedType(constants.type()));
      Object array = java.lang.reflect.Array.newInstance(type, constants.names().length);
      for (int i = 0; i < constants.names().length; i++) {
        java.lang.reflect.Array.set(array, i, resolveOne(new EnumConstant(constants.type(), constants.names()[i])));
      }
      return array;
    }
    if (arg instanceof RecordValue value) {
      Class<?> type = compiled.load(qualifiedType(value.type()));
      Class<?>[] componentTypes = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
          .toArray(Class<?>[]::new);
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(componentTypes);
        constructor.setAccessible(true);
        return constructor.newInstance(resolve(value.components()));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot build " + value, e);
      }
    }
    if (arg instanceof Map<?, ?> map) {
      Map<Object, Object> resolved = new LinkedHashMap<>();
      map.forEach((key, value) -> resolved.put(resolveOne(key), resolveOne(value)));
      return resolved; // an EnumMap of the corpus's enum would need the type: a linked map keeps the order
    }
    if (arg instanceof List<?> list) {
      return list.stream().map(this::resolveOne).toList(); // a schedule of records
    }
    // arrays are copied so that no call sees what an earlier one wrote
    if (arg instanceof double[] array) {
      return array.clone();
    }
    if (arg instanceof double[][] matrix) {
      return Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
    }
    if (arg instanceof int[] array) {
      return array.clone();
    }
    if (arg instanceof boolean[] array) {
      return array.clone();
    }
    return arg;
  }

  /** Nested types are written Outer$Inner (as Class.forName wants them). */
  private static String qualifiedType(String simpleType) {
    return qualified(simpleType);
  }

  // ------------------------------------------------------------------ checks

  /** The checks of {@link VectorAgreement#check} at {@code point}, of a method returning {@code double[]}. */
  void checkVector(String owner, Point point) {
    agreement(owner, point.method(), point.args()); // a refused method fails here, naming why
    new VectorAgreement(compiled, qualified(owner), point.method()).check(resolve(point.args()));
  }

  /**
   * Every check of {@link GradientAgreement#check} at {@code point}, second derivatives included,
   * for a method whose parameters it can tell from the arguments' boxes (numbers and their arrays).
   */
  void checkWithSecondOrder(String owner, Point point) {
    agreement(owner, point.method(), point.args()); // a refused method fails here, naming why
    new GradientAgreement(compiled, qualified(owner), point.method()).check(resolve(point.args()));
  }

  /** The checks of {@link GradientAgreement#check} at {@code point}, for any parameter types. */
  double[] check(String owner, Point point) {
    return agreement(owner, point.method(), point.args()).check();
  }

  /**
   * At a point where finite differences cannot be taken (the edge of the domain): the value is the
   * original's and the buffer entry, the Gradient entry, the pullback and the twin all give exactly
   * {@code expected}.
   */
  void checkExactly(String owner, Point point, double... expected) {
    agreement(owner, point.method(), point.args()).checkExactly(expected);
  }

  /**
   * The original method throws as the case says, and so do the companion's buffer entry, its
   * Gradient entry, its pullback and the dynamic twin (for a method returning double[], its Jacobian
   * entry, vjp, jvp and twin): the same exception class with the same message, since inactive code
   * (checks, caps, messages) runs as written.
   */
  void checkThrows(String owner, Throwing path) {
    Agreement agreement = agreement(owner, path.method(), path.args());
    agreement.checkThrows(path.type(), path.message());
  }

  /**
   * On the original method alone: the point is not within reach of a kink or a change of path, so
   * that the central differences {@link #check} compares with are a fair reference. Their step
   * (GradientChecker's) and one about 200 times smaller must agree to the check's tolerance.
   */
  void checkSmoothAt(String owner, Point point) {
    agreement(owner, point.method(), point.args()).checkSmooth();
  }

  /** On the original method alone: it throws what the table says. */
  void checkOriginalThrows(String owner, Throwing path) {
    agreement(owner, path.method(), path.args()).checkOriginalThrows(path.type(), path.message());
  }

  private Agreement agreement(String owner, String method, Object[] args) {
    String errors = refused.get(owner + "." + method);
    if (errors != null) {
      throw new AssertionError("the processor refused " + owner + "." + method + ":\n" + errors);
    }
    return new Agreement(qualified(owner), method, args);
  }

  /** One method at one point. */
  private final class Agreement {
    private final String owner;
    private final String companion;
    private final Method original;
    private final Object[] args;
    private final Class<?>[] types;
    private final boolean[] differentiated;
    private final String where;

    Agreement(String owner, String method, Object[] args) {
      this.owner = owner;
      int dot = owner.lastIndexOf('.');
      // the companion is named by the contract: p.Outer$Inner -> p.Outer_InnerGrad
      this.companion = owner.substring(0, dot + 1) + owner.substring(dot + 1).replace('$', '_') + "Grad";
      this.args = args;
      this.original = find(compiled.load(owner), method, args.length);
      this.types = original.getParameterTypes();
      this.differentiated = new boolean[types.length];
      for (int i = 0; i < types.length; i++) {
        boolean constant = Arrays.stream(original.getParameterAnnotations()[i]).anyMatch(a -> a instanceof NoDerivative);
        differentiated[i] = (types[i] == double.class || types[i] == double[].class || types[i] == double[][].class)
            && !constant;
      }
      this.where = owner + "." + method + Arrays.deepToString(args);
    }

    double[] check() {
      double primal = callOriginal(resolve(args));
      double[] grad = new double[slotCount()];
      double value = (Double) compiled.call(companion, original.getName(), append(types, double[].class),
          append(resolve(args), grad));
      assertEquals(primal, value, 0.0, () -> where + ": the gradient entry's value differs from the method's");
      Gradient gradient = (Gradient) compiled.call(companion, original.getName(), types, resolve(args));
      assertEquals(value, gradient.value(), 0.0, where);
      assertArrayEquals(grad, gradient.gradient(), 0.0, () -> where + ": Gradient entry differs from the buffer entry");
      checkPullback(grad);
      double[] twin = twinGradient(primal);
      double[] finite = GradientChecker.centralDifferences(this::primalAt, flatten());
      for (int i = 0; i < grad.length; i++) {
        if (!GradientChecker.close(twin[i], grad[i], GradientAgreement.TWIN_TOLERANCE)) {
          throw new AssertionError(where + ": slot " + i + ": generated " + grad[i] + " but twin " + twin[i]
              + "\n" + compiled.generatedSource(companion));
        }
        if (!GradientChecker.close(finite[i], grad[i], GradientAgreement.FINITE_DIFFERENCE_TOLERANCE)) {
          throw new AssertionError(where + ": slot " + i + ": generated " + grad[i] + " but finite differences "
              + finite[i] + "\n" + compiled.generatedSource(companion));
        }
      }
      return grad;
    }

    void checkExactly(double[] expected) {
      double primal = callOriginal(resolve(args));
      double[] grad = new double[slotCount()];
      double value = (Double) compiled.call(companion, original.getName(), append(types, double[].class),
          append(resolve(args), grad));
      assertEquals(primal, value, 0.0, () -> where + ": the gradient entry's value differs from the method's");
      assertArrayEquals(expected, grad, 0.0, () -> where + ": generated gradient " + Arrays.toString(grad));
      Gradient gradient = (Gradient) compiled.call(companion, original.getName(), types, resolve(args));
      assertArrayEquals(grad, gradient.gradient(), 0.0, () -> where + ": Gradient entry differs from the buffer entry");
      checkPullback(grad);
      double[] twin = twinGradient(primal);
      assertArrayEquals(expected, twin, 0.0, () -> where + ": twin gradient " + Arrays.toString(twin));
    }

    void checkSmooth() {
      double[] x = flatten();
      double[] coarse = GradientChecker.centralDifferences(this::primalAt, x);
      for (int i = 0; i < x.length; i++) {
        double h = GradientChecker.step(x[i]) / 256;
        double[] up = x.clone();
        double[] down = x.clone();
        up[i] = x[i] + h;
        down[i] = x[i] - h;
        double fine = (primalAt(up) - primalAt(down)) / (up[i] - down[i]);
        if (!GradientChecker.close(fine, coarse[i], GradientAgreement.FINITE_DIFFERENCE_TOLERANCE)) {
          throw new AssertionError(where + ": slot " + i + ": central differences " + coarse[i] + " with the"
              + " checker's step but " + fine + " with a finer one: a kink or a change of path is near the point");
        }
      }
    }

    RuntimeException checkOriginalThrows(Class<? extends RuntimeException> type, String message) {
      RuntimeException expected = assertThrows(RuntimeException.class, () -> callOriginal(resolve(args)),
          () -> where + ": the original method does not throw (the test case is wrong)");
      assertEquals(type, expected.getClass(), () -> where + ": the original throws " + expected);
      assertEquals(message, expected.getMessage(), () -> where + ": the original's message (the test case is wrong)");
      return expected;
    }

    void checkThrows(Class<? extends RuntimeException> type, String message) {
      RuntimeException expected = checkOriginalThrows(type, message);
      String name = original.getName();
      Map<String, Supplier<Object>> entries = original.getReturnType() == double[].class ? vectorEntries()
          : scalarEntries();
      entries.put("dynamic twin", () -> compiled.call(companion, name, twinTypes(), twinArguments(new ArrayList<>())));
      entries.forEach((entry, call) -> {
        RuntimeException thrown = assertThrows(RuntimeException.class, call::get,
            () -> where + ": the " + entry + " does not throw, but the original throws " + expected);
        assertEquals(type, thrown.getClass(), () -> where + ": the " + entry + " throws " + thrown
            + " where the original throws " + expected);
        assertEquals(message, thrown.getMessage(), () -> where + ": the " + entry + "'s message");
      });
    }

    /** The entry points of a method returning {@code double}, called at the point, but the twin. */
    private Map<String, Supplier<Object>> scalarEntries() {
      String name = original.getName();
      Map<String, Supplier<Object>> entries = new LinkedHashMap<>();
      entries.put("gradient entry", () -> compiled.call(companion, name, append(types, double[].class),
          append(resolve(args), new double[slotCount()])));
      entries.put("Gradient entry", () -> compiled.call(companion, name, types, resolve(args)));
      entries.put("pullback", () -> compiled.call(companion, name + "_pullback",
          append(append(append(types, double.class), double[].class), int.class),
          append(append(append(resolve(args), 1.0), new double[slotCount()]), 0)));
      return entries;
    }

    /**
     * The entry points of a method returning {@code double[]}, called at the point, but the twin;
     * the buffers for the value's length are generous, since a throwing point has no value to size
     * them.
     */
    private Map<String, Supplier<Object>> vectorEntries() {
      String name = original.getName();
      int generous = 64;
      Map<String, Supplier<Object>> entries = new LinkedHashMap<>();
      entries.put("Jacobian entry", () -> compiled.call(companion, name, append(types, double[][].class),
          append(resolve(args), new double[generous][slotCount()])));
      entries.put("vjp", () -> compiled.call(companion, name + "_vjp", append(append(types, double[].class),
          double[].class), append(append(resolve(args), new double[generous]), new double[slotCount()])));
      entries.put("jvp", () -> compiled.call(companion, name + "_jvp", append(append(types, double[].class),
          double[].class), append(append(resolve(args), new double[slotCount()]), new double[generous])));
      return entries;
    }

    /** The pullback writes seed times the gradient from an offset on, and touches nothing else. */
    private void checkPullback(double[] grad) {
      double seed = -2.5;
      int offset = 3;
      double[] adjoints = new double[offset + grad.length + 2];
      Arrays.fill(adjoints, 7.0);
      compiled.call(companion, original.getName() + "_pullback",
          append(append(append(types, double.class), double[].class), int.class),
          append(append(append(resolve(args), seed), adjoints), offset));
      for (int i = 0; i < adjoints.length; i++) {
        boolean inside = i >= offset && i < offset + grad.length;
        double expected = inside ? seed * grad[i - offset] : 7.0;
        if (!GradientChecker.close(expected, adjoints[i], 1e-12)) {
          throw new AssertionError(where + ": pullback slot " + i + " is " + adjoints[i] + ", expected " + expected);
        }
      }
    }

    private Class<?>[] twinTypes() {
      Class<?>[] twin = types.clone();
      for (int i = 0; i < types.length; i++) {
        if (differentiated[i]) {
          twin[i] = types[i] == double.class ? Value.class : types[i] == double[].class ? Value[].class : Value[][].class;
        }
      }
      return twin;
    }

    /** The twin's arguments: a leaf per differentiated input (added to {@code leaves}), the rest as they are. */
    private Object[] twinArguments(List<Value> leaves) {
      Object[] values = resolve(args);
      for (int i = 0; i < values.length; i++) {
        if (!differentiated[i]) {
          continue;
        }
        if (values[i] instanceof Double d) {
          Value leaf = new Value(d);
          leaves.add(leaf);
          values[i] = leaf;
        } else if (values[i] instanceof double[] array) {
          values[i] = leaves(array, leaves);
        } else {
          double[][] matrix = (double[][]) values[i];
          Value[][] leafMatrix = new Value[matrix.length][];
          for (int r = 0; r < matrix.length; r++) {
            leafMatrix[r] = leaves(matrix[r], leaves);
          }
          values[i] = leafMatrix;
        }
      }
      return values;
    }

    /** A leaf per element of {@code array}, each added to {@code leaves} in gradient layout. */
    private Value[] leaves(double[] array, List<Value> leaves) {
      Value[] leafArray = new Value[array.length];
      for (int j = 0; j < array.length; j++) {
        leafArray[j] = new Value(array[j]);
        leaves.add(leafArray[j]);
      }
      return leafArray;
    }

    private double[] twinGradient(double primal) {
      List<Value> leaves = new ArrayList<>();
      Value result = (Value) compiled.call(companion, original.getName(), twinTypes(), twinArguments(leaves));
      if (!GradientChecker.close(primal, result.data(), 1e-12)) {
        throw new AssertionError(where + ": the twin's value " + result.data() + " differs from " + primal);
      }
      result.backward();
      return leaves.stream().mapToDouble(Value::grad).toArray();
    }

    private double callOriginal(Object[] values) {
      return (Double) compiled.call(owner, original.getName(), types, values);
    }

    private double primalAt(double[] point) {
      Object[] moved = resolve(args);
      int k = 0;
      for (int i = 0; i < moved.length; i++) {
        if (!differentiated[i]) {
          continue;
        }
        if (moved[i] instanceof Double) {
          moved[i] = point[k++];
        } else if (moved[i] instanceof double[] array) {
          moved[i] = Arrays.copyOfRange(point, k, k + array.length);
          k += array.length;
        } else {
          double[][] matrix = (double[][]) moved[i];
          for (int r = 0; r < matrix.length; r++) {
            matrix[r] = Arrays.copyOfRange(point, k, k + matrix[r].length);
            k += matrix[r].length;
          }
        }
      }
      return callOriginal(moved);
    }

    /** The differentiated inputs, flat, in gradient layout. */
    private double[] flatten() {
      List<Double> flat = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        if (!differentiated[i]) {
          continue;
        }
        if (args[i] instanceof Double d) {
          flat.add(d);
        } else if (args[i] instanceof double[] array) {
          Arrays.stream(array).forEach(flat::add);
        } else {
          Arrays.stream((double[][]) args[i]).flatMapToDouble(Arrays::stream).forEach(flat::add);
        }
      }
      return flat.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private int slotCount() {
      return flatten().length;
    }
  }

  /** The static method {@code name} of {@code type} with {@code arity} parameters (the corpus has no such overloads). */
  private static Method find(Class<?> type, String name, int arity) {
    List<Method> found = Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterCount() == arity && Modifier.isStatic(m.getModifiers()))
        .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one method " + type.getName() + "." + name + " with " + arity
          + " parameters, found " + found);
    }
    return found.get(0);
  }
}
