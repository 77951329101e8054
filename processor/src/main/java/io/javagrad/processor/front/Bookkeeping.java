package io.javagrad.processor.front;

import com.sun.source.tree.Tree;
import io.javagrad.processor.front.BodyTranslator.ConstantUse;
import io.javagrad.processor.front.BodyTranslator.Translation;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import java.util.ArrayList;
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
  private final Map<Callee, ExecutableElement> helpers = new LinkedHashMap<>();
  private final List<ConstantUse> constantUses = new ArrayList<>();
  private final Set<String> companionWarnings = new TreeSet<>();
  private final Map<Expr.Opaque, Tree> foreignArrays = new LinkedHashMap<>();

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
      helpers.put(callee, target);
    }
  }

  /** {@code value} is {@code what} (for the message), to be checked once activity is known. */
  void givenToConstant(Expr value, Tree site, String what) {
    givenToConstant(value, site, what, "use a value that does not depend on the differentiated inputs, a local"
        + " variable, or no @NoDerivative there");
  }

  /** As above, with what to write instead. */
  void givenToConstant(Expr value, Tree site, String what, String remedy) {
    constantUses.add(new ConstantUse(value, site, what, remedy));
  }

  /** {@code code}, run as written at {@code site}, gives an array that a local holds. */
  void foreignArray(Expr.Opaque code, Tree site) {
    foreignArrays.put(code, site);
  }

  /** The arrays that code run as written gives, each with where. */
  Map<Expr.Opaque, Tree> foreignArrays() {
    return foreignArrays;
  }

  /** The callees so far; the set fills up as the body is translated. */
  Set<Callee> callees() {
    return called;
  }

  Translation translation(MethodBody body, MemberCopies.Copied copies) {
    return new Translation(body, callSites, constantUses, companionWarnings, copies, helpers);
  }
}
