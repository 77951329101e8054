package io.javagrad.processor.ad;

import static io.javagrad.processor.ir.Exprs.ZERO;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.Exprs;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Forward mode, as a transform of the intermediate form: the method's own statements, in program
 * order, each active assignment preceded by the assignment of its target's tangent ({@code _d_x},
 * a variable of the program like any other), so that branches, loops and arrays need nothing but
 * their tangents: no tape, no reverse sweep. The final return returns the result's tangent.
 *
 * <p>The tangent of an expression comes from {@link Linearization}: at each function, the sum over
 * its operands of the rule's partial ({@link io.javagrad.processor.ir.Primitive}) times the
 * operand's tangent. So that the partials read values rather than compute them again, each
 * function and call on the way is computed once into a local ({@code _t0}), its tangent beside it
 * ({@code _dt0}), and the statement reads the locals; only under an arm of {@code ?:}, which runs
 * under its condition, are partials computed where they are used. A call to another
 * differentiable method runs the callee's own forward mode, its companion's {@code
 * f_valueAndTangent} ({@link #statementsWritingTangent}), for its value and its tangent in one run
 * (so each call runs once, as in the primal, and recursion costs what it costs there); a call to a
 * method with a {@code @DerivativeOf} rule runs the rule, for the value and the gradient, whose
 * product with the arguments' tangents is the call's tangent. In the program that second
 * derivatives differentiate ({@link #directionalBody}) a call is instead the callee's
 * directional function and the call itself, whose values and gradients the reverse sweep takes
 * from one run of the first's pullback.
 */
public final class TangentProgram {
  private final MethodBody method;
  private final Activity activity;
  private final Linearization linearization;
  /** Which callees' code this round writes: where a rule's tangent was made ({@link Callee#tangentOfRule}). */
  private final CalleeActivity callees;
  private final NonFinite nonFinite;
  private final ParameterWrites parameterWrites;
  private final NameAllocator names;
  private final Map<Variable, Variable> tangents = new HashMap<>();
  /** Where the final return writes the result's tangent, returning the value; null to return the tangent. */
  private Variable tangentInto;
  /**
   * The one-element array that callees' f_valueAndTangent write their tangents into, each read at
   * once: the program's own {@link #tangentInto}, which it writes only at its return, or else one
   * made per run; null until a call needs it.
   */
  private Variable calleeTangent;
  /**
   * Whether the program is to be differentiated in its turn ({@link #directionalBody}): calls
   * to {@code @DerivativeOf} rules run the rules' tangents ({@link Callee#tangentOfRule}), partials
   * take their differentiable form ({@code pow}'s), and tangents are copies, since the reverse
   * sweep knows nodes by identity.
   */
  private boolean differentiable;
  /**
   * In the directional body, the local that holds the method's value at its return, which returns
   * the tangent: its pullback gives the value too, after the gradient ({@link Expr.Invoke#primalCall}).
   */
  private Variable primalValue;
  private int temps;

  /**
   * @param names the entry point's name allocator, seeded with every identifier of the user's
   * @param callees which parameters of the method's callees their gradients reach
   */
  public TangentProgram(MethodBody method, Activity activity, CalleeActivity callees, NameAllocator names) {
    this.method = method;
    this.activity = activity;
    this.linearization = new Linearization(activity, callees);
    this.callees = callees;
    this.nonFinite = NonFinite.of(method);
    this.parameterWrites = ParameterWrites.of(method, names);
    this.names = names;
  }

  /** The tangent of a differentiated input, or null where none reaches the result; it starts as its share of the direction. */
  public Variable tangentOf(Variable parameter) {
    return tangent(parameter);
  }

  /** The method's statements with their tangents; the final return returns the result's tangent. */
  public List<Stmt> statements() {
    return withCalleeTangent(sequence(method.statements()));
  }

  /**
   * As {@link #statements}, but the final return returns the value and writes the tangent into
   * {@code into[0]}: the method's {@code f_valueAndTangent} ({@link #valueAndTangentName}), which
   * {@code f_tangent} and callers' forward modes run.
   */
  public List<Stmt> statementsWritingTangent(Variable into) {
    tangentInto = into;
    return withCalleeTangent(sequence(method.statements()));
  }

  /** {@code statements}, after the declaration of the array callees write their tangents into, where one is made. */
  private List<Stmt> withCalleeTangent(List<Stmt> statements) {
    if (calleeTangent == null || calleeTangent == tangentInto) {
      return statements;
    }
    List<Stmt> all = new ArrayList<>();
    all.add(new Stmt.Declare(calleeTangent, new Expr.NewArray(intConstant(1)), ""));
    all.addAll(statements);
    return all;
  }

  /**
   * The tangent program as a method of the intermediate form, {@code double f_directional(args...,
   * tangents...)}: the method's parameters, then a tangent parameter for each differentiated input,
   * in order, of the input's type (one whose derivative does not reach the result still takes its
   * place); it returns the derivative along the tangents. Being a method like any other, the
   * reverse sweep differentiates it: its gradient is the Hessian times the tangents, in the
   * parameters' slots, and the gradient itself, in the tangents' (reverse over forward); its
   * pullback also writes the method's value, held in {@link #primalValue}, in the slot after them. A
   * call to another differentiable method is a call to its directional function ({@link
   * #directionalName}) for its tangent and one for its value, which the first's pullback gives.
   *
   * @throws SecondOrderUnsupported where the method calls a method with a {@code @DerivativeOf}
   *     rule whose tangent this round could not make, or a helper through recorded calls
   */
  public MethodBody directionalBody(ClassName owner, String name) {
    Statements.expressionsIn(method.statements()).stream().flatMap(Expressions::preorder)
        .filter(e -> e instanceof Expr.Invoke call && call.callee().returnsArray())
        .findFirst()
        .ifPresent(call -> {
          throw SecondOrderUnsupported.recordedCall(((Expr.Invoke) call).callee());
        });
    differentiable = true;
    List<Variable> tangentParameters = tangentParameters(method, names);
    List<Variable> inputs = new GradientLayout(method.parameters()).inputs();
    for (int i = 0; i < inputs.size(); i++) {
      if (activity.isActive(inputs.get(i))) {
        tangents.put(inputs.get(i), tangentParameters.get(i));
      }
    }
    List<Variable> parameters = new ArrayList<>(method.parameters());
    parameters.addAll(tangentParameters);
    List<Stmt> statements = sequence(method.statements());
    // Every name the program uses is the user's or one of its parameters or locals, so that an
    // entry point differentiating it allocates none of them again.
    Set<String> identifiers = new HashSet<>(method.identifiers());
    parameters.forEach(p -> identifiers.add(p.name()));
    Statements.all(statements).forEach(s -> {
      if (s instanceof Stmt.Declare d) {
        identifiers.add(d.variable().name());
      } else if (s instanceof Stmt.CountedLoop loop) {
        identifiers.add(loop.counter().name());
      }
    });
    return new MethodBody(owner, name, parameters, statements, identifiers, method.callees());
  }


  /**
   * The local of {@link #directionalBody} that holds the method's value where it returns the
   * tangent, which its pullback writes after the gradient; null before it is built, or for a body
   * that always throws.
   */
  public Variable primalValue() {
    return primalValue;
  }

  /**
   * The tangent parameters of {@code method}'s directional function: one for each differentiated
   * input, in order, of its type, named {@code _d_x} for the input {@code x}.
   */
  public static List<Variable> tangentParameters(MethodBody method, NameAllocator names) {
    return new GradientLayout(method.parameters()).inputs().stream()
        .map(p -> new Variable(names.newName("_d_" + p.name()), p.type(), Variable.Kind.PARAMETER))
        .toList();
  }

  /** The name of the directional function of the entry {@code entry} ({@link #directionalBody}). */
  public static String directionalName(String entry) {
    return entry + "_directional";
  }

  /**
   * The name of the companion's entry {@code double f_valueAndTangent(args..., tangents..., double[]
   * tangent)}: a tangent parameter for each differentiated input, in order, of the input's type;
   * it returns the value and writes the derivative along those tangents into {@code tangent[0]}.
   */
  public static String valueAndTangentName(String entry) {
    return entry + "_valueAndTangent";
  }

  /** As the gradient entry does: refuses a written parameter array passed as another parameter too. */
  public void requireDistinct(CodeBlock.Builder code) {
    parameterWrites.requireDistinct(code);
  }

  /** As {@link #requireDistinct(CodeBlock.Builder)}, for an entry that runs {@code method}'s directional function. */
  public static void requireDistinct(MethodBody method, NameAllocator names, CodeBlock.Builder code) {
    ParameterWrites.of(method, names).requireDistinct(code);
  }

  /** The variable holding {@code v}'s tangent, made at its first use; null where no derivative flows to the result. */
  private Variable tangent(Variable v) {
    if (!v.type().isDifferentiable() || !activity.isActive(v)) {
      return null;
    }
    return tangents.computeIfAbsent(v, x -> new Variable(names.newName("_d_" + x.name()), x.type(),
        Variable.Kind.LOCAL));
  }

  private Variable local(String prefix, Type type) {
    return new Variable(names.newName(prefix + temps++), type, Variable.Kind.LOCAL);
  }

  private List<Stmt> sequence(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    statements.forEach(s -> out.addAll(statement(s)));
    return out;
  }

  private List<Stmt> statement(Stmt s) {
    if (s instanceof Stmt.If branch) {
      return List.of(new Stmt.If(branch.condition(), sequence(branch.then()), sequence(branch.otherwise()),
          branch.source()));
    }
    if (s instanceof Stmt.Loop loop) {
      return List.of(new Stmt.Loop(loop.condition(), loop.testFirst(), sequence(loop.body()), sequence(loop.update()),
          loop.source()));
    }
    if (s instanceof Stmt.CountedLoop loop) {
      return List.of(new Stmt.CountedLoop(loop.counter(), loop.from(), loop.condition(), loop.bound(),
          loop.inclusive(), sequence(loop.body()), loop.source()));
    }
    if (s instanceof Stmt.RowStore store) {
      Variable d = tangent(store.matrix());
      if (d == null) {
        return List.of(s);
      }
      // m[i] = a shares a's tangent too; a new row, or a row from an array without one, is zeros.
      Expr along = arrayTangent(store.value());
      Expr rowTangent = along != null ? along : new Expr.NewArray(new Expr.Length(store.matrix(), store.row()));
      return List.of(s, new Stmt.RowStore(d, store.row(), rowTangent, store.source()));
    }
    if (s instanceof Stmt.Declare d && d.variable().isCapture()) {
      // Only a lambda of code run as written reads it.
      return List.of(s);
    }
    if (s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayStore
        || s instanceof Stmt.Return) {
      boolean array = s.target() != null && s.target().type().isDoubleArray() && !(s instanceof Stmt.ArrayStore);
      return array ? arrayAssignment(s) : assignment(s);
    }
    // Code run as written, a lambda's capture: no derivative flows through them.
    return List.of(s);
  }

  /** {@code v = e}, {@code a[i] = e}, {@code return e}: the tangent's assignment, then the statement. */
  private List<Stmt> assignment(Stmt s) {
    Variable d = s.target() == null ? null : tangent(s.target());
    if (!(s instanceof Stmt.Return) && d == null) {
      return List.of(s);
    }
    List<Stmt> out = new ArrayList<>();
    Expr value = s.value();
    Expr primal = value;
    Expr tangent = value == null ? null : ZERO;
    if (value != null && activity.isVaried(value)) {
      Hoisting hoisting = new Hoisting(out);
      tangent = linearization.of(value, hoisting);
      primal = hoisting.rebuilt(value);
      if (differentiable) {
        // Under ?: a partial reads the statement's own nodes: the reverse sweep, which keeps a
        // node's value where its statement computes it, must see two statements' nodes as two
        // (so must a tangent held in a local ahead of the statement: shared).
        tangent = Expressions.copy(tangent);
      }
    }
    if (s instanceof Stmt.Return r && tangentInto != null) {
      out.add(new Stmt.ArrayStore(tangentInto, intConstant(0), tangent, r.source()));
      out.add(new Stmt.Return(primal, r.source()));
    } else if (s instanceof Stmt.Return r) {
      if (differentiable) {
        primalValue = local("_value", Type.DOUBLE);
        out.add(new Stmt.Declare(primalValue, primal, r.source()));
      }
      out.add(new Stmt.Return(tangent, r.source()));
    } else if (s instanceof Stmt.Declare declare) {
      out.add(new Stmt.Declare(d, tangent, declare.source()));
      out.add(new Stmt.Declare(declare.variable(), primal, declare.source()));
    } else if (s instanceof Stmt.Assign assign) {
      out.add(new Stmt.Assign(d, tangent, assign.source()));
      out.add(new Stmt.Assign(assign.variable(), primal, assign.source()));
    } else {
      Stmt.ArrayStore store = (Stmt.ArrayStore) s;
      out.add(new Stmt.ArrayStore(d, store.row(), store.index(), tangent, store.source()));
      out.add(new Stmt.ArrayStore(store.array(), store.row(), store.index(), primal, store.source()));
    }
    return out;
  }

  /**
   * {@code a = b}, {@code a = new double[n]}, {@code double[] a = ...}: the tangent goes along, the
   * same array for an alias, a new one of zeros for a new array or a value without derivative.
   */
  private List<Stmt> arrayAssignment(Stmt s) {
    Variable a = s.target();
    Variable d = tangent(a);
    if (d == null) {
      return List.of(s);
    }
    if (s.value() instanceof Expr.Invoke call && call.callee().returnsArray()) {
      return recordedCall(s, call, d);
    }
    Expr along = s.value() == null ? null : arrayTangent(s.value());
    if (along != null || s.value() == null) {
      return List.of(assign(s, d, along), s);
    }
    return List.of(s, assign(s, d, zerosLike(new Expr.Read(a))));
  }

  /**
   * {@code double[] a = h(args...)}, a call of a helper returning an array that the reverse sweep
   * goes through by recorded calls ({@link Callee#arrayHelper}): forward mode records nothing, it
   * runs the helper's own forward mode, {@code h_valueAndTangent}, given the arguments' tangents
   * (zeros for an argument without one), which returns the value and gives the value's tangent in
   * the one row of a holder: each level runs once, as in the primal.
   */
  private List<Stmt> recordedCall(Stmt s, Expr.Invoke call, Variable d) {
    List<Stmt> out = new ArrayList<>();
    Callee callee = call.callee();
    List<Expr> entryArgs = new ArrayList<>(call.args());
    for (int i = 0; i < call.args().size(); i++) {
      if (callee.isDifferentiated(i)) {
        Expr arg = call.args().get(i);
        Expr along = !activity.isVaried(arg) ? null
            : arg.type().isDoubleArray() ? arrayTangent(arg) : linearization.of(arg, new Hoisting(out));
        entryArgs.add(along != null ? along : zerosLike(arg));
      }
    }
    Variable holder = new Variable(names.newName("_out_" + s.target().name()), Type.DOUBLE_MATRIX,
        Variable.Kind.LOCAL);
    out.add(new Stmt.Declare(holder, new Expr.NewArray(intConstant(1), null, true), ""));
    entryArgs.add(new Expr.Read(holder));
    out.add(assign(s, s.target(), helperCall(callee.companion(), valueAndTangentName(callee.entry()), entryArgs)));
    Expr.Opaque row = new Expr.Opaque(Type.DOUBLE_ARRAY, List.of(CodeBlock.of(""), CodeBlock.of("[0]")),
        List.of(new Expr.Read(holder)), true, Term.PRIMARY, holder.name() + "[0]");
    out.add(assign(s, d, row));
    return out;
  }

  /** The tangent of an array value, where it is another array's or a new array; else null. */
  private Expr arrayTangent(Expr value) {
    if (value instanceof Expr.Read r) {
      Variable d = tangent(r.variable());
      return d == null ? null : new Expr.Read(d);
    }
    if (value instanceof Expr.NewArray n) {
      return copy(n);
    }
    if (value instanceof Expr.Conditional c) {
      Expr ifTrue = arrayTangent(c.ifTrue());
      Expr ifFalse = arrayTangent(c.ifFalse());
      return ifTrue == null || ifFalse == null ? null : new Expr.Conditional(c.condition(), ifTrue, ifFalse, c.type());
    }
    return null;
  }

  /** A tangent of zeros for {@code value}, a variable's value: 0, or an array of zeros of its shape. */
  private static Expr zerosLike(Expr value) {
    if (value.type() == Type.DOUBLE) {
      return ZERO;
    }
    return value.type() == Type.DOUBLE_ARRAY ? new Expr.NewArray(new Expr.Length(((Expr.Read) value).variable()))
        : helperCall(RuntimeTypes.ROWS, "zerosLike", List.of(value));
  }

  private static Expr.NewArray copy(Expr.NewArray n) {
    return new Expr.NewArray(n.length(), n.columns(), n.matrix());
  }

  /** {@code s}'s kind of assignment, of {@code value} to {@code d}. */
  private static Stmt assign(Stmt s, Variable d, Expr value) {
    return s instanceof Stmt.Declare ? new Stmt.Declare(d, value, s.source()) : new Stmt.Assign(d, value, s.source());
  }

  /**
   * A call of a static method that generated code calls, a rule or a runtime helper, through whose
   * arguments no derivative flows: its parameters are those of the arguments, each constant, as
   * {@link Activity} reads them where the program is differentiated in its turn.
   */
  private static Expr.Invoke helperCall(ClassName owner, String name, List<Expr> args) {
    List<Type> types = args.stream().map(Expr::type).toList();
    Callee callee = new Callee(owner, name, types, types.stream().map(t -> true).toList(), owner, owner, name, null);
    return new Expr.Invoke(callee, args);
  }

  private static Expr intConstant(int value) {
    return new Expr.Constant(Type.INT, value, CodeBlock.of("$L", value));
  }

  /** {@code a + b} in int arithmetic, without adding a 0. */
  private static Expr intSum(Expr a, Expr b) {
    if (a instanceof Expr.Constant c && c.value() == 0) {
      return b;
    }
    return b instanceof Expr.Constant c && c.value() == 0 ? a : new Expr.IntegralOp("+", a, b, Type.INT);
  }

  /**
   * The tangent of one statement's value, adding to {@code out} the locals that hold the values of
   * its functions and calls, and their tangents, in the order Java computes them.
   */
  private final class Hoisting implements Linearization.Builder<Expr> {
    private final List<Stmt> out;
    /** The local that holds each node computed ahead of the statement. */
    private final Map<Expr, Expr> held = new IdentityHashMap<>();
    /** How many arms of {@code ?:} enclose the node being differentiated. */
    private int conditionalDepth;

    Hoisting(List<Stmt> out) {
      this.out = out;
    }

    /**
     * {@code e} as the statement reads it: the local that holds it, or, for a function whose
     * operands are held, the function of those locals; only functions can hold held nodes, since
     * nothing is held under {@code ?:} and a call is always held.
     */
    Expr rebuilt(Expr e) {
      if (held.containsKey(e)) {
        return held.get(e);
      }
      if (e instanceof Expr.Apply a) {
        return new Expr.Apply(a.primitive(), a.args().stream().map(this::rebuilt).toList(), a.owner());
      }
      return e;
    }

    /** An operand a partial reads: from a local, computed into one unless reading it again is free. */
    private Expr operand(Expr e) {
      if (held.containsKey(e)) {
        return held.get(e);
      }
      if (ReverseSweep.isRereadable(e) && !Statements.runsOnce(e)) {
        return e;
      }
      return hold(e);
    }

    /** Computes {@code node} into a local ahead of the statement; the statement and the partials read the local. */
    private Expr hold(Expr node) {
      Variable local = local("_t", node.type());
      out.add(new Stmt.Declare(local, rebuilt(node), ""));
      Expr read = new Expr.Read(local);
      held.put(node, read);
      return read;
    }

    /** A tangent read twice, computed once into a local unless reading it is free. */
    private Expr shared(Expr tangent) {
      if (tangent instanceof Expr.Read || tangent instanceof Expr.ElementRead || Exprs.number(tangent) != null) {
        return tangent;
      }
      Variable local = local("_dt", Type.DOUBLE);
      out.add(new Stmt.Declare(local, differentiable ? Expressions.copy(tangent) : tangent, ""));
      return new Expr.Read(local);
    }

    @Override
    public Expr variable(Expr.Read read) {
      return new Expr.Read(tangent(read.variable()));
    }

    @Override
    public Expr element(Expr.ElementRead read) {
      return new Expr.ElementRead(tangent(read.array()), read.row(), read.index());
    }

    @Override
    public Expr conditional(Expr.Conditional c, Supplier<Expr> ifTrue, Supplier<Expr> ifFalse) {
      conditionalDepth++;
      Expr whenTrue = ifTrue.get();
      Expr whenFalse = ifFalse.get();
      conditionalDepth--;
      return Exprs.select(c.condition(), whenTrue == null ? ZERO : whenTrue, whenFalse == null ? ZERO : whenFalse);
    }

    @Override
    public Expr apply(Expr.Apply a, List<Expr> operandTangents) {
      boolean singular = nonFinite.partialsMayBe(a);
      List<Expr> operands = a.args();
      Expr result = a;
      if (conditionalDepth == 0) {
        // Held, what the partials read: the operands and the result that are not free to read again.
        List<Expr> partials = new ArrayList<>();
        for (int i = 0; i < operandTangents.size(); i++) {
          partials.add(operandTangents.get(i) == null ? ZERO : partial(a, i, a.args(), a));
        }
        Set<Expr> read = readBy(partials, a);
        operands = a.args().stream().map(arg -> read.contains(arg) ? operand(arg) : arg).toList();
        result = read.contains(a) ? hold(a) : a;
      }
      Expr tangent = ZERO;
      for (int i = 0; i < operandTangents.size(); i++) {
        Expr operandTangent = operandTangents.get(i);
        if (operandTangent != null) {
          Expr partial = partial(a, i, operands, result);
          tangent = Exprs.add(tangent, times(partial, operandTangent, singular));
        }
      }
      return tangent;
    }

    /** The rule's partial, in the form that can be differentiated again where the program will be. */
    private Expr partial(Expr.Apply a, int index, List<Expr> operands, Expr result) {
      return differentiable ? a.primitive().differentiablePartial(index, operands, result)
          : a.primitive().partial(index, operands, result);
    }

    /** The operands of {@code a}, and {@code a} itself, that {@code partials} read. */
    private static Set<Expr> readBy(List<Expr> partials, Expr.Apply a) {
      Set<Expr> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
      nodes.addAll(a.args());
      nodes.add(a);
      Set<Expr> read = Collections.newSetFromMap(new IdentityHashMap<>());
      // The rule's own nodes are new; below an operand, nothing is the rule's.
      partials.forEach(partial -> Expressions.preorder(partial, n -> nodes.contains(n) ? List.of() : Statements.operands(n))
          .filter(nodes::contains).forEach(read::add));
      return read;
    }

    /**
     * {@code partial * tangent}; where the partial may be infinite or NaN, 0 where the tangent is:
     * the contract's zero-adjoint rule, as the reverse sweep applies it.
     */
    private Expr times(Expr partial, Expr tangent, boolean singular) {
      return singular ? Exprs.strongZeroTimes(tangent, partial) : Exprs.mul(partial, tangent);
    }

    @Override
    public Expr call(Expr.Invoke call, List<Expr> argumentTangents) {
      if (conditionalDepth > 0) {
        throw new IllegalStateException("a call in an arm of ?: reached forward mode; the front end keeps"
            + " such a call in a local, in a branch of its own");
      }
      Callee callee = call.callee();
      List<Expr> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        // An array argument is read from a variable, whose length counts its slots.
        boolean inPlace = held.containsKey(arg) || arg instanceof Expr.Read
            || !arg.type().isDoubleArray() && ReverseSweep.isRereadable(arg) && !Statements.runsOnce(arg);
        args.add(inPlace ? rebuilt(arg) : hold(arg));
      }
      if (differentiable && callee.rules() != null) {
        return throughRuleTangent(call, args, argumentTangents);
      }
      if (callee.rules() == null) {
        return differentiable ? throughDirectional(call, args, argumentTangents)
            : throughTangentEntry(call, args, argumentTangents);
      }
      // A @DerivativeOf rule gives the value and the gradient: the tangent is their product with the arguments'.
      Variable gradient = local("_g", Type.DOUBLE_ARRAY);
      out.add(new Stmt.Declare(gradient, new Expr.NewArray(slotsBefore(callee, args, args.size())), ""));
      List<Expr> ruleArgs = new ArrayList<>(args);
      ruleArgs.add(new Expr.Read(gradient));
      Variable value = local("_t", Type.DOUBLE);
      out.add(new Stmt.Declare(value, helperCall(callee.rules(), callee.name(), ruleArgs), ""));
      held.put(call, new Expr.Read(value));
      Expr scalarShares = ZERO;
      for (int i = 0; i < args.size(); i++) {
        if (argumentTangents.get(i) != null && args.get(i).type() == Type.DOUBLE) {
          Expr slot = new Expr.ElementRead(gradient, slotsBefore(callee, args, i));
          scalarShares = Exprs.add(scalarShares, times(slot, argumentTangents.get(i), true));
        }
      }
      Variable tangent = local("_dt", Type.DOUBLE);
      out.add(new Stmt.Declare(tangent, scalarShares, ""));
      for (int i = 0; i < args.size(); i++) {
        if (argumentTangents.get(i) != null && args.get(i).type().isDoubleArray()) {
          addShare(tangent, gradient, slotsBefore(callee, args, i), args.get(i), argumentTangents.get(i));
        }
      }
      return new Expr.Read(tangent);
    }

    /**
     * A call to a {@code @Differentiable} method or a helper: its companion's {@code
     * f_valueAndTangent} runs the callee's own forward mode with the arguments' tangents (zeros
     * for an argument without one), for the value and the tangent in one run; the tangent comes
     * back in the run's one-element array.
     */
    private Expr throughTangentEntry(Expr.Invoke call, List<Expr> args, List<Expr> argumentTangents) {
      Callee callee = call.callee();
      if (calleeTangent == null) {
        calleeTangent = tangentInto != null ? tangentInto : local("_out", Type.DOUBLE_ARRAY);
      }
      List<Expr> entryArgs = new ArrayList<>(args);
      for (int i = 0; i < args.size(); i++) {
        if (callee.isDifferentiated(i)) {
          entryArgs.add(argumentTangents.get(i) != null ? argumentTangents.get(i) : zerosLike(args.get(i)));
        }
      }
      entryArgs.add(new Expr.Read(calleeTangent));
      Variable value = local("_t", Type.DOUBLE);
      out.add(new Stmt.Declare(value, helperCall(callee.companion(), valueAndTangentName(callee.entry()), entryArgs),
          ""));
      held.put(call, new Expr.Read(value));
      Variable tangent = local("_dt", Type.DOUBLE);
      out.add(new Stmt.Declare(tangent, new Expr.ElementRead(calleeTangent, intConstant(0)), ""));
      return new Expr.Read(tangent);
    }

    /**
     * A call in a program to be differentiated: the callee's directional function ({@link
     * #directionalName}) for its tangent, the arguments' tangents in (zeros for an argument without
     * one, held in a local as an array argument must be), then the call itself for its value. The
     * reverse sweep takes the first through its pullback, which gives the value and the callee's
     * gradient too ({@link Expr.Invoke#primalCall}), so that a recursion runs each level once.
     */
    private Expr throughDirectional(Expr.Invoke call, List<Expr> args, List<Expr> argumentTangents) {
      Callee callee = call.callee();
      List<Expr> entryArgs = new ArrayList<>(args);
      List<Type> types = new ArrayList<>(callee.parameterTypes());
      List<Boolean> constants = new ArrayList<>(callee.constantParameters());
      for (int i = 0; i < args.size(); i++) {
        if (!callee.isDifferentiated(i)) {
          continue;
        }
        Expr tangent = argumentTangents.get(i);
        Type type = callee.parameterTypes().get(i);
        if (tangent == null && type.isDoubleArray()) {
          Variable zeros = local("_z", type);
          out.add(new Stmt.Declare(zeros, zerosLike(args.get(i)), ""));
          tangent = new Expr.Read(zeros);
        }
        entryArgs.add(tangent == null ? ZERO : type.isDoubleArray() ? tangent : shared(tangent));
        types.add(type);
        constants.add(false);
      }
      String name = directionalName(callee.entry());
      Callee directional = new Callee(callee.companion(), name, types, constants, callee.companion(),
          callee.companion(), name, null);
      Expr.Invoke primalCall = new Expr.Invoke(callee, args);
      Variable tangent = local("_dt", Type.DOUBLE);
      out.add(new Stmt.Declare(tangent, new Expr.Invoke(directional, entryArgs, primalCall), ""));
      Variable value = local("_t", Type.DOUBLE);
      out.add(new Stmt.Declare(value, primalCall, ""));
      held.put(call, new Expr.Read(value));
      return new Expr.Read(tangent);
    }

    /**
     * A call of a method with a {@code @DerivativeOf} rule in a program to be differentiated: the
     * rule's tangent ({@link Callee#tangentOfRule}), given the arguments and their tangents, for the
     * tangent, which the reverse sweep differentiates through its pullback (the rule's gradient
     * differentiated once more), then the call for its value, through the rule.
     *
     * @throws SecondOrderUnsupported where this round could not make the rule's tangent
     */
    private Expr throughRuleTangent(Expr.Invoke call, List<Expr> args, List<Expr> argumentTangents) {
      Callee callee = call.callee();
      Callee tangentOfRule = callees.ruleTangent(callee.tangentOfRule());
      String whyNot = callees.whyNotWritten(tangentOfRule);
      if (whyNot != null) {
        throw new SecondOrderUnsupported(callee, whyNot);
      }
      List<Expr> entryArgs = new ArrayList<>(args);
      argumentTangents.forEach(t -> entryArgs.add(t == null ? ZERO : shared(t)));
      Variable tangent = local("_dt", Type.DOUBLE);
      out.add(new Stmt.Declare(tangent, new Expr.Invoke(tangentOfRule, entryArgs), ""));
      Variable value = local("_t", Type.DOUBLE);
      out.add(new Stmt.Declare(value, new Expr.Invoke(callee, args), ""));
      held.put(call, new Expr.Read(value));
      return new Expr.Read(tangent);
    }

    /** The callee's gradient slots of its parameters before parameter {@code end}, as an int expression. */
    private Expr slotsBefore(Callee callee, List<Expr> args, int end) {
      int scalars = 0;
      Expr arrays = intConstant(0);
      for (int i = 0; i < end; i++) {
        if (!callee.isDifferentiated(i)) {
          continue;
        }
        Type type = callee.parameterTypes().get(i);
        Variable array = type.isDoubleArray() ? ((Expr.Read) args.get(i)).variable() : null;
        if (type == Type.DOUBLE) {
          scalars++;
        } else if (type == Type.DOUBLE_ARRAY) {
          arrays = intSum(arrays, new Expr.Length(array));
        } else {
          arrays = intSum(arrays, helperCall(RuntimeTypes.ROWS, "count", List.of(new Expr.Read(array))));
        }
      }
      return intSum(intConstant(scalars), arrays);
    }

    /** Adds to {@code tangent} an array argument's share: the gradient's slots from {@code from} on times its tangent. */
    private void addShare(Variable tangent, Variable gradient, Expr from, Expr arg, Expr argTangent) {
      Expr sum = new Expr.Read(tangent);
      Variable array = ((Expr.Read) arg).variable();
      Variable dArray = ((Expr.Read) argTangent).variable();
      Variable slot = local("_o", Type.INT);
      out.add(new Stmt.Declare(slot, from, ""));
      Variable j = local("_j", Type.INT);
      Variable row = array.type() == Type.DOUBLE_MATRIX ? local("_r", Type.INT) : null;
      Expr length = row == null ? new Expr.Length(array) : new Expr.Length(array, new Expr.Read(row));
      Expr element = new Expr.ElementRead(dArray, row == null ? null : new Expr.Read(row), new Expr.Read(j));
      List<Stmt> body = List.of(
          new Stmt.Assign(tangent, Exprs.add(sum, times(new Expr.ElementRead(gradient, new Expr.Read(slot)), element,
              true)), ""),
          new Stmt.Assign(slot, intSum(new Expr.Read(slot), intConstant(1)), ""));
      Stmt loop = countedLoop(j, length, body);
      out.add(row == null ? loop : countedLoop(row, new Expr.Length(array), List.of(loop)));
    }

    /** {@code for (int counter = 0; counter < bound; counter++) body}. */
    private Stmt countedLoop(Variable counter, Expr bound, List<Stmt> body) {
      return new Stmt.CountedLoop(counter, intConstant(0), new Expr.Compare("<", new Expr.Read(counter), bound), bound,
          false, body, "");
    }
  }
}
