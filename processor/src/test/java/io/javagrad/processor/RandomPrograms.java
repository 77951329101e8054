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

  /** The kinds of values: double, int, boolean, double[]. */
  enum K { D, I, B, A }

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

  record Neg(Ex operand) implements Unary {}

  /** {@code + - * / %}. */
  record Bin(char op, Ex left, Ex right) implements Binary {}

  /** A function of the table: {@code Math.exp(args)}, {@code Functions.relu(args)}, ... */
  record Fn(TableFunction function, List<Ex> args) implements Ex {}

  /** A call to another generated method. */
  record Call(Method callee, List<Ex> args) implements Ex {}

  /** {@code (double) operand}. */
  record Cast(Ex operand) implements Unary {}

  /** {@code < <= > >= == !=}. */
  record Cmp(String op, Ex left, Ex right) implements Binary {}

  /** {@code &&} or {@code ||}. */
  record Logic(String op, Ex left, Ex right) implements Binary {}

  record Not(Ex operand) implements Unary {}

  /** {@code test ? then : otherwise}. */
  record Cond(Ex test, Ex then, Ex otherwise) implements Ex {}

  static K kind(Ex e) {
    if (e instanceof ILit || e instanceof Len) {
      return K.I;
    }
    if (e instanceof BLit || e instanceof Cmp || e instanceof Logic || e instanceof Not) {
      return K.B;
    }
    if (e instanceof Var v) {
      return v.kind();
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

  /** {@code double|int|boolean name = init;}, or without an initializer when init is null. */
  record Decl(K kind, String name, Ex init) implements St {}

  /** {@code double[] name = new double[length];} */
  record NewArr(String name, Ex length) implements St {}

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

  record Break() implements St {}

  record Continue() implements St {}

  record Return(Ex value) implements St {}

  // ---------------------------------------------------------------- methods and cases

  /** A parameter: kind D, A (of the fixed {@code length}), I or B; {@code marked} @NoDerivative. */
  record Param(String name, K kind, int length, boolean marked) {
    Param(String name, K kind) {
      this(name, kind, 0, false);
    }
  }

  static final class Method {
    final String name;
    final List<Param> params = new ArrayList<>();
    final List<St> body = new ArrayList<>();

    Method(String name) {
      this.name = name;
    }

    boolean hasMarks() {
      return params.stream().anyMatch(Param::marked);
    }

    Class<?>[] types() {
      return params.stream().map(p -> switch (p.kind()) {
        case D -> double.class;
        case A -> double[].class;
        case I -> int.class;
        case B -> boolean.class;
      }).toArray(Class<?>[]::new);
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
      for (Method m : methods) {
        text.append("  @Differentiable static double ").append(m.name).append('(');
        for (int i = 0; i < m.params.size(); i++) {
          Param p = m.params.get(i);
          text.append(i == 0 ? "" : ", ").append(marks && p.marked() ? "@NoDerivative " : "")
              .append(Render.type(p.kind())).append(p.name());
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
        constructs(m.body, 0, counts);
      }
    }

    private static void constructs(List<St> body, int loops, Map<String, Integer> counts) {
      for (St s : body) {
        if (s instanceof If i) {
          count(counts, "if");
          expressionConstructs(i.test(), loops, counts);
          constructs(i.then(), loops, counts);
          if (i.otherwise() != null) {
            count(counts, "else");
            constructs(i.otherwise(), loops, counts);
          }
        } else if (s instanceof For f) {
          loop(counts, "for " + f.kind(), loops);
          expressionConstructs(f.test(), loops, counts);
          constructs(f.body(), loops + 1, counts);
        } else if (s instanceof While w) {
          loop(counts, w.doWhile() ? "do/while" : "while", loops);
          expressionConstructs(w.test(), loops, counts);
          constructs(w.body(), loops + 1, counts);
        } else if (s instanceof Return r) {
          count(counts, loops > 0 ? "return in a loop" : "return");
          expressionConstructs(r.value(), loops, counts);
        } else if (s instanceof Store st) {
          count(counts, "element store");
          expressionConstructs(st.value(), loops, counts);
        } else if (s instanceof Decl d) {
          expressionConstructs(d.init(), loops, counts);
        } else if (s instanceof Assign a) {
          expressionConstructs(a.value(), loops, counts);
        } else if (s instanceof Compound c) {
          expressionConstructs(c.value(), loops, counts);
        } else if (s instanceof NewArr) {
          count(counts, "local array");
        } else if (!(s instanceof Step)) {
          count(counts, s instanceof Break ? "break" : "continue");
        }
      }
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
        } else if (e instanceof Call) {
          count(counts, loops > 0 ? "call in a loop" : "call");
        } else if (e instanceof Logic) {
          count(counts, "&& ||");
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
        out.append(type(d.kind())).append(d.name()).append(d.init() == null ? "" : " = " + expr(d.init())).append(';');
      } else if (s instanceof NewArr a) {
        out.append("double[] ").append(a.name()).append(" = new double[").append(expr(a.length())).append("];");
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
      } else if (s instanceof Break) {
        out.append("break;");
      } else if (s instanceof Continue) {
        out.append("continue;");
      } else {
        out.append("return ").append(expr(((Return) s).value())).append(';');
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
      if (e instanceof Cond) {
        return 0;
      }
      if (e instanceof Logic l) {
        return l.op().equals("||") ? 1 : 2;
      }
      if (e instanceof Cmp c) {
        return c.op().equals("==") || c.op().equals("!=") ? 3 : 4;
      }
      if (e instanceof Bin b) {
        return b.op() == '+' || b.op() == '-' ? 5 : 6;
      }
      if (e instanceof Unary) {
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
      if (e instanceof Len l) {
        return l.array() + ".length";
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
        return f.function().spelling() + arguments(f.args());
      }
      if (e instanceof Call c) {
        return c.callee().name + arguments(c.args());
      }
      return operation(e);
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
