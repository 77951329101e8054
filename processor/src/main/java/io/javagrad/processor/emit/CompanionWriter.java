package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ad.GradientLayout;
import io.javagrad.processor.ad.ReverseSweep;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.front.DemandedHelper;
import io.javagrad.processor.front.MemberCopies;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Slot;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The last step: writes the companion class of one user class with JavaPoet. It owns what every
 * companion shares (its name, {@code public final}, the private constructor, {@code @Generated}
 * and {@code @CompanionProtocol}, the originating elements) and, per method, the entry points:
 *
 * <ul>
 *   <li>{@code f(..., double[] grad)}: value and gradient, into a caller's buffer;
 *   <li>{@code f(...)}: the same in a new {@code Gradient};
 *   <li>{@code f_pullback(..., double seed, double[] adjoints, int offset)}: the value, and seed
 *       times the gradient written from {@code adjoints[offset]} on, in the same layout; how one
 *       companion carries a gradient through a call into another without allocating;
 *   <li>{@code f_tangent(..., double[] direction)}: the directional derivative, by forward mode
 *       ({@link TangentWriter}), a run of {@code f_valueAndTangent(..., tangents..., tangent)},
 *       through which a caller's forward mode also runs a call;
 *   <li>{@code f_hvp(..., v, grad, hv)} and {@code f_hessian(..., grad, hessian)}: second
 *       derivatives, by reverse over forward ({@link SecondOrderWriter}), and {@code
 *       f_directional_pullback}, through which a caller's second derivatives run a call;
 *   <li>{@code f(Value...)}: the dynamic twin.
 * </ul>
 *
 * <p>A vector-valued method ({@code double[] f}) has others instead: the Jacobian, {@code f_vjp},
 * {@code f_jvp} and a twin returning {@code Value[]} ({@link VectorWriter}).
 */
public final class CompanionWriter {
  /**
   * One method to write, with its analysis, and the private constants of the user's that its code
   * reads, and the private helpers that its code run as written calls, which the companion copies
   * (see {@link MemberCopies}); {@code recursive} says whether it may call itself, through others or
   * not, so that its entries count their levels ({@link RecursionLevels}); {@code demanded} says which
   * helper it is, for one differentiated on demand or made by javagrad, and is null for a method as
   * its user wrote it.
   */
  public record Differentiated(MethodBody body, Activity activity, MemberCopies.Copied copies, boolean recursive,
      DemandedHelper demanded) {

    /** A method as its user wrote it. */
    public Differentiated(MethodBody body, Activity activity, MemberCopies.Copied copies, boolean recursive) {
      this(body, activity, copies, recursive, null);
    }

    /** The name of a helper's entries (its pullback, twin...), null for a {@code @Differentiable} method. */
    public String helperEntry() {
      return demanded == null ? null : demanded.entry();
    }

    /** The access of its entries: a helper's are private, but a tangent the companion publishes. */
    Modifier access() {
      return demanded == null || published() ? PUBLIC : PRIVATE;
    }

    /** Whether it is the tangent of a rule of the companion's own class, public for callers compiled later. */
    boolean published() {
      return demanded != null && demanded.published();
    }

    /**
     * Whether it is a helper of javagrad's making (one specialized to the functions it is given, or
     * the tangent of a rule), which the companion also runs plainly, having no method of the user's
     * to call.
     */
    boolean madeByJavagrad() {
      return demanded != null && demanded.madeByJavagrad();
    }

    /** Whether it is the tangent of a rule, which callers run through its pullback alone. */
    boolean tangentOfRule() {
      return demanded != null && demanded.tangentOfRule();
    }
  }

  /** The simple names of the types companions refer to, which a user's name could hide. */
  public static final Set<String> REFERENCED_TYPES = Set.of("Math", "Double", "System", "IllegalArgumentException",
      "UnsupportedOperationException", "Arrays", "Value", "Gradient", "Tape", "Functions", "Rows", "Twins",
      "SecondDerivatives", "Tangents", "Recursion", "Generated", "CompanionProtocol", "CallRecord", "HeldRecords");

  /**
   * What the owner's source does to the companion's names.
   *
   * @param hidden names of {@link #REFERENCED_TYPES} that a type of the package or a variable of a
   *     method hides, so the companion writes them qualified ({@code java.lang.Math.cos})
   * @param suppressedWarnings the javac lint categories in which the companion's references to the
   *     user's code warn, and only those, for {@code @SuppressWarnings}: {@code auxiliaryclass} when
   *     the owner or a callee's owner is declared in a file named after another class, {@code
   *     deprecation} or {@code removal} when a constant or callee the user chose is deprecated
   * @param generatedVisible whether {@code @Generated} is visible to the companion: not in a named
   *     module that does not read {@code java.compiler}, which a module using javagrad need not
   */
  public record Surroundings(Set<String> hidden, Set<String> suppressedWarnings, boolean generatedVisible) {}

  private CompanionWriter() {}

  /**
   * The companion of {@code owner}; {@code tooLarge} receives each method whose code would not fit
   * in a Java method ({@link CodeSize}), for an error, and its entries in the companion only throw.
   */
  public static JavaFile write(ClassName companion, ClassName owner, List<Differentiated> methods,
      List<? extends Element> originatingElements, Surroundings surroundings, CalleeActivity callees,
      Consumer<MethodBody> tooLarge) {
    TypeSpec.Builder type = TypeSpec.classBuilder(companion)
        .addModifiers(PUBLIC, FINAL)
        .alwaysQualify(surroundings.hidden().toArray(new String[0]))
        .addJavadoc(methods.stream().allMatch(Differentiated::published)
            ? "Tangents of the {@code @DerivativeOf} rules of {@link $T}, generated by javagrad: the second\n"
                + "derivatives of methods compiled later that call the rules' targets run them.\n"
            : "Gradients of the {@code @Differentiable} methods of {@link $T}, generated by javagrad.\n", owner)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(PRIVATE).build());
    type.addAnnotation(AnnotationSpec.builder(RuntimeTypes.COMPANION_PROTOCOL)
        .addMember("value", "$L", RuntimeTypes.PROTOCOL).build());
    if (surroundings.generatedVisible()) {
      type.addAnnotation(AnnotationSpec.builder(Generated.class)
          .addMember("value", "$S", "io.javagrad.processor.DifferentiableProcessor")
          .addMember("comments", "$S", "gradients of " + owner.canonicalName())
          .build());
    }
    if (!surroundings.suppressedWarnings().isEmpty()) {
      AnnotationSpec.Builder suppress = AnnotationSpec.builder(SuppressWarnings.class);
      surroundings.suppressedWarnings().forEach(category -> suppress.addMember("value", "$S", category));
      type.addAnnotation(suppress.build());
    }
    originatingElements.forEach(type::addOriginatingElement);
    List<MethodSpec> methodSpecs = new ArrayList<>();
    for (Differentiated m : methods) {
      List<MethodSpec> entries = entries(m, companion, callees);
      if (CodeSize.mayPassLimit(m.body()) && !entries.stream().allMatch(CodeSize::fits)) {
        tooLarge.accept(m.body());
        entries = entries.stream().map(CompanionWriter::refused).toList();
      }
      methodSpecs.addAll(entries);
    }
    ruleTwins(methods).forEach(methodSpecs::add);
    type.addFields(copiedConstants(methods)).addMethods(methodSpecs)
        .addMethods(copiedHelpers(methods));
    return JavaFile.builder(companion.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The entry points of {@code m}. */
  private static List<MethodSpec> entries(Differentiated m, ClassName companion, CalleeActivity callees) {
    List<MethodSpec> entries = new ArrayList<>();
    if (m.tangentOfRule()) {
      // A caller's second derivatives run its pullback, and its plain code where no derivative flows.
      entries.addAll(reached(m, pullbackEntry(m, m.helperEntry(), m.access(), callees, gradientLayout(m), null)));
      entries.addAll(reached(m, plainEntry(m)));
      return entries;
    }
    if (m.helperEntry() != null && m.body().vectorResult() != null) {
      // A helper returning an array is called this way only where it calls itself.
      return RecordedCallsWriter.entries(m, callees);
    }
    if (m.helperEntry() != null) {
      entries.addAll(reached(m, pullbackEntry(m, m.helperEntry(), m.access(), callees, gradientLayout(m), null)));
      entries.addAll(reached(m, TangentWriter.valueAndTangentEntry(m, m.helperEntry(), m.access(), callees)));
      SecondOrderWriter secondOrder = new SecondOrderWriter(m, m.helperEntry(), companion, callees);
      entries.add(secondOrder.directionalEntry());
      entries.addAll(reached(m, secondOrder.directionalPullbackEntry()));
      entries.addAll(reached(m, new TwinWriter(m.body(), m.activity()).write(m.helperEntry(), m.access())));
      if (m.madeByJavagrad()) {
        entries.addAll(reached(m, plainEntry(m)));
      }
      return entries;
    }
    if (m.body().vectorResult() != null) {
      return VectorWriter.entries(m, callees);
    }
    entries.add(gradientEntry(m));
    // Without a differentiated input the Gradient entry would take the twin's parameters: callers
    // need only the pullback and the twin, and a Gradient of no slots says nothing.
    if (!new GradientLayout(m.body().parameters()).inputs().isEmpty()) {
      entries.add(gradientObjectEntry(m));
    }
    entries.addAll(reached(m, pullbackEntry(m, m.body().name(), PUBLIC, callees, gradientLayout(m), null)));
    entries.add(TangentWriter.tangentEntry(m.body()));
    entries.addAll(reached(m, TangentWriter.valueAndTangentEntry(m, m.body().name(), PUBLIC, callees)));
    SecondOrderWriter secondOrder = new SecondOrderWriter(m, m.body().name(), companion, callees);
    entries.addAll(secondOrder.entries());
    entries.add(secondOrder.directionalEntry());
    entries.addAll(reached(m, secondOrder.directionalPullbackEntry()));
    entries.addAll(reached(m, new TwinWriter(m.body(), m.activity()).write(m.body().name(), PUBLIC)));
    return entries;
  }

  /**
   * {@code Owner$helper$1_value(...)}: a helper of javagrad's making run as written, for calls
   * through which no derivative flows.
   */
  private static MethodSpec plainEntry(Differentiated m) {
    MethodBody body = m.body();
    MethodSpec.Builder method = MethodSpec.methodBuilder(Callee.plainNameOf(m.helperEntry()))
        .addModifiers(m.access(), STATIC)
        .returns(double.class)
        .addJavadoc(m.tangentOfRule()
            ? CodeBlock.of("Value of $L, for calls through which no derivative flows.\n", subject(m))
            : CodeBlock.of("{@code $L} run as written, for calls through which no derivative flows.\n", m.helperEntry()));
    if (m.tangentOfRule()) {
      method.addJavadoc(javadocTags(m).add("@return $L\n", returned(m)).build());
    }
    for (Variable p : body.parameters()) {
      method.addParameter(javaType(p.type()), p.name());
    }
    return method.addCode(new StatementCode().of(body.statements())).build();
  }

  /**
   * {@code entry} with a body that throws: for a method whose code would not fit in a Java method,
   * which the processor reports as an error at the method, so that the companion still compiles
   * and javac says nothing else.
   */
  private static MethodSpec refused(MethodSpec entry) {
    return sameSignature(entry)
        .addStatement("throw new $T($S)", UnsupportedOperationException.class,
            "too large for a Java method: see javagrad's compile error")
        .build();
  }

  /** A method like {@code entry}, Javadoc included, but with no code yet. */
  static MethodSpec.Builder sameSignature(MethodSpec entry) {
    return MethodSpec.methodBuilder(entry.name())
        .addModifiers(entry.modifiers())
        .returns(entry.returnType())
        .addParameters(entry.parameters())
        .varargs(entry.varargs())
        .addJavadoc(entry.javadoc());
  }

  /** {@code entry}, an entry point that callers reach, split by {@link RecursionLevels} if {@code m} is recursive. */
  static List<MethodSpec> reached(Differentiated m, MethodSpec entry) {
    return m.recursive() ? RecursionLevels.split(entry) : List.of(entry);
  }

  /**
   * For each method with a {@code @DerivativeOf} rule that a body with a twin calls (a rule's
   * tangent has none), once, the twin of a call to it.
   */
  private static List<MethodSpec> ruleTwins(List<Differentiated> methods) {
    java.util.Map<String, MethodSpec> byEntry = new java.util.LinkedHashMap<>();
    for (Differentiated m : methods.stream().filter(m -> !m.tangentOfRule()).toList()) {
      for (Callee callee : m.body().callees()) {
        if (callee.rules() != null) {
          byEntry.computeIfAbsent(callee.entry() + callee.parameterTypes(), entry -> ruleTwin(callee));
        }
      }
    }
    return List.copyOf(byEntry.values());
  }

  /**
   * One {@code Value} node for a call to {@code callee}, whose value and partials its rule computes:
   * a child for each {@code double} argument and each element of a {@code double[]} or {@code
   * double[][]} one, in the order of the rule's gradient.
   */
  private static MethodSpec ruleTwin(Callee callee) {
    MethodSpec.Builder twin = MethodSpec.methodBuilder(callee.entry())
        .addModifiers(PRIVATE, STATIC)
        .returns(RuntimeTypes.VALUE)
        .addJavadoc("Dynamic twin of {@code $T.$L}: one node, with the partials of the rule {@code $T.$L}.\n",
            callee.owner(), callee.name(), callee.rules(), callee.name());
    List<CodeBlock> arguments = new ArrayList<>();
    CodeBlock.Builder children = CodeBlock.builder()
        .addStatement("$T<$T> children = new $T<>()", List.class, RuntimeTypes.VALUE, ArrayList.class);
    for (int i = 0; i < callee.parameterTypes().size(); i++) {
      Type type = callee.parameterTypes().get(i);
      String name = "a" + i;
      if (type == Type.DOUBLE) {
        twin.addParameter(RuntimeTypes.VALUE, name);
        arguments.add(CodeBlock.of("$L.data()", name));
        children.addStatement("children.add($L)", name);
      } else if (type.isDoubleArray()) {
        twin.addParameter(TwinWriter.valueType(type), name);
        arguments.add(CodeBlock.of("$T.data($L)", RuntimeTypes.TWINS, name));
        children.addStatement("$T.addAll(children, $L)", RuntimeTypes.TWINS, name);
      } else {
        twin.addParameter(javaType(type), name);
        arguments.add(CodeBlock.of("$L", name));
      }
    }
    arguments.add(CodeBlock.of("partials"));
    return twin.addCode(children.build())
        .addStatement("double[] partials = new double[children.size()]")
        .addStatement("double value = $T.$L($L)", callee.rules(), callee.name(), CodeBlock.join(arguments, ", "))
        .addStatement("return new $T(value, children.toArray(new $T[0]), partials)", RuntimeTypes.VALUE,
            RuntimeTypes.VALUE)
        .build();
  }

  /** Each copied constant once, however many methods read it, in the order the methods need them. */
  private static List<FieldSpec> copiedConstants(List<Differentiated> methods) {
    java.util.Map<String, FieldSpec> byName = new java.util.LinkedHashMap<>();
    methods.forEach(m -> m.copies().fields().forEach(field -> byName.putIfAbsent(field.name(), field)));
    return List.copyOf(byName.values());
  }

  /** Each copied helper once, however many methods call it. */
  private static List<MethodSpec> copiedHelpers(List<Differentiated> methods) {
    java.util.Map<String, MethodSpec> bySignature = new java.util.LinkedHashMap<>();
    methods.forEach(m -> m.copies().methods().forEach(helper -> bySignature.putIfAbsent(helper.name() + helper.parameters(),
        helper)));
    return List.copyOf(bySignature.values());
  }

  /**
   * The gradient entry checks the buffer and runs the pullback with seed 1: the two sweeps are
   * written once per method, which halves what the processor generates and javac compiles, at no
   * cost the benchmarks can see (the pullback's seed is a multiplication by a value the JIT knows).
   */
  private static MethodSpec gradientEntry(Differentiated m) {
    MethodBody body = m.body();
    NameAllocator names = allocator(body);
    String grad = names.newName("grad");
    GradientLayout layout = new GradientLayout(body.parameters());
    return MethodSpec.methodBuilder(body.name())
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Value of {@link $T#$L}; $L.\n", body.owner(), body.sourceSignature(), slotDescription(layout, grad))
        .addJavadoc(javadocTags(body)
            .add("@param $L receives the gradient; at least {@code $L} long\n", grad, layout.length())
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(parameters(body))
        .addParameter(double[].class, grad)
        .beginControlFlow("if ($L.length < $L)", grad, layout.length())
        .addStatement("throw new $T($L)", IllegalArgumentException.class, lengthMessage(body, layout, grad))
        .endControlFlow()
        .addStatement("return $L($L)", CalleeResolver.pullbackName(body.name()),
            String.join(", ", withArguments(body, List.of("1.0", grad, "0"))))
        .build();
  }

  private static MethodSpec gradientObjectEntry(Differentiated m) {
    MethodBody body = m.body();
    NameAllocator names = allocator(body);
    String grad = names.newName("grad");
    String value = names.newName("value");
    return MethodSpec.methodBuilder(body.name())
        .addModifiers(PUBLIC, STATIC)
        .returns(RuntimeTypes.GRADIENT)
        .addJavadoc("Value and gradient of {@link $T#$L}, in the layout of {@link #$L}.\n", body.owner(),
            body.sourceSignature(), bufferSignature(body))
        .addJavadoc(javadocTags(body).add("@return the value and the gradient\n").build())
        .addParameters(parameters(body))
        .addStatement("double[] $L = new double[$L]", grad, new GradientLayout(body.parameters()).length())
        .addStatement("double $L = $L($L)", value, body.name(), String.join(", ", withArguments(body, List.of(grad))))
        .addStatement("return new $T($L, $L)", RuntimeTypes.GRADIENT, value, grad)
        .build();
  }

  /**
   * Where {@code m}'s gradient has each slot: "the layout of {@link #f(double, double[])}", its
   * gradient entry's; a helper's, which has none, in words.
   */
  static CodeBlock gradientLayout(Differentiated m) {
    return m.helperEntry() != null
        ? CodeBlock.of("the order of its parameters, a slot for each double and each element of an array")
        : CodeBlock.of("the layout of {@link #$L}", bufferSignature(m.body()));
  }

  /** @param layout where the slots of the gradient are, for the Javadoc */
  /**
   * {@code name_pullback}, writing its gradient in {@code layout} (said in words), then, where {@code
   * valueAfterGradient} is not null, that local's value in the slot after it.
   */
  static MethodSpec pullbackEntry(Differentiated m, String name, Modifier access,
      CalleeActivity callees, CodeBlock layout, Variable valueAfterGradient) {
    MethodBody body = m.body();
    NameAllocator names = allocator(body);
    String seed = names.newName("seed");
    String adjoints = names.newName("adjoints");
    String offset = names.newName("offset");
    CodeBlock code = sweep(m, names,
        output(new Slot(seed).ref(), CodeBlock.of("$L", adjoints), CodeBlock.of("$L", offset), null,
            valueAfterGradient), callees);
    MethodSpec.Builder pullback = MethodSpec.methodBuilder(CalleeResolver.pullbackName(name))
        .addModifiers(access, STATIC);
    List<Variable> written = body.writtenParameters();
    if (!written.isEmpty()) {
      // So that a companion compiled later, which sees only this class file, refuses to call it.
      CodeBlock writtenNames = CodeBlock.join(written.stream().map(v -> CodeBlock.of("$S", v.name())).toList(), ", ");
      pullback.addAnnotation(AnnotationSpec.builder(RuntimeTypes.WRITES_ARRAYS)
          .addMember("value", written.size() == 1 ? writtenNames : CodeBlock.of("{$L}", writtenNames)).build());
    }
    return pullback
        .returns(double.class)
        .addJavadoc("Pullback of $L: returns its value and writes {@code $L} times its gradient into\n"
            + "{@code $L}, from {@code $L} on, in $L.\n", subject(m), seed, adjoints, offset, layout)
        .addJavadoc(javadocTags(m)
            .add("@param $L the factor of the gradient: the adjoint of the caller's use of the value\n", seed)
            .add("@param $L receives {@code $L} times the gradient\n", adjoints, seed)
            .add("@param $L the index of the first slot written\n", offset)
            .add("@return $L\n", returned(m))
            .build())
        .addParameters(parameters(body))
        .addParameter(double.class, seed)
        .addParameter(double[].class, adjoints)
        .addParameter(int.class, offset)
        .addCode(code)
        .build();
  }

  /** The two sweeps of {@code m} for one entry point. */
  static CodeBlock sweep(Differentiated m, NameAllocator names, ReverseSweep.Output output,
      CalleeActivity callees) {
    return new ReverseSweep(m.body(), m.activity(), names, output, callees).body();
  }

  /** What seeds the sweep and receives the gradient; {@code returned} as {@link ReverseSweep.Output#returned}. */
  static ReverseSweep.Output output(Term seed, CodeBlock array, CodeBlock baseOffset, CodeBlock returned) {
    return output(seed, array, baseOffset, returned, null);
  }

  /** As above, writing {@code valueAfterGradient} after the gradient ({@link ReverseSweep.Output#valueAfterGradient}). */
  static ReverseSweep.Output output(Term seed, CodeBlock array, CodeBlock baseOffset, CodeBlock returned,
      Variable valueAfterGradient) {
    return new ReverseSweep.Output() {
      @Override
      public Variable valueAfterGradient() {
        return valueAfterGradient;
      }

      @Override
      public Term seed() {
        return seed;
      }

      @Override
      public CodeBlock array() {
        return array;
      }

      @Override
      public CodeBlock baseOffset() {
        return baseOffset;
      }

      @Override
      public CodeBlock returned() {
        return returned;
      }
    };
  }

  /** One allocator per entry point, holding every identifier of the user's before any of ours. */
  static NameAllocator allocator(MethodBody body) {
    NameAllocator names = new NameAllocator();
    body.identifiers().forEach(id -> names.newName(id, id));
    return names;
  }

  static List<ParameterSpec> parameters(MethodBody body) {
    return body.parameters().stream()
        .map(p -> ParameterSpec.builder(javaType(p.type()), p.name()).build())
        .toList();
  }

  /** The method's parameters, as arguments, followed by {@code more}. */
  static List<String> withArguments(MethodBody body, List<String> more) {
    List<String> arguments = new ArrayList<>(body.parameters().stream().map(Variable::name).toList());
    arguments.addAll(more);
    return arguments;
  }

  static TypeName javaType(Type type) {
    if (type.mirror() != null) {
      return TypeName.get(type.mirror());
    }
    if (type == Type.DOUBLE_ARRAY) {
      return ArrayTypeName.of(double.class);
    }
    if (type == Type.DOUBLE_MATRIX) {
      return ArrayTypeName.of(ArrayTypeName.of(double.class));
    }
    return type == Type.DOUBLE ? TypeName.DOUBLE : type == Type.INT ? TypeName.INT
        : type == Type.LONG ? TypeName.LONG : TypeName.BOOLEAN;
  }

  /**
   * What {@code m}'s entries compute, for their Javadoc: the method, or, for the tangent of a rule,
   * the derivative of the rule's target along the tangents, as its rule gives it.
   */
  private static CodeBlock subject(Differentiated m) {
    MethodBody body = m.body();
    if (!m.tangentOfRule()) {
      return CodeBlock.of("{@link $T#$L}", body.owner(), body.sourceSignature());
    }
    List<Variable> tangents = body.parameters().subList(body.parameters().size() / 2, body.parameters().size());
    return CodeBlock.of("the tangent of the rule {@link $T#$L} (the derivative of its target along $L)", body.owner(),
        body.sourceSignature(), String.join(", ", tangents.stream().map(t -> "{@code " + t.name() + "}").toList()));
  }

  /** What {@code m}'s entries return, for their Javadoc's {@code @return}. */
  private static String returned(Differentiated m) {
    return m.tangentOfRule() ? "the derivative along the tangents" : "the value of {@code " + m.body().name() + "}";
  }

  /**
   * As {@link #javadocTags(MethodBody)}; the tangent of a rule's are the rule's parameters, then
   * the tangent of each.
   */
  private static CodeBlock.Builder javadocTags(Differentiated m) {
    if (!m.tangentOfRule()) {
      return javadocTags(m.body());
    }
    MethodBody body = m.body();
    List<Variable> parameters = body.parameters();
    int half = parameters.size() / 2;
    CodeBlock.Builder tags = CodeBlock.builder().add("\n");
    for (int i = 0; i < half; i++) {
      tags.add("@param $L as for {@code $L.$L}\n", parameters.get(i).name(), body.owner().simpleName(), body.name());
    }
    for (int i = half; i < parameters.size(); i++) {
      tags.add("@param $L the tangent of {@code $L}\n", parameters.get(i).name(), parameters.get(i - half).name());
    }
    return tags;
  }

  /**
   * The start of an entry point's Javadoc tags: an {@code @param} for each of the annotated
   * method's parameters, after a blank line; the caller adds its own parameters and the
   * {@code @return}.
   */
  static CodeBlock.Builder javadocTags(MethodBody body) {
    CodeBlock.Builder tags = CodeBlock.builder().add("\n");
    body.parameters().forEach(p -> tags.add("@param $L as for {@code $L.$L}\n", p.name(),
        body.owner().simpleName(), body.name()));
    return tags;
  }

  static String bufferSignature(MethodBody body) {
    List<String> types = new ArrayList<>();
    body.parameters().forEach(p -> types.add(p.type().javaName()));
    types.add("double[]");
    return body.name() + "(" + String.join(", ", types) + ")";
  }

  /** "writes d/dx to grad[0], d/dxs[i] to grad[1 + i]". */
  static String slotDescription(GradientLayout layout, String grad) {
    if (layout.inputs().isEmpty()) {
      return "it has no differentiated inputs, so {@code " + grad + "} is left as it is";
    }
    return "writes " + layout.inputs().stream()
        .map(p -> p.type() == Type.DOUBLE
            ? "d/d" + p.name() + " to {@code " + grad + "[" + layout.slot(null, p, null) + "]}"
            : p.type() == Type.DOUBLE_ARRAY
            ? "d/d" + p.name() + "[i] to {@code " + grad + "[" + layout.slot(null, p, CodeBlock.of("i")) + "]}"
            : "d/d" + p.name() + "[i][j] to {@code " + grad + "[" + layout.slot(null, p, CodeBlock.of("k")) + "]}, row by"
                + " row (k counts the elements of " + p.name() + "'s rows before row i, plus j)")
        .collect(Collectors.joining(", "));
  }

  /** "f needs a gradient buffer of length 3, but got " + grad.length, computing the length where it must. */
  static CodeBlock lengthMessage(MethodBody body, GradientLayout layout, String grad) {
    return lengthMessage(body.name() + " needs a gradient buffer", layout, grad);
  }

  /** "{@code needs} of length 3, but got " + array.length, computing the length where it must. */
  static CodeBlock lengthMessage(String needs, GradientLayout layout, String grad) {
    String length = layout.length().toString();
    String prefix = needs + " of length ";
    if (length.matches("\\d+")) {
      return CodeBlock.of("$S + $L.length", prefix + length + ", but got ", grad);
    }
    String computed = length.contains(" ") ? "(" + length + ")" : length;
    return CodeBlock.of("$S + $L + $S + $L.length", prefix, computed, ", but got ", grad);
  }
}
