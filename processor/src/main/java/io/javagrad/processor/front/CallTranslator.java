package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Translates a call: to a function of the table ({@link Primitive}), applied to doubles, or to
 * another {@code @Differentiable} method, chosen among its overloads as javac chooses and noted
 * for the companion. Which functions there are is the table's business alone.
 */
final class CallTranslator {
  private final NameTranslator names;
  private final NameResolver resolver;
  private final CalleeResolver callees;
  /** The class whose companion makes the calls. */
  private final TypeElement companionOwner;
  private final Bookkeeping bookkeeping;
  private final MemberCopies copies;
  /** The {@code @DerivativeOf} rules the calls use, by target. */
  private final Map<ExecutableElement, ExecutableElement> rules;
  private final Receivers receivers;

  /**
   * What an instance method's call is made on: the object a call names ({@code p.pay(s, k)}), of
   * a type {@code types} tells, or the receiver of the method translated ({@code value(x)} in a
   * record's method), which {@code scope} holds.
   */
  record Receivers(Scope scope, TypeInference types) {
    /** The enum or record whose method {@code select} calls on an object, if it names one. */
    Optional<TypeElement> objectType(MemberSelectTree select) {
      TypeMirror type = types.typeOf(select.getExpression());
      return type instanceof DeclaredType declared && declared.asElement() instanceof TypeElement element
          && ObjectMethods.isClosedToOverriding(element) ? Optional.of(element) : Optional.empty();
    }
  }

  CallTranslator(NameTranslator names, NameResolver resolver, CalleeResolver callees, TypeElement companionOwner,
      Bookkeeping bookkeeping, MemberCopies copies, Map<ExecutableElement, ExecutableElement> rules,
      Receivers receivers) {
    this.rules = rules;
    this.receivers = receivers;
    this.names = names;
    this.resolver = resolver;
    this.callees = callees;
    this.companionOwner = companionOwner;
    this.bookkeeping = bookkeeping;
    this.copies = copies;
  }

  /**
   * Whether {@code tree} may call a function of the table, a {@code @Differentiable} method, a
   * helper differentiated on demand or a method with a {@code @DerivativeOf} rule; any other call
   * runs as written.
   */
  boolean isDifferentiable(MethodInvocationTree tree) {
    ExpressionTree select = tree.getMethodSelect();
    int arity = tree.getArguments().size();
    if (select instanceof IdentifierTree id) {
      return resolver.methods(id.getName().toString()).stream().anyMatch(m -> hasDerivative(m, arity));
    }
    if (select instanceof MemberSelectTree member) {
      Optional<TypeElement> owner = names.typeNamed(member.getExpression());
      String name = member.getIdentifier().toString();
      if (owner.isEmpty()) {
        return objectMethods(member).stream().anyMatch(m -> hasDerivative(m, arity));
      }
      return Primitive.staticCall(owner.get().getQualifiedName().toString(), name, arity).isPresent()
          || resolver.methodsOf(owner.get(), name).stream().anyMatch(m -> hasDerivative(m, arity));
    }
    return false;
  }

  /**
   * The object on which {@code tree} calls an instance method of an enum or a record ({@code p} of
   * {@code p.pay(s, k)}), evaluated before the arguments, as Java evaluates it; null where the call
   * names a class, or the receiver is the translated method's own ({@code value(x)}).
   */
  ExpressionTree objectReceiver(MethodInvocationTree tree) {
    return tree.getMethodSelect() instanceof MemberSelectTree member && names.typeNamed(member.getExpression()).isEmpty()
        && receivers.objectType(member).isPresent() ? member.getExpression() : null;
  }

  /** The type that {@code tree}, a declaration's type or a qualifier, names, if it names one. */
  Optional<TypeElement> typeNamed(ExpressionTree tree) {
    return names.typeNamed(tree);
  }

  /** The methods called {@code name} that {@code type} declares or inherits. */
  List<ExecutableElement> methodsOf(TypeElement type, String name) {
    return resolver.methodsOf(type, name);
  }

  /** Why the caller's companion cannot name {@code element}, if it cannot. */
  Optional<String> hiddenFromCompanion(Element element) {
    return callees.hiddenFromCompanion(element, companionOwner);
  }

  /** The instance methods of enums and records, and the records followed by their components. */
  ObjectMethods objects() {
    return callees.objects();
  }

  /** The methods {@code select} may call on an object of an enum or a record; none for any other. */
  private List<ExecutableElement> objectMethods(MemberSelectTree select) {
    return receivers.objectType(select)
        .map(type -> resolver.methodsOf(type, select.getIdentifier().toString()).stream()
            .filter(m -> !m.getModifiers().contains(Modifier.STATIC)).toList())
        .orElse(List.of());
  }

  private boolean hasDerivative(ExecutableElement method, int arity) {
    return isDifferentiable(method, arity) || rules.containsKey(method) || callees.hasDerivative(method)
        || callees.isInlined(method);
  }

  /**
   * Whether {@code helper}, which is inlined, writes into an array (its argument's): a call to it
   * must run where Java runs it.
   */
  boolean writesArrays(ExecutableElement helper) {
    return callees.writesArguments(helper);
  }

  /**
   * The method {@code tree} calls, chosen among its overloads as javac chooses for arguments of
   * {@code argumentTypes} (asked for only where some overload could be inlined: most calls are to
   * functions of the table), if its body is inlined at the call ({@link Inliner}): it returns or
   * writes an array, or {@code inlinedArgument}, it is given what only an inlined body can follow
   * (a row of a {@code double[][]}, a function); else null.
   */
  ExecutableElement inlined(MethodInvocationTree tree, Supplier<List<Type>> argumentTypes, boolean inlinedArgument) {
    List<ExecutableElement> candidates = candidates(tree);
    Predicate<ExecutableElement> inlines = m -> callees.isInlined(m) || inlinedArgument && callees.canInline(m);
    if (candidates.stream().noneMatch(inlines)) {
      if (inlinedArgument) {
        refuseGenericHelper(candidates, tree);
      }
      refuseCompiledVectorValued(candidates, argumentTypes, tree);
      return null;
    }
    ExecutableElement target = callees.chooseOverload(candidates, argumentTypes.get(), tree);
    return inlines.test(target) && !rules.containsKey(target) ? target : null;
  }

  /** Whether some method {@code tree} may call can be inlined, given what only an inlined body can follow. */
  boolean mayInline(MethodInvocationTree tree) {
    return candidates(tree).stream().anyMatch(callees::canInline);
  }

  /** The methods, by name and owner, among which {@code tree}'s overload is chosen. */
  List<ExecutableElement> candidates(MethodInvocationTree tree) {
    ExpressionTree select = tree.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      return resolver.methods(id.getName().toString());
    }
    if (select instanceof MemberSelectTree member) {
      return names.typeNamed(member.getExpression())
          .map(owner -> resolver.methodsOf(owner, member.getIdentifier().toString()))
          .orElseGet(() -> objectMethods(member));
    }
    return List.of();
  }

  /** A call to a vector-valued @Differentiable method compiled earlier: its result would carry no derivative. */
  private void refuseCompiledVectorValued(List<ExecutableElement> candidates, Supplier<List<Type>> argumentTypes,
      MethodInvocationTree tree) {
    if (candidates.stream().anyMatch(m -> AnnotatedMethods.isVectorValued(m) && CalleeResolver.isDifferentiable(m))) {
      ExecutableElement target = callees.chooseOverload(candidates, argumentTypes.get(), tree);
      if (AnnotatedMethods.isVectorValued(target) && CalleeResolver.isDifferentiable(target)) {
        throw CalleeResolver.compiledVectorValued(target, tree);
      }
    }
  }

  /**
   * Where what only an inlined body can follow (a function, a row) goes to a helper that is not
   * inlined only because it is generic ({@code <T> double sumOver(List<T> items,
   * ToDoubleFunction<T> f)}): the error says so. The lambda was reported as given where javagrad
   * cannot follow it, which names the very thing the user wrote, a lambda given to a helper.
   */
  private void refuseGenericHelper(List<ExecutableElement> candidates, MethodInvocationTree tree) {
    if (candidates.isEmpty() || !candidates.stream().allMatch(callees::isGenericHelper)) {
      return;
    }
    ExecutableElement helper = candidates.get(0);
    String variables = helper.getTypeParameters().stream().map(t -> t.getSimpleName().toString())
        .collect(java.util.stream.Collectors.joining(", "));
    throw new Unsupported(tree, CalleeResolver.display(helper) + " is generic (<" + variables + ">), and javagrad"
        + " follows a function (or a row of a double[][]) given to a helper by inlining the helper's body, which it"
        + " does only for a helper that is not generic, since its type variables would mean nothing at the call:"
        + " declare its parameters by the types this call gives them, or write its loop here");
  }

  private static boolean isDifferentiable(ExecutableElement method, int arity) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String name = method.getSimpleName().toString();
    return Primitive.staticCall(owner.getQualifiedName().toString(), name, arity).isPresent()
        || AnnotatedMethods.isAnnotated(method, AnnotatedMethods.DIFFERENTIABLE);
  }

  /**
   * {@code tree}, whose arguments are translated already: {@code args}, and {@code receiver}, the
   * object of {@link #objectReceiver} (or null); null where Java calls an overload the table has no
   * rule for ({@code Math.abs(int)}), which runs as written.
   */
  Expr call(MethodInvocationTree tree, Expr receiver, List<Expr> args) {
    ExpressionTree select = tree.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      String name = id.getName().toString();
      return overloaded(name, resolver.methods(name), null, args, tree);
    }
    if (select instanceof MemberSelectTree member && receiver != null) {
      return overloaded(member.getIdentifier().toString(), objectMethods(member), receiver, args, tree);
    }
    if (select instanceof MemberSelectTree member) {
      return qualified(member, args, tree);
    }
    throw new Unsupported(tree, "this call is not supported in a @Differentiable method");
  }

  /**
   * The class whose static methods alone {@code reference} names ({@code Math::sin}, {@code
   * Owner::helper}), whose application is a call like any other; empty for any other reference.
   */
  Optional<TypeElement> staticReferenceOwner(MemberReferenceTree reference) {
    if (reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE) {
      return Optional.empty();
    }
    return names.typeNamed(reference.getQualifierExpression()).filter(owner -> {
      List<ExecutableElement> methods = resolver.methodsOf(owner, reference.getName().toString());
      return !methods.isEmpty() && methods.stream().allMatch(m -> m.getModifiers().contains(Modifier.STATIC));
    });
  }

  /**
   * The helper that {@code Owner::name}, applied at {@code site} to arguments of the function's
   * {@code parameters}, calls where a call of it is inlined ({@code Problems::residuals} returning a
   * {@code double[]}) and takes those parameters as they are; else null: the application is then
   * {@link #referenced}'s call.
   */
  ExecutableElement inlinedReference(TypeElement owner, String name, List<Type> parameters,
      MethodInvocationTree site) {
    if (Primitive.staticCall(owner.getQualifiedName().toString(), name, parameters.size()).isPresent()) {
      return null;
    }
    ExecutableElement target = callees.chooseOverload(resolver.methodsOf(owner, name), parameters, site);
    boolean sameParameters = target.getParameters().stream()
        .map(p -> AnnotatedMethods.typeOf(p.asType()).orElse(null)).toList().equals(parameters);
    return callees.isInlined(target) && sameParameters ? target : null;
  }

  /** The static method {@code name} of {@code owner}, referenced and applied at {@code site} to {@code args}. */
  Expr referenced(TypeElement owner, String name, List<Expr> args, MethodInvocationTree site) {
    Optional<Primitive> function = function(owner, name, args);
    if (function.isPresent()) {
      return apply(function.get(), owner, name, args, site);
    }
    ExecutableElement target = callees.chooseOverload(resolver.methodsOf(owner, name), types(args), site);
    if (callees.isInlined(target) || !hasDerivative(target, args.size())) {
      throw new Unsupported(site, owner.getSimpleName() + "::" + name + " is applied here, and javagrad follows a"
          + " method reference only to a function of the table, a @Differentiable method or a helper of this"
          + " compilation taking the function's parameter types; write a lambda that calls " + name + " instead");
    }
    return invoke(target, null, args, site);
  }

  /**
   * The lambda (or anonymous class of one method) that {@code tree}, a {@code static final} field
   * of this compilation, is declared with ({@code static final DoubleUnaryOperator LOSS = r -> r * r;}), applied where {@code written}
   * (a method's body) applies it, or the static method it references ({@code DECODE = Colour::decode}),
   * where the field is declared in the file of {@code written}, whose names the reference's class is
   * resolved among; empty for any other name.
   */
  Optional<FunctionValue> fieldFunction(ExpressionTree tree, FunctionValue.Written written) {
    return constantField(tree, null).filter(f -> f.asType() instanceof DeclaredType)
        .flatMap(f -> Optional.ofNullable(callees.declaration(f))
            .filter(path -> path.getLeaf() instanceof VariableTree)
            .flatMap(path -> {
              ExpressionTree initializer = ((VariableTree) path.getLeaf()).getInitializer();
              DeclaredType type = (DeclaredType) f.asType();
              FunctionValue.Written where = new FunctionValue.Written((TypeElement) f.getEnclosingElement(),
                  written.method(), path.getCompilationUnit());
              if (FunctionValue.isCode(initializer)) {
                return Optional.of(FunctionValue.code(initializer, type, where, null));
              }
              if (initializer instanceof MemberReferenceTree reference
                  && path.getCompilationUnit() == written.unit()) {
                return staticReferenceOwner(reference).map(owner -> FunctionValue.reference(reference, owner, where)
                    .as(type));
              }
              return Optional.empty();
            }));
  }

  /**
   * The initializer of the {@code static final} field of this compilation that {@code tree}, written
   * in the class {@code within} (a helper's; null for the method's), names ({@code NONE}, {@code
   * Shapes.NONE}); empty for any other expression, and a field declared without one.
   */
  Optional<ExpressionTree> constantInitializer(ExpressionTree tree, TypeElement within) {
    return constantField(tree, within).map(callees::declaration)
        .filter(path -> path.getLeaf() instanceof VariableTree)
        .map(path -> ((VariableTree) path.getLeaf()).getInitializer());
  }

  /**
   * The {@code static final} field that {@code tree} names, by its simple name (in {@code within}
   * and around it, or in the method's classes where it is null) or its class's.
   */
  private Optional<VariableElement> constantField(ExpressionTree tree, TypeElement within) {
    Optional<VariableElement> field = tree instanceof IdentifierTree id ? simpleField(id.getName().toString(), within)
        : tree instanceof MemberSelectTree select ? names.typeNamed(select.getExpression())
            .flatMap(owner -> resolver.fieldOf(owner, select.getIdentifier().toString()))
        : Optional.empty();
    return field.filter(f -> f.getModifiers().containsAll(Set.of(Modifier.STATIC, Modifier.FINAL)));
  }

  /** The field a simple name denotes in {@code within} and the classes around it, or in the method's where it is null. */
  private Optional<VariableElement> simpleField(String name, TypeElement within) {
    for (javax.lang.model.element.Element e = within; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      Optional<VariableElement> field = resolver.fieldOf(type, name);
      if (field.isPresent()) {
        return field;
      }
    }
    return resolver.field(name);
  }

  /**
   * The field of an enum that {@code tree} reads, holding a function that each constant gives it
   * through its constructor ({@link ConstantFunctions}): {@code f} or {@code this.f} in the enum's
   * method, {@code act.f} on a variable; null for any other expression, and where a constant gives
   * it something javagrad cannot follow (a value a call computes).
   */
  ConstantFunctions.Field constantFunctions(ExpressionTree tree, FunctionValue.Written written) {
    Scope scope = receivers.scope();
    Variable receiver = null;
    Optional<VariableElement> field = Optional.empty();
    if (tree instanceof IdentifierTree id && scope.receiver() != null && scope.get(id.getName().toString()) == null
        && scope.function(id.getName().toString()) == null) {
      receiver = scope.receiver();
      field = resolver.field(id.getName().toString());
    } else if (tree instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree object) {
      receiver = object.getName().contentEquals("this") ? scope.receiver() : scope.get(object.getName().toString());
      field = receiver != null && receiver.type().mirror() instanceof DeclaredType objectType
          ? resolver.fieldOf((TypeElement) objectType.asElement(), select.getIdentifier().toString())
          : Optional.empty();
    }
    if (field.isEmpty() || !(field.get().asType() instanceof DeclaredType type)
        || !ObjectMethods.holdsFunctionOfConstants(field.get())) {
      return null;
    }
    TypeElement enumType = (TypeElement) field.get().getEnclosingElement();
    List<ConstantFunctions.Choice> choices = new ArrayList<>();
    for (ObjectMethods.ConstantCode given : callees.objects().constantCode(field.get())) {
      FunctionValue.Written where = new FunctionValue.Written(enumType, written.method(), given.unit());
      FunctionValue function = given.code() == null ? null
          : FunctionValue.isCode(given.code()) ? FunctionValue.code(given.code(), type, where, null)
          : given.code() instanceof MemberReferenceTree reference ? staticReferenceOwner(reference)
              .map(owner -> FunctionValue.reference(reference, owner, where).as(type)).orElse(null)
          : fieldFunction(given.code(), where).map(f -> f.as(type)).orElse(null);
      if (function == null) {
        return null; // run as written: where a derivative would be lost, that is the error
      }
      choices.add(new ConstantFunctions.Choice(given.constant(), function));
    }
    return new ConstantFunctions.Field(receiver, field.get().getSimpleName().toString(), enumType, choices);
  }

  /** {@code Owner.name(args)}, where a function of the table is known before any overload is chosen. */
  private Expr qualified(MemberSelectTree select, List<Expr> args, MethodInvocationTree tree) {
    String name = select.getIdentifier().toString();
    TypeElement owner = names.typeNamed(select.getExpression()).orElseThrow(() -> new Unsupported(tree,
        "calls on objects are not supported in a @Differentiable method: " + select.getExpression()
            + " is not a class; supported are " + Primitive.supportedFunctions()));
    Optional<Primitive> function = function(owner, name, args);
    if (function.isPresent()) {
      return apply(function.get(), owner, name, args, tree);
    }
    return overloaded(name, resolver.methodsOf(owner, name), null, args, tree);
  }

  /**
   * A call among {@code candidates}, on {@code receiver} if it is made on an object; by a simple
   * name, a function of the table is known once chosen.
   */
  private Expr overloaded(String name, List<ExecutableElement> candidates, Expr receiver, List<Expr> args,
      MethodInvocationTree tree) {
    if (candidates.isEmpty()) {
      throw new Unsupported(tree, "cannot resolve the method " + name);
    }
    ExecutableElement target = callees.chooseOverload(candidates, types(args), tree);
    TypeElement owner = (TypeElement) target.getEnclosingElement();
    Optional<Primitive> function = function(owner, name, args);
    if (function.isPresent()) {
      return apply(function.get(), owner, name, args, tree);
    }
    if (ObjectMethods.receiverType(target) == null) {
      return invoke(target, null, args, tree);
    }
    if (receiver == null && receivers.scope().receiver() == null) {
      throw new Unsupported(tree, "cannot call the instance method " + name + " without an object here");
    }
    return invoke(target, receiver != null ? receiver : new Expr.Read(receivers.scope().receiver()), args, tree);
  }

  private static Optional<Primitive> function(TypeElement owner, String name, List<Expr> args) {
    return Primitive.staticCall(owner.getQualifiedName().toString(), name, args.size());
  }

  /**
   * {@code function} applied to {@code args}, as doubles. Given only integers, Java may call an
   * integer overload instead ({@code Math.abs(int)}), whose integer result the table's rule is not for.
   */
  private Expr apply(Primitive function, TypeElement owner, String name, List<Expr> args, Tree site) {
    if (args.stream().allMatch(a -> a.type().isIntegral())) {
      ExecutableElement overload = callees.chooseOverload(resolver.methodsOf(owner, name), types(args), site);
      if (overload.getReturnType().getKind() != TypeKind.DOUBLE) {
        return null;
      }
    }
    List<Expr> doubles = new ArrayList<>();
    for (Expr arg : args) {
      doubles.add(Conversions.asDouble(arg, site));
    }
    boolean tableOwner = function.form() instanceof Primitive.StaticCall call
        && call.owner().canonicalName().equals(owner.getQualifiedName().toString());
    return new Expr.Apply(function, doubles, tableOwner ? null : ClassName.get(owner));
  }

  /**
   * A call of a {@code @Differentiable} method (this one too: recursion), a helper or a method with
   * a rule, through its pullback or its rule; on {@code receiver}, an instance method's, given to it
   * first.
   */
  private Expr invoke(ExecutableElement target, Expr receiver, List<Expr> args, MethodInvocationTree tree) {
    ExecutableElement rule = rules.get(target);
    Callee callee = rule != null ? callees.ruled(target, rule, companionOwner, tree)
        : callees.resolve(target, companionOwner, tree);
    if (!callee.plainOwner().equals(callee.owner())) {
      copies.copy(target, tree); // a private helper: the companion calls its copy where it runs it plainly
    }
    bookkeeping.called(target, callee, tree);
    if (rule != null) {
      Callee published = callees.publishedTangentOfRule(rule, callee);
      bookkeeping.ruleCalled(rule, callee, published,
          published == null ? callees.whyNoTangentOfRule(rule, target) : null);
    }
    List<Expr> converted = new ArrayList<>();
    int first = 0;
    if (callee.onReceiver()) {
      converted.add(receiver);
      first = 1;
    }
    for (int i = 0; i < args.size(); i++) {
      ExpressionTree site = tree.getArguments().get(i);
      Type parameter = callee.parameterTypes().get(first + i);
      Expr arg = Conversions.argument(parameter, args.get(i), site);
      converted.add(arg);
      if (callee.constantParameters().get(first + i)) {
        bookkeeping.givenToConstant(arg, site, "passed into a @NoDerivative parameter");
      }
      boxed(parameter, arg, target.getParameters().get(i).getSimpleName().toString(), site);
    }
    return new Expr.Invoke(callee, converted);
  }

  /**
   * {@code tree}, a call of {@code helper}, which returns a new {@code double[]}, or writes into
   * arrays it is given, and calls itself, through recorded calls ({@link Callee#arrayHelper}, {@link
   * Callee#inPlaceHelper}): {@code args} are its arguments, translated.
   */
  /** The indices of the parameters whose arrays {@code helper} may write into ({@link ArgumentWrites#writtenParameters}). */
  List<Integer> writtenParameters(ExecutableElement helper) {
    return callees.writtenParameters(helper);
  }

  Expr.Invoke arrayCall(ExecutableElement helper, List<Expr> args, MethodInvocationTree tree) {
    boolean inPlace = !AnnotatedMethods.isVectorValued(helper);
    Callee callee = inPlace ? callees.inPlaceHelper(helper, companionOwner, tree)
        : callees.arrayHelper(helper, companionOwner, tree);
    if (!inPlace && !callee.plainOwner().equals(callee.owner())) {
      copies.copy(helper, tree); // a private helper: the companion calls its copy where it runs it plainly
    }
    bookkeeping.called(helper, callee, tree);
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      ExpressionTree site = tree.getArguments().get(i);
      Type parameter = callee.parameterTypes().get(i);
      Expr arg = Conversions.argument(parameter, args.get(i), site);
      converted.add(arg);
      boxed(parameter, arg, helper.getParameters().get(i).getSimpleName().toString(), site);
    }
    return new Expr.Invoke(callee, converted);
  }

  /**
   * {@code tree}, a call of the helper {@code specialization} specializes to the functions and the
   * records the call gives it: {@code args} are the arguments of its other parameters, translated,
   * a record's as its components, to which the values the functions capture are added.
   */
  Expr specialized(Specialization specialization, Map<Integer, FunctionValue> functions, List<List<Expr>> args,
      MethodInvocationTree tree) {
    Callee callee = callees.specialized(specialization, companionOwner, tree);
    bookkeeping.called(specialization, callee, tree);
    ExecutableElement helper = specialization.helper();
    List<Expr> converted = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < tree.getArguments().size(); i++) {
      if (functions.containsKey(i)) {
        continue;
      }
      ExpressionTree site = tree.getArguments().get(i);
      for (Expr value : args.get(i)) {
        Type parameter = callee.parameterTypes().get(k++);
        Expr arg = Conversions.argument(parameter, value, site);
        converted.add(arg);
        boxed(parameter, arg, helper.getParameters().get(i).getSimpleName().toString(), site);
      }
    }
    converted.addAll(specialization.captured(functions));
    return new Expr.Invoke(callee, converted);
  }

  /**
   * Notes that {@code value}, a double or an array of them given at {@code site} to the parameter
   * {@code name} of a {@code type} that is an object's ({@code Double}, {@code Object}), must carry
   * no derivative: the callee's derivative code follows doubles and their arrays only.
   */
  void boxed(Type type, Expr value, String name, Tree site) {
    if (type.isOther() && value.type().isDifferentiable()) {
      bookkeeping.givenToConstant(value, site, "passed into " + name + ", a " + type.javaName()
          + ", which javagrad does not follow a derivative through", "declare " + name + " a "
          + value.type().javaName());
    }
  }

  private static List<Type> types(List<Expr> args) {
    return args.stream().map(Expr::type).toList();
  }
}
