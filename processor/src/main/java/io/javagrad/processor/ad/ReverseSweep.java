package io.javagrad.processor.ad;

import static io.javagrad.processor.term.Terms.mul;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.Tape;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.ExprTerms;
import io.javagrad.processor.term.Slot;
import io.javagrad.processor.term.Term;
import io.javagrad.processor.term.Terms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The third step: differentiates a method in reverse mode, producing the body of a gradient entry
 * point: a forward sweep, then a reverse sweep.
 *
 * <p>The forward sweep is the user's statements with additions made on demand. A subexpression
 * whose value a derivative rule reads is <em>kept</em> in a local ({@code _t0}); a variable's old
 * value that the reverse sweep reads is <em>saved</em> before it is overwritten, into a local, or
 * onto the {@link Tape} inside a loop; and where control flow branches or loops, the decision or
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
 * reverse sweep. Inside loops, values that rules read are recomputed from the restored variables
 * rather than recorded. Calls to other differentiable methods go through their companions'
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

    /** Whether this entry point starts a computation, and so may drop what a failed call left on the tape. */
    boolean clearsTape();
  }

  /** A per-call-site buffer the companion declares, through which a callee's pullback answers. */
  public record PullbackBuffer(String field, Callee callee) {}

  /** How a value reaches the variables it was computed from. */
  private sealed interface Linear {}

  private record Leaf(Variable variable) implements Linear {}

  private record Element(Variable array, Term index) implements Linear {}

  private record Edge(Term partial, Linear child) {}

  private record Node(List<Edge> edges) implements Linear {}

  private record CallSite(Expr.Invoke call, List<Term> args, List<Linear> argsLinear, String buffer)
      implements Linear {}

  /** A conditional expression: the seed flows into one side, chosen by {@code condition} again. */
  private record Branch(Term condition, Linear ifTrue, Linear ifFalse) implements Linear {}

  private final MethodBody method;
  private final Activity activity;
  private final NameAllocator names;
  private final Output output;
  private final GradientLayout layout;
  private final Supplier<String> bufferFields;
  private final List<PullbackBuffer> buffers = new ArrayList<>();

  /** Locals declared once for the method: those the user declared inside branches and loops. */
  private final Lines declarations = new Lines();
  /** Adjoints declared as 0 before the reverse sweep: of the variables that control flow touches. */
  private final Lines adjointDeclarations = new Lines();
  private final Set<Variable> materialized;

  /** The variables each statement's reverse code reads, for {@link RestoreAnalysis}. */
  private final Map<Stmt, Set<Variable>> reverseReads = new IdentityHashMap<>();
  /** The statement being differentiated, to which rereads are attributed. */
  private Stmt current;
  /**
   * Inside control flow, values the current statement's rules read, held in locals of its reverse
   * block: {@code captured} from the statement's own target before it is restored (the result of
   * the statement), {@code recomputed} from restored variables after.
   */
  private Lines captured;
  private Lines recomputed;
  private Map<Expr, Term> blockLocals;
  private Set<Stmt> saving;
  private final Map<Expr, Slot> keptNodes = new IdentityHashMap<>();
  private final Map<Variable, Slot> adjoints = new HashMap<>();
  private final Set<Variable> liveAdjoints = new HashSet<>();
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
  private int partialAdjoints;
  private int pullbacks;
  private int decisions;
  private int trips;
  private Expr resultExpr;
  private String resultName;

  /**
   * @param names the method's name allocator, seeded with every identifier of the user's
   * @param bufferFields names a new static field for a pullback buffer
   */
  public ReverseSweep(MethodBody method, Activity activity, NameAllocator names, Output output,
      Supplier<String> bufferFields) {
    this.method = method;
    this.activity = activity;
    this.names = names;
    this.output = output;
    this.layout = new GradientLayout(method.parameters());
    this.bufferFields = bufferFields;
    this.materialized = ControlFlowVariables.of(method.statements());
    this.primal = new ExprTerms(v -> new Term.Verbatim(CodeBlock.of("$L", v.name()), Term.PRIMARY), this::kept);
    this.reread = new ExprTerms(this::reread, this::kept);
    this.tape = new Slot(names.newName("_tape"));
  }

  /** The buffers the generated body uses; the companion declares one static field each. */
  public List<PullbackBuffer> buffers() {
    return buffers;
  }

  /** The statements of the body, after the parameter checks. */
  public CodeBlock body() {
    resultName = names.newName("_value");
    Lines forward = new Lines();
    Supplier<Lines> reverseBuilder = sequence(method.statements(), forward);
    saving = RestoreAnalysis.saving(method.statements(), reverseReads);
    Lines reverse = reverseBuilder.get();
    declareMaterializedAdjoints();
    CodeBlock forwardCode = forward.render();
    CodeBlock reverseCode = reverse.render();
    CodeBlock.Builder body = CodeBlock.builder();
    if (tapeUsed) {
      body.addStatement("$T $L = $T.get()$L", Tape.class, tape.name(), Tape.class,
          output.clearsTape() ? ".clear()" : "");
    }
    zeroArraySlices(body);
    body.add(declarations.render());
    body.add(forwardCode);
    body.add(adjointDeclarations.render());
    body.add(reverseCode);
    writeScalarGradient(body);
    return body.addStatement("return $L", resultName).build();
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
    return assignment(s, forward);
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
    Variable target = Activity.target(s);
    Expr value = Activity.value(s);
    if (s instanceof Stmt.Return) {
      resultExpr = value;
    }
    current = s;
    captured = new Lines();
    recomputed = new Lines();
    blockLocals = new IdentityHashMap<>();
    Lines capturedHere = captured;
    Lines recomputedHere = recomputed;
    Linear linear = activity.isActive(s) ? linearize(value) : null;
    pendingKeeps.forEach(forward::add);
    pendingKeeps.clear();
    Lines restore = new Lines();
    Term storeIndex = null;
    if (s instanceof Stmt.Declare d) {
      declare(d, forward, restore);
    } else if (s instanceof Stmt.Assign a) {
      save(s, a.variable(), forward, restore);
      forward.statement("$L = $L", a.variable().name(), primal.of(a.value()));
    } else if (s instanceof Stmt.ArrayStore store) {
      storeIndex = reread.of(store.index());
      saveElement(store, storeIndex, forward, restore);
      forward.statement("$L[$L] = $L", store.array().name(), primal.of(store.index()), primal.of(store.value()));
    } else if (!keptNodes.containsKey(value)) {
      forward.statement("double $L = $L", resultName, primal.of(value));
    }
    // A value without derivative ends the target's adjoint. A declaration at the top level has no
    // adjoint before it to end; one inside a loop ends the previous iteration's.
    boolean kills = linear == null && target != null && activity.isVaried(target)
        && !(s instanceof Stmt.Declare d && (depth == 0 || d.init() == null || d.init() instanceof Expr.NewArray));
    Term index = storeIndex;
    return () -> {
      Lines reverse = new Lines().append(capturedHere).append(restore).append(recomputedHere);
      int start = reverse.size();
      if (linear != null) {
        adjointOf(s, target, index, linear, reverse);
      } else if (kills) {
        kill(target, index, reverse);
      }
      if (reverse.size() > start) {
        reverse.insert(start, () -> CodeBlock.of("// $L\n", s.source()));
      }
      return reverse;
    };
  }

  private void declare(Stmt.Declare d, Lines forward, Lines reverse) {
    Variable v = d.variable();
    if (v.type() == Type.DOUBLE_ARRAY) {
      forward.statement("double[] $L = $L", v.name(), primal.of(d.init()));
      if (activity.isActive(v)) {
        Slot adjoint = adjointSlot(v);
        adjointDeclarations.statement("double[] $L = new double[$L.length]", adjoint, v.name());
      }
      return;
    }
    if (depth == 0) {
      if (d.init() == null) {
        forward.statement("$L $L", v.type().javaName(), v.name());
      } else {
        forward.statement("$L $L = $L", v.type().javaName(), v.name(), primal.of(d.init()));
      }
      return;
    }
    // Declared in a branch or loop: declared once for the method, so the reverse sweep sees it too.
    declarations.statement("$L $L = $L", v.type().javaName(), v.name(), defaultValue(v.type()));
    save(d, v, forward, reverse);
    if (d.init() != null) {
      forward.statement("$L = $L", v.name(), primal.of(d.init()));
    }
  }

  private static String defaultValue(Type type) {
    return switch (type) {
      case DOUBLE -> "0.0";
      case BOOLEAN -> "false";
      case LONG -> "0L";
      default -> "0";
    };
  }

  /**
   * Before {@code s} overwrites {@code v}: if the reverse sweep reads the value {@code v} has now
   * ({@link RestoreAnalysis}), keep it, in a local at the top level or on the tape inside branches
   * and loops; the reverse sweep puts it back here.
   */
  private void save(Stmt s, Variable v, Lines forward, Lines reverse) {
    if (depth == 0) {
      String saved = names.newName("_t" + temps++);
      forward.statementIf(() -> saving.contains(s), "$L $L = $L", v.type().javaName(), saved, v.name());
      reverse.statementIf(() -> saving.contains(s), "$L = $L", v.name(), saved);
      return;
    }
    forward.statementIf(() -> onTape(s), "$L.push($L)", tape, v.name());
    reverse.statementIf(() -> onTape(s), "$L = $L.$L()", v.name(), tape, pop(v.type()));
  }

  /** As {@link #save}, for the element an array store overwrites. */
  private void saveElement(Stmt.ArrayStore store, Term index, Lines forward, Lines reverse) {
    Variable array = store.array();
    CodeBlock element = CodeBlock.of("$L[$L]", array.name(), primal.of(store.index()).code());
    if (depth == 0) {
      String saved = names.newName("_t" + temps++);
      forward.statementIf(() -> saving.contains(store), "double $L = $L", saved, element);
      reverse.statementIf(() -> saving.contains(store), "$L[$L] = $L", array.name(), index, saved);
      return;
    }
    forward.statementIf(() -> onTape(store), "$L.push($L)", tape, element);
    reverse.statementIf(() -> onTape(store), "$L[$L] = $L.popDouble()", array.name(), index, tape);
  }

  private boolean onTape(Stmt s) {
    boolean needed = saving.contains(s);
    tapeUsed |= needed;
    return needed;
  }

  private String pop(Type type) {
    return switch (type) {
      case DOUBLE -> "popDouble";
      case BOOLEAN -> "popBoolean";
      case LONG -> "popLong";
      default -> "popInt";
    };
  }

  // ----- branches and loops

  private Supplier<Lines> branch(Stmt.If branch, Lines forward) {
    Term condition = primal.of(branch.condition());
    Lines thenForward = new Lines();
    Lines elseForward = new Lines();
    Supplier<Lines> thenBuilder = sequence(branch.then(), thenForward);
    Supplier<Lines> elseBuilder = sequence(branch.otherwise(), elseForward);
    Lines thenReverse = new Lines();
    Lines elseReverse = new Lines();
    String decision = names.newName("_c" + decisions++);
    boolean inLoop = loopDepth > 0;
    Supplier<Boolean> recorded = () -> !thenReverse.isEmpty() || !elseReverse.isEmpty();
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
        if (!recorded.get()) {
          return CodeBlock.of("");
        }
        CodeBlock.Builder code = CodeBlock.builder().add("// $L\n", branch.source());
        CodeBlock test = inLoop ? CodeBlock.of("$L.popBoolean()", tape.name()) : CodeBlock.of("$L", decision);
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
    return loopRegion(loop.source(), iteration, true, forward, new LoopForm() {
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
    return loopRegion(loop.source(), loop.body(), reverseBound == null, forward, new LoopForm() {
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
   * a loop inside a loop) and the reverse sweep replays the body that many times.
   */
  private Supplier<Lines> loopRegion(String source, List<Stmt> body, boolean countsTrips, Lines forward,
      LoopForm form) {
    Lines bodyForward = new Lines();
    loopDepth++;
    Supplier<Lines> bodyBuilder = sequence(body, bodyForward);
    loopDepth--;
    Lines bodyReverse = new Lines();
    String count = names.newName("_n" + trips++);
    boolean nested = loopDepth > 0;
    Supplier<Boolean> counted = () -> countsTrips && !bodyReverse.isEmpty();
    boolean declaredAhead = !nested && depth > 1;
    declarations.statementIf(() -> declaredAhead && counted.get(), "int $L = 0", count);
    forward.add(() -> {
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
      bodyReverse.append(bodyBuilder.get());
      return new Lines().add(() -> {
        if (bodyReverse.isEmpty()) {
          return CodeBlock.of("");
        }
        CodeBlock tripCount = !countsTrips ? null
            : nested ? CodeBlock.of("$L.popInt()", tape.name()) : CodeBlock.of("$L", count);
        CodeBlock.Builder code = CodeBlock.builder().add("// $L\n", source);
        form.openReverse(code, tripCount);
        return code.add(bodyReverse.render()).endControlFlow().build();
      });
    };
  }

  /** {@code t - 1} in int arithmetic. */
  private static CodeBlock minusOne(Term t) {
    return new Term.Binary("-", t, new Term.Verbatim(CodeBlock.of("1"), Term.PRIMARY)).code();
  }

  private static boolean isIntZero(Term t) {
    return t.code().toString().equals("0");
  }

  // ----- linearization: the local derivatives of an expression, built in the forward sweep

  /** The paths from {@code e} to the varied values it reads, each edge carrying its partial. */
  private Linear linearize(Expr e) {
    if (!activity.isVaried(e)) {
      return null;
    }
    if (e instanceof Expr.Read r) {
      return new Leaf(r.variable());
    }
    if (e instanceof Expr.ElementRead r) {
      return new Element(r.array(), reread.of(r.index()));
    }
    if (e instanceof Expr.Conditional c) {
      Term condition = reread.of(c.condition());
      conditionalDepth++;
      Linear ifTrue = linearize(c.ifTrue());
      Linear ifFalse = linearize(c.ifFalse());
      conditionalDepth--;
      return new Branch(condition, ifTrue, ifFalse);
    }
    if (e instanceof Expr.Apply a) {
      List<Linear> children = a.args().stream().map(this::linearize).toList();
      Primitive.Operand[] operands = a.args().stream().map(this::operand).toArray(Primitive.Operand[]::new);
      List<Edge> edges = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        if (children.get(i) != null) {
          edges.add(new Edge(a.primitive().partial(i, operands, operand(e)), children.get(i)));
        }
      }
      return new Node(edges);
    }
    Expr.Invoke call = (Expr.Invoke) e;
    List<Linear> children = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      children.add(call.callee().isDifferentiated(i) ? linearize(call.args().get(i)) : null);
    }
    List<Term> args = call.args().stream().map(arg -> operand(arg).value()).toList();
    String field = bufferFields.get();
    buffers.add(new PullbackBuffer(field, call.callee()));
    return new CallSite(call, args, children, field);
  }

  /**
   * A value that a partial may read. At the top level, asking for it keeps it in a local of the
   * forward sweep (unless rereading is free). Inside control flow the reverse block gets it: the
   * statement's own result from its target, before the target is restored; any other value
   * computed again, once, from the restored variables. Inside a conditional expression it is
   * computed again where it is used, under the condition.
   */
  private Primitive.Operand operand(Expr e) {
    return () -> {
      if (isRereadable(e) || conditionalDepth > 0) {
        return reread.of(e);
      }
      if (depth == 0) {
        return keep(e);
      }
      return blockLocals.computeIfAbsent(e, this::blockLocal);
    };
  }

  private Term blockLocal(Expr e) {
    String name = names.newName("_t" + temps++);
    Term value;
    Lines into;
    if (e == Activity.value(current) && !(current instanceof Stmt.Return)) {
      value = current instanceof Stmt.ArrayStore store
          ? new Term.Verbatim(CodeBlock.of("$L[$L]", store.array().name(), reread.of(store.index()).code()), Term.PRIMARY)
          : reread(Activity.target(current));
      into = captured;
    } else {
      value = reread.of(e);
      into = recomputed;
    }
    into.statement("double $L = $L", name, value);
    return new Slot(name).ref();
  }

  /** Whether the reverse sweep can compute {@code e} again as cheaply as it can read a local. */
  private static boolean isRereadable(Expr e) {
    if (e instanceof Expr.Apply || e instanceof Expr.Invoke || e instanceof Expr.Conditional) {
      return false;
    }
    return Statements.operands(e).stream().allMatch(ReverseSweep::isRereadable);
  }

  private Term keep(Expr e) {
    Slot slot = keptNodes.get(e);
    if (slot == null) {
      CodeBlock value = primal.of(e).code();
      // Should a rule keep the result itself (exp, tanh), the kept local is the result.
      slot = new Slot(e == resultExpr ? resultName : names.newName("_t" + temps++));
      String name = slot.name();
      pendingKeeps.add(() -> CodeBlock.builder().addStatement("double $L = $L", name, value).build());
      keptNodes.put(e, slot);
    }
    return slot.ref();
  }

  private final List<Supplier<CodeBlock>> pendingKeeps = new ArrayList<>();

  private Term kept(Expr e) {
    Slot slot = keptNodes.get(e);
    return slot == null ? null : slot.ref();
  }

  /** The value {@code v} has here, as the reverse sweep reads it (restored, where it was overwritten). */
  private Term reread(Variable v) {
    reverseReads.computeIfAbsent(current, s -> new HashSet<>()).add(v);
    return new Term.Verbatim(CodeBlock.of("$L", v.name()), Term.PRIMARY);
  }

  // ----- the reverse sweep of one assignment

  private void adjointOf(Stmt s, Variable target, Term index, Linear linear, Lines reverse) {
    Term seed;
    if (s instanceof Stmt.Return) {
      seed = output.seed();
    } else if (s instanceof Stmt.ArrayStore) {
      // The element's adjoint is taken, and the element's slot cleared, before anything flows on.
      seed = bind(new Term.Verbatim(CodeBlock.of("$L[$L]", adjointSlot(target).name(), index.code()), Term.PRIMARY),
          reverse);
      reverse.statement("$L[$L] = 0.0", adjointSlot(target), index);
      target = null;
    } else {
      seed = liveAdjoint(target);
      if (seed == null) {
        return;
      }
    }
    Map<Object, Term> contributions = new LinkedHashMap<>();
    propagate(linear, seed, contributions, reverse, target);
    // The target's own adjoint is the seed, read by everything above: it is replaced last.
    Term toTarget = contributions.remove(target);
    flush(contributions, reverse);
    if (target != null) {
      replace(target, toTarget, reverse);
    }
  }

  /** After the reverse of {@code v = e}: {@code v}'s adjoint is what {@code e} gave back to {@code v}, if anything. */
  private void replace(Variable target, Term toTarget, Lines reverse) {
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
  private void kill(Variable target, Term index, Lines reverse) {
    if (index != null) {
      if (activity.isActive(target)) {
        reverse.statement("$L[$L] = 0.0", adjointSlot(target), index);
      }
    } else if (materialized.contains(target)) {
      if (activity.isActive(target)) {
        reverse.statement("$L = 0.0", adjointSlot(target));
      }
    } else {
      liveAdjoints.remove(target);
    }
  }

  /** The adjoint of {@code v} as a term, or null where nothing has reached it. */
  private Term liveAdjoint(Variable v) {
    if (materialized.contains(v)) {
      return adjointSlot(v).ref();
    }
    return liveAdjoints.contains(v) ? adjoints.get(v).ref() : null;
  }

  private Slot adjointSlot(Variable v) {
    return adjoints.computeIfAbsent(v, variable -> new Slot(names.newName("_d_" + variable.name())));
  }

  private void declareMaterializedAdjoints() {
    for (Variable v : materialized) {
      Slot adjoint = adjoints.get(v);
      if (adjoint != null && v.type() == Type.DOUBLE) {
        adjointDeclarations.statement("double $L = 0.0", adjoint);
      }
    }
  }

  /**
   * Adds what reached each variable or array element into its adjoint. Keys are {@link Variable}s
   * and {@link Element}s, so that all that reaches one element in one statement is added at once.
   */
  private void flush(Map<Object, Term> contributions, Lines out) {
    contributions.forEach((to, term) -> {
      if (to instanceof Element element) {
        addToElement(element, term, out);
      } else {
        contribute((Variable) to, term, out);
      }
    });
  }

  /** Pushes {@code seed} down to the variables, summing what reaches each into {@code contributions}. */
  private void propagate(Linear linear, Term seed, Map<Object, Term> contributions, Lines out, Variable target) {
    if (linear instanceof Leaf leaf) {
      contributions.merge(leaf.variable(), seed, Terms::add);
    } else if (linear instanceof Element element) {
      contributions.merge(element, seed, Terms::add);
    } else if (linear instanceof Node node) {
      for (Edge edge : node.edges()) {
        Term childSeed = mul(seed, edge.partial());
        if (!Terms.isZero(childSeed)) {
          Term passed = fansOut(edge.child()) ? bindIfComputed(childSeed, out) : childSeed;
          propagate(edge.child(), passed, contributions, out, target);
        }
      }
    } else if (linear instanceof Branch branch) {
      conditional(branch, seed, contributions, out, target);
    } else {
      pullback((CallSite) linear, seed, contributions, out, target);
    }
  }

  private void addToElement(Element element, Term contribution, Lines out) {
    Variable array = element.array();
    CodeBlock target = array.isParameter()
        ? CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, element.index().code()))
        : CodeBlock.of("$L[$L]", adjointSlot(array).name(), element.index().code());
    accumulate(target, contribution, out);
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
  private void conditional(Branch branch, Term seed, Map<Object, Term> contributions, Lines out, Variable target) {
    Lines whenTrue = new Lines();
    Lines whenFalse = new Lines();
    flowInto(branch.ifTrue(), seed, whenTrue, target, contributions, branch.condition(), true);
    flowInto(branch.ifFalse(), seed, whenFalse, target, contributions, branch.condition(), false);
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

  private void flowInto(Linear side, Term seed, Lines out, Variable target, Map<Object, Term> outer,
      Term condition, boolean when) {
    if (side == null) {
      return;
    }
    Map<Object, Term> inside = new LinkedHashMap<>();
    propagate(side, seed, inside, out, target);
    Term toTarget = inside.remove(target);
    if (toTarget != null) {
      outer.merge(target, when ? Terms.select(condition, toTarget, Terms.ZERO)
          : Terms.select(condition, Terms.ZERO, toTarget), Terms::add);
    }
    flush(inside, out);
  }

  /** Whether a seed reaches more than one place below {@code linear}, so computing it once pays. */
  private static boolean fansOut(Linear linear) {
    return linear instanceof Node node && node.edges().size() > 1 || linear instanceof CallSite
        || linear instanceof Branch;
  }

  private Term bindIfComputed(Term t, Lines out) {
    boolean simple = t instanceof Term.Ref || t instanceof Term.Num || t instanceof Term.Verbatim
        || t instanceof Term.Neg n && n.operand() instanceof Term.Ref;
    return simple ? t : bind(t, out);
  }

  /** Computes {@code value} once, into a local, for the several places it flows to. */
  private Term bind(Term value, Lines out) {
    String name = names.newName("_r" + partialAdjoints++);
    out.statement("double $L = $L", name, value);
    return new Slot(name).ref();
  }

  /** Adds {@code contribution} into {@code v}'s adjoint, declaring it at its first contribution. */
  private void contribute(Variable v, Term contribution, Lines out) {
    if (materialized.contains(v)) {
      accumulate(adjointSlot(v), contribution, out);
      return;
    }
    Slot adjoint = adjoints.get(v);
    if (adjoint == null) {
      out.statement("double $L = $L", adjointSlot(v), contribution);
    } else if (!liveAdjoints.contains(v)) {
      out.statement("$L = $L", adjoint, contribution);
    } else {
      accumulate(adjoint, contribution, out);
    }
    liveAdjoints.add(v);
  }

  /**
   * The callee's pullback writes seed times its gradient into a per-thread buffer; each entry then
   * flows on into the argument it belongs to.
   */
  private void pullback(CallSite site, Term seed, Map<Object, Term> contributions, Lines out, Variable target) {
    Callee callee = site.call().callee();
    List<Variable> inputs = calleeParameters(site);
    GradientLayout calleeLayout = new GradientLayout(inputs);
    String buffer = names.newName("_pb" + pullbacks++);
    CodeBlock args = CodeBlock.join(site.args().stream().map(Term::code).toList(), ", ");
    out.statement("double[] $L = $L.get($L)", buffer, site.buffer(), calleeLayout.length());
    out.statement("$T.$L($L, $L, $L, 0)", callee.companion(), CalleeResolver.pullbackName(callee.name()),
        args, seed, buffer);
    for (int i = 0; i < site.argsLinear().size(); i++) {
      Linear arg = site.argsLinear().get(i);
      if (arg == null) {
        continue;
      }
      CodeBlock slot = calleeLayout.offset(inputs.get(i));
      if (callee.parameterTypes().get(i) == Type.DOUBLE) {
        propagate(arg, new Term.Verbatim(CodeBlock.of("$L[$L]", buffer, slot), Term.PRIMARY), contributions, out,
            target);
      } else {
        addArrayAdjoint(((Leaf) arg).variable(), buffer, slot, out);
      }
    }
  }

  /** The callee's parameters, named after the arguments so that array lengths read the caller's arrays. */
  private static List<Variable> calleeParameters(CallSite site) {
    List<Variable> parameters = new ArrayList<>();
    Callee callee = site.call().callee();
    List<Type> types = callee.parameterTypes();
    for (int i = 0; i < types.size(); i++) {
      String name = site.call().args().get(i) instanceof Expr.Read r ? r.variable().name() : "_arg" + i;
      parameters.add(new Variable(name, types.get(i), Variable.Kind.PARAMETER, callee.constantParameters().get(i)));
    }
    return parameters;
  }

  private void addArrayAdjoint(Variable array, String buffer, CodeBlock from, Lines out) {
    String i = names.newName("_i");
    CodeBlock source = from.toString().equals("0") ? CodeBlock.of("$L", i) : CodeBlock.of("$L + $L", from, i);
    CodeBlock to = array.isParameter()
        ? CodeBlock.of("$L[$L]", output.array(), layout.slot(output.baseOffset(), array, CodeBlock.of("$L", i)))
        : CodeBlock.of("$L[$L]", adjointSlot(array).name(), i);
    out.add(() -> CodeBlock.builder()
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, array.name(), i)
        .addStatement("$L += $L[$L]", to, buffer, source)
        .endControlFlow()
        .build());
  }

  // ----- the gradient

  private void zeroArraySlices(CodeBlock.Builder body) {
    for (Variable input : layout.inputs()) {
      if (input.type() == Type.DOUBLE_ARRAY) {
        CodeBlock from = layout.slot(output.baseOffset(), input, null);
        CodeBlock to = layout.slot(output.baseOffset(), input, CodeBlock.of("$L.length", input.name()));
        body.addStatement("$T.fill($L, $L, $L, 0.0)", ClassName.get(java.util.Arrays.class),
            output.array(), from, to);
      }
    }
  }

  private void writeScalarGradient(CodeBlock.Builder body) {
    for (Variable input : layout.inputs()) {
      if (input.type() == Type.DOUBLE) {
        CodeBlock slot = layout.slot(output.baseOffset(), input, null);
        Term adjoint = liveAdjoint(input);
        body.addStatement("$L[$L] = $L", output.array(), slot, adjoint == null ? CodeBlock.of("0.0") : adjoint.code());
      }
    }
  }
}
