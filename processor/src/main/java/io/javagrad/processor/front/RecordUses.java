package io.javagrad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import javax.lang.model.element.TypeElement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the statements after a local of a record use it, where javagrad would follow the record by
 * its components ({@link RecordValue}): there is no object then, so every use must be one that
 * reads a component, calls one of the record's own methods, gives it to a helper inlined with it or
 * to a record followed too as a component, assigns it a new value, gives it to another local,
 * returns it, compares it with null, or writes it into a string or a message (a new object of its
 * components). Any other ({@code list.add(z)}, {@code z.equals(w)}) keeps the local an object, run
 * as written.
 */
final class RecordUses {
  private RecordUses() {}

  /** The types of the locals {@code statements} declare, by name, as {@code typeNamed} tells them (null where it cannot). */
  static Map<String, TypeElement> declaredIn(List<? extends Tree> statements,
      Function<ExpressionTree, TypeElement> typeNamed) {
    Map<String, TypeElement> declared = new HashMap<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (variable.getType() instanceof ExpressionTree type) {
          declared.put(variable.getName().toString(), typeNamed.apply(type));
        }
        return super.visitVariable(variable, unused);
      }
    }.scan(statements, null);
    return declared;
  }

  /**
   * What a record's uses may be, besides reading a component ({@link RecordUses}).
   *
   * @param members the components and methods of the record
   * @param takesRecords the calls that a record may be given to
   * @param buildsRecord the constructions that may be given it as a component
   * @param listsOf the calls that make a list of their arguments ({@code List.of}), whose elements it
   *     may be where a local is given the list
   * @param identity the other records' names it may be compared with by {@code ==}: where javagrad
   *     knows whether they are the same object (elements of one sequence of new records)
   * @param storedInto the elements it may be stored into: of arrays of records that a loop fills ({@link RecordArrays})
   * @param takenWhole whether a new object of its components may stand for it (no compact
   *     constructor would run again)
   */
  record Allowed(Predicate<String> members, Predicate<MethodInvocationTree> takesRecords,
      Predicate<NewClassTree> buildsRecord, Predicate<MethodInvocationTree> listsOf, Predicate<String> identity,
      Predicate<ExpressionTree> storedInto, boolean takenWhole) {}

  /**
   * Whether {@code statements} use {@code name} only as {@link RecordUses} says, and {@code allowed}
   * allows; a name declared again counts as another use.
   */
  static boolean onlyFollowed(String name, List<? extends Tree> statements, Allowed allowed) {
    TreeScanner<Boolean, Void> uses = new TreeScanner<>() {
      @Override
      public Boolean visitMemberSelect(MemberSelectTree select, Void unused) {
        return names(select.getExpression()) ? allowed.members().test(select.getIdentifier().toString())
            : scan(select.getExpression(), null) != Boolean.FALSE;
      }

      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
        boolean followed = scan(call.getMethodSelect(), null) != Boolean.FALSE;
        for (ExpressionTree argument : call.getArguments()) {
          followed &= names(argument) ? allowed.takesRecords().test(call)
              || allowed.takenWhole() && LibraryCalls.buildsMessages(SourceText.calledName(call))
              : scan(argument, null) != Boolean.FALSE;
        }
        return followed;
      }

      @Override
      public Boolean visitAssignment(AssignmentTree assigned, Void unused) {
        // Assigned a new record, or given to another local (as a statement, or inside an expression: p = q).
        if (names(assigned.getVariable())) {
          return names(assigned.getExpression()) || scan(assigned.getExpression(), null) != Boolean.FALSE;
        }
        return names(assigned.getExpression()) && (assigned.getVariable() instanceof IdentifierTree
                || allowed.storedInto().test(assigned.getVariable()))
            || super.visitAssignment(assigned, unused) != Boolean.FALSE;
      }

      @Override
      public Boolean visitCase(com.sun.source.tree.CaseTree arm, Void unused) {
        // case 0 -> r: the switch's value, as an arm of ?: is
        boolean value = arm.getBody() instanceof ExpressionTree body && names(body);
        return value ? scan(arm.getExpressions(), null) != Boolean.FALSE : super.visitCase(arm, unused) != Boolean.FALSE;
      }

      @Override
      public Boolean visitYield(com.sun.source.tree.YieldTree yield, Void unused) {
        return names(yield.getValue()) || scan(yield.getValue(), null) != Boolean.FALSE;
      }

      @Override
      public Boolean visitInstanceOf(com.sun.source.tree.InstanceOfTree test, Void unused) {
        // shape instanceof Sphere s: which record it is, known where the test is translated
        return names(test.getExpression()) || scan(test.getExpression(), null) != Boolean.FALSE;
      }

      @Override
      public Boolean visitTypeCast(com.sun.source.tree.TypeCastTree cast, Void unused) {
        return names(cast.getExpression()) || scan(cast.getExpression(), null) != Boolean.FALSE;
      }

      @Override
      public Boolean visitNewClass(NewClassTree created, Void unused) {
        // A component of a record followed too (new Segment(a, b)): its locals are copied into the new one's.
        boolean followed = created.getClassBody() == null || scan(created.getClassBody(), null) != Boolean.FALSE;
        for (ExpressionTree argument : created.getArguments()) {
          followed &= names(argument) ? allowed.buildsRecord().test(created) : scan(argument, null) != Boolean.FALSE;
        }
        return followed;
      }

      @Override
      public Boolean visitBinary(BinaryTree binary, Void unused) {
        if ((binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)
            && (names(binary.getLeftOperand()) && isNull(binary.getRightOperand())
                || isNull(binary.getLeftOperand()) && names(binary.getRightOperand()))) {
          return true; // r == null: the local that tells whether it is
        }
        if ((binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)
            && (names(binary.getLeftOperand()) && identical(binary.getRightOperand())
                || identical(binary.getLeftOperand()) && names(binary.getRightOperand()))) {
          return true; // a == b of elements of one sequence: decided where it is translated
        }
        // A record has no operator of its own: + with one is a string's, which a new object of the components gives.
        boolean text = allowed.takenWhole() && binary.getKind() == Tree.Kind.PLUS;
        return (text && names(binary.getLeftOperand()) || scan(binary.getLeftOperand(), null) != Boolean.FALSE)
            && (text && names(binary.getRightOperand()) || scan(binary.getRightOperand(), null) != Boolean.FALSE);
      }

      @Override
      public Boolean visitReturn(ReturnTree returned, Void unused) {
        return names(returned.getExpression()) || scan(returned.getExpression(), null) != Boolean.FALSE;
      }

      @Override
      public Boolean visitConditionalExpression(ConditionalExpressionTree choice, Void unused) {
        boolean followed = scan(choice.getCondition(), null) != Boolean.FALSE;
        followed &= names(choice.getTrueExpression()) || scan(choice.getTrueExpression(), null) != Boolean.FALSE;
        return followed && (names(choice.getFalseExpression())
            || scan(choice.getFalseExpression(), null) != Boolean.FALSE);
      }

      /** Code javagrad runs as written whole: it may assign the record, which has no variable there. */
      @Override
      public Boolean visitTry(TryTree tried, Void unused) {
        return !Scope.reads(List.of(tried), name);
      }

      @Override
      public Boolean visitSynchronized(SynchronizedTree block, Void unused) {
        return !Scope.reads(List.of(block), name);
      }

      @Override
      public Boolean visitVariable(VariableTree declared, Void unused) {
        ExpressionTree initializer = declared.getInitializer();
        if (initializer instanceof MethodInvocationTree list && allowed.listsOf().test(list)) {
          // An element of a list a local is given (List<Shape> scene = List.of(ball, floor)), as of an array.
          return !declared.getName().contentEquals(name) && list.getArguments().stream()
              .allMatch(element -> names(element) || scan(element, null) != Boolean.FALSE);
        }
        return !declared.getName().contentEquals(name)
            && (names(initializer) || scan(initializer, null) != Boolean.FALSE);
      }

      @Override
      public Boolean visitNewArray(com.sun.source.tree.NewArrayTree array, Void unused) {
        // An element of an array of records ({@code Shape[] scene = {ball, floor}}): of a fixed
        // sequence (RecordSequences), or else a new object of its components, as in a string.
        boolean followed = array.getDimensions().stream().allMatch(d -> scan(d, null) != Boolean.FALSE);
        for (ExpressionTree element : array.getInitializers() == null ? List.<ExpressionTree>of()
            : array.getInitializers()) {
          followed &= names(element) || scan(element, null) != Boolean.FALSE;
        }
        return followed;
      }

      @Override
      public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
        return !identifier.getName().contentEquals(name);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return a != Boolean.FALSE && b != Boolean.FALSE;
      }

      private boolean isNull(ExpressionTree tree) {
        return ExpressionTranslator.unparenthesized(tree).getKind() == Tree.Kind.NULL_LITERAL;
      }

      private boolean identical(ExpressionTree tree) {
        return ExpressionTranslator.unparenthesized(tree) instanceof IdentifierTree other
            && allowed.identity().test(other.getName().toString());
      }

      private boolean names(ExpressionTree tree) {
        return tree != null && ExpressionTranslator.unparenthesized(tree) instanceof IdentifierTree id
            && id.getName().contentEquals(name);
      }
    };
    return statements.stream().allMatch(s -> uses.scan(s, null) != Boolean.FALSE);
  }
}
