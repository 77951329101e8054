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
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * What to write instead, for the shapes of code run as written that numeric Java writes most and
 * javagrad cannot follow: a lambda given to a library method ({@code Arrays.setAll(out, i -> ...)}),
 * a stream collected into an array, a helper of the compilation returning an object (a record
 * holding a value and its derivative), an object made from values ({@code new Quaternion(w, x,
 * y, z)}), a collection given a value ({@code rows.add(row)}), and a {@code try} statement. Each
 * stands for a loop or a double the user can write; the generic remedy (annotate the callee, or
 * declare its derivative) does not apply to them.
 */
final class LostDerivativeRemedies {
  private final TypeInference types;
  private final CalleeResolver callees;

  LostDerivativeRemedies(TypeInference types, CalleeResolver callees) {
    this.types = types;
    this.callees = callees;
  }

  /** The remedy for {@code site}'s derivative lost in {@code tree}, where it is one of those shapes. */
  Optional<String> of(Tree tree, IdentifierTree site, boolean captured) {
    Tree code = tree instanceof ExpressionStatementTree statement ? statement.getExpression() : tree;
    if (code instanceof TryTree || code instanceof SynchronizedTree) {
      String statement = code instanceof TryTree ? "try" : "synchronized";
      return Optional.of("javagrad runs a " + statement + " statement as written, and follows no derivative through"
          + " it: compute what carries derivatives after it, where the statement only decides (sets a flag, or a"
          + " fallback that carries no derivative: boolean valid = true; try { check(x); } catch (RuntimeException"
          + " e) { valid = false; } then double y = valid ? Math.log(x) : 0;)");
    }
    if (captured) {
      return Optional.of("javagrad follows a lambda where a helper of this compilation takes it, where a local"
          + " holding it is only applied, or in a stream of Arrays.stream, DoubleStream.of, IntStream.range or a"
          + " collection's stream() (of objects or doubles, not boxed numbers) whose map, mapToDouble and filter steps are lambdas of one expression and"
          + " which ends in sum(), max(), min(), average() or reduce(identity, (a, b) -> ...), and not inside a library's method: write the loop the method runs (Arrays.setAll(out, i -> f(i)) is"
          + " for (int i = 0; i < out.length; i++) out[i] = f(i);), or give the lambda to a helper of your own");
    }
    if (code instanceof MethodInvocationTree call && SourceText.calledName(call).equals("toArray")
        && SourceText.oneLine(call).contains("stream")) {
      return Optional.of("a stream collected into an array runs as written: make the array (new double[n]) and"
          + " fill it in a loop, or end the stream in sum(), max(), min(), average() or reduce(identity, (a, b) -> ...),"
          + " which javagrad follows");
    }
    Optional<String> function = appliedFunctionObject(code);
    if (function.isPresent()) {
      return function;
    }
    Optional<MethodInvocationTree> kept = keptIn(code, site);
    if (kept.isPresent()) {
      String container = SourceText.oneLine(((MemberSelectTree) kept.get().getMethodSelect()).getExpression());
      return Optional.of(container + " is a collection, which keeps what it is given, and javagrad follows"
          + " derivatives through double values and arrays only: keep the values in a double[] or the arrays in a"
          + " double[][] (or keep their indices in the collection, and read the values where they are)");
    }
    Optional<String> constructed = constructedWith(code, site).map(creation -> SourceText.oneLine(creation)
        + " makes an object that keeps the value, and javagrad follows derivatives through double values and arrays"
        + " only, not through the fields of objects (records included): keep the values in double locals or a"
        + " double[], and write what the class's methods compute as static helpers taking them");
    if (constructed.isPresent()) {
      return constructed;
    }
    return objectReturnedFor(code, site).map(call -> SourceText.calledName(call) + " returns "
        + objectType(call).getSimpleName() + ", an object, and javagrad follows derivatives through double"
        + " values and arrays only: return the double you read from it (a double[] for several) instead");
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
    return Optional.of(name + " is a " + declared.asElement().getSimpleName() + " object that javagrad cannot see"
        + " into; it follows a function where the caller gives a helper a lambda, an anonymous class, a static"
        + " method's reference or a static final field holding one: give it one of those (for an object, a lambda"
        + " that calls it: u -> " + name + "." + method + "(u))");
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

  /** The call in {@code code} of a collection's method given {@code site} ({@code rows.add(row)}). */
  private Optional<MethodInvocationTree> keptIn(Tree code, IdentifierTree site) {
    MethodInvocationTree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (found[0] == null && call.getMethodSelect() instanceof MemberSelectTree select
            && types.isContainer(select.getExpression())
            && call.getArguments().stream().anyMatch(a -> contains(a, site))) {
          found[0] = call;
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(code, null);
    return Optional.ofNullable(found[0]);
  }

  /**
   * The object creation in {@code code} that {@code site} is part of an argument of ({@code new
   * Quaternion(a[0], a[1], a[2], a[3])}): a constructor, which no annotation can make differentiable.
   */
  private static Optional<NewClassTree> constructedWith(Tree code, IdentifierTree site) {
    NewClassTree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        if (found[0] == null && creation.getArguments().stream().anyMatch(a -> contains(a, site))) {
          found[0] = creation;
        }
        return super.visitNewClass(creation, unused);
      }
    }.scan(code, null);
    return Optional.ofNullable(found[0]);
  }

  private static boolean contains(Tree tree, Tree part) {
    Boolean found = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean scan(Tree t, Void unused) {
        return t == part || Boolean.TRUE.equals(super.scan(t, unused));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** The class of this compilation that {@code call} returns an object of; null for any other result. */
  private TypeElement objectType(MethodInvocationTree call) {
    return types.typeOf(call) instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement type && callees.hasSource(type) ? type : null;
  }
}
