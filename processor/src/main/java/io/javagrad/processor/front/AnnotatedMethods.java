package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The first step: finds what {@code @Differentiable} marks and checks that its signature is one the
 * contract covers, before anyone looks at a body.
 */
public final class AnnotatedMethods {
  public static final String DIFFERENTIABLE = "io.javagrad.Differentiable";
  public static final String NO_DERIVATIVE = "io.javagrad.NoDerivative";

  private AnnotatedMethods() {}

  /** Something wrong with a {@code @Differentiable} method, at the element it concerns. */
  public record Problem(Element element, String message) {}

  /**
   * What is wrong with {@code element} as a {@code @Differentiable} method, one problem each;
   * empty when it can be differentiated.
   */
  public static List<Problem> problems(Element element) {
    List<Problem> problems = new ArrayList<>();
    if (!(element instanceof ExecutableElement method) || element.getKind() != ElementKind.METHOD) {
      problems.add(new Problem(element, "@Differentiable applies to static methods only"));
      return problems;
    }
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      problems.add(new Problem(method, "@Differentiable methods must be static: instance methods are not supported"));
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add(new Problem(method, "@Differentiable methods must not be private: the generated companion"
          + " calls them from outside the class"));
    }
    if (method.getReturnType().getKind() != TypeKind.DOUBLE && !isVectorValued(method)) {
      problems.add(new Problem(method, "@Differentiable methods must return double, not " + method.getReturnType()
          + ", or double[] (a vector-valued method, whose companion gives its Jacobian)"
          + (typeOf(method.getReturnType()).orElse(null) == io.javagrad.processor.ir.Type.DOUBLE_MATRIX
          ? "; a double[][] is not supported: return its rows one after the other in one double[]" : "")));
    }
    for (VariableElement p : method.getParameters()) {
      Optional<io.javagrad.processor.ir.Type> type = typeOf(p.asType());
      if (type.isEmpty()) {
        problems.add(new Problem(p, "parameter " + p.getSimpleName() + " has type " + p.asType()
            + ", which is not supported yet: a @Differentiable method differentiates double and double[]"
            + " parameters, and passes parameters of any other type through"));
      }
    }
    if (!method.getTypeParameters().isEmpty()) {
      problems.add(new Problem(method, "@Differentiable methods cannot be generic (" + method.getTypeParameters()
          .stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"))
          + "): the companion's entry points and the dynamic twin would have to declare its type variables;"
          + " declare each parameter of a type variable by its bound (Object where it has none) instead"));
    }
    List<String> checked = method.getThrownTypes().stream().filter(AnnotatedMethods::isChecked)
        .map(TypeMirror::toString).toList();
    if (!checked.isEmpty()) {
      problems.add(new Problem(method, "@Differentiable methods cannot throw checked exceptions, as this one declares ("
          + String.join(", ", checked) + "): the companion's entry points run the method's code, and would have to"
          + " declare them too; throw an unchecked exception (an IllegalArgumentException, an UncheckedIOException)"));
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
        problems.add(new Problem(method, "@Differentiable methods must be declared in a top-level or member"
            + " class, not a " + type.getNestingKind().toString().toLowerCase(java.util.Locale.ROOT) + " class"));
      } else if (type.getModifiers().contains(Modifier.PRIVATE)) {
        problems.add(new Problem(method, "class " + type.getSimpleName() + " is private; the companion class must"
            + " be able to refer to it: make it package-private"));
      }
    }
    return problems;
  }

  /** Whether {@code thrown} is a checked exception: neither a RuntimeException nor an Error. */
  private static boolean isChecked(TypeMirror thrown) {
    for (TypeMirror t = thrown; t instanceof DeclaredType declared; t = ((TypeElement) declared.asElement())
        .getSuperclass()) {
      String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
      if (name.equals(RuntimeException.class.getName()) || name.equals(Error.class.getName())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code element} is a method whose signature names a type javac could not resolve (a missing import). */
  public static boolean namesUnresolvedType(Element element) {
    return element instanceof ExecutableElement method && (isUnresolved(method.getReturnType())
        || method.getParameters().stream().anyMatch(p -> isUnresolved(p.asType())));
  }

  private static boolean isUnresolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return isUnresolved(array.getComponentType());
    }
    if (type instanceof javax.lang.model.type.WildcardType wildcard) {
      return wildcard.getExtendsBound() != null && isUnresolved(wildcard.getExtendsBound())
          || wildcard.getSuperBound() != null && isUnresolved(wildcard.getSuperBound());
    }
    return type instanceof DeclaredType declared && declared.getTypeArguments().stream().anyMatch(AnnotatedMethods::isUnresolved);
  }

  /** Whether {@code method} returns a {@code double[]}: a vector-valued method. */
  public static boolean isVectorValued(ExecutableElement method) {
    return typeOf(method.getReturnType()).orElse(null) == io.javagrad.processor.ir.Type.DOUBLE_ARRAY;
  }

  public static boolean isAnnotated(Element element, String annotation) {
    return element.getAnnotationMirrors().stream()
        .anyMatch(a -> a.getAnnotationType().toString().equals(annotation));
  }

  /** Whether {@code parameter} is a constant input of a {@code @Differentiable} method. */
  public static boolean isConstantInput(VariableElement parameter) {
    return isAnnotated(parameter, NO_DERIVATIVE);
  }

  /**
   * What is wrong with {@code @NoDerivative} on {@code parameter}, as an error, or null.
   * Warnings (the annotation on a parameter that is never differentiated) are {@link
   * #noDerivativeWarning}'s.
   */
  public static String noDerivativeError(VariableElement parameter) {
    Element method = parameter.getEnclosingElement();
    if (!(method instanceof ExecutableElement executable) || !isAnnotated(executable, DIFFERENTIABLE)) {
      return "@NoDerivative marks a constant input of a @Differentiable method, but "
          + method.getSimpleName() + " is not @Differentiable";
    }
    return null;
  }

  /** The warning for {@code @NoDerivative} on a parameter that is never differentiated, or null. */
  public static String noDerivativeWarning(VariableElement parameter) {
    Optional<io.javagrad.processor.ir.Type> type = typeOf(parameter.asType());
    if (type.isPresent() && !type.get().isDifferentiable()) {
      return "@NoDerivative has no effect on " + parameter.getSimpleName() + ": a " + parameter.asType()
          + " parameter is never differentiated; only double, double[] and double[][] parameters can be constant inputs";
    }
    return null;
  }

  /**
   * The intermediate-form type of a Java type, if a differentiable method may use it: any type but
   * arrays of arrays of arrays, whose elements would carry derivatives the method cannot follow yet.
   */
  public static Optional<io.javagrad.processor.ir.Type> typeOf(TypeMirror type) {
    return Optional.ofNullable(switch (type.getKind()) {
      case DOUBLE -> io.javagrad.processor.ir.Type.DOUBLE;
      case INT -> io.javagrad.processor.ir.Type.INT;
      case LONG -> io.javagrad.processor.ir.Type.LONG;
      case BOOLEAN -> io.javagrad.processor.ir.Type.BOOLEAN;
      case ARRAY -> arrayType((ArrayType) type);
      default -> other(type);
    });
  }

  private static io.javagrad.processor.ir.Type arrayType(ArrayType type) {
    TypeMirror component = type.getComponentType();
    if (component.getKind() == TypeKind.DOUBLE) {
      return io.javagrad.processor.ir.Type.DOUBLE_ARRAY;
    }
    if (component instanceof ArrayType nested && nested.getComponentType().getKind() == TypeKind.DOUBLE) {
      return io.javagrad.processor.ir.Type.DOUBLE_MATRIX;
    }
    // Deeper arrays (double[][][]) would carry derivatives the method cannot follow.
    boolean deeper = component instanceof ArrayType nested && nested.getComponentType() instanceof ArrayType;
    return deeper ? null : other(type);
  }

  private static io.javagrad.processor.ir.Type other(TypeMirror type) {
    return io.javagrad.processor.ir.Type.other(CodeBlock.of("$T", TypeName.get(type)), type.getKind().isPrimitive(),
        type);
  }

  /**
   * Methods whose companion entry points would have the same signature as another's, each with a
   * message naming both: the companion of a class holds four entry points per method, so two
   * overloads that differ only where the companion adds parameters would collide.
   */
  public static java.util.Map<ExecutableElement, String> companionClashes(java.util.Collection<ExecutableElement> methods) {
    java.util.Map<String, ExecutableElement> seen = new java.util.HashMap<>();
    java.util.Map<ExecutableElement, String> clashes = new java.util.LinkedHashMap<>();
    for (ExecutableElement method : methods) {
      for (String signature : companionSignatures(method)) {
        ExecutableElement other = seen.putIfAbsent(signature, method);
        if (other != null && other != method) {
          String message = "the companion methods of " + describe(method) + " and " + describe(other)
              + " would clash (both need " + signature + "); rename one of them";
          clashes.put(method, message);
          clashes.putIfAbsent(other, message);
        }
      }
    }
    return clashes;
  }

  /**
   * Classes whose companion would have the name of another class's companion, each with a message
   * naming both: {@code p.A.B} and {@code p.A_B} both get {@code p.A_BGrad}. A name goes to the
   * first class that needs it: in {@code earlier} (companions of earlier rounds, by name, each with
   * its class), else in the order of {@code methods}.
   */
  public static java.util.Map<TypeElement, String> companionNameClashes(java.util.Collection<ExecutableElement> methods,
      java.util.Map<String, String> earlier) {
    java.util.Map<String, String> classOfCompanion = new java.util.HashMap<>(earlier);
    java.util.Map<TypeElement, String> clashes = new java.util.LinkedHashMap<>();
    for (ExecutableElement method : methods) {
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      String name = owner.getQualifiedName().toString();
      String companion = CalleeResolver.companionOf(owner).canonicalName();
      String first = classOfCompanion.putIfAbsent(companion, name);
      if (first != null && !first.equals(name)) {
        clashes.put(owner, "the companion of " + name + " would be " + companion + ", which is already the"
            + " companion of " + first + " (a nested class's companion joins the names of its enclosing classes"
            + " with _); rename one of the two classes");
      }
    }
    return clashes;
  }

  private static List<String> companionSignatures(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String prefix = owner.getQualifiedName() + "#";
    String name = method.getSimpleName().toString();
    List<String> plain = new ArrayList<>();
    List<String> twin = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      String type = p.asType().toString();
      plain.add(type);
      boolean differentiated = !isConstantInput(p);
      twin.add(differentiated && type.equals("double") ? "Value"
          : differentiated && type.equals("double[]") ? "Value[]" : type);
    }
    if (isVectorValued(method)) {
      List<String> twoBuffers = new ArrayList<>(plain);
      twoBuffers.addAll(List.of("double[]", "double[]"));
      List<String> jacobian = new ArrayList<>(plain);
      jacobian.add("double[][]");
      return List.of(
          prefix + name + "(" + String.join(", ", jacobian) + ")",
          prefix + name + "(" + String.join(", ", twin) + ")",
          prefix + name + "_vjp(" + String.join(", ", twoBuffers) + ")",
          prefix + name + "_jvp(" + String.join(", ", twoBuffers) + ")");
    }
    List<String> withBuffer = new ArrayList<>(plain);
    withBuffer.add("double[]");
    List<String> pullback = new ArrayList<>(plain);
    pullback.addAll(List.of("double", "double[]", "int"));
    return List.of(
        prefix + name + "(" + String.join(", ", withBuffer) + ")",
        prefix + name + "(" + String.join(", ", plain) + ")",
        prefix + name + "(" + String.join(", ", twin) + ")",
        prefix + CalleeResolver.pullbackName(name) + "(" + String.join(", ", pullback) + ")");
  }

  private static String describe(ExecutableElement method) {
    return method.getSimpleName() + "(" + method.getParameters().stream().map(p -> p.asType().toString())
        .collect(Collectors.joining(", ")) + ")";
  }
}
