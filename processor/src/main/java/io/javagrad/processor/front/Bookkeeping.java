package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import io.javagrad.processor.front.BodyTranslator.ConstantUse;
import io.javagrad.processor.front.BodyTranslator.Translation;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * What translating a body notes besides the intermediate form, for the steps after it (see {@link
 * Translation}): the callees, where each is first called, the values given to something constant,
 * and the lint categories in which the companion's references warn.
 */
final class Bookkeeping {
  private final CalleeResolver callees;
  private final Set<Callee> called = new LinkedHashSet<>();
  private final Map<ExecutableElement, Tree> callSites = new LinkedHashMap<>();
  private final Map<Callee, DemandedHelper> helpers = new LinkedHashMap<>();
  /** The tangents of the rules the body calls, for its second derivatives ({@link Callee#tangentOfRule}). */
  private final TangentsOfRules tangentsOfRules = new TangentsOfRules();
  private final List<ConstantUse> constantUses = new ArrayList<>();
  private final Set<String> companionWarnings = new TreeSet<>();
  private final Map<Expr.Opaque, Site> foreignArrays = new LinkedHashMap<>();
  private final Map<Variable, Site> patternTests = new LinkedHashMap<>();
  /** Each Arrays.sort followed as stores ({@link ArrayCopies}), by the first of its statements. */
  private final Map<Stmt, SortAsWritten> sorts = new IdentityHashMap<>();
  /** The file of the code being translated where it is a helper's, inlined into the method; null for the method's own. */
  private CompilationUnitTree unit;

  /** Where in the source: a tree, and its file where that is not the method's ({@link #unit}). */
  record Site(Tree tree, CompilationUnitTree unit) {}

  /**
   * An {@code Arrays.sort} of {@code array} followed as its {@code statements} statements, and
   * the call as written, which runs instead where the array is not the method's ({@link ForeignArrays}).
   */
  record SortAsWritten(Variable array, int statements, Stmt asWritten) {}

  /** Notes that {@code lowered} sorts {@code array}, and that {@code asWritten} may run instead. */
  void sortLowered(List<Stmt> lowered, Variable array, Stmt asWritten) {
    sorts.put(lowered.get(0), new SortAsWritten(array, lowered.size(), asWritten));
  }

  /** The sorts followed as stores, by the first of their statements (compared by identity). */
  Map<Stmt, SortAsWritten> sorts() {
    return sorts;
  }

  Bookkeeping(CalleeResolver callees) {
    this.callees = callees;
  }

  /** Notes that the companion names {@code referenced}, for the warnings that it may raise there. */
  void namedByCompanion(Element referenced) {
    companionWarnings.addAll(callees.deprecationWarnings(referenced));
  }

  void called(ExecutableElement target, Callee callee, Tree site) {
    namedByCompanion(target);
    called.add(callee);
    callSites.putIfAbsent(target, site);
    if (callee.isHelper()) {
      helpers.put(callee, new DemandedHelper(target, callee.entry(), null));
    }
  }

  /**
   * Notes that the second derivatives of a call of {@code ruled}, whose rule is {@code rule}, run
   * the rule's tangent: made here, or {@code published} by the companion of the rule's class; or,
   * where {@code whyNot} says why there is none, that they cannot.
   */
  void ruleCalled(ExecutableElement rule, Callee ruled, Callee published, String whyNot) {
    Callee tangent = ruled.tangentOfRule();
    if (published != null) {
      tangentsOfRules.published().put(tangent, published);
    } else if (whyNot == null) {
      tangentsOfRules.made().put(tangent, DemandedHelper.tangentOf(rule, tangent.entry()));
    } else {
      tangentsOfRules.notMade().put(tangent, whyNot);
    }
  }

  /** As {@link #called}, for a call of the helper {@code specialization} specializes to the functions it is given. */
  void called(Specialization specialization, Callee callee, Tree site) {
    called(specialization.helper(), callee, site);
    helpers.put(callee, new DemandedHelper(specialization.helper(), specialization.entry(), specialization));
  }

  /** {@code value} is {@code what} (for the message), to be checked once activity is known. */
  void givenToConstant(Expr value, Tree site, String what) {
    givenToConstant(value, site, what, "use a value that does not depend on the differentiated inputs, a local"
        + " variable, or no @NoDerivative there");
  }

  /** As above, with what to write instead. */
  void givenToConstant(Expr value, Tree site, String what, String remedy) {
    constantUses.add(new ConstantUse(value, site, unit, what, remedy, null, List.of()));
  }

  /** As above, at a site noted earlier, in whichever file it is. */
  void givenToConstant(Expr value, Site site, String what, String remedy) {
    constantUses.add(new ConstantUse(value, site.tree(), site.unit(), what, remedy, null, List.of()));
  }

  /**
   * {@code value} is passed by value into code run as written whose value is {@code result} and
   * which may change the objects {@code changes}: its derivative is lost if {@code result} or one of
   * those objects reaches the method's result (see {@link ConstantUse}).
   */
  void givenToCodeRunAsWritten(Expr value, Tree site, Expr.Opaque result, List<Variable> changes, String what,
      String remedy) {
    constantUses.add(new ConstantUse(value, site, unit, what, remedy, result, changes));
  }

  /** Notes that what follows is translated from {@code file} (null: the method's own); returns the file before. */
  CompilationUnitTree translatingFrom(CompilationUnitTree file) {
    CompilationUnitTree before = unit;
    unit = file;
    return before;
  }

  /** {@code code}, run as written at {@code site}, gives an array that a local holds. */
  void foreignArray(Expr.Opaque code, Tree site) {
    foreignArrays.put(code, new Site(site, unit));
  }

  /** {@code v} is tested by {@code x instanceof T t} at {@code site}, whose name {@code t} reads {@code v}, cast. */
  void testedByPattern(Variable v, Tree site) {
    patternTests.putIfAbsent(v, new Site(site, unit));
  }

  /**
   * Refuses a pattern's test of a variable that the method assigns after it is declared: the name
   * the pattern binds must keep the value that was tested, and reading the variable would not.
   */
  void checkPatternTests(List<Stmt> body) {
    Map<Variable, Integer> assignments = Statements.assignmentCounts(body);
    patternTests.forEach((v, site) -> {
      if (assignments.getOrDefault(v, 0) > (v.isParameter() ? 0 : 1)) {
        throw Unsupported.at(site.tree(), site.unit(), "javagrad reads the name this pattern binds as " + v.name()
            + ", cast, but " + v.name() + " is assigned again in the method; test a local that keeps the value");
      }
    });
  }

  /** The arrays that code run as written gives, each with where. */
  Map<Expr.Opaque, Site> foreignArrays() {
    return foreignArrays;
  }

  /** The callees so far; the set fills up as the body is translated. */
  Set<Callee> callees() {
    return called;
  }

  Translation translation(MethodBody body, MemberCopies.Copied copies) {
    return new Translation(body, callSites, constantUses, companionWarnings, copies, helpers, tangentsOfRules);
  }
}
