/**
 * The front end: from javac's trees of the {@code @Differentiable} methods to the intermediate form
 * ({@code io.javagrad.processor.ir}), checked, with every construct outside that small form
 * lowered here, so that the later steps never see it.
 *
 * <p>The steps, in order:
 *
 * <ul>
 *   <li><b>Finding the methods.</b> {@link io.javagrad.processor.front.AnnotatedMethods} checks
 *       each signature, {@link io.javagrad.processor.front.MethodPaths} finds each body, {@link
 *       io.javagrad.processor.front.DerivativeRules} the {@code @DerivativeOf} rules.
 *   <li><b>Translating a body.</b> {@link io.javagrad.processor.front.BodyTranslator} translates
 *       one method, through the translators that {@code Translators} wires together: statements ({@code StatementTranslator}), expressions ({@code
 *       ExpressionTranslator}), assignments, names and calls. {@code Scope} keeps the names in
 *       scope, {@code NameResolver} resolves them as Java does, {@code TypeInference} types what
 *       javac has not yet attributed.
 *   <li><b>Lowering.</b> What the intermediate form has no node for becomes what it has: {@code
 *       switch} ({@code SwitchLowering}), jumps and early returns ({@code ControlFlowLowering}),
 *       streams ({@code StreamLowering}), array copies and fills ({@code ArrayCopies}), row swaps
 *       ({@code RowSwaps}), helpers returning or writing arrays and helpers given functions, whose
 *       bodies are inlined ({@code Inliner}, {@code FunctionValue}); a call of a helper returning a
 *       new array, or writing into arrays it is given ({@code InPlaceCalls}), inside its own body is a
 *       call through recorded calls instead ({@code Callee.arrayHelper}, {@code Callee.inPlaceHelper},
 *       the design note of {@code io.javagrad.processor.ad}).
 *   <li><b>Code run as written.</b> What carries no derivative keeps the user's text ({@code
 *       OpaqueTranslator}), rewritten to mean the same in the companion ({@code SourceRewriting},
 *       {@code CompanionNames}); where a derivative could be lost in it, {@code DerivativeLoss} notes
 *       a check for when activity is known.
 *   <li><b>Calls.</b> {@code CallTranslator} and {@code CalleeResolver} decide what each call means:
 *       a function of the table, a method's pullback, a helper differentiated on demand, an enum's
 *       or a record's method ({@code ObjectMethods}), a rule, or code run as written ({@code
 *       LibraryCalls}). A helper given a function that calls itself with it becomes a helper of
 *       its own for that function ({@code Specialization}), called as helpers differentiated on
 *       demand are; {@code DemandedHelper} names the derivative code a call asks for.
 * </ul>
 *
 * <p>What a body notes for later (the arrays it writes, the values that must carry no derivative)
 * goes into its {@code Bookkeeping}; code that cannot be differentiated is an {@code Unsupported}
 * error at the exact tree.
 */
package io.javagrad.processor.front;
