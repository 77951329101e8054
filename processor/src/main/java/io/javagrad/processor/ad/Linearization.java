package io.javagrad.processor.ad;

import io.javagrad.processor.ir.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The local derivatives of an expression, shared by both modes: which of its nodes carry a
 * derivative, which of their operands it comes through, and each operand's partial, an expression
 * of the intermediate form from the rule table. A mode says what to build at each kind of node: the
 * reverse sweep a {@link Linear} down which a seed later flows, forward mode the tangent itself.
 */
final class Linearization {
  /** What a mode builds from the local derivatives; null stands for a node without derivative. */
  interface Builder<R> {
    /** A variable's value. */
    R variable(Expr.Read read);

    /** An array element's value. */
    R element(Expr.ElementRead read);

    /** {@code ?:}: each side built only when asked, so that a mode can tell what it builds under the condition. */
    R conditional(Expr.Conditional conditional, Supplier<R> ifTrue, Supplier<R> ifFalse);

    /**
     * A function of the rule table, {@code operands} built (null for one without derivative); its
     * partials come from the table ({@link io.javagrad.processor.ir.Primitive#partial}).
     */
    R apply(Expr.Apply application, List<R> operands);

    /** A call to another differentiable method: the arguments its derivative reaches built, the others null. */
    R call(Expr.Invoke call, List<R> arguments);
  }

  private final Activity activity;
  private final CalleeActivity callees;

  Linearization(Activity activity, CalleeActivity callees) {
    this.activity = activity;
    this.callees = callees;
  }

  /** What {@code builder} builds for {@code e}, or null where no derivative reaches it. */
  <R> R of(Expr e, Builder<R> builder) {
    if (!activity.isVaried(e)) {
      return null;
    }
    if (e instanceof Expr.Read r) {
      return builder.variable(r);
    }
    if (e instanceof Expr.ElementRead r) {
      return builder.element(r);
    }
    if (e instanceof Expr.Conditional c) {
      return builder.conditional(c, () -> of(c.ifTrue(), builder), () -> of(c.ifFalse(), builder));
    }
    if (e instanceof Expr.Apply a) {
      List<R> operands = a.args().stream().map(arg -> of(arg, builder)).toList();
      return builder.apply(a, operands);
    }
    Expr.Invoke call = (Expr.Invoke) e;
    List<R> arguments = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      boolean reached = call.callee().isDifferentiated(i) && callees.reaches(call.callee(), i);
      arguments.add(reached ? of(call.args().get(i), builder) : null);
    }
    return builder.call(call, arguments);
  }
}
