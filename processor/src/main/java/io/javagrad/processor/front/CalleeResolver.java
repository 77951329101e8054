package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides which method a call means, and turns it into a {@link Callee} if it is {@code
 * @Differentiable} and its companion is there to call: generated in this round, or on the classpath
 * from an earlier build. Also says what a companion may name, since it names the constants and
 * callees of a body from outside the user's class.
 */
public final class CalleeResolver {
  private final Elements elements;
  private final Types types;
  private final Trees trees;
  private final Set<ExecutableElement> methodsOfThisRound;
  private final ArgumentWrites argumentWrites;
  private final ObjectMethods objects;
  /** The specializations made so far, by companion, helper and the trees of the functions given and those they capture. */
  private final Map<SpecializationKey, Specialization> specializations = new HashMap<>();

  private record SpecializationKey(TypeElement companionOwner, ExecutableElement helper, List<Tree> functions,
      SortedMap<Integer, TypeElement> records) {}

  /** Whose code each private entry named so far is, in the companions of the round ({@link #claim}). */
  private final Map<String, EntryHolder> entries = new HashMap<>();

  /** The helpers of a class, or its rules: the code a companion holds under one entry, their overloads' alike. */
  private record EntryHolder(TypeElement owner, boolean rules) {}

  public CalleeResolver(Elements elements, Types types, Trees trees, Set<ExecutableElement> methodsOfThisRound) {
    this.elements = elements;
    this.types = types;
    this.trees = trees;
    this.methodsOfThisRound = methodsOfThisRound;
    this.argumentWrites = new ArgumentWrites(trees, elements);
    this.objects = new ObjectMethods(trees, elements);
  }

  /** The instance methods of enums and records, which calls differentiate as helpers. */
  ObjectMethods objects() {
    return objects;
  }

  public static boolean isDifferentiable(ExecutableElement method) {
    return AnnotatedMethods.isAnnotated(method, AnnotatedMethods.DIFFERENTIABLE);
  }

  /**
   * Whether a call to {@code method}, not {@code @Differentiable}, can still carry a derivative: it
   * is a helper differentiated on demand.
   */
  boolean hasDerivative(ExecutableElement method) {
    return isHelper(method);
  }

  /**
   * Whether {@code method} is a helper differentiated on demand, as if annotated: a method that is
   * not, returning {@code double}, whose source (with a body) is in this compilation, and whose
   * parameters are all of types a differentiable method may take; a static method, or an instance
   * method of an enum or a record ({@link ObjectMethods}).
   */
  private boolean isHelper(ExecutableElement method) {
    if (isDifferentiable(method) || method.isVarArgs() || method.getReturnType().getKind() != TypeKind.DOUBLE
        || method.getParameters().stream().anyMatch(p -> AnnotatedMethods.typeOf(p.asType()).isEmpty())) {
      return false;
    }
    return method.getModifiers().contains(Modifier.STATIC) ? hasBody(method) : objects.isObjectMethod(method);
  }

  /**
   * Whether a call to {@code method} is inlined ({@link Inliner}): one that {@link #canInline} can
   * be, and that returns a {@code double[]} or {@code double[][]} or takes {@code double...}, or
   * writes into an array its caller passes it ({@code matVec(w, x, out)}), annotated or not.
   */
  boolean isInlined(ExecutableElement method) {
    if (!canInline(method)) {
      return false;
    }
    boolean returnsArray = AnnotatedMethods.typeOf(method.getReturnType()).map(Type::isDoubleArray).orElse(false);
    // A @Differentiable method returning double[] too: its entry points give Jacobians, not a
    // pullback; and one taking double..., whose entry points take a double[], where a call may
    // spread its values.
    return returnsArray || method.isVarArgs() || writesArguments(method);
  }

  /**
   * Whether {@code method}'s body can be inlined: a static method of this compilation, or an
   * instance method of an enum or a record, not generic (its type variables would not be in scope
   * at the call), whose parameters are all of types a differentiable method may take, a variable
   * arity one only as {@code double...}.
   */
  boolean canInline(ExecutableElement method) {
    List<? extends VariableElement> parameters = method.getParameters();
    boolean doublesVarargs = method.isVarArgs()
        && AnnotatedMethods.typeOf(parameters.get(parameters.size() - 1).asType()).orElse(null) == Type.DOUBLE_ARRAY;
    return isStaticOrObjectMethod(method) && (!method.isVarArgs() || doublesVarargs)
        && hasBody(method) && method.getTypeParameters().isEmpty()
        && parameters.stream().allMatch(p -> AnnotatedMethods.typeOf(p.asType()).isPresent());
  }

  /** Whether {@code method} would be inlined ({@link #canInline}) but for its type variables. */
  boolean isGenericHelper(ExecutableElement method) {
    return isStaticOrObjectMethod(method) && hasBody(method) && !method.getTypeParameters().isEmpty();
  }

  /** Whether {@code method} is an enum's method that some constants override in bodies of their own. */
  public boolean isChosenByConstant(ExecutableElement method) {
    return ObjectMethods.receiverType(method) != null && !objects.constantBodies(method).isEmpty();
  }

  private boolean isStaticOrObjectMethod(ExecutableElement method) {
    return method.getModifiers().contains(Modifier.STATIC) || objects.isObjectMethod(method);
  }

  /** The declaration of {@code field}, where its source is in this compilation; else null. */
  TreePath declaration(VariableElement field) {
    return trees == null ? null : trees.getPath(field);
  }

  /** Whether the source of {@code type} is in this compilation. */
  boolean hasSource(TypeElement type) {
    return trees != null && trees.getTree(type) != null;
  }

  private boolean hasBody(ExecutableElement method) {
    MethodTree tree = trees == null ? null : trees.getTree(method);
    return tree != null && tree.getBody() != null;
  }

  /**
   * Whether {@code method}, a static method of this compilation or an enum's or a record's, may
   * write into the arrays its caller passes it (see {@link ArgumentWrites}); if not, an array
   * passed in goes by value, as a read.
   */
  boolean writesArguments(ExecutableElement method) {
    return isStaticOrObjectMethod(method) && argumentWrites.writesArguments(method);
  }

  /** The indices of the parameters whose arrays {@code method}, a static method of this compilation, may write into. */
  List<Integer> writtenParameters(ExecutableElement method) {
    return isStaticOrObjectMethod(method) ? argumentWrites.writtenParameters(method) : List.of();
  }

  /**
   * The specialization of {@code helper} to {@code functions} (by the index of their parameters) in
   * the companion of {@code companionOwner}: the one made before for the same functions, or a new
   * one, numbered after those of the same helper. {@code site} is the call, for errors.
   */
  Specialization specialization(ExecutableElement helper, SortedMap<Integer, FunctionValue> functions,
      SortedMap<Integer, TypeElement> records, TypeElement companionOwner, Tree site) {
    Specialization.Closure closure = Specialization.closure(functions, site);
    SpecializationKey key = new SpecializationKey(companionOwner, helper, closure.trees(), records);
    Specialization known = specializations.get(key);
    if (known != null) {
      return known;
    }
    long sameHelper = specializations.keySet().stream()
        .filter(k -> k.companionOwner().equals(companionOwner) && k.helper().equals(helper)).count();
    Specialization made = new Specialization(helper, functions, records, closure.captures(),
        helperEntry(helper) + "$" + (sameHelper + 1));
    specializations.put(key, made);
    return made;
  }

  /** The callee of {@code specialization}, for the companion of {@code caller}. */
  Callee specialized(Specialization specialization, TypeElement caller, Tree site) {
    ExecutableElement helper = specialization.helper();
    List<Type> parameters = new ArrayList<>();
    Set<Integer> skipped = new HashSet<>(specialization.functions().keySet());
    skipped.addAll(specialization.records().keySet());
    java.util.Iterator<Type> own = parameterTypes(helper, display(helper), site, skipped).iterator();
    for (int i = 0; i < helper.getParameters().size(); i++) {
      TypeElement record = specialization.records().get(i);
      if (record != null) {
        // A record parameter is its leaves, in its place.
        RecordValue.leaves(record).forEach(leaf -> parameters.add(leaf.type()));
      } else if (!specialization.functions().containsKey(i)) {
        parameters.add(own.next());
      }
    }
    specialization.captures().forEach(capture -> parameters.add(capture.type()));
    String entry = specialization.entry();
    return Callee.specialized(ClassName.get((TypeElement) helper.getEnclosingElement()),
        helper.getSimpleName().toString(), parameters, companionOf(caller), entry, Callee.plainNameOf(entry));
  }

  /**
   * Why javagrad cannot make the tangent of {@code rule}, the rule of {@code method}, from its
   * body, for second derivatives ({@link Callee#tangentOfRule}), or null where it may try: its
   * source is in the compilation, and {@code method} takes doubles alone, whose tangents the
   * gradient's slots multiply one by one.
   */
  String whyNoTangentOfRule(ExecutableElement rule, ExecutableElement method) {
    if (!method.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.DOUBLE)) {
      return "javagrad differentiates a rule's body once more for them where its target takes doubles alone, and "
          + method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + " takes "
          + method.getParameters().stream().map(p -> p.asType().toString()).toList();
    }
    if (trees == null || trees.getTree(rule) == null) {
      TypeElement rules = (TypeElement) rule.getEnclosingElement();
      ClassName companion = companionOf(rules);
      TypeElement published = elements.getTypeElement(companion.canonicalName());
      String earlier = "javagrad differentiates a rule's body once more for them, and " + rules.getSimpleName()
          + " was compiled earlier, ";
      if (published == null) {
        return earlier + "without the javagrad processor, which would have written its tangent into "
            + companion.simpleName() + "; compile " + rules.getSimpleName() + " with the processor";
      }
      return Protocols.companionMismatch(published, rules).map(why -> earlier + why)
          .orElse(earlier + "and its body could not be differentiated once more (" + companion.simpleName()
              + " has no tangent of it)");
    }
    return null;
  }

  /**
   * The tangent of {@code rule}, the rule of {@code ruled}, that the companion of the rule's class
   * publishes, where that class was compiled earlier with the processor and the tangent could be
   * made ({@link Callee#publishedTangentOfRule}); else null.
   */
  Callee publishedTangentOfRule(ExecutableElement rule, Callee ruled) {
    if (trees != null && trees.getTree(rule) != null) {
      return null; // made here, from the rule's source
    }
    TypeElement rules = (TypeElement) rule.getEnclosingElement();
    ClassName companion = companionOf(rules);
    TypeElement published = elements.getTypeElement(companion.canonicalName());
    if (published == null || Protocols.companionMismatch(published, rules).isPresent()) {
      return null;
    }
    Callee tangent = ruled.publishedTangentOfRule(companion);
    String pullback = pullbackName(tangent.entry());
    // The tangent's own parameters, then the pullback's seed, adjoints and offset.
    int parameters = tangent.parameterTypes().size() + 3;
    boolean found = ElementFilter.methodsIn(published.getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(pullback) && m.getModifiers().contains(Modifier.PUBLIC)
            && m.getParameters().size() == parameters);
    return found ? tangent : null;
  }

  /** The callee {@code method} with its rule {@code rule}, for the companion of {@code caller}. */
  Callee ruled(ExecutableElement method, ExecutableElement rule, TypeElement caller, Tree site) {
    TypeElement rules = (TypeElement) rule.getEnclosingElement();
    String display = method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
    Optional<String> hidden = hiddenFromCompanion(rule, caller);
    if (hidden.isPresent()) {
      throw new Unsupported(site, "the @DerivativeOf rule " + rules.getSimpleName() + "." + rule.getSimpleName()
          + " of " + display + " cannot be called by the generated companion " + companionOf(caller).canonicalName()
          + ", because " + hidden.get());
    }
    ClassName companion = companionOf(caller);
    return Callee.ruled(ClassName.get((TypeElement) method.getEnclosingElement()), method.getSimpleName().toString(),
        parameterTypes(method, display, site), ClassName.get(rules), companion,
        claim(rules.getSimpleName() + "$" + rule.getSimpleName(), new EntryHolder(rules, true)));
  }

  /**
   * {@code entry}, a private name of code that companions hold for {@code holder} ({@code Rules$erf},
   * its twin's, the prefix of its tangent's), or, where the code of another holder has it (a rule
   * of a class of the same simple name in another package, or a helper of the rule's name), the name
   * qualified by the holder's package and outer classes ({@code q$Rules$erf}). They shared one
   * name, and so one twin.
   */
  private String claim(String entry, EntryHolder holder) {
    EntryHolder first = entries.putIfAbsent(entry, holder);
    if (first == null || first.equals(holder)) {
      return entry;
    }
    String claimed = ClassName.get(holder.owner()).reflectionName().replace('.', '$')
        + entry.substring(holder.owner().getSimpleName().length());
    while (!holder.equals(entries.computeIfAbsent(claimed, name -> holder))) {
      claimed = claimed + "_";
    }
    return claimed;
  }

  /**
   * The private name under which a caller's companion holds the derivative code of the helper
   * {@code method}: {@code Owner$method}, and {@code Payoff$CALL$pay} for a method of an enum
   * constant's own body; qualified where a rule's code has that name ({@link #claim}).
   */
  public String helperEntry(ExecutableElement method) {
    TypeElement receiver = ObjectMethods.receiverType(method);
    TypeElement owner = receiver != null ? receiver : (TypeElement) method.getEnclosingElement();
    return claim(owner.getSimpleName() + objects.constantOf(method).map(constant -> "$" + constant).orElse("") + "$"
        + method.getSimpleName(), new EntryHolder(owner, false));
  }

  /** {@code Owner.method}, as messages name a method; an enum's, for a method of a constant's own body. */
  public static String display(ExecutableElement method) {
    TypeElement receiver = ObjectMethods.receiverType(method);
    return (receiver != null ? receiver : method.getEnclosingElement()).getSimpleName() + "." + method.getSimpleName();
  }

  /** The companion class of {@code type}: {@code p.Outer_InnerGrad} for {@code p.Outer.Inner}. */
  public static ClassName companionOf(TypeElement type) {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Grad");
  }

  /** The name of the pullback entry that carries a gradient back through {@code method}. */
  public static String pullbackName(String method) {
    return method + "_pullback";
  }

  /**
   * The method that a call with arguments of {@code argumentTypes} invokes, chosen as JLS 15.12.2
   * chooses it: among the methods applicable without boxing (or, if there are none, with it; or, if
   * there are none, those of variable arity, a helper's {@code double...}), the most specific one,
   * where {@code f(long)} is more specific than {@code f(double)} because {@code long} widens to
   * {@code double}.
   */
  ExecutableElement chooseOverload(List<ExecutableElement> candidates, List<Type> argumentTypes, Tree site) {
    List<TypeMirror> arguments = argumentTypes.stream().map(this::mirror).toList();
    List<ExecutableElement> applicable = applicable(candidates, arguments, types::isSubtype);
    if (applicable.isEmpty()) {
      applicable = applicable(candidates, arguments, types::isAssignable);
    }
    if (applicable.isEmpty()) {
      applicable = variableArity(candidates, arguments);
    }
    List<ExecutableElement> maximal = new ArrayList<>();
    for (ExecutableElement candidate : applicable) {
      if (applicable.stream().noneMatch(other -> isStrictlyMoreSpecific(other, candidate))) {
        maximal.add(candidate);
      }
    }
    if (maximal.size() == 1) {
      return maximal.get(0);
    }
    String signature = argumentTypes.stream().map(Type::javaName).collect(Collectors.joining(", ", "(", ")"));
    throw new Unsupported(site, maximal.isEmpty()
        ? "no method " + candidates.get(0).getSimpleName() + " takes arguments " + signature
        : "the call " + site + " is ambiguous between " + maximal);
  }

  /** The candidates of fixed arity that take {@code arguments}, each converted as {@code converts} allows. */
  private List<ExecutableElement> applicable(List<ExecutableElement> candidates, List<TypeMirror> arguments,
      BiPredicate<TypeMirror, TypeMirror> converts) {
    return candidates.stream().filter(c -> takes(parameterTypes(c), arguments, converts)).toList();
  }

  /** The variable-arity candidates that take {@code arguments}, their last parameter's elements given one by one (JLS 15.12.2.4). */
  private List<ExecutableElement> variableArity(List<ExecutableElement> candidates, List<TypeMirror> arguments) {
    List<ExecutableElement> applicable = new ArrayList<>();
    for (ExecutableElement candidate : candidates) {
      List<TypeMirror> parameters = parameterTypes(candidate);
      if (candidate.isVarArgs() && arguments.size() >= parameters.size() - 1) {
        TypeMirror element = ((ArrayType) parameters.get(parameters.size() - 1)).getComponentType();
        List<TypeMirror> expanded = new ArrayList<>(parameters.subList(0, parameters.size() - 1));
        while (expanded.size() < arguments.size()) {
          expanded.add(element);
        }
        if (takes(expanded, arguments, types::isAssignable)) {
          applicable.add(candidate);
        }
      }
    }
    return applicable;
  }

  private static boolean takes(List<TypeMirror> parameters, List<TypeMirror> arguments,
      BiPredicate<TypeMirror, TypeMirror> converts) {
    boolean applies = parameters.size() == arguments.size();
    for (int i = 0; applies && i < arguments.size(); i++) {
      applies = arguments.get(i) == null || converts.test(arguments.get(i), parameters.get(i));
    }
    return applies;
  }

  /** JLS 15.12.2.5: each parameter type of {@code m1} is a subtype of {@code m2}'s, and not the other way. */
  private boolean isStrictlyMoreSpecific(ExecutableElement m1, ExecutableElement m2) {
    return isMoreSpecific(m1, m2) && !isMoreSpecific(m2, m1);
  }

  private boolean isMoreSpecific(ExecutableElement m1, ExecutableElement m2) {
    List<TypeMirror> p1 = parameterTypes(m1);
    List<TypeMirror> p2 = parameterTypes(m2);
    for (int i = 0; i < p1.size(); i++) {
      if (!types.isSubtype(p1.get(i), p2.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Erased, which stands in for inference: a generic method is never one that can be differentiated. */
  private List<TypeMirror> parameterTypes(ExecutableElement method) {
    return method.getParameters().stream().map(p -> types.erasure(p.asType())).toList();
  }

  /** The type as javac knows it, erased, or null where the front end could not tell (code run as written). */
  private TypeMirror mirror(Type type) {
    TypeMirror mirror = type == null ? null : type.mirror(types);
    return mirror == null ? null : types.erasure(mirror);
  }


  /**
   * The callee, or a message saying why a method of {@code caller} cannot call {@code method} from
   * a differentiable method.
   */
  /**
   * The error at a call to a vector-valued {@code @Differentiable} method whose source is not in
   * this compilation: such a call carries derivatives only inlined, and one compiled earlier cannot be.
   */
  static Unsupported compiledVectorValued(ExecutableElement method, Tree site) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String display = owner.getSimpleName() + "." + method.getSimpleName();
    return new Unsupported(site, display + " returns a double[] and was compiled before this class; a call to a"
        + " vector-valued method carries derivatives only inlined, which needs its source: compile "
        + owner.getSimpleName() + " together with this class (or call " + companionOf(owner).simpleName() + "."
        + method.getSimpleName() + "_vjp yourself, outside @Differentiable code)");
  }

  /**
   * The callee of a call of {@code method}, a static helper returning a new {@code double[]} that
   * calls itself, through recorded calls ({@link Callee#arrayHelper}), for the companion of {@code caller}.
   */
  Callee arrayHelper(ExecutableElement method, TypeElement caller, Tree site) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion = companionOf(caller);
    ClassName plainOwner = hiddenFromCompanion(method, caller).isPresent() ? companion : ClassName.get(owner);
    return Callee.arrayHelper(ClassName.get(owner), method.getSimpleName().toString(),
        parameterTypes(method, display(method), site), plainOwner, companion, helperEntry(method));
  }

  /**
   * The callee of a call of {@code method}, a static helper that writes into arrays it is given and
   * calls itself, through recorded calls, packed ({@link Callee#inPlaceHelper}), for the companion of {@code caller}.
   */
  Callee inPlaceHelper(ExecutableElement method, TypeElement caller, Tree site) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    return Callee.inPlaceHelper(ClassName.get(owner), method.getSimpleName().toString(),
        parameterTypes(method, display(method), site), companionOf(caller), helperEntry(method));
  }

  Callee resolve(ExecutableElement method, TypeElement caller, Tree site) {
    String display = display(method);
    if (isHelper(method) && !method.getModifiers().contains(Modifier.STATIC)) {
      return objectMethod(method, caller, site);
    }
    if (isHelper(method)) {
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      ClassName companion = companionOf(caller);
      ClassName plainOwner = hiddenFromCompanion(method, caller).isPresent() ? companion : ClassName.get(owner);
      return Callee.helper(ClassName.get(owner), method.getSimpleName().toString(), parameterTypes(method, display, site),
          plainOwner, companion, helperEntry(method), false);
    }
    if (!isDifferentiable(method) || !method.getModifiers().contains(Modifier.STATIC)) {
      String library = elements.getPackageOf(method).getQualifiedName().toString();
      boolean yours = !library.startsWith("java.") && !library.startsWith("javax.") && !library.equals("io.javagrad");
      throw new Unsupported(site, display + " is not differentiable: a @Differentiable method may call "
          + Primitive.supportedFunctions()
          + (yours ? "; mark " + display + " @Differentiable (static, returning double) to call it" : ""));
    }
    Optional<String> hidden = hiddenFromCompanion(method, caller);
    if (hidden.isPresent()) {
      throw new Unsupported(site, display + " cannot be called by the generated companion "
          + companionOf(caller).canonicalName() + ", because " + hidden.get());
    }
    if (AnnotatedMethods.isVectorValued(method)) {
      throw compiledVectorValued(method, site);
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion = companionOf(owner);
    if (!methodsOfThisRound.contains(method) && trees != null && trees.getTree(method) != null
        && !hasPullback(companion, method)) {
      // Annotated in this compilation, but rejected: its own error says why. One differentiated in
      // an earlier round has its companion, written then, and is called as a compiled one is.
      throw new Unsupported(site, display + " could not be differentiated (see the error reported there), so"
          + " neither can a method that calls it");
    }
    if (!methodsOfThisRound.contains(method) && !hasPullback(companion, method)) {
      throw new Unsupported(site, display + " is @Differentiable, but its companion "
          + companion.canonicalName() + " with " + pullbackName(method.getSimpleName().toString())
          + " is not on the classpath: compile " + owner.getSimpleName()
          + " with the javagrad processor on the annotation processor path");
    }
    if (!methodsOfThisRound.contains(method)) {
      Protocols.companionMismatch(elements.getTypeElement(companion.canonicalName()), owner).ifPresent(why -> {
        throw new Unsupported(site, display + " is @Differentiable, but " + why);
      });
      writtenArrays(companion, method).ifPresent(written -> {
        throw new Unsupported(site, arrayWriterRefusal(display, written));
      });
    }
    List<Boolean> constant = method.getParameters().stream().map(AnnotatedMethods::isConstantInput).toList();
    return Callee.annotated(ClassName.get(owner), companion, method.getSimpleName().toString(),
        parameterTypes(method, display, site), constant);
  }

  /**
   * Why a generic helper ({@code <T> double tagged(T tag, double x)}) that a derivative flows into
   * cannot be differentiated: its derivative code would be methods of the companion, where its type
   * variables mean nothing; null for a helper that is not generic.
   */
  public static String genericHelperRefusal(ExecutableElement helper) {
    if (helper.getTypeParameters().isEmpty()) {
      return null;
    }
    String variables = helper.getTypeParameters().stream().map(t -> t.getSimpleName().toString())
        .collect(java.util.stream.Collectors.joining(", "));
    return display(helper) + " is generic (<" + variables + ">) and a call gives it a value with a derivative, but"
        + " javagrad differentiates only helpers that are not generic: declare its parameters of type " + variables
        + " by their bound (Object, or the type they extend) instead, or keep the generic part in a helper given no"
        + " value with a derivative";
  }

  /**
   * An instance method of an enum or a record, called on an object that the companion names, as
   * it calls the method plainly ({@code p.pay(s, k)}) and passes the object to its derivative code.
   */
  private Callee objectMethod(ExecutableElement method, TypeElement caller, Tree site) {
    TypeElement receiver = ObjectMethods.receiverType(method);
    String display = receiver.getSimpleName() + "." + method.getSimpleName();
    Optional<String> hidden = hiddenFromCompanion(receiver, caller)
        .or(() -> ObjectMethods.receiverType(method) == method.getEnclosingElement()
            ? hiddenFromCompanion(method, caller) : Optional.empty());
    if (hidden.isPresent()) {
      throw new Unsupported(site, display + " cannot be called by the generated companion "
          + companionOf(caller).canonicalName() + ", because " + hidden.get());
    }
    List<Type> parameters = new ArrayList<>();
    parameters.add(ObjectMethods.receiverParameterType(method));
    parameters.addAll(parameterTypes(method, display, site));
    ClassName owner = ClassName.get(receiver);
    return Callee.helper(owner, method.getSimpleName().toString(), parameters, owner, companionOf(caller),
        helperEntry(method), true);
  }

  private static List<Type> parameterTypes(ExecutableElement method, String display, Tree site) {
    return parameterTypes(method, display, site, Set.of());
  }

  /** The types of {@code method}'s parameters but those at {@code skipped}. */
  private static List<Type> parameterTypes(ExecutableElement method, String display, Tree site,
      Set<Integer> skipped) {
    List<Type> types = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      if (skipped.contains(i)) {
        continue;
      }
      VariableElement p = method.getParameters().get(i);
      Optional<Type> type = AnnotatedMethods.typeOf(p.asType());
      if (type.isEmpty()) {
        throw new Unsupported(site, display + " has a parameter of type " + p.asType()
            + ", which a differentiable method cannot take");
      }
      types.add(type.get());
    }
    return types;
  }

  /**
   * Why a call to {@code display}, compiled earlier, which writes into the arrays of its parameters
   * {@code written}, is refused. One compiled with the caller is inlined instead ({@link Inliner}),
   * which needs its source; its pullback carries the derivative of its result alone, not that of
   * the array it leaves.
   */
  private static String arrayWriterRefusal(String display, List<String> written) {
    String names = String.join(", ", written);
    return display + " writes into its parameter " + (written.size() == 1 ? "array " : "arrays ") + names
        + ", and a call into a method compiled earlier that writes into its arguments' arrays is not supported:"
        + " its pullback carries the derivative of its result alone, not that of the array it leaves; compile it"
        + " with this code (its body is then inlined at the call), or have it write into a local copy of " + names
        + " instead";
  }

  /**
   * The parameters whose arrays {@code method}, compiled earlier, writes into, as its companion's
   * pullback says ({@code @WritesArrays}), or empty.
   */
  private Optional<List<String>> writtenArrays(ClassName companion, ExecutableElement method) {
    TypeElement type = elements.getTypeElement(companion.canonicalName());
    String pullback = pullbackName(method.getSimpleName().toString());
    List<TypeMirror> parameters = parameterTypes(method);
    return type.getEnclosedElements().stream()
        .filter(e -> e instanceof ExecutableElement m && e.getSimpleName().contentEquals(pullback)
            && sameLeadingParameters(parameterTypes(m), parameters))
        .flatMap(e -> e.getAnnotationMirrors().stream())
        .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
            .contentEquals(RuntimeTypes.WRITES_ARRAYS.canonicalName()))
        .flatMap(a -> a.getElementValues().values().stream())
        .map(value -> ((List<?>) value.getValue()).stream()
            .map(name -> ((AnnotationValue) name).getValue().toString())
            .toList())
        .findFirst();
  }

  private boolean sameLeadingParameters(List<TypeMirror> pullback, List<TypeMirror> method) {
    if (pullback.size() != method.size() + 3) {
      return false;
    }
    for (int i = 0; i < method.size(); i++) {
      if (!types.isSameType(pullback.get(i), method.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean hasPullback(ClassName companion, ExecutableElement method) {
    TypeElement type = elements.getTypeElement(companion.canonicalName());
    if (type == null) {
      return false;
    }
    String pullback = pullbackName(method.getSimpleName().toString());
    return type.getEnclosedElements().stream().anyMatch(e -> e.getSimpleName().contentEquals(pullback));
  }

  /**
   * Why the companion of {@code user} cannot name {@code member} (a field or method), and what would
   * let it; empty if it can. The companion is a top-level class of {@code user}'s package, outside
   * {@code user}'s nest and no subclass of anything: it reaches only what is public, or neither
   * private nor in another package (JLS 6.6.1), through every class {@code member} is declared in.
   * What the user's class reaches besides (its own private members, those of its nest, protected
   * ones it inherits from another package) the companion does not.
   */
  Optional<String> hiddenFromCompanion(Element member, TypeElement user) {
    PackageElement companionPackage = elements.getPackageOf(user);
    for (Element e = member; !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      String who = e == member ? "it" : e instanceof TypeElement type ? "class " + type.getQualifiedName()
          : e.getSimpleName().toString();
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return Optional.of(who + " is private; make " + who + " package-private or wider");
      }
      PackageElement declaredIn = elements.getPackageOf(e);
      if (!modifiers.contains(Modifier.PUBLIC) && !declaredIn.equals(companionPackage)) {
        String access = modifiers.contains(Modifier.PROTECTED) ? "protected" : "package-private";
        return Optional.of(who + " is " + access + " in another package, " + declaredIn.getQualifiedName()
            + "; make " + who + " public");
      }
    }
    return Optional.empty();
  }

  /**
   * The javac lint categories in which a companion's reference to {@code referenced} warns: {@code
   * deprecation}, or {@code removal} when deprecated for removal, for it and for each class it is
   * declared in. The user chose to use it; the companion only repeats that, so it suppresses them.
   */
  Set<String> deprecationWarnings(Element referenced) {
    Set<String> warnings = new TreeSet<>();
    for (Element e = referenced; !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (elements.isDeprecated(e)) {
        Deprecated deprecated = e.getAnnotation(Deprecated.class);
        warnings.add(deprecated != null && deprecated.forRemoval() ? "removal" : "deprecation");
      }
    }
    return warnings;
  }
}
