package io.javagrad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.lang.model.type.TypeMirror;

/**
 * The local variables in scope while a body is translated, block by block. Every variable gets a
 * name of its own within the method: Java lets sibling blocks reuse a name, but the generated code
 * declares some locals once for the whole method, so a reused name is suffixed ({@code i_1}). So is
 * a name that would hide a type the companion names: a parameter {@code Owner} of a method of
 * {@code Owner} that calls {@code Owner.helper}.
 */
final class Scope {
  private final Deque<Map<String, Variable>> blocks = new ArrayDeque<>();
  /** The row aliases declared in each block, as {@link #blocks} holds its variables. */
  private final Deque<Map<String, RowAlias>> rows = new ArrayDeque<>();
  /** The names that patterns bind in each block ({@code x instanceof T t}). */
  private final Deque<Map<String, Binding>> bindings = new ArrayDeque<>();
  /** The names bound to lambdas and method references in each block ({@link FunctionValue}). */
  private final Deque<Map<String, FunctionValue>> functions = new ArrayDeque<>();
  /** The names bound to records followed by their components in each block ({@link RecordValue}). */
  private final Deque<Map<String, RecordValue>> records = new ArrayDeque<>();
  /** The names bound to fixed sequences of such records in each block ({@link RecordSequences}). */
  private final Deque<Map<String, List<RecordValue>>> sequences = new ArrayDeque<>();
  /** The names bound to arrays of such records held as structures of arrays in each block ({@link RecordArrays}). */
  private final Deque<Map<String, RecordArrays.Held>> recordArrays = new ArrayDeque<>();
  /** The arrays of such records that a use keeps from being held so, with that use, in each block. */
  private final Deque<Map<String, RecordArrays.Unheld>> unheldArrays = new ArrayDeque<>();
  /**
   * For each list of statements being translated, outermost first, its statements from the one
   * translated now on: what may still read a variable. A scope made for a lambda or an inlined
   * body has none of its enclosing method's.
   */
  private final List<List<? extends StatementTree>> following = new ArrayList<>();
  /**
   * The row aliases of the bodies this one is inlined into ({@link #inlined}) that they may read
   * after the call: a new row this body gives one of their matrices would be seen through them.
   * This body cannot name them; two may share a name.
   */
  private final List<Map.Entry<String, RowAlias>> callers = new ArrayList<>();
  private final Set<String> taken;
  private final Set<String> usedNames;
  private final Predicate<String> typeNames;
  /**
   * The object whose instance method is translated (an enum constant, a record), through which
   * {@code this}, its fields and its other methods are read; null in a static method.
   */
  private Variable receiver;

  /**
   * @param typeNames whether a name is one the companion may write for a type, unqualified: a
   *     variable of that name would hide the type, so it gets another
   */
  Scope(Set<String> identifiers, Predicate<String> typeNames) {
    this(new HashSet<>(identifiers), new HashSet<>(), typeNames);
  }

  private Scope(Set<String> taken, Set<String> usedNames, Predicate<String> typeNames) {
    this.taken = taken;
    this.usedNames = usedNames;
    this.typeNames = typeNames;
    open();
  }

  /**
   * The scope of a method's body inlined into this one's ({@code Inliner}): none of this scope's
   * variables are seen there, as Java sees none of a caller's in its callee, but its names are
   * drawn from the same method's, so that no two variables of the method share one. {@code
   * identifiers} are those the callee's source uses, which generated names avoid as well.
   */
  Scope inlined(Set<String> identifiers) {
    taken.addAll(identifiers);
    Scope inlined = new Scope(taken, usedNames, typeNames);
    aliasesReadFromHere().forEach(alias -> inlined.callers.add(Map.entry(alias.getKey(),
        alias.getValue().seenElsewhere())));
    return inlined;
  }

  /**
   * {@code double[] row = m[i];} for a {@code double[][]} {@code m}: {@code row[j]} is {@code
   * m[index][j]}, where {@code index} is an int local that holds {@code i} as it was there.
   */
  record RowAlias(Variable matrix, Variable index, int declaredIn) {
    /** As seen in a lambda's scope, which knows nothing of the statements around the lambda. */
    RowAlias seenElsewhere() {
      return new RowAlias(matrix, index, UNKNOWN);
    }
  }

  /** Where a row alias was declared, in a scope that does not know. */
  private static final int UNKNOWN = -1;

  /**
   * {@code x instanceof T t} for a variable {@code x}: {@code t} is {@code x} read as a {@code T}.
   * Java keeps {@code t} in scope only where the test held, so it names {@code x}'s value there.
   */
  record Binding(Variable variable, TypeMirror type) {}

  /**
   * The scope a lambda written here sees, for its body to be translated where it is applied: the
   * names in scope now, as Java lets a lambda capture them (they are effectively final, so they
   * hold the same values wherever it is applied), and the same method's names for new variables.
   */
  Scope snapshot() {
    Scope seen = new Scope(taken, usedNames, typeNames);
    seen.receiver = receiver;
    blocks.descendingIterator().forEachRemaining(seen.blocks.peek()::putAll);
    rows.descendingIterator().forEachRemaining(block -> block.forEach((name, alias) ->
        seen.rows.peek().put(name, alias.seenElsewhere())));
    bindings.descendingIterator().forEachRemaining(seen.bindings.peek()::putAll);
    functions.descendingIterator().forEachRemaining(seen.functions.peek()::putAll);
    records.descendingIterator().forEachRemaining(seen.records.peek()::putAll);
    seen.callers.addAll(callers);
    return seen;
  }

  void open() {
    blocks.push(new HashMap<>());
    rows.push(new HashMap<>());
    bindings.push(new HashMap<>());
    functions.push(new HashMap<>());
    records.push(new HashMap<>());
    sequences.push(new HashMap<>());
    recordArrays.push(new HashMap<>());
    unheldArrays.push(new HashMap<>());
  }

  void close() {
    blocks.pop();
    rows.pop();
    bindings.pop();
    functions.pop();
    records.pop();
    sequences.pop();
    recordArrays.pop();
    unheldArrays.pop();
  }

  /** Makes {@code name} stand for {@code function} in the innermost block: a name that declares no variable. */
  void bindFunction(String name, FunctionValue function) {
    functions.peek().put(name, function);
  }

  /** The function called {@code name}, or null; a variable of that name hides it ({@link #get} first). */
  FunctionValue function(String name) {
    return innermost(functions, name);
  }

  /**
   * Makes {@code name} stand for {@code value}, a record followed by its components, in the innermost
   * block; {@code this} names the receiver of a record's method inlined for such a record.
   */
  void bindRecord(String name, RecordValue value) {
    records.peek().put(name, value);
  }

  /**
   * Makes {@code name} stand for {@code elements}, a fixed sequence of records followed by their
   * components, in the innermost block, and {@code name[k]} for the element {@code k}.
   */
  void bindSequence(String name, List<RecordValue> elements) {
    sequences.peek().put(name, elements);
    for (int k = 0; k < elements.size(); k++) {
      bindRecord(RecordSequences.elementKey(name, k), elements.get(k));
    }
  }

  /** The elements of the sequence called {@code name}, or null; a variable of that name hides it. */
  List<RecordValue> sequence(String name) {
    return get(name) == null ? innermost(sequences, name) : null;
  }

  /** Makes {@code name} stand for {@code array}, an array of records held as a structure of arrays, in the innermost block. */
  void bindRecordArray(String name, RecordArrays.Held array) {
    recordArrays.peek().put(name, array);
  }

  /** The array of records called {@code name} held as a structure of arrays, or null; a variable of that name hides it. */
  RecordArrays.Held recordArray(String name) {
    return get(name) == null ? innermost(recordArrays, name) : null;
  }

  /** Notes that {@code name}, an array or a list of records of numbers declared in the innermost block, is not held as one because of {@code use}. */
  void noteUnheld(String name, RecordArrays.Unheld use) {
    unheldArrays.peek().put(name, use);
  }

  /** The use that keeps the array or list called {@code name} from being held as a structure of arrays, or null. */
  RecordArrays.Unheld unheld(String name) {
    return innermost(unheldArrays, name);
  }

  /** Undoes {@link #bindRecord} of {@code name} in the innermost block. */
  void unbindRecord(String name) {
    records.peek().remove(name);
  }

  /** The record followed by its components that {@code name} stands for, or null; a variable of that name hides it. */
  RecordValue record(String name) {
    return innermost(records, name);
  }

  /**
   * Makes {@code name} a pattern's binding of {@code v} in the innermost block, which holds the
   * statement that tests it: a negated test binds it after that statement.
   */
  void bind(String name, Variable v, TypeMirror type) {
    bindings.peek().put(name, new Binding(v, type));
  }

  /** The binding called {@code name}, or null; a variable of that name declared later hides it ({@link #get} first). */
  Binding binding(String name) {
    return innermost(bindings, name);
  }

  /** Makes {@code name} a row alias in the innermost block. */
  void aliasRow(String name, Variable matrix, Variable index) {
    rows.peek().put(name, new RowAlias(matrix, index, following.size() - 1));
  }

  /** Whether a row alias of {@code matrix} is in scope. */
  boolean hasRowAlias(Variable matrix) {
    return rowAliases(matrix).findAny().isPresent();
  }

  /**
   * The name of a row alias of {@code matrix} in scope that the statement translated now or one
   * after it may read, or null. Where none may, a new row given to {@code matrix} cannot be seen
   * through an alias, which names its row by index where Java's names the row it was given.
   */
  String rowAliasReadFromHere(Variable matrix) {
    return aliasesReadFromHere().filter(alias -> alias.getValue().matrix() == matrix)
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /**
   * The row aliases in scope, and those of the bodies this one is inlined into, that may be read
   * from the statement translated now on: by a statement, or by a lambda bound to a name (applied
   * later, it reads the alias there).
   */
  private Stream<Map.Entry<String, RowAlias>> aliasesReadFromHere() {
    return allRowAliases().filter(alias -> alias.getValue().declaredIn() == UNKNOWN
        || following.subList(alias.getValue().declaredIn(), following.size()).stream()
            .anyMatch(statements -> reads(statements, alias.getKey()))
        || functions.stream().flatMap(block -> block.values().stream())
            .anyMatch(function -> function.tree() != null && reads(List.of(function.tree()), alias.getKey())));
  }

  private Stream<Map.Entry<String, RowAlias>> rowAliases(Variable matrix) {
    return allRowAliases().filter(alias -> alias.getValue().matrix() == matrix);
  }

  private Stream<Map.Entry<String, RowAlias>> allRowAliases() {
    return Stream.concat(rows.stream().flatMap(block -> block.entrySet().stream()), callers.stream());
  }

  /** Whether {@code trees} read a variable called {@code name}. */
  static boolean reads(List<? extends Tree> trees, String name) {
    Boolean found = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree node, Void unused) {
        return node.getName().contentEquals(name);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(trees, null);
    return Boolean.TRUE.equals(found);
  }

  /** Notes that {@code statements}, of a list being translated, are what remains of it, the first translated now. */
  void translatingFrom(List<? extends StatementTree> statements) {
    following.add(statements);
  }

  /** Notes that the statement {@link #translatingFrom} noted last is translated. */
  void translated() {
    following.remove(following.size() - 1);
  }

  /** The row alias called {@code name}, or null. */
  RowAlias row(String name) {
    return innermost(rows, name);
  }

  /** 1 for the parameters, 2 for the method body's own statements, more inside nested blocks. */
  int depth() {
    return blocks.size();
  }

  Variable get(String name) {
    return innermost(blocks, name);
  }

  /** What {@code name} means in the innermost block of {@code blocks} that declares it, or null. */
  private static <T> T innermost(Deque<Map<String, T>> blocks, String name) {
    for (Map<String, T> block : blocks) {
      T found = block.get(name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Whether {@code trees} assign a variable called {@code name} ({@code name = ...}). */
  static boolean assigns(List<? extends Tree> trees, String name) {
    Boolean found = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitAssignment(AssignmentTree node, Void unused) {
        boolean here = node.getVariable() instanceof IdentifierTree id && id.getName().contentEquals(name);
        return here || Boolean.TRUE.equals(super.visitAssignment(node, unused));
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(trees, null);
    return Boolean.TRUE.equals(found);
  }

  /** Declares a parameter called {@code name}, which is a constant input if {@code constantInput}. */
  Variable declareParameter(String name, Type type, boolean constantInput) {
    Variable v = new Variable(unique(name), type, Variable.Kind.PARAMETER, constantInput);
    blocks.peek().put(name, v);
    return v;
  }

  /**
   * Declares a parameter of javagrad's own, named by no block, so that the body never reads it by
   * a name of its own: called {@code name}, or a variant where the body uses that identifier (a
   * parameter or field {@code dx}).
   */
  Variable declareUnnamedParameter(String name, Type type) {
    String free = name;
    while (taken.contains(free)) {
      free = free + "_";
    }
    return new Variable(unique(free), type, Variable.Kind.PARAMETER, false);
  }

  /**
   * Declares the receiver of an instance method as its first parameter, named by no block: the
   * body names it only as {@code this}, or not at all. An object, it carries no derivative.
   */
  Variable declareReceiver(Type type) {
    receiver = new Variable(unique("self"), type, Variable.Kind.PARAMETER, false);
    return receiver;
  }

  /**
   * Declares the local that holds the receiver of an instance method inlined here, named by no
   * block, as {@link #declareReceiver} declares a parameter.
   */
  Variable declareReceiverLocal(Type type) {
    receiver = declare("self", type, Variable.Kind.LOCAL);
    return receiver;
  }

  /** The receiver of the instance method translated, or null in a static one. */
  Variable receiver() {
    return receiver;
  }

  /** Declares a local called {@code name} in the innermost block. */
  Variable declareLocal(String name, Type type) {
    Variable v = declare(name, type, Variable.Kind.LOCAL);
    blocks.peek().put(name, v);
    return v;
  }

  /** Declares a local of javagrad's own, named by no block: a component of a record ({@link RecordValue}). */
  Variable declareUnnamedLocal(String name, Type type) {
    return declare(name, type, Variable.Kind.LOCAL);
  }

  /** Makes {@code name} another name for {@code v} in the innermost block: a read alias that declares nothing. */
  void alias(String name, Variable v) {
    blocks.peek().put(name, v);
  }

  /**
   * Declares a copy of {@code v} for a lambda to capture (see {@link Variable.Kind#CAPTURE}), in no
   * block: the lambda's reads are rewritten to it, and nothing else names it.
   */
  Variable declareCapture(Variable v) {
    return declare("_" + v.name(), v.type(), Variable.Kind.CAPTURE);
  }

  /** A name of its own within the method, for something that is not a variable: a label. */
  String reserve(String name) {
    return declare(name, Type.BOOLEAN, Variable.Kind.LOCAL).name();
  }

  private Variable declare(String name, Type type, Variable.Kind kind) {
    return new Variable(unique(name), type, kind);
  }

  private String unique(String name) {
    String unique = name;
    for (int k = 1; usedNames.contains(unique) || typeNames.test(unique); k++) {
      unique = name + "_" + k;
      while (taken.contains(unique)) {
        unique = unique + "_";
      }
    }
    usedNames.add(unique);
    return unique;
  }
}
