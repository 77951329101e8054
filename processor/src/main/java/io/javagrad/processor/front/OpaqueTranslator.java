package io.javagrad.processor.front;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
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
    if (mirror == null && isFunction(tree)) {
      throw new Unsupported(tree, SourceText.oneLine(tree) + " is a function given where javagrad cannot follow it:"
          + " it follows a lambda, an anonymous class of one method or a static method's reference given as it is to"
          + " a helper of this compilation, or held by a local or a static final field, and inlines it where it is"
          + " applied; to choose between functions, choose inside one (t -> flag ? a : b)");
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
    SourceRewriting rewriting = SourceRewriting.ofStatement(context());
    rewriting.scan(tree, null);
    return runAsWritten(tree, rewriting, List.of());
  }

  /** Whether {@code tree} is a lambda, a method reference, or a choice between such ({@code c ? f : g}). */
  private static boolean isFunction(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> true;
      case PARENTHESIZED -> isFunction(((ParenthesizedTree) tree).getExpression());
      case CONDITIONAL_EXPRESSION -> isFunction(((ConditionalExpressionTree) tree).getTrueExpression());
      default -> false;
    };
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
    SourceRewriting rewriting = SourceRewriting.ofLeavingStatement(context(), returns == Type.DOUBLE);
    rewriting.scan(tree, null);
    if (rewriting.jumpsOut().isEmpty()) {
      return List.of(runAsWritten(tree, rewriting, List.of()));
    }
    Variable jumped = scope.declareLocal("_jumped", Type.INT);
    boolean returnsValue = rewriting.jumpsOut().stream().anyMatch(ReturnTree.class::isInstance);
    Variable returned = returnsValue ? scope.declareLocal("_returned", Type.DOUBLE) : null;
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Declare(jumped, Literals.number(Type.INT, 0), "int " + jumped.name() + " = 0;"));
    if (returned != null) {
      out.add(new Stmt.Declare(returned, Literals.number(Type.DOUBLE, 0.0), "double " + returned.name() + " = 0;"));
    }
    rewriting.leaveBy(scope.reserve("_leave"), jumped, returned, tree);
    out.add(runAsWritten(tree, rewriting, returned == null ? List.of(jumped) : List.of(jumped, returned)));
    for (int k = 0; k < rewriting.jumpsOut().size(); k++) {
      Tree jump = rewriting.jumpsOut().get(k);
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
  private Stmt.RunAsWritten runAsWritten(StatementTree tree, SourceRewriting rewriting, List<Variable> ours) {
    // Checked before what the statement reads, so that s in s += 1 is reported as assigned.
    rewriting.writes().forEach((v, site) -> bookkeeping.givenToConstant(new Expr.Read(v), site, "assigned in "
        + SourceText.oneLine(tree) + ", which javagrad runs as written without differentiating it",
        "make the assignment a statement of its own, outside that code"));
    Expr.Opaque code = rewriting.build(tree, Type.VOID);
    List<Variable> writes = new ArrayList<>(rewriting.writes().keySet());
    writes.addAll(ours);
    return new Stmt.RunAsWritten(code, SourceText.statement(tree), writes, tree.getKind() == Tree.Kind.THROW);
  }

  /** {@code tree} run as written, known to be of {@code type}. */
  Expr.Opaque opaque(Tree tree, Type type) {
    SourceRewriting rewriting = SourceRewriting.ofCode(context());
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

  /** Whether {@code tree} is a {@code float}. */
  boolean isFloat(ExpressionTree tree) {
    TypeMirror type = types.typeOf(tree);
    return type != null && type.getKind() == TypeKind.FLOAT;
  }

  /** Whether {@code tree} is a {@code double} or a {@code Double}. */
  boolean isDouble(ExpressionTree tree) {
    TypeMirror type = types.typeOf(tree);
    return type != null && (type.getKind() == TypeKind.DOUBLE || type.toString().equals("java.lang.Double"));
  }

  /** The text of {@code statements}, one after the other, as the companion runs them (a copied helper's body). */
  CodeBlock statementsText(List<? extends com.sun.source.tree.StatementTree> statements) {
    if (statements.isEmpty()) {
      return CodeBlock.of("");
    }
    SourceRewriting rewriting = SourceRewriting.ofCode(context());
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
    SourceRewriting rewriting = SourceRewriting.ofCode(context());
    rewriting.scan(typeTree, null);
    Expr.Opaque written = rewriting.build(typeTree, Type.VOID);
    TypeMirror mirror = types.declaredType(typeTree);
    return Type.other(written.texts().get(0), typeTree.getKind() == Tree.Kind.PRIMITIVE_TYPE, mirror);
  }

  /** The qualified name of the class that {@code tree} names ({@link NameTranslator#typeNamed}); "" where it names none. */
  String typeNamed(ExpressionTree tree) {
    return qualifiers.typeNamed(tree).map(type -> type.getQualifiedName().toString()).orElse("");
  }

  /** A fresh rewriting's collaborators: the captures are declared where the statement translated now is. */
  private SourceRewriting.Context context() {
    return new SourceRewriting.Context(scope, names, qualifiers, callees, userClass, bookkeeping, source, types, copies,
        captures);
  }
}
