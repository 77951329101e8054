package io.javagrad.processor.front;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The {@code @DerivativeOf} rules: which method each differentiates, whether its shape matches
 * (the target's name and parameters, then {@code double[] grad}, returning {@code double}), and
 * which rules a method's calls use: those of this compilation, and those of the classes its
 * {@code @Differentiable(derivatives = ...)} or its class's {@code @DerivativesFrom} names.
 */
public final class DerivativeRules {
  public static final String DERIVATIVE_OF = "io.javagrad.DerivativeOf";
  public static final String DERIVATIVES_FROM = "io.javagrad.DerivativesFrom";

  private final Types types;
  /** The rules of this compilation whose shape matched, by target. */
  private final Map<ExecutableElement, ExecutableElement> ofCompilation = new LinkedHashMap<>();
  private final Map<TypeElement, Map<ExecutableElement, ExecutableElement>> ofClass = new HashMap<>();

  public DerivativeRules(Types types) {
    this.types = types;
  }

  /** Adds a rule of this compilation; returns why its shape does not match its target, if it does not. */
  public Optional<String> add(ExecutableElement rule) {
    String problem = problem(rule);
    if (problem != null) {
      return Optional.of(problem);
    }
    ofCompilation.put(target(rule), rule);
    return Optional.empty();
  }

  /**
   * Whether javagrad publishes the tangent of {@code rule}, a rule of this compilation, in the
   * companion of its class, for the second derivatives of callers compiled later: its target takes
   * doubles alone, whose tangents the gradient's slots multiply one by one.
   */
  public boolean hasPublishableTangent(ExecutableElement rule) {
    ExecutableElement target = target(rule);
    return target != null && !target.getParameters().isEmpty()
        && target.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.DOUBLE);
  }

  /** The rules the calls of {@code method} use, by target. */
  Map<ExecutableElement, ExecutableElement> forCaller(ExecutableElement method) {
    Map<ExecutableElement, ExecutableElement> rules = new LinkedHashMap<>(ofCompilation);
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    for (TypeElement named : classesNamed(owner, DERIVATIVES_FROM, "value")) {
      rules.putAll(rulesOf(named));
    }
    for (TypeElement named : classesNamed(method, AnnotatedMethods.DIFFERENTIABLE, "derivatives")) {
      rules.putAll(rulesOf(named));
    }
    return rules;
  }

  private Map<ExecutableElement, ExecutableElement> rulesOf(TypeElement type) {
    return ofClass.computeIfAbsent(type, t -> {
      Map<ExecutableElement, ExecutableElement> rules = new LinkedHashMap<>();
      for (Element e : t.getEnclosedElements()) {
        if (e instanceof ExecutableElement rule && annotation(rule, DERIVATIVE_OF) != null && problem(rule) == null) {
          rules.put(target(rule), rule);
        }
      }
      return rules;
    });
  }

  /** Why {@code rule} does not have the shape of a rule for a method of the class it names, or null. */
  private String problem(ExecutableElement rule) {
    String shape = "a @DerivativeOf rule has its target's name and parameters followed by double[] grad, and returns"
        + " the target's double value";
    if (!rule.getModifiers().contains(Modifier.STATIC)) {
      return "a @DerivativeOf rule must be static";
    }
    List<? extends TypeMirror> parameters = rule.getParameters().stream().map(p -> p.asType()).toList();
    if (parameters.isEmpty() || !(parameters.get(parameters.size() - 1) instanceof ArrayType array)
        || array.getComponentType().getKind() != TypeKind.DOUBLE) {
      return rule.getSimpleName() + " does not end with a double[] grad parameter: " + shape;
    }
    if (rule.getReturnType().getKind() != TypeKind.DOUBLE) {
      return rule.getSimpleName() + " returns " + rule.getReturnType() + ", not double: " + shape;
    }
    for (TypeMirror p : parameters.subList(0, parameters.size() - 1)) {
      if (p.getKind() == TypeKind.FLOAT || AnnotatedMethods.typeOf(p).isEmpty()) {
        return rule.getSimpleName() + " takes a " + p + ": a rule's target may take double, double[] and double[][]"
            + " (differentiated: grad has a slot for each double and each element, in order) and int, long, boolean,"
            + " their arrays or objects (not differentiated)";
      }
    }
    TypeElement owner = targetClass(rule);
    if (owner == null) {
      return "@DerivativeOf must name the class that declares the target";
    }
    if (target(rule) == null) {
      String signature = rule.getSimpleName() + parameters.subList(0, parameters.size() - 1).toString()
          .replace('[', '(').replace(']', ')');
      return owner.getSimpleName() + " has no static double method " + signature + " for this rule: " + shape;
    }
    return null;
  }

  /** The method of the named class with the rule's name and its parameters but the last, or null. */
  private ExecutableElement target(ExecutableElement rule) {
    TypeElement owner = targetClass(rule);
    if (owner == null) {
      return null;
    }
    int arity = rule.getParameters().size() - 1;
    for (Element e : owner.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().equals(rule.getSimpleName())
          && e.getModifiers().contains(Modifier.STATIC) && e instanceof ExecutableElement target
          && target.getReturnType().getKind() == TypeKind.DOUBLE && target.getParameters().size() == arity
          && sameParameters(target, rule, arity)) {
        return target;
      }
    }
    return null;
  }

  private boolean sameParameters(ExecutableElement target, ExecutableElement rule, int arity) {
    for (int i = 0; i < arity; i++) {
      if (!types.isSameType(types.erasure(target.getParameters().get(i).asType()),
          types.erasure(rule.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  private static TypeElement targetClass(ExecutableElement rule) {
    List<TypeElement> named = classesNamed(rule, DERIVATIVE_OF, "value");
    return named.isEmpty() ? null : named.get(0);
  }

  /** The classes an annotation's {@code Class} or {@code Class[]} member names. */
  private static List<TypeElement> classesNamed(Element annotated, String annotation, String member) {
    AnnotationMirror mirror = annotation(annotated, annotation);
    List<TypeElement> classes = new ArrayList<>();
    if (mirror == null) {
      return classes;
    }
    mirror.getElementValues().forEach((key, value) -> {
      if (key.getSimpleName().contentEquals(member)) {
        addClasses(value.getValue(), classes);
      }
    });
    return classes;
  }

  private static void addClasses(Object value, List<TypeElement> classes) {
    if (value instanceof DeclaredType type && type.asElement() instanceof TypeElement element) {
      classes.add(element);
    } else if (value instanceof List<?> list) {
      list.forEach(item -> addClasses(((AnnotationValue) item).getValue(), classes));
    }
  }

  private static AnnotationMirror annotation(Element e, String name) {
    for (AnnotationMirror mirror : e.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(name)) {
        return mirror;
      }
    }
    return null;
  }
}
