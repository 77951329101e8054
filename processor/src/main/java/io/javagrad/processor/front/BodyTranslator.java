package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.ir.RuntimeTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The second step: translates the body of a {@code @Differentiable} method from javac's trees into
 * the intermediate form, resolving every name on the way. Anything outside the supported subset
 * stops the translation with an {@link Unsupported} at the offending tree, saying what is
 * supported instead.
 *
 * <p>The work is shared out: {@link StatementTranslator} and {@link AssignmentTranslator} for
 * statements, {@link ExpressionTranslator} for expressions, {@link NameTranslator} for names and
 * constants, {@link CallTranslator} for calls, and {@link Bookkeeping} for what the later steps
 * need besides the intermediate form. This class declares the parameters, wires the others
 * together, and lowers the result's control flow ({@link ControlFlowLowering}).
 */
public final class BodyTranslator {
  /**
   * The translated method; where it calls each other method (to stop callers of a method that failed); the values
   * it gives to something constant (a callee's {@code @NoDerivative} parameter, or its own), to be
   * checked once activity is known: a value with a derivative would lose it there; and the javac
   * lint categories ({@code deprecation}, {@code removal}) in which the companion's references to
   * the body's constants and callees warn, for the companion to suppress; the helpers it calls
   * that are differentiated on demand, by callee; and where the tangents of the rules it calls are,
   * for its second derivatives.
   */
  public record Translation(MethodBody body, Map<ExecutableElement, Tree> callSites,
      List<ConstantUse> constantUses, Set<String> companionWarnings, MemberCopies.Copied copies,
      Map<Callee, DemandedHelper> helpers, TangentsOfRules tangentsOfRules) {}

  /**
   * A value given to something constant, where (for the message, in source order; {@code unit} is
   * the file, where it is not the method's own but a helper's inlined into it, else null), what
   * that is, and what to write instead. {@code result} is the value of the code run as written
   * that takes it by value, whose derivative is lost only where that value reaches the method's
   * result (not where it only decides, as in {@code if (d < Math.ulp(x))}), or where one of the
   * objects it {@code changes} ({@code list.add(x)}) does; null where the derivative is lost
   * whatever becomes of it.
   */
  public record ConstantUse(Expr value, Tree tree, CompilationUnitTree unit, String what, String remedy,
      Expr.Opaque result, List<Variable> changes) {}

  private BodyTranslator() {}

  /**
   * @param companionOwner the class whose companion the code goes into: the method's own, or, for a
   *     helper differentiated on demand, its caller's
   * @param rules the {@code @DerivativeOf} rules, of which the method's calls use those it sees
   * @param members a cache of classes' members, shared by the methods of a round
   * @param typeNames the names of types, shared by the methods of a round
   * @param helper for a helper differentiated on demand, which: one specialized to the functions it
   *     is given, or the tangent of a rule ({@link RuleTangents}), are made of its body; else null
   */
  public static Translation translate(MethodTree tree, ExecutableElement method, TypeElement companionOwner,
      CompilationUnitTree unit, Trees trees, Types types, Elements elements, CalleeResolver callees,
      DerivativeRules rules, Map<TypeElement, List<? extends Element>> members, TypeNames typeNames,
      DemandedHelper helper) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Set<String> identifiers = identifiersIn(tree);
    PackageElement companionPackage = elements.getPackageOf(companionOwner);
    Set<String> roots = packageRoots(unit, elements.getPackageOf(owner), companionPackage);
    Scope scope = new Scope(identifiers, typeNames.of(companionPackage).or(roots::contains));
    TypeElement receiver = ObjectMethods.receiverType(method);
    List<Variable> parameters = new ArrayList<>();
    if (receiver != null) {
      parameters.add(scope.declareReceiver(ObjectMethods.receiverParameterType(method)));
    }
    Specialization specialization = helper == null ? null : helper.specialization();
    Set<Integer> functions = specialization == null ? Set.of() : specialization.functions().keySet();
    boolean tangentOfRule = helper != null && helper.tangentOfRule();
    List<? extends VariableTree> declaredTrees = tangentOfRule
        ? tree.getParameters().subList(0, tree.getParameters().size() - 1) : tree.getParameters();
    List<Variable> declared = parameters(declaredTrees, method, scope, functions,
        specialization == null ? Map.of() : specialization.records());
    parameters.addAll(declared);
    RuleTangents tangents = tangentOfRule
        ? new RuleTangents(scope, declared, tree.getParameters().get(declared.size()).getName().toString()) : null;
    if (tangents != null) {
      parameters.addAll(tangents.tangents());
    }
    Bookkeeping bookkeeping = new Bookkeeping(callees);
    MemberCopies copies = new MemberCopies(trees, elements, types, callees, companionOwner, bookkeeping, members);
    Translators translators = new Translators(trees, types, elements, callees, rules, members, companionOwner,
        bookkeeping, copies, !AnnotatedMethods.isAnnotated(method, AnnotatedMethods.DIFFERENTIABLE), method,
        specialization == null ? List.of() : Specialization.trees(specialization.functions()), unit);
    if (specialization != null) {
      // A function that writes into an array it captures is refused as a helper that writes into its argument is.
      parameters.addAll(bindFunctions(specialization, tree, scope, translators));
    }
    // A helper writing into arrays it is given, called through recorded calls, runs packed (InPlaceCalls).
    List<Integer> written = helper == null || helper.madeByJavagrad() || receiver != null
        || AnnotatedMethods.isVectorValued(method) ? List.of() : callees.writtenParameters(method);
    boolean returnsNothing = method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID;
    Type returns = AnnotatedMethods.isVectorValued(method) ? Type.DOUBLE_ARRAY : returnsNothing ? null : Type.DOUBLE;
    List<Stmt> translated = new ArrayList<>();
    List<Variable> owns = new ArrayList<>();
    if (!written.isEmpty()) {
      List<String> names = tree.getParameters().stream().map(p -> p.getName().toString()).toList();
      translated.addAll(InPlaceCalls.ownCopies(declared, written, scope, names));
      written.forEach(i -> owns.add(scope.get(names.get(i))));
    }
    if (receiver != null) {
      translated.add(ObjectMethods.nullCheck(scope.receiver()));
      translated.addAll(callees.objects().dispatch(method, scope.receiver(), declared, constantBody -> {
        Callee callee = callees.resolve(constantBody, companionOwner, tree);
        bookkeeping.called(constantBody, callee, tree);
        return callee;
      }));
    }
    if (tree.getBody() != null) {
      translated.addAll(translators.body(method, unit, scope, returns).block(tree.getBody().getStatements()));
    }
    if (tangents != null) {
      translated = tangents.body(translated);
    }
    translated = ForeignArrays.check(translated, bookkeeping);
    bookkeeping.checkPatternTests(translated);
    // The locals the translation made (_k for k++, _selector, ...) are taken, as the user's are, and
    // so are the names the bodies inlined into it use.
    Set<String> taken = new LinkedHashSet<>(identifiers);
    taken.addAll(translators.inlinedIdentifiers());
    Statements.all(translated).forEach(s -> {
      if (s.target() != null) {
        taken.add(s.target().name());
      }
    });
    if (returnsNothing) {
      // Its value, 0, is no one's: a packed helper's value is the arrays it wrote.
      Stmt last = translated.isEmpty() ? null : translated.get(translated.size() - 1);
      if (last instanceof Stmt.Return r && r.value() == null) {
        translated.remove(translated.size() - 1);
      }
      translated.add(new Stmt.Return(Literals.number(Type.DOUBLE, 0), "return;"));
    }
    List<Stmt> body = ControlFlowLowering.lower(translated, taken, returns == null ? Type.DOUBLE : returns);
    if (!written.isEmpty()) {
      body = InPlaceCalls.packedReturn(body, owns, !returnsNothing, scope);
      body = VectorResults.normalized(body, scope, bookkeeping, tree);
    } else if (returns == Type.DOUBLE_ARRAY) {
      body = VectorResults.normalized(body, scope, bookkeeping, tree);
    }
    return bookkeeping.translation(new MethodBody(ClassName.get(receiver != null ? receiver : owner),
        method.getSimpleName().toString(), parameters, body, allNames(taken, body), bookkeeping.callees(),
        sourceSignature(method, types)), copies.copied());
  }

  /** {@code method} as a Javadoc link names it: its parameters' types erased and qualified. */
  private static String sourceSignature(ExecutableElement method, Types types) {
    return method.getSimpleName() + "(" + String.join(", ", method.getParameters().stream()
        .map(p -> types.erasure(p.asType()).toString()).toList()) + ")";
  }

  /** Every name the body's variables have, for the generator to avoid: the user's, and those the front end made. */
  private static Set<String> allNames(Set<String> taken, List<Stmt> body) {
    Set<String> names = new LinkedHashSet<>(taken);
    for (Stmt s : Statements.all(body)) {
      if (s.target() != null) {
        names.add(s.target().name());
      }
      if (s instanceof Stmt.CountedLoop loop) {
        names.add(loop.counter().name());
      }
    }
    return names;
  }

  /**
   * The parameters {@code trees} of {@code method}, but the functions at {@code functions}, which
   * declare no variable; a record's at {@code records} is a parameter per leaf of the record, which
   * its name is bound to ({@link RecordValue}).
   */
  private static List<Variable> parameters(List<? extends VariableTree> trees, ExecutableElement method, Scope scope,
      Set<Integer> functions, Map<Integer, TypeElement> records) {
    List<Variable> parameters = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      TypeElement record = records.get(i);
      if (record != null) {
        String name = trees.get(i).getName().toString();
        List<Variable> leaves = RecordValue.leaves(record).stream()
            .map(leaf -> scope.declareParameter(name + "_" + leaf.name(), leaf.type(), false)).toList();
        scope.bindRecord(name, new RecordValue(record, leaves));
        parameters.addAll(leaves);
      } else if (!functions.contains(i)) {
        VariableElement element = method.getParameters().get(i);
        Type type = AnnotatedMethods.typeOf(element.asType()).orElseThrow();
        parameters.add(scope.declareParameter(trees.get(i).getName().toString(), type,
            AnnotatedMethods.isConstantInput(element)));
      }
    }
    return parameters;
  }

  /**
   * Binds each function parameter of a specialized helper to its function, whose code sees what it
   * captures as parameters of the helper, declared here, after its own, in the order of the captures;
   * returns them.
   */
  private static List<Variable> bindFunctions(Specialization specialization, MethodTree tree, Scope scope,
      Translators translators) {
    Map<Specialization.Capture, Variable> declared = new HashMap<>();
    specialization.functions().forEach((index, function) -> scope.bindFunction(
        tree.getParameters().get(index).getName().toString(),
        seeingParameters(function, index, List.of(), specialization, scope, translators, declared)));
    return specialization.captures().stream().map(declared::get).toList();
  }

  /**
   * {@code function}, reached from the function given at {@code index} through the captured
   * functions {@code through}, seeing what it captures as parameters of the helper, declared into
   * {@code declared}, and the functions it captures likewise.
   */
  private static FunctionValue seeingParameters(FunctionValue function, int index, List<String> through,
      Specialization specialization, Scope scope, Translators translators,
      Map<Specialization.Capture, Variable> declared) {
    if (function.scope() == null) {
      return function;
    }
    Set<String> identifiers = identifiersIn(function.tree());
    translators.inlined(identifiers);
    Scope seen = scope.inlined(identifiers);
    for (Specialization.Capture capture : specialization.captures()) {
      if (capture.function() == index && capture.through().equals(through)) {
        declared.put(capture, seen.declareParameter(capture.name(), capture.type(), false));
      }
    }
    for (String name : Specialization.functionsCaptured(function)) {
      List<String> deeper = new ArrayList<>(through);
      deeper.add(name);
      seen.bindFunction(name, seeingParameters(function.scope().function(name), index, List.copyOf(deeper),
          specialization, scope, translators, declared));
    }
    return FunctionValue.code(function.tree(), function.type(), function.written(), seen);
  }

  /**
   * The first names of the packages whose types the companion may write qualified, where a
   * variable of any of its methods hides a type's simple name: {@code java.lang}'s, the runtime's,
   * those the file imports, and the method's own where the companion's is another (a helper's). A
   * variable named like one would hide the package: {@code q.Lib.half(k)} does not compile where a
   * variable {@code q} is in scope.
   */
  private static Set<String> packageRoots(CompilationUnitTree unit, PackageElement own,
      PackageElement companions) {
    Set<String> roots = new HashSet<>(List.of("java", RuntimeTypes.VALUE.packageName().split("\\.")[0]));
    unit.getImports().forEach(i -> roots.add(i.getQualifiedIdentifier().toString().split("\\.")[0]));
    if (!own.isUnnamed() && !own.equals(companions)) {
      roots.add(own.getQualifiedName().toString().split("\\.")[0]);
    }
    return roots;
  }

  /** The names {@code tree} uses or declares, which the names generated for its method avoid. */
  static Set<String> identifiersIn(Tree tree) {
    Set<String> identifiers = new LinkedHashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        identifiers.add(node.getName().toString());
        return null;
      }

      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        identifiers.add(node.getName().toString());
        return super.visitVariable(node, unused);
      }
    }.scan(tree, null);
    return identifiers;
  }
}
