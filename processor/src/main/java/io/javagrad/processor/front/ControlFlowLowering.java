package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites {@code break}, {@code continue} and early {@code return} into boolean flags and guarded
 * statements, so that the differentiator sees structured control flow only: a branch is an {@link
 * Stmt.If} whose decision it can record, a loop runs whole iterations that it can count, and the
 * method ends with its one return.
 *
 * <p>{@code return e} inside the body becomes {@code _result = e; _returned = true;}; {@code break}
 * sets its loop's flag and {@code continue} another; the statements after one that may set a flag
 * are guarded by {@code if (!flag)}, and a loop's condition tests its flags first. Methods without
 * such exits are returned as they are.
 */
final class ControlFlowLowering {
  private static final Expr FALSE = Literals.bool(false);
  private static final Expr TRUE = Literals.bool(true);

  private final Set<String> taken;
  private Variable result;
  private Variable returned;

  /** The flags of the innermost loop, null outside loops or where the loop needs none. */
  private record LoopFlags(Variable broke, Variable continued) {}

  private ControlFlowLowering(Set<String> identifiers) {
    this.taken = new HashSet<>(identifiers);
  }

  static List<Stmt> lower(List<Stmt> body, Set<String> identifiers) {
    if (isStructured(body)) {
      return body;
    }
    ControlFlowLowering lowering = new ControlFlowLowering(identifiers);
    lowering.result = lowering.fresh("_result", Type.DOUBLE);
    lowering.returned = lowering.fresh("_returned", Type.BOOLEAN);
    List<Stmt> lowered = new ArrayList<>();
    lowered.add(new Stmt.Declare(lowering.result, new Expr.Constant(Type.DOUBLE, 0, CodeBlock.of("0.0")),
        "double " + lowering.result.name() + " = 0.0;"));
    lowered.add(new Stmt.Declare(lowering.returned, FALSE, "boolean " + lowering.returned.name() + " = false;"));
    lowered.addAll(lowering.list(body, null));
    lowered.add(new Stmt.Return(new Expr.Read(lowering.result), "return " + lowering.result.name() + ";"));
    return lowered;
  }

  /** No break or continue anywhere, and one return, the last statement. */
  private static boolean isStructured(List<Stmt> body) {
    if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Stmt.Return)) {
      return false;
    }
    return Statements.all(body.subList(0, body.size() - 1)).stream()
        .noneMatch(s -> s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue);
  }

  private Variable fresh(String base, Type type) {
    String name = base;
    for (int k = 1; taken.contains(name); k++) {
      name = base + k;
    }
    taken.add(name);
    return new Variable(name, type, Variable.Kind.LOCAL);
  }

  /** {@code statements}, with everything after a statement that may exit guarded by its flags. */
  private List<Stmt> list(List<Stmt> statements, LoopFlags loop) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      out.addAll(statement(s, loop));
      Set<Variable> exits = exitFlags(s, loop);
      if (!exits.isEmpty() && i < statements.size() - 1) {
        List<Stmt> rest = list(statements.subList(i + 1, statements.size()), loop);
        if (!rest.isEmpty()) {
          out.add(new Stmt.If(new Expr.Not(anyOf(exits)), rest, List.of(), "if (!" + names(exits) + ")"));
        }
        break;
      }
    }
    return out;
  }

  private List<Stmt> statement(Stmt s, LoopFlags loop) {
    if (s instanceof Stmt.Return r) {
      return List.of(new Stmt.Assign(result, r.value(), r.source()),
          new Stmt.Assign(returned, TRUE, returned.name() + " = true;"));
    }
    if (s instanceof Stmt.Break b) {
      return List.of(new Stmt.Assign(loop.broke(), TRUE, b.source()));
    }
    if (s instanceof Stmt.Continue c) {
      return List.of(new Stmt.Assign(loop.continued(), TRUE, c.source()));
    }
    if (s instanceof Stmt.If i) {
      return List.of(new Stmt.If(i.condition(), list(i.then(), loop), list(i.otherwise(), loop), i.source()));
    }
    if (s instanceof Stmt.Loop l) {
      return loop(l.body(), l.update(), (flags, body, update) -> List.of(
          new Stmt.Loop(guarded(l.condition(), flags), l.testFirst(), body, update, l.source())));
    }
    if (s instanceof Stmt.CountedLoop l) {
      return loop(l.body(), List.of(), (flags, body, update) -> {
        boolean unchanged = flags.isEmpty();
        return List.of(new Stmt.CountedLoop(l.counter(), l.from(), guarded(l.condition(), flags),
            unchanged ? l.bound() : null, l.inclusive(), body, l.source()));
      });
    }
    return List.of(s);
  }

  private interface LoopBuilder {
    List<Stmt> build(List<Variable> flags, List<Stmt> body, List<Stmt> update);
  }

  /** A loop whose body may break, continue or return: its flags, reset body, and guarded update. */
  private List<Stmt> loop(List<Stmt> body, List<Stmt> update, LoopBuilder builder) {
    boolean breaks = directly(body, Stmt.Break.class);
    boolean continues = directly(body, Stmt.Continue.class);
    boolean returns = returnsAnywhere(body);
    LoopFlags flags = new LoopFlags(breaks ? fresh("_break", Type.BOOLEAN) : null,
        continues ? fresh("_continue", Type.BOOLEAN) : null);
    List<Stmt> out = new ArrayList<>();
    List<Variable> stops = new ArrayList<>();
    if (breaks) {
      out.add(new Stmt.Declare(flags.broke(), FALSE, "boolean " + flags.broke().name() + " = false;"));
      stops.add(flags.broke());
    }
    if (returns) {
      stops.add(returned);
    }
    List<Stmt> loweredBody = new ArrayList<>();
    if (continues) {
      loweredBody.add(new Stmt.Declare(flags.continued(), FALSE, "boolean " + flags.continued().name() + " = false;"));
    }
    loweredBody.addAll(list(body, flags));
    List<Stmt> loweredUpdate = update;
    if (!update.isEmpty() && !stops.isEmpty()) {
      loweredUpdate = List.of(new Stmt.If(new Expr.Not(anyOf(new LinkedHashSet<>(stops))), update, List.of(),
          "if (!" + names(new LinkedHashSet<>(stops)) + ")"));
    }
    out.addAll(builder.build(stops, loweredBody, loweredUpdate));
    return out;
  }

  /** The loop condition, testing the flags first so that the condition itself is not evaluated after an exit. */
  private static Expr guarded(Expr condition, List<Variable> stops) {
    Expr guarded = condition;
    for (int i = stops.size() - 1; i >= 0; i--) {
      guarded = new Expr.Logic("&&", new Expr.Not(new Expr.Read(stops.get(i))), guarded);
    }
    return guarded;
  }

  /** Whether {@code type} occurs in {@code body} outside nested loops (a break or continue of this loop). */
  private static boolean directly(List<Stmt> body, Class<? extends Stmt> type) {
    for (Stmt s : body) {
      if (type.isInstance(s)) {
        return true;
      }
      if (s instanceof Stmt.If i && (directly(i.then(), type) || directly(i.otherwise(), type))) {
        return true;
      }
    }
    return false;
  }

  private static boolean returnsAnywhere(List<Stmt> statements) {
    return Statements.all(statements).stream().anyMatch(Stmt.Return.class::isInstance);
  }

  /** The flags that {@code s} may set and that outlive it. */
  private Set<Variable> exitFlags(Stmt s, LoopFlags loop) {
    Set<Variable> flags = new LinkedHashSet<>();
    if (s instanceof Stmt.Return) {
      flags.add(returned);
    } else if (s instanceof Stmt.Break) {
      flags.add(loop.broke());
    } else if (s instanceof Stmt.Continue) {
      flags.add(loop.continued());
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(t -> flags.addAll(exitFlags(t, loop)));
      i.otherwise().forEach(t -> flags.addAll(exitFlags(t, loop)));
    } else if (returnsAnywhere(List.of(s))) {
      flags.add(returned);
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
