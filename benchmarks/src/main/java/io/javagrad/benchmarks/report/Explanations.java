package io.javagrad.benchmarks.report;

import java.util.Map;

/**
 * What RESULTS.md says about a missed target: why, and what would close it. The causes are read off
 * the generated code ({@code benchmarks/target/generated-sources/annotations/io/javagrad/benchmarks/WorkloadsGrad.java})
 * as the processor wrote it when this file last changed: when the processor changes, look again
 * and update this text.
 */
final class Explanations {
  private Explanations() {}

  /** Why the generated code is slower than the hand-written: shared by the first two targets. */
  static final String CAUSES = """
      Why, workload by workload (read off the generated code):

      - *Rosenbrock over `double[]`* (n = 10 to 10^6): the loop is differentiated in place (one pass, no tape, no scaling pass since the seed is 1), and the adjoints of `x[i]` and `x[i + 1]` are kept in locals that move down one place per iteration, so each `grad[i]` is written once, as the hand-written adjoint writes it (issue #17's stencil case). What remains: each iteration's adjoints start at 0.0 and are added to (`0.0 + v` cannot be folded, because of -0.0), the derivative is `a * 100.0 + _t0` (with `_t0 = 100 a` kept from the forward) against `200 a`, and the window's bookkeeping; the gradient is zeroed first. At n = 10 the primal takes under 10 ns, and the entry's length check and zeroing weigh more.
      - *Rosenbrock 2-D*: within a nanosecond of the hand-written code.
      - *Black–Scholes*: each `normalCdf` call runs once, its pullback giving value and derivative in the forward sweep. The rest: the reverse sweep divides more often than the hand-written code (`(1.0 / sigmaSqrtT)`, `(1.0 / _t1)`, `(1.0 / k)` and `_t1 / k` next to each other, where one reciprocal would serve), and each call borrows its gradient buffer from the thread's `Tape` (`Tape.enter`, a `ThreadLocal` lookup, once per entry).
      - *Logistic regression* and *MLP*: differentiated in place, sample by sample, as the hand-written adjoints are, with no tape (the MLP's hidden and output activations are scratch arrays that each sample fills; its only tape is the softmax's running `max`, 4 pushes per sample, popped within the sample). What remains is the derivative as written: the logistic loss's per-sample derivative is `(z >= 0 ? 1 : 0) - y - 1 / (1 + e) * e * signum(z)`, where the hand-written code simplified it to `(z >= 0 ? 1 : e) / (1 + e) - y`; and a final pass scales the weights' slots by `1 / samples`. Quick runs on this machine vary by about 20% between runs on these two.
      - *Pendulum*: a recurrence, so the tape (24 B per step: `sin(theta)`, `omega` and `theta`) is needed. The reverse computes one `cos` per step and reads `sin` back, as the hand-written code does (which stores angle, velocity and sine, 24 B per step); the difference is the tape's push and pop (a bounds check and a growth check each) against the hand-written code's plain array, and its separate forward and reverse loops.

      What would close the rest: carry a store to `grad[i + 1]` that the next iteration reads back in a local (scalar replacement), and combine the writes to one element within a statement; reuse reciprocals; for counting loops, reserve the tape once at loop entry and write through a local array.""";


  static final Map<String, String> WHY = Map.of(
      "dynamic", "Each `Value` node is an object (48 B for a binary operation, more with the constant "
          + "leaves that `mul(double)` and friends create), and `backward()` builds a topological "
          + "order with an identity hash set per call: about 90 to 140 B and 100 to 500 ns per "
          + "node here. The target is a ratio, so a workload whose generated gradient is itself slow "
          + "(see the first two targets) shrinks it; closing those gaps widens this one.",
      "forward", "Forward mode costs n times the primal's operations, one `Gradient` object with an "
          + "n-long array per operation; at small n that is cheap. Closing the generated code's own "
          + "overheads (first two targets) widens the ratio.",
      "alloc", "A warmed-up straight-line companion allocates nothing: anything above 0 here is "
          + "either JMH's own bookkeeping in a short run, or the first calls growing the gradient "
          + "buffers the thread's `Tape` lends; compare the raw table's error column and rerun in full mode.",
      "tapenade", "Why: on GMM at d = 32 the generated gradient still tapes, per point and component, the "
          + "previous values of its scratch vector `qCentred` (1.4 MB per call, down from 32 MB; `centred` is "
          + "now filled again by the reverse sweep rather than taped; see *GMM* under "
          + "[ADBench's Gaussian mixture and LSTM](#adbenchs-gaussian-mixture-and-lstm-and-heat-conduction)), "
          + "and runs the whole forward sweep before the reverse, where the hand-written adjoint, which tapes "
          + "nothing and finishes each point's adjoint at once, stays below Tapenade's figure. What would "
          + "close it: a point's reverse right after its forward, so that `qCentred` need not be taped.",
      "javac", """
          Why: the companion is large, about {linesPerMethod} lines per annotated method (see the table in [The processor's own cost](#the-processors-own-cost)): the contract's entry points (gradient, `Gradient`, pullback, tangent, Hessian-vector product, Hessian, twin), each with Javadoc, `f_valueAndTangent`, through which forward mode runs a call, and `f_directional` with its pullback, through which second derivatives run, the largest of them. Each program is written once: the two sweeps in the pullback, which the gradient entry runs with seed 1; the tangent program in `f_valueAndTangent`, which `f_tangent`, `f_directional` and callers' forward modes run (it was written three times); the loops of `f_hvp` and `f_hessian` in the runtime (`SecondDerivatives`); and a tangent times a partial that may not be finite is one call, `Tangents.times`, whose reverse sweep has no branch (it was two nested `?:`, which the reverse sweep turned into four branches). Together these took the 200-method file's companion from 70,214 lines to 53,700. In a JFR profile of a warm compiler, about two fifths of the time is javac compiling the companion (attribution, parsing, code generation), two fifths the processor translating the methods and building the companion (the reverse sweeps most), a fifth JavaPoet writing it. In a fresh `javac` process much of the processor's share is loading and warming up its own and JavaPoet's classes: the warm compiler's figure is far lower.

          What would close it: the directional pullback, the second derivatives' reverse sweep, is now about two fifths of the companion; the contract asks every companion for `f_hvp` and `f_hessian`, and a caller in a later compilation needs its callees' directional pullbacks, so it cannot be left out per method. An option to leave second derivatives out of a whole build (for one that never calls them) would be the next large step, and a change to the contract. The rest is the processor's own speed: fewer passes over each method and fewer classes to load.""");

  /** What differentiating the data costs, read off the two forms of the generated code. */
  static final String NO_DERIVATIVE = """
      Where the time goes without the mark. *Logistic regression*: the gradient grows from 11 to 12,011 slots, all zeroed first. The loop is differentiated in place either way; without the mark each sample's reverse also stores one adjoint per feature value, a second multiply-add and store in the inner loop (`grad[1 + w.length + (i * features + j)] += _d_z * w[j]`, next to the weight's), and one per label; and since the loss is a mean, the reverse sweep then scales all 12,011 slots by `1 / samples` instead of 11. *MLP*: 1,509 slots instead of 1,029, and per sample the inputs' adjoints, a multiply-add per weight of the first layer (640, as many as the first layer's weight gradient itself), and the targets'. With the mark, none of this is generated: no adjoint, no store and no tape entry for a value that depends on the data alone, in the generated code as in the hand-written.""";

  static final String LOOPS = """
      The tape, loop by loop. *Rosenbrock*, *logistic regression*: nothing; their loops are sums, differentiated in place, each iteration's reverse right after its forward. *MLP*: also in place, sample by sample (its activations `h` and `o` are scratch arrays that each sample fills before reading them); the tape holds only the softmax's running `max`, 4 pushes per sample, popped within the sample, so its depth is 32 B whatever the batch. *Pendulum*: 24 B per step, `omega` and `theta` before each update and the step's `sin(theta)` (recorded rather than computed again in the reverse): a nonlinear recurrence cannot be run backwards without its trajectory, and the hand-written adjoint stores the same 24 B per step (angle, velocity and sine). The generated gradient allocates nothing per call beyond the method's own local arrays and one adjoint array per local array (the MLP: `h` and `o` as in the primal, 585 B, plus `_d_h` and `_d_o`, 584 B); on calls lasting milliseconds, the few hundred bytes that `-prof gc` shows are JMH's own, spread over few calls. Time grows linearly with the trip count (the ×10 columns).""";

  /** The objectives measured against hand-written adjoints: where the time goes. */
  static final String OBJECTIVES = """
      Where the generated gradient's time goes, read off `AdBenchGrad` (in `benchmarks/target/generated-sources/annotations`):

      - *GMM*: per point and component, the forward sweep pushes the previous values of the scratch vector `qCentred` where it is refilled (d: the previous component's, which its reverse reads), `mainTerms[c]` and the start of the running index `below`; per point, `max` (k) and `sumExp`. The other scratch vector, `centred`, is filled with `x[p d + j] - means[c d + j]`, cheap arithmetic on parameters and loop counters, so the reverse sweep fills it again just before the reverse of the triangular product, which reads it, and its refill records nothing. The d (d - 1) / 2 updates of `qCentred`'s lower-triangular product push nothing: the refill before them overwrites every element (the restore analysis knows a loop that fills a local array whole), and their reverse code reads no `qCentred`; each `below++` is undone by `below - 1` rather than recorded. At d = 32 that is about 1.4 KB per point, 1.4 MB per call (the tape column; 2.7 MB while `centred` was recorded, 32 MB before the two changes before that). What remains: `qCentred`, a product with the triangular matrix, would cost d (d + 1) / 2 multiply-adds per component to compute again, so it is recorded; each `exp(mainTerms[c] - max)` is recorded and read back; the hand-written adjoint finishes each point's adjoint before reading the next point and keeps the 2 k d scratch values of the current point only, where the generated gradient runs the whole forward sweep first.
      - *LSTM*: a recurrence, so both gradients keep the trajectory. The generated forward sweep pushes, per unit, layer and time step, the old values of the four gate locals (`forget`, `inGate`, `outGate`, `change`: the previous unit's gates, popped where that unit's reverse reads them), of `state`'s two elements, and the values the derivative rules read that cost a function to compute again (`1 + exp(-z)` of each sigmoid, `tanh` of the new cell), and per step `layerInput` and `prediction`: more entries than the hand-written adjoint's 8 doubles per unit, layer and step, and each a push and a pop with their checks rather than a store and a load. Its reverse sweep recomputes no transcendental function (the offsets `weight`, `bias`, `hidden`, `cell` are recomputed from `layer`, as cheap arithmetic). The hand-written adjoint also uses `s (1 - s)` for a sigmoid's derivative where the generated code divides.
      - *Heat conduction*: a recurrence; per step the generated forward sweep pushes each cell's old conductivity and `exp(beta T)`, and each inner cell's old temperature (the hand-written adjoint records temperatures and `exp(beta T)`, 2 n doubles per step); the reverse sweep reads the `exp` back rather than computing it again. What remains: the stencil's adjoint read-modify-writes `_d_temperature[i]`, `_d_temperature[i + 1]`, `_d_conductivity[i]` and `[i + 1]` per inner cell and carries `_d_fluxLeft` through a local, where the hand-written adjoint writes each cell's adjoint once per step (the stencil case of issue #17: done for loops differentiated in place, such as Rosenbrock's, not for this one, whose reverse runs later, counting down, over the adjoint arrays of local arrays that other loops add into).""";
}
