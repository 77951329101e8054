package io.javagrad.processor;

import static io.javagrad.processor.RandomPrograms.kind;

import io.javagrad.GradientChecker;
import io.javagrad.processor.RandomPrograms.Arm;
import io.javagrad.processor.RandomPrograms.ArrRef;
import io.javagrad.processor.RandomPrograms.ArrayCopy;
import io.javagrad.processor.RandomPrograms.Assign;
import io.javagrad.processor.RandomPrograms.Block;
import io.javagrad.processor.RandomPrograms.BLit;
import io.javagrad.processor.RandomPrograms.Bin;
import io.javagrad.processor.RandomPrograms.Break;
import io.javagrad.processor.RandomPrograms.Call;
import io.javagrad.processor.RandomPrograms.Case;
import io.javagrad.processor.RandomPrograms.Cast;
import io.javagrad.processor.RandomPrograms.Choose;
import io.javagrad.processor.RandomPrograms.Cmp;
import io.javagrad.processor.RandomPrograms.Compound;
import io.javagrad.processor.RandomPrograms.Cond;
import io.javagrad.processor.RandomPrograms.Continue;
import io.javagrad.processor.RandomPrograms.DLit;
import io.javagrad.processor.RandomPrograms.Decl;
import io.javagrad.processor.RandomPrograms.Elem2;
import io.javagrad.processor.RandomPrograms.Elem;
import io.javagrad.processor.RandomPrograms.EnumConst;
import io.javagrad.processor.RandomPrograms.EnumIs;
import io.javagrad.processor.RandomPrograms.Ex;
import io.javagrad.processor.RandomPrograms.Fill;
import io.javagrad.processor.RandomPrograms.Fn;
import io.javagrad.processor.RandomPrograms.For;
import io.javagrad.processor.RandomPrograms.ForEach;
import io.javagrad.processor.RandomPrograms.Fresh;
import io.javagrad.processor.RandomPrograms.IElem;
import io.javagrad.processor.RandomPrograms.ILit;
import io.javagrad.processor.RandomPrograms.If;
import io.javagrad.processor.RandomPrograms.Inc;
import io.javagrad.processor.RandomPrograms.K;
import io.javagrad.processor.RandomPrograms.Labelled;
import io.javagrad.processor.RandomPrograms.Len;
import io.javagrad.processor.RandomPrograms.Logic;
import io.javagrad.processor.RandomPrograms.MatInit;
import io.javagrad.processor.RandomPrograms.Method;
import io.javagrad.processor.RandomPrograms.Neg;
import io.javagrad.processor.RandomPrograms.NewArr;
import io.javagrad.processor.RandomPrograms.NewMat;
import io.javagrad.processor.RandomPrograms.Not;
import io.javagrad.processor.RandomPrograms.Ordinal;
import io.javagrad.processor.RandomPrograms.Param;
import io.javagrad.processor.RandomPrograms.Return;
import io.javagrad.processor.RandomPrograms.RowCopy;
import io.javagrad.processor.RandomPrograms.Run;
import io.javagrad.processor.RandomPrograms.SLit;
import io.javagrad.processor.RandomPrograms.St;
import io.javagrad.processor.RandomPrograms.Step;
import io.javagrad.processor.RandomPrograms.Store2;
import io.javagrad.processor.RandomPrograms.Store;
import io.javagrad.processor.RandomPrograms.StrLen;
import io.javagrad.processor.RandomPrograms.StrTest;
import io.javagrad.processor.RandomPrograms.Switch;
import io.javagrad.processor.RandomPrograms.SwitchEx;
import io.javagrad.processor.RandomPrograms.Throw;
import io.javagrad.processor.RandomPrograms.Try;
import io.javagrad.processor.RandomPrograms.Var;
import io.javagrad.processor.RandomPrograms.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a generated program without the processor, following its control flow, in forward mode: the
 * randomized differential tests use it to choose their points, and check the harness against it
 * (its value must be the compiled method's). Each double carries its derivatives with respect to
 * every double input (every element of every array too, and the marked parameters, as in the
 * unmarked program); its absolute path sums, the sum over all paths of the absolute products of the
 * local partials, which bound how much rounding (and a different but equivalent order of
 * operations, as the companion and the twin use) can move the gradient; and a bound on how far
 * rounding can move it as the inputs move. The interpreter also records the largest intermediate,
 * a trace of every decision (each comparison's outcome, the side of each kink, pole and branch cut)
 * and the smallest relative distance of a comparison or kink of varied values from flipping.
 */
final class ForwardInterpreter {
  /**
   * A point is used only where the gradient's absolute path sums are at most this many times the
   * gradient (or 1): beyond that, rounding alone can break the 1e-10 and 1e-12 tolerances.
   */
  private static final double CONDITION = 1e3;
  private static final int WORK_LIMIT = 1_000_000;

  /**
   * What {@link #reject} turns a point down for besides what it always does: a value that is not
   * finite or is large, a derivative that is not finite or is ill-conditioned, a decision that
   * flips within two finite-difference steps of an input, finite differences with steps h and 2h
   * that disagree.
   *
   * @param margin a comparison or kink of varied values closer than this (relative) to flipping; 0
   *     for none
   * @param rejectsRoundingNoise rounding that could move a finite difference by a tenth of its
   *     tolerance
   * @param rejectsSingularPartials a local partial of a varied value that is infinite or NaN, even
   *     where it meets a zero adjoint
   */
  record PointFilter(double margin, boolean rejectsRoundingNoise, boolean rejectsSingularPartials) {}

  /**
   * A value with its derivatives {@code d}, absolute path sums {@code a}, and a bound {@code err}
   * on how far rounding can move it as the inputs move; null arrays and 0 for a constant.
   */
  record D(double v, double[] d, double[] a, double err) {
    D(double v, double[] d, double[] a) {
      this(v, d, a, 0);
    }

    static D constant(double v) {
      return new D(v, null, null);
    }

    boolean isConstant() {
      return d == null;
    }
  }

  /**
   * One double input of a point: argument {@code argument}, or element {@code element} of that
   * array, or of row {@code row} of that double[][] (row -1 for a double or a double[]).
   */
  private record Input(int argument, int row, int element) {
    /** The inputs of {@code args} in order, each double and each element of each array, row by row. */
    static List<Input> of(Object[] args) {
      List<Input> inputs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Double) {
          inputs.add(new Input(i, -1, -1));
        } else if (args[i] instanceof double[] array) {
          for (int j = 0; j < array.length; j++) {
            inputs.add(new Input(i, -1, j));
          }
        } else if (args[i] instanceof double[][] matrix) {
          for (int r = 0; r < matrix.length; r++) {
            for (int j = 0; j < matrix[r].length; j++) {
              inputs.add(new Input(i, r, j));
            }
          }
        }
      }
      return inputs;
    }

    double in(Object[] args) {
      if (element < 0) {
        return (Double) args[argument];
      }
      return row < 0 ? ((double[]) args[argument])[element] : ((double[][]) args[argument])[row][element];
    }

    /** {@code args} with this input at {@code x}. */
    Object[] movedTo(Object[] args, double x) {
      Object[] moved = args.clone();
      if (element < 0) {
        moved[argument] = x;
      } else if (row < 0) {
        double[] array = ((double[]) args[argument]).clone();
        array[element] = x;
        moved[argument] = array;
      } else {
        double[][] matrix = ((double[][]) args[argument]).clone();
        matrix[row] = matrix[row].clone();
        matrix[row][element] = x;
        moved[argument] = matrix;
      }
      return moved;
    }
  }

  /** How a statement completes; a BREAK or CONTINUE names its target in {@link #jumpLabel}, null for the innermost. */
  private enum Flow { NORMAL, BREAK, CONTINUE, RETURN }

  /** A generated {@code throw}: what the method throws, and its message as Java builds it. */
  static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Thrown(String exception, String message) {
      super(exception + ": " + message, null, false, false);
    }
  }

  private static final class Frame {
    final Map<String, Object> vars = new HashMap<>();
    /** The returned value: a D, a D[] (shared with the caller, as Java returns a reference), or null. */
    Object result;
  }

  /** The values of the case's static final constants: a D or an Integer. */
  private final Map<String, Object> constants;
  private final int inputs;
  private final List<Integer> trace = new ArrayList<>();
  private double largest;
  private boolean nonFinite;
  /** Whether a value that is not finite was read from a variable or an element, not only computed. */
  private boolean nonFiniteRead;
  /** Whether a local partial of a varied value was infinite or NaN, even where it came to nothing. */
  private boolean singular;
  private double nearest = Double.POSITIVE_INFINITY;
  private String nearestWhat = "";
  private int work;
  /** The label of the pending break or continue, null for an unlabelled one. */
  private String jumpLabel;

  private ForwardInterpreter(Case c, int inputs) {
    this(new HashMap<>(), inputs);
    c.constants.forEach((name, value) -> constants.put(name, value instanceof Integer ? value
        : D.constant(value.doubleValue())));
  }

  private ForwardInterpreter(Map<String, Object> constants, int inputs) {
    this.constants = constants;
    this.inputs = inputs;
  }

  static double value(Case c, Method m, Object[] args) {
    ForwardInterpreter interpreter = new ForwardInterpreter(c, 0);
    return interpreter.run(m, interpreter.leaves(args, false)).v();
  }

  /** The gradient by forward mode, with respect to every double input (of the unmarked method). */
  static double[] gradient(Case c, Method m, Object[] args) {
    ForwardInterpreter interpreter = new ForwardInterpreter(c, Input.of(args).size());
    D value = interpreter.run(m, interpreter.leaves(args, true));
    return value.isConstant() ? new double[interpreter.inputs] : value.d();
  }

  /** What the method throws at the point ({@code "java.lang.X: message"}), or null when it returns. */
  static String thrown(Case c, Method m, Object[] args) {
    try {
      value(c, m, args);
      return null;
    } catch (Thrown thrown) {
      return thrown.getMessage();
    }
  }

  /** Why the point is not usable, or null when it is. */
  static String reject(Case c, Method m, Object[] args, PointFilter filter) {
    try {
      List<Input> inputs = Input.of(args);
      ForwardInterpreter center = new ForwardInterpreter(c, inputs.size());
      D value;
      try {
        value = center.run(m, center.leaves(args, true));
      } catch (Thrown thrown) {
        return "a guard throws";
      }
      String reason = center.rejectHere(value, filter);
      for (int i = 0; i < inputs.size() && reason == null; i++) {
        reason = center.rejectNearby(m, args, inputs.get(i), value, i, filter);
      }
      return reason;
    } catch (ArithmeticException integerDivisionByZero) {
      return "integer division by zero";
    }
  }

  /** Why the point is not usable, by what this run at it found, or null. */
  private String rejectHere(D value, PointFilter filter) {
    if (nonFinite(filter) || !Double.isFinite(value.v())) {
      return "not finite";
    }
    if (Math.abs(value.v()) > 1e6 || largest > 1e8) {
      return "too large";
    }
    if (nearest < filter.margin()) {
      return "near a " + nearestWhat;
    }
    if (singular && filter.rejectsSingularPartials()) {
      return "a singular partial";
    }
    for (int i = 0; i < inputs && !value.isConstant(); i++) {
      if (!Double.isFinite(value.d()[i]) || !Double.isFinite(value.a()[i])) {
        return "singular derivative";
      }
      if (value.a()[i] > CONDITION * Math.max(1, Math.abs(value.d()[i]))) {
        return "ill-conditioned gradient";
      }
    }
    return null;
  }

  /**
   * Why the point is not usable, by runs with {@code input} (the {@code index}th) moved by one and
   * two finite-difference steps either way, or null: this run is the one at the point.
   */
  private String rejectNearby(Method m, Object[] args, Input input, D value, int index, PointFilter filter) {
    double x = input.in(args);
    double h = GradientChecker.step(x);
    double[] at = new double[5];
    for (int s = -2; s <= 2; s++) {
      if (s == 0) {
        continue;
      }
      ForwardInterpreter near = new ForwardInterpreter(constants, 0);
      try {
        at[s + 2] = near.run(m, near.leaves(input.movedTo(args, x + s * h), false)).v();
      } catch (Thrown thrown) {
        return "a guard throws nearby";
      }
      if (near.nonFinite(filter) || !Double.isFinite(at[s + 2])) {
        return "not finite nearby";
      }
      if (!near.trace.equals(trace)) {
        return "decision flips nearby";
      }
    }
    // rounding moves the value by up to err as the input moves, and so a central difference by up to
    // err / h: keep that ten times below the finite-difference tolerance
    double slope = value.isConstant() ? 0 : value.d()[index];
    double err = Math.max(Math.ulp(value.v()), value.err());
    if (filter.rejectsRoundingNoise() && !(err / h <= 1e-7 * Math.max(1, Math.abs(slope)))) {
      return "rounding noise beyond finite differences";
    }
    double fd1 = (at[3] - at[1]) / ((x + h) - (x - h));
    double fd2 = (at[4] - at[0]) / ((x + 2 * h) - (x - 2 * h));
    return GradientChecker.close(fd1, fd2, 1e-7) ? null : "finite differences unstable";
  }

  /** The arguments as values: each double and each element an input of its own when {@code seeded}. */
  private Object[] leaves(Object[] args, boolean seeded) {
    Object[] values = new Object[args.length];
    int input = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Double x) {
        values[i] = leaf(x, seeded ? input++ : -1);
      } else if (args[i] instanceof double[] array) {
        D[] elements = new D[array.length];
        for (int j = 0; j < array.length; j++) {
          elements[j] = leaf(array[j], seeded ? input++ : -1);
        }
        values[i] = elements;
      } else if (args[i] instanceof double[][] matrix) {
        D[][] rows = new D[matrix.length][];
        for (int r = 0; r < matrix.length; r++) {
          rows[r] = new D[matrix[r].length];
          for (int j = 0; j < matrix[r].length; j++) {
            rows[r][j] = leaf(matrix[r][j], seeded ? input++ : -1);
          }
        }
        values[i] = rows;
      } else {
        values[i] = args[i];
      }
    }
    return values;
  }

  private D leaf(double x, int input) {
    if (input < 0) {
      return D.constant(x);
    }
    double[] unit = new double[inputs];
    unit[input] = 1;
    return new D(x, unit, unit.clone());
  }

  // ---------------------------------------------------------------- statements

  private D run(Method m, Object[] args) {
    return (D) invoke(m, args);
  }

  /** Runs {@code m}, its arrays shared with the caller, and returns what it returns (null for void). */
  private Object invoke(Method m, Object[] args) {
    Frame frame = new Frame();
    frame.vars.putAll(constants);
    for (int i = 0; i < args.length; i++) {
      frame.vars.put(m.params.get(i).name(), args[i]);
    }
    if (exec(m.body, frame) != Flow.RETURN && m.returns != null) {
      throw new IllegalStateException(m.name + " ended without a return");
    }
    return frame.result;
  }

  private Flow exec(List<St> body, Frame f) {
    for (St s : body) {
      Flow flow = exec(s, f);
      if (flow != Flow.NORMAL) {
        return flow;
      }
    }
    return Flow.NORMAL;
  }

  private Flow exec(St s, Frame f) {
    if (++work > WORK_LIMIT) {
      throw new IllegalStateException("the program runs too long");
    }
    Map<String, Object> vars = f.vars;
    if (s instanceof Decl d) {
      vars.put(d.name(), d.init() == null ? unassigned(d.kind()) : value(d.kind(), d.init(), f));
    } else if (s instanceof NewMat m) {
      D[][] matrix = new D[m.rows()][m.columns()];
      for (D[] row : matrix) {
        Arrays.fill(row, D.constant(0));
      }
      vars.put(m.name(), matrix);
    } else if (s instanceof Store2 st) {
      D[] row = ((D[][]) vars.get(st.matrix()))[integer(st.row(), f)];
      int column = integer(st.column(), f);
      row[column] = real(st.value(), f);
    } else if (s instanceof ArrRef a) {
      D[] array = (D[]) vars.get(a.source());
      vars.put(a.name(), a.copies() ? array.clone() : array);
    } else if (s instanceof ArrayCopy c) {
      System.arraycopy((D[]) vars.get(c.source()), c.from(), (D[]) vars.get(c.target()), c.to(), c.count());
    } else if (s instanceof Fill fill) {
      D[] array = (D[]) vars.get(fill.array());
      Arrays.fill(array, fill.to() < 0 ? 0 : fill.from(), fill.to() < 0 ? array.length : fill.to(),
          real(fill.value(), f));
    } else if (s instanceof Choose c) {
      vars.put(c.name(), vars.get(bool(c.test(), f) ? c.ifTrue() : c.ifFalse()));
    } else if (s instanceof RowCopy c) {
      D[][] matrix = (D[][]) vars.get(c.matrix());
      D[] source = (D[]) vars.get(c.source());
      matrix[integer(c.row(), f)] = c.copies() ? source.clone() : source;
    } else if (s instanceof MatInit m) {
      D[][] matrix = new D[m.rows().size()][];
      for (int i = 0; i < matrix.length; i++) {
        matrix[i] = m.rows().get(i).stream().map(e -> real(e, f)).toArray(D[]::new);
      }
      vars.put(m.name(), matrix);
    } else if (s instanceof NewArr a) {
      D[] array = new D[integer(a.length(), f)];
      Arrays.fill(array, D.constant(0));
      vars.put(a.name(), array);
    } else if (s instanceof Assign a) {
      vars.put(a.name(), value(kindOf(vars.get(a.name())), a.value(), f));
    } else if (s instanceof Compound c) {
      Object old = vars.get(c.name());
      vars.put(c.name(), old instanceof D d ? binary(c.op(), d, real(c.value(), f))
          : (Object) integerOp(c.op(), (Integer) old, integer(c.value(), f)));
    } else if (s instanceof Step step) {
      Object old = vars.get(step.name());
      int delta = step.increment() ? 1 : -1;
      vars.put(step.name(), old instanceof D d ? binary('+', d, constant(delta)) : (Object) ((Integer) old + delta));
    } else if (s instanceof Store st) {
      D[] array = (D[]) vars.get(st.array());
      int index = integer(st.index(), f);
      D value = real(st.value(), f);
      array[index] = st.op() == '=' ? value : binary(st.op(), array[index], value);
    } else if (s instanceof If i) {
      return bool(i.test(), f) ? exec(i.then(), f) : i.otherwise() != null ? exec(i.otherwise(), f) : Flow.NORMAL;
    } else if (s instanceof For loop) {
      return forLoop(loop, null, f);
    } else if (s instanceof While loop) {
      return whileLoop(loop, null, f);
    } else if (s instanceof ForEach loop) {
      return forEach(loop, null, f);
    } else if (s instanceof Labelled l && l.loop() instanceof Block block) {
      Flow flow = exec(block.body(), f);
      if (flow == Flow.BREAK && l.label().equals(jumpLabel)) {
        jumpLabel = null;
        return Flow.NORMAL;
      }
      return flow;
    } else if (s instanceof Labelled l) {
      return l.loop() instanceof For loop ? forLoop(loop, l.label(), f) : l.loop() instanceof While loop
          ? whileLoop(loop, l.label(), f) : forEach((ForEach) l.loop(), l.label(), f);
    } else if (s instanceof Switch sw) {
      return switchStatement(sw, f);
    } else if (s instanceof Throw t) {
      Object shown = value(kind(t.shown()), t.shown(), f);
      throw new Thrown("java.lang." + t.exception(), t.message() + (shown instanceof D d ? d.v() : shown));
    } else if (s instanceof Break b) {
      jumpLabel = b.label();
      return Flow.BREAK;
    } else if (s instanceof Continue c) {
      jumpLabel = c.label();
      return Flow.CONTINUE;
    } else if (s instanceof Run run) {
      invoke(run.call().callee(), arguments(run.call(), f));
    } else if (s instanceof Try t) {
      try {
        return exec(t.body(), f);
      } catch (ArithmeticException byZero) {
        return exec(t.handler(), f);
      }
    } else {
      Ex value = ((Return) s).value();
      f.result = value == null ? null : kind(value) == K.A ? array(value, f) : real(value, f);
      return Flow.RETURN;
    }
    return Flow.NORMAL;
  }

  /**
   * What a variable declared without an initializer holds: Java has it assigned before it is read,
   * so this only tells an assignment the variable's kind.
   */
  private static Object unassigned(K kind) {
    return switch (kind) {
      case D -> D.constant(0);
      case I -> 0;
      default -> false;
    };
  }

  private static K kindOf(Object value) {
    return value instanceof D ? K.D : value instanceof Integer ? K.I : value instanceof D[] ? K.A : K.B;
  }

  /**
   * Whether the pending break or continue targets the loop labelled {@code label} (null for none):
   * an unlabelled one targets the innermost loop. Clears it when it does.
   */
  private boolean targets(String label) {
    if (jumpLabel == null || jumpLabel.equals(label)) {
      jumpLabel = null;
      return true;
    }
    return false;
  }

  /** The flow that ends a loop labelled {@code label} after an iteration ended with {@code flow}, or null to go on. */
  private Flow afterIteration(Flow flow, String label) {
    if (flow == Flow.RETURN) {
      return flow;
    }
    if (flow == Flow.BREAK) {
      return targets(label) ? Flow.NORMAL : Flow.BREAK;
    }
    if (flow == Flow.CONTINUE) {
      return targets(label) ? null : Flow.CONTINUE;
    }
    return null;
  }

  private Flow forLoop(For loop, String label, Frame f) {
    f.vars.put(loop.counter(), integer(loop.init(), f));
    while (bool(loop.test(), f)) {
      Flow end = afterIteration(exec(loop.body(), f), label);
      if (end != null) {
        return end;
      }
      exec(loop.update(), f);
    }
    return Flow.NORMAL;
  }

  private Flow whileLoop(While loop, String label, Frame f) {
    if (!loop.doWhile() && !bool(loop.test(), f)) {
      return Flow.NORMAL;
    }
    do {
      Flow end = afterIteration(exec(loop.body(), f), label);
      if (end != null) {
        return end;
      }
    } while (bool(loop.test(), f));
    return Flow.NORMAL;
  }

  /** A for-each: the array is evaluated once, each element read as its iteration begins. */
  private Flow forEach(ForEach loop, String label, Frame f) {
    Object array = f.vars.get(loop.array());
    int length = array instanceof D[] doubles ? doubles.length : ((int[]) array).length;
    for (int i = 0; i < length; i++) {
      f.vars.put(loop.name(), array instanceof D[] doubles ? read(doubles[i]) : (Object) ((int[]) array)[i]);
      Flow end = afterIteration(exec(loop.body(), f), label);
      if (end != null) {
        return end;
      }
    }
    return Flow.NORMAL;
  }

  /**
   * A switch statement: the matching arm, or default, and in the old form the arms after it while
   * they fall through; an unlabelled break leaves the switch.
   */
  private Flow switchStatement(Switch sw, Frame f) {
    List<Arm> arms = sw.arms();
    int chosen = choose(sw.selector(), arms.stream().map(Arm::labels).toList(), f);
    for (int i = chosen; i >= 0 && i < arms.size(); i++) {
      Flow flow = exec(arms.get(i).body(), f);
      if (flow == Flow.BREAK && jumpLabel == null) {
        return Flow.NORMAL;
      }
      if (flow != Flow.NORMAL) {
        return flow;
      }
      if (sw.arrow() || !arms.get(i).fallsThrough()) {
        break;
      }
    }
    return Flow.NORMAL;
  }

  /** The arm whose labels hold the selector's value, else the default arm (no labels), else -1; traced. */
  private int choose(Ex selector, List<List<Object>> labels, Frame f) {
    Object value = switch (kind(selector)) {
      case I -> integer(selector, f);
      default -> f.vars.get(((Var) selector).name());
    };
    int chosen = labels.indexOf(List.of());
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).contains(value)) {
        chosen = i;
      }
    }
    trace.add(chosen);
    return chosen;
  }

  // ---------------------------------------------------------------- expressions

  /** The value of {@code e} as a {@code kind}: a D, an Integer, a Boolean, or a D[] (an array variable). */
  private Object value(K kind, Ex e, Frame f) {
    return switch (kind) {
      case D -> real(e, f);
      case I -> integer(e, f);
      case B -> bool(e, f);
      case S -> e instanceof SLit l ? l.value() : f.vars.get(((Var) e).name());
      default -> array(e, f);
    };
  }

  /** An array (a variable, a new one or a call's result) or an enum constant. */
  private Object array(Ex e, Frame f) {
    if (e instanceof Fresh fresh) {
      D[] array = new D[integer(fresh.length(), f)];
      Arrays.fill(array, D.constant(0));
      return array;
    }
    return e instanceof Call call ? invoke(call.callee(), arguments(call, f)) : f.vars.get(((Var) e).name());
  }

  /** The arguments of {@code call}; those of {@code double...} gathered into an array unless one array is passed. */
  private Object[] arguments(Call call, Frame f) {
    List<Param> params = call.callee().params;
    List<Ex> given = call.args();
    boolean spread = call.callee().varargs && !(given.size() == params.size() && kind(given.get(given.size() - 1)) == K.A);
    Object[] args = new Object[params.size()];
    for (int i = 0; i < args.length; i++) {
      if (spread && i == args.length - 1) {
        args[i] = given.subList(i, given.size()).stream().map(e -> real(e, f)).toArray(D[]::new);
      } else {
        args[i] = value(params.get(i).kind(), given.get(i), f);
      }
    }
    return args;
  }

  private D constant(double v) {
    return note(D.constant(v));
  }

  /**
   * Whether a value that is not finite rejects the point: any such value, or with singular
   * partials allowed only one that is read again (a NaN left unused on the path taken is the case
   * the zero-adjoint rule is for; one that flows on reaches the result or a decision).
   */
  private boolean nonFinite(PointFilter filter) {
    return filter.rejectsSingularPartials() ? nonFinite : nonFiniteRead;
  }

  /** A value read from a variable or an element. */
  private D read(D value) {
    if (!Double.isFinite(value.v())) {
      nonFiniteRead = true;
    }
    return value;
  }

  private D note(D value) {
    if (!Double.isFinite(value.v())) {
      nonFinite = true;
    } else {
      largest = Math.max(largest, Math.abs(value.v()));
    }
    return value;
  }

  /** A decision between varied values {@code a} and {@code b}: how close it is to flipping. */
  private void margin(double a, double b, String what) {
    double relative = Math.abs(a - b) / Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    if (relative < nearest) {
      nearest = relative;
      nearestWhat = what;
    }
  }

  private boolean bool(Ex e, Frame f) {
    if (e instanceof Cmp c) {
      return comparison(c, f);
    }
    if (e instanceof Logic l) {
      return l.op().equals("&&") ? bool(l.left(), f) && bool(l.right(), f) : bool(l.left(), f) || bool(l.right(), f);
    }
    if (e instanceof Not n) {
      return !bool(n.operand(), f);
    }
    if (e instanceof StrTest t) {
      String text = (String) f.vars.get(t.name());
      return t.value() == null ? text.isEmpty() : text.equals(t.value());
    }
    if (e instanceof EnumIs is) {
      return f.vars.get(is.name()).equals(is.constant());
    }
    return e instanceof BLit l ? l.value() : (Boolean) f.vars.get(((Var) e).name());
  }

  /** A comparison, traced; a comparison of varied values also notes how close it is to flipping. */
  private boolean comparison(Cmp c, Frame f) {
    boolean result;
    if (kind(c.left()) == K.I && kind(c.right()) == K.I) {
      result = compare(c.op(), integer(c.left(), f), integer(c.right(), f));
    } else {
      D left = real(c.left(), f);
      D right = real(c.right(), f);
      if ((!left.isConstant() || !right.isConstant()) && left != right) { // x < x never flips
        margin(left.v(), right.v(), "branch");
      }
      result = compare(c.op(), left.v(), right.v());
    }
    trace.add(result ? 1 : 0);
    return result;
  }

  /** {@code a op b}; ints compare exactly as doubles. */
  private static boolean compare(String op, double a, double b) {
    return switch (op) {
      case "<" -> a < b;
      case "<=" -> a <= b;
      case ">" -> a > b;
      case ">=" -> a >= b;
      case "==" -> a == b;
      default -> a != b;
    };
  }

  private int integer(Ex e, Frame f) {
    if (e instanceof ILit l) {
      return l.value();
    }
    if (e instanceof Var v) {
      return (Integer) f.vars.get(v.name());
    }
    if (e instanceof Len l) {
      Object array = f.vars.get(l.array());
      return array instanceof D[] doubles ? doubles.length : array instanceof D[][] rows ? rows.length
          : ((int[]) array).length;
    }
    if (e instanceof Inc inc) {
      int old = (Integer) f.vars.get(inc.name());
      int updated = inc.increment() ? old + 1 : old - 1;
      f.vars.put(inc.name(), updated);
      return inc.prefix() ? updated : old;
    }
    if (e instanceof IElem el) {
      int[] array = (int[]) f.vars.get(el.array());
      return array[integer(el.index(), f)];
    }
    if (e instanceof StrLen l) {
      return ((String) f.vars.get(l.name())).length();
    }
    if (e instanceof Ordinal o) {
      return ((EnumConst) f.vars.get(o.name())).ordinal();
    }
    if (e instanceof Neg n) {
      return -integer(n.operand(), f);
    }
    if (e instanceof Cond c) {
      return bool(c.test(), f) ? integer(c.then(), f) : integer(c.otherwise(), f);
    }
    Bin b = (Bin) e;
    return integerOp(b.op(), integer(b.left(), f), integer(b.right(), f));
  }

  private static int integerOp(char op, int a, int b) {
    return switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      case '*' -> a * b;
      case '/' -> a / b;
      default -> a % b;
    };
  }

  private D real(Ex e, Frame f) {
    if (kind(e) == K.I) {
      return constant(integer(e, f));
    }
    if (e instanceof DLit l) {
      return constant(l.value());
    }
    if (e instanceof Var v) {
      return read((D) f.vars.get(v.name()));
    }
    if (e instanceof Elem el) {
      D[] array = (D[]) f.vars.get(el.array());
      return read(array[integer(el.index(), f)]);
    }
    if (e instanceof Elem2 el) {
      D[][] matrix = (D[][]) f.vars.get(el.matrix());
      D[] row = matrix[integer(el.row(), f)];
      return read(row[integer(el.column(), f)]);
    }
    if (e instanceof Neg n) {
      D x = real(n.operand(), f);
      return combine(-x.v(), new D[] {x}, new double[] {-1});
    }
    if (e instanceof Cast cast) {
      return constant(integer(cast.operand(), f));
    }
    if (e instanceof Bin b) {
      D left = real(b.left(), f);
      D right = real(b.right(), f);
      if (b.op() == '/') {
        trace.add(TableFunction.sign(right.v())); // a pole between two points is a discontinuity
      }
      return binary(b.op(), left, right);
    }
    if (e instanceof Cond c) {
      return bool(c.test(), f) ? real(c.then(), f) : real(c.otherwise(), f);
    }
    if (e instanceof SwitchEx sw) {
      return real(sw.values().get(choose(sw.selector(), sw.labels(), f)), f);
    }
    if (e instanceof Call call) {
      return note(run(call.callee(), arguments(call, f)));
    }
    Fn fn = (Fn) e;
    D[] a = fn.args().stream().map(arg -> real(arg, f)).toArray(D[]::new);
    return apply(fn.function(), a);
  }

  private D binary(char op, D x, D y) {
    double a = x.v();
    double b = y.v();
    return switch (op) {
      case '+' -> combine(a + b, new D[] {x, y}, new double[] {1, 1});
      case '-' -> combine(a - b, new D[] {x, y}, new double[] {1, -1});
      case '*' -> combine(a * b, new D[] {x, y}, new double[] {b, a});
      default -> combine(a / b, new D[] {x, y}, new double[] {1 / b, -a / (b * b)});
    };
  }

  /** The result {@code v} of a function of {@code operands} whose partials are {@code partials}. */
  private D combine(double v, D[] operands, double[] partials) {
    double[] d = null;
    double[] a = null;
    double err = 0;
    for (int j = 0; j < operands.length; j++) {
      if (operands[j].isConstant()) {
        continue; // as in the companion and the twin, a constant operand sends nothing back
      }
      if (d == null) {
        d = new double[inputs];
        a = new double[inputs];
        err = Math.ulp(v);
      }
      if (!Double.isFinite(partials[j])) {
        singular = true;
      }
      err += Math.abs(partials[j]) * operands[j].err();
      for (int i = 0; i < inputs; i++) {
        d[i] += partials[j] * operands[j].d()[i];
        a[i] += Math.abs(partials[j]) * operands[j].a()[i];
      }
    }
    return note(new D(v, d, a, err));
  }

  private D apply(TableFunction function, D[] x) {
    double a = x[0].v();
    double b = x.length > 1 ? x[1].v() : Double.NaN;
    trace.add(function.piece(a, b));
    boolean varied = Arrays.stream(x).anyMatch(operand -> !operand.isConstant());
    if (function.kinked() && varied && (x.length == 1 || x[0] != x[1])) { // max(x, x) never flips
      margin(a, x.length == 1 ? 0 : b, "kink");
    }
    double[] valueAndPartials = function.valueAndPartials(a, b);
    return combine(valueAndPartials[0], x, Arrays.copyOfRange(valueAndPartials, 1, valueAndPartials.length));
  }
}
