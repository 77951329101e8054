package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * One pass over code that runs as written ({@link OpaqueTranslator}): the edits that make its text
 * mean in the companion what it means in the user's file (a read of the method's variables, a
 * member named as the companion can name it ({@link CompanionNames}), a pattern's name read as the
 * tested variable, cast), whether it may be evaluated again, what it assigns, the jumps that
 * leave it, and how it reads the method's variables, whose derivatives {@link DerivativeLoss}
 * checks it does not lose.
 */
final class SourceRewriting extends TreeScanner<Void, Void> {
  /** What rewriting reads: the method's names, the file's text, and where it notes what it finds. */
  record Context(Scope scope, NameResolver names, NameTranslator qualifiers, CalleeResolver callees,
      TypeElement userClass, Bookkeeping bookkeeping, SourceFile source, TypeInference types, MemberCopies copies,
      OpaqueTranslator.Captures captures) {}

  /**
   * How the code reads the method's variables: where each read is, in the order of the code's
   * reads, and which of them take an array's length or compare it as a reference ({@code x ==
   * null}), take one element (a double passed by value), are inside a lambda or a class (a
   * capture), or are of an object whose method the code calls or whose field it assigns.
   */
  record Reads(List<IdentifierTree> sites, Set<IdentifierTree> referencesOnly, Set<IdentifierTree> elementsRead,
      Set<IdentifierTree> captured, Set<IdentifierTree> receivers, Set<IdentifierTree> decidingOnly) {
    Reads() {
      this(new ArrayList<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
    }
  }

  /** A replacement of the source text between {@code start} and {@code end}: code, or a variable's read. */
  private record Replacement(long start, long end, CodeBlock code, Variable read) {}

  private final Scope scope;
  private final NameResolver names;
  private final NameTranslator qualifiers;
  private final CalleeResolver callees;
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;
  private final SourceFile source;
  private final TypeInference types;
  private final OpaqueTranslator.Captures captures;
  private final CompanionNames companionNames;
  private final DerivativeLoss loss;

  private SourceRewriting(Context context, boolean isStatement, boolean lowersJumps, boolean returnsDouble) {
    this.scope = context.scope();
    this.names = context.names();
    this.qualifiers = context.qualifiers();
    this.callees = context.callees();
    this.userClass = context.userClass();
    this.bookkeeping = context.bookkeeping();
    this.source = context.source();
    this.types = context.types();
    this.captures = context.captures();
    this.companionNames = new CompanionNames(scope, names, callees, userClass, bookkeeping, context.copies());
    this.loss = new DerivativeLoss(scope, names, qualifiers, callees, bookkeeping, types);
    this.isStatement = isStatement;
    this.lowersJumps = lowersJumps;
    this.returnsDouble = returnsDouble;
  }

  /** A rewriting of code inside an expression, or of a type or of statements copied whole. */
  static SourceRewriting ofCode(Context context) {
    return new SourceRewriting(context, false, false, false);
  }

  /** A rewriting of a statement, which may assign the method's variables, and no jump may leave. */
  static SourceRewriting ofStatement(Context context) {
    return new SourceRewriting(context, true, false, false);
  }

  /**
   * A rewriting of a statement whose jumps out are lowered ({@link #leaveBy}), its {@code return
   * value;} too where the method {@code returnsDouble}.
   */
  static SourceRewriting ofLeavingStatement(Context context, boolean returnsDouble) {
    return new SourceRewriting(context, true, true, returnsDouble);
  }

  /** The jumps out of the statement, in order, where they are lowered. */
  List<Tree> jumpsOut() {
    return jumpsOut;
  }

  /** The method's variables that the statement assigns, each where it is first assigned. */
  Map<Variable, IdentifierTree> writes() {
    return writes;
  }

  private final List<Replacement> replacements = new ArrayList<>();
  private final Reads reads = new Reads();
  /** The rows {@code m[i]} that an element read {@code m[i][j]} takes its element from. */
  private final Set<ArrayAccessTree> rowsOfElements = new HashSet<>();
  /** The selects of the calls in the tree: {@code o.a} of {@code o.a()} names a method, not a field. */
  private final Set<Tree> methodSelects = new HashSet<>();
  /**
   * The names in the companion of the variables the code declares (a lambda's parameters, a
   * catch's, the locals of a try's block), by their names in the source: a loop's counter that the
   * companion declares at the method's level ({@code int i}, its scope in the source ended) may
   * share a name with a later lambda's parameter ({@code i -> x[i]}), which Java does not allow.
   * Told by name: no variable of the method in the source's scope here can share the name.
   */
  private final Map<String, String> ownNames = new HashMap<>();
  /** The lambdas given to Comparator's factories as the key to compare ({@code comparingDouble(i -> x[i])}). */
  private final Set<Tree> comparatorKeys = new HashSet<>();
  /** Names the tree declares itself (a lambda's parameters, an anonymous class's members). */
  private final Set<String> declaredInside = new HashSet<>();
  private boolean pure = true;
  /** How many lambdas and classes enclose the node visited: the variables they read, they capture. */
  private int capturing;
  /** How many lambdas and conditions that only decide ({@link DecidingCode}) enclose the node visited. */
  private int deciding;
  /** How many classes enclose the node visited, where {@code this} is another object than the receiver. */
  private int classes;
  /** Whether the tree is a statement run as written: a jump out of it is refused, and it may assign variables. */
  private final boolean isStatement;
  /** Whether jumps out of the statement are lowered rather than refused ({@link OpaqueTranslator#leavingStatement}). */
  private final boolean lowersJumps;
  /** Whether the method returns a double, so that {@code return value;} can be lowered too. */
  private final boolean returnsDouble;
  /** The jumps out of the statement, in order, where they are lowered. */
  private final List<Tree> jumpsOut = new ArrayList<>();
  /** The method's variables that the statement assigns, each where it is first assigned. */
  private final Map<Variable, IdentifierTree> writes = new LinkedHashMap<>();
  /** How many loops and switches inside the tree enclose the node visited, and the labels declared inside it. */
  private int jumpTargets;
  private final Set<String> labelsInside = new HashSet<>();

  /**
   * Rewrites the jumps out of {@code statement} ({@link #jumpsOut}) to set {@code jumped} to their
   * number, a return's value into {@code returned}, and leave by {@code label}, which encloses it.
   */
  void leaveBy(String label, Variable jumped, Variable returned, Tree statement) {
    replacements.add(new Replacement(source.start(statement), source.start(statement),
        CodeBlock.of("$L: { ", label), null));
    replacements.add(new Replacement(source.end(statement), source.end(statement), CodeBlock.of(" }"), null));
    for (int k = 0; k < jumpsOut.size(); k++) {
      Tree jump = jumpsOut.get(k);
      CodeBlock leave = CodeBlock.of("$L = $L; break $L; }", jumped.name(), k + 1, label);
      if (jump instanceof ReturnTree r) {
        replacements.add(new Replacement(source.start(r), source.start(r.getExpression()),
            CodeBlock.of("{ $L = ", returned.name()), null));
        replacements.add(new Replacement(source.end(r.getExpression()), source.end(r), CodeBlock.of("; $L", leave),
            null));
      } else {
        replacements.add(new Replacement(source.start(jump), source.end(jump), CodeBlock.of("{ $L", leave), null));
      }
    }
  }

  /** The text from {@code start} to {@code end}, rewritten; for code that reads none of the method's variables. */
  CodeBlock.Builder build(long start, long end) {
    replacements.sort(Comparator.comparingLong(Replacement::start));
    CodeBlock.Builder text = CodeBlock.builder();
    long at = start;
    for (Replacement r : replacements) {
      text.add("$L", source.text(at, r.start())).add(r.code());
      at = r.end();
    }
    return text.add("$L", source.text(at, end));
  }

  /** The code {@code tree}, of {@code type}, rewritten; the checks that it loses no derivative are noted. */
  Expr.Opaque build(Tree tree, Type type) {
    replacements.sort(Comparator.comparingLong(Replacement::start));
    List<CodeBlock> texts = new ArrayList<>();
    List<Expr.Read> values = new ArrayList<>();
    CodeBlock.Builder text = CodeBlock.builder();
    if (isBareInitializer(tree)) {
      // {a, b} is Java only in a declaration, and the generated code may declare the local elsewhere.
      text.add("new $L ", type.code());
    }
    long at = source.start(tree);
    int margin = source.column(at);
    for (Replacement r : replacements) {
      text.add("$L", source.unindented(at, r.start(), margin));
      if (r.read() != null) {
        texts.add(text.build());
        values.add(new Expr.Read(r.read()));
        text = CodeBlock.builder();
      } else {
        text.add(r.code());
      }
      at = r.end();
    }
    texts.add(text.add("$L", source.unindented(at, source.end(tree), margin)).build());
    Expr.Opaque code = new Expr.Opaque(type, texts, values, pure, precedence(tree), SourceText.oneLine(tree));
    loss.checkLater(code, tree, reads, writes, !writes.isEmpty() || !jumpsOut.isEmpty());
    return code;
  }

  /** An array initializer without {@code new T[]}, as a declaration may give it: {@code int[] dofs = {e, e + 1}}. */
  private static boolean isBareInitializer(Tree tree) {
    return tree instanceof NewArrayTree array && array.getType() == null && array.getDimensions().isEmpty();
  }

  /** {@code node}, a name, read as {@code local} (as captured, inside a lambda or class). */
  private void read(IdentifierTree node, Variable local) {
    read(node, node, local);
  }

  /** {@code replaced}, which reads the name {@code site}, read as {@code local} (as captured, inside a lambda or class). */
  private void read(IdentifierTree site, Tree replaced, Variable local) {
    Variable read = capturing > 0 ? captures.capture(local) : local;
    pure &= read.type().isRecordable();
    replacements.add(new Replacement(source.start(replaced), source.end(replaced), null, read));
    noteRead(site);
  }

  private void replace(Tree tree, CodeBlock code) {
    replacements.add(new Replacement(source.start(tree), source.end(tree), code, null));
  }

  @Override
  public Void visitIdentifier(IdentifierTree node, Void unused) {
    String name = node.getName().toString();
    if (declaredInside.contains(name)) {
      String own = ownNames.get(name);
      if (own != null && !own.equals(name)) {
        replace(node, CodeBlock.of("$L", own));
      }
      return null;
    }
    Scope.RowAlias row = scope.row(name);
    if (row != null) {
      readRow(node, row);
      return null;
    }
    Variable local = scope.get(name);
    if (local == null && scope.record(name) != null) {
      recordObject(node, node, scope.record(name));
      return null;
    }
    if (local == null && scope.sequence(name) != null) {
      throw new Unsupported(node, name + " stands for " + scope.sequence(name).size() + " records that javagrad"
          + " follows one by one (for (... : " + name + "), " + name + "[0].method(), " + name + ".length); code that"
          + " javagrad runs as written cannot hold it, or an element of it, as an object: read what it needs from"
          + " the elements before it");
    }
    if (local == null && scope.recordArray(name) != null) {
      throw new Unsupported(node, name + " is an array of " + scope.recordArray(name).type().getSimpleName()
          + " that javagrad holds as an array per number of its records, with no array of objects (" + name + "[i] ="
          + " r; " + name + "[i].method(); for (... : " + name + "); " + name + ".length); code that javagrad runs as"
          + " written reads its length and its elements (" + name + "[i].x(), \"\" + " + name + "[k]), but cannot hold"
          + " the array itself as an object: read what it needs from the elements before it");
    }
    if (local == null && scope.function(name) != null) {
      throw new Unsupported(node, name + " stands for " + SourceText.oneLine(scope.function(name).tree())
          + ", which javagrad follows where it is applied (" + name + ".apply...(x)) or passed to a helper of this"
          + " compilation; code that javagrad runs as written cannot hold it as an object: apply it there instead");
    }
    Scope.Binding binding = local == null ? scope.binding(name) : null;
    if (binding != null) {
      // The tested variable, cast: the companion tests the type alone (visitInstanceOf).
      CodeBlock type = companionNames.typeName((TypeElement) ((DeclaredType) binding.type()).asElement(), node);
      replacements.add(new Replacement(source.start(node), source.start(node), CodeBlock.of("(($L) ", type), null));
      replacements.add(new Replacement(source.end(node), source.end(node), CodeBlock.of(")"), null));
      local = binding.variable();
    }
    if (local != null) {
      read(node, local);
      return null;
    }
    if (name.equals("super") && scope.receiver() != null && classes == 0) {
      throw new Unsupported(node, "super is not supported in a method of an enum or a record that javagrad"
          + " differentiates; call the method of this class instead");
    }
    if (name.equals("this") && scope.receiver() != null) {
      readReceiver(node, node);
      replace(node, CodeBlock.of(""));
      return null;
    }
    Optional<VariableElement> field = names.field(name);
    if (field.isPresent() && !field.get().getModifiers().contains(Modifier.STATIC) && scope.receiver() != null) {
      receiverField(node, node, field.get());
      return null;
    }
    if (field.isPresent()) {
      replace(node, companionNames.field(field.get(), node));
      return null;
    }
    names.type(name).ifPresent(type -> replace(node, companionNames.typeName(type, node)));
    return null;
  }

  /**
   * A row alias ({@code double[] row = m[i]}) read as the row it names, {@code m[i]} with {@code i}
   * as it was where the alias was declared: its length or elements read (in a message, a check),
   * its derivatives checked as the matrix's are where the code takes the row whole.
   */
  private void readRow(IdentifierTree node, Scope.RowAlias row) {
    Variable matrix = captured(row.matrix());
    Variable index = captured(row.index());
    pure = false;
    long start = source.start(node);
    replacements.add(new Replacement(start, start, CodeBlock.of("("), null));
    replacements.add(new Replacement(start, start, null, matrix));
    replacements.add(new Replacement(start, start, CodeBlock.of("["), null));
    replacements.add(new Replacement(start, start, null, index));
    replacements.add(new Replacement(start, source.end(node), CodeBlock.of("])"), null));
    noteRead(node);
    noteRead(node);
  }

  /** A read of the receiver of the method translated, at the start of {@code from}. */
  private void readReceiver(Tree from, IdentifierTree site) {
    if (classes > 0) {
      throw new Unsupported(site, "a class declared in a method of an enum or a record that javagrad"
          + " differentiates cannot read " + SourceText.oneLine(site) + " there, where this and the members it"
          + " inherits are another object's; read it into a local outside the class first, or use a lambda");
    }
    Variable receiver = captured(scope.receiver());
    // The parameter holds one object throughout; a local is another matter for the reverse sweep.
    pure &= receiver.isParameter();
    replacements.add(new Replacement(source.start(from), source.start(from), null, receiver));
    noteRead(site);
  }

  /** {@code field} of the receiver ({@code sign}, {@code this.sign}), read as the companion can read it. */
  private void receiverField(Tree whole, IdentifierTree site, VariableElement field) {
    Optional<CodeBlock> handle = companionNames.instanceFieldHandle(field);
    handle.ifPresent(h -> handleReadBefore(whole, field, h));
    readReceiver(whole, site);
    // A final field reads the same each time; any other may be written between the sweeps.
    pure &= field.getModifiers().contains(Modifier.FINAL);
    replacements.add(new Replacement(source.start(whole), source.end(whole), handle.isPresent() ? CodeBlock.of("))")
        : callees.objects().fieldRead(field, callees.hiddenFromCompanion(field, userClass), whole), null));
  }

  /**
   * The start of a read of a private {@code field} of an object through the companion's {@code
   * handle} ({@code ((double) Kernel$h.get(}), before the object, at the start of {@code whole}.
   */
  private void handleReadBefore(Tree whole, VariableElement field, CodeBlock handle) {
    long start = source.start(whole);
    replacements.add(new Replacement(start, start, CodeBlock.of("(($T) $L.get(", TypeName.get(field.asType()), handle),
        null));
  }

  /**
   * A record followed by its components ({@link RecordValue}) that code run as written takes whole
   * ({@code "fit " + fit}, {@code p.norm()} in a check, {@code b.position()}), {@code whole} naming
   * it from {@code root}: a new object of its components, which is equal to it, prints the same,
   * and whose methods give the same.
   */
  private void recordObject(ExpressionTree whole, IdentifierTree root, RecordValue record) {
    long start = source.start(whole);
    if (record.absent() != null) {
      // One that may be null: null where it is (best == null ? null : new Fit(...)).
      replacements.add(new Replacement(start, start, CodeBlock.of("("), null));
      replacements.add(new Replacement(start, start, null, captured(record.absent())));
      noteRead(root);
      replacements.add(new Replacement(start, start, CodeBlock.of(" ? null : "), null));
    }
    newRecord(start, root, record);
    replacements.add(new Replacement(start, source.end(whole), CodeBlock.of(record.absent() == null ? "" : ")"),
        null));
    pure = false;
  }

  private Variable captured(Variable local) {
    return capturing > 0 ? captures.capture(local) : local;
  }

  /** {@code new R(...)} of {@code record}'s locals, a record component's a new object of its own, inserted at {@code start}. */
  private void newRecord(long start, IdentifierTree root, RecordValue record) {
    if (callees.objects().compactConstructor(record.type()) != null) {
      throw new Unsupported(root, root.getName() + " holds a " + record.type().getSimpleName() + " that javagrad"
          + " follows by its components, with no object, and code it runs as written takes it whole here; a new"
          + " object of its components would run the compact constructor of " + record.type().getSimpleName()
          + " again on them; read the components here instead");
    }
    replacements.add(new Replacement(start, start, CodeBlock.of("new $L(", companionNames.typeName(record.type(), root)),
        null));
    String separator = "";
    for (var component : record.type().getRecordComponents()) {
      replacements.add(new Replacement(start, start, CodeBlock.of(separator), null));
      separator = ", ";
      String name = component.getSimpleName().toString();
      if (RecordValue.nested(component) != null) {
        newRecord(start, root, record.part(name));
        continue;
      }
      Variable local = record.component(name);
      replacements.add(new Replacement(start, start, null, captured(local)));
      noteRead(root);
    }
    replacements.add(new Replacement(start, start, CodeBlock.of(")"), null));
  }

  /**
   * {@code scene[k]} or {@code scene.get(k)} of a sequence of records ({@link RecordSequences}),
   * {@code k} past its end: an error, where Java would throw at run time.
   */
  private void checkInRange(ExpressionTree tree) {
    RecordSequences.Element element = RecordSequences.element(tree);
    List<RecordValue> sequence = element == null ? null : sequenceNamed(element.sequence());
    if (sequence != null && element.constant() != null && element.constant() >= sequence.size()) {
      throw new Unsupported(tree, SourceText.oneLine(tree) + " is out of range: " + element.sequence() + " holds "
          + sequence.size() + " records, and Java throws IndexOutOfBoundsException there; index one of them");
    }
  }

  /**
   * {@code scene.length} or {@code scene.size()} of a sequence of records ({@link
   * RecordSequences}), or {@code bodies.length} of an array of them, or {@code particles.size()} of
   * a list, held as a structure of arrays ({@link RecordArrays}): the number of its elements.
   */
  private boolean countsSequence(ExpressionTree tree) {
    String name = RecordSequences.countedName(tree);
    RecordArrays.Held array = name == null || declaredInside.contains(name) ? null : scope.recordArray(name);
    if (array != null && (array.size() == null) == (tree instanceof MemberSelectTree)) {
      // bodies.length of an array held as a structure of arrays: the length of its first number's
      // array; particles.size() of a list, its size.
      MemberSelectTree counting = tree instanceof MethodInvocationTree call
          ? (MemberSelectTree) call.getMethodSelect() : (MemberSelectTree) tree;
      IdentifierTree named = (IdentifierTree) ExpressionTranslator.unparenthesized(counting.getExpression());
      read(named, array.size() == null ? named : tree, array.size() == null ? array.leaves().get(0) : array.size());
      reads.referencesOnly().add(named); // a length, no element
      return true;
    }
    List<RecordValue> sequence = name == null ? null : sequenceNamed(name);
    if (sequence == null) {
      return false;
    }
    replace(tree, CodeBlock.of("$L", sequence.size()));
    return true;
  }

  /** The sequence of records that {@code name} stands for here, or null. */
  private List<RecordValue> sequenceNamed(String name) {
    return declaredInside.contains(name) ? null : scope.sequence(name);
  }

  /**
   * {@code z.re} or {@code z.re()} for a record {@code z} followed by its components ({@link
   * RecordValue}), or for a record component of one ({@code b.position().x()}): a read of the
   * component's local, or a new object of a record component's; false for anything else.
   */
  private boolean readsComponent(ExpressionTree whole, ExpressionTree object, String member) {
    RecordValue record = RecordValue.named(object, this::recordNamed);
    IdentifierTree root = record == null ? null : root(object);
    if (root == null) {
      return false;
    }
    if (record.part(member) != null) {
      recordObject(whole, root, record.part(member));
      return true;
    }
    Variable component = record.component(member);
    if (component == null) {
      return false;
    }
    Variable read = captured(component);
    pure &= read.type().isRecordable();
    replacements.add(new Replacement(source.start(whole), source.end(whole), null, read));
    noteRead(root);
    return true;
  }

  /**
   * {@code a[i].x()} or {@code a[i].x} of an array of records held as a structure of arrays ({@link
   * RecordArrays}), or {@code v.get(i).x()} of a list, a number at any depth ({@code
   * a[i].position().x()}): that number's array at the index {@code HeldRecords.stored} checks, once,
   * as reading the record's component would be checked; false for anything else.
   */
  private boolean readsHeldComponent(ExpressionTree whole, ExpressionTree object, String member) {
    String accessors = "." + member + "()";
    ExpressionTree value = ExpressionTranslator.unparenthesized(object);
    while (heldArrayOf(value) == null) {
      MemberSelectTree select = value instanceof MethodInvocationTree call && call.getArguments().isEmpty()
          && call.getMethodSelect() instanceof MemberSelectTree accessor ? accessor
          : value instanceof MemberSelectTree field ? field : null;
      if (select == null) {
        return false;
      }
      accessors = "." + select.getIdentifier() + "()" + accessors;
      value = ExpressionTranslator.unparenthesized(select.getExpression());
    }
    RecordArrays.Held array = heldArrayOf(value);
    List<RecordValue.Leaf> leaves = RecordValue.leaves(array.type());
    int leaf = leaves.stream().map(RecordValue.Leaf::accessors).toList().indexOf(accessors);
    if (leaf < 0) {
      return false;
    }
    RecordSequences.Element element = RecordSequences.element(value);
    IdentifierTree root = (IdentifierTree) RecordArrays.elementOf(element.sequence(), value);
    ExpressionTree index = element.index();
    long start = source.start(whole);
    pure = false; // stores write the arrays
    replacements.add(new Replacement(start, start, CodeBlock.of(leaves.get(leaf).type() == Type.INT ? "(int) " : ""),
        null));
    replacements.add(new Replacement(start, start, null, captured(array.leaves().get(leaf))));
    reads.elementsRead().add(root); // one number, by value
    noteRead(root);
    replacements.add(new Replacement(start, start, CodeBlock.of("[$T.stored(", RuntimeTypes.HELD_RECORDS), null));
    replacements.add(new Replacement(start, start, null, captured(array.stored())));
    noteRead(root);
    replacements.add(new Replacement(start, source.start(index), CodeBlock.of(", "), null));
    scan(index, null);
    long after = source.end(index);
    if (array.size() != null) {
      replacements.add(new Replacement(after, after, CodeBlock.of(", "), null));
      replacements.add(new Replacement(after, after, null, captured(array.size())));
      noteRead(root);
    }
    replacements.add(new Replacement(after, source.end(whole), CodeBlock.of(", $S)]", SourceText.oneLine(value)),
        null));
    return true;
  }

  /**
   * {@code a[i]} or {@code v.get(i)}, an element of an array or a list held as a structure of arrays,
   * taken whole ({@code "bad " + a[i]}): null where none is stored, else a new object of its
   * numbers there, which is equal to it, prints the same and whose methods give the same. Its index,
   * evaluated once per number, must be a name or a constant.
   */
  private void heldElementObject(ExpressionTree element, RecordArrays.Held array) {
    ExpressionTree index = RecordSequences.element(element).index();
    IdentifierTree root = (IdentifierTree) RecordArrays.elementOf(array.name(), element);
    boolean evaluatedAgain = index instanceof LiteralTree || index instanceof IdentifierTree name
        && (declaredInside.contains(name.getName().toString()) || scope.get(name.getName().toString()) != null);
    if (!evaluatedAgain) {
      throw new Unsupported(element, SourceText.oneLine(element) + " is taken whole by code that javagrad runs as"
          + " written, an element of " + array.name() + ", which javagrad holds as an array per number of its"
          + " records; it makes the object again of its numbers where the index is a name or a constant: read the"
          + " element into a local first (" + array.type().getSimpleName() + " e = " + SourceText.oneLine(element)
          + ";)");
    }
    long start = source.start(element);
    pure = false; // stores write the arrays
    replacements.add(new Replacement(start, start, CodeBlock.of("("), null));
    replacements.add(new Replacement(start, start, null, captured(array.stored())));
    noteRead(root);
    replacements.add(new Replacement(start, start, array.size() == null ? CodeBlock.of("[")
        : CodeBlock.of("[$T.checkIndex(", Objects.class), null));
    insertIndex(start, index);
    if (array.size() != null) {
      // As get checks the index against the list's size.
      replacements.add(new Replacement(start, start, CodeBlock.of(", "), null));
      replacements.add(new Replacement(start, start, null, captured(array.size())));
      noteRead(root);
      replacements.add(new Replacement(start, start, CodeBlock.of(")"), null));
    }
    replacements.add(new Replacement(start, start, CodeBlock.of("] ? "), null));
    newHeldRecord(start, array.type(), array.leaves().iterator(), index, root);
    replacements.add(new Replacement(start, source.end(element), CodeBlock.of(" : null)"), null));
  }

  /**
   * {@code new R(...)} of the numbers at {@code index} of {@code leaves}, the arrays of an array of
   * {@code type} held as a structure of arrays, a record component's a new object of its own, inserted at {@code start}.
   */
  private void newHeldRecord(long start, TypeElement type, Iterator<Variable> leaves, ExpressionTree index,
      IdentifierTree root) {
    if (callees.objects().compactConstructor(type) != null) {
      throw new Unsupported(root, root.getName() + " holds " + type.getSimpleName() + "s that javagrad follows by"
          + " their components, with no objects, and code it runs as written takes one whole here; a new object of"
          + " its components would run the compact constructor of " + type.getSimpleName() + " again on them; read"
          + " the components here instead");
    }
    replacements.add(new Replacement(start, start, CodeBlock.of("new $L(", companionNames.typeName(type, root)), null));
    String separator = "";
    for (var component : type.getRecordComponents()) {
      replacements.add(new Replacement(start, start, CodeBlock.of(separator), null));
      separator = ", ";
      TypeElement nested = RecordValue.nested(component);
      if (nested != null) {
        newHeldRecord(start, nested, leaves, index, root);
        continue;
      }
      boolean isInt = component.asType().getKind() == TypeKind.INT; // held in a double[], cast back
      replacements.add(new Replacement(start, start, CodeBlock.of(isInt ? "(int) " : ""), null));
      replacements.add(new Replacement(start, start, null, captured(leaves.next())));
      reads.elementsRead().add(root);
      noteRead(root);
      replacements.add(new Replacement(start, start, CodeBlock.of("["), null));
      insertIndex(start, index);
      replacements.add(new Replacement(start, start, CodeBlock.of("]"), null));
    }
    replacements.add(new Replacement(start, start, CodeBlock.of(")"), null));
  }

  /** {@code index}, a name or a constant, inserted at {@code start}: a read of the method's variable, or its text. */
  private void insertIndex(long start, ExpressionTree index) {
    String name = index instanceof IdentifierTree named ? named.getName().toString() : null;
    if (name != null && !declaredInside.contains(name)) {
      replacements.add(new Replacement(start, start, null, captured(scope.get(name))));
      noteRead((IdentifierTree) index);
    } else {
      replacements.add(new Replacement(start, start, CodeBlock.of("$L", name != null
          ? ownNames.getOrDefault(name, name) : SourceText.oneLine(index)), null));
    }
  }

  /** The array or list held as a structure of arrays that {@code tree}, an element of it ({@code a[i]}, {@code v.get(i)}), is of; else null. */
  private RecordArrays.Held heldArrayOf(ExpressionTree tree) {
    RecordSequences.Element element = RecordSequences.element(tree);
    RecordArrays.Held array = element == null || declaredInside.contains(element.sequence()) ? null
        : scope.recordArray(element.sequence());
    return array != null && (array.size() == null) == tree instanceof ArrayAccessTree ? array : null;
  }

  /** The record followed by its components that {@code name} stands for here, or null. */
  private RecordValue recordNamed(String name) {
    return !declaredInside.contains(name) && scope.get(name) == null ? scope.record(name) : null;
  }

  /** The local of the array component of a record that {@code tree} reads ({@code r.x()}); else null. */
  private Variable arrayComponent(ExpressionTree tree) {
    ExpressionTree select = tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        ? call.getMethodSelect() : tree;
    if (!(select instanceof MemberSelectTree member)) {
      return null;
    }
    RecordValue record = RecordValue.named(member.getExpression(), this::recordNamed);
    Variable component = record == null ? null : record.component(member.getIdentifier().toString());
    return component != null && component.type().isDoubleArray() ? component : null;
  }

  /** The name a chain of accessors starts from ({@code b} of {@code b.position().x}), or null. */
  private static IdentifierTree root(ExpressionTree chain) {
    ExpressionTree value = ExpressionTranslator.unparenthesized(chain);
    while (!(value instanceof IdentifierTree)) {
      if (value instanceof MethodInvocationTree call) {
        value = call.getMethodSelect();
      } else if (value instanceof MemberSelectTree select) {
        value = ExpressionTranslator.unparenthesized(select.getExpression());
      } else if (value instanceof ArrayAccessTree element && RecordSequences.elementKey(element) != null) {
        value = ExpressionTranslator.unparenthesized(element.getExpression()); // balls[0] of a sequence
      } else {
        return null;
      }
    }
    return (IdentifierTree) value;
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree node, Void unused) {
    if (countsSequence(node)) {
      return null;
    }
    if (!methodSelects.contains(node) && (readsComponent(node, node.getExpression(), node.getIdentifier().toString())
        || readsHeldComponent(node, node.getExpression(), node.getIdentifier().toString()))) {
      return null;
    }
    Optional<VariableElement> hiddenStatic = hiddenStaticField(node);
    if (hiddenStatic.isPresent()) {
      // Own.W, Tables.W: a private static field the companion reads through its copy or a handle, as W unqualified.
      replace(node, companionNames.field(hiddenStatic.get(), node));
      return null;
    }
    Optional<VariableElement> field = methodSelects.contains(node) ? Optional.empty() : objectField(node);
    if (field.isPresent() && node.getExpression() instanceof IdentifierTree self
        && self.getName().contentEquals("this") && scope.receiver() != null) {
      receiverField(node, self, field.get());
      return null;
    }
    if (field.isPresent()) {
      // Another object's field (other.a in a record's method), as the companion can read it.
      pure = false;
      Optional<CodeBlock> handle = companionNames.instanceFieldHandle(field.get());
      handle.ifPresent(h -> handleReadBefore(node, field.get(), h));
      scan(node.getExpression(), null);
      replacements.add(new Replacement(source.end(node.getExpression()), source.end(node), handle.isPresent()
          ? CodeBlock.of("))") : callees.objects().fieldRead(field.get(), callees.hiddenFromCompanion(field.get(),
              userClass), node), null));
      return null;
    }
    Variable local = node.getExpression() instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
    boolean rowAlias = node.getExpression() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        && scope.row(id.getName().toString()) != null;
    if ((local != null || rowAlias) && node.getIdentifier().contentEquals("length")) {
      reads.referencesOnly().add((IdentifierTree) node.getExpression());
    } else if (node.getIdentifier().contentEquals("length") && node.getExpression() instanceof ArrayAccessTree row
        && row.getExpression() instanceof IdentifierTree matrix && !declaredInside.contains(matrix.getName().toString())
        && scope.get(matrix.getName().toString()) != null) {
      reads.referencesOnly().add(matrix); // m[i].length, a row's length, reads no element
    } else if (node.getIdentifier().contentEquals("length") && arrayComponent(node.getExpression()) != null) {
      reads.referencesOnly().add(root(node.getExpression())); // r.x().length
    }
    // A field of an object can change between the forward and the reverse sweep.
    pure &= local == null || local.type().isRecordable();
    return super.visitMemberSelect(node, unused);
  }

  /**
   * {@code x instanceof T t}, {@code x} a variable of the method: the companion tests {@code x
   * instanceof T}, and reads {@code t} as {@code ((T) x)}, so that the test may go where the
   * generated code needs it (a local of its own, a flag) without taking the name's scope along.
   */
  @Override
  public Void visitInstanceOf(InstanceOfTree node, Void unused) {
    if (!(node.getPattern() instanceof BindingPatternTree pattern)) {
      return super.visitInstanceOf(node, unused);
    }
    VariableTree bound = pattern.getVariable();
    Variable tested = node.getExpression() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        ? scope.get(id.getName().toString()) : null;
    TypeMirror type = types.declaredType(bound.getType());
    if (tested == null || !(type instanceof DeclaredType)) {
      throw new Unsupported(node, "javagrad reads the name a pattern binds, here " + bound.getName() + ", as the"
          + " variable tested, cast to a class or interface; test a local variable (Object value = ...;), or cast"
          + " it yourself");
    }
    scope.bind(bound.getName().toString(), tested, type);
    bookkeeping.testedByPattern(tested, node);
    replacements.add(new Replacement(source.end(bound.getType()), source.end(bound), CodeBlock.of(""), null));
    scan(node.getExpression(), null);
    scan(bound.getType(), null);
    return null;
  }

  @Override
  public Void visitBinary(BinaryTree node, Void unused) {
    TypeMirror type = node.getKind() == Tree.Kind.PLUS ? types.typeOf(node) : null;
    if (type != null && type.toString().equals("java.lang.String")) {
      // "r = " + r: an array, alone or in a record, is written as its identity, no element read.
      Stream.of(node.getLeftOperand(), node.getRightOperand()).filter(IdentifierTree.class::isInstance)
          .forEach(operand -> reads.referencesOnly().add((IdentifierTree) operand));
    }
    if (node.getKind() == Tree.Kind.EQUAL_TO || node.getKind() == Tree.Kind.NOT_EQUAL_TO) {
      Stream.of(node.getLeftOperand(), node.getRightOperand()).filter(IdentifierTree.class::isInstance)
          .forEach(operand -> reads.referencesOnly().add((IdentifierTree) operand));
    }
    return super.visitBinary(node, unused);
  }

  /** The static field that {@code node} names by its class ({@code Tables.W}), where the companion cannot name it. */
  private Optional<VariableElement> hiddenStaticField(MemberSelectTree node) {
    return methodSelects.contains(node) ? Optional.empty() : qualifiers.typeNamed(node.getExpression())
        .flatMap(type -> names.fieldOf(type, node.getIdentifier().toString()))
        .filter(f -> f.getModifiers().contains(Modifier.STATIC))
        .filter(f -> callees.hiddenFromCompanion(f, userClass).isPresent()
            && callees.hiddenFromCompanion(f.getEnclosingElement(), userClass).isEmpty());
  }

  /** The instance field of an enum or a record that {@code node} reads of an object, if it reads one. */
  private Optional<VariableElement> objectField(MemberSelectTree node) {
    if (qualifiers.typeNamed(node.getExpression()).isPresent()) {
      return Optional.empty();
    }
    TypeMirror object = node.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this")
        && scope.receiver() != null ? scope.receiver().type().mirror() : types.typeOf(node.getExpression());
    return object instanceof DeclaredType declared && declared.asElement() instanceof TypeElement type
        && ObjectMethods.isClosedToOverriding(type)
        ? names.fieldOf(type, node.getIdentifier().toString()).filter(f -> !f.getModifiers().contains(Modifier.STATIC))
        : Optional.empty();
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    checkInRange(node);
    if (countsSequence(node)) {
      return null;
    }
    RecordArrays.Held held = heldArrayOf(node);
    if (held != null) {
      heldElementObject(node, held);
      return null;
    }
    if (node.getArguments().isEmpty() && node.getMethodSelect() instanceof MemberSelectTree accessor
        && (readsComponent(node, accessor.getExpression(), accessor.getIdentifier().toString())
            || readsHeldComponent(node, accessor.getExpression(), accessor.getIdentifier().toString()))) {
      return null;
    }
    methodSelects.add(node.getMethodSelect());
    if (DecidingCode.comparesKeys(node)) {
      comparatorKeys.add(node.getArguments().get(0));
    }
    if (!node.getArguments().isEmpty()) {
      // A call given nothing (tol.maxSteps(), list.size()) may change its object, but keeps no value of the code in it.
      noteReceiver(node.getMethodSelect());
    }
    if (!LibraryCalls.buildsMessages(SourceText.calledName(node))) {
      // A call may keep what it is given in an object it is given (Collections.addAll(list, x)).
      node.getArguments().stream().filter(IdentifierTree.class::isInstance)
          .forEach(arg -> reads.receivers().add((IdentifierTree) arg));
    }
    if (node.getMethodSelect() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        && companionNames.isReceiverMethod(id)) {
      readReceiver(id, id);
      replace(id, CodeBlock.of(".$L", id.getName()));
      scan(node.getArguments(), null);
      return null;
    }
    if (node.getMethodSelect() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())) {
      replace(id, companionNames.method(id));
      noteArraysReadBy(node, names.methods(id.getName().toString()));
      scan(node.getTypeArguments(), null);
      scan(node.getArguments(), null);
      return null;
    }
    if (node.getMethodSelect() instanceof MemberSelectTree select) {
      // Checks.checkEqualLength(x, y): a helper of a class of this compilation, named through its class.
      Optional<TypeElement> owner = qualifiers.typeNamed(select.getExpression()).filter(callees::hasSource);
      List<ExecutableElement> candidates = owner.map(type -> names.methodsOf(type, select.getIdentifier().toString()))
          .orElse(List.of());
      noteArraysReadBy(node, candidates);
      Optional<CodeBlock> copied = companionNames.hiddenStaticMethod(candidates, select);
      if (copied.isPresent()) {
        // Normal.cdf(z) of a private class Normal: the companion calls its copy.
        replace(select, copied.get());
        scan(node.getTypeArguments(), null);
        scan(node.getArguments(), null);
        return null;
      }
    }
    if (node.getMethodSelect() instanceof MemberSelectTree select
        && LibraryCalls.readsArraysOnly(typeNamed(select.getExpression()), select.getIdentifier().toString())) {
      node.getArguments().stream().filter(IdentifierTree.class::isInstance)
          .forEach(arg -> reads.elementsRead().add((IdentifierTree) arg));
    }
    return super.visitMethodInvocation(node, unused);
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    if (node.getMode() == MemberReferenceTree.ReferenceMode.INVOKE) {
      // Owner::helper of a private helper (or one of a private class): the companion refers to its copy.
      Optional<TypeElement> owner = qualifiers.typeNamed(node.getQualifierExpression()).filter(callees::hasSource);
      Optional<CodeBlock> copied = owner.flatMap(type -> companionNames.hiddenStaticReference(
          names.methodsOf(type, node.getName().toString()), node));
      if (copied.isPresent()) {
        replace(node, copied.get());
        return null;
      }
    }
    return super.visitMemberReference(node, unused);
  }

  /**
   * Where {@code candidates}, the methods {@code call} may call, are helpers of this compilation that
   * write no array, an array passed in goes by value: its elements are read, as a message reads them.
   */
  private void noteArraysReadBy(MethodInvocationTree call, List<ExecutableElement> candidates) {
    if (!candidates.isEmpty() && candidates.stream().noneMatch(callees::writesArguments)) {
      call.getArguments().stream().filter(IdentifierTree.class::isInstance)
          .forEach(arg -> reads.elementsRead().add((IdentifierTree) arg));
    }
  }

  @Override
  public Void visitArrayAccess(ArrayAccessTree node, Void unused) {
    checkInRange(node);
    RecordArrays.Held held = heldArrayOf(node);
    if (held != null) {
      heldElementObject(node, held);
      return null;
    }
    Variable component = arrayComponent(node.getExpression());
    if (node.getExpression() instanceof ArrayAccessTree row && row.getExpression() instanceof IdentifierTree matrix) {
      reads.elementsRead().add(matrix);
      rowsOfElements.add(row);
    } else if (node.getExpression() instanceof IdentifierTree array && (rowsOfElements.contains(node)
        || !isMatrix(array))) {
      // m[i] alone is a row, an array that the code may write, not a value.
      reads.elementsRead().add(array);
    } else if (component != null && component.type() == Type.DOUBLE_ARRAY) {
      reads.elementsRead().add(root(node.getExpression())); // r.x()[i], as a local array's element
    }
    // An element of a constant table reads the same each time; any other array may be written.
    pure &= isConstantTable(node.getExpression());
    return super.visitArrayAccess(node, unused);
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    boolean decides = comparatorKeys.contains(node) ? DecidingCode.keyOnly(node)
        : DecidingCode.decidesOnly(node, types) || DecidingCode.describesOnly(node, types);
    capturing++;
    deciding += decides ? 1 : 0;
    super.visitLambdaExpression(node, unused);
    deciding -= decides ? 1 : 0;
    capturing--;
    return null;
  }

  @Override
  public Void visitConditionalExpression(ConditionalExpressionTree node, Void unused) {
    boolean decides = DecidingCode.decidesOnly(node.getCondition(), types);
    deciding += decides ? 1 : 0;
    scan(node.getCondition(), null);
    deciding -= decides ? 1 : 0;
    scan(node.getTrueExpression(), null);
    scan(node.getFalseExpression(), null);
    return null;
  }

  /** Notes a read of the method's variables at {@code site}, captured where a lambda or class encloses it. */
  private void noteRead(IdentifierTree site) {
    reads.sites().add(site);
    if (capturing > 0) {
      reads.captured().add(site);
    }
    if (deciding > 0) {
      reads.decidingOnly().add(site);
    }
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    String name = node.getName().toString();
    declaredInside.add(name);
    if (classes == 0) {
      // A class's members and its methods' variables may hide the method's; nothing else may.
      String own = scope.reserve(name);
      ownNames.put(name, own);
      if (!own.equals(name)) {
        long at = source.nameStart(node);
        replacements.add(new Replacement(at, at + name.length(), CodeBlock.of("$L", own), null));
      }
    }
    return super.visitVariable(node, unused);
  }

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    capturing++;
    classes++;
    node.getMembers().forEach(member -> {
      if (member instanceof VariableTree v) {
        declaredInside.add(v.getName().toString());
      } else if (member instanceof com.sun.source.tree.MethodTree m) {
        declaredInside.add(m.getName().toString());
      }
    });
    super.visitClass(node, unused);
    capturing--;
    classes--;
    return null;
  }

  @Override
  public Void visitReturn(ReturnTree node, Void unused) {
    refuseJumpOut(node, capturing == 0);
    return super.visitReturn(node, unused);
  }

  @Override
  public Void visitBreak(BreakTree node, Void unused) {
    refuseJumpOut(node, capturing == 0 && leavesTheTree(node.getLabel()));
    return super.visitBreak(node, unused);
  }

  @Override
  public Void visitContinue(ContinueTree node, Void unused) {
    refuseJumpOut(node, capturing == 0 && leavesTheTree(node.getLabel()));
    return super.visitContinue(node, unused);
  }

  private boolean leavesTheTree(javax.lang.model.element.Name label) {
    return label == null ? jumpTargets == 0 : !labelsInside.contains(label.toString());
  }

  private void refuseJumpOut(Tree jump, boolean leaves) {
    boolean lowered = lowersJumps && (!(jump instanceof ReturnTree r) || returnsDouble && r.getExpression() != null);
    if (isStatement && leaves && lowered) {
      jumpsOut.add(jump);
      return;
    }
    if (isStatement && leaves) {
      throw new Unsupported(jump, SourceText.oneLine(jump) + " leaves code that javagrad runs as written; move it out"
          + " of the try, synchronized or other statement around it: set a local there and test it after"
          + " (boolean skip = false; try { ... } catch (...) { skip = true; } if (skip) continue;)");
    }
  }

  @Override
  public Void visitLabeledStatement(com.sun.source.tree.LabeledStatementTree node, Void unused) {
    labelsInside.add(node.getLabel().toString());
    return super.visitLabeledStatement(node, unused);
  }

  /**
   * Notes code that does something besides computing a value (a call, an allocation), and counts
   * the loops and switches around the node scanned: a jump inside them stays inside the tree.
   */
  @Override
  public Void scan(Tree node, Void unused) {
    if (node != null && source.isSynthetic(node)) {
      // Made by javac (an anonymous class's super() call), it has no text to rewrite.
      return null;
    }
    pure &= node == null || !RUNS_CODE.contains(node.getKind());
    boolean target = node != null && JUMP_TARGETS.contains(node.getKind());
    jumpTargets += target ? 1 : 0;
    super.scan(node, unused);
    jumpTargets -= target ? 1 : 0;
    return null;
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    refuseRecordAssigned(node.getVariable());
    noteWrite(node.getVariable(), node);
    noteReceiver(node.getVariable());
    return super.visitAssignment(node, unused);
  }

  /**
   * A record followed by its components, or an element of an array of them held per number, which
   * has no variable in code run as written for an assignment to go to.
   */
  private void refuseRecordAssigned(ExpressionTree target) {
    if (target instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        && scope.get(id.getName().toString()) == null && scope.record(id.getName().toString()) != null) {
      throw new Unsupported(target, id.getName() + " is a record that javagrad follows by its components, and code it"
          + " runs as written (a try or synchronized block, a lambda given to a library) cannot assign it; assign it"
          + " outside that code");
    }
    RecordArrays.Held held = heldArrayOf(ExpressionTranslator.unparenthesized(target));
    if (held != null) {
      throw new Unsupported(target, SourceText.oneLine(target) + " is an element of " + held.name() + ", which"
          + " javagrad holds as an array per number of its records, and code it runs as written (a try or"
          + " synchronized block, a lambda given to a library) reads its elements but cannot store one; store it"
          + " outside that code");
    }
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    noteWrite(node.getVariable(), node);
    noteReceiver(node.getVariable());
    return super.visitCompoundAssignment(node, unused);
  }

  private boolean isMatrix(IdentifierTree name) {
    Variable v = declaredInside.contains(name.getName().toString()) ? null : scope.get(name.getName().toString());
    return v != null && v.type() == Type.DOUBLE_MATRIX;
  }

  /**
   * The method's array of doubles whose element or row {@code target} is ({@code x[i]}, {@code m[i][j]},
   * {@code m[i]}, and {@code m} for {@code row[j]} of a row alias), or null.
   */
  private Variable writtenArray(ExpressionTree target) {
    ExpressionTree array = target;
    while (array instanceof ArrayAccessTree access) {
      array = access.getExpression();
    }
    String name = array != target && array instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        ? id.getName().toString() : null;
    Scope.RowAlias row = name == null ? null : scope.row(name);
    // A row alias's element is its matrix's.
    Variable v = row != null ? row.matrix() : name == null ? null : scope.get(name);
    return v != null && v.type().isDoubleArray() ? v : null;
  }

  /** {@code obj.m} or {@code obj.f}, of a call or an assignment: {@code obj} may change. */
  private void noteReceiver(ExpressionTree selected) {
    if (selected instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree object) {
      reads.receivers().add(object);
    }
    // An element of an array of objects (points[i] = new Point(x, y)) keeps what it is given, as a field does.
    if (selected instanceof ArrayAccessTree element && element.getExpression() instanceof IdentifierTree array
        && !declaredInside.contains(array.getName().toString()) && scope.get(array.getName().toString()) != null
        && scope.get(array.getName().toString()).type().mirror() instanceof javax.lang.model.type.ArrayType type
        && !type.getComponentType().getKind().isPrimitive()) {
      reads.receivers().add(array);
    }
  }

  @Override
  public Void visitUnary(UnaryTree node, Void unused) {
    switch (node.getKind()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          noteWrite(node.getExpression(), node);
      default -> { }
    }
    return super.visitUnary(node, unused);
  }

  /**
   * Code run as written may assign its own variables, and a statement may assign the method's
   * that are not arrays, and elements of its double[]s, which the intermediate form then knows
   * it writes; code inside an expression may not, nor may anything give an array variable
   * another array or write into a double[][], since the reverse sweep must see those.
   */
  private void noteWrite(ExpressionTree target, Tree site) {
    pure = false;
    Variable array = writtenArray(target);
    boolean element = target instanceof ArrayAccessTree access && access.getExpression() instanceof IdentifierTree;
    if (array != null && isStatement && element && array.type() == Type.DOUBLE_ARRAY) {
      writes.putIfAbsent(array, (IdentifierTree) ((ArrayAccessTree) target).getExpression());
      return;
    }
    if (array != null) {
      throw new Unsupported(site, "javagrad runs " + SourceText.oneLine(site) + " as written, inside code it does"
          + " not differentiate, so it cannot follow the write into " + array.name() + ", a " + array.type().javaName()
          + "; make the write a statement of its own, outside that code");
    }
    Variable written = target instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
        ? scope.get(id.getName().toString()) : null;
    if (written == null) {
      return;
    }
    if (!isStatement || written.type().isDoubleArray()) {
      throw new Unsupported(site, "javagrad runs " + SourceText.oneLine(site) + " as written, inside code it does"
          + " not differentiate, so it cannot follow the write to " + target + "; make the write a"
          + " statement of its own, outside that code");
    }
    writes.putIfAbsent(written, (IdentifierTree) target);
  }

  /** The qualified name of the class that {@code tree} names ({@link NameTranslator#typeNamed}); "" where it names none. */
  private String typeNamed(ExpressionTree tree) {
    return qualifiers.typeNamed(tree).map(type -> type.getQualifiedName().toString()).orElse("");
  }

  /** Expressions that run code of their own, which evaluating again would run again. */
  private static final Set<Tree.Kind> RUNS_CODE = Set.of(Tree.Kind.METHOD_INVOCATION, Tree.Kind.NEW_CLASS,
      Tree.Kind.NEW_ARRAY, Tree.Kind.LAMBDA_EXPRESSION, Tree.Kind.MEMBER_REFERENCE, Tree.Kind.CLASS);

  private static final Set<Tree.Kind> JUMP_TARGETS = Set.of(Tree.Kind.FOR_LOOP, Tree.Kind.ENHANCED_FOR_LOOP,
      Tree.Kind.WHILE_LOOP, Tree.Kind.DO_WHILE_LOOP, Tree.Kind.SWITCH);

  private boolean isConstantTable(ExpressionTree array) {
    if (!(array instanceof IdentifierTree id) || scope.get(id.getName().toString()) != null) {
      return false;
    }
    return names.field(id.getName().toString())
        .filter(f -> f.getModifiers().contains(Modifier.STATIC) && f.getModifiers().contains(Modifier.FINAL))
        .isPresent();
  }

  /** The precedence of {@code tree}'s outermost operator, as {@link Term} counts it. */
  private static int precedence(Tree tree) {
    return switch (tree.getKind()) {
      case IDENTIFIER, MEMBER_SELECT, METHOD_INVOCATION, ARRAY_ACCESS, PARENTHESIZED, NEW_CLASS, NEW_ARRAY,
          INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL, CHAR_LITERAL, STRING_LITERAL,
          NULL_LITERAL -> Term.PRIMARY;
      case UNARY_MINUS, UNARY_PLUS, BITWISE_COMPLEMENT, LOGICAL_COMPLEMENT, TYPE_CAST, PREFIX_INCREMENT,
          PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> Term.UNARY;
      case MULTIPLY, DIVIDE, REMAINDER -> Term.MULTIPLICATIVE;
      case PLUS, MINUS -> Term.ADDITIVE;
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, INSTANCE_OF -> Term.RELATIONAL;
      case EQUAL_TO, NOT_EQUAL_TO -> Term.EQUALITY;
      case CONDITIONAL_AND -> Term.AND;
      case CONDITIONAL_OR -> Term.OR;
      case CONDITIONAL_EXPRESSION -> Term.CONDITIONAL;
      // Shifts and bitwise operators sit between these; lambdas and assignments bind loosest of all.
      default -> 0;
    };
  }
}
