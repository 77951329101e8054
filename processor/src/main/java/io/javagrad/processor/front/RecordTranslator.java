package io.javagrad.processor.front;

import static io.javagrad.processor.front.ExpressionTranslator.unparenthesized;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Records followed by their components ({@link RecordValue}): a local declared with one, {@code
 * new Complex(x, y)}, the accessors and fields read of one, the record's methods called on one
 * and the helpers given or returning one, inlined with their {@code this}, parameter or result
 * bound to component locals. A record whose value must be an object (given to a library, compared
 * by {@code equals}) stays one, run as written, as before.
 */
final class RecordTranslator {
  private final ExpressionTranslator expressions;
  private final CallTranslator calls;
  private final OpaqueTranslator opaque;
  private final ObjectMethods objects;
  private final Scope scope;
  private final Inliner inliner;
  /** The elements of sequences of new records, each an object of its own ({@link #identityTest}). */
  private final Set<RecordValue> distinctObjects = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** The methods and constants' initializers whose null javagrad is looking into ({@link #mayReturnNull}). */
  private final Set<Object> askedWhetherNull = new java.util.HashSet<>();

  RecordTranslator(ExpressionTranslator expressions, CallTranslator calls, OpaqueTranslator opaque,
      ObjectMethods objects, Scope scope, Inliner inliner) {
    this.expressions = expressions;
    this.calls = calls;
    this.opaque = opaque;
    this.objects = objects;
    this.scope = scope;
    this.inliner = inliner;
  }

  /** The method of a record that a call runs on a record followed by its components: an accessor, where {@code method} is null. */
  private record Target(ExpressionTree receiver, TypeElement type, ExecutableElement method, String component) {}

  /** The record {@code tree} gives, where javagrad may follow it by its components ({@link ObjectMethods#followedRecord}); else null. */
  TypeElement followed(ExpressionTree tree) {
    RecordValue bound = bound(tree);
    if (bound != null) {
      return bound.type();
    }
    RecordArrays.Held array = heldArrayOf(tree);
    if (array != null) {
      return array.type();
    }
    if (unparenthesized(tree) instanceof AssignmentTree assigned && bound(assigned.getVariable()) != null) {
      return bound(assigned.getVariable()).type(); // (p = q): the record assigned
    }
    if (unparenthesized(tree) instanceof com.sun.source.tree.TypeCastTree cast && isValue(cast.getExpression())) {
      // (Named) p of a record without object: still that record, where the cast holds ({@link #given}).
      TypeElement record = followed(cast.getExpression());
      TypeElement castTo = calls.typeNamed((ExpressionTree) cast.getType()).orElse(null);
      return castTo == null || isA(record, castTo) ? record : followed(castTo.asType());
    }
    if (unparenthesized(tree) instanceof MethodInvocationTree call && isRequireNonNull(call)) {
      return followed(call.getArguments().get(0)); // generic: its value is its argument
    }
    if (unparenthesized(tree) instanceof MethodInvocationTree call && isRecordOrElse(call)) {
      return sameRecord(call.getArguments());
    }
    if (unparenthesized(tree) instanceof MethodInvocationTree call) {
      Target target = target(call);
      ExecutableElement helper = target == null ? helper(call) : target.method();
      if (target != null && helper == null) {
        return RecordValue.nested(target.type(), target.component()); // an accessor: a record, or else a number
      }
      if (helper != null) {
        return followed(helper.getReturnType());
      }
    }
    if (unparenthesized(tree) instanceof ConditionalExpressionTree choice && (isNull(choice.getTrueExpression())
        || isNull(choice.getFalseExpression()) || opaque.typeOr(choice, null) == null)) {
      // c ? fit : null, a != null ? a : b != null ? b : null: the arms that are not null tell the record.
      return sameRecord(List.of(choice.getTrueExpression(), choice.getFalseExpression()));
    }
    if (unparenthesized(tree) instanceof SwitchExpressionTree choice) {
      // Type inference does not see into the arms; what they give tells the record.
      return sameRecord(armValues(choice));
    }
    Type type = opaque.typeOr(tree, null);
    return type == null || type.mirror() == null ? null : followed(type.mirror());
  }

  /** What the arms of {@code choice} give: their expressions, and the values their blocks yield. */
  private static List<ExpressionTree> armValues(SwitchExpressionTree choice) {
    List<ExpressionTree> values = new ArrayList<>();
    com.sun.source.util.TreeScanner<Void, Void> yields = new com.sun.source.util.TreeScanner<>() {
      @Override
      public Void visitYield(com.sun.source.tree.YieldTree yield, Void unused) {
        values.add(yield.getValue());
        return null;
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree inner, Void unused) {
        return null; // its yields are its own
      }
    };
    for (com.sun.source.tree.CaseTree arm : choice.getCases()) {
      if (arm.getBody() instanceof ExpressionTree value) {
        values.add(value);
      } else if (arm.getBody() != null) {
        yields.scan(arm.getBody(), null);
      } else {
        yields.scan(arm.getStatements(), null);
      }
    }
    return values;
  }

  /**
   * The record that every arm of a choice that is not {@code null} gives; null where there is none,
   * or where two give different records (a Sphere or a Plane), which no one record's locals can hold.
   */
  private TypeElement sameRecord(List<? extends ExpressionTree> arms) {
    TypeElement record = null;
    for (ExpressionTree arm : arms) {
      if (isNull(arm)) {
        continue;
      }
      TypeElement given = followed(arm);
      if (given == null || record != null && !record.equals(given)) {
        return null;
      }
      record = given;
    }
    return record;
  }

  TypeElement followed(TypeMirror type) {
    return objects.followedRecord(type).orElse(null);
  }

  /**
   * The record that a parameter or local declared {@code declared} holds when given {@code value}:
   * a followed record's type; or, for an interface of the compilation ({@code Payoff}), the record
   * {@code value} gives without object where that record implements it ({@code new Call(strike)}),
   * so that the interface's methods called on it are the record's own, inlined. Null for any other.
   */
  TypeElement takenAs(TypeMirror declared, ExpressionTree value) {
    TypeElement record = followed(declared);
    if (record != null || !(declared instanceof DeclaredType type) || type.asElement().getKind() != ElementKind.INTERFACE
        || !isValue(value)) {
      return record;
    }
    TypeElement given = followed(value);
    return given != null && ObjectMethods.implementsInterface(given, (TypeElement) type.asElement()) ? given : null;
  }

  /**
   * The record a name ({@code z}, or {@code this} in a record's method inlined for one) stands for,
   * or a record component of one ({@code b.position()}), or null.
   */
  private RecordValue bound(ExpressionTree tree) {
    return RecordValue.named(tree, scope::record);
  }

  /**
   * Whether {@code tree} gives a record without an object: a name bound to one, a new record, a call
   * that is inlined for one, or a choice with one among its arms.
   */
  boolean isValue(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    if (bound(value) != null || heldArrayOf(value) != null) {
      return true; // a name, or a part of the record it names (this.vel), or an element of an array of records
    }
    if (value instanceof IdentifierTree) {
      return false;
    }
    if (value instanceof NewClassTree created) {
      TypeElement type = created.getClassBody() == null ? followed(created) : null;
      return type != null && isFollowedConstruction(type, created);
    }
    if (value instanceof MethodInvocationTree call) {
      return handles(call) && followed(call) != null || isRecordOrElse(call) || isRequireNonNull(call);
    }
    if (value instanceof SwitchExpressionTree choice) {
      return followed(choice) != null;
    }
    if (value instanceof com.sun.source.tree.TypeCastTree cast) {
      return isValue(cast.getExpression());
    }
    if (value instanceof AssignmentTree assigned) {
      return bound(assigned.getVariable()) != null;
    }
    return value instanceof ConditionalExpressionTree choice && followed(choice) != null
        && (isValue(choice.getTrueExpression()) || isValue(choice.getFalseExpression()));
  }

  /**
   * The constructor of the record {@code type} that {@code arguments} call ({@code new R(...)}, or
   * {@code this(...)} in one of its constructors), as Java chooses it; null where it cannot tell.
   */
  private ExecutableElement constructorOf(TypeElement type, List<? extends ExpressionTree> arguments) {
    List<ExecutableElement> constructors = javax.lang.model.util.ElementFilter.constructorsIn(type.getEnclosedElements())
        .stream().filter(c -> c.getParameters().size() == arguments.size() && !c.isVarArgs()).toList();
    return chosen(constructors, arguments);
  }

  /**
   * Whether {@code created}, a construction of the record {@code type}, calls its canonical
   * constructor, or one of its own whose body starts by calling the canonical one ({@code this(re, 0)}).
   */
  private boolean isFollowedConstruction(TypeElement type, NewClassTree created) {
    ExecutableElement called = constructorOf(type, created.getArguments());
    return called != null && (ObjectMethods.isCanonical(called, type) || objects.delegation(called) != null);
  }

  /**
   * Whether {@code call} is one this class inlines: a method of a record followed by its components,
   * called on it, or a static helper of this compilation given one or returning one.
   */
  boolean handles(MethodInvocationTree call) {
    return target(call) != null || helper(call) != null;
  }

  private Target target(MethodInvocationTree call) {
    ExpressionTree receiver;
    String name;
    if (call.getMethodSelect() instanceof MemberSelectTree select && (isValue(select.getExpression())
        || calls.typeNamed(select.getExpression()).isEmpty() && followed(select.getExpression()) != null
            && givesOrTakesRecords(call, followed(select.getExpression())))) {
      receiver = select.getExpression();
      name = select.getIdentifier().toString();
    } else if (call.getMethodSelect() instanceof IdentifierTree id && scope.record("this") != null) {
      receiver = null;
      name = id.getName().toString();
    } else {
      return null;
    }
    TypeElement type = receiver == null ? scope.record("this").type() : followed(receiver);
    int arity = call.getArguments().size();
    if (arity == 0 && type.getRecordComponents().stream().anyMatch(c -> c.getSimpleName().contentEquals(name))) {
      return new Target(receiver, type, null, name);
    }
    ExecutableElement method = chosen(objects.instanceMethods(type, name, arity), call);
    return method == null ? null : new Target(receiver, type, method, null);
  }

  /**
   * Whether {@code call}, of a method of {@code type} on an object of it ({@code V.UNIT_X.scale(s)}),
   * returns a followed record or is given a record without object: only an inlined call can, and
   * the object is read through its accessors.
   */
  private boolean givesOrTakesRecords(MethodInvocationTree call, TypeElement type) {
    String name = ((MemberSelectTree) call.getMethodSelect()).getIdentifier().toString();
    return objects.instanceMethods(type, name, call.getArguments().size()).stream()
        .anyMatch(m -> followed(m.getReturnType()) != null)
        || call.getArguments().stream().anyMatch(this::isValue);
  }

  /**
   * The one of {@code methods} that {@code call} calls, told apart by which parameters take a
   * followed record ({@code times(Complex)} and {@code times(double)}); null where none or several fit.
   */
  private ExecutableElement chosen(List<ExecutableElement> methods, MethodInvocationTree call) {
    return chosen(methods, call.getArguments());
  }

  /** As above, for {@code arguments}: a call's, or a construction's. */
  private ExecutableElement chosen(List<ExecutableElement> methods, List<? extends ExpressionTree> arguments) {
    if (methods.size() == 1) {
      return methods.get(0);
    }
    List<ExecutableElement> fitting = methods.stream().filter(m -> {
      for (int i = 0; i < m.getParameters().size(); i++) {
        TypeElement parameter = takenAs(m.getParameters().get(i).asType(), arguments.get(i));
        if (parameter != null && parameter != followed(arguments.get(i))
            || parameter == null && followed(arguments.get(i)) != null
            || parameter == null && !widens(arguments.get(i), m.getParameters().get(i).asType())) {
          return false;
        }
      }
      return true;
    }).toList();
    // Of those, Java's most specific: each of its number parameters widens to the others' (scale(int) before scale(double)).
    List<ExecutableElement> specific = fitting.stream().filter(m -> fitting.stream().allMatch(n -> {
      for (int i = 0; i < m.getParameters().size(); i++) {
        if (rank(m.getParameters().get(i).asType()) > rank(n.getParameters().get(i).asType())) {
          return false;
        }
      }
      return true;
    })).toList();
    return specific.size() == 1 ? specific.get(0) : null;
  }

  /** Whether {@code argument}'s value may be passed to a parameter of {@code type}: a number widened, or anything else. */
  private boolean widens(ExpressionTree argument, TypeMirror type) {
    Type given = opaque.typeOr(argument, null);
    return !type.getKind().isPrimitive() || given == null || rank(type) >= rankOf(given);
  }

  /** How wide a number type is, for widening: int, long, double in that order (anything else counts as an object). */
  private static int rank(TypeMirror type) {
    return switch (type.getKind()) {
      case BYTE, SHORT, CHAR, INT -> 0;
      case LONG -> 1;
      case FLOAT -> 2;
      case DOUBLE -> 3;
      default -> 4;
    };
  }

  private static int rankOf(Type type) {
    return type == Type.INT ? 0 : type == Type.LONG ? 1 : type.isFloat() ? 2 : type == Type.DOUBLE ? 3 : 0;
  }

  /** The static helper of this compilation that {@code call} gives a record without object or that returns a followed record; else null. */
  private ExecutableElement helper(MethodInvocationTree call) {
    List<ExecutableElement> candidates = calls.candidates(call).stream()
        .filter(m -> m.getModifiers().contains(Modifier.STATIC) && m.getParameters().size() == call.getArguments().size()
            && !m.isVarArgs())
        .toList();
    ExecutableElement helper = chosen(candidates, call);
    if (helper == null || !objects.ownMethods((TypeElement) helper.getEnclosingElement(),
        helper.getSimpleName().toString(), helper.getParameters().size(), true).contains(helper)) {
      return null;
    }
    boolean givenOne = false;
    for (int i = 0; i < helper.getParameters().size(); i++) {
      givenOne |= takenAs(helper.getParameters().get(i).asType(), call.getArguments().get(i)) != null
          && isValue(call.getArguments().get(i));
    }
    return givenOne || followed(helper.getReturnType()) != null ? helper : null;
  }

  /**
   * {@code call}, which {@link #handles} and which gives no record: an accessor's component, or the
   * value of the method or helper inlined (null where it returns nothing).
   */
  Expr invocation(MethodInvocationTree call) {
    Target target = target(call);
    if (target != null && target.method() == null) {
      List<Expr> components = receiver(target);
      return components.get(RecordValue.offset(target.type(), target.component()));
    }
    return inline(call, target, null);
  }

  /** {@code call}, which {@link #handles}, run for its effect alone: a statement. */
  void effect(MethodInvocationTree call) {
    if (followed(call) != null) {
      components(call);
    } else {
      invocation(call);
    }
  }

  /** {@code z.re} for a record {@code z} followed by its components: the component; null for a member that is not one. */
  Expr field(MemberSelectTree select) {
    TypeElement type = followed(select.getExpression());
    String name = select.getIdentifier().toString();
    if (RecordValue.offset(type, name) < 0 || RecordValue.nested(type, name) != null) {
      return null;
    }
    return components(select.getExpression()).get(RecordValue.offset(type, name));
  }

  /** Whether {@code tree} reads a name bound to a record followed by its components, which has no object. */
  boolean readsRecordWithoutObject(ExpressionTree tree) {
    Boolean found = new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree node, Void unused) {
        return scope.get(node.getName().toString()) == null && scope.record(node.getName().toString()) != null;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** The components of {@code tree}, a record value of the type {@link #followed} tells, in the record's order. */
  List<Expr> components(ExpressionTree tree) {
    Given given = given(tree);
    if (given.components() == null) {
      throw new Unsupported(tree, "null is given where javagrad follows a record by its components, with no object,"
          + " and reads them (a record's method called on it, a component of another record); there is no null"
          + " record of components: test for null before, or give a record");
    }
    if (given.absent() instanceof Expr.Read absent) {
      // Java throws here where the value is null; the components' locals would give the last record's.
      expressions.before().accept(nullCheck(absent, tree));
    }
    return given.components();
  }

  /**
   * A record value: its components, and where it may be null, the boolean that is true where it is.
   *
   * @param components the components, in the record's order of leaves; null for {@code null} itself
   * @param absent true where the value is null; null where it never is
   */
  record Given(List<Expr> components, Expr absent) {
    /** The value {@code value}'s locals hold now. */
    static Given of(RecordValue value) {
      return new Given(reads(value.components()), value.absent() == null ? null : new Expr.Read(value.absent()));
    }
  }

  /** The value of {@code tree}, a record of the type {@link #followed} tells, which may be null. */
  Given given(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    if (isNull(value)) {
      return new Given(null, Literals.bool(true));
    }
    RecordValue bound = bound(value);
    if (bound != null) {
      checkReachable(value);
      return Given.of(bound);
    }
    RecordArrays.Held array = heldArrayOf(value);
    if (array != null) {
      return element(value, array);
    }
    if (value instanceof com.sun.source.tree.AssignmentTree assigned && bound(assigned.getVariable()) != null) {
      // new Seg(p, p = q): the assignment, then the record it gives; operands before it read p as it was.
      assignment(assigned).forEach(expressions.before());
      expressions.assignedInExpression(assigned.getVariable());
      return given(assigned.getVariable());
    }
    if (value instanceof com.sun.source.tree.TypeCastTree cast && isValue(cast.getExpression())) {
      TypeElement record = followed(cast.getExpression());
      TypeElement castTo = calls.typeNamed((ExpressionTree) cast.getType()).orElse(null);
      if (castTo != null && isA(record, castTo)) {
        return given(cast.getExpression());
      }
      TypeElement other = castTo == null ? null : followed(castTo.asType());
      if (other == null) {
        throw new Unsupported(cast, SourceText.oneLine(cast.getExpression()) + " is a " + record.getSimpleName()
            + " here, which javagrad follows by its components, and the cast to " + cast.getType() + " would fail;"
            + " cast where it is one");
      }
      // ((Put) p) where p is a Call: Java's ClassCastException where it runs (an arm instanceof rules out).
      given(cast.getExpression());
      String message = "class " + record.getQualifiedName() + " cannot be cast to class " + other.getQualifiedName();
      // As a statement that may complete (if (true) ...), so that the code after it stays reachable for javac.
      Expr.Opaque fails = new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("if (true) throw new $T($S);",
          ClassCastException.class, message)), List.of(), false, Term.PRIMARY, "(" + cast.getType() + ") "
          + SourceText.oneLine(cast.getExpression()) + " fails");
      expressions.before().accept(new Stmt.RunAsWritten(fails, fails.source()));
      RecordValue never = declared(other, "cast");
      return new Given(reads(never.components()), null);
    }
    if (value instanceof MethodInvocationTree call && isRecordOrElse(call)) {
      return orElse(call);
    }
    if (value instanceof MethodInvocationTree call && isRequireNonNull(call)) {
      return requireNonNull(call);
    }
    TypeElement type = followed(value);
    if (value instanceof NewClassTree created && isValue(created)) {
      return new Given(constructed(type, created.getArguments(), created), null);
    }
    Target accessor = value instanceof MethodInvocationTree call ? target(call) : null;
    if (accessor != null && accessor.method() == null) {
      // r.position() of a record that is not a name's: its leaves among the receiver's.
      int offset = RecordValue.offset(accessor.type(), accessor.component());
      return new Given(receiver(accessor).subList(offset, offset + RecordValue.width(type)), null);
    }
    RecordValue result = null;
    if (value instanceof MethodInvocationTree call && handles(call)) {
      result = declared(type, call.getMethodSelect() instanceof MemberSelectTree select
          ? select.getIdentifier().toString() : ((IdentifierTree) call.getMethodSelect()).getName().toString(),
          mayBeNull(call));
      inline(call, target(call), result);
    } else if (value instanceof ConditionalExpressionTree choice) {
      result = chosen(type, choice);
    } else if (value instanceof SwitchExpressionTree choice) {
      result = declared(type, "switch", mayBeNull(choice));
      expressions.switchIntoRecord(choice, result);
    }
    if (result != null) {
      return Given.of(result);
    }
    if (type == null) {
      throw new Unsupported(value, "javagrad cannot tell which record " + SourceText.oneLine(value) + " gives here,"
          + " where it follows records by their components; declare a local of the record with it first");
    }
    return ofObject(type, value);
  }

  private static boolean isNull(ExpressionTree tree) {
    return unparenthesized(tree).getKind() == Tree.Kind.NULL_LITERAL;
  }

  /**
   * Java's NullPointerException where {@code tree}, a part of a record ({@code b.vel()}), is read of
   * one that may be null.
   */
  private void checkReachable(ExpressionTree tree) {
    ExpressionTree value = unparenthesized(tree);
    ExpressionTree select = value instanceof MethodInvocationTree call ? call.getMethodSelect() : value;
    if (select instanceof MemberSelectTree member) {
      ExpressionTree outer = member.getExpression();
      RecordValue whole = bound(outer);
      if (whole != null && whole.absent() != null) {
        expressions.before().accept(nullCheck(new Expr.Read(whole.absent()), outer));
      }
      checkReachable(outer);
    }
  }

  /**
   * Whether {@code tree}, a record's value, may be null: {@code null}, a local that may hold it, a
   * choice with such an arm, a method whose body mentions null ({@code return null} where a ray
   * misses).
   */
  boolean mayBeNull(ExpressionTree tree) {
    return mayBeNull(tree, Set.of());
  }

  /** As above, where the locals named {@code nullable} may hold null. */
  private boolean mayBeNull(ExpressionTree tree, Set<String> nullable) {
    ExpressionTree value = unparenthesized(tree);
    if (isNull(value)) {
      return true;
    }
    if (value instanceof ConditionalExpressionTree choice) {
      return mayBeNull(choice.getTrueExpression(), nullable) || mayBeNull(choice.getFalseExpression(), nullable);
    }
    if (value instanceof SwitchExpressionTree choice) {
      return ObjectMethods.mentionsNull(choice) || choice.getCases().stream()
          .anyMatch(c -> c.getBody() instanceof ExpressionTree arm && mayBeNull(arm, nullable));
    }
    if (value instanceof MethodInvocationTree call) {
      // A method that may return null (ObjectMethods#mentionsNull), or one given a record that may be null.
      Target target = target(call);
      ExecutableElement method = target == null ? helper(call) : target.method();
      if (target == null && method == null && isLibraryCall(call) && !isRequireNonNull(call)
          && !isRecordOrElse(call)) {
        return true; // a library's method (a map's get) may return null for all javagrad can tell
      }
      if (method == null) {
        return target == null && ObjectMethods.mentionsNull(call);
      }
      // The constants its body names are its class's (Hits.MISS in Hits.trace).
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      return objects.mentionsNull(method) || objects.names(method, name -> isNullConstant(name, owner))
          || mayReturnNull(method) || call.getArguments().stream().anyMatch(a -> isValue(a) && mayBeNull(a, nullable))
          || target == null && ObjectMethods.mentionsNull(call);
    }
    if (value instanceof IdentifierTree id && nullable.contains(id.getName().toString())
        || heldArrayOf(value) != null) {
      return true; // an element of an array of records may be one never stored
    }
    RecordValue bound = bound(value);
    if (bound != null) {
      return bound.absent() != null;
    }
    return isNullConstant(value, null);
  }

  /**
   * Whether {@code method} returns what may be null without saying null itself: a call that may
   * ({@code return maybe(x, y);}), or a local given one. A method asked about while it is being
   * asked about (a recursion) adds nothing.
   */
  private boolean mayReturnNull(ExecutableElement method) {
    Optional<ObjectMethods.Returns> returns = objects.returns(method);
    if (returns.isEmpty() || !askedWhetherNull.add(method)) {
      return false;
    }
    try {
      Set<String> nullable = nullableLocals("", null, returns.get().statements());
      return returns.get().values().stream().anyMatch(value -> mayBeNull(value, nullable));
    } finally {
      askedWhetherNull.remove(method);
    }
  }

  /**
   * Whether {@code call} may call a method whose source is not in the compilation (a library's, or
   * one of an interface's implementations that javagrad cannot tell).
   */
  private boolean isLibraryCall(MethodInvocationTree call) {
    List<ExecutableElement> candidates = calls.candidates(call);
    if (!candidates.isEmpty()) {
      return candidates.stream().noneMatch(m -> objects.hasSource((TypeElement) m.getEnclosingElement()));
    }
    // A method of an interface the receiver is declared with (a Map's get), whose source is not here.
    Type receiver = call.getMethodSelect() instanceof MemberSelectTree select
        ? opaque.typeOr(select.getExpression(), null) : null;
    return receiver != null && receiver.mirror() instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement type && !objects.hasSource(type);
  }

  /**
   * Whether {@code tree}, written in the class {@code within} (a helper's; null for the method's),
   * names a constant that may be null: declared null, chosen among null and records, or given by a
   * call that may return null ({@code static final V NONE = null;}).
   */
  private boolean isNullConstant(ExpressionTree tree, TypeElement within) {
    Optional<ExpressionTree> initializer = calls.constantInitializer(tree, within);
    if (initializer.isEmpty() || !askedWhetherNull.add(initializer.get())) {
      return false;
    }
    try {
      return ObjectMethods.mentionsNull(initializer.get()) || mayBeNull(initializer.get());
    } finally {
      askedWhetherNull.remove(initializer.get());
    }
  }

  /**
   * The locals of followed records in {@code statements}, and {@code name}, that may hold null: given
   * a value that may be by their declaration or an assignment, as the locals it reads may be.
   */
  private Set<String> nullableLocals(String name, ExpressionTree initializer, List<? extends StatementTree> statements) {
    Set<String> nullable = new java.util.HashSet<>();
    if (initializer != null && mayBeNull(initializer)) {
      nullable.add(name);
    }
    boolean changed = true;
    while (changed) {
      int before = nullable.size();
      new com.sun.source.util.TreeScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree variable, Void unused) {
          if (variable.getInitializer() != null && mayBeNull(variable.getInitializer(), nullable)) {
            nullable.add(variable.getName().toString());
          }
          return super.visitVariable(variable, unused);
        }

        @Override
        public Void visitAssignment(AssignmentTree assignment, Void unused) {
          if (assignment.getVariable() instanceof IdentifierTree target
              && mayBeNull(assignment.getExpression(), nullable)) {
            nullable.add(target.getName().toString());
          }
          return super.visitAssignment(assignment, unused);
        }
      }.scan(statements, null);
      changed = nullable.size() > before;
    }
    return nullable;
  }

  /** Whether a {@code record} is a {@code type}: it is that type, or implements it. */
  private static boolean isA(TypeElement record, TypeElement type) {
    return record.equals(type) || ObjectMethods.implementsInterface(record, type);
  }

  /**
   * {@code shape instanceof Sphere s} where {@code shape} is a record followed by its components,
   * whose record javagrad knows where it translates the test: the constant the test gives, with
   * {@code s} bound to the record's locals where it holds, and to locals of their own, which the
   * branch that cannot run reads, where it does not. Null for any other test.
   */
  Expr instanceOf(com.sun.source.tree.InstanceOfTree test) {
    if (!isValue(test.getExpression())) {
      return null;
    }
    Tree typeTree = test.getPattern() instanceof com.sun.source.tree.BindingPatternTree pattern
        ? pattern.getVariable().getType() : test.getType();
    TypeElement tested = typeTree instanceof ExpressionTree named ? calls.typeNamed(named).orElse(null) : null;
    if (tested == null) {
      return null;
    }
    TypeElement record = followed(test.getExpression());
    boolean holds = isA(record, tested);
    Given given = given(test.getExpression());
    if (test.getPattern() instanceof com.sun.source.tree.BindingPatternTree pattern) {
      String name = pattern.getVariable().getName().toString();
      TypeElement other = followed(tested.asType());
      if (holds) {
        scope.bindRecord(name, copied(record, given.components(), name));
      } else if (other != null) {
        scope.bindRecord(name, declared(other, name));
      }
    }
    if (given.absent() != null) {
      // null is an instance of nothing.
      return holds ? new Expr.Not(given.absent()) : Literals.bool(false);
    }
    return Literals.bool(holds);
  }

  /**
   * {@code r == null}, {@code r != null} (either way round) for a record followed by its components:
   * its {@code absent} local read, or a constant where it is never null; else null.
   */
  Expr nullTest(com.sun.source.tree.BinaryTree test) {
    ExpressionTree left = unparenthesized(test.getLeftOperand());
    ExpressionTree right = unparenthesized(test.getRightOperand());
    ExpressionTree record = isNull(left) ? right : isNull(right) ? left : null;
    if (record == null || isNull(record) || !isValue(record)) {
      return null;
    }
    return isNull(record, test.getKind() == com.sun.source.tree.Tree.Kind.EQUAL_TO);
  }

  /** As {@link #nullTest}, for {@code Objects.isNull(r)} and {@code Objects.nonNull(r)}. */
  Expr nullTest(MethodInvocationTree test) {
    String method = objectsNullMethod(test);
    boolean tests = "isNull".equals(method) || "nonNull".equals(method);
    if (!tests || test.getArguments().size() != 1 || !isValue(test.getArguments().get(0))) {
      return null;
    }
    return isNull(test.getArguments().get(0), method.equals("isNull"));
  }

  /** Whether {@code record}, a record's value, is null ({@code equal}), or is not. */
  private Expr isNull(ExpressionTree record, boolean equal) {
    Expr absent = given(record).absent();
    if (absent == null) {
      return Literals.bool(!equal);
    }
    return equal ? absent : new Expr.Not(absent);
  }

  /**
   * The name of the method of {@code java.util.Objects} that tests a record for null, requires it,
   * or stands another in for it ({@code isNull}, {@code nonNull}, {@code requireNonNull}, {@code
   * requireNonNullElse}) that {@code call} makes; else null.
   */
  private String objectsNullMethod(MethodInvocationTree call) {
    String name = SourceText.calledName(call);
    boolean named = name.equals("isNull") || name.equals("nonNull") || name.equals("requireNonNullElse")
        || name.equals("requireNonNull");
    return named && calls.candidates(call).stream().anyMatch(m -> m.getModifiers().contains(Modifier.STATIC)
        && ((TypeElement) m.getEnclosingElement()).getQualifiedName().contentEquals("java.util.Objects")) ? name : null;
  }

  /**
   * Whether {@code call} is {@code Objects.requireNonNull(r)} or {@code Objects.requireNonNull(r,
   * message)} of a record's value, the message a string.
   */
  boolean isRequireNonNull(MethodInvocationTree call) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    return "requireNonNull".equals(objectsNullMethod(call)) && !arguments.isEmpty() && isValue(arguments.get(0))
        && (arguments.size() == 1 || arguments.size() == 2 && opaque.isString(arguments.get(1)));
  }

  /**
   * {@code Objects.requireNonNull(r)} or {@code (r, message)} ({@link #isRequireNonNull}): the
   * message evaluated, as Java does, then Java's NullPointerException where {@code r} is null; {@code r}.
   */
  Given requireNonNull(MethodInvocationTree call) {
    ExpressionTree record = call.getArguments().get(0);
    Given value = given(record);
    ExpressionTree messageTree = call.getArguments().size() == 2 ? call.getArguments().get(1) : null;
    CodeBlock message = CodeBlock.of("");
    List<Expr.Read> reads = List.of();
    if (messageTree != null && unparenthesized(messageTree) instanceof com.sun.source.tree.LiteralTree literal) {
      message = CodeBlock.of("$S", literal.getValue());
    } else if (messageTree != null) {
      Variable text = scope.declareUnnamedLocal("message", Type.other(CodeBlock.of("$T", String.class), false, null));
      expressions.before().accept(new Stmt.Declare(text, expressions.expr(messageTree),
          "String " + text.name() + " = " + SourceText.oneLine(messageTree) + ";"));
      reads = List.of(new Expr.Read(text));
    }
    if (value.absent() == null) {
      return value;
    }
    List<CodeBlock> texts = reads.isEmpty()
        ? List.of(CodeBlock.of("throw new $T($L);", NullPointerException.class, message))
        : List.of(CodeBlock.of("throw new $T(", NullPointerException.class), CodeBlock.of(");"));
    Expr.Opaque fails = new Expr.Opaque(Type.VOID, texts, reads, false, Term.PRIMARY, SourceText.oneLine(call));
    expressions.before().accept(new Stmt.If(value.absent(), List.of(new Stmt.RunAsWritten(fails, fails.source(),
        List.of(), true)), List.of(), "if (" + SourceText.oneLine(record) + " == null)"));
    return new Given(value.components(), null);
  }

  /** Whether {@code call} is {@code Objects.requireNonNullElse(r, other)} of records' values. */
  private boolean isRecordOrElse(MethodInvocationTree call) {
    return "requireNonNullElse".equals(objectsNullMethod(call)) && call.getArguments().size() == 2
        && call.getArguments().stream().anyMatch(this::isValue) && sameRecord(call.getArguments()) != null;
  }

  /**
   * {@code Objects.requireNonNullElse(value, other)}: both evaluated, as Java does, then {@code
   * value} where it is not null, else {@code other}, which must not be.
   */
  private Given orElse(MethodInvocationTree call) {
    ExpressionTree valueTree = call.getArguments().get(0);
    ExpressionTree otherTree = call.getArguments().get(1);
    TypeElement type = sameRecord(call.getArguments());
    // Both are evaluated where the call is, in order, whichever is taken (their code may count or throw).
    RecordValue first = copied(type, given(valueTree), "value");
    if (first.absent() != null && (isNull(otherTree) || mayBeNull(otherTree))) {
      throw new Unsupported(otherTree, SourceText.oneLine(otherTree) + " may be null, and " + SourceText.oneLine(call)
          + " would then throw NullPointerException where " + SourceText.oneLine(valueTree) + " is; javagrad follows"
          + " its " + type.getSimpleName() + " by its components: give it one that is never null");
    }
    Given other = isNull(otherTree) ? given(otherTree) : Given.of(copied(type, given(otherTree), "other"));
    if (first.absent() == null) {
      return Given.of(first);
    }
    RecordValue result = declared(type, "orElse");
    expressions.before().accept(new Stmt.If(new Expr.Read(first.absent()), assignments(result, other, otherTree),
        assignments(result, new Given(reads(first.components()), null), valueTree),
        "if (" + SourceText.oneLine(valueTree) + " == null)"));
    return Given.of(result);
  }

  /** Java's NullPointerException where {@code absent} holds, before the components of {@code tree} are read. */
  private static Stmt nullCheck(Expr.Read absent, ExpressionTree tree) {
    String message = "Cannot read the components of \"" + SourceText.oneLine(tree) + "\" because it is null";
    Expr.Opaque check = new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("if ("),
        CodeBlock.of(") throw new $T($S);", NullPointerException.class, message)), List.of(absent), false, Term.PRIMARY,
        "if (" + SourceText.oneLine(tree) + " == null) throw new NullPointerException();");
    return new Stmt.RunAsWritten(check, check.source());
  }

  /**
   * {@code new R(args)}, or {@code this(args)} in a constructor of R's own: the arguments, converted
   * to the components' types, as Java evaluates them, then the compact constructor's body, if any.
   */
  List<Expr> constructed(TypeElement type, List<? extends ExpressionTree> arguments, Tree site) {
    ExecutableElement called = constructorOf(type, arguments);
    if (called != null && !ObjectMethods.isCanonical(called, type)) {
      // A constructor of its own, which starts with this(...): inlined, ending in the canonical one.
      RecordValue result = declared(type, "new" + type.getSimpleName());
      inliner.delegate(called, site, arguments, expressions.caller(), result);
      return reads(result.components());
    }
    List<? extends RecordComponentElement> declared = type.getRecordComponents();
    // A record component's value is copied into locals of its own as it is evaluated; its place in
    // the list Java's order keeps holds a read of the first of them, which is not used.
    Map<Integer, RecordValue> records = new java.util.HashMap<>();
    List<Expr> given = expressions.inJavaOrder(arguments, argument -> {
      int i = arguments.indexOf(argument);
      TypeElement nested = RecordValue.nested(declared.get(i));
      if (nested != null && mayBeNull(argument)) {
        throw new Unsupported(argument, type.getSimpleName() + "'s component " + declared.get(i).getSimpleName()
            + " is given " + SourceText.oneLine(argument) + ", which may be null; javagrad follows "
            + type.getSimpleName() + " by its components, and a record component by its own, which cannot be"
            + " null: give it a record");
      }
      if (nested != null) {
        RecordValue part = copied(nested, components(argument), declared.get(i).getSimpleName().toString());
        records.put(i, part);
        return new Expr.Read(part.components().get(0));
      }
      Type declaredType = AnnotatedMethods.typeOf(declared.get(i).asType()).orElseThrow();
      return declaredType.isDoubleArray() ? componentArray(type, i, declaredType, argument) : expressions.expr(argument);
    });
    List<Expr> components = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      if (records.containsKey(i)) {
        components.addAll(reads(records.get(i).components()));
      } else {
        Type declaredType = AnnotatedMethods.typeOf(declared.get(i).asType()).orElseThrow();
        components.add(Conversions.assignable(declaredType, given.get(i), arguments.get(i)));
      }
    }
    ExecutableElement compact = objects.compactConstructor(type);
    return compact == null ? components
        : inliner.construct(compact, site, arguments, components, expressions.caller());
  }

  /** The array given to the array component {@code i} of {@code type} where one is constructed. */
  private Expr componentArray(TypeElement type, int i, Type arrayType, ExpressionTree argument) {
    String component = type.getSimpleName() + "'s component " + type.getRecordComponents().get(i).getSimpleName();
    Variable named = unparenthesized(argument) instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
    if (arrayType == Type.DOUBLE_MATRIX && named != null && named.isParameter() && named.type() == arrayType) {
      // A parameter's matrix is not copied: the component is another name for it, as a local may be.
      return new Expr.Read(named);
    }
    if (isNull(argument)) {
      throw new Unsupported(argument, component + " is given null; javagrad follows " + type.getSimpleName()
          + " by its components, and an array component is an array local, which holds an array: give it one"
          + " (new double[0] for none)");
    }
    return expressions.componentArray(arrayType, argument, "given to " + component);
  }

  /** {@code c ? a : b} of records: locals of the choice, which each arm's branch assigns. */
  private RecordValue chosen(TypeElement type, ConditionalExpressionTree choice) {
    Expr condition = expressions.condition(choice.getCondition());
    RecordValue result = declared(type, "choice", mayBeNull(choice));
    List<Stmt> whenTrue = armAssigning(result, choice.getTrueExpression());
    List<Stmt> whenFalse = armAssigning(result, choice.getFalseExpression());
    expressions.before().accept(new Stmt.If(condition, whenTrue, whenFalse,
        "if " + SourceText.oneLine(choice.getCondition())));
    return result;
  }

  private List<Stmt> armAssigning(RecordValue result, ExpressionTree arm) {
    int mark = expressions.pendingMark();
    Given given = given(arm);
    List<Stmt> statements = new ArrayList<>(expressions.pendingSince(mark));
    statements.addAll(assignments(result, given, arm));
    return statements;
  }

  /**
   * A record that code run as written gives as an object (a constant, a library's result): the
   * object in a local, then each component read once through its accessor, or, where it may be
   * null, a test of that and the components of one that is not.
   */
  private Given ofObject(TypeElement type, ExpressionTree tree) {
    Optional<String> hidden = calls.hiddenFromCompanion(type);
    if (hidden.isPresent()) {
      throw new Unsupported(tree, SourceText.oneLine(tree) + " gives a " + type.getSimpleName() + " object, whose"
          + " components javagrad reads through its accessors from the generated companion, which cannot name the"
          + " record " + type.getSimpleName() + " because " + hidden.get() + ", or write new "
          + type.getSimpleName() + "(...) here");
    }
    Expr object = expressions.expr(tree);
    Consumer<Stmt> before = expressions.before();
    Variable holder;
    if (object instanceof Expr.Read read) {
      holder = read.variable();
    } else {
      holder = scope.declareUnnamedLocal(SourceText.localName(tree), object.type());
      before.accept(new Stmt.Declare(holder, object, SourceText.oneLine(tree)));
    }
    boolean nullable = mayBeNull(tree);
    List<Expr> components = new ArrayList<>();
    for (RecordValue.Leaf leaf : RecordValue.leaves(type)) {
      Expr.Opaque read = new Expr.Opaque(leaf.type(), nullable
              ? List.of(CodeBlock.of(""), CodeBlock.of(" == null ? $L : ", leaf.type().defaultValue()),
                  CodeBlock.of("$L", leaf.accessors()))
              : List.of(CodeBlock.of(""), CodeBlock.of("$L", leaf.accessors())),
          nullable ? List.of(new Expr.Read(holder), new Expr.Read(holder)) : List.of(new Expr.Read(holder)),
          false, nullable ? Term.CONDITIONAL : Term.PRIMARY, SourceText.oneLine(tree) + leaf.accessors());
      Variable local = scope.declareUnnamedLocal(holder.name() + "_" + leaf.name(), leaf.type());
      before.accept(new Stmt.Declare(local, read, read.source()));
      components.add(new Expr.Read(local));
    }
    if (!nullable) {
      return new Given(components, null);
    }
    Expr absent = new Expr.Opaque(Type.BOOLEAN, List.of(CodeBlock.of(""), CodeBlock.of(" == null")),
        List.of(new Expr.Read(holder)), false, Term.EQUALITY, SourceText.oneLine(tree) + " == null");
    return new Given(components, absent);
  }

  /** The components of the receiver of {@code target}: {@code this}'s, or those of the record it is called on. */
  private List<Expr> receiver(Target target) {
    return target.receiver() == null ? reads(scope.record("this").components()) : components(target.receiver());
  }

  /**
   * Inlines {@code call}, of {@code target} or of a static helper: the method given its receiver's
   * components, the helper its records'; its returns assign {@code result} where it returns a
   * record. Returns its value otherwise (null for none).
   */
  private Expr inline(MethodInvocationTree call, Target target, RecordValue result) {
    int mark = expressions.pendingMark();
    Expr value;
    if (target == null) {
      value = inliner.inline(helper(call), call, expressions.caller(), null, result);
    } else {
      RecordValue receiver = target.receiver() == null ? scope.record("this")
          : copied(target.type(), components(target.receiver()), "self");
      value = inliner.inline(target.method(), call, expressions.caller(), receiver, result);
    }
    expressions.checkWritesAfterReads(mark, call);
    return value;
  }

  /**
   * {@code components} in new locals of their own, named after {@code name}: a declared record, a
   * method's receiver, a helper's parameter. They hold the values of now: a later argument may
   * assign a variable a component reads ({@code new C(b, x).times(b = 3 * y)}).
   */
  RecordValue copied(TypeElement type, List<Expr> components, String name) {
    return copied(type, new Given(components, null), name);
  }

  /**
   * As above, for a value that may be null: its {@code absent} is copied too; {@code null} itself
   * gives locals declared without a value, and an {@code absent} that is true.
   */
  RecordValue copied(TypeElement type, Given given, String name) {
    if (given.components() == null || given.absent() != null) {
      RecordValue value = declared(type, name, true);
      expressions.before().accept(new Stmt.Assign(value.absent(), given.absent(), value.absent().name() + " = "
          + name + " == null;"));
      if (given.components() != null) {
        assignments(value, given.components(), name).forEach(expressions.before());
      }
      return value;
    }
    List<Expr> components = given.components();
    List<Variable> locals = new ArrayList<>();
    List<RecordValue.Leaf> leaves = RecordValue.leaves(type);
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i) instanceof Expr.Read read && read.variable().isParameter()
          && read.variable().type() == Type.DOUBLE_MATRIX) {
        locals.add(read.variable()); // another name for a parameter's matrix (componentArray)
        continue;
      }
      Variable local = scope.declareUnnamedLocal(name + "_" + leaves.get(i).name(), leaves.get(i).type());
      expressions.before().accept(new Stmt.Declare(local, components.get(i), local.type().javaName() + " "
          + local.name() + " = " + name + leaves.get(i).accessors() + ";"));
      expressions.shows(local, name + leaves.get(i).accessors());
      expressions.given(local, components.get(i));
      locals.add(local);
    }
    return new RecordValue(type, locals);
  }

  /** {@code local} is given {@code value}, where it is an array: a copy of a parameter's, which it may not write ({@link ChosenCopies}). */
  void arrayGiven(Variable local, Expr value) {
    expressions.given(local, value);
  }

  /** New locals for the components of a {@code type} called {@code name}, declared without a value. */
  RecordValue declared(TypeElement type, String name) {
    return declared(type, name, false);
  }

  /** As above, with a local that tells whether it is null where it {@code mayBeNull}, declared false. */
  RecordValue declared(TypeElement type, String name, boolean mayBeNull) {
    List<Variable> locals = new ArrayList<>();
    for (RecordValue.Leaf leaf : RecordValue.leaves(type)) {
      Variable local = scope.declareUnnamedLocal(name + "_" + leaf.name(), leaf.type());
      expressions.before().accept(Inliner.resultDeclaration(local));
      expressions.shows(local, name + leaf.accessors());
      locals.add(local);
    }
    Variable absent = null;
    if (mayBeNull) {
      absent = scope.declareUnnamedLocal(name + "_isNull", Type.BOOLEAN);
      expressions.before().accept(Inliner.resultDeclaration(absent));
    }
    return new RecordValue(type, locals, absent);
  }

  /**
   * {@code R name = initializer;} for a record javagrad follows, where {@code rest} uses {@code
   * name} only as {@link RecordUses} allows: binds {@code name} to new locals given the
   * initializer's components, pending, and returns true; else false, and the local is an object.
   */
  boolean binds(VariableTree declaration, List<? extends StatementTree> rest) {
    ExpressionTree initializer = declaration.getInitializer();
    // The declared type is resolved, not named: a private record has no name the companion may write.
    String name = declaration.getName().toString();
    TypeElement type = declaration.getType() instanceof ExpressionTree declared
        ? calls.typeNamed(declared).map(t -> initializer == null || Scope.assigns(rest, name) ? followed(t.asType())
            : takenAs(t.asType(), initializer)).orElse(null)
        : initializer != null && isValue(initializer) ? followed(initializer) : null; // var
    if (type == null || initializer != null && !isNull(initializer) && followed(initializer) != type) {
      return false;
    }
    if (!onlyFollowed(name, type, rest)) {
      return false;
    }
    boolean mayBeNull = nullableLocals(name, initializer, rest).contains(name);
    RecordValue value;
    if (initializer == null) {
      value = declared(type, name, mayBeNull);
    } else {
      Given given = given(initializer);
      value = mayBeNull && given.absent() == null ? copied(type, new Given(given.components(), Literals.bool(false)), name)
          : copied(type, given, name);
    }
    scope.bindRecord(name, value);
    return true;
  }

  /**
   * {@code R[] name = new R[n];}, or {@code List<R> name = new ArrayList<>();}, of records of numbers
   * ({@link RecordArrays}), where {@code rest} uses {@code name} only as one held as a structure of
   * arrays may be used, and each loop and stream over it uses its variable, as the element's
   * record, only as {@link RecordUses} allows: declares a {@code double[]} per number of the record
   * (of {@code n}, or for a list of its capacity, which grows as elements are added), the {@code
   * boolean[]} of the elements stored and a list's size, pending, binds {@code name} to them, and
   * returns true; else false.
   */
  boolean bindsRecordArray(VariableTree declaration, List<? extends StatementTree> rest) {
    String name = declaration.getName().toString();
    NewArrayTree created = RecordArrays.created(declaration.getInitializer());
    NewClassTree list = created == null ? RecordArrays.createdList(declaration.getInitializer(), this::isArrayList)
        : null;
    TypeElement type = created != null
        ? calls.typeNamed((ExpressionTree) created.getType()).map(t -> followed(t.asType())).orElse(null)
        : list != null ? elementType(declaration.getType()).map(t -> followed(t.asType())).orElse(null) : null;
    if (type == null || !RecordArrays.holdsNumbers(type)) {
      return false;
    }
    if (!onlyIndexed(name, list != null, type, rest)) {
      // Its stores then make objects, where a derivative is lost: told at this use (DerivativeLoss).
      RecordArrays.firstUnheldUse(name, list != null, rest, takingRecords(name, type, rest), expressions::streamed)
          .ifPresent(use -> scope.noteUnheld(name, use));
      return false;
    }
    // An array may be given new arrays (onlyIndexed allows name = new R[n]); a list is never assigned.
    if (list != null && Scope.assigns(rest, name) || !elementsOnlyFollowed(name, Set.of(type), rest, Set.of())) {
      return false;
    }
    ExpressionTree counted = created != null ? created.getDimensions().get(0)
        : list.getArguments().isEmpty() ? null : list.getArguments().get(0);
    Expr length = counted == null ? Literals.number(Type.INT, 10) : expressions.length(counted);
    Variable count = scope.declareUnnamedLocal(name + (list != null ? "_capacity" : "_length"), Type.INT);
    expressions.before().accept(new Stmt.Declare(count, length, "int " + count.name() + " = "
        + (counted == null ? "10" : SourceText.oneLine(counted)) + ";"));
    if (list != null && counted != null) {
      // As new ArrayList<>(capacity) refuses a negative one, before any array is made.
      String check = "if (" + count.name() + " < 0) throw new IllegalArgumentException(\"Illegal Capacity: \" + "
          + count.name() + ");";
      expressions.before().accept(new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("if ("),
          CodeBlock.of(" < 0) throw new $T(\"Illegal Capacity: \" + ", IllegalArgumentException.class),
          CodeBlock.of(");")), List.of(new Expr.Read(count), new Expr.Read(count)), false, Term.PRIMARY, check), check));
    }
    List<Variable> leaves = new ArrayList<>();
    for (RecordValue.Leaf leaf : RecordValue.leaves(type)) {
      Variable numbers = scope.declareUnnamedLocal(name + "_" + leaf.name(), Type.DOUBLE_ARRAY);
      expressions.before().accept(new Stmt.Declare(numbers, new Expr.NewArray(new Expr.Read(count)), "double[] "
          + numbers.name() + " = new double[" + count.name() + "]; // each " + name + "[i]" + leaf.accessors()));
      leaves.add(numbers);
    }
    Variable stored = scope.declareUnnamedLocal(name + "_stored", STORED);
    expressions.before().accept(new Stmt.Declare(stored, newFlags(new Expr.Read(count)), "boolean[] " + stored.name()
        + " = new boolean[" + count.name() + "]; // whether each " + name + "[i] is stored"));
    Variable size = list == null ? null : scope.declareUnnamedLocal(name + "_size", Type.INT);
    if (size != null) {
      expressions.before().accept(new Stmt.Declare(size, Literals.number(Type.INT, 0), "int " + size.name()
          + " = 0; // " + name + ".size()"));
    }
    scope.bindRecordArray(name, new RecordArrays.Held(name, type, leaves, stored, size));
    return true;
  }

  /**
   * {@code name = new R[n];} of {@code array}, held as a structure of arrays: a new array of {@code
   * n} per number, and new flags, none stored.
   */
  private List<Stmt> renewed(RecordArrays.Held array, NewArrayTree created) {
    ExpressionTree counted = created.getDimensions().get(0);
    Variable count = scope.declareUnnamedLocal(array.name() + "_length", Type.INT);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Declare(count, expressions.length(counted), "int " + count.name() + " = "
        + SourceText.oneLine(counted) + ";"));
    for (Variable leaf : array.leaves()) {
      out.add(new Stmt.Assign(leaf, new Expr.NewArray(new Expr.Read(count)), leaf.name() + " = new double["
          + count.name() + "];"));
    }
    out.add(new Stmt.Assign(array.stored(), newFlags(new Expr.Read(count)), array.stored().name()
        + " = new boolean[" + count.name() + "];"));
    return out;
  }

  /** {@code new boolean[length]}, the flags of the elements stored. */
  private static Expr.Opaque newFlags(Expr.Read length) {
    return new Expr.Opaque(STORED, List.of(CodeBlock.of("new boolean["), CodeBlock.of("]")), List.of(length), false,
        Term.PRIMARY, "new boolean[" + length.variable().name() + "]");
  }

  /** Whether {@code created} makes a {@code java.util.ArrayList}. */
  private boolean isArrayList(NewClassTree created) {
    Tree named = created.getIdentifier() instanceof ParameterizedTypeTree generic ? generic.getType()
        : created.getIdentifier();
    return named instanceof ExpressionTree type && calls.typeNamed(type)
        .filter(t -> t.getQualifiedName().contentEquals("java.util.ArrayList")).isPresent();
  }

  /** The type of the flags of an array of records held as a structure of arrays: {@code boolean[]}. */
  private static final Type STORED = Type.other(CodeBlock.of("boolean[]"), false, null);

  /**
   * Whether each for-each loop over the sequence or array {@code name} in {@code rest} leaves its
   * variable unassigned and uses it, as each of {@code types}, only as {@link RecordUses} allows
   * (compared by {@code ==} with the variables named in {@code comparable}), and each stream's
   * lambda over it its parameter so.
   */
  private boolean elementsOnlyFollowed(String name, Set<TypeElement> types, List<? extends StatementTree> rest,
      Set<String> comparable) {
    for (com.sun.source.tree.EnhancedForLoopTree loop : RecordSequences.loops(name, rest)) {
      String variable = loop.getVariable().getName().toString();
      List<? extends StatementTree> body = loop.getStatement() instanceof com.sun.source.tree.BlockTree block
          ? block.getStatements() : List.of(loop.getStatement());
      if (Scope.assigns(body, variable)
          || types.stream().anyMatch(type -> !onlyFollowed(variable, type, body, rest, comparable::contains))) {
        return false;
      }
    }
    for (LambdaExpressionTree lambda : RecordSequences.streamLambdas(name, rest, expressions::streamed)) {
      String parameter = lambda.getParameters().get(0).getName().toString();
      if (types.stream().anyMatch(type -> !onlyFollowed(parameter, type, List.of(lambda.getBody())))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The array or list of records held as a structure of arrays that {@code tree}, an element of it
   * ({@code bodies[i]}, {@code particles.get(i)}), is of; else null.
   */
  private RecordArrays.Held heldArrayOf(ExpressionTree tree) {
    RecordSequences.Element element = tree == null ? null : RecordSequences.element(tree);
    RecordArrays.Held array = element == null ? null : scope.recordArray(element.sequence());
    return array != null && (array.size() == null) == unparenthesized(tree) instanceof ArrayAccessTree ? array : null;
  }

  /**
   * {@code element}, of {@code array}, its index evaluated once ({@link #element(RecordArrays.Held,
   * Expr, String)}); for a list, checked against its size first, as {@code get} checks it.
   */
  private Given element(ExpressionTree element, RecordArrays.Held array) {
    Expr index = expressions.indexRead(RecordSequences.element(element).index());
    if (array.size() != null) {
      expressions.before().accept(sizeCheck(array, index, SourceText.oneLine(element)));
    }
    return element(array, index, SourceText.oneLine(element));
  }

  /** {@code if (index < 0 || index >= size) throw new IndexOutOfBoundsException(...)}, as a list's {@code get} throws. */
  private static Stmt sizeCheck(RecordArrays.Held list, Expr index, String shown) {
    List<Expr.Read> reads = new ArrayList<>();
    List<CodeBlock> texts = new ArrayList<>();
    CodeBlock at = index instanceof Expr.Read read ? null : ((Expr.Constant) index).code();
    if (at == null) {
      Expr.Read read = (Expr.Read) index;
      texts.add(CodeBlock.of("if ("));
      reads.add(read);
      texts.add(CodeBlock.of(" < 0 || "));
      reads.add(read);
      texts.add(CodeBlock.of(" >= "));
      reads.add(new Expr.Read(list.size()));
      texts.add(CodeBlock.of(") throw new $T(\"Index \" + ", IndexOutOfBoundsException.class));
      reads.add(read);
      texts.add(CodeBlock.of(" + \" out of bounds for length \" + "));
    } else {
      texts.add(CodeBlock.of("if ($L >= ", at));
      reads.add(new Expr.Read(list.size()));
      texts.add(CodeBlock.of(") throw new $T(\"Index $L out of bounds for length \" + ", IndexOutOfBoundsException.class,
          at));
    }
    reads.add(new Expr.Read(list.size()));
    texts.add(CodeBlock.of(");"));
    String source = "check " + shown + " against " + list.name() + ".size()";
    return new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, texts, reads, false, Term.PRIMARY, source), source);
  }

  /**
   * The element of {@code array} at {@code index}, a variable's read or a constant, shown as {@code
   * shown}: its numbers there, and whether it is null (never stored), which reading a component
   * then tests, as Java does.
   */
  private Given element(RecordArrays.Held array, Expr index, String shown) {
    Variable absent = scope.declareUnnamedLocal(array.name() + "_isNull", Type.BOOLEAN);
    expressions.before().accept(new Stmt.Declare(absent, new Expr.Not(storedAt(array, index)), "boolean "
        + absent.name() + " = " + shown + " == null;"));
    List<RecordValue.Leaf> leaves = RecordValue.leaves(array.type());
    List<Expr> numbers = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      numbers.add(RecordArrays.asLeaf(leaves.get(i), new Expr.ElementRead(array.leaves().get(i), null, index)));
    }
    return new Given(numbers, new Expr.Read(absent));
  }

  /**
   * {@code for (R name : array)}'s variable in the iteration at {@code index}: the element there,
   * in locals of its own, and one that tells whether it is null.
   */
  RecordValue element(RecordArrays.Held array, Variable index, String name, String shown) {
    return copied(array.type(), element(array, new Expr.Read(index), shown), name);
  }

  /**
   * {@code array[index] = value;}, the element shown as {@code shown}, the index evaluated before:
   * the value, then each number stored at the index, and the element flagged stored (or, for {@code
   * null}, not).
   */
  private List<Stmt> store(RecordArrays.Held array, Expr index, String shown, ExpressionTree value) {
    Given given = given(value);
    String source = shown + " = " + SourceText.oneLine(value) + ";";
    List<Stmt> out = new ArrayList<>();
    List<RecordValue.Leaf> leaves = RecordValue.leaves(array.type());
    for (int i = 0; given.components() != null && i < array.leaves().size(); i++) {
      out.add(new Stmt.ArrayStore(array.leaves().get(i), index, RecordArrays.asStored(leaves.get(i),
          given.components().get(i)), source));
    }
    Expr.Opaque flag = storedAt(array, index);
    List<CodeBlock> texts = new ArrayList<>(flag.texts());
    List<Expr.Read> reads = new ArrayList<>(flag.reads());
    CodeBlock last = texts.remove(texts.size() - 1);
    if (given.absent() == null || given.absent() instanceof Expr.Constant) {
      boolean stored = given.absent() == null || given.absent() instanceof Expr.Constant known && known.value() == 0;
      texts.add(CodeBlock.of("$L = $L;", last, stored));
    } else {
      Variable absent = scope.declareUnnamedLocal(array.name() + "_isNull", Type.BOOLEAN);
      out.add(0, new Stmt.Declare(absent, given.absent(), "boolean " + absent.name() + " = "
          + SourceText.oneLine(value) + " == null;"));
      texts.add(CodeBlock.of("$L = !", last));
      reads.add(new Expr.Read(absent));
      texts.add(CodeBlock.of(";"));
    }
    out.add(new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, texts, reads, false, Term.PRIMARY, source), source));
    return out;
  }

  /**
   * {@code list.add(value);} of a list of records held as a structure of arrays: the value, then, if
   * the list is full, its arrays copied into ones twice as long, and the value stored at its size,
   * which grows by one; else null, for any other call.
   */
  List<Stmt> added(MethodInvocationTree call) {
    String named = RecordArrays.listAddedTo(call);
    RecordArrays.Held list = named == null ? null : scope.recordArray(named);
    if (list == null || list.size() == null) {
      return null;
    }
    ExpressionTree value = call.getArguments().get(0);
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    Variable at = scope.declareUnnamedLocal(named + "_at", Type.INT);
    out.add(new Stmt.Declare(at, new Expr.Read(list.size()), "int " + at.name() + " = " + named + ".size();"));
    out.addAll(grown(list));
    List<Stmt> stored = store(list, new Expr.Read(at), named + "[" + at.name() + "]", value);
    out.addAll(expressions.takePending());
    out.addAll(stored);
    out.add(new Stmt.Assign(list.size(), new Expr.IntegralOp("+", new Expr.Read(list.size()),
        Literals.number(Type.INT, 1), Type.INT), list.size().name() + "++;"));
    return out;
  }

  /**
   * {@code if (size == capacity) { each array copied into one of 2 capacity + 1 }}: room for one
   * more element of {@code list}, as an ArrayList grows.
   */
  private List<Stmt> grown(RecordArrays.Held list) {
    Expr capacity = new Expr.Length(list.leaves().get(0), null);
    Variable longer = scope.declareUnnamedLocal(list.name() + "_grown", Type.INT);
    List<Stmt> growth = new ArrayList<>();
    growth.add(new Stmt.Declare(longer, new Expr.IntegralOp("+", new Expr.IntegralOp("*", Literals.number(Type.INT, 2),
        capacity, Type.INT), Literals.number(Type.INT, 1), Type.INT), "int " + longer.name() + " = 2 * capacity + 1;"));
    for (Variable leaf : list.leaves()) {
      Variable copy = scope.declareUnnamedLocal(leaf.name() + "_copy", Type.DOUBLE_ARRAY);
      Variable i = scope.declareUnnamedLocal("_i", Type.INT);
      growth.add(new Stmt.Declare(copy, new Expr.NewArray(new Expr.Read(longer)), "double[] " + copy.name()
          + " = new double[" + longer.name() + "];"));
      Stmt element = new Stmt.ArrayStore(copy, new Expr.Read(i), new Expr.ElementRead(leaf, null, new Expr.Read(i)),
          copy.name() + "[" + i.name() + "] = " + leaf.name() + "[" + i.name() + "];");
      growth.add(new Stmt.CountedLoop(i, Literals.number(Type.INT, 0), new Expr.Compare("<", new Expr.Read(i),
          new Expr.Read(list.size())), new Expr.Read(list.size()), false, List.of(element),
          "copy " + leaf.name() + " into " + copy.name()));
      growth.add(new Stmt.Assign(leaf, new Expr.Read(copy), leaf.name() + " = " + copy.name() + ";"));
    }
    Variable flags = scope.declareUnnamedLocal(list.name() + "_storedCopy", STORED);
    growth.add(new Stmt.Declare(flags, newFlags(new Expr.Read(longer)), "boolean[] " + flags.name()
        + " = new boolean[" + longer.name() + "];"));
    growth.add(new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, List.of(CodeBlock.of("$T.arraycopy(",
        System.class), CodeBlock.of(", 0, "), CodeBlock.of(", 0, "), CodeBlock.of(");")), List.of(new Expr.Read(
        list.stored()), new Expr.Read(flags), new Expr.Read(list.size())), false, Term.PRIMARY, "copy the flags"),
        "copy the flags", List.of(), false));
    growth.add(new Stmt.RunAsWritten(new Expr.Opaque(Type.VOID, List.of(CodeBlock.of(""), CodeBlock.of(" = "),
        CodeBlock.of(";")), List.of(new Expr.Read(list.stored()), new Expr.Read(flags)), false, Term.PRIMARY,
        list.stored().name() + " = " + flags.name() + ";"), list.stored().name() + " = " + flags.name() + ";",
        List.of(list.stored()), false));
    return List.of(new Stmt.If(new Expr.Compare("==", new Expr.Read(list.size()), capacity), growth, List.of(),
        "if " + list.name() + " is full"));
  }

  /**
   * {@code stored[index]} of {@code array}: whether its element at {@code index}, a variable's read
   * or a constant, is stored; not pure, since stores write the flags.
   */
  private static Expr.Opaque storedAt(RecordArrays.Held array, Expr index) {
    Variable stored = array.stored();
    if (index instanceof Expr.Read read) {
      return new Expr.Opaque(Type.BOOLEAN, List.of(CodeBlock.of(""), CodeBlock.of("["), CodeBlock.of("]")),
          List.of(new Expr.Read(stored), read), false, Term.PRIMARY, stored.name() + "[" + read.variable().name()
          + "]");
    }
    CodeBlock constant = ((Expr.Constant) index).code();
    return new Expr.Opaque(Type.BOOLEAN, List.of(CodeBlock.of(""), CodeBlock.of("[$L]", constant)),
        List.of(new Expr.Read(stored)), false, Term.PRIMARY, stored.name() + "[" + constant + "]");
  }

  /**
   * {@code Shape[] scene = {new Sphere(c, r), ...};} or {@code List<Shape> scene = List.of(...);}
   * of records javagrad follows, none of which may be null, where {@code rest} uses {@code scene}
   * only as {@link RecordSequences} allows and each loop over it uses its variable, as each
   * element's record, only as {@link RecordUses} allows: binds {@code scene} to the elements, each
   * in new locals given its components, in order, pending, and returns true; else false.
   */
  boolean bindsSequence(VariableTree declaration, List<? extends StatementTree> rest) {
    String name = declaration.getName().toString();
    List<? extends ExpressionTree> elements = RecordSequences.elements(declaration.getInitializer(), this::listsOf);
    if (elements == null || elements.isEmpty() || Scope.assigns(rest, name)
        || elements.stream().anyMatch(e -> !isValue(e) || followed(e) == null || mayBeNull(e))
        || !RecordSequences.onlyTraversed(name, rest, expressions::streamed)) {
      return false;
    }
    Set<TypeElement> types = new java.util.LinkedHashSet<>();
    elements.forEach(e -> types.add(followed(e)));
    List<com.sun.source.tree.EnhancedForLoopTree> loops = RecordSequences.loops(name, rest);
    // The loop variables over a sequence of new records may be compared by ==: each element is an object of its own.
    Set<String> comparable = new java.util.HashSet<>();
    if (elements.stream().allMatch(e -> unparenthesized(e) instanceof NewClassTree)) {
      loops.forEach(loop -> comparable.add(loop.getVariable().getName().toString()));
    }
    if (!elementsOnlyFollowed(name, types, rest, comparable)) {
      return false;
    }
    List<RecordValue> values = new ArrayList<>();
    for (int k = 0; k < elements.size(); k++) {
      ExpressionTree element = elements.get(k);
      values.add(copied(followed(element), given(element), name + k));
    }
    if (!comparable.isEmpty()) {
      values.forEach(distinctObjects::add);
    }
    scope.bindSequence(name, values);
    return true;
  }

  /**
   * {@code a == b} (or {@code !=}) of two records bound to elements of a sequence of new records
   * ({@code for (Body a : bodies) for (Body b : bodies) if (a == b) continue;}): whether they are the
   * same element, each a distinct object; else null.
   */
  Expr identityTest(com.sun.source.tree.BinaryTree test) {
    RecordValue left = bound(test.getLeftOperand());
    RecordValue right = bound(test.getRightOperand());
    if (left == null || right == null || !distinctObjects.contains(left) || !distinctObjects.contains(right)) {
      return null;
    }
    return Literals.bool((left == right) == (test.getKind() == com.sun.source.tree.Tree.Kind.EQUAL_TO));
  }

  /** Whether {@code call} makes a fixed list of its arguments: {@code List.of(a, b)}, {@code Arrays.asList(a, b)}. */
  private boolean listsOf(MethodInvocationTree call) {
    String name = SourceText.calledName(call);
    return calls.candidates(call).stream().anyMatch(m -> m.getModifiers().contains(Modifier.STATIC)
        && m.getEnclosingElement() instanceof TypeElement owner
        && (name.equals("of") && owner.getQualifiedName().contentEquals("java.util.List")
            || name.equals("asList") && owner.getQualifiedName().contentEquals("java.util.Arrays")));
  }

  /**
   * {@code scene.length} or {@code scene.size()} of a sequence ({@link #bindsSequence}), or {@code
   * bodies.length} of an array of records held as a structure of arrays: the number of its elements; else null.
   */
  Expr sequenceSize(ExpressionTree tree) {
    String name = RecordSequences.countedName(tree);
    List<RecordValue> sequence = name == null ? null : scope.sequence(name);
    if (sequence != null) {
      return Literals.number(Type.INT, sequence.size());
    }
    RecordArrays.Held array = name == null ? null : scope.recordArray(name);
    boolean counts = array != null && (array.size() == null) == unparenthesized(tree) instanceof MemberSelectTree;
    return counts ? array.count() : null; // bodies.length, particles.size()
  }

  /** {@code particles.isEmpty()} of a list of records held as a structure of arrays: whether its size is 0; else null. */
  Expr emptiness(MethodInvocationTree call) {
    RecordArrays.Held list = call.getArguments().isEmpty() && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("isEmpty")
        && unparenthesized(select.getExpression()) instanceof IdentifierTree named
        ? scope.recordArray(named.getName().toString()) : null;
    return list == null || list.size() == null ? null
        : new Expr.Compare("==", new Expr.Read(list.size()), Literals.number(Type.INT, 0));
  }

  /** Whether {@code body} uses {@code name}, a record of {@code type}, only as {@link RecordUses} allows. */
  private boolean onlyFollowed(String name, TypeElement type, List<? extends Tree> body) {
    return onlyFollowed(name, type, body, body, other -> false);
  }

  /**
   * As above, where {@code name} may be compared by {@code ==} with the records named {@code
   * identity}, and the sequences, arrays and lists that {@code rest} uses may be declared anywhere
   * in {@code around}, which holds it: a loop over an array adds its elements to a list declared
   * before the array or after it, alike. So that the types of the calls on it ({@code
   * z.times(z).plus(c)}) can be told, it and the locals of followed records that {@code rest}
   * declares are bound for the while, without components.
   */
  private boolean onlyFollowed(String name, TypeElement type, List<? extends Tree> rest, List<? extends Tree> around,
      Predicate<String> identity) {
    Set<String> members = new java.util.HashSet<>(objects.instanceMethodNames(type));
    type.getRecordComponents().forEach(c -> members.add(c.getSimpleName().toString()));
    Map<String, TypeElement> provisional = new java.util.LinkedHashMap<>();
    provisional.put(name, type);
    RecordUses.declaredIn(rest, tree -> calls.typeNamed(tree).orElse(null)).forEach((local, declared) -> {
      TypeElement record = declared == null ? null : followed(declared.asType());
      if (record != null && scope.get(local) == null && scope.record(local) == null) {
        provisional.putIfAbsent(local, record);
      }
    });
    provisional.forEach((local, record) -> scope.bindRecord(local, new RecordValue(record, List.of())));
    try {
      Map<String, TypeElement> sequences = sequencesDeclaredIn(around);
      return RecordUses.onlyFollowed(name, rest, new RecordUses.Allowed(members::contains, call -> takesRecords(call)
          || isOnUnknownObject(call) && !objects.instanceMethods(type, SourceText.calledName(call),
              call.getArguments().size()).isEmpty()
          || isOnSequenceElement(call, sequences) || addsToHeldList(call, around), this::isValue, this::listsOf,
          identity,
          element -> heldArrayOf(element) != null || isHeldArrayElement(element, around),
          objects.compactConstructor(type) == null));
    } finally {
      provisional.keySet().forEach(scope::unbindRecord);
    }
  }

  /**
   * The fixed sequences that {@code statements} declare ({@code List<Trade> book = List.of(...)},
   * {@code Trade[] book = {...}}) and only go through, count or stream after ({@link
   * RecordSequences}), the arrays of records a loop fills used as such ({@link RecordArrays}), and
   * the for-each variables and the streams' lambdas' parameters over them, by name, with the type
   * of their elements, where that is a type of the compilation; and the for-each variables of the
   * statements over a sequence bound before them, with the type of its first element.
   */
  private Map<String, TypeElement> sequencesDeclaredIn(List<? extends Tree> statements) {
    Map<String, TypeElement> found = new HashMap<>();
    for (com.sun.source.tree.EnhancedForLoopTree loop : RecordSequences.loops(this::isBoundSequence, statements)) {
      // Java checked each call on the variable for the sequence's declared type, which each element's has.
      String sequence = ((IdentifierTree) unparenthesized(loop.getExpression())).getName().toString();
      found.put(loop.getVariable().getName().toString(), scope.sequence(sequence).get(0).type());
    }
    for (int i = 0; i < statements.size(); i++) {
      List<? extends Tree> after = statements.subList(i + 1, statements.size());
      if (statements.get(i) instanceof VariableTree declared && isSequenceOrHeldArray(declared, after)) {
        String sequence = declared.getName().toString();
        elementType(declared.getType()).ifPresent(type -> {
          found.put(sequence, type);
          RecordSequences.loops(sequence, after).forEach(loop -> found.put(loop.getVariable().getName().toString(),
              type));
          RecordSequences.streamLambdas(sequence, after, expressions::streamed)
              .forEach(lambda -> found.put(lambda.getParameters().get(0).getName().toString(), type));
        });
      }
    }
    return found;
  }

  /** Whether {@code name} is bound to a fixed sequence of records ({@link #bindsSequence}). */
  private boolean isBoundSequence(String name) {
    return scope.sequence(name) != null && !scope.sequence(name).isEmpty();
  }

  /** Whether {@code element} is an element of an array of records that {@code statements} declare and a loop fills ({@link RecordArrays}). */
  private boolean isHeldArrayElement(ExpressionTree element, List<? extends Tree> statements) {
    RecordSequences.Element indexed = unparenthesized(element) instanceof ArrayAccessTree
        ? RecordSequences.element(element) : null;
    return indexed != null && isHeldDeclaredIn(indexed.sequence(), false, statements);
  }

  /**
   * Whether {@code call} adds a record to a list of records held as a structure of arrays, bound or
   * declared in {@code statements} and used as one ({@code particles.add(p)}).
   */
  private boolean addsToHeldList(MethodInvocationTree call, List<? extends Tree> statements) {
    String named = RecordArrays.listAddedTo(call);
    RecordArrays.Held bound = named == null ? null : scope.recordArray(named);
    return bound != null ? bound.size() != null : named != null && isHeldDeclaredIn(named, true, statements);
  }

  /**
   * Whether {@code statements} declare {@code name} as an array ({@code list} false) or a list of
   * records of numbers that the statements after it use as one held as a structure of arrays.
   */
  private boolean isHeldDeclaredIn(String name, boolean list, List<? extends Tree> statements) {
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof VariableTree declared && declared.getName().contentEquals(name)) {
        boolean made = list ? RecordArrays.createdList(declared.getInitializer(), this::isArrayList) != null
            : RecordArrays.created(declared.getInitializer()) != null;
        return made && heldType(declared) != null
            && onlyIndexed(name, list, heldType(declared), statements.subList(i + 1, statements.size()));
      }
    }
    return false;
  }

  /**
   * Whether {@code declared} is a fixed sequence ({@link RecordSequences}) or an array of records
   * that a loop fills ({@link RecordArrays}) that {@code after} uses as one.
   */
  private boolean isSequenceOrHeldArray(VariableTree declared, List<? extends Tree> after) {
    String name = declared.getName().toString();
    return RecordSequences.elements(declared.getInitializer(), this::listsOf) != null
        && RecordSequences.onlyTraversed(name, after, expressions::streamed)
        || heldType(declared) != null
        && onlyIndexed(name, RecordArrays.created(declared.getInitializer()) == null, heldType(declared), after);
  }

  /**
   * The record of numbers whose array or list {@code declared} makes ({@code new Body[n]}, {@code
   * new ArrayList<>()}), which may be held as a structure of arrays ({@link RecordArrays}); else null.
   */
  private TypeElement heldType(VariableTree declared) {
    boolean made = RecordArrays.created(declared.getInitializer()) != null
        || RecordArrays.createdList(declared.getInitializer(), this::isArrayList) != null;
    return !made ? null : elementType(declared.getType()).map(t -> followed(t.asType()))
        .filter(RecordArrays::holdsNumbers).orElse(null);
  }

  /**
   * Whether {@code after} uses {@code name}, an array of records of {@code type}, only as {@link
   * RecordArrays#onlyIndexed} allows, its elements given to calls that take records: among them
   * the methods of its elements and of its loops' variables ({@code p.dot(points[3])}).
   */
  private boolean onlyIndexed(String name, boolean list, TypeElement type, List<? extends Tree> after) {
    return RecordArrays.onlyIndexed(name, list, after, takingRecords(name, type, after), expressions::streamed);
  }

  /**
   * Whether a call in {@code after} may be given an element of {@code name}, an array of records of
   * {@code type}: a call that takes records, a method of its elements, of its loops' variables or
   * of its streams' lambdas' parameters ({@code p.dot(points[3])}, {@code v -> v.dot(a[1])}), or an
   * add to a held list.
   */
  private Predicate<MethodInvocationTree> takingRecords(String name, TypeElement type, List<? extends Tree> after) {
    Map<String, TypeElement> elements = new HashMap<>();
    if (type != null) {
      elements.put(name, type);
      RecordSequences.loops(name, after).forEach(loop -> elements.put(loop.getVariable().getName().toString(), type));
      RecordSequences.streamLambdas(name, after, expressions::streamed)
          .forEach(lambda -> elements.put(lambda.getParameters().get(0).getName().toString(), type));
    }
    return call -> takesRecords(call) || isOnSequenceElement(call, elements) || addsToHeldList(call, after);
  }

  /** The type of the elements of an array or a list declared {@code declared}, where it is one of the compilation. */
  private Optional<TypeElement> elementType(Tree declared) {
    Tree element = declared instanceof ArrayTypeTree array ? array.getType()
        : declared instanceof ParameterizedTypeTree list && list.getTypeArguments().size() == 1
            ? list.getTypeArguments().get(0) : null;
    return element instanceof ExpressionTree named ? calls.typeNamed(named).filter(objects::hasSource)
        : Optional.empty();
  }

  /**
   * Whether {@code call} calls a method of an element of a fixed sequence that {@code sequences}
   * names ({@code book.get(i).value(curve)}, or {@code trade.value(curve)} for each trade of the
   * book): the records of its elements are known only where the call is translated, where a record
   * without object may be given to their methods. Should the sequence be an object, the method runs
   * as written, and a record given it that carries a derivative is an error at that call.
   */
  private boolean isOnSequenceElement(MethodInvocationTree call, Map<String, TypeElement> sequences) {
    if (!(call.getMethodSelect() instanceof MemberSelectTree select)) {
      return false;
    }
    TypeElement type = elementType(select.getExpression(), sequences);
    return type != null && objects.hasInstanceMethod(type, select.getIdentifier().toString(),
        call.getArguments().size());
  }

  /**
   * The type of {@code object} where it is an element of a sequence that {@code sequences} names
   * ({@code book.get(i)}, {@code bodies[i]}), a loop's variable over one, or a record component of
   * such ({@code bodies[i].position()}); else null.
   */
  private static TypeElement elementType(ExpressionTree object, Map<String, TypeElement> sequences) {
    ExpressionTree value = unparenthesized(object);
    if (value instanceof MethodInvocationTree accessor && accessor.getArguments().isEmpty()
        && accessor.getMethodSelect() instanceof MemberSelectTree select) {
      TypeElement owner = elementType(select.getExpression(), sequences);
      return owner == null ? null : RecordValue.nested(owner, select.getIdentifier().toString());
    }
    RecordSequences.Element element = RecordSequences.element(value);
    String local = element != null ? element.sequence()
        : value instanceof IdentifierTree id ? id.getName().toString() : null;
    return local == null ? null : sequences.get(local);
  }

  /**
   * The value of {@code reference} applied to {@code element}, a record of a sequence streamed
   * ({@code mapToDouble(Shape::area)}): the element's own method of that name and no parameter,
   * or else a static method of one parameter of the class named ({@code Areas::area}), inlined.
   */
  Expr appliedTo(MemberReferenceTree reference, RecordValue element) {
    String name = reference.getName().toString();
    if (element.component(name) != null) {
      // An accessor (Vec2::x), which has no body of its own: the element's component.
      if (element.absent() != null) {
        expressions.before().accept(nullCheck(new Expr.Read(element.absent()), reference));
      }
      return new Expr.Read(element.component(name));
    }
    List<ExecutableElement> own = objects.instanceMethods(element.type(), name, 0);
    TypeElement named = calls.typeNamed(reference.getQualifierExpression()).orElse(null);
    List<ExecutableElement> statics = named == null ? List.of() : calls.methodsOf(named, name).stream()
        .filter(m -> m.getModifiers().contains(Modifier.STATIC) && m.getParameters().size() == 1
            && objects.declares(m))
        .toList();
    ExecutableElement method = !own.isEmpty() ? own.get(0) : statics.size() == 1 ? statics.get(0) : null;
    if (method == null) {
      throw new Unsupported(reference, SourceText.oneLine(reference) + " is applied to each "
          + element.type().getSimpleName() + " of the sequence, and javagrad inlines there a method of the record"
          + " with no parameter, or a static method of this compilation taking it alone; write a lambda instead");
    }
    return inliner.applyToRecord(method, reference, expressions.caller(), element);
  }

  /**
   * Whether {@code call} is made on an object whose type the translator cannot tell yet: a lambda's
   * parameter ({@code p.minus(center)} in {@code p -> p.minus(center).norm()}), bound where the
   * lambda is applied. Given a record of a type with such a method, it is taken for that record's.
   */
  private boolean isOnUnknownObject(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree
        && opaque.typeOr(select.getExpression(), null) == null;
  }

  /** Whether a record without object may be given to {@code call}: it is inlined with it. */
  private boolean takesRecords(MethodInvocationTree call) {
    ExpressionTree object = call.getMethodSelect() instanceof MemberSelectTree select
        ? unparenthesized(select.getExpression()) : null;
    return objectsNullMethod(call) != null || object != null && followed(object) != null
        || object instanceof IdentifierTree function && scope.get(function.getName().toString()) == null
            && scope.function(function.getName().toString()) != null
        || call.getMethodSelect() instanceof IdentifierTree && scope.record("this") != null
        || calls.candidates(call).stream().anyMatch(m -> m.getModifiers().contains(Modifier.STATIC)
            ? objects.ownMethods((TypeElement) m.getEnclosingElement(), m.getSimpleName().toString(),
                m.getParameters().size(), true).contains(m)
            : followed(m.getEnclosingElement().asType()) != null); // a record's method, on a lambda's parameter
  }

  /** {@code name = value;} for a name bound to a record: the statements that give its locals the new components; else null. */
  List<Stmt> assignment(AssignmentTree assignment) {
    RecordArrays.Held renewed = unparenthesized(assignment.getVariable()) instanceof IdentifierTree named
        && RecordArrays.renews(named.getName().toString(), assignment) ? scope.recordArray(named.getName().toString())
        : null;
    if (renewed != null) {
      return renewed(renewed, RecordArrays.created(assignment.getExpression()));
    }
    RecordArrays.Held array = heldArrayOf(assignment.getVariable());
    if (array != null) {
      ArrayAccessTree element = (ArrayAccessTree) unparenthesized(assignment.getVariable());
      return store(array, expressions.indexRead(element.getIndex()), SourceText.oneLine(element),
          assignment.getExpression());
    }
    RecordValue target = bound(assignment.getVariable());
    if (target == null) {
      return null;
    }
    Given given = given(assignment.getExpression());
    Set<Variable> own = Set.copyOf(target.components());
    if (given.components() != null && given.components().stream().anyMatch(c -> Statements.reads(c, own))) {
      // The new components read the old ones (z = new Complex(z.im(), z.re())): all are computed first.
      RecordValue next = copied(target.type(), given, "next");
      given = Given.of(next);
    }
    return assignments(target, given, assignment.getExpression());
  }

  /**
   * The assignments of {@code given}, the value of {@code tree}, to {@code target}'s locals: its
   * {@code absent} too, where {@code target} may be null; a value that may be null given to one that
   * may not is an error at {@code tree}.
   */
  List<Stmt> assignments(RecordValue target, Given given, ExpressionTree tree) {
    String source = SourceText.oneLine(tree);
    if (target.absent() == null && given.absent() != null) {
      throw new Unsupported(tree, source + " may be null, and javagrad follows the " + target.type().getSimpleName()
          + " it is given to by its components with no object, where it cannot tell that it may be; assign it to a"
          + " local declared with null (" + target.type().getSimpleName() + " r = null;) first, or test it for"
          + " null before");
    }
    for (int i = 0; given.components() != null && i < given.components().size(); i++) {
      Variable local = target.components().get(i);
      if (!local.isParameter() && given.components().get(i) instanceof Expr.Read read
          && read.variable().isParameter() && read.variable().type() == Type.DOUBLE_MATRIX) {
        throw new Unsupported(tree, source + " gives a " + target.type().getSimpleName() + " that holds the parameter"
            + " matrix " + read.variable().name() + " as its component" + RecordValue.leaves(target.type()).get(i)
            .accessors() + ", which javagrad follows as another name for it only in a record built where it is"
            + " declared (" + target.type().getSimpleName() + " r = new " + target.type().getSimpleName() + "("
            + read.variable().name() + ", ...)); build it there, or give it a copy of the matrix");
      }
      if (local.isParameter() && !(given.components().get(i) instanceof Expr.Read read && read.variable() == local)) {
        throw new Unsupported(tree, "the " + target.type().getSimpleName() + " assigned here holds the parameter"
            + " matrix " + local.name() + " as its component" + RecordValue.leaves(target.type()).get(i).accessors()
            + ", which javagrad follows as another name for " + local.name() + "; it cannot be given another value:"
            + " declare a new local for the new record");
      }
    }
    List<Stmt> out = new ArrayList<>();
    if (target.absent() != null) {
      Expr absent = given.absent() == null ? Literals.bool(false) : given.absent();
      out.add(new Stmt.Assign(target.absent(), absent, target.absent().name() + " = " + source + " == null;"));
    }
    if (given.components() != null) {
      out.addAll(assignments(target, given.components(), source));
    }
    return out;
  }

  /** The assignments of {@code components} to {@code target}'s locals. */
  List<Stmt> assignments(RecordValue target, List<Expr> components, String source) {
    List<Stmt> out = new ArrayList<>();
    List<RecordValue.Leaf> leaves = RecordValue.leaves(target.type());
    for (int i = 0; i < components.size(); i++) {
      Variable local = target.components().get(i);
      if (!(components.get(i) instanceof Expr.Read read && read.variable() == local)) {
        out.add(new Stmt.Assign(local, components.get(i), local.name() + " = " + source + leaves.get(i).accessors()
            + ";"));
        expressions.given(local, components.get(i));
      }
    }
    return out;
  }

  private static List<Expr> reads(List<Variable> locals) {
    return locals.stream().map(v -> (Expr) new Expr.Read(v)).toList();
  }
}
