package io.javagrad.processor.front;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import javax.lang.model.element.ExecutableElement;

/**
 * A helper given functions, made a helper of its own for those functions, so that it can call
 * itself: {@code adaptive(f, a, b, tol, whole)} given {@code t -> Math.exp(-k * t)} becomes
 * {@code Quadrature$adaptive$1(a, b, tol, whole, k)}, whose body applies the lambda where it
 * applies {@code f}, and whose recursive calls, given {@code f} again, call it. A helper given a
 * function is otherwise inlined ({@link Inliner}), which recursion cannot be; specialized, it is
 * called through its pullback as any helper returning a double, at a cost linear in the calls.
 *
 * <p>What a function captures from where it is written ({@code k}) becomes a parameter of the
 * specialization, after the helper's own: the derivative flows through it to the caller's variable
 * as through any argument. Each call passes the values its functions capture.
 *
 * <p>A helper given records followed by their components ({@code trace(Ray ray, int depth)} given
 * a {@code Ray} of locals) is made one the same way: each record parameter becomes a parameter per
 * leaf of the record ({@code ray_origin_x}, ...), bound to a record of them in the body.
 *
 * <p>One is made per helper, functions, records and companion ({@link CalleeResolver#specialization}), so
 * that the calls that ask for the same one share it.
 */
public final class Specialization {
  private final ExecutableElement helper;
  /** The functions it is given, by the index of their parameters. */
  private final SortedMap<Integer, FunctionValue> functions;
  /**
   * The parameters that take a record followed by its components, by their index, with the record:
   * each becomes a parameter per leaf of the record ({@link RecordValue}), in its place.
   */
  private final SortedMap<Integer, javax.lang.model.element.TypeElement> records;
  /** What they capture, in the order of the parameters they become. */
  private final List<Capture> captures;
  /** The private name of its derivative code in the caller's companion. */
  private final String entry;

  Specialization(ExecutableElement helper, SortedMap<Integer, FunctionValue> functions,
      SortedMap<Integer, javax.lang.model.element.TypeElement> records, List<Capture> captures, String entry) {
    this.helper = helper;
    this.functions = functions;
    this.records = records;
    this.captures = captures;
    this.entry = entry;
  }

  public ExecutableElement helper() {
    return helper;
  }

  /** The private name of its derivative code in the caller's companion: {@code Quadrature$adaptive$1}. */
  public String entry() {
    return entry;
  }

  SortedMap<Integer, FunctionValue> functions() {
    return functions;
  }

  SortedMap<Integer, javax.lang.model.element.TypeElement> records() {
    return records;
  }

  List<Capture> captures() {
    return captures;
  }

  /**
   * A variable {@code name} of {@code type} that a function given reads from where it is written:
   * the function at the parameter {@code function}, or, {@code through} naming them, a function
   * it captures, one that one captures, and so on ({@code x -> f.applyAsDouble(x) * w} reads
   * {@code w}, and through {@code f} what {@code f} captures).
   */
  record Capture(int function, List<String> through, String name, Type type) {}

  /**
   * What a call's functions are, for telling specializations apart: the trees of the functions,
   * each followed by those of the functions it captures, depth first; and what they capture, in
   * that order too.
   */
  record Closure(List<Tree> trees, List<Capture> captures) {}

  /** The trees of the functions given, in the order of their parameters. */
  static List<Tree> trees(SortedMap<Integer, FunctionValue> functions) {
    return functions.values().stream().map(f -> (Tree) f.tree()).toList();
  }

  /**
   * The closure of {@code functions}: each variable that a function's code reads by a simple name
   * and does not declare, which, Java forbidding a lambda to redeclare its surroundings' names, is
   * the variable of that name where it is written; and, for a function it captures, that one's
   * closure in turn. Refused: a function that captures itself through others (a recursion that
   * builds a new function at each level), a row alias, a pattern's binding, the receiver of an
   * instance method, and anything but numbers and their arrays.
   */
  static Closure closure(SortedMap<Integer, FunctionValue> functions, Tree site) {
    List<Tree> trees = new ArrayList<>();
    List<Capture> captures = new ArrayList<>();
    functions.forEach((index, function) -> close(index, List.of(), function, trees, captures, site));
    return new Closure(trees, captures);
  }

  private static void close(int index, List<String> through, FunctionValue function, List<Tree> trees,
      List<Capture> captures, Tree site) {
    if (trees.contains(function.tree())) {
      throw refused(site, function, "captures itself, through the functions it captures: the recursion gives"
          + " a new function at each level");
    }
    trees.add(function.tree());
    Scope seen = function.scope();
    if (seen == null) {
      return; // a method reference, or a field's code: it sees no local variable
    }
    if (seen.receiver() != null) {
      throw refused(site, function, "is written in an instance method, whose object it may read");
    }
    for (String name : readNames(function)) {
      Variable v = seen.get(name);
      FunctionValue captured = v == null ? seen.function(name) : null;
      if (v != null && v.type().isOther()) {
        throw refused(site, function, "captures " + name + ", a " + v.type().javaName());
      } else if (v != null) {
        captures.add(new Capture(index, through, name, v.type()));
      } else if (captured != null) {
        List<String> deeper = new ArrayList<>(through);
        deeper.add(name);
        close(index, List.copyOf(deeper), captured, trees, captures, site);
      } else if (seen.row(name) != null || seen.binding(name) != null) {
        throw refused(site, function, "captures " + name + ", a row of a double[][] or a pattern's binding");
      }
    }
  }

  /** The names of the functions {@code function} captures, in the order it reads them. */
  static List<String> functionsCaptured(FunctionValue function) {
    Scope seen = function.scope();
    return seen == null ? List.of() : readNames(function).stream()
        .filter(name -> seen.get(name) == null && seen.function(name) != null)
        .toList();
  }

  /** The values the functions of a call capture, read where each is written, in the order of {@link #captures}. */
  List<Expr> captured(Map<Integer, FunctionValue> given) {
    List<Expr> values = new ArrayList<>();
    for (Capture capture : captures) {
      FunctionValue reader = given.get(capture.function());
      for (String name : capture.through()) {
        reader = reader.scope().function(name);
      }
      values.add(new Expr.Read(reader.scope().get(capture.name())));
    }
    return values;
  }

  /** The names {@code function}'s code reads and does not declare, in order, once each; not the names of methods it calls. */
  private static Set<String> readNames(FunctionValue function) {
    Set<String> read = new LinkedHashSet<>();
    Set<String> declared = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        read.add(identifier.getName().toString());
        return null;
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        declared.add(variable.getName().toString());
        return super.visitVariable(variable, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (!(call.getMethodSelect() instanceof IdentifierTree)) {
          scan(call.getMethodSelect(), null);
        }
        scan(call.getArguments(), null);
        return null;
      }
    }.scan(function.tree(), null);
    read.removeAll(declared);
    return read;
  }

  private static Unsupported refused(Tree site, FunctionValue function, String why) {
    return new Unsupported(site, "this call recurses with " + SourceText.oneLine(function.tree()) + ", and javagrad"
        + " makes a recursive helper given a function a helper of its own, with what the function captures as"
        + " parameters; this function " + why + ", which cannot be one: capture numbers, their arrays and"
        + " functions, in a static method");
  }
}
