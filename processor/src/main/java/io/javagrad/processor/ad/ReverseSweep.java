package io.javagrad.processor.ad;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.ExprTerms;
import io.javagrad.processor.term.Slot;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The third step: differentiates a method in reverse mode, producing the body of a gradient entry
 * point: a forward sweep, then a reverse sweep.
 *
 * <p>The forward sweep is the user's statements with additions made on demand. A subexpression
 * whose value a derivative rule reads is <em>kept</em> in a local ({@code _t0}); a variable's old
 * value that the reverse sweep reads is <em>saved</em> before it is overwritten, into a local, or
 * onto the {@code Tape} inside a loop; and where control flow branches or loops, the decision or
 * the trip count is recorded. Counting loops ({@code for (int i = a; i < b; i++)}) record nothing:
 * the reverse sweep counts back down.
 *
 * <p>The reverse sweep visits the statements backwards, restoring each saved value where it was
 * overwritten, so that a variable read in the reverse sweep always holds the value it had there in
 * the forward sweep. Each active assignment takes its target's adjoint as the seed and pushes it
 * down the expression, multiplying by each operand's partial derivative ({@link Primitive}), and
 * adds what reaches a variable into that variable's adjoint ({@code _d_x}). Outside control flow
 * an adjoint is declared at its first contribution and terms fold, so seeds of 1 and zero partials
 * leave no trace; a variable that control flow touches has its adjoint declared, as 0, before the
 * reverse sweep. Inside loops, a value that rules read is recomputed from the restored variables
 * when that is cheap arithmetic, and recorded on the tape when it costs a call or a function (the
 * package's design note); a scratch array filled afresh from cheap arithmetic is filled again
 * where the reverse sweep reads it ({@link Refills}) rather than recorded. Calls to other differentiable methods go through their companions'
 * pullbacks.
 */
public final class ReverseSweep {

  /** Where the sweep writes the gradient, and what seeds it. */
  public interface Output {
    /** The adjoint of the result: 1 for a gradient, the caller's seed for a pullback. */
    Term seed();

    /** The array that receives the gradient, in the method's layout. */
    CodeBlock array();

    /** The first slot of the gradient in {@link #array()}, or null for 0. */
    CodeBlock baseOffset();

    /**
     * What the entry returns, computed before the reverse sweep, or null for the method's value: a
     * vector-valued method's pullback returns its array ({@link SeededResult}).
     */
    default CodeBlock returned() {
      return null;
    }

    /**
     * A local whose value the entry writes into the slot after the gradient, or null: a directional
     * pullback's, its method's value ({@link io.javagrad.processor.ir.Expr.Invoke#primalCall}).
     */
    default Variable valueAfterGradient() {
      return null;
    }

    /**
     * The record whose calls the forward sweep replays, or null: a helper's vector-Jacobian product
     * ({@code h$vjp}) replays the calls of helpers returning arrays that its own forward run
     * recorded ({@link io.javagrad.processor.ir.Callee#arrayHelper}); any other sweep makes them,
     * recording them in a record of its own.
     */
    default CodeBlock replayedCalls() {
      return null;
    }
  }

  private final MethodBody method;
  private final Activity activity;
  private final NameAllocator names;
  private final Output output;
  private final GradientLayout layout;

  /** Locals declared once for the method: those the user declared inside branches and loops. */
  private final Lines declarations = new Lines();
  private final Adjoints adjoints;
  private final Rederivable rederivable;
  private final Refills refills;
  private final NonFinite nonFinite;
  private final ArrayReferences references;
  private final ParameterWrites parameterWrites;
  private final Linearization linearization;
  private final CalleeActivity callees;
  /** The record of the calls through recorded calls, once one is made or replayed; null before. */
  private String callRecord;

  /** The variables each statement's reverse code reads, before and after it, for {@link RestoreAnalysis}. */
  private final Map<Stmt, Set<Variable>> reverseReads = new IdentityHashMap<>();
  private final Map<Stmt, Set<Variable>> resultReads = new IdentityHashMap<>();
  /** The statement being differentiated, to which rereads are attributed. */
  private Stmt current;
  /**
   * Inside control flow, values the current statement's rules read, held in locals of its reverse
   * block: {@code captured} from the statement's own target before it is restored (the result of
   * the statement), {@code recomputed} from restored variables after.
   */
  private Lines captured;
  private Lines recomputed;
  /**
   * Inside control flow, the code of the current statement's reverse block that takes its calls'
   * gradients (and values) back from the tape, in the opposite order to the forward sweep's pushes.
   */
  private Lines popped;
  /** Whether the current statement borrows gradient buffers from the tape for its calls. */
  private boolean borrows;
  /** Inside control flow, the locals into which the reverse sweep pops calls' values, and those it reads. */
  private final Map<Expr, Slot> poppedValues = new IdentityHashMap<>();
  private final Set<Expr> poppedValuesRead = new HashSet<>();
  /** The primal calls whose values and gradients their directional calls gave ({@link #giveAlong}). */
  private final Map<Expr, GivenAlong> givenAlong = new IdentityHashMap<>();

  private Map<Expr, Term> blockLocals;
  private Set<Stmt> saving;
  /**
   * Declarations in the iterations of loops differentiated in place: the value they overwrite is
   * the previous iteration's, which that iteration's reverse has already used, so they save nothing.
   */
  private final Set<Stmt> unsaved = new HashSet<>();
  /** The variables those declarations declare: their values last until the iteration's reverse reads them. */
  private final Set<Variable> iterationLocals = new HashSet<>();
  /**
   * The loop differentiated in place whose body is being walked, or null: its scratch arrays'
   * stores save nothing, and the elements of its stencil windows have their adjoints in locals.
   */
  private InPlaceLoop fusedLoop;
  /**
   * Whether the statements being differentiated run at the top of an iteration of a loop
   * differentiated in place, where, as at the top level, the reverse code of a statement runs
   * before the forward sweep moves on, so values can be kept in locals of the forward sweep.
   */
  private boolean inPlaceIteration;
  private final Map<Expr, Slot> keptNodes = new IdentityHashMap<>();
  /** Kept values declared while an expression is linearized, added before its statement. */
  private final List<Supplier<CodeBlock>> pendingKeeps = new ArrayList<>();
  private final ExprTerms primal;
  private final ExprTerms reread;
  private final Slot tape;
  private boolean tapeUsed;
  /** How many branches and loops enclose the statement being differentiated. */
  private int depth;
  private int loopDepth;
  /** How many conditional expressions enclose the expression being linearized. */
  private int conditionalDepth;
  private int temps;
  private int decisions;
  private int trips;
  private Expr resultExpr;
  private String resultName;

  /**
   * @param names the method's name allocator, seeded with every identifier of the user's
   * @param callees which parameters of the method's callees their gradients reach
   */
  public ReverseSweep(MethodBody method, Activity activity, NameAllocator names, Output output,
      CalleeActivity callees) {
    this.linearization = new Linearization(activity, callees);
    this.callees = callees;
    this.method = method;
    this.activity = activity;
    this.names = names;
    this.output = output;
    Map<Variable, String> rowStarts = new HashMap<>();
    for (Variable p : method.parameters()) {
      if (p.isDifferentiatedInput() && p.type() == Type.DOUBLE_MATRIX) {
        rowStarts.put(p, names.newName("_rows_" + p.name()));
      }
    }
    // Within the sweep a double[][]'s slot count is read from its table of row starts, not counted again.
    this.layout = new GradientLayout(method.parameters(),
        matrix -> CodeBlock.of("$L[$L.length]", rowStarts.get(matrix), matrix.name()));
    this.rederivable = Rederivable.of(method);
    this.nonFinite = NonFinite.of(method);
    this.references = ArrayReferences.of(method);
    this.refills = Refills.of(method, rederivable, references);
    this.parameterWrites = ParameterWrites.of(method, names);
    this.adjoints = new Adjoints(activity, names, output, layout, rowStarts, ControlFlowVariables.of(method.statements()));
    this.primal = new ExprTerms(v -> new Term.Name(v.name()), this::kept);
    this.reread = new ExprTerms(this::reread, this::keptForReverse);
    this.tape = new Slot(names.newName("_tape"));
  }

  /** The statements of the body, after the parameter checks. */
  public CodeBlock body() {
    resultName = names.newName("_value");
    Lines forward = new Lines();
    Supplier<Lines> reverseBuilder = sequence(method.statements(), forward);
    saving = refills.saving(reverseReads, resultReads, unsaved);
    Lines reverse = reverseBuilder.get();
    CodeBlock forwardCode = forward.render();
    CodeBlock reverseCode = reverse.render();
    CodeBlock.Builder body = CodeBlock.builder();
    parameterWrites.requireDistinct(body);
    zeroArraySlices(body);
    if (tapeUsed) {
      // A frame on the tape, closed whatever happens, so that this call leaves the tape as it found
      // it: a gradient in progress further out on this thread (a class initialiser, a callback, a
      // recursive call) keeps its records, and an exception leaves none behind.
      body.addStatement("$T $L = $T.enter()", RuntimeTypes.TAPE, tape.name(), RuntimeTypes.TAPE)
          .beginControlFlow("try");
    }
    body.add(declarations.render());
    body.add(forwardCode);
    parameterWrites.keep(saving, body);
    body.add(adjoints.declarations());
    body.add(reverseCode);
    parameterWrites.putBack(saving, body);
    adjoints.writeScalarGradient(body);
    if (output.valueAfterGradient() != null) {
      body.addStatement("$L[$L] = $L", output.array(), layout.end(output.baseOffset()),
          output.valueAfterGradient().name());
    }
    body.addStatement("return $L", output.returned() != null ? output.returned() : resultName);
    if (tapeUsed) {
      body.nextControlFlow("finally").addStatement("$L.exit()", tape.name()).endControlFlow();
    }
    return body.build();
  }

  // ----- statements: each adds its forward code now, and returns how to build its reverse code,
  // which runs later, statement by statement backwards, as adjoints flow

  private Supplier<Lines> sequence(List<Stmt> statements, Lines forward) {
    List<Supplier<Lines>> reverses = new ArrayList<>();
    for (Stmt s : statements) {
      reverses.add(statement(s, forward));
    }
    return () -> {
      Lines reverse = new Lines();
      for (int i = reverses.size() - 1; i >= 0; i--) {
        refills.before(statements.get(i)).forEach(fill -> reverse.append(refill(fill)));
        reverse.append(reverses.get(i).get());
      }
      return reverse;
    };
  }

  private Supplier<Lines> statement(Stmt s, Lines forward) {
    if (s instanceof Stmt.If branch) {
      return nested(() -> branch(branch, forward));
    }
    if (s instanceof Stmt.Loop loop) {
      return nested(() -> loop(loop, forward));
    }
    if (s instanceof Stmt.CountedLoop loop) {
      return nested(() -> countedLoop(loop, forward));
    }
    if (s instanceof Stmt.RunAsWritten run) {
      return runAsWritten(run, forward);
    }
    if (s instanceof Stmt.Declare capture && capture.variable().isCapture()) {
      // Only a lambda of code run as written reads it, in the forward sweep: declared final where it is.
      Variable v = capture.variable();
      forward.statement("final $L $L = $L", v.type().code(), v.name(), primal.of(capture.init()));
      return Lines::new;
    }
    return assignment(s, forward);
  }

  /**
   * A statement run as written, after saving the values of the variables it assigns that the
   * reverse sweep reads ({@link RestoreAnalysis}); the reverse sweep puts them back in the opposite
   * order. No derivative flows: what it assigns carries none.
   */
  private Supplier<Lines> runAsWritten(Stmt.RunAsWritten run, Lines forward) {
    List<Lines> restores = new ArrayList<>();
    for (Variable v : run.writes()) {
      Lines restore = new Lines();
      if (v.type().isDoubleArray()) {
        saveContents(run, v, forward, restore);
      } else {
        save(run, v, forward, restore);
      }
      restores.add(0, restore);
    }
    forward.add(() -> CodeBlock.of("$L\n", primal.of(run.code()).code()));
    return () -> {
      Lines restore = new Lines();
      restores.forEach(restore::append);
      return restore;
    };
  }

  /**
   * A fill of a scratch array run again in the reverse sweep ({@link Refills}), where the reverse
   * code after it reads the array: its elements are computed again rather than recorded where
   * the forward sweep overwrote them.
   */
  private Lines refill(Stmt.CountedLoop fill) {
    Stmt.ArrayStore store = (Stmt.ArrayStore) fill.body().get(0);
    String j = fill.counter().name();
    String array = store.array().name();
    Term value = new ExprTerms(this::reread, n -> null).of(store.value());
    return new Lines().add(() -> CodeBlock.builder()
        .add("// $L, run again: its values are computed, not recorded\n", fill.source())
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", j, j, array, j)
        .addStatement("$L[$L] = $L", array, j, value.code())
        .endControlFlow()
        .build());
  }

  /** Runs {@code body} one level deeper in control flow. */
  private Supplier<Lines> nested(Supplier<Supplier<Lines>> body) {
    depth++;
    Supplier<Lines> reverse = body.get();
    depth--;
    return reverse;
  }

  /** {@code v = e}, {@code a[i] = e} or the final {@code return e}. */
  private Supplier<Lines> assignment(Stmt s, Lines forward) {
    Variable target = s.target();
    Expr value = s.value();
    if (s instanceof Stmt.RowStore store) {
      return rowStore(store, forward);
    }
    if (value instanceof Expr.Invoke call && call.callee().returnsArray()) {
      return recordedCall(s, call, forward);
    }
    if (target != null && target.type().isDoubleArray() && !(s instanceof Stmt.ArrayStore)
        && references.isMoving(target)) {
      return arrayReference(s, forward, null);
    }
    if (s instanceof Stmt.Return) {
      resultExpr = value;
    }
    current = s;
    captured = new Lines();
    recomputed = new Lines();
    blockLocals = new IdentityHashMap<>();
    popped = new Lines();
    borrows = false;
    Lines capturedHere = captured;
    Lines recomputedHere = recomputed;
    Lines poppedHere = popped;
    Linear linear = activity.isActive(s) ? linearize(value) : null;
    // Outside the top level, the buffers the statement borrows go back at the end of its reverse
    // block: those of the forward sweep in an iteration differentiated in place (whose reverse
    // follows at once), those into which the reverse block pops gradients elsewhere.
    boolean returnsBuffers = borrows && depth > 0;
    boolean borrowsAhead = atTopOfSweep();
    String lent = returnsBuffers ? names.newName("_lent") : null;
    if (returnsBuffers && borrowsAhead) {
      forward.statement("int $L = $L.buffersLent()", lent, tape);
    }
    pendingKeeps.forEach(forward::add);
    pendingKeeps.clear();
    Lines restore = new Lines();
    Term storeIndex = null;
    Term storeRow = null;
    if (s instanceof Stmt.Declare d) {
      declare(d, forward, restore);
    } else if (s instanceof Stmt.Assign a) {
      save(s, a.variable(), forward, restore);
      forward.statement("$L = $L", a.variable().name(), primal.of(a.value()));
    } else if (s instanceof Stmt.ArrayStore store) {
      storeIndex = reread.of(store.index());
      storeRow = store.row() == null ? null : reread.of(store.row());
      saveElement(store, storeRow, storeIndex, forward, restore);
      forward.statement("$L = $L", element(store.array(), store.row(), store.index(), primal), primal.of(store.value()));
    } else if (!keptNodes.containsKey(value)) {
      forward.statement("double $L = $L", resultName, primal.of(value));
    }
    // A value without derivative ends the target's adjoint. A declaration at the top level has no
    // adjoint before it to end; one inside a loop ends the previous iteration's.
    boolean kills = linear == null && target != null && activity.isVaried(target)
        && !(s instanceof Stmt.Declare d && (depth == 0 || d.init() == null || d.init() instanceof Expr.NewArray));
    Term index = storeIndex;
    Term row = storeRow;
    return () -> {
      Lines reverse = new Lines();
      if (returnsBuffers && !borrowsAhead) {
        reverse.statement("int $L = $L.buffersLent()", lent, tape);
      }
      reverse.append(capturedHere).append(restore).append(poppedHere).append(recomputedHere);
      int start = reverse.size();
      if (linear != null) {
        adjoints.adjointOf(s, target, row, index, linear, reverse);
      } else if (kills) {
        adjoints.kill(target, row, index, reverse);
      }
      // A statement a transform made (a tangent, a value held ahead of its statement) has no source to quote.
      if (reverse.size() > start && !s.source().isEmpty()) {
        reverse.insert(start, () -> CodeBlock.of("// $L\n", s.source()));
      }
      if (returnsBuffers) {
        reverse.statement("$L.returnBuffers($L)", tape, lent);
      }
      return reverse;
    };
  }

  private void declare(Stmt.Declare d, Lines forward, Lines reverse) {
    Variable v = d.variable();
    if (inPlaceIteration && loopDepth == 1) {
      unsaved.add(d);
      iterationLocals.add(v);
    }
    if (v.type().isDoubleArray()) {
      // Declared once, at the top level: an array that moves goes through arrayReference.
      forward.statement("$L $L = $L", v.type().code(), v.name(), primal.of(d.init()));
      if (activity.isActive(v)) {
        adjoints.declareArray(v);
      }
      return;
    }
    if (depth == 0) {
      if (d.init() == null) {
        // The user's code assigns it before each read, but the reverse sweep and the tape read it
        // where javac cannot see that it is assigned.
        forward.statement("$L $L = $L", v.type().code(), v.name(), v.type().defaultValue());
      } else {
        forward.statement("$L $L = $L", v.type().code(), v.name(), primal.of(d.init()));
      }
      return;
    }
    // Declared in a branch or loop: declared once for the method, so the reverse sweep sees it too.
    declarations.statement("$L $L = $L", v.type().code(), v.name(), v.type().defaultValue());
    save(d, v, forward, reverse);
    if (d.init() != null) {
      forward.statement("$L = $L", v.name(), primal.of(d.init()));
    }
  }

  /**
   * {@code a = new double[n]}, {@code a = b} or {@code double[] a = ...} for an array that moves
   * ({@link ArrayReferences}). If the array carries a derivative its adjoint goes along: a new
   * array's is a new array of zeros, an alias's is the same adjoint. The array (and adjoint) the
   * variable held is kept by reference, in a local at the top level or on the tape, and the reverse
   * sweep puts it back here; nothing is copied, and nothing flows, since no value changes. {@code
   * given} is the array's code where the sweep writes it otherwise than as the value's ({@link
   * #recordedCall}), else null.
   */
  private Supplier<Lines> arrayReference(Stmt s, Lines forward, CodeBlock given) {
    Variable v = s.target();
    Slot adjoint = activity.isActive(v) ? adjoints.slot(v) : null;
    Expr value = s.value();
    CodeBlock array = given != null ? given : value == null ? CodeBlock.of("null") : primal.of(value).code();
    CodeBlock shadow = value == null ? CodeBlock.of("null")
        : value instanceof Expr.Read alias ? CodeBlock.of("$L", adjoints.slot(alias.variable()).name())
        : value instanceof Expr.NewArray rows && rows.matrix() && rows.columns() == null
            ? CodeBlock.of("new double[$L.length][]", v.name())
        : v.type() == Type.DOUBLE_MATRIX
            ? CodeBlock.of("new double[$L.length][$L.length == 0 ? 0 : $L[0].length]", v.name(), v.name(), v.name())
            : CodeBlock.of("new double[$L.length]", v.name());
    CodeBlock type = v.type().code();
    Lines restore = new Lines();
    if (s instanceof Stmt.Declare && depth == 0) {
      forward.statement("$L $L = $L", type, v.name(), array);
      if (adjoint != null) {
        forward.statement("$L $L = $L", type, adjoint, shadow);
      }
      return () -> restore;
    }
    if (s instanceof Stmt.Declare) {
      // Declared once for the method, so that the reverse sweep sees it too.
      declarations.statement("$L $L = null", type, v.name());
      if (adjoint != null) {
        declarations.statement("$L $L = null", type, adjoint);
      }
    }
    BooleanSupplier saved = () -> adjoint != null || saving.contains(s);
    List<Object> held = adjoint == null ? List.of(v.name()) : List.of(v.name(), adjoint);
    if (depth == 0) {
      for (Object variable : held) {
        String local = names.newName("_t" + temps++);
        forward.statementIf(saved, "$L $L = $L", type, local, variable);
        restore.statementIf(saved, "$L = $L", variable, local);
      }
    } else {
      BooleanSupplier pushed = () -> {
        boolean needed = saved.getAsBoolean();
        tapeUsed |= needed;
        return needed;
      };
      held.forEach(variable -> forward.statementIf(pushed, "$L.push($L)", tape, variable));
      // Popped in the opposite order.
      for (int i = held.size() - 1; i >= 0; i--) {
        restore.statementIf(pushed, "$L = $L.popReference()", held.get(i), tape);
      }
    }
    forward.statement("$L = $L", v.name(), array);
    if (adjoint != null) {
      forward.statement("$L = $L", adjoint, shadow);
    }
    return () -> restore;
  }

  /**
   * {@code double[] a = h(args...)}, a call of a helper returning a new array that calls itself
   * ({@link Callee#arrayHelper}). Where a derivative flows, the forward sweep runs {@code
   * h$forward}, given a new record of the sweep's record ({@code _calls.call()}), which keeps the
   * value and the records of the calls it makes in turn; or, in the replay that the helper's own
   * {@code h$vjp} runs, takes the value its record kept ({@code _calls.replay()}), making no call.
   * The reverse sweep runs {@code h$vjp} with the record back, the arguments as they were, and the
   * array's adjoint as its seed; it writes the arguments' adjoints into a buffer the tape lends,
   * which flow into the caller's as they are, since the seed is in them already. Elsewhere the
   * helper runs as written.
   */
  private Supplier<Lines> recordedCall(Stmt s, Expr.Invoke call, Lines forward) {
    Variable target = s.target();
    Callee callee = call.callee();
    current = s;
    boolean active = activity.isActive(s);
    CodeBlock value = primal.of(call).code();
    if (active) {
      String calls = callRecord();
      value = output.replayedCalls() != null ? CodeBlock.of("$L.replay()", calls)
          : CodeBlock.of("$T.$L($L, $L.call())", callee.companion(), Callee.forwardName(callee.entry()),
              CodeBlock.join(call.args().stream().map(arg -> primal.of(arg).code()).toList(), ", "), calls);
    }
    Supplier<Lines> placed;
    if (references.isMoving(target)) {
      placed = arrayReference(s, forward, value);
    } else {
      // Declared once, at the top level.
      forward.statement("$L $L = $L", target.type().code(), target.name(), value);
      if (activity.isActive(target)) {
        adjoints.declareArray(target);
      }
      placed = Lines::new;
    }
    if (!active) {
      return placed;
    }
    tapeUsed = true;
    // What the reverse reads is noted now, for the restore analysis: the arguments as they were.
    List<CodeBlock> args = call.args().stream().map(arg -> reread.of(arg).code()).toList();
    List<Linear> argsLinear = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = call.args().get(i);
      boolean reached = callee.isDifferentiated(i) && callees.reaches(callee, i) && activity.isVaried(arg);
      argsLinear.add(!reached ? null : arg.type().isDoubleArray() ? new Linear.Leaf(((Expr.Read) arg).variable())
          : linearize(arg));
    }
    pendingKeeps.forEach(forward::add);
    pendingKeeps.clear();
    CodeBlock length = Adjoints.calleeLayout(call).length();
    Slot adjoint = adjoints.slot(target);
    String calls = callRecord();
    return () -> {
      Lines reverse = new Lines();
      String buffer = adjoints.newBufferLocal();
      if (!s.source().isEmpty()) {
        reverse.add(() -> CodeBlock.of("// $L\n", s.source()));
      }
      reverse.statement("double[] $L = $L.gradientBuffer($L)", buffer, tape, length)
          .statement("$T.$L($L, $L.back(), $L, $L, 0)", callee.companion(), Callee.vjpName(callee.entry()),
              CodeBlock.join(args, ", "), calls, adjoint, buffer);
      adjoints.recordedCall(call, argsLinear, buffer, reverse);
      reverse.statement("$L.returnBuffer()", tape);
      return reverse.append(placed.get());
    };
  }

  /** The record of the sweep's calls through recorded calls: the one it replays, or one it makes, once. */
  private String callRecord() {
    if (callRecord == null) {
      CodeBlock replayed = output.replayedCalls();
      if (replayed != null) {
        callRecord = replayed.toString();
      } else {
        callRecord = names.newName("_calls");
        declarations.statement("$T $L = new $T()", RuntimeTypes.CALL_RECORD, callRecord, RuntimeTypes.CALL_RECORD);
      }
    }
    return callRecord;
  }

  /**
   * {@code m[i] = new double[n]}: the row, and its adjoint's row if the matrix carries a derivative,
   * are new arrays; the ones they replace are kept by reference (a local at the top level, the tape
   * inside control flow) and put back by the reverse sweep.
   */
  private Supplier<Lines> rowStore(Stmt.RowStore store, Lines forward) {
    current = store;
    Variable m = store.matrix();
    Slot adjoint = activity.isActive(m) ? adjoints.slot(m) : null;
    CodeBlock row = primal.of(store.row()).code();
    CodeBlock reverseRow = reread.of(store.row()).code();
    List<String> held = adjoint == null ? List.of(m.name()) : List.of(m.name(), adjoint.name());
    Lines restore = new Lines();
    if (depth == 0) {
      for (String variable : held) {
        String local = names.newName("_t" + temps++);
        forward.statement("double[] $L = $L[$L]", local, variable, row);
        restore.statement("$L[$L] = $L", variable, reverseRow, local);
      }
    } else {
      tapeUsed = true;
      held.forEach(variable -> forward.statement("$L.push($L[$L])", tape, variable, row));
      for (int i = held.size() - 1; i >= 0; i--) {
        restore.statement("$L[$L] = $L.popReference()", held.get(i), reverseRow, tape);
      }
    }
    forward.statement("$L[$L] = $L", m.name(), row, primal.of(store.value()));
    if (adjoint != null && store.value() instanceof Expr.Read shared) {
      // m[i] = a: the row shares a's adjoint too (a moves with m: ArrayReferences).
      forward.statement("$L[$L] = $L", adjoint, row, adjoints.slot(shared.variable()).name());
    } else if (adjoint != null) {
      forward.statement("$L[$L] = new double[$L[$L].length]", adjoint, row, m.name(), row);
    }
    return () -> restore;
  }

  /**
   * Before {@code s} overwrites {@code v}: if the reverse sweep reads the value {@code v} has now
   * ({@link RestoreAnalysis}), keep it, in a local at the top level or on the tape inside branches
   * and loops; the reverse sweep puts it back here.
   */
  private void save(Stmt s, Variable v, Lines forward, Lines reverse) {
    Term undone = depth == 0 ? null : undone(s, v);
    if (undone != null) {
      // A step of an int or long is undone by the opposite step, from the value after it, which
      // the restore analysis then keeps right for this point of the reverse sweep; nothing is recorded.
      resultReads.computeIfAbsent(s, k -> new HashSet<>()).add(v);
      reverse.statementIf(() -> saving.contains(s), "$L = $L", v.name(), undone.code());
      return;
    }
    if (depth == 0) {
      String saved = names.newName("_t" + temps++);
      forward.statementIf(() -> saving.contains(s), "$L $L = $L", v.type().code(), saved, v.name());
      reverse.statementIf(() -> saving.contains(s), "$L = $L", v.name(), saved);
      return;
    }
    forward.statementIf(() -> onTape(s), "$L.push($L)", tape, v.name());
    reverse.statementIf(() -> onTape(s), "$L = $L", v.name(), popped(v.type()));
  }

  /**
   * As {@link #save}, for an array that code run as written writes into: a copy of its elements,
   * which the reverse sweep copies back into the same array.
   */
  private void saveContents(Stmt s, Variable array, Lines forward, Lines reverse) {
    if (depth == 0) {
      String saved = names.newName("_t" + temps++);
      forward.statementIf(() -> saving.contains(s), "double[] $L = $L.clone()", saved, array.name());
      reverse.statementIf(() -> saving.contains(s), "$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, saved,
          array.name(), saved);
      return;
    }
    forward.statementIf(() -> onTape(s), "$L.push($L.clone())", tape, array.name());
    reverse.statementIf(() -> onTape(s), "$T.arraycopy($L.popReference(), 0, $L, 0, $L.length)", System.class, tape,
        array.name(), array.name());
  }

  /**
   * For {@code v = v + e} or {@code v = v - e} on an {@code int} or {@code long}, {@code e} of
   * values that never change once set and of {@code v}'s type: the value before it, {@code v - e}
   * or {@code v + e}, as the reverse sweep computes it from the value after it; else null. Integer
   * arithmetic wraps around exactly, so the step is undone even where it overflowed.
   */
  private Term undone(Stmt s, Variable v) {
    if (s instanceof Stmt.Assign a && (v.type() == Type.INT || v.type() == Type.LONG)
        && a.value() instanceof Expr.IntegralOp step && step.left() instanceof Expr.Read r && r.variable() == v
        && (step.operator().equals("+") || step.operator().equals("-")) && step.right().type() == v.type()
        && !Statements.readIn(step.right()).contains(v) && rederivable.isStable(step.right())) {
      return new Term.Binary(step.operator().equals("+") ? "-" : "+", reread.of(step.left()), reread.of(step.right()));
    }
    return null;
  }

  /** As {@link #save}, for the element an array store overwrites; {@code row} and {@code index} as the reverse sweep reads them. */
  private void saveElement(Stmt.ArrayStore store, Term row, Term index, Lines forward, Lines reverse) {
    Variable array = store.array();
    if (fusedLoop != null && fusedLoop.filledOnce().contains(array)) {
      // The previous iteration's values, which nothing reads again: dead.
      unsaved.add(store);
    }
    CodeBlock element = element(array, store.row(), store.index(), primal);
    CodeBlock restored = element(array.name(), row, index);
    if (depth == 0) {
      String saved = names.newName("_t" + temps++);
      forward.statementIf(() -> saving.contains(store), "double $L = $L", saved, element);
      reverse.statementIf(() -> saving.contains(store), "$L = $L", restored, saved);
      return;
    }
    forward.statementIf(() -> onTape(store), "$L.push($L)", tape, element);
    reverse.statementIf(() -> onTape(store), "$L = $L.popDouble()", restored, tape);
  }

  /** {@code array[index]}, or {@code array[row][index]}, rendered by {@code terms}. */
  private static CodeBlock element(Variable array, Expr row, Expr index, ExprTerms terms) {
    return element(array.name(), row == null ? null : terms.of(row), terms.of(index));
  }

  /** {@code array[index]}, or {@code array[row][index]} where {@code row} is not null. */
  static CodeBlock element(String array, Term row, Term index) {
    return row == null ? CodeBlock.of("$L[$L]", array, index.code())
        : CodeBlock.of("$L[$L][$L]", array, row.code(), index.code());
  }

  private boolean onTape(Stmt s) {
    boolean needed = saving.contains(s) && !unsaved.contains(s);
    tapeUsed |= needed;
    return needed;
  }

  /**
   * The tape's pop of a value of {@code type}. A {@code char}, {@code short} or {@code byte} was
   * pushed as the {@code int} Java widens it to, a {@code float} as a {@code double}, and is cast
   * back; any other type the intermediate form does not look into goes by reference.
   */
  private CodeBlock popped(Type type) {
    String pop = type == Type.DOUBLE || type.isFloat() ? "popDouble" : type == Type.BOOLEAN ? "popBoolean"
        : type == Type.LONG ? "popLong" : type == Type.INT || type.isNarrowPrimitive() ? "popInt" : "popReference";
    return type.isNarrowPrimitive() ? CodeBlock.of("($L) $L.$L()", type.code(), tape.name(), pop)
        : CodeBlock.of("$L.$L()", tape.name(), pop);
  }

  // ----- branches and loops

  private Supplier<Lines> branch(Stmt.If branch, Lines forward) {
    Term condition = primal.of(branch.condition());
    // A condition of stable values is decided again in the reverse sweep; any other is recorded.
    Term decidedAgain = rederivable.isStable(branch.condition()) ? reread.of(branch.condition()) : null;
    Lines thenForward = new Lines();
    Lines elseForward = new Lines();
    Supplier<Lines> thenBuilder = sequence(branch.then(), thenForward);
    Supplier<Lines> elseBuilder = sequence(branch.otherwise(), elseForward);
    Lines thenReverse = new Lines();
    Lines elseReverse = new Lines();
    String decision = names.newName("_c" + decisions++);
    boolean inLoop = loopDepth > 0;
    Supplier<Boolean> replayed = () -> !thenReverse.isEmpty() || !elseReverse.isEmpty();
    Supplier<Boolean> recorded = () -> decidedAgain == null && replayed.get();
    boolean declaredAhead = !inLoop && depth > 1;
    declarations.statementIf(() -> declaredAhead && recorded.get(), "boolean $L = false", decision);
    forward.add(() -> {
      CodeBlock.Builder code = CodeBlock.builder();
      CodeBlock test = condition.code();
      boolean record = recorded.get();
      if (record) {
        code.addStatement(declaredAhead ? "$L = $L" : "boolean $L = $L", decision, test);
        test = CodeBlock.of("$L", decision);
      }
      ifElse(code, test, thenForward, elseForward);
      if (record && inLoop) {
        // Pushed after the branch's own entries, so that it is on top when the reverse sweep needs it.
        tapeUsed = true;
        code.addStatement("$L.push($L)", tape.name(), decision);
      }
      return code.build();
    });
    return () -> {
      thenReverse.append(thenBuilder.get());
      elseReverse.append(elseBuilder.get());
      return new Lines().add(() -> {
        if (!replayed.get()) {
          return CodeBlock.of("");
        }
        CodeBlock.Builder code = CodeBlock.builder().add("// $L\n", branch.source());
        CodeBlock test = decidedAgain != null ? decidedAgain.code()
            : inLoop ? CodeBlock.of("$L.popBoolean()", tape.name()) : CodeBlock.of("$L", decision);
        return ifElse(code, test, thenReverse, elseReverse).build();
      });
    };
  }

  private static CodeBlock.Builder ifElse(CodeBlock.Builder code, CodeBlock test, Lines then, Lines otherwise) {
    code.beginControlFlow("if ($L)", test).add(then.render());
    CodeBlock elseCode = otherwise.render();
    if (!elseCode.isEmpty()) {
      code.nextControlFlow("else").add(elseCode);
    }
    return code.endControlFlow();
  }

  /** How one kind of loop is written: its forward header and footer, and its reverse header. */
  private interface LoopForm {
    void open(CodeBlock.Builder code);

    void close(CodeBlock.Builder code);

    /** Opens the reverse loop, given the code of the recorded trip count (null where none is recorded). */
    void openReverse(CodeBlock.Builder code, CodeBlock tripCount);
  }

  /** A while or do/while loop: the forward sweep counts its iterations, the reverse replays that many. */
  private Supplier<Lines> loop(Stmt.Loop loop, Lines forward) {
    CodeBlock condition = primal.of(loop.condition()).code();
    List<Stmt> iteration = new ArrayList<>(loop.body());
    iteration.addAll(loop.update());
    String k = names.newName("_k" + trips);
    current = loop;
    Map<Variable, Term> held = heldIndices(HeldElements.of(iteration, null, references));
    return loopRegion(loop.source(), iteration, true, null, held, forward, new LoopForm() {
      @Override
      public void open(CodeBlock.Builder code) {
        if (loop.testFirst()) {
          code.beginControlFlow("while ($L)", condition);
        } else {
          code.beginControlFlow("do");
        }
      }

      @Override
      public void close(CodeBlock.Builder code) {
        if (loop.testFirst()) {
          code.endControlFlow();
        } else {
          code.endControlFlow("while ($L)", condition);
        }
      }

      @Override
      public void openReverse(CodeBlock.Builder code, CodeBlock tripCount) {
        code.beginControlFlow("for (int $L = $L; $L > 0; $L--)", k, tripCount, k, k);
      }
    });
  }

  /**
   * {@code for (int i = a; ...; i++)}: the reverse sweep runs {@code i} back down from its last
   * value, which it knows from the bound when the loop has one, else from the recorded trip count.
   */
  private Supplier<Lines> countedLoop(Stmt.CountedLoop loop, Lines forward) {
    String i = loop.counter().name();
    CodeBlock from = primal.of(loop.from()).code();
    CodeBlock condition = primal.of(loop.condition()).code();
    current = loop;
    Term reverseFrom = reread.of(loop.from());
    Term reverseBound = loop.bound() == null ? null : reread.of(loop.bound());
    InPlaceLoop inPlace = depth == 1 && loopDepth == 0 ? InPlaceLoop.of(loop, method.statements(), activity, references)
        : null;
    Map<Variable, Term> held = inPlace == null
        ? heldIndices(HeldElements.of(loop.body(), loop.counter(), references)) : Map.of();
    return loopRegion(loop.source(), loop.body(), reverseBound == null, inPlace, held, forward, new LoopForm() {
      @Override
      public void open(CodeBlock.Builder code) {
        code.beginControlFlow("for (int $L = $L; $L; $L++)", i, from, condition, i);
      }

      @Override
      public void close(CodeBlock.Builder code) {
        code.endControlFlow();
      }

      @Override
      public void openReverse(CodeBlock.Builder code, CodeBlock tripCount) {
        CodeBlock last;
        if (tripCount != null) {
          Term trips = new Term.Verbatim(tripCount, Term.PRIMARY);
          last = minusOne(isIntZero(reverseFrom) ? trips : new Term.Binary("+", reverseFrom, trips));
        } else {
          last = loop.inclusive() ? reverseBound.code() : minusOne(reverseBound);
        }
        code.beginControlFlow("for (int $L = $L; $L >= $L; $L--)", i, last, i, reverseFrom.code(), i);
      }
    });
  }

  /**
   * A loop of either kind. Its body is differentiated one loop deeper; where the body has reverse
   * work, the forward sweep counts the trips if {@code countsTrips} (in a local, or on the tape for
   * a loop inside a loop) and the reverse sweep replays the body that many times. A loop that can
   * be differentiated in place ({@code inPlace}, or null) runs each iteration's reverse right after
   * its forward instead, and leaves the reverse sweep only the scaling of what it gathered. The
   * adjoints of the elements the loop reads at one index it never changes ({@code held}, by array:
   * {@link HeldElements}) are held in locals over its reverse.
   */
  private Supplier<Lines> loopRegion(String source, List<Stmt> body, boolean countsTrips, InPlaceLoop inPlace,
      Map<Variable, Term> held, Lines forward, LoopForm form) {
    Lines bodyForward = new Lines();
    boolean fused = inPlace != null;
    boolean enclosingIteration = inPlaceIteration;
    inPlaceIteration = fused;
    if (fused) {
      fusedLoop = inPlace;
    }
    loopDepth++;
    Supplier<Lines> bodyBuilder = sequence(body, bodyForward);
    loopDepth--;
    inPlaceIteration = enclosingIteration;
    if (fused) {
      fusedLoop = null;
    }
    Lines bodyReverse = new Lines();
    String count = names.newName("_n" + trips++);
    boolean nested = loopDepth > 0;
    Map<Variable, Slot> inPlaceShares = new LinkedHashMap<>();
    StencilAdjoints stencils = fused ? new StencilAdjoints(inPlace, names, output.array(), output.baseOffset(), layout)
        : null;
    Supplier<Boolean> counted = () -> countsTrips && !fused && !bodyReverse.isEmpty();
    boolean declaredAhead = !nested && depth > 1;
    declarations.statementIf(() -> declaredAhead && counted.get(), "int $L = 0", count);
    forward.add(() -> {
      if (fused) {
        return inPlaceLoop(inPlace, inPlaceShares, stencils, bodyForward, bodyReverse, form);
      }
      boolean counting = counted.get();
      CodeBlock.Builder code = CodeBlock.builder();
      if (counting) {
        code.addStatement(declaredAhead ? "$L = 0" : "int $L = 0", count);
      }
      form.open(code);
      code.add(bodyForward.render());
      if (counting) {
        code.addStatement("$L++", count);
      }
      form.close(code);
      if (counting && nested) {
        tapeUsed = true;
        code.addStatement("$L.push($L)", tape.name(), count);
      }
      return code.build();
    });
    return () -> {
      if (fused) {
        inPlaceShares.putAll(adjoints.beginInPlace(inPlace, stencils));
        bodyReverse.append(bodyBuilder.get());
        adjoints.endInPlace();
        Lines finish = new Lines().add(() -> CodeBlock.of("// $L, differentiated in place above\n", source));
        adjoints.finishInPlace(inPlace, inPlaceShares, finish);
        return finish;
      }
      Lines heldBefore = new Lines();
      Lines heldAfter = new Lines();
      Set<Variable> holding = new HashSet<>();
      held.forEach((array, index) -> {
        if (adjoints.hold(array, index, heldBefore, heldAfter)) {
          holding.add(array);
        }
      });
      bodyReverse.append(bodyBuilder.get());
      adjoints.release(holding);
      return new Lines().append(heldBefore).add(() -> {
        if (bodyReverse.isEmpty()) {
          return CodeBlock.of("");
        }
        CodeBlock tripCount = !countsTrips ? null
            : nested ? CodeBlock.of("$L.popInt()", tape.name()) : CodeBlock.of("$L", count);
        CodeBlock.Builder code = CodeBlock.builder().add("// $L\n", source);
        form.openReverse(code, tripCount);
        return code.add(bodyReverse.render()).endControlFlow().build();
      }).append(heldAfter);
    };
  }

  /**
   * The indices of the elements {@code held} by array, as the reverse sweep reads them: read where
   * the loop's reverse ends, for the restore analysis, since the sum goes into the element there.
   */
  private Map<Variable, Term> heldIndices(Map<Variable, Expr> held) {
    Map<Variable, Term> indices = new LinkedHashMap<>();
    held.forEach((array, index) -> indices.put(array, reread.of(index)));
    return indices;
  }

  /**
   * The forward code of a loop differentiated in place: the locals that gather the outer scalars'
   * and gathered arrays' shares and the stencil windows, then the loop, each iteration running its reverse right after
   * its forward and moving the windows on, then what the windows still hold.
   */
  private CodeBlock inPlaceLoop(InPlaceLoop inPlace, Map<Variable, Slot> shares, StencilAdjoints stencils,
      Lines bodyForward, Lines bodyReverse, LoopForm form) {
    CodeBlock.Builder code = CodeBlock.builder();
    shares.forEach((v, share) -> {
      if (v.type() == Type.DOUBLE) {
        code.addStatement("double $L = 0.0", share.name());
      } else {
        code.addStatement("double[] $L = new double[$L.length]", share.name(), v.name());
      }
    });
    code.add(adjoints.declareScratch(inPlace).render());
    code.add(stencils.declarations());
    form.open(code);
    code.add(adjoints.declareInIteration(inPlace).render());
    code.add(bodyForward.render());
    code.add(bodyReverse.render());
    code.add(stencils.rotation());
    form.close(code);
    code.add(stencils.flush());
    return code.build();
  }

  /** {@code t - 1} in int arithmetic. */
  private static CodeBlock minusOne(Term t) {
    return new Term.Binary("-", t, new Term.Verbatim(CodeBlock.of("1"), Term.PRIMARY)).code();
  }

  private static boolean isIntZero(Term t) {
    return t.code().toString().equals("0");
  }

  // ----- linearization: the local derivatives of an expression, built in the forward sweep

  /** The paths from {@code e} to the varied values it reads, each edge carrying its partial, rendered. */
  private Linear linearize(Expr e) {
    return linearization.of(e, new Linearization.Builder<Linear>() {
      @Override
      public Linear variable(Expr.Read read) {
        return new Linear.Leaf(read.variable());
      }

      @Override
      public Linear element(Expr.ElementRead read) {
        StencilWindow window = fusedLoop == null ? null : fusedLoop.windows().get(read.array());
        Integer windowOffset = window == null ? null : StencilWindow.offset(read.index(), fusedLoop.counter());
        return new Linear.Element(read.array(), read.row() == null ? null : reread.of(read.row()),
            reread.of(read.index()), windowOffset);
      }

      @Override
      public Linear conditional(Expr.Conditional c, Supplier<Linear> ifTrue, Supplier<Linear> ifFalse) {
        Term condition = reread.of(c.condition());
        conditionalDepth++;
        Linear whenTrue = ifTrue.get();
        Linear whenFalse = ifFalse.get();
        conditionalDepth--;
        return new Linear.Branch(condition, whenTrue, whenFalse);
      }

      @Override
      public Linear apply(Expr.Apply a, List<Linear> children) {
        // A partial reads the operands and the result through operandValue, which keeps what it reads.
        Set<Expr> operands = Collections.newSetFromMap(new IdentityHashMap<>());
        operands.addAll(a.args());
        operands.add(a);
        ExprTerms rule = new ExprTerms(ReverseSweep.this::reread, n -> operands.contains(n) ? operandValue(n) : null);
        List<Linear.Edge> edges = new ArrayList<>();
        boolean singular = nonFinite.partialsMayBe(a);
        for (int i = 0; i < children.size(); i++) {
          if (children.get(i) != null) {
            edges.add(new Linear.Edge(rule.folded(a.primitive().partial(i, a)), children.get(i), singular));
          }
        }
        return new Linear.Node(edges);
      }

      @Override
      public Linear call(Expr.Invoke call, List<Linear> arguments) {
        if (conditionalDepth > 0) {
          // Run ahead of its statement, it would run where Java does not run it.
          throw new IllegalStateException("a call in an arm of ?: reached the reverse sweep; the front end keeps"
              + " such a call in a local, in a branch of its own");
        }
        tapeUsed = true;
        borrows = true;
        return new Linear.EvaluatedCall(call, arguments, evaluateWithGradient(call));
      }
    });
  }

  /**
   * Runs a call's pullback in the forward sweep, with seed 1: one evaluation of the callee gives
   * its value and its gradient, which the reverse sweep scales by the seed. The gradient lands in
   * a buffer the tape lends to this activation alone, so a nested activation of the same call site
   * (recursion) has its own. At the top of the sweep the buffer stays lent until the reverse sweep
   * has read it; inside control flow, where the call may run again first, the gradient (and the
   * value, if a partial reads it) goes onto the tape, and the reverse block pops it into a buffer
   * of its own. Each call thus runs once, and recursion costs time linear in the calls. A call that
   * a directional call evaluated with it ({@link Expr.Invoke#primalCall}) is not run again: its
   * value and gradient are already in hand ({@link #givenAlong}).
   */
  private String evaluateWithGradient(Expr.Invoke call) {
    GivenAlong given = givenAlong.get(call);
    if (given != null) {
      given.claimed = true;
      if (atTopOfSweep()) {
        return given.gradient;
      }
      // Recorded here, after what the directional call's statement records, so that this
      // statement's reverse block, which runs first, finds it on top.
      Lines evaluate = new Lines();
      record(call, given.gradient, given.length, keptNodes.get(call), evaluate);
      evaluate.statement("$L.returnBuffer()", tape);
      pendingKeeps.add(evaluate::render);
      return popped(call, given.length);
    }
    Callee callee = call.callee();
    String gradient = adjoints.newBufferLocal();
    Slot value = new Slot(call == resultExpr ? resultName : names.newName("_t" + temps++));
    keptNodes.put(call, value);
    CodeBlock args = CodeBlock.join(call.args().stream().map(arg -> primal.of(arg).code()).toList(), ", ");
    CodeBlock length = Adjoints.calleeLayout(call).length();
    // A directional call's pullback gives its primal call's value in the slot after its gradient.
    CodeBlock lent = call.primalCall() == null ? length
        : length.toString().matches("\\d+") ? CodeBlock.of("$L", Integer.parseInt(length.toString()) + 1)
        : CodeBlock.of("$L + 1", length);
    Lines evaluate = new Lines().statement("double[] $L = $L.gradientBuffer($L)", gradient, tape, lent);
    if (callee.rules() != null) {
      // A @DerivativeOf rule writes the gradient, as a pullback does with seed 1.
      evaluate.statement("double $L = $T.$L($L, $L)", value, callee.rules(), callee.name(), args, gradient);
    } else {
      evaluate.statement("double $L = $T.$L($L, 1.0, $L, 0)", value, callee.companion(),
          CalleeResolver.pullbackName(callee.entry()), args, gradient);
    }
    pendingKeeps.add(evaluate::render);
    if (call.primalCall() != null) {
      giveAlong(call, gradient, length, evaluate);
    }
    if (atTopOfSweep()) {
      return gradient;
    }
    record(call, gradient, length, value, evaluate);
    // Of the buffers lent here, the primal call's goes back with its own record, in the next
    // statement, before anything else borrows one.
    evaluate.statement("$L.returnBuffer()", tape);
    return popped(call, length);
  }

  /**
   * A directional call's primal call, evaluated by it ({@link Expr.Invoke#primalCall}): its value,
   * kept in a local whether or not a derivative flows through it, and its gradient, in a buffer of
   * its own, which only a primal call that is linearized claims.
   */
  private static final class GivenAlong {
    final String gradient;
    final CodeBlock length;
    boolean claimed;

    GivenAlong(String gradient, CodeBlock length) {
      this.gradient = gradient;
      this.length = length;
    }
  }

  /**
   * Takes {@code directional}'s primal call's value from the slot after its gradient in {@code
   * gradient}, and the primal call's own gradient from the tangents' slots, which start where its
   * gradient would end: the derivative of a directional derivative along the tangents is the gradient.
   */
  private void giveAlong(Expr.Invoke directional, String gradient, CodeBlock length, Lines evaluate) {
    Expr.Invoke primalCall = directional.primalCall();
    Slot value = new Slot(names.newName("_t" + temps++));
    keptNodes.put(primalCall, value);
    evaluate.statement("double $L = $L[$L]", value, gradient, length);
    CodeBlock primalLength = Adjoints.calleeLayout(primalCall).length();
    GivenAlong along = new GivenAlong(adjoints.newBufferLocal(), primalLength);
    givenAlong.put(primalCall, along);
    BooleanSupplier claimed = () -> along.claimed;
    evaluate.statementIf(claimed, "double[] $L = $L.gradientBuffer($L)", along.gradient, tape, primalLength)
        .statementIf(claimed, "$T.arraycopy($L, $L, $L, 0, $L)", System.class, gradient, primalLength, along.gradient,
            primalLength);
  }

  /** Inside control flow: pushes {@code call}'s gradient, and its value if a partial reads it. */
  private void record(Expr.Invoke call, String gradient, CodeBlock length, Slot value, Lines evaluate) {
    evaluate.statement("$L.push($L, $L)", tape, gradient, length)
        .statementIf(() -> poppedValuesRead.contains(call), "$L.push($L)", tape, value);
  }

  /**
   * Inside control flow: the reverse block's pops of what {@link #record} pushed for {@code call},
   * in the opposite order; returns the buffer that receives its gradient.
   */
  private String popped(Expr.Invoke call, CodeBlock length) {
    Slot poppedValue = new Slot(names.newName("_t" + temps++));
    poppedValues.put(call, poppedValue);
    BooleanSupplier valueRead = () -> poppedValuesRead.contains(call);
    String poppedGradient = adjoints.newBufferLocal();
    Lines pops = new Lines()
        .statementIf(valueRead, "double $L = $L.popDouble()", poppedValue, tape)
        .statement("double[] $L = $L.gradientBuffer($L)", poppedGradient, tape, length)
        .statement("$L.pop($L, $L)", tape, poppedGradient, length);
    popped.insert(0, pops::render);
    return poppedGradient;
  }

  /**
   * A value that a partial may read. At the top level, asking for it keeps it in a local of the
   * forward sweep (unless rereading is free). Inside control flow the reverse block gets it: the
   * statement's own result from its target, before the target is restored; any other value
   * computed again, once, from the restored variables. Inside a conditional expression it is
   * computed again where it is used, under the condition.
   */
  private Term operandValue(Expr e) {
    if (isRereadable(e) || conditionalDepth > 0) {
      return reread.of(e);
    }
    if (atTopOfSweep()) {
      return keep(e);
    }
    boolean ownResult = e == current.value() && !(current instanceof Stmt.Return);
    if (loopDepth > 0 && !ownResult && !Rederivable.isCheap(e, keptNodes::containsKey)
        && e.type().isRecordable() && !callsAMethod(e)) {
      return recorded(e);
    }
    return blockLocals.computeIfAbsent(e, this::blockLocal);
  }

  /**
   * Whether {@code e} calls a method: inside a loop, a call's value goes onto the tape with its
   * gradient where the call runs ({@link #evaluateWithGradient}), so it is not recorded again here.
   */
  private static boolean callsAMethod(Expr e) {
    return Expressions.preorder(e).anyMatch(n -> n instanceof Expr.Invoke);
  }

  /**
   * Inside a loop, a value that costs a function to compute again ({@code exp(beta t)}):
   * kept in a local of the forward sweep and pushed there, before the statement saves what it
   * overwrites, so the reverse block pops it after the statement's own restore, ahead of the values
   * it recomputes (which may be built on it). Cheap values are computed again instead, counting
   * values already recorded as free: {@code -g sin(theta) - k omega} is recomputed from the
   * recorded {@code sin(theta)}.
   */
  private Term recorded(Expr e) {
    if (keptNodes.containsKey(e)) {
      return kept(e);
    }
    Term value = keep(e);
    String name = keptNodes.get(e).name();
    tapeUsed = true;
    pendingKeeps.add(() -> CodeBlock.builder().addStatement("$L.push($L)", tape.name(), name).build());
    recomputed.insert(0, () -> CodeBlock.builder()
        .addStatement("$L $L = $L", e.type().code(), name, popped(e.type())).build());
    return value;
  }

  private Term blockLocal(Expr e) {
    String name = names.newName("_t" + temps++);
    Term value;
    Lines into;
    if (e == current.value() && !(current instanceof Stmt.Return)) {
      Variable target = current.target();
      resultReads.computeIfAbsent(current, s -> new HashSet<>()).add(target);
      value = current instanceof Stmt.ArrayStore store
          ? new Term.Verbatim(element(target, store.row(), store.index(), reread), Term.PRIMARY)
          : new Term.Name(target.name());
      into = captured;
    } else {
      // Built on the block's earlier locals, so that a subexpression two partials read (sin(theta)
      // in -g sin(theta) - k omega) is computed once: C2 does not merge repeated Math calls.
      value = new ExprTerms(this::reread, n -> blockLocals.containsKey(n) ? blockLocals.get(n) : keptForReverse(n)).of(e);
      into = recomputed;
    }
    into.statement("$L $L = $L", e.type().code(), name, value);
    return new Slot(name).ref();
  }

  /**
   * Whether the statement being differentiated is outside control flow, or at the top of an
   * iteration differentiated in place: there, its reverse code runs before the forward sweep
   * reaches it again, so what the forward sweep computes for it lasts until then.
   */
  private boolean atTopOfSweep() {
    return depth == 0 || inPlaceIteration && depth == 1;
  }

  /** Whether the reverse sweep can compute {@code e} again as cheaply as it can read a local. */
  static boolean isRereadable(Expr e) {
    return Expressions.preorder(e)
        .noneMatch(n -> n instanceof Expr.Apply || n instanceof Expr.Invoke || n instanceof Expr.Conditional);
  }

  private Term keep(Expr e) {
    Slot slot = keptNodes.get(e);
    if (slot == null) {
      CodeBlock value = primal.of(e).code();
      // Should a rule keep the result itself (exp, tanh), the kept local is the result.
      slot = new Slot(e == resultExpr ? resultName : names.newName("_t" + temps++));
      String name = slot.name();
      CodeBlock type = e.type().code();
      pendingKeeps.add(() -> CodeBlock.builder().addStatement("$L $L = $L", type, name, value).build());
      keptNodes.put(e, slot);
    }
    return slot.ref();
  }

  private Term kept(Expr e) {
    Slot slot = keptNodes.get(e);
    return slot == null ? null : slot.ref();
  }

  /** As {@link #kept}, for the reverse sweep: a call's value inside control flow is the one popped back. */
  private Term keptForReverse(Expr e) {
    Slot popped = poppedValues.get(e);
    if (popped != null) {
      poppedValuesRead.add(e);
      return popped.ref();
    }
    return kept(e);
  }

  /** The value {@code v} has here, as the reverse sweep reads it (restored, where it was overwritten). */
  private Term reread(Variable v) {
    Expr definition = rederivable.definitionOf(v);
    if (definition != null && !iterationLocals.contains(v)) {
      return reread.of(definition);
    }
    reverseReads.computeIfAbsent(current, s -> new HashSet<>()).add(v);
    return new Term.Name(v.name());
  }

  // ----- the gradient

  private void zeroArraySlices(CodeBlock.Builder body) {
    for (Variable input : layout.inputs()) {
      if (input.type() == Type.DOUBLE_MATRIX) {
        body.addStatement("int[] $L = $T.starts($L)", adjoints.rowStarts(input), RuntimeTypes.ROWS, input.name());
      }
      if (input.type().isDoubleArray()) {
        CodeBlock from = layout.slot(output.baseOffset(), input, null);
        CodeBlock to = layout.slot(output.baseOffset(), input, adjoints.count(input));
        body.addStatement("$T.fill($L, $L, $L, 0.0)", ClassName.get(java.util.Arrays.class),
            output.array(), from, to);
      }
    }
  }


}
