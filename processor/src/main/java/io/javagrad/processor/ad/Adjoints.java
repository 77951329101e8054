package io.javagrad.processor.ad;

import static io.javagrad.processor.term.Terms.mul;
import static io.javagrad.processor.term.Terms.mulUnlessEitherZero;
import static io.javagrad.processor.term.Terms.mulUnlessZeroSeed;
import static io.javagrad.processor.term.Terms.unlessZero;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Slot;
import io.javagrad.processor.term.Term;
import io.javagrad.processor.term.Terms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoints of one reverse sweep, and how seeds flow into them.
 *
 * <p>Outside control flow an adjoint ({@code _d_x}) is declared at its first contribution, and the
 * generator follows statically whether it holds a value: a seed that reaches nothing leaves no
 * code. A variable that a branch, a loop or a conditional expression touches has its adjoint
 * declared as 0 before the reverse sweep, and always updated in place. Each assignment's seed is
 * pushed down its {@link Linear} form, multiplying by partial derivatives as it goes; what reaches
 * one variable or array element in one statement is added at once.
 */
final class Adjoints {
  private final Activity activity;
  private final NameAllocator names;
  private final ReverseSweep.Output output;
  private final GradientLayout layout;
  private final Set<Variable> materialized;
  private final ZeroSeeds zeros;
  private final Map<Variable, Slot> adjoints = new HashMap<>();
  /** The tables of row starts of the double[][] inputs ({@code Rows.starts}), by input. */
  private final Map<Variable, String> rowStarts;
  private final Set<Variable> liveAdjoints = new HashSet<>();
  private final Lines arrays = new Lines();
  private int partialAdjoints;
  private int pullbacks;
  /** The loop being differentiated in place, if any, and where its outer scalars' and gathered arrays' shares gather. */
  private InPlaceLoop inPlace;
  private Map<Variable, Slot> inPlaceShares = Map.of();
  /** The locals of that loop's stencil windows. */
  private StencilAdjoints stencils;
  /** The element adjoints held in locals over the reverse of the loops being differentiated, by array ({@link #hold}). */
  private final Map<Variable, HeldElement> held = new HashMap<>();
  /** The counter of the loops that finish loops differentiated in place ({@link #finishInPlace}), once named. */
  private String finishIndex;
  /** Adjoints declared by the loops differentiated in place: in each iteration, or before the loop for scratch arrays. */
  private final Set<Variable> declaredInLoops = new HashSet<>();

  Adjoints(Activity activity, NameAllocator names, ReverseSweep.Output output, GradientLayout layout,
      Map<Variable, String> rowStarts, Set<Variable> materialized) {
    this.rowStarts = rowStarts;
    this.activity = activity;
    this.names = names;
    this.output = output;
    this.layout = layout;
    this.materialized = new LinkedHashSet<>(materialized);
    this.zeros = new ZeroSeeds();
  }

  /** The reverse of {@code s}; for an array store, {@code row} (or null) and {@code index} are the element's. */
  void adjointOf(Stmt s, Variable target, Term row, Term index, Linear linear, Lines reverse) {
    Term seed;
    Linear.Element stored = null;
    int clearAt = 0;
    if (s instanceof Stmt.Return) {
      seed = output.seed();
    } else if (s instanceof Stmt.ArrayStore) {
      // The element's adjoint is taken, and the element's slot cleared, before anything flows on.
      stored = new Linear.Element(target, row, index, null);
      seed = bind(verbatim(elementAdjoint(target, row, index)), reverse);
      clearAt = reverse.size();
      target = null;
    } else {
      seed = liveAdjoint(target);
      if (seed == null) {
        return;
      }
    }
    Map<Object, Term> contributions = new LinkedHashMap<>();
    // A formula with a singular partial, under a seed that may be 0: one test per variable it
    // reaches, at the root, rather than one per singular product inside.
    boolean guardsAtRoot = zeros.mayBe(seed) && singularFormula(linear);
    zeros.assumeNonZero(guardsAtRoot ? seed : null);
    propagate(linear, seed, contributions, reverse, target);
    zeros.assumeNonZero(null);
    if (guardsAtRoot) {
      Term rootSeed = seed;
      contributions.replaceAll((to, term) -> isScaled(term, rootSeed) ? term : unlessZero(rootSeed, term));
    }
    if (stored != null) {
      clearStored(stored, seed, contributions, clearAt, reverse);
    }
    // The target's own adjoint is the seed, read by everything above: it is replaced last.
    Term toTarget = contributions.remove(target);
    flush(contributions, reverse);
    if (target != null) {
      replace(target, toTarget, reverse);
    }
  }

  /**
   * After the reverse of {@code a[i] = e}: the element's adjoint, taken as the {@code seed}, is
   * cleared where it was taken ({@code clearAt}), before what {@code e} gives back to the element
   * is added, unless that is the seed itself ({@code a[i] += e}, {@code e} not reading {@code
   * a[i]}): then the adjoint passes through, and neither the clearing nor the adding is written.
   */
  private void clearStored(Linear.Element stored, Term seed, Map<Object, Term> contributions, int clearAt,
      Lines reverse) {
    if (seed.equals(contributions.get(stored))) {
      contributions.remove(stored);
      return;
    }
    CodeBlock element = elementAdjoint(stored.array(), stored.row(), stored.index());
    reverse.insert(clearAt, () -> CodeBlock.builder().addStatement("$L = 0.0", element).build());
  }

  /** Whether {@code linear} reaches its variables through functions only, one partial at least singular. */
  private static boolean singularFormula(Linear linear) {
    if (linear instanceof Linear.Node node) {
      return node.edges().stream().allMatch(edge -> formula(edge.child()))
          && node.edges().stream().anyMatch(edge -> edge.singular() || singularFormula(edge.child()));
    }
    return false;
  }

  private static boolean formula(Linear linear) {
    return linear instanceof Linear.Leaf || linear instanceof Linear.Element
        || linear instanceof Linear.Node node && node.edges().stream().allMatch(edge -> formula(edge.child()));
  }

  /** Whether {@code term} is {@code seed} times a constant, finite whatever the partials. */
  private static boolean isScaled(Term term, Term seed) {
    Term t = term instanceof Term.Neg n ? n.operand() : term;
    return t.equals(seed) || t instanceof Term.Binary b && b.operator().equals("*")
        && (b.left().equals(seed) && b.right() instanceof Term.Num || b.right().equals(seed) && b.left() instanceof Term.Num);
  }

  /** After the reverse of {@code v = e}: {@code v}'s adjoint is what {@code e} gave back to {@code v}, if anything. */
  private void replace(Variable target, Term toTarget, Lines reverse) {
    if (inPlace != null && target == inPlace.accumulator()) {
      return; // acc = acc + e leaves acc's adjoint as it was: the seed 1 of every iteration
    }
    Slot adjoint = adjoints.get(target);
    boolean passesThrough = toTarget instanceof Term.Ref ref && ref.slot() == adjoint;
    if (passesThrough) {
      return;
    }
    if (materialized.contains(target)) {
      reverse.statement("$L = $L", adjoint, toTarget == null ? Terms.ZERO : toTarget);
      return;
    }
    liveAdjoints.remove(target);
    if (toTarget != null) {
      contribute(target, toTarget, reverse);
    }
  }

  /** An assignment of a value without derivative: the target's adjoint stops here. */
  void kill(Variable target, Term row, Term index, Lines reverse) {
    if (index != null) {
      if (activity.isActive(target)) {
        reverse.statement("$L = 0.0", elementAdjoint(target, row, index));
      }
    } else if (materialized.contains(target)) {
      if (activity.isActive(target)) {
        reverse.statement("$L = 0.0", slot(target));
      }
    } else {
      liveAdjoints.remove(target);
    }
  }

  /** The adjoint of {@code v} as a term, or null where nothing has reached it. */
  private Term liveAdjoint(Variable v) {
    if (inPlace != null && v == inPlace.accumulator()) {
      return Terms.ONE;
    }
    if (materialized.contains(v)) {
      return slot(v).ref();
    }
    return liveAdjoints.contains(v) ? adjoints.get(v).ref() : null;
  }

  Slot slot(Variable v) {
    Slot share = inPlaceShares.get(v);
    if (share != null) {
      return share;
    }
    return adjoints.computeIfAbsent(v, variable -> new Slot(names.newName("_d_" + variable.name())));
  }

  /** The adjoints declared before the reverse sweep: arrays, and the variables control flow touches. */
  CodeBlock declarations() {
    Lines declared = new Lines().append(arrays);
    for (Variable v : materialized) {
      Slot adjoint = adjoints.get(v);
      if (adjoint != null && v.type() == Type.DOUBLE && !declaredInLoops.contains(v)) {
        declared.statement("double $L = 0.0", adjoint);
      }
    }
    return declared.render();
  }

  /**
   * Starts differentiating {@code loop}'s body in place: the accumulator's seed is 1, what reaches
   * each scalar the loop reads from outside, or an element of a gathered array, gathers in a new
   * local (an array for an array), returned here, and what reaches an element of a stencil window
   * in the window's local ({@code stencils}); {@link #finishInPlace} scales them.
   */
  Map<Variable, Slot> beginInPlace(InPlaceLoop loop, StencilAdjoints stencils) {
    inPlace = loop;
    materialized.removeAll(straightLineLocals(loop));
    this.stencils = stencils;
    inPlaceShares = new LinkedHashMap<>();
    String sum = loop.accumulator().name();
    for (Variable v : loop.outerScalars()) {
      inPlaceShares.put(v, new Slot(names.newName("_d" + sum + "_d" + v.name())));
    }
    for (Variable v : loop.gatheredArrays()) {
      inPlaceShares.put(v, new Slot(names.newName("_d" + sum + "_d" + v.name())));
    }
    return inPlaceShares;
  }

  void endInPlace() {
    inPlace = null;
    stencils = null;
    inPlaceShares = Map.of();
  }

  /**
   * The variables of an iteration differentiated in place that no control flow inside it touches.
   * Each iteration's reverse starts with none of their adjoints holding anything and runs
   * straight, so they are followed statically as outside control flow: declared at their first
   * contribution ({@code double _d_a = ...}), not set to 0 at the top of the iteration and added to.
   */
  private static Set<Variable> straightLineLocals(InPlaceLoop loop) {
    Set<Variable> straight = new HashSet<>();
    for (Variable v : loop.locals()) {
      if (v.type() == Type.DOUBLE && !loop.underControl().contains(v)) {
        straight.add(v);
      }
    }
    return straight;
  }

  /** The adjoints of {@code loop}'s own variables that control flow touches, declared as 0 at the start of each of its iterations. */
  Lines declareInIteration(InPlaceLoop loop) {
    Lines declared = new Lines();
    for (Variable v : loop.locals()) {
      Slot adjoint = adjoints.get(v);
      if (adjoint != null && v.type() == Type.DOUBLE && materialized.contains(v)) {
        declaredInLoops.add(v);
        declared.statement("double $L = 0.0", adjoint);
      }
    }
    return declared;
  }

  /**
   * Where the reverse sweep reaches a loop differentiated in place: what its iterations gathered
   * with seed 1 is scaled by the accumulator's adjoint, into the outer scalars' and the gathered
   * arrays' adjoints and, in place, in the parameter arrays' slots.
   */
  void finishInPlace(InPlaceLoop loop, Map<Variable, Slot> shares, Lines out) {
    Term seed = bindIfComputed(liveAdjoint(loop.accumulator()), out);
    // A share may be infinite (a singular rule in the loop); an unused sum still contributes nothing.
    shares.forEach((v, share) -> {
      if (v.type() == Type.DOUBLE) {
        contribute(v, times(seed, share.ref(), true), out);
      } else {
        String i = finishIndex();
        Term index = new Slot(i).ref();
        CodeBlock adjoint = elementAdjoint(v, null, index);
        Term scaled = times(seed, verbatim(ReverseSweep.element(share.name(), null, index)), true);
        out.add(() -> CodeBlock.builder()
            .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, v.name(), i)
            .addStatement("$L += $L", adjoint, scaled.code())
            .endControlFlow()
            .build());
      }
    });
    if (loop.outerArrays().isEmpty()) {
      return;
    }
    // The seed is often exactly 1 (a sum returned as it is), and scaling by 1 changes nothing.
    CodeBlock.Builder scaling = CodeBlock.builder().beginControlFlow("if ($L != 1.0)", seed.code());
    for (Variable array : loop.outerArrays()) {
      String i = finishIndex();
      CodeBlock slot = CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, CodeBlock.of("$L", i)));
      scaling.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, count(array), i)
          .addStatement("$L = $L", slot, times(seed, verbatim(slot), true).code())
          .endControlFlow();
    }
    out.add(() -> scaling.endControlFlow().build());
  }

  /**
   * The counter of the loops that finish loops differentiated in place, one name for all: they
   * run one after another at the top level of the reverse sweep, where loops are differentiated in place.
   */
  private String finishIndex() {
    if (finishIndex == null) {
      finishIndex = names.newName("_i");
    }
    return finishIndex;
  }

  /** Declares the adjoint of a local array that never moves ({@link ArrayReferences}), as long as the array. */
  void declareArray(Variable array) {
    arrays.statementIf(() -> !declaredInLoops.contains(array), "double[] $L = new double[$L.length]", slot(array),
        array.name());
  }

  /**
   * The adjoints of {@code loop}'s scratch arrays, declared before it: its iterations, which use
   * them, run in the forward sweep. Each iteration leaves them zero, as it clears each element's
   * adjoint where it reverses the element's store.
   */
  Lines declareScratch(InPlaceLoop loop) {
    Lines declared = new Lines();
    for (Variable array : loop.scratchArrays()) {
      if (adjoints.containsKey(array)) {
        declaredInLoops.add(array);
        declared.statement("double[] $L = new double[$L.length]", slot(array), array.name());
      }
    }
    return declared;
  }

  /**
   * Adds what reached each variable or array element into its adjoint. Keys are {@link Variable}s
   * and {@link Linear.Element}s, so that all that reaches one element in one statement is added at once.
   */
  private void flush(Map<Object, Term> contributions, Lines out) {
    contributions.forEach((to, term) -> {
      if (to instanceof Linear.Element element) {
        addToElement(element, term, out);
      } else {
        contribute((Variable) to, term, out);
      }
    });
  }

  /** Pushes {@code seed} down to the variables, summing what reaches each into {@code contributions}. */
  private void propagate(Linear linear, Term seed, Map<Object, Term> contributions, Lines out, Variable target) {
    if (linear instanceof Linear.Leaf leaf) {
      contributions.merge(leaf.variable(), seed, Terms::add);
    } else if (linear instanceof Linear.Element element) {
      contributions.merge(element, seed, Terms::add);
    } else if (linear instanceof Linear.Node node) {
      boolean guarded = node.edges().stream().anyMatch(Linear.Edge::singular) && zeros.mayBe(seed);
      Term nodeSeed = guarded ? bindIfComputed(seed, out) : seed;
      for (Linear.Edge edge : node.edges()) {
        Term childSeed = times(nodeSeed, edge.partial(), edge.singular());
        if (!Terms.isZero(childSeed)) {
          Term passed = fansOut(edge.child()) ? bindIfComputed(childSeed, out) : childSeed;
          propagate(edge.child(), passed, contributions, out, target);
        }
      }
    } else if (linear instanceof Linear.Branch branch) {
      conditional(branch, seed, contributions, out, target);
    } else {
      evaluatedCall((Linear.EvaluatedCall) linear, seed, contributions, out, target);
    }
  }

  private void addToElement(Linear.Element element, Term contribution, Lines out) {
    if (element.windowOffset() != null && stencils.givesNewest(element.array(), element.windowOffset())) {
      out.statement("$L = $L", stencils.local(element.array(), element.windowOffset()), contribution);
      return;
    }
    HeldElement holding = element.windowOffset() == null ? held.get(element.array()) : null;
    Object adjoint = element.windowOffset() != null ? stencils.local(element.array(), element.windowOffset())
        : holding != null ? holding.use()
        : elementAdjoint(element.array(), element.row(), element.index());
    accumulate(adjoint, contribution, out);
  }

  /** A local that holds an element's adjoint over a loop's reverse, and whether anything reached it. */
  private static final class HeldElement {
    private final Slot local;
    private boolean used;

    HeldElement(Slot local) {
      this.local = local;
    }

    Slot use() {
      used = true;
      return local;
    }
  }

  /**
   * Holds the adjoint of {@code array[index]} in a local over the reverse of a loop that reads
   * no other element of {@code array} ({@link HeldElements}), until {@link #release}: the local
   * is declared as 0 in {@code before}, ahead of the reverse loop, and added into the element in
   * {@code after}, following it, if anything reached it. Only then: a loop that ran no trip may
   * not have an element at that index. An array an enclosing loop already holds stays held there;
   * returns whether this loop holds it.
   */
  boolean hold(Variable array, Term index, Lines before, Lines after) {
    if (held.containsKey(array) || !activity.isActive(array)) {
      return false;
    }
    String at = index.code().toString();
    HeldElement holding = new HeldElement(new Slot(names.newName("_d_" + array.name() + "_"
        + (at.matches("\\w+") ? at : "held"))));
    held.put(array, holding);
    CodeBlock element = elementAdjoint(array, null, index);
    String local = holding.local.name();
    before.add(() -> !holding.used ? CodeBlock.of("") : CodeBlock.builder()
        .add("// the adjoint of $L[$L], held over the loop, which reads no other element of $L\n", array.name(), at,
            array.name())
        .addStatement("double $L = 0.0", local)
        .build());
    after.add(() -> !holding.used ? CodeBlock.of("") : CodeBlock.builder()
        .beginControlFlow("if ($L != 0.0)", local)
        .addStatement("$L += $L", element, local)
        .endControlFlow()
        .build());
    return true;
  }

  /** Ends holding {@code arrays}' elements ({@link #hold}). */
  void release(Set<Variable> arrays) {
    held.keySet().removeAll(arrays);
  }

  /**
   * The adjoint of {@code array[index]} (or {@code array[row][index]}): an element of the local
   * array's adjoint array, or, for a parameter's array, its slot in the gradient or adjoints array;
   * in a loop differentiated in place, of a gathered array, an element of its share.
   */
  private CodeBlock elementAdjoint(Variable array, Term row, Term index) {
    if (!array.isParameter() || inPlaceShares.containsKey(array)) {
      return ReverseSweep.element(slot(array).name(), row, index);
    }
    if (row == null) {
      return CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, index.code()));
    }
    // Row by row: the row's first slot, from the entry point's table, then the column.
    CodeBlock at = CodeBlock.of("$L[$L] + $L", rowStarts(array), row.code(), index.code());
    return CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, at));
  }

  /** The name of the table of row starts of the {@code double[][]} input {@code matrix} ({@code Rows.starts}). */
  String rowStarts(Variable matrix) {
    return rowStarts.get(matrix);
  }

  /** The number of slots of the array input {@code array}, as code. */
  CodeBlock count(Variable array) {
    return array.type() == Type.DOUBLE_MATRIX ? CodeBlock.of("$L[$L.length]", rowStarts(array), array.name())
        : CodeBlock.of("$L.length", array.name());
  }

  /** {@code target += contribution}, written {@code target -= t} for a contribution {@code -t}. */
  private static void accumulate(Object target, Term contribution, Lines out) {
    if (contribution instanceof Term.Neg negated) {
      out.statement("$L -= $L", target, negated.operand());
    } else {
      out.statement("$L += $L", target, contribution);
    }
  }

  /**
   * {@code c ? a : b}: the seed flows into the side the condition chose, inside an {@code if}, so
   * that the other side is never evaluated (its indices may be out of range). What reaches the
   * assignment's own target waits, as {@code c ? ... : 0}, until the seed is no longer read.
   */
  private void conditional(Linear.Branch branch, Term seed, Map<Object, Term> contributions, Lines out,
      Variable target) {
    Lines whenTrue = new Lines();
    Lines whenFalse = new Lines();
    Map<Object, Term> intoTrue = flowInto(branch.ifTrue(), seed, whenTrue, target);
    Map<Object, Term> intoFalse = flowInto(branch.ifFalse(), seed, whenFalse, target);
    Term shareTrue = intoTrue.remove(target);
    Term shareFalse = intoFalse.remove(target);
    flush(intoTrue, whenTrue);
    flush(intoFalse, whenFalse);
    if (shareTrue != null || shareFalse != null) {
      // What reaches the assignment's own target waits until the seed is no longer read; it is
      // computed inside the branch (it may read a pullback's buffer there) into a local declared here.
      String share = names.newName("_r" + partialAdjoints++);
      out.statement("double $L = 0.0", share);
      if (shareTrue != null) {
        whenTrue.statement("$L = $L", share, shareTrue);
      }
      if (shareFalse != null) {
        whenFalse.statement("$L = $L", share, shareFalse);
      }
      contributions.merge(target, new Slot(share).ref(), Terms::add);
    }
    out.add(() -> {
      CodeBlock thenCode = whenTrue.render();
      CodeBlock elseCode = whenFalse.render();
      if (thenCode.isEmpty() && elseCode.isEmpty()) {
        return CodeBlock.of("");
      }
      CodeBlock.Builder code = CodeBlock.builder();
      if (thenCode.isEmpty()) {
        return code.beginControlFlow("if (!($L))", branch.condition().code()).add(elseCode).endControlFlow().build();
      }
      code.beginControlFlow("if ($L)", branch.condition().code()).add(thenCode);
      if (!elseCode.isEmpty()) {
        code.nextControlFlow("else").add(elseCode);
      }
      return code.endControlFlow().build();
    });
  }

  /** Flows {@code seed} into one side of a conditional; returns what reaches each variable and element. */
  private Map<Object, Term> flowInto(Linear side, Term seed, Lines out, Variable target) {
    Map<Object, Term> inside = new LinkedHashMap<>();
    if (side != null) {
      propagate(side, seed, inside, out, target);
    }
    return inside;
  }

  /** Whether a seed reaches more than one place below {@code linear}, so computing it once pays. */
  private static boolean fansOut(Linear linear) {
    return linear instanceof Linear.Node node && node.edges().size() > 1
        || linear instanceof Linear.EvaluatedCall || linear instanceof Linear.Branch;
  }

  private Term bindIfComputed(Term t, Lines out) {
    boolean simple = t instanceof Term.Ref || t instanceof Term.Num || t instanceof Term.Name
        || t instanceof Term.Verbatim || t instanceof Term.Neg n && n.operand() instanceof Term.Ref;
    return simple ? t : bind(t, out);
  }

  /** Computes {@code value} once, into a local, for the several places it flows to. */
  private Term bind(Term value, Lines out) {
    String name = names.newName("_r" + partialAdjoints++);
    out.statement("double $L = $L", name, value);
    Term local = new Slot(name).ref();
    zeros.bound(local, value);
    return local;
  }

  /**
   * {@code seed * partial}; where the partial is {@code singular} (it may be infinite or NaN) and
   * the seed may be 0, a zero seed gives 0: the contract's zero-adjoint rule. {@code seed} is a
   * local or a constant there, since the test reads it twice.
   */
  private Term times(Term seed, Term partial, boolean singular) {
    return singular && zeros.mayBe(seed) ? mulUnlessZeroSeed(seed, partial) : mul(seed, partial);
  }

  /** Adds {@code contribution} into {@code v}'s adjoint, declaring it at its first contribution. */
  private void contribute(Variable v, Term contribution, Lines out) {
    if (materialized.contains(v)) {
      accumulate(slot(v), contribution, out);
      return;
    }
    Slot adjoint = adjoints.get(v);
    if (adjoint == null) {
      out.statement("double $L = $L", slot(v), contribution);
    } else if (!liveAdjoints.contains(v)) {
      out.statement("$L = $L", adjoint, contribution);
    } else {
      accumulate(adjoint, contribution, out);
    }
    liveAdjoints.add(v);
  }

  /** A name for a local that holds a callee's gradient. */
  String newBufferLocal() {
    return names.newName("_pb" + pullbacks++);
  }

  /**
   * The reverse of a call through recorded calls ({@link Callee#arrayHelper}): its vector-Jacobian
   * product wrote the adjoints of its arguments into {@code buffer}, the seed in them already, so
   * each entry flows into its argument as it is.
   */
  void recordedCall(Expr.Invoke call, List<Linear> argsLinear, String buffer, Lines reverse) {
    Map<Object, Term> contributions = new LinkedHashMap<>();
    distribute(call, argsLinear, buffer, Terms.ONE, contributions, reverse, null);
    flush(contributions, reverse);
  }

  /** A call whose gradient the forward sweep computed: each entry, times the seed, flows on. */
  private void evaluatedCall(Linear.EvaluatedCall site, Term seed, Map<Object, Term> contributions, Lines out,
      Variable target) {
    distribute(site.call(), site.argsLinear(), site.gradient(), seed, contributions, out, target);
  }

  /** Flows {@code scale} times each entry of the callee's gradient in {@code buffer} into its argument. */
  private void distribute(Expr.Invoke call, List<Linear> argsLinear, String buffer, Term seed,
      Map<Object, Term> contributions, Lines out, Variable target) {
    // The callee's gradient may be infinite where its rules are singular: a zero seed gives 0.
    Term scale = zeros.mayBe(seed) ? bindIfComputed(seed, out) : seed;
    List<Variable> inputs = calleeParameters(call);
    GradientLayout calleeLayout = new GradientLayout(inputs);
    boolean ranWithSeedOne = call.callee().rules() == null;
    for (int i = 0; i < argsLinear.size(); i++) {
      Linear arg = argsLinear.get(i);
      if (arg == null) {
        continue;
      }
      CodeBlock slot = calleeLayout.offset(inputs.get(i));
      if (call.callee().parameterTypes().get(i) == Type.DOUBLE) {
        Term entry = verbatim(CodeBlock.of("$L[$L]", buffer, slot));
        propagate(arg, entryTimes(scale, entry, ranWithSeedOne), contributions, out, target);
      } else {
        addArrayAdjoint(((Linear.Leaf) arg).variable(), buffer, slot, scale, ranWithSeedOne, out);
      }
    }
  }

  /**
   * {@code scale} times an entry of a callee's gradient. A callee whose body javagrad differentiated
   * ran its pullback with seed 1, where inlined it would have run with this seed: an entry of
   * exactly 0 there is an input the callee's value does not reach on the path it took, whose
   * adjoint the zero-adjoint rule keeps at 0 whatever the seed, so the entry stays 0 where the seed
   * is infinite or NaN too ({@code Math.sqrt(positivePart(x))} at {@code x < 0}, as with the body
   * written in place). A rule's entries are local derivatives, multiplied in as a function's are.
   */
  private Term entryTimes(Term scale, Term entry, boolean ranWithSeedOne) {
    boolean finiteScale = scale instanceof Term.Num n && Double.isFinite(n.value());
    if (!ranWithSeedOne || finiteScale) {
      return times(scale, entry, true);
    }
    return zeros.mayBe(scale) ? mulUnlessEitherZero(scale, entry) : unlessZero(entry, mul(scale, entry));
  }

  /** The layout of a callee's gradient at a call site. */
  static GradientLayout calleeLayout(Expr.Invoke call) {
    return new GradientLayout(calleeParameters(call));
  }

  /** The callee's parameters, named after the arguments so that array lengths read the caller's arrays. */
  private static List<Variable> calleeParameters(Expr.Invoke call) {
    List<Variable> parameters = new ArrayList<>();
    Callee callee = call.callee();
    List<Type> types = callee.parameterTypes();
    for (int i = 0; i < types.size(); i++) {
      String name = call.args().get(i) instanceof Expr.Read r ? r.variable().name() : "_arg" + i;
      parameters.add(new Variable(name, types.get(i), Variable.Kind.PARAMETER, callee.constantParameters().get(i)));
    }
    return parameters;
  }

  private void addArrayAdjoint(Variable array, String buffer, CodeBlock from, Term scale, boolean ranWithSeedOne,
      Lines out) {
    if (array.type() == Type.DOUBLE_MATRIX) {
      addMatrixAdjoint(array, buffer, from, scale, ranWithSeedOne, out);
      return;
    }
    String i = names.newName("_i");
    CodeBlock source = from.toString().equals("0") ? CodeBlock.of("$L", i) : CodeBlock.of("$L + $L", from, i);
    CodeBlock to = array.isParameter() && !inPlaceShares.containsKey(array)
        ? CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, CodeBlock.of("$L", i)))
        : CodeBlock.of("$L[$L]", slot(array).name(), i);
    out.add(() -> CodeBlock.builder()
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, array.name(), i)
        .addStatement("$L += $L", to,
            entryTimes(scale, verbatim(CodeBlock.of("$L[$L]", buffer, source)), ranWithSeedOne).code())
        .endControlFlow()
        .build());
  }

  /**
   * As {@link #addArrayAdjoint}, for a {@code double[][]}: the callee's slots are its elements row by
   * row, as a parameter's are here, so they go one to one into a parameter's slots, and row by row
   * into a local's adjoint rows.
   */
  private void addMatrixAdjoint(Variable matrix, String buffer, CodeBlock from, Term scale, boolean ranWithSeedOne,
      Lines out) {
    String k = names.newName("_k");
    CodeBlock source = from.toString().equals("0") ? CodeBlock.of("$L", k) : CodeBlock.of("$L + $L", from, k);
    Term entry = verbatim(CodeBlock.of("$L[$L]", buffer, source));
    CodeBlock.Builder code = CodeBlock.builder();
    if (matrix.isParameter()) {
      CodeBlock to = CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), matrix, CodeBlock.of("$L", k)));
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, count(matrix), k)
          .addStatement("$L += $L", to, entryTimes(scale, entry, ranWithSeedOne).code())
          .endControlFlow();
    } else {
      String r = names.newName("_r");
      String j = names.newName("_j");
      code.addStatement("int $L = 0", k)
          .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", r, r, matrix.name(), r)
          .beginControlFlow("for (int $L = 0; $L < $L[$L].length; $L++, $L++)", j, j, matrix.name(), r, j, k)
          .addStatement("$L[$L][$L] += $L", slot(matrix).name(), r, j, entryTimes(scale, entry, ranWithSeedOne).code())
          .endControlFlow()
          .endControlFlow();
    }
    out.add(code::build);
  }

  private static Term verbatim(CodeBlock code) {
    return new Term.Verbatim(code, Term.PRIMARY);
  }

  /** Writes the adjoints of the scalar inputs into their gradient slots. */
  void writeScalarGradient(CodeBlock.Builder body) {
    for (Variable input : layout.inputs()) {
      if (input.type() == Type.DOUBLE) {
        CodeBlock slot = layout.slot(output.baseOffset(), input, null);
        // An adjoint that nothing reached was never declared: the derivative is 0.
        Term adjoint = materialized.contains(input) && !adjoints.containsKey(input) ? null : liveAdjoint(input);
        body.addStatement("$L[$L] = $L", output.array(), slot, adjoint == null ? CodeBlock.of("0.0") : adjoint.code());
      }
    }
  }
}
