package io.javagrad.processor.ad;

import static io.javagrad.processor.term.Terms.mul;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Primitive;
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
 * point, straight-line Java in two sweeps.
 *
 * <p>The forward sweep is the user's statements, with two additions, both made on demand: a
 * subexpression whose value a derivative rule reads is <em>kept</em> in a local ({@code _t0}), and
 * a variable's old value that the reverse sweep reads is <em>saved</em> before the variable is
 * overwritten. Nothing else is kept.
 *
 * <p>The reverse sweep visits the active statements backwards. Each takes its target's adjoint as
 * the seed and pushes it down the expression tree, multiplying by each operand's partial
 * derivative ({@link Primitive}), and adds what reaches a variable into that variable's adjoint
 * ({@code _d_x}), declared at its first contribution. Terms fold as they are built, so seeds of 1
 * and zero partials leave no trace. Calls to other differentiable methods go through their
 * companions' pullbacks.
 */
public final class ReverseSweep {

  /** Where the sweep writes the gradient, and what seeds it. */
  public interface Output {
    /** The adjoint of the result: 1 for a gradient, the caller's seed for a pullback. */
    Term seed();

    /** The array that receives the gradient, in the method's layout, and the base offset in it (null for 0). */
    CodeBlock array();

    CodeBlock baseOffset();
  }

  /** A per-call-site buffer the companion declares, through which a callee's pullback answers. */
  public record PullbackBuffer(String field, Callee callee) {}

  /** How a value reaches the variables it was computed from. */
  private sealed interface Linear {}

  private record Leaf(Variable variable) implements Linear {}

  private record Element(Variable array, Term index) implements Linear {}

  private record Edge(Term partial, Linear child) {}

  private record Node(List<Edge> edges) implements Linear {}

  private record CallSite(Expr.Invoke call, List<Term> args, List<Linear> argsLinear, String buffer) implements Linear {}

  /** An active statement, ready for its reverse block. */
  private record Block(Stmt statement, Variable target, Linear linear) {}

  private final MethodBody method;
  private final Activity activity;
  private final NameAllocator names;
  private final Output output;
  private final GradientLayout layout;
  private final Supplier<String> bufferFields;
  private final List<PullbackBuffer> buffers = new ArrayList<>();

  private final List<Supplier<CodeBlock>> forward = new ArrayList<>();
  private final List<Supplier<CodeBlock>> reverse = new ArrayList<>();
  private final Map<Variable, Slot> versions = new HashMap<>();
  private final Set<Slot> readByReverse = new HashSet<>();
  private final Map<Expr, Slot> keptNodes = new IdentityHashMap<>();
  private final Map<Variable, Slot> adjoints = new HashMap<>();
  private final Set<Variable> liveAdjoints = new HashSet<>();
  private final ExprTerms primal;
  private final ExprTerms reread;
  private int temps;
  private int partialAdjoints;
  private int pullbacks;
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
    this.primal = new ExprTerms(v -> new Term.Verbatim(CodeBlock.of("$L", v.name()), Term.PRIMARY), this::kept);
    this.reread = new ExprTerms(this::version, this::kept);
  }

  /** The buffers the generated body uses; the companion declares one static field each. */
  public List<PullbackBuffer> buffers() {
    return buffers;
  }

  /** The statements of the body, after the parameter checks. */
  public CodeBlock body() {
    for (Variable p : method.parameters()) {
      versions.put(p, new Slot(p.name()));
    }
    List<Block> blocks = new ArrayList<>();
    String valueName = names.newName("_value");
    for (Stmt s : method.statements()) {
      blocks.add(forwardStatement(s, valueName));
    }
    for (int i = blocks.size() - 1; i >= 0; i--) {
      if (blocks.get(i) != null) {
        reverseBlock(blocks.get(i));
      }
    }
    CodeBlock.Builder body = CodeBlock.builder();
    zeroArraySlices(body);
    forward.forEach(line -> body.add(line.get()));
    reverse.forEach(line -> body.add(line.get()));
    writeScalarGradient(body);
    return body.addStatement("return $L", valueName).build();
  }

  // ----- forward sweep

  private Block forwardStatement(Stmt s, String valueName) {
    if (s instanceof Stmt.Return r) {
      // Should a rule keep the result itself (exp, tanh), the kept local is the result.
      resultName = valueName;
      resultExpr = r.value();
    }
    Linear linear = activity.isActive(s) ? linearize(valueOf(s)) : null;
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      CodeBlock init = d.init() == null ? null : primal.of(d.init()).code();
      forward.add(() -> init == null
          ? CodeBlock.builder().addStatement("$L $L", v.type().javaName(), v.name()).build()
          : CodeBlock.builder().addStatement("$L $L = $L", v.type().javaName(), v.name(), init).build());
      versions.put(v, new Slot(v.name()));
      return linear == null ? null : new Block(s, v, linear);
    }
    if (s instanceof Stmt.Assign a) {
      Variable v = a.variable();
      CodeBlock value = primal.of(a.value()).code();
      saveIfReadByReverse(v);
      forward.add(() -> CodeBlock.builder().addStatement("$L = $L", v.name(), value).build());
      versions.put(v, new Slot(v.name()));
      return linear == null ? null : new Block(s, v, linear);
    }
    Stmt.Return r = (Stmt.Return) s;
    if (!keptNodes.containsKey(r.value())) {
      CodeBlock value = primal.of(r.value()).code();
      forward.add(() -> CodeBlock.builder().addStatement("double $L = $L", valueName, value).build());
    }
    return linear == null ? null : new Block(s, null, linear);
  }

  /** Before {@code v} is overwritten: if the reverse sweep reads its old value, keep a copy. */
  private void saveIfReadByReverse(Variable v) {
    Slot old = versions.get(v);
    if (readByReverse.contains(old)) {
      String saved = names.newName("_t" + temps++);
      forward.add(() -> CodeBlock.builder().addStatement("$L $L = $L", v.type().javaName(), saved, v.name()).build());
      old.rename(saved);
    }
  }

  private static Expr valueOf(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    return s instanceof Stmt.Assign a ? a.value() : ((Stmt.Return) s).value();
  }

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
    List<Linear> children = call.args().stream().map(this::linearize).toList();
    List<Term> args = call.args().stream().map(arg -> operand(arg).value()).toList();
    String field = bufferFields.get();
    buffers.add(new PullbackBuffer(field, call.callee()));
    return new CallSite(call, args, children, field);
  }

  /** A value that a partial may read: asking for it keeps it (or rereads it, if that is free). */
  private Primitive.Operand operand(Expr e) {
    return () -> isRereadable(e) ? reread.of(e) : keep(e);
  }

  /** Whether the reverse sweep can compute {@code e} again as cheaply as it can read a local. */
  private static boolean isRereadable(Expr e) {
    if (e instanceof Expr.Constant || e instanceof Expr.Read || e instanceof Expr.Length) {
      return true;
    }
    if (e instanceof Expr.ElementRead r) {
      return isRereadable(r.index());
    }
    if (e instanceof Expr.Widen w) {
      return isRereadable(w.operand());
    }
    if (e instanceof Expr.IntegralOp op) {
      return (op.left() == null || isRereadable(op.left())) && isRereadable(op.right());
    }
    return false;
  }

  private Term keep(Expr e) {
    Slot slot = keptNodes.get(e);
    if (slot == null) {
      CodeBlock value = primal.of(e).code();
      slot = new Slot(e == resultExpr ? resultName : names.newName("_t" + temps++));
      String name = slot.name();
      forward.add(() -> CodeBlock.builder().addStatement("double $L = $L", name, value).build());
      keptNodes.put(e, slot);
    }
    return slot.ref();
  }

  private Term kept(Expr e) {
    Slot slot = keptNodes.get(e);
    return slot == null ? null : slot.ref();
  }

  /** The value {@code v} has here, as the reverse sweep will read it. */
  private Term version(Variable v) {
    Slot slot = versions.get(v);
    readByReverse.add(slot);
    return slot.ref();
  }

  // ----- reverse sweep

  private void reverseBlock(Block block) {
    Term seed = block.target == null ? output.seed() : liveAdjoint(block.target);
    if (seed == null) {
      return;
    }
    int start = reverse.size();
    Map<Variable, Term> contributions = new LinkedHashMap<>();
    propagate(block.linear, seed, contributions);
    // The target's own adjoint is the seed, read by everything above: it is replaced last.
    Term toTarget = contributions.remove(block.target);
    contributions.forEach(this::contribute);
    if (block.target != null) {
      boolean passesThrough = toTarget instanceof Term.Ref ref && ref.slot() == adjoints.get(block.target);
      if (!passesThrough) {
        liveAdjoints.remove(block.target);
        if (toTarget != null) {
          contribute(block.target, toTarget);
        }
      }
    }
    if (reverse.size() > start) {
      String comment = block.statement.source();
      reverse.add(start, () -> CodeBlock.of("// $L\n", comment));
    }
  }

  /** The adjoint of {@code v} as a term, or null where nothing has reached it. */
  private Term liveAdjoint(Variable v) {
    return liveAdjoints.contains(v) ? adjoints.get(v).ref() : null;
  }

  /** Pushes {@code seed} down to the variables, summing what reaches each into {@code contributions}. */
  private void propagate(Linear linear, Term seed, Map<Variable, Term> contributions) {
    if (linear instanceof Leaf leaf) {
      contributions.merge(leaf.variable(), seed, Terms::add);
    } else if (linear instanceof Element element) {
      CodeBlock slot = layout.slot(output.baseOffset(), element.array(), element.index().code());
      reverse.add(() -> CodeBlock.builder().addStatement("$L[$L] += $L", output.array(), slot, seed.code()).build());
    } else if (linear instanceof Node node) {
      for (Edge edge : node.edges()) {
        Term childSeed = mul(seed, edge.partial());
        if (!Terms.isZero(childSeed)) {
          propagate(edge.child(), fansOut(edge.child()) ? bindIfComputed(childSeed) : childSeed, contributions);
        }
      }
    } else {
      pullback((CallSite) linear, seed, contributions);
    }
  }

  /** Whether a seed reaches more than one place below {@code linear}, so computing it once pays. */
  private static boolean fansOut(Linear linear) {
    return linear instanceof Node node && node.edges().size() > 1 || linear instanceof CallSite;
  }

  private Term bindIfComputed(Term t) {
    boolean simple = t instanceof Term.Ref || t instanceof Term.Num || t instanceof Term.Verbatim
        || t instanceof Term.Neg n && n.operand() instanceof Term.Ref;
    return simple ? t : bind(t);
  }

  /** Computes {@code value} once, into a local, for the several places it flows to. */
  private Term bind(Term value) {
    String name = names.newName("_r" + partialAdjoints++);
    reverse.add(() -> CodeBlock.builder().addStatement("double $L = $L", name, value.code()).build());
    return new Slot(name).ref();
  }

  /** Adds {@code contribution} into {@code v}'s adjoint, declaring it at its first contribution. */
  private void contribute(Variable v, Term contribution) {
    Slot adjoint = adjoints.get(v);
    if (adjoint == null) {
      Slot declared = new Slot(names.newName("_d_" + v.name()));
      adjoints.put(v, declared);
      reverse.add(() -> CodeBlock.builder().addStatement("double $L = $L", declared.name(), contribution.code()).build());
    } else if (!liveAdjoints.contains(v)) {
      reverse.add(() -> CodeBlock.builder().addStatement("$L = $L", adjoint.name(), contribution.code()).build());
    } else {
      reverse.add(() -> CodeBlock.builder().addStatement("$L += $L", adjoint.name(), contribution.code()).build());
    }
    liveAdjoints.add(v);
  }

  /**
   * The callee's pullback writes seed times its gradient into a per-thread buffer; each entry then
   * flows on into the argument it belongs to.
   */
  private void pullback(CallSite site, Term seed, Map<Variable, Term> contributions) {
    Callee callee = site.call().callee();
    List<Variable> inputs = calleeParameters(site);
    GradientLayout calleeLayout = new GradientLayout(inputs);
    String buffer = names.newName("_pb" + pullbacks++);
    CodeBlock args = CodeBlock.join(site.args().stream().map(Term::code).toList(), ", ");
    reverse.add(() -> CodeBlock.builder()
        .addStatement("double[] $L = $L.get($L)", buffer, site.buffer(), calleeLayout.length())
        .addStatement("$T.$L($L, $L, $L, 0)", callee.companion(), CalleeResolver.pullbackName(callee.name()),
            args, seed.code(), buffer)
        .build());
    for (int i = 0; i < site.argsLinear().size(); i++) {
      Linear arg = site.argsLinear().get(i);
      if (arg == null) {
        continue;
      }
      CodeBlock slot = calleeLayout.offset(inputs.get(i));
      if (callee.parameterTypes().get(i) == Type.DOUBLE) {
        propagate(arg, new Term.Verbatim(CodeBlock.of("$L[$L]", buffer, slot), Term.PRIMARY), contributions);
      } else {
        addArrayAdjoint(((Leaf) arg).variable(), buffer, slot);
      }
    }
  }

  /** The callee's parameters, named after the arguments so that array lengths read the caller's arrays. */
  private static List<Variable> calleeParameters(CallSite site) {
    List<Variable> parameters = new ArrayList<>();
    List<Type> types = site.call().callee().parameterTypes();
    for (int i = 0; i < types.size(); i++) {
      String name = site.call().args().get(i) instanceof Expr.Read r ? r.variable().name() : "_arg" + i;
      parameters.add(new Variable(name, types.get(i), Variable.Kind.PARAMETER));
    }
    return parameters;
  }

  private void addArrayAdjoint(Variable array, String buffer, CodeBlock from) {
    String i = names.newName("_i");
    CodeBlock to = layout.slot(output.baseOffset(), array, CodeBlock.of("$L", i));
    CodeBlock source = from.toString().equals("0") ? CodeBlock.of("$L", i) : CodeBlock.of("$L + $L", from, i);
    reverse.add(() -> CodeBlock.builder()
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, array.name(), i)
        .addStatement("$L[$L] += $L[$L]", output.array(), to, buffer, source)
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
        Slot adjoint = adjoints.get(input);
        CodeBlock value = adjoint != null && liveAdjoints.contains(input) ? CodeBlock.of("$L", adjoint.name())
            : CodeBlock.of("0.0");
        body.addStatement("$L[$L] = $L", output.array(), slot, value);
      }
    }
  }
}
