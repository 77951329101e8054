package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The instance methods of the user's enums, records and final classes, which a differentiable body
 * calls with values that carry derivatives: the processor sees every body such a call can run (a
 * record and a final class have no subclass; an enum's constants are all in its source), where a
 * method of any other class may be overridden out of its sight. Each is differentiated on demand, as a static helper is, given
 * its receiver as its first parameter, through which its body reads {@code this}, its fields and
 * its other methods. An enum method that constants override in bodies of their own is chosen by
 * the constant, as Java's dispatch chooses it ({@link #dispatch}).
 */
final class ObjectMethods {
  private final Trees trees;
  private final Elements elements;

  ObjectMethods(Trees trees, Elements elements) {
    this.trees = trees;
    this.elements = elements;
  }

  /** A constant's own body of an enum method: the constant, and the method that overrides it there. */
  record ConstantBody(String constant, ExecutableElement method) {}

  /**
   * The enum or record whose objects receive calls of {@code method}: its class, or, for a method
   * of an enum constant's body, the enum; null for a static method or one of any other class.
   */
  static TypeElement receiverType(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.STATIC) || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return null;
    }
    if (owner.getNestingKind() == NestingKind.ANONYMOUS && owner.getSuperclass() instanceof DeclaredType parent
        && parent.asElement().getKind() == ElementKind.ENUM) {
      return (TypeElement) parent.asElement();
    }
    return isClosedToOverriding(owner) ? owner : null;
  }

  /**
   * Whether calls of {@code type}'s instance methods run only bodies the processor sees, so that
   * calls may differentiate them: an enum's (its constants' bodies are in its source), a record's
   * or a final class's (no subclass can override them).
   */
  static boolean isClosedToOverriding(TypeElement type) {
    return type.getKind() == ElementKind.ENUM || type.getKind() == ElementKind.RECORD
        || type.getKind() == ElementKind.CLASS && type.getModifiers().contains(Modifier.FINAL)
            && type.getNestingKind() != NestingKind.ANONYMOUS;
  }

  /**
   * Whether {@code method} is an instance method of an enum or a record of this compilation whose
   * every body the processor can read: its own, or, if abstract, those of the constants that
   * override it.
   */
  boolean isObjectMethod(ExecutableElement method) {
    TypeElement receiver = receiverType(method);
    // A generic record's companion would name it raw, which javac warns about; a local one it cannot name.
    if (receiver == null || trees == null || !receiver.getTypeParameters().isEmpty()
        || !method.getTypeParameters().isEmpty() || receiver.getNestingKind() == NestingKind.LOCAL) {
      return false;
    }
    MethodTree tree = trees.getTree(method);
    if (tree == null || isOwnMethodOfAConstant(method)) {
      return false;
    }
    return tree.getBody() != null || !constantBodies(method).isEmpty();
  }

  /**
   * Whether {@code method} is declared in an enum constant's own body and overrides none of the
   * enum's methods: the companion, which holds the constant as an object of the enum, cannot call it.
   */
  boolean isOwnMethodOfAConstant(ExecutableElement method) {
    TypeElement enumType = receiverType(method);
    if (enumType == null || enumType == method.getEnclosingElement()) {
      return false;
    }
    TypeElement body = (TypeElement) method.getEnclosingElement();
    return enumType.getEnclosedElements().stream().noneMatch(m -> m instanceof ExecutableElement overridden
        && elements.overrides(method, overridden, body));
  }

  /**
   * The record {@code type} names where javagrad may follow its values by their components ({@link
   * RecordValue}): a record of this compilation, not generic, whose components are numbers,
   * booleans, {@code double[]} (an array local, as a local array is) or records followed too
   * ({@code Body(Vec3 position, Vec3 velocity, double mass)}), and which declares no accessor and
   * no canonical constructor but a compact one, so that a value's components are what its
   * constructor is given (after the compact constructor's body, inlined) and what its accessors
   * return.
   */
  Optional<TypeElement> followedRecord(TypeMirror type) {
    return followedRecord(type, new HashSet<>());
  }

  /**
   * Whether a component of {@code type} in {@code record} is a label that carries no derivative: a
   * {@code String} (a trade's id) or an enum (a length's unit) that the companion, beside the
   * record, can name. It is a local of its own among the record's, read and run as written.
   */
  private boolean isLabel(TypeMirror type, TypeElement record) {
    if (!(type instanceof DeclaredType declared) || !declared.getTypeArguments().isEmpty()
        || !(declared.asElement() instanceof TypeElement element)) {
      return false;
    }
    if (element.getQualifiedName().contentEquals("java.lang.String")) {
      return true;
    }
    boolean samePackage = elements.getPackageOf(element).equals(elements.getPackageOf(record));
    for (Element e = element; e instanceof TypeElement enclosing; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = enclosing.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE) || !samePackage && !modifiers.contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return element.getKind() == ElementKind.ENUM;
  }

  /** As above; {@code enclosing}, the records whose components are being looked at, cannot be their own components. */
  private Optional<TypeElement> followedRecord(TypeMirror type, Set<TypeElement> enclosing) {
    if (trees == null || !(type instanceof DeclaredType declared)
        || !(declared.asElement() instanceof TypeElement record) || record.getKind() != ElementKind.RECORD
        || !record.getTypeParameters().isEmpty() || trees.getTree(record) == null || !enclosing.add(record)) {
      return Optional.empty();
    }
    try {
      boolean followedComponents = record.getRecordComponents().stream()
          .allMatch(c -> trees.getTree(c.getAccessor()) == null && (AnnotatedMethods.typeOf(c.asType())
              .filter(t -> t == Type.DOUBLE || t.isIntegral() || t == Type.BOOLEAN || t.isDoubleArray()).isPresent()
              || isLabel(c.asType(), record) || followedRecord(c.asType(), enclosing).isPresent()));
      boolean explicitConstructor = ElementFilter.constructorsIn(record.getEnclosedElements()).stream()
          .anyMatch(c -> isCanonical(c, record) && elements.getOrigin(c) != Elements.Origin.MANDATED
              && c != compactConstructor(record));
      return followedComponents && !explicitConstructor ? Optional.of(record) : Optional.empty();
    } finally {
      enclosing.remove(record);
    }
  }

  /**
   * The compact canonical constructor of {@code record} ({@code Params { if (b < 0) throw ...; }}),
   * whose body checks or changes its parameters before they become the components; null where it
   * declares none. A canonical constructor that assigns the fields itself is not one.
   */
  ExecutableElement compactConstructor(TypeElement record) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(record.getEnclosedElements())) {
      MethodTree tree = isCanonical(constructor, record) && elements.getOrigin(constructor) != Elements.Origin.MANDATED
          ? trees.getTree(constructor) : null;
      if (tree != null && tree.getBody() != null && !assignsAField(tree.getBody())) {
        return constructor;
      }
    }
    return null;
  }

  /** Whether {@code body} assigns {@code this.name} for some name, as only a constructor that is not compact may. */
  private static boolean assignsAField(Tree body) {
    Boolean found = new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitAssignment(AssignmentTree assignment, Void unused) {
        return assignment.getVariable() instanceof MemberSelectTree select
            && select.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this");
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(body, null);
    return Boolean.TRUE.equals(found);
  }

  /**
   * The {@code this(...)} call that {@code constructor}, a record's constructor of its own, starts
   * with; null where its source is not in the compilation or it starts otherwise.
   */
  MethodInvocationTree delegation(ExecutableElement constructor) {
    MethodTree tree = trees == null ? null : trees.getTree(constructor);
    List<? extends StatementTree> body = tree == null || tree.getBody() == null ? List.of()
        : tree.getBody().getStatements();
    return !body.isEmpty() && body.get(0) instanceof ExpressionStatementTree first
        && first.getExpression() instanceof MethodInvocationTree call && call.getMethodSelect() instanceof
        IdentifierTree self && self.getName().contentEquals("this") ? call : null;
  }

  /** Whether the source of this compilation declares {@code method} (not an accessor javac makes). */
  boolean declares(ExecutableElement method) {
    return trees != null && trees.getTree(method) != null;
  }

  /**
   * The methods {@code name} of {@code arity} parameters that {@code type} declares with a body in
   * this compilation, {@code statics} or instance, not generic.
   */
  List<ExecutableElement> ownMethods(TypeElement type, String name, int arity, boolean statics) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(name) && takes(m, arity)
            && m.getModifiers().contains(Modifier.STATIC) == statics && m.getTypeParameters().isEmpty()
            && trees.getTree(m) != null && trees.getTree(m).getBody() != null)
        .toList();
  }

  /**
   * Whether a call of {@code arity} arguments may call {@code method}: as many as its parameters, or,
   * for an instance method taking {@code double...}, its elements one by one ({@code logPdf(a, b)}).
   */
  private static boolean takes(ExecutableElement method, int arity) {
    int declared = method.getParameters().size();
    return !method.isVarArgs() ? declared == arity
        : !method.getModifiers().contains(Modifier.STATIC) && arity >= declared - 1;
  }

  /**
   * The instance methods {@code name} of {@code arity} parameters that a call on a {@code type}
   * may run, with a body in this compilation: its own, or else the default methods of the
   * interfaces it implements ({@code Payoff.scaled}, whose {@code this} is then the {@code type}),
   * and their private ones, which those call.
   */
  List<ExecutableElement> instanceMethods(TypeElement type, String name, int arity) {
    List<ExecutableElement> own = ownMethods(type, name, arity, false);
    if (!own.isEmpty()) {
      return own;
    }
    List<ExecutableElement> inherited = interfacesOf(type).stream()
        .flatMap(api -> ownMethods(api, name, arity, false).stream())
        .filter(m -> m.getModifiers().contains(Modifier.DEFAULT) || m.getModifiers().contains(Modifier.PRIVATE))
        .distinct().toList();
    // A default that a sub-interface's default overrides is not the type's method.
    return inherited.stream().filter(m -> inherited.stream().noneMatch(other -> other != m
        && elements.overrides(other, m, type))).toList();
  }

  /** Whether {@code type} has an instance method {@code name} of {@code arity} parameters, abstract or not. */
  boolean hasInstanceMethod(TypeElement type, String name, int arity) {
    return ElementFilter.methodsIn(elements.getAllMembers(type)).stream().anyMatch(m -> m.getSimpleName()
        .contentEquals(name) && takes(m, arity) && !m.getModifiers().contains(Modifier.STATIC));
  }

  /** The names of the methods {@link #instanceMethods} may give for {@code type}. */
  Set<String> instanceMethodNames(TypeElement type) {
    Set<String> names = new HashSet<>();
    for (TypeElement owner : concat(type, interfacesOf(type))) {
      ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
          .filter(m -> !instanceMethods(type, m.getSimpleName().toString(), m.getParameters().size()).isEmpty())
          .forEach(m -> names.add(m.getSimpleName().toString()));
    }
    return names;
  }

  private static List<TypeElement> concat(TypeElement first, List<TypeElement> rest) {
    List<TypeElement> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** The interfaces {@code type} implements, directly or through others. */
  private static List<TypeElement> interfacesOf(TypeElement type) {
    List<TypeElement> found = new ArrayList<>();
    for (var api : type.getInterfaces()) {
      TypeElement element = (TypeElement) ((DeclaredType) api).asElement();
      found.add(element);
      found.addAll(interfacesOf(element));
    }
    return found;
  }

  /** The type of the receiver parameter of {@code method}'s derivative code. */
  static Type receiverParameterType(ExecutableElement method) {
    TypeElement type = receiverType(method);
    return Type.other(CodeBlock.of("$T", ClassName.get(type)), false, type.asType());
  }

  /** The constants of {@code method}'s enum that override it in bodies of their own, in declaration order. */
  List<ConstantBody> constantBodies(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    List<ConstantBody> bodies = new ArrayList<>();
    if (owner.getKind() != ElementKind.ENUM) {
      return bodies;
    }
    for (Element constant : owner.getEnclosedElements()) {
      TreePath path = constant.getKind() == ElementKind.ENUM_CONSTANT ? trees.getPath(constant) : null;
      ClassTree body = path != null && path.getLeaf() instanceof VariableTree v
          && v.getInitializer() instanceof NewClassTree created ? created.getClassBody() : null;
      if (body == null) {
        continue;
      }
      for (Tree member : body.getMembers()) {
        // Only a method of the same name and arity may override it. Asking javac for the element of
        // one has it attribute the whole top-level class now, during processing (see MethodPaths).
        boolean mayOverride = member instanceof MethodTree m && m.getName().contentEquals(method.getSimpleName())
            && m.getParameters().size() == method.getParameters().size();
        if (mayOverride) {
          refuseEarlyAttribution(owner, constant, TreePath.getPath(path, member));
        }
        if (mayOverride && trees.getElement(TreePath.getPath(path, member)) instanceof
            ExecutableElement overriding && elements.overrides(overriding, method,
                (TypeElement) overriding.getEnclosingElement())) {
          bodies.add(new ConstantBody(constant.getSimpleName().toString(), overriding));
        }
      }
    }
    return bodies;
  }

  /** The code an enum constant gives a field through its constructor ({@code TANH(Math::tanh)}), in {@code unit}. */
  record ConstantCode(String constant, ExpressionTree code, CompilationUnitTree unit) {}

  /**
   * For a final instance field of an enum ({@link #holdsFunctionOfConstants}), what each constant
   * gives it through its constructor's parameter ({@code TANH(Math::tanh)}, whose constructor says
   * {@code this.f = f}), in declaration order; null code for a constant whose cannot be told from
   * the source. The constructor is the one of the constant's arity (javac has not attributed the
   * constants yet, and asking it to would attribute the enum twice).
   */
  List<ConstantCode> constantCode(VariableElement field) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    List<ConstantCode> given = new ArrayList<>();
    if (trees == null) {
      return given;
    }
    for (Element constant : owner.getEnclosedElements()) {
      if (constant.getKind() != ElementKind.ENUM_CONSTANT) {
        continue;
      }
      TreePath path = trees.getPath(constant);
      ExpressionTree code = path != null && path.getLeaf() instanceof VariableTree v
          && v.getInitializer() instanceof NewClassTree created && created.getClassBody() == null
          ? givenThroughConstructor(field, owner, created) : null;
      given.add(new ConstantCode(constant.getSimpleName().toString(), code,
          path == null ? null : path.getCompilationUnit()));
    }
    return given;
  }

  /** Whether {@code field} is a final instance field of an enum whose type is an interface: one that may hold a function per constant. */
  static boolean holdsFunctionOfConstants(VariableElement field) {
    return field.getEnclosingElement().getKind() == ElementKind.ENUM && !field.getModifiers().contains(Modifier.STATIC)
        && field.getModifiers().contains(Modifier.FINAL) && field.asType() instanceof DeclaredType type
        && type.asElement().getKind() == ElementKind.INTERFACE;
  }

  /** The argument of {@code created} that its constructor assigns {@code field}, or null. */
  private ExpressionTree givenThroughConstructor(VariableElement field, TypeElement owner, NewClassTree created) {
    List<ExecutableElement> constructors = ElementFilter.constructorsIn(owner.getEnclosedElements()).stream()
        .filter(c -> c.getParameters().size() == created.getArguments().size() && !c.isVarArgs())
        .toList();
    MethodTree constructor = constructors.size() == 1 ? trees.getTree(constructors.get(0)) : null;
    if (constructor == null || constructor.getBody() == null) {
      return null;
    }
    String name = field.getSimpleName().toString();
    for (StatementTree s : constructor.getBody().getStatements()) {
      if (s instanceof ExpressionStatementTree statement && statement.getExpression() instanceof AssignmentTree a
          && namesField(a.getVariable(), name) && a.getExpression() instanceof IdentifierTree parameter) {
        for (int i = 0; i < constructor.getParameters().size(); i++) {
          if (constructor.getParameters().get(i).getName().contentEquals(parameter.getName())) {
            return created.getArguments().get(i);
          }
        }
      }
    }
    return null;
  }

  /** Whether {@code target} is {@code name} or {@code this.name}. */
  private static boolean namesField(ExpressionTree target, String name) {
    return target instanceof IdentifierTree id && id.getName().contentEquals(name)
        || target instanceof MemberSelectTree select && select.getIdentifier().contentEquals(name)
            && select.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this");
  }

  /**
   * Refuses to have javac attribute the top-level class of {@code enumType} during processing (which
   * reading the method at {@code override}, in {@code constant}'s body, takes) where that class
   * holds a record that declares its canonical constructor: javac attributes the class again after
   * the round and then refuses the constructor it already completed ("canonical constructor must not
   * contain explicit constructor invocation").
   */
  private void refuseEarlyAttribution(TypeElement enumType, Element constant, TreePath override) {
    TypeElement topLevel = enumType;
    while (topLevel.getEnclosingElement() instanceof TypeElement outer) {
      topLevel = outer;
    }
    Optional<TypeElement> record = recordDeclaringItsConstructor(topLevel);
    if (record.isPresent()) {
      String name = record.get().getSimpleName().toString();
      throw Unsupported.at(override.getLeaf(), override.getCompilationUnit(), "javagrad reads which method "
          + constant.getSimpleName() + "'s body overrides only after javac has attributed "
          + topLevel.getSimpleName() + ", which javac then refuses for the canonical constructor that the record "
          + name + " in it declares (a javac limitation); declare " + enumType.getSimpleName() + " or " + name
          + " in a file of its own");
    }
  }

  /** A record declared in {@code type} (or {@code type} itself), at any depth, that declares its canonical constructor. */
  private Optional<TypeElement> recordDeclaringItsConstructor(TypeElement type) {
    if (type.getKind() == ElementKind.RECORD && ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> elements.getOrigin(c) == Elements.Origin.EXPLICIT && isCanonical(c, type))) {
      return Optional.of(type);
    }
    return ElementFilter.typesIn(type.getEnclosedElements()).stream()
        .map(this::recordDeclaringItsConstructor).flatMap(Optional::stream).findFirst();
  }

  /** Whether the body of {@code method}, of this compilation, mentions {@code null} (a helper that may return it). */
  boolean mentionsNull(ExecutableElement method) {
    MethodTree tree = trees.getTree(method);
    return tree != null && mentionsNull(tree.getBody());
  }

  /**
   * The body of {@code method}, where its source is here, and the values its own {@code return}
   * statements give (not those of the lambdas and classes in it).
   */
  Optional<Returns> returns(ExecutableElement method) {
    MethodTree tree = trees == null ? null : trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return Optional.empty();
    }
    List<ExpressionTree> values = new ArrayList<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(com.sun.source.tree.ReturnTree returned, Void unused) {
        if (returned.getExpression() != null) {
          values.add(returned.getExpression());
        }
        return null;
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree lambda, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree nested, Void unused) {
        return null;
      }
    }.scan(tree.getBody(), null);
    return Optional.of(new Returns(tree.getBody().getStatements(), values));
  }

  /** A method's statements, and the values its returns give. */
  record Returns(List<? extends StatementTree> statements, List<ExpressionTree> values) {}

  /** Whether the source of {@code type} is in this compilation. */
  boolean hasSource(TypeElement type) {
    return trees != null && trees.getTree(type) != null;
  }

  /** Whether the body of {@code method}, where its source is here, names something {@code named} holds of. */
  boolean names(ExecutableElement method, java.util.function.Predicate<ExpressionTree> named) {
    MethodTree tree = trees == null ? null : trees.getTree(method);
    Boolean found = tree == null ? null : new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree name, Void unused) {
        return named.test(name);
      }

      @Override
      public Boolean visitMemberSelect(MemberSelectTree name, Void unused) {
        return named.test(name) || Boolean.TRUE.equals(super.visitMemberSelect(name, unused));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree.getBody(), null);
    return Boolean.TRUE.equals(found);
  }

  /** Whether {@code tree} holds a {@code null} literal. */
  static boolean mentionsNull(Tree tree) {
    Boolean found = new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitLiteral(com.sun.source.tree.LiteralTree literal, Void unused) {
        return literal.getKind() == Tree.Kind.NULL_LITERAL;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** Whether {@code type} implements {@code api}, an interface, itself or through the interfaces it implements. */
  static boolean implementsInterface(TypeElement type, TypeElement api) {
    return interfacesOf(type).contains(api);
  }

  /** Whether {@code constructor} takes the types of {@code record}'s components, in order. */
  static boolean isCanonical(ExecutableElement constructor, TypeElement record) {
    List<String> components = record.getRecordComponents().stream().map(c -> c.asType().toString()).toList();
    return constructor.getParameters().stream().map(p -> p.asType().toString()).toList().equals(components);
  }

  /** The name of the enum constant whose own body declares {@code method}, if one does. */
  Optional<String> constantOf(ExecutableElement method) {
    TreePath path = trees == null ? null : trees.getPath(method);
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof VariableTree constant && p.getParentPath() != null
          && p.getParentPath().getLeaf() instanceof ClassTree) {
        return Optional.of(constant.getName().toString());
      }
    }
    return Optional.empty();
  }

  /**
   * What follows the receiver to read {@code field} of it ({@code .sign}), or, for a record's
   * component, to call its accessor ({@code .a()}); an error where the companion cannot.
   *
   * @param hidden why the companion cannot name {@code field}, if it cannot
   */
  CodeBlock fieldRead(VariableElement field, Optional<String> hidden, Tree site) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    if (owner.getNestingKind() == NestingKind.ANONYMOUS) {
      throw new Unsupported(site, field.getSimpleName() + " is declared in the body of an enum constant, which the"
          + " generated companion holds as an object of the enum and so cannot read it; declare it in the enum itself");
    }
    String display = owner.getSimpleName() + "." + field.getSimpleName();
    if (owner.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement component : owner.getRecordComponents()) {
        if (component.getSimpleName().equals(field.getSimpleName())) {
          if (trees.getTree(component.getAccessor()) != null) {
            throw new Unsupported(site, "the generated companion reads the record component " + display
                + " from outside, through its accessor, and " + owner.getSimpleName() + " declares "
                + field.getSimpleName() + "() itself, which may give another value than the field; call "
                + field.getSimpleName() + "() here instead");
          }
          return CodeBlock.of(".$L()", field.getSimpleName());
        }
      }
    }
    if (hidden.isPresent()) {
      throw new Unsupported(site, display + " cannot be read by the generated companion, a class of its own that"
          + " reads the fields of " + owner.getSimpleName() + " objects from outside, because " + hidden.get()
          + ", or read it through a method the companion can call");
    }
    return CodeBlock.of(".$L", field.getSimpleName());
  }

  /**
   * Java's null check of a call's receiver, where the call's arguments have been evaluated: the
   * derivative code of a method that never reads its receiver would not throw otherwise.
   */
  static Stmt nullCheck(Variable receiver) {
    Expr.Opaque check = new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("$T.requireNonNull(", Objects.class),
        CodeBlock.of(");")), List.of(new Expr.Read(receiver)), false, Term.PRIMARY,
        "java.util.Objects.requireNonNull(this);");
    return new Stmt.RunAsWritten(check, check.source());
  }

  /**
   * Java's choice among the bodies of an enum method {@code method}, translated for its receiver
   * {@code receiver} and parameters {@code parameters}: each constant with a body of its own
   * returns what that body returns, called as a helper; the method's own body (what follows) runs
   * for the others. Where the method is abstract, the last constant needs no test.
   *
   * @param callee the callee of a constant's body, noted for the companion
   */
  List<Stmt> dispatch(ExecutableElement method, Variable receiver, List<Variable> parameters,
      Function<ExecutableElement, Callee> callee) {
    List<ConstantBody> bodies = constantBodies(method);
    if (bodies.isEmpty()) {
      return List.of();
    }
    boolean ownBody = trees.getTree(method).getBody() != null;
    ClassName enumType = ClassName.get((TypeElement) method.getEnclosingElement());
    List<Stmt> choice = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      ConstantBody body = bodies.get(i);
      List<Expr> args = new ArrayList<>();
      args.add(new Expr.Read(receiver));
      parameters.forEach(p -> args.add(new Expr.Read(p)));
      String call = enumType.simpleName() + "." + body.constant() + "." + method.getSimpleName() + "(...)";
      Stmt.Return returned = new Stmt.Return(new Expr.Invoke(callee.apply(body.method()), args), "return " + call + ";");
      if (!ownBody && i == bodies.size() - 1) {
        choice.add(returned);
      } else {
        Expr.Opaque isConstant = new Expr.Opaque(Type.BOOLEAN, List.of(CodeBlock.of(""),
            CodeBlock.of(" == $T.$L", enumType, body.constant())), List.of(new Expr.Read(receiver)), true,
            Term.EQUALITY, "this == " + enumType.simpleName() + "." + body.constant());
        choice.add(new Stmt.If(isConstant, List.of(returned), List.of(), "if (" + isConstant.source() + ")"));
      }
    }
    return choice;
  }
}
