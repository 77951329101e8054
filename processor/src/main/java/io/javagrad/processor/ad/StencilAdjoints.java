package io.javagrad.processor.ad;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locals that hold the stencil windows ({@link StencilWindow}) of one loop differentiated in
 * place, and the code that moves them: declared before the loop, rotated at the end of each
 * iteration, where the element leaving the window goes into its slot, and flushed after the loop.
 * A break or continue is lowered to flags that guard the rest of the iteration, so every iteration
 * that starts reaches the rotation.
 *
 * <p>A slot is stored, not added to: the entry's {@code Arrays.fill} zeroed it, and nothing else
 * writes the array's slots until the reverse sweep scales them by the sum's seed ({@link
 * InPlaceLoop}: the array is read nowhere after the loop, and the reverse of what precedes the
 * loop runs after the scaling). Each slot leaves the window once, since the counter only grows.
 * Where no read is known to have reached a slot, its index may be out of the array's range (a
 * loop that ran no iteration, an element read under a condition), and a local that no
 * contribution reached is 0: there the store waits for a value that is not 0.
 */
final class StencilAdjoints {
  private final Map<Variable, StencilWindow> windows;
  /** By array, the locals of its window, that of {@code x[i + low]} first. */
  private final Map<Variable, List<Slot>> locals = new LinkedHashMap<>();
  private final Set<Variable> reached = new HashSet<>();
  /** The variables that control flow inside an iteration touches: an iteration may miss the window of one of them. */
  private final Set<Variable> underControl;
  /** The arrays whose newest local the iteration's reverse has given its first contribution. */
  private final Set<Variable> newestGiven = new HashSet<>();
  private final String counter;
  /** The counter's value after the last iteration that ended, which the flush needs. */
  private final String next;
  private final CodeBlock gradient;
  private final CodeBlock base;
  private final GradientLayout layout;

  /**
   * @param gradient the array that receives the gradient
   * @param base the first slot of the gradient in it, or null for 0
   */
  StencilAdjoints(InPlaceLoop loop, NameAllocator names, CodeBlock gradient, CodeBlock base, GradientLayout layout) {
    this.windows = loop.windows();
    this.underControl = loop.underControl();
    this.counter = loop.counter().name();
    this.gradient = gradient;
    this.base = base;
    this.layout = layout;
    windows.forEach((array, window) -> {
      List<Slot> slots = new ArrayList<>();
      for (int c = window.low(); c <= window.high(); c++) {
        slots.add(new Slot(names.newName("_d_" + array.name() + "_" + indexName(c))));
      }
      locals.put(array, slots);
    });
    this.next = names.newName("_next");
  }

  /** The local that holds the adjoint of {@code array[i + offset]}, in this iteration. */
  Slot local(Variable array, int offset) {
    reached.add(array);
    return locals.get(array).get(offset - windows.get(array).low());
  }

  /**
   * Whether a contribution to {@code array[i + offset]} is the iteration's first into a local that
   * is 0 where each iteration starts, so that it may be stored rather than added to 0 (which the
   * JIT cannot fold, since 0.0 + v is not v for v = -0.0): the window's newest local, where every
   * iteration's reverse reaches the window's locals.
   */
  boolean givesNewest(Variable array, int offset) {
    return offset == windows.get(array).high() && !underControl.contains(array) && newestGiven.add(array);
  }

  /** The locals, zero, before the loop. */
  CodeBlock declarations() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable array : reachedWindows()) {
      StencilWindow window = windows.get(array);
      CodeBlock elements = window.low() == window.high() ? CodeBlock.of("the adjoint of $L[$L]", array.name(), index(counter, window.low()))
          : CodeBlock.of("the adjoints of $L[$L] to $L[$L]", array.name(), index(counter, window.low()), array.name(),
              index(counter, window.high()));
      code.add("// $L, held until no later iteration reads the element\n", elements);
      locals.get(array).forEach(local -> code.addStatement("double $L = 0.0", local.name()));
    }
    if (flushes()) {
      code.addStatement("int $L = 0", next);
    }
    return code.build();
  }

  /** At the end of an iteration: the element no later iteration reads goes into its slot, and the rest move down. */
  CodeBlock rotation() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable array : reachedWindows()) {
      StencilWindow window = windows.get(array);
      List<Slot> slots = locals.get(array);
      store(code, array, index(counter, window.low()), slots.get(0), !window.lowReadEachIteration());
      for (int k = 1; k < slots.size(); k++) {
        code.addStatement("$L = $L", slots.get(k - 1).name(), slots.get(k).name());
      }
      // An iteration that gives the newest local a value first thing leaves it nothing to clear.
      if (!newestGiven.contains(array)) {
        code.addStatement("$L = 0.0", slots.get(slots.size() - 1).name());
      }
    }
    if (flushes()) {
      code.addStatement("$L = $L + 1", next, counter);
    }
    return code.build();
  }

  /** After the loop: the elements still in the windows go into their slots. */
  CodeBlock flush() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable array : reachedWindows()) {
      StencilWindow window = windows.get(array);
      List<Slot> slots = locals.get(array);
      // The last local is 0 after the rotation, or was moved down by it.
      for (int k = 0; k < slots.size() - 1; k++) {
        store(code, array, index(next, window.low() + k), slots.get(k), true);
      }
    }
    return code.build();
  }

  /** Whether some window holds more than one element, so that elements outlive the last iteration. */
  private boolean flushes() {
    return reachedWindows().stream().anyMatch(array -> locals.get(array).size() > 1);
  }

  private List<Variable> reachedWindows() {
    return locals.keySet().stream().filter(reached::contains).toList();
  }

  private void store(CodeBlock.Builder code, Variable array, CodeBlock index, Slot local, boolean guarded) {
    CodeBlock slot = CodeBlock.of("$L[$L]", gradient, layout.slot(base, array, index));
    if (guarded) {
      code.beginControlFlow("if ($L != 0.0)", local.name()).addStatement("$L = $L", slot, local.name()).endControlFlow();
    } else {
      code.addStatement("$L = $L", slot, local.name());
    }
  }

  /** {@code i}, {@code i + c} or {@code i - c}. */
  private static CodeBlock index(String counter, int offset) {
    return offset == 0 ? CodeBlock.of("$L", counter)
        : CodeBlock.of("$L $L $L", counter, offset > 0 ? "+" : "-", Math.abs(offset));
  }

  /** A name's part for offset {@code c}: {@code i}, {@code ip1}, {@code im1}. */
  private String indexName(int c) {
    return c == 0 ? counter : counter + (c > 0 ? "p" : "m") + Math.abs(c);
  }
}
