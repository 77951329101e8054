package io.javagrad.benchmarks.report;

import java.util.Map;

/**
 * What RESULTS.md says about a missed target: why, and what would close it. The causes are read off
 * the generated code ({@code benchmarks/target/generated-sources/annotations/io/javagrad/benchmarks/WorkloadsGrad.java});
 * the effect sizes were measured with hand-edited copies of that code, each changing one thing
 * (JMH, 1 fork, 5 x 1 s, on the machine of the first RESULTS.md, 2026-11-23). They describe the
 * processor as it was then: when it changes, look again and update this text.
 */
final class Explanations {
  private Explanations() {}

  /** Why the generated code is slower than the hand-written: shared by the first two targets. */
  static final String CAUSES = """
      Why, workload by workload (from the generated code; the percentages are measured with hand-edited copies of it, each changing one thing):

      - *Rosenbrock over `double[]`* (n = 10 to 10^6): the generated code records nothing (it recomputes `a` and `b` from `x` in the reverse sweep), but it still runs two loops, a forward one that counts its trips (its condition `i + 1 < x.length` is not recognised as a bound) and a reverse one, and it read-modify-writes `grad` with terms it does not combine (`-(_d_a * x[i]) - _d_a * x[i]` for `-2 x[i] _d_a`) after zeroing it. The hand-written code finishes each term's adjoint in the same iteration. In an earlier measurement with hand-edited generated code, fusing the reverse into the forward loop took n = 10 from 62 ns to 25 ns (hand-written 20 ns).
      - *Rosenbrock 2-D* (about a nanosecond apart): the reverse sweep spends 16 floating-point operations where the hand-written code spends 12, because like terms are not combined: `a * 100.0 + _t0` for `200 a`, `-(_d_a * x) - _d_a * x` for `-2 x _d_a`, and a separate negation; and it checks the buffer's length. The same uncombined terms make the n-dimensional version read-modify-write `grad[i]` twice for one term.
      - *Black–Scholes*: each `normalCdf` call is evaluated twice, for its value in the forward sweep (`Workloads.normalCdf(d1)`) and again inside `normalCdf_pullback` in the reverse sweep, which also costs a `ThreadLocal` lookup (`PullbackBuffer`) per call site; and the reverse sweep divides 9 times where the hand-written code divides 5 times (`(1.0 / x) * y` next to `y / x`, and `t / (1 + c z)` computed again by division where `t * t` is known). Calling the pullback once, in the forward sweep, with seed 1, and keeping the callee's derivative in a local: -25% (109 ns -> 81 ns; hand-written 61 ns).
      - *Logistic regression*: the tape holds one value per sample (`z`, 8 B), from which the reverse sweep computes `exp(-|z|)` a second time, and the inner feature loop records nothing. What remains is the second pass over the data: the hand-written adjoint folds the gradient into the forward loop, sample by sample, and never stores or reloads the per-sample values.
      - *MLP*: 75 pushes per sample (600 B): the 64 hidden activations `h[j]` and the 5 outputs `o[k]`, each overwritten by the next sample, and `max` and `sum` of the softmax. `tanh`'s derivative is read from `h[j]` before it is restored. The hand-written code backpropagates sample by sample and stores nothing; the generated code instead runs the whole batch forward, then backward.
      - *Pendulum*: the tape (16 B per step) is needed here, but the reverse recomputes `sin(theta)` twice and `cos(theta)` once per step, where the hand-written code keeps `sin` from the forward and computes one `cos`. C2 does not merge repeated `Math` calls (in the logistic experiment, computing `exp(-|z|)` once instead of twice saved 35%).

      What would close it: (1) for a loop whose only carried active dependency is a `+=` reduction (Rosenbrock, the losses' loops over samples), differentiate each iteration in place, forward then reverse, with no tape and one pass; (2) take a callee's value from its pullback, called once in the forward sweep; (3) combine like terms (`x * c + x * c`, two `+=` into one element) and reuse reciprocals; (4) compute each repeated partial (`sin`, `exp`) once per statement where it appears twice; (5) recognise `i + 1 < n` as a counting loop's bound; (6) for counting loops, reserve the tape once at loop entry and write through a local array.""";

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
          + "either JMH's own bookkeeping in a short run, or the first calls growing the per-thread "
          + "`PullbackBuffer` arrays; compare the raw table's error column and rerun in full mode.",
      "javac", """
          Why: the companion is large, about {linesPerMethod} lines per annotated method (see the table in [The processor's own cost](#the-processors-own-cost)): four entry points, of which the buffer entry point and the pullback each carry a full copy of the forward and the reverse sweep, plus Javadoc and a comment per statement. Compiling it is a large part of the added time (the table splits it), and JavaPoet's emission of it is the largest single part of the processor's own run (about 40% of the processor's samples in a JFR profile of a warm compiler; translation about 30%). `Trees.getPath(method)`, called once per method, walks the compilation unit from its root each time, quadratic in the file's size (about 5% here).

          What would close it: emit the buffer entry point as a call to the pullback with seed 1 and offset 0 (the JIT folds the seed when it inlines), which removes one of the two copies of every sweep; drop the per-statement comments unless asked for (an option); find each method's tree with one scan of the compilation unit instead of one `getPath` per method.""");

  /** What differentiating the data costs, read off the two forms of the generated code. */
  static final String NO_DERIVATIVE = """
      Where the time goes without the mark. *Logistic regression*: the gradient grows from 11 to 12,011 slots; the forward sweep is the same, and the reverse sweep adds, for every feature value, a second multiply-add and store in the inner loop (`grad[1 + w.length + (i * features + j)] += _d_z * w[j]`, next to the weight's), and one store per label; the tape is the same (8 B per sample). *MLP*: 1,509 slots instead of 1,029; the reverse sweep adds the inputs' adjoints, a multiply-add per weight of the first layer (640 per sample, as many as the first layer's weight gradient itself), and the targets', which keep `logSumExp` on the tape (76 pushes per sample instead of 75). In both, the data's slots are zeroed first. With the mark, none of this is generated: no adjoint, no store and no tape entry for a value that depends on the data alone, in the generated code as in the hand-written.""";

  static final String LOOPS = """
      The tape, loop by loop. *Rosenbrock*: nothing (`a` and `b` are recomputed from `x`, which the method never writes). *Pendulum*: 16 B per step, `omega` and `theta` before each update: a nonlinear recurrence cannot be run backwards without its trajectory, and the hand-written adjoint stores 24 B per step (angle, velocity and sine). *Logistic regression*: 8 B per sample, `z` before the next sample overwrites it. *MLP*: 600 B per sample, 75 pushes: `h[j]` (64), `o[k]` (5), `max` (5), `sum` (1). The generated gradient allocates nothing per call beyond the method's own local arrays and one adjoint array per local array (the MLP: `h` and `o` as in the primal, 585 B, plus `_d_h` and `_d_o`, 584 B); on calls lasting milliseconds, the few hundred bytes that `-prof gc` shows are JMH's own, spread over few calls. Time grows linearly with the trip count (the ×10 columns).""";
}
