package io.javagrad.processor.front;

import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreeScanner;
import java.util.Optional;
import javax.lang.model.type.TypeMirror;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * What to write instead, for the shapes of code run as written that numeric Java writes most and
 * javagrad cannot follow: a lambda given to a library method ({@code Arrays.setAll(out, i -> ...)}),
 * a stream collected into an array, a helper of the compilation returning an object (a record
 * holding a value and its derivative), an object made of values ({@code new Rates(beta,
 * gamma)}), a value kept by a collection ({@code list.add(y)}), and a {@code try} statement
 * computing a value with a derivative. Each stands for a loop or a double the user can write; the
 * generic remedy (annotate the callee, or declare its derivative) does not apply to them.
 */
final class LostDerivativeRemedies {
  /** The methods by which a collection or a map of java.util keeps what it is given. */
  private static final Set<String> STORES = Set.of("add", "addAll", "addFirst", "addLast", "offer", "push", "put",
      "set");

  private final TypeInference types;
  private final CalleeResolver callees;

  LostDerivativeRemedies(TypeInference types, CalleeResolver callees) {
    this.types = types;
    this.callees = callees;
  }

  /** The remedy for {@code site}'s derivative lost in {@code tree}, where it is one of those shapes. */
  Optional<String> of(Tree tree, IdentifierTree site, boolean captured) {
    Tree code = tree instanceof ExpressionStatementTree statement ? statement.getExpression() : tree;
    if (captured) {
      return Optional.of("javagrad follows a lambda where a helper of this compilation takes it, where a local"
          + " holding it is only applied, or in a stream of Arrays.stream, DoubleStream.of, IntStream.range or a"
          + " collection's stream() (of objects or doubles, not boxed numbers) whose map, mapToDouble and filter steps are lambdas of one expression and"
          + " which ends in sum(), max(), min(), average() or reduce, or in toArray() without a filter, and not inside a library's method: write the loop the method runs (Arrays.setAll(out, i -> f(i)) is"
          + " for (int i = 0; i < out.length; i++) out[i] = f(i);), or give the lambda to a helper of your own");
    }
    if (code instanceof MethodInvocationTree call && SourceText.calledName(call).equals("toArray")
        && SourceText.oneLine(call).contains("stream")) {
      return Optional.of("a stream collected into an array runs as written where a filter may drop elements, or"
          + " where it is not a local double[]'s value (javagrad follows double[] y = Arrays.stream(x).map(...)"
          + ".toArray()): make the array (new double[n]) and fill it in a loop, or end the stream in sum(), max(),"
          + " min(), average() or reduce, which javagrad follows");
    }
    if (code instanceof TryTree || code instanceof SynchronizedTree) {
      return Optional.of("a " + (code instanceof TryTree ? "try" : "synchronized") + " statement runs as written,"
          + " and javagrad does not differentiate inside it (it may set only values that carry no derivative):"
          + " compute the value from " + site.getName() + " outside it, before or after it, and keep inside it"
          + " only the code that may throw, or test before the call what the catch would have caught");
    }
    Optional<String> function = appliedFunctionObject(code);
    if (function.isPresent()) {
      return function;
    }
    Optional<NewClassTree> made = objectMadeOf(code, site);
    TypeMirror madeType = made.map(types::typeOf).orElse(null);
    TypeElement record = madeType == null ? null : callees.objects().followedRecord(madeType).orElse(null);
    if (record != null) {
      return Optional.of("new " + made.get().getIdentifier() + "(...) makes an object here, because the record is"
          + " used as one (given to a library's method, compared by equals, kept in a field, an array, a"
          + " collection or a lambda); javagrad follows a record by its components where each use of it reads a component, calls"
          + " one of its methods, gives it to a helper of this compilation, assigns it or writes it into a string,"
          + " and a List.of or an array of records where the method only goes through it (for (Shape s : scene)),"
          + " counts it, calls a method of an element at a constant index (scene[0].area()), or streams it into a"
          + " sum or another reduction (scene.stream().mapToDouble(Shape::area).sum()), and an array or an"
          + " ArrayList of records a loop fills (bodies[i] = ..., particles.add(...)) used the same ways, by any"
          + " index:"
          + " read the components from it before such a use, or pass " + site.getName() + " itself");
    }
    if (made.isPresent()) {
      return Optional.of("new " + made.get().getIdentifier() + "(...) makes an object, and javagrad follows"
          + " derivatives through double values and arrays only, not through an object's fields (a constructor"
          + " cannot be annotated @Differentiable): pass " + site.getName() + " itself, as a double (or several in"
          + " a double[]), to the code that would read it from the object");
    }
    if (keptByCollection(code)) {
      return Optional.of("a collection keeps " + site.getName() + ", and javagrad follows derivatives through"
          + " double values and arrays only, not through a collection's elements: keep them in a double[] (or"
          + " arrays in a double[][]: new double[n][], each row given a copy, rows[k] = y.clone()), which javagrad"
          + " follows");
    }
    return objectReturnedFor(code, site).map(call -> {
      TypeElement returned = objectType(call);
      if (callees.objects().followedRecord(returned.asType()).isPresent()) {
        return SourceText.calledName(call) + " returns a " + returned.getSimpleName() + ", a record that javagrad"
            + " follows by its components, with no object, where its value is kept in a local, read, or given to"
            + " a helper of this compilation; here code run as written takes it whole (a library's method, a"
            + " choice between different records): keep it in a local of its own and read what is needed from it";
      }
      return SourceText.calledName(call) + " returns " + returned.getSimpleName() + ", an object, and javagrad"
          + " follows derivatives through double values and arrays only: return the double you read from it (a"
          + " double[] for several) instead";
    });
  }

  /**
   * Where {@code code} applies a variable holding a function object ({@code kernel.applyAsDouble(u)},
   * {@code kernel} of a functional interface, given by a caller): what javagrad can follow instead.
   */
  private Optional<String> appliedFunctionObject(Tree code) {
    if (!(code instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getExpression() instanceof IdentifierTree function
        && types.typeOf(function) instanceof DeclaredType declared
        && declared.asElement().getKind() == ElementKind.INTERFACE
        && isFunctional((TypeElement) declared.asElement()))) {
      return Optional.empty();
    }
    String name = function.getName().toString();
    String method = select.getIdentifier().toString();
    String api = declared.asElement().getSimpleName().toString();
    return Optional.of(name + " is a " + api + " object that javagrad cannot see"
        + " into; it follows a function where the caller gives a helper a lambda, an anonymous class, a static"
        + " method's reference or a static final field holding one: give it one of those (for an object, a lambda"
        + " that calls it: u -> " + name + "." + method + "(u)), or a record of yours that implements " + api
        + ", built where " + name + " is declared or given and never reassigned (" + api + " " + name
        + " = new MyRecord(...)), whose own methods javagrad inlines");
  }

  /** Whether {@code tree} applies a variable holding a function object (see {@link #appliedFunctionObject}). */
  boolean appliesFunctionObject(Tree tree) {
    Tree code = tree instanceof ExpressionStatementTree statement ? statement.getExpression() : tree;
    return appliedFunctionObject(code).isPresent();
  }

  /** Whether {@code code} puts a value into a collection or a map of java.util ({@code trajectory.add(y)}). */
  private boolean keptByCollection(Tree code) {
    return code instanceof MethodInvocationTree call && STORES.contains(SourceText.calledName(call))
        && call.getMethodSelect() instanceof MemberSelectTree select
        && types.typeOf(select.getExpression()) instanceof DeclaredType declared
        && ((TypeElement) declared.asElement()).getQualifiedName().toString().startsWith("java.util.");
  }

  /** Whether {@code type} has exactly one abstract method, as a lambda can implement. */
  private static boolean isFunctional(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT)).count() == 1;
  }

  /**
   * The call in {@code code} that takes {@code site} as an argument, where it is a method of this
   * compilation returning an object of a class of this compilation ({@code square(x)} returning a
   * record that {@code square(x).value()} reads).
   */
  private Optional<MethodInvocationTree> objectReturnedFor(Tree code, IdentifierTree site) {
    MethodInvocationTree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (found[0] == null && call.getArguments().stream().anyMatch(a -> a == site) && objectType(call) != null) {
          found[0] = call;
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(code, null);
    return Optional.ofNullable(found[0]);
  }

  /** The {@code new} in {@code code} that takes {@code site} in an argument ({@code new Rates(beta, gamma)}). */
  private static Optional<NewClassTree> objectMadeOf(Tree code, IdentifierTree site) {
    NewClassTree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitNewClass(NewClassTree made, Void unused) {
        if (found[0] == null && made.getArguments().stream().anyMatch(a -> contains(a, site))) {
          found[0] = made;
        }
        return super.visitNewClass(made, unused);
      }
    }.scan(code, null);
    return Optional.ofNullable(found[0]);
  }

  /** Whether {@code tree} is {@code site} or holds it ({@code amounts[0]}, {@code 2 * beta}). */
  private static boolean contains(Tree tree, IdentifierTree site) {
    return Boolean.TRUE.equals(new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean scan(Tree node, Void unused) {
        return node == site || Boolean.TRUE.equals(super.scan(node, unused));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null));
  }

  /** The class of this compilation that {@code call} returns an object of; null for any other result. */
  private TypeElement objectType(MethodInvocationTree call) {
    return types.typeOf(call) instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement type && callees.hasSource(type) ? type : null;
  }
}
