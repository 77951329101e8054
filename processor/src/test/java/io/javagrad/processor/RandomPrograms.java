package io.javagrad.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The programs of the randomized differential tests ({@link RandomDifferentialTest},
 * {@link RandomDifferentialControlFlowTest}): expression and statement trees, methods, the case
 * that one seed makes, and their Java source. Straight-line programs use a subset of the trees.
 */
final class RandomPrograms {
  private RandomPrograms() {}

  /**
   * The kinds of values: double, int, boolean, double[], and the inactive objects: String, the
   * case's enum ({@link Case#enumType}), int[].
   */
  /** Kinds: double, int, boolean, double[], String, enum, int[], and M, a local double[][]. */
  enum K { D, I, B, A, S, E, N, M }

  /** A constant of the case's enum, as the interpreter and the random points hold it. */
  record EnumConst(String name, int ordinal) {}

  /** The constants of every case's enum. */
  static final List<EnumConst> ENUM_CONSTANTS = List.of(new EnumConst("UP", 0), new EnumConst("DOWN", 1),
      new EnumConst("FLAT", 2));

  /** The strings that String parameters take at random points, and that conditions and switches test. */
  static final List<String> STRINGS = List.of("up", "down", "", "flat", "sideways");

  // ---------------------------------------------------------------- expressions

  /** An expression tree; its kind follows Java's typing (int op int is int arithmetic). */
  sealed interface Ex {}

  /** {@code -operand}, {@code !operand}, {@code (double) operand}. */
  sealed interface Unary extends Ex {
    Ex operand();
  }

  /** {@code left op right}. */
  sealed interface Binary extends Ex {
    Ex left();

    Ex right();
  }

  /** A non-negative double literal, written as {@code text} ({@code 2.0}, or {@code 2.0e0}). */
  record DLit(double value, String text) implements Ex {
    DLit(double value) {
      this(value, Double.toString(value));
    }
  }

  /** A non-negative int literal. */
  record ILit(int value) implements Ex {}

  record BLit(boolean value) implements Ex {}

  /** A parameter, local or static final constant; of kind A only as a call's argument. */
  record Var(String name, K kind) implements Ex {}

  record Elem(String array, Ex index) implements Ex {}

  record Len(String array) implements Ex {}

  /** {@code matrix[row][column]} of a local double[][]. */
  record Elem2(String matrix, Ex row, Ex column) implements Ex {}

  record Neg(Ex operand) implements Unary {}

  /** {@code + - * / %}. */
  record Bin(char op, Ex left, Ex right) implements Binary {}

  /**
   * A function of the table: {@code Math.exp(args)}, {@code Functions.relu(args)}, ... Written as
   * a call, or given as a function value to a helper that applies it, which computes the same: a
   * lambda ({@code apply1(t$ -> Math.exp(t$), a)}) or a method reference ({@code apply1(Math::exp, a)}).
   */
  record Fn(TableFunction function, List<Ex> args, Form form) implements Ex {
    Fn(TableFunction function, List<Ex> args) {
      this(function, args, Form.CALL);
    }
  }

  /**
   * How a function of the table is written: {@link Fn}. {@code RECURSIVE} is a lambda given to a
   * helper that recurses with it before applying it, which is specialized to it; {@code CAPTURED},
   * one applied by a lambda capturing it and the arguments, given to a helper that recurses with that.
   */
  enum Form { CALL, LAMBDA, REFERENCE, RECURSIVE, CAPTURED }

  /**
   * The helpers through which {@link Form#LAMBDA} and {@link Form#REFERENCE} apply a function, as
   * an integrator applies its integrand; one copy in each class the cases are compiled in.
   */
  static final String APPLY_HELPERS = """
        static double apply1(java.util.function.DoubleUnaryOperator f, double a) {
          return f.applyAsDouble(a);
        }
        static double apply2(java.util.function.DoubleBinaryOperator f, double a, double b) {
          return f.applyAsDouble(a, b);
        }
        static double applyAfter1(java.util.function.DoubleUnaryOperator f, double a, int levels) {
          return levels == 0 ? f.applyAsDouble(a) : applyAfter1(f, a, levels - 1);
        }
        static double applyAfter2(java.util.function.DoubleBinaryOperator f, double a, double b, int levels) {
          if (levels == 0) {
            return f.applyAsDouble(a, b);
          }
          return applyAfter2(f, a, b, levels - 1);
        }
        static double applyCaptured1(java.util.function.DoubleUnaryOperator f, double a) {
          return supplied(() -> f.applyAsDouble(a), 2);
        }
        static double applyCaptured2(java.util.function.DoubleBinaryOperator f, double a, double b) {
          return supplied(() -> f.applyAsDouble(a, b), 2);
        }
        static double supplied(java.util.function.DoubleSupplier s, int levels) {
          return levels == 0 ? s.getAsDouble() : supplied(s, levels - 1);
        }
      """;

  /**
   * A call to another generated method; to a method that takes {@code double...}, with the
   * elements one by one, or with one double[].
   */
  record Call(Method callee, List<Ex> args) implements Ex {}

  /** {@code new double[length]}, which a helper returning double[] returns early. */
  record Fresh(Ex length) implements Ex {}

  /** {@code (double) operand}. */
  record Cast(Ex operand) implements Unary {}

  /** {@code < <= > >= == !=}. */
  record Cmp(String op, Ex left, Ex right) implements Binary {}

  /** {@code &&} or {@code ||}. */
  record Logic(String op, Ex left, Ex right) implements Binary {}

  record Not(Ex operand) implements Unary {}

  /** {@code test ? then : otherwise}. */
  record Cond(Ex test, Ex then, Ex otherwise) implements Ex {}

  /** {@code name++}, {@code --name}, ... of an int variable, inside an expression. */
  record Inc(String name, boolean increment, boolean prefix) implements Ex {}

  /** {@code array[index]} of an int[]. */
  record IElem(String array, Ex index) implements Ex {}

  record SLit(String value) implements Ex {}

  /** {@code name.equals("value")}, or {@code name.isEmpty()} when value is null. */
  record StrTest(String name, String value) implements Ex {}

  /** {@code name.length()} of a String. */
  record StrLen(String name) implements Ex {}

  /** {@code name == Type.CONSTANT} of the case's enum {@code type}. */
  record EnumIs(String name, String type, EnumConst constant) implements Ex {}

  /** {@code name.ordinal()}. */
  record Ordinal(String name) implements Ex {}

  /**
   * A switch expression yielding doubles: {@code switch (selector) { case 1, 2 -> values[0]; ...
   * default -> values[n]; }}; an empty label list is {@code default}; labels are Integer, String or
   * EnumConst. With {@code blocks}, each arm is {@code -> { yield value; }}.
   */
  record SwitchEx(Ex selector, List<List<Object>> labels, List<Ex> values, boolean blocks) implements Ex {}

  static K kind(Ex e) {
    if (e instanceof ILit || e instanceof Len || e instanceof Inc || e instanceof IElem || e instanceof StrLen
        || e instanceof Ordinal) {
      return K.I;
    }
    if (e instanceof BLit || e instanceof Cmp || e instanceof Logic || e instanceof Not || e instanceof StrTest
        || e instanceof EnumIs) {
      return K.B;
    }
    if (e instanceof SLit) {
      return K.S;
    }
    if (e instanceof Var v) {
      return v.kind();
    }
    if (e instanceof Fresh || e instanceof Call c && c.callee().returns == K.A) {
      return K.A;
    }
    if (e instanceof Neg n) {
      return kind(n.operand());
    }
    if (e instanceof Bin b) {
      return kind(b.left()) == K.I && kind(b.right()) == K.I ? K.I : K.D;
    }
    if (e instanceof Cond c) {
      return kind(c.then()) == K.I && kind(c.otherwise()) == K.I ? K.I : K.D;
    }
    return K.D; // DLit, Elem, Fn, Call, Cast
  }

  /** Visits {@code e} and every expression inside it, outermost first. */
  private static void walk(Ex e, Consumer<Ex> visit) {
    visit.accept(e);
    operands(e).forEach(operand -> walk(operand, visit));
  }

  /** The expressions directly inside {@code e}, left to right. */
  private static List<Ex> operands(Ex e) {
    if (e instanceof Unary u) {
      return List.of(u.operand());
    }
    if (e instanceof Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Cond c) {
      return List.of(c.test(), c.then(), c.otherwise());
    }
    if (e instanceof Elem el) {
      return List.of(el.index());
    }
    if (e instanceof Fresh f) {
      return List.of(f.length());
    }
    if (e instanceof Elem2 el) {
      return List.of(el.row(), el.column());
    }
    if (e instanceof IElem el) {
      return List.of(el.index());
    }
    if (e instanceof SwitchEx sw) {
      List<Ex> all = new ArrayList<>(List.of(sw.selector()));
      all.addAll(sw.values());
      return all;
    }
    if (e instanceof Fn f) {
      return f.args();
    }
    return e instanceof Call c ? c.args() : List.of();
  }

  /** Whether {@code e} or any expression inside it passes {@code test}. */
  static boolean contains(Ex e, Predicate<Ex> test) {
    boolean[] found = {false};
    walk(e, x -> found[0] |= test.test(x));
    return found[0];
  }

  // ---------------------------------------------------------------- statements

  sealed interface St {}

  /**
   * {@code double|int|boolean name = init;}, or without an initializer when init is null; {@code var
   * name = init;} when {@code inferred} (and init's kind is the declared one).
   */
  record Decl(K kind, String name, Ex init, boolean inferred) implements St {
    Decl(K kind, String name, Ex init) {
      this(kind, name, init, false);
    }
  }

  /** {@code double[] name = new double[length];} */
  record NewArr(String name, Ex length) implements St {}

  /** {@code double[][] name = new double[rows][columns];} */
  record NewMat(String name, int rows, int columns) implements St {}

  /** {@code matrix[row][column] = value;} */
  record Store2(String matrix, Ex row, Ex column, Ex value) implements St {}

  /**
   * {@code double[] name = source;} when {@code declares}, else {@code name = source;}; with {@code
   * .clone()} after {@code source} when {@code copies}: aliases, buffer swaps and copies.
   */
  record ArrRef(String name, String source, boolean declares, boolean copies) implements St {}

  /** {@code System.arraycopy(source, from, target, to, count);} */
  record ArrayCopy(String source, int from, String target, int to, int count) implements St {}

  /** {@code java.util.Arrays.fill(array, value);}, or of {@code [from, to)} when {@code to} is not negative. */
  record Fill(String array, int from, int to, Ex value) implements St {}

  /** {@code double[] name = (test) ? ifTrue : ifFalse;}, which may choose a parameter's array. */
  record Choose(String name, Ex test, String ifTrue, String ifFalse) implements St {}

  /** {@code matrix[row] = source.clone();}, or {@code matrix[row] = source;} (shared) unless {@code copies}. */
  record RowCopy(String matrix, Ex row, String source, boolean copies) implements St {}

  /** {@code double[][] name = {{..}, {..}};}, rows of any lengths; {@code new double[][] {...}} when {@code created}. */
  record MatInit(String name, List<List<Ex>> rows, boolean created) implements St {}

  record Assign(String name, Ex value) implements St {}

  /** {@code name op= value;} */
  record Compound(String name, char op, Ex value) implements St {}

  /** {@code name++}, {@code --name}, ... */
  record Step(String name, boolean increment, boolean prefix) implements St {}

  /** {@code array[index] = value;} for op {@code =}, else {@code array[index] op= value;} */
  record Store(String array, Ex index, char op, Ex value) implements St {}

  /** {@code otherwise} is null for an if without else. */
  record If(Ex test, List<St> then, List<St> otherwise) implements St {}

  /**
   * {@code for (int counter = init; test; update) body}; {@code kind} says what shape it has, for
   * the statistics: counting up by 1, by 2, down, or with a data-dependent exit.
   */
  record For(String counter, Ex init, Ex test, St update, List<St> body, String kind) implements St {}

  /** {@code while (test) body}, or {@code do body while (test);}. */
  record While(Ex test, boolean doWhile, List<St> body) implements St {}

  /** {@code break;}, or {@code break label;}. */
  record Break(String label) implements St {
    Break() {
      this(null);
    }
  }

  /** {@code continue;}, or {@code continue label;}. */
  record Continue(String label) implements St {
    Continue() {
      this(null);
    }
  }

  /** {@code label: loop}, or {@code label: { ... }} when {@code loop} is a {@link Block}. */
  record Labelled(String label, St loop) implements St {}

  /** {@code { body }}: a labelled block's, which {@code break label;} leaves. */
  record Block(List<St> body) implements St {}

  /** {@code for (double|int|var name : array) body}, over a double[] or an int[] ({@code element} D or I). */
  record ForEach(K element, String name, String array, List<St> body, boolean inferred) implements St {}

  /** One arm of a switch statement: no labels for {@code default}; the old form's arm ends in break unless it falls through. */
  record Arm(List<Object> labels, List<St> body, boolean fallsThrough) {}

  /** A switch statement, in the old form ({@code case 1: case 2: ... break;}) or the arrow form. */
  record Switch(Ex selector, List<Arm> arms, boolean arrow) implements St {}

  /** {@code throw new exception("message" + shown);} */
  record Throw(String exception, String message, Ex shown) implements St {}

  /** {@code return value;}, or {@code return;} when value is null. */
  record Return(Ex value) implements St {}

  /** A call as a statement of its own: {@code w(out, in, s);}, a helper that writes into an array. */
  record Run(Call call) implements St {}

  /**
   * {@code try { body } catch (ArithmeticException byZero) { handler }}: the body divides ints,
   * which may throw, and both assign locals that carry no derivative.
   */
  record Try(List<St> body, List<St> handler) implements St {}

  // ---------------------------------------------------------------- methods and cases

  /**
   * A parameter: kind D, A or N (of the fixed {@code length}), M ({@code length} rows of {@code
   * columns}), I, B, S or E; {@code marked} @NoDerivative.
   */
  record Param(String name, K kind, int length, int columns, boolean marked) {
    Param(String name, K kind) {
      this(name, kind, 0, 0, false);
    }

    Param(String name, K kind, int length, boolean marked) {
      this(name, kind, length, 0, marked);
    }

    /** How many gradient slots it has unmarked: one per double, one per element of a double[] or double[][]. */
    int slots() {
      return switch (kind) {
        case D -> 1;
        case A -> length;
        case M -> length * columns;
        default -> 0;
      };
    }
  }

  static final class Method {
    final String name;
    final List<Param> params = new ArrayList<>();
    final List<St> body = new ArrayList<>();
    /** False for a helper without {@code @Differentiable}, which the processor differentiates on demand. */
    boolean annotated = true;
    /** Whether a helper without {@code @Differentiable} is private. */
    boolean privateHelper;
    /** What it returns: K.D, K.A (a helper returning double[]) or null (void). */
    K returns = K.D;
    /** Whether its last parameter, of kind A, is {@code double...}. */
    boolean varargs;

    Method(String name) {
      this.name = name;
    }

    boolean hasMarks() {
      return params.stream().anyMatch(Param::marked);
    }

    /** The parameter types, for the arguments {@code args} (an enum's class is that of its argument). */
    Class<?>[] types(Object[] args) {
      Class<?>[] types = new Class<?>[params.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = switch (params.get(i).kind()) {
          case D -> double.class;
          case A -> double[].class;
          case I -> int.class;
          case B -> boolean.class;
          case S -> String.class;
          case E -> ((Enum<?>) args[i]).getDeclaringClass();
          case N -> int[].class;
          case M -> double[][].class;
        };
      }
      return types;
    }
  }

  /** One seed's program: static final constants, helpers, then the main method {@code f}, last. */
  static final class Case {
    final long seed;
    final String prefix;
    /** Values of the static final constants, which the methods read as variables. */
    final Map<String, Number> constants = new LinkedHashMap<>();
    final Set<String> privateConstants = new LinkedHashSet<>();
    final List<Method> methods = new ArrayList<>();

    Case(long seed) {
      this.seed = seed;
      this.prefix = "c" + Long.toHexString(seed);
    }

    Method main() {
      return methods.get(methods.size() - 1);
    }

    /** The simple name of the case's enum, a member of the class, declared when a parameter has it. */
    String enumType() {
      return prefix + "_Mode";
    }

    boolean hasEnum() {
      return methods.stream().anyMatch(m -> m.params.stream().anyMatch(p -> p.kind() == K.E));
    }

    boolean hasMarks() {
      return methods.stream().anyMatch(Method::hasMarks);
    }

    /** The members, {@code @NoDerivative} marks included when {@code marks}. */
    String source(boolean marks) {
      StringBuilder text = new StringBuilder();
      constants.forEach((name, value) -> text.append("  ").append(privateConstants.contains(name) ? "private " : "")
          .append("static final ").append(Render.type(value instanceof Integer ? K.I : K.D)).append(name)
          .append(" = ").append(value instanceof Integer ? value.toString() : Double.toString(value.doubleValue()))
          .append(";\n"));
      if (hasEnum()) {
        text.append("  enum ").append(enumType()).append(" { ").append(String.join(", ",
            ENUM_CONSTANTS.stream().map(EnumConst::name).toList())).append(" }\n");
      }
      for (Method m : methods) {
        text.append(fallsThrough(m.body) ? "  @SuppressWarnings(\"fallthrough\")\n" : "")
            .append(m.annotated ? "  @Differentiable " : m.privateHelper ? "  private " : "  ")
            .append("static ").append(m.returns == null ? "void " : Render.type(m.returns)).append(m.name).append('(');
        for (int i = 0; i < m.params.size(); i++) {
          Param p = m.params.get(i);
          text.append(i == 0 ? "" : ", ").append(marks && p.marked() ? "@NoDerivative " : "")
              .append(p.kind() == K.E ? enumType() + " " : m.varargs && i == m.params.size() - 1 ? "double... "
                  : Render.type(p.kind())).append(p.name());
        }
        text.append(") {\n");
        Render.statements(m.body, "    ", text);
        text.append("  }\n");
      }
      return text.toString();
    }

    /** Counts the constructs the case uses, to show what the generator covers. */
    void countConstructs(Map<String, Integer> counts) {
      for (Method m : methods) {
        count(counts, "methods");
        if (m.hasMarks()) {
          count(counts, "methods with @NoDerivative");
        }
        m.params.stream().filter(p -> p.kind() == K.A).forEach(p -> count(counts, "array parameters"));
        m.params.stream().filter(p -> p.kind() == K.M).forEach(p -> count(counts, "double[][] parameters"));
        m.params.stream().filter(p -> p.kind() == K.S || p.kind() == K.E || p.kind() == K.N)
            .forEach(p -> count(counts, p.kind() == K.S ? "String parameters" : p.kind() == K.E
                ? "enum parameters" : "int[] parameters"));
        constructs(m.body, 0, m.params.stream().filter(p -> p.kind() == K.A || p.kind() == K.M).map(Param::name)
            .toList(), counts);
      }
    }

    /** Whether a switch in {@code body} has an arm with statements that falls through into the next. */
    private static boolean fallsThrough(List<St> body) {
      for (St s : body) {
        if (s instanceof Switch sw && sw.arms().stream().anyMatch(a -> a.fallsThrough() && !a.body().isEmpty())) {
          return true;
        }
        if (nested(s).stream().anyMatch(Case::fallsThrough)) {
          return true;
        }
      }
      return false;
    }

    /** The statement lists directly inside {@code s}. */
    private static List<List<St>> nested(St s) {
      if (s instanceof If i) {
        return i.otherwise() == null ? List.of(i.then()) : List.of(i.then(), i.otherwise());
      }
      if (s instanceof For f) {
        return List.of(f.body());
      }
      if (s instanceof While w) {
        return List.of(w.body());
      }
      if (s instanceof ForEach f) {
        return List.of(f.body());
      }
      if (s instanceof Labelled l) {
        return List.of(List.of(l.loop()));
      }
      if (s instanceof Block b) {
        return List.of(b.body());
      }
      if (s instanceof Try t) {
        return List.of(t.body(), t.handler());
      }
      return s instanceof Switch sw ? sw.arms().stream().map(Arm::body).toList() : List.of();
    }

    /** The expressions directly inside {@code s}, null for none. */
    private static List<Ex> expressions(St s) {
      List<Ex> out = new ArrayList<>();
      if (s instanceof If i) {
        out.add(i.test());
      } else if (s instanceof For f) {
        out.add(f.init());
        out.add(f.test());
      } else if (s instanceof While w) {
        out.add(w.test());
      } else if (s instanceof Switch sw) {
        out.add(sw.selector());
      } else if (s instanceof Return r) {
        out.add(r.value());
      } else if (s instanceof Store st) {
        out.add(st.index());
        out.add(st.value());
      } else if (s instanceof Decl d) {
        out.add(d.init());
      } else if (s instanceof Assign a) {
        out.add(a.value());
      } else if (s instanceof Compound c) {
        out.add(c.value());
      } else if (s instanceof NewArr a) {
        out.add(a.length());
      } else if (s instanceof Store2 st) {
        out.addAll(List.of(st.row(), st.column(), st.value()));
      } else if (s instanceof Fill fill) {
        out.add(fill.value());
      } else if (s instanceof Choose c) {
        out.add(c.test());
      } else if (s instanceof RowCopy c) {
        out.add(c.row());
      } else if (s instanceof MatInit m) {
        m.rows().forEach(out::addAll);
      } else if (s instanceof Throw t) {
        out.add(t.shown());
      } else if (s instanceof Run run) {
        out.add(run.call());
      }
      return out;
    }

    /** Counts the constructs of {@code body}; {@code parameterArrays} names the method's double[] and double[][] parameters. */
    private static void constructs(List<St> body, int loops, List<String> parameterArrays, Map<String, Integer> counts) {
      for (St s : body) {
        boolean loop = s instanceof For || s instanceof While || s instanceof ForEach;
        if (s instanceof If i) {
          count(counts, "if");
          if (i.otherwise() != null) {
            count(counts, "else");
          }
          if (i.then().size() == 1 && i.then().get(0) instanceof Throw) {
            count(counts, "if (...) throw");
          }
        } else if (s instanceof For f) {
          loop(counts, "for " + f.kind(), loops);
        } else if (s instanceof While w) {
          loop(counts, w.doWhile() ? "do/while" : "while", loops);
          if (w.test() instanceof Cmp c && c.left() instanceof Inc) {
            count(counts, "while (n-- > 0)");
          }
        } else if (s instanceof ForEach f) {
          loop(counts, f.element() == K.D ? "for-each over double[]" : "for-each over int[]", loops);
          if (f.inferred()) {
            count(counts, "var");
          }
        } else if (s instanceof Labelled l) {
          count(counts, l.loop() instanceof Block ? "labelled block" : "labelled loop");
        } else if (s instanceof Try) {
          count(counts, "try/catch assigning locals");
        } else if (s instanceof Switch sw) {
          count(counts, (sw.arrow() ? "switch statement, arrow form" : "switch statement, old form") + " over "
              + selectorKind(sw.selector()));
          if (sw.arms().stream().anyMatch(a -> a.fallsThrough() && !a.body().isEmpty())) {
            count(counts, "switch fall-through");
          }
          if (sw.arms().stream().anyMatch(a -> a.labels().size() > 1)) {
            count(counts, "switch arm with several labels");
          }
        } else if (s instanceof Return) {
          count(counts, loops > 0 ? "return in a loop" : "return");
        } else if (s instanceof Run run) {
          count(counts, parameterArrays.contains(((Var) run.call().args().get(0)).name())
              ? "call writing into a parameter's array" : "call writing into a local array");
        } else if (s instanceof Store st) {
          count(counts, st.index() instanceof Inc ? "a[k++] = ..." : "element store");
          if (parameterArrays.contains(st.array())) {
            count(counts, "store into a parameter's array");
          }
        } else if (s instanceof NewArr) {
          count(counts, loops > 0 ? "local array in a loop" : "local array");
        } else if (s instanceof NewMat) {
          count(counts, loops > 0 ? "local double[][] in a loop" : "local double[][]");
        } else if (s instanceof Store2 st) {
          count(counts, "double[][] element store");
          if (parameterArrays.contains(st.matrix())) {
            count(counts, "store into a parameter's array");
          }
        } else if (s instanceof ArrRef a) {
          count(counts, a.copies() ? "array clone" : a.declares() ? "array alias" : "array reassigned");
        } else if (s instanceof ArrayCopy c) {
          count(counts, parameterArrays.contains(c.target()) ? "System.arraycopy into a parameter" : "System.arraycopy");
        } else if (s instanceof Fill fill) {
          count(counts, parameterArrays.contains(fill.array()) ? "Arrays.fill of a parameter" : "Arrays.fill");
        } else if (s instanceof Choose c) {
          count(counts, parameterArrays.contains(c.ifTrue()) || parameterArrays.contains(c.ifFalse())
              ? "?: choosing a parameter's array" : "?: choosing a local array");
        } else if (s instanceof RowCopy c) {
          count(counts, c.copies() ? "row given a copy" : "row given a local array");
        } else if (s instanceof MatInit) {
          count(counts, "double[][] initializer");
        } else if (s instanceof Decl d && d.inferred()) {
          count(counts, "var");
        } else if (s instanceof Break b) {
          count(counts, b.label() == null ? "break" : "labelled break");
        } else if (s instanceof Continue c) {
          count(counts, c.label() == null ? "continue" : "labelled continue");
        }
        for (Ex e : expressions(s)) {
          expressionConstructs(e, loops, counts);
        }
        for (List<St> inner : nested(s)) {
          constructs(inner, loop ? loops + 1 : loops, parameterArrays, counts);
        }
      }
    }

    private static String selectorKind(Ex selector) {
      if (selector instanceof Var v && (v.kind() == K.S || v.kind() == K.E)) {
        return v.kind() == K.S ? "String" : "enum";
      }
      return "int";
    }

    private static void loop(Map<String, Integer> counts, String what, int loops) {
      count(counts, what);
      if (loops > 0) {
        count(counts, "nested loop");
      }
    }

    /** Counts the constructs of an expression of a statement, which is null for a declaration without one. */
    private static void expressionConstructs(Ex root, int loops, Map<String, Integer> counts) {
      if (root == null) {
        return;
      }
      walk(root, e -> {
        if (e instanceof Cond) {
          count(counts, "ternary");
        } else if (e instanceof Fn f && f.form() != Form.CALL) {
          count(counts, switch (f.form()) {
            case LAMBDA -> "function given as a lambda";
            case REFERENCE -> "function given as a reference";
            case RECURSIVE -> "function given to a recursive helper";
            default -> "function captured by a lambda given to a recursive helper";
          });
        } else if (e instanceof Call c) {
          count(counts, loops > 0 ? "call in a loop" : "call");
          if (c.callee().returns != K.D) {
            count(counts, c.callee().returns == K.A ? "call returning double[]" : "call of a void helper");
          } else if (c.callee().varargs) {
            count(counts, "call taking double...");
          }
        } else if (e instanceof Logic) {
          count(counts, "&& ||");
        } else if (e instanceof SwitchEx sw) {
          count(counts, "switch expression over " + selectorKind(sw.selector()));
        } else if (e instanceof Inc i) {
          count(counts, i.prefix() ? "++k/--k in an expression" : "k++/k-- in an expression");
        } else if (e instanceof Elem el && el.index() instanceof Inc) {
          count(counts, "a[k++]");
        } else if (e instanceof StrTest || e instanceof StrLen || e instanceof EnumIs || e instanceof Ordinal
            || e instanceof IElem) {
          count(counts, "use of an object parameter");
        }
      });
    }

    private static void count(Map<String, Integer> counts, String what) {
      counts.merge(what, 1, Integer::sum);
    }
  }

  // ---------------------------------------------------------------- source

  /** Java source for trees, with exactly the parentheses the tree needs. */
  private static final class Render {
    private Render() {}

    /** {@code "double "}, {@code "int "}, ...: the type of a declaration of that kind. */
    static String type(K kind) {
      return switch (kind) {
        case D -> "double ";
        case A -> "double[] ";
        case I -> "int ";
        case B -> "boolean ";
        case S -> "String ";
        case N -> "int[] ";
        case M -> "double[][] ";
        case E -> throw new IllegalArgumentException("the enum's name is the case's");
      };
    }

    static void statements(List<St> body, String indent, StringBuilder out) {
      for (St s : body) {
        statement(s, indent, out);
      }
    }

    private static void block(List<St> body, String indent, StringBuilder out) {
      out.append("{\n");
      statements(body, indent + "  ", out);
      out.append(indent).append('}');
    }

    private static void statement(St s, String indent, StringBuilder out) {
      out.append(indent);
      if (s instanceof Decl d) {
        out.append(d.inferred() ? "var " : type(d.kind())).append(d.name()).append(d.init() == null ? "" : " = " + expr(d.init())).append(';');
      } else if (s instanceof NewArr a) {
        out.append("double[] ").append(a.name()).append(" = new double[").append(expr(a.length())).append("];");
      } else if (s instanceof NewMat m) {
        out.append("double[][] ").append(m.name()).append(" = new double[").append(m.rows()).append("][")
            .append(m.columns()).append("];");
      } else if (s instanceof Store2 st) {
        out.append(st.matrix()).append('[').append(expr(st.row())).append("][").append(expr(st.column()))
            .append("] = ").append(expr(st.value())).append(';');
      } else if (s instanceof ArrRef a) {
        out.append(a.declares() ? "double[] " : "").append(a.name()).append(" = ").append(a.source())
            .append(a.copies() ? ".clone()" : "").append(';');
      } else if (s instanceof ArrayCopy c) {
        out.append("System.arraycopy(").append(c.source()).append(", ").append(c.from()).append(", ")
            .append(c.target()).append(", ").append(c.to()).append(", ").append(c.count()).append(");");
      } else if (s instanceof Fill fill) {
        out.append("java.util.Arrays.fill(").append(fill.array()).append(", ")
            .append(fill.to() < 0 ? "" : fill.from() + ", " + fill.to() + ", ").append(expr(fill.value())).append(");");
      } else if (s instanceof Choose c) {
        out.append("double[] ").append(c.name()).append(" = (").append(expr(c.test())).append(") ? ")
            .append(c.ifTrue()).append(" : ").append(c.ifFalse()).append(';');
      } else if (s instanceof RowCopy c) {
        out.append(c.matrix()).append('[').append(expr(c.row())).append("] = ").append(c.source())
            .append(c.copies() ? ".clone();" : ";");
      } else if (s instanceof MatInit m) {
        out.append("double[][] ").append(m.name()).append(" = ").append(m.created() ? "new double[][] {" : "{")
            .append(String.join(", ", m.rows().stream().map(row -> "{" + String.join(", ",
                row.stream().map(Render::expr).toList()) + "}").toList())).append("};");
      } else if (s instanceof Assign a) {
        out.append(a.name()).append(" = ").append(expr(a.value())).append(';');
      } else if (s instanceof Compound c) {
        out.append(c.name()).append(' ').append(c.op()).append("= ").append(expr(c.value())).append(';');
      } else if (s instanceof Step step) {
        String op = step.increment() ? "++" : "--";
        out.append(step.prefix() ? op + step.name() : step.name() + op).append(';');
      } else if (s instanceof Store st) {
        out.append(st.array()).append('[').append(expr(st.index())).append("] ")
            .append(st.op() == '=' ? "=" : st.op() + "=").append(' ').append(expr(st.value())).append(';');
      } else if (s instanceof If i) {
        ifStatement(i, indent, out);
      } else if (s instanceof For f) {
        forLoop(f, indent, out);
      } else if (s instanceof While w) {
        whileLoop(w, indent, out);
      } else if (s instanceof Break b) {
        out.append(b.label() == null ? "break;" : "break " + b.label() + ";");
      } else if (s instanceof Continue c) {
        out.append(c.label() == null ? "continue;" : "continue " + c.label() + ";");
      } else if (s instanceof Labelled l) {
        out.append(l.label()).append(":\n");
        statement(l.loop(), indent, out);
        return;
      } else if (s instanceof Block b) {
        block(b.body(), indent, out);
      } else if (s instanceof ForEach f) {
        out.append("for (").append(f.inferred() ? "var " : type(f.element())).append(f.name()).append(" : ")
            .append(f.array()).append(") ");
        block(f.body(), indent, out);
      } else if (s instanceof Switch sw) {
        switchStatement(sw, indent, out);
      } else if (s instanceof Throw t) {
        out.append("throw new ").append(t.exception()).append("(\"").append(t.message()).append("\" + ")
            .append(wrap(t.shown(), precedence(t.shown()) <= 6)).append(");");
      } else if (s instanceof Run run) {
        out.append(expr(run.call())).append(';');
      } else if (s instanceof Try t) {
        out.append("try ");
        block(t.body(), indent, out);
        out.append(" catch (ArithmeticException byZero) ");
        block(t.handler(), indent, out);
      } else {
        Ex value = ((Return) s).value();
        out.append(value == null ? "return;" : "return " + expr(value) + ";");
      }
      out.append('\n');
    }

    private static void ifStatement(If i, String indent, StringBuilder out) {
      out.append("if (").append(expr(i.test())).append(") ");
      block(i.then(), indent, out);
      if (i.otherwise() != null) {
        out.append(" else ");
        block(i.otherwise(), indent, out);
      }
    }

    private static void switchStatement(Switch sw, String indent, StringBuilder out) {
      out.append("switch (").append(expr(sw.selector())).append(") {\n");
      for (Arm arm : sw.arms()) {
        if (sw.arrow()) {
          out.append(indent).append("  ").append(arm.labels().isEmpty() ? "default" : "case " + labels(arm.labels()))
              .append(" -> ");
          block(arm.body(), indent + "  ", out);
          out.append('\n');
          continue;
        }
        if (arm.labels().isEmpty()) {
          out.append(indent).append("  default:\n");
        }
        for (Object label : arm.labels()) {
          out.append(indent).append("  case ").append(label(label)).append(":\n");
        }
        statements(arm.body(), indent + "    ", out);
        if (!arm.fallsThrough()) {
          out.append(indent).append("    break;\n");
        }
      }
      out.append(indent).append('}');
    }

    private static String labels(List<Object> labels) {
      return String.join(", ", labels.stream().map(Render::label).toList());
    }

    /** A case label: an int, a string literal, or an enum constant's bare name. */
    private static String label(Object label) {
      return label instanceof String text ? "\"" + text + "\"" : label instanceof EnumConst e ? e.name()
          : label.toString();
    }

    private static String switchExpression(SwitchEx sw) {
      StringBuilder out = new StringBuilder("switch (").append(expr(sw.selector())).append(") {");
      for (int i = 0; i < sw.values().size(); i++) {
        List<Object> labels = sw.labels().get(i);
        String value = expr(sw.values().get(i));
        out.append(labels.isEmpty() ? " default" : " case " + labels(labels)).append(" -> ")
            .append(sw.blocks() ? "{ yield " + yielded(value) + "; }" : value + ";");
      }
      return out.append(" }").toString();
    }

    /** Java reads {@code yield (} as a call of a method named yield: a value in parentheses first gets a unary plus. */
    private static String yielded(String value) {
      return value.startsWith("(") ? "+" + value : value;
    }

    private static void forLoop(For f, String indent, StringBuilder out) {
      StringBuilder update = new StringBuilder();
      statement(f.update(), "", update);
      out.append("for (int ").append(f.counter()).append(" = ").append(expr(f.init())).append("; ")
          .append(expr(f.test())).append("; ").append(update.substring(0, update.length() - 2)).append(") ");
      block(f.body(), indent, out);
    }

    private static void whileLoop(While w, String indent, StringBuilder out) {
      if (w.doWhile()) {
        out.append("do ");
        block(w.body(), indent, out);
        out.append(" while (").append(expr(w.test())).append(");");
      } else {
        out.append("while (").append(expr(w.test())).append(") ");
        block(w.body(), indent, out);
      }
    }

    private static int precedence(Ex e) {
      if (e instanceof Cond || e instanceof SwitchEx) {
        return 0;
      }
      if (e instanceof Logic l) {
        return l.op().equals("||") ? 1 : 2;
      }
      if (e instanceof Cmp c) {
        return c.op().equals("==") || c.op().equals("!=") ? 3 : 4;
      }
      if (e instanceof EnumIs) {
        return 3;
      }
      if (e instanceof Bin b) {
        return b.op() == '+' || b.op() == '-' ? 5 : 6;
      }
      if (e instanceof Unary || e instanceof Inc i && i.prefix()) {
        return 7;
      }
      return 8;
    }

    private static String wrap(Ex e, boolean parens) {
      return parens ? "(" + expr(e) + ")" : expr(e);
    }

    private static String expr(Ex e) {
      if (e instanceof DLit l) {
        return l.text();
      }
      if (e instanceof ILit l) {
        return Integer.toString(l.value());
      }
      if (e instanceof BLit l) {
        return Boolean.toString(l.value());
      }
      if (e instanceof Var v) {
        return v.name();
      }
      if (e instanceof Elem el) {
        return el.array() + "[" + expr(el.index()) + "]";
      }
      if (e instanceof Elem2 el) {
        return el.matrix() + "[" + expr(el.row()) + "][" + expr(el.column()) + "]";
      }
      if (e instanceof Len l) {
        return l.array() + ".length";
      }
      if (e instanceof Inc i) {
        String op = i.increment() ? "++" : "--";
        return i.prefix() ? op + i.name() : i.name() + op;
      }
      if (e instanceof IElem el) {
        return el.array() + "[" + expr(el.index()) + "]";
      }
      if (e instanceof SLit l) {
        return "\"" + l.value() + "\"";
      }
      if (e instanceof StrTest t) {
        return t.value() == null ? t.name() + ".isEmpty()" : t.name() + ".equals(\"" + t.value() + "\")";
      }
      if (e instanceof StrLen l) {
        return l.name() + ".length()";
      }
      if (e instanceof EnumIs is) {
        return is.name() + " == " + is.type() + "." + is.constant().name();
      }
      if (e instanceof Ordinal o) {
        return o.name() + ".ordinal()";
      }
      if (e instanceof SwitchEx sw) {
        return switchExpression(sw);
      }
      if (e instanceof Neg n) {
        return "-" + wrap(n.operand(), precedence(n.operand()) <= 7);
      }
      if (e instanceof Not n) {
        return "!" + wrap(n.operand(), precedence(n.operand()) < 7);
      }
      if (e instanceof Cast c) {
        return "(double) " + wrap(c.operand(), precedence(c.operand()) <= 7);
      }
      if (e instanceof Fn f) {
        return function(f);
      }
      if (e instanceof Call c) {
        return c.callee().name + arguments(c.args());
      }
      if (e instanceof Fresh f) {
        return "new double[" + expr(f.length()) + "]";
      }
      return operation(e);
    }

    private static String function(Fn f) {
      String spelling = f.function().spelling();
      if (f.form() == Form.CALL) {
        return spelling + arguments(f.args());
      }
      List<String> parameters = List.of("t$", "s$").subList(0, f.args().size());
      String function = f.form() == Form.REFERENCE ? spelling.replace(".", "::")
          : "(" + String.join(", ", parameters) + ") -> " + spelling + "(" + String.join(", ", parameters) + ")";
      List<String> args = f.args().stream().map(Render::expr).toList();
      if (f.form() == Form.RECURSIVE) {
        return "applyAfter" + args.size() + "(" + function + ", " + String.join(", ", args) + ", 2)";
      }
      if (f.form() == Form.CAPTURED) {
        return "applyCaptured" + args.size() + "(" + function + ", " + String.join(", ", args) + ")";
      }
      return "apply" + args.size() + "(" + function + ", " + String.join(", ", args) + ")";
    }

    private static String arguments(List<Ex> args) {
      return "(" + String.join(", ", args.stream().map(Render::expr).toList()) + ")";
    }

    /** A binary operation or a conditional, its operands in parentheses where Java would group them otherwise. */
    private static String operation(Ex e) {
      if (e instanceof Bin b) {
        int p = precedence(b);
        return wrap(b.left(), precedence(b.left()) < p) + " " + b.op() + " " + wrap(b.right(), precedence(b.right()) <= p);
      }
      if (e instanceof Cmp c) {
        int p = precedence(c);
        return wrap(c.left(), precedence(c.left()) <= p) + " " + c.op() + " " + wrap(c.right(), precedence(c.right()) <= p);
      }
      if (e instanceof Logic l) {
        int p = precedence(l);
        return wrap(l.left(), precedence(l.left()) < p) + " " + l.op() + " " + wrap(l.right(), precedence(l.right()) <= p);
      }
      Cond c = (Cond) e;
      return wrap(c.test(), precedence(c.test()) <= 0) + " ? " + wrap(c.then(), precedence(c.then()) <= 0) + " : "
          + wrap(c.otherwise(), precedence(c.otherwise()) <= 0);
    }
  }
}
