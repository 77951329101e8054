package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Primitive;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Translates code through which no derivative flows into an {@link Expr.Opaque}: the source text
 * as the user wrote it, with each name resolved as javac resolves it in the original file and
 * rewritten so that it means the same in the companion, another class of the same package. A
 * type is imported ({@code $T}), a static member is qualified with its class, a private constant
 * the companion cannot name is copied into it, and a read of the method's own variables becomes a
 * read the generated code renders its own way.
 */
final class OpaqueTranslator {
  private final Scope scope;
  private final NameResolver names;
  private final NameTranslator qualifiers;
  private final CalleeResolver callees;
  private final TypeElement userClass;
  private final Bookkeeping bookkeeping;
  private final SourceFile source;
  private final TypeInference types;
  private final MemberCopies copies;
  /** Where the copies that lambdas capture are declared; until set, code run as written may hold no lambda that reads the method's variables. */
  private Captures captures = v -> {
    throw new IllegalStateException("no place to declare a capture of " + v.name());
  };

  /** Declares, before the statement being translated, a copy of a variable for a lambda to capture. */
  interface Captures {
    Variable capture(Variable v);
  }

  void captures(Captures captures) {
    this.captures = captures;
  }

  OpaqueTranslator(Scope scope, NameResolver names, NameTranslator qualifiers, CalleeResolver callees,
      TypeElement userClass, Bookkeeping bookkeeping, SourceFile source, TypeInference types, MemberCopies copies) {
    this.scope = scope;
    this.names = names;
    this.qualifiers = qualifiers;
    this.callees = callees;
    this.userClass = userClass;
    this.bookkeeping = bookkeeping;
    this.source = source;
    this.types = types;
    this.copies = copies;
  }

  /** {@code tree} run as written, of the type javac would give it. */
  Expr.Opaque opaque(ExpressionTree tree) {
    return opaque(tree, typeOf(tree));
  }

  /** The type javac would give {@code tree}, or {@code fallback} (the variable it is assigned to) where it cannot be told. */
  Type typeOr(ExpressionTree tree, Type fallback) {
    TypeMirror mirror = types.typeOf(tree);
    return mirror == null ? fallback : typeOf(tree);
  }

  /** The type javac would give {@code tree}; an error where it cannot be told. */
  Type typeOf(ExpressionTree tree) {
    TypeMirror mirror = types.typeOf(tree);
    if (mirror == null && tree instanceof IdentifierTree name) {
      throw new Unsupported(tree, "cannot resolve " + name.getName() + " in a @Differentiable method");
    }
    if (mirror == null) {
      throw new Unsupported(tree, "javagrad cannot tell the type of " + SourceText.oneLine(tree) + " here; assign it to"
          + " a local variable of its type first");
    }
    return AnnotatedMethods.typeOf(mirror).orElseThrow(() -> new Unsupported(tree, SourceText.oneLine(tree)
        + " is an array of arrays of double, which a @Differentiable method cannot follow yet"));
  }

  /**
   * The statement {@code tree} run as written: it may read the method's variables and assign those
   * that are not arrays (a {@code catch} that sets a fallback) and the elements of its {@code
   * double[]}s, and no {@code return}, {@code break} or {@code continue} may leave it (but see
   * {@link #leavingStatement}), since the generated code around it is not the user's. A variable it
   * assigns must carry no derivative, which is checked once activity is known: a derivative would
   * not follow the assignment.
   */
  Stmt.RunAsWritten statement(StatementTree tree) {
    Rewriting rewriting = new Rewriting();
    rewriting.isStatement = true;
    rewriting.scan(tree, null);
    return runAsWritten(tree, rewriting, List.of());
  }

  /**
   * A {@code try} or {@code synchronized} statement run as written ({@link #statement}) whose
   * jumps out of itself are lowered: {@code continue;} in a catch, {@code break outer;}, and in a
   * method that returns a double, {@code return value;}. Each jump sets a local to its number (and
   * a return, another to its value) and leaves the statement by a label of its own, which runs the
   * {@code finally} as the jump did; after the statement, the intermediate form takes the jump whose
   * number is set.
   */
  List<Stmt> leavingStatement(StatementTree tree, Type returns) {
    Rewriting rewriting = new Rewriting();
    rewriting.isStatement = true;
    rewriting.lowersJumps = true;
    rewriting.returnsDouble = returns == Type.DOUBLE;
    rewriting.scan(tree, null);
    if (rewriting.jumpsOut.isEmpty()) {
      return List.of(runAsWritten(tree, rewriting, List.of()));
    }
    Variable jumped = scope.declareLocal("_jumped", Type.INT);
    boolean returnsValue = rewriting.jumpsOut.stream().anyMatch(ReturnTree.class::isInstance);
    Variable returned = returnsValue ? scope.declareLocal("_returned", Type.DOUBLE) : null;
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Declare(jumped, Literals.number(Type.INT, 0), "int " + jumped.name() + " = 0;"));
    if (returned != null) {
      out.add(new Stmt.Declare(returned, Literals.number(Type.DOUBLE, 0.0), "double " + returned.name() + " = 0;"));
    }
    rewriting.leaveBy(scope.reserve("_leave"), jumped, returned, tree);
    out.add(runAsWritten(tree, rewriting, returned == null ? List.of(jumped) : List.of(jumped, returned)));
    for (int k = 0; k < rewriting.jumpsOut.size(); k++) {
      Tree jump = rewriting.jumpsOut.get(k);
      String source = SourceText.statement((StatementTree) jump);
      Stmt taken = jump instanceof BreakTree b ? new Stmt.Break(label(b.getLabel()), source)
          : jump instanceof ContinueTree c ? new Stmt.Continue(label(c.getLabel()), source)
          : new Stmt.Return(new Expr.Read(returned), source);
      out.add(new Stmt.If(new Expr.Compare("==", new Expr.Read(jumped), Literals.number(Type.INT, k + 1)),
          List.of(taken), List.of(), "if (" + jumped.name() + " == " + (k + 1) + ")"));
    }
    return out;
  }

  private static String label(javax.lang.model.element.Name label) {
    return label == null ? null : label.toString();
  }

  /** The statement as {@code rewriting} rewrote it, which also assigns {@code ours}, variables of the lowering. */
  private Stmt.RunAsWritten runAsWritten(StatementTree tree, Rewriting rewriting, List<Variable> ours) {
    // Checked before what the statement reads, so that s in s += 1 is reported as assigned.
    rewriting.writes.forEach((v, site) -> bookkeeping.givenToConstant(new Expr.Read(v), site, "assigned in "
        + SourceText.oneLine(tree) + ", which javagrad runs as written without differentiating it",
        "make the assignment a statement of its own, outside that code"));
    Expr.Opaque code = rewriting.build(tree, Type.VOID);
    List<Variable> writes = new ArrayList<>(rewriting.writes.keySet());
    writes.addAll(ours);
    return new Stmt.RunAsWritten(code, SourceText.statement(tree), writes);
  }

  /** {@code tree} run as written, known to be of {@code type}. */
  Expr.Opaque opaque(Tree tree, Type type) {
    Rewriting rewriting = new Rewriting();
    rewriting.scan(tree, null);
    return rewriting.build(tree, type);
  }

  /**
   * {@code tree}, code run as written that gives a {@code double[]} or {@code double[][]} of {@code
   * type} (a library's table, a constant, an object's array), to be held by a local: noted, so that
   * the array is checked never to be written into ({@link ForeignArrays}).
   */
  Expr.Opaque foreignArray(ExpressionTree tree, Type type) {
    return foreign(opaque(tree, type), tree);
  }

  /** {@code code}, which gives an array that code run as written at {@code site} owns, noted as {@link #foreignArray} notes it. */
  Expr.Opaque foreign(Expr.Opaque code, Tree site) {
    bookkeeping.foreignArray(code, site);
    return code;
  }

  /** Whether {@code tree} is a string (a concatenation, which runs as written), as far as can be told. */
  boolean isString(ExpressionTree tree) {
    TypeMirror type = types.typeOf(tree);
    return type != null && type.toString().equals("java.lang.String");
  }

  /** The text of {@code statements}, one after the other, as the companion runs them (a copied helper's body). */
  CodeBlock statementsText(List<? extends com.sun.source.tree.StatementTree> statements) {
    if (statements.isEmpty()) {
      return CodeBlock.of("");
    }
    Rewriting rewriting = new Rewriting();
    statements.forEach(s -> rewriting.scan(s, null));
    return rewriting.build(source.start(statements.get(0)), source.end(statements.get(statements.size() - 1)))
        .add("\n").build();
  }

  /** {@code array[index]}, of an array the intermediate form does not look into. */
  Expr.Opaque element(Variable array, Variable index, Type type) {
    return new Expr.Opaque(type, List.of(CodeBlock.of(""), CodeBlock.of("["), CodeBlock.of("]")),
        List.of(new Expr.Read(array), new Expr.Read(index)), false, Term.PRIMARY, array.name() + "[" + index.name()
            + "]");
  }

  /**
   * {@code receiver.method()}, of {@code type}, run as written: {@code receiver} is a variable's
   * read or code run as written itself.
   */
  Expr.Opaque call(Expr receiver, String method, Type type) {
    String call = "." + method + "()";
    if (receiver instanceof Expr.Opaque code) {
      List<CodeBlock> texts = new ArrayList<>(code.texts());
      texts.set(0, CodeBlock.of("($L", texts.get(0)));
      texts.set(texts.size() - 1, CodeBlock.of("$L)$L", texts.get(texts.size() - 1), call));
      return new Expr.Opaque(type, texts, code.reads(), false, Term.PRIMARY, "(" + code.source() + ")" + call);
    }
    Variable variable = ((Expr.Read) receiver).variable();
    return new Expr.Opaque(type, List.of(CodeBlock.of(""), CodeBlock.of(call)), List.of(new Expr.Read(variable)),
        false, Term.PRIMARY, variable.name() + call);
  }

  /** The type of the elements of the collection {@code iterable}, as the companion writes it, or null where it cannot be told. */
  Type elementOf(ExpressionTree iterable) {
    TypeMirror element = types.elementOf(iterable);
    return element == null ? null
        : AnnotatedMethods.typeOf(element).filter(Type::isDoubleArray)
            .orElseGet(() -> Type.other(CodeBlock.of("$T", TypeName.get(element)), false, element));
  }

  /** {@code array.length}, of an array the intermediate form does not look into. */
  Expr.Opaque length(Variable array) {
    return new Expr.Opaque(Type.INT, List.of(CodeBlock.of(""), CodeBlock.of(".length")),
        List.of(new Expr.Read(array)), false, Term.PRIMARY, array.name() + ".length");
  }

  /** The type that {@code typeTree} names, as the companion writes it. */
  Type localType(Tree typeTree) {
    Rewriting rewriting = new Rewriting();
    rewriting.scan(typeTree, null);
    Expr.Opaque written = rewriting.build(typeTree, Type.VOID);
    TypeMirror mirror = types.declaredType(typeTree);
    return Type.other(written.texts().get(0), typeTree.getKind() == Tree.Kind.PRIMITIVE_TYPE, mirror);
  }

  /** The qualified name of the class that {@code tree} names ({@link NameTranslator#typeNamed}); "" where it names none. */
  String typeNamed(ExpressionTree tree) {
    return qualifiers.typeNamed(tree).map(type -> type.getQualifiedName().toString()).orElse("");
  }

  /** A replacement of the source text between {@code start} and {@code end}: code, or a variable's read. */
  private record Replacement(long start, long end, CodeBlock code, Variable read) {}

  /** One pass over a tree: what to rewrite, and whether the code may be evaluated again. */
  private final class Rewriting extends TreeScanner<Void, Void> {
    private final List<Replacement> replacements = new ArrayList<>();
    /** Where each of the method's variables is read, to be checked once activity is known. */
    private final List<IdentifierTree> readSites = new ArrayList<>();
    /** The reads of an array that take its length or compare it as a reference ({@code x == null}), which carry no derivative. */
    private final Set<IdentifierTree> referencesOnly = new HashSet<>();
    /** The reads of an array that take one element, a double passed by value. */
    private final Set<IdentifierTree> elementsRead = new HashSet<>();
    /** The rows {@code m[i]} that an element read {@code m[i][j]} takes its element from. */
    private final Set<ArrayAccessTree> rowsOfElements = new HashSet<>();
    /** The reads inside a lambda or a class, which capture the value. */
    private final Set<IdentifierTree> captured = new HashSet<>();
    /** The reads of an object whose method the code calls or whose field it assigns. */
    private final Set<IdentifierTree> receivers = new HashSet<>();
    /** The selects of the calls in the tree: {@code o.a} of {@code o.a()} names a method, not a field. */
    private final Set<Tree> methodSelects = new HashSet<>();
    /** Names the tree declares itself (a lambda's parameters, an anonymous class's members). */
    private final Set<String> declaredInside = new HashSet<>();
    private boolean pure = true;
    /** How many lambdas and classes enclose the node visited: the variables they read, they capture. */
    private int capturing;
    /** How many classes enclose the node visited, where {@code this} is another object than the receiver. */
    private int classes;
    /** Whether the tree is a statement run as written: a jump out of it is refused, and it may assign variables. */
    private boolean isStatement;
    /** Whether jumps out of the statement are lowered rather than refused ({@link #leavingStatement}). */
    private boolean lowersJumps;
    /** Whether the method returns a double, so that {@code return value;} can be lowered too. */
    private boolean returnsDouble;
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

    Expr.Opaque build(Tree tree, Type type) {
      replacements.sort(Comparator.comparingLong(Replacement::start));
      List<CodeBlock> texts = new ArrayList<>();
      List<Expr.Read> reads = new ArrayList<>();
      CodeBlock.Builder text = CodeBlock.builder();
      long at = source.start(tree);
      int margin = source.column(at);
      for (Replacement r : replacements) {
        text.add("$L", source.unindented(at, r.start(), margin));
        if (r.read() != null) {
          texts.add(text.build());
          reads.add(new Expr.Read(r.read()));
          text = CodeBlock.builder();
        } else {
          text.add(r.code());
        }
        at = r.end();
      }
      texts.add(text.add("$L", source.unindented(at, source.end(tree), margin)).build());
      Expr.Opaque code = new Expr.Opaque(type, texts, reads, pure, precedence(tree), SourceText.oneLine(tree));
      if (!isPiecewiseConstant(tree)) {
        checkLaterThatNoDerivativeIsLost(code, objectOfYourClass(tree));
      }
      return code;
    }

    /**
     * A value with a derivative may go into code run as written only by value, into a result that
     * carries none (a message, a count, a test) or whose derivative the method's result does not
     * need (a tolerance that a condition compares with), and not into an object that the result
     * reads (list.add(x)); an array goes by reference, so never.
     */
    private void checkLaterThatNoDerivativeIsLost(Expr.Opaque code, TypeElement yourClass) {
      List<Variable> changed = changed(code);
      for (int i = 0; i < code.reads().size(); i++) {
        Variable v = code.reads().get(i).variable();
        if (writes.containsKey(v)) {
          continue; // A variable the statement assigns must carry no derivative at all, checked as such.
        }
        IdentifierTree site = readSites.get(i);
        boolean byValue = v.type() == Type.DOUBLE || v.type().isDoubleArray() && elementsRead.contains(site);
        boolean whole = v.type().isDoubleArray() && !byValue && !referencesOnly.contains(site);
        String into = captured.contains(site) ? "captured by a lambda or class in " : "passed into ";
        String what = into + code.source() + ", which javagrad runs as written without differentiating it";
        String remedy = yourClass != null ? "javagrad differentiates the instance methods of enums and records"
            + " that are not generic only, whose every body it sees and whose companion can name them, and "
            + yourClass.getSimpleName() + " is not one (a subclass may override the method out of its sight): make "
            + yourClass.getSimpleName() + (ObjectMethods.isEnumOrRecord(yourClass) ? " not generic" : " a record or an"
            + " enum") + ", or make the method static, taking the object as a"
            + " parameter, or declare its derivative with @DerivativeOf"
            : "if it is a function of " + site.getName() + ", annotate it @Differentiable where its"
            + " source is, or declare its derivative with @DerivativeOf; otherwise give it a value that does not"
            + " depend on the differentiated inputs";
        if (whole || byValue && captured.contains(site)) {
          bookkeeping.givenToConstant(code.reads().get(i), site, what, remedy);
        } else if (byValue && (LibraryCalls.mayHoldDerivative(code.type()) || !changed.isEmpty()
            || assignsVariables())) {
          // Where its value carries none, the code may still keep the value in an object it changes (list.add(x))
          // or in a variable it assigns (scale = 2 * x in a catch), which the statement's value stands for.
          bookkeeping.givenToCodeRunAsWritten(code.reads().get(i), site, code, changed, what, remedy);
        }
      }
    }

    /** Whether the statement assigns variables of the method: its own writes, or those of its lowered jumps. */
    private boolean assignsVariables() {
      return !writes.isEmpty() || !jumpsOut.isEmpty();
    }

    /**
     * The objects of the method that {@code code} may change, and so keep a value in: those whose
     * methods it calls ({@code list.add(x)}, {@code sb.append(x)}) or whose fields it assigns, and
     * those it passes to a call ({@code Collections.addAll(list, x)}), but for calls that build
     * messages ({@link LibraryCalls#buildsMessages}).
     */
    private List<Variable> changed(Expr.Opaque code) {
      List<Variable> changed = new ArrayList<>();
      for (int i = 0; i < code.reads().size(); i++) {
        Variable v = code.reads().get(i).variable();
        if (v.type().isOther() && receivers.contains(readSites.get(i)) && !changed.contains(v)) {
          changed.add(v);
        }
      }
      return changed;
    }

    private void replace(Tree tree, CodeBlock code) {
      replacements.add(new Replacement(source.start(tree), source.end(tree), code, null));
    }

    @Override
    public Void visitIdentifier(IdentifierTree node, Void unused) {
      String name = node.getName().toString();
      if (declaredInside.contains(name)) {
        return null;
      }
      Scope.RowAlias row = scope.row(name);
      if (row != null) {
        throw new Unsupported(node, name + " is a row of " + row.matrix().name() + ", which code that javagrad runs"
            + " as written cannot read as an array; read its elements (" + name + "[j]) or its length there, or"
            + " index " + row.matrix().name() + " itself");
      }
      Variable local = scope.get(name);
      if (local == null && scope.function(name) != null) {
        throw new Unsupported(node, name + " stands for " + SourceText.oneLine(scope.function(name).tree())
            + ", which javagrad follows where it is applied (" + name + ".apply...(x)) or passed to a helper of this"
            + " compilation; code that javagrad runs as written cannot hold it as an object: apply it there instead");
      }
      Scope.Binding binding = local == null ? scope.binding(name) : null;
      if (binding != null) {
        // The tested variable, cast: the companion tests the type alone (visitInstanceOf).
        CodeBlock type = typeName((TypeElement) ((DeclaredType) binding.type()).asElement(), node);
        replacements.add(new Replacement(source.start(node), source.start(node), CodeBlock.of("(($L) ", type), null));
        replacements.add(new Replacement(source.end(node), source.end(node), CodeBlock.of(")"), null));
        local = binding.variable();
      }
      if (local != null && capturing > 0) {
        local = captures.capture(local);
      }
      if (local != null) {
        pure &= local.type().isRecordable();
        replacements.add(new Replacement(source.start(node), source.end(node), null, local));
        readSites.add(node);
        if (capturing > 0) {
          captured.add(node);
        }
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
        replace(node, field(field.get(), node));
        return null;
      }
      names.type(name).ifPresent(type -> replace(node, typeName(type, node)));
      return null;
    }

    /** A read of the receiver of the method translated, at the start of {@code from}. */
    private void readReceiver(Tree from, IdentifierTree site) {
      if (classes > 0) {
        throw new Unsupported(site, "a class declared in a method of an enum or a record that javagrad"
            + " differentiates cannot read " + SourceText.oneLine(site) + " there, where this and the members it"
            + " inherits are another object's; read it into a local outside the class first, or use a lambda");
      }
      Variable receiver = capturing > 0 ? captures.capture(scope.receiver()) : scope.receiver();
      // The parameter holds one object throughout; a local is another matter for the reverse sweep.
      pure &= receiver.isParameter();
      replacements.add(new Replacement(source.start(from), source.start(from), null, receiver));
      readSites.add(site);
      if (capturing > 0) {
        captured.add(site);
      }
    }

    /** {@code field} of the receiver ({@code sign}, {@code this.sign}), read as the companion can read it. */
    private void receiverField(Tree whole, IdentifierTree site, VariableElement field) {
      readReceiver(whole, site);
      // A final field reads the same each time; any other may be written between the sweeps.
      pure &= field.getModifiers().contains(Modifier.FINAL);
      replacements.add(new Replacement(source.start(whole), source.end(whole),
          callees.objects().fieldRead(field, callees.hiddenFromCompanion(field, userClass), whole), null));
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree node, Void unused) {
      Optional<VariableElement> field = methodSelects.contains(node) ? Optional.empty() : objectField(node);
      if (field.isPresent() && node.getExpression() instanceof IdentifierTree self
          && self.getName().contentEquals("this") && scope.receiver() != null) {
        receiverField(node, self, field.get());
        return null;
      }
      if (field.isPresent()) {
        // Another object's field (other.a in a record's method), as the companion can read it.
        pure = false;
        scan(node.getExpression(), null);
        replacements.add(new Replacement(source.end(node.getExpression()), source.end(node),
            callees.objects().fieldRead(field.get(), callees.hiddenFromCompanion(field.get(), userClass), node), null));
        return null;
      }
      Variable local = node.getExpression() instanceof IdentifierTree id ? scope.get(id.getName().toString()) : null;
      if (local != null && node.getIdentifier().contentEquals("length")) {
        referencesOnly.add((IdentifierTree) node.getExpression());
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
      if (node.getKind() == Tree.Kind.EQUAL_TO || node.getKind() == Tree.Kind.NOT_EQUAL_TO) {
        Stream.of(node.getLeftOperand(), node.getRightOperand()).filter(IdentifierTree.class::isInstance)
            .forEach(operand -> referencesOnly.add((IdentifierTree) operand));
      }
      return super.visitBinary(node, unused);
    }

    /** The instance field of an enum or a record that {@code node} reads of an object, if it reads one. */
    private Optional<VariableElement> objectField(MemberSelectTree node) {
      if (qualifiers.typeNamed(node.getExpression()).isPresent()) {
        return Optional.empty();
      }
      TypeMirror object = node.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this")
          && scope.receiver() != null ? scope.receiver().type().mirror() : types.typeOf(node.getExpression());
      return object instanceof DeclaredType declared && declared.asElement() instanceof TypeElement type
          && ObjectMethods.isEnumOrRecord(type)
          ? names.fieldOf(type, node.getIdentifier().toString()).filter(f -> !f.getModifiers().contains(Modifier.STATIC))
          : Optional.empty();
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      methodSelects.add(node.getMethodSelect());
      noteReceiver(node.getMethodSelect());
      if (!LibraryCalls.buildsMessages(SourceText.calledName(node))) {
        // A call may keep what it is given in an object it is given (Collections.addAll(list, x)).
        node.getArguments().stream().filter(IdentifierTree.class::isInstance)
            .forEach(arg -> receivers.add((IdentifierTree) arg));
      }
      if (node.getMethodSelect() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
          && isReceiverMethod(id)) {
        readReceiver(id, id);
        replace(id, CodeBlock.of(".$L", id.getName()));
        scan(node.getArguments(), null);
        return null;
      }
      if (node.getMethodSelect() instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())) {
        replace(id, method(id));
        List<ExecutableElement> candidates = names.methods(id.getName().toString());
        if (!candidates.isEmpty() && candidates.stream().noneMatch(callees::writesArguments)) {
          // A helper of this compilation that writes no array: an array passed in goes by value.
          node.getArguments().stream().filter(IdentifierTree.class::isInstance)
              .forEach(arg -> elementsRead.add((IdentifierTree) arg));
        }
        scan(node.getTypeArguments(), null);
        scan(node.getArguments(), null);
        return null;
      }
      if (node.getMethodSelect() instanceof MemberSelectTree select
          && LibraryCalls.readsArraysOnly(typeNamed(select.getExpression()), select.getIdentifier().toString())) {
        node.getArguments().stream().filter(IdentifierTree.class::isInstance)
            .forEach(arg -> elementsRead.add((IdentifierTree) arg));
      }
      return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitArrayAccess(ArrayAccessTree node, Void unused) {
      if (node.getExpression() instanceof ArrayAccessTree row && row.getExpression() instanceof IdentifierTree matrix) {
        elementsRead.add(matrix);
        rowsOfElements.add(row);
      } else if (node.getExpression() instanceof IdentifierTree array && (rowsOfElements.contains(node)
          || !isMatrix(array))) {
        // m[i] alone is a row, an array that the code may write, not a value.
        elementsRead.add(array);
      }
      // An element of a constant table reads the same each time; any other array may be written.
      pure &= isConstantTable(node.getExpression());
      return super.visitArrayAccess(node, unused);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
      capturing++;
      super.visitLambdaExpression(node, unused);
      capturing--;
      return null;
    }

    @Override
    public Void visitVariable(VariableTree node, Void unused) {
      declaredInside.add(node.getName().toString());
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
      noteWrite(node.getVariable(), node);
      noteReceiver(node.getVariable());
      return super.visitAssignment(node, unused);
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

    /** The method's array of doubles whose element or row {@code target} is ({@code x[i]}, {@code m[i][j]}, {@code m[i]}), or null. */
    private Variable writtenArray(ExpressionTree target) {
      ExpressionTree array = target;
      while (array instanceof ArrayAccessTree access) {
        array = access.getExpression();
      }
      Variable v = array != target && array instanceof IdentifierTree id && !declaredInside.contains(id.getName().toString())
          ? scope.get(id.getName().toString()) : null;
      return v != null && v.type().isDoubleArray() ? v : null;
    }

    /** {@code obj.m} or {@code obj.f}, of a call or an assignment: {@code obj} may change. */
    private void noteReceiver(ExpressionTree selected) {
      if (selected instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree object) {
        receivers.add(object);
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
  }

  /**
   * The class of the object on which {@code tree} calls a method, where that class is the user's
   * own (its source is in this compilation) and neither an enum nor a record that is not generic,
   * whose methods calls differentiate; else null.
   */
  private TypeElement objectOfYourClass(Tree tree) {
    if (!(tree instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || qualifiers.typeNamed(select.getExpression()).isPresent()) {
      return null;
    }
    return types.typeOf(select.getExpression()) instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement type
        && (!ObjectMethods.isEnumOrRecord(type) || !type.getTypeParameters().isEmpty())
        && callees.hasSource(type) ? type : null;
  }

  /**
   * A call of a function that is constant between its jumps ({@code Math.floor ceil rint signum},
   * and the same of the classes alike, {@code StrictMath} and {@code FastMath}): its derivative is
   * 0 wherever it is defined, so a value with a derivative may go in, and none comes out.
   */
  private boolean isPiecewiseConstant(Tree tree) {
    if (!(tree instanceof MethodInvocationTree call) || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || !(select.getExpression() instanceof IdentifierTree owner) || scope.get(owner.getName().toString()) != null) {
      return false;
    }
    String function = select.getIdentifier().toString();
    return names.type(owner.getName().toString())
        .map(t -> t.getQualifiedName().toString())
        .filter(Primitive::isMathAlike)
        .isPresent() && LibraryCalls.isPiecewiseConstant(function);
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

  /**
   * A static field as the companion names it: qualified with its class, or, where the companion
   * cannot see it, the companion's own copy (see {@link MemberCopies}).
   */
  private CodeBlock field(VariableElement field, Tree site) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(site, "a @Differentiable method is static, and cannot read the instance field "
          + field.getSimpleName());
    }
    Optional<String> hidden = callees.hiddenFromCompanion(field, userClass);
    if (hidden.isEmpty()) {
      bookkeeping.namedByCompanion(field);
      return CodeBlock.of("$T.$L", ClassName.get((TypeElement) field.getEnclosingElement()), field.getSimpleName());
    }
    if (!field.getModifiers().contains(Modifier.FINAL)) {
      throw new Unsupported(site, field.getSimpleName() + " cannot be read by the generated companion, because "
          + hidden.get() + "; a private field that is not final cannot be copied either");
    }
    return copies.copy(field, site);
  }

  /** A type, imported by the companion, which must be able to name it. */
  private CodeBlock typeName(TypeElement type, Tree site) {
    callees.hiddenFromCompanion(type, userClass).ifPresent(why -> {
      throw new Unsupported(site, type.getSimpleName() + " cannot be named by the generated companion "
          + CalleeResolver.companionOf(userClass).canonicalName() + ", because " + why);
    });
    bookkeeping.namedByCompanion(type);
    return CodeBlock.of("$T", ClassName.get(type));
  }

  /**
   * Whether {@code name}, called by its simple name, is an instance method of the receiver of the
   * method translated, which the companion calls on it; an error where it cannot.
   */
  private boolean isReceiverMethod(IdentifierTree name) {
    List<ExecutableElement> candidates = names.methods(name.getName().toString());
    if (scope.receiver() == null || candidates.isEmpty()
        || candidates.stream().allMatch(m -> m.getModifiers().contains(Modifier.STATIC))) {
      return false;
    }
    for (ExecutableElement m : candidates) {
      if (callees.objects().isOwnMethodOfAConstant(m)) {
        TypeElement enumType = ObjectMethods.receiverType(m);
        throw new Unsupported(name, name.getName() + " is declared in the body of a constant of "
            + enumType.getSimpleName() + " and overrides none of its methods, so the generated companion, which"
            + " holds the constant as " + enumType.getSimpleName() + ", cannot call it; declare it in "
            + enumType.getSimpleName() + " itself");
      }
      Optional<String> hidden = callees.hiddenFromCompanion(m, userClass);
      if (hidden.isPresent()) {
        throw new Unsupported(name, m.getEnclosingElement().getSimpleName() + "." + name.getName()
            + " cannot be called by the generated companion, which calls the methods of the receiver from outside,"
            + " because " + hidden.get());
      }
      bookkeeping.namedByCompanion(m);
    }
    return true;
  }

  /** A method called by its simple name, qualified with its class for the companion. */
  private CodeBlock method(IdentifierTree name) {
    List<ExecutableElement> candidates = names.methods(name.getName().toString());
    if (candidates.isEmpty()) {
      return CodeBlock.of("$L", name.getName());
    }
    ExecutableElement method = candidates.get(0);
    if (candidates.stream().anyMatch(m -> m.getModifiers().contains(Modifier.PRIVATE))) {
      // Which overload Java calls is for javac to choose: the companion copies them all.
      candidates.forEach(m -> copies.copy(m, name));
      return CodeBlock.of("$L", name.getName());
    }
    Optional<String> hidden = callees.hiddenFromCompanion(method, userClass);
    if (hidden.isPresent()) {
      throw new Unsupported(name, name.getName() + " cannot be called by the generated companion, because "
          + hidden.get());
    }
    candidates.forEach(bookkeeping::namedByCompanion);
    return CodeBlock.of("$T.$L", ClassName.get((TypeElement) method.getEnclosingElement()), name.getName());
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
