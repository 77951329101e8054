package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Wires together the translators of one body: the method's own, and each helper's inlined into it
 * ({@link Inliner}), which all note what they find in the method's {@link Bookkeeping} and copy
 * private members into its companion.
 */
final class Translators {
  private final Trees trees;
  private final Types types;
  private final Elements elements;
  private final CalleeResolver callees;
  private final DerivativeRules rules;
  private final Map<TypeElement, List<? extends Element>> members;
  private final TypeElement companionOwner;
  private final Bookkeeping bookkeeping;
  private final MemberCopies copies;
  /** Whether the method is a helper differentiated on demand (see {@link AssignmentTranslator}). */
  private final boolean helper;
  private final Inliner inliner;
  private final FunctionInliner functions;
  private final Set<String> inlinedIdentifiers = new LinkedHashSet<>();
  /**
   * The parameter arrays ?: chose and the locals holding their copies, for the method and every
   * helper inlined into it: a helper given such a local writes through it as the method would.
   */
  private final ChosenCopies chosenCopies = new ChosenCopies();
  /** The file of the method whose body is translated. */
  private final CompilationUnitTree methodUnit;

  Translators(Trees trees, Types types, Elements elements, CalleeResolver callees, DerivativeRules rules,
      Map<TypeElement, List<? extends Element>> members, TypeElement companionOwner, Bookkeeping bookkeeping,
      MemberCopies copies, boolean helper, ExecutableElement method, List<Tree> functions,
      CompilationUnitTree methodUnit) {
    this.methodUnit = methodUnit;
    this.trees = trees;
    this.types = types;
    this.elements = elements;
    this.callees = callees;
    this.rules = rules;
    this.members = members;
    this.companionOwner = companionOwner;
    this.bookkeeping = bookkeeping;
    this.copies = copies;
    this.helper = helper;
    this.inliner = new Inliner(this, trees, elements, method, functions);
    this.functions = new FunctionInliner(this, trees, elements, types);
  }

  /**
   * The translator of the body of {@code method}, in {@code unit}, whose names are in {@code scope}
   * and whose {@code return}s give a value of type {@code returns} (null for none).
   */
  StatementTranslator body(ExecutableElement method, CompilationUnitTree unit, Scope scope, Type returns) {
    return translator(FunctionValue.Written.in(method, unit), scope, returns, null, true);
  }

  /** As {@link #body}; {@code ownResult} where the returns give the method's result, not an inlined helper's. */
  private StatementTranslator translator(FunctionValue.Written written, Scope scope, Type returns,
      RecordValue recordResult, boolean ownResult) {
    NameResolver resolver = new NameResolver(elements, written.owner(), written.unit(), members);
    // What the companion may name is decided from its package, the caller's, not the helper's.
    NameTranslator names = new NameTranslator(scope, resolver, callees, companionOwner, bookkeeping);
    TypeInference inferred = new TypeInference(scope, resolver, names, elements, types);
    OpaqueTranslator opaque = new OpaqueTranslator(scope, resolver, names, callees, companionOwner, bookkeeping,
        SourceFile.of(written.unit(), trees), inferred, copies);
    CallTranslator calls = new CallTranslator(names, resolver, callees, companionOwner, bookkeeping, copies,
        rules.forCaller(written.method()), new CallTranslator.Receivers(scope, inferred));
    ExpressionTranslator expressions = new ExpressionTranslator(names, calls, opaque, scope, inliner, functions,
        written, chosenCopies);
    AssignmentTranslator assignments = new AssignmentTranslator(expressions, names, bookkeeping, opaque, helper);
    expressions.assignments(assignments);
    ArrayCopies arrayCopies = new ArrayCopies(scope, expressions, names, bookkeeping);
    expressions.copies(arrayCopies);
    return new StatementTranslator(scope, expressions, assignments, opaque, bookkeeping, arrayCopies, returns,
        recordResult, ownResult);
  }

  /**
   * {@code statements}, written where {@code written} says (a helper's body, a lambda's block),
   * translated to be inlined into the method (see {@link #body}); what they note for later checks,
   * they note as being in that file. Where they return a record followed by its components, their
   * returns assign {@code recordResult} (else null).
   */
  List<Stmt> inlinedBody(FunctionValue.Written written, Scope scope, Type returns, RecordValue recordResult,
      List<? extends StatementTree> statements) {
    return inlined(written, () -> translator(written, scope, returns, recordResult, false).block(statements));
  }

  /** A lambda's body {@code value}, translated as {@code return value;} to be inlined (see {@link #inlinedBody}). */
  List<Stmt> inlinedValue(FunctionValue.Written written, Scope scope, Type returns, ExpressionTree value) {
    return inlined(written, () -> translator(written, scope, returns, null, false).returned(value));
  }

  private List<Stmt> inlined(FunctionValue.Written written, Supplier<List<Stmt>> translation) {
    CompilationUnitTree before = bookkeeping.translatingFrom(written.unit() == methodUnit ? null : written.unit());
    try {
      return translation.get();
    } finally {
      bookkeeping.translatingFrom(before);
    }
  }

  /** {@code value}, passed at {@code site} into a {@code @NoDerivative} parameter: checked once activity is known. */
  void givenToConstant(Expr value, Tree site) {
    bookkeeping.givenToConstant(value, site, "passed into a @NoDerivative parameter");
  }

  /** Whether {@code method}, a static method of this compilation, may write into the arrays its caller passes it. */
  boolean writesArguments(ExecutableElement method) {
    return callees.writesArguments(method);
  }

  /** The indices of the parameters whose arrays {@code method} may write into ({@link ArgumentWrites#writtenParameters}). */
  List<Integer> writtenParameters(ExecutableElement method) {
    return callees.writtenParameters(method);
  }

  /** The specialization of {@code helper} to the functions {@code given}, for the method's companion. */
  Specialization specialization(ExecutableElement helper, SortedMap<Integer, FunctionValue> given,
      SortedMap<Integer, javax.lang.model.element.TypeElement> records, Tree site) {
    return callees.specialization(helper, given, records, companionOwner, site);
  }

  /** Whether {@code method} is an enum's method that some constants override in bodies of their own. */
  boolean isChosenByConstant(ExecutableElement method) {
    return callees.isChosenByConstant(method);
  }

  /** Notes the identifiers of a body inlined into the method, which generated names avoid. */
  void inlined(Set<String> identifiers) {
    inlinedIdentifiers.addAll(identifiers);
  }

  Set<String> inlinedIdentifiers() {
    return inlinedIdentifiers;
  }
}
