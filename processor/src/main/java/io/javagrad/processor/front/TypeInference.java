package io.javagrad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WildcardTree;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The type javac will give an expression of code run as written, worked out from the declarations
 * it names, since bodies are not attributed yet when processors run. It covers what numeric code
 * writes (literals, variables, fields, calls on classes and on typed variables, array elements,
 * operators, casts); where it cannot tell, it says so with null, and the caller asks the user for
 * a local of the type.
 */
final class TypeInference {
  private final Scope scope;
  private final NameResolver names;
  private final NameTranslator qualifiers;
  private final Elements elements;
  private final Types types;
  /** The locals of the switch arm whose yield is being typed, by name: the scope has not declared them. */
  private Map<String, TypeMirror> armLocals = Map.of();

  TypeInference(Scope scope, NameResolver names, NameTranslator qualifiers, Elements elements, Types types) {
    this.scope = scope;
    this.names = names;
    this.qualifiers = qualifiers;
    this.elements = elements;
    this.types = types;
  }

  /** The type of {@code tree}, or null where it cannot be told. */
  TypeMirror typeOf(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case INT_LITERAL -> primitive(TypeKind.INT);
      case LONG_LITERAL -> primitive(TypeKind.LONG);
      case FLOAT_LITERAL -> primitive(TypeKind.FLOAT);
      case DOUBLE_LITERAL -> primitive(TypeKind.DOUBLE);
      case BOOLEAN_LITERAL, LOGICAL_COMPLEMENT, INSTANCE_OF, CONDITIONAL_AND, CONDITIONAL_OR, LESS_THAN,
          LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO -> primitive(TypeKind.BOOLEAN);
      case CHAR_LITERAL -> primitive(TypeKind.CHAR);
      case STRING_LITERAL -> string();
      case PARENTHESIZED -> typeOf(((ParenthesizedTree) tree).getExpression());
      case IDENTIFIER -> identifier((IdentifierTree) tree);
      case MEMBER_SELECT -> memberSelect((MemberSelectTree) tree);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case ARRAY_ACCESS -> element((ArrayAccessTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case NEW_CLASS -> declared(((NewClassTree) tree).getIdentifier());
      case NEW_ARRAY -> newArray((NewArrayTree) tree);
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case UNARY_MINUS, UNARY_PLUS, BITWISE_COMPLEMENT, PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT,
          POSTFIX_DECREMENT -> unaryPromoted(typeOf(((UnaryTree) tree).getExpression()));
      case LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> unaryPromoted(typeOf(((BinaryTree) tree).getLeftOperand()));
      case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER, AND, OR, XOR -> binary((BinaryTree) tree);
      case SWITCH_EXPRESSION -> switchResult((com.sun.source.tree.SwitchExpressionTree) tree);
      default -> null;
    };
  }

  /** {@code new T[n][m]}, or {@code new T[] {..}} whose element type {@code T} may itself be an array. */
  private TypeMirror newArray(NewArrayTree tree) {
    TypeMirror type = tree.getType() == null ? null : declaredType(tree.getType());
    int dimensions = Math.max(tree.getDimensions().size(), 1);
    for (int i = 0; type != null && i < dimensions; i++) {
      type = types.getArrayType(type);
    }
    return type;
  }

  /**
   * The promoted type of a switch expression's arms: each rule's value, or its block's final yield,
   * read with the block's own locals known ({@code { double t = x * x; yield t + 1; }}); an arm whose
   * value cannot be told (a throw) is left to the others.
   */
  private TypeMirror switchResult(com.sun.source.tree.SwitchExpressionTree tree) {
    TypeMirror result = null;
    for (com.sun.source.tree.CaseTree c : tree.getCases()) {
      ExpressionTree value = armValue(c);
      TypeMirror arm = value == null ? null : withArmLocals(armStatements(c), () -> typeOf(value));
      if (arm != null) {
        result = result == null ? arm : promoted(result, arm);
        if (result == null) {
          return null;
        }
      }
    }
    return result;
  }

  private static ExpressionTree armValue(com.sun.source.tree.CaseTree c) {
    if (c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE && c.getBody() instanceof ExpressionTree value) {
      return value;
    }
    List<? extends com.sun.source.tree.StatementTree> statements = armStatements(c);
    if (statements.isEmpty()) {
      return null;
    }
    return statements.get(statements.size() - 1) instanceof com.sun.source.tree.YieldTree yield
        ? yield.getValue() : null;
  }

  /** The statements of an arm's block, or of an old-style case; none for an arm that is an expression. */
  private static List<? extends com.sun.source.tree.StatementTree> armStatements(com.sun.source.tree.CaseTree c) {
    Tree body = c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE ? c.getBody() : null;
    List<? extends com.sun.source.tree.StatementTree> statements = body instanceof com.sun.source.tree.BlockTree block
        ? block.getStatements() : body == null ? c.getStatements() : null;
    return statements == null ? List.of() : statements;
  }

  /**
   * {@code typing}'s result with the locals {@code statements} declare known by their declared types
   * (or, for {@code var}, their initializers'), as the arm's final yield sees them.
   */
  private TypeMirror withArmLocals(List<? extends com.sun.source.tree.StatementTree> statements,
      java.util.function.Supplier<TypeMirror> typing) {
    Map<String, TypeMirror> outer = armLocals;
    armLocals = new HashMap<>(outer);
    try {
      for (com.sun.source.tree.StatementTree statement : statements) {
        if (statement instanceof com.sun.source.tree.VariableTree local) {
          TypeMirror type = local.getType() == null || local.getType().toString().equals("var")
              ? local.getInitializer() == null ? null : typeOf(local.getInitializer())
              : declaredType(local.getType());
          armLocals.put(local.getName().toString(), type);
        }
      }
      return typing.get();
    } finally {
      armLocals = outer;
    }
  }



  private TypeMirror primitive(TypeKind kind) {
    return types.getPrimitiveType(kind);
  }

  private TypeMirror string() {
    return elements.getTypeElement("java.lang.String").asType();
  }

  private TypeMirror identifier(IdentifierTree tree) {
    if (armLocals.containsKey(tree.getName().toString())) {
      return armLocals.get(tree.getName().toString());
    }
    if (tree.getName().contentEquals("this") && scope.receiver() != null) {
      return scope.receiver().type().mirror();
    }
    Variable local = scope.get(tree.getName().toString());
    if (local != null) {
      return local.type().mirror(types);
    }
    RecordValue record = scope.record(tree.getName().toString());
    if (record != null) {
      return record.type().asType();
    }
    Scope.Binding binding = scope.binding(tree.getName().toString());
    if (binding != null) {
      return binding.type();
    }
    FunctionValue function = scope.function(tree.getName().toString());
    if (function != null) {
      return function.type();
    }
    return names.field(tree.getName().toString()).map(Element::asType).orElse(null);
  }

  private TypeMirror memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    Optional<TypeElement> owner = qualifiers.typeNamed(tree.getExpression());
    if (owner.isPresent()) {
      return names.fieldOf(owner.get(), member).map(Element::asType).orElse(null);
    }
    TypeMirror qualifier = typeOf(tree.getExpression());
    if (qualifier instanceof ArrayType && member.equals("length")) {
      return primitive(TypeKind.INT);
    }
    if (qualifier instanceof DeclaredType declared) {
      return ElementFilter.fieldsIn(elements.getAllMembers((TypeElement) declared.asElement())).stream()
          .filter(f -> f.getSimpleName().contentEquals(member))
          .findFirst()
          .map(f -> types.asMemberOf(declared, f))
          .orElse(null);
    }
    return null;
  }

  /** A call's result: that of every method the call may invoke, where they agree. */
  private TypeMirror invocation(MethodInvocationTree tree) {
    List<? extends ExpressionTree> arity = tree.getArguments();
    ExpressionTree select = tree.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      return agreedResult(names.methods(id.getName().toString()), arity, null);
    }
    if (!(select instanceof MemberSelectTree member)) {
      return null;
    }
    String name = member.getIdentifier().toString();
    Optional<TypeElement> owner = qualifiers.typeNamed(member.getExpression());
    if (owner.isPresent()) {
      return agreedResult(names.methodsOf(owner.get(), name), arity, null);
    }
    TypeMirror receiver = typeOf(member.getExpression());
    if (receiver instanceof ArrayType && name.equals("clone") && arity.isEmpty()) {
      return receiver; // an array's clone() returns the array's own type (JLS 10.7), not Object
    }
    if (receiver instanceof DeclaredType declared) {
      return agreedResult(names.methodsOf((TypeElement) declared.asElement(), name), arity, declared);
    }
    return null;
  }

  /**
   * The result of the overloads that the arguments' types admit, where they agree: {@code
   * Math.signum(x)} of a double is a double, whatever {@code Math.signum(float)} gives.
   */
  private TypeMirror agreedResult(List<ExecutableElement> methods, List<? extends ExpressionTree> arguments,
      DeclaredType receiver) {
    List<TypeMirror> argumentTypes = arguments.stream().map(this::typeOf).toList();
    List<ExecutableElement> exact = methods.stream().filter(m -> takes(m, argumentTypes, true)).toList();
    List<ExecutableElement> applicable = exact.isEmpty()
        ? mostSpecific(methods.stream().filter(m -> takes(m, argumentTypes, false)).toList()) : exact;
    TypeMirror agreed = null;
    for (ExecutableElement m : applicable) {
      TypeMirror declared = receiver == null ? m.getReturnType()
          : ((javax.lang.model.type.ExecutableType) types.asMemberOf(receiver, m)).getReturnType();
      TypeMirror result = declared.getKind() == TypeKind.TYPEVAR ? argumentOfType(m, declared, argumentTypes) : declared;
      if (result == null || result.getKind() == TypeKind.TYPEVAR || agreed != null && !types.isSameType(agreed, result)) {
        return null;
      }
      agreed = result;
    }
    return agreed;
  }

  /**
   * What the method's type variable {@code variable} stands for, where parameters declared of that
   * very type take arguments of one known type: {@code notNull(T value, String name)} given a
   * {@code List<String>} returns one, as argument checks return what they check. Else null.
   */
  private TypeMirror argumentOfType(ExecutableElement method, TypeMirror variable, List<TypeMirror> argumentTypes) {
    TypeMirror found = null;
    List<? extends javax.lang.model.element.VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size() && i < argumentTypes.size(); i++) {
      if (!types.isSameType(parameters.get(i).asType(), variable)) {
        continue;
      }
      TypeMirror argument = argumentTypes.get(i);
      if (argument == null || found != null && !types.isSameType(found, argument)) {
        return null;
      }
      found = argument;
    }
    return found != null && found.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) found)
        .asType() : found;
  }

  /** Those of {@code methods} that no other is strictly more specific than (JLS 15.12.2.5). */
  private List<ExecutableElement> mostSpecific(List<ExecutableElement> methods) {
    return methods.stream()
        .filter(m -> methods.stream().noneMatch(other -> other != m && isMoreSpecific(other, m)
            && !isMoreSpecific(m, other)))
        .toList();
  }

  private boolean isMoreSpecific(ExecutableElement m1, ExecutableElement m2) {
    if (m1.getParameters().size() != m2.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < m1.getParameters().size(); i++) {
      if (!types.isAssignable(types.erasure(m1.getParameters().get(i).asType()),
          types.erasure(m2.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code method} takes arguments of these types, the same types if {@code exactly}; unknown ones match. */
  private boolean takes(ExecutableElement method, List<TypeMirror> argumentTypes, boolean exactly) {
    if (method.getParameters().size() != argumentTypes.size()) {
      return method.isVarArgs() && !exactly;
    }
    // As many arguments as parameters may still be a variable-arity call: v(x) of v(double... xs).
    return takesEach(method, argumentTypes, exactly, false)
        || method.isVarArgs() && !exactly && takesEach(method, argumentTypes, false, true);
  }

  /** Whether each argument fits its parameter; the last parameter's elements, with {@code spread}. */
  private boolean takesEach(ExecutableElement method, List<TypeMirror> argumentTypes, boolean exactly, boolean spread) {
    int last = argumentTypes.size() - 1;
    for (int i = 0; i < argumentTypes.size(); i++) {
      TypeMirror argument = argumentTypes.get(i);
      TypeMirror declared = types.erasure(method.getParameters().get(i).asType());
      TypeMirror parameter = spread && i == last && declared instanceof ArrayType array ? array.getComponentType()
          : declared;
      if (argument != null && !(exactly ? types.isSameType(argument, parameter)
          : types.isAssignable(argument, parameter))) {
        return false;
      }
    }
    return true;
  }

  private TypeMirror element(ArrayAccessTree tree) {
    return typeOf(tree.getExpression()) instanceof ArrayType array ? array.getComponentType() : null;
  }

  private TypeMirror cast(TypeCastTree tree) {
    return tree.getType() instanceof PrimitiveTypeTree p ? primitive(p.getPrimitiveTypeKind()) : declared(tree.getType());
  }

  /**
   * The type of the elements of the collection {@code iterable}, as a for-each's {@code var}
   * gets it (the upper bound of a wildcard), or null where it cannot be told.
   */
  TypeMirror elementOf(ExpressionTree iterable) {
    TypeElement iterableType = elements.getTypeElement("java.lang.Iterable");
    TypeMirror type = typeOf(iterable);
    while (type instanceof DeclaredType declared
        && !types.isSameType(types.erasure(declared), types.erasure(iterableType.asType()))) {
      type = types.directSupertypes(declared).stream()
          .filter(t -> types.isSubtype(types.erasure(t), types.erasure(iterableType.asType())))
          .findFirst()
          .orElse(null);
    }
    if (!(type instanceof DeclaredType declared) || declared.getTypeArguments().size() != 1) {
      return null;
    }
    TypeMirror element = declared.getTypeArguments().get(0);
    if (element instanceof javax.lang.model.type.WildcardType wildcard) {
      element = wildcard.getExtendsBound();
    }
    return element == null || element.getKind() != TypeKind.DECLARED && element.getKind() != TypeKind.ARRAY ? null
        : element;
  }

  /** The type a declaration's type names, where it can be told (a primitive, a class, with its type arguments). */
  TypeMirror declaredType(Tree typeTree) {
    if (typeTree instanceof PrimitiveTypeTree p) {
      return primitive(p.getPrimitiveTypeKind());
    }
    if (typeTree instanceof com.sun.source.tree.ArrayTypeTree array) {
      TypeMirror component = declaredType(array.getType());
      return component == null ? null : types.getArrayType(component);
    }
    return declared(typeTree);
  }

  /**
   * A class type as the source names it: {@code Cashflow}, {@code Map.Entry}, with its type
   * arguments ({@code Map.Entry<String, Double>}, {@code List<? extends Trade>}), so that the
   * results of its methods are known; erased where an argument cannot be told.
   */
  private TypeMirror declared(Tree typeTree) {
    if (typeTree instanceof ParameterizedTypeTree parameterized) {
      TypeElement element = classNamed(parameterized.getType());
      List<TypeMirror> arguments = parameterized.getTypeArguments().stream().map(this::typeArgument).toList();
      boolean known = element != null && !arguments.contains(null)
          && arguments.size() == element.getTypeParameters().size();
      return known ? types.getDeclaredType(element, arguments.toArray(TypeMirror[]::new))
          : element == null ? null : types.erasure(element.asType());
    }
    TypeElement element = classNamed(typeTree);
    return element == null ? null : types.erasure(element.asType());
  }

  private TypeElement classNamed(Tree typeTree) {
    if (typeTree instanceof IdentifierTree id) {
      return names.type(id.getName().toString()).orElse(null);
    }
    return typeTree instanceof MemberSelectTree select ? qualifiers.typeNamed(select).orElse(null) : null;
  }

  private TypeMirror typeArgument(Tree tree) {
    if (!(tree instanceof WildcardTree wildcard)) {
      return declaredType(tree);
    }
    TypeMirror bound = wildcard.getBound() == null ? null : declaredType(wildcard.getBound());
    return switch (wildcard.getKind()) {
      case UNBOUNDED_WILDCARD -> types.getWildcardType(null, null);
      case EXTENDS_WILDCARD -> bound == null ? null : types.getWildcardType(bound, null);
      default -> bound == null ? null : types.getWildcardType(null, bound);
    };
  }

  private TypeMirror binary(BinaryTree tree) {
    TypeMirror left = typeOf(tree.getLeftOperand());
    TypeMirror right = typeOf(tree.getRightOperand());
    if (tree.getKind() == Tree.Kind.PLUS && (isString(left) || isString(right))) {
      return string();
    }
    return promoted(left, right);
  }

  private boolean isString(TypeMirror type) {
    return type != null && types.isSameType(type, string());
  }

  /** Binary numeric promotion (JLS 5.6.2), of unboxed operands; booleans stay boolean. */
  private TypeMirror promoted(TypeMirror left, TypeMirror right) {
    TypeMirror a = unboxed(left);
    TypeMirror b = unboxed(right);
    if (a == null || b == null) {
      return null;
    }
    if (a.getKind() == TypeKind.BOOLEAN && b.getKind() == TypeKind.BOOLEAN) {
      return a;
    }
    for (TypeKind kind : List.of(TypeKind.DOUBLE, TypeKind.FLOAT, TypeKind.LONG)) {
      if (a.getKind() == kind || b.getKind() == kind) {
        return primitive(kind);
      }
    }
    return a.getKind().isPrimitive() && b.getKind().isPrimitive() ? primitive(TypeKind.INT) : null;
  }

  /**
   * A conditional's type: its arms' promoted type where they are numbers or booleans; where they are
   * references that do not unbox ({@code flag ? a : b} of two double[]), the one the other arm is
   * assignable to; null where neither is.
   */
  private TypeMirror conditional(ConditionalExpressionTree tree) {
    TypeMirror ifTrue = typeOf(tree.getTrueExpression());
    TypeMirror ifFalse = typeOf(tree.getFalseExpression());
    if (isPlainReference(ifTrue) && isPlainReference(ifFalse)) {
      return types.isAssignable(ifFalse, ifTrue) ? ifTrue : types.isAssignable(ifTrue, ifFalse) ? ifFalse : null;
    }
    return promoted(ifTrue, ifFalse);
  }

  private boolean isPlainReference(TypeMirror type) {
    return type != null && !type.getKind().isPrimitive() && unboxed(type) == type;
  }

  private TypeMirror unaryPromoted(TypeMirror operand) {
    TypeMirror type = unboxed(operand);
    if (type == null || !type.getKind().isPrimitive()) {
      return null;
    }
    return switch (type.getKind()) {
      case BYTE, SHORT, CHAR -> primitive(TypeKind.INT);
      default -> type;
    };
  }

  private TypeMirror unboxed(TypeMirror type) {
    if (type == null || type.getKind().isPrimitive()) {
      return type;
    }
    try {
      return types.unboxedType(type);
    } catch (IllegalArgumentException notBoxed) {
      return type;
    }
  }
}
