package io.javagrad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Where a derivative could be lost in code run as written: a value with one given to code that
 * javagrad does not differentiate, whose result or effect the method's result needs. Which values
 * carry derivatives is known only after the whole body is translated, so the checks are noted in
 * the method's {@link Bookkeeping} here and made there.
 */
final class DerivativeLoss {
  private final Scope scope;
  private final NameResolver names;
  private final NameTranslator qualifiers;
  private final CalleeResolver callees;
  private final Bookkeeping bookkeeping;
  private final TypeInference types;
  private final LostDerivativeRemedies remedies;

  DerivativeLoss(Scope scope, NameResolver names, NameTranslator qualifiers, CalleeResolver callees,
      Bookkeeping bookkeeping, TypeInference types) {
    this.scope = scope;
    this.names = names;
    this.qualifiers = qualifiers;
    this.callees = callees;
    this.bookkeeping = bookkeeping;
    this.types = types;
    this.remedies = new LostDerivativeRemedies(types, callees);
  }

  /**
   * Notes the checks, made once activity is known, of {@code code}, {@code tree} rewritten, which
   * reads the method's variables as {@code reads} says, assigns {@code writes} and, where {@code
   * assignsVariables}, assigns variables of the method by jumps or writes. A value with a derivative may go into code run as written only by value, into a result that
   * carries none (a message, a count, a test) or whose derivative the method's result does not
   * need (a tolerance that a condition compares with), and not into an object that the result
   * reads (list.add(x)); an array goes by reference, so never.
   */
  void checkLater(Expr.Opaque code, Tree tree, SourceRewriting.Reads reads, Map<Variable, IdentifierTree> writes,
      boolean assignsVariables) {
    if (isPiecewiseConstant(tree) || tree.getKind() == Tree.Kind.THROW) {
      return; // A throw's code never completes normally: what it reads or changes cannot reach the result.
    }
    // A function object of your own interface (Kernel k = Kernel.gaussian(); k.apply(u)) is told what javagrad follows.
    TypeElement yourClass = remedies.appliesFunctionObject(tree) ? null : objectOfYourClass(tree);
    MemberSelectTree mathFunction = mathFunction(tree);
    List<Variable> changed = changed(code, reads);
    RecordArrays.Unheld unheld = unheldStoredInto(tree);
    for (int i = 0; i < code.reads().size(); i++) {
      Variable v = code.reads().get(i).variable();
      if (writes.containsKey(v)) {
        continue; // A variable the statement assigns must carry no derivative at all, checked as such.
      }
      IdentifierTree site = reads.sites().get(i);
      if (reads.decidingOnly().contains(site)) {
        continue; // A comparator or a predicate: the value only decides, as a branch's condition does.
      }
      boolean byValue = v.type() == Type.DOUBLE || v.type().isDoubleArray() && reads.elementsRead().contains(site);
      boolean whole = v.type().isDoubleArray() && !byValue && !reads.referencesOnly().contains(site);
      String into = reads.captured().contains(site) ? "captured by a lambda or class in " : "passed into ";
      String what = into + code.source() + ", which javagrad runs as written without differentiating it";
      String remedy = isFloat(tree) ? "javagrad differentiates double arithmetic, and this is float arithmetic,"
          + " which Java rounds to float at each step: keep " + site.getName() + " a double there (float values"
          + " that carry no derivative may take part)"
          : mathFunction != null ? mathFunction.toString() + " has no rule in javagrad's table of functions, which are "
          + Primitive.supportedFunctions() + ": write it with those, or declare its derivative with @DerivativeOf"
          : yourClass != null && yourClass.getKind().isInterface() ? SourceText.calledName((MethodInvocationTree) tree)
          + " is declared by the interface " + yourClass.getSimpleName() + ", and javagrad differentiates the"
          + " instance methods that enums, records and final classes declare themselves, whose every body it sees:"
          + " declare it in the class itself (abstract, where its constants' bodies implement it), or make it a"
          + " static method taking the object as a parameter, or declare its derivative with @DerivativeOf"
          : yourClass != null ? "javagrad differentiates the instance methods of enums, records and final"
          + " classes that are not generic only, whose every body it sees and whose companion can name them, and "
          + yourClass.getSimpleName() + " is not one" + (ObjectMethods.isClosedToOverriding(yourClass) ? ""
          : " (a subclass may override the method out of its sight)") + ": make "
          + yourClass.getSimpleName() + (ObjectMethods.isClosedToOverriding(yourClass) ? " not generic" : " final")
          + ", or make the method static, taking the object as a"
          + " parameter, or declare its derivative with @DerivativeOf"
          : remedies.of(tree, site, reads.captured().contains(site)).map(r -> r + noDerivativeRemedy(v))
          .orElse("if it is a function of "
          + site.getName() + ", annotate it @Differentiable where its source is, or declare its derivative with"
          + " @DerivativeOf; otherwise give it a value that does not depend on the differentiated inputs"
          + noDerivativeRemedy(v));
      Tree at = site;
      if (unheld != null) {
        // Stored into an array that a use keeps from being held per number: that use is what to change.
        at = unheld.name();
        what = unheldWhat(unheld, site, code);
        remedy = unheldRemedy(unheld, RecordArrays.listAddedTo(storeOf(tree)) == null, v);
      }
      if (whole || byValue && reads.captured().contains(site)) {
        bookkeeping.givenToConstant(code.reads().get(i), at, what, remedy);
      } else if (byValue && (LibraryCalls.mayHoldDerivative(code.type()) || encodesValue(tree) || !changed.isEmpty()
          || assignsVariables)) {
        // Where its value carries none, the code may still keep the value in an object it changes (list.add(x))
        // or in a variable it assigns (scale = 2 * x in a catch), which the statement's value stands for.
        bookkeeping.givenToCodeRunAsWritten(code.reads().get(i), at, code, changed, what, remedy);
      }
    }
  }


  /** The expression of {@code tree}, a statement of one expression or an expression; else null. */
  private static ExpressionTree storeOf(Tree tree) {
    return tree instanceof ExpressionStatementTree statement ? statement.getExpression()
        : tree instanceof ExpressionTree expression ? expression : null;
  }

  /**
   * The use that keeps an array or a list of records of numbers from being held as a structure of
   * arrays ({@link RecordArrays}), where {@code tree} stores a record into it ({@code a[i] = new
   * Vec2(x, y)}, {@code v.add(new Vec2(x, y))}): a derivative stored is lost because of that use;
   * else null.
   */
  private RecordArrays.Unheld unheldStoredInto(Tree tree) {
    ExpressionTree store = storeOf(tree);
    RecordSequences.Element element = store instanceof AssignmentTree assignment
        ? RecordSequences.element(assignment.getVariable()) : null;
    String stored = element != null ? element.sequence() : RecordArrays.listAddedTo(store);
    return stored == null ? null : scope.unheld(stored);
  }

  /** What happens to {@code site}'s derivative, stored by {@code code} into an array that {@code unheld} keeps from being held. */
  private static String unheldWhat(RecordArrays.Unheld unheld, IdentifierTree site, Expr.Opaque code) {
    return "used here (" + SourceText.oneLine(unheld.use()) + ") as an object, which javagrad cannot hold as an"
        + " array per number of its records, so that " + code.source() + " stores an object made of "
        + site.getName() + ", run as written";
  }

  /** The uses of an array ({@code array}) or a list of records for which javagrad holds it per number, and what to do. */
  private static String unheldRemedy(RecordArrays.Unheld unheld, boolean array, Variable stored) {
    String a = unheld.name().getName().toString();
    String uses = array ? a + "[i] = r, " + a + "[i].x(), " + a + "[i].method(), R r = " + a + "[i], \"\" + " + a
        + "[i], " + a + "[i] == null, " + a + ".length, for (R r : " + a + "), Arrays.stream(" + a + ")"
        : a + ".add(r), " + a + ".get(i).x(), " + a + ".get(i).method(), R r = " + a + ".get(i), " + a + ".size(), "
        + a + ".isEmpty(), for (R r : " + a + "), " + a + ".stream()";
    return "javagrad holds an array or an ArrayList of records of numbers that a loop fills, with no objects, where"
        + " each use of it is one of " + uses + ", or gives an element to a helper of this compilation; read what"
        + " this use needs from the elements instead, or pass the numbers themselves" + (stored.isDifferentiatedInput()
        ? noDerivativeRemedy(stored) : ", or, if no derivative is wanted in the numbers stored, declare the"
        + " parameters they come from @NoDerivative");
  }

  /**
   * The remedy of a differentiated parameter that the caller only meant as data (the amounts of
   * claims put in records): it need not carry a derivative at all.
   */
  private static String noDerivativeRemedy(Variable v) {
    return v.isDifferentiatedInput() ? ", or, if no derivative in " + v.name() + " is wanted, declare the parameter"
        + " @NoDerivative" : "";
  }

  /** Whether {@code tree} is a {@code float} value: a cast to float, or float arithmetic. */
  private boolean isFloat(Tree tree) {
    TypeMirror type = tree instanceof ExpressionTree e ? types.typeOf(e) : null;
    return type != null && type.getKind() == TypeKind.FLOAT;
  }

  /**
   * The objects of the method that {@code code} may change, and so keep a value in: those whose
   * methods it calls ({@code list.add(x)}, {@code sb.append(x)}) or whose fields it assigns, and
   * those it passes to a call ({@code Collections.addAll(list, x)}), but for calls that build
   * messages ({@link LibraryCalls#buildsMessages}).
   */
  private static List<Variable> changed(Expr.Opaque code, SourceRewriting.Reads reads) {
    List<Variable> changed = new ArrayList<>();
    for (int i = 0; i < code.reads().size(); i++) {
      Variable v = code.reads().get(i).variable();
      if (v.type().isOther() && reads.receivers().contains(reads.sites().get(i)) && !changed.contains(v)) {
        changed.add(v);
      }
    }
    return changed;
  }

  /**
   * The class of the object on which {@code tree} calls a method, where that class is the user's
   * own (its source is in this compilation) and neither an enum nor a record that is not generic,
   * whose methods calls differentiate; else null.
   */
  private TypeElement objectOfYourClass(Tree tree) {
    if (!(tree instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || qualifiers.typeNamed(select.getExpression()).isPresent()) {
      return null;
    }
    if (!(types.typeOf(select.getExpression()) instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement type && callees.hasSource(type))) {
      return null;
    }
    if (ObjectMethods.isClosedToOverriding(type) && type.getTypeParameters().isEmpty()) {
      // An enum's or a record's own method is differentiated; one it inherits from an interface is not.
      return names.methodsOf(type, select.getIdentifier().toString()).stream()
          .map(m -> (TypeElement) m.getEnclosingElement())
          .filter(owner -> owner.getKind().isInterface())
          .findFirst().orElse(null);
    }
    return type;
  }

  /**
   * Whether {@code tree} re-encodes a number it is given: its result, a {@code long} or a {@code
   * String}, is the value in another form (its bits, its text), which code may turn back into the
   * number ({@code Double.longBitsToDouble(Double.doubleToLongBits(x) & mask)}), losing its derivative.
   */
  private boolean encodesValue(Tree tree) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (call.getMethodSelect() instanceof MemberSelectTree select) {
          String name = select.getIdentifier().toString();
          found[0] |= qualifiers.typeNamed(select.getExpression())
              .filter(owner -> LibraryCalls.encodesValue(owner.getQualifiedName().toString(), name)).isPresent();
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(tree, null);
    return found[0];
  }

  /**
   * A call of a function that is constant between its jumps ({@code Math.floor ceil rint signum},
   * and the same of the classes alike, {@code StrictMath} and {@code FastMath}): its derivative is
   * 0 wherever it is defined, so a value with a derivative may go in, and none comes out.
   */
  private boolean isPiecewiseConstant(Tree tree) {
    MemberSelectTree function = mathFunction(tree);
    return function != null && LibraryCalls.isPiecewiseConstant(function.getIdentifier().toString());
  }

  /**
   * The function {@code tree} calls ({@code Math.scalb}) where it is one of {@code Math} or a class
   * alike ({@code StrictMath}, {@code FastMath}) that the table has no rule for (the table's own
   * never run as written); null for any other code.
   */
  private MemberSelectTree mathFunction(Tree tree) {
    if (!(tree instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
      return null;
    }
    // Math, or org.hipparchus.util.FastMath written out; a variable of the method names no class.
    return names.typeNamed(select.getExpression(), id -> scope.get(id.getName().toString()) != null)
        .filter(t -> Primitive.isMathAlike(t.getQualifiedName().toString()))
        .map(t -> select)
        .orElse(null);
  }
}
