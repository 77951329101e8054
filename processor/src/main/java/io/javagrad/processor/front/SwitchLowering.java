package io.javagrad.processor.front;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Lowers a {@code switch}, statement or expression, old or arrow form, over an {@code int},
 * {@code char}, {@code String} or enum selector, into the selector kept in a local and a chain of
 * branches, one per group of cases, so that the differentiator sees only {@code if}. A group that
 * falls through into the next sets a flag the next one tests; a {@code break} or {@code yield}
 * may end a group. In a block of the arrow form, which falls through into nothing, a {@code yield}
 * may come anywhere, and leaves the block as an inlined helper's {@code return} does.
 */
final class SwitchLowering {
  private final Scope scope;
  private final ExpressionTranslator expressions;
  private final OpaqueTranslator opaque;
  /**
   * The switch expressions that give a record followed by its components, by the variable that
   * stands for their result here and is never declared: their arms assign the record's locals.
   */
  private final Map<Variable, RecordValue> recordResults = new HashMap<>();
  /** The switch expressions whose arms' blocks {@link #yieldingBlock} translates, innermost last, by their results. */
  private final Deque<Variable> yieldTargets = new ArrayDeque<>();

  SwitchLowering(Scope scope, ExpressionTranslator expressions, OpaqueTranslator opaque) {
    this.scope = scope;
    this.expressions = expressions;
    this.opaque = opaque;
  }

  /** One group of labels, with {@code default} among them or not, and what it runs. */
  private record Group(List<ExpressionTree> labels, boolean isDefault, List<Stmt> body, boolean fallsThrough,
      Variable broke) {
    Group(List<ExpressionTree> labels, boolean isDefault, List<Stmt> body, boolean fallsThrough) {
      this(labels, isDefault, body, fallsThrough, null);
    }

    /** {@code case A: case B: body}: this group, empty, falling into {@code next}, is one group with it. */
    Group joinedWith(Group next) {
      List<ExpressionTree> joined = new ArrayList<>(labels);
      joined.addAll(next.labels());
      return new Group(joined, isDefault || next.isDefault(), next.body(), next.fallsThrough(), next.broke());
    }
  }

  /**
   * The statements of {@code switch (selector) { cases }}. {@code result}, for a switch
   * expression, receives each arm's value ({@code case X -> value;} or {@code yield value;}); it is
   * null for a statement, whose {@code break}s end their groups.
   *
   * @param body translates the statements of a case in the current scope: the cases of the old
   *     form share one, as in Java, and each block of the arrow form opens its own
   */
  /**
   * The statements of a switch expression that gives a record followed by its components, whose
   * arms assign {@code result}'s locals; as {@link #lower} otherwise.
   */
  List<Stmt> lowerIntoRecord(ExpressionTree selector, List<? extends CaseTree> cases, RecordValue result,
      String header, Function<List<? extends StatementTree>, List<Stmt>> statements) {
    Variable stands = scope.declareUnnamedLocal("_switch", Type.BOOLEAN);
    recordResults.put(stands, result);
    return lower(selector, cases, stands, header, statements);
  }

  List<Stmt> lower(ExpressionTree selector, List<? extends CaseTree> cases, Variable result, String header,
      Function<List<? extends StatementTree>, List<Stmt>> body) {
    List<Stmt> out = new ArrayList<>();
    Expr value = expressions.expr(selector);
    out.addAll(expressions.takePending());
    Variable kept = scope.declareLocal("_selector", value.type());
    out.add(new Stmt.Declare(kept, value, "switch (" + SourceText.oneLine(selector) + ")"));
    List<Group> groups = new ArrayList<>();
    Group open = null;
    for (CaseTree c : cases) {
      Group g = group(c, result, body);
      g = open == null ? g : open.joinedWith(g);
      open = g.body().isEmpty() && g.fallsThrough() ? g : null;
      if (open == null) {
        groups.add(g);
      }
    }
    if (open != null) {
      groups.add(open);
    }
    boolean fallthrough = groups.stream().limit(Math.max(groups.size() - 1, 0)).anyMatch(Group::fallsThrough);
    Variable fell = fallthrough ? scope.declareLocal("_fallthrough", Type.BOOLEAN) : null;
    if (fell != null) {
      out.add(ControlFlowLowering.clearedFlag(fell));
      for (Group g : groups) {
        List<Stmt> then = new ArrayList<>();
        then.add(new Stmt.Assign(fell, Literals.bool(g.fallsThrough()), fell.name() + " = " + g.fallsThrough()
            + ";"));
        then.addAll(g.body());
        if (g.broke() != null) {
          then.add(new Stmt.If(new Expr.Read(g.broke()), List.of(new Stmt.Assign(fell, Literals.bool(false),
              fell.name() + " = false;")), List.of(), "if (" + g.broke().name() + ")"));
        }
        Expr test = new Expr.Logic("||", new Expr.Read(fell), matches(kept, g, groups));
        out.add(new Stmt.If(test, then, List.of(), "if (" + header + ")"));
      }
      return out;
    }
    out.addAll(chain(kept, groups, 0, header, result != null));
    return out;
  }

  /** {@code if (matches first) ... else if (matches second) ...}: the default's test is that none other matches. */
  private List<Stmt> chain(Variable kept, List<Group> groups, int from, String header, boolean exhaustive) {
    if (from == groups.size()) {
      return List.of();
    }
    Group g = groups.get(from);
    boolean last = from == groups.size() - 1;
    // A switch expression matches some case, so its last arm needs no test: javac sees the result assigned.
    if (last && (exhaustive || g.isDefault())) {
      return g.body();
    }
    return List.of(new Stmt.If(matches(kept, g, groups), g.body(), chain(kept, groups, from + 1, header, exhaustive),
        "if (" + header + ")"));
  }

  /** The group's labels; for the group with {@code default}, that no other group's label matches. */
  private Expr matches(Variable kept, Group g, List<Group> all) {
    if (!g.isDefault()) {
      return anyOf(kept, g.labels());
    }
    List<ExpressionTree> others = new ArrayList<>();
    all.stream().filter(other -> other != g).forEach(other -> others.addAll(other.labels()));
    return others.isEmpty() ? Literals.bool(true) : new Expr.Not(anyOf(kept, others));
  }

  private Expr anyOf(Variable kept, List<? extends ExpressionTree> labels) {
    Expr any = null;
    for (ExpressionTree label : labels) {
      Expr test = test(kept, label);
      any = any == null ? test : new Expr.Logic("||", any, test);
    }
    return any;
  }

  /** {@code selector == label}, as the switch compares: by value, by {@code equals} for strings, by identity for enums. */
  private Expr test(Variable kept, ExpressionTree label) {
    TypeMirror type = kept.type().mirror();
    if (kept.type().isIntegral()) {
      return new Expr.Compare("==", new Expr.Read(kept), expressions.expr(label));
    }
    CodeBlock constant;
    if (label instanceof IdentifierTree name && isEnum(type)) {
      // Case labels name enum constants unqualified; the companion qualifies them with their type.
      constant = CodeBlock.of("$T.$L", ClassName.get((TypeElement) ((DeclaredType) type).asElement()), name.getName());
    } else {
      constant = opaque.opaque(label).texts().get(0);
    }
    boolean string = type != null && type.toString().equals("java.lang.String");
    List<CodeBlock> texts = string
        ? List.of(CodeBlock.of(""), CodeBlock.builder().add(".equals(").add(constant).add(")").build())
        : List.of(CodeBlock.of(""), CodeBlock.builder().add(" == ").add(constant).build());
    return new Expr.Opaque(Type.BOOLEAN, texts, List.of(new Expr.Read(kept)), false,
        string ? Term.PRIMARY : Term.EQUALITY, kept.name() + " == " + label);
  }

  private static boolean isEnum(TypeMirror type) {
    return type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM;
  }

  private Group group(CaseTree c, Variable result, Function<List<? extends StatementTree>, List<Stmt>> body) {
    @SuppressWarnings("deprecation") // getExpressions is the API of --release 17; getLabels came in 21
    List<ExpressionTree> labels = List.copyOf(c.getExpressions());
    boolean isDefault = labels.isEmpty();
    if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
      return new Group(labels, isDefault, switchBreaksKept(rule(c.getBody(), result, body)), false);
    }
    List<? extends StatementTree> statements = c.getStatements();
    boolean ends = !statements.isEmpty() && endsGroup(statements.get(statements.size() - 1));
    List<? extends StatementTree> kept = statements;
    StatementTree last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
    List<Stmt> translated = new ArrayList<>();
    if (last instanceof BreakTree || last instanceof YieldTree && result != null) {
      kept = statements.subList(0, statements.size() - 1);
    }
    if (result != null) {
      refuseInnerExits(kept, "where a case may fall into the next (case X:); in a case of the arrow form"
          + " (case X -> { ... }) it may be anywhere");
    }
    List<Stmt> statementsOfCase = body.apply(kept);
    Variable broke = statementsOfCase.stream().anyMatch(SwitchLowering::breaksTheSwitch)
        ? scope.declareLocal("_caseBreak", Type.BOOLEAN) : null;
    translated.addAll(broke == null ? statementsOfCase : breaksInside(statementsOfCase, broke));
    if (last instanceof YieldTree yield && result != null) {
      translated.addAll(assignResult(result, yield.getValue()));
    }
    return new Group(labels, isDefault, translated, !ends, broke);
  }

  /**
   * An arm's statements, its breaks of the switch kept inside the switch: a {@code break} in a
   * block of the arrow form ({@code case X -> { if (y > 1) break; ... }}) leaves the switch, not a
   * loop around it.
   */
  private List<Stmt> switchBreaksKept(List<Stmt> statements) {
    if (statements.stream().noneMatch(SwitchLowering::breaksTheSwitch)) {
      return statements;
    }
    return breaksInside(statements, scope.declareLocal("_caseBreak", Type.BOOLEAN));
  }

  /**
   * A case's statements, where a {@code break} of the switch inside them (in an {@code if}) sets a
   * flag, and what follows it in the case runs only while the flag is clear. Such a case does not
   * fall through on the path that broke.
   */
  private static List<Stmt> breaksInside(List<Stmt> statements, Variable broke) {
    List<Stmt> out = new ArrayList<>();
    out.add(ControlFlowLowering.clearedFlag(broke));
    out.addAll(guarded(statements, broke));
    return out;
  }

  private static List<Stmt> guarded(List<Stmt> statements, Variable broke) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      if (s instanceof Stmt.Break b && b.label() == null) {
        out.add(new Stmt.Assign(broke, Literals.bool(true), broke.name() + " = true;"));
        return out;
      }
      if (breaksTheSwitch(s)) {
        out.add(guardedInside(s, broke));
        List<Stmt> rest = guarded(statements.subList(i + 1, statements.size()), broke);
        if (!rest.isEmpty()) {
          out.add(new Stmt.If(new Expr.Not(new Expr.Read(broke)), rest, List.of(), "if (!" + broke.name() + ")"));
        }
        return out;
      }
      out.add(s);
    }
    return out;
  }

  /** An {@code if}, or a labelled block, holding a break of the switch, with what follows each break guarded. */
  private static Stmt guardedInside(Stmt s, Variable broke) {
    if (s instanceof Stmt.Labeled block) {
      return new Stmt.Labeled(block.label(), guarded(block.statements(), broke), true, block.source());
    }
    Stmt.If branch = (Stmt.If) s;
    return new Stmt.If(branch.condition(), guarded(branch.then(), broke), guarded(branch.otherwise(), broke),
        branch.source());
  }

  /**
   * Whether {@code s} is, or holds in its branches or a labelled block, an unlabelled break; one
   * inside a loop is the loop's, but a labelled block's goes through it to the switch.
   */
  private static boolean breaksTheSwitch(Stmt s) {
    if (s instanceof Stmt.Break b) {
      return b.label() == null;
    }
    if (s instanceof Stmt.Labeled labeled) {
      return labeled.block() && labeled.statements().stream().anyMatch(SwitchLowering::breaksTheSwitch);
    }
    return s instanceof Stmt.If branch && (branch.then().stream().anyMatch(SwitchLowering::breaksTheSwitch)
        || branch.otherwise().stream().anyMatch(SwitchLowering::breaksTheSwitch));
  }

  /** {@code case X -> value;}, {@code -> { ... yield value; }} or {@code -> throw ...;}. */
  private List<Stmt> rule(Tree arm, Variable result, Function<List<? extends StatementTree>, List<Stmt>> body) {
    if (arm instanceof ExpressionTree value && result != null) {
      return assignResult(result, value);
    }
    if (arm instanceof BlockTree block) {
      scope.open();
      try {
        return block(block, result, body);
      } finally {
        scope.close();
      }
    }
    return body.apply(List.of((StatementTree) arm));
  }

  private List<Stmt> block(BlockTree block, Variable result, Function<List<? extends StatementTree>, List<Stmt>> body) {
    List<? extends StatementTree> statements = block.getStatements();
    if (result == null) {
      // A switch statement's: a yield in it is an enclosing switch expression's, a return of its arm (yielded).
      return body.apply(statements);
    }
    StatementTree last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
    if (recordResults.containsKey(result) && yieldsBeforeItsEnd(statements)) {
      throw new Unsupported(block, "an arm of a switch that gives a record yields before its end; javagrad follows"
          + " such a switch where each arm yields once, at its end: assign the record to a local and yield that local"
          + " there");
    }
    if (!result.type().isDoubleArray() && yieldsBeforeItsEnd(statements)) {
      return yieldingBlock(statements, result, body);
    }
    if (last instanceof YieldTree yield) {
      List<? extends StatementTree> before = statements.subList(0, statements.size() - 1);
      refuseInnerExits(before, ARRAY_ARM);
      List<Stmt> out = new ArrayList<>(body.apply(before));
      out.addAll(assignResult(result, yield.getValue()));
      return out;
    }
    refuseInnerExits(statements, ARRAY_ARM);
    return body.apply(statements);
  }

  /**
   * An arm's block that yields before its end ({@code if (x > 0) yield a; ...}): each yield is
   * translated as a return of the block's ({@link #yielded}), and the block lowered as an inlined
   * helper's body is, each return giving {@code result} its value and leaving the block.
   */
  private List<Stmt> yieldingBlock(List<? extends StatementTree> statements, Variable result,
      Function<List<? extends StatementTree>, List<Stmt>> body) {
    yieldTargets.addLast(result);
    List<Stmt> translated;
    try {
      translated = body.apply(statements);
    } finally {
      yieldTargets.removeLast();
    }
    return ControlFlowLowering.lowerInlined(translated, result, scope::reserve);
  }

  /**
   * {@code yield value;} in a block that {@link #yieldingBlock} lowers: a return of the value, as the
   * innermost switch expression's result takes it; null outside such a block.
   */
  Stmt yielded(YieldTree yield) {
    Variable result = yieldTargets.peekLast();
    if (result == null) {
      return null;
    }
    return new Stmt.Return(expressions.assignable(result.type(), yield.getValue()), SourceText.statement(yield));
  }

  private List<Stmt> assignResult(Variable result, ExpressionTree value) {
    RecordValue record = recordResults.get(result);
    if (record != null) {
      RecordTranslator.Given given = expressions.records().given(value);
      List<Stmt> out = new ArrayList<>(expressions.takePending());
      out.addAll(expressions.records().assignments(record, given, value));
      return out;
    }
    Expr converted;
    if (result.type() == Type.DOUBLE_ARRAY) {
      // An array arm is given as a local's array is ({@code new double[] {x}}, another local's).
      converted = expressions.arrayValue(result.type(), value);
      expressions.given(result, converted);
    } else {
      converted = expressions.assignable(result.type(), value);
    }
    List<Stmt> out = new ArrayList<>(expressions.takePending());
    out.add(new Stmt.Assign(result, converted, result.name() + " = " + SourceText.oneLine(value) + ";"));
    return out;
  }

  private static boolean endsGroup(StatementTree last) {
    return switch (last.getKind()) {
      case BREAK, YIELD, RETURN, THROW, CONTINUE -> true;
      default -> false;
    };
  }

  /** Why an arm that gives an array yields once, at its end, and what to write instead. */
  private static final String ARRAY_ARM = "in an arm that gives a double[]; assign the array to a local in"
      + " the branches and yield that local once, at the end";

  /** A {@code yield} anywhere but at the end of its case: refused, saying {@code where} and what to write instead. */
  private static void refuseInnerExits(List<? extends StatementTree> statements, String where) {
    YieldTree yield = innerYield(statements);
    if (yield != null) {
      throw new Unsupported(yield, "a yield is supported only as the last statement of its case, " + where);
    }
  }

  /**
   * Whether a yield of the switch comes anywhere but as the last of {@code statements}: before it,
   * or inside it (a nested switch statement whose arms yield). The scan meets the yields in order,
   * so a first yield that is the last statement is the only one.
   */
  private static boolean yieldsBeforeItsEnd(List<? extends StatementTree> statements) {
    YieldTree first = innerYield(statements);
    return first != null && first != statements.get(statements.size() - 1);
  }

  /** The first yield of the switch in {@code statements}, or null; a switch expression inside has its own. */
  private static YieldTree innerYield(List<? extends StatementTree> statements) {
    YieldTree[] first = new YieldTree[1];
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitYield(YieldTree node, Void unused) {
        if (first[0] == null) {
          first[0] = node;
        }
        return null;
      }

      @Override
      public Void scan(Tree node, Void unused) {
        return node != null && node.getKind() == Tree.Kind.SWITCH_EXPRESSION ? null : super.scan(node, unused);
      }
    }.scan(statements, null);
    return first[0];
  }
}
