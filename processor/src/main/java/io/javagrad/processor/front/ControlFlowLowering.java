package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Rewrites {@code break}, {@code continue} and early {@code return} into boolean flags and guarded
 * statements, so that the differentiator sees structured control flow only: a branch is an {@link
 * Stmt.If} whose decision it can record, a loop runs whole iterations that it can count, and the
 * method ends with its one return.
 *
 * <p>{@code return e} inside the body becomes {@code _result = e; _returned = true;}; {@code break}
 * sets its loop's flag and {@code continue} another (a labelled one, the flag of the loop it
 * names); the statements after one that may set a flag are guarded by {@code if (!flag)}, and a
 * loop's condition tests first the flags its body may set. Methods without such exits are
 * returned as they are.
 */
final class ControlFlowLowering {
  private static final Expr FALSE = Literals.bool(false);
  private static final Expr TRUE = Literals.bool(true);

  /** Gives each flag a name no other variable of the method has. */
  private final UnaryOperator<String> names;
  private Variable result;
  private Variable returned;
  /** The loops and labelled blocks around the statements being lowered, innermost first. */
  private final Deque<LoopFlags> loops = new ArrayDeque<>();

  /**
   * A loop's label (or null) and its flags, each null where nothing sets it; or, where {@code
   * block}, a labelled block's, which only {@code break label} sets.
   */
  private record LoopFlags(String label, Variable broke, Variable continued, boolean block) {}

  private ControlFlowLowering(UnaryOperator<String> names) {
    this.names = names;
  }

  /** {@code body} of a method whose returns give a {@code returns} (a double, or a double[] it makes). */
  static List<Stmt> lower(List<Stmt> body, Set<String> identifiers, Type returns) {
    if (isStructured(body)) {
      return body;
    }
    Set<String> taken = new HashSet<>(identifiers);
    ControlFlowLowering lowering = new ControlFlowLowering(base -> {
      String name = base;
      for (int k = 1; taken.contains(name); k++) {
        name = base + k;
      }
      taken.add(name);
      return name;
    });
    lowering.result = lowering.fresh("_result", returns);
    lowering.returned = lowering.fresh("_returned", Type.BOOLEAN);
    List<Stmt> lowered = new ArrayList<>();
    // An array's holds none until a return gives it one, as an inlined helper's does.
    Expr.Constant zero = returns.isDoubleArray() ? null : new Expr.Constant(Type.DOUBLE, 0, CodeBlock.of("0.0"));
    lowered.add(new Stmt.Declare(lowering.result, zero,
        returns.javaName() + " " + lowering.result.name() + (zero == null ? ";" : " = 0.0;")));
    lowered.add(clearedFlag(lowering.returned));
    lowered.addAll(lowering.guardedEnd(lowering.list(body)));
    lowered.add(new Stmt.Return(new Expr.Read(lowering.result), "return " + lowering.result.name() + ";"));
    return lowered;
  }

  /**
   * {@code body} with its last statement guarded by {@code if (!_returned)} where it always throws
   * (a method that ends in {@code throw}, or one that only throws, as a constant's override of an
   * operation it does not support): javac would find the return after it, and the derivative code
   * after that (or an inlined body's caller's code), unreachable. The guard holds wherever the statement is reached, so it changes
   * nothing else.
   */
  private List<Stmt> guardedEnd(List<Stmt> body) {
    if (body.isEmpty() || completesNormally(body.get(body.size() - 1))) {
      return body;
    }
    List<Stmt> guarded = new ArrayList<>(body.subList(0, body.size() - 1));
    guarded.add(new Stmt.If(new Expr.Not(new Expr.Read(returned)), List.of(body.get(body.size() - 1)), List.of(),
        "if (!" + returned.name() + ")"));
    return guarded;
  }

  /** Whether javac takes {@code s}, once lowered, for a statement that can complete normally (JLS 14.22). */
  private static boolean completesNormally(Stmt s) {
    if (s instanceof Stmt.RunAsWritten r) {
      return !r.alwaysThrows();
    }
    if (s instanceof Stmt.If i) {
      return i.otherwise().isEmpty() || completesNormally(i.then()) || completesNormally(i.otherwise());
    }
    return true;
  }

  static boolean completesNormally(List<Stmt> statements) {
    // javac refuses a statement after one that cannot complete normally, so only the last can be one.
    return statements.isEmpty() || completesNormally(statements.get(statements.size() - 1));
  }

  /** No break or continue anywhere, and one return, the last statement. */
  private static boolean isStructured(List<Stmt> body) {
    if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Stmt.Return)) {
      return false;
    }
    return Statements.all(body.subList(0, body.size() - 1)).stream()
        .noneMatch(s -> s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue
            || s instanceof Stmt.Labeled);
  }

  /**
   * A body inlined into a method ({@code Inliner}), lowered where it has a return before its end
   * or ends in a throw:
   * each return gives {@code result} its value (where it has one; null where none is wanted, and
   * then a return's value is not computed) and leaves the body. No return remains. {@code names}
   * gives the flags names of their own within the method.
   */
  static List<Stmt> lowerInlined(List<Stmt> body, Variable result, UnaryOperator<String> names) {
    ControlFlowLowering lowering = new ControlFlowLowering(names);
    lowering.result = result;
    lowering.returned = lowering.fresh("_returned", Type.BOOLEAN);
    List<Stmt> lowered = new ArrayList<>();
    lowered.add(clearedFlag(lowering.returned));
    lowered.addAll(lowering.guardedEnd(lowering.list(body)));
    return lowered;
  }

  /** {@code boolean flag = false;} */
  static Stmt clearedFlag(Variable flag) {
    return new Stmt.Declare(flag, FALSE, "boolean " + flag.name() + " = false;");
  }

  private Variable fresh(String base, Type type) {
    return new Variable(names.apply(base), type, Variable.Kind.LOCAL);
  }

  /** {@code statements}, with everything after a statement that may exit guarded by its flags. */
  private List<Stmt> list(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      out.addAll(statement(s, null));
      Set<Variable> exits = exitFlags(s);
      if (!exits.isEmpty() && i < statements.size() - 1) {
        List<Stmt> rest = list(statements.subList(i + 1, statements.size()));
        if (!rest.isEmpty()) {
          out.add(new Stmt.If(new Expr.Not(anyOf(exits)), rest, List.of(), "if (!" + names(exits) + ")"));
        }
        break;
      }
    }
    return out;
  }

  /** {@code s} lowered; {@code label} names it, if it is a labelled loop. */
  private List<Stmt> statement(Stmt s, String label) {
    if (s instanceof Stmt.Return r) {
      Stmt leave = new Stmt.Assign(returned, TRUE, returned.name() + " = true;");
      return r.value() == null || result == null ? List.of(leave)
          : List.of(new Stmt.Assign(result, r.value(), r.source()), leave);
    }
    if (s instanceof Stmt.Break b) {
      return List.of(new Stmt.Assign(target(b.label()).broke(), TRUE, b.source()));
    }
    if (s instanceof Stmt.Continue c) {
      return List.of(new Stmt.Assign(target(c.label()).continued(), TRUE, c.source()));
    }
    if (s instanceof Stmt.Labeled labeled && labeled.block()) {
      return block(labeled);
    }
    if (s instanceof Stmt.Labeled labeled) {
      List<Stmt> out = new ArrayList<>();
      List<Stmt> inner = labeled.statements();
      inner.subList(0, inner.size() - 1).forEach(before -> out.addAll(statement(before, null)));
      out.addAll(statement(inner.get(inner.size() - 1), labeled.label()));
      return out;
    }
    if (s instanceof Stmt.If i) {
      return List.of(new Stmt.If(i.condition(), list(i.then()), list(i.otherwise()), i.source()));
    }
    if (s instanceof Stmt.Loop l) {
      return loop(label, l.body(), l.update(), (flags, body, update) -> List.of(
          new Stmt.Loop(guarded(l.condition(), flags), l.testFirst(), body, update, l.source())));
    }
    if (s instanceof Stmt.CountedLoop l) {
      return loop(label, l.body(), List.of(), (flags, body, update) -> {
        boolean unchanged = flags.isEmpty();
        return List.of(new Stmt.CountedLoop(l.counter(), l.from(), guarded(l.condition(), flags),
            unchanged ? l.bound() : null, l.inclusive(), body, l.source()));
      });
    }
    return List.of(s);
  }

  /**
   * {@code label: { statements }}: its statements, each after a {@code break label} guarded by
   * the block's flag, which nothing after the block reads.
   */
  private List<Stmt> block(Stmt.Labeled labeled) {
    boolean breaks = jumps(labeled.statements()).contains(new Jump(Stmt.Break.class, labeled.label()));
    LoopFlags flags = new LoopFlags(labeled.label(), breaks ? fresh("_break", Type.BOOLEAN) : null, null, true);
    List<Stmt> out = new ArrayList<>();
    if (breaks) {
      out.add(clearedFlag(flags.broke()));
    }
    loops.push(flags);
    out.addAll(list(labeled.statements()));
    loops.pop();
    return out;
  }

  /**
   * The loop, or labelled block, a jump with {@code label} leaves or goes on with: for none, the
   * innermost loop.
   */
  private LoopFlags target(String label) {
    for (LoopFlags loop : loops) {
      if (label == null ? !loop.block() : label.equals(loop.label())) {
        return loop;
      }
    }
    throw new IllegalStateException("no loop labelled " + label);
  }

  private interface LoopBuilder {
    List<Stmt> build(List<Variable> flags, List<Stmt> body, List<Stmt> update);
  }

  /**
   * A loop whose body may break, continue or return: its flags, reset body, and guarded update.
   * It stops on its own break, on a return, and on a jump out to an enclosing loop.
   */
  private List<Stmt> loop(String label, List<Stmt> body, List<Stmt> update, LoopBuilder builder) {
    Set<Jump> jumps = jumps(body);
    boolean breaks = jumps.contains(new Jump(Stmt.Break.class, null)) || label != null
        && jumps.contains(new Jump(Stmt.Break.class, label));
    boolean continues = jumps.contains(new Jump(Stmt.Continue.class, null)) || label != null
        && jumps.contains(new Jump(Stmt.Continue.class, label));
    LoopFlags flags = new LoopFlags(label, breaks ? fresh("_break", Type.BOOLEAN) : null,
        continues ? fresh("_continue", Type.BOOLEAN) : null, false);
    List<Stmt> out = new ArrayList<>();
    Set<Variable> stops = new LinkedHashSet<>();
    if (breaks) {
      out.add(clearedFlag(flags.broke()));
      stops.add(flags.broke());
    }
    stops.addAll(outerFlags(jumps, label, false));
    if (returnsAnywhere(body)) {
      stops.add(returned);
    }
    List<Stmt> loweredBody = new ArrayList<>();
    if (continues) {
      loweredBody.add(clearedFlag(flags.continued()));
    }
    loops.push(flags);
    loweredBody.addAll(list(body));
    loops.pop();
    List<Stmt> loweredUpdate = update;
    if (!update.isEmpty() && !stops.isEmpty()) {
      loweredUpdate = List.of(new Stmt.If(new Expr.Not(anyOf(stops)), update, List.of(), "if (!" + names(stops) + ")"));
    }
    out.addAll(builder.build(List.copyOf(stops), loweredBody, loweredUpdate));
    return out;
  }

  /** The condition, testing the flags first so that the condition itself is not evaluated after an exit. */
  private static Expr guarded(Expr condition, List<Variable> stops) {
    Expr guarded = condition;
    for (int i = stops.size() - 1; i >= 0; i--) {
      guarded = new Expr.Logic("&&", new Expr.Not(new Expr.Read(stops.get(i))), guarded);
    }
    return guarded;
  }

  /** A {@code break} or {@code continue}, and the label it names (null for none). */
  private record Jump(Class<? extends Stmt> kind, String label) {}

  /**
   * The jumps in {@code statements} that leave them: unlabelled ones outside nested loops, and
   * labelled ones naming no loop or block inside them.
   */
  private static Set<Jump> jumps(List<Stmt> statements) {
    Set<Jump> found = new LinkedHashSet<>();
    for (Stmt s : statements) {
      if (s instanceof Stmt.Break b) {
        found.add(new Jump(Stmt.Break.class, b.label()));
      } else if (s instanceof Stmt.Continue c) {
        found.add(new Jump(Stmt.Continue.class, c.label()));
      } else if (s instanceof Stmt.If i) {
        found.addAll(jumps(i.then()));
        found.addAll(jumps(i.otherwise()));
      } else if (s instanceof Stmt.Labeled labeled) {
        // Unlabelled jumps in a labelled loop are the loop's own; in a block, they leave it.
        jumps(labeled.statements()).stream()
            .filter(j -> (j.label() != null || labeled.block()) && !labeled.label().equals(j.label()))
            .forEach(found::add);
      } else if (s instanceof Stmt.Loop || s instanceof Stmt.CountedLoop) {
        // Unlabelled jumps in a nested loop are that loop's own.
        s.children().forEach(nested -> jumps(nested).stream().filter(j -> j.label() != null).forEach(found::add));
      }
    }
    return found;
  }

  /**
   * The flags of enclosing loops and blocks that jumps among {@code jumps}, other than to {@code
   * label}, set: the labelled ones, and, where {@code unlabelledLeave}, those of a block, the
   * unlabelled ones.
   */
  private Set<Variable> outerFlags(Set<Jump> jumps, String label, boolean unlabelledLeave) {
    Set<Variable> flags = new LinkedHashSet<>();
    for (Jump j : jumps) {
      if ((j.label() != null || unlabelledLeave) && !Objects.equals(j.label(), label)) {
        LoopFlags outer = target(j.label());
        flags.add(j.kind() == Stmt.Break.class ? outer.broke() : outer.continued());
      }
    }
    return flags;
  }

  private static boolean returnsAnywhere(List<Stmt> statements) {
    return Statements.all(statements).stream().anyMatch(Stmt.Return.class::isInstance);
  }

  /** The flags that {@code s} may set and that outlive it. */
  private Set<Variable> exitFlags(Stmt s) {
    Set<Variable> flags = new LinkedHashSet<>();
    if (s instanceof Stmt.Return) {
      flags.add(returned);
    } else if (s instanceof Stmt.Break b) {
      flags.add(target(b.label()).broke());
    } else if (s instanceof Stmt.Continue c) {
      flags.add(target(c.label()).continued());
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(t -> flags.addAll(exitFlags(t)));
      i.otherwise().forEach(t -> flags.addAll(exitFlags(t)));
    } else {
      // A loop (labelled or not) keeps its own jumps, and a labelled block its breaks; those naming
      // enclosing loops and blocks, a block's unlabelled ones, and returns, outlive it.
      String label = s instanceof Stmt.Labeled labeled ? labeled.label() : null;
      boolean block = s instanceof Stmt.Labeled labeled && labeled.block();
      flags.addAll(outerFlags(jumps(List.of(s)), label, block));
      if (returnsAnywhere(List.of(s))) {
        flags.add(returned);
      }
    }
    return flags;
  }

  private static Expr anyOf(Set<Variable> flags) {
    Expr any = null;
    for (Variable flag : flags) {
      Expr read = new Expr.Read(flag);
      any = any == null ? read : new Expr.Logic("||", any, read);
    }
    return any;
  }

  private static String names(Set<Variable> flags) {
    return String.join(" || ", flags.stream().map(Variable::name).toList());
  }
}
