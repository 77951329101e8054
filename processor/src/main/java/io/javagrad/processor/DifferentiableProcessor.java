package io.javagrad.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.emit.CompanionWriter;
import io.javagrad.processor.front.AnnotatedMethods;
import io.javagrad.processor.front.BodyTranslator;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.front.DemandedHelper;
import io.javagrad.processor.front.DerivativeRules;
import io.javagrad.processor.front.MethodPaths;
import io.javagrad.processor.front.Protocols;
import io.javagrad.processor.front.TangentsOfRules;
import io.javagrad.processor.front.TypeNames;
import io.javagrad.processor.front.Unsupported;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Statements;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Generates, for every class with {@code @Differentiable} methods, a companion class that computes
 * their gradients in straight-line Java.
 *
 * <p>Implementation notes. Each method goes through four steps, each its own class:
 *
 * <ol>
 *   <li>{@link AnnotatedMethods} checks the signature;
 *   <li>{@link BodyTranslator} reads the body through the Compiler Tree API and translates it into
 *       the intermediate form ({@code ir}), resolving every name. What no derivative can flow
 *       through is kept as the user's own source text, names resolved for the companion, and runs as
 *       written; {@code switch}, side effects inside expressions and early exits are lowered into
 *       assignments and branches, so the later steps see a small, structured form;
 *   <li>{@link Activity} decides which values carry a derivative, and {@code ReverseSweep}
 *       differentiates with the rules of {@code Primitive};
 *   <li>{@link CompanionWriter} emits the companion with JavaPoet.
 * </ol>
 *
 * Calls: a static method without {@code @Differentiable} whose source is in the compilation, called
 * with a derivative flowing in, is a helper that {@link OnDemandHelpers} translates for the
 * caller's companion, which gets its pullback and twin as private methods; a {@code @DerivativeOf}
 * rule ({@code DerivativeRules}) stands in for a method's pullback. Every call runs its pullback (or
 * rule) once, in the forward sweep, into a buffer the {@code Tape} lends the activation, which is what
 * makes recursion work at a cost linear in the calls. {@link CalleeActivities} tells callers which
 * callee parameters a gradient can reach.
 *
 * <p>A failure costs only its method (and the methods that call it): it is reported as a compile
 * error at the offending code, and the other methods go on. Nothing is thrown out of {@link
 * #process}; an unexpected exception becomes an "internal error" on its method. A companion is
 * written only from methods that all succeeded, so generated code always compiles.
 */
@AutoService(Processor.class)
public final class DifferentiableProcessor extends AbstractProcessor {
  private static final String GENERATED = "javax.annotation.processing.Generated";

  private Trees trees;
  private ErrorReporter reporter;
  /** The {@code @DerivativeOf} rules of this compilation, from every round so far. */
  private DerivativeRules rules;
  private boolean reportedCompilationError;
  /** Why the tangents of rules that could not be made were not ({@link #tangentOfRule}). */
  private final Map<DemandedHelper, String> tangentsNotMade = new HashMap<>();

  /** The companions written in this round and earlier ones, by name, each with the class it belongs to. */
  private final Map<String, String> companionsWritten = new HashMap<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException notJavac) {
      trees = null;
    }
    reporter = new ErrorReporter(env.getMessager(), trees);
    rules = new DerivativeRules(env.getTypeUtils());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(AnnotatedMethods.DIFFERENTIABLE, AnnotatedMethods.NO_DERIVATIVE, DerivativeRules.DERIVATIVE_OF,
        DerivativeRules.DERIVATIVES_FROM, GENERATED, RuntimeTypes.WRITES_ARRAYS.canonicalName(),
        RuntimeTypes.COMPANION_PROTOCOL.canonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** The stack of the thread that differentiates: see {@link #onLargeStack}. Only what is used is committed. */
  private static final long STACK_BYTES = 256L << 20;

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    checkConstantInputs(round);
    List<ExecutableElement> published = addRules(round);
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(AnnotatedMethods.DIFFERENTIABLE);
    Set<? extends Element> annotated = annotation == null ? Set.of() : round.getElementsAnnotatedWith(annotation);
    if (annotated.isEmpty() && (published.isEmpty() || trees == null)) {
      return claims(annotations, round);
    }
    if (trees == null) {
      reportMissingTreeApi();
      return false;
    }
    Optional<String> runtimeMismatch = Protocols.runtimeMismatch(processingEnv.getElementUtils());
    if (runtimeMismatch.isPresent()) {
      reportOnce(runtimeMismatch.get());
      return claims(annotations, round);
    }
    try {
      onLargeStack(() -> differentiate(annotated, published));
    } catch (RuntimeException | Error unexpected) {
      reporter.internalError(unexpected);
    }
    return claims(annotations, round);
  }

  /**
   * Runs {@code work} in a thread of its own with a stack of {@link #STACK_BYTES}, while this one
   * waits, so that javac's objects are still used by one thread at a time. The passes recurse over
   * expressions, and a sum as long as a generated polynomial nests as deep as it has terms: deeper
   * than javac's own thread allows them, though javac, whose frames are smaller, accepted it.
   */
  private static void onLargeStack(Runnable work) {
    Throwable[] failure = new Throwable[1];
    Thread worker = new Thread(null, () -> {
      try {
        work.run();
      } catch (RuntimeException | Error e) {
        failure[0] = e;
      }
    }, "javagrad", STACK_BYTES);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the javagrad processor ran", interrupted);
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  /**
   * The round's {@code @DerivativeOf} rules; an error at each whose shape does not match its
   * target. Returns those whose tangents the companions of their classes publish ({@link
   * #publishTangents}).
   */
  private List<ExecutableElement> addRules(RoundEnvironment round) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(DerivativeRules.DERIVATIVE_OF);
    if (annotation == null) {
      return List.of();
    }
    List<ExecutableElement> published = new ArrayList<>();
    for (Element element : round.getElementsAnnotatedWith(annotation)) {
      ExecutableElement rule = (ExecutableElement) element;
      Optional<String> problem = rules.add(rule);
      problem.ifPresent(message -> reporter.error(rule, message));
      if (problem.isEmpty() && rules.hasPublishableTangent(rule)) {
        published.add(rule);
      }
    }
    return published;
  }

  /** {@code @NoDerivative} where it means nothing: an error off a differentiable method, a warning on an int. */
  private void checkConstantInputs(RoundEnvironment round) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(AnnotatedMethods.NO_DERIVATIVE);
    if (annotation == null) {
      return;
    }
    for (Element parameter : round.getElementsAnnotatedWith(annotation)) {
      if (!(parameter instanceof VariableElement variable)) {
        continue;
      }
      String error = AnnotatedMethods.noDerivativeError(variable);
      if (error != null) {
        reporter.error(parameter, error);
      }
      String warning = AnnotatedMethods.noDerivativeWarning(variable);
      if (warning != null) {
        reporter.warning(parameter, warning);
      }
    }
  }

  /**
   * Whether this round's annotations are ours alone: {@code @Differentiable}, and {@code @Generated}
   * on companions we wrote. Claiming them keeps {@code -Xlint:processing} quiet about the
   * {@code @Generated} of every companion, without hiding anyone else's.
   */
  private boolean claims(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      String name = annotation.getQualifiedName().toString();
      if (name.equals(GENERATED)) {
        for (Element generated : round.getElementsAnnotatedWith(annotation)) {
          boolean ours = generated instanceof TypeElement type
              && companionsWritten.containsKey(type.getQualifiedName().toString());
          if (!ours) {
            return false;
          }
        }
      } else if (!getSupportedAnnotationTypes().contains(name)) {
        return false;
      }
    }
    return true;
  }

  private void reportMissingTreeApi() {
    reportOnce("the javagrad processor reads method bodies through javac's Compiler Tree API, which this compiler"
        + " does not offer; compile with javac (the JDK's compiler, as Maven and Gradle use by default)");
  }

  /** An error of the whole compilation, not of one method: reported in the first round it is found in. */
  private void reportOnce(String message) {
    if (!reportedCompilationError) {
      reportedCompilationError = true;
      reporter.error(message);
    }
  }

  private void differentiate(Set<? extends Element> annotated, List<ExecutableElement> publishedRules) {
    Set<ExecutableElement> methods = new LinkedHashSet<>();
    for (Element element : annotated) {
      if (AnnotatedMethods.namesUnresolvedType(element)) {
        continue; // javac reports the name it could not resolve; nothing of ours would help.
      }
      List<AnnotatedMethods.Problem> problems = AnnotatedMethods.problems(element);
      problems.forEach(problem -> reporter.error(problem.element(), problem.message()));
      if (problems.isEmpty()) {
        methods.add((ExecutableElement) element);
      }
    }
    AnnotatedMethods.companionClashes(methods).forEach((method, clash) -> {
      reporter.error(method, clash);
      methods.remove(method);
    });
    // The methods of a class whose companion name is taken stay methods of the round, so that their
    // callers are told why they cannot be differentiated either.
    Map<TypeElement, String> nameClashes = AnnotatedMethods.companionNameClashes(methods, companionsWritten);
    nameClashes.forEach(reporter::error);
    CalleeResolver callees = new CalleeResolver(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), trees,
        methods);
    Map<ExecutableElement, MethodJob> jobs = new LinkedHashMap<>();
    Map<TypeElement, List<? extends Element>> members = new HashMap<>();
    TypeNames typeNames = new TypeNames();
    MethodPaths paths = new MethodPaths(trees);
    for (ExecutableElement method : methods) {
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      if (!nameClashes.containsKey(owner)) {
        MethodJob job = translate(method, owner, paths, callees, members, typeNames, null);
        if (job != null) {
          jobs.put(method, job);
        }
      }
    }
    Map<TypeElement, List<MethodJob>> helpers = new OnDemandHelpers(
        (helper, owner) -> translate(helper.method(), owner, paths, callees, members, typeNames, helper), reporter)
        .differentiate(jobs);
    CallGraph.prune(methods, jobs, reporter);
    publishTangents(publishedRules, helpers, nameClashes.keySet(),
        (helper, owner) -> tangentOfRule(helper, owner, paths, callees, members, typeNames));
    writeCompanions(jobs, helpers);
  }

  /**
   * Adds to {@code helpers} the tangents of {@code publishedRules}, each public in the companion of
   * its rule's class, where it can be made ({@link #tangentOfRule}): a method compiled later that
   * calls the rule's target has its second derivatives through them, as one compiled with the
   * rule has them through a private copy in its own companion.
   */
  private void publishTangents(List<ExecutableElement> publishedRules, Map<TypeElement, List<MethodJob>> helpers,
      Set<TypeElement> nameClashes, BiFunction<DemandedHelper, TypeElement, MethodJob> makeTangent) {
    for (ExecutableElement rule : publishedRules) {
      TypeElement owner = (TypeElement) rule.getEnclosingElement();
      String companion = CalleeResolver.companionOf(owner).canonicalName();
      TypeElement existing = processingEnv.getElementUtils().getTypeElement(companion);
      // A class of the user's with the companion's name keeps it: the rules publish nothing then.
      boolean taken = existing != null && trees.getPath(existing) != null && !companionsWritten.containsKey(companion);
      if (nameClashes.contains(owner) || companionsWritten.containsKey(companion) || taken) {
        continue;
      }
      MethodJob tangent = makeTangent.apply(DemandedHelper.publishedTangentOf(rule), owner);
      if (tangent != null) {
        helpers.computeIfAbsent(owner, o -> new ArrayList<>()).add(tangent);
      }
    }
  }

  /**
   * Translates and analyses {@code method} for the companion of {@code owner}: its own class, or a
   * caller's for a helper differentiated on demand, {@code helper}, which is null for a {@code
   * @Differentiable} method. Null, with the errors reported, if it fails.
   */
  private MethodJob translate(ExecutableElement method, TypeElement owner, MethodPaths paths, CalleeResolver callees,
      Map<TypeElement, List<? extends Element>> members, TypeNames typeNames, DemandedHelper helper) {
    if (helper != null && helper.tangentOfRule()) {
      return tangentOfRule(helper, owner, paths, callees, members, typeNames);
    }
    TreePath path = paths.of(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree)
        || tree.getBody() == null && !callees.isChosenByConstant(method)) {
      reporter.error(method, "the javagrad processor cannot read the body of this method");
      return null;
    }
    String generic = helper == null ? null : CalleeResolver.genericHelperRefusal(method);
    if (generic != null) {
      reporter.error(method, generic);
      return null;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    try {
      BodyTranslator.Translation translation = BodyTranslator.translate(tree, method, owner, unit, trees,
          processingEnv.getTypeUtils(), processingEnv.getElementUtils(), callees, rules, members, typeNames, helper);
      Activity activity = Activity.of(translation.body());
      if (passesDerivativesIntoConstants(translation, activity, unit)) {
        return null;
      }
      return new MethodJob(method, owner, translation, activity, unit, helper);
    } catch (Unsupported unsupported) {
      for (Unsupported u = unsupported; u != null; u = u.inner()) {
        reporter.error(u.tree(), u.unit() != null ? u.unit() : unit, u.getMessage());
      }
    } catch (RuntimeException | StackOverflowError bug) {
      reporter.internalError(method, bug);
    }
    return null;
  }

  /**
   * The tangent of a rule, {@code helper}, made for the second derivatives of the methods of {@code
   * owner} that call its target ({@link io.javagrad.processor.ir.Callee#tangentOfRule}); null where
   * its body cannot be differentiated once more, or calls a helper (whose errors would be no user's
   * concern), which is no error: those second derivatives say so when asked.
   */
  private MethodJob tangentOfRule(DemandedHelper helper, TypeElement owner, MethodPaths paths, CalleeResolver callees,
      Map<TypeElement, List<? extends Element>> members, TypeNames typeNames) {
    TreePath path = paths.of(helper.method());
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      tangentsNotMade.put(helper, "javagrad cannot read the rule's body");
      return null;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    try {
      BodyTranslator.Translation translation = BodyTranslator.translate(tree, helper.method(), owner, unit, trees,
          processingEnv.getTypeUtils(), processingEnv.getElementUtils(), callees, rules, members, typeNames, helper);
      Activity activity = Activity.of(translation.body());
      BodyTranslator.ConstantUse lost = translation.constantUses().stream()
          .filter(use -> losesDerivative(use, activity)).findFirst().orElse(null);
      if (lost != null) {
        tangentsNotMade.put(helper, "in its body, " + lostDerivative(lost));
      } else if (!translation.helpers().isEmpty()) {
        tangentsNotMade.put(helper, "its body calls " + String.join(", ", translation.helpers().values().stream()
            .map(h -> h.method().getEnclosingElement().getSimpleName() + "." + h.method().getSimpleName())
            .distinct().toList()) + ", and javagrad differentiates once more the rule's own body alone");
      } else {
        return new MethodJob(helper.method(), owner, translation, activity, unit, helper);
      }
    } catch (Unsupported notDifferentiable) {
      tangentsNotMade.put(helper, "javagrad cannot differentiate its body once more: " + notDifferentiable.getMessage());
    }
    return null;
  }

  /** "x carries a derivative, but it is passed into ..., where the derivative would be lost". */
  private static String lostDerivative(BodyTranslator.ConstantUse use) {
    return use.tree() + " carries a derivative, but it is " + use.what() + ", where the derivative would be lost";
  }

  /** Whether {@code use} gives a value's derivative to something constant, where it is lost. */
  private static boolean losesDerivative(BodyTranslator.ConstantUse use, Activity activity) {
    return activity.isVaried(use.value()) && (use.result() == null || activity.mayReachResult(use.result(),
        use.changes()));
  }

  /**
   * Reports each value that carries a derivative into something constant (a {@code @NoDerivative}
   * parameter, the method's own or a callee's), where the derivative would be lost; true if there was one.
   */
  private boolean passesDerivativesIntoConstants(BodyTranslator.Translation translation, Activity activity,
      CompilationUnitTree unit) {
    Set<Tree> reported = new HashSet<>();
    for (BodyTranslator.ConstantUse use : translation.constantUses()) {
      if (losesDerivative(use, activity) && reported.add(use.tree())) {
        Tree tree = use.tree();
        reporter.error(tree, use.unit() != null ? use.unit() : unit, lostDerivative(use) + "; " + use.remedy());
      }
    }
    return !reported.isEmpty();
  }

  private void writeCompanions(Map<ExecutableElement, MethodJob> jobs, Map<TypeElement, List<MethodJob>> helpers) {
    CalleeActivities callees = new CalleeActivities();
    CallCycles cycles = new CallCycles();
    jobs.values().forEach(job -> {
      ClassName companion = CalleeResolver.companionOf(job.owner());
      String name = job.element().getSimpleName().toString();
      callees.add(companion, name, job.translation().body(), job.activity());
      cycles.add(companion, name, job.translation().body());
    });
    helpers.forEach((owner, helpersOfOwner) -> helpersOfOwner.forEach(helper -> {
      String entry = helper.helper().entry();
      callees.add(CalleeResolver.companionOf(owner), entry, helper.translation().body(), helper.activity());
      cycles.add(CalleeResolver.companionOf(owner), entry, helper.translation().body());
    }));
    Stream.concat(jobs.values().stream(), helpers.values().stream().flatMap(List::stream))
        .map(MethodJob::translation)
        .forEach(translation -> {
          TangentsOfRules tangents = translation.tangentsOfRules();
          tangents.notMade().forEach(callees::notWritten);
          tangents.published().forEach(callees::published);
          tangents.made().forEach((tangent, helper) -> {
            String why = tangentsNotMade.get(helper);
            if (why != null) {
              callees.notWritten(tangent, why);
            }
          });
        });
    Map<TypeElement, List<MethodJob>> byOwner = new LinkedHashMap<>();
    jobs.values().forEach(job -> byOwner.computeIfAbsent(job.owner(), owner -> new ArrayList<>()).add(job));
    // A class of rules alone has a companion for the tangents it publishes.
    helpers.keySet().forEach(owner -> byOwner.computeIfAbsent(owner, o -> new ArrayList<>()));
    for (Map.Entry<TypeElement, List<MethodJob>> entry : byOwner.entrySet()) {
      ClassName companion = CalleeResolver.companionOf(entry.getKey());
      List<CompanionWriter.Differentiated> methods = new ArrayList<>();
      List<Element> origins = new ArrayList<>();
      for (MethodJob job : entry.getValue()) {
        String name = job.element().getSimpleName().toString();
        methods.add(new CompanionWriter.Differentiated(job.translation().body(), job.activity(),
            job.translation().copies(), cycles.isRecursive(companion, name, job.translation().body())));
        origins.add(job.element());
      }
      List<MethodJob> helpersHere = helpers.getOrDefault(entry.getKey(), List.of());
      for (MethodJob helper : helpersHere) {
        if (helper.helper().published()) {
          origins.add(helper.element());
        }
        String helperEntry = helper.helper().entry();
        methods.add(new CompanionWriter.Differentiated(helper.translation().body(), helper.activity(),
            helper.translation().copies(), cycles.isRecursive(companion, helperEntry, helper.translation().body()),
            helper.helper()));
      }
      List<MethodJob> all = new ArrayList<>(entry.getValue());
      all.addAll(helpersHere);
      write(entry.getKey(), methods, origins, suppressedWarnings(entry.getKey(), all), callees, all);
    }
  }

  private static String tooLarge(MethodJob job) {
    return "the derivative code of " + job.element().getSimpleName() + " would pass the Java limit of 64 KB of"
        + " bytecode per method (its pullback, tangent and twin are several times its own code): split it into"
        + " smaller methods, or write repeated calls of a helper that takes or returns arrays, which is inlined"
        + " at each call, as a loop";
  }

  /** What the companion must tell javac not to warn about: see {@link CompanionWriter.Surroundings}. */
  private Set<String> suppressedWarnings(TypeElement owner, List<MethodJob> jobs) {
    Set<String> warnings = new TreeSet<>();
    boolean auxiliary = isAuxiliary(owner);
    for (MethodJob job : jobs) {
      warnings.addAll(job.translation().companionWarnings());
      for (Callee callee : job.translation().body().callees()) {
        TypeElement calleeOwner = processingEnv.getElementUtils().getTypeElement(callee.owner().canonicalName());
        auxiliary |= calleeOwner != null && isAuxiliary(calleeOwner);
      }
    }
    if (auxiliary) {
      warnings.add("auxiliaryclass");
    }
    return warnings;
  }

  /**
   * The simple names the companion must not use for a type: every variable of its methods (a
   * parameter named {@code Owner} hides the class {@code Owner} whose helpers the companion calls,
   * and qualifying a name no type has changes nothing), and the names of {@link
   * CompanionWriter#REFERENCED_TYPES} that a type of the owner's package hides.
   */
  private Set<String> hiddenNames(TypeElement owner, List<CompanionWriter.Differentiated> methods) {
    Set<String> hidden = new TreeSet<>();
    for (CompanionWriter.Differentiated m : methods) {
      m.body().parameters().forEach(p -> hidden.add(p.name()));
      Statements.assignedIn(m.body().statements()).forEach(v -> hidden.add(v.name()));
    }
    String prefix = processingEnv.getElementUtils().getPackageOf(owner).getQualifiedName() + ".";
    for (String type : CompanionWriter.REFERENCED_TYPES) {
      if (processingEnv.getElementUtils().getTypeElement(prefix + type) != null) {
        hidden.add(type);
      }
    }
    return hidden;
  }

  /**
   * Whether {@code @Generated} is visible where {@code owner}'s companion goes: everywhere on the
   * class path, but in a named module only if it reads {@code java.compiler} (a module that uses
   * javagrad need not), and never below {@code --release 9}, which predates the annotation.
   */
  private boolean generatedVisible(TypeElement owner) {
    Elements elements = processingEnv.getElementUtils();
    ModuleElement module = elements.getModuleOf(owner);
    return (module == null ? elements.getTypeElement(GENERATED) : elements.getTypeElement(module, GENERATED)) != null;
  }

  /** Whether {@code type} is, or is nested in, a top-level class declared in a file named after another. */
  private boolean isAuxiliary(TypeElement type) {
    TypeElement topLevel = type;
    while (topLevel.getEnclosingElement() instanceof TypeElement outer) {
      topLevel = outer;
    }
    TreePath path = trees.getPath(topLevel);
    return path != null && !path.getCompilationUnit().getSourceFile()
        .isNameCompatible(topLevel.getSimpleName().toString(), JavaFileObject.Kind.SOURCE);
  }

  private void write(TypeElement owner, List<CompanionWriter.Differentiated> methods, List<Element> origins,
      Set<String> suppressedWarnings, CalleeActivities callees, List<MethodJob> jobs) {
    ClassName companion = CalleeResolver.companionOf(owner);
    try {
      JavaFile file = CompanionWriter.write(companion, ClassName.get(owner), methods, origins,
          new CompanionWriter.Surroundings(hiddenNames(owner, methods), suppressedWarnings, generatedVisible(owner)),
          callees, body -> jobs.stream().filter(job -> job.translation().body() == body)
              .forEach(job -> reporter.error(job.element(), tooLarge(job))));
      file.writeTo(processingEnv.getFiler());
      companionsWritten.put(companion.canonicalName(), owner.getQualifiedName().toString());
    } catch (IOException failure) {
      reporter.error(owner, "the javagrad processor could not write " + companion.canonicalName()
          + ", the companion of " + owner.getSimpleName() + ": " + failure.getMessage()
          + (failure instanceof FilerException ? "; another class may already be named " + companion.simpleName()
              + "; rename it or " + owner.getSimpleName() : ""));
    } catch (RuntimeException | StackOverflowError bug) {
      origins.forEach(method -> reporter.internalError(method, bug));
    }
  }
}
