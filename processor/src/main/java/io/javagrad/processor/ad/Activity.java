package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which values carry a derivative, decided once for the whole method.
 *
 * <p>A variable is <em>varied</em> when a value assigned to it depends on a differentiated input;
 * the seed is {@link Variable#isDifferentiatedInput()}, so constant inputs change the seed and
 * nothing else. A variable is <em>useful</em> when its value can reach the result. Both are fixed
 * points over every assignment of the method, wherever it stands, so they hold across branches and
 * loop iterations. The reverse sweep works only on assignments that are both (active): an unused
 * intermediate costs no kept value and no adjoint. The dynamic twin types a variable {@code Value}
 * exactly when it is varied. Array variables that may hold the same array ({@link ArrayReferences})
 * are one: what is written through one is read through the other.
 */
public final class Activity {
  private final Set<Variable> varied = new HashSet<>();
  private final Set<Variable> useful = new HashSet<>();
  /**
   * The code run as written in the method (by value: an equal copy is the same code), and that
   * whose value reaches the result through operands that carry derivatives.
   */
  private final Set<Expr.Opaque> runAsWritten = new HashSet<>();
  private final Set<Expr.Opaque> reachingResult = new HashSet<>();
  /** The variables, of any type, whose value reaches the result, through code run as written too. */
  private final Set<Variable> reaching = new HashSet<>();
  private final ArrayReferences references;
  /** The method's statements, for {@link #mayReachResult}, which only the front end's checks ask, once per method. */
  private List<Stmt> all;
  private boolean reachingFound;

  private Activity(ArrayReferences references) {
    this.references = references;
  }

  public static Activity of(MethodBody method) {
    Activity activity = new Activity(ArrayReferences.of(method));
    List<Stmt> all = Statements.all(method.statements());
    activity.findVaried(method.parameters(), all);
    activity.findUseful(all);
    activity.all = all;
    return activity;
  }

  private void findVaried(List<Variable> parameters, List<Stmt> all) {
    for (Variable p : parameters) {
      if (p.isDifferentiatedInput()) {
        varied.add(references.classOf(p));
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        Variable target = s.target() == null ? null : references.classOf(s.target());
        if (target != null && !varied.contains(target) && isVaried(s.value())) {
          varied.add(target);
          changed = true;
        }
      }
    }
  }

  private void findUseful(List<Stmt> all) {
    for (Stmt s : all) {
      if (s instanceof Stmt.Return r) {
        variedReads(r.value()).map(references::classOf).forEach(useful::add);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        if (s.target() != null && useful.contains(references.classOf(s.target()))) {
          int before = useful.size();
          variedReads(s.value()).map(references::classOf).forEach(useful::add);
          changed |= useful.size() > before;
        }
      }
    }
  }

  /**
   * The code run as written whose value reaches the result: as {@link #findUseful}, but through
   * every value, varied or not, and through the reads of code run as written, since such code's
   * value is not varied only because javagrad does not differentiate it.
   */
  private void findReachingResult(List<Stmt> all) {
    Statements.expressionsIn(all).forEach(root -> Expressions.preorder(root, Statements::operands)
        .forEach(e -> addIfRunAsWritten(e, runAsWritten)));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        boolean reaches = s instanceof Stmt.Return
            || s.targets().stream().anyMatch(target -> reaching.contains(references.classOf(target)))
            || changesReachingObject(s.value());
        if (reaches && s.value() != null) {
          for (Expr e : Expressions.preorder(s.value(), Activity::operandsReachingResult).toList()) {
            addIfRunAsWritten(e, reachingResult);
            // Of any type: an object that code run as written made may hold the value it was given.
            Variable read = e instanceof Expr.Read r ? r.variable() : e instanceof Expr.ElementRead r ? r.array() : null;
            changed |= read != null && reaching.add(references.classOf(read));
          }
        }
      }
    }
  }

  /**
   * Whether {@code value} runs code as written that is given an object whose state reaches the
   * result ({@code points.add(p)}, {@code Collections.addAll(list, p)}): the code may keep in it
   * what else it is given, which then reaches the result too, an object as well as a number.
   */
  private boolean changesReachingObject(Expr value) {
    return value != null && Expressions.preorder(value, Statements::operands)
        .anyMatch(e -> e instanceof Expr.Opaque code && code.reads().stream()
            .anyMatch(read -> read.type().mayKeepValues() && reaching.contains(references.classOf(read.variable()))));
  }

  /**
   * The operands that carry derivatives, what code run as written reads, whose value may depend on
   * it, the operands of integer arithmetic, and the objects a call is given, whose state the callee may read into its result (a
   * record's method reads the fields of its receiver: {@code new Vec(x, y).norm()}).
   */
  private static List<Expr> operandsReachingResult(Expr e) {
    if (e instanceof Expr.Opaque code) {
      return List.copyOf(code.reads());
    }
    if (e instanceof Expr.IntegralOp op) {
      // Integers computed from what such code gives (its bits: Double.doubleToLongBits(x) + 1)
      return op.left() == null ? List.of(op.right()) : List.of(op.left(), op.right());
    }
    if (e instanceof Expr.Invoke call) {
      List<Expr> differentiated = derivativeOperands(call);
      return call.args().stream().filter(arg -> arg.type().mayKeepValues() || differentiated.contains(arg))
          .toList();
    }
    return derivativeOperands(e);
  }

  private static void addIfRunAsWritten(Expr e, Set<Expr.Opaque> into) {
    if (e instanceof Expr.Opaque code) {
      into.add(code);
    }
  }

  /**
   * Whether the value of {@code code}, run as written, may reach the result where a derivative
   * would flow: as an operand that carries one, in the value given to a useful variable or
   * returned, or through one of the objects it {@code changes}, whose state reaches the result. A
   * value that only decides (a condition, an index) does not. Code the method no longer holds as
   * it was (a later step rewrote it) may, so that a check errs toward an error.
   */
  public boolean mayReachResult(Expr.Opaque code, List<Variable> changes) {
    if (!reachingFound) {
      findReachingResult(all);
      reachingFound = true;
    }
    return reachingResult.contains(code) || !runAsWritten.contains(code)
        || changes.stream().anyMatch(object -> reaching.contains(references.classOf(object)));
  }

  public boolean isVaried(Variable v) {
    return varied.contains(references.classOf(v));
  }

  /** Whether a derivative flows from {@code v} to the result: it is varied and useful. */
  public boolean isActive(Variable v) {
    Variable key = references.classOf(v);
    return varied.contains(key) && useful.contains(key);
  }

  /** Whether {@code e}'s value depends on a differentiated input. */
  public boolean isVaried(Expr e) {
    return variedReads(e).findAny().isPresent();
  }

  /** The varied variables that {@code e} reads where a derivative can flow, as the walk meets them. */
  private Stream<Variable> variedReads(Expr e) {
    if (e == null) {
      return Stream.empty();
    }
    return Expressions.preorder(e, Activity::derivativeOperands).map(this::variedRead).filter(Objects::nonNull);
  }

  /** The varied variable that the node {@code e} itself reads (an array, for an element), or null. */
  private Variable variedRead(Expr e) {
    if (e instanceof Expr.Read r && r.variable().type().isDifferentiable() && isVaried(r.variable())) {
      return r.variable();
    }
    return e instanceof Expr.ElementRead r && isVaried(r.array()) ? r.array() : null;
  }

  /** Whether the reverse sweep has work for {@code s}: it assigns an active variable a varied value. */
  public boolean isActive(Stmt s) {
    if (s instanceof Stmt.Return r) {
      return isVaried(r.value());
    }
    Variable target = s.target();
    return target != null && useful.contains(references.classOf(target)) && isVaried(s.value());
  }

  /**
   * The operands through which a derivative can flow: arguments of functions, arguments of calls
   * to differentiated parameters, and the two values of a conditional (its condition only
   * chooses). Indices, lengths, integer arithmetic and comparisons carry none.
   */
  public static List<Expr> derivativeOperands(Expr e) {
    if (e instanceof Expr.Apply a) {
      return a.args();
    }
    if (e instanceof Expr.Invoke call) {
      List<Expr> differentiated = new ArrayList<>();
      for (int i = 0; i < call.args().size(); i++) {
        if (call.callee().isDifferentiated(i)) {
          differentiated.add(call.args().get(i));
        }
      }
      return differentiated;
    }
    if (e instanceof Expr.Conditional c && c.type() == Type.DOUBLE) {
      return List.of(c.ifTrue(), c.ifFalse());
    }
    return List.of();
  }
}
