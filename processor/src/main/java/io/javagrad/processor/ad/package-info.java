/**
 * Differentiation: which values carry a derivative ({@link io.javagrad.processor.ad.Activity}), the
 * local derivatives of an expression that every mode starts from ({@link
 * io.javagrad.processor.ad.Linearization}), reverse mode's two sweeps ({@link
 * io.javagrad.processor.ad.ReverseSweep}) and forward mode ({@link
 * io.javagrad.processor.ad.TangentProgram}).
 *
 * <h2>Design note: one rule table, several modes</h2>
 *
 * <p>Each partial of {@link io.javagrad.processor.ir.Primitive} is an expression of the
 * intermediate form over the operation's operands and its result, built through the folding
 * builder {@link io.javagrad.processor.ir.Exprs}. The reverse sweep renders it ({@code
 * ExprTerms.folded}), keeping in a local each operand it reads; forward mode multiplies it by the
 * operand's tangent, into new statements of the intermediate form. Since a partial is an
 * expression like any other, a program made of partials and tangents can itself be differentiated.
 *
 * <p>Forward mode ({@code f_tangent}) is a transform, not a sweep: the tangent program is the
 * method's statements, in program order, each active assignment preceded by its tangent's, so
 * branches, loops and arrays need nothing but tangent variables and tangent arrays, and nothing
 * is recorded. The values the partials read are held in locals computed once ahead of the
 * statement, as the reverse sweep keeps them. The program is written once, as {@code
 * f_valueAndTangent(args..., tangents..., tangent)}, which returns the value and writes the
 * tangent into {@code tangent[0]}; {@code f_directional} and {@code f_tangent} run it. A call to
 * another differentiable method runs the callee's {@code f_valueAndTangent}, into the caller's own
 * {@code tangent} array (free until the caller's return writes it), and reads the tangent at once:
 * one run per call, as in the primal, and no allocation. (Running the call and the callee's
 * {@code f_directional} instead, as second derivatives do, would run the callee's primal twice:
 * quadratic cost in a recursion, and side effects of code run as written twice.) A call to a
 * method with a {@code @DerivativeOf} rule runs the rule, which gives the gradient, and takes its
 * product with the arguments' tangents. A tangent times a partial that may be infinite or NaN is
 * {@code Tangents.times(t, p)}, a strong zero in {@code t}.
 *
 * <h2>Design note: Hessian-vector products (reverse over forward)</h2>
 *
 * <p>{@code f_hvp(args..., v, grad, hv)} is the gradient of {@code g(x) = ∇f(x) · v}, and {@code
 * g} is what the tangent program computes. So {@link
 * io.javagrad.processor.ad.TangentProgram#directionalBody} makes the tangent program a {@code
 * MethodBody} of its own, {@code f_directional(args..., tangents...)}: the method's parameters,
 * then a tangent parameter per differentiated input, returning the tangent. {@link
 * io.javagrad.processor.ad.Activity}, {@link io.javagrad.processor.ad.RestoreAnalysis} and {@link
 * io.javagrad.processor.ad.ReverseSweep} run on it unchanged and write {@code
 * f_directional_pullback}, whose gradient is {@code H v} in the arguments' slots and {@code ∇f}
 * in the tangents' (the program is linear in the tangents). {@code f_hvp} runs it once with the
 * tangents taken from {@code v}, and the gradient entry for the value and the gradient; {@code
 * f_hessian} runs it once per unit vector and averages each entry with its transpose. What it
 * took:
 *
 * <ul>
 *   <li>Calls: in the directional body a call is the callee's {@code f_directional}, for its
 *       tangent, then the call itself, for its value, so every companion, helpers included, has
 *       both. The reverse sweep runs only the first, through {@code f_directional_pullback}, which
 *       also gives the second's value (in the slot after its gradient) and gradient (in the
 *       tangents' slots): {@link io.javagrad.processor.ir.Expr.Invoke#primalCall}. Run through its
 *       own pullback too, the callee would run twice per level, and a recursion's second
 *       derivatives would cost time quadratic in its depth. A {@code @DerivativeOf} rule gives the
 *       gradient alone; its tangent, the rule's body differentiated once more ({@link
 *       io.javagrad.processor.ir.Callee#tangentOfRule}), stands in for the callee's {@code
 *       f_directional}: a private helper of the caller's companion where the rule's source is in
 *       the compilation, or the public one that the companion of the rule's class published when
 *       it was compiled. Where neither exists the body cannot be built ({@link
 *       io.javagrad.processor.ad.SecondOrderUnsupported}), and the entries throw, saying why.
 *   <li>Guards that pick a constant: forward mode's {@code t == 0 ? 0 : p t} (the zero-adjoint
 *       rule) and {@code pow}'s {@code b == 0 ? 0 : b a^(b-1)} are 0 where {@code t} or {@code b}
 *       is, but their derivatives there are not: both are an entry of the rule table, {@code
 *       STRONG_ZERO_TIMES} ({@code Tangents.times(t, p)} in the code), whose partials are those of
 *       {@code t p} ({@link io.javagrad.processor.ir.Primitive#differentiablePartial}), so the
 *       reverse sweep differentiates it as one function, without a branch.
 *   <li>Node identity: the reverse sweep keeps a node's value in a local where its statement
 *       computes it, knowing nodes by identity, and under {@code ?:} a tangent reads the primal
 *       statement's own nodes; the directional body's tangents are copies ({@code
 *       Expressions.copy}).
 *   <li>Size: the directional pullback of a huge expression can pass the JVM's 64 KB per method;
 *       past a budget of code ({@code CodeSize}) the entries throw instead.
 * </ul>
 *
 * <p>Not done: one reverse sweep over a vector tangent (all {@code n} directions at once), which
 * would make {@code f_hessian} cheaper than {@code n} products, and a compile-time note for a
 * method without second derivatives (the entries' Javadoc and exception say it).
 *
 * <h2>Design note: what the reverse sweep stores and what it recomputes</h2>
 *
 * <p>The reverse sweep reads values of the forward sweep: the operands of derivative rules ({@code
 * cos(x)} for {@code sin(x)}, {@code y} for {@code x * y}) and the variables those operands read.
 * For each such value the generated code does one of three things, and the choice is meant to be
 * one cost comparison, per value, rather than a rule per construct:
 *
 * <ul>
 *   <li><b>Recompute</b> it where the reverse sweep reads it, when that is cheap arithmetic ({@code
 *       + - *}, negation, an index; no call, no function, no conditional) on values still
 *       available there. Recomputing costs an add or a multiply; recording costs a push in the
 *       forward sweep, a pop in the reverse and 8 bytes of tape traffic each way.
 *   <li><b>Record</b> it (in a local outside control flow, on the {@code Tape} inside it) when
 *       recomputing costs a transcendental call or more ({@code exp}, {@code log}, {@code pow},
 *       {@code tanh}, a call to another method): a push and a pop are far cheaper than the call.
 *   <li><b>Record nothing</b> when nothing in the reverse sweep reads it: an overwrite saves the old
 *       value only if the reverse sweep reads that old value ({@link
 *       io.javagrad.processor.ad.RestoreAnalysis}).
 * </ul>
 *
 * <p>"Still available" is {@link io.javagrad.processor.ad.Rederivable}'s <em>stable</em>: a
 * variable whose value never changes once set (a parameter no statement assigns, a counting loop's
 * counter, a scalar local declared once at the top level, a local declared once in a loop from
 * cheap arithmetic on stable values). In a loop differentiated in place ({@link
 * io.javagrad.processor.ad.InPlaceLoop}) each iteration's reverse runs right after its forward, so
 * the values its top statements compute are still in locals, and what its inner loops record is
 * popped before the next iteration.
 *
 * <p>A statement run as written may assign locals that carry no derivative, and the elements of
 * such a {@code double[]} (a {@code catch} that sets a fallback, a table filled in a {@code try}):
 * {@code Stmt.targets()} names them, and every analysis above treats the statement as an
 * assignment of each, whose value it cannot compute again. So where the reverse sweep reads such a
 * local after the statement overwrote it, the old value is recorded; for an array, a copy of its
 * elements, copied back into the same array.
 *
 * <p>Where the generated code stands, on the cases of issue #17:
 *
 * <ul>
 *   <li><i>An offset or index</i> ({@code int weight = layer * 8 * b} in ADBench's LSTM, {@code
 *       b} set once at the top): recomputed, not taped. Done.
 *   <li><i>A dead loop-local</i> (the partial sums {@code z} of an inner loop whose reverse never
 *       reads an intermediate {@code z}): not saved. Done, per variable. An array counts as one
 *       variable, except after a loop that overwrites every element of a local array ({@link
 *       io.javagrad.processor.ad.FullOverwrites}): there its earlier values are gone, so in ADBench's
 *       GMM the updates {@code qCentred[j] += ...} that follow the refill of {@code qCentred} save
 *       nothing. Element-wise liveness in general is not done.
 *   <li><i>A scratch array recomputable from values still available</i> (GMM's {@code centred[j]
 *       = x[p d + j] - means[c d + j]}, filled afresh for every point {@code p} and component
 *       {@code c}): filled again by the reverse sweep, not recorded ({@link
 *       io.javagrad.processor.ad.Refills}). Done. The cost model decides it as it does for a
 *       scalar, on the element's defining expression: cheap arithmetic ({@link
 *       io.javagrad.processor.ad.Rederivable#isCheap}) on stable values and the fill's counter, so
 *       wherever the enclosing loops' counters are those of the fill, each element can be computed
 *       again. The forward sweep used to push each element the fill overwrote (d per point and
 *       component, 1.3 MB of GMM's 2.7 MB per call at d = 32) and the reverse sweep to pop it back;
 *       now the reverse sweep runs the fill loop again just before the reverse code of the last
 *       statement that reads the array, provided the statements between leave the array alone. The
 *       fill runs there once, not at each read: the reverse of GMM's triangular product reads
 *       {@code centred[i]} d (d - 1) / 2 times per component, and a difference of two loads at each
 *       of those reads would cost more than the push and pop it replaces. Recorded still, as the
 *       model says: a fill that costs a function ({@code a[j] = exp(x[j])}), one that reads a value
 *       that changes after it (a running offset, another scratch array, a scalar updated later),
 *       and one whose old values the reverse sweep needs anyway (the array read before the fill in
 *       the same iteration, or stored into again before the reads).
 *   <li><i>A transcendental value inside a loop</i> (the heat-conduction problem's {@code k0
 *       exp(beta T)}, the LSTM's sigmoids and {@code tanh}): kept in a local of the forward sweep,
 *       pushed after it is computed and before the statement saves what it overwrites, and popped
 *       in the reverse block right after the statement's restore ({@code ReverseSweep.recorded}).
 *       Done, for functions; a call's value inside a loop goes onto the tape with the call's
 *       gradient, where the call runs, in the forward sweep. Before, inside a loop every operand a rule
 *       reads was computed again from the
 *       restored variables, whatever it cost.
 * </ul>
 *
 * <h2>Design note: loops differentiated in place</h2>
 *
 * <p>A counting loop at the top level of the method whose iterations only add into a sum ({@code
 * acc += e}, {@code acc} read nowhere else in the loop nor before it) runs each iteration's reverse
 * right after its forward, with seed 1 for {@code acc}; the reverse sweep, reaching the loop, only
 * scales what the iterations gathered by {@code acc}'s adjoint ({@link
 * io.javagrad.processor.ad.InPlaceLoop}). That is sound when no value one iteration computes reaches
 * another, which the rule states per variable the loop assigns: a local declared inside the loop;
 * a flag that only steers it (a lowered {@code break}); or an element of a <em>scratch array</em>, a
 * local array made before the loop as {@code new double[n]}, which the loop changes only element by
 * element, which nothing before or after the loop reads, and which each iteration <em>fills before
 * it reads</em>. Scanning an iteration's statements in order, the first thing done to the array must
 * be a fill, not a read: a fill is a counting loop from 0 to {@code n} that stores {@code a[j]} on
 * every trip and reads nothing of {@code a}, or a branch both of whose arms begin by filling it; an
 * inner loop is no fill, however often it runs, but each of its iterations is scanned in turn, so a
 * vector filled again at the top of each component of ADBench's GMM ({@code centred}, {@code
 * qCentred}) is scratch to the loop over points, as is {@code mainTerms}, which the loop over
 * components fills whole, one element per trip. A value read before any fill in the iteration (a
 * read in an inner loop ahead of its refill, a fill in one arm of a branch only, a fill that reads
 * the elements it filled, as a running sum does), a scalar carried from one iteration to the next,
 * or {@code acc} read inside the loop keeps the loop on the usual path, forward then backward.
 * Stores within an iteration are saved as anywhere else, on the tape, which an iteration leaves as
 * it found it; only the stores of a scratch array that each iteration fills exactly once, at the top
 * of its body, save nothing, since they overwrite the previous iteration's values.
 *
 * <p>What the iterations give the values they read from outside gathers apart: in locals for
 * scalars; in the gradient's own slots for a parameter array that nothing after the loop reads or
 * writes (scaled there in place); and for any other array (a parameter read after the loop too,
 * whose slots later statements also add to, or a local array whose adjoint is declared only after
 * the forward sweep, such as GMM's exponentiated diagonal {@code qDiags}) in an array of its own,
 * allocated per call as the array is long, added times {@code acc}'s adjoint into the array's
 * adjoint where the reverse sweep reaches the loop. In GMM this keeps the tape, which held every
 * point's {@code qCentred} and {@code mainTerms} until the reverse sweep (1.4 MB per call at d =
 * 32), to one point's at a time (329 doubles at most), and the loop over points runs once.
 *
 * <h2>Design note: stencil adjoints in locals</h2>
 *
 * <p>In a loop differentiated in place, each read of a parameter array's element adds into the
 * element's slot of the gradient: Rosenbrock's {@code x[i]} and {@code x[i + 1]} made three
 * read-modify-writes of the gradient per iteration, and the next iteration read back the slot
 * just stored. Where every read of the array in the loop is {@code x[i + c]}, {@code i} the
 * counter and {@code c} an int constant ({@link io.javagrad.processor.ad.StencilWindow}), the
 * adjoints of {@code x[i + low]} to {@code x[i + high]} live in locals instead, a window that
 * moves with the counter ({@link io.javagrad.processor.ad.StencilAdjoints}): at the end of each
 * iteration the adjoint of {@code x[i + low]}, which no later iteration reads since the counter
 * only grows, is stored into its slot and the others move down; after the loop what the window
 * still holds is stored. A break, lowered to flags, ends the iteration at the end of its body, so
 * the window moves there too. The stores replace rather than add: the slots were zeroed at the
 * entry and hold only this loop's contributions until the reverse sweep scales them by the sum's
 * seed, the same condition that scaling in place already needed. Any other read of the array (an
 * index of another form, the array passed whole, code run as written reading it) leaves its
 * adjoints in the gradient, as before. Loops the reverse sweep replays (the heat-conduction
 * problem's stencil, inside its time loop) are not differentiated in place and keep their
 * read-modify-writes: there the adjoint arrays also hold other loops' contributions, the loop runs
 * backwards, and it stores into the array it reads.
 *
 * <p>Loops the reverse sweep replays hold one kind of element in a local: where every read of an
 * array in the loop is of one element, at an index the loop never changes (GMM's {@code centred[i]} in the
 * inner loop of its triangular product, over {@code j}), and the loop neither stores into the array
 * nor passes it whole to a call, that element's adjoint is held in a local over the loop's reverse
 * and added into the adjoint array once after it ({@link io.javagrad.processor.ad.HeldElements}),
 * as a hand-written adjoint keeps it in a register, instead of a load and a store of the adjoint
 * array on every trip, which the compiled code cannot keep in a register since it cannot tell the
 * adjoint arrays apart. It is added only if something reached it: a loop that ran no trip may have
 * no element at that index. And the reverse of {@code a[j] += e}, {@code e} not reading {@code
 * a[j]}, leaves {@code a[j]}'s adjoint as it is, where it used to take it as the seed, clear it and
 * add it back.
 *
 * <p><b>Vector-valued methods</b> ({@code @Differentiable static double[] f}) reuse both modes
 * unchanged; nothing in them knows the result is an array. The front end ({@code
 * front.VectorResults}) makes the one final return read a local array the method made. Reverse
 * mode ({@code f_vjp}) differentiates the scalar method {@code seedᵀ f} that {@link
 * io.javagrad.processor.ad.SeededResult} builds from the body: a counted loop summing {@code
 * seed[i] * r[i]}, whose reverse seeds each element of the array's adjoint with {@code seed[i]},
 * after a copy of the array, which the entry returns ({@link
 * io.javagrad.processor.ad.ReverseSweep.Output#returned}). Forward mode ({@code f_jvp}) is the
 * method's {@link io.javagrad.processor.ad.TangentProgram}, whose final return returns the array's
 * tangent, copied into the caller's buffer. The Jacobian entry calls one or the other per row or
 * column ({@code emit.VectorWriter}); the twin returns {@code Value[]}. A vector-valued method
 * has no pullback: called from another method of the compilation, it is inlined.
 *
 * <h2>Design note: recursion through helpers returning arrays (recorded calls)</h2>
 *
 * <p>A helper returning a {@code double[]} is inlined, which a call of itself cannot be. A
 * pullback, as scalar calls have, would not do: run in the caller's forward sweep with seed 1, it
 * gives the gradient of one number, and a value of {@code m} elements would need {@code m} of them,
 * its Jacobian. Nor would a vector-Jacobian product run in the reverse sweep that runs the callee's
 * forward sweep again: each level would run again all the levels below it, a cost quadratic in the
 * depth. So a static helper returning a new array, writing into no array it did not make, calls
 * itself through <em>recorded calls</em> ({@link io.javagrad.processor.ir.Callee#arrayHelper}, the
 * runtime's {@code CallRecord}):
 *
 * <ul>
 *   <li>The front end ({@code front.Inliner}) inlines the first call, and makes each call of the
 *       helper inside its own body an {@link io.javagrad.processor.ir.Expr.Invoke} of type {@code
 *       double[]}, the whole value of the declaration of a new local, given variables' reads and
 *       constants: the one node the intermediate form gained. The helper is differentiated on
 *       demand, as a vector-valued body ({@code front.VectorResults}).
 *   <li>The forward sweep of any caller runs {@code h$forward(args..., _calls.call())}: the body as
 *       written, which gives each of its own recorded calls a new record and keeps a copy of its
 *       value in its record. The reverse sweep runs {@code h$vjp(args..., _calls.back(), _d_a,
 *       buffer, 0)}, the arguments as they were (the restore analysis sees the reverse read them),
 *       the array's adjoint as the seed; the adjoints it writes into a buffer the tape lends flow into
 *       the arguments' as they are ({@code Adjoints.recordedCall}).
 *   <li>{@code h$vjp} is the reverse sweep of {@code seedᵀ h} ({@link
 *       io.javagrad.processor.ad.SeededResult}), whose forward sweep replays: each recorded call
 *       takes the value its record kept ({@code _calls.replay()}, {@link
 *       io.javagrad.processor.ad.ReverseSweep.Output#replayedCalls}) and makes no call. Its reverse
 *       then runs each call's {@code h$vjp}. The record gives the records back as a stack, so the
 *       reverse of a loop, forward then backward or each iteration in place, finds the right one.
 * </ul>
 *
 * <p>So each call runs twice, forward and replayed: a recursion's gradient costs time linear in
 * its calls, and memory for a record per call and a copy of each value. Which calls {@code
 * h$forward} records is what the sweep of {@code h$vjp} finds active, so the two agree; a call
 * through which no derivative flows runs the user's method as written. Forward mode needs no
 * record: {@code h_valueAndTangent} returns the value and gives the tangent in a holder, each level
 * run once; the twin of {@code h} returns {@code Value[]}; the entries count their levels ({@code
 * emit.RecursionLevels}). Second derivatives do not go through recorded calls ({@link
 * io.javagrad.processor.ad.SecondOrderUnsupported}): the directional body would need the
 * directional function of {@code h}, a vector, through the same protocol. Not done either: a helper
 * returning an array that writes into the array its own call returned (the front end cannot tell
 * that array from one it was given, so it is inlined, and refused), and one given a function, a
 * record or a row.
 *
 * <p><b>Helpers that write into arrays they are given</b> ({@code void smooth(double[] v, int lo, int
 * hi)}, an in-place FFT of {@code re} and {@code im}, a tree filling {@code values} level by level)
 * go through the same protocol, <em>packed</em> ({@link
 * io.javagrad.processor.ir.Callee#inPlaceHelper}, {@code front.InPlaceCalls}), and nothing in this
 * package knows they are: the front end makes the helper's body one that returns a new array. It
 * begins by copying each {@code double[]} parameter the helper may write into ({@code
 * front.ArgumentWrites#writtenParameters}) into an array of its own, which the parameter's name then
 * names, and ends by returning a new array holding those copies one after the other, then its value
 * if it returns one; each call of it in its own body keeps that value in a local ({@code
 * smoothPacked}), then copies each part back into the array it gave and reads the value from the last
 * element. So the helper writes into no array it did not make and its value is all its effect, as
 * recorded calls need: the record's copy of the value is the arrays after the call, which the replay
 * copies back; the arrays before the call are what the restore analysis of the caller keeps, since
 * the copies back overwrite them and the call's {@code h$vjp} reads them; and the adjoint of each
 * written array flows in and out through the packed value's adjoint, a seed for the arrays after the
 * call and a gradient for the arrays before it. Each call costs a copy of the arrays it writes, in
 * and out, besides the record's, all linear in the calls times those arrays' lengths; a design
 * keeping only the slices a call writes would save memory where the calls write slices of one array,
 * at the cost of a second protocol. Still refused: such a helper returning an array, taking a {@code
 * double[][]} (whose rows it could write through, unseen), or giving a parameter it writes another
 * array; and a call giving one array to two of its parameters, since the copies would part them.
 *
 * <p><b>Calls into the user's enums and records</b> ({@code p.pay(s, k)}, {@code m.value(x)})
 * reach this package as calls of helpers like any other: the front end ({@code
 * front.ObjectMethods}) makes each instance method a helper whose first parameter is the receiver,
 * an object of a type the intermediate form does not look into, so it carries no derivative, and
 * the plain call of such a callee ({@link io.javagrad.processor.ir.Callee#onReceiver}) is written
 * {@code receiver.name(rest)}. In the helper's body the receiver's fields and methods are code run
 * as written on that parameter. An enum method that constants override in bodies of their own
 * begins with {@code if (self == Payoff.CALL) return Payoff$CALL$pay(self, s, k);} per constant,
 * each body a helper of its own, so Java's dispatch needs no node of its own, in either mode or in
 * the twin; {@code Objects.requireNonNull(self)} before it throws where Java's call would.
 */
package io.javagrad.processor.ad;
